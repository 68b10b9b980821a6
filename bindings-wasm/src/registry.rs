//! `Registry`: roles, AUP signatures and permission decisions from JavaScript.
//!
//! Dates (`YYYY-MM-DD`) and instants (RFC 3339) are strings or `Date`s, parsed by core.
//! Options and the decision context are plain objects whose keys may be camelCase
//! (`deputyFor`, `pupilConsent`) or snake_case.

use crate::convert::{self, date, instant, json_object};
use crate::errors::{Throw, coded_error, to_js};
use esafety_core::registry::{
    DecisionContext, PublishOptions, Registry as CoreRegistry, SchoolSettings, SignatureDetails,
};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

/// The options of `assign` (no core type: two optional ids).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AssignOptions {
    deputy_for: Option<String>,
    audience: Option<String>,
}

/// A school's roles, AUPs, signatures and review schedule.
#[wasm_bindgen]
pub struct Registry {
    pub(crate) inner: CoreRegistry,
}

#[wasm_bindgen]
impl Registry {
    /// A registry with the default settings, or with settings (an object whose `preset`
    /// names a seed school, or its JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_optional_param_type = "SchoolSettings | string")] settings: Option<
            JsValue,
        >,
    ) -> Result<Registry, JsValue> {
        let overrides = match settings.as_ref().and_then(JsValue::as_string) {
            Some(text) => Some(
                serde_json::from_str(&text)
                    .map_err(|e| coded_error("invalid_json", "argument", &e.to_string()))?,
            ),
            None => json_object(settings)?,
        };
        let settings = SchoolSettings::resolve(None, overrides.as_ref()).or_throw()?;
        Ok(Registry {
            inner: CoreRegistry::with_settings(settings),
        })
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
        person: &str,
        role: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] since: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AssignOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let o: AssignOptions = convert::options(options)?;
        let (deputy_for, audience) = (o.deputy_for.as_deref(), o.audience.as_deref());
        let a = self
            .inner
            .assign(person, role, date(&since)?, deputy_for, audience);
        to_js(&a.or_throw()?)
    }

    /// Ends `person`'s `role` on `until` (the last day it is held).
    pub fn unassign(
        &mut self,
        person: &str,
        role: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] until: JsValue,
    ) -> Result<(), JsValue> {
        self.inner.unassign(person, role, date(&until)?).or_throw()
    }

    /// Who holds `role` on `on`, with deputies.
    #[wasm_bindgen(unchecked_return_type = "RoleHolders")]
    pub fn holders(
        &self,
        role: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.holders(role, date(&on)?).or_throw()?)
    }

    /// The duties `person` carries on `on`.
    #[wasm_bindgen(unchecked_return_type = "Duty[]")]
    pub fn duties(
        &self,
        person: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.duties(person, date(&on)?))
    }

    /// The roles `person` holds on `on`.
    #[wasm_bindgen(js_name = rolesOf, unchecked_return_type = "Role[]")]
    pub fn roles_of(
        &self,
        person: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.roles_of(person, date(&on)?))
    }

    /// Publishes a version of an audience's AUP.
    #[wasm_bindgen(js_name = publishAup, unchecked_return_type = "AupVersion")]
    pub fn publish_aup(
        &mut self,
        audience: &str,
        version: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] effective: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PublishOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let o: PublishOptions = convert::options(options)?;
        let effective = date(&effective)?;
        let v = (self.inner).publish_aup(audience, version, effective, o.material, &o.clauses);
        to_js(&v.or_throw()?)
    }

    /// Records `person`'s signature of an AUP version at `at`.
    #[wasm_bindgen(unchecked_return_type = "Signature")]
    pub fn sign(
        &mut self,
        person: &str,
        audience: &str,
        version: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SignOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let details: SignatureDetails = convert::options(options)?;
        let s = (self.inner).sign(person, audience, version, instant(&at)?, details);
        to_js(&s.or_throw()?)
    }

    /// Whether `person` may use school systems at `at`, and which AUPs are missing.
    #[wasm_bindgen(js_name = mayAccessSystems, unchecked_return_type = "AccessDecision")]
    pub fn may_access_systems(
        &self,
        person: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.may_access_systems(person, instant(&at)?))
    }

    /// Everyone holding a role at `at` without a current signature they need.
    #[wasm_bindgen(js_name = whoMustSign, unchecked_return_type = "string[]")]
    pub fn who_must_sign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.who_must_sign(instant(&at)?))
    }

    /// Decides whether `person` may do `action` at `at`.
    #[wasm_bindgen(unchecked_return_type = "PermissionDecision")]
    pub fn decide(
        &self,
        person: &str,
        action: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] at: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "DecisionFacts")] context: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let context = match json_object(context)? {
            Some(json) => DecisionContext::from_json(&json).or_throw()?,
            None => DecisionContext::default(),
        };
        to_js(
            &(self.inner)
                .decide(person, action, instant(&at)?, &context)
                .or_throw()?,
        )
    }

    /// Clauses added, removed and changed between two versions of an audience's AUP.
    #[wasm_bindgen(unchecked_return_type = "AupDiff")]
    pub fn diff(
        &self,
        audience: &str,
        version_a: &str,
        version_b: &str,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.diff(audience, version_a, version_b).or_throw()?)
    }

    /// Records a review of `online_safety_policy` or `filtering_monitoring`.
    #[wasm_bindgen(js_name = recordReview)]
    pub fn record_review(
        &mut self,
        subject: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] on: JsValue,
    ) -> Result<(), JsValue> {
        self.inner.record_review(subject, date(&on)?).or_throw()
    }

    /// Flags an event that makes a review due now.
    #[wasm_bindgen(js_name = flagReview)]
    pub fn flag_review(
        &mut self,
        subject: &str,
        trigger: &str,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] on: JsValue,
    ) -> Result<(), JsValue> {
        self.inner
            .flag_review(subject, trigger, date(&on)?)
            .or_throw()
    }

    /// Where both reviews stand on `on`.
    #[wasm_bindgen(js_name = reviewStatus, unchecked_return_type = "ReviewStatus[]")]
    pub fn review_status(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] on: JsValue,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.inner.review_status(date(&on)?))
    }

    /// Required posts (`dsl`, `headteacher`, `slt_fm_lead`) no one holds on `on`; a post
    /// covered only by deputies is vacant.
    #[wasm_bindgen(unchecked_return_type = "Vacancy[]")]
    pub fn vacancies(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | Date")] on: JsValue,
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
        let inner = CoreRegistry::from_json(text).or_throw()?;
        Ok(Registry { inner })
    }
}
