//! `SchoolPolicy` and the vocabulary lists from JavaScript (core module
//! `esafety_core::policy`): conversion only.

use crate::args::Text;
use crate::convert::wire_text;
use crate::errors::{Throw, coded_error, document, to_js};
use esafety_core::policy::{self as core, PRESET_IDS};
use esafety_core::vocabulary::{Audience, Role};
use wasm_bindgen::prelude::*;

class!(
    /// One school's policy document; every engine can be built from it. Invalid documents
    /// throw an `EsafetyError` whose `problems` lists every problem.
    SchoolPolicy(core::SchoolPolicy)
);

#[wasm_bindgen]
impl SchoolPolicy {
    /// A built-in policy: `national`, `kilby`, `highgate`, `ely`, `whitwell`,
    /// `russell_house` (`default`, `seed_000` … `seed_004` are aliases).
    pub fn preset(
        #[wasm_bindgen(unchecked_param_type = "PresetId")] id: Text,
    ) -> Result<SchoolPolicy, JsValue> {
        text_args!(id);
        core::SchoolPolicy::preset(id).or_throw_as()
    }

    /// The built-in policy ids, `national` first.
    #[wasm_bindgen(js_name = presetIds)]
    pub fn preset_ids() -> Vec<String> {
        PRESET_IDS.iter().map(|s| (*s).to_owned()).collect()
    }

    /// Reads a policy document from TOML text.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(text: Text) -> Result<SchoolPolicy, JsValue> {
        text_args!(text);
        core::SchoolPolicy::from_toml(text).or_throw_as()
    }

    /// Reads a policy document from JSON text or a plain object.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | PolicyDocument | WireDocument")]
        document: JsValue,
    ) -> Result<SchoolPolicy, JsValue> {
        core::SchoolPolicy::from_json(&wire_text(&document)?).or_throw_as()
    }

    /// The school's id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// The document as TOML text.
    #[wasm_bindgen(js_name = toToml)]
    pub fn to_toml(&self) -> Result<String, JsValue> {
        self.inner.to_toml().or_throw()
    }

    /// The document in the wire format (what `JSON.stringify` writes; `fromJson` reads it).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "WireDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        document(self.inner.document())
    }
}

/// The eight audience ids.
#[wasm_bindgen]
pub fn audiences() -> Vec<String> {
    Audience::IDS.iter().map(|s| (*s).to_owned()).collect()
}

/// The role ids.
#[wasm_bindgen]
pub fn roles() -> Vec<String> {
    Role::ALL.iter().map(|r| r.as_str().to_owned()).collect()
}

/// Every category of the vocabulary.
#[wasm_bindgen(unchecked_return_type = "CategoryInfo[]")]
pub fn categories() -> Result<JsValue, JsValue> {
    to_js(&esafety_core::vocabulary::categories())
}

/// A `SchoolPolicy` passed where a profile or policy is accepted, read back through its
/// `toToml()` text (so no Rust object is borrowed across the call); `None` for any other
/// value.
pub fn policy_ref(value: &JsValue) -> Option<core::SchoolPolicy> {
    let to_toml = js_sys::Reflect::get(value, &"toToml".into()).ok()?;
    let text = to_toml.dyn_ref::<js_sys::Function>()?.call0(value).ok()?;
    core::SchoolPolicy::from_toml(&text.as_string()?).ok()
}

/// A `policy` argument: a `SchoolPolicy` or a preset id; throws otherwise.
pub fn policy_arg(value: &JsValue) -> Result<core::SchoolPolicy, JsValue> {
    if let Some(id) = crate::json::string(value, "policy") {
        return core::SchoolPolicy::preset(&id?).or_throw();
    }
    let message = "`policy` must be a SchoolPolicy or a preset id";
    policy_ref(value).ok_or_else(|| coded_error("invalid_argument", "argument", message))
}
