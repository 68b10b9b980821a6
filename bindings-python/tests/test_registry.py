"""Roles, AUPs and permissions from Python: vectors, the names issue 7 fixes, and errors."""

import json
from datetime import date, datetime, timezone
from typing import Any

import pytest

import esafety
from vectors import cases, check

REGISTRY_CASES = cases("registry")


def replay(input: dict[str, Any]) -> dict[str, Any]:
    """Replays a vector script through the Python API and returns plain data."""
    registry = esafety.Registry(settings=input["settings"]) if "settings" in input else esafety.Registry()
    for op in input.get("operations", []):
        kind = op["op"]
        if kind == "assign":
            registry.assign(
                op["person"], op["role"], op["since"], deputy_for=op.get("deputy_for"), audience=op.get("audience")
            )
        elif kind == "unassign":
            registry.unassign(op["person"], op["role"], op["until"])
        elif kind == "publish_aup":
            registry.publish_aup(
                op["audience"],
                op["version"],
                op["effective"],
                material=op.get("material", True),
                clauses=tuple(op.get("clauses", ())),
            )
        elif kind == "sign":
            registry.sign(
                op["person"],
                op["audience"],
                op["version"],
                op["at"],
                co_signer=op.get("co_signer"),
                signed_on_behalf_by=op.get("signed_on_behalf_by"),
                explained_to_pupil=op.get("explained_to_pupil", False),
                method=op.get("method", "paper"),
                class_name=op.get("class"),
            )
        elif kind == "record_review":
            registry.record_review(op["subject"], op["on"])
        elif kind == "flag_review":
            registry.flag_review(op["subject"], op["trigger"], op["on"])
        else:
            raise AssertionError(f"unknown operation {kind}")
    results: list[Any] = []
    for q in input.get("queries", []):
        kind = q["op"]
        if kind == "may_access_systems":
            results.append(registry.may_access_systems(q["person"], q["at"]).to_dict())
        elif kind == "who_must_sign":
            results.append(registry.who_must_sign(q["at"]))
        elif kind == "decide":
            results.append(registry.decide(q["person"], q["action"], q["at"], **q.get("context", {})).to_dict())
        elif kind == "diff":
            results.append(registry.diff(q["audience"], q["version_a"], q["version_b"]))
        elif kind == "holders":
            results.append(registry.holders(q["role"], q["on"]))
        elif kind == "duties":
            results.append(registry.duties(q["person"], q["on"]))
        elif kind == "review_status":
            results.append(registry.review_status(q["on"]))
        elif kind == "vacancies":
            results.append(registry.vacancies(q["on"]))
        else:
            raise AssertionError(f"unknown query {kind}")
    return {"results": results}


@pytest.mark.parametrize("input,expect", [c[1:] for c in REGISTRY_CASES], ids=[c[0] for c in REGISTRY_CASES])
def test_registry_vectors(input: dict[str, Any], expect: dict[str, Any]) -> None:
    check(replay, input, expect)


AT = datetime(2025, 10, 1, 10, 0, tzinfo=timezone.utc)


def test_issue_names_sign_before_access_and_co_signature() -> None:
    reg = esafety.Registry()
    reg.assign("tech", "it_provider", date(2025, 9, 1))
    reg.assign("p1", "pupil", date(2025, 9, 1), audience="pupil_ks2")
    reg.assign("mum", "parent_carer", date(2025, 9, 1))
    reg.publish_aup("staff", "2025", date(2025, 9, 1), clauses=("I will keep my password private.",))
    reg.publish_aup("technician", "2025", date(2025, 9, 1), material=True)
    reg.publish_aup("pupil_ks2", "2025", date(2025, 9, 1))
    reg.publish_aup("parent_carer", "2025", date(2025, 9, 1))

    access = reg.may_access_systems("tech", AT)
    assert isinstance(access, esafety.AccessDecision)
    assert access.allowed is False
    assert access.missing == ["staff", "technician"]
    assert reg.who_must_sign(AT) == ["mum", "p1", "tech"]

    reg.sign("tech", "staff", "2025", datetime(2025, 9, 2, 8, tzinfo=timezone.utc))
    reg.sign("tech", "technician", "2025", "2025-09-02T08:05:00Z")
    assert reg.may_access_systems("tech", AT).allowed
    assert bool(reg.may_access_systems("tech", AT))

    reg.sign("p1", "pupil_ks2", "2025", AT)
    assert reg.may_access_systems("p1", AT).missing == ["pupil_ks2"]
    reg.sign("p1", "pupil_ks2", "2025", AT, co_signer="mum")
    assert reg.may_access_systems("p1", AT).allowed
    reg.sign("mum", "parent_carer", "2025", AT)
    assert reg.who_must_sign(AT) == []

    # A material change invalidates; a minor one does not.
    reg.publish_aup("staff", "2025.1", date(2025, 11, 1), material=False)
    assert reg.may_access_systems("tech", datetime(2025, 11, 2, tzinfo=timezone.utc)).allowed
    reg.publish_aup("staff", "2026", date(2026, 1, 5))
    assert reg.may_access_systems("tech", date(2026, 1, 5)).missing == ["staff"]


def test_issue_names_decide() -> None:
    reg = esafety.Registry()
    reg.assign("dsl", "dsl", date(2025, 9, 1))
    reg.assign("teacher", "all_staff", date(2025, 9, 1))
    denied = reg.decide("teacher", "view_suspected_indecent_image", AT)
    assert isinstance(denied, esafety.PermissionDecision)
    assert denied.outcome == "denied"
    assert denied.approver_role is None
    assert "UKCIS nudes 2024 viewing" in denied.source and denied.reason
    assert reg.decide("dsl", "view_suspected_indecent_image", AT).outcome == "needs_justification"
    allowed = reg.decide("dsl", "view_suspected_indecent_image", AT, justification="no other way")
    assert allowed.outcome == "allowed" and allowed.conditions
    unblock = reg.decide("teacher", "approve_unblock", AT)
    assert (unblock.outcome, unblock.approver_role) == ("needs_approval", "slt_fm_lead")
    assert reg.decide("teacher", "publish_image", AT, consent="permitted").outcome == "allowed"
    assert reg.decide("teacher", "publish_image", AT, consent=False).outcome == "denied"
    assert reg.decide("teacher", "publish_image", AT).outcome == "denied"


def test_presets_and_settings() -> None:
    wfs = esafety.Registry(preset="seed_004")
    # The one search-rule vocabulary (`pupil_consent` is read as its alias).
    assert wfs.settings["search_rule"] == "pupil_consent_else_parents"
    wfs.assign("head", "headteacher", "2025-09-01")
    assert wfs.decide("head", "search_pupil_device", AT, pupil_consent=False).outcome == "denied"
    custom = esafety.Registry(preset="seed_001", settings={"technician_aup": True})
    assert custom.settings["joint_staff_governor_aup"] is True
    assert custom.settings["technician_aup"] is True
    keywords = esafety.Registry(search_rule="pupil_consent", aup_refresh={"every_days": 180})
    assert keywords.settings["search_rule"] == "pupil_consent_else_parents"
    assert keywords.settings["aup_refresh"] == {"every_days": 180}
    with pytest.raises(esafety.RegistryError) as info:
        esafety.Registry(search_rules="x")
    assert info.value.code == "registry_invalid_settings"


def test_diff_and_round_trip() -> None:
    reg = esafety.Registry()
    reg.publish_aup("staff", "1", "2025-09-01", clauses=["a", "b"])
    reg.publish_aup("staff", "2", "2026-09-01", clauses=["a", "b2", "c"])
    diff = reg.diff("staff", "1", "2")
    assert [c["after"] for c in diff["changed"]] == ["b2"]
    assert [c["text"] for c in diff["added"]] == ["c"]
    again = esafety.Registry.from_json(reg.to_json())
    assert again.diff("staff", "1", "2") == diff


def test_a_saved_registry_edited_under_its_hashes_is_refused() -> None:
    reg = esafety.Registry()
    reg.publish_aup("staff", "1", "2025-09-01", clauses=["Be kind online."])
    reg.sign("t1", "staff", "1", "2025-09-02T09:00:00Z")
    saved = reg.to_json()
    with pytest.raises(esafety.RegistryError) as info:
        esafety.Registry.from_json(saved.replace("Be kind online.", "Anything goes."))
    assert info.value.code == "registry_malformed_document"
    assert "aups.versions[0]" in str(info.value)
    doc = json.loads(saved)
    doc["registry"]["signatures"][0]["co_signer"] = "t1"
    with pytest.raises(esafety.RegistryError) as info:
        esafety.Registry.from_json(json.dumps(doc))
    assert "signatures[0]" in str(info.value)


@pytest.mark.parametrize(
    "call,code",
    [
        (lambda r: r.assign("x", "janitor", "2025-09-01"), "registry_unknown_role"),
        (lambda r: r.assign("x", "pupil", "2025-09-01", audience="pupil_ks9"), "registry_unknown_audience"),
        (lambda r: r.decide("x", "fly", AT), "registry_unknown_action"),
        (lambda r: r.decide("x", "publish_image", AT, colour="red"), "registry_unknown_context_key"),
        (lambda r: r.sign("x", "staff", "9", AT), "aup_version_unknown"),
        (lambda r: esafety.Registry(preset="seed_9"), "registry_unknown_preset"),
    ],
)
def test_errors_are_typed(call: Any, code: str) -> None:
    with pytest.raises(esafety.RegistryError) as info:
        call(esafety.Registry())
    assert info.value.code == code
    assert info.value.domain == "registry"
    assert isinstance(info.value, esafety.EsafetyError)


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(esafety.EsafetyError) as info:
        esafety.Registry().who_must_sign(datetime(2025, 10, 1, 10))
    assert info.value.code == "naive_datetime"


def test_an_aware_datetime_as_a_date_is_its_date_in_england() -> None:
    """00:30 BST on 1 September is 1 September for every call, not 31 August (its UTC date)."""
    from datetime import timedelta

    registry = esafety.Registry()
    registry.assign("h", "headteacher", "2026-09-01")
    at = datetime(2026, 9, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert registry.decide("h", "access_child_protection_records", at).outcome == "allowed"
    assert registry.holders("headteacher", at)["holders"] != []


def test_an_offset_with_seconds_is_read_in_utc() -> None:
    """London before 1847 was 1 minute 15 seconds behind: an offset RFC 3339 cannot write."""
    from datetime import timedelta

    at = datetime(2026, 3, 3, 10, 0, tzinfo=timezone(-timedelta(minutes=1, seconds=15)))
    assert esafety.UrlFilter.default().check("bbc.co.uk", at=at).verdict == "allow"


def test_settings_of_a_school_policy_round_trip() -> None:
    registry = esafety.Registry(policy={"schema_version": 1, "id": "oak", "roles": {"search_rule": "pupil_consent"}})
    again = esafety.Registry(settings=registry.settings)
    assert again.settings == registry.settings


def test_a_naive_datetime_inside_a_dict_is_refused() -> None:
    with pytest.raises(esafety.EsafetyError) as info:
        esafety.draft_incident({"kind": "term", "category": "suicide", "severity": 5}, at=datetime(2026, 7, 1, 10))
    assert info.value.code == "naive_datetime"


def test_dsl_vacancy_when_only_a_deputy_remains() -> None:
    registry = esafety.Registry()
    registry.assign("dsl1", "dsl", "2025-09-01")
    registry.assign("dep", "deputy_dsl", "2025-09-01", deputy_for="dsl1")
    registry.assign("head", "headteacher", "2025-09-01")
    registry.assign("fm", "slt_fm_lead", "2025-09-01")
    assert registry.vacancies("2025-12-31") == []
    registry.unassign("dsl1", "dsl", "2025-12-31")
    [vacancy] = registry.vacancies(date(2026, 1, 5))
    assert vacancy["role"] == "dsl" and vacancy["deputies"] == ["dep"]
    assert all(vacancy["warning"] in s["warnings"] for s in registry.review_status("2026-01-05"))
    with pytest.raises(esafety.RegistryError) as e:
        registry.vacancies("05/01/2026")
    assert e.value.code == "invalid_date"


def test_registry_settings_speak_the_one_vocabulary() -> None:
    """The search rule takes the vocabulary's ids (older ones as aliases) and a preset
    named by an alias reports its own id."""
    assert esafety.Registry(search_rule="dfe").settings["search_rule"] == "dfe"
    assert esafety.Registry(search_rule="pupil_consent").settings["search_rule"] == "pupil_consent_else_parents"
    assert set(esafety.SEARCH_RULES) >= {esafety.Registry(policy=p).settings["search_rule"] for p in ("kilby", "highgate", "russell_house")}
    assert esafety.Registry(preset="seed_000").settings["preset"] == "kilby"
    assert esafety.Registry(policy="russell_house").settings["search_rule"] == "pupil_consent_else_parents"
