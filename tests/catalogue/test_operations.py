import pytest
from django.core.exceptions import ValidationError

from catalogue import operations, queries
from catalogue.models import Attribute, CatalogueVersion, LevelDescriptor
from catalogue.operations import CatalogueLocked

EXPECTED_KEYS = [
    "accessibility", "efficiency", "responsiveness", "findability", "clarity", "timeliness",
    "seamlessness", "staff", "fairness", "outcome", "trust", "feedback",
]  # fmt: skip


def test_default_catalogue_is_published_complete_in_both_languages(published):
    assert published.label == "1"
    assert published.status == CatalogueVersion.Status.PUBLISHED
    assert [lv.name_en for lv in published.levels.order_by("number")] == [
        "Ad hoc", "Emerging", "Defined", "Integrated", "Citizen-centred",
    ]  # fmt: skip
    assert list(published.attributes.values_list("key", flat=True)) == EXPECTED_KEYS
    assert LevelDescriptor.objects.filter(attribute__version=published).count() == 12 * 5
    assert queries.missing_items(published) == []
    for attribute in published.attributes.all():
        assert 2 <= len(attribute.question_list("en")) == len(attribute.question_list("fr")) <= 3


def test_a_draft_starts_as_a_copy_of_the_latest_published_version(draft, published):
    assert draft.status == CatalogueVersion.Status.DRAFT
    assert draft.label == "2"
    assert draft.based_on == published
    assert list(draft.attributes.values_list("key", flat=True)) == EXPECTED_KEYS
    assert LevelDescriptor.objects.filter(attribute__version=draft).count() == 60
    assert queries.missing_items(draft) == []


def test_only_one_draft_at_a_time(draft, staff):
    with pytest.raises(ValidationError, match="already open"):
        operations.catalogue_draft_create(user=staff)


def test_publish_is_refused_with_every_missing_item(draft, staff):
    accessibility = draft.attributes.get(key="accessibility")
    operations.attribute_update(
        attribute=accessibility,
        user=staff,
        name_fr="",
        descriptors={3: {"en": "Level three text", "fr": ""}},
    )
    level = draft.levels.get(number=2)
    operations.level_update(level=level, user=staff, description_en="")
    operations.attribute_create(version=draft, user=staff, key="new-thing", name_en="New thing")

    with pytest.raises(ValidationError) as caught:
        operations.catalogue_publish(version=draft, user=staff)
    missing = caught.value.messages
    assert "Level 2: no English description." in missing
    assert "Attribute “Accessibility”: no French name." in missing
    assert "Attribute “Accessibility”: no French descriptor for level 3." in missing
    assert "Attribute “New thing”: no French name." in missing
    assert "Attribute “New thing”: no English definition." in missing
    assert "Attribute “New thing”: no French guiding questions." in missing
    for number in range(1, 6):
        assert f"Attribute “New thing”: no English descriptor for level {number}." in missing
    # Exactly these: 1 level text, 2 for accessibility, the new attribute's 5 empty texts
    # (it has an English name) and its 10 descriptors.
    assert len(missing) == 1 + 2 + 5 + 10
    draft.refresh_from_db()
    assert draft.status == CatalogueVersion.Status.DRAFT


def test_a_complete_draft_publishes_and_becomes_the_latest(draft, staff):
    operations.catalogue_publish(version=draft, user=staff)
    draft.refresh_from_db()
    assert draft.status == CatalogueVersion.Status.PUBLISHED
    assert draft.published_by == staff
    assert queries.latest_published() == draft


def test_published_version_refuses_every_change(published, staff):
    attribute = published.attributes.get(key="efficiency")
    level = published.levels.get(number=1)
    attempts = [
        lambda: operations.catalogue_update(version=published, user=staff, change_notes_en="x"),
        lambda: operations.level_update(level=level, user=staff, name_en="x"),
        lambda: operations.level_create(version=published, user=staff),
        lambda: operations.level_delete(level=published.levels.get(number=5), user=staff),
        lambda: operations.attribute_create(
            version=published, user=staff, key="extra", name_en="Extra"
        ),
        lambda: operations.attribute_update(attribute=attribute, user=staff, name_en="Changed"),
        lambda: operations.attribute_delete(attribute=attribute, user=staff),
        lambda: operations.attribute_move(attribute=attribute, direction="up", user=staff),
        lambda: operations.catalogue_publish(version=published, user=staff),
        lambda: operations.catalogue_draft_delete(version=published, user=staff),
    ]
    for attempt in attempts:
        with pytest.raises(CatalogueLocked, match="Start a new draft"):
            attempt()
    attribute.refresh_from_db()
    assert attribute.name_en == "Efficiency"
    assert attribute.order == 2
    assert published.attributes.count() == 12


def test_a_stale_draft_object_cannot_edit_after_publishing(draft, staff):
    stale = CatalogueVersion.objects.get(pk=draft.pk)
    operations.catalogue_publish(version=draft, user=staff)
    with pytest.raises(CatalogueLocked):
        operations.catalogue_update(version=stale, user=staff, change_notes_en="sneaky")


def test_reordering_attributes(draft, staff):
    trust = draft.attributes.get(key="trust")
    operations.attribute_move(attribute=trust, direction="up", user=staff)
    keys = list(draft.attributes.order_by("order").values_list("key", flat=True))
    assert keys[9:12] == ["trust", "outcome", "feedback"]
    first = draft.attributes.get(key="accessibility")
    operations.attribute_move(attribute=first, direction="up", user=staff)  # already first
    assert draft.attributes.order_by("order").first().key == "accessibility"


def test_retire_only_a_published_version(published, draft, staff):
    with pytest.raises(ValidationError):
        operations.catalogue_retire(version=draft, user=staff)
    operations.catalogue_retire(version=published, user=staff)
    published.refresh_from_db()
    assert published.status == CatalogueVersion.Status.RETIRED
    assert queries.latest_published() is None


def test_adding_and_removing_a_level_keeps_numbers_without_gaps(draft, staff):
    level = operations.level_create(version=draft, user=staff)
    assert level.number == 6
    assert LevelDescriptor.objects.filter(level=level).count() == 12
    with pytest.raises(ValidationError, match="highest"):
        operations.level_delete(level=draft.levels.get(number=3), user=staff)
    operations.level_delete(level=level, user=staff)
    assert draft.levels.count() == 5


def test_attribute_keys_are_unique_in_a_version(draft, staff):
    with pytest.raises(ValidationError):
        operations.attribute_create(version=draft, user=staff, key="trust", name_en="Again")
    assert Attribute.objects.filter(version=draft, key="trust").count() == 1


def test_the_default_catalogue_asks_the_public_one_question_per_attribute(published):
    for attribute in published.attributes.all():
        assert attribute.public_question_en.endswith("?")
        assert attribute.public_question_fr.endswith("?")
    timeliness = published.attributes.get(key="timeliness")
    assert timeliness.public_question_en == "How reasonable was the time it took?"


def test_publish_refuses_a_question_for_the_public_in_one_language_only(draft, staff):
    attribute = draft.attributes.get(key="clarity")
    attribute.public_question_fr = ""
    attribute.save()
    with pytest.raises(ValidationError) as refused:
        operations.catalogue_publish(version=draft, user=staff)
    assert refused.value.messages == [
        "Attribute “Clarity and transparency”: no French question for the public."
    ]
    attribute.public_question_en = ""
    attribute.save()
    # Asked in neither language: the attribute simply has no question for the public.
    assert operations.catalogue_publish(version=draft, user=staff).status == "published"


def test_a_platform_that_had_the_default_catalogue_before_the_questions_gets_them(published):
    from catalogue.defaults import fill_public_questions

    published.attributes.update(public_question_en="", public_question_fr="")
    published.attributes.filter(key="trust").update(
        public_question_en="Ours?", public_question_fr="Les nôtres?"
    )
    assert fill_public_questions(CatalogueVersion=CatalogueVersion, Attribute=Attribute) == 11
    assert published.attributes.get(key="trust").public_question_en == "Ours?"
    assert published.attributes.get(key="outcome").public_question_fr.startswith(
        "Dans quelle mesure"
    )
