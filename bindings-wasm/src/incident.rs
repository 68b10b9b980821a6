//! `escalate`, `SchoolProfile`, `draftIncident` and `planToText` from JavaScript.
//!
//! Results are plain objects (the same keys as the JSON form and Python's `to_dict()`).

use crate::convert::from_js;
use crate::errors::{to_js, to_js_error};
use esafety_core::incident::{
    Incident, IncidentError, PRESET_NAMES, Plan, SchoolProfile as CoreProfile,
    draft_incident_json as core_draft, escalate as core_escalate,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_INCIDENT: &str = r#"
/** The incident dict (DOMAIN.md §7): every key optional; facts not given are false. */
export interface Incident {
  reported_at?: string | null;
  reporter?: string | null;
  subjects?: { role: string; age?: number | null; year_group?: number | string | null; id?: string | null }[];
  alleged?: "pupil" | "staff" | "headteacher" | "parent" | "adult_outside" | "unknown" | null;
  location?: "on_site" | "off_site" | "remote" | null;
  device?: "school" | "personal" | null;
  facts?: { [fact: string]: boolean | null };
  tags?: string[];
  hits?: { kind?: "url" | "term"; category?: string; url_category?: string; term_category?: string;
           severity?: number; url?: string; term?: string }[];
  id?: string | null;
}

/** Contact details from the school profile. */
export interface Contact {
  name?: string; phone?: string; email?: string; url?: string; how?: string; area?: string; source?: string;
}

/** One step of a plan. */
export interface Step {
  action: string;
  /** A role id (`dsl`, `chair_of_governors`) or an external contact id (`lado`, `police_emergency`). */
  recipient: string;
  deadline: "immediately" | "same_day" | "within_1_working_day" | "within_72h" | "routine";
  /** `true`: must be done; `false`: consider it. */
  mandatory: boolean;
  source: string;
  contact: Contact | null;
  note: string | null;
}

/** What staff must do, and never do, about one incident. */
export interface Plan {
  category: string;
  secondary: string[];
  area: "content" | "contact" | "conduct" | "commerce" | "data_protection";
  severity: number;
  ukcis_triggers: ("a" | "b" | "c" | "d" | "e")[];
  reasons: { rule: string; text: string; source: string }[];
  steps: Step[];
  forbidden: string[];
  forbidden_details: { action: string; text: string; source: string }[];
  inform_parents: "yes" | "no" | "unless_risk";
  out_of_hours: boolean;
  profile: string;
  warnings: string[];
  schemaVersion: number;
}

/** A profile warning: a flagged or missing contact, or leftover seed text. */
export interface ProfileWarning { code: string; key: string; message: string; source: string }

/** The JSON form of a school profile. */
export interface SchoolProfileDocument {
  id: string;
  name: string;
  local_authority: string | null;
  contacts: { [recipient: string]: Contact };
  ignored_contacts: { [recipient: string]: Contact };
  settings: { [setting: string]: string | boolean };
  warnings: ProfileWarning[];
  schemaVersion: number;
}

/** A monitoring match or a filter block. */
export interface Alert {
  kind?: "term" | "url"; category: string; severity?: number; at?: string; url?: string; term?: string;
  role?: string; age?: number; year_group?: number; device?: "school" | "personal";
  location?: "on_site" | "off_site" | "remote"; user_id?: string; deliberate?: boolean;
}
/** What a scanner match or a filter decision does not say about the event. */
export interface DraftContext {
  at?: string; role?: string; age?: number; year_group?: number | string; user_id?: string;
  device?: "school" | "personal"; location?: "on_site" | "off_site" | "remote"; deliberate?: boolean;
}
"#;

/// The coded error, plus `field` and `file` properties.
fn incident_error(error: &IncidentError) -> JsValue {
    let value = to_js_error(error);
    let field: JsValue = error.field().map_or(JsValue::NULL, JsValue::from);
    let file: JsValue = error.file().map_or(JsValue::NULL, JsValue::from);
    let _ = js_sys::Reflect::set(&value, &"field".into(), &field);
    let _ = js_sys::Reflect::set(&value, &"file".into(), &file);
    value
}

fn read_incident(incident: JsValue) -> Result<Incident, JsValue> {
    let parsed = match incident.as_string() {
        Some(text) => Incident::from_json_str(&text),
        None => Incident::from_json_value(&from_js::<serde_json::Value>(incident)?),
    };
    parsed.map_err(|e| incident_error(&e))
}

/// A school's local contacts and settings (DOMAIN.md §8).
#[wasm_bindgen]
pub struct SchoolProfile {
    inner: CoreProfile,
}

#[wasm_bindgen]
impl SchoolProfile {
    /// A built-in profile: `national`, `kilby`, `highgate`, `ely`, `whitwell`,
    /// `russell_house`. Throws `incident_unknown_preset` otherwise.
    pub fn preset(name: &str) -> Result<SchoolProfile, JsValue> {
        CoreProfile::preset(name)
            .map(|inner| SchoolProfile { inner })
            .map_err(|e| incident_error(&e))
    }

    /// The national defaults.
    pub fn national() -> SchoolProfile {
        SchoolProfile {
            inner: CoreProfile::national(),
        }
    }

    /// Reads a profile from TOML or JSON text; `label` (a file name) names it in errors.
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(label: &str, text: &str) -> Result<SchoolProfile, JsValue> {
        CoreProfile::from_text(label, text)
            .map(|inner| SchoolProfile { inner })
            .map_err(|e| incident_error(&e))
    }

    /// The preset names.
    #[wasm_bindgen(js_name = presetNames)]
    pub fn preset_names() -> Vec<String> {
        PRESET_NAMES.iter().map(|s| (*s).to_owned()).collect()
    }

    /// The profile id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The school's name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// The local authority, when known.
    #[wasm_bindgen(getter, js_name = localAuthority)]
    pub fn local_authority(&self) -> Option<String> {
        self.inner.local_authority.clone()
    }

    /// Flagged or missing contacts and leftover seed text.
    #[wasm_bindgen(getter, unchecked_return_type = "ProfileWarning[]")]
    pub fn warnings(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.warnings)
    }

    /// The profile as a plain object (also what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "SchoolProfileDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.to_json_value())
    }

    /// Escalates an incident with this profile.
    #[wasm_bindgen(unchecked_return_type = "Plan")]
    pub fn escalate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Incident | string")] incident: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&core_escalate(&read_incident(incident)?, &self.inner).to_json_value())
    }
}

/// Escalates an incident; `profile` is a `SchoolProfile` (or its `toJSON()` document), a
/// preset name, or `null`/`undefined` for the national defaults. Throws an `EsafetyError`
/// with `code` and `field` for unknown fields or values.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn escalate(
    #[wasm_bindgen(unchecked_param_type = "Incident | string")] incident: JsValue,
    #[wasm_bindgen(
        unchecked_param_type = "SchoolProfile | SchoolPolicy | SchoolProfileDocument | string | null | undefined"
    )]
    profile: JsValue,
) -> Result<JsValue, JsValue> {
    let incident = read_incident(incident)?;
    let profile = if profile.is_null() || profile.is_undefined() {
        CoreProfile::national()
    } else if let Some(policy) = crate::policy::policy_ref(&profile) {
        policy.incident_profile().clone()
    } else if let Some(name) = profile.as_string() {
        CoreProfile::preset(&name).map_err(|e| incident_error(&e))?
    } else {
        // A SchoolProfile instance serialises itself through toJSON(); a document is used as is.
        let to_json = js_sys::Reflect::get(&profile, &"toJSON".into())?;
        let document = match to_json.dyn_ref::<js_sys::Function>() {
            Some(f) => f.call0(&profile)?,
            None => profile,
        };
        from_js::<CoreProfile>(document)?
    };
    to_js(&core_escalate(&incident, &profile).to_json_value())
}

/// Turns an alert, a scanner match or a filter decision (each as the API returns it) into
/// a draft incident, or `null` for a decision that names no category. `context` gives what
/// a match or decision does not say (`at`, `age`, ...).
#[wasm_bindgen(js_name = draftIncident, unchecked_return_type = "Incident | null")]
pub fn draft_incident(
    #[wasm_bindgen(unchecked_param_type = "Alert | Match | Decision")] alert: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DraftContext | null")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let alert = from_js::<serde_json::Value>(alert)?;
    let context = match context {
        Some(c) if !c.is_null() && !c.is_undefined() => Some(from_js::<serde_json::Value>(c)?),
        _ => None,
    };
    match core_draft(&alert, context.as_ref()).map_err(|e| incident_error(&e))? {
        Some(incident) => to_js(&incident.to_json_value()),
        None => Ok(JsValue::NULL),
    }
}

/// The plan for a person: the forbidden actions first, then numbered steps.
#[wasm_bindgen(js_name = planToText)]
pub fn plan_to_text(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
) -> Result<String, JsValue> {
    Ok(from_js::<Plan>(plan)?.to_text())
}
