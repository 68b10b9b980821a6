"""Columnar batches (issue 14): ``classify_arrow`` and ``scan_arrow`` agree with
``check_many`` and ``scan`` row by row, nulls and invalid inputs included; ``what_if``
lists every verdict a policy change would change."""

import pyarrow as pa  # type: ignore[import-untyped]
import pytest

import esafety

URLS = [
    "pornhub.com",
    None,
    "http://exa mple.com/",
    "https://www.google.com/search?q=owls",
    "",
    "bbc.co.uk",
    "csam-test.esafety.invalid",
]


def test_classify_arrow_matches_check_many_row_by_row() -> None:
    f = esafety.UrlFilter.default()
    for array in (pa.array(URLS, pa.string()), pa.chunked_array([URLS[:3], URLS[3:]], pa.string())):
        out = f.classify_arrow(array, audience="ks2")
        assert isinstance(out, pa.StructArray)
        assert [field.name for field in out.type] == ["verdict", "category", "rule", "error"]
        rows = out.to_pylist()
        assert len(rows) == len(URLS)
        present = [u for u in URLS if u is not None]
        many = iter(f.check_many(present, audience="ks2"))
        for url, row in zip(URLS, rows):
            if url is None:
                assert row == {"verdict": None, "category": None, "rule": None, "error": "input_null"}
                continue
            one = next(many)
            if isinstance(one, esafety.ItemError):
                assert row["error"] == one.code and row["verdict"] is None
            else:
                assert row["error"] is None
                assert row["verdict"] == one.verdict
                assert row["rule"] == one.rule
                assert row["category"] == (one.categories[0] if one.categories else None)


def test_classify_arrow_unknown_audience_raises() -> None:
    with pytest.raises(esafety.FilterError) as info:
        esafety.UrlFilter.default().classify_arrow(pa.array(["a.com"]), audience="year9")  # type: ignore[arg-type]
    assert info.value.code == "filter_unknown_audience"


def test_scan_arrow_matches_scan_row_by_row() -> None:
    s = esafety.TermScanner.default()
    texts = ["i want to kill myself", None, "lovely weather today", "you are a loser, kys"]
    out = s.scan_arrow(pa.array(texts), audience="ks3")
    assert str(out.type.field("max_severity").type) == "int8"
    for text, row in zip(texts, out.to_pylist()):
        if text is None:
            assert row["error"] == "input_null" and row["flagged"] is None
            continue
        matches = s.scan(text, audience="ks3")
        assert row["error"] is None
        assert row["flagged"] == any(m.confidence >= 0.5 for m in matches)
        assert row["max_severity"] == max((m.severity for m in matches), default=None)
        assert set(row["categories"]) == {m.category for m in matches}
    assert out.to_pylist()[0]["flagged"] is True


def test_what_if_lists_the_changed_verdicts() -> None:
    old = esafety.UrlFilter.default()
    new = esafety.UrlFilter.default()
    new.set_policy({"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}}})
    changes = esafety.what_if(old, new, ["bbc.co.uk", "example.com", "pornhub.com", ""], audience="ks2")
    assert [c["url"] for c in changes] == ["bbc.co.uk"]
    change = changes[0]
    assert (change["old_verdict"], change["new_verdict"]) == ("allow", "block")
    assert change["old_rule"] != change["new_rule"]
