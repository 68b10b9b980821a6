"""Results that core returns as plain JSON objects are ``esafety.JsonDict``: a ``dict`` in
every way (equality, indexing, pickling), with the records' ``to_dict()`` and ``to_json()``."""

import copy
import json
import pickle
from typing import Any

import esafety

AT = "2025-10-01T09:00:00Z"


def registry_results() -> list[Any]:
    r = esafety.Registry("kilby")
    assigned = r.assign("head", "headteacher", "2025-09-01")
    published = r.publish_aup("staff", "v1", "2025-09-01", clauses=["Be kind."])
    return [assigned, published, r.holders("headteacher", "2025-09-02"), *r.duties("head", "2025-09-02")]


def consent_results() -> list[Any]:
    ledger = esafety.ConsentLedger()
    ledger.record("p1", "mum", "school_website", "given", AT)
    return [
        ledger.consent_form("p1", "mum", AT),
        ledger.explain("p1", "school_website", AT),
        ledger.receipt("p1", "mum", AT),
    ]


def other_results() -> list[Any]:
    old, new = esafety.UrlFilter.default(), esafety.UrlFilter.default()
    new.set_policy({"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}}})
    changes = esafety.what_if(old, new, ["bbc.co.uk"], audience="ks2")
    assert len(changes) == 1
    return [*esafety.procedure("nudes_u18")[:2], *changes, *esafety.categories()[:2]]


def test_every_plain_result_is_a_json_dict() -> None:
    results = registry_results() + consent_results() + other_results()
    assert len(results) >= 10
    for result in results:
        assert isinstance(result, esafety.JsonDict)
        plain = result.to_dict()
        assert type(plain) is dict and plain == result
        assert json.loads(result.to_json()) == plain
        # Nested objects carry the same methods; lists stay lists.
        for value in result.values():
            if isinstance(value, dict):
                assert isinstance(value, esafety.JsonDict)
        for other in (pickle.loads(pickle.dumps(result)), copy.deepcopy(result)):
            assert other == result and isinstance(other, esafety.JsonDict)


def test_to_dict_is_a_copy() -> None:
    result = consent_results()[1]
    plain = result.to_dict()
    plain["changed"] = True
    assert "changed" not in result
