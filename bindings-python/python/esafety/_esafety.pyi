"""Type stubs of the native module ``esafety._esafety`` (checked with mypy stubtest)."""

from typing import Any, Literal, final

__version__: str

def version() -> str:
    """The version of the esafety library."""

def schema_version() -> int:
    """The schema version of every JSON document esafety reads and writes."""

class EsafetyError(ValueError):
    """Base of every esafety error.

    Attributes:
        code: a stable snake_case id such as ``url_invalid_port``.
        domain: the core module that raised it (``url``, ``filter``, ...).
    """

    code: str
    domain: str

class UrlError(EsafetyError):
    """A web address could not be canonicalised."""

class WireError(EsafetyError):
    """A JSON document has an unsupported schema or shape."""

class IoError(EsafetyError):
    """A file could not be read."""

@final
class CanonicalUrl:
    """A canonical web address (WHATWG semantics)."""

    @property
    def scheme(self) -> str:
        """Lower-case scheme, e.g. ``https``."""
    @property
    def host(self) -> str:
        """Lower-case ASCII host: punycode, no trailing dot, IPv6 without brackets."""
    @property
    def host_kind(self) -> Literal["domain", "ipv4", "ipv6"]:
        """Whether the host is a domain or an IP literal."""
    @property
    def port(self) -> int | None:
        """The effective port (the scheme's default when none is written)."""
    @property
    def path(self) -> str:
        """The path, dot segments resolved, unreserved escapes decoded."""
    @property
    def query(self) -> str | None:
        """The query without ``?``; ``None`` when there is no ``?``."""
    @property
    def href(self) -> str:
        """The canonical serialisation (no user info, no fragment)."""
    def to_dict(self) -> dict[str, Any]:
        """The parts as a dict with the JSON keys."""

def parse_url(url: str) -> CanonicalUrl:
    """Canonicalise a web address.

    Arguments:
        url: an absolute URL, or a scheme-less one such as ``example.com/a``.

    Returns:
        The canonical parts.

    Raises:
        UrlError: with ``.code`` such as ``url_empty`` or ``url_invalid_port``.
    """
