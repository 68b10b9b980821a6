"""esafety: a UK school's online-safety policy as code.

The native core is written in Rust; this package re-exports it (documented in
``_esafety.pyi``) and the result records of the wire contract, generated dataclasses from
``_wire.py``.

>>> import esafety
>>> esafety.parse_url("HTTP://Example.COM./a/../b").href
'http://example.com/b'
"""

from esafety._esafety import (
    AUDIENCES,
    PRESET_IDS,
    ROLES,
    PolicyError,
    SchoolPolicy,
    categories,
    ConsentError,
    ConsentLedger,
    EsafetyError,
    FilterError,
    IncidentError,
    IoError,
    Registry,
    RegistryError,
    SchoolProfile,
    Roster,
    ScannerError,
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
from esafety._wire import (
    AccessDecision,
    CanonicalUrl,
    Decision,
    ImageDecision,
    ItemError,
    Match,
    PermissionDecision,
    Plan,
    ScanReport,
    Step,
)

__all__ = [
    "AUDIENCES",
    "PRESET_IDS",
    "ROLES",
    "PolicyError",
    "SchoolPolicy",
    "categories",
    "AccessDecision",
    "CanonicalUrl",
    "ConsentError",
    "ConsentLedger",
    "Decision",
    "EsafetyError",
    "FilterError",
    "IncidentError",
    "ImageDecision",
    "ItemError",
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
