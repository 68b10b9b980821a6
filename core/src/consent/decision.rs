//! Decisions: DOMAIN.md §3.3 rules 1–10, as of any instant.

use super::channel::AnswerScope;
use super::{
    Channel, ConsentError, ConsentEvent, ConsentLedger, ConsentWarning, EventState, LedgerEvent,
    PupilVoiceEvent, Relationship, RestrictionReason, format_instant,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Whether an image check assumes pupils' full names are shown beside the image when the
/// caller does not say (they are not: naming a pupil is the caller's explicit choice).
pub const NAMES_SHOWN_BY_DEFAULT: bool = false;

crate::ids::closed_ids! {
    /// One pupil's consent position for one channel at one instant.
    ///
    /// Only [`ConsentState::Given`] permits a use (DOMAIN.md §3.3 rule 1).
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    ConsentState {
        /// A current yes from a person with parental responsibility, and no one said no.
        Given = "given",
        /// A person with parental responsibility said no.
        Refused = "refused",
        /// A person with parental responsibility took back their yes.
        Withdrawn = "withdrawn",
        /// The only yes lapsed (new school year, changed notice, a leaving since rejoined)
        /// or was marked expired.
        Expired = "expired",
        /// The pupil left the school roll: every use lapsed from 00:00 Europe/London on the
        /// leaving date (rule `left_roll`), whatever the answers.
        LeftRoll = "left_roll",
        /// No counting answer: nobody with parental responsibility has answered (or, on a
        /// channel that needs it, the pupil has not agreed).
        NotAsked = "not_asked",
        /// A safeguarding restriction forbids every image of the pupil.
        Restricted = "restricted",
    }
}

impl ConsentState {
    /// Whether the state permits a use.
    pub fn permits(self) -> bool {
        self == ConsentState::Given
    }
}

crate::ids::closed_ids! {
    /// A publishing duty that comes with a channel, separate from consent.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    Obligation {
        /// No full names beside images on the website or school social media (DOMAIN.md §3.3
        /// rule 6; seeds 000 and 001).
        NoFullNames = "no_full_names",
        /// An external photographer never has unsupervised access to pupils (seed 000).
        PhotographerSupervised = "photographer_supervised",
    }
}

impl Obligation {
    /// The obligations a channel carries.
    pub fn for_channel(channel: Channel) -> Vec<Obligation> {
        let mut out = Vec::new();
        if channel.forbids_full_names() {
            out.push(Obligation::NoFullNames);
        }
        if channel == Channel::ExternalPhotographer {
            out.push(Obligation::PhotographerSupervised);
        }
        out
    }
}

/// One carer's answer as it bears on a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CarerAnswer {
    /// The carer id.
    pub carer: String,
    /// The channel of the carer's answer that decides (a platform or the generic channel):
    /// their latest answer on the channel asked about or on the channel it belongs to.
    pub channel: Channel,
    /// What the carer's answer amounts to at the instant asked (`given`, `refused`,
    /// `withdrawn`, `expired`, or `not_asked` after an invalidation).
    pub state: ConsentState,
    /// The event that decided it.
    pub event_state: EventState,
    /// When that event happened.
    pub event_time: DateTime<Utc>,
    /// Whether the answer counts (false without parental responsibility, for a yes for one
    /// platform asked about every platform, and once the pupil is an adult).
    pub counted: bool,
    /// When a yes lapses under the school's expiry rule, if it is current.
    pub valid_until: Option<DateTime<Utc>>,
    /// The notice version a yes was given (or renewed) under, when known.
    pub notice_version: Option<String>,
}

/// A pupil's own answer as it bears on a decision (the child's voice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PupilVoiceAnswer {
    /// The channel the pupil answered about (a platform or the generic channel).
    pub channel: Channel,
    /// `given`, `refused` or `withdrawn`: the pupil's latest answer by the instant asked.
    pub event_state: EventState,
    /// When the pupil said it.
    pub event_time: DateTime<Utc>,
    /// The pupil's age then, when stated.
    pub age: Option<u8>,
    /// Whether the pupil was old enough to be asked (always, from 18, unless the school said
    /// otherwise).
    pub old_enough: bool,
    /// Whether the answer decides: a refusal or withdrawal by a pupil old enough to be
    /// asked (under 18 a pupil's yes never permits by itself), or, once the pupil is an
    /// adult, their own latest answer.
    pub counted: bool,
}

/// One pupil's decision for one channel, with its explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PupilDecision {
    /// The pupil id.
    pub pupil: String,
    /// The channel asked about.
    pub channel: Channel,
    /// The resulting state.
    pub state: ConsentState,
    /// Whether the pupil may appear on the channel.
    pub permitted: bool,
    /// The rule that decided: `restriction`, `left_roll`, `not_configured`, `adult_pupil`
    /// (the pupil is 18 or over and their own answer decides), `pupil_refused`,
    /// `most_restrictive`, `withdrawal`, `pupil_agreement_missing`, `current_given`,
    /// `expiry`, `notice_changed`, `given_before_notice` or `deny_by_default`.
    pub rule: String,
    /// Where the rule comes from, for example `DOMAIN.md §3.3 rule 4`.
    pub source: String,
    /// One sentence for people, with ids only.
    pub reason: String,
    /// Every carer answer considered.
    pub answers: Vec<CarerAnswer>,
    /// The pupil's own answers considered (the child's voice), if any.
    pub pupil_voice: Vec<PupilVoiceAnswer>,
    /// What the caller must know about the ledger's log: `consent_export_unsealed` when it
    /// was imported without the school's seal checked ([`ConsentLedger::warnings`]).
    #[serde(default)]
    pub warnings: Vec<ConsentWarning>,
}

/// The answer to "may this image go on this channel at this instant?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ImageDecision {
    /// Whether the image may be published.
    pub allowed: bool,
    /// The channel asked about.
    pub channel: Channel,
    /// The instant asked about.
    pub at: DateTime<Utc>,
    /// Whether full names are shown beside the image.
    pub names_shown: bool,
    /// The pupils who are not permitted, in the order given.
    pub blocked_by: Vec<String>,
    /// One sentence per pupil (and one for the names rule when it denies).
    pub reasons: Vec<String>,
    /// Publishing duties that apply (`no_full_names`, `photographer_supervised`).
    pub obligations: Vec<String>,
    /// The per-pupil decisions.
    pub pupils: Vec<PupilDecision>,
    /// What the caller must know about the ledger's log: `consent_export_unsealed` when it
    /// was imported without the school's seal checked ([`ConsentLedger::warnings`]).
    #[serde(default)]
    pub warnings: Vec<ConsentWarning>,
}

/// Whether leaving the roll takes part in a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Leaving {
    /// It denies every new use (every check).
    Counts,
    /// It is set aside: uses already published follow the school's retention policy, so a
    /// pupil's leaving alone does not put an image on the takedown list.
    SetAside,
}

/// What the ledger knows of one carer's parental responsibility for one pupil at an
/// instant (DOMAIN.md §3.3 rule 10).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParentalResponsibility {
    /// The carer holds it.
    Holds,
    /// The ledger records that the carer does not hold it.
    DoesNotHold,
    /// Nothing recorded says, and the carer's relationship does not carry it by default
    /// (the relationship given).
    Unknown(Relationship),
}

/// A carer's folded answer for one channel before the instant's checks.
#[derive(Debug, Clone)]
enum Folded {
    Given {
        since: DateTime<Utc>,
        notice_version: Option<String>,
    },
    Negative,
    Expired,
    Invalidated,
}

/// What an explanation says about one carer's answer beyond the answer itself.
#[derive(Debug, Clone, Default)]
struct Notes {
    /// The carer's own earlier "no" on another channel that their yes replaced (rule 3).
    replaced: Option<Replaced>,
    /// Why the answer does not count, when it does not.
    not_counted: Option<NotCounted>,
}

/// Why a carer's answer is listed but does not count.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum NotCounted {
    /// The ledger knows the carer holds no parental responsibility (rule 10).
    NoParentalResponsibility,
    /// Nothing recorded says whether a carer of this relationship holds it (rule 10).
    ParentalResponsibilityUnknown(Relationship),
    /// A yes for one platform, asked about every platform at once (rule 3).
    OnePlatformYes,
    /// A yes naming a notice version the ledger does not know (the label named).
    NoticeUnknown(String),
}

impl NotCounted {
    /// The words after the carers' names in "not counted: carer `x` (...)".
    fn explain(&self) -> String {
        match self {
            NotCounted::NoParentalResponsibility => {
                format!("no parental responsibility; {RULES} rule 10")
            }
            NotCounted::ParentalResponsibilityUnknown(relationship) => format!(
                "parental responsibility not known for a carer recorded as `{relationship}`: record whether they hold it; {RULES} rule 10"
            ),
            NotCounted::OnePlatformYes => {
                format!("a yes for one platform only, not for every platform; {RULES} rule 3")
            }
            NotCounted::NoticeUnknown(version) => format!(
                "a yes naming notice version `{version}`, which is neither the notice in force nor one the school published, so it is not informed consent: ask again under the notice in force; {RULES} rules 8 and 10"
            ),
        }
    }
}

/// "; not counted: carer `a` (why); carer `b`, carer `c` (why)", or nothing.
fn not_counted_note(answers: &[CarerAnswer], notes: &[Notes]) -> String {
    let mut groups: BTreeMap<&NotCounted, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for (answer, note) in answers.iter().zip(notes) {
        if let Some(why) = &note.not_counted {
            groups.entry(why).or_default().insert(answer.carer.as_str());
        }
    }
    groups
        .into_iter()
        .map(|(why, carers)| format!("; not counted: {} ({})", carer_list(&carers), why.explain()))
        .collect()
}

/// A move on or off the roll, in the order replayed at one instant (a leaving first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RollMove {
    Leave(NaiveDate),
    Rejoin(NaiveDate),
}

/// A change to a pupil's restrictions, in the order replayed at one instant (lifts first,
/// those naming no reason before the others).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum RestrictionChange {
    Lift(Option<RestrictionReason>),
    Restrict(RestrictionReason),
}

/// A spell off the school roll.
#[derive(Debug, Clone, Copy)]
struct Spell {
    /// The leaving date.
    left: NaiveDate,
    /// 00:00 Europe/London on it.
    left_at: DateTime<Utc>,
    /// The rejoining date that ended it, if it ended.
    rejoined: Option<NaiveDate>,
}

/// An earlier answer of a carer on another channel that their later yes replaced (rule 3).
#[derive(Debug, Clone)]
struct Replaced {
    channel: Channel,
    event_state: EventState,
    event_time: DateTime<Utc>,
}

const RULES: &str = "Consent";

/// The age at which parental responsibility ends and a pupil decides for themselves.
pub(crate) const ADULT_AGE: u8 = 18;

/// Where the adult pupil's rule comes from.
const ADULT_SOURCE: &str = "Consent adult pupil";

/// Where the child's-voice rule comes from.
const PUPIL_VOICE_SOURCE: &str = "UK GDPR Art 8; Consent rule 9";

/// Where lapsing on leaving the roll comes from.
const LEFT_ROLL_SOURCE: &str = "Consent rule 8";

/// Where re-asking an answer given before any notice comes from.
const NO_NOTICE_SOURCE: &str = "UK GDPR Art 7; ICO consent records; Consent rule 1";

impl ConsentLedger {
    /// One pupil's consent state for a channel at `at` (DOMAIN.md §3.3).
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownChannel`] for an unknown channel id.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::{ConsentLedger, ConsentState, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// let june = parse_instant("2025-06-10T09:00:00Z")?;
    /// ledger.record("p1", "c1", "school_website", "given", june, RecordOptions::default())?;
    /// // Expiry across 1 September: last year's yes lapses at the new school year.
    /// let july = parse_instant("2025-07-01T09:00:00Z")?;
    /// let october = parse_instant("2025-10-01T09:00:00Z")?;
    /// assert_eq!(ledger.state("p1", "school_website", july)?, ConsentState::Given);
    /// assert_eq!(ledger.state("p1", "school_website", october)?, ConsentState::Expired);
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn state(
        &self,
        pupil: &str,
        channel: &str,
        at: DateTime<Utc>,
    ) -> Result<ConsentState, ConsentError> {
        Ok(self.explain(pupil, channel, at)?.state)
    }

    /// One pupil's decision for a channel at `at`, with the rule, source and every carer
    /// answer considered.
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownChannel`] for an unknown channel id.
    pub fn explain(
        &self,
        pupil: &str,
        channel: &str,
        at: DateTime<Utc>,
    ) -> Result<PupilDecision, ConsentError> {
        super::ledger::check_id(pupil, "pupil")?;
        let channel = Channel::parse(channel)?;
        Ok(self.decide(pupil, channel, at))
    }

    /// Decides whether an image showing `pupils` may go on `channel` at `at`.
    ///
    /// Allowed only when every identifiable pupil is permitted (rule 5) and, on the website
    /// and social media, no full names are shown (rule 6). Duplicate pupil ids count once.
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownChannel`]; [`ConsentError::EmptyGroup`] when `pupils` is empty.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// let sept = parse_instant("2025-09-05T08:30:00Z")?;
    /// for pupil in ["p1", "p2", "p3"] {
    ///     ledger.record(pupil, "carer", "school_website", "given", sept, RecordOptions::default())?;
    /// }
    /// ledger.restrict("p3", "adopted", sept)?;
    /// let now = parse_instant("2026-03-01T10:00:00Z")?;
    /// let group = ledger.check_image(&["p1", "p2", "p3"], "school_website", now, false)?;
    /// assert!(!group.allowed);
    /// assert_eq!(group.blocked_by, ["p3"]);
    ///
    /// let named = ledger.check_image(&["p1"], "school_website", now, true)?;
    /// assert!(!named.allowed); // full names beside the image
    /// assert!(named.blocked_by.is_empty());
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn check_image<S: AsRef<str>>(
        &self,
        pupils: &[S],
        channel: &str,
        at: DateTime<Utc>,
        names_shown: bool,
    ) -> Result<ImageDecision, ConsentError> {
        let channel = Channel::parse(channel)?;
        self.check_image_on(pupils, channel, at, names_shown, Leaving::Counts)
    }

    /// [`check_image`](Self::check_image) on a parsed channel; `leaving` says whether
    /// leaving the roll denies (new uses) or is set aside (uses already published, which
    /// follow the school's retention policy).
    pub(crate) fn check_image_on<S: AsRef<str>>(
        &self,
        pupils: &[S],
        channel: Channel,
        at: DateTime<Utc>,
        names_shown: bool,
        leaving: Leaving,
    ) -> Result<ImageDecision, ConsentError> {
        if pupils.is_empty() {
            return Err(ConsentError::EmptyGroup);
        }
        for pupil in pupils {
            super::ledger::check_id(pupil.as_ref(), "pupil")?;
        }
        let mut seen = std::collections::BTreeSet::new();
        let decisions: Vec<PupilDecision> = pupils
            .iter()
            .map(AsRef::as_ref)
            .filter(|p| seen.insert(*p))
            .map(|p| self.decide_with(p, channel, at, leaving))
            .collect();
        let blocked_by: Vec<String> = decisions
            .iter()
            .filter(|d| !d.permitted)
            .map(|d| d.pupil.clone())
            .collect();
        let mut reasons: Vec<String> = decisions.iter().map(|d| d.reason.clone()).collect();
        let names_denied = names_shown && channel.forbids_full_names();
        if names_denied {
            reasons.push(format!(
                "full names must not appear beside images on `{channel}` ({RULES} rule 6)"
            ));
        }
        Ok(ImageDecision {
            allowed: blocked_by.is_empty() && !names_denied,
            channel,
            at,
            names_shown,
            blocked_by,
            reasons,
            obligations: Obligation::for_channel(channel)
                .into_iter()
                .map(|o| o.as_str().to_owned())
                .collect(),
            pupils: decisions,
            warnings: self.warnings(),
        })
    }

    /// The core decision for one pupil and channel.
    pub(crate) fn decide(&self, pupil: &str, channel: Channel, at: DateTime<Utc>) -> PupilDecision {
        self.decide_with(pupil, channel, at, Leaving::Counts)
    }

    fn decide_with(
        &self,
        pupil: &str,
        channel: Channel,
        at: DateTime<Utc>,
        leaving: Leaving,
    ) -> PupilDecision {
        let sourced =
            |state: ConsentState, rule: &str, source: String, reason: String| PupilDecision {
                pupil: pupil.to_owned(),
                channel,
                state,
                permitted: state.permits(),
                rule: rule.to_owned(),
                source,
                reason: format!("pupil `{pupil}`: {reason}"),
                answers: Vec::new(),
                pupil_voice: Vec::new(),
                warnings: self.warnings(),
            };
        let decision = |state: ConsentState, rule: &str, rule_no: u8, reason: String| {
            sourced(state, rule, format!("{RULES} rule {rule_no}"), reason)
        };

        // Rule 4: a safeguarding restriction beats any consent.
        if let Some((reasons, since)) = self.restriction_at(pupil, at) {
            let reasons: Vec<String> = reasons.iter().map(|r| format!("`{r}`")).collect();
            return decision(
                ConsentState::Restricted,
                "restriction",
                4,
                format!(
                    "a safeguarding restriction ({}) since {} denies every channel ({RULES} rule 4)",
                    reasons.join(", "),
                    format_instant(since)
                ),
            );
        }
        // A pupil who left the roll: every use lapses from the leaving date.
        if leaving == Leaving::Counts
            && let Some(left) = self.left_roll_at(pupil, at)
        {
            return sourced(
                ConsentState::LeftRoll,
                "left_roll",
                LEFT_ROLL_SOURCE.to_owned(),
                format!(
                    "left the school roll on {left}; consent lapsed from 00:00 Europe/London that day and no new use is permitted"
                ),
            );
        }
        if !self.config().asks_about(channel) {
            return decision(
                ConsentState::NotAsked,
                "not_configured",
                1,
                format!(
                    "the school does not ask about `{channel}`: denied by default ({RULES} rule 1)"
                ),
            );
        }

        let noted = self.carer_answers_noted(pupil, channel, at);
        let voice = self.pupil_voice(pupil, channel, at);
        // From 18 the pupil decides for themselves: carers' answers no longer count.
        if let Some(since) = self.adult_since(pupil, at) {
            let answers = noted.into_iter().map(|(answer, _)| answer).collect();
            return self.decide_adult(pupil, channel, at, since, answers, voice);
        }
        let (answers, notes): (Vec<CarerAnswer>, Vec<Notes>) = noted.into_iter().unzip();
        let counted: Vec<&CarerAnswer> = answers.iter().filter(|a| a.counted).collect();
        let first = |state: ConsentState| counted.iter().find(|a| a.state == state).copied();
        // A carer's yes that replaced their own earlier "no" on another channel says so.
        let replaced_note = |a: &CarerAnswer| {
            answers
                .iter()
                .zip(&notes)
                .find(|(b, _)| b.carer == a.carer && b.channel == a.channel)
                .and_then(|(_, n)| n.replaced.as_ref())
                // Nothing replaced: the reason has nothing to add.
                .map_or_else(String::new, |r| {
                    let what = if r.event_state == EventState::Refused {
                        "refusal"
                    } else {
                        "withdrawal"
                    };
                    format!(
                        "; this replaced their own earlier {what} of `{}` at {}, as a carer's own later answer replaces their earlier one ({RULES} rule 3)",
                        r.channel,
                        format_instant(r.event_time)
                    )
                })
        };
        let ignored_note = not_counted_note(&answers, &notes);

        let objection = voice.iter().find(|v| v.counted);
        let young_objection = voice.iter().find(|v| {
            !v.old_enough && matches!(v.event_state, EventState::Refused | EventState::Withdrawn)
        });

        let mut out = if let Some(v) = objection {
            let (state, verb) = if v.event_state == EventState::Withdrawn {
                (ConsentState::Withdrawn, "withdrew")
            } else {
                (ConsentState::Refused, "refused")
            };
            sourced(
                state,
                "pupil_refused",
                PUPIL_VOICE_SOURCE.to_owned(),
                format!(
                    "the pupil, old enough to be asked, {verb} `{}` at {}; the child's own refusal wins over any carer's consent",
                    v.channel,
                    format_instant(v.event_time)
                ),
            )
        } else if let Some(a) = first(ConsentState::Refused) {
            decision(
                ConsentState::Refused,
                "most_restrictive",
                3,
                format!(
                    "carer `{}` refused `{}` at {}; the most restrictive answer wins ({RULES} rule 3)",
                    a.carer,
                    a.channel,
                    format_instant(a.event_time)
                ),
            )
        } else if let Some(a) = first(ConsentState::Withdrawn) {
            decision(
                ConsentState::Withdrawn,
                "withdrawal",
                7,
                format!(
                    "carer `{}` withdrew `{}` at {}, which applies from that instant ({RULES} rules 3 and 7)",
                    a.carer,
                    a.channel,
                    format_instant(a.event_time)
                ),
            )
        } else if let Some(a) = first(ConsentState::Given)
            && self.config().needs_pupil_agreement(channel)
            && !voice.iter().any(|v| {
                matches!(v.event_state, EventState::Given | EventState::Renewed)
                    && !self.lapsed(
                        pupil,
                        v.event_time,
                        self.notice_in_force(v.event_time).as_deref(),
                        at,
                    )
            })
        {
            sourced(
                ConsentState::NotAsked,
                "pupil_agreement_missing",
                PUPIL_VOICE_SOURCE.to_owned(),
                format!(
                    "carer `{}` gave consent for `{}` at {}, but the school uses it only with the pupil's own agreement as well, and none is recorded ({RULES} rule 9){}",
                    a.carer,
                    a.channel,
                    format_instant(a.event_time),
                    replaced_note(a)
                ),
            )
        } else if let Some(a) = first(ConsentState::Given) {
            let until = until_note(a.valid_until);
            decision(
                ConsentState::Given,
                "current_given",
                1,
                format!(
                    "carer `{}` (parental responsibility) gave consent for `{}` at {}{until} ({RULES} rule 1){}",
                    a.carer,
                    a.channel,
                    format_instant(a.event_time),
                    replaced_note(a)
                ),
            )
        } else if let Some(a) = first(ConsentState::Expired) {
            let (rule, mut why) = self.expiry_reason(pupil, a, at);
            why.push_str(&replaced_note(a));
            if rule == "given_before_notice" {
                sourced(
                    ConsentState::Expired,
                    rule,
                    NO_NOTICE_SOURCE.to_owned(),
                    why,
                )
            } else {
                decision(ConsentState::Expired, rule, 8, why)
            }
        } else {
            decision(
                ConsentState::NotAsked,
                "deny_by_default",
                1,
                format!(
                    "no current answer for `{channel}` from a person with parental responsibility: denied by default ({RULES} rule 1)"
                ),
            )
        };
        out.reason.push_str(&ignored_note);
        if objection.is_none()
            && let Some(v) = young_objection
        {
            out.reason.push_str(&format!(
                "; the pupil objected to `{}` at {} but is not old enough to be asked under the school's rule, so the carers' answers decide (take the objection into account)",
                v.channel,
                format_instant(v.event_time)
            ));
        }
        out.answers = answers;
        out.pupil_voice = voice;
        out
    }

    /// The leaving date of `pupil`'s current spell off the roll at `at`, if they are off it.
    fn left_roll_at(&self, pupil: &str, at: DateTime<Utc>) -> Option<NaiveDate> {
        self.roll_spells(pupil, at)
            .last()
            .filter(|spell| spell.rejoined.is_none())
            .map(|spell| spell.left)
    }

    /// The spell off the roll that ended, by `at`, after a yes given at `given`: the yes
    /// lapsed when the pupil left (rule 8), and rejoining does not bring it back.
    fn left_since(&self, pupil: &str, given: DateTime<Utc>, at: DateTime<Utc>) -> Option<Spell> {
        self.roll_spells(pupil, at)
            .into_iter()
            .rev()
            .find(|spell| spell.rejoined.is_some() && spell.left_at > given)
    }

    /// `pupil`'s spells off the roll by `at`, in time order.
    ///
    /// Leavings and rejoinings are replayed in time order (at one instant the leaving
    /// first): a leaving while on the roll opens a spell, a rejoining ends it, and a
    /// rejoining at the very instant of the leaving that opened it cancels that leaving (a
    /// date recorded by mistake). A second leaving while off the roll changes nothing.
    fn roll_spells(&self, pupil: &str, at: DateTime<Utc>) -> Vec<Spell> {
        let mut moves: Vec<(DateTime<Utc>, RollMove)> = self
            .pupil_events(pupil)
            .filter_map(|e| match e {
                LedgerEvent::LeftRoll(l) if l.event_time <= at => {
                    Some((l.event_time, RollMove::Leave(l.leaving_date)))
                }
                LedgerEvent::RejoinedRoll(r) if r.event_time <= at => {
                    Some((r.event_time, RollMove::Rejoin(r.rejoining_date)))
                }
                _ => None,
            })
            .collect();
        moves.sort();
        let mut spells: Vec<Spell> = Vec::new();
        for (time, step) in moves {
            let open = spells.last().filter(|s| s.rejoined.is_none());
            match (step, open) {
                (RollMove::Leave(date), None) => spells.push(Spell {
                    left: date,
                    left_at: time,
                    rejoined: None,
                }),
                // Already off the roll: the first leaving stands.
                (RollMove::Leave(_), Some(_)) => {}
                (RollMove::Rejoin(_), Some(spell)) if spell.left_at == time => {
                    spells.pop();
                }
                (RollMove::Rejoin(date), Some(_)) => {
                    if let Some(spell) = spells.last_mut() {
                        spell.rejoined = Some(date);
                    }
                }
                // On the roll already: nothing to end.
                (RollMove::Rejoin(_), None) => {}
            }
        }
        spells
    }

    /// The pupil's own latest answer per recorded channel bearing on `channel` at `at`.
    fn pupil_voice(
        &self,
        pupil: &str,
        channel: Channel,
        at: DateTime<Utc>,
    ) -> Vec<PupilVoiceAnswer> {
        let mut latest: BTreeMap<Channel, &PupilVoiceEvent> = BTreeMap::new();
        for event in self.pupil_events(pupil) {
            if let LedgerEvent::PupilVoice(e) = event
                && e.event_time <= at
                && channel.answer_scope(e.purpose).is_some()
            {
                let key = |v: &PupilVoiceEvent| (v.event_time, v.event_state.tie_rank());
                let slot = latest.entry(e.purpose).or_insert(e);
                if key(e) >= key(slot) {
                    *slot = e;
                }
            }
        }
        latest
            .into_iter()
            .map(|(recorded, e)| {
                let old_enough = self.old_enough(e).unwrap_or(false);
                let negative = matches!(e.event_state, EventState::Refused | EventState::Withdrawn);
                PupilVoiceAnswer {
                    channel: recorded,
                    event_state: e.event_state,
                    event_time: e.event_time,
                    age: e.age,
                    old_enough,
                    counted: old_enough && negative,
                }
            })
            .collect()
    }

    /// When `pupil` became an adult for this ledger, if they had by `at`: the earliest of
    /// their own answers recorded with an age of 18 or more. From then on their own answers
    /// decide and carers' answers no longer count.
    pub(crate) fn adult_since(&self, pupil: &str, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.pupil_events(pupil)
            .filter_map(|e| match e {
                LedgerEvent::PupilVoice(v)
                    if v.event_time <= at && v.age.is_some_and(|a| a >= ADULT_AGE) =>
                {
                    Some(v.event_time)
                }
                _ => None,
            })
            .min()
    }

    /// The pupil's own answer that decides `channel` at `at`: their latest answer on the
    /// channel itself or on the channel it belongs to (their own later answer replaces their
    /// earlier one); asked about every platform at once, a later "no" for one platform
    /// blocks it. Ties are ordered most protective last.
    fn own_answer(
        &self,
        pupil: &str,
        channel: Channel,
        at: DateTime<Utc>,
    ) -> Option<&PupilVoiceEvent> {
        let key = |v: &PupilVoiceEvent| (v.event_time, v.event_state.tie_rank(), v.purpose);
        let negative = |v: &PupilVoiceEvent| {
            matches!(v.event_state, EventState::Refused | EventState::Withdrawn)
        };
        let mut full: Option<&PupilVoiceEvent> = None;
        let mut platforms: BTreeMap<Channel, &PupilVoiceEvent> = BTreeMap::new();
        for event in self.pupil_events(pupil) {
            if let LedgerEvent::PupilVoice(e) = event
                && e.event_time <= at
            {
                match channel.answer_scope(e.purpose) {
                    Some(AnswerScope::Full) if full.is_none_or(|f| key(e) >= key(f)) => {
                        full = Some(e);
                    }
                    Some(AnswerScope::Full) => {}
                    Some(AnswerScope::NegativeOnly) => {
                        let slot = platforms.entry(e.purpose).or_insert(e);
                        if key(e) >= key(slot) {
                            *slot = e;
                        }
                    }
                    None => {}
                }
            }
        }
        if full.is_some_and(negative) {
            return full;
        }
        platforms
            .into_values()
            .find(|p| negative(p) && full.is_none_or(|f| key(p) > key(f)))
            .or(full)
    }

    /// The decision for a pupil who is an adult for this ledger (since `since`): their own
    /// latest answer decides, under the same expiry and notice rules as a carer's yes, and
    /// carers' answers are listed but not counted.
    fn decide_adult(
        &self,
        pupil: &str,
        channel: Channel,
        at: DateTime<Utc>,
        since: DateTime<Utc>,
        mut answers: Vec<CarerAnswer>,
        mut voice: Vec<PupilVoiceAnswer>,
    ) -> PupilDecision {
        let adult = format_instant(since);
        let own = self.own_answer(pupil, channel, at);
        let mut source = ADULT_SOURCE.to_owned();
        let mut counts = false;
        let (state, main) = match own {
            None => (
                ConsentState::NotAsked,
                format!(
                    "the pupil, an adult since {adult}, has not answered for `{channel}` themselves: denied by default"
                ),
            ),
            Some(e) if matches!(e.event_state, EventState::Refused | EventState::Withdrawn) => {
                counts = true;
                let (state, verb) = if e.event_state == EventState::Withdrawn {
                    (ConsentState::Withdrawn, "withdrew")
                } else {
                    (ConsentState::Refused, "refused")
                };
                (
                    state,
                    format!(
                        "the pupil, an adult since {adult}, {verb} `{}` at {}",
                        e.purpose,
                        format_instant(e.event_time)
                    ),
                )
            }
            Some(e) if e.event_time < since => (
                ConsentState::NotAsked,
                format!(
                    "the pupil said yes to `{}` at {}, before they were an adult, when a pupil's yes does not permit a use by itself; as an adult since {adult} they must answer again: denied by default",
                    e.purpose,
                    format_instant(e.event_time)
                ),
            ),
            Some(e) if e.old_enough == Some(false) => (
                ConsentState::NotAsked,
                format!(
                    "the school recorded with the pupil's yes to `{}` at {} that they are not able to decide for themselves, and no carer can consent for an adult: denied",
                    e.purpose,
                    format_instant(e.event_time)
                ),
            ),
            Some(e) => {
                counts = true;
                let version = self.notice_in_force(e.event_time);
                if self.lapsed(pupil, e.event_time, version.as_deref(), at) {
                    let (rule, why) = self.lapse_reason(
                        pupil,
                        "the pupil",
                        e.event_state,
                        e.event_time,
                        version.as_deref(),
                        at,
                    );
                    let lapse_source = if rule == "given_before_notice" {
                        NO_NOTICE_SOURCE.to_owned()
                    } else {
                        format!("{RULES} rule 8")
                    };
                    source = format!("{ADULT_SOURCE}; {lapse_source}");
                    (
                        ConsentState::Expired,
                        format!(
                            "{why}; as an adult since {adult} only the pupil's own new answer can renew it"
                        ),
                    )
                } else {
                    let until = until_note(self.config().expiry.lapses_at(e.event_time));
                    (
                        ConsentState::Given,
                        format!(
                            "the pupil, an adult since {adult}, gave consent for `{}` at {}{until}",
                            e.purpose,
                            format_instant(e.event_time)
                        ),
                    )
                }
            }
        };
        for v in &mut voice {
            v.counted = counts
                && own.is_some_and(|e| {
                    e.purpose == v.channel
                        && e.event_time == v.event_time
                        && e.event_state == v.event_state
                });
        }
        for a in &mut answers {
            a.counted = false;
        }
        let carers: std::collections::BTreeSet<&str> =
            answers.iter().map(|a| a.carer.as_str()).collect();
        let not_counted = if carers.is_empty() {
            String::new()
        } else {
            format!(
                "; not counted: {} (parental responsibility ends at 18)",
                carer_list(&carers)
            )
        };
        PupilDecision {
            pupil: pupil.to_owned(),
            channel,
            state,
            permitted: state.permits(),
            rule: "adult_pupil".to_owned(),
            source,
            reason: format!(
                "pupil `{pupil}`: {main}; from 18 a pupil's own answer decides and no carer's answer counts ({ADULT_SOURCE}){not_counted}"
            ),
            answers,
            pupil_voice: voice,
            warnings: self.warnings(),
        }
    }

    /// The safeguarding restrictions in force for `pupil` at `at`, if any: their reasons
    /// (in declaration order) and when the unbroken restricted spell that includes `at`
    /// began.
    fn restriction_at(
        &self,
        pupil: &str,
        at: DateTime<Utc>,
    ) -> Option<(Vec<RestrictionReason>, DateTime<Utc>)> {
        let (in_force, since) = self.restriction_sweep(pupil, at);
        Some((in_force.into_keys().collect(), since?))
    }

    /// The reasons of the safeguarding restrictions in force for `pupil` at `at`, each with
    /// when it was placed.
    pub(crate) fn restrictions_in_force(
        &self,
        pupil: &str,
        at: DateTime<Utc>,
    ) -> BTreeMap<RestrictionReason, DateTime<Utc>> {
        self.restriction_sweep(pupil, at).0
    }

    /// Replays `pupil`'s restrictions and lifts up to `at` in time order: the reasons in
    /// force, and when the current restricted spell began (`None` when none is in force).
    ///
    /// At one instant lifts come first, so a restriction and a lift at the same instant
    /// leave the pupil restricted; a lift naming a reason ends that reason only; a lift
    /// naming none ends the one reason in force, and lifts nothing when several are (it
    /// cannot tell which was meant).
    fn restriction_sweep(
        &self,
        pupil: &str,
        at: DateTime<Utc>,
    ) -> (
        BTreeMap<RestrictionReason, DateTime<Utc>>,
        Option<DateTime<Utc>>,
    ) {
        // At one instant lifts come first, those naming no reason before the others.
        let mut changes: Vec<(DateTime<Utc>, RestrictionChange)> = self
            .pupil_events(pupil)
            .filter_map(|e| match e {
                LedgerEvent::Restriction(r) if r.event_time <= at => {
                    Some((r.event_time, RestrictionChange::Restrict(r.reason)))
                }
                LedgerEvent::RestrictionLifted(l) if l.event_time <= at => {
                    Some((l.event_time, RestrictionChange::Lift(l.reason)))
                }
                _ => None,
            })
            .collect();
        changes.sort();
        let mut in_force: BTreeMap<RestrictionReason, DateTime<Utc>> = BTreeMap::new();
        let mut since = None;
        for (time, change) in changes {
            match change {
                RestrictionChange::Restrict(reason) => {
                    in_force.entry(reason).or_insert(time);
                }
                RestrictionChange::Lift(Some(reason)) => {
                    in_force.remove(&reason);
                }
                RestrictionChange::Lift(None) if in_force.len() == 1 => in_force.clear(),
                // A lift naming no reason that meets several lifts none of them.
                RestrictionChange::Lift(None) => {}
            }
            since = match (in_force.is_empty(), since) {
                (true, _) => None,
                (false, None) => Some(time),
                (false, started) => started,
            };
        }
        (in_force, since)
    }

    /// Every carer's answer bearing on `channel` at `at`: one per carer, their latest answer
    /// on the channel itself or on the channel it belongs to (rule 3: a carer's own later
    /// answer replaces their earlier one, across a channel and its platforms); asked about
    /// every platform at once, also a carer's answer for one platform that no later answer
    /// of theirs for every platform replaced. Ordered by carer, then recorded channel.
    pub(crate) fn carer_answers(
        &self,
        pupil: &str,
        channel: Channel,
        at: DateTime<Utc>,
    ) -> Vec<CarerAnswer> {
        self.carer_answers_noted(pupil, channel, at)
            .into_iter()
            .map(|(answer, _)| answer)
            .collect()
    }

    /// [`carer_answers`](Self::carer_answers), each with the earlier answer of the same
    /// carer on another channel that it replaced, if any.
    fn carer_answers_noted(
        &self,
        pupil: &str,
        channel: Channel,
        at: DateTime<Utc>,
    ) -> Vec<(CarerAnswer, Notes)> {
        let mut full: BTreeMap<&str, Vec<&ConsentEvent>> = BTreeMap::new();
        let mut platforms: BTreeMap<(&str, Channel), Vec<&ConsentEvent>> = BTreeMap::new();
        for event in self.pupil_events(pupil) {
            if let LedgerEvent::Consent(e) = event
                && e.event_time <= at
            {
                match channel.answer_scope(e.purpose) {
                    Some(AnswerScope::Full) => {
                        full.entry(e.entity_id.as_str()).or_default().push(e)
                    }
                    Some(AnswerScope::NegativeOnly) => platforms
                        .entry((e.entity_id.as_str(), e.purpose))
                        .or_default()
                        .push(e),
                    None => {}
                }
            }
        }
        let mut answers: Vec<(CarerAnswer, Notes)> = full
            .iter()
            .filter_map(|(carer, events)| {
                self.fold_carer(carer, events.clone(), AnswerScope::Full, at)
            })
            .collect();
        // A post to every platform: the carer's answer for each platform they answered is
        // their latest for that platform or for every platform; it is listed (and a "no"
        // counts) only when it is their platform answer, not one for every platform already
        // listed above.
        for ((carer, platform), mut events) in platforms {
            events.extend(full.get(carer).into_iter().flatten().copied());
            if let Some(noted) = self.fold_carer(carer, events, AnswerScope::NegativeOnly, at)
                && noted.0.channel == platform
            {
                answers.push(noted);
            }
        }
        answers.sort_by(|a, b| (&a.0.carer, a.0.channel).cmp(&(&b.0.carer, b.0.channel)));
        answers
    }

    /// One carer's answer from their events bearing on a question (`scope` says how).
    ///
    /// The carer's own answers (`given`, `renewed`, `refused`, `withdrawn`) on any of the
    /// channels replace each other, the latest deciding (rule 3); ties are ordered most
    /// protective last, so the order of recording never matters. The school's own records
    /// apply to the channel they were recorded for: `invalidated` voids the carer's earlier
    /// events on that channel, and `expired` lapses a yes given on that channel.
    fn fold_carer(
        &self,
        carer: &str,
        mut events: Vec<&ConsentEvent>,
        scope: AnswerScope,
        at: DateTime<Utc>,
    ) -> Option<(CarerAnswer, Notes)> {
        events.sort_by(|a, b| {
            (
                a.event_time,
                a.event_state.tie_rank(),
                &a.notice_version,
                a.purpose,
            )
                .cmp(&(
                    b.event_time,
                    b.event_state.tie_rank(),
                    &b.notice_version,
                    b.purpose,
                ))
        });
        let last = events.len().checked_sub(1)?;
        // An event followed by an invalidation on its own channel no longer counts.
        let void: Vec<bool> = events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                events.get(i + 1..).is_some_and(|later| {
                    later
                        .iter()
                        .any(|l| l.event_state == EventState::Invalidated && l.purpose == e.purpose)
                })
            })
            .collect();
        let live = |i: usize| !void.get(i).copied().unwrap_or(true);
        let mut folded = Folded::Invalidated;
        // With no answer left, the latest invalidation (else the latest event) decides.
        let mut deciding_at = events
            .iter()
            .rposition(|e| e.event_state == EventState::Invalidated)
            .unwrap_or(last);
        let mut answer_channel = None;
        for (i, e) in events.iter().enumerate() {
            if !live(i) {
                continue;
            }
            let version = || {
                e.notice_version
                    .clone()
                    .or_else(|| self.notice_in_force(e.event_time))
            };
            match e.event_state {
                EventState::Given => {
                    folded = Folded::Given {
                        since: e.event_time,
                        notice_version: version(),
                    };
                    deciding_at = i;
                    answer_channel = Some(e.purpose);
                }
                EventState::Renewed => {
                    if matches!(folded, Folded::Given { .. } | Folded::Expired) {
                        folded = Folded::Given {
                            since: e.event_time,
                            notice_version: version(),
                        };
                        deciding_at = i;
                        answer_channel = Some(e.purpose);
                    }
                }
                EventState::Refused | EventState::Withdrawn => {
                    folded = Folded::Negative;
                    deciding_at = i;
                    answer_channel = Some(e.purpose);
                }
                EventState::Expired => {
                    // A refusal never lapses: marking it expired leaves it a refusal; a
                    // yes lapses when the record is for the channel it was given for.
                    if !matches!(folded, Folded::Negative)
                        && answer_channel.is_none_or(|c| c == e.purpose)
                    {
                        folded = Folded::Expired;
                        deciding_at = i;
                    }
                }
                EventState::Invalidated => {}
            }
        }
        let deciding = *events.get(deciding_at)?;
        // Parental responsibility belongs to the person (rule 10): the answer counts only if
        // the carer held it when answering and still holds it at `at`, whatever channel the
        // school recorded it on.
        let pupil = deciding.pii_principal_id.as_str();
        let readings =
            [deciding.event_time, at].map(|t| self.parental_responsibility(pupil, carer, t));
        let pr_missing = readings
            .iter()
            .find(|r| **r == ParentalResponsibility::DoesNotHold)
            .or_else(|| {
                readings
                    .iter()
                    .find(|r| **r != ParentalResponsibility::Holds)
            })
            .map(|r| match r {
                ParentalResponsibility::Unknown(relationship) => {
                    NotCounted::ParentalResponsibilityUnknown(*relationship)
                }
                _ => NotCounted::NoParentalResponsibility,
            });
        let mut given_version = None;
        let (state, valid_until) = match folded {
            Folded::Given {
                since,
                notice_version,
            } => {
                let lapses = self.config().expiry.lapses_at(since);
                let lapsed = self.lapsed(pupil, since, notice_version.as_deref(), at);
                given_version = notice_version;
                if lapsed {
                    (ConsentState::Expired, None)
                } else {
                    (ConsentState::Given, lapses)
                }
            }
            Folded::Negative => (
                if deciding.event_state == EventState::Refused {
                    ConsentState::Refused
                } else {
                    ConsentState::Withdrawn
                },
                None,
            ),
            Folded::Expired => (ConsentState::Expired, None),
            Folded::Invalidated => (ConsentState::NotAsked, None),
        };
        let negative = matches!(state, ConsentState::Refused | ConsentState::Withdrawn);
        let not_counted = if pr_missing.is_some() {
            pr_missing
        } else if let Some(v) = given_version
            .as_deref()
            .filter(|v| !self.notice_known(v, at))
        {
            Some(NotCounted::NoticeUnknown(v.to_owned()))
        } else if scope == AnswerScope::NegativeOnly && !negative {
            Some(NotCounted::OnePlatformYes)
        } else {
            None
        };
        let replaced = replaced_answer(&events, deciding_at, &live);
        Some((
            CarerAnswer {
                carer: carer.to_owned(),
                channel: deciding.purpose,
                state,
                event_state: deciding.event_state,
                event_time: deciding.event_time,
                counted: not_counted.is_none(),
                valid_until,
                notice_version: given_version,
            },
            Notes {
                replaced,
                not_counted,
            },
        ))
    }

    /// What the ledger knows at `at` of `carer`'s parental responsibility for `pupil`.
    ///
    /// Parental responsibility belongs to the person, not to one channel's answer: the
    /// latest statement recorded with any of the carer's answers about the pupil by `at`
    /// decides, on every channel (at one instant, "does not hold" wins). So recording one
    /// answer without it (a court order removed it) stops every answer of theirs counting
    /// from that instant, and a later answer recorded with it (an order granted it) makes
    /// their answers from then count again.
    ///
    /// Where no answer states it, the school's contact record is read as today: a parent,
    /// guardian or the local authority, or a carer whose relationship is not given, holds
    /// it (it is not assumed away from every answer collected without the flag); a
    /// step-parent, relative, foster carer or other relationship holds it only by an order
    /// or agreement the school must record, so it is [`ParentalResponsibility::Unknown`].
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::new();
    /// for channel in ["school_website", "press_media"] {
    ///     ledger.record("kid", "dad", channel, "given", parse_instant("2025-09-05T10:00:00Z")?, RecordOptions::default())?;
    /// }
    /// let no_pr = RecordOptions { parental_responsibility: Some(false), ..RecordOptions::default() };
    /// ledger.record("kid", "dad", "school_website", "invalidated", parse_instant("2025-12-01T10:00:00Z")?, no_pr)?;
    /// assert!(ledger.explain("kid", "press_media", parse_instant("2025-11-30T10:00:00Z")?)?.permitted);
    /// let press = ledger.explain("kid", "press_media", parse_instant("2025-12-02T10:00:00Z")?)?;
    /// assert!(!press.permitted);
    /// assert!(!press.reason.contains("(parental responsibility)"));
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub(crate) fn parental_responsibility(
        &self,
        pupil: &str,
        carer: &str,
        at: DateTime<Utc>,
    ) -> ParentalResponsibility {
        let answers = || {
            self.pupil_events(pupil).filter_map(move |e| match e {
                LedgerEvent::Consent(c) if c.entity_id == carer && c.event_time <= at => Some(c),
                _ => None,
            })
        };
        let statement = answers()
            .filter_map(|c| Some((c.event_time, !c.has_parental_responsibility?)))
            .max();
        let relationship = answers()
            .filter_map(|c| Some((c.event_time, c.relationship?)))
            .max()
            .map(|(_, r)| r);
        match (statement, relationship) {
            (Some((_, true)), _) => ParentalResponsibility::DoesNotHold,
            (Some((_, false)), _) => ParentalResponsibility::Holds,
            (
                None,
                Some(
                    r @ (Relationship::StepParent
                    | Relationship::Relative
                    | Relationship::FosterCarer
                    | Relationship::Other),
                ),
            ) => ParentalResponsibility::Unknown(r),
            (None, _) => ParentalResponsibility::Holds,
        }
    }

    /// Explains why a carer's yes counts as expired.
    fn expiry_reason(
        &self,
        pupil: &str,
        answer: &CarerAnswer,
        at: DateTime<Utc>,
    ) -> (&'static str, String) {
        self.lapse_reason(
            pupil,
            &format!("carer `{}`", answer.carer),
            answer.event_state,
            answer.event_time,
            answer.notice_version.as_deref(),
            at,
        )
    }

    /// Explains why a yes from `who` (a carer, or an adult pupil) about `pupil`, given or
    /// recorded at `given_at` under `notice_version`, counts as expired at `at`: the rule id
    /// and a sentence.
    fn lapse_reason(
        &self,
        pupil: &str,
        who: &str,
        event_state: EventState,
        given_at: DateTime<Utc>,
        notice_version: Option<&str>,
        at: DateTime<Utc>,
    ) -> (&'static str, String) {
        let given = format_instant(given_at);
        if event_state == EventState::Expired {
            return (
                "expiry",
                format!("the consent of {who} was recorded as expired at {given} ({RULES} rule 8)"),
            );
        }
        if let Some(spell) = self.left_since(pupil, given_at, at) {
            let rejoined = spell
                .rejoined
                .map_or_else(String::new, |r| format!("; they rejoined it on {r}"));
            return (
                "expiry",
                format!(
                    "consent from {who} given at {given} lapsed when the pupil left the roll on {}{rejoined}, so only an answer given since counts ({RULES} rule 8)",
                    spell.left
                ),
            );
        }
        if let Some(lapse) = self
            .config()
            .expiry
            .lapses_at(given_at)
            .filter(|l| *l <= at)
        {
            return (
                "expiry",
                format!(
                    "consent from {who} given at {given} lapsed at {}, the start of a new school year, and was not renewed ({RULES} rule 8)",
                    format_instant(lapse)
                ),
            );
        }
        if notice_version.is_none()
            && let Some((v, t)) = self.notice_superseded(None, at)
        {
            return (
                "given_before_notice",
                format!(
                    "consent from {who} given at {given} was given before any image notice was in force; notice version `{v}` came into force at {}, so it must be asked again",
                    format_instant(t)
                ),
            );
        }
        let superseding = self
            .notice_superseded(notice_version, at)
            .map(|(v, t)| format!("notice version `{v}` in force since {}", format_instant(t)))
            .unwrap_or_else(|| "a substantive notice change".to_owned());
        (
            "notice_changed",
            format!(
                "consent from {who} given at {given} was for an earlier notice, changed in substance by {superseding}; it must be asked again ({RULES} rule 8)"
            ),
        )
    }

    /// The baseline notice version: the configured one, or else the first version
    /// published. It is never a change.
    fn baseline_notice(&self) -> Option<&str> {
        match &self.config().notice {
            Some(n) => Some(n.version.as_str()),
            None => self
                .notice_versions()
                .iter()
                .min_by(|a, b| (a.1.first_seen, a.0).cmp(&(b.1.first_seen, b.0)))
                .map(|(v, _)| v.as_str()),
        }
    }

    /// Whether a yes about `pupil` given at `given` under notice `version` has lapsed by
    /// `at`: at the school's expiry (1 September by default), when a substantive notice
    /// change supersedes that notice, or when the pupil left the roll after it (and has
    /// rejoined since; while off the roll, leaving decides on its own). A carer's yes and a pupil's own agreement lapse alike.
    fn lapsed(
        &self,
        pupil: &str,
        given: DateTime<Utc>,
        version: Option<&str>,
        at: DateTime<Utc>,
    ) -> bool {
        self.config()
            .expiry
            .lapses_at(given)
            .is_some_and(|l| l <= at)
            || self.notice_superseded(version, at).is_some()
            || self.left_since(pupil, given, at).is_some()
    }

    /// The notice version in force at `at`: the latest version published by then, else the
    /// configured notice; `None` when no notice was in force yet (an answer then is
    /// attributed to no notice, never to one published later). A label named only on an
    /// answer is never in force.
    pub(crate) fn notice_in_force(&self, at: DateTime<Utc>) -> Option<String> {
        let configured = self.config().notice.as_ref().map(|n| n.version.as_str());
        self.notice_versions()
            .iter()
            .filter(|(v, seen)| Some(v.as_str()) != configured && seen.first_seen <= at)
            .max_by(|a, b| (a.1.first_seen, a.0).cmp(&(b.1.first_seen, b.0)))
            .map(|(v, _)| v.clone())
            .or_else(|| configured.map(str::to_owned))
    }

    /// Whether the ledger knows notice `version` at `at`: it is the configured notice or was
    /// published by then.
    ///
    /// An answer naming any other label is kept as said, but a yes under it is not informed
    /// consent: it is listed in the decision, not counted, with the label it named.
    /// Refusing such an answer instead would also refuse a carer's "no" (which must always
    /// count), and would refuse to re-import a ledger whose answers were recorded before the
    /// school recorded the notice's publication; counting the yes as not informed keeps the
    /// record true and the answer no.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::with_config_json(
    ///     r#"{"notice": {"id": "image-consent", "version": "2025-v1"}}"#,
    /// )?;
    /// let named = |v: &str| RecordOptions { notice_version: Some(v.into()), ..RecordOptions::default() };
    /// ledger.record("ann", "mum", "school_website", "given", parse_instant("2025-09-10T10:00:00Z")?, named("2025-v1"))?;
    /// // A late paper form printed from last year's notice, never published in this ledger.
    /// ledger.record("cat", "dad", "school_website", "given", parse_instant("2025-10-01T10:00:00Z")?, named("2024-v1"))?;
    /// let now = parse_instant("2025-10-02T10:00:00Z")?;
    /// assert_eq!(ledger.state("ann", "school_website", now)?.as_str(), "given");
    /// let cat = ledger.explain("cat", "school_website", now)?;
    /// assert!(!cat.permitted);
    /// assert!(!cat.answers[0].counted);
    /// assert!(cat.reason.contains("`2024-v1`"));
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub(crate) fn notice_known(&self, version: &str, at: DateTime<Utc>) -> bool {
        self.config()
            .notice
            .as_ref()
            .is_some_and(|n| n.version == version)
            || self
                .notice_versions()
                .get(version)
                .is_some_and(|seen| seen.first_seen <= at)
    }

    /// The change of substance that makes a yes given under `version` lapse by `at`, if
    /// any: the latest substantive notice version in force at `at`, unless `version` came
    /// into force at or after it.
    ///
    /// A version is known from [`ConsentLedger::publish_notice`] (or the configuration); a
    /// label named only on answers is never a change.
    /// A yes given under no notice (`version` is `None`) lapses when the first notice version
    /// comes into force, substantive or not: the carer was told nothing.
    fn notice_superseded(
        &self,
        version: Option<&str>,
        at: DateTime<Utc>,
    ) -> Option<(String, DateTime<Utc>)> {
        if !self.config().reconfirm_on_notice_change {
            return None;
        }
        let versions = self.notice_versions();
        if version.is_none() && self.config().notice.is_none() {
            return versions
                .iter()
                .filter(|(_, seen)| seen.first_seen <= at)
                .min_by(|a, b| (a.1.first_seen, a.0).cmp(&(b.1.first_seen, b.0)))
                .map(|(v, seen)| (v.clone(), seen.first_seen));
        }
        let baseline = self.baseline_notice();
        let (latest, latest_seen) = versions
            .iter()
            .filter(|(v, seen)| {
                Some(v.as_str()) != baseline && seen.substantive && seen.first_seen <= at
            })
            .max_by(|a, b| (a.1.first_seen, a.0).cmp(&(b.1.first_seen, b.0)))?;
        let current = version.is_some_and(|v| {
            Some(v) != baseline
                && versions
                    .get(v)
                    .is_some_and(|seen| seen.first_seen >= latest_seen.first_seen)
        });
        if current {
            None
        } else {
            Some((latest.clone(), latest_seen.first_seen))
        }
    }
}

/// The carer's own earlier "no" on another channel that the deciding yes (at
/// `deciding_at` of `events`, time-ordered) replaced, if any (rule 3).
fn replaced_answer(
    events: &[&ConsentEvent],
    deciding_at: usize,
    live: &dyn Fn(usize) -> bool,
) -> Option<Replaced> {
    let deciding = events.get(deciding_at)?;
    if !matches!(
        deciding.event_state,
        EventState::Given | EventState::Renewed
    ) {
        return None;
    }
    (0..deciding_at)
        .rev()
        .filter(|i| live(*i))
        .filter_map(|i| events.get(i))
        .find(|e| is_answer(e) && e.purpose != deciding.purpose)
        .filter(|e| matches!(e.event_state, EventState::Refused | EventState::Withdrawn))
        .map(|e| Replaced {
            channel: e.purpose,
            event_state: e.event_state,
            event_time: e.event_time,
        })
}

/// Whether an event is the carer's own answer (`given`, `renewed`, `refused`,
/// `withdrawn`), as opposed to a school record about it (`expired`, `invalidated`).
fn is_answer(e: &ConsentEvent) -> bool {
    matches!(
        e.event_state,
        EventState::Given | EventState::Renewed | EventState::Refused | EventState::Withdrawn
    )
}

/// How a reason says when a yes lapses: `, valid until <instant>`, or nothing under an
/// expiry rule that sets no date (`never`): the decision is the same either way, only the
/// reason has no date to give.
fn until_note(lapses: Option<DateTime<Utc>>) -> String {
    match lapses {
        Some(u) => format!(", valid until {}", format_instant(u)),
        None => String::new(),
    }
}

/// Carers named in a reason: "carer `dad`, carer `mum`".
fn carer_list(carers: &std::collections::BTreeSet<&str>) -> String {
    carers
        .iter()
        .map(|c| format!("carer `{c}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
