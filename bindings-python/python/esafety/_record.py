"""What every generated wire record (``esafety._wire``) shares: checked construction from
a dict (``from_dict``), the core JSON shape (``to_dict``, ``to_json``), a hash of its value
(records are frozen), and read access as a dict (``record["key"]``, ``.get``, ``in``,
``.keys``).

Hand-written; ``scripts/wire/python.py`` generates the records themselves.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

_SCALARS: dict[str, type | tuple[type, ...]] = {"str": str, "int": int, "float": (int, float), "bool": bool}


def _load(spec: tuple[Any, ...], value: Any, path: str) -> Any:
    """Checks one JSON value against a field spec and builds nested records."""
    kind = spec[0]
    if kind == "opt":
        return None if value is None else _load(spec[1], value, path)
    if kind == "any":
        return value
    if kind == "list":
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"{path}: expected a list, got {type(value).__name__}")
        return [_load(spec[1], v, f"{path}[{i}]") for i, v in enumerate(value)]
    if kind == "map":
        if not isinstance(value, Mapping):
            raise TypeError(f"{path}: expected a dict, got {type(value).__name__}")
        return {k: _load(spec[1], v, f"{path}.{k}") for k, v in value.items()}
    if kind == "ref":
        cls = spec[1]
        return value if isinstance(value, cls) else cls._load(value, path)
    if kind == "union":
        if not isinstance(value, (str, Mapping)):
            raise TypeError(f"{path}: expected a str or a dict, got {type(value).__name__}")
        return value
    if kind == "choice":
        if value not in spec[1]:
            raise ValueError(f"{path}: {value!r} is not one of {', '.join(sorted(spec[1]))}")
        return value
    wanted = _SCALARS[kind]
    if not isinstance(value, wanted) or (kind != "bool" and isinstance(value, bool)):
        raise TypeError(f"{path}: expected {kind}, got {type(value).__name__}")
    return value


@functools.cache
def _plain(spec: tuple[Any, ...]) -> bool:
    """Whether values of ``spec`` hold no record, so a value from core is kept as it is."""
    kind = spec[0]
    if kind == "ref":
        return False
    if kind in ("opt", "list", "map"):
        return _plain(spec[1])
    return True


def _build(spec: tuple[Any, ...], value: Any) -> Any:
    """Builds nested records from a value core wrote (already of the schema's shape: core
    serialises the very types the schema is generated from), without checking it again."""
    if value is None or _plain(spec):
        return value
    kind = spec[0]
    if kind == "opt":
        return _build(spec[1], value)
    if kind == "list":
        return [_build(spec[1], v) for v in value]
    if kind == "map":
        return {k: _build(spec[1], v) for k, v in value.items()}
    return spec[1]._build(value)


def _frozen(value: Any) -> Any:
    """A JSON value as a hashable one: lists as tuples, dicts as sorted item tuples."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _frozen(v)) for k, v in value.items()))
    return value


def _dump(value: Any) -> Any:
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    return value


class _Plan:
    """How to build one record class from core's dict: which keys hold nested records, the
    defaults of the keys core may leave out, and whether any key is not its attribute's name."""

    def __init__(self, cls: type[_Record]) -> None:
        self.renamed = any(key != attr for key, (attr, _) in cls._SPEC.items())
        self.nested = [(key, spec) for key, (_, spec) in cls._SPEC.items() if not _plain(spec)]
        fields = dataclasses.fields(cls)
        self.fields = len(fields)
        self.defaults = {f.name: f.default for f in fields if f.default is not dataclasses.MISSING}


@dataclass(frozen=True)
class _Record:
    """What every record shares: checked construction from a dict, and its JSON forms."""

    # JSON key -> (attribute, spec); in serialisation order.
    _SPEC: ClassVar[dict[str, tuple[str, tuple[Any, ...]]]] = {}
    # Keys core leaves out when empty.
    _OMIT: ClassVar[frozenset[str]] = frozenset()
    # How `_build` makes this class from core's dict, made on first use (on each class).
    _PLAN: ClassVar[_Plan | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        # Set before @dataclass runs, so it keeps this hash instead of hashing the fields
        # (a record's lists and dicts are not hashable; its value is).
        super().__init_subclass__(**kwargs)
        cls.__hash__ = _Record.__hash__  # type: ignore[method-assign]

    def __hash__(self) -> int:
        """The hash of the record's value, so equal records hash alike."""
        return hash((type(self).__name__, _frozen(self.to_dict())))

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Self:
        """The record from its JSON dict; raises ``TypeError`` naming a bad key."""
        return cls._load(d, cls.__name__)

    @classmethod
    def _load(cls, d: Any, path: str) -> Self:
        if not isinstance(d, Mapping):
            raise TypeError(f"{path}: expected a dict, got {type(d).__name__}")
        unknown = [k for k in d if k not in cls._SPEC]
        if unknown:
            raise TypeError(f"{path}: unknown key(s) {unknown}; the keys are {list(cls._SPEC)}")
        missing = [k for k in cls._SPEC if k not in d and k not in cls._OMIT]
        if missing:
            raise TypeError(f"{path}: missing key(s) {missing}")
        return cls(**{cls._SPEC[k][0]: _load(cls._SPEC[k][1], v, f"{path}.{k}") for k, v in d.items()})

    @classmethod
    def _from_core(cls, d: dict[str, Any]) -> Self:
        """The record from the dict core wrote for it (the bindings' fast path; a caller's
        dict goes through ``from_dict``, which checks every key and value)."""
        return cls._build(d)

    @classmethod
    def _build(cls, d: dict[str, Any]) -> Self:
        plan = cls.__dict__.get("_PLAN")
        if plan is None:
            plan = cls._PLAN = _Plan(cls)
        # What the frozen dataclass's __init__ would do, without a setattr per field: every
        # field is set (core writes every key but the omitted ones, whose default is None).
        record = object.__new__(cls)
        state = record.__dict__
        if plan.renamed:
            state.update(plan.defaults)
            for key, value in d.items():
                attr, spec = cls._SPEC[key]
                state[attr] = _build(spec, value)
            return record
        if len(d) < plan.fields:
            state.update(plan.defaults)
        state.update(d)
        for key, spec in plan.nested:
            value = state.get(key)
            if value is not None:
                state[key] = _build(spec, value)
        return record

    def to_dict(self) -> dict[str, Any]:
        """The record as core serialises it (plain dicts, lists and scalars)."""
        out = {}
        for key, (attr, _) in self._SPEC.items():
            value = getattr(self, attr)
            if value is not None or key not in self._OMIT:
                out[key] = _dump(value)
        return out

    def to_json(self) -> str:
        """The record as compact JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    # Read access as a dict (earlier releases returned nested values as dicts).

    def __getitem__(self, key: str) -> Any:
        if key not in self._SPEC:
            raise KeyError(key)
        return getattr(self, self._SPEC[key][0])

    def __contains__(self, key: object) -> bool:
        return key in self._SPEC and (key not in self._OMIT or self[str(key)] is not None)

    def get(self, key: str, default: Any = None) -> Any:
        """The field with JSON key ``key``, or ``default`` when core would leave it out."""
        return self[key] if key in self else default

    def keys(self) -> list[str]:
        """The JSON keys core writes for this record (so ``dict(record)`` works)."""
        return list(self.to_dict())


class JsonDict(dict[str, Any]):
    """A result that core returns as a plain JSON object: a ``dict`` in every way, plus the
    same ``to_dict()`` and ``to_json()`` as the generated records.

    >>> from esafety._record import JsonDict
    >>> JsonDict({"b": 1}).to_json()
    '{"b":1}'
    """

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as plain dicts, lists and scalars (a deep copy)."""
        plain: dict[str, Any] = json.loads(self.to_json())
        return plain

    def to_json(self) -> str:
        """The result as compact JSON text, in core's key order."""
        return json.dumps(self, ensure_ascii=False, separators=(",", ":"))
