"""Columnar batches (issue 14): ``classify_arrow`` and ``scan_arrow`` agree with
``check_many`` and ``scan`` row by row, nulls and invalid inputs included; ``what_if``
lists every verdict a policy change would change."""

from typing import Any

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


def assert_decisions(f: esafety.UrlFilter, urls: list[str | None], out: Any) -> None:
    """``out`` (a ``classify_arrow`` result) has ``check_many``'s decision for each URL, in order."""
    assert isinstance(out, pa.StructArray)
    assert out.type == DECISION_TYPE
    rows = out.to_pylist()
    assert len(rows) == len(urls)
    many = iter(f.check_many([u for u in urls if u is not None], audience="ks2"))
    for url, row in zip(urls, rows):
        if url is None:
            assert row == {"verdict": None, "category": None, "rule": None, "error": "input_null"}
            continue
        one = next(many)
        if isinstance(one, esafety.ItemError):
            assert row == {"verdict": None, "category": None, "rule": None, "error": one.code}
        else:
            category = one.categories[0] if one.categories else None
            assert row == {"verdict": one.verdict, "category": category, "rule": one.rule, "error": None}


DECISION_TYPE = pa.struct([(name, pa.string()) for name in ("verdict", "category", "rule", "error")])
SCAN_TYPE = pa.struct(
    [("flagged", pa.bool_()), ("max_severity", pa.int8()), ("categories", pa.list_(pa.string())), ("error", pa.string())]
)


class CDataOnly:
    """An Arrow producer that is not pyarrow: only the C data interface."""

    def __init__(self, array: Any) -> None:
        self.array = array

    def __arrow_c_array__(self, requested_schema: object = None) -> object:
        return self.array.__arrow_c_array__(requested_schema)


def forms(values: list[str | None]) -> dict[str, Any]:
    """The same strings as every input ``classify_arrow`` and ``scan_arrow`` read in place."""
    padded = ["x", *values, "y"]
    return {
        "string": pa.array(values, pa.string()),
        "large_string": pa.array(values, pa.large_string()),
        "string_view": pa.array(values, pa.string_view()),
        "slice": pa.array(padded, pa.string()).slice(1, len(values)),
        "large_slice": pa.array(padded, pa.large_string()).slice(1, len(values)),
        "chunked": pa.chunked_array([values[:3], [], values[3:]], pa.string()),
        "chunked_slices": pa.chunked_array([pa.array(padded).slice(1, 2), pa.array(padded).slice(3, len(values) - 2)]),
        "dictionary": pa.array(values, pa.string()).dictionary_encode(),
        "c_data_only": CDataOnly(pa.array(values, pa.string())),
        "list": list(values),
    }


@pytest.mark.parametrize("form", list(forms(URLS)))
def test_classify_arrow_matches_check_many_row_by_row(form: str) -> None:
    f = esafety.UrlFilter.default()
    assert_decisions(f, URLS, f.classify_arrow(forms(URLS)[form], audience="ks2"))


def test_classify_arrow_on_a_batch_across_cores_keeps_the_order() -> None:
    f = esafety.UrlFilter.default()
    urls = [None if i % 11 == 5 else f"{URLS[i % 7] or 'a.com'}{'/' * (i % 3)}" for i in range(9_000)]
    assert_decisions(f, urls, f.classify_arrow(pa.array(urls), audience="ks2"))


@pytest.mark.parametrize(
    "array",
    [pa.array([], pa.string()), pa.array([], pa.large_string()), pa.chunked_array([], pa.string()), []],
    ids=["string", "large_string", "chunked", "list"],
)
def test_classify_arrow_on_nothing_gives_no_rows(array: Any) -> None:
    out = esafety.UrlFilter.default().classify_arrow(array)
    assert out.type == DECISION_TYPE and len(out) == 0


def test_classify_arrow_on_nulls_only() -> None:
    out = esafety.UrlFilter.default().classify_arrow(pa.array([None, None]))
    assert [row["error"] for row in out.to_pylist()] == ["input_null", "input_null"]


@pytest.mark.parametrize(
    "array",
    [pa.array([1, 2]), pa.array([b"a.com"]), pa.chunked_array([[1.5]]), "bbc.co.uk", ["bbc.co.uk", 3], None, 5, b"a.com", b""],
    ids=["int64", "binary", "chunked_double", "str", "list_with_int", "none", "int", "bytes", "empty_bytes"],
)
def test_classify_arrow_refuses_what_is_not_strings(array: Any) -> None:
    with pytest.raises(esafety.ArgumentTypeError) as info:
        esafety.UrlFilter.default().classify_arrow(array)
    assert info.value.code == "invalid_type"


class Mismatched:
    """A producer that lies: the schema of one array over the buffers of another."""

    def __init__(self, schema_of: Any, data_of: Any) -> None:
        self.schema_of = schema_of
        self.data_of = data_of

    def __arrow_c_array__(self, requested_schema: object = None) -> object:
        return (self.schema_of.__arrow_c_array__()[0], self.data_of.__arrow_c_array__()[1])


LONG = ["pornhub.com" * 50] * 3  # three rows: every buffer read stays inside pyarrow's padding
MISMATCHES = {
    "large_string_over_string": (pa.array(["x"], pa.large_string()), pa.array(LONG)),
    "string_over_large_string": (pa.array(["x"]), pa.array(LONG, pa.large_string())),
    "string_view_over_string": (pa.array(["x"], pa.string_view()), pa.array(LONG)),
    "string_over_string_view": (pa.array(["x"]), pa.array(LONG, pa.string_view())),
    "string_over_int64": (pa.array(["x"]), pa.array([1, 2, 3])),
    "large_string_over_int64": (pa.array(["x"], pa.large_string()), pa.array([1, 2, 3])),
    "string_view_over_int64": (pa.array(["x"], pa.string_view()), pa.array([1, 2, 3])),
    "string_over_binary": (pa.array(["x"]), pa.array([b"\xff" * 10] * 3)),
    "dictionary_over_string": (pa.array(["x"]).dictionary_encode(), pa.array(LONG)),
    "string_over_dictionary": (pa.array(["x"]), pa.array(LONG).dictionary_encode()),
    "string_over_struct": (pa.array(["x"]), pa.array([{"a": 1, "b": "x"}] * 3)),
    "null_over_string": (pa.array([None]), pa.array(LONG)),
    "string_over_null": (pa.array(["x"]), pa.array([None] * 3)),
}


@pytest.mark.parametrize("method", ["classify_arrow", "scan_arrow"])
@pytest.mark.parametrize("case", list(MISMATCHES))
def test_an_array_that_does_not_match_its_schema_is_invalid_string(
    case: str, method: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """Never a segfault, nor a ``PanicException`` (which ``except Exception`` misses), nor a
    panic message on stderr; the engine and the module keep working."""
    engine: Any = esafety.UrlFilter.default() if method == "classify_arrow" else esafety.TermScanner.default()
    with pytest.raises(esafety.EsafetyError) as info:
        getattr(engine, method)(Mismatched(*MISMATCHES[case]))
    assert info.value.code == "invalid_string"
    assert "panicked" not in capfd.readouterr().err
    assert getattr(engine, method)(pa.array(["pornhub.com", "kill myself"])).to_pylist()[0]["error"] is None
    assert esafety.UrlFilter.default().classify_arrow(pa.array(["pornhub.com"])).to_pylist()[0]["verdict"] == "block"


def test_a_panic_of_the_arrow_import_is_an_exception() -> None:
    """A ``string`` schema over ``int64`` buffers made the Arrow library assert: it is caught
    by ``except Exception`` as an ``EsafetyError``."""
    try:
        esafety.UrlFilter.default().classify_arrow(Mismatched(pa.array(["x"]), pa.array([1, 2, 3])))
    except Exception as e:
        assert isinstance(e, esafety.EsafetyError) and e.code == "invalid_string"
        assert "does not match its schema" in str(e)
    else:
        pytest.fail("no exception")


def strings_from_buffers(offsets: list[int], data: bytes) -> Any:
    """A ``string`` array of raw offsets and bytes (pyarrow checks the offsets, not UTF-8)."""
    offsets_buffer = pa.array(offsets, pa.int32()).buffers()[1]
    return pa.Array.from_buffers(pa.string(), len(offsets) - 1, [None, offsets_buffer, pa.py_buffer(data)])


@pytest.mark.parametrize("data", [b"\xff\xfe", b"\xc0\xaf", b"ok\xed\xa0\x80"], ids=["not_utf8", "overlong", "surrogate"])
def test_arrow_data_that_is_not_utf8_is_refused(data: bytes) -> None:
    bad = strings_from_buffers([0, len(data)], data)
    for method in (esafety.UrlFilter.default().classify_arrow, esafety.TermScanner.default().scan_arrow):
        with pytest.raises(esafety.EsafetyError) as info:
            method(bad)
        assert info.value.code == "invalid_string"


def test_bytes_outside_a_slice_are_not_read() -> None:
    array = strings_from_buffers([0, 9, 11], b"bbc.co.uk\xff\xfe").slice(0, 1)
    out = esafety.UrlFilter.default().classify_arrow(array)
    assert out.to_pylist()[0]["verdict"] == "allow"


def test_a_null_row_may_hold_any_bytes() -> None:
    """The Arrow format leaves a null row's bytes undefined: only rows that are not null are read."""
    validity = pa.py_buffer(bytes([0b101]))
    offsets = pa.array([0, 11, 13, 22], pa.int32()).buffers()[1]
    array = pa.Array.from_buffers(pa.string(), 3, [validity, offsets, pa.py_buffer(b"pornhub.com\xff\xfebbc.co.uk")])
    rows = esafety.UrlFilter.default().classify_arrow(array).to_pylist()
    assert [r["verdict"] for r in rows] == ["block", None, "allow"]
    assert rows[1]["error"] == "input_null"
    assert esafety.TermScanner.default().scan_arrow(array).to_pylist()[1]["error"] == "input_null"


def test_classify_arrow_unknown_audience_raises() -> None:
    with pytest.raises(esafety.FilterError) as info:
        esafety.UrlFilter.default().classify_arrow(pa.array(["a.com"]), audience="year9")  # type: ignore[arg-type]
    assert info.value.code == "filter_unknown_audience"


TEXTS = ["i want to kill myself", None, "lovely weather today", "", "you are a loser, kys"]


def assert_scans(s: esafety.TermScanner, texts: list[str | None], out: Any) -> None:
    """``out`` (a ``scan_arrow`` result) summarises ``scan`` of each text, in order."""
    assert isinstance(out, pa.StructArray)
    assert out.type == SCAN_TYPE
    rows = out.to_pylist()
    assert len(rows) == len(texts)
    for text, row in zip(texts, rows):
        if text is None:
            assert row == {"flagged": None, "max_severity": None, "categories": [], "error": "input_null"}
            continue
        matches = s.scan(text, audience="ks3")
        assert row["error"] is None
        assert row["flagged"] == any(m.confidence >= 0.5 for m in matches)
        assert row["max_severity"] == max((m.severity for m in matches), default=None)
        assert set(row["categories"]) == {m.category for m in matches}


@pytest.mark.parametrize("form", list(forms(TEXTS)))
def test_scan_arrow_matches_scan_row_by_row(form: str) -> None:
    s = esafety.TermScanner.default()
    out = s.scan_arrow(forms(TEXTS)[form], audience="ks3")
    assert_scans(s, TEXTS, out)
    assert out.to_pylist()[0]["flagged"] is True


def test_scan_arrow_on_a_batch_across_cores_keeps_the_order() -> None:
    s = esafety.TermScanner.default()
    texts = [None if i % 13 == 6 else f"{TEXTS[i % 5] or ''} {i}" for i in range(3_000)]
    assert_scans(s, texts, s.scan_arrow(pa.array(texts, pa.large_string()), audience="ks3"))


def test_scan_arrow_refuses_what_is_not_strings() -> None:
    with pytest.raises(esafety.ArgumentTypeError):
        esafety.TermScanner.default().scan_arrow(pa.array([True]))


def test_what_if_leaves_out_a_none_as_it_leaves_out_what_no_filter_can_check() -> None:
    old = esafety.UrlFilter.default()
    new = esafety.UrlFilter.from_spec({"policy": {"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}}}})
    changes = esafety.what_if(old, new, ["bbc.co.uk", None], audience="ks2")  # type: ignore[list-item]
    assert [c["url"] for c in changes] == ["bbc.co.uk"]


@pytest.mark.parametrize(
    "call",
    [
        lambda f: esafety.what_if(5, f, []),  # type: ignore[arg-type]
        lambda f: esafety.what_if(f, f, None),  # type: ignore[arg-type]
        lambda f: f.check("a.com", scanner="x"),
        lambda f: f.check_many(None),
        lambda f: esafety.UrlFilter.from_sources([], model=1),  # type: ignore[arg-type]
    ],
    ids=["what_if_old", "what_if_urls", "check_scanner", "check_many_none", "from_sources_model"],
)
def test_an_argument_of_the_wrong_type_is_an_esafety_error(call: Any) -> None:
    with pytest.raises(esafety.ArgumentTypeError) as info:
        call(esafety.UrlFilter.default())
    assert info.value.code == "invalid_type"


def test_what_if_lists_the_changed_verdicts() -> None:
    old = esafety.UrlFilter.default()
    new = esafety.UrlFilter.default()
    new.set_policy({"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}}})
    changes = esafety.what_if(old, new, ["bbc.co.uk", "example.com", "pornhub.com", ""], audience="ks2")
    assert [c["url"] for c in changes] == ["bbc.co.uk"]
    change = changes[0]
    assert (change["old_verdict"], change["new_verdict"]) == ("allow", "block")
    assert change["old_rule"] != change["new_rule"]
