"""esafety: a UK school's online-safety policy as code.

The native core is written in Rust; this package re-exports it. Every name below is
documented in ``_esafety.pyi``.

>>> import esafety
>>> esafety.parse_url("HTTP://Example.COM./a/../b").href
'http://example.com/b'
"""

from esafety._esafety import (
    AccessDecision,
    CanonicalUrl,
    ConsentError,
    ConsentLedger,
    Decision,
    EsafetyError,
    FilterError,
    IncidentError,
    ImageDecision,
    IoError,
    PermissionDecision,
    Registry,
    RegistryError,
    Plan,
    SchoolProfile,
    Step,
    Match,
    Roster,
    ScannerError,
    ScanReport,
    TermScanner,
    UrlError,
    UrlFilter,
    WireError,
    __version__,
    draft_incident,
    escalate,
    parse_url,
    schema_version,
    search_terms,
    version,
)

__all__ = [
    "AccessDecision",
    "CanonicalUrl",
    "ConsentError",
    "ConsentLedger",
    "Decision",
    "EsafetyError",
    "FilterError",
    "IncidentError",
    "ImageDecision",
    "IoError",
    "PermissionDecision",
    "Registry",
    "RegistryError",
    "Plan",
    "SchoolProfile",
    "Step",
    "Match",
    "Roster",
    "ScanReport",
    "ScannerError",
    "TermScanner",
    "UrlError",
    "UrlFilter",
    "WireError",
    "__version__",
    "draft_incident",
    "escalate",
    "parse_url",
    "schema_version",
    "search_terms",
    "version",
]
