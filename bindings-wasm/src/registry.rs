//! `Registry`: roles, AUP signatures and permission decisions from JavaScript.
//!
//! Dates are `YYYY-MM-DD` strings and instants RFC 3339 strings (a `Date` object is also
//! accepted); both are parsed by core, so a bad value throws `registry_invalid_date` /
//! `registry_invalid_instant` as on every other surface. Options and the decision context are
//! plain objects; their keys may be camelCase (`deputyFor`, `pupilConsent`) or snake_case.

use crate::errors::{coded_error, to_js, to_js_error};
use chrono::{DateTime, NaiveDate, Utc};
use esafety_core::registry::{
    DecisionContext, Registry as CoreRegistry, SchoolSettings, SignatureDetails, parse_date,
    parse_instant,
};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_REGISTRY: &str = r#"
/** A date: `YYYY-MM-DD` (or a `Date`). */
export type DateInput = string | Date;
/** An instant: RFC 3339 such as `2025-09-01T08:00:00Z` (or a `Date`). */
export type InstantInput = string | Date;

/** School settings (DOMAIN.md §8); every field optional, `preset` names a seed school. */
export interface RegistrySettings {
  preset?: "default" | "seed_000" | "seed_001" | "seed_002" | "seed_003" | "seed_004";
  aup_refresh?: "never" | "start_of_school_year" | { every_days: number };
  joint_staff_governor_aup?: boolean;
  technician_aup?: boolean;
  social_media_aup?: boolean;
  visitor_access?: "signed_aup" | "generic_login";
  search_rule?: "dfe_default" | "pupil_consent" | "pupil_or_parent_consent";
  personal_device_photos?: "with_slt_permission" | "when_necessary_then_transfer" | "never";
  child_protection_record_roles?: string[];
  review_interval_days?: number;
}

/** Options of `Registry.assign`. */
export interface AssignOptions {
  /** The person this one deputises for in the role. */
  deputyFor?: string | null;
  /** The AUP audience when the role does not say it (`pupil_ks2` for a pupil). */
  audience?: string | null;
}

/** Options of `Registry.publishAup`. */
export interface PublishOptions {
  /** Whether the change is material (earlier signatures stop counting); default true. */
  material?: boolean;
  /** The clauses, in order. */
  clauses?: string[];
}

/** Options of `Registry.sign`. */
export interface SignOptions {
  /** The parent or carer co-signing a pupil's AUP (needed for `pupil_ks2`). */
  coSigner?: string | null;
  signedOnBehalfBy?: string | null;
  explainedToPupil?: boolean;
  method?: "paper" | "electronic" | "access_slip" | "class_charter";
  className?: string | null;
}

/** Facts a decision may need; unknown keys throw `registry_unknown_context_key`. */
export interface DecisionContext {
  justification?: string; unavoidable?: boolean; adultInvolved?: boolean;
  pupilConsent?: boolean; parentConsent?: boolean; reasonableGrounds?: boolean;
  authorisedByHeadteacher?: boolean; agenciesConfirmedNotNeeded?: boolean; referralMade?: boolean;
  /** The consent module's decision: a boolean or an id such as `permitted` / `not_permitted`. */
  consent?: boolean | string; channel?: string; fullNameShown?: boolean;
  sltPermission?: boolean; necessary?: boolean; headApproval?: boolean;
  guest?: string; unsupervised?: boolean; wifiKey?: boolean;
  [key: string]: boolean | string | null | undefined;
}

/** One AUP still to be signed, and why. */
export interface AccessGap {
  audience: string;
  problem: "not_published" | "not_signed" | "superseded_by_material_change" | "expired" | "co_signer_missing";
  current_version: string | null;
  source: string;
}

/** Whether a person may use school systems now, and what is missing. */
export interface AccessDecision {
  person: string;
  at: string;
  allowed: boolean;
  /** AUP audiences still to be signed. */
  missing: string[];
  gaps: AccessGap[];
  satisfied: { audience: string; version: string; signed_at: string; expires: string | null }[];
  roles: string[];
  required: string[];
  rule: string;
  reason: string;
  source: string;
}

/** The answer to "may this person do this, now?". */
export interface PermissionDecision {
  person: string;
  action: string;
  outcome: "allowed" | "denied" | "needs_approval" | "needs_justification";
  approver_role: string | null;
  rule: string;
  reason: string;
  conditions: string[];
  missing: string[];
  source: string;
}

/** A published AUP version. */
export interface AupVersion {
  audience: string; version: string; effective: string; material: boolean;
  clauses: string[]; content_hash: string;
}

/** Clauses added, removed and changed between two AUP versions. */
export interface AupDiff {
  audience: string; version_a: string; version_b: string; hash_a: string; hash_b: string;
  material: boolean;
  added: { number: number; text: string }[];
  removed: { number: number; text: string }[];
  changed: { number_a: number; number_b: number; before: string; after: string }[];
  unchanged: number;
}

/** One person holding one role from a date. */
export interface Assignment {
  person: string; role: string; since: string; until: string | null;
  deputy_for: string | null; audience: string | null;
}

/** A signature of one AUP version. */
export interface Signature {
  signer: string; audience: string; version: string; content_hash: string; at: string;
  method: "paper" | "electronic" | "access_slip" | "class_charter";
  co_signer: string | null; signed_on_behalf_by: string | null; explained_to_pupil: boolean;
  class: string | null;
}

/** Who holds a role on a date. */
/** A required post with no holder on a date. */
export interface Vacancy {
  role: string; on: string; deputies: string[]; warning: string; source: string;
}

export interface RoleHolders {
  role: string; on: string; holders: string[]; deputies: string[]; vacant: boolean; no_deputy: boolean;
}
"#;

/// Reads a date: `YYYY-MM-DD` text or a `Date`.
fn date(value: &JsValue) -> Result<NaiveDate, JsValue> {
    if let Some(d) = value.dyn_ref::<js_sys::Date>() {
        return Ok(instant(&d.to_iso_string().into())?.date_naive());
    }
    let text = value
        .as_string()
        .ok_or_else(|| coded_error("invalid_date", "argument", "expected a YYYY-MM-DD string"))?;
    parse_date(&text).map_err(|e| to_js_error(&e))
}

/// Reads an instant: RFC 3339 text or a `Date`.
fn instant(value: &JsValue) -> Result<DateTime<Utc>, JsValue> {
    let text = match value.dyn_ref::<js_sys::Date>() {
        Some(d) => String::from(d.to_iso_string()),
        None => value.as_string().ok_or_else(|| {
            coded_error(
                "invalid_datetime",
                "argument",
                "expected an RFC 3339 string or a Date",
            )
        })?,
    };
    parse_instant(&text).map_err(|e| to_js_error(&e))
}

/// `someKey` → `some_key`, so JS callers may use camelCase keys.
fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads an optional plain object as JSON with snake_case keys (`undefined`/`null` → none).
fn options(value: Option<JsValue>) -> Result<Option<serde_json::Value>, JsValue> {
    let Some(value) = value.filter(|v| !v.is_undefined() && !v.is_null()) else {
        return Ok(None);
    };
    let json: serde_json::Value = serde_wasm_bindgen::from_value(value)
        .map_err(|e| coded_error("invalid_argument", "argument", &e.to_string()))?;
    Ok(Some(match json {
        serde_json::Value::Object(map) => {
            serde_json::Value::Object(map.into_iter().map(|(k, v)| (snake_case(&k), v)).collect())
        }
        other => other,
    }))
}

/// Deserialises options into a binding-side struct (unknown keys throw).
fn parse_options<T: for<'de> Deserialize<'de> + Default>(
    value: Option<JsValue>,
) -> Result<T, JsValue> {
    match options(value)? {
        None => Ok(T::default()),
        Some(json) => serde_json::from_value(json)
            .map_err(|e| coded_error("invalid_argument", "argument", &e.to_string())),
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AssignOptions {
    deputy_for: Option<String>,
    audience: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, default)]
struct PublishOptions {
    material: bool,
    clauses: Vec<String>,
}

impl Default for PublishOptions {
    fn default() -> Self {
        PublishOptions {
            material: true,
            clauses: Vec::new(),
        }
    }
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SignOptions {
    co_signer: Option<String>,
    signed_on_behalf_by: Option<String>,
    #[serde(default)]
    explained_to_pupil: bool,
    method: Option<String>,
    class_name: Option<String>,
}

/// A school's roles, AUPs, signatures and review schedule.
#[wasm_bindgen]
pub struct Registry {
    pub(crate) inner: CoreRegistry,
}

#[wasm_bindgen]
impl Registry {
    /// A registry with the default settings, or with settings (a `RegistrySettings` object,
    /// whose `preset` names a seed school, or its JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "RegistrySettings | string")]
        settings: Option<JsValue>,
    ) -> Result<Registry, JsValue> {
        let overrides = match settings.as_ref().and_then(JsValue::as_string) {
            Some(text) => Some(
                serde_json::from_str(&text)
                    .map_err(|e| coded_error("invalid_json", "argument", &e.to_string()))?,
            ),
            None => options(settings)?,
        };
        let settings =
            SchoolSettings::resolve(None, overrides.as_ref()).map_err(|e| to_js_error(&e))?;
        Ok(Registry {
            inner: CoreRegistry::with_settings(settings),
        })
    }

    /// The school settings.
    #[wasm_bindgen(getter, unchecked_return_type = "RegistrySettings")]
    pub fn settings(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.settings())
    }

    /// Records that `person` holds `role` from `since`.
    #[wasm_bindgen(unchecked_return_type = "Assignment")]
    pub fn assign(
        &mut self,
        person: &str,
        role: &str,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] since: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AssignOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let o: AssignOptions = parse_options(options)?;
        let a = self
            .inner
            .assign(
                person,
                role,
                date(&since)?,
                o.deputy_for.as_deref(),
                o.audience.as_deref(),
            )
            .map_err(|e| to_js_error(&e))?;
        to_js(&a)
    }

    /// Ends `person`'s `role` on `until` (the last day it is held).
    pub fn unassign(
        &mut self,
        person: &str,
        role: &str,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] until: JsValue,
    ) -> Result<(), JsValue> {
        self.inner
            .unassign(person, role, date(&until)?)
            .map_err(|e| to_js_error(&e))
    }

    /// Who holds `role` on `on`, with deputies.
    #[wasm_bindgen(unchecked_return_type = "RoleHolders")]
    pub fn holders(
        &self,
        role: &str,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        let h = self
            .inner
            .holders(role, date(&on)?)
            .map_err(|e| to_js_error(&e))?;
        to_js(&h)
    }

    /// The duties `person` carries on `on`.
    #[wasm_bindgen(
        unchecked_return_type = "{ role: string; duty: string; as_deputy: boolean; source: string }[]"
    )]
    pub fn duties(
        &self,
        person: &str,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.duties(person, date(&on)?))
    }

    /// The roles `person` holds on `on`.
    #[wasm_bindgen(js_name = rolesOf, unchecked_return_type = "string[]")]
    pub fn roles_of(
        &self,
        person: &str,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.roles_of(person, date(&on)?))
    }

    /// Publishes a version of an audience's AUP.
    #[wasm_bindgen(js_name = publishAup, unchecked_return_type = "AupVersion")]
    pub fn publish_aup(
        &mut self,
        audience: &str,
        version: &str,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] effective: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PublishOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let o: PublishOptions = parse_options(options)?;
        let v = self
            .inner
            .publish_aup(audience, version, date(&effective)?, o.material, &o.clauses)
            .map_err(|e| to_js_error(&e))?;
        to_js(&v)
    }

    /// Records `person`'s signature of an AUP version at `at`.
    #[wasm_bindgen(unchecked_return_type = "Signature")]
    pub fn sign(
        &mut self,
        person: &str,
        audience: &str,
        version: &str,
        #[wasm_bindgen(unchecked_param_type = "InstantInput")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SignOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let o: SignOptions = parse_options(options)?;
        let details = SignatureDetails {
            co_signer: o.co_signer,
            signed_on_behalf_by: o.signed_on_behalf_by,
            explained_to_pupil: o.explained_to_pupil,
            method: match o.method.as_deref() {
                Some(m) => m.parse().map_err(|e| to_js_error(&e))?,
                None => Default::default(),
            },
            class: o.class_name,
        };
        let s = self
            .inner
            .sign(person, audience, version, instant(&at)?, details)
            .map_err(|e| to_js_error(&e))?;
        to_js(&s)
    }

    /// Whether `person` may use school systems at `at`, and which AUPs are missing.
    #[wasm_bindgen(js_name = mayAccessSystems, unchecked_return_type = "AccessDecision")]
    pub fn may_access_systems(
        &self,
        person: &str,
        #[wasm_bindgen(unchecked_param_type = "InstantInput")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.may_access_systems(person, instant(&at)?))
    }

    /// Everyone holding a role at `at` without a current signature they need.
    #[wasm_bindgen(js_name = whoMustSign, unchecked_return_type = "string[]")]
    pub fn who_must_sign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "InstantInput")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.who_must_sign(instant(&at)?))
    }

    /// Decides whether `person` may do `action` at `at`.
    #[wasm_bindgen(unchecked_return_type = "PermissionDecision")]
    pub fn decide(
        &self,
        person: &str,
        action: &str,
        #[wasm_bindgen(unchecked_param_type = "InstantInput")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DecisionContext")] context: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let context = match options(context)? {
            Some(json) => DecisionContext::from_json(&json).map_err(|e| to_js_error(&e))?,
            None => DecisionContext::default(),
        };
        let d = self
            .inner
            .decide(person, action, instant(&at)?, &context)
            .map_err(|e| to_js_error(&e))?;
        to_js(&d)
    }

    /// Clauses added, removed and changed between two versions of an audience's AUP.
    #[wasm_bindgen(unchecked_return_type = "AupDiff")]
    pub fn diff(
        &self,
        audience: &str,
        version_a: &str,
        version_b: &str,
    ) -> Result<JsValue, JsValue> {
        let d = self
            .inner
            .diff(audience, version_a, version_b)
            .map_err(|e| to_js_error(&e))?;
        to_js(&d)
    }

    /// Records a review of `online_safety_policy` or `filtering_monitoring`.
    #[wasm_bindgen(js_name = recordReview)]
    pub fn record_review(
        &mut self,
        subject: &str,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] on: JsValue,
    ) -> Result<(), JsValue> {
        self.inner
            .record_review(subject, date(&on)?)
            .map_err(|e| to_js_error(&e))
    }

    /// Flags an event that makes a review due now.
    #[wasm_bindgen(js_name = flagReview)]
    pub fn flag_review(
        &mut self,
        subject: &str,
        trigger: &str,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] on: JsValue,
    ) -> Result<(), JsValue> {
        self.inner
            .flag_review(subject, trigger, date(&on)?)
            .map_err(|e| to_js_error(&e))
    }

    /// Where both reviews stand on `on`.
    #[wasm_bindgen(js_name = reviewStatus, unchecked_return_type = "{ subject: string; last_reviewed: string | null; due: string | null; overdue: boolean; open_triggers: { subject: string; trigger: string; on: string }[]; reviewer_roles: string[]; vacant_reviewer_roles: string[]; warnings: string[]; source: string }[]")]
    pub fn review_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.review_status(date(&on)?))
    }

    /// Required posts (`dsl`, `headteacher`, `slt_fm_lead`) no one holds on `on`; a post
    /// covered only by deputies is vacant.
    #[wasm_bindgen(unchecked_return_type = "Vacancy[]")]
    pub fn vacancies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DateInput")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.vacancies(date(&on)?))
    }

    /// The whole registry as a versioned JSON document.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// Reads a registry saved with `toJson`.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<Registry, JsValue> {
        CoreRegistry::from_json(text)
            .map(|inner| Registry { inner })
            .map_err(|e| to_js_error(&e))
    }
}
