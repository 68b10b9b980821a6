"""The result records are the generated wire dataclasses: checked, comparable, picklable."""

import copy
import dataclasses
import json
import pickle

import pytest

import esafety
from esafety import _wire
from esafety._record import _Record


def test_results_are_the_generated_records() -> None:
    d = esafety.UrlFilter.default().check("https://www.bet365.com/")
    assert type(d) is _wire.Decision is esafety.Decision
    assert dataclasses.is_dataclass(d)
    assert d.audience == "ks2"  # core's default audience, the binding names none
    assert esafety.Decision.from_dict(d.to_dict()) == d
    assert pickle.loads(pickle.dumps(d)) == d and copy.deepcopy(d) == d
    assert d["verdict"] == d.verdict == "block"
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.verdict = "allow"  # type: ignore[misc]


def test_to_json_is_compact_in_core_field_order() -> None:
    d = esafety.UrlFilter.default().check("https://www.google.com/search?q=red+kites")
    text = d.to_json()
    assert json.loads(text) == d.to_dict()
    assert text == json.dumps(d.to_dict(), separators=(",", ":"), ensure_ascii=False)
    # The order core's serde writes (the struct's declaration order).
    assert list(json.loads(text)) == ["verdict", "url", "host", "audience", "categories", "rule", "reason",
                                      "source", "matches", "search_terms", "rewrite", "safe_search", "lookalike",
                                      "search_matches", "predicted", "confidence", "evidence"]


def test_from_dict_refuses_unknown_keys_and_wrong_types() -> None:
    m = esafety.TermScanner.default().scan("i want to kill myself", "ks3")[0]
    with pytest.raises(TypeError, match="unknown key"):
        esafety.Match.from_dict({**m.to_dict(), "colour": "red"})
    with pytest.raises(TypeError, match="missing key"):
        esafety.Match.from_dict({"term": "x"})
    with pytest.raises(TypeError, match="Match.severity"):
        esafety.Match.from_dict({**m.to_dict(), "severity": "high"})
    report = esafety.TermScanner.default().scan_report("i want to die", "ks3")
    with pytest.raises(ValueError, match="year9"):
        esafety.ScanReport.from_dict({**report.to_dict(), "audience": "year9"})


def test_conventions_kept_for_earlier_names() -> None:
    ledger = esafety.ConsentLedger()
    denied = ledger.check_image(["p1"], "school_website", "2026-01-09T10:00:00Z")
    assert not denied and denied.allowed is False
    plan = esafety.escalate({"subjects": [{"role": "pupil", "age": 14}], "tags": ["cyberbullying"]})
    assert isinstance(plan.steps[0], esafety.Step)
    assert str(plan) == plan.to_text() and plan.to_text().startswith("==")
    assert str(esafety.parse_url("HTTP://Example.COM./a/../b")) == "http://example.com/b"
    assert esafety.draft_incident(esafety.UrlFilter.default().check("https://www.bet365.com/"),
                                  at="2026-01-09T10:00:00Z") is not None


def test_omitted_options_take_core_defaults() -> None:
    ledger = esafety.ConsentLedger()
    ledger.record("p1", "mum", "school_website", "given", "2026-01-05T09:00:00Z", method=None)
    assert ledger.state("p1", "school_website", "2026-01-06T09:00:00Z") == "given"
    with pytest.raises(TypeError, match="colour"):
        ledger.record("p1", "mum", "school_website", "given", "2026-01-05T09:00:00Z", colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ledger.record("p1", "mum", "school_website", "given", "2026-01-05T09:00:00Z",
                      parental_responsibility="yes")  # type: ignore[arg-type]
    registry = esafety.Registry()
    aup = registry.publish_aup("staff", "1", "2025-09-01")
    assert aup["material"] is True
    signature = registry.sign("t1", "staff", "1", "2025-09-02T08:00:00Z", class_name="5B")
    assert (signature["method"], signature["class"]) == ("paper", "5B")


def test_nested_records_read_as_dicts_did() -> None:
    incident = {"subjects": [{"role": "pupil", "age": 14}], "alleged": "adult_outside",
                "facts": {"image_involved": True}, "tags": ["sextortion"]}
    contact = next(s.contact for s in esafety.escalate(incident).steps if s.contact is not None)
    assert isinstance(contact, _wire.Contact)
    assert contact.get("name") == contact["name"] == contact.name and "name" in contact
    assert set(contact.keys()) == set(contact.to_dict())
    assert "colour" not in contact and contact.get("colour", 1) == 1


def test_records_from_core_equal_the_checked_construction() -> None:
    """Results are built from core's dict without a second check (`_from_core`); they equal,
    hash and pickle like the records `from_dict` builds after checking every key."""
    scanner = esafety.TermScanner.default()
    results: list[object] = [
        esafety.UrlFilter.default().check("https://www.google.com/search?q=how+to+kill+myself", scanner=scanner),
        esafety.UrlFilter.default().check("https://www.bet365.com/"),
        *scanner.scan("they said kys, go kill yourself", audience="ks3"),
    ]
    for r in results:
        assert isinstance(r, _Record)
        again = type(r).from_dict(r.to_dict())
        assert again == r and hash(again) == hash(r)
        assert pickle.loads(pickle.dumps(r)) == r
        # Every field is set, the omitted ones to None, as __init__ would.
        for f in dataclasses.fields(r):
            assert hasattr(r, f.name), f.name
