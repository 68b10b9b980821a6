"""Every document the library reads follows one rule: a key written twice is refused, and a
settings document is an object, never a list read field by field."""

import pytest

import esafety


def test_a_key_written_twice_is_refused_not_the_last_one_kept() -> None:
    with pytest.raises(esafety.IncidentError) as e:
        esafety.escalate('{"tags": ["csam"], "tags": ["cyberbullying"]}')
    assert e.value.code == "incident_syntax"
    assert "duplicate key `tags`" in str(e.value)


def test_a_policy_given_as_a_list_is_refused_and_the_policy_kept() -> None:
    f = esafety.UrlFilter.default()
    f.set_policy({"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}}})
    with pytest.raises(esafety.FilterError) as e:
        f.set_policy([])  # type: ignore[arg-type]
    assert e.value.code == "filter_invalid_policy"
    assert f.check("http://bbc.co.uk/", audience="ks2").verdict == "block"


def test_a_consent_config_given_as_a_list_is_refused() -> None:
    with pytest.raises(esafety.ConsentError) as e:
        esafety.ConsentLedger([["press_media"]])  # type: ignore[arg-type]
    assert e.value.code == "consent_invalid_config"
