//! Image consent: a tamper-evident ledger of carers' answers and the decision "may this
//! image of these pupils go on this channel at this instant?" (DOMAIN.md §3).
//!
//! # Overview
//!
//! * [`ConsentLedger`] is the append-only, sha256 hash-chained record of every answer,
//!   safeguarding restriction, notice version and publication. It answers questions *as of
//!   any instant* (`at` is an argument of every query), whatever order the events were
//!   recorded in, and exports to versioned JSON that [`ConsentLedger::from_json`] verifies
//!   (a broken chain is [`ConsentError::Tampered`], code `ledger_tampered`). The chain cannot
//!   show entries cut from the end, so a ledger imported without the school's seal checked
//!   says so on every decision ([`ConsentWarning`] `consent_export_unsealed`).
//! * [`ConsentLedger::state`] gives one pupil's [`ConsentState`] for one [`Channel`];
//!   [`ConsentLedger::check_image`] decides for a group image and explains itself
//!   ([`ImageDecision`]: `allowed`, `blocked_by`, `reasons`, `obligations`).
//! * [`ConsentLedger::takedown_list`] lists published images that lack consent now (after a
//!   withdrawal or restriction); [`ConsentLedger::receipt`] exports a Kantara-style
//!   [`ConsentReceipt`] for one carer's answers.
//! * [`ConsentLedger::consent_form`] and [`ConsentLedger::record_answer`] give a form
//!   (the `<esafety-consent>` widget, a parent app) every rule it shows, so it only renders.
//! * [`SchoolConsentConfig`] holds the school's choices: channels asked about, the notice,
//!   the expiry rule (default: reconfirm every 1 September and when the notice changes in
//!   substance) and the controller named on receipts.
//!
//! # The decision rules (DOMAIN.md §3.3, implemented exactly)
//!
//! 1. Deny by default: only a current `given` permits a use.
//! 2. Channels are independent.
//! 3. The most restrictive answer among people with parental responsibility wins; a
//!    carer's own later answer replaces their earlier one, across a channel and its
//!    platforms: a carer's answer for `school_social_media.facebook` is their latest for
//!    it or for `school_social_media` (another carer's earlier "no" still wins).
//! 4. A safeguarding restriction beats any consent, on every channel.
//! 5. A group image needs every identifiable pupil permitted.
//! 6. No full names beside images on the website or school social media: an obligation,
//!    and a denial when names are shown.
//! 7. Withdrawal applies from its instant on (earlier queries still see the yes).
//! 8. Expiry per school: by default a yes lapses at the next 1 September (00:00 in England,
//!    Europe/London civil time, see [`crate::vocabulary::SchoolClock`]) and when a notice
//!    version changed in substance comes into force. Versions are known from
//!    [`ConsentLedger::publish_notice`] (which says whether the change is substantive) and
//!    the configured notice; the configured notice, or else the first version published, is
//!    the baseline. A label named only on an answer (`notice_version`: a stale paper form, a
//!    typo) never changes the notice in force, and a yes naming it is listed but not counted
//!    (not informed consent); a "no" naming it still counts.
//!    An answer given before any notice was in force is attributed to no notice (never to
//!    one published later) and, when the school re-asks on notice changes, lapses when the
//!    first notice comes into force (rule `given_before_notice`).
//!    A pupil who leaves the roll ([`ConsentLedger::record_leaving`]): every check is no
//!    from 00:00 Europe/London on the leaving date (rule `left_roll`). A pupil who comes
//!    back ([`ConsentLedger::record_rejoining`]) is on the roll again from the rejoining
//!    date: a yes given before they left lapsed when they left, and answers given since
//!    count; a rejoining dated the same day as a leaving cancels it (a mistyped date).
//! 9. The child's voice ([`ConsentLedger::record_pupil_voice`]): a refusal or withdrawal by
//!    a pupil old enough to be asked (the school's `pupil_voice_min_age`, or the school's
//!    statement on the answer; never guessed) wins over any carer's yes (rule
//!    `pupil_refused`); a younger pupil's objection is shown while the carers decide. Under
//!    18 a pupil's own yes never permits by itself (it fails safe). From an answer recorded
//!    at 18 or over the pupil is an adult: their own latest answer decides every channel and
//!    carers' answers no longer count (rule `adult_pupil`).
//! 10. Answers from a person without parental responsibility never count. It belongs to
//!     the person: the latest statement recorded with any of a carer's answers about the
//!     pupil decides for all of them, on every channel, from its instant.
//!
//! Events of one carer that share an instant are ordered most protective last, so the
//! answers never depend on the order events were recorded in.
//!
//! # Example
//!
//! ```
//! use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
//!
//! let mut ledger = ConsentLedger::new();
//! let at = |s| parse_instant(s);
//! ledger.record("p1", "mum", "school_website", "given", at("2025-09-10T09:00:00Z")?, RecordOptions::default())?;
//! ledger.record("p2", "dad", "school_website", "given", at("2025-09-11T09:00:00Z")?, RecordOptions::default())?;
//! ledger.record("p2", "dad", "school_website", "withdrawn", at("2026-02-01T09:00:00Z")?, RecordOptions::default())?;
//!
//! // Before the withdrawal the group photo may go on the website (without full names)...
//! let before = ledger.check_image(&["p1", "p2"], "school_website", at("2026-01-15T12:00:00Z")?, false)?;
//! assert!(before.allowed);
//! assert_eq!(before.obligations, ["no_full_names"]);
//! // ...after it, p2 blocks it, and the export verifies and answers the same.
//! let after = ledger.check_image(&["p1", "p2"], "school_website", at("2026-03-01T10:00:00Z")?, false)?;
//! assert!(!after.allowed);
//! assert_eq!(after.blocked_by, ["p2"]);
//!
//! let copy = ConsentLedger::from_json(&ledger.to_json())?;
//! assert_eq!(copy.state("p2", "school_website", at("2026-03-01T10:00:00Z")?)?.as_str(), "withdrawn");
//! # Ok::<(), esafety_core::consent::ConsentError>(())
//! ```

mod channel;
mod config;
mod decision;
mod event;
mod form;
mod ledger;
mod provenance;
mod receipt;
mod seal;
mod takedown;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_corrections;
#[cfg(test)]
mod tests_review;
#[cfg(test)]
mod tests_seal;
#[cfg(test)]
mod tests_seams;
#[cfg(test)]
mod tests_unsealed;

pub use channel::{Channel, SocialPlatform};
pub use config::{ConsentRetention, Controller, ExpiryRule, Notice, SchoolConsentConfig};
pub use decision::NAMES_SHOWN_BY_DEFAULT;
pub use decision::{
    CarerAnswer, ConsentState, ImageDecision, Obligation, PupilDecision, PupilVoiceAnswer,
};
pub use event::{
    CollectionMethod, ConsentEvent, EventState, LedgerEvent, LeftRollEvent, NoticeEvent,
    PublicationEvent, PupilVoiceEvent, RejoinedRollEvent, Relationship, RemovalEvent,
    RestrictionEvent, RestrictionLiftedEvent, RestrictionReason,
};
pub use form::{ConsentForm, FormChannel, FormState, NOT_AVAILABLE};
pub use ledger::{
    ConsentLedger, LEDGER_KIND, LedgerEntry, NoticeOptions, PupilVoiceOptions, RecordOptions,
};
pub use provenance::ConsentWarning;
pub use receipt::{
    ConsentReceipt, METHOD_NOT_RECORDED, RECEIPT_VERSION, ReceiptAnswer, ReceiptController,
    ReceiptExtension, ReceiptPurpose, ReceiptService,
};
pub use seal::{SNAPSHOT_KIND, SNAPSHOT_VALID_DAYS, check_snapshot};
pub use takedown::{Takedown, TakedownAction};

use crate::error::ErrorCode;
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

/// Why a consent operation was refused.
///
/// [`ErrorCode::code`] gives the stable snake_case code; messages carry ids, never names.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConsentError {
    /// The input is nested deeper than [`crate::wire::limits::MAX_DEPTH`] (`input_too_deep`).
    #[error(transparent)]
    TooDeep(#[from] crate::wire::limits::TooDeep),
    /// A document longer than [`crate::wire::limits::MAX_DOCUMENT_BYTES`].
    #[error(transparent)]
    TooLarge(#[from] crate::wire::limits::TooLarge),
    /// The channel id is not one of [`Channel`]'s.
    #[error("unknown consent channel `{channel}`{hint}")]
    UnknownChannel {
        /// The id given.
        channel: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// The event state is not one of [`EventState`]'s.
    #[error("unknown consent event state `{state}`{hint}")]
    UnknownState {
        /// The id given.
        state: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// The collection method is not one of [`CollectionMethod`]'s.
    #[error("unknown collection method `{method}`{hint}")]
    UnknownMethod {
        /// The id given.
        method: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// The relationship is not one of [`Relationship`]'s.
    #[error("unknown relationship `{relationship}`{hint}")]
    UnknownRelationship {
        /// The id given.
        relationship: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// The restriction reason is not one of [`RestrictionReason`]'s (strict parsing only).
    #[error("unknown restriction reason `{reason}`{hint}")]
    UnknownRestrictionReason {
        /// The id given.
        reason: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
    },
    /// A lift that names no reason while several safeguarding restrictions are in force:
    /// nothing is lifted, so a routine lift never ends a court order unseen.
    #[error(
        "pupil `{pupil}` has several safeguarding restrictions in force ({reasons}): name the reason to lift"
    )]
    RestrictionAmbiguous {
        /// The pupil id (shortened).
        pupil: String,
        /// The reasons in force.
        reasons: String,
    },
    /// The school does not ask parents about this channel.
    #[error("the school does not ask about channel `{channel}`")]
    ChannelNotAsked {
        /// The channel id.
        channel: String,
    },
    /// An answer recorded as a carer's whose carer is the pupil (the same id, or the same
    /// but for letter case): a pupil's own answer is their voice
    /// ([`ConsentLedger::record_pupil_voice`]), never a carer's consent.
    #[error(
        "the carer is the pupil `{pupil}`: a pupil's own answer is their voice (record_pupil_voice), never a carer's consent"
    )]
    CarerIsPupil {
        /// The pupil id (shortened).
        pupil: String,
    },
    /// An id (pupil, carer, image, notice version) is empty or too long.
    #[error("invalid {field}: ids must be 1 to 200 characters without surrounding spaces")]
    InvalidId {
        /// Which id.
        field: &'static str,
    },
    /// A sealed export or snapshot whose seal is missing, of another key, or does not match.
    #[error("the {record} seal does not verify: {reason}")]
    SignatureInvalid {
        /// `ledger` or `snapshot`.
        record: &'static str,
        /// Why.
        reason: String,
    },
    /// A signing or public key that is not 64 hex digits.
    #[error("invalid {which} key: expected 64 hex digits (32 bytes)")]
    InvalidKey {
        /// `private` or `public`.
        which: &'static str,
    },
    /// A snapshot read outside the time it covers.
    #[error("the snapshot covers {taken_at} to {valid_until}, not {at}")]
    SnapshotExpired {
        /// When it was taken.
        taken_at: String,
        /// When it stops counting.
        valid_until: String,
        /// The instant asked about.
        at: String,
    },
    /// A snapshot that does not answer the question asked (other pupils or channel).
    #[error("the snapshot is about {covered}, not {asked}")]
    SnapshotMismatch {
        /// What it covers.
        covered: String,
        /// What was asked.
        asked: String,
    },
    /// An image check named no pupil.
    #[error("an image check needs at least one identifiable pupil")]
    EmptyGroup,
    /// A notice version was published again with another text (content hash): the first
    /// publication of a label is the one that counts, so a new text needs a new label.
    #[error(
        "notice version `{version}` is already published with another text: publish the new text under a new version label"
    )]
    NoticeAlreadyPublished {
        /// The label given.
        version: String,
    },
    /// Text that names no one instant (as [`crate::vocabulary::parse_instant`] reads it).
    #[error(
        "invalid instant `{input}`: expected {}",
        crate::vocabulary::InstantForms
    )]
    InvalidInstant {
        /// The text given.
        input: String,
    },
    /// The school configuration is not valid.
    #[error("invalid consent configuration: {reason}")]
    InvalidConfig {
        /// Why.
        reason: String,
    },
    /// An image id was published twice.
    #[error("image `{image_id}` is already recorded as published")]
    DuplicateImage {
        /// The image id.
        image_id: String,
    },
    /// A removal names an image that was never published.
    #[error("image `{image_id}` was never recorded as published")]
    UnknownImage {
        /// The image id.
        image_id: String,
    },
    /// A receipt was asked for a carer with no answer about the pupil by then.
    #[error("carer `{carer}` has no answer about pupil `{pupil}` by that instant")]
    NoAnswers {
        /// The pupil id.
        pupil: String,
        /// The carer id.
        carer: String,
    },
    /// An imported ledger's hash chain does not verify: an entry, the configuration or the
    /// order was changed, or entries were added or removed.
    #[error("ledger tampered: {reason}")]
    Tampered {
        /// Where the chain broke.
        reason: String,
    },
    /// An imported ledger is not valid JSON of the expected shape.
    #[error("malformed consent ledger: {reason}")]
    MalformedLedger {
        /// Why.
        reason: String,
    },
    /// A form answer is not `yes` or `no`.
    #[error("unknown form answer `{answer}`: expected yes or no")]
    UnknownAnswer {
        /// The answer given.
        answer: String,
    },
    /// A pupil's own answer must be `given`, `refused` or `withdrawn`.
    #[error("a pupil's own answer must be given, refused or withdrawn, not `{state}`")]
    PupilVoiceState {
        /// The state given.
        state: String,
    },
    /// Whether the pupil is old enough to be asked cannot be told: neither the caller nor the
    /// school's `pupil_voice_min_age` (with the pupil's age) says so. It is never guessed.
    #[error(
        "whether pupil `{pupil}` is old enough to be asked is unknown: pass old_enough, or the pupil's age with a school pupil_voice_min_age"
    )]
    PupilCompetenceUnknown {
        /// The pupil id.
        pupil: String,
    },
    /// A pupil's age is outside 2 to 19.
    #[error("pupil age `{age}` is not a pupil's age (2 to 19)")]
    InvalidAge {
        /// The age given.
        age: u8,
    },
    /// A pupil's own answer gives an age that contradicts one recorded before for the
    /// same pupil (lower than an earlier age, or higher than a later one): ages never go
    /// down, so the answer most likely belongs to another pupil (a swapped id, twins).
    #[error(
        "pupil `{pupil}`: age {age} contradicts age {recorded} recorded at {recorded_at}; ages never go down (is the pupil id right?)"
    )]
    AgeConflict {
        /// The pupil id (shortened).
        pupil: String,
        /// The age given.
        age: u8,
        /// The age recorded with another answer.
        recorded: u8,
        /// When that answer was recorded.
        recorded_at: String,
    },
    /// An imported ledger was written by a schema this build does not read.
    #[error("unsupported schema version `{found}`: this build supports version {supported}")]
    UnsupportedSchemaVersion {
        /// The version found.
        found: u64,
        /// The version this build reads.
        supported: u32,
    },
}

impl ErrorCode for ConsentError {
    fn code(&self) -> &'static str {
        match self {
            ConsentError::TooDeep(_) => crate::wire::limits::TooDeep::CODE,
            ConsentError::TooLarge(_) => crate::wire::limits::TooLarge::CODE,
            ConsentError::UnknownChannel { .. } => "consent_unknown_channel",
            ConsentError::UnknownState { .. } => "consent_unknown_state",
            ConsentError::UnknownMethod { .. } => "consent_unknown_method",
            ConsentError::UnknownRelationship { .. } => "consent_unknown_relationship",
            ConsentError::UnknownRestrictionReason { .. } => "consent_unknown_restriction_reason",
            ConsentError::ChannelNotAsked { .. } => "consent_channel_not_asked",
            ConsentError::RestrictionAmbiguous { .. } => "consent_restriction_ambiguous",
            ConsentError::CarerIsPupil { .. } => "consent_carer_is_pupil",
            ConsentError::InvalidId { .. } => "consent_invalid_id",
            ConsentError::EmptyGroup => "consent_empty_group",
            ConsentError::NoticeAlreadyPublished { .. } => "consent_notice_already_published",
            ConsentError::SignatureInvalid {
                record: "snapshot", ..
            } => "snapshot_signature_invalid",
            ConsentError::SignatureInvalid { .. } => "ledger_signature_invalid",
            ConsentError::InvalidKey { .. } => "invalid_key",
            ConsentError::SnapshotExpired { .. } => "snapshot_expired",
            ConsentError::SnapshotMismatch { .. } => "snapshot_mismatch",
            ConsentError::InvalidInstant { .. } => "invalid_instant",
            ConsentError::InvalidConfig { .. } => "consent_invalid_config",
            ConsentError::DuplicateImage { .. } => "consent_duplicate_image",
            ConsentError::UnknownImage { .. } => "consent_unknown_image",
            ConsentError::NoAnswers { .. } => "consent_no_answers",
            ConsentError::Tampered { .. } => "ledger_tampered",
            ConsentError::MalformedLedger { .. } => "consent_malformed_ledger",
            ConsentError::UnknownAnswer { .. } => "consent_unknown_answer",
            ConsentError::PupilVoiceState { .. } => "consent_pupil_voice_state",
            ConsentError::PupilCompetenceUnknown { .. } => "consent_pupil_competence_unknown",
            ConsentError::InvalidAge { .. } => "consent_invalid_age",
            ConsentError::AgeConflict { .. } => "consent_age_conflict",
            ConsentError::UnsupportedSchemaVersion { .. } => "unsupported_schema_version",
        }
    }

    fn domain(&self) -> &'static str {
        "consent"
    }
}

/// Parses an RFC 3339 instant (`2026-03-01T10:00:00Z`, any offset) into UTC.
///
/// Bindings that receive instants as text (JS, the CLI, vectors) use this, so every
/// surface reads time the same way.
///
/// # Errors
///
/// [`ConsentError::InvalidInstant`] when the text is not RFC 3339 with an offset.
///
/// # Examples
///
/// ```
/// use esafety_core::consent::parse_instant;
///
/// let at = parse_instant("2026-03-01T11:00:00+01:00")?;
/// assert_eq!(at.to_rfc3339(), "2026-03-01T10:00:00+00:00");
/// assert!(parse_instant("1 March 2026").is_err());
/// # Ok::<(), esafety_core::consent::ConsentError>(())
/// ```
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, ConsentError> {
    crate::vocabulary::parse_instant(text).map_err(|_| ConsentError::InvalidInstant {
        input: shorten(text),
    })
}

/// Formats an instant the way the wire does (`2026-03-01T10:00:00Z`).
pub(crate) fn format_instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// Lower-case hex sha256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for byte in digest {
        for nibble in [byte >> 4, byte & 0x0f] {
            out.push(char::from(
                HEX.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    out
}

const HEX: [u8; 16] = *b"0123456789abcdef";

pub(crate) use crate::vocabulary::short as shorten;
