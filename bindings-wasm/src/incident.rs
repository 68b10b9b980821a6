//! `escalate`, `SchoolProfile`, `draftIncident` and `planToText` from JavaScript.
//!
//! Results are plain objects (the same keys as the JSON form and Python's `to_dict()`).
//! Errors carry `field` and `file` besides `code`.

use crate::args::Text;
use crate::convert::{IncidentArg, from_js};
use crate::errors::{Throw, plain, to_js};
use esafety_core::incident::{self as core, Incident, PRESET_NAMES, Plan, SchoolProfile as Core};
use wasm_bindgen::prelude::*;

/// An incident argument: the object or its JSON text.
fn read_incident(incident: IncidentArg) -> Result<Incident, JsValue> {
    match crate::json::string(&incident, "incident") {
        Some(text) => Incident::from_json_str(&text?).or_throw(),
        None => Incident::from_json_value(&from_js(incident)?).or_throw(),
    }
}

class!(
    /// A school's local contacts and settings (DOMAIN.md §8).
    SchoolProfile(Core)
);

#[wasm_bindgen]
impl SchoolProfile {
    /// A built-in profile: `national`, `kilby`, `highgate`, `ely`, `whitwell`,
    /// `russell_house`. Throws `incident_unknown_preset` otherwise.
    pub fn preset(
        #[wasm_bindgen(unchecked_param_type = "PresetId")] name: Text,
    ) -> Result<SchoolProfile, JsValue> {
        text_args!(name);
        Core::preset(name).or_throw_as()
    }

    /// The national defaults.
    pub fn national() -> SchoolProfile {
        Core::national().into()
    }

    /// Reads a profile from TOML or JSON text; `label` (a file name) names it in errors.
    #[wasm_bindgen(js_name = fromText)]
    pub fn from_text(label: Text, text: Text) -> Result<SchoolProfile, JsValue> {
        text_args!(label, text);
        Core::from_text(label, text).or_throw_as()
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

    /// The profile document in the wire format (what `JSON.stringify` writes).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "WireDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        plain(&self.inner.to_json_value())
    }

    /// Escalates an incident with this profile.
    #[wasm_bindgen(unchecked_return_type = "Plan")]
    pub fn escalate(&self, incident: IncidentArg) -> Result<JsValue, JsValue> {
        to_js(&core::escalate(&read_incident(incident)?, &self.inner).to_json_value())
    }
}

/// Escalates an incident; `profile` is a `SchoolProfile` (or its `toJSON()` document), a
/// `SchoolPolicy`, a preset name, or `null`/`undefined` for the national defaults. Throws
/// an `EsafetyError` with `code` and `field` for unknown fields or values.
#[wasm_bindgen(unchecked_return_type = "Plan")]
pub fn escalate(
    incident: IncidentArg,
    #[wasm_bindgen(
        unchecked_optional_param_type = "SchoolProfile | SchoolPolicy | SchoolProfileDocument | WireDocument | PresetId | null"
    )]
    profile: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let incident = read_incident(incident)?;
    let profile = match profile.filter(|p| !p.is_null() && !p.is_undefined()) {
        None => Core::national(),
        Some(profile) => profile_arg(profile)?,
    };
    to_js(&core::escalate(&incident, &profile).to_json_value())
}

/// A profile argument: a `SchoolPolicy`, a preset name, a `SchoolProfile` (read through
/// its `toJSON()` document) or a profile document.
fn profile_arg(profile: JsValue) -> Result<Core, JsValue> {
    if let Some(policy) = crate::policy::policy_ref(&profile) {
        return Ok(policy.incident_profile().clone());
    }
    if let Some(name) = crate::json::string(&profile, "profile") {
        return Core::preset(&name?).or_throw();
    }
    if !profile.is_object() {
        let kind = crate::args::kind(&profile);
        return Err(crate::errors::invalid(&format!(
            "`profile` must be a SchoolProfile, a SchoolPolicy, a preset id or a profile \
             document, not {kind}"
        )));
    }
    // A revoked proxy: `invalid_argument`, where `Reflect.get` would throw a plain TypeError.
    crate::json::is_array(&profile, "profile")?;
    let to_json = js_sys::Reflect::get(&profile, &"toJSON".into())?;
    let document = match to_json.dyn_ref::<js_sys::Function>() {
        Some(f) => f.call0(&profile)?,
        None => profile,
    };
    from_js::<Core>(document)
}

/// Turns an alert, a scanner match or a filter decision (each as the API returns it) into
/// a draft incident, or `null` for a decision that names no category. `context` gives what
/// a match or decision does not say (`at`, `age`, ...).
#[wasm_bindgen(js_name = draftIncident, unchecked_return_type = "Incident | null")]
pub fn draft_incident(
    #[wasm_bindgen(unchecked_param_type = "Alert | Match | Decision | WireDocument")]
    alert: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "DraftContext | null")] context: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let (alert, context) = (from_js(alert)?, context.map(from_js).transpose()?);
    match core::draft_incident_json(&alert, context.as_ref()).or_throw()? {
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
