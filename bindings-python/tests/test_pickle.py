"""Engines pickle and copy through their documents: the copy decides as the original did;
an engine that cannot be rebuilt from a document raises TypeError saying why."""

import copy
import pathlib
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

import esafety

T = TypeVar("T")
AT = "2025-10-01T09:00:00Z"
URLS = ["https://www.bet365.com/", "https://www.bbc.co.uk/", "pornhub.com", "roblox.com", "http://[::1"]


def copies(engine: T) -> list[T]:
    """The engine through pickle (every protocol), copy.copy and copy.deepcopy."""
    pickled = [pickle.loads(pickle.dumps(engine, protocol=p)) for p in (2, pickle.HIGHEST_PROTOCOL)]
    return [*pickled, copy.copy(engine), copy.deepcopy(engine)]


def same(engine: T, behaviour: Callable[[T], Any]) -> None:
    expected = behaviour(engine)
    for other in copies(engine):
        assert type(other) is type(engine) and other is not engine
        assert behaviour(other) == expected


def filter_decisions(f: esafety.UrlFilter) -> list[Any]:
    return [d.to_dict() for d in f.check_many(URLS, audience="ks2")]


def test_registry_round_trips_with_its_state() -> None:
    r = esafety.Registry("kilby", aup_refresh={"every_days": 180})
    r.assign("head", "headteacher", "2025-09-01")
    r.assign("t1", "all_staff", "2025-09-01")
    r.publish_aup("staff", "v1", "2025-09-01", clauses=["Be kind."])
    r.sign("t1", "staff", "v1", "2025-09-02T09:00:00Z")
    same(r, lambda x: (x.to_json(), x.decide("t1", "search_pupil_device", AT).to_dict(),
                       x.may_access_systems("t1", AT).to_dict(), x.who_must_sign(AT), x.settings))
    clone = copy.copy(r)
    clone.assign("t2", "all_staff", "2025-09-01")
    assert "t2" not in r.to_json(), "a copy is independent of the original"


def test_consent_ledger_round_trips_with_its_config_and_chain() -> None:
    ledger = esafety.ConsentLedger(config={"channels": ["school_website", "printed_publications"]})
    ledger.record("p1", "c1", "school_website", "given", "2025-09-05T09:00:00Z", relationship="mother")
    ledger.restrict("p2", "adopted", "2025-09-05T09:00:00Z")
    same(ledger, lambda x: (x.to_json(), x.head_hash, len(x), x.state("p1", "school_website", AT),
                            x.check_image(["p1", "p2"], "school_website", AT).to_dict(),
                            x.consent_form("p1", "c1", AT), x.warnings))
    # A ledger read without its seal checked stays so through pickle and copy.
    unsealed = esafety.ConsentLedger.from_json(ledger.to_json())
    same(unsealed, lambda x: (x.warnings, x.check_image(["p1"], "school_website", AT).to_dict()))
    assert unsealed.warnings == ["consent_export_unsealed"]


@pytest.mark.parametrize("make", [
    lambda: esafety.UrlFilter.default(),
    lambda: esafety.UrlFilter.default(policy="kilby"),
    lambda: esafety.UrlFilter.default(policy=esafety.SchoolPolicy.preset("whitwell")),
    lambda: esafety.UrlFilter.from_spec({"lists": [{"label": "own", "format": "domains", "categories": ["gambling"],
                                                    "text": "roblox.com\n"}]}),
], ids=["default", "preset", "policy", "spec"])
def test_url_filter_round_trips_from_its_document(make: Callable[[], esafety.UrlFilter]) -> None:
    same(make(), lambda f: (filter_decisions(f), f.domain_rule_count, f.load_report()))


def test_a_policy_given_as_a_dict_is_kept_as_it_was() -> None:
    document = esafety.SchoolPolicy.preset("kilby").to_dict()
    f = esafety.UrlFilter.default(policy=document)
    document.clear()  # the caller's dict changing later changes nothing
    assert filter_decisions(pickle.loads(pickle.dumps(f))) == filter_decisions(f)


def test_url_filter_from_spec_keeps_its_own_lists() -> None:
    spec = {"lists": [{"label": "own", "format": "domains", "categories": ["gambling"], "text": "roblox.com\n"}]}
    f = pickle.loads(pickle.dumps(esafety.UrlFilter.from_spec(spec)))
    assert f.check("roblox.com", audience="ks2").verdict == "block"
    assert esafety.UrlFilter.default().check("roblox.com", audience="ks2").verdict != "block"


def test_url_filter_that_cannot_be_rebuilt_says_why(tmp_path: pathlib.Path) -> None:
    (tmp_path / "gambling").mkdir()
    (tmp_path / "gambling" / "domains").write_text("example.org\n")
    with pytest.raises(TypeError, match="read from files"):
        pickle.dumps(esafety.UrlFilter.from_directory(tmp_path))
    f = esafety.UrlFilter.default()
    f.set_policy({})
    for attempt in (pickle.dumps, copy.copy, copy.deepcopy):
        with pytest.raises(TypeError, match="change log"):
            attempt(f)


SCANNER_TEXTS = ["I want to kill myself", "you are such a loser", "k1ll y0urself", "Jo Smith is here", "skibidi"]


@pytest.mark.parametrize("make", [
    lambda: esafety.TermScanner.default(),
    lambda: esafety.TermScanner.default(policy="kilby"),
    lambda: esafety.TermScanner.from_tsv("skibidi\tbullying\t2\n", "own.tsv"),
    lambda: esafety.TermScanner.from_entries([("skibidi", "bullying", 2)], allow=["skibidi toilet"]),
    lambda: esafety.TermScanner.default().extended([("skibidi", "bullying", 2)]),
    lambda: esafety.TermScanner.default().with_roster(esafety.Roster.from_names(["Jo Smith"])),
    lambda: esafety.TermScanner.default().with_roster(
        esafety.Roster.from_hashes("salt", [esafety.Roster.hash_name("salt", "Jo")])),
], ids=["default", "policy", "tsv", "entries", "extended", "roster", "hashed_roster"])
def test_term_scanner_round_trips_from_its_lists(make: Callable[[], esafety.TermScanner]) -> None:
    same(make(), lambda s: ([[m.to_dict() for m in s.scan(t, audience="ks3")] for t in SCANNER_TEXTS], len(s)))


def test_term_scanner_from_files_keeps_the_text_it_read(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "own.tsv"
    path.write_text("skibidi\tbullying\t2\n")
    scanners = [esafety.TermScanner.from_file(path), esafety.TermScanner.default().extended(path)]
    blobs = [pickle.dumps(s) for s in scanners]
    path.unlink()  # the copies need the text, not the file
    for scanner, blob in zip(scanners, blobs):
        assert [m.to_dict() for m in pickle.loads(blob).scan("skibidi")] == [m.to_dict() for m in scanner.scan("skibidi")]


def test_roster_round_trips() -> None:
    same(esafety.Roster.from_names(["Jo Smith"]), lambda r: (len(r), r.contains("jo"), r.contains("smith")))


@pytest.mark.parametrize("make", [
    lambda: esafety.SchoolProfile.national(),
    lambda: esafety.SchoolProfile.preset("kilby"),
    lambda: esafety.SchoolProfile.from_text("school.toml", 'id = "x"\n[settings]\nparents_told_of_filtering_breaches = false\n'),
], ids=["national", "preset", "text"])
def test_school_profile_round_trips(make: Callable[[], esafety.SchoolProfile]) -> None:
    incident = {"reported_at": AT, "reporter": "all_staff", "subjects": [{"role": "pupil", "age": 12}],
                "alleged": "pupil", "tags": ["cyberbullying"]}
    same(make(), lambda p: (p.to_dict(), esafety.escalate(incident, p).to_dict()))


def test_school_policy_round_trips() -> None:
    same(esafety.SchoolPolicy.preset("kilby"), lambda p: p.to_dict())


def test_results_compare_and_hash_by_value_and_pickle() -> None:
    url = "HTTP://Example.COM./a/../b"
    assert esafety.parse_url(url) == esafety.parse_url(url)
    assert hash(esafety.parse_url(url)) == hash(esafety.parse_url(url))
    decision = esafety.UrlFilter.default().check("https://www.bet365.com/", audience="ks2")
    for other in copies(decision):
        assert other == decision and hash(other) == hash(decision)
    report = esafety.TermScanner.default().scan_report("I want to kill myself", audience="ks3")
    again = esafety.TermScanner.default().scan_report("I want to kill myself", audience="ks3")
    assert report == again and hash(report) == hash(again) and len({report, again, decision}) == 2
    assert report != esafety.TermScanner.default().scan_report("I want to kill myself", audience="staff")
