"""Sealed consent exports and snapshots from Python (issue 11 §4): truncation, reordering,
edits, a foreign key, an expired or unsigned snapshot are all refused with a code."""

import json
from typing import Any, Final

import pytest

import esafety

WEBSITE: Final = "school_website"


def sealed_ledger() -> tuple[esafety.ConsentLedger, str, str]:
    private, public = esafety.generate_signing_key()
    ledger = esafety.ConsentLedger()
    ledger.record("p1", "mum", WEBSITE, "given", "2025-09-05T09:00:00Z")
    ledger.record("p2", "dad", WEBSITE, "given", "2025-09-05T10:00:00Z")
    ledger.restrict("p1", "adopted", "2025-09-06T09:00:00Z")
    return ledger, private, public


def refused(text: str, public: str, code: str) -> None:
    with pytest.raises(esafety.ConsentError) as info:
        esafety.ConsentLedger.from_json(text, public_key=public)
    assert info.value.code == code, info.value


def test_generate_signing_key_gives_fresh_hex_pairs() -> None:
    private, public = esafety.generate_signing_key()
    assert len(private) == len(public) == 64
    int(private, 16), int(public, 16)
    assert esafety.generate_signing_key()[0] != private


def test_a_sealed_export_round_trips() -> None:
    ledger, private, public = sealed_ledger()
    text = ledger.to_json(signing_key=private)
    assert json.loads(text)["seal"]["public_key"] == public
    copy = esafety.ConsentLedger.from_json(text, public_key=public)
    assert copy.head_hash == ledger.head_hash and len(copy) == 3
    assert copy.state("p1", WEBSITE, "2025-09-07T00:00:00Z") == "restricted"
    # without the school's key the chain is checked, and the seal against the key it names
    assert len(esafety.ConsentLedger.from_json(text)) == 3


def test_truncation_with_a_fixed_head_is_refused() -> None:
    ledger, private, public = sealed_ledger()
    doc = json.loads(ledger.to_json(signing_key=private))
    doc["entries"].pop()  # the adopted restriction: p1 would become publishable
    doc["head_hash"] = doc["entries"][-1]["hash"]
    cut = json.dumps(doc)
    refused(cut, public, "ledger_signature_invalid")
    # Without the key the seal the export carries is still checked: a broken seal is refused.
    with pytest.raises(esafety.ConsentError) as info:
        esafety.ConsentLedger.from_json(cut)
    assert info.value.code == "ledger_signature_invalid"
    # With the seal taken off as well only the school's key can tell.
    del doc["seal"]
    unsealed = json.dumps(doc)
    assert esafety.ConsentLedger.from_json(unsealed).state("p1", WEBSITE, "2025-09-07T00:00:00Z") == "given"
    refused(unsealed, public, "ledger_signature_invalid")


def test_reorder_and_edit_are_refused() -> None:
    ledger, private, public = sealed_ledger()
    doc = json.loads(ledger.to_json(signing_key=private))
    reordered: dict[str, Any] = json.loads(json.dumps(doc))
    reordered["entries"][0], reordered["entries"][1] = reordered["entries"][1], reordered["entries"][0]
    refused(json.dumps(reordered), public, "ledger_tampered")
    edited = json.dumps(doc).replace('"adopted"', '"court_order"')
    refused(edited, public, "ledger_tampered")


def test_an_unsealed_or_foreign_export_is_refused() -> None:
    ledger, private, public = sealed_ledger()
    refused(ledger.to_json(), public, "ledger_signature_invalid")
    other_private, _ = esafety.generate_signing_key()
    refused(ledger.to_json(signing_key=other_private), public, "ledger_signature_invalid")


@pytest.mark.parametrize("key", ["", "zz" * 32, "ab" * 31, "\ud800"])
def test_malformed_keys_are_typed_errors(key: str) -> None:
    ledger, _, public = sealed_ledger()
    with pytest.raises(esafety.EsafetyError) as info:
        ledger.to_json(signing_key=key)
    assert info.value.code in ("invalid_key", "invalid_string")
    with pytest.raises(esafety.EsafetyError) as info:
        esafety.ConsentLedger.from_json(ledger.to_json(), public_key=key)
    assert info.value.code in ("invalid_key", "invalid_string")


def test_snapshot_checks_offline() -> None:
    ledger, private, public = sealed_ledger()
    snap = ledger.snapshot(["p2", "p1"], WEBSITE, "2025-09-07T00:00:00Z", signing_key=private)
    assert json.loads(snap)["kind"] == "esafety.consent_snapshot"
    d = esafety.check_snapshot(snap, ("p1", "p2"), WEBSITE, "2025-09-08T00:00:00Z", public_key=public)
    assert isinstance(d, esafety.ImageDecision)
    assert (d.allowed, d.blocked_by) == (False, ["p1"])
    only_p2 = ledger.snapshot(["p2"], WEBSITE, "2025-09-07T00:00:00Z", signing_key=private)
    assert esafety.check_snapshot(only_p2, ["p2"], WEBSITE, "2025-09-07T00:00:00Z", public_key=public).allowed


@pytest.mark.parametrize(
    "change,pupils,at,code",
    [
        (None, ["p1"], "2025-09-20T00:00:00Z", "snapshot_expired"),
        (None, ["p1"], "2025-09-06T00:00:00Z", "snapshot_expired"),
        (None, ["p1", "p2"], "2025-09-08T00:00:00Z", "snapshot_mismatch"),
        (("false", "true"), ["p1"], "2025-09-08T00:00:00Z", "snapshot_signature_invalid"),
        ("unsigned", ["p1"], "2025-09-08T00:00:00Z", "snapshot_signature_invalid"),
        ("foreign", ["p1"], "2025-09-08T00:00:00Z", "snapshot_signature_invalid"),
    ],
)
def test_snapshot_refusals(change: Any, pupils: list[str], at: str, code: str) -> None:
    ledger, private, public = sealed_ledger()
    if change == "foreign":
        private = esafety.generate_signing_key()[0]
    snap = ledger.snapshot(["p1"], WEBSITE, "2025-09-07T00:00:00Z", signing_key=private)
    if change == "unsigned":
        doc = json.loads(snap)
        del doc["seal"]
        snap = json.dumps(doc)
    elif isinstance(change, tuple):
        snap = snap.replace(f'"allowed":{change[0]}', f'"allowed":{change[1]}')
    with pytest.raises(esafety.ConsentError) as info:
        esafety.check_snapshot(snap, pupils, WEBSITE, at, public_key=public)
    assert info.value.code == code, info.value


def test_snapshot_text_that_is_not_a_snapshot() -> None:
    _, _, public = sealed_ledger()
    for text in ("", "[]", '{"kind": "other"}', "\ud800"):
        with pytest.raises(esafety.EsafetyError):
            esafety.check_snapshot(text, ["p1"], WEBSITE, "2025-09-08T00:00:00Z", public_key=public)
