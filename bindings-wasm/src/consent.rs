//! `ConsentLedger`: image consent from JavaScript.
//!
//! Methods map 1:1 onto `esafety_core::consent::ConsentLedger` with camelCase names;
//! channel, state and method ids pass through as strings and the core parses them. Instants
//! are RFC 3339 strings or `Date`s. Results are plain objects with camelCase keys (`crate::keys`).

use crate::args::{Text, optional_text, texts};
use crate::convert::{self, ConsentConfig, Time, date, instant, json_text};
use crate::errors::{Throw, js_result, to_js};
use esafety_core::consent as core;
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The options of `checkImage`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckImageOptions {
    #[serde(default = "names_shown_by_default")]
    names_shown: bool,
}

fn names_shown_by_default() -> bool {
    core::NAMES_SHOWN_BY_DEFAULT
}

class!(
    /// A school's append-only, hash-chained image-consent ledger.
    ConsentLedger(core::ConsentLedger)
);

#[wasm_bindgen]
impl ConsentLedger {
    /// An empty ledger; `config` is the school's configuration (an object or JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(config: Option<ConsentConfig>) -> Result<ConsentLedger, JsValue> {
        match config {
            None => Ok(core::ConsentLedger::new().into()),
            Some(c) => core::ConsentLedger::with_config_json(&json_text(&c)?).or_throw_as(),
        }
    }

    /// An empty ledger for a school configuration; the same as `new ConsentLedger(config)`.
    #[wasm_bindgen(js_name = withConfig)]
    pub fn with_config(config: ConsentConfig) -> Result<ConsentLedger, JsValue> {
        ConsentLedger::new(Some(config))
    }

    /// Records a carer's answer for one pupil and channel, applying from `at`.
    pub fn record(
        &mut self,
        pupil: Text,
        carer: Text,
        channel: Text,
        #[wasm_bindgen(unchecked_param_type = "EventState")] state: Text,
        at: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "RecordOptions")] options: Option<JsValue>,
    ) -> Result<(), JsValue> {
        text_args!(pupil, carer, channel, state);
        let o = convert::options(options)?;
        (self.inner)
            .record(pupil, carer, channel, state, instant(&at)?, o)
            .or_throw()
    }

    /// The consent form for `carer` about `pupil` at `at`: per channel, where things stand
    /// and what each choice would record.
    #[wasm_bindgen(js_name = consentForm, unchecked_return_type = "ConsentForm")]
    pub fn consent_form(&self, pupil: Text, carer: Text, at: Time) -> Result<JsValue, JsValue> {
        text_args!(pupil, carer);
        to_js(&self.inner.consent_form(pupil, carer, instant(&at)?))
    }

    /// Records a form's `yes` or `no`; returns the state recorded (`given`, `withdrawn` or
    /// `refused`).
    #[wasm_bindgen(js_name = recordAnswer, unchecked_return_type = "EventState")]
    pub fn record_answer(
        &mut self,
        pupil: Text,
        carer: Text,
        channel: Text,
        #[wasm_bindgen(unchecked_param_type = "\"yes\" | \"no\"")] answer: Text,
        at: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "RecordOptions")] options: Option<JsValue>,
    ) -> Result<String, JsValue> {
        text_args!(pupil, carer, channel, answer);
        let o = convert::options(options)?;
        (self.inner)
            .record_answer(pupil, carer, channel, answer, instant(&at)?, o)
            .map(|s| s.as_str().to_owned())
            .or_throw()
    }

    /// Places a safeguarding restriction on a pupil from `at`.
    pub fn restrict(&mut self, pupil: Text, reason: Text, at: Time) -> Result<(), JsValue> {
        text_args!(pupil, reason);
        self.inner.restrict(pupil, reason, instant(&at)?).or_throw()
    }

    /// Lifts a safeguarding restriction on a pupil from `at`: the one named by `reason`,
    /// or without it the one in force (`consent_restriction_ambiguous` when several are).
    #[wasm_bindgen(js_name = liftRestriction)]
    pub fn lift_restriction(
        &mut self,
        pupil: Text,
        at: Time,
        reason: Option<Text>,
    ) -> Result<(), JsValue> {
        text_args!(pupil);
        let reason = optional_text(reason, "reason")?;
        self.inner
            .lift_restriction(pupil, instant(&at)?, reason.as_deref())
            .or_throw()
    }

    /// Records that a new notice version is in force from `at`.
    #[wasm_bindgen(js_name = publishNotice)]
    pub fn publish_notice(
        &mut self,
        version: Text,
        at: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "NoticeOptions")] options: Option<JsValue>,
    ) -> Result<(), JsValue> {
        text_args!(version);
        let o = convert::options(options)?;
        (self.inner)
            .publish_notice(version, instant(&at)?, o)
            .or_throw()
    }

    /// Records the pupil's own agreement or objection for one channel (the child's voice):
    /// a refusal by a pupil old enough to be asked wins over any carer's yes; an answer
    /// recorded at an age of 18 or more makes the pupil an adult whose own answers decide
    /// (rule `adult_pupil`).
    #[wasm_bindgen(js_name = recordPupilVoice)]
    pub fn record_pupil_voice(
        &mut self,
        pupil: Text,
        channel: Text,
        #[wasm_bindgen(unchecked_param_type = "\"given\" | \"refused\" | \"withdrawn\"")]
        state: Text,
        at: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "PupilVoiceOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<(), JsValue> {
        text_args!(pupil, channel, state);
        let o = convert::options(options)?;
        (self.inner)
            .record_pupil_voice(pupil, channel, state, instant(&at)?, o)
            .or_throw()
    }

    /// Records that a pupil left the roll on `leavingDate` (`YYYY-MM-DD`): from 00:00
    /// Europe/London that day every check for them is no.
    #[wasm_bindgen(js_name = recordLeaving)]
    pub fn record_leaving(
        &mut self,
        pupil: Text,
        #[wasm_bindgen(js_name = leavingDate)] leaving_date: Time,
    ) -> Result<(), JsValue> {
        text_args!(pupil);
        let on = date(&leaving_date)?;
        self.inner.record_leaving(pupil, on).or_throw()
    }

    /// Records that a pupil came back onto the roll on `rejoiningDate` (`YYYY-MM-DD`):
    /// answers given since the leaving date count from then; a yes from before lapsed.
    #[wasm_bindgen(js_name = recordRejoining)]
    pub fn record_rejoining(
        &mut self,
        pupil: Text,
        #[wasm_bindgen(js_name = rejoiningDate)] rejoining_date: Time,
    ) -> Result<(), JsValue> {
        text_args!(pupil);
        let on = date(&rejoining_date)?;
        self.inner.record_rejoining(pupil, on).or_throw()
    }

    /// Records that an image showing `pupils` was published on `channel` at `at`.
    #[wasm_bindgen(js_name = recordPublication)]
    pub fn record_publication(
        &mut self,
        #[wasm_bindgen(js_name = imageId)] image_id: Text,
        #[wasm_bindgen(unchecked_param_type = "string[]")] pupils: JsValue,
        channel: Text,
        at: Time,
    ) -> Result<(), JsValue> {
        text_args!(image_id, channel);
        let pupils = texts(&pupils, "pupils")?;
        (self.inner)
            .record_publication(image_id, &pupils, channel, instant(&at)?)
            .or_throw()
    }

    /// Records that a published image was taken down at `at`.
    #[wasm_bindgen(js_name = recordRemoval)]
    pub fn record_removal(
        &mut self,
        #[wasm_bindgen(js_name = imageId)] image_id: Text,
        at: Time,
    ) -> Result<(), JsValue> {
        text_args!(image_id);
        let at = instant(&at)?;
        self.inner.record_removal(image_id, at).or_throw()
    }

    /// One pupil's consent state for a channel at `at`.
    #[wasm_bindgen(unchecked_return_type = "ConsentState")]
    pub fn state(&self, pupil: Text, channel: Text, at: Time) -> Result<String, JsValue> {
        text_args!(pupil, channel);
        (self.inner)
            .state(pupil, channel, instant(&at)?)
            .map(|s| s.as_str().to_owned())
            .or_throw()
    }

    /// One pupil's decision with rule, source, reason and every carer answer.
    #[wasm_bindgen(unchecked_return_type = "PupilDecision")]
    pub fn explain(&self, pupil: Text, channel: Text, at: Time) -> Result<JsValue, JsValue> {
        text_args!(pupil, channel);
        js_result(self.inner.explain(pupil, channel, instant(&at)?))
    }

    /// May an image of every one of `pupils` go on `channel` at `at`?
    #[wasm_bindgen(js_name = checkImage, unchecked_return_type = "ImageDecision")]
    pub fn check_image(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] pupils: JsValue,
        channel: Text,
        at: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "CheckImageOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        text_args!(channel);
        let pupils = texts(&pupils, "pupils")?;
        let o: CheckImageOptions = convert::options(options)?;
        let (at, names_shown) = (instant(&at)?, o.names_shown);
        js_result(self.inner.check_image(&pupils, channel, at, names_shown))
    }

    /// Published images, not yet removed, that lack consent at `at`.
    #[wasm_bindgen(js_name = takedownList, unchecked_return_type = "Takedown[]")]
    pub fn takedown_list(&self, at: Time) -> Result<JsValue, JsValue> {
        to_js(&self.inner.takedown_list(instant(&at)?))
    }

    /// A Kantara-style receipt of one carer's answers about a pupil at `at`.
    #[wasm_bindgen(unchecked_return_type = "ConsentReceipt")]
    pub fn receipt(&self, pupil: Text, carer: Text, at: Time) -> Result<JsValue, JsValue> {
        text_args!(pupil, carer);
        js_result(self.inner.receipt(pupil, carer, instant(&at)?))
    }

    /// What every answer of this ledger warns of: `["consent_export_unsealed"]` when it was
    /// imported without its seal checked (`fromJson` without `publicKey`), else `[]`.
    #[wasm_bindgen(getter, unchecked_return_type = "ConsentWarning[]")]
    pub fn warnings(&self) -> Vec<String> {
        let warnings = self.inner.warnings().into_iter();
        warnings.map(|w| w.as_str().to_owned()).collect()
    }

    /// The hash of the last entry.
    #[wasm_bindgen(getter, js_name = headHash)]
    pub fn head_hash(&self) -> String {
        self.inner.head_hash().to_owned()
    }

    /// The number of entries.
    #[wasm_bindgen(getter)]
    pub fn size(&self) -> usize {
        self.inner.entries().len()
    }

    /// The number of entries.
    ///
    /// @deprecated Use `size`.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.size()
    }
}
