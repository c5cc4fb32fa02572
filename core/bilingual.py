"""The two official languages are stored side by side (``name_en``, ``name_fr``).

``localized`` returns the active language's text. When that translation is
missing it falls back to the other language and says so, so that a reader
never sees an empty cell and an editor can see what is left to translate.
"""

import html
from dataclasses import dataclass

from django.db.models import CharField, F, Func
from django.db.models.functions import Coalesce
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def active_language() -> str:
    return "fr" if (get_language() or "en").startswith("fr") else "en"


@dataclass(frozen=True)
class LocalizedText:
    text: str
    language: str
    is_fallback: bool

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text.strip())

    def __html__(self) -> str:
        if not self.is_fallback:
            return html.escape(self.text)
        note = _("English only") if self.language == "en" else _("French only")
        return str(
            format_html(
                '<span lang="{}">{}</span> <span class="translation-missing">({})</span>',
                self.language,
                self.text,
                note,
            )
        )


def localized(obj: object, field: str, language: str | None = None) -> LocalizedText:
    return localized_pair(
        getattr(obj, f"{field}_en", "") or "", getattr(obj, f"{field}_fr", "") or "", language
    )


def localized_pair(english: str, french: str, language: str | None = None) -> LocalizedText:
    """The text in the reader's language from its two versions (as ``localized`` does for an
    object's ``<field>_en`` and ``<field>_fr``), for rows read as values."""
    language = language or active_language()
    text, fallback = (english, french) if language == "en" else (french, english)
    if text.strip():
        return LocalizedText(text, language, False)
    other = "fr" if language == "en" else "en"
    return LocalizedText(fallback, other, bool(fallback.strip()))


class NullIfEmpty(Func):
    """NULL where the text is empty. The empty string is written into the SQL rather than
    passed as a parameter, so the expression reads the same wherever it appears: in an index,
    and in both the SELECT list and the ORDER BY of a DISTINCT query (with parameters bound by
    the server, two parameters are two different expressions to PostgreSQL)."""

    function = "NULLIF"
    template = "%(function)s(%(expressions)s, '')"
    arity = 1
    output_field = CharField()


def localized_order(field: str, language: str | None = None) -> Coalesce:
    """An expression to order by ``field`` in the reader's language (``name`` orders by
    ``name_fr`` under French), falling back to the other language where it is empty."""
    language = language or active_language()
    other = "fr" if language == "en" else "en"
    return Coalesce(NullIfEmpty(F(f"{field}_{language}")), F(f"{field}_{other}"))
