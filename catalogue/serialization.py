"""A whole catalogue version as a YAML or JSON document, and back.

Export writes the content only (status and dates belong to this platform);
import reads the same document into a new draft. Import validates the whole
document before anything is saved and names the line and key of every fault.
JSON is checked for syntax with the json module (which knows the line of a
syntax error), then read through the YAML composer like YAML, since JSON is
valid YAML, so structural errors carry line numbers in both formats.
"""

import json
from dataclasses import dataclass, field

import yaml

FORMAT = "ccsmm-catalogue/1"
LANGS = ("en", "fr")


# ----------------------------------------------------------------- export


def version_to_dict(version) -> dict:
    levels = list(version.levels.order_by("number"))
    attributes = list(
        version.attributes.order_by("order", "key").prefetch_related("descriptors__level")
    )
    return {
        "format": FORMAT,
        "label": version.label,
        "change_notes_en": version.change_notes_en,
        "change_notes_fr": version.change_notes_fr,
        "levels": [
            {
                "number": level.number,
                "name_en": level.name_en,
                "name_fr": level.name_fr,
                "description_en": level.description_en,
                "description_fr": level.description_fr,
            }
            for level in levels
        ],
        "attributes": [
            {
                "key": attribute.key,
                "name_en": attribute.name_en,
                "name_fr": attribute.name_fr,
                "definition_en": attribute.definition_en,
                "definition_fr": attribute.definition_fr,
                "questions_en": attribute.question_list("en"),
                "questions_fr": attribute.question_list("fr"),
                "public_question_en": attribute.public_question_en,
                "public_question_fr": attribute.public_question_fr,
                "descriptors": {
                    d.level.number: {"en": d.text_en, "fr": d.text_fr}
                    for d in sorted(attribute.descriptors.all(), key=lambda d: d.level.number)
                },
            }
            for attribute in attributes
        ],
    }


def to_yaml(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def to_json(data: dict) -> str:
    # JSON object keys are strings; descriptor level numbers become "1".."5".
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# ----------------------------------------------------------------- import


class CatalogueFileError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ParsedCatalogue:
    label: str
    change_notes_en: str = ""
    change_notes_fr: str = ""
    levels: list[dict] = field(default_factory=list)
    attributes: list[dict] = field(default_factory=list)


def _line(node) -> int:
    return node.start_mark.line + 1


# A file is read no further once this many problems are found: they are shown with a note
# that there may be more (a hostile file could otherwise produce millions).
MAX_PROBLEMS = 50
# Levels of nesting a catalogue needs: document, attributes, an attribute, its descriptors,
# a descriptor. Deeper files are refused before they are built.
MAX_DEPTH = 10


class _TooManyProblems(Exception):
    pass


class _Reader:
    """Walks the composed YAML node tree, collecting every problem with its line."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def fail(self, node, path: str, message: str) -> None:
        self.problems.append(f"line {_line(node)}, {path}: {message}")
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooManyProblems

    def mapping(self, node, path: str) -> dict | None:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, path, "expected a mapping of keys to values")
            return None
        result = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, path, "keys must be plain values")
                continue
            if key_node.value in result:
                self.fail(key_node, f"{path}.{key_node.value}", "this key appears twice")
            result[key_node.value] = value_node
        return result

    def text(self, mapping: dict, key: str, path: str, parent, *, required=True) -> str:
        node = mapping.get(key)
        if node is None:
            if required:
                self.fail(parent, f"{path}.{key}", "is missing")
            return ""
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{path}.{key}", "expected text")
            return ""
        if node.tag.endswith(":null"):
            return ""
        return str(node.value)

    def integer(self, mapping: dict, key: str, path: str, parent) -> int | None:
        node = mapping.get(key)
        if node is None:
            self.fail(parent, f"{path}.{key}", "is missing")
            return None
        try:
            value = int(str(node.value))
        except (TypeError, ValueError):
            self.fail(node, f"{path}.{key}", f"expected a whole number, not {node.value!r}")
            return None
        if value < 1:
            self.fail(node, f"{path}.{key}", "must be 1 or more")
            return None
        return value

    def text_list(self, mapping: dict, key: str, path: str, parent) -> list[str]:
        node = mapping.get(key)
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{path}.{key}", "expected a list of questions")
            return []
        out = []
        for index, item in enumerate(node.value):
            if not isinstance(item, yaml.ScalarNode):
                self.fail(item, f"{path}.{key}[{index}]", "expected text")
                continue
            if "\n" in item.value:
                self.fail(item, f"{path}.{key}[{index}]", "a question must fit on one line")
            out.append(str(item.value).strip())
        return out


def _refuse_aliases_and_depth(text: str) -> None:
    """Read the file as a stream of events (no tree is built) and refuse anchors and aliases
    (a few lines of them can stand for billions of nodes) and nesting deeper than a
    catalogue needs (a tree builder would recurse on it until it fails)."""
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        mark = event.start_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the file"
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise CatalogueFileError(
                [f"{where}: anchors and aliases (& and *) are not accepted; write each value out"]
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise CatalogueFileError(
                    [f"{where}: nested more than {MAX_DEPTH} levels deep; a catalogue needs 5"]
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _compose(text: str, fmt: str):
    if fmt == "json":
        try:
            json.loads(text)
        except json.JSONDecodeError as error:
            raise CatalogueFileError(
                [f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg})"]
            ) from None
        except RecursionError:
            raise CatalogueFileError(
                [f"nested more than {MAX_DEPTH} levels deep; a catalogue needs 5"]
            ) from None
    try:
        _refuse_aliases_and_depth(text)
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except RecursionError:
        raise CatalogueFileError(
            [f"nested more than {MAX_DEPTH} levels deep; a catalogue needs 5"]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "the file"
        raise CatalogueFileError([f"{where}: not valid YAML ({error.problem})"]) from None
    except yaml.YAMLError as error:
        raise CatalogueFileError([f"not valid YAML ({error})"]) from None


# Texts the database holds in fields of a set length (catalogue.models.Attribute).
_LONGEST = {
    f"{name}_{lang}": most
    for name, most in (("name", 150), ("public_question", 200))
    for lang in LANGS
}
_KNOWN_TOP = {"format", "label", "change_notes_en", "change_notes_fr", "levels", "attributes"}
_KNOWN_LEVEL = {"number", "name_en", "name_fr", "description_en", "description_fr"}
_KNOWN_ATTRIBUTE = {
    "key",
    "name_en",
    "name_fr",
    "definition_en",
    "definition_fr",
    "questions_en",
    "questions_fr",
    "public_question_en",
    "public_question_fr",
    "descriptors",
}


def _unknown_keys(r: _Reader, mapping: dict, known: set[str] | tuple[str, ...], path: str) -> None:
    for key, node in mapping.items():
        if key not in known:
            r.fail(node, f"{path}.{key}" if path else key, "unknown key")


def _header(r: _Reader, top: dict, root: yaml.Node) -> ParsedCatalogue:
    _unknown_keys(r, top, _KNOWN_TOP, "")
    fmt_value = r.text(top, "format", "(document)", root)
    if fmt_value and fmt_value != FORMAT:
        r.fail(top["format"], "format", f"expected {FORMAT!r}, not {fmt_value!r}")
    parsed = ParsedCatalogue(
        label=r.text(top, "label", "(document)", root).strip(),
        change_notes_en=r.text(top, "change_notes_en", "(document)", root, required=False),
        change_notes_fr=r.text(top, "change_notes_fr", "(document)", root, required=False),
    )
    if "label" in top and not parsed.label:
        r.fail(top["label"], "label", "must not be empty")
    elif len(parsed.label) > 40:
        r.fail(top["label"], "label", "must be 40 characters or fewer")
    return parsed


def _level(r: _Reader, level_node: yaml.Node, path: str, numbers: list[int]) -> dict | None:
    level = r.mapping(level_node, path)
    if level is None:
        return None
    _unknown_keys(r, level, _KNOWN_LEVEL, path)
    number = r.integer(level, "number", path, level_node)
    if number is not None:
        if number in numbers:
            r.fail(level["number"], f"{path}.number", f"level {number} appears twice")
        numbers.append(number)
    return {
        "number": number,
        **{
            f"{name}_{lang}": r.text(level, f"{name}_{lang}", path, level_node, required=False)
            for name in ("name", "description")
            for lang in LANGS
        },
    }


def _levels(r: _Reader, top: dict, root: yaml.Node, parsed: ParsedCatalogue) -> list[int]:
    """Read the levels into ``parsed``; return their numbers."""
    numbers: list[int] = []
    levels_node = top.get("levels")
    if levels_node is None:
        r.fail(root, "levels", "is missing")
        return numbers
    if not isinstance(levels_node, yaml.SequenceNode) or not levels_node.value:
        r.fail(levels_node, "levels", "expected a non-empty list of levels")
        return numbers
    for index, level_node in enumerate(levels_node.value):
        level = _level(r, level_node, f"levels[{index}]", numbers)
        if level is not None:
            parsed.levels.append(level)
    if numbers and sorted(numbers) != list(range(1, len(numbers) + 1)):
        r.fail(levels_node, "levels", "level numbers must run 1, 2, 3... without gaps")
    return numbers


def _descriptor(
    r: _Reader, descriptor_node: yaml.Node, dpath: str, number_text: str, numbers: list[int]
) -> tuple[int, dict[str, str]] | None:
    try:
        number = int(number_text)
    except ValueError:
        r.fail(descriptor_node, dpath, "expected a level number as the key")
        return None
    if numbers and number not in numbers:
        r.fail(descriptor_node, dpath, f"there is no level {number}")
        return None
    texts = r.mapping(descriptor_node, dpath)
    if texts is None:
        return None
    for lang_key, node in texts.items():
        if lang_key not in LANGS:
            r.fail(node, f"{dpath}.{lang_key}", "unknown key (expected en or fr)")
    return number, {
        lang: r.text(texts, lang, dpath, descriptor_node, required=False) for lang in LANGS
    }


def _descriptors(
    r: _Reader, attribute: dict, path: str, numbers: list[int]
) -> dict[int, dict[str, str]]:
    descriptors: dict[int, dict[str, str]] = {}
    descriptors_node = attribute.get("descriptors")
    if descriptors_node is None:
        return descriptors
    mapping = r.mapping(descriptors_node, f"{path}.descriptors")
    for number_text, descriptor_node in (mapping or {}).items():
        found = _descriptor(
            r, descriptor_node, f"{path}.descriptors.{number_text}", number_text, numbers
        )
        if found is not None:
            descriptors[found[0]] = found[1]
    return descriptors


def _attribute_key(r: _Reader, attribute: dict, path: str, keys: list[str], key: str) -> None:
    from .models import key_validator

    try:
        key_validator(key)
    except Exception:
        r.fail(attribute["key"], f"{path}.key", "use lower-case letters, digits, - or _")
    if key in keys:
        r.fail(attribute["key"], f"{path}.key", f"the key {key!r} appears twice")
    keys.append(key)


def _attribute(
    r: _Reader, attribute_node: yaml.Node, index: int, keys: list[str], numbers: list[int]
) -> dict | None:
    attribute = r.mapping(attribute_node, f"attributes[{index}]")
    if attribute is None:
        return None
    key = r.text(attribute, "key", f"attributes[{index}]", attribute_node).strip()
    path = f"attributes[{index}] ({key})" if key else f"attributes[{index}]"
    _unknown_keys(r, attribute, _KNOWN_ATTRIBUTE, path)
    if key:
        _attribute_key(r, attribute, path, keys, key)
    descriptors = _descriptors(r, attribute, path, numbers)
    texts = {
        f"{name}_{lang}": r.text(attribute, f"{name}_{lang}", path, attribute_node, required=False)
        for name in ("name", "definition", "public_question")
        for lang in LANGS
    }
    for name, most in _LONGEST.items():
        if len(texts[name]) > most:
            r.fail(attribute[name], f"{path}.{name}", f"is longer than {most} characters")
    return {
        "key": key,
        **texts,
        "questions_en": r.text_list(attribute, "questions_en", path, attribute_node),
        "questions_fr": r.text_list(attribute, "questions_fr", path, attribute_node),
        "descriptors": descriptors,
    }


def _attributes(
    r: _Reader, top: dict, root: yaml.Node, parsed: ParsedCatalogue, numbers: list[int]
) -> None:
    attributes_node = top.get("attributes")
    if attributes_node is None:
        r.fail(root, "attributes", "is missing")
        return
    if not isinstance(attributes_node, yaml.SequenceNode):
        r.fail(attributes_node, "attributes", "expected a list of attributes")
        return
    keys: list[str] = []
    for index, attribute_node in enumerate(attributes_node.value):
        attribute = _attribute(r, attribute_node, index, keys, numbers)
        if attribute is not None:
            parsed.attributes.append(attribute)


def parse(text: str, fmt: str = "yaml") -> ParsedCatalogue:
    """Read and validate a catalogue document; raise CatalogueFileError listing every fault."""
    root = _compose(text, fmt)
    if root is None:
        raise CatalogueFileError(["the file is empty"])
    r = _Reader()
    try:
        top = r.mapping(root, "(document)")
        if top is None:
            raise CatalogueFileError(r.problems)
        parsed = _header(r, top, root)
        numbers = _levels(r, top, root, parsed)
        _attributes(r, top, root, parsed, numbers)
    except _TooManyProblems:
        raise CatalogueFileError(
            [*r.problems, f"reading stopped after {MAX_PROBLEMS} problems; there may be more"]
        ) from None
    if r.problems:
        raise CatalogueFileError(r.problems)
    return parsed
