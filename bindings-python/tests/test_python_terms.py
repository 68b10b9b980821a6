"""Inputs and errors in Python terms: a JSON document is accepted as ``str``, ``bytes`` or a
``dict`` alike, and no error message speaks Rust (``Vec``, ``struct X``, ``u8``)."""

import json
from collections.abc import Callable
from typing import Any

import pytest

import esafety

AT = "2025-10-01T09:00:00Z"
INCIDENT = {"reported_at": AT, "reporter": "all_staff", "subjects": [{"role": "pupil", "age": 12}],
            "alleged": "pupil", "tags": ["cyberbullying"]}
ALERT = {"kind": "term", "category": "bullying", "severity": 3, "at": AT}
CONFIG = {"channels": ["school_website", "printed_publications"]}


def forms(document: dict[str, Any]) -> list[Any]:
    text = json.dumps(document)
    return [document, text, text.encode()]


# (name, the document, a call taking it, what to compare)
DOCUMENTS: list[tuple[str, dict[str, Any], Callable[[Any], Any]]] = [
    ("ConsentLedger(config=)", CONFIG, lambda d: esafety.ConsentLedger(config=d).to_json()),
    ("Registry(settings=)", {"search_rule": "pupil_consent"}, lambda d: esafety.Registry(settings=d).settings),
    ("Registry.from_json", json.loads(esafety.Registry("kilby").to_json()),
     lambda d: esafety.Registry.from_json(d).to_json()),
    ("ConsentLedger.from_json", esafety.ConsentLedger(config=CONFIG).to_dict(),
     lambda d: esafety.ConsentLedger.from_json(d).to_json()),
    ("UrlFilter.from_spec", {"policy": {"audiences": {"staff": {"block_categories": ["social_networks"]}}}},
     lambda d: esafety.UrlFilter.from_spec(d).check("https://www.facebook.com/", audience="staff").to_dict()),
    ("SchoolPolicy.from_json", esafety.SchoolPolicy.preset("kilby").to_dict(),
     lambda d: esafety.SchoolPolicy.from_json(d).to_dict()),
    ("escalate", INCIDENT, lambda d: esafety.escalate(d).to_dict()),
    ("UrlFilter.default(policy=)", esafety.SchoolPolicy.preset("kilby").to_dict(),
     lambda d: [x.to_dict() for x in esafety.UrlFilter.default(policy=d).check_many(["roblox.com", "bet365.com"])]),
    ("TermScanner.default(policy=)", esafety.SchoolPolicy.preset("kilby").to_dict(),
     lambda d: len(esafety.TermScanner.default(policy=d))),
    ("Registry(policy=)", esafety.SchoolPolicy.preset("whitwell").to_dict(),
     lambda d: esafety.Registry(policy=d).settings),
    ("ConsentLedger(policy=)", esafety.SchoolPolicy.preset("ely").to_dict(),
     lambda d: esafety.ConsentLedger(policy=d).to_json()),
    ("draft_incident", ALERT, lambda d: esafety.draft_incident(d, role="pupil")),
]


@pytest.mark.parametrize("name,document,call", DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_json_documents_are_str_bytes_or_dict_alike(name: str, document: dict[str, Any],
                                                    call: Callable[[Any], Any]) -> None:
    results = [call(form) for form in forms(document)]
    assert results[0] is not None
    assert results[1] == results[0] and results[2] == results[0]


def test_a_ledger_export_read_back_from_a_dict_keeps_its_hash_chain() -> None:
    ledger = esafety.ConsentLedger(config=CONFIG)
    ledger.record("p1", "c1", "school_website", "given", AT)
    again = esafety.ConsentLedger.from_json(ledger.to_dict())
    assert again.head_hash == ledger.head_hash and len(again) == 1
    tampered = ledger.to_dict()
    tampered["entries"][0]["event"]["state"] = "refused"
    with pytest.raises(esafety.ConsentError):
        esafety.ConsentLedger.from_json(tampered)


RUST_WORDS = ["Vec", "struct ", "enum ", "u8", "i64", "usize", "sequence", "a map", "PyString", "PyBool",
              "PyDict", "Can't extract", "unit value", "Option<", "String"]

BAD_CALLS: dict[str, Callable[[], Any]] = {
    "config_not_a_dict": lambda: esafety.ConsentLedger(config=5),  # type: ignore[arg-type]
    "config_channels_not_a_list": lambda: esafety.ConsentLedger(config={"channels": "school_website"}),
    "pupil_age_not_an_int": lambda: esafety.ConsentLedger().record_pupil_voice(
        "p", "school_website", "given", AT, age="ten"),  # type: ignore[arg-type]
    "flag_not_a_bool": lambda: esafety.ConsentLedger().record(
        "p", "c", "school_website", "given", AT, parental_responsibility="yes"),  # type: ignore[arg-type]
    "strict_not_a_bool": lambda: esafety.UrlFilter.from_directory(".", strict="yes"),  # type: ignore[arg-type]
    "clauses_a_str": lambda: esafety.Registry().publish_aup("staff", "v1", "2025-09-01", clauses="abc"),
    "pupils_a_str": lambda: esafety.ConsentLedger().check_image("p1", "school_website", AT),
    "audience_map_not_a_dict": lambda: esafety.UrlFilter.default().classify_squid_log("x", audiences=5),  # type: ignore[arg-type]
    "alert_not_json": lambda: esafety.draft_incident("not json"),
    "incident_not_a_dict": lambda: esafety.escalate(5),  # type: ignore[arg-type]
    "entries_wrong_shape": lambda: esafety.TermScanner.from_entries([("a", "bullying")]),  # type: ignore[list-item]
    "registry_wrong_type": lambda: esafety.UrlFilter.default().record({}, registry="x"),  # type: ignore[arg-type]
}


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_errors_speak_python(name: str) -> None:
    with pytest.raises((esafety.EsafetyError, TypeError)) as caught:
        BAD_CALLS[name]()
    message = str(caught.value)
    assert message and not [w for w in RUST_WORDS if w in message], message


def test_serde_wording_is_translated() -> None:
    with pytest.raises(esafety.ConsentError, match="expected a dict"):
        esafety.ConsentLedger(config=5)  # type: ignore[arg-type]
    with pytest.raises(esafety.ConsentError, match="expected a list"):
        esafety.ConsentLedger(config={"channels": "school_website"})
    with pytest.raises(esafety.ArgumentTypeError, match="expected an int from 0 to 255"):
        esafety.ConsentLedger().record_pupil_voice("p", "school_website", "given", AT, age="ten")  # type: ignore[arg-type]
    with pytest.raises(esafety.EsafetyError, match="not valid JSON text") as caught:
        esafety.draft_incident("not json")
    assert caught.value.code == "invalid_json"
