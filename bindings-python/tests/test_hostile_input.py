"""Hostile input from Python (issue 11 §2): every case raises an ``esafety.EsafetyError``
subclass with a ``.code`` and the process survives.

Cases that could crash the interpreter (deep or self-containing structures, small thread
stacks) run in a child process, so a crash fails one test instead of the whole run.
"""

import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

import esafety

RECORD = "esafety.ConsentLedger().record('p1', 'mum', 'school_website', 'given', '2025-09-05T09:00:00Z', relationship=X)"
# Each entry point, with `X` standing for the hostile structure.
ENTRY_POINTS = {
    "escalate": "esafety.escalate(X)",
    "from_spec": "esafety.UrlFilter.from_spec(X)",
    "ledger_record": RECORD,
    "ledger_config": "esafety.ConsentLedger(X)",
    "registry_settings": "esafety.Registry(settings=X)",
    "draft_incident": "esafety.draft_incident(X)",
    "draft_incident_context": "esafety.draft_incident({'category': 'bullying'}, X)",
    "filter_record": "esafety.UrlFilter.default().record(X)",
    "from_sources": "esafety.UrlFilter.from_sources(X)",
    "policy_from_json": "esafety.SchoolPolicy.from_json(X)",
    "scanner_from_entries": "esafety.TermScanner.from_entries(X)",
    "scanner_extended": "esafety.TermScanner.default().extended(X)",
}
STRUCTURES = {
    "deep_dict": "X = {}\nc = X\nfor _ in range(30000):\n    c['x'] = {}\n    c = c['x']",
    "deep_list": "L = []\nc = L\nfor _ in range(30000):\n    c.append([])\n    c = c[0]\nX = {'lists': L}",
    "self_dict": "X = {}\nX['a'] = X",
    "self_list": "L = []\nL.append(L)\nX = {'lists': L}",
    # as deep as the binding accepts (64 levels): core must refuse it without exhausting the stack
    "limit_dict": "X = {}\nc = X\nfor _ in range(63):\n    c['x'] = {}\n    c = c['x']",
}
CHILD = """
import json, sys, threading, esafety
{structure}
result = {{}}
def call():
    try:
        {call}
        result["outcome"] = "returned"
    except esafety.EsafetyError as e:
        result["outcome"] = "esafety"
        result["code"] = e.code
    except TypeError as e:
        result["outcome"] = "TypeError"
    except BaseException as e:
        result["outcome"] = type(e).__name__ + ": " + str(e)[:200]
if {threaded}:
    threading.stack_size(256 * 1024)
    t = threading.Thread(target=call)
    t.start()
    t.join()
else:
    call()
print(json.dumps(result))
"""


def run_child(structure: str, call: str, threaded: bool) -> dict[str, Any]:
    source = CHILD.format(structure=structure, call=call, threaded=threaded)
    done = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"the child died ({done.returncode}): {done.stderr[-500:]}"
    import json

    out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return out


@pytest.mark.parametrize("threaded", [False, True], ids=["main", "thread256k"])
@pytest.mark.parametrize("structure", sorted(STRUCTURES))
@pytest.mark.parametrize("entry", sorted(ENTRY_POINTS))
def test_deep_and_cyclic_structures_are_typed_errors(entry: str, structure: str, threaded: bool) -> None:
    out = run_child(STRUCTURES[structure], ENTRY_POINTS[entry], threaded)
    assert out["outcome"] == "esafety", out
    assert out["code"], out


def test_depth_limit_is_core_max_depth_64() -> None:
    def levels(n: int) -> dict[str, Any]:
        d: dict[str, Any] = {}
        for _ in range(n - 1):
            d = {"x": d}
        return d

    for n, too_deep in [(64, False), (65, True), (1000, True)]:
        with pytest.raises(esafety.EsafetyError) as info:
            esafety.escalate(levels(n))
        assert (info.value.code == "input_too_deep") is too_deep, (n, info.value)


SURROGATE = "\ud800"
LEDGER_AT = "2025-09-05T09:00:00Z"
# Every `str` argument, one at a time, given a lone surrogate.
SURROGATE_CALLS: dict[str, Callable[[str], Any]] = {
    "parse_url": lambda s: esafety.parse_url(s),
    "check": lambda s: esafety.UrlFilter.default().check(s),
    "check_audience": lambda s: esafety.UrlFilter.default().check("a.example", audience=s),  # type: ignore[arg-type]
    "check_at": lambda s: esafety.UrlFilter.default().check("a.example", at=s),
    "classify_content": lambda s: esafety.UrlFilter.default().classify_content("a.example", "t", s),
    "squid_log": lambda s: esafety.UrlFilter.default().classify_squid_log(s),
    "from_spec_value": lambda s: esafety.UrlFilter.from_spec({"lists": [{"name": s}]}),
    "from_spec_key": lambda s: esafety.UrlFilter.from_spec({s: 1}),
    "from_sources": lambda s: esafety.UrlFilter.from_sources([{"path": s, "category": "gambling"}]),
    "scan": lambda s: esafety.TermScanner.default().scan(s),
    "scan_report": lambda s: esafety.TermScanner.default().scan_report("x", audience=s),  # type: ignore[arg-type]
    "from_tsv": lambda s: esafety.TermScanner.from_tsv(s),
    "from_file": lambda s: esafety.TermScanner.from_file(s),
    "from_entries": lambda s: esafety.TermScanner.from_entries([(s, "bullying", 2)]),
    "extended_allow": lambda s: esafety.TermScanner.default().extended([], allow=[s]),
    "extended_path": lambda s: esafety.TermScanner.default().extended(s),
    "roster": lambda s: esafety.Roster.from_names([s]),
    "roster_hash": lambda s: esafety.Roster.hash_name("salt", s),
    "search_terms": lambda s: esafety.search_terms(s),
    "record_pupil": lambda s: esafety.ConsentLedger().record(s, "mum", "school_website", "given", LEDGER_AT),
    "record_channel": lambda s: esafety.ConsentLedger().record("p", "mum", s, "given", LEDGER_AT),  # type: ignore[arg-type]
    "record_option": lambda s: esafety.ConsentLedger().record("p", "m", "school_website", "given", LEDGER_AT, method=s),  # type: ignore[arg-type]
    "check_image": lambda s: esafety.ConsentLedger().check_image([s], "school_website", LEDGER_AT),
    "ledger_from_json": lambda s: esafety.ConsentLedger.from_json(s),
    "escalate_text": lambda s: esafety.escalate(s),
    "escalate_dict": lambda s: esafety.escalate({"category": s}),
    "escalate_profile": lambda s: esafety.escalate({}, s),
    "draft_incident_kw": lambda s: esafety.draft_incident({"category": "bullying"}, role=s),
    "profile_from_text": lambda s: esafety.SchoolProfile.from_text("x.toml", s),
    "policy_from_toml": lambda s: esafety.SchoolPolicy.from_toml(s),
    "policy_preset": lambda s: esafety.SchoolPolicy.preset(s),
    "registry_preset": lambda s: esafety.Registry(s),
    "registry_assign": lambda s: esafety.Registry().assign(s, "dsl", "2025-09-01"),
    "registry_decide": lambda s: esafety.Registry().decide("p", "view", "2025-09-01T00:00:00Z", device=s),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", sorted(SURROGATE_CALLS))
def test_lone_surrogates_are_typed_errors(name: str) -> None:
    with pytest.raises(esafety.EsafetyError) as info:
        SURROGATE_CALLS[name](SURROGATE)
    assert info.value.code, info.value


BIG = [2**70, -(2**70)]


@pytest.mark.parametrize("value", BIG + [float("nan"), float("inf")], ids=["2**70", "-2**70", "nan", "inf"])
def test_out_of_range_numbers_are_typed_errors(value: Any) -> None:
    calls: list[Callable[[], Any]] = [
        lambda: esafety.ConsentLedger().record_pupil_voice("p", "school_website", "refused", LEDGER_AT, age=value),
        lambda: esafety.escalate({"subjects": [{"role": "pupil", "age": value}], "tags": ["cyberbullying"]}),
        lambda: esafety.draft_incident({"category": "bullying"}, age=value),
        lambda: esafety.TermScanner.from_entries([("kill", "violence", value)]),
        lambda: esafety.TermScanner.default().extended([("kill", "violence", value)]),
    ]
    for call in calls:
        with pytest.raises(esafety.EsafetyError) as info:
            call()
        assert info.value.code, info.value
    # beyond 64 bits an integer is the float JSON text would give: core's own code
    with pytest.raises(esafety.EsafetyError) as age:
        alert = {"category": "bullying", "term": "x", "severity": 2}
        esafety.draft_incident(alert, age=value, at=LEDGER_AT, role="pupil")
    expected = "invalid_number" if isinstance(value, float) else "incident_invalid_value"
    assert age.value.code == expected


@pytest.mark.parametrize(
    "load",
    [
        lambda p: esafety.TermScanner.from_file(p),
        lambda p: esafety.TermScanner.default().extended(p),
        lambda p: esafety.SchoolProfile.from_file(p),
        lambda p: esafety.SchoolPolicy.from_file(p),
        lambda p: esafety.UrlFilter.from_sources([{"path": p, "format": "hosts", "category": "gambling"}]),
    ],
    ids=["term_list", "extended", "profile", "policy", "from_sources"],
)
def test_endless_files_fail_fast_with_a_typed_error(load: Callable[[str], Any]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    started = time.monotonic()
    with pytest.raises(esafety.IoError) as info:
        load("/dev/zero")
    assert info.value.code == "file_too_large"
    assert time.monotonic() - started < 3  # a second on an idle machine; CI is shared


@pytest.mark.parametrize(
    "load",
    [
        lambda p: esafety.TermScanner.from_file(p),
        lambda p: esafety.TermScanner.default().extended(p),
        lambda p: esafety.SchoolPolicy.from_file(p),
    ],
    ids=["term_list", "extended", "policy"],
)
def test_files_that_are_not_utf8_are_refused(tmp_path: Path, load: Callable[[str], Any]) -> None:
    # Latin-1 `café`: decoding with replacement would quietly change what the file says.
    path = tmp_path / "latin1.tsv"
    path.write_bytes(b"caf\xe9\tdrugs\t3\n")
    with pytest.raises(esafety.IoError) as info:
        load(str(path))
    assert info.value.code == "file_not_utf8"
    assert "at byte 3" in str(info.value)


def test_a_list_line_that_is_not_utf8_is_reported_not_loaded(tmp_path: Path) -> None:
    path = tmp_path / "hosts"
    path.write_bytes(b"0.0.0.0 caf\xe9.test\n0.0.0.0 casino.test\n")
    f = esafety.UrlFilter.from_sources([{"path": str(path), "format": "hosts", "category": "gambling"}])
    assert f.check("http://casino.test/", audience="ks2").verdict == "block"
    assert "not_utf8" in str(f.load_report())


def test_term_lists_too_large_to_compile_fail_fast_with_a_typed_error() -> None:
    # Numbered terms build in quadratic time: a million of them would take many minutes.
    numbered = "".join(f"w{i}\tbullying\t2\n" for i in range(1_000_000))
    started = time.monotonic()
    with pytest.raises(esafety.ScannerError) as info:
        esafety.TermScanner.from_tsv(numbered, "numbered.tsv")
    assert info.value.code == "scanner_list_too_large"
    assert "at most 100000 patterns" in str(info.value)
    assert time.monotonic() - started < 10  # under a second here; CI is shared


def test_missing_files_are_io_errors(tmp_path: Path) -> None:
    with pytest.raises(esafety.IoError):
        esafety.TermScanner.default().extended(tmp_path / "missing.tsv")
    with pytest.raises(esafety.IoError):
        esafety.UrlFilter.from_directory(tmp_path / "missing")


@pytest.mark.parametrize("pupil", ["p\x00", "p\x1b", "p\n1"])
def test_control_characters_in_consent_ids(pupil: str) -> None:
    ledger = esafety.ConsentLedger()
    for call in (
        lambda: ledger.record(pupil, "mum", "school_website", "given", LEDGER_AT),
        lambda: ledger.record("p1", pupil, "school_website", "given", LEDGER_AT),
        lambda: ledger.state(pupil, "school_website", LEDGER_AT),
    ):
        with pytest.raises(esafety.ConsentError) as info:
            call()
        assert info.value.code == "consent_invalid_id"
    assert len(ledger) == 0


def test_wrong_types_are_both_type_errors_and_esafety_errors() -> None:
    calls: list[Callable[[], Any]] = [
        lambda: esafety.ConsentLedger().record({"a": {}}, "mum", "school_website", "given", LEDGER_AT),  # type: ignore[arg-type]
        lambda: esafety.ConsentLedger().record("p", "m", "school_website", "given", LEDGER_AT, relationship={}),  # type: ignore[arg-type]
        lambda: esafety.escalate(42),  # type: ignore[arg-type]
        lambda: esafety.TermScanner.from_entries([("kill", "violence")]),  # type: ignore[list-item]
        lambda: esafety.UrlFilter.default().check_many("one.example"),  # type: ignore[arg-type]
        lambda: esafety.ConsentLedger().check_image(["p"], "school_website", LEDGER_AT, names_shown=None),  # type: ignore[arg-type]
        lambda: esafety.ConsentLedger().check_image(["p"], "school_website", LEDGER_AT, names_shown=1),  # type: ignore[arg-type]
        lambda: esafety.Registry().publish_aup("staff", "1", "2025-09-01", material=1),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(esafety.ArgumentTypeError) as info:
            call()
        assert isinstance(info.value, TypeError) and isinstance(info.value, esafety.EsafetyError)
        assert info.value.code == "invalid_type"


def test_dicts_and_unordered_batches_are_refused_not_iterated() -> None:
    """A dict's keys are not a list, and a set has no order for answers "in input order"."""
    url_filter = esafety.UrlFilter.default()
    old, new = esafety.UrlFilter.default(), esafety.UrlFilter.default()
    scanner = esafety.TermScanner.default()
    calls: list[Callable[[], Any]] = [
        lambda: url_filter.check_many({"https://one.example/": 1}),  # type: ignore[arg-type]
        lambda: url_filter.check_many({"https://one.example/"}),  # type: ignore[arg-type]
        lambda: url_filter.classify_arrow({"https://one.example/"}),
        lambda: scanner.scan_arrow({"a text": 1}),
        lambda: esafety.what_if(old, new, {"https://one.example/"}),  # type: ignore[arg-type]
        lambda: esafety.ConsentLedger().check_image({"p1": "mum"}, "school_website", LEDGER_AT),
        lambda: esafety.Registry().publish_aup("staff", "1", "2025-09-01", clauses={"b", "a"}),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(esafety.ArgumentTypeError) as info:
            call()
        assert info.value.code == "invalid_type"
    # Where order does not matter, a set is read: the pupils in one image.
    decision = esafety.ConsentLedger().check_image({"p1", "p2"}, "school_website", LEDGER_AT)
    assert sorted(decision.blocked_by) == ["p1", "p2"]


def test_a_lone_surrogate_fails_its_item_never_the_batch() -> None:
    # A log read with errors="surrogateescape" holds one such string among good ones.
    urls = ["https://www.bet365.com/", "http://caf\udce9.example/", "https://pornhub.com/"]
    f = esafety.UrlFilter.default()
    many = f.check_many(urls, audience="ks2")
    assert [type(r).__name__ for r in many] == ["Decision", "ItemError", "Decision"]
    bad = many[1]
    assert isinstance(bad, esafety.ItemError)
    assert (bad.index, bad.code) == (1, "invalid_string")
    assert [getattr(r, "verdict", None) for r in (many[0], many[2])] == ["block", "block"]
    rows = f.classify_arrow(urls, audience="ks2").to_pylist()
    assert [r["error"] for r in rows] == [None, "invalid_string", None]
    assert [r["verdict"] for r in rows] == ["block", None, "block"]
    scans = esafety.TermScanner.default().scan_arrow(["hello", "caf\udce9", "kill myself"]).to_pylist()
    assert [r["error"] for r in scans] == [None, "invalid_string", None]
