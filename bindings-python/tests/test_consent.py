"""Image consent from Python: the shared vectors, the names issue 4 fixes, and errors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import esafety
from vectors import cases, check

CONSENT_CASES = cases("consent")
UTC = timezone.utc


def _tamper(document: Any, instruction: dict[str, Any]) -> None:
    *parents, last = instruction["path"]
    target = document
    for step in parents:
        target = target[step]
    if instruction.get("delete"):
        del target[last]
    else:
        target[last] = instruction.get("value")


def _apply(ledger: esafety.ConsentLedger, op: dict[str, Any]) -> None:
    kind = op["op"]
    if kind == "record":
        options = {k: op[k] for k in ("method", "notice_version", "parental_responsibility", "relationship") if k in op}
        ledger.record(op["pupil"], op["carer"], op["channel"], op["state"], op["at"], **options)
    elif kind == "restrict":
        ledger.restrict(op["pupil"], op["reason"], op["at"])
    elif kind == "lift_restriction":
        ledger.lift_restriction(op["pupil"], op["at"], **({"reason": op["reason"]} if "reason" in op else {}))
    elif kind == "publish_notice":
        notice = {k: op[k] for k in ("substantive", "content_hash") if k in op}
        ledger.publish_notice(op["version"], op["at"], **notice)
    elif kind == "record_publication":
        ledger.record_publication(op["image_id"], op["pupils"], op["channel"], op["at"])
    elif kind == "record_removal":
        ledger.record_removal(op["image_id"], op["at"])
    elif kind == "record_pupil_voice":
        voice = {k: op[k] for k in ("age", "old_enough", "method") if k in op}
        ledger.record_pupil_voice(op["pupil"], op["channel"], op["state"], op["at"], **voice)
    elif kind == "record_answer":
        options = {k: op[k] for k in ("method", "notice_version", "parental_responsibility", "relationship") if k in op}
        ledger.record_answer(op["pupil"], op["carer"], op["channel"], op["answer"], op["at"], **options)
    elif kind == "record_leaving":
        ledger.record_leaving(op["pupil"], op["date"])
    elif kind == "record_rejoining":
        ledger.record_rejoining(op["pupil"], op["date"])
    else:
        raise AssertionError(f"unknown vector operation {kind}")


def _query(ledger: esafety.ConsentLedger, q: dict[str, Any]) -> Any:
    kind = q["op"]
    if kind == "state":
        return {"state": ledger.state(q["pupil"], q["channel"], q["at"])}
    if kind == "check_image":
        d = ledger.check_image(q["pupils"], q["channel"], q["at"], names_shown=q.get("names_shown", False))
        return {"allowed": d.allowed, "blocked_by": d.blocked_by, "reasons": d.reasons, "obligations": d.obligations}
    if kind == "takedown_list":
        return {"takedowns": ledger.takedown_list(q["at"])}
    if kind == "receipt":
        return ledger.receipt(q["pupil"], q["carer"], q["at"])
    if kind == "consent_form":
        return ledger.consent_form(q["pupil"], q["carer"], q["at"])
    if kind == "explain":
        return ledger.explain(q["pupil"], q["channel"], q["at"])
    raise AssertionError(f"unknown vector query {kind}")


def run(input: dict[str, Any]) -> Any:
    """Replays a vector script through the Python API (see tests/tests/consent.rs)."""
    config = input.get("config")
    ledger = esafety.ConsentLedger(json.dumps(config)) if config is not None else esafety.ConsentLedger()
    for op in input.get("operations", []):
        _apply(ledger, op)
    if "tamper" in input:
        document = json.loads(ledger.to_json())
        _tamper(document, input["tamper"])
        ledger = esafety.ConsentLedger.from_json(json.dumps(document))
    elif input.get("reload"):
        ledger = esafety.ConsentLedger.from_json(ledger.to_json())
    return {"results": [_query(ledger, q) for q in input.get("queries", [])]}


@pytest.mark.parametrize("input,expect", [c[1:] for c in CONSENT_CASES], ids=[c[0] for c in CONSENT_CASES])
def test_consent_vectors(input: dict[str, Any], expect: dict[str, Any]) -> None:
    check(run, input, expect)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_issue_names_group_photo_and_withdrawal() -> None:
    ledger = esafety.ConsentLedger()
    ledger.record("p1", "mum", "school_website", "given", at("2025-09-05T09:00:00Z"), method="widget")
    ledger.record("p2", "dad", "school_website", "given", at("2025-09-05T09:00:00Z"))
    ledger.record("p2", "dad", "school_website", "withdrawn", at("2026-01-10T12:00:00Z"), method="widget")

    before = ledger.check_image(["p1", "p2"], "school_website", at("2026-01-09T10:00:00Z"))
    assert before.allowed is True and bool(before)
    assert before.blocked_by == []
    assert before.obligations == ["no_full_names"]

    after = ledger.check_image(["p1", "p2"], "school_website", at("2026-03-01T10:00:00Z"))
    assert after.allowed is False
    assert after.blocked_by == ["p2"]
    assert len(after.reasons) == 2 and "rules 3 and 7" in after.reasons[1]
    assert after.to_dict()["pupils"][1]["state"] == "withdrawn"

    named = ledger.check_image({"p1"}, "school_website", at("2026-01-09T10:00:00Z"), names_shown=True)
    assert named.allowed is False and named.blocked_by == []

    assert ledger.state("p2", "school_website", at("2026-01-10T11:59:59Z")) == "given"
    assert ledger.state("p2", "school_website", at("2026-01-10T12:00:00Z")) == "withdrawn"
    assert ledger.state("p1", "press_media", at("2026-01-10T12:00:00Z")) == "not_asked"


def test_every_state_value() -> None:
    ledger = esafety.ConsentLedger()
    t = at("2025-09-05T09:00:00Z")
    ledger.record("given", "c", "school_website", "given", t)
    ledger.record("refused", "c", "school_website", "refused", t)
    ledger.record("withdrawn", "c", "school_website", "given", t)
    ledger.record("withdrawn", "c", "school_website", "withdrawn", t + timedelta(days=1))
    ledger.record("expired", "c", "school_website", "given", at("2025-06-05T09:00:00Z"))
    ledger.record("restricted", "c", "school_website", "given", t)
    ledger.restrict("restricted", "looked_after", t)
    q = at("2025-10-01T10:00:00Z")
    for pupil in ("given", "refused", "withdrawn", "expired", "restricted"):
        assert ledger.state(pupil, "school_website", q) == pupil
    assert ledger.state("nobody", "school_website", q) == "not_asked"
    ledger.lift_restriction("restricted", q)
    assert ledger.state("restricted", "school_website", q) == "given"


def test_parental_responsibility_and_notice_version_keywords() -> None:
    ledger = esafety.ConsentLedger()
    ledger.record("p1", "stepdad", "press_media", "given", at("2025-09-05T09:00:00Z"), parental_responsibility=False)
    assert ledger.state("p1", "press_media", at("2025-10-01T10:00:00Z")) == "not_asked"
    ledger.publish_notice("v1", at("2025-09-01T09:00:00Z"))
    ledger.record("p2", "mum", "press_media", "given", at("2025-09-05T09:00:00Z"), notice_version="v1")
    # A label the ledger does not know changes nothing (last year's paper form, a typo).
    ledger.record("p4", "gran", "press_media", "given", at("2025-10-01T09:00:00Z"), notice_version="v0")
    assert ledger.state("p2", "press_media", at("2025-10-02T10:00:00Z")) == "given"
    ledger.publish_notice("v2", at("2025-11-01T09:00:00Z"))
    ledger.record("p3", "dad", "press_media", "given", at("2025-11-01T09:00:00Z"), notice_version="v2")
    assert ledger.state("p2", "press_media", at("2025-11-02T10:00:00Z")) == "expired"
    assert ledger.state("p3", "press_media", at("2025-11-02T10:00:00Z")) == "given"


def test_any_timezone_and_rfc3339_strings_are_accepted() -> None:
    ledger = esafety.ConsentLedger()
    london = datetime(2025, 9, 5, 10, 0, tzinfo=ZoneInfo("Europe/London"))  # 09:00 UTC
    ledger.record("p1", "mum", "school_website", "given", london)
    ledger.record("p1", "mum", "school_website", "withdrawn", datetime(2026, 1, 10, 13, 0, tzinfo=timezone(timedelta(hours=1))))
    assert ledger.state("p1", "school_website", "2025-09-05T08:59:59Z") == "not_asked"
    assert ledger.state("p1", "school_website", datetime(2025, 9, 5, 9, 0, tzinfo=UTC)) == "given"
    assert ledger.state("p1", "school_website", "2026-01-10T12:00:00Z") == "withdrawn"
    with pytest.raises(esafety.EsafetyError) as info:
        ledger.state("p1", "school_website", datetime(2026, 1, 10, 12, 0))
    assert info.value.code == "naive_datetime"


def test_unknown_channel_or_state_raises_value_error() -> None:
    ledger = esafety.ConsentLedger()
    t = at("2025-09-05T09:00:00Z")
    with pytest.raises(ValueError) as info:
        ledger.record("p1", "mum", "snapchat", "given", t)  # type: ignore[arg-type]
    assert isinstance(info.value, esafety.ConsentError)
    assert isinstance(info.value, esafety.EsafetyError)
    assert info.value.code == "consent_unknown_channel"
    assert info.value.domain == "consent"
    with pytest.raises(esafety.ConsentError) as info:
        ledger.record("p1", "mum", "school_website", "maybe", t)  # type: ignore[arg-type]
    assert info.value.code == "consent_unknown_state"
    with pytest.raises(esafety.ConsentError) as info:
        ledger.check_image(["p1"], "billboard", t)  # type: ignore[arg-type]
    assert info.value.code == "consent_unknown_channel"
    with pytest.raises(esafety.ConsentError) as info:
        ledger.state("p1", "billboard", t)  # type: ignore[arg-type]
    assert info.value.code == "consent_unknown_channel"
    with pytest.raises(TypeError):
        ledger.check_image("p1", "school_website", t)
    assert len(ledger) == 0


def test_export_import_and_tampering() -> None:
    ledger = esafety.ConsentLedger()
    ledger.record("p1", "mum", "school_website", "refused", at("2025-09-05T09:00:00Z"))
    exported = ledger.to_json()
    assert json.loads(exported)["schemaVersion"] == 1
    copy = esafety.ConsentLedger.from_json(exported)
    assert copy.head_hash == ledger.head_hash and len(copy) == 1
    assert copy.state("p1", "school_website", at("2026-03-01T10:00:00Z")) == "refused"
    # Read without the school's seal, the log cannot be known whole: every answer says so.
    assert ledger.warnings == [] and copy.warnings == ["consent_export_unsealed"]
    march = at("2026-03-01T10:00:00Z")
    assert copy.explain("p1", "school_website", march)["warnings"] == ["consent_export_unsealed"]
    assert ledger.explain("p1", "school_website", march)["warnings"] == []
    anchored = esafety.ConsentLedger.from_json(exported, head_hash=ledger.head_hash)
    assert anchored.warnings == []
    with pytest.raises(esafety.ConsentError) as wrong_head:
        esafety.ConsentLedger.from_json(exported, head_hash="00")
    assert wrong_head.value.code == "ledger_tampered"
    for forged in (exported.replace('"refused"', '"given"'), exported[: len(exported) // 2]):
        with pytest.raises(esafety.ConsentError) as info:
            esafety.ConsentLedger.from_json(forged)
        assert info.value.code == "ledger_tampered"


def test_takedown_and_receipt() -> None:
    ledger = esafety.ConsentLedger()
    ledger.record("p1", "mum", "school_website", "given", at("2025-09-05T09:00:00Z"), method="widget")
    ledger.record_publication("img-1", ("p1",), "school_website", at("2025-09-20T12:00:00Z"))
    ledger.record("p1", "mum", "school_website", "withdrawn", at("2026-01-10T18:00:00Z"), method="widget")
    assert ledger.takedown_list(at("2026-01-01T00:00:00Z")) == []
    [item] = ledger.takedown_list(at("2026-01-11T00:00:00Z"))
    assert item["image_id"] == "img-1" and item["action"] == "remove"
    receipt = ledger.receipt("p1", "mum", at("2025-10-01T00:00:00Z"))
    assert receipt["version"] == "KI-CR-v1.1.0"
    assert receipt["services"][0]["purposes"][0]["purpose"] == "school_website"
    explained = ledger.explain("p1", "school_website", at("2026-02-01T00:00:00Z"))
    assert explained["rule"] == "withdrawal" and explained["source"] == "Consent rule 7"


def test_school_configuration() -> None:
    config = json.dumps({"channels": ["school_website"], "expiry": {"rule": "never"}})
    ledger = esafety.ConsentLedger(config)
    ledger.record("p1", "mum", "school_website", "given", "2020-09-05T09:00:00Z")
    assert ledger.state("p1", "school_website", "2026-03-01T10:00:00Z") == "given"
    with pytest.raises(esafety.ConsentError) as info:
        ledger.record("p1", "mum", "press_media", "given", "2020-09-05T09:00:00Z")
    assert info.value.code == "consent_channel_not_asked"
    with pytest.raises(esafety.ConsentError) as info:
        esafety.ConsentLedger('{"channels": []}')
    assert info.value.code == "consent_invalid_config"


def test_pupil_voice_and_leaving_the_roll() -> None:
    from datetime import date

    ledger = esafety.ConsentLedger(json.dumps({"pupil_voice_min_age": 12}))
    sept = datetime(2025, 9, 5, 9, tzinfo=UTC)
    ledger.record("p1", "mum", "school_website", "given", sept)
    ledger.record("p2", "dad", "school_website", "given", sept)
    ledger.record_pupil_voice("p1", "school_website", "refused", datetime(2025, 10, 1, 12, tzinfo=UTC), age=13)
    decision = ledger.check_image(["p1", "p2"], "school_website", datetime(2025, 10, 2, tzinfo=UTC))
    assert decision.blocked_by == ["p1"]
    explained = ledger.explain("p1", "school_website", datetime(2025, 10, 2, tzinfo=UTC))
    assert explained["rule"] == "pupil_refused"
    assert "UK GDPR Art 8" in explained["source"]

    ledger.record_leaving("p2", date(2026, 4, 1))
    london = ZoneInfo("Europe/London")
    assert ledger.state("p2", "school_website", datetime(2026, 3, 31, 23, 59, tzinfo=london)) == "given"
    left = ledger.explain("p2", "school_website", datetime(2026, 4, 1, 0, 0, tzinfo=london))
    assert (left["state"], left["rule"]) == ("left_roll", "left_roll")

    with pytest.raises(esafety.ConsentError) as info:
        esafety.ConsentLedger().record_pupil_voice("p3", "school_website", "refused", sept, age=14)
    assert info.value.code == "consent_pupil_competence_unknown"
    with pytest.raises(esafety.EsafetyError) as bad_date:
        ledger.record_leaving("p3", "01/04/2026")
    assert bad_date.value.code == "invalid_date"


def test_expiry_is_at_midnight_in_england() -> None:
    ledger = esafety.ConsentLedger()
    ledger.record("p1", "mum", "school_website", "given", "2025-06-10T09:00:00Z")
    london = ZoneInfo("Europe/London")
    assert ledger.state("p1", "school_website", datetime(2025, 8, 31, 23, 59, 59, tzinfo=london)) == "given"
    assert ledger.state("p1", "school_website", datetime(2025, 9, 1, 0, 0, tzinfo=london)) == "expired"


def test_consent_form_and_answers() -> None:
    ledger = esafety.ConsentLedger(json.dumps({"channels": ["school_website", "press_media"]}))
    assert ledger.record_answer("p1", "mum", "school_website", "yes", "2025-09-05T09:00:00Z", method="widget") == "given"
    form = ledger.consent_form("p1", "mum", "2025-09-06T09:00:00Z")
    assert [c["no_records"] for c in form["channels"]] == ["withdrawn", "refused"]
    assert [c["recallable"] for c in form["channels"]] == [True, False]
    assert ledger.record_answer("p1", "mum", "school_website", "no", "2025-09-07T09:00:00Z") == "withdrawn"
    with pytest.raises(esafety.ConsentError) as info:
        ledger.record_answer("p1", "mum", "school_website", "maybe", "2025-09-07T09:00:00Z")  # type: ignore[arg-type]
    assert info.value.code == "consent_unknown_answer"


def test_a_change_waits_for_reads_in_other_threads() -> None:
    """A write while other threads read the same ledger is made, never lost to a borrow error."""
    import threading

    led = esafety.ConsentLedger()
    led.record("p1", "mum", "school_website", "given", "2025-09-05T09:00:00Z")
    stop = threading.Event()
    errors: list[BaseException] = []

    def read() -> None:
        try:
            while not stop.is_set():
                led.check_image(["p1"], "school_website", "2026-03-01T10:00:00Z")
        except BaseException as e:  # noqa: BLE001 - the test reports any failure
            errors.append(e)

    readers = [threading.Thread(target=read) for _ in range(3)]
    # A registry and a filter behave the same way (one reader each, tight loops).
    reg = esafety.Registry()
    reg.assign("t1", "all_staff", "2025-09-01")
    web = esafety.UrlFilter.default()

    def read_registry() -> None:
        try:
            while not stop.is_set():
                reg.decide("t1", "use_personal_phone", "2025-10-01T10:00:00Z", with_pupils=False)
                web.check("https://www.bbc.co.uk/", audience="ks2")
        except BaseException as e:  # noqa: BLE001 - the test reports any failure
            errors.append(e)

    readers.append(threading.Thread(target=read_registry))
    for t in readers:
        t.start()
    try:
        for day in range(1, 28):
            at = f"2026-02-{day:02d}T09:00:00Z"
            led.record("p1", "mum", "school_website", "withdrawn" if day % 2 else "given", at)
            reg.assign(f"t{day + 1}", "all_staff", "2025-09-01")
            web.set_policy({"audiences": {"ks2": {"block_list": [f"site{day}.example"]}}})
    finally:
        stop.set()
        for t in readers:
            t.join()
    assert not errors, errors
    assert led.check_image(["p1"], "school_website", "2026-03-01T10:00:00Z").allowed is False
