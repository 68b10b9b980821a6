"""Reads `schema/esafety.schema.json` into a small model the binding generators share.

The schema is written by core (`esafety_core::wire::schema()`); this module turns its
`$defs` into three kinds of definition:

* `Record`: an object with named fields (`properties`);
* `Choice`: a closed set of string ids (`enum`, or `oneOf` of `const`s);
* `Union`: a `oneOf` of records told apart by a `const` tag field (e.g. `kind`, `event`),
  possibly with bare-string variants (e.g. `"never"` beside `{"every_days": 365}`).

A type reference (`Type`) is one of: `str`, `int`, `float`, `bool`, `any`, `ref:Name`,
`list`, `map` (string keys), or `optional` of another type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "schema" / "esafety.schema.json"


@dataclass(frozen=True)
class Type:
    """A field's type: `kind` is str/int/float/bool/any/ref/list/map/optional."""

    kind: str
    name: str = ""  # for `ref`
    item: "Type | None" = None  # for `list`, `map`, `optional`


@dataclass
class Field:
    name: str
    type: Type
    doc: str
    required: bool


@dataclass
class Record:
    name: str
    doc: str
    fields: list[Field]


@dataclass
class Choice:
    name: str
    doc: str
    values: list[tuple[str, str]]  # (id, doc)


@dataclass
class Variant:
    tag_value: str
    doc: str
    fields: list[Field] = field(default_factory=list)  # empty for a bare-string variant
    bare: bool = False


@dataclass
class Union:
    name: str
    doc: str
    tag: str  # the field naming the variant ("" when variants are told apart by shape)
    variants: list[Variant]


Definition = Record | Choice | Union


def summary(text: str | None) -> str:
    """The first paragraph of a doc comment, without Rust doc links or example code."""
    if not text:
        return ""
    first = text.strip().split("\n\n")[0]
    return " ".join(first.replace("[`", "`").replace("`]", "`").split())


def parse_type(node: dict) -> Type:
    """A field schema → `Type`."""
    if "$ref" in node:
        return Type("ref", name=node["$ref"].rsplit("/", 1)[-1])
    for key in ("anyOf", "oneOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"]
            nullable = len(options) < len(node[key])
            inner = parse_type(options[0]) if len(options) == 1 else Type("any")
            return Type("optional", item=inner) if nullable else inner
    kind = node.get("type")
    if isinstance(kind, list):
        rest = [k for k in kind if k != "null"]
        inner = parse_type({**node, "type": rest[0] if len(rest) == 1 else rest})
        return Type("optional", item=inner) if "null" in kind else inner
    if kind == "string":
        return Type("str")
    if kind == "integer":
        return Type("int")
    if kind == "number":
        return Type("float")
    if kind == "boolean":
        return Type("bool")
    if kind == "array":
        return Type("list", item=parse_type(node.get("items", {})))
    if kind == "object" and isinstance(node.get("additionalProperties"), dict):
        return Type("map", item=parse_type(node["additionalProperties"]))
    return Type("any")


def parse_fields(node: dict) -> list[Field]:
    required = set(node.get("required", []))
    return [
        Field(name, parse_type(prop), summary(prop.get("description")), name in required)
        for name, prop in node.get("properties", {}).items()
    ]


def const_of(node: dict) -> str | None:
    if "const" in node:
        return node["const"]
    if "enum" in node and len(node["enum"]) == 1:
        return node["enum"][0]
    return None


def parse_definition(name: str, node: dict) -> Definition:
    doc = summary(node.get("description"))
    if "enum" in node:
        return Choice(name, doc, [(v, "") for v in node["enum"]])
    if node.get("type") == "string":
        return Choice(name, doc, [])
    options = node.get("oneOf")
    if options is None:
        return Record(name, doc, parse_fields(node))
    if all(const_of(o) is not None for o in options):
        return Choice(name, doc, [(const_of(o), summary(o.get("description"))) for o in options])
    tag = ""
    objects = [o for o in options if "properties" in o]
    for candidate in objects[0]["properties"] if objects else []:
        if all(const_of(o["properties"].get(candidate, {})) is not None for o in objects):
            tag = candidate
            break
    variants = []
    for option in options:
        if const_of(option) is not None:
            variants.append(Variant(const_of(option), summary(option.get("description")), bare=True))
            continue
        fields = [f for f in parse_fields(option) if f.name != tag]
        value = const_of(option["properties"][tag]) if tag else "|".join(f.name for f in fields)
        variants.append(Variant(value, summary(option.get("description")), fields))
    return Union(name, doc, tag, variants)


def load(path: Path = SCHEMA_PATH) -> dict[str, Definition]:
    """Every definition of the committed schema, by name (sorted)."""
    schema = json.loads(path.read_text(encoding="utf-8"))
    return {name: parse_definition(name, node) for name, node in sorted(schema["$defs"].items())}


def open_choice(definition: Definition) -> bool:
    """Whether a `Choice` is an open set of strings (no listed values)."""
    return isinstance(definition, Choice) and not definition.values
