"""URL canonicalisation from Python: vectors, errors and the README example."""

from typing import Any

import pytest

import esafety
from vectors import cases, check

URL_CASES = cases("url")


@pytest.mark.parametrize("input,expect", [c[1:] for c in URL_CASES], ids=[c[0] for c in URL_CASES])
def test_url_vectors(input: dict[str, Any], expect: dict[str, Any]) -> None:
    check(lambda i: esafety.parse_url(i["url"]).to_dict(), input, expect)


def test_bad_input_raises_typed_error_and_process_keeps_working() -> None:
    with pytest.raises(esafety.UrlError) as info:
        esafety.parse_url("http://example.com:99999/")
    err = info.value
    assert isinstance(err, esafety.EsafetyError)
    assert isinstance(err, ValueError)
    assert err.code == "url_invalid_port"
    assert err.domain == "url"
    # the interpreter and the module are still fine after the error
    assert esafety.parse_url("example.com").host == "example.com"


def test_wrong_type_is_a_type_error_not_a_crash() -> None:
    with pytest.raises(TypeError):
        esafety.parse_url(42)  # type: ignore[arg-type]


def test_canonical_url_attributes() -> None:
    url = esafety.parse_url("https://[::1]:8443/a?b")
    assert (url.scheme, url.host, url.host_kind, url.port, url.path, url.query) == (
        "https",
        "::1",
        "ipv6",
        8443,
        "/a",
        "b",
    )
    assert str(url) == "https://[::1]:8443/a?b"


def test_versions() -> None:
    assert esafety.version() == esafety.__version__
    assert esafety.schema_version() == 1
