"""Type stubs of the native module ``esafety._esafety`` (checked with mypy stubtest)."""

import os
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from os import PathLike
from typing import Any, ClassVar, Literal, Required, TypeAlias, TypedDict, final

from esafety._record import JsonDict
from esafety._wire import AccessDecision, CanonicalUrl, Decision, ImageDecision, ItemError, Match, PermissionDecision, Plan, ScanReport

# ---------------------------------------------------------------- vocabulary (generated)
# Written by tests/test_vocabulary.py from the runtime lists (ESAFETY_BLESS=1 rewrites it).
_Audience: TypeAlias = Literal[
    "eyfs", "ks1", "ks2", "ks3", "ks4", "sixth_form", "staff", "guest"
]
AUDIENCES: tuple[_Audience, ...]
"""Who browses or writes (the filter's and the scanner's audiences)."""

_Role: TypeAlias = Literal[
    "governing_board", "named_governor", "chair_of_governors", "headteacher", "slt",
    "slt_fm_lead", "dsl", "deputy_dsl", "online_safety_lead", "it_provider",
    "data_protection_lead", "all_staff", "volunteer", "social_media_officer", "pupil",
    "parent_carer", "visitor", "community_user", "photographer"
]
ROLES: tuple[_Role, ...]
"""The role ids, one set for every module (aliases such as ``teacher`` are also read)."""

_Action: TypeAlias = Literal[
    "view_suspected_indecent_image", "search_pupil_device", "confiscate_device",
    "delete_device_content", "approve_unblock", "change_filtering",
    "access_child_protection_records", "publish_image", "run_official_social_media",
    "photograph_on_personal_device", "contact_pupil_via_personal_account", "grant_guest_access",
    "use_personal_phone", "connect_personal_device_to_wifi"
]
ACTIONS: tuple[_Action, ...]
"""The actions ``Registry.decide`` decides."""

_ContextKey: TypeAlias = Literal[
    "justification", "unavoidable", "adult_involved", "pupil_consent", "parent_consent",
    "reasonable_grounds", "authorised_by_headteacher", "agencies_confirmed_not_needed",
    "referral_made", "consent", "channel", "full_name_shown", "slt_permission", "necessary",
    "head_approval", "guest", "unsupervised", "wifi_key", "with_pupils"
]
CONTEXT_KEYS: tuple[_ContextKey, ...]
"""The context keys ``Registry.decide`` accepts as keywords."""

_AupAudience: TypeAlias = Literal[
    "staff", "governor", "technician", "social_media_officer", "pupil_eyfs_ks1", "pupil_ks2",
    "parent_carer", "visitor"
]
AUP_AUDIENCES: tuple[_AupAudience, ...]
"""The AUP audiences (``Registry.publish_aup``, ``Registry.sign``)."""

_ReviewSubject: TypeAlias = Literal[
    "online_safety_policy", "filtering_monitoring"
]
REVIEW_SUBJECTS: tuple[_ReviewSubject, ...]
"""What ``Registry.record_review`` and ``flag_review`` review."""

_SearchRule: TypeAlias = Literal[
    "dfe", "pupil_or_parent_consent", "pupil_consent_else_parents"
]
SEARCH_RULES: tuple[_SearchRule, ...]
"""The school's rules for searching a pupil's device (``search_rule``)."""

_ChannelBase: TypeAlias = Literal[
    "printed_publications", "in_school_display", "school_website", "school_social_media",
    "video_recording", "press_media", "learning_platform_parents",
    "class_group_shared_with_parents", "external_photographer", "pupil_work_with_name"
]
CHANNELS: tuple[_ChannelBase, ...]
"""The image-consent channels (a platform may follow ``school_social_media.``)."""

_SocialPlatform: TypeAlias = Literal[
    "x", "facebook", "instagram", "linkedin", "youtube"
]
SOCIAL_PLATFORMS: tuple[_SocialPlatform, ...]
"""The platforms of ``school_social_media.<platform>``."""

_ConsentState: TypeAlias = Literal[
    "given", "refused", "withdrawn", "expired", "left_roll", "not_asked", "restricted"
]
CONSENT_STATES: tuple[_ConsentState, ...]
"""A pupil's consent state on a channel (``ConsentLedger.state``)."""

_EventState: TypeAlias = Literal[
    "given", "refused", "withdrawn", "expired", "renewed", "invalidated"
]
EVENT_STATES: tuple[_EventState, ...]
"""What a carer's answer records (``ConsentLedger.record``)."""

_CollectionMethod: TypeAlias = Literal[
    "paper", "widget", "app", "mis_import"
]
COLLECTION_METHODS: tuple[_CollectionMethod, ...]
"""How an answer reached the school (``method=``)."""

_Relationship: TypeAlias = Literal[
    "mother", "father", "parent", "step_parent", "relative", "guardian", "foster_carer",
    "local_authority", "other"
]
RELATIONSHIPS: tuple[_Relationship, ...]
"""How a carer is related to the pupil (``relationship=``)."""

_RestrictionReason: TypeAlias = Literal[
    "looked_after", "adopted", "court_order", "domestic_abuse", "dsl_no_images", "other"
]
RESTRICTION_REASONS: tuple[_RestrictionReason, ...]
"""Why images of a pupil are restricted (free text is also read)."""

_IncidentCategory: TypeAlias = Literal[
    "staff_allegation", "sextortion", "csam", "grooming_cse", "fgm", "nudes_u18",
    "criminal_exploitation", "terrorist_content", "radicalisation", "self_harm_suicide",
    "online_sexual_harassment", "online_hate", "cyberbullying", "data_breach",
    "image_consent_breach", "cybercrime", "unauthorised_recording", "staff_low_level_concern",
    "safeguarding_concern", "commerce_harm", "inappropriate_content_deliberate",
    "filter_bypass", "inappropriate_content_accidental", "filter_failure",
    "underage_platform_use", "mis_disinformation"
]
INCIDENT_CATEGORIES: tuple[_IncidentCategory, ...]
"""The incident categories (``procedure``, incident ``tags``)."""

_ContextTag: TypeAlias = Literal[
    "monitoring_alert", "filter_block", "filter_alert", "online_game", "social_media",
    "messaging", "livestream", "ai_generated"
]
CONTEXT_TAGS: tuple[_ContextTag, ...]
"""Incident tags that say where an incident came from or what it involved."""

_Fact: TypeAlias = Literal[
    "immediate_danger", "adult_involved", "under_13_involved", "coercion_or_blackmail",
    "sexual_act_depicted", "violence_depicted", "image_involved", "shared_further",
    "other_schools_involved", "criminal_offence_suspected", "deliberate",
    "capacity_to_consent_concern", "unusual_sexual_act", "risk_of_self_harm",
    "incidental_exposure", "financial_loss", "public_at_risk", "fgm_known",
    "threat_of_violence", "previous_concerns"
]
FACTS: tuple[_Fact, ...]
"""The incident ``facts`` keys."""

_ScannerCategory: TypeAlias = Literal[
    "self_harm", "suicide", "bullying", "sexual_content", "grooming", "extremism", "drugs",
    "weapons", "hate_speech", "discrimination", "violence", "abuse", "criminal_exploitation",
    "gambling", "filter_bypass", "profanity", "wellbeing", "malware_hacking", "sextortion"
]
SCANNER_CATEGORIES: tuple[_ScannerCategory, ...]
"""The term scanner's built-in categories (a list may add its own)."""

_TermListFormat: TypeAlias = Literal[
    "tsv", "ldnoobw", "dsojevic", "surge_ai", "suicide_risk_lexicon", "davidson", "hurtlex"
]
TERM_LIST_FORMATS: tuple[_TermListFormat, ...]
"""The term list formats ``TermScanner.from_file`` reads."""

_Category: TypeAlias = Literal[
    "illegal.csam", "illegal.terrorism", "discrimination", "hate_speech", "drugs", "extremism",
    "gambling", "malware_hacking", "filter_bypass", "mis_disinformation", "pornography",
    "piracy", "self_harm", "violence", "adult", "dating", "social_networks", "games", "chat",
    "streaming", "phishing", "weapons", "webmail", "shopping", "cults", "advertising",
    "file_sharing", "url_shortener", "forums", "blogs", "news", "cryptocurrency",
    "generative_ai", "sex_education", "lookalike", "remote_access", "suicide", "bullying",
    "sexual_content", "grooming", "abuse", "criminal_exploitation", "profanity", "wellbeing",
    "sextortion", "staff_allegation", "csam", "grooming_cse", "fgm", "nudes_u18",
    "terrorist_content", "radicalisation", "self_harm_suicide", "online_sexual_harassment",
    "online_hate", "cyberbullying", "data_breach", "image_consent_breach", "cybercrime",
    "unauthorised_recording", "staff_low_level_concern", "safeguarding_concern",
    "commerce_harm", "inappropriate_content_deliberate", "inappropriate_content_accidental",
    "filter_failure", "underage_platform_use"
]
CATEGORIES: tuple[_Category, ...]
"""Every category id of the filter, the scanner and incidents (see ``categories()``)."""

_PresetId: TypeAlias = Literal[
    "national", "kilby", "highgate", "ely", "whitwell", "russell_house"
]
PRESET_IDS: tuple[_PresetId, ...]
"""The built-in school policy ids, ``national`` first."""

# A channel id: a base channel, or the social-media one with its platform.
_Channel: TypeAlias = _ChannelBase | Literal[
    "school_social_media.x", "school_social_media.facebook", "school_social_media.instagram",
    "school_social_media.linkedin", "school_social_media.youtube"
]
_Tag: TypeAlias = _IncidentCategory | _ContextTag
TAGS: tuple[_Tag, ...]
"""The incident tags: the incident categories and the context tags."""
# ---------------------------------------------------------------- end of vocabulary

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

class ArgumentTypeError(EsafetyError, TypeError):
    """An argument of the wrong type (code ``invalid_type``); also a ``TypeError``."""

class UrlError(EsafetyError):
    """A web address could not be canonicalised."""

class WireError(EsafetyError):
    """A JSON document has an unsupported schema or shape."""

class IoError(EsafetyError):
    """A file could not be read."""

class ConsentError(EsafetyError):
    """An image-consent operation was refused.

    Codes include ``consent_unknown_channel``, ``consent_unknown_state``,
    ``consent_unknown_method``, ``consent_empty_group`` and ``ledger_tampered``.
    """
class FilterError(EsafetyError):
    """The web filter refused a list, policy, override or audience."""

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
_RegistryInstant: TypeAlias = datetime | date | str

@final
class Registry:
    """A school's roles, AUPs, signatures and review schedule.

    Dates (``since``, ``effective``, ``on``) are ``date`` objects or ``YYYY-MM-DD`` strings;
    instants (``at``) are timezone-aware ``datetime`` objects, RFC 3339 strings, or a
    ``date`` (midnight in England).
    """

    def __new__(
        cls,
        preset: str | None = None,
        settings: dict[str, Any] | str | None = None,
        *,
        policy: SchoolPolicy | str | bytes | dict[str, Any] | None = None,
        **fields: Any,
    ) -> Registry:
        """A registry with the default settings, a preset (``national``, ``kilby`` ...
        ``russell_house``, or ``seed_000`` ... ``seed_004``), a school ``policy``,
        and/or settings overrides (a dict or JSON text, or keyword fields such as
        ``search_rule="pupil_consent"`` or ``aup_refresh={"every_days": 180}``).

        Raises:
            RegistryError: ``registry_unknown_preset`` or ``registry_invalid_settings``.
        """
    @property
    def settings(self) -> JsonDict:
        """The school settings."""
    def assign(
        self, person: str, role: _Role, since: _Date, *, deputy_for: str | None = None, audience: _AupAudience | None = None
    ) -> JsonDict:
        """Record that ``person`` holds ``role`` (a DOMAIN.md §2 id) from ``since``.

        ``deputy_for`` names the person deputised for; ``audience`` names the AUP audience when
        the role does not say it (``pupil_ks2`` for a pupil).
        """
    def unassign(self, person: str, role: _Role, until: _Date) -> None:
        """End ``person``'s ``role`` on ``until`` (the last day it is held)."""
    def holders(self, role: _Role, on: _Date) -> JsonDict:
        """Who holds ``role`` on ``on``: holders, deputies, vacancy flags."""
    def duties(self, person: str, on: _Date) -> list[JsonDict]:
        """The duties ``person`` carries on ``on``, with role and source."""
    def roles_of(self, person: str, on: _Date) -> list[str]:
        """The roles ``person`` holds on ``on``."""
    def publish_aup(
        self, audience: _AupAudience, version: str, effective: _Date, *, material: bool | None = None, clauses: Sequence[str] = ...
    ) -> JsonDict:
        """Publish a version of an audience's AUP; returns it with its content hash."""
    def sign(
        self,
        person: str,
        audience: _AupAudience,
        version: str,
        at: _RegistryInstant,
        *,
        co_signer: str | None = None,
        signed_on_behalf_by: str | None = None,
        explained_to_pupil: bool = False,
        method: str | None = None,
        class_name: str | None = None,
    ) -> JsonDict:
        """Record ``person``'s signature of an AUP version; returns the signature record.

        Raises:
            RegistryError: ``aup_version_unknown``, ``registry_unknown_audience``, ...
        """
    def may_access_systems(self, person: str, at: _RegistryInstant) -> AccessDecision:
        """Whether ``person`` may use school systems at ``at`` and what is missing."""
    def who_must_sign(self, at: _RegistryInstant) -> list[str]:
        """Everyone holding a role at ``at`` without a current signature they need."""
    def decide(self, person: str, action: _Action, at: _RegistryInstant, **context: bool | str | None) -> PermissionDecision:
        """Decide an action (``view_suspected_indecent_image``, ``search_pupil_device``, ...).

        Context keys include ``justification``, ``pupil_consent``, ``reasonable_grounds``,
        ``consent`` (a bool or the consent module's decision id), ``guest``, ``head_approval``.

        Raises:
            RegistryError: ``registry_unknown_action``, ``registry_unknown_context_key``, ...
        """
    def diff(self, audience: _AupAudience, version_a: str, version_b: str) -> JsonDict:
        """Clauses added, removed and changed between two versions."""
    def record_review(self, subject: _ReviewSubject, on: _Date) -> None:
        """Record a review of ``online_safety_policy`` or ``filtering_monitoring``."""
    def flag_review(self, subject: _ReviewSubject, trigger: str, on: _Date) -> None:
        """Flag an event (``new_technology``, ``safeguarding_risk``, ...) that makes a review due."""
    def review_status(self, on: _Date) -> list[JsonDict]:
        """Where both reviews stand on ``on`` (due date, overdue flag, open triggers, vacancy ``warnings``)."""
    def vacancies(self, on: _Date) -> list[JsonDict]:
        """Required posts (``dsl``, ``headteacher``, ``slt_fm_lead``) no one holds on ``on``.

        A post covered only by deputies is vacant: each dict has ``role``, ``on``,
        ``deputies``, ``warning`` and ``source``.
        """
    def signatures(self) -> list[JsonDict]:
        """Every signature recorded, oldest first."""
    def to_json(self) -> str:
        """The whole registry as a versioned JSON document."""
    def to_dict(self) -> dict[str, Any]:
        """The whole registry as a dict (the ``to_json`` document parsed)."""
    @staticmethod
    def from_json(document: str | bytes | dict[str, Any]) -> Registry:
        """Read a registry saved with ``to_json`` (JSON text, bytes or a dict).

        Pickling and ``copy`` go through ``to_json`` and ``from_json``.
        """

class _FileSource(TypedDict, total=False):
    """One list of ``UrlFilter.from_sources``."""

    path: Required[str]
    format: str
    category: str | None

@final
class UrlFilter:
    """The web filter: evasion-resistant URL classifier with per-audience policies.

    Pickling and ``copy`` rebuild the filter from the document it was built from (``default``
    with its policy, ``from_spec``); one read from files (``from_directory``,
    ``from_sources``) or with recorded overrides or policy changes raises ``TypeError``
    saying why.
    """

    @staticmethod
    def default(*, policy: SchoolPolicy | str | bytes | dict[str, Any] | None = None) -> UrlFilter:
        """The embedded default rule set (works offline) under the built-in policy, or
        under the ``filter`` section of a school ``policy`` (a ``SchoolPolicy`` or preset id)."""
    @staticmethod
    def from_directory(path: str | PathLike[str], *, strict: bool = False) -> UrlFilter:
        """A UT1-style directory (``<category>/domains|urls|expressions``) plus the defaults.

        Raises:
            IoError: the directory or a file cannot be read.
            FilterError: ``filter_rejected_line`` in strict mode.
        """
    @staticmethod
    def from_spec(spec: dict[str, Any]) -> UrlFilter:
        """A filter described as data: ``include_defaults``, ``strict``, ``lists``, ``policy``."""
    @staticmethod
    def from_sources(sources: Sequence[_FileSource | dict[str, Any]], *, model: bool = True) -> UrlFilter:
        """Several list files and UT1 directories merged into one filter, plus the defaults.

        Each source is ``{"path": str, "format": "auto"|"ut1"|"hosts"|"domains"|"adblock"|
        "dnsmasq"|"rpz", "category": str | None}`` (a UT1 directory needs no category);
        every match cites its file and line. ``model`` turns on the category model for
        hosts no list knows.

        >>> UrlFilter.from_sources([]).check("https://www.bet365.com/").verdict
        'block'

        Raises:
            IoError: a file cannot be read (or is too large).
            FilterError: ``filter_invalid_spec`` (no category, bad JSON shape),
                ``filter_unknown_category``, ``filter_unknown_list_format``.
        """
    @staticmethod
    def category_ids() -> list[str]:
        """Every category id the filter knows (``pornography``, ``gambling``, ``drugs``, ...)."""
    def check(
        self,
        url: str,
        audience: _Audience | None = None,
        at: datetime | str | None = None,
        scanner: TermScanner | None = None,
    ) -> Decision:
        """Check one URL for an audience, optionally at an instant (time windows).

        With a ``scanner``, the search terms are scanned and their matches are on
        ``Decision.search_matches`` (empty without one).

        Raises:
            UrlError: an invalid URL, with ``.code`` such as ``url_invalid_host``.
            FilterError: an unknown audience (``filter_unknown_audience``).
        """
    def classify_content(self, url: str, title: str, text: str, audience: _Audience | None = None) -> Decision:
        """Score a page (title and text) with the content phrase lists, for proxies that
        see the page; the decision's ``evidence`` lists the phrases that scored.

        Raises:
            UrlError: an invalid URL.
            FilterError: an unknown audience.
        """
    def check_many(
        self,
        urls: list[str] | list[str | None] | tuple[str | None, ...],
        audience: _Audience | None = None,
        at: datetime | str | None = None,
        scanner: TermScanner | None = None,
    ) -> list[Decision | ItemError]:
        """Check many URLs: one result per URL, in order.

        A URL that cannot be checked gives an ``ItemError`` (``index``, ``input``, ``code``,
        ``message``) in its place, and so does a ``None`` (code ``input_null``, as in
        :meth:`classify_arrow`) and a ``str`` that is not valid Unicode (a lone surrogate,
        code ``invalid_string``); the other URLs are checked as usual. With a ``scanner``,
        each URL's search terms are scanned as in :meth:`check`.

        Raises:
            FilterError: an unknown audience (no URL can be checked for it).
        """
    def classify_arrow(self, array: Any, audience: _Audience | None = None, at: datetime | str | None = None) -> Any:
        """Check a ``pyarrow`` string array (or chunked array) of URLs.

        Returns a ``pyarrow.StructArray`` with ``verdict``, ``category`` (null when none),
        ``rule`` and ``error`` (null when fine; ``input_null`` for a null row), one row per
        input, in order: the same decisions as ``check_many``.

        Arrow data (``string``, ``large_string``, ``string_view``, sliced or chunked; any
        object with ``__arrow_c_array__`` or ``__arrow_c_stream__``) is read in place, without
        a copy; a dictionary of strings is decoded first; a list of ``str`` is read item by
        item (a ``str`` that is not valid Unicode, a lone surrogate, is an ``invalid_string``
        row). The GIL is released while the URLs are checked, on all cores.

        Raises:
            FilterError: an unknown audience.
            ArgumentTypeError: an array that does not hold strings, or a bare ``str``.
            EsafetyError: ``invalid_string`` for Arrow data that is not valid: bytes that are not
                UTF-8, offsets out of bounds, or buffers that do not match the schema the
                producer declares (the producer is trusted not to hand over buffers smaller
                than its schema says: the Arrow C data interface carries no sizes).
        """
    def record(self, event: dict[str, Any], *, registry: Registry | None = None) -> JsonDict:
        """Record an override event (``request``, ``approve``, ``reject``, ``revoke``); returns the request's state.

        An approval names the approver's person id. With ``registry=`` the role they act in is
        looked up for the day (headteacher, slt_fm_lead or slt); without one the event must
        name ``approver_role`` and is logged with ``authorisation: "unverified"``.

        Raises:
            FilterError: ``filter_self_approval``, ``filter_approver_not_authorised``,
                ``filter_approver_not_slt``, ``filter_registry_required``, ...
        """
    def change_policy(self, change: dict[str, Any], registry: Registry) -> None:
        """Replace the policy as an approved change logged in the change log.

        ``change`` has ``id``, ``requested_by``, ``approved_by``, ``at``, ``reason``, ``policy``
        (and optionally ``approver_role``).

        Raises:
            FilterError: ``filter_self_approval``, ``filter_approver_not_authorised``,
                ``filter_policy_change_out_of_order`` (dated before the latest change), ...
        """
    def set_policy(self, policy: dict[str, Any]) -> None:
        """Replace the school's policy without a registry (logged as an unverified policy change)."""
    def change_log(self) -> dict[str, Any]:
        """The change log (``schemaVersion``, ``events`` with overrides and policy changes, ``overrides``)."""
    def change_log_json(self) -> str:
        """The override change log as JSON text."""
    def load_report(self) -> dict[str, Any]:
        """Every list's accepted, ignored and rejected lines (with line numbers)."""
    def classify_squid_log(self, text: str, audiences: dict[str, Any] | None = None) -> dict[str, Any]:
        """Classify a squid native access log: summary by category and audience, blocked, alerting and search lines.

        Each list keeps its first 1,000 lines; ``totals`` counts every line that belongs in it.
        """
    @property
    def domain_rule_count(self) -> int:
        """Number of domain and IP rules."""
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
    def settings(self) -> JsonDict:
        """The local settings."""
    @property
    def contacts(self) -> JsonDict:
        """The usable contact directory, by recipient id."""
    @property
    def warnings(self) -> list[JsonDict]:
        """Flagged or missing contacts and leftover seed text (``code``, ``key``, ``message``, ``source``)."""
    def to_dict(self) -> dict[str, Any]:
        """The profile as a dict."""
    def to_json(self) -> str:
        """The profile as JSON text."""

def escalate(
    incident: dict[str, Any] | str | bytes,
    profile: SchoolProfile | SchoolPolicy | str | None = None,
    *,
    policy: SchoolPolicy | str | bytes | dict[str, Any] | None = None,
) -> Plan:
    """Turn an incident dict into a plan.

    Arguments:
        incident: the incident dict (``reported_at``, ``occurred_at``, ``reporter``, ``subjects``, ``alleged``,
            ``location``, ``device``, ``facts``, ``tags``, ``hits``), or its JSON text
            (``str`` or ``bytes``).
        profile: a ``SchoolProfile``, a preset name, or ``None`` for the national defaults.

    Raises:
        IncidentError: a ``ValueError`` naming the field (``.field``) for unknown fields or values.
    """

def draft_incident(
    alert: dict[str, Any] | Match | Decision | str | bytes,
    context: dict[str, Any] | str | bytes | None = None,
    *,
    at: _Instant | None = None,
    role: str | None = None,
    age: int | None = None,
    year_group: int | str | None = None,
    user_id: str | None = None,
    device: str | None = None,
    location: str | None = None,
    deliberate: bool | None = None,
) -> JsonDict | None:
    """Turn a monitoring alert, a scanner match or a filter decision into a draft incident dict.

    Every category the filter or the scanner emits gives a draft (one that is not a concern
    by itself, such as ``games``, is drafted for the DSL to triage). A match of a school
    list's own category (``vaping``) becomes a hit of category ``list:vaping``, which the
    plan flags as one the library cannot interpret; a hand-written alert writes that
    prefix itself. An own category written under a known one (``self_harm.cutting``)
    takes that category's route.

    Arguments:
        alert: an alert dict (``kind`` ``term`` or ``url``, ``category``, ``severity``, ``at``,
            ...), ``Match.to_dict()`` or ``Decision.to_dict()`` as they are (or the ``Match``
            or ``Decision`` itself, or JSON text as ``str`` or ``bytes``).
        context: what the match or decision does not say: ``at`` (RFC 3339), ``role``,
            ``age``, ``year_group``, ``user_id``, ``device``, ``location``, ``deliberate``.
        at, role, age, year_group, user_id, device, location, deliberate: the same, as
            keywords (they win over ``context``).

    Returns:
        The draft incident dict, or ``None`` for a decision that names no category.

    Raises:
        IncidentError: an unknown category (the message lists the valid ids), a pupil's age
            outside 2-19, an unknown key.
    """

def render_text(name: str, json: str | bytes | dict[str, Any], form: str | None = None) -> str:
    """A wire record (``Plan``), given as its JSON text, rendered by core for a person:
    ``form`` is ``text`` (the default), ``markdown`` or ``html``."""

def procedure(
    category: str, policy: SchoolPolicy | SchoolProfile | str | bytes | dict[str, Any] | None = None
) -> list[JsonDict]:
    """A category's procedure as step dicts (``action``, ``owner``, ``recipient``,
    ``deadline``, ``mandatory``, ``when``, ``source``, ``note``, ``local``, ``contact``)."""
# An instant: a timezone-aware ``datetime`` (any zone) or an RFC 3339 string such as
# ``"2026-03-01T10:00:00Z"``; naive datetimes are refused (code ``naive_datetime``).
_Instant: TypeAlias = datetime | str


@final
class ConsentLedger:
    """A school's append-only, sha256 hash-chained image-consent ledger (DOMAIN.md §3).

    Every query takes ``at`` and answers what was true at that instant; events may be
    recorded in any time order.
    """

    def __new__(
        cls,
        config: str | bytes | dict[str, Any] | None = None,
        *,
        policy: SchoolPolicy | str | bytes | dict[str, Any] | None = None,
    ) -> ConsentLedger:
        """An empty ledger.

        Arguments:
            policy: a ``SchoolPolicy`` (or preset id) whose ``consent`` section configures
                the ledger; give ``config`` or ``policy``, not both.
            config: the school's configuration as JSON (channels asked about, notice,
                expiry rule, ``pupil_voice_min_age``, controller); the default asks about
                every channel and reconfirms at 00:00 Europe/London every 1 September and
                when the notice changes in substance.

        Raises:
            ConsentError: ``consent_invalid_config``.
        """
    def record(
        self,
        pupil: str,
        carer: str,
        channel: _Channel,
        state: _EventState,
        at: _Instant,
        *,
        method: _CollectionMethod | None = None,
        notice_version: str | None = None,
        parental_responsibility: bool | None = None,
        relationship: _Relationship | None = None,
    ) -> None:
        """Record a carer's answer for one pupil and channel, applying from ``at``.

        Arguments:
            notice_version: the notice version the carer was shown (``None``: the one in
                force at ``at``). A label that is neither the configured notice nor one
                published with :meth:`publish_notice` never changes the notice in force,
                and a yes naming it does not count (a "no" does).
            method: ``paper``, ``widget``, ``app`` or ``mis_import`` (``None``: stored as not
                recorded, never as a method).
            parental_responsibility: whether the carer holds parental responsibility
                (``None``: stored as not known; a parent, guardian or the local authority,
                or a carer whose ``relationship`` is not given, is read as holding it, as the
                school's contact record says; a ``step_parent``, ``relative``,
                ``foster_carer`` or ``other`` carer's answers are listed but do not count
                until it is recorded). It belongs to the person:
                once an answer records ``False``, none of the carer's answers about the
                pupil counts on any channel from that instant (until an answer records
                ``True`` again).
            relationship: ``mother``, ``father``, ``parent``, ``step_parent``, ``relative``, ``guardian``,
                ``foster_carer``, ``local_authority`` or ``other``.

        Raises:
            ConsentError: ``consent_unknown_channel``, ``consent_unknown_state``,
                ``consent_unknown_method``, ``consent_invalid_id``, ``consent_carer_is_pupil``
                (a pupil's own answer is :meth:`record_pupil_voice`), ...
        """
    def restrict(self, pupil: str, reason: _RestrictionReason | str, at: _Instant) -> None:
        """A safeguarding restriction (``looked_after``, ``adopted``, ``court_order``,
        ``domestic_abuse``, ``dsl_no_images`` or free text): denies every channel from ``at``."""
    def lift_restriction(
        self, pupil: str, at: _Instant, *, reason: _RestrictionReason | str | None = None
    ) -> None:
        """Lift a safeguarding restriction on the pupil from ``at``.

        Arguments:
            reason: the restriction to lift (``court_order``, ``dsl_no_images``, ...); the
                others stay in force. ``None``: the one restriction in force.

        Raises:
            ConsentError: ``consent_restriction_ambiguous`` without a ``reason`` while
                several restrictions are in force (nothing is lifted),
                ``consent_unknown_restriction_reason`` for a reason that is not one of the
                ids, ``consent_invalid_id``.
        """
    def publish_notice(
        self, version: str, at: _Instant, *, substantive: bool | None = None, content_hash: str | None = None
    ) -> None:
        """A new notice version is in force from ``at``; a substantive change makes every
        earlier yes lapse.

        Raises:
            ConsentError: ``consent_notice_already_published`` when the version was
                published before with another ``content_hash`` (a new text needs a new label).
        """
    def record_pupil_voice(
        self,
        pupil: str,
        channel: _Channel,
        state: Literal["given", "refused", "withdrawn"],
        at: _Instant,
        *,
        age: int | None = None,
        old_enough: bool | None = None,
        method: _CollectionMethod | None = None,
    ) -> None:
        """Record the pupil's own agreement or objection for one channel (the child's voice).

        Under 18, a refusal or withdrawal by a pupil old enough to be asked wins over any
        carer's yes (decision rule ``pupil_refused``); a pupil's yes never permits by itself;
        a younger pupil's objection is shown in decisions while the carers decide. An answer
        recorded with an ``age`` of 18 or more makes the pupil an adult from ``at`` on, on
        every channel (decision rule ``adult_pupil``): their own latest answer decides, and
        carers' answers no longer count.

        Arguments:
            age: the pupil's age (2 to 19), compared with the school's ``pupil_voice_min_age``;
                18 or more needs no other statement.
            old_enough: the school's own statement; when given it decides, whatever the age.

        Raises:
            ConsentError: ``consent_pupil_competence_unknown`` when neither says whether the
                pupil is old enough (it is never guessed), ``consent_pupil_voice_state``,
                ``consent_invalid_age``, ``consent_age_conflict`` (an age lower than
                one recorded before for the pupil: a swapped id?), ``consent_unknown_channel``, ...
        """
    def consent_form(self, pupil: str, carer: str, at: _Instant) -> JsonDict:
        """The consent form ``carer`` sees about ``pupil`` at ``at``: per channel the pupil's
        ``state``, a ``status`` to show (a state, ``not_available`` under a safeguarding
        restriction, which is never named to a carer, ``left_roll``, ``pupil_refused`` or
        ``adult_pupil``), the carer's own ``carer_state``, ``can_answer``, ``can_withdraw`` ("withdraw" alone, where
        no yes/no is offered but the carer's own yes is on record), what "no" records
        (``no_records``: ``withdrawn`` or ``refused``) and whether a published use is
        ``recallable``."""
    def record_answer(
        self,
        pupil: str,
        carer: str,
        channel: _Channel,
        answer: Literal["yes", "no"],
        at: _Instant,
        *,
        method: _CollectionMethod | None = None,
        notice_version: str | None = None,
        parental_responsibility: bool | None = None,
        relationship: _Relationship | None = None,
    ) -> Literal["given", "withdrawn", "refused"]:
        """Record a form's ``yes`` (``given``) or ``no`` (``withdrawn`` when the carer's own
        yes is current, otherwise ``refused``); returns the state recorded.

        Raises:
            ConsentError: ``consent_unknown_answer``, and as :meth:`record`.
        """
    def record_leaving(self, pupil: str, leaving_date: _Date) -> None:
        """The pupil left the school roll: from 00:00 Europe/London on ``leaving_date`` every
        check for them is no (decision state and rule ``left_roll``).

        Raises:
            EsafetyError: ``invalid_date`` for a date that is not YYYY-MM-DD.
        """
    def record_rejoining(self, pupil: str, rejoining_date: _Date) -> None:
        """The pupil came back onto the school roll: from 00:00 Europe/London on
        ``rejoining_date`` they are on the roll again. A yes given before they left lapsed
        when they left (the school asks again; a "no" still stands); answers given since
        the leaving date count. A rejoining dated the same day as a leaving cancels that
        leaving (a date recorded by mistake).

        Raises:
            EsafetyError: ``invalid_date`` for a date that is not YYYY-MM-DD.
        """
    def record_publication(
        self, image_id: str, pupils: Iterable[str], channel: _Channel, at: _Instant
    ) -> None:
        """Record that an image showing ``pupils`` was published (for the takedown list)."""
    def record_removal(self, image_id: str, at: _Instant) -> None:
        """Record that a published image was taken down."""
    def state(
        self, pupil: str, channel: _Channel, at: _Instant
    ) -> _ConsentState:
        """One pupil's consent state for a channel at ``at``."""
    def explain(self, pupil: str, channel: _Channel, at: _Instant) -> JsonDict:
        """One pupil's decision with rule, source, reason and every carer answer."""
    def check_image(
        self, pupils: Iterable[str], channel: _Channel, at: _Instant, *, names_shown: bool = False
    ) -> ImageDecision:
        """May an image of every one of ``pupils`` go on ``channel`` at ``at``?

        Raises:
            ConsentError: ``consent_unknown_channel``, ``consent_empty_group``.
        """
    def takedown_list(self, at: _Instant) -> list[JsonDict]:
        """Published images (not yet removed) that lack consent at ``at``."""
    def receipt(self, pupil: str, carer: str, at: _Instant) -> JsonDict:
        """A Kantara Consent Receipt (v1.1 field names) of one carer's answers about a pupil.

        Raises:
            ConsentError: ``consent_no_answers``.
        """
    def to_json(self, signing_key: str | None = None) -> str:
        """The versioned, hash-chained JSON export, sealed with the school's private key
        (64 hex digits, from ``generate_signing_key()``) when one is given.

        Raises:
            ConsentError: ``invalid_key``.
        """
    def to_dict(self) -> dict[str, Any]:
        """The unsealed export as a dict (the ``to_json()`` document parsed)."""
    @staticmethod
    def from_json(
        s: str | bytes | dict[str, Any], public_key: str | None = None, head_hash: str | None = None
    ) -> ConsentLedger:
        """Import an export (JSON text, bytes or a dict), verifying the hash chain and any
        seal it carries (against the key the seal names), and with ``public_key`` that the
        seal is the school's, or with ``head_hash`` that the head is one kept elsewhere.
        Imported with neither, the ledger's log cannot be known whole: ``warnings`` and
        every decision it gives say ``consent_export_unsealed``. Pickling and ``copy`` go
        through ``to_json`` and ``from_json`` (with the head, for a ledger known whole).

        Raises:
            ConsentError: ``ledger_tampered`` when anything was changed, removed or reordered,
                or the head is not ``head_hash``; ``ledger_signature_invalid`` for a missing or
                foreign seal, or a ledger cut short and re-headed; ``invalid_key``.
        """
    @property
    def warnings(self) -> list[Literal["consent_export_unsealed"]]:
        """What every answer of this ledger warns of: ``["consent_export_unsealed"]`` when it
        was imported without its seal (or head) checked, else ``[]``."""
    def snapshot(self, pupils: Iterable[str], channel: _Channel, at: _Instant, signing_key: str) -> str:
        """The sealed answer for a group on a channel at ``at`` (JSON text), which
        ``check_snapshot`` reads offline until it expires.

        Raises:
            ConsentError: as ``check_image``; ``invalid_key``.
        """
    @property
    def head_hash(self) -> str:
        """The hash of the last entry: keep it elsewhere to detect a rewritten ledger."""
    def __len__(self) -> int:
        """The number of entries."""
def check_snapshot(text: str, pupils: Iterable[str], channel: _Channel, at: _Instant, public_key: str) -> ImageDecision:
    """The ``ImageDecision`` a sealed snapshot holds, read offline with the school's public key.

    Raises:
        ConsentError: ``snapshot_signature_invalid`` (unsigned or altered),
            ``snapshot_expired`` (``at`` outside the time it covers), ``snapshot_mismatch``
            (other pupils or channel), ``invalid_key``.
    """

def generate_signing_key() -> tuple[str, str]:
    """A new Ed25519 school key from the operating system: ``(private_hex, public_hex)``.

    Keep the private half on the school's server; give the public half to whoever checks.

    Raises:
        IoError: the operating system has no random bytes to give.
    """

class ScannerError(EsafetyError):
    """A term list, audience or roster given to the term scanner is invalid.

    Codes: ``scanner_unknown_audience``, ``scanner_invalid_category``,
    ``scanner_invalid_severity``, ``scanner_unknown_flag``, ``scanner_malformed_line``,
    ``scanner_empty_term``, ``scanner_unknown_format``, ``scanner_protected_category``,
    ``scanner_invalid_roster_hash``, ``scanner_list_too_large`` (more than 100,000 patterns
    or 4 MiB of them).
    """

@final
class Roster:
    """Names whose matches never raise alerts (plain, or salted SHA-256 hashes)."""

    @staticmethod
    def from_names(names: list[str]) -> Roster:
        """A roster of plain names; a full name also adds each of its words."""
    @staticmethod
    def from_hashes(salt: str, hashes: list[str]) -> Roster:
        """A roster of ``sha256(salt + folded name)`` lower-case hex hashes.

        Raises:
            ScannerError: ``scanner_invalid_roster_hash``.
        """
    @staticmethod
    def hash_name(salt: str, name: str) -> str:
        """The salted hash of one name, as the MIS side computes it."""
    def contains(self, text: str) -> bool:
        """Whether ``text`` (folded) is a roster name."""
    def __len__(self) -> int:
        """How many names or hashes the roster holds."""

@final
class TermScanner:
    """The monitoring term scanner: sees through obfuscation, whole words only.

    Pickling and ``copy`` rebuild the scanner from the lists it was built from (the text a
    list file held, not the file) and its roster.
    """

    @staticmethod
    def default(*, policy: SchoolPolicy | str | bytes | dict[str, Any] | None = None) -> TermScanner:
        """The scanner of the embedded default list and text model (docs/scanner.md "The text
        model": matches it adds cite ``text-model.tsv:LINE``), with the ``monitoring``
        adjustments of a school ``policy`` when given."""
    @staticmethod
    def from_file(path: str | os.PathLike[str], format: _TermListFormat | None = None) -> TermScanner:
        """A scanner from a list file.

        Arguments:
            path: the list file.
            format: ``tsv`` (the documented format), ``ldnoobw``, ``dsojevic``, ``surge_ai``,
                ``suicide_risk_lexicon``, ``davidson`` or ``hurtlex``.

        Raises:
            IoError: the file cannot be read.
            ScannerError: the first bad line.
        """
    @staticmethod
    def from_tsv(contents: str, label: str = "list.tsv") -> TermScanner:
        """A scanner from TSV text."""
    @staticmethod
    def from_entries(
        entries: Sequence[tuple[str, str, int] | list[str | int]], allow: list[str] = ...
    ) -> TermScanner:
        """A scanner from ``(term, category, severity)`` tuples and allow-phrases.

        Raises:
            ScannerError: ``scanner_invalid_category``, ``scanner_invalid_severity`` or
                ``scanner_empty_term``.
        """
    def extended(
        self,
        entries_or_path: Sequence[tuple[str, str, int] | list[str | int]] | str | os.PathLike[str],
        allow: list[str] = ...,
    ) -> TermScanner:
        """A new scanner: this one's lists plus a school's own, given as ``(term, category,
        severity)`` tuples or the path of a TSV list file, and allow-phrases.

        >>> TermScanner.default().extended([("skibidi", "bullying", 2)]).scan("skibidi")[0].term
        'skibidi'

        Raises:
            IoError: the file cannot be read.
            ScannerError: the first bad entry or line.
        """
    def with_roster(self, roster: Roster) -> TermScanner:
        """This scanner with a roster whose names never raise alerts."""
    def scan(self, text: str, audience: _Audience | None = None) -> list[Match]:
        """The matches in ``text``, in text order.

        Arguments:
            text: a message or search.
            audience: ``eyfs``, ``ks1``, ``ks2``, ``ks3``, ``ks4``, ``sixth_form`` or ``staff``.

        Raises:
            ScannerError: ``scanner_unknown_audience``.
        """
    def scan_report(self, text: str, audience: _Audience | None = None) -> ScanReport:
        """The matches and their summary."""
    def scan_arrow(self, array: Any, audience: _Audience | None = None) -> Any:
        """Scan a ``pyarrow`` string array (or chunked array) of texts.

        Returns a ``pyarrow.StructArray`` with ``flagged`` (bool), ``max_severity`` (int8),
        ``categories`` (list of string) and ``error`` (null when fine), one row per input.
        The input is read as ``UrlFilter.classify_arrow`` reads it (Arrow data in place, the
        GIL released, all cores).

        Raises:
            ScannerError: an unknown audience.
            ArgumentTypeError: an array that does not hold strings, or a bare ``str``.
            EsafetyError: ``invalid_string`` for Arrow data that is not valid: bytes that are not
                UTF-8, offsets out of bounds, or buffers that do not match the schema the
                producer declares (the producer is trusted not to hand over buffers smaller
                than its schema says: the Arrow C data interface carries no sizes).
        """
    def __len__(self) -> int:
        """How many terms the scanner holds."""

def what_if(
    old: UrlFilter, new: UrlFilter, urls: list[str], audience: _Audience | None = None, at: datetime | str | None = None
) -> list[JsonDict]:
    """The URLs whose verdict would change from ``old`` to ``new``, in input order.

    Each is a dict with ``url``, ``old_verdict``, ``new_verdict``, ``old_rule``,
    ``new_rule`` and ``category``. URLs neither filter can check are left out.
    """

def search_terms(url: str) -> list[str]:
    """The search terms of a web address (``q``, ``search_query``, ...), decoded.

    Raises:
        UrlError: the address cannot be parsed.
    """

# ---------------------------------------------------------------- school policy

class PolicyError(EsafetyError):
    """A school policy document is not valid.

    Attributes:
        problems: every problem found, each ``{"path": str, "code": str, "message": str}``
            (``path`` like ``filter.audiences.ks2.block[2]``; ``code`` one of ``syntax``,
            ``unknown_key``, ``missing_key``, ``invalid_type``, ``invalid_value``,
            ``unknown_value``, ``unsupported_schema_version``).
    """

    problems: list[dict[str, str]]

@final
class SchoolPolicy:
    """One school's policy document (TOML or JSON): school and contacts, roles, AUPs,
    consent, filter, monitoring and incidents. Every engine can be built from it
    (``UrlFilter.default(policy=...)``, ``Registry(policy=...)``, ...); every ``policy=``
    argument takes a ``SchoolPolicy``, a preset id, or the document itself (a dict, or JSON
    text as ``str`` or ``bytes``). What a document leaves out is the national default;
    unknown keys are errors.
    """

    @staticmethod
    def preset(id: str) -> SchoolPolicy:
        """A built-in policy: ``national``, ``kilby``, ``highgate``, ``ely``, ``whitwell``,
        ``russell_house`` (``default`` and ``seed_000`` ... ``seed_004`` are aliases).

        Raises:
            PolicyError: ``policy_unknown_preset``, naming the valid ids and the nearest one.
        """
    @staticmethod
    def preset_ids() -> list[str]:
        """The built-in policy ids, ``national`` first."""
    @staticmethod
    def from_toml(text: str) -> SchoolPolicy:
        """Read a policy document from TOML text.

        Raises:
            PolicyError: ``policy_invalid`` with every problem in ``.problems``.
        """
    @staticmethod
    def from_json(document: str | bytes | dict[str, Any]) -> SchoolPolicy:
        """Read a policy document from JSON text, bytes or a dict."""
    @staticmethod
    def from_dict(document: dict[str, Any]) -> SchoolPolicy:
        """Read a policy document from a dict (as ``to_dict()`` returns it)."""
    @staticmethod
    def from_file(path: str | os.PathLike[str]) -> SchoolPolicy:
        """Read a policy document from a TOML or JSON file (at most 1 MiB).

        Raises:
            PolicyError: for an invalid document.
            IoError: when the file cannot be read or is too large.
        """
    @property
    def id(self) -> str:
        """The school's short id."""
    def to_toml(self) -> str:
        """The document as TOML text (every default filled in)."""
    def to_dict(self) -> dict[str, Any]:
        """The document as a dict (every default filled in)."""
    def to_json(self) -> str:
        """The document as JSON text."""
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...

def categories() -> list[JsonDict]:
    """Every category of the vocabulary: ``id``, ``source_module`` (``filter``, ``scanner``
    or ``incident``), ``incident_category`` and ``area`` (the 4C area)."""
