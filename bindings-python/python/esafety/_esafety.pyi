"""Type stubs of the native module ``esafety._esafety`` (checked with mypy stubtest)."""

import os
from collections.abc import Sequence
from datetime import date, datetime
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

class RegistryError(EsafetyError):
    """A role, AUP, signature or permission call was refused.

    Codes include ``registry_unknown_role``, ``registry_unknown_audience``,
    ``registry_unknown_action``, ``registry_unknown_context_key`` and ``aup_version_unknown``.
    """

_Date = date | str
_Instant = datetime | date | str

@final
class AccessDecision:
    """Whether a person may use school systems now, and which AUPs are missing."""

    @property
    def person(self) -> str:
        """The person asked about."""
    @property
    def allowed(self) -> bool:
        """Whether every AUP the person's roles require is signed and current."""
    @property
    def missing(self) -> list[str]:
        """The AUP audiences still to be signed (``staff``, ``technician``, ``pupil_ks2``, ...)."""
    @property
    def gaps(self) -> list[dict[str, Any]]:
        """Each missing audience with the problem (``not_signed``, ``expired``, ...) and source."""
    @property
    def satisfied(self) -> list[dict[str, Any]]:
        """The signatures that count, with version, signing instant and expiry."""
    @property
    def roles(self) -> list[str]:
        """The roles the person holds on that date."""
    @property
    def required(self) -> list[str]:
        """The AUP audiences the roles require under the school's settings."""
    @property
    def rule(self) -> str:
        """The stable id of the deciding rule (``sign_before_access``, ``no_role``, ...)."""
    @property
    def reason(self) -> str:
        """Why, in plain words."""
    @property
    def source(self) -> str:
        """Where the rule comes from (DOMAIN.md section, seed and section)."""
    def to_dict(self) -> dict[str, Any]:
        """The decision as a dict with the JSON keys."""
    def __bool__(self) -> bool:
        """The same as ``allowed``."""

@final
class PermissionDecision:
    """The answer to "may this person do this, now?", with the rule and its source."""

    @property
    def person(self) -> str:
        """Who asked."""
    @property
    def action(self) -> str:
        """The action asked about."""
    @property
    def outcome(self) -> Literal["allowed", "denied", "needs_approval", "needs_justification"]:
        """The outcome."""
    @property
    def approver_role(self) -> str | None:
        """The role that must approve when the outcome is ``needs_approval``."""
    @property
    def rule(self) -> str:
        """The stable id of the deciding rule."""
    @property
    def reason(self) -> str:
        """Why, in plain words."""
    @property
    def conditions(self) -> list[str]:
        """What must be done alongside (logging, transfer and delete, who is present)."""
    @property
    def missing(self) -> list[str]:
        """AUP audiences still to be signed, when the rule is about signatures."""
    @property
    def source(self) -> str:
        """Where the rule comes from (DOMAIN.md section, seed and section)."""
    def to_dict(self) -> dict[str, Any]:
        """The decision as a dict with the JSON keys."""

@final
class Registry:
    """A school's roles, AUPs, signatures and review schedule.

    Dates (``since``, ``effective``, ``on``) are ``date`` objects or ``YYYY-MM-DD`` strings;
    instants (``at``) are timezone-aware ``datetime`` objects, RFC 3339 strings, or a
    ``date`` (midnight UTC).
    """

    def __new__(
        cls, preset: str | None = None, settings: dict[str, Any] | str | None = None, **fields: Any
    ) -> Registry:
        """A registry with the default settings, a seed preset (``seed_000`` ... ``seed_004``)
        and/or settings overrides (a dict or JSON text, or keyword fields such as
        ``search_rule="pupil_consent"`` or ``aup_refresh={"every_days": 180}``).

        Raises:
            RegistryError: ``registry_unknown_preset`` or ``registry_invalid_settings``.
        """
    @property
    def settings(self) -> dict[str, Any]:
        """The school settings."""
    def assign(
        self, person: str, role: str, since: _Date, *, deputy_for: str | None = None, audience: str | None = None
    ) -> dict[str, Any]:
        """Record that ``person`` holds ``role`` (a DOMAIN.md §2 id) from ``since``.

        ``deputy_for`` names the person deputised for; ``audience`` names the AUP audience when
        the role does not say it (``pupil_ks2`` for a pupil).
        """
    def unassign(self, person: str, role: str, until: _Date) -> None:
        """End ``person``'s ``role`` on ``until`` (the last day it is held)."""
    def holders(self, role: str, on: _Date) -> dict[str, Any]:
        """Who holds ``role`` on ``on``: holders, deputies, vacancy flags."""
    def duties(self, person: str, on: _Date) -> list[dict[str, Any]]:
        """The duties ``person`` carries on ``on``, with role and source."""
    def roles_of(self, person: str, on: _Date) -> list[str]:
        """The roles ``person`` holds on ``on``."""
    def publish_aup(
        self, audience: str, version: str, effective: _Date, *, material: bool = True, clauses: Sequence[str] = ...
    ) -> dict[str, Any]:
        """Publish a version of an audience's AUP; returns it with its content hash."""
    def sign(
        self,
        person: str,
        audience: str,
        version: str,
        at: _Instant,
        *,
        co_signer: str | None = None,
        signed_on_behalf_by: str | None = None,
        explained_to_pupil: bool = False,
        method: str = "paper",
        class_name: str | None = None,
    ) -> dict[str, Any]:
        """Record ``person``'s signature of an AUP version; returns the signature record.

        Raises:
            RegistryError: ``aup_version_unknown``, ``registry_unknown_audience``, ...
        """
    def may_access_systems(self, person: str, at: _Instant) -> AccessDecision:
        """Whether ``person`` may use school systems at ``at`` and what is missing."""
    def who_must_sign(self, at: _Instant) -> list[str]:
        """Everyone holding a role at ``at`` without a current signature they need."""
    def decide(self, person: str, action: str, at: _Instant, **context: bool | str | None) -> PermissionDecision:
        """Decide an action (``view_suspected_indecent_image``, ``search_pupil_device``, ...).

        Context keys include ``justification``, ``pupil_consent``, ``reasonable_grounds``,
        ``consent`` (a bool or the consent module's decision id), ``guest``, ``head_approval``.

        Raises:
            RegistryError: ``registry_unknown_action``, ``registry_unknown_context_key``, ...
        """
    def diff(self, audience: str, version_a: str, version_b: str) -> dict[str, Any]:
        """Clauses added, removed and changed between two versions."""
    def record_review(self, subject: str, on: _Date) -> None:
        """Record a review of ``online_safety_policy`` or ``filtering_monitoring``."""
    def flag_review(self, subject: str, trigger: str, on: _Date) -> None:
        """Flag an event (``new_technology``, ``safeguarding_risk``, ...) that makes a review due."""
    def review_status(self, on: _Date) -> list[dict[str, Any]]:
        """Where both reviews stand on ``on`` (due date, overdue flag, open triggers)."""
    def signatures(self) -> list[dict[str, Any]]:
        """Every signature recorded, oldest first."""
    def to_json(self) -> str:
        """The whole registry as a versioned JSON document."""
    @staticmethod
    def from_json(text: str) -> Registry:
        """Read a registry saved with ``to_json``."""

class IncidentError(EsafetyError):
    """An incident dict or a school profile is not valid.

    Attributes:
        field: the path of the offending field (``facts.adult``, ``contacts.lado.phone``).
        file: the profile file, when the error is in one.
    """

    field: str | None
    file: str | None

@final
class SchoolProfile:
    """A school's local contact directory and settings (DOMAIN.md §8)."""

    @staticmethod
    def preset(name: str) -> SchoolProfile:
        """A built-in profile: ``national``, ``kilby``, ``highgate``, ``ely``, ``whitwell``, ``russell_house``.

        Raises:
            IncidentError: ``incident_unknown_preset`` for any other name.
        """
    @staticmethod
    def national() -> SchoolProfile:
        """The national defaults."""
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> SchoolProfile:
        """Read a profile file (TOML, or JSON when the name ends ``.json``).

        Raises:
            IncidentError: naming the file, the key and why.
            IoError: when the file cannot be read.
        """
    @staticmethod
    def from_text(label: str, text: str) -> SchoolProfile:
        """Read a profile from text; ``label`` names it in errors."""
    @staticmethod
    def preset_names() -> list[str]:
        """The preset names."""
    @property
    def id(self) -> str:
        """A short id."""
    @property
    def name(self) -> str:
        """The school's name."""
    @property
    def local_authority(self) -> str | None:
        """The local authority, when known."""
    @property
    def settings(self) -> dict[str, Any]:
        """The local settings."""
    @property
    def contacts(self) -> dict[str, Any]:
        """The usable contact directory, by recipient id."""
    @property
    def warnings(self) -> list[dict[str, Any]]:
        """Flagged or missing contacts and leftover seed text (``code``, ``key``, ``message``, ``source``)."""
    def to_dict(self) -> dict[str, Any]:
        """The profile as a dict."""

@final
class Step:
    """One step of a plan."""

    @property
    def action(self) -> str:
        """What to do, a snake_case id such as ``report_to_dsl``."""
    @property
    def recipient(self) -> str:
        """A role id (``dsl``, ``chair_of_governors``) or an external contact id (``lado``, ``police_emergency``)."""
    @property
    def deadline(self) -> Literal["immediately", "same_day", "within_1_working_day", "within_72h", "routine"]:
        """How fast."""
    @property
    def mandatory(self) -> bool:
        """``True``: must be done; ``False``: consider it."""
    @property
    def source(self) -> str:
        """Where the rule comes from."""
    @property
    def note(self) -> str | None:
        """Extra guidance."""
    @property
    def contact(self) -> dict[str, Any] | None:
        """The recipient's contact details from the school profile."""
    def to_dict(self) -> dict[str, Any]:
        """The step as a dict."""

@final
class Plan:
    """What staff must do, and never do, about one incident."""

    @property
    def category(self) -> str:
        """The primary DOMAIN.md §5.3 category id."""
    @property
    def secondary(self) -> list[str]:
        """Other categories that apply."""
    @property
    def area(self) -> str:
        """The 4C area (``content``, ``contact``, ``conduct``, ``commerce``, ``data_protection``)."""
    @property
    def severity(self) -> int:
        """1 (log) to 5 (act now)."""
    @property
    def ukcis_triggers(self) -> list[str]:
        """UKCIS immediate-referral triggers that apply (``a`` to ``e``)."""
    @property
    def steps(self) -> list[Step]:
        """The steps, in order."""
    @property
    def forbidden(self) -> list[str]:
        """Forbidden action ids such as ``view_image``."""
    @property
    def inform_parents(self) -> Literal["yes", "no", "unless_risk"]:
        """Whether parents are told."""
    @property
    def out_of_hours(self) -> bool:
        """Whether it was reported outside the school day."""
    @property
    def profile(self) -> str:
        """The id of the school profile used."""
    @property
    def reasons(self) -> list[dict[str, Any]]:
        """Why it was classified so (``rule``, ``text``, ``source``)."""
    @property
    def warnings(self) -> list[str]:
        """Gaps in the profile that affect this plan."""
    def to_dict(self) -> dict[str, Any]:
        """The plan as a dict."""
    def to_text(self) -> str:
        """The plan for a person: forbidden actions first, then numbered steps."""

def escalate(incident: dict[str, Any] | str, profile: SchoolProfile | str | None = None) -> Plan:
    """Turn an incident dict into a plan.

    Arguments:
        incident: the incident dict (``reported_at``, ``reporter``, ``subjects``, ``alleged``,
            ``location``, ``device``, ``facts``, ``tags``, ``hits``), or its JSON text.
        profile: a ``SchoolProfile``, a preset name, or ``None`` for the national defaults.

    Raises:
        IncidentError: a ``ValueError`` naming the field (``.field``) for unknown fields or values.
    """

def draft_incident(alert: dict[str, Any]) -> dict[str, Any] | None:
    """Turn a monitoring match or a filter block into a draft incident dict.

    Arguments:
        alert: ``kind`` (``term`` or ``url``), ``category``, ``severity`` (terms), ``at``
            (RFC 3339), and optionally ``url``, ``term``, ``role``, ``age``, ``year_group``,
            ``device``, ``location``, ``user_id``, ``deliberate``.

    Returns:
        The draft incident dict, or ``None`` when the category is not a safeguarding concern.
    """
