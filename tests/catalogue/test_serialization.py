import json

import pytest
import yaml

from catalogue import operations
from catalogue.models import CatalogueVersion
from catalogue.serialization import CatalogueFileError, parse, to_json, to_yaml, version_to_dict


def _roundtrip(published, staff, dump, fmt):
    first = dump(version_to_dict(published))
    imported = operations.catalogue_import(parsed=parse(first, fmt), user=staff, label="copy")
    data = version_to_dict(imported)
    data["label"] = published.label  # the only difference: the new version's label
    return first, dump(data), imported


def test_yaml_round_trip_is_identical(published, staff):
    first, second, imported = _roundtrip(published, staff, to_yaml, "yaml")
    assert first == second
    assert imported.status == CatalogueVersion.Status.DRAFT
    assert "Accessibilité" in first


def test_json_round_trip_is_identical(published, staff):
    first, second, _ = _roundtrip(published, staff, to_json, "json")
    assert first == second
    assert json.loads(first)["attributes"][0]["key"] == "accessibility"


def _document(published):
    return version_to_dict(published)


def test_malformed_yaml_saves_nothing_and_names_the_line(published, staff):
    text = to_yaml(_document(published))
    broken = text.replace("levels:\n", "levels:\n  - number: [unclosed\n", 1)
    before = CatalogueVersion.objects.count()
    with pytest.raises(CatalogueFileError) as caught:
        parse(broken)
    assert caught.value.problems[0].startswith("line ")
    assert "not valid YAML" in caught.value.problems[0]
    assert CatalogueVersion.objects.count() == before


def test_structural_errors_name_the_line_and_key(published):
    data = _document(published)
    data["attributes"][1]["descriptors"][7] = {"en": "x", "fr": "y"}
    data["attributes"][2]["colour"] = "blue"
    data["levels"][0]["number"] = "one"
    text = to_yaml(data)
    with pytest.raises(CatalogueFileError) as caught:
        parse(text)
    problems = caught.value.problems
    lines = text.splitlines()

    def line_of(problem):
        return int(problem.split(",")[0].removeprefix("line "))

    bad_level = next(p for p in problems if "levels[0].number" in p)
    assert "expected a whole number" in bad_level
    assert "number: one" in lines[line_of(bad_level) - 1]
    bad_descriptor = next(p for p in problems if "attributes[1] (efficiency).descriptors.7" in p)
    assert "there is no level 7" in bad_descriptor
    unknown = next(p for p in problems if "attributes[2] (responsiveness).colour" in p)
    assert "unknown key" in unknown
    assert "colour: blue" in lines[line_of(unknown) - 1]


def test_duplicate_keys_and_missing_sections_are_reported(published):
    data = _document(published)
    data["attributes"][3]["key"] = "accessibility"
    del data["levels"]
    with pytest.raises(CatalogueFileError) as caught:
        parse(to_yaml(data))
    problems = " | ".join(caught.value.problems)
    assert "levels: is missing" in problems
    assert "the key 'accessibility' appears twice" in problems


def test_invalid_json_names_line_and_column():
    with pytest.raises(CatalogueFileError) as caught:
        parse('{\n  "format": "ccsmm-catalogue/1",\n  "label": 2,,\n}', "json")
    assert caught.value.problems[0].startswith("line 3, column")


@pytest.mark.parametrize("text", ["", "just a string", "- a\n- list"])
def test_documents_that_are_not_a_catalogue_are_refused(text):
    with pytest.raises(CatalogueFileError):
        parse(text)


def test_an_import_that_fails_midway_saves_nothing(published, staff):
    parsed = parse(to_yaml(_document(published)))
    # A descriptor for a level the document does not define, slipped past the parser:
    # the import fails after the version and five attributes were written.
    parsed.attributes[5]["descriptors"][9] = {"en": "x", "fr": "y"}
    before = CatalogueVersion.objects.count()
    with pytest.raises(KeyError):
        operations.catalogue_import(parsed=parsed, user=staff, label="broken")
    assert CatalogueVersion.objects.count() == before
    assert not CatalogueVersion.objects.filter(label="broken").exists()


def test_default_catalogue_file_is_valid():
    from pathlib import Path

    from django.conf import settings

    text = (Path(settings.BASE_DIR) / "catalogue" / "default_catalogue.yaml").read_text()
    parsed = parse(text)
    assert len(parsed.attributes) == 12 and len(parsed.levels) == 5
    assert yaml.safe_load(text)["format"] == "ccsmm-catalogue/1"


def test_questions_for_the_public_travel_with_the_file_and_their_length_is_checked(published):
    data = _document(published)
    assert data["attributes"][5]["public_question_en"] == "How reasonable was the time it took?"
    data["attributes"][0]["public_question_fr"] = "?" * 201
    with pytest.raises(CatalogueFileError) as caught:
        parse(to_yaml(data))
    assert any(
        "public_question_fr: is longer than 200 characters" in problem
        for problem in caught.value.problems
    )
