"""Reads for the catalogue."""

from typing import TypedDict

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from .models import Attribute, CatalogueVersion, LevelDescriptor, MaturityLevel


def latest_published() -> CatalogueVersion | None:
    """The version new assessments pin: the most recently published one."""
    return (
        CatalogueVersion.objects.filter(status=CatalogueVersion.Status.PUBLISHED)
        .order_by("-published_at", "-pk")
        .first()
    )


def versions_for_list() -> QuerySet[CatalogueVersion]:
    return CatalogueVersion.objects.annotate(
        attribute_count=Count("attributes", distinct=True),
        level_count=Count("levels", distinct=True),
    ).order_by("-created_at")


def version_with_content(
    version: CatalogueVersion,
) -> tuple[list[MaturityLevel], list[Attribute]]:
    """Levels, and attributes with their descriptors in level order (three queries)."""
    levels = list(version.levels.order_by("number"))
    attributes = list(
        version.attributes.order_by("order", "key").prefetch_related(
            Prefetch(
                "descriptors",
                queryset=LevelDescriptor.objects.select_related("level").order_by("level__number"),
            )
        )
    )
    return levels, attributes


def _language_names() -> dict[str, str]:
    return {"en": _("English"), "fr": _("French")}


def _missing_in_level(level: MaturityLevel) -> list[str]:
    names = _language_names()
    return [
        _("Level %(number)s: no %(language)s %(field)s.")
        % {"number": level.number, "language": names[lang], "field": label}
        for field, label in (("name", _("name")), ("description", _("description")))
        for lang in ("en", "fr")
        if not getattr(level, f"{field}_{lang}").strip()
    ]


def _missing_in_attribute(attribute: Attribute, levels: list[MaturityLevel]) -> list[str]:
    names = _language_names()
    title = attribute.name_en or attribute.key
    missing = [
        _("Attribute “%(attribute)s”: no %(language)s %(field)s.")
        % {"attribute": title, "language": names[lang], "field": label}
        for field, label in (
            ("name", _("name")),
            ("definition", _("definition")),
            ("questions", _("guiding questions")),
        )
        for lang in ("en", "fr")
        if not getattr(attribute, f"{field}_{lang}").strip()
    ]
    # The question for the public is optional, but never asked in one language only.
    asked = [attribute.public_question_en.strip(), attribute.public_question_fr.strip()]
    if any(asked) and not all(asked):
        lang = "fr" if asked[0] else "en"
        missing.append(
            _("Attribute “%(attribute)s”: no %(language)s question for the public.")
            % {"attribute": title, "language": names[lang]}
        )
    by_level = {d.level_id: d for d in attribute.descriptors.all()}
    for level in levels:
        descriptor = by_level.get(level.pk)
        missing += [
            _("Attribute “%(attribute)s”: no %(language)s descriptor for level %(number)s.")
            % {"attribute": title, "language": names[lang], "number": level.number}
            for lang in ("en", "fr")
            if descriptor is None or not getattr(descriptor, f"text_{lang}").strip()
        ]
    return missing


def missing_items(version: CatalogueVersion) -> list[str]:
    """Every piece that stops the version from being published, in words staff can act on."""
    levels, attributes = version_with_content(version)
    missing: list[str] = []
    if len(levels) < 2:
        missing.append(_("The catalogue needs at least two maturity levels."))
    if not attributes:
        missing.append(_("The catalogue has no attributes."))
    for level in levels:
        missing += _missing_in_level(level)
    for attribute in attributes:
        missing += _missing_in_attribute(attribute, levels)
    return missing


class Renamed(TypedDict):
    key: str
    old: Attribute
    new: Attribute


class Difference(TypedDict):
    """One text that differs: an attribute's definition or questions (level None), or its
    descriptor at a level, in one language."""

    what: str  # "definition", "questions", "public_question" or "descriptor"
    language: str
    level: int | None
    old: str
    new: str


class Changed(TypedDict):
    key: str
    attribute: Attribute  # as it is in the later version
    differences: list[Difference]


class LevelChange(TypedDict):
    number: int
    old: MaturityLevel | None  # None: the level was added
    new: MaturityLevel | None  # None: the level was removed


class Comparison(TypedDict):
    added: list[Attribute]
    removed: list[Attribute]
    renamed: list[Renamed]
    changed: list[Changed]
    levels_changed: list[LevelChange]


def compare(a: CatalogueVersion, b: CatalogueVersion) -> Comparison:
    """What changed from version a to version b, matching attributes by key."""
    _, attrs_a = version_with_content(a)
    _, attrs_b = version_with_content(b)
    by_key_a = {x.key: x for x in attrs_a}
    by_key_b = {x.key: x for x in attrs_b}
    added = [by_key_b[k] for k in by_key_b if k not in by_key_a]
    removed = [by_key_a[k] for k in by_key_a if k not in by_key_b]
    renamed: list[Renamed] = []
    changed: list[Changed] = []
    for key in (k for k in by_key_b if k in by_key_a):
        old, new = by_key_a[key], by_key_b[key]
        if (old.name_en, old.name_fr) != (new.name_en, new.name_fr):
            renamed.append(Renamed(key=key, old=old, new=new))
        differences: list[Difference] = []
        for field in ("definition", "questions", "public_question"):
            for lang in ("en", "fr"):
                if getattr(old, f"{field}_{lang}") != getattr(new, f"{field}_{lang}"):
                    differences.append(
                        Difference(
                            what=field,
                            language=lang,
                            level=None,
                            old=getattr(old, f"{field}_{lang}"),
                            new=getattr(new, f"{field}_{lang}"),
                        )
                    )
        old_d = {d.level.number: d for d in old.descriptors.all()}
        new_d = {d.level.number: d for d in new.descriptors.all()}
        for number in sorted(set(old_d) | set(new_d)):
            for lang in ("en", "fr"):
                before = getattr(old_d.get(number), f"text_{lang}", "")
                after = getattr(new_d.get(number), f"text_{lang}", "")
                if before != after:
                    differences.append(
                        Difference(
                            what="descriptor", language=lang, level=number, old=before, new=after
                        )
                    )
        if differences:
            changed.append(Changed(key=key, attribute=new, differences=differences))
    levels_a = {lv.number: lv for lv in a.levels.all()}
    levels_b = {lv.number: lv for lv in b.levels.all()}
    levels_changed = [
        LevelChange(number=n, old=levels_a.get(n), new=levels_b.get(n))
        for n in sorted(set(levels_a) | set(levels_b))
        if n not in levels_a
        or n not in levels_b
        or any(
            getattr(levels_a[n], f) != getattr(levels_b[n], f)
            for f in ("name_en", "name_fr", "description_en", "description_fr")
        )
    ]
    return Comparison(
        added=added,
        removed=removed,
        renamed=renamed,
        changed=changed,
        levels_changed=levels_changed,
    )
