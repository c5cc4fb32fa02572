from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def _other_language_url(path: str, current: str, other: str) -> str:
    """The same page in the other language. Paths are the same in both languages, only the
    language prefix differs, so it is swapped; anything else goes through translate_url."""
    prefix = f"/{current}/"
    if path.startswith(prefix):
        return f"/{other}/{path[len(prefix) :]}"
    return translate_url(path, other)


def platform(request: HttpRequest) -> dict[str, object]:
    """The configurable identity and the language toggle shown on every page."""
    french = (get_language() or "en").startswith("fr")
    current, other = ("fr", "en") if french else ("en", "fr")
    return {
        "platform_name": settings.PLATFORM_NAME_FR if french else settings.PLATFORM_NAME_EN,
        "platform_gc_signature": settings.PLATFORM_GC_SIGNATURE,
        "other_language_code": other,
        "other_language_url": _other_language_url(request.get_full_path(), current, other),
    }
