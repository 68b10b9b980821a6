//! `ConsentLedger` for Kotlin and Swift: load a ledger snapshot and check images offline.
//!
//! Methods map 1:1 onto `esafety_core::consent::ConsentLedger`; channel, state and method
//! ids are strings parsed by the core; instants are RFC 3339 strings
//! (`Instant.toString()` in Kotlin). Documents (receipts) cross as JSON strings.

use crate::convert::{date, instant, json_text, wire};
use crate::errors::{EsafetyError, from_core, lock};
use crate::{ImageDecision, PupilDecision, Takedown};
use esafety_core::consent as core;
use std::sync::{Arc, Mutex};

/// A school's append-only, hash-chained image-consent ledger.
#[derive(uniffi::Object)]
pub struct ConsentLedger {
    inner: Mutex<core::ConsentLedger>,
}

impl ConsentLedger {
    fn wrap(inner: core::ConsentLedger) -> Arc<Self> {
        Arc::new(ConsentLedger {
            inner: Mutex::new(inner),
        })
    }
}

fn err(e: core::ConsentError) -> EsafetyError {
    from_core(&e)
}

#[uniffi::export]
impl ConsentLedger {
    /// An empty ledger with the default configuration.
    #[uniffi::constructor]
    pub fn new() -> Arc<Self> {
        ConsentLedger::wrap(core::ConsentLedger::new())
    }

    /// An empty ledger for a school configuration given as JSON.
    #[uniffi::constructor]
    pub fn with_config(config_json: String) -> Result<Arc<Self>, EsafetyError> {
        core::ConsentLedger::with_config_json(&config_json)
            .map(ConsentLedger::wrap)
            .map_err(err)
    }

    /// Imports an exported ledger snapshot, verifying its hash chain (`ledger_tampered`).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> Result<Arc<Self>, EsafetyError> {
        core::ConsentLedger::from_json(&json)
            .map(ConsentLedger::wrap)
            .map_err(err)
    }

    /// Records a carer's answer for one pupil and channel, applying from `at`.
    #[uniffi::method(default(method = "paper", notice_version = None, parental_responsibility = true, relationship = None))]
    #[allow(clippy::too_many_arguments, reason = "mirrors the API of the issue")]
    pub fn record(
        &self,
        pupil: String,
        carer: String,
        channel: String,
        state: String,
        at: String,
        method: String,
        notice_version: Option<String>,
        parental_responsibility: bool,
        relationship: Option<String>,
    ) -> Result<(), EsafetyError> {
        let options = core::RecordOptions {
            method,
            notice_version,
            parental_responsibility,
            relationship,
        };
        let at = instant(&at)?;
        lock(&self.inner)?
            .record(&pupil, &carer, &channel, &state, at, options)
            .map_err(err)
    }

    /// Places a safeguarding restriction on a pupil from `at`.
    pub fn restrict(&self, pupil: String, reason: String, at: String) -> Result<(), EsafetyError> {
        let at = instant(&at)?;
        lock(&self.inner)?
            .restrict(&pupil, &reason, at)
            .map_err(err)
    }

    /// Lifts every restriction on a pupil from `at`.
    pub fn lift_restriction(&self, pupil: String, at: String) -> Result<(), EsafetyError> {
        let at = instant(&at)?;
        lock(&self.inner)?.lift_restriction(&pupil, at).map_err(err)
    }

    /// Records that a new notice version is in force from `at`.
    #[uniffi::method(default(substantive = true, content_hash = None))]
    pub fn publish_notice(
        &self,
        version: String,
        at: String,
        substantive: bool,
        content_hash: Option<String>,
    ) -> Result<(), EsafetyError> {
        let at = instant(&at)?;
        let options = core::NoticeOptions {
            substantive,
            content_hash,
        };
        lock(&self.inner)?
            .publish_notice(&version, at, options)
            .map_err(err)
    }

    /// The consent form (JSON) `carer` sees about `pupil` at `at`: per channel where things
    /// stand, whether yes/no is offered and what "no" records.
    pub fn consent_form_json(
        &self,
        pupil: String,
        carer: String,
        at: String,
    ) -> Result<String, EsafetyError> {
        let at = instant(&at)?;
        let form = lock(&self.inner)?.consent_form(&pupil, &carer, at);
        json_text(&form)
    }

    /// Records a form's `yes` or `no`; returns the state recorded (`given`, `withdrawn`
    /// when the carer's own yes is current, otherwise `refused`).
    #[uniffi::method(default(method = "paper", notice_version = None, parental_responsibility = true, relationship = None))]
    #[allow(clippy::too_many_arguments, reason = "mirrors record")]
    pub fn record_answer(
        &self,
        pupil: String,
        carer: String,
        channel: String,
        answer: String,
        at: String,
        method: String,
        notice_version: Option<String>,
        parental_responsibility: bool,
        relationship: Option<String>,
    ) -> Result<String, EsafetyError> {
        let options = core::RecordOptions {
            method,
            notice_version,
            parental_responsibility,
            relationship,
        };
        let at = instant(&at)?;
        lock(&self.inner)?
            .record_answer(&pupil, &carer, &channel, &answer, at, options)
            .map(|s| s.as_str().to_owned())
            .map_err(err)
    }

    /// Records the pupil's own agreement or objection (`given`, `refused`, `withdrawn`) for
    /// one channel: a refusal by a pupil old enough to be asked wins over any carer's yes.
    /// Give `old_enough`, or `age` when the school sets `pupil_voice_min_age`; otherwise
    /// `consent_pupil_competence_unknown` (it is never guessed).
    #[uniffi::method(default(age = None, old_enough = None, method = "paper"))]
    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the API of the other bindings"
    )]
    pub fn record_pupil_voice(
        &self,
        pupil: String,
        channel: String,
        state: String,
        at: String,
        age: Option<u8>,
        old_enough: Option<bool>,
        method: String,
    ) -> Result<(), EsafetyError> {
        let at = instant(&at)?;
        let options = core::PupilVoiceOptions {
            age,
            old_enough,
            method,
        };
        lock(&self.inner)?
            .record_pupil_voice(&pupil, &channel, &state, at, options)
            .map_err(err)
    }

    /// Records that a pupil left the roll on `leaving_date` (`YYYY-MM-DD`): from 00:00
    /// Europe/London that day every check for them is no.
    pub fn record_leaving(&self, pupil: String, leaving_date: String) -> Result<(), EsafetyError> {
        let leaving_date = date(&leaving_date)?;
        lock(&self.inner)?
            .record_leaving(&pupil, leaving_date)
            .map_err(err)
    }

    /// Records that an image showing `pupils` was published on `channel` at `at`.
    pub fn record_publication(
        &self,
        image_id: String,
        pupils: Vec<String>,
        channel: String,
        at: String,
    ) -> Result<(), EsafetyError> {
        let at = instant(&at)?;
        lock(&self.inner)?
            .record_publication(&image_id, &pupils, &channel, at)
            .map_err(err)
    }

    /// Records that a published image was taken down at `at`.
    pub fn record_removal(&self, image_id: String, at: String) -> Result<(), EsafetyError> {
        let at = instant(&at)?;
        lock(&self.inner)?
            .record_removal(&image_id, at)
            .map_err(err)
    }

    /// One pupil's consent state for a channel at `at`.
    pub fn state(
        &self,
        pupil: String,
        channel: String,
        at: String,
    ) -> Result<String, EsafetyError> {
        let at = instant(&at)?;
        lock(&self.inner)?
            .state(&pupil, &channel, at)
            .map(|s| s.as_str().to_owned())
            .map_err(err)
    }

    /// One pupil's decision with its rule, source and reason.
    pub fn explain(
        &self,
        pupil: String,
        channel: String,
        at: String,
    ) -> Result<PupilDecision, EsafetyError> {
        let at = instant(&at)?;
        lock(&self.inner)?
            .explain(&pupil, &channel, at)
            .map_err(err)
            .and_then(|d| wire(&d))
    }

    /// One pupil's whole decision as JSON: rule, source, reason, every carer answer and the
    /// pupil's own answers (`pupil_voice`).
    pub fn explain_json(
        &self,
        pupil: String,
        channel: String,
        at: String,
    ) -> Result<String, EsafetyError> {
        let at = instant(&at)?;
        let decision = lock(&self.inner)?
            .explain(&pupil, &channel, at)
            .map_err(err)?;
        json_text(&decision)
    }

    /// May an image of every one of `pupils` go on `channel` at `at`?
    #[uniffi::method(default(names_shown = false))]
    pub fn check_image(
        &self,
        pupils: Vec<String>,
        channel: String,
        at: String,
        names_shown: bool,
    ) -> Result<ImageDecision, EsafetyError> {
        let at = instant(&at)?;
        lock(&self.inner)?
            .check_image(&pupils, &channel, at, names_shown)
            .map_err(err)
            .and_then(|d| wire(&d))
    }

    /// Published images, not yet removed, that lack consent at `at`.
    pub fn takedown_list(&self, at: String) -> Result<Vec<Takedown>, EsafetyError> {
        let at = instant(&at)?;
        wire(&lock(&self.inner)?.takedown_list(at))
    }

    /// A Kantara-style consent receipt (JSON) of one carer's answers about a pupil.
    pub fn receipt_json(
        &self,
        pupil: String,
        carer: String,
        at: String,
    ) -> Result<String, EsafetyError> {
        let at = instant(&at)?;
        let receipt = lock(&self.inner)?
            .receipt(&pupil, &carer, at)
            .map_err(err)?;
        json_text(&receipt)
    }

    /// The versioned, hash-chained JSON export.
    pub fn to_json(&self) -> Result<String, EsafetyError> {
        Ok(lock(&self.inner)?.to_json())
    }

    /// The hash of the last entry.
    pub fn head_hash(&self) -> Result<String, EsafetyError> {
        Ok(lock(&self.inner)?.head_hash().to_owned())
    }
}
