//! `Registry`: roles, AUP signatures and permission decisions from JavaScript.
//!
//! Dates (`YYYY-MM-DD`) and instants (RFC 3339) are strings or `Date`s, parsed by core.
//! Options and the decision context are plain objects whose keys may be camelCase
//! (`deputyFor`, `pupilConsent`) or snake_case.

use crate::args::Text;
use crate::convert::{
    self, Settings, Time, date, instant, json_object, json_value, parse_json, wire_text,
};
use crate::errors::{Throw, js_result, to_js};
use esafety_core::registry::{
    DecisionContext, PublishOptions, Registry as CoreRegistry, SchoolSettings, SignatureDetails,
};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The options of `assign` (no core type: two optional ids).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AssignOptions {
    deputy_for: Option<String>,
    audience: Option<String>,
}

class!(shared
    /// A school's roles, AUPs, signatures and review schedule.
    Registry(CoreRegistry)
);

#[wasm_bindgen]
impl Registry {
    /// A registry with the default settings, or with settings (an object whose `preset`
    /// names a seed school, or its JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(settings: Option<Settings>) -> Result<Registry, JsValue> {
        let overrides = settings.map(|s| json_value(&s)).transpose()?;
        let settings = SchoolSettings::resolve(None, overrides.as_ref()).or_throw()?;
        Ok(CoreRegistry::with_settings(settings).into())
    }

    /// The school settings.
    #[wasm_bindgen(getter, unchecked_return_type = "SchoolSettings")]
    pub fn settings(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.settings())
    }

    /// Records that `person` holds `role` from `since`.
    #[wasm_bindgen(unchecked_return_type = "Assignment")]
    pub fn assign(
        &mut self,
        person: Text,
        #[wasm_bindgen(unchecked_param_type = "Role")] role: Text,
        since: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "AssignOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        text_args!(person, role);
        let o: AssignOptions = convert::options(options)?;
        let (deputy_for, audience) = (o.deputy_for.as_deref(), o.audience.as_deref());
        let since = date(&since)?;
        js_result(self.inner.assign(person, role, since, deputy_for, audience))
    }

    /// Ends `person`'s `role` on `until` (the last day it is held).
    pub fn unassign(
        &mut self,
        person: Text,
        #[wasm_bindgen(unchecked_param_type = "Role")] role: Text,
        until: Time,
    ) -> Result<(), JsValue> {
        text_args!(person, role);
        self.inner.unassign(person, role, date(&until)?).or_throw()
    }

    /// Who holds `role` on `on`, with deputies.
    #[wasm_bindgen(unchecked_return_type = "RoleHolders")]
    pub fn holders(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Role")] role: Text,
        on: Time,
    ) -> Result<JsValue, JsValue> {
        text_args!(role);
        js_result(self.inner.holders(role, date(&on)?))
    }

    /// The duties `person` carries on `on`.
    #[wasm_bindgen(unchecked_return_type = "Duty[]")]
    pub fn duties(&self, person: Text, on: Time) -> Result<JsValue, JsValue> {
        text_args!(person);
        to_js(&self.inner.duties(person, date(&on)?))
    }

    /// The roles `person` holds on `on`.
    #[wasm_bindgen(js_name = rolesOf, unchecked_return_type = "Role[]")]
    pub fn roles_of(&self, person: Text, on: Time) -> Result<JsValue, JsValue> {
        text_args!(person);
        to_js(&self.inner.roles_of(person, date(&on)?))
    }

    /// Publishes a version of an audience's AUP.
    #[wasm_bindgen(js_name = publishAup, unchecked_return_type = "AupVersion")]
    pub fn publish_aup(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "AupAudience")] audience: Text,
        version: Text,
        effective: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "PublishOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        text_args!(audience, version);
        let o: PublishOptions = convert::options(options)?;
        let effective = date(&effective)?;
        let (material, clauses) = (o.material, &o.clauses);
        js_result(
            self.inner
                .publish_aup(audience, version, effective, material, clauses),
        )
    }

    /// Records `person`'s signature of an AUP version at `at`.
    #[wasm_bindgen(unchecked_return_type = "Signature")]
    pub fn sign(
        &mut self,
        person: Text,
        #[wasm_bindgen(unchecked_param_type = "AupAudience")] audience: Text,
        version: Text,
        at: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "SignOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        text_args!(person, audience, version);
        let details: SignatureDetails = convert::options(options)?;
        js_result(
            self.inner
                .sign(person, audience, version, instant(&at)?, details),
        )
    }

    /// Whether `person` may use school systems at `at`, and which AUPs are missing.
    #[wasm_bindgen(js_name = mayAccessSystems, unchecked_return_type = "AccessDecision")]
    pub fn may_access_systems(&self, person: Text, at: Time) -> Result<JsValue, JsValue> {
        text_args!(person);
        to_js(&self.inner.may_access_systems(person, instant(&at)?))
    }

    /// Everyone holding a role at `at` without a current signature they need.
    #[wasm_bindgen(js_name = whoMustSign, unchecked_return_type = "string[]")]
    pub fn who_must_sign(&self, at: Time) -> Result<JsValue, JsValue> {
        to_js(&self.inner.who_must_sign(instant(&at)?))
    }

    /// Decides whether `person` may do `action` at `at`.
    #[wasm_bindgen(unchecked_return_type = "PermissionDecision")]
    pub fn decide(
        &self,
        person: Text,
        #[wasm_bindgen(unchecked_param_type = "RegistryAction")] action: Text,
        at: Time,
        #[wasm_bindgen(unchecked_optional_param_type = "DecisionFacts")] context: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        text_args!(person, action);
        let context = match json_object(context)? {
            Some(json) => DecisionContext::from_json(&json).or_throw()?,
            None => DecisionContext::default(),
        };
        js_result(self.inner.decide(person, action, instant(&at)?, &context))
    }

    /// Clauses added, removed and changed between two versions of an audience's AUP.
    #[wasm_bindgen(unchecked_return_type = "AupDiff")]
    pub fn diff(
        &self,
        #[wasm_bindgen(unchecked_param_type = "AupAudience")] audience: Text,
        version_a: Text,
        version_b: Text,
    ) -> Result<JsValue, JsValue> {
        text_args!(audience, version_a, version_b);
        js_result(self.inner.diff(audience, version_a, version_b))
    }

    /// Records a review of `online_safety_policy` or `filtering_monitoring`.
    #[wasm_bindgen(js_name = recordReview)]
    pub fn record_review(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ReviewSubject")] subject: Text,
        on: Time,
    ) -> Result<(), JsValue> {
        text_args!(subject);
        self.inner.record_review(subject, date(&on)?).or_throw()
    }

    /// Flags an event that makes a review due now.
    #[wasm_bindgen(js_name = flagReview)]
    pub fn flag_review(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "ReviewSubject")] subject: Text,
        #[wasm_bindgen(unchecked_param_type = "ReviewTrigger")] trigger: Text,
        on: Time,
    ) -> Result<(), JsValue> {
        text_args!(subject, trigger);
        let on = date(&on)?;
        self.inner.flag_review(subject, trigger, on).or_throw()
    }

    /// Where both reviews stand on `on`.
    #[wasm_bindgen(js_name = reviewStatus, unchecked_return_type = "ReviewStatus[]")]
    pub fn review_status(&self, on: Time) -> Result<JsValue, JsValue> {
        to_js(&self.inner.review_status(date(&on)?))
    }

    /// Required posts (`dsl`, `headteacher`, `slt_fm_lead`) no one holds on `on`; a post
    /// covered only by deputies is vacant.
    #[wasm_bindgen(unchecked_return_type = "Vacancy[]")]
    pub fn vacancies(&self, on: Time) -> Result<JsValue, JsValue> {
        to_js(&self.inner.vacancies(date(&on)?))
    }

    /// The whole registry as a versioned document in the wire format (what
    /// `JSON.stringify(registry)` writes; `fromJson` reads it).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "WireDocument")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        parse_json(&self.inner.to_json())
    }

    /// The document as JSON text.
    ///
    /// @deprecated Use `JSON.stringify(registry)`.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json_text(&self) -> String {
        self.inner.to_json()
    }

    /// Reads a registry document (JSON text or the object `toJSON()` returns).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | WireDocument")] document: JsValue,
    ) -> Result<Registry, JsValue> {
        CoreRegistry::from_json(&wire_text(&document)?).or_throw_as()
    }
}
