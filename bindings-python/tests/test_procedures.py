"""Procedures as data and the printable plan (issue 15): pure mapping of core."""

import esafety
import pytest


def test_procedure_lists_steps_with_sources() -> None:
    steps = esafety.procedure("csam")
    iwf = [s for s in steps if s["recipient"] == "iwf"]
    assert iwf[0]["mandatory"] is True
    assert iwf[0]["when"] == ["one of (url_known, incidental_exposure)"]
    assert all(s["source"] for s in steps)
    local = esafety.procedure("grooming_cse", policy="whitwell")
    csc = next(s for s in local if s["action"] == "refer_to_csc")
    assert csc["contact"]["phone"] == "01629 533190"
    with pytest.raises(Exception):
        esafety.procedure("sexting")


def test_plan_to_markdown_and_html() -> None:
    plan = esafety.escalate(
        {"id": "<b>x</b>", "subjects": [{"role": "pupil", "age": 14}], "alleged": "pupil",
         "facts": {"image_involved": True}, "tags": ["nudes_u18"]}
    )
    md = plan.to_markdown()
    assert md.startswith("# Incident plan: nudes_u18")
    assert "not referred" in md
    html = plan.to_html()
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>x</b>" not in html
