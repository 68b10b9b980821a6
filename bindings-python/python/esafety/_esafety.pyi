"""Type stubs of the native module ``esafety._esafety`` (checked with mypy stubtest)."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal, TypeAlias, final

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

class ConsentError(EsafetyError):
    """An image-consent operation was refused.

    Codes include ``consent_unknown_channel``, ``consent_unknown_state``,
    ``consent_unknown_method``, ``consent_empty_group`` and ``ledger_tampered``.
    """

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

# An instant: a timezone-aware ``datetime`` (any zone) or an RFC 3339 string such as
# ``"2026-03-01T10:00:00Z"``; naive datetimes are refused (code ``naive_datetime``).
_Instant: TypeAlias = datetime | str

# A channel id: ``printed_publications``, ``in_school_display``, ``school_website``,
# ``school_social_media`` (or one platform: ``school_social_media.x``, ``.facebook``,
# ``.instagram``, ``.linkedin``, ``.youtube``), ``video_recording``, ``press_media``,
# ``learning_platform_parents``, ``class_group_shared_with_parents``,
# ``external_photographer``, ``pupil_work_with_name``.
_Channel: TypeAlias = str

@final
class ImageDecision:
    """The answer to "may this image of these pupils go on this channel at this instant?"."""

    @property
    def allowed(self) -> bool:
        """Whether the image may be published."""
    @property
    def blocked_by(self) -> list[str]:
        """The pupils who are not permitted, in the order given."""
    @property
    def reasons(self) -> list[str]:
        """One sentence per pupil naming the rule (and one for full names when they deny)."""
    @property
    def obligations(self) -> list[str]:
        """Publishing duties that apply: ``no_full_names``, ``photographer_supervised``."""
    @property
    def channel(self) -> str:
        """The channel asked about."""
    @property
    def names_shown(self) -> bool:
        """Whether full names were shown beside the image."""
    def to_dict(self) -> dict[str, Any]:
        """The whole decision with the JSON keys, per-pupil decisions under ``pupils``."""
    def __bool__(self) -> bool:
        """Same as ``allowed``."""

@final
class ConsentLedger:
    """A school's append-only, sha256 hash-chained image-consent ledger (DOMAIN.md §3).

    Every query takes ``at`` and answers what was true at that instant; events may be
    recorded in any time order.
    """

    def __new__(cls, config: str | None = None) -> ConsentLedger:
        """An empty ledger.

        Arguments:
            config: the school's configuration as JSON (channels asked about, notice,
                expiry rule, controller); the default asks about every channel and
                reconfirms every 1 September and when the notice changes in substance.

        Raises:
            ConsentError: ``consent_invalid_config``.
        """
    def record(
        self,
        pupil: str,
        carer: str,
        channel: _Channel,
        state: Literal["given", "refused", "withdrawn", "expired", "renewed", "invalidated"] | str,
        at: _Instant,
        *,
        method: Literal["paper", "widget", "app", "mis_import"] | str = "paper",
        notice_version: str | None = None,
        parental_responsibility: bool = True,
        relationship: str | None = None,
    ) -> None:
        """Record a carer's answer for one pupil and channel, applying from ``at``.

        Arguments:
            notice_version: the notice version the carer was shown (``None``: the one in
                force at ``at``).
            parental_responsibility: answers without it never count.
            relationship: ``mother``, ``father``, ``parent``, ``step_parent``, ``relative``, ``guardian``,
                ``foster_carer``, ``local_authority`` or ``other``.

        Raises:
            ConsentError: ``consent_unknown_channel``, ``consent_unknown_state``,
                ``consent_unknown_method``, ``consent_invalid_id``, ...
        """
    def restrict(self, pupil: str, reason: str, at: _Instant) -> None:
        """A safeguarding restriction (``looked_after``, ``adopted``, ``court_order``,
        ``domestic_abuse``, ``dsl_no_images`` or free text): denies every channel from ``at``."""
    def lift_restriction(self, pupil: str, at: _Instant) -> None:
        """Lift every restriction on the pupil from ``at``."""
    def publish_notice(
        self, version: str, at: _Instant, *, substantive: bool = True, content_hash: str | None = None
    ) -> None:
        """A new notice version is in force from ``at``; a substantive change makes every
        earlier yes lapse."""
    def record_publication(
        self, image_id: str, pupils: Iterable[str], channel: _Channel, at: _Instant
    ) -> None:
        """Record that an image showing ``pupils`` was published (for the takedown list)."""
    def record_removal(self, image_id: str, at: _Instant) -> None:
        """Record that a published image was taken down."""
    def state(
        self, pupil: str, channel: _Channel, at: _Instant
    ) -> Literal["given", "refused", "withdrawn", "expired", "not_asked", "restricted"]:
        """One pupil's consent state for a channel at ``at``."""
    def explain(self, pupil: str, channel: _Channel, at: _Instant) -> dict[str, Any]:
        """One pupil's decision with rule, source, reason and every carer answer."""
    def check_image(
        self, pupils: Iterable[str], channel: _Channel, at: _Instant, *, names_shown: bool = False
    ) -> ImageDecision:
        """May an image of every one of ``pupils`` go on ``channel`` at ``at``?

        Raises:
            ConsentError: ``consent_unknown_channel``, ``consent_empty_group``.
        """
    def takedown_list(self, at: _Instant) -> list[dict[str, Any]]:
        """Published images (not yet removed) that lack consent at ``at``."""
    def receipt(self, pupil: str, carer: str, at: _Instant) -> dict[str, Any]:
        """A Kantara Consent Receipt (v1.1 field names) of one carer's answers about a pupil.

        Raises:
            ConsentError: ``consent_no_answers``.
        """
    def to_json(self) -> str:
        """The versioned, hash-chained JSON export."""
    @staticmethod
    def from_json(s: str) -> ConsentLedger:
        """Import an export, verifying the hash chain.

        Raises:
            ConsentError: ``ledger_tampered`` when anything was changed, removed or reordered.
        """
    @property
    def head_hash(self) -> str:
        """The hash of the last entry: keep it elsewhere to detect a rewritten ledger."""
    def __len__(self) -> int:
        """The number of entries."""
