//! The append-only, hash-chained consent ledger and its versioned JSON form.

use super::provenance::Provenance;
use super::{
    Channel, CollectionMethod, ConsentError, ConsentEvent, EventState, LedgerEvent, LeftRollEvent,
    NoticeEvent, PublicationEvent, PupilVoiceEvent, RejoinedRollEvent, Relationship, RemovalEvent,
    RestrictionEvent, RestrictionLiftedEvent, RestrictionReason, SchoolConsentConfig, sha256_hex,
};
use crate::vocabulary::SchoolClock;
use crate::wire::SCHEMA_VERSION;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The `kind` field of an exported ledger.
pub const LEDGER_KIND: &str = "esafety.consent_ledger";

/// The optional details of [`ConsentLedger::record`] (Python keyword arguments).
///
/// Ids are strings parsed by the ledger, so bindings pass them through unchanged; read from
/// JSON (binding keyword arguments), an omitted key takes its default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RecordOptions {
    /// How the answer was collected: `paper`, `widget`, `app` or `mis_import`; `None` (the
    /// default) is stored as not recorded, never as a method.
    pub method: Option<String>,
    /// The notice version the carer was shown; `None` means the version in force at `at`.
    /// A label that is neither the configured notice nor a published one is kept as said,
    /// but a yes naming it does not count (the carer was not shown a notice the school can
    /// show) and it never changes the notice in force.
    pub notice_version: Option<String>,
    /// Whether the carer holds parental responsibility; `None` (the default) is stored as
    /// not known. It belongs to the person: the latest statement recorded with any of the
    /// carer's answers about the pupil decides. With none recorded, a parent, guardian or
    /// the local authority (or a carer whose relationship is not given) holds it, as the
    /// school's contact record says; for a `step_parent`, `relative`, `foster_carer` or
    /// `other` it is not known and their answers are listed but not counted.
    pub parental_responsibility: Option<bool>,
    /// The carer's relationship to the pupil (a [`Relationship`] id), when known.
    pub relationship: Option<String>,
}

/// The optional details of [`ConsentLedger::record_pupil_voice`].
///
/// Whether the pupil is old enough to be asked is never guessed: give `old_enough`, or the
/// pupil's `age` when the school configures `pupil_voice_min_age`. An age of 18 or more
/// needs neither: the pupil is an adult and decides for themselves.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PupilVoiceOptions {
    /// The pupil's age in years when they answered (2 to 19), when known; 18 or more makes
    /// the pupil an adult for the ledger from this answer on.
    pub age: Option<u8>,
    /// The school's own statement that the pupil is (or is not) old enough to be asked;
    /// when given it decides, whatever the age.
    pub old_enough: Option<bool>,
    /// How the answer was collected: `paper`, `widget`, `app` or `mis_import`; `None` (the
    /// default) is stored as not recorded.
    pub method: Option<String>,
}

/// The optional details of [`ConsentLedger::publish_notice`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoticeOptions {
    /// Whether the change is one of substance (default `true`): every earlier yes lapses.
    pub substantive: bool,
    /// The sha256 (hex) of the new notice text, when known.
    pub content_hash: Option<String>,
}

impl Default for NoticeOptions {
    fn default() -> Self {
        NoticeOptions {
            substantive: true,
            content_hash: None,
        }
    }
}

/// One link of the hash chain.
///
/// `hash` is sha256 over `prev_hash`, `seq` and the canonical JSON of `event`; the first
/// entry's `prev_hash` is the ledger's genesis hash (a hash of the school configuration),
/// so the configuration is protected by the chain too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LedgerEntry {
    /// Position in recording order, from 0.
    pub seq: u64,
    /// The hash of the previous entry (or the genesis hash).
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
    /// What happened.
    pub event: LedgerEvent,
}

/// When a published notice version came into force and whether its change is one of
/// substance.
///
/// Only [`ConsentLedger::publish_notice`] (and the configured notice) make a version known.
/// A label seen only on an answer's `notice_version` never changes the notice in force: a
/// stale paper form, a typo or an app sending last year's label would otherwise make every
/// current yes lapse and let the stale yes count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NoticeVersionSeen {
    /// The earliest publication of the version.
    pub(crate) first_seen: DateTime<Utc>,
    /// Whether that publication was a change of substance (at one instant, substantive wins).
    pub(crate) substantive: bool,
}

/// The exported form of a ledger.
#[derive(Debug, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct LedgerDocument {
    #[serde(rename = "schemaVersion")]
    schema_version: u64,
    kind: String,
    config: SchoolConsentConfig,
    genesis_hash: String,
    head_hash: String,
    entries: Vec<LedgerEntry>,
    /// The school's seal over the head ([`ConsentLedger::to_json_sealed`]); ignored by
    /// [`ConsentLedger::from_json`], required by [`ConsentLedger::from_json_sealed`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    seal: Option<crate::seal::Seal>,
}

/// A school's append-only, tamper-evident consent ledger.
///
/// Lifecycle: create it with [`ConsentLedger::new`] (default configuration) or
/// [`ConsentLedger::with_config`]; append events with [`record`](Self::record),
/// [`restrict`](Self::restrict), [`lift_restriction`](Self::lift_restriction),
/// [`publish_notice`](Self::publish_notice), [`record_publication`](Self::record_publication)
/// and [`record_removal`](Self::record_removal); ask with [`state`](Self::state),
/// [`check_image`](Self::check_image), [`takedown_list`](Self::takedown_list) and
/// [`receipt`](Self::receipt), each *as of* an instant; persist with
/// [`to_json`](Self::to_json) / [`from_json`](Self::from_json).
///
/// Nothing is ever changed or deleted: a new answer is a new entry, and events may be
/// appended in any time order.
///
/// # Examples
///
/// ```
/// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
///
/// let mut ledger = ConsentLedger::new();
/// let sept = parse_instant("2025-09-05T08:30:00Z")?;
/// ledger.record("p1", "c1", "press_media", "given", sept, RecordOptions::default())?;
/// ledger.record("p1", "c2", "press_media", "refused", sept, RecordOptions::default())?;
/// // Two carers disagree: the most restrictive answer wins (DOMAIN.md §3.3 rule 3).
/// let march = parse_instant("2026-03-01T10:00:00Z")?;
/// assert_eq!(ledger.state("p1", "press_media", march)?.as_str(), "refused");
/// // Channels are independent (rule 2).
/// assert_eq!(ledger.state("p1", "school_website", march)?.as_str(), "not_asked");
/// # Ok::<(), esafety_core::consent::ConsentError>(())
/// ```
#[derive(Debug, Clone)]
pub struct ConsentLedger {
    config: SchoolConsentConfig,
    genesis_hash: String,
    entries: Vec<LedgerEntry>,
    /// Entry positions of consent and restriction events, per pupil.
    by_pupil: BTreeMap<String, Vec<usize>>,
    /// Every notice version seen, on a publication or on an answer.
    notice_versions: BTreeMap<String, NoticeVersionSeen>,
    /// Entry positions of publications and removals.
    publications: Vec<usize>,
    /// Published image ids.
    images: BTreeSet<String>,
    /// Whether the log is known to be whole (see [`ConsentLedger::warnings`]).
    provenance: Provenance,
}

/// Two ledgers are equal when they hold the same log; where it was read from is not part of
/// it (see [`ConsentLedger::warnings`]).
impl PartialEq for ConsentLedger {
    fn eq(&self, other: &ConsentLedger) -> bool {
        self.config == other.config
            && self.genesis_hash == other.genesis_hash
            && self.entries == other.entries
    }
}

impl Eq for ConsentLedger {}

impl Default for ConsentLedger {
    fn default() -> Self {
        ConsentLedger::new()
    }
}

impl ConsentLedger {
    /// An empty ledger with the default configuration (every channel asked about,
    /// reconfirmation every 1 September and on a substantive notice change).
    pub fn new() -> ConsentLedger {
        ConsentLedger::empty(SchoolConsentConfig::default())
    }

    /// An empty ledger for a school's configuration.
    ///
    /// # Errors
    ///
    /// [`ConsentError::InvalidConfig`] when the configuration does not validate.
    pub fn with_config(config: SchoolConsentConfig) -> Result<ConsentLedger, ConsentError> {
        config.validate()?;
        Ok(ConsentLedger::empty(config))
    }

    /// An empty ledger for a configuration given as JSON (see [`SchoolConsentConfig`]).
    ///
    /// # Errors
    ///
    /// [`ConsentError::InvalidConfig`] when the JSON is not a valid configuration.
    pub fn with_config_json(config: &str) -> Result<ConsentLedger, ConsentError> {
        ConsentLedger::with_config(SchoolConsentConfig::from_json(config)?)
    }

    fn empty(config: SchoolConsentConfig) -> ConsentLedger {
        let genesis_hash = genesis_hash(&config);
        ConsentLedger {
            config,
            genesis_hash,
            entries: Vec::new(),
            by_pupil: BTreeMap::new(),
            notice_versions: BTreeMap::new(),
            publications: Vec::new(),
            images: BTreeSet::new(),
            provenance: Provenance::Checked,
        }
    }

    /// Whether the log is known to be whole.
    pub(crate) fn provenance(&self) -> Provenance {
        self.provenance
    }

    /// The school configuration.
    pub fn config(&self) -> &SchoolConsentConfig {
        &self.config
    }

    /// Every entry, in recording order.
    pub fn entries(&self) -> &[LedgerEntry] {
        &self.entries
    }

    /// The hash the chain starts from (it commits to the configuration).
    pub(crate) fn genesis(&self) -> &str {
        &self.genesis_hash
    }

    /// The hash of the last entry (the genesis hash when empty). Keep it somewhere else
    /// (a receipt, the school's records) to detect a ledger rewritten from scratch.
    pub fn head_hash(&self) -> &str {
        self.entries
            .last()
            .map_or(self.genesis_hash.as_str(), |e| e.hash.as_str())
    }

    /// Records a carer's answer for one pupil and one channel.
    ///
    /// `state` is an [`EventState`] id (`given`, `refused`, `withdrawn`, `expired`,
    /// `renewed`, `invalidated`); `channel` a [`Channel`] id. The event applies from `at`.
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownChannel`], [`ConsentError::UnknownState`],
    /// [`ConsentError::UnknownMethod`], [`ConsentError::UnknownRelationship`],
    /// [`ConsentError::ChannelNotAsked`] when the school does not ask about the channel,
    /// [`ConsentError::InvalidId`] for an empty or over-long id.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::ErrorCode;
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// let at = parse_instant("2025-09-05T08:30:00Z")?;
    /// let options = RecordOptions { method: Some("widget".into()), ..RecordOptions::default() };
    /// ledger.record("p1", "c1", "school_website", "given", at, options)?;
    /// let err = ledger
    ///     .record("p1", "c1", "snapchat", "given", at, RecordOptions::default())
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "consent_unknown_channel");
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn record(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        state: &str,
        at: DateTime<Utc>,
        options: RecordOptions,
    ) -> Result<(), ConsentError> {
        let purpose = Channel::parse(channel)?;
        let event_state = EventState::parse(state)?;
        let notice = self.config.notice.as_ref();
        let notice_content_hash = notice
            .filter(|n| {
                options
                    .notice_version
                    .as_ref()
                    .is_none_or(|v| *v == n.version)
            })
            .and_then(|n| n.content_hash.clone());
        let valid_until = match event_state {
            EventState::Given | EventState::Renewed => self.config.expiry.lapses_at(at),
            _ => None,
        };
        let event = ConsentEvent {
            pii_principal_id: pupil.to_owned(),
            entity_id: carer.to_owned(),
            relationship: options
                .relationship
                .as_deref()
                .map(Relationship::parse)
                .transpose()?,
            has_parental_responsibility: options.parental_responsibility,
            purpose,
            event_state,
            event_time: at,
            collection_method: options
                .method
                .as_deref()
                .map(CollectionMethod::parse)
                .transpose()?,
            notice_id: notice.map(|n| n.id.clone()),
            notice_version: options.notice_version,
            notice_content_hash,
            valid_until,
        };
        self.append(LedgerEvent::Consent(event))
    }

    /// Records a fully described answer (every ISO/IEC TS 27560 field set by the caller).
    ///
    /// # Errors
    ///
    /// As [`record`](Self::record).
    pub fn record_event(&mut self, event: ConsentEvent) -> Result<(), ConsentError> {
        self.append(LedgerEvent::Consent(event))
    }

    /// Places a safeguarding restriction on a pupil from `at`: every channel is denied
    /// whatever consent exists, until [`lift_restriction`](Self::lift_restriction).
    ///
    /// `reason` is read leniently by [`RestrictionReason::read`] (`looked_after`,
    /// `adopted`, `court_order`, `domestic_abuse`, `dsl_no_images`, otherwise `other`):
    /// a restriction is never refused for its wording. Do not put names in it.
    ///
    /// # Errors
    ///
    /// [`ConsentError::InvalidId`] for an empty pupil id.
    pub fn restrict(
        &mut self,
        pupil: &str,
        reason: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ConsentError> {
        self.append(LedgerEvent::Restriction(RestrictionEvent {
            pii_principal_id: pupil.to_owned(),
            reason: RestrictionReason::read(reason),
            event_time: at,
        }))
    }

    /// Lifts a safeguarding restriction on a pupil from `at` (consent answers count again
    /// once no restriction is left; a restriction and a lift at the same instant leave the
    /// pupil restricted).
    ///
    /// Restrictions have separate reasons and owners (a court order, the local authority's
    /// looked-after flag, the DSL's own instruction): `reason` lifts only that one. Without
    /// a reason the lift ends the one restriction in force; when several are in force at
    /// `at` it is refused, and a lift without a reason that later turns out to meet several
    /// (a restriction recorded afterwards with an earlier time) lifts nothing.
    ///
    /// # Errors
    ///
    /// [`ConsentError::RestrictionAmbiguous`] without a reason while several reasons are in
    /// force; [`ConsentError::UnknownRestrictionReason`] for a reason that is not one of
    /// [`RestrictionReason`]'s (lifts are read strictly, see
    /// [`RestrictionReason::read_lift`]); [`ConsentError::InvalidId`] for an empty pupil id.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::ErrorCode;
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// let at = |s| parse_instant(s);
    /// ledger.record("a", "mum", "school_website", "given", at("2025-09-05T10:00:00Z")?, RecordOptions::default())?;
    /// ledger.restrict("a", "court_order", at("2025-09-06T10:00:00Z")?)?;
    /// ledger.restrict("a", "dsl_no_images", at("2025-09-20T10:00:00Z")?)?;
    /// // The DSL ends her own instruction: a lift naming no reason is refused...
    /// let err = ledger.lift_restriction("a", at("2025-10-01T10:00:00Z")?, None).unwrap_err();
    /// assert_eq!(err.code(), "consent_restriction_ambiguous");
    /// // ...and one naming hers leaves the court order in force.
    /// ledger.lift_restriction("a", at("2025-10-01T10:00:00Z")?, Some("dsl_no_images"))?;
    /// assert_eq!(ledger.state("a", "school_website", at("2025-10-02T10:00:00Z")?)?.as_str(), "restricted");
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn lift_restriction(
        &mut self,
        pupil: &str,
        at: DateTime<Utc>,
        reason: Option<&str>,
    ) -> Result<(), ConsentError> {
        let reason = reason.map(RestrictionReason::read_lift).transpose()?;
        if reason.is_none() {
            let in_force = self.restrictions_in_force(pupil, at);
            if in_force.len() > 1 {
                return Err(ConsentError::RestrictionAmbiguous {
                    pupil: super::shorten(pupil),
                    reasons: in_force
                        .keys()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            }
        }
        self.append(LedgerEvent::RestrictionLifted(RestrictionLiftedEvent {
            pii_principal_id: pupil.to_owned(),
            reason,
            event_time: at,
        }))
    }

    /// Records that a new version of the image notice is in force from `at`. When the
    /// change is substantive (the default) and the school reconfirms on notice changes,
    /// every yes given under an earlier version lapses at `at` (DOMAIN.md §3.3 rule 8).
    ///
    /// # Errors
    ///
    /// [`ConsentError::InvalidId`] for an empty version;
    /// [`ConsentError::NoticeAlreadyPublished`] for a version published before with another
    /// content hash (a new text needs a new label).
    pub fn publish_notice(
        &mut self,
        version: &str,
        at: DateTime<Utc>,
        options: NoticeOptions,
    ) -> Result<(), ConsentError> {
        // Only a label's first publication counts: a new text (another content hash) under
        // a label already published would be stored and silently ignored, and earlier
        // yeses would keep counting.
        let new_text = |n: &NoticeEvent| {
            n.notice_version == version
                && n.notice_content_hash.is_some()
                && options.content_hash.is_some()
                && n.notice_content_hash != options.content_hash
        };
        if self
            .entries()
            .iter()
            .any(|e| matches!(&e.event, LedgerEvent::NoticePublished(n) if new_text(n)))
        {
            return Err(ConsentError::NoticeAlreadyPublished {
                version: crate::vocabulary::short(version),
            });
        }
        self.append(LedgerEvent::NoticePublished(NoticeEvent {
            notice_version: version.to_owned(),
            notice_content_hash: options.content_hash,
            substantive: options.substantive,
            event_time: at,
        }))
    }

    /// Records a pupil's own agreement or objection for one channel (the child's voice).
    ///
    /// `state` is `given`, `refused` or `withdrawn`. Under 18, a refusal or withdrawal by a
    /// pupil old enough to be asked wins over any carer's yes on that channel from `at` on,
    /// until the pupil's own later `given`; a pupil's yes never permits a use by itself (it
    /// fails safe). The objection of a pupil not old enough is kept and shown in decisions,
    /// but the carers decide.
    ///
    /// An answer recorded with an `age` of 18 or more makes the pupil an adult for this
    /// ledger from `at` on, on every channel (decision rule `adult_pupil`): parental
    /// responsibility has ended, so the pupil's own latest answer for a channel (or for the
    /// channel it belongs to) decides, and carers' answers, yes or no, no longer count. Their
    /// yes permits under the same expiry and notice rules as a carer's; a yes they gave before
    /// they were 18 does not, and neither does one the school records them as unable to give
    /// (`old_enough` false). Restrictions and leaving the roll still come first.
    ///
    /// # Errors
    ///
    /// [`ConsentError::PupilCompetenceUnknown`] when neither `old_enough`, an `age` of 18 or
    /// more, nor an `age` with the school's `pupil_voice_min_age` says whether the pupil is
    /// old enough;
    /// [`ConsentError::PupilVoiceState`] for another state; [`ConsentError::InvalidAge`]
    /// outside 2 to 19; [`ConsentError::AgeConflict`] for an age lower than one recorded
    /// with an earlier answer of the pupil (or higher than a later one); [`ConsentError::UnknownChannel`], [`ConsentError::ChannelNotAsked`],
    /// [`ConsentError::UnknownMethod`], [`ConsentError::InvalidId`].
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::ErrorCode;
    /// use esafety_core::consent::{ConsentLedger, PupilVoiceOptions, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::with_config_json(r#"{"pupil_voice_min_age": 12}"#)?;
    /// let sept = parse_instant("2025-09-05T08:30:00Z")?;
    /// ledger.record("p1", "mum", "school_website", "given", sept, RecordOptions::default())?;
    /// let oct = parse_instant("2025-10-01T12:00:00Z")?;
    /// let thirteen = PupilVoiceOptions { age: Some(13), ..PupilVoiceOptions::default() };
    /// ledger.record_pupil_voice("p1", "school_website", "refused", oct, thirteen)?;
    ///
    /// let now = parse_instant("2025-10-02T12:00:00Z")?;
    /// let decision = ledger.check_image(&["p1"], "school_website", now, false)?;
    /// assert_eq!(decision.blocked_by, ["p1"]);
    /// assert_eq!(decision.pupils[0].rule, "pupil_refused");
    ///
    /// // Without an age (or old_enough) nothing is guessed.
    /// let err = ledger
    ///     .record_pupil_voice("p2", "school_website", "refused", oct, PupilVoiceOptions::default())
    ///     .unwrap_err();
    /// assert_eq!(err.code(), "consent_pupil_competence_unknown");
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn record_pupil_voice(
        &mut self,
        pupil: &str,
        channel: &str,
        state: &str,
        at: DateTime<Utc>,
        options: PupilVoiceOptions,
    ) -> Result<(), ConsentError> {
        let event = PupilVoiceEvent {
            pii_principal_id: pupil.to_owned(),
            purpose: Channel::parse(channel)?,
            event_state: EventState::parse(state).map_err(|_| ConsentError::PupilVoiceState {
                state: super::shorten(state),
            })?,
            event_time: at,
            age: options.age,
            old_enough: options.old_enough,
            collection_method: options
                .method
                .as_deref()
                .map(CollectionMethod::parse)
                .transpose()?,
        };
        self.append(LedgerEvent::PupilVoice(event))
    }

    /// Records that a pupil left the school roll on `leaving_date`: from 00:00
    /// Europe/London that day every check for the pupil is no, with the reason (new uses
    /// lapse). Images already published follow the school's retention policy: leaving alone
    /// does not put them on the [takedown list](Self::takedown_list). Before the leaving
    /// date nothing changes.
    ///
    /// # Errors
    ///
    /// [`ConsentError::InvalidId`] for an empty pupil id.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// ledger.record("p1", "mum", "school_website", "given", parse_instant("2025-09-05T08:30:00Z")?, RecordOptions::default())?;
    /// ledger.record_leaving("p1", NaiveDate::from_ymd_opt(2026, 4, 1).unwrap())?;
    /// assert_eq!(ledger.state("p1", "school_website", parse_instant("2026-03-31T22:59:59Z")?)?.as_str(), "given");
    /// // 00:00 BST on 1 April 2026 is 23:00 UTC on 31 March.
    /// let after = ledger.explain("p1", "school_website", parse_instant("2026-03-31T23:00:00Z")?)?;
    /// assert_eq!((after.state.as_str(), after.rule.as_str()), ("left_roll", "left_roll"));
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn record_leaving(
        &mut self,
        pupil: &str,
        leaving_date: NaiveDate,
    ) -> Result<(), ConsentError> {
        self.append(LedgerEvent::LeftRoll(LeftRollEvent {
            pii_principal_id: pupil.to_owned(),
            leaving_date,
            event_time: SchoolClock::london().utc_of_local_midnight(leaving_date),
        }))
    }

    /// Records that a pupil came back onto the school roll on `rejoining_date`: from 00:00
    /// Europe/London that day the pupil is on the roll again and the form offers answers.
    /// A yes given before the leaving date lapsed when the pupil left (the school asks
    /// again); answers given since the leaving date count, from the rejoining date; a "no"
    /// still stands. A rejoining dated the same day as a leaving cancels that leaving (a
    /// leaving date recorded by mistake), and nothing lapses.
    ///
    /// # Errors
    ///
    /// [`ConsentError::InvalidId`] for an empty pupil id.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// let w = "school_website";
    /// ledger.record("p1", "c1", w, "given", parse_instant("2025-09-05T10:00:00Z")?, RecordOptions::default())?;
    /// ledger.record_leaving("p1", NaiveDate::from_ymd_opt(2025, 12, 19).unwrap())?;
    /// ledger.record_rejoining("p1", NaiveDate::from_ymd_opt(2026, 4, 20).unwrap())?;
    /// // Back on the roll, last term's yes has lapsed: the form asks again.
    /// let back = parse_instant("2026-04-20T12:00:00Z")?;
    /// assert_eq!(ledger.explain("p1", w, back)?.state.as_str(), "expired");
    /// assert!(ledger.consent_form("p1", "c1", back).channels[2].can_answer);
    /// ledger.record("p1", "c1", w, "given", parse_instant("2026-04-20T10:00:00Z")?, RecordOptions::default())?;
    /// assert!(ledger.explain("p1", w, parse_instant("2026-04-21T10:00:00Z")?)?.permitted);
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn record_rejoining(
        &mut self,
        pupil: &str,
        rejoining_date: NaiveDate,
    ) -> Result<(), ConsentError> {
        self.append(LedgerEvent::RejoinedRoll(RejoinedRollEvent {
            pii_principal_id: pupil.to_owned(),
            rejoining_date,
            event_time: SchoolClock::london().utc_of_local_midnight(rejoining_date),
        }))
    }

    /// Records that an image showing `pupils` was published on `channel` at `at` (for
    /// the [takedown list](Self::takedown_list)).
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownChannel`], [`ConsentError::EmptyGroup`],
    /// [`ConsentError::DuplicateImage`] when the image id is already recorded,
    /// [`ConsentError::InvalidId`].
    pub fn record_publication<S: AsRef<str>>(
        &mut self,
        image_id: &str,
        pupils: &[S],
        channel: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ConsentError> {
        self.append(LedgerEvent::Publication(PublicationEvent {
            image_id: image_id.to_owned(),
            pupils: pupils.iter().map(|p| p.as_ref().to_owned()).collect(),
            channel: Channel::parse(channel)?,
            event_time: at,
        }))
    }

    /// Records that a published image was taken down at `at`.
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownImage`] when the image was never recorded as published.
    pub fn record_removal(
        &mut self,
        image_id: &str,
        at: DateTime<Utc>,
    ) -> Result<(), ConsentError> {
        self.append(LedgerEvent::PublicationRemoved(RemovalEvent {
            image_id: image_id.to_owned(),
            event_time: at,
        }))
    }

    /// Validates an event, chains it and indexes it.
    fn append(&mut self, event: LedgerEvent) -> Result<(), ConsentError> {
        self.validate(&event)?;
        let seq = self.entries.len() as u64;
        let prev_hash = self.head_hash().to_owned();
        let hash = entry_hash(&prev_hash, seq, &event);
        self.index(&event);
        self.entries.push(LedgerEntry {
            seq,
            prev_hash,
            hash,
            event,
        });
        Ok(())
    }

    fn validate(&self, event: &LedgerEvent) -> Result<(), ConsentError> {
        match event {
            LedgerEvent::Consent(e) => {
                check_id(&e.pii_principal_id, "pupil id")?;
                check_id(&e.entity_id, "carer id")?;
                // The pupil's own id in other letters is still the pupil.
                if crate::vocabulary::same_id_but_for_case(&e.entity_id, &e.pii_principal_id) {
                    return Err(ConsentError::CarerIsPupil {
                        pupil: super::shorten(&e.pii_principal_id),
                    });
                }
                if let Some(v) = &e.notice_version {
                    check_id(v, "notice version")?;
                }
                if !self.config.asks_about(e.purpose) {
                    return Err(ConsentError::ChannelNotAsked {
                        channel: e.purpose.to_string(),
                    });
                }
                Ok(())
            }
            LedgerEvent::PupilVoice(e) => self.validate_pupil_voice(e),
            LedgerEvent::LeftRoll(e) => {
                check_roll_event(&e.pii_principal_id, e.leaving_date, e.event_time, "leaving")
            }
            LedgerEvent::RejoinedRoll(e) => check_roll_event(
                &e.pii_principal_id,
                e.rejoining_date,
                e.event_time,
                "rejoining",
            ),
            LedgerEvent::Restriction(e) => check_id(&e.pii_principal_id, "pupil id"),
            LedgerEvent::RestrictionLifted(e) => check_id(&e.pii_principal_id, "pupil id"),
            LedgerEvent::NoticePublished(e) => check_id(&e.notice_version, "notice version"),
            LedgerEvent::Publication(e) => {
                check_id(&e.image_id, "image id")?;
                if e.pupils.is_empty() {
                    return Err(ConsentError::EmptyGroup);
                }
                for p in &e.pupils {
                    check_id(p, "pupil id")?;
                }
                if self.images.contains(&e.image_id) {
                    return Err(ConsentError::DuplicateImage {
                        image_id: super::shorten(&e.image_id),
                    });
                }
                Ok(())
            }
            LedgerEvent::PublicationRemoved(e) => {
                check_id(&e.image_id, "image id")?;
                if self.images.contains(&e.image_id) {
                    Ok(())
                } else {
                    Err(ConsentError::UnknownImage {
                        image_id: super::shorten(&e.image_id),
                    })
                }
            }
        }
    }

    fn validate_pupil_voice(&self, e: &PupilVoiceEvent) -> Result<(), ConsentError> {
        check_id(&e.pii_principal_id, "pupil id")?;
        if !matches!(
            e.event_state,
            EventState::Given | EventState::Refused | EventState::Withdrawn
        ) {
            return Err(ConsentError::PupilVoiceState {
                state: e.event_state.as_str().to_owned(),
            });
        }
        if let Some(age) = e.age
            && !(2..=19).contains(&age)
        {
            return Err(ConsentError::InvalidAge { age });
        }
        if !self.config.asks_about(e.purpose) {
            return Err(ConsentError::ChannelNotAsked {
                channel: e.purpose.to_string(),
            });
        }
        if self.old_enough(e).is_none() {
            return Err(ConsentError::PupilCompetenceUnknown {
                pupil: super::shorten(&e.pii_principal_id),
            });
        }
        self.check_age_order(e)
    }

    /// Refuses an answer whose age contradicts an age recorded with another answer of the
    /// same pupil: lower than one recorded earlier, or higher than one recorded later (at
    /// one instant, any other age). An 18-year-old's answer followed by a "16" would
    /// otherwise leave the wrong child treated as an adult who decides alone.
    fn check_age_order(&self, e: &PupilVoiceEvent) -> Result<(), ConsentError> {
        let Some(age) = e.age else {
            return Ok(());
        };
        let conflict = self
            .pupil_events(&e.pii_principal_id)
            .find_map(|other| match other {
                LedgerEvent::PupilVoice(o) => {
                    let recorded = o.age?;
                    let contradicts = (o.event_time <= e.event_time && age < recorded)
                        || (o.event_time >= e.event_time && age > recorded);
                    contradicts.then_some((recorded, o.event_time))
                }
                _ => None,
            });
        match conflict {
            Some((recorded, when)) => Err(ConsentError::AgeConflict {
                pupil: super::shorten(&e.pii_principal_id),
                age,
                recorded,
                recorded_at: super::format_instant(when),
            }),
            None => Ok(()),
        }
    }

    /// Whether the pupil was old enough to be asked, and by which test: the school's own
    /// statement on the event, else an age of 18 or more (an adult decides for themselves,
    /// whatever the school's `pupil_voice_min_age`), else the age against
    /// `pupil_voice_min_age`; `None` when none of these tells.
    pub(crate) fn old_enough(&self, e: &PupilVoiceEvent) -> Option<bool> {
        e.old_enough.or_else(|| {
            let age = e.age?;
            if age >= super::decision::ADULT_AGE {
                return Some(true);
            }
            Some(age >= self.config.pupil_voice_min_age?)
        })
    }

    fn index(&mut self, event: &LedgerEvent) {
        let position = self.entries.len();
        match event {
            LedgerEvent::Consent(ConsentEvent {
                pii_principal_id, ..
            })
            | LedgerEvent::Restriction(RestrictionEvent {
                pii_principal_id, ..
            })
            | LedgerEvent::RestrictionLifted(RestrictionLiftedEvent {
                pii_principal_id, ..
            })
            | LedgerEvent::PupilVoice(PupilVoiceEvent {
                pii_principal_id, ..
            })
            | LedgerEvent::LeftRoll(LeftRollEvent {
                pii_principal_id, ..
            })
            | LedgerEvent::RejoinedRoll(RejoinedRollEvent {
                pii_principal_id, ..
            }) => self
                .by_pupil
                .entry(pii_principal_id.clone())
                .or_default()
                .push(position),
            LedgerEvent::NoticePublished(n) => {
                let candidate = NoticeVersionSeen {
                    first_seen: n.event_time,
                    substantive: n.substantive,
                };
                // The earliest publication decides; at one instant, "substantive" wins.
                let seen = self
                    .notice_versions
                    .entry(n.notice_version.clone())
                    .or_insert(candidate);
                if (candidate.first_seen, !candidate.substantive)
                    < (seen.first_seen, !seen.substantive)
                {
                    *seen = candidate;
                }
            }
            LedgerEvent::Publication(p) => {
                self.images.insert(p.image_id.clone());
                self.publications.push(position);
            }
            LedgerEvent::PublicationRemoved(_) => self.publications.push(position),
        }
    }

    /// The events about one pupil (consent answers and restrictions), in recording order.
    pub(crate) fn pupil_events(&self, pupil: &str) -> impl Iterator<Item = &LedgerEvent> {
        self.by_pupil
            .get(pupil)
            .into_iter()
            .flatten()
            .filter_map(|i| self.entries.get(*i).map(|e| &e.event))
    }

    /// Every published notice version, with when it came into force.
    pub(crate) fn notice_versions(&self) -> &BTreeMap<String, NoticeVersionSeen> {
        &self.notice_versions
    }

    /// Publications and removals, in recording order.
    pub(crate) fn publication_events(&self) -> impl Iterator<Item = &LedgerEvent> {
        self.publications
            .iter()
            .filter_map(|i| self.entries.get(*i).map(|e| &e.event))
    }

    /// Exports the ledger as versioned JSON (`schemaVersion`, `kind`, `config`,
    /// `genesis_hash`, `head_hash`, `entries`).
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::ConsentLedger;
    ///
    /// let json = ConsentLedger::new().to_json();
    /// assert!(json.starts_with(r#"{"schemaVersion":1,"kind":"esafety.consent_ledger""#));
    /// ```
    pub fn to_json(&self) -> String {
        self.document_json(None)
    }

    /// The export document, with or without a seal.
    pub(crate) fn document_json(&self, seal: Option<crate::seal::Seal>) -> String {
        let document = LedgerDocument {
            schema_version: u64::from(SCHEMA_VERSION),
            kind: LEDGER_KIND.to_owned(),
            config: self.config.clone(),
            genesis_hash: self.genesis_hash.clone(),
            head_hash: self.head_hash().to_owned(),
            entries: self.entries.clone(),
            seal,
        };
        // INVARIANT: every field serialises to JSON (string map keys, no custom failures).
        serde_json::to_string(&document).unwrap_or_default()
    }

    /// Imports an exported ledger, verifying the whole hash chain.
    ///
    /// The chain cannot show entries cut from the end (the head hash is public), so the
    /// ledger remembers it was read without the school's seal checked: every decision,
    /// takedown and receipt it gives carries the warning `consent_export_unsealed`
    /// ([`warnings`](Self::warnings)). Import with
    /// [`from_json_sealed`](Self::from_json_sealed) (or
    /// [`from_json_anchored`](Self::from_json_anchored)) for a ledger known to be whole.
    ///
    /// # Errors
    ///
    /// [`ConsentError::Tampered`] (`ledger_tampered`) when the configuration, any entry,
    /// the order of entries or the head hash does not match the chain, or when a document
    /// that names itself a consent ledger no longer parses as one (broken JSON, changed
    /// shape, values the ledger would never have accepted);
    /// [`ConsentError::UnsupportedSchemaVersion`] for another schema version;
    /// [`ConsentError::MalformedLedger`] for anything that is not a consent ledger export.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::ErrorCode;
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// let at = parse_instant("2025-09-05T08:30:00Z")?;
    /// ledger.record("p1", "c1", "school_website", "refused", at, RecordOptions::default())?;
    /// let forged = ledger.to_json().replace(r#""event_state":"refused""#, r#""event_state":"given""#);
    /// let err = ConsentLedger::from_json(&forged).unwrap_err();
    /// assert_eq!(err.code(), "ledger_tampered");
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<ConsentLedger, ConsentError> {
        let mut ledger = ConsentLedger::read_export(text)?;
        ledger.provenance = Provenance::Unsealed;
        Ok(ledger)
    }

    /// Reads and verifies an export (the chain, and a seal it carries against the key the
    /// seal names); the caller says whether its log is known to be whole.
    pub(crate) fn read_export(text: &str) -> Result<ConsentLedger, ConsentError> {
        // A document that says it is a consent ledger but no longer reads as one was
        // altered after export: that is tampering, not a foreign document.
        let claims_to_be_a_ledger = text.contains(LEDGER_KIND);
        let broken = |reason: String| {
            if claims_to_be_a_ledger {
                ConsentError::Tampered { reason }
            } else {
                ConsentError::MalformedLedger { reason }
            }
        };
        crate::wire::limits::check_size(text)?;
        crate::wire::limits::check_json(text)?;
        let value: serde_json::Value =
            crate::wire::json_value(text).map_err(|e| broken(format!("not valid json: {e}")))?;
        let kind = value.get("kind").and_then(serde_json::Value::as_str);
        if kind != Some(LEDGER_KIND) {
            return Err(ConsentError::MalformedLedger {
                reason: format!(
                    "kind `{}` is not `{LEDGER_KIND}`",
                    super::shorten(kind.unwrap_or(""))
                ),
            });
        }
        crate::wire::check_schema_version(&value).map_err(|e| match e {
            crate::wire::WireError::UnsupportedSchemaVersion { found, supported } => {
                ConsentError::UnsupportedSchemaVersion { found, supported }
            }
            other => ConsentError::Tampered {
                reason: other.to_string(),
            },
        })?;
        let seal = value.get("seal").cloned();
        let document: LedgerDocument =
            serde_json::from_value(value).map_err(|e| ConsentError::Tampered {
                reason: format!("the document no longer has the ledger's shape: {e}"),
            })?;
        let tampered = |e: ConsentError| ConsentError::Tampered {
            reason: format!("an entry would not have been accepted: {e}"),
        };
        document.config.validate().map_err(tampered)?;
        let mut ledger = ConsentLedger::empty(document.config);
        if ledger.genesis_hash != document.genesis_hash {
            return Err(ConsentError::Tampered {
                reason: "the configuration does not match the genesis hash".to_owned(),
            });
        }
        for (position, entry) in document.entries.into_iter().enumerate() {
            let expected_prev = ledger.head_hash().to_owned();
            if entry.seq != position as u64 {
                return Err(ConsentError::Tampered {
                    reason: format!("entry {position} carries sequence number {}", entry.seq),
                });
            }
            if entry.prev_hash != expected_prev {
                return Err(ConsentError::Tampered {
                    reason: format!("entry {position} does not link to the entry before it"),
                });
            }
            if entry_hash(&entry.prev_hash, entry.seq, &entry.event) != entry.hash {
                return Err(ConsentError::Tampered {
                    reason: format!("entry {position} was changed after it was recorded"),
                });
            }
            ledger.append(entry.event).map_err(tampered)?;
        }
        if ledger.head_hash() != document.head_hash {
            return Err(ConsentError::Tampered {
                reason: "the head hash does not match the last entry".to_owned(),
            });
        }
        // A sealed export whose seal no longer matches (entries cut from the end, which the
        // chain alone cannot show) is refused even when no key is given to check it with.
        if let Some(seal) = seal {
            super::seal::check_own_seal(&seal, &ledger)?;
        }
        Ok(ledger)
    }

    /// Imports an exported ledger and also checks its head against a hash kept elsewhere
    /// (for example on a receipt), which detects a ledger rewritten from scratch.
    ///
    /// # Errors
    ///
    /// As [`from_json`](Self::from_json), and [`ConsentError::Tampered`] when the head
    /// hash differs from `expected_head`.
    pub fn from_json_anchored(
        text: &str,
        expected_head: &str,
    ) -> Result<ConsentLedger, ConsentError> {
        let ledger = ConsentLedger::read_export(text)?;
        if ledger.head_hash() == expected_head {
            Ok(ledger)
        } else {
            Err(ConsentError::Tampered {
                reason: "the head hash is not the one anchored".to_owned(),
            })
        }
    }
}

/// A leaving or rejoining event: a valid pupil id, and its time 00:00 Europe/London on its
/// date.
fn check_roll_event(
    pupil: &str,
    date: NaiveDate,
    time: DateTime<Utc>,
    what: &str,
) -> Result<(), ConsentError> {
    check_id(pupil, "pupil id")?;
    if time == SchoolClock::london().utc_of_local_midnight(date) {
        Ok(())
    } else {
        Err(ConsentError::MalformedLedger {
            reason: format!("a {what} event's time is not 00:00 Europe/London on its date"),
        })
    }
}

pub(super) fn check_id(id: &str, field: &'static str) -> Result<(), ConsentError> {
    // A byte-order mark, a no-break space or a decomposed accent would file the answer
    // under another pupil.
    if id.is_empty() || crate::vocabulary::id_problem(id).is_some() {
        Err(ConsentError::InvalidId { field })
    } else {
        Ok(())
    }
}

/// Canonical JSON of a value (struct fields in declaration order, no whitespace).
fn canonical_json<T: Serialize>(value: &T) -> String {
    // INVARIANT: ledger types always serialise (no maps with non-string keys).
    serde_json::to_string(value).unwrap_or_default()
}

fn genesis_hash(config: &SchoolConsentConfig) -> String {
    let text = format!(
        "{LEDGER_KIND}\n{SCHEMA_VERSION}\n{}",
        canonical_json(config)
    );
    sha256_hex(text.as_bytes())
}

fn entry_hash(prev_hash: &str, seq: u64, event: &LedgerEvent) -> String {
    let text = format!("{prev_hash}\n{seq}\n{}", canonical_json(event));
    sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::consent::parse_instant;

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    fn sample() -> ConsentLedger {
        let mut l = ConsentLedger::new();
        let o = RecordOptions::default;
        l.record(
            "p1",
            "c1",
            "school_website",
            "given",
            at("2025-09-05T08:00:00Z"),
            o(),
        )
        .unwrap();
        l.record(
            "p1",
            "c2",
            "school_website",
            "refused",
            at("2025-09-06T08:00:00Z"),
            o(),
        )
        .unwrap();
        l.restrict("p2", "court_order", at("2025-10-01T00:00:00Z"))
            .unwrap();
        l.publish_notice("v2", at("2026-01-01T00:00:00Z"), NoticeOptions::default())
            .unwrap();
        l.record_publication(
            "img1",
            &["p1"],
            "school_website",
            at("2025-09-10T00:00:00Z"),
        )
        .unwrap();
        l
    }

    #[test]
    fn chain_links_every_entry() {
        let l = sample();
        assert_eq!(l.entries().len(), 5);
        assert_eq!(l.entries()[0].prev_hash, l.genesis_hash);
        for pair in l.entries().windows(2) {
            assert_eq!(pair[1].prev_hash, pair[0].hash);
        }
        assert_eq!(l.head_hash(), l.entries()[4].hash);
    }

    #[test]
    fn round_trip_is_identical() {
        let l = sample();
        let copy = ConsentLedger::from_json(&l.to_json()).unwrap();
        assert_eq!(copy, l);
        assert_eq!(copy.to_json(), l.to_json());
        assert!(ConsentLedger::from_json_anchored(&l.to_json(), l.head_hash()).is_ok());
        assert_eq!(
            ConsentLedger::from_json_anchored(&l.to_json(), "00")
                .unwrap_err()
                .code(),
            "ledger_tampered"
        );
    }

    fn tamper(l: &ConsentLedger, edit: impl FnOnce(&mut serde_json::Value)) -> ConsentError {
        let mut doc: serde_json::Value = serde_json::from_str(&l.to_json()).unwrap();
        edit(&mut doc);
        ConsentLedger::from_json(&doc.to_string()).unwrap_err()
    }

    #[test]
    fn tampering_is_detected() {
        let l = sample();
        type Edit = Box<dyn FnOnce(&mut serde_json::Value)>;
        let cases: Vec<Edit> = vec![
            Box::new(|d| d["entries"][1]["event"]["event_state"] = "given".into()),
            Box::new(|d| d["entries"][0]["event"]["event_time"] = "2024-01-01T00:00:00Z".into()),
            Box::new(|d| {
                d["entries"].as_array_mut().unwrap().remove(2);
            }),
            Box::new(|d| {
                d["entries"].as_array_mut().unwrap().pop();
            }),
            Box::new(|d| d["entries"].as_array_mut().unwrap().swap(0, 1)),
            Box::new(|d| d["config"]["expiry"] = serde_json::json!({"rule": "never"})),
            Box::new(|d| d["entries"][2]["event"]["type"] = "restriction_lifted".into()),
        ];
        for edit in cases {
            let err = tamper(&l, edit);
            // Removing the reason field leaves a valid shape for restriction_lifted? No:
            // `reason` is an unknown field there, so that edit is malformed, not tampered.
            assert!(
                matches!(err.code(), "ledger_tampered" | "consent_malformed_ledger"),
                "{err}"
            );
        }
        let err = tamper(&l, |d| {
            d["entries"][1]["event"]["event_state"] = "given".into()
        });
        assert_eq!(err.code(), "ledger_tampered");
        let err = tamper(&l, |d| {
            d["entries"].as_array_mut().unwrap().pop();
        });
        assert_eq!(err.code(), "ledger_tampered");
    }

    #[test]
    fn an_altered_ledger_that_no_longer_parses_is_tampered() {
        let json = sample().to_json();
        let truncated = &json[..json.len() / 2];
        assert_eq!(
            ConsentLedger::from_json(truncated).unwrap_err().code(),
            "ledger_tampered"
        );
        let err = tamper(&sample(), |d| {
            d["entries"][0]["event"]["event_state"] = "maybe".into()
        });
        assert_eq!(err.code(), "ledger_tampered");
        let err = tamper(&sample(), |d| {
            d["entries"][0]["event"]
                .as_object_mut()
                .unwrap()
                .remove("has_parental_responsibility");
        });
        assert_eq!(err.code(), "ledger_tampered");
        let err = tamper(&sample(), |d| {
            d.as_object_mut().unwrap().remove("schemaVersion");
        });
        assert_eq!(err.code(), "ledger_tampered");
    }

    #[test]
    fn answers_carry_validity_and_what_was_shown() {
        let mut l = ConsentLedger::with_config(SchoolConsentConfig {
            notice: Some(super::super::Notice::from_text(
                "image-consent",
                "v1",
                "text",
                None,
            )),
            ..SchoolConsentConfig::default()
        })
        .unwrap();
        let t = at("2025-09-05T08:00:00Z");
        l.record(
            "p1",
            "c1",
            "school_website",
            "given",
            t,
            RecordOptions::default(),
        )
        .unwrap();
        l.record(
            "p1",
            "c1",
            "press_media",
            "refused",
            t,
            RecordOptions::default(),
        )
        .unwrap();
        let LedgerEvent::Consent(given) = &l.entries()[0].event else {
            panic!("not a consent event")
        };
        // 00:00 Europe/London on 1 September 2026 (BST).
        assert_eq!(given.valid_until, Some(at("2026-08-31T23:00:00Z")));
        assert_eq!(given.notice_id.as_deref(), Some("image-consent"));
        assert_eq!(
            given.notice_content_hash,
            Some(crate::consent::sha256_hex(b"text"))
        );
        let LedgerEvent::Consent(refused) = &l.entries()[1].event else {
            panic!("not a consent event")
        };
        assert_eq!(refused.valid_until, None);
    }

    #[test]
    fn malformed_and_foreign_documents() {
        assert_eq!(
            ConsentLedger::from_json("not json").unwrap_err().code(),
            "consent_malformed_ledger"
        );
        let l = sample();
        let mut doc: serde_json::Value = serde_json::from_str(&l.to_json()).unwrap();
        doc["schemaVersion"] = 2.into();
        assert_eq!(
            ConsentLedger::from_json(&doc.to_string())
                .unwrap_err()
                .code(),
            "unsupported_schema_version"
        );
        doc["schemaVersion"] = 1.into();
        doc["kind"] = "something.else".into();
        assert_eq!(
            ConsentLedger::from_json(&doc.to_string())
                .unwrap_err()
                .code(),
            "consent_malformed_ledger"
        );
    }

    #[test]
    fn invalid_records_are_refused_and_leave_no_entry() {
        let mut l = ConsentLedger::new();
        let t = at("2025-09-05T08:00:00Z");
        let o = RecordOptions::default;
        let code = |r: Result<(), ConsentError>| r.unwrap_err().code();
        assert_eq!(
            code(l.record("", "c", "school_website", "given", t, o())),
            "consent_invalid_id"
        );
        assert_eq!(
            code(l.record("p", "c", "web", "given", t, o())),
            "consent_unknown_channel"
        );
        assert_eq!(
            code(l.record("p", "c", "school_website", "yes", t, o())),
            "consent_unknown_state"
        );
        let email = RecordOptions {
            method: Some("email".into()),
            ..o()
        };
        assert_eq!(
            code(l.record("p", "c", "school_website", "given", t, email)),
            "consent_unknown_method"
        );
        assert_eq!(code(l.record_removal("img", t)), "consent_unknown_image");
        let none: [&str; 0] = [];
        assert_eq!(
            code(l.record_publication("img", &none, "school_website", t)),
            "consent_empty_group"
        );
        l.record_publication("img", &["p"], "school_website", t)
            .unwrap();
        assert_eq!(
            code(l.record_publication("img", &["p"], "school_website", t)),
            "consent_duplicate_image"
        );
        assert_eq!(l.entries().len(), 1);

        let mut narrow =
            ConsentLedger::with_config_json(r#"{"channels": ["school_website"]}"#).unwrap();
        assert_eq!(
            code(narrow.record("p", "c", "press_media", "given", t, o())),
            "consent_channel_not_asked"
        );
    }
}
