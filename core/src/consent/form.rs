//! The consent form a carer sees (the `<esafety-consent>` widget, a parent app): for each
//! channel the school asks about, where things stand and what each choice would record.
//! Every rule lives here, so a form only renders and passes the chosen `yes`/`no` back.

use super::channel::AnswerScope;
use super::{
    Channel, ConsentError, ConsentLedger, ConsentState, EventState, RecordOptions, format_instant,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The form status while a safeguarding restriction is in force: neutral, because the carer
/// may be the person the restriction protects the child from.
pub const NOT_AVAILABLE: &str = "not_available";

crate::ids::closed_ids! {
    /// The pupil's state as a carer's form shows it: the [`ConsentState`], except that a
    /// safeguarding restriction reads `not_available`, as the form's `status` does (never
    /// named to a carer, who may be the person it protects the child from).
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    FormState {
        /// A current yes counts.
        Given = "given",
        /// A person with parental responsibility (or the pupil) said no.
        Refused = "refused",
        /// A yes was taken back.
        Withdrawn = "withdrawn",
        /// The only yes lapsed.
        Expired = "expired",
        /// The pupil left the school roll.
        LeftRoll = "left_roll",
        /// No counting answer.
        NotAsked = "not_asked",
        /// Images of the pupil are not used at present; the school can explain.
        NotAvailable = "not_available",
    }
}

impl From<ConsentState> for FormState {
    fn from(state: ConsentState) -> FormState {
        match state {
            ConsentState::Given => FormState::Given,
            ConsentState::Refused => FormState::Refused,
            ConsentState::Withdrawn => FormState::Withdrawn,
            ConsentState::Expired => FormState::Expired,
            ConsentState::LeftRoll => FormState::LeftRoll,
            ConsentState::NotAsked => FormState::NotAsked,
            ConsentState::Restricted => FormState::NotAvailable,
        }
    }
}

/// One channel of a [`ConsentForm`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FormChannel {
    /// The channel.
    pub channel: Channel,
    /// The pupil's decision for the channel (all carers, the pupil's own voice, restrictions),
    /// with a safeguarding restriction read as `not_available`.
    pub state: FormState,
    /// What to tell the carer: a [`ConsentState`] id, or `not_available` (images of the
    /// pupil are not used at present and the school can explain: a safeguarding restriction,
    /// never named to a carer), `left_roll` (the pupil left the roll), `pupil_refused` (the pupil, old enough to be asked, said no) or `adult_pupil`
    /// (the pupil is an adult, 18 or over, and decides for themselves).
    pub status: String,
    /// This carer's own current answer (`given`, `refused`, `withdrawn`, `expired` or
    /// `not_asked`).
    pub carer_state: ConsentState,
    /// Whether the form offers yes/no: `false` under a safeguarding restriction, after the
    /// pupil left the roll, once the pupil is an adult (their own answer decides), or when
    /// the ledger records that this carer holds no parental responsibility (their answer
    /// would not count).
    pub can_answer: bool,
    /// Whether the form offers "withdraw" alone: where it offers no yes/no but this carer's
    /// own yes is on record, they can still take it back (withdrawal is as easy as giving:
    /// a leaver's published photos come down, a lifted restriction brings no yes back).
    pub can_withdraw: bool,
    /// What choosing "no" records: `withdrawn` when this carer's own yes is current (the
    /// carer takes it back), otherwise `refused`.
    pub no_records: EventState,
    /// Whether a published use can be taken back (`false` for printed publications, the
    /// press and video recordings: tell the carer beforehand).
    pub recallable: bool,
}

/// What a carer's consent form shows at one instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConsentForm {
    /// The pupil.
    pub pupil: String,
    /// The carer filling in the form.
    pub carer: String,
    /// The instant the form is for (RFC 3339).
    pub at: String,
    /// The notice version in force then, if any (what the carer is shown).
    pub notice_version: Option<String>,
    /// One entry per channel the school asks about, in the configuration's order.
    pub channels: Vec<FormChannel>,
}

impl ConsentLedger {
    /// The consent form for `carer` about `pupil` at `at`.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    ///
    /// let mut ledger = ConsentLedger::with_config_json(r#"{"channels": ["school_website", "press_media"]}"#)?;
    /// let at = parse_instant("2025-09-05T09:00:00Z")?;
    /// ledger.record_answer("p1", "mum", "school_website", "yes", at, RecordOptions::default())?;
    /// let form = ledger.consent_form("p1", "mum", parse_instant("2025-09-06T09:00:00Z")?);
    /// assert_eq!(form.channels[0].status, "given");
    /// assert_eq!(form.channels[0].no_records.as_str(), "withdrawn");
    /// assert_eq!(form.channels[1].no_records.as_str(), "refused");
    /// assert!(!form.channels[1].recallable); // the press
    /// # Ok::<(), esafety_core::consent::ConsentError>(())
    /// ```
    pub fn consent_form(&self, pupil: &str, carer: &str, at: DateTime<Utc>) -> ConsentForm {
        let channels = self
            .config()
            .channels
            .iter()
            .map(|&channel| self.form_channel(pupil, carer, channel, at))
            .collect();
        ConsentForm {
            pupil: pupil.to_owned(),
            carer: carer.to_owned(),
            at: format_instant(at),
            notice_version: self.notice_in_force(at),
            channels,
        }
    }

    fn form_channel(
        &self,
        pupil: &str,
        carer: &str,
        channel: Channel,
        at: DateTime<Utc>,
    ) -> FormChannel {
        let decision = self.decide(pupil, channel, at);
        // The carer's own answer, read even where a restriction or a leaving date decides
        // (the decision then lists no answers): their latest answer for the channel or the
        // channel it belongs to (a yes for every platform covers one platform). A "no"
        // withdraws their yes.
        let carer_state = self
            .carer_answers(pupil, channel, at)
            .iter()
            .find(|a| {
                a.carer == carer && channel.answer_scope(a.channel) == Some(AnswerScope::Full)
            })
            .map_or(ConsentState::NotAsked, |a| a.state);
        // A safeguarding restriction is never named to a carer (see the receipt's warning).
        let status = match decision.rule.as_str() {
            "restriction" => NOT_AVAILABLE.to_owned(),
            "left_roll" | "pupil_refused" | "adult_pupil" => decision.rule.clone(),
            _ => decision.state.as_str().to_owned(),
        };
        // An adult pupil decides for themselves, and a carer the ledger knows holds no
        // parental responsibility answers for nobody: their answer would not count.
        let holds_pr = self.parental_responsibility(pupil, carer, at)
            == super::decision::ParentalResponsibility::Holds;
        let can_answer = holds_pr
            && !matches!(
                decision.rule.as_str(),
                "restriction" | "left_roll" | "adult_pupil"
            );
        FormChannel {
            channel,
            state: decision.state.into(),
            status,
            carer_state,
            can_answer,
            can_withdraw: holds_pr && !can_answer && carer_state == ConsentState::Given,
            no_records: if carer_state == ConsentState::Given {
                EventState::Withdrawn
            } else {
                EventState::Refused
            },
            recallable: channel.is_recallable(),
        }
    }

    /// Records a carer's `yes` or `no` from a form: `yes` records `given`; `no` records
    /// `withdrawn` when the carer's own yes is current at `at`, otherwise `refused`.
    /// Returns the state recorded.
    ///
    /// # Errors
    ///
    /// [`ConsentError::UnknownAnswer`] for anything but `yes` or `no`; otherwise as
    /// [`record`](Self::record).
    pub fn record_answer(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        answer: &str,
        at: DateTime<Utc>,
        options: RecordOptions,
    ) -> Result<EventState, ConsentError> {
        let parsed = Channel::parse(channel)?;
        let state = match answer {
            "yes" => EventState::Given,
            "no" => self.form_channel(pupil, carer, parsed, at).no_records,
            other => {
                return Err(ConsentError::UnknownAnswer {
                    answer: super::shorten(other),
                });
            }
        };
        self.record(pupil, carer, channel, state.as_str(), at, options)?;
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::consent::parse_instant;

    fn at(s: &str) -> DateTime<Utc> {
        parse_instant(s).unwrap()
    }

    #[test]
    fn no_withdraws_the_carers_own_yes_and_otherwise_refuses() {
        let mut l = ConsentLedger::new();
        let o = RecordOptions::default;
        let t = at("2025-09-05T09:00:00Z");
        assert_eq!(
            l.record_answer("p1", "mum", "school_website", "no", t, o())
                .unwrap(),
            EventState::Refused
        );
        l.record_answer("p1", "dad", "press_media", "yes", t, o())
            .unwrap();
        // Dad's yes is his own: mum's "no" is a refusal, his is a withdrawal.
        let later = at("2025-09-06T09:00:00Z");
        assert_eq!(
            l.record_answer("p1", "mum", "press_media", "no", later, o())
                .unwrap(),
            EventState::Refused
        );
        assert_eq!(
            l.record_answer("p1", "dad", "press_media", "no", later, o())
                .unwrap(),
            EventState::Withdrawn
        );
        assert_eq!(
            l.record_answer("p1", "dad", "press_media", "maybe", later, o())
                .unwrap_err()
                .code(),
            "consent_unknown_answer"
        );
    }

    #[test]
    fn restricted_and_left_pupils_get_no_choice() {
        let mut l = ConsentLedger::with_config_json(r#"{"channels": ["school_website"]}"#).unwrap();
        l.restrict("p1", "adopted", at("2025-09-01T00:00:00Z"))
            .unwrap();
        let form = l.consent_form("p1", "mum", at("2025-09-05T09:00:00Z"));
        assert_eq!(form.channels[0].status, "not_available");
        // The state says no more than the status: nothing a carer sees names a restriction.
        assert_eq!(form.channels[0].state, FormState::NotAvailable);
        let text = serde_json::to_string(&form).unwrap();
        assert!(!text.contains("restrict"), "{text}");
        assert!(!form.channels[0].can_answer);
        assert!(
            !form.channels[0].can_withdraw,
            "nothing of theirs to take back"
        );
        // The carer's own yes is still shown as theirs, and a "no" would withdraw it.
        l.record(
            "p1",
            "mum",
            "school_website",
            "given",
            at("2025-09-02T09:00:00Z"),
            RecordOptions::default(),
        )
        .unwrap();
        let form = l.consent_form("p1", "mum", at("2025-09-05T09:00:00Z"));
        assert_eq!(form.channels[0].carer_state, ConsentState::Given);
        assert_eq!(form.channels[0].no_records, EventState::Withdrawn);
        // ... and the form still lets them take it back (rule 7: as easy as giving).
        assert!(form.channels[0].can_withdraw);
        l.record_leaving("p2", chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())
            .unwrap();
        let left = l.consent_form("p2", "mum", at("2026-01-06T09:00:00Z"));
        assert_eq!(left.channels[0].status, "left_roll");
        assert_eq!(left.channels[0].state, FormState::LeftRoll);
        assert!(!left.channels[0].can_answer);
        assert_eq!(left.notice_version, None);
    }
}
