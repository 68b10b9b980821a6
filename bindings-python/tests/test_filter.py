"""The web filter from Python: vectors, the exact names of issue 6, errors and batches."""

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

import esafety
from vectors import cases, check

FILTER_CASES = cases("filter")


def run(input: dict[str, Any]) -> Any:
    spec = input.get("filter")
    f = esafety.UrlFilter.default() if spec is None else esafety.UrlFilter.from_spec(spec)
    registry = None
    if "registry" in input:
        registry = esafety.Registry()
        for op in input["registry"]:
            if op["op"] == "assign":
                registry.assign(op["person"], op["role"], op["since"],
                                deputy_for=op.get("deputy_for"), audience=op.get("audience"))
            else:
                registry.unassign(op["person"], op["role"], op["until"])
    if "set_policy" in input:
        f.set_policy(input["set_policy"])
    for change in input.get("policy_changes", []):
        assert registry is not None
        f.change_policy(change, registry)
    for event in input.get("overrides", []):
        if registry is None:
            f.record(event)
        else:
            f.record(event, registry=registry)
    if "check" in input:
        c = input["check"]
        scanner = esafety.TermScanner.default() if c.get("scan") else None
        return f.check(c["url"], audience=c.get("audience", "ks2"), at=c.get("at"), scanner=scanner).to_dict()
    if "check_many" in input:
        c = input["check_many"]
        decisions = f.check_many(c["urls"], audience=c.get("audience", "ks2"), at=c.get("at"))
        return {
            "decisions": [
                {"item_error": d.to_dict()} if isinstance(d, esafety.ItemError) else d.to_dict()
                for d in decisions
            ]
        }
    if "squid_log" in input:
        log = input["squid_log"]
        return f.classify_squid_log(log["text"], audiences=log.get("audiences"))
    if "classify_content" in input:
        page = input["classify_content"]
        return f.classify_content(
            page["url"], page.get("title", ""), page.get("text", ""), audience=page.get("audience", "ks2")
        ).to_dict()
    if "load_report" in input:
        return f.load_report()
    if "change_log" in input:
        return f.change_log()
    raise AssertionError(f"no action in {input!r}")


@pytest.mark.parametrize("input,expect", [c[1:] for c in FILTER_CASES], ids=[c[0] for c in FILTER_CASES])
def test_filter_vectors(input: dict[str, Any], expect: dict[str, Any]) -> None:
    check(run, input, expect)


def test_issue_names() -> None:
    f = esafety.UrlFilter.default()
    d = f.check("https://www.bet365.com/", audience="ks2", at=None)
    assert isinstance(d, esafety.Decision)
    assert d.verdict == "block"
    assert d.categories == ["gambling"]
    assert d.rule == "esafety/gambling.domains:2"
    assert "gambling" in d.reason
    assert d.search_terms is None and d.rewrite is None
    as_dict = d.to_dict()
    assert as_dict["verdict"] == "block" and as_dict["categories"] == ["gambling"]
    s = f.check("https://www.google.com/search?q=red+kites")
    assert s.verdict == "safe_search"
    assert s.search_terms == "red kites"
    assert s.rewrite == "https://www.google.com/search?q=red+kites&safe=active"
    many = f.check_many(["pornhub.com", "https://www.bbc.co.uk/"], audience="ks2")
    assert [m.verdict for m in many if isinstance(m, esafety.Decision)] == ["block", "allow"]


def test_at_accepts_datetimes_and_strings() -> None:
    f = esafety.UrlFilter.from_spec(
        {
            "policy": {
                "audiences": {
                    "staff": {
                        "block_categories": ["social_networks"],
                        "windows": [{"from": "12:00", "to": "13:00", "allow_categories": ["social_networks"]}],
                    }
                }
            }
        }
    )
    lunch = datetime(2026, 6, 1, 11, 30, tzinfo=timezone.utc)
    assert f.check("facebook.com", audience="staff", at=lunch).verdict == "allow"
    assert f.check("facebook.com", audience="staff", at="2026-06-01T13:30:00Z").verdict == "block"
    with pytest.raises(esafety.EsafetyError) as info:
        f.check("facebook.com", audience="staff", at=datetime(2026, 6, 1, 11, 30))
    assert info.value.code == "naive_datetime"


def test_invalid_url_raises_value_error_with_code() -> None:
    f = esafety.UrlFilter.default()
    with pytest.raises(ValueError) as info:
        f.check("http://exa mple.com/")
    err = info.value
    assert isinstance(err, esafety.EsafetyError)
    assert err.code == "url_invalid_host"
    ok, bad = f.check_many(["ok.example", ""])
    assert isinstance(ok, esafety.Decision) and ok.verdict == "allow"
    assert isinstance(bad, esafety.ItemError)
    assert (bad.index, bad.input, bad.code) == (1, "", "url_empty")
    assert bad.message
    # A None is an ItemError in its place (as a null row of classify_arrow), not a TypeError
    # for the whole batch.
    good, missing, last = f.check_many(["ok.example", None, "pornhub.com"])
    assert isinstance(missing, esafety.ItemError)
    assert (missing.index, missing.input, missing.code) == (1, "", "input_null")
    assert isinstance(good, esafety.Decision) and isinstance(last, esafety.Decision)
    assert good.verdict == "allow" and last.verdict == "block"
    with pytest.raises(TypeError):
        f.check_many(["ok.example", 42])  # type: ignore[arg-type]
    with pytest.raises(esafety.FilterError):
        f.check_many(["ok.example"], audience="year9")  # type: ignore[arg-type]
    with pytest.raises(esafety.FilterError) as unknown:
        f.check("example.com", audience="year9")  # type: ignore[arg-type]
    assert unknown.value.code == "filter_unknown_audience"
    assert f.check("example.com").verdict == "allow"


def test_overrides_and_change_log() -> None:
    f = esafety.UrlFilter.default()
    f.record({"type": "request", "id": "u1", "action": "unblock", "target": "roblox.com", "audiences": ["ks1"],
              "requested_by": "staff-17", "at": "2026-01-05T09:00:00Z", "reason": "coding club"})
    with pytest.raises(esafety.FilterError) as info:
        f.record({"type": "approve", "id": "u1", "approved_by": "t1", "approver_role": "teacher",
                  "at": "2026-01-05T10:00:00Z"})
    assert info.value.code == "filter_approver_not_slt"
    state = f.record({"type": "approve", "id": "u1", "approved_by": "h1", "approver_role": "headteacher",
                      "at": "2026-01-05T10:00:00Z"})
    assert state["status"] == "approved"
    d = f.check("roblox.com", audience="ks1")
    assert (d.verdict, d.rule) == ("allow", "override:u1")
    log = f.change_log()
    assert [e["type"] for e in log["events"]] == ["request", "approve"]
    with pytest.raises(esafety.FilterError) as locked:
        f.record({"type": "request", "id": "x", "action": "unblock", "target": "csam-test.esafety.invalid",
                  "audiences": ["staff"], "requested_by": "s", "at": "2026-01-05T09:00:00Z", "reason": "no"})
    assert locked.value.code == "filter_illegal_category_locked"


def test_from_directory(tmp_path: Path) -> None:
    (tmp_path / "gambling").mkdir()
    (tmp_path / "gambling" / "domains").write_text("casino.example\nbad line\n")
    (tmp_path / "gambling" / "usage").write_text("black\n")
    (tmp_path / "bank").mkdir()
    (tmp_path / "bank" / "domains").write_text("bank.example\n")
    (tmp_path / "SOURCE.md").write_text("# source\n")
    f = esafety.UrlFilter.from_directory(tmp_path)
    d = f.check("https://www.casino.example/", audience="ks2")
    assert (d.verdict, d.categories, d.rule) == ("block", ["gambling"], "gambling/domains:1")
    assert f.check("bank.example").categories == ["ut1:bank"]
    report = f.load_report()
    gambling = next(r for r in report["files"] if r["file"] == "gambling/domains")
    assert gambling["rejected"] == [{"line": 2, "text": "bad line", "code": "line_has_spaces"}]
    assert report["skipped_files"] == [{"path": "SOURCE.md", "reason": "not a UT1 list file"}]
    with pytest.raises(esafety.FilterError) as strict:
        esafety.UrlFilter.from_directory(tmp_path, strict=True)
    assert strict.value.code == "filter_rejected_line"
    with pytest.raises(esafety.IoError):
        esafety.UrlFilter.from_directory(tmp_path / "missing")


def test_real_ut1_directory() -> None:
    ut1 = Path(__file__).resolve().parents[3] / "shared" / "data" / "url-categories" / "ut1"
    if not ut1.is_dir():
        pytest.skip("../shared/data not found")
    f = esafety.UrlFilter.from_directory(ut1)
    assert f.domain_rule_count > 800_000
    report = f.load_report()
    assert report["lines"] == report["accepted"] + report["ignored"] + report["rejected"]
    assert f.check("https://www.bet365.com/").verdict == "block"


def test_override_approval_comes_from_the_registry() -> None:
    registry = esafety.Registry()
    registry.assign("head", "headteacher", "2025-09-01")
    registry.assign("tech", "it_provider", "2025-09-01")
    registry.assign("t1", "all_staff", "2025-09-01")
    f = esafety.UrlFilter.default()
    f.record({"type": "request", "id": "u1", "action": "unblock", "target": "roblox.com", "audiences": ["ks1"],
              "requested_by": "t1", "at": "2025-10-01T09:00:00Z", "reason": "coding club"}, registry=registry)
    approve = {"type": "approve", "id": "u1", "at": "2025-10-01T10:00:00Z"}
    with pytest.raises(esafety.FilterError) as e:
        f.record({**approve, "approved_by": "tech", "approver_role": "headteacher"}, registry=registry)
    assert e.value.code == "filter_approver_not_authorised"
    with pytest.raises(esafety.FilterError) as e:
        f.record({**approve, "approved_by": "t1", "approver_role": "slt"})
    assert e.value.code == "filter_self_approval"
    state = f.record({**approve, "approved_by": "head"}, registry=registry)
    assert state["decider_role"] == "headteacher" and state["authorisation"] == "registry"
    with pytest.raises(esafety.FilterError) as e:
        f.change_policy({"id": "p1", "requested_by": "tech", "approved_by": "tech", "at": "2025-10-02T10:00:00Z",
                         "reason": "x", "policy": {}}, registry)
    assert e.value.code == "filter_self_approval"
    f.change_policy({"id": "p1", "requested_by": "tech", "approved_by": "head", "at": "2025-10-02T10:00:00Z",
                     "reason": "parents' complaint", "policy": {"audiences": {"ks2": {"block_list": ["news.test"]}}}},
                    registry)
    assert f.check("news.test", "ks2").verdict == "block"
    f.set_policy({})
    events = f.change_log()["events"]
    assert [e["type"] for e in events] == ["request", "approve", "policy_change", "policy_change"]
    assert events[2]["authorisation"] == "registry" and events[2]["approver_role"] == "headteacher"
    assert events[3]["authorisation"] == "unverified" and events[3]["approved_by"] is None


def test_from_sources_merges_lists_with_provenance(tmp_path: Path) -> None:
    (tmp_path / "adult.hosts").write_text("# list\n0.0.0.0 adult-one.test\n", encoding="utf-8")
    (tmp_path / "bets.txt").write_text("||bet-one.test^\n", encoding="utf-8")
    ut1 = tmp_path / "ut1" / "drugs"
    ut1.mkdir(parents=True)
    (ut1 / "domains").write_text("weed-one.test\n", encoding="utf-8")
    f = esafety.UrlFilter.from_sources(
        [
            {"path": str(tmp_path / "adult.hosts"), "format": "hosts", "category": "pornography"},
            {"path": str(tmp_path / "bets.txt"), "format": "auto", "category": "gambling"},
            {"path": tmp_path / "ut1", "format": "ut1", "category": None},
        ],
        model=False,
    )
    adult = f.check("https://adult-one.test/", audience="ks2")
    assert (adult.verdict, adult.categories) == ("block", ["pornography"])
    assert adult.rule.endswith("adult.hosts:2")
    bet = f.check("https://www.bet-one.test/x", audience="ks2")
    assert bet.categories == ["gambling"] and bet.rule.endswith("bets.txt:1")
    assert f.check("weed-one.test", audience="ks2").categories == ["drugs"]
    # the embedded defaults are still there
    assert f.check("https://www.bet365.com/", audience="ks2").verdict == "block"
    assert f.check("https://unlisted-site.test/", audience="ks2").predicted is False


@pytest.mark.parametrize(
    "source,code",
    [
        ({"path": "adult.hosts", "format": "hosts"}, "filter_invalid_spec"),
        ({"path": "adult.hosts", "format": "hosts", "category": "naughty"}, "filter_unknown_category"),
        ({"path": "adult.hosts", "format": "zonefile", "category": "gambling"}, "filter_unknown_list_format"),
    ],
)
def test_from_sources_errors(tmp_path: Path, source: dict[str, Any], code: str) -> None:
    (tmp_path / "adult.hosts").write_text("0.0.0.0 a.test\n", encoding="utf-8")
    source = {**source, "path": str(tmp_path / source["path"])}
    with pytest.raises(esafety.FilterError) as info:
        esafety.UrlFilter.from_sources([source])
    assert info.value.code == code
    with pytest.raises(esafety.IoError):
        esafety.UrlFilter.from_sources([{"path": str(tmp_path / "missing"), "category": "gambling"}])


def test_category_ids_are_the_filter_ids() -> None:
    ids = esafety.UrlFilter.category_ids()
    assert {"pornography", "gambling", "drugs"} <= set(ids)
    assert len(ids) == len(set(ids))


def test_the_model_judges_unlisted_hosts_and_says_so() -> None:
    f = esafety.UrlFilter.from_sources([])
    d = f.check("https://free-casino-slots-bonus.example/", audience="ks2")
    assert d.predicted is True and d.categories == ["gambling"]
    assert d.confidence is not None and 0.0 < d.confidence <= 1.0
    assert d.evidence and all(isinstance(e, str) for e in d.evidence)
    listed = f.check("https://www.bet365.com/", audience="ks2")
    assert (listed.predicted, listed.confidence) == (False, None)
    off = esafety.UrlFilter.from_sources([], model=False).check("https://free-casino-slots-bonus.example/")
    assert off.predicted is False and off.verdict == "allow"


def test_check_with_a_scanner_puts_search_matches_on_the_decision() -> None:
    f = esafety.UrlFilter.default()
    url = "https://www.google.com/search?q=a&q=how+to+kill+myself"
    assert f.check(url, audience="ks3").search_matches == []
    d = f.check(url, audience="ks3", at=None, scanner=esafety.TermScanner.default())
    assert [(m.term, m.category) for m in d.search_matches] == [("kill myself", "suicide")]
    assert isinstance(d.search_matches[0], esafety.Match)
    with pytest.raises(TypeError):
        f.check(url, scanner="default")  # type: ignore[arg-type]
    many = f.check_many([url, "https://www.bbc.co.uk/", ""], audience="ks3", scanner=esafety.TermScanner.default())
    first = many[0]
    assert isinstance(first, esafety.Decision) and first.search_matches == d.search_matches
    assert isinstance(many[1], esafety.Decision) and many[1].search_matches == []
    assert isinstance(many[2], esafety.ItemError)


def test_search_match_offsets_slice_the_search_terms_as_a_scan_does() -> None:
    f, scanner = esafety.UrlFilter.default(), esafety.TermScanner.default()
    url = "https://www.google.com/search?q=%F0%9F%94%AA+knife+%C3%A9+kill+myself"
    for d in [f.check(url, audience="ks3", scanner=scanner), f.check_many([url], audience="ks3", scanner=scanner)[0]]:
        assert isinstance(d, esafety.Decision) and d.search_terms is not None and d.search_matches
        terms = d.search_terms
        assert [terms[m.start : m.end] for m in d.search_matches] == [m.matched_text for m in d.search_matches]
        assert [(m.start, m.end) for m in d.search_matches] == [(m.start, m.end) for m in scanner.scan(terms, audience="ks3")]


def test_classify_content() -> None:
    f = esafety.UrlFilter.default()
    text = "Best online casino bonus: roulette, blackjack and slots. Place your bets at our online casino."
    d = f.classify_content("https://unlisted.example/", "Online casino", text, audience="ks2")
    assert isinstance(d, esafety.Decision)
    assert (d.verdict, d.categories, d.rule) == ("block", ["gambling"], "content:gambling")
    assert any(e.startswith("online casino") for e in d.evidence)
    calm = f.classify_content("https://unlisted.example/", "Birds", "Red kites nest in tall trees.")
    assert calm.verdict == "allow"
    with pytest.raises(esafety.FilterError):
        f.classify_content("https://unlisted.example/", "", "", audience="year9")  # type: ignore[arg-type]


@pytest.mark.parametrize("enabled", [True, False])
def test_batches_leave_the_garbage_collector_as_they_found_it(enabled: bool) -> None:
    # A batch pauses the cyclic collector while it builds its records, then restores it.
    import gc

    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        urls = ["pornhub.com", "", "bbc.co.uk"] * 200
        results = esafety.UrlFilter.default().check_many(urls, audience="ks2")
        assert [type(r).__name__ for r in results[:3]] == ["Decision", "ItemError", "Decision"]
        assert len(results) == len(urls)
        assert gc.isenabled() is enabled
        esafety.TermScanner.default().scan("I want to kill myself", audience="ks3")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
