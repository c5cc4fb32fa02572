"""The default catalogue shipped with the platform, published as version 1.

The data migration loads it with the historical models; tests that flush
the database (browser tests) load it again through the same function.
"""

from pathlib import Path

from django.utils import timezone

SOURCE = Path(__file__).resolve().parent / "default_catalogue.yaml"


def _public_questions(Attribute, data: dict) -> dict:  # noqa: N803
    """The questions for the public, where the model has them: the migration that loads the
    catalogue runs before the one that added them, which fills them in afterwards."""
    names = {field.name for field in Attribute._meta.get_fields()}
    return {
        name: data[name] for name in ("public_question_en", "public_question_fr") if name in names
    }


def fill_public_questions(*, CatalogueVersion, Attribute) -> int:  # noqa: N803
    """Give the shipped version's attributes their questions for the public, where they have
    none: for a platform that loaded the default catalogue before they existed. Returns how
    many attributes were given one."""
    from .serialization import parse

    parsed = parse(SOURCE.read_text(encoding="utf-8"))
    shipped = CatalogueVersion.objects.filter(label=parsed.label, created_by__isnull=True).first()
    if shipped is None:
        return 0
    filled = 0
    for data in parsed.attributes:
        filled += Attribute.objects.filter(
            version=shipped, key=data["key"], public_question_en="", public_question_fr=""
        ).update(
            public_question_en=data["public_question_en"],
            public_question_fr=data["public_question_fr"],
        )
    return filled


def load_default_catalogue(*, CatalogueVersion, MaturityLevel, Attribute, LevelDescriptor):  # noqa: N803
    """Create and publish the default catalogue unless a catalogue already exists."""
    from .serialization import parse

    if CatalogueVersion.objects.exists():
        return None
    parsed = parse(SOURCE.read_text(encoding="utf-8"))
    version = CatalogueVersion.objects.create(
        label=parsed.label,
        status="published",
        change_notes_en=parsed.change_notes_en,
        change_notes_fr=parsed.change_notes_fr,
        published_at=timezone.now(),
    )
    levels = {
        data["number"]: MaturityLevel.objects.create(version=version, **data)
        for data in parsed.levels
    }
    for order, data in enumerate(parsed.attributes, start=1):
        attribute = Attribute.objects.create(
            version=version,
            key=data["key"],
            order=order,
            name_en=data["name_en"],
            name_fr=data["name_fr"],
            definition_en=data["definition_en"],
            definition_fr=data["definition_fr"],
            questions_en="\n".join(data["questions_en"]),
            questions_fr="\n".join(data["questions_fr"]),
            **_public_questions(Attribute, data),
        )
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(
                attribute=attribute, level=levels[number], text_en=texts["en"], text_fr=texts["fr"]
            )
            for number, texts in data["descriptors"].items()
        )
    return version
