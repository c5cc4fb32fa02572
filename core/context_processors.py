from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def platform(request: HttpRequest) -> dict[str, object]:
    """The configurable identity and the language toggle shown on every page."""
    french = (get_language() or "en").startswith("fr")
    other = "en" if french else "fr"
    return {
        "platform_name": settings.PLATFORM_NAME_FR if french else settings.PLATFORM_NAME_EN,
        "platform_gc_signature": settings.PLATFORM_GC_SIGNATURE,
        "other_language_code": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
