"""School policy documents from Python: vectors, the names the one-policy issue fixes, errors."""

import copy
import json
import pickle
from pathlib import Path
from typing import Any

import pytest

import esafety
from vectors import cases, check

POLICY_CASES = cases("policy")


def replay(input: dict[str, Any]) -> dict[str, Any]:
    """Loads a policy (preset, TOML or JSON) and returns its id and document, or its problems."""
    try:
        if "preset" in input:
            policy = esafety.SchoolPolicy.preset(input["preset"])
        elif "toml" in input:
            policy = esafety.SchoolPolicy.from_toml(input["toml"])
        else:
            policy = esafety.SchoolPolicy.from_json(input["json"])
    except esafety.PolicyError as err:
        if err.code == "policy_invalid":
            return {"problems": err.problems}
        raise
    return {"id": policy.id, "document": policy.to_dict()}


@pytest.mark.parametrize("name,input,expect", POLICY_CASES, ids=[c[0] for c in POLICY_CASES])
def test_policy_vectors(name: str, input: dict[str, Any], expect: dict[str, Any]) -> None:
    check(replay, input, expect)


def test_presets_and_ids() -> None:
    assert esafety.SchoolPolicy.preset_ids() == ["national", "kilby", "highgate", "ely", "whitwell", "russell_house"]
    assert esafety.PRESET_IDS == tuple(esafety.SchoolPolicy.preset_ids())
    assert esafety.SchoolPolicy.preset("seed_004").id == "russell_house"


def test_every_problem_with_path() -> None:
    with pytest.raises(esafety.PolicyError) as info:
        esafety.SchoolPolicy.from_toml(
            'schema_version = 1\nid = "x"\n[filter.audiences.ks2]\nblock = ["gambling", "x", "gamblng"]\n[aups]\ncolour = 1\n'
        )
    err = info.value
    assert isinstance(err, esafety.EsafetyError) and err.code == "policy_invalid"
    paths = {p["path"]: p for p in err.problems}
    assert set(paths) == {"aups.colour", "filter.audiences.ks2.block[1]", "filter.audiences.ks2.block[2]"}
    assert paths["aups.colour"]["code"] == "unknown_key"
    assert "gamblng" in paths["filter.audiences.ks2.block[2]"]["message"]
    assert all(set(p) == {"path", "code", "message"} for p in err.problems)


def test_round_trip_file_pickle_copy(tmp_path: Path) -> None:
    policy = esafety.SchoolPolicy.preset("whitwell")
    file = tmp_path / "whitwell.toml"
    file.write_text(policy.to_toml(), encoding="utf-8")
    assert esafety.SchoolPolicy.from_file(file) == policy
    assert esafety.SchoolPolicy.from_json(policy.to_json()) == policy
    assert esafety.SchoolPolicy.from_json(policy.to_dict()) == policy
    assert esafety.SchoolPolicy.from_json(policy.to_json().encode()) == policy
    assert pickle.loads(pickle.dumps(policy)) == policy
    assert copy.deepcopy(policy) == policy
    assert repr(policy) == 'SchoolPolicy(id="whitwell")'


def test_vocabulary_constants() -> None:
    assert esafety.AUDIENCES == ("eyfs", "ks1", "ks2", "ks3", "ks4", "sixth_form", "staff", "guest")
    assert "dsl" in esafety.ROLES and "volunteer" in esafety.ROLES and "headteacher" in esafety.ROLES
    cats = esafety.categories()
    assert {c["source_module"] for c in cats} == {"filter", "scanner", "incident"}
    assert all(set(c) == {"id", "source_module", "incident_category", "area"} for c in cats)
    gambling = next(c for c in cats if c["id"] == "gambling" and c["source_module"] == "filter")
    assert (gambling["incident_category"], gambling["area"]) == ("commerce_harm", "commerce")


def test_every_engine_takes_policy() -> None:
    kilby = esafety.SchoolPolicy.preset("kilby")
    assert esafety.UrlFilter.default(policy=kilby).check("https://www.bet365.com/").verdict == "block"
    assert esafety.TermScanner.default(policy=kilby).scan("i want to kill myself")
    # Kilby's pupils re-sign each school year (seed 000); staff follow the national default.
    refresh = esafety.Registry(policy=kilby).settings["aup_refresh_by_audience"]
    assert refresh["pupil_ks2"] == "start_of_school_year"
    assert esafety.Registry(policy="highgate").settings["joint_staff_governor_aup"] is True
    assert esafety.ConsentLedger(policy=kilby) is not None
    incident = {
        "reporter": "dsl",
        "subjects": [{"role": "pupil", "age": 10}],
        "alleged": "pupil",
        "facts": {"image_involved": True},
        "tags": ["nudes_u18"],
    }
    plan = esafety.escalate(incident, policy=esafety.SchoolPolicy.preset("russell_house"))
    first_report = next(s for s in plan.steps if s.action.startswith("report_to_"))
    assert first_report.recipient == "headteacher"  # seed 004: image incidents go to the head first
    national = esafety.escalate(incident, policy="national")
    assert next(s for s in national.steps if s.action.startswith("report_to_")).recipient == "dsl"
    with pytest.raises(esafety.EsafetyError):
        esafety.escalate(incident, profile="kilby", policy="kilby")
    with pytest.raises(esafety.PolicyError) as info:
        esafety.UrlFilter.default(policy="whitwel")
    assert info.value.code == "policy_unknown_preset"
    assert "did you mean `whitwell`" in str(info.value)


def test_hostile_inputs_are_typed_errors() -> None:
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(100):
        node["x"] = {}
        node = node["x"]
    loop: dict[str, Any] = {}
    loop["self"] = loop
    # A document too deep to read is a PolicyError whether it comes as text or as a dict.
    readers: list[Any] = [
        esafety.SchoolPolicy.from_json,
        esafety.SchoolPolicy.from_dict,
        lambda d: esafety.UrlFilter.default(policy=d),
        lambda d: esafety.Registry(policy=d),
    ]
    for document in [json.dumps(deep), deep, loop]:
        for read in readers:
            if isinstance(document, str) and read is esafety.SchoolPolicy.from_dict:
                continue
            with pytest.raises(esafety.PolicyError) as deep_info:
                read(document)
            assert deep_info.value.code == "input_too_deep"
            assert [p["code"] for p in deep_info.value.problems] == ["input_too_deep"]
    bad_inputs: list[tuple[dict[str, Any], str]] = [
        ({"id": float("nan")}, "invalid_number"),
        ({"id": 2**70}, "policy_invalid"),  # a float, as JSON text gives it: core's code
        ({"id": 10**400}, "integer_out_of_range"),  # too large even for a JSON number
        ({"id": "\ud800"}, "invalid_string"),
    ]
    for bad, code in bad_inputs:
        with pytest.raises(esafety.EsafetyError) as info:
            esafety.SchoolPolicy.from_json(bad)
        assert info.value.code == code
