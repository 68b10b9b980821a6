"""esafety: a UK school's online-safety policy as code.

The native core is written in Rust; this package re-exports it. Every name below is
documented in ``_esafety.pyi``.

>>> import esafety
>>> esafety.parse_url("HTTP://Example.COM./a/../b").href
'http://example.com/b'
"""

from esafety._esafety import (
    CanonicalUrl,
    Decision,
    EsafetyError,
    FilterError,
    IncidentError,
    IoError,
    Match,
    Roster,
    ScannerError,
    ScanReport,
    TermScanner,
    Plan,
    SchoolProfile,
    Step,
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
    "CanonicalUrl",
    "Decision",
    "EsafetyError",
    "FilterError",
    "IncidentError",
    "IoError",
    "Match",
    "Roster",
    "ScanReport",
    "ScannerError",
    "TermScanner",
    "Plan",
    "SchoolProfile",
    "Step",
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
