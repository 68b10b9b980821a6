//! `ConsentLedger` for Kotlin and Swift: load a ledger snapshot and check images offline.
//!
//! Methods map 1:1 onto `esafety_core::consent::ConsentLedger`; ids are strings parsed by
//! core; documents (forms, receipts) cross as JSON strings.

use crate::convert::{WireDate, WireInstant, json_text, wire};
use crate::errors::{Result, lock};
use crate::seal;
use crate::{ImageDecision, PupilDecision, Takedown};
use esafety_core::consent as core;
use std::sync::{Arc, Mutex};

/// A school's append-only, hash-chained image-consent ledger.
#[derive(uniffi::Object)]
pub struct ConsentLedger {
    pub(crate) inner: Mutex<core::ConsentLedger>,
}

fn wrap(inner: core::ConsentLedger) -> Arc<ConsentLedger> {
    Arc::new(ConsentLedger {
        inner: Mutex::new(inner),
    })
}

/// A carer answer's details; what is not given is core's default.
fn record_options(
    method: Option<String>,
    notice_version: Option<String>,
    parental_responsibility: Option<bool>,
    relationship: Option<String>,
) -> core::RecordOptions {
    let default = core::RecordOptions::default();
    core::RecordOptions {
        method: method.or(default.method),
        notice_version: notice_version.or(default.notice_version),
        parental_responsibility: parental_responsibility.or(default.parental_responsibility),
        relationship: relationship.or(default.relationship),
    }
}

#[uniffi::export]
impl ConsentLedger {
    /// An empty ledger with the default configuration.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        wrap(core::ConsentLedger::new())
    }

    /// An empty ledger for a school configuration given as JSON.
    #[uniffi::constructor]
    pub fn with_config(config_json: &str) -> Result<Arc<Self>> {
        Ok(wrap(core::ConsentLedger::with_config_json(config_json)?))
    }

    /// Imports an exported ledger, verifying its hash chain (`ledger_tampered`) and, given
    /// the school's public key (hex), its seal (`ledger_signature_invalid`): a truncated,
    /// reordered or edited export is refused. Without the key the log cannot be known whole:
    /// `warnings()` and every decision say `consent_export_unsealed`.
    #[uniffi::constructor(default(public_key = None))]
    pub fn from_json(json: &str, public_key: Option<String>) -> Result<Arc<Self>> {
        Ok(wrap(match public_key {
            Some(hex) => core::ConsentLedger::from_json_sealed(json, &seal::public_key(&hex)?)?,
            None => core::ConsentLedger::from_json(json)?,
        }))
    }

    /// Records a carer's answer for one pupil and channel, applying from `at`.
    #[uniffi::method(default(method = None, notice_version = None, parental_responsibility = None, relationship = None))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the API of the issue")]
    pub fn record(
        &self,
        pupil: &str,
        carer: &str,
        channel: &str,
        state: &str,
        at: WireInstant,
        method: Option<String>,
        notice_version: Option<String>,
        parental_responsibility: Option<bool>,
        relationship: Option<String>,
    ) -> Result<()> {
        let options = record_options(
            method,
            notice_version,
            parental_responsibility,
            relationship,
        );
        Ok(lock(&self.inner)?.record(pupil, carer, channel, state, at.0, options)?)
    }

    /// Places a safeguarding restriction on a pupil from `at`.
    pub fn restrict(&self, pupil: &str, reason: &str, at: WireInstant) -> Result<()> {
        Ok(lock(&self.inner)?.restrict(pupil, reason, at.0)?)
    }

    /// Lifts a safeguarding restriction on a pupil from `at`: the one named by `reason`,
    /// or without it the one in force (`consent_restriction_ambiguous` when several are).
    #[uniffi::method(default(reason = None))]
    pub fn lift_restriction(
        &self,
        pupil: &str,
        at: WireInstant,
        reason: Option<String>,
    ) -> Result<()> {
        Ok(lock(&self.inner)?.lift_restriction(pupil, at.0, reason.as_deref())?)
    }

    /// Records that a new notice version is in force from `at`.
    #[uniffi::method(default(substantive = None, content_hash = None))]
    pub fn publish_notice(
        &self,
        version: &str,
        at: WireInstant,
        substantive: Option<bool>,
        content_hash: Option<String>,
    ) -> Result<()> {
        let default = core::NoticeOptions::default();
        let options = core::NoticeOptions {
            substantive: substantive.unwrap_or(default.substantive),
            content_hash: content_hash.or(default.content_hash),
        };
        Ok(lock(&self.inner)?.publish_notice(version, at.0, options)?)
    }

    /// The consent form (JSON) `carer` sees about `pupil` at `at`: per channel where things
    /// stand, whether yes/no is offered and what "no" records.
    pub fn consent_form_json(&self, pupil: &str, carer: &str, at: WireInstant) -> Result<String> {
        json_text(&lock(&self.inner)?.consent_form(pupil, carer, at.0))
    }

    /// Records a form's `yes` or `no`; returns the state recorded (`given`, `withdrawn`
    /// when the carer's own yes is current, otherwise `refused`).
    #[uniffi::method(default(method = None, notice_version = None, parental_responsibility = None, relationship = None))]
    #[allow(clippy::too_many_arguments, reason = "mirrors record")]
    pub fn record_answer(
        &self,
        pupil: &str,
        carer: &str,
        channel: &str,
        answer: &str,
        at: WireInstant,
        method: Option<String>,
        notice_version: Option<String>,
        parental_responsibility: Option<bool>,
        relationship: Option<String>,
    ) -> Result<String> {
        let options = record_options(
            method,
            notice_version,
            parental_responsibility,
            relationship,
        );
        let ledger = &mut lock(&self.inner)?;
        let state = ledger.record_answer(pupil, carer, channel, answer, at.0, options)?;
        Ok(state.as_str().to_owned())
    }

    /// Records the pupil's own agreement or objection (`given`, `refused`, `withdrawn`) for
    /// one channel: a refusal by a pupil old enough to be asked wins over any carer's yes; an
    /// answer recorded at an `age` of 18 or more makes the pupil an adult whose own answers
    /// decide (rule `adult_pupil`). Give `old_enough`, or `age` when the school sets
    /// `pupil_voice_min_age` (or an age of 18 or more); otherwise
    /// `consent_pupil_competence_unknown` (it is never guessed).
    #[uniffi::method(default(age = None, old_enough = None, method = None))]
    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the API of the other bindings"
    )]
    pub fn record_pupil_voice(
        &self,
        pupil: &str,
        channel: &str,
        state: &str,
        at: WireInstant,
        age: Option<u8>,
        old_enough: Option<bool>,
        method: Option<String>,
    ) -> Result<()> {
        let default = core::PupilVoiceOptions::default();
        let options = core::PupilVoiceOptions {
            age: age.or(default.age),
            old_enough: old_enough.or(default.old_enough),
            method: method.or(default.method),
        };
        Ok(lock(&self.inner)?.record_pupil_voice(pupil, channel, state, at.0, options)?)
    }

    /// Records that a pupil left the roll on `leaving_date` (`YYYY-MM-DD`): from 00:00
    /// Europe/London that day every check for them is no.
    pub fn record_leaving(&self, pupil: &str, leaving_date: WireDate) -> Result<()> {
        Ok(lock(&self.inner)?.record_leaving(pupil, leaving_date.0)?)
    }

    /// Records that a pupil came back onto the roll on `rejoining_date` (`YYYY-MM-DD`):
    /// answers given since the leaving date count from then; a yes from before lapsed.
    pub fn record_rejoining(&self, pupil: &str, rejoining_date: WireDate) -> Result<()> {
        Ok(lock(&self.inner)?.record_rejoining(pupil, rejoining_date.0)?)
    }

    /// Records that an image showing `pupils` was published on `channel` at `at`.
    pub fn record_publication(
        &self,
        image_id: &str,
        pupils: Vec<String>,
        channel: &str,
        at: WireInstant,
    ) -> Result<()> {
        Ok(lock(&self.inner)?.record_publication(image_id, &pupils, channel, at.0)?)
    }

    /// Records that a published image was taken down at `at`.
    pub fn record_removal(&self, image_id: &str, at: WireInstant) -> Result<()> {
        Ok(lock(&self.inner)?.record_removal(image_id, at.0)?)
    }

    /// One pupil's consent state for a channel at `at`.
    pub fn state(&self, pupil: &str, channel: &str, at: WireInstant) -> Result<String> {
        let state = lock(&self.inner)?.state(pupil, channel, at.0)?;
        Ok(state.as_str().to_owned())
    }

    /// One pupil's decision with its rule, source, reason, every carer answer and the
    /// pupil's own answers (`pupil_voice`).
    pub fn explain(&self, pupil: &str, channel: &str, at: WireInstant) -> Result<PupilDecision> {
        wire(&lock(&self.inner)?.explain(pupil, channel, at.0)?)
    }

    /// The same decision as JSON.
    pub fn explain_json(&self, pupil: &str, channel: &str, at: WireInstant) -> Result<String> {
        json_text(&lock(&self.inner)?.explain(pupil, channel, at.0)?)
    }

    /// May an image of every one of `pupils` go on `channel` at `at`? `names_shown` (full
    /// names beside the image) is core's `NAMES_SHOWN_BY_DEFAULT` when not given.
    #[uniffi::method(default(names_shown = None))]
    pub fn check_image(
        &self,
        pupils: Vec<String>,
        channel: &str,
        at: WireInstant,
        names_shown: Option<bool>,
    ) -> Result<ImageDecision> {
        let names_shown = names_shown.unwrap_or(core::NAMES_SHOWN_BY_DEFAULT);
        wire(&lock(&self.inner)?.check_image(&pupils, channel, at.0, names_shown)?)
    }

    /// Published images, not yet removed, that lack consent at `at`.
    pub fn takedown_list(&self, at: WireInstant) -> Result<Vec<Takedown>> {
        wire(&lock(&self.inner)?.takedown_list(at.0))
    }

    /// A Kantara-style consent receipt (JSON) of one carer's answers about a pupil.
    pub fn receipt_json(&self, pupil: &str, carer: &str, at: WireInstant) -> Result<String> {
        json_text(&lock(&self.inner)?.receipt(pupil, carer, at.0)?)
    }

    /// The versioned, hash-chained JSON export, sealed with the school's private key (hex)
    /// when one is given.
    #[uniffi::method(default(signing_key = None))]
    pub fn to_json(&self, signing_key: Option<String>) -> Result<String> {
        let ledger = lock(&self.inner)?;
        Ok(match signing_key {
            Some(hex) => ledger.to_json_sealed(&seal::school_key(&hex)?),
            None => ledger.to_json(),
        })
    }

    /// What every answer of this ledger warns of: `consent_export_unsealed` when it was
    /// imported without its seal checked (`fromJson` without a public key), else nothing.
    pub fn warnings(&self) -> Result<Vec<String>> {
        let warnings = lock(&self.inner)?.warnings();
        Ok(warnings.iter().map(|w| w.as_str().to_owned()).collect())
    }

    /// The hash of the last entry.
    pub fn head_hash(&self) -> Result<String> {
        Ok(lock(&self.inner)?.head_hash().to_owned())
    }
}
