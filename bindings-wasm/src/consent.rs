//! `ConsentLedger`: image consent from JavaScript.
//!
//! Methods map 1:1 onto `esafety_core::consent::ConsentLedger` with camelCase names;
//! channel, state and method ids pass through as strings and the core parses them. Instants
//! are RFC 3339 strings or `Date`s. Results are plain objects with the core's snake_case keys.

use crate::convert::{date, from_js, instant};
use crate::errors::{coded_error, to_js, to_js_error};
use chrono::{DateTime, Utc};
use esafety_core::consent as core;
use serde::Deserialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CONSENT: &str = r#"
/** A channel id, e.g. `school_website` or `school_social_media.instagram`. */
export type ConsentChannel = string;
/** What a carer's event says. */
export type ConsentEventState = "given" | "refused" | "withdrawn" | "expired" | "renewed" | "invalidated";
/** A pupil's consent position for one channel at one instant. */
export type ConsentState = "given" | "refused" | "withdrawn" | "expired" | "not_asked" | "restricted";

/** Optional details of `ConsentLedger.record`. */
export interface RecordOptions {
  /** `paper` (default), `widget`, `app` or `mis_import`. */
  method?: "paper" | "widget" | "app" | "mis_import";
  /** The notice version the carer was shown (default: the one in force at `at`). */
  noticeVersion?: string | null;
  /** Whether the carer holds parental responsibility (default `true`). */
  parentalResponsibility?: boolean;
  /** `mother`, `father`, `parent`, `step_parent`, `relative`, `guardian`, `foster_carer`, `local_authority`, `other`. */
  relationship?: string | null;
}

/** Optional details of `ConsentLedger.recordPupilVoice`: say whether the pupil is old enough
 * to be asked (`oldEnough`), or give their `age` when the school sets `pupil_voice_min_age`;
 * it is never guessed (`consent_pupil_competence_unknown`). */
export interface PupilVoiceOptions {
  /** The pupil's age in years (2 to 19). */
  age?: number | null;
  /** The school's own statement; when given it decides, whatever the age. */
  oldEnough?: boolean | null;
  /** `paper` (default), `widget`, `app` or `mis_import`. */
  method?: "paper" | "widget" | "app" | "mis_import";
}

/** A pupil's own answer as it bears on a decision (the child's voice). */
export interface PupilVoiceAnswer {
  channel: ConsentChannel;
  event_state: "given" | "refused" | "withdrawn";
  event_time: string;
  age: number | null;
  old_enough: boolean;
  counted: boolean;
}

/** One channel of a carer's consent form (every rule decided by the core). */
export interface FormChannel {
  channel: ConsentChannel;
  /** The pupil's decision for the channel. */
  state: ConsentState;
  /** What to tell the carer: a `ConsentState`, `left_roll` or `pupil_refused`. */
  status: ConsentState | "left_roll" | "pupil_refused";
  /** This carer's own current answer. */
  carer_state: ConsentState;
  /** Whether yes/no is offered (not under a restriction or after leaving the roll). */
  can_answer: boolean;
  /** What "no" records: `withdrawn` (this carer's own yes is current) or `refused`. */
  no_records: "withdrawn" | "refused";
  /** `false`: published copies cannot be recalled (printed, press, video). */
  recallable: boolean;
}

/** What a carer's consent form shows at one instant. */
export interface ConsentForm {
  pupil: string;
  carer: string;
  at: string;
  notice_version: string | null;
  channels: FormChannel[];
}

/** Optional details of `ConsentLedger.publishNotice`. */
export interface NoticeOptions {
  /** Whether the change is one of substance (default `true`): every earlier yes lapses. */
  substantive?: boolean;
  /** sha256 (hex) of the notice text. */
  contentHash?: string | null;
}

/** Optional details of `ConsentLedger.checkImage`. */
export interface CheckImageOptions {
  /** Whether full names appear beside the image (default `false`). */
  namesShown?: boolean;
}

/** One carer's answer as it bears on a decision. */
export interface CarerAnswer {
  carer: string;
  channel: ConsentChannel;
  state: ConsentState;
  event_state: ConsentEventState;
  event_time: string;
  counted: boolean;
  valid_until: string | null;
  notice_version: string | null;
}

/** One pupil's decision for one channel, with its explanation. */
export interface PupilDecision {
  pupil: string;
  channel: ConsentChannel;
  state: ConsentState;
  permitted: boolean;
  /** e.g. `restriction`, `left_roll`, `pupil_refused`, `most_restrictive`, `withdrawal`,
   * `current_given`, `expiry`, `notice_changed`, `given_before_notice`. */
  rule: string;
  /** e.g. `DOMAIN.md §3.3 rule 4`. */
  source: string;
  reason: string;
  answers: CarerAnswer[];
  /** The pupil's own answers considered. */
  pupil_voice: PupilVoiceAnswer[];
}

/** The answer to "may this image go on this channel at this instant?". */
export interface ImageDecision {
  allowed: boolean;
  channel: ConsentChannel;
  at: string;
  names_shown: boolean;
  /** The pupils who are not permitted, in the order given. */
  blocked_by: string[];
  reasons: string[];
  /** e.g. `no_full_names`, `photographer_supervised`. */
  obligations: string[];
  pupils: PupilDecision[];
}

/** A published image that lacks consent now. */
export interface Takedown {
  image_id: string;
  channel: ConsentChannel;
  published_at: string;
  pupils: string[];
  blocked_by: string[];
  reasons: string[];
  action: "remove" | "stop_new_uses";
  consented_when_published: boolean;
}

/** A Kantara Consent Receipt (v1.1 field names) of one carer's answers. */
export interface ConsentReceipt {
  version: string;
  jurisdiction: string;
  consentTimestamp: number;
  collectionMethod: string;
  consentReceiptID: string;
  language: string;
  piiPrincipalId: string;
  piiControllers: Record<string, unknown>[];
  policyUrl: string;
  services: { service: string; purposes: Record<string, unknown>[] }[];
  sensitive: boolean;
  spiCat: string[];
  esafety: Record<string, unknown>;
}
"#;

/// JS options of `record` (camelCase keys).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct RecordOptionsJs {
    method: Option<String>,
    notice_version: Option<String>,
    parental_responsibility: Option<bool>,
    relationship: Option<String>,
}

/// JS options of `recordPupilVoice`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct PupilVoiceOptionsJs {
    age: Option<u8>,
    old_enough: Option<bool>,
    method: Option<String>,
}

/// JS options of `publishNotice`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct NoticeOptionsJs {
    substantive: Option<bool>,
    content_hash: Option<String>,
}

/// JS options of `checkImage`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct CheckImageOptionsJs {
    names_shown: bool,
}

/// Reads an optional options object (`undefined`/`null` give the defaults).
fn options<T: Default + serde::de::DeserializeOwned>(
    value: Option<js_sys::Object>,
) -> Result<T, JsValue> {
    match value {
        Some(object) => from_js(object.into()),
        None => Ok(T::default()),
    }
}

/// Reads the options of `record` and `recordAnswer` (the core's defaults for what is left out).
fn record_options(value: Option<js_sys::Object>) -> Result<core::RecordOptions, JsValue> {
    let o: RecordOptionsJs = options(value)?;
    let defaults = core::RecordOptions::default();
    Ok(core::RecordOptions {
        method: o.method.unwrap_or(defaults.method),
        notice_version: o.notice_version,
        parental_responsibility: o
            .parental_responsibility
            .unwrap_or(defaults.parental_responsibility),
        relationship: o.relationship,
    })
}

/// Reads an instant: an RFC 3339 string or a `Date`.
fn at(value: &JsValue) -> Result<DateTime<Utc>, JsValue> {
    if let Some(text) = value.as_string() {
        return instant(&text);
    }
    if let Some(date) = value.dyn_ref::<js_sys::Date>() {
        let text: String = date.to_iso_string().into();
        return instant(&text);
    }
    Err(coded_error(
        "invalid_datetime",
        "argument",
        "expected an RFC 3339 string or a Date",
    ))
}

/// Reads a list of pupil ids.
fn pupil_ids(value: JsValue) -> Result<Vec<String>, JsValue> {
    from_js(value)
}

/// A school's append-only, hash-chained image-consent ledger.
#[wasm_bindgen]
pub struct ConsentLedger {
    inner: core::ConsentLedger,
}

#[wasm_bindgen]
impl ConsentLedger {
    /// An empty ledger; `config` is the school's configuration (an object or JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "object | string")] config: Option<
            js_sys::Object,
        >,
    ) -> Result<ConsentLedger, JsValue> {
        let inner = match config {
            None => core::ConsentLedger::new(),
            Some(config) => {
                let value: JsValue = config.into();
                let text = match value.as_string() {
                    Some(text) => text,
                    None => js_sys::JSON::stringify(&value)
                        .map(String::from)
                        .map_err(|_| {
                            coded_error("invalid_argument", "argument", "config is not JSON")
                        })?,
                };
                core::ConsentLedger::with_config_json(&text).map_err(|e| to_js_error(&e))?
            }
        };
        Ok(ConsentLedger { inner })
    }

    /// An empty ledger for a school configuration (an object or JSON text); the same as
    /// `new ConsentLedger(config)`.
    #[wasm_bindgen(js_name = withConfig)]
    pub fn with_config(
        #[wasm_bindgen(unchecked_param_type = "object | string")] config: js_sys::Object,
    ) -> Result<ConsentLedger, JsValue> {
        ConsentLedger::new(Some(config))
    }

    /// Records a carer's answer for one pupil and channel, applying from `at`.
    pub fn record(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        #[wasm_bindgen(unchecked_param_type = "ConsentEventState")] state: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RecordOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<(), JsValue> {
        self.inner
            .record(
                pupil,
                carer,
                channel,
                state,
                self::at(&at)?,
                record_options(options)?,
            )
            .map_err(|e| to_js_error(&e))
    }

    /// The consent form for `carer` about `pupil` at `at`: per channel, where things stand
    /// and what each choice would record.
    #[wasm_bindgen(js_name = consentForm, unchecked_return_type = "ConsentForm")]
    pub fn consent_form(
        &self,
        pupil: &str,
        carer: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.consent_form(pupil, carer, self::at(&at)?))
    }

    /// Records a form's `yes` or `no`; returns the state recorded (`given`, `withdrawn` or
    /// `refused`).
    #[wasm_bindgen(js_name = recordAnswer, unchecked_return_type = "ConsentEventState")]
    pub fn record_answer(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        #[wasm_bindgen(unchecked_param_type = "\"yes\" | \"no\"")] answer: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RecordOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<String, JsValue> {
        self.inner
            .record_answer(
                pupil,
                carer,
                channel,
                answer,
                self::at(&at)?,
                record_options(options)?,
            )
            .map(|s| s.as_str().to_owned())
            .map_err(|e| to_js_error(&e))
    }

    /// Places a safeguarding restriction on a pupil from `at`.
    pub fn restrict(
        &mut self,
        pupil: &str,
        reason: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<(), JsValue> {
        self.inner
            .restrict(pupil, reason, self::at(&at)?)
            .map_err(|e| to_js_error(&e))
    }

    /// Lifts every restriction on a pupil from `at`.
    #[wasm_bindgen(js_name = liftRestriction)]
    pub fn lift_restriction(
        &mut self,
        pupil: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<(), JsValue> {
        self.inner
            .lift_restriction(pupil, self::at(&at)?)
            .map_err(|e| to_js_error(&e))
    }

    /// Records that a new notice version is in force from `at`.
    #[wasm_bindgen(js_name = publishNotice)]
    pub fn publish_notice(
        &mut self,
        version: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "NoticeOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<(), JsValue> {
        let o: NoticeOptionsJs = self::options(options)?;
        let notice_options = core::NoticeOptions {
            substantive: o.substantive.unwrap_or(true),
            content_hash: o.content_hash,
        };
        self.inner
            .publish_notice(version, self::at(&at)?, notice_options)
            .map_err(|e| to_js_error(&e))
    }

    /// Records the pupil's own agreement or objection for one channel (the child's voice):
    /// a refusal by a pupil old enough to be asked wins over any carer's yes.
    #[wasm_bindgen(js_name = recordPupilVoice)]
    pub fn record_pupil_voice(
        &mut self,
        pupil: &str,
        channel: &str,
        #[wasm_bindgen(unchecked_param_type = "\"given\" | \"refused\" | \"withdrawn\"")]
        state: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PupilVoiceOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<(), JsValue> {
        let o: PupilVoiceOptionsJs = self::options(options)?;
        let defaults = core::PupilVoiceOptions::default();
        let voice = core::PupilVoiceOptions {
            age: o.age,
            old_enough: o.old_enough,
            method: o.method.unwrap_or(defaults.method),
        };
        self.inner
            .record_pupil_voice(pupil, channel, state, self::at(&at)?, voice)
            .map_err(|e| to_js_error(&e))
    }

    /// Records that a pupil left the roll on `leavingDate` (`YYYY-MM-DD`): from 00:00
    /// Europe/London that day every check for them is no.
    #[wasm_bindgen(js_name = recordLeaving)]
    pub fn record_leaving(
        &mut self,
        pupil: &str,
        #[wasm_bindgen(js_name = leavingDate)] leaving_date: &str,
    ) -> Result<(), JsValue> {
        self.inner
            .record_leaving(pupil, date(leaving_date)?)
            .map_err(|e| to_js_error(&e))
    }

    /// Records that an image showing `pupils` was published on `channel` at `at`.
    #[wasm_bindgen(js_name = recordPublication)]
    pub fn record_publication(
        &mut self,
        #[wasm_bindgen(js_name = imageId)] image_id: &str,
        #[wasm_bindgen(unchecked_param_type = "string[]")] pupils: JsValue,
        channel: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<(), JsValue> {
        self.inner
            .record_publication(image_id, &pupil_ids(pupils)?, channel, self::at(&at)?)
            .map_err(|e| to_js_error(&e))
    }

    /// Records that a published image was taken down at `at`.
    #[wasm_bindgen(js_name = recordRemoval)]
    pub fn record_removal(
        &mut self,
        #[wasm_bindgen(js_name = imageId)] image_id: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<(), JsValue> {
        self.inner
            .record_removal(image_id, self::at(&at)?)
            .map_err(|e| to_js_error(&e))
    }

    /// One pupil's consent state for a channel at `at`.
    #[wasm_bindgen(unchecked_return_type = "ConsentState")]
    pub fn state(
        &self,
        pupil: &str,
        channel: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<String, JsValue> {
        self.inner
            .state(pupil, channel, self::at(&at)?)
            .map(|s| s.as_str().to_owned())
            .map_err(|e| to_js_error(&e))
    }

    /// One pupil's decision with rule, source, reason and every carer answer.
    #[wasm_bindgen(unchecked_return_type = "PupilDecision")]
    pub fn explain(
        &self,
        pupil: &str,
        channel: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        let decision = self
            .inner
            .explain(pupil, channel, self::at(&at)?)
            .map_err(|e| to_js_error(&e))?;
        to_js(&decision)
    }

    /// May an image of every one of `pupils` go on `channel` at `at`?
    #[wasm_bindgen(js_name = checkImage, unchecked_return_type = "ImageDecision")]
    pub fn check_image(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] pupils: JsValue,
        channel: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CheckImageOptions")] options: Option<
            js_sys::Object,
        >,
    ) -> Result<JsValue, JsValue> {
        let o: CheckImageOptionsJs = self::options(options)?;
        let decision = self
            .inner
            .check_image(&pupil_ids(pupils)?, channel, self::at(&at)?, o.names_shown)
            .map_err(|e| to_js_error(&e))?;
        to_js(&decision)
    }

    /// Published images, not yet removed, that lack consent at `at`.
    #[wasm_bindgen(js_name = takedownList, unchecked_return_type = "Takedown[]")]
    pub fn takedown_list(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.takedown_list(self::at(&at)?))
    }

    /// A Kantara-style receipt of one carer's answers about a pupil at `at`.
    #[wasm_bindgen(unchecked_return_type = "ConsentReceipt")]
    pub fn receipt(
        &self,
        pupil: &str,
        carer: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        let receipt = self
            .inner
            .receipt(pupil, carer, self::at(&at)?)
            .map_err(|e| to_js_error(&e))?;
        to_js(&receipt)
    }

    /// The versioned, hash-chained JSON export.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Imports an export, verifying the hash chain (`ledger_tampered` on any change).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<ConsentLedger, JsValue> {
        core::ConsentLedger::from_json(text)
            .map(|inner| ConsentLedger { inner })
            .map_err(|e| to_js_error(&e))
    }

    /// The hash of the last entry.
    #[wasm_bindgen(getter, js_name = headHash)]
    pub fn head_hash(&self) -> String {
        self.inner.head_hash().to_owned()
    }

    /// The number of entries.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.entries().len()
    }
}
