"""Incidents and escalation from Python: vectors, the issue's contract and errors."""

from __future__ import annotations

import pathlib
import tempfile
from typing import Any

import pytest

import esafety
from vectors import cases, check

INCIDENT_CASES = cases("incident")


def _profile(arg: Any, tmp: pathlib.Path) -> esafety.SchoolProfile | None:
    if arg is None:
        return None
    if isinstance(arg, str):
        return esafety.SchoolProfile.preset(arg)
    path = tmp / arg["label"]
    path.write_text(arg["text"], encoding="utf-8")
    return esafety.SchoolProfile.from_file(path)


def run(input: dict[str, Any]) -> Any:
    with tempfile.TemporaryDirectory() as d:
        tmp = pathlib.Path(d)
        call = input["call"]
        if call == "escalate":
            return esafety.escalate(input["incident"], _profile(input.get("profile"), tmp)).to_dict()
        if call == "profile":
            return esafety.SchoolProfile.preset(input["preset"]).to_dict()
        if call == "profile_from_text":
            return _profile({"label": input["label"], "text": input["text"]}, tmp).to_dict()  # type: ignore[union-attr]
        if call == "draft":
            draft = esafety.draft_incident(input["alert"], input.get("context"))
            if draft is None:
                return {"incident": None, "plan": None}
            profile = _profile(input.get("profile"), tmp)
            return {"incident": draft, "plan": esafety.escalate(draft, profile).to_dict()}
        raise AssertionError(f"unknown call {call}")


@pytest.mark.parametrize("input,expect", [c[1:] for c in INCIDENT_CASES], ids=[c[0] for c in INCIDENT_CASES])
def test_incident_vectors(input: dict[str, Any], expect: dict[str, Any]) -> None:
    check(run, input, expect)


ISSUE_EXAMPLE = {
    "reported_at": "2025-11-26T08:30:00+00:00",
    "reporter": "parent_carer",
    "subjects": [{"role": "pupil", "age": 10}],
    "alleged": "adult_outside",
    "location": "off_site",
    "device": "personal",
    "facts": {"immediate_danger": False, "adult_involved": True, "under_13_involved": True, "image_involved": True},
    "tags": ["nudes_u18", "online_game"],
}


def test_issue_example_contract() -> None:
    plan = esafety.escalate(ISSUE_EXAMPLE, profile=esafety.SchoolProfile.preset("whitwell"))
    assert plan.category == "csam"
    assert plan.area == "content"
    assert plan.severity == 5
    assert isinstance(plan.secondary, list)
    assert plan.inform_parents in ("yes", "no", "unless_risk")
    first = plan.steps[0]
    assert (first.action, first.recipient, first.deadline, first.mandatory) == ("report_to_dsl", "dsl", "immediately", True)
    assert first.source
    police = [s for s in plan.steps if s.recipient == "police_non_emergency"]
    assert police and police[0].mandatory and police[0].deadline == "immediately"
    assert "view_image" in plan.forbidden
    d = plan.to_dict()
    assert d["category"] == "csam" and d["steps"][0]["recipient"] == "dsl"
    assert str(plan).startswith("==")


def test_default_profile_is_national() -> None:
    assert esafety.escalate(ISSUE_EXAMPLE).profile == "national"
    assert esafety.escalate(ISSUE_EXAMPLE, None).profile == "national"
    assert esafety.escalate(ISSUE_EXAMPLE, "kilby").profile == "kilby"


def test_headteacher_route() -> None:
    plan = esafety.escalate({"subjects": [{"role": "pupil", "age": 9}], "alleged": "headteacher", "tags": ["staff_allegation"]})
    who = [s.recipient for s in plan.steps if s.mandatory]
    assert who.index("chair_of_governors") < who.index("lado")
    assert "headteacher" not in who
    assert "inform_alleged_staff_member" in plan.forbidden


def test_unknown_field_raises_value_error_naming_it() -> None:
    with pytest.raises(ValueError) as info:
        esafety.escalate({"facts": {"adult": True}})
    err = info.value
    assert isinstance(err, esafety.IncidentError)
    assert err.code == "incident_unknown_field"
    assert err.field == "facts.adult"
    assert "facts.adult" in str(err)
    with pytest.raises(esafety.IncidentError) as info2:
        esafety.escalate({"alleged": "martian"})
    assert info2.value.code == "incident_invalid_value"
    assert info2.value.field == "alleged"


def test_profile_file_errors_name_file_and_key(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "school.toml"
    path.write_text('[contacts.lado]\nphone = "ring ring"\n', encoding="utf-8")
    with pytest.raises(esafety.IncidentError) as info:
        esafety.SchoolProfile.from_file(path)
    assert info.value.field == "contacts.lado.phone"
    assert info.value.file is not None and info.value.file.endswith("school.toml")
    with pytest.raises(esafety.IoError):
        esafety.SchoolProfile.from_file(tmp_path / "missing.toml")
    with pytest.raises(esafety.IncidentError):
        esafety.SchoolProfile.preset("hogwarts")


def test_presets_and_warnings() -> None:
    assert esafety.SchoolProfile.preset_names() == ["national", "kilby", "highgate", "ely", "whitwell", "russell_house"]
    highgate = esafety.SchoolProfile.preset("highgate")
    assert highgate.local_authority == "Haringey"
    assert any(w["code"] == "contact_area_mismatch" for w in highgate.warnings)
    assert "la_education_safeguarding" not in highgate.contacts


def test_datetime_reported_at_and_draft() -> None:
    import datetime

    at = datetime.datetime(2025, 11, 28, 19, 40, tzinfo=datetime.timezone.utc)
    plan = esafety.escalate({"reported_at": at, "subjects": [{"role": "pupil", "age": 13}], "tags": ["self_harm_suicide"]})
    assert plan.out_of_hours
    draft = esafety.draft_incident({"kind": "term", "category": "suicide", "severity": 5, "at": at.isoformat()})
    assert draft is not None and draft["facts"]["risk_of_self_harm"] is True
    assert esafety.escalate(draft).category == "self_harm_suicide"
    games = esafety.draft_incident({"kind": "url", "category": "games", "at": at.isoformat()})
    assert games is not None and esafety.escalate(games).category == "inappropriate_content_accidental"


def test_draft_incident_accepts_match_and_decision_as_they_are() -> None:
    scanner = esafety.TermScanner.default()
    matches = scanner.scan("i want to kill myself", "ks3")
    assert matches
    m = matches[0]
    for alert in (m.to_dict(), m):
        draft = esafety.draft_incident(alert, at="2025-11-28T19:40:00+00:00", age=13)
        assert draft is not None and draft["tags"] == ["monitoring_alert"]
        plan = esafety.escalate(draft)
        assert plan.category == "self_harm_suicide" and plan.steps
    f = esafety.UrlFilter.default()
    decision = f.check("http://example.com/", "ks2")
    categories = decision.to_dict()["categories"]
    draft = esafety.draft_incident(decision.to_dict(), {"at": "2025-11-26T10:00:00Z"})
    assert (draft is None) == (not categories)


def test_incident_input_is_validated() -> None:
    for tag, near in (("self-harm", "self_harm_suicide"), ("Cyberbullying", "cyberbullying")):
        with pytest.raises(esafety.IncidentError) as e:
            esafety.escalate({"subjects": [{"role": "pupil", "age": 14}], "tags": [tag]})
        assert e.value.code == "incident_unknown_tag" and near in str(e.value) and "online_game" in str(e.value)
    with pytest.raises(esafety.IncidentError) as e:
        esafety.escalate({})
    assert e.value.code == "incident_empty"
    for age in (1, 20):
        with pytest.raises(esafety.IncidentError) as e:
            esafety.escalate({"subjects": [{"role": "pupil", "age": age}], "tags": ["cyberbullying"]})
        assert e.value.code == "incident_age_out_of_range"
    plan = esafety.escalate({"subjects": [{"role": "pupil", "age": 19}], "alleged": "pupil", "facts": {"image_involved": True}, "tags": ["nudes_u18"]})
    assert plan.category != "nudes_u18"
    assert any("aged 19" in w for w in plan.warnings)


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        esafety.escalate(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        esafety.escalate({}, profile=3.5)  # type: ignore[arg-type]
