"""Shared conformance vectors (``tests/vectors/<concept>/*.json``) for the Python suite.

The subset rule matches ``tests/src/lib.rs``: every key of an expected object must be
present and equal in the actual result; lists match element-wise with equal length.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any, Callable, Iterator

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "tests" / "vectors"


def cases(concept: str) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """Every (id, input, expect) of a concept, for ``pytest.mark.parametrize``."""
    out = []
    files = sorted((VECTORS / concept).glob("*.json"))
    assert files, f"no vectors for concept {concept!r}"
    for path in files:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert doc["schemaVersion"] == 1 and doc["concept"] == concept, path
        if doc.get("surfaces") and "python" not in doc["surfaces"]:
            continue  # an operation Python does not bind yet (see the file's `surfaces`)
        for case in doc["cases"]:
            out.append((f"{path.stem}::{case['name']}", case["input"], case["expect"]))
    return out


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
