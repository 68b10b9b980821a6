"""Shared conformance vectors (``tests/vectors/<concept>/*.json`` and the bad-input corpus
``tests/vectors/bad_input/*.json``) for the Python suite.

The subset rule matches ``tests/src/lib.rs``: every key of an expected object must be
present and equal in the actual result; lists match element-wise with equal length.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any, Callable, Iterator

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"


BAD_INPUT = "bad_input"


def vector_files(concept: str) -> list[tuple[pathlib.Path, dict[str, Any]]]:
    """The vector files of a concept: its own folder (every file must name the concept),
    then the files of the bad-input corpus (``tests/vectors/bad_input/``, any concept's
    files side by side) that name it. A file whose ``surfaces`` leave out Python is skipped."""
    own = sorted((VECTORS / concept).glob("*.json"))
    assert own, f"no vectors for concept {concept!r}"
    out = []
    for path in own + sorted((VECTORS / BAD_INPUT).glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["schemaVersion"] == 1, path
        if path.parent.name != BAD_INPUT:
            assert doc["concept"] == concept, path
        elif doc["concept"] != concept:
            continue
        if doc.get("surfaces") and "python" not in doc["surfaces"]:
            continue  # an operation Python does not bind yet (see the file's `surfaces`)
        out.append((path, doc))
    return out


def cases(concept: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Every (id, input, expect) of a concept, for ``pytest.mark.parametrize``."""
    return [
        (f"{path.parent.name}/{path.stem}::{case['name']}", case["input"], case["expect"])
        for path, doc in vector_files(concept)
        for case in doc["cases"]
    ]


def matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and matches(v, actual[k]) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(expected) == len(actual)
            and all(matches(e, a) for e, a in zip(expected, actual))
        )
    if isinstance(expected, bool) or isinstance(actual, bool):
        return expected is actual
    if isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        return float(expected) == float(actual)
    return bool(expected == actual)


def check(run: Callable[[dict[str, Any]], Any], input: dict[str, Any], expect: dict[str, Any]) -> None:
    """Runs one case; ``run`` returns a JSON-like result or raises ``EsafetyError``."""
    import esafety

    if "error" in expect:
        try:
            result = run(input)
        except esafety.EsafetyError as e:
            assert e.code == expect["error"], f"expected error {expect['error']}, got {e.code}: {e}"
            return
        raise AssertionError(f"expected error {expect['error']}, got {result!r}")
    result = run(input)
    assert matches(expect["ok"], result), f"expected {expect['ok']!r}\n     got {result!r}"


def ids(all_cases: list[tuple[str, Any, Any]]) -> Iterator[str]:
    return (c[0] for c in all_cases)
