//! `esafety.Registry`: roles, AUP signatures and permission decisions (core module
//! `esafety_core::registry`). Its `AccessDecision` and `PermissionDecision` are the
//! generated `esafety._wire` dataclasses.

use crate::args::{Flag, Text, Texts};
use crate::convert::{Obj, OrRaise, argument_error, date_text, instant_text, options};
use crate::convert::{json_text_arg, py_to_json, to_result, wire};
use crate::exclusive::{change, read};
use chrono::{DateTime, NaiveDate, Utc};
use esafety_core::registry::{self as core, DecisionContext, Registry as CoreRegistry};
use esafety_core::registry::{SchoolSettings, parse_date, parse_instant};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde_json::Value;

crate::convert::parsed_arg!(
    /// An instant as `Instant` reads it, a bad one raising `RegistryError`.
    At(DateTime<Utc>) = instant_text => parse_instant
);
crate::convert::parsed_arg!(
    /// A date as `Day` reads it, a bad one raising `RegistryError` (`invalid_date`).
    On(NaiveDate) = date_text => parse_date
);

/// The settings overrides: `settings` (a dict or JSON text) with the keyword fields on top.
fn overrides(
    settings: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<Option<Value>> {
    let extra: serde_json::Map<String, Value> = options(fields)?;
    let text = settings.map(json_text_arg).transpose()?;
    let parsed = text.map(|t| serde_json::from_str(&t)).transpose();
    let merged = parsed.map_err(|e| argument_error("invalid_json", e.to_string()))?;
    match (merged, extra.is_empty()) {
        (merged, true) => Ok(merged),
        (None, false) => Ok(Some(Value::Object(extra))),
        (Some(Value::Object(mut map)), false) => {
            map.extend(extra);
            Ok(Some(Value::Object(map)))
        }
        (Some(_), false) => {
            let message = "`settings` must be a dict or JSON object text".to_owned();
            Err(argument_error("invalid_argument", message))
        }
    }
}

/// A school's roles, AUPs, signatures and review schedule.
///
/// Dates (``since``, ``effective``, ``on``) are ``date`` objects or ``YYYY-MM-DD`` strings;
/// instants (``at``) are timezone-aware ``datetime`` objects, RFC 3339 strings, or a
/// ``date`` (midnight in England).
///
/// A registry with the default settings, a preset (``national``, ``kilby`` ...
/// ``russell_house``, or ``seed_000`` ... ``seed_004``), a school ``policy``,
/// and/or settings overrides (a dict or JSON text, or keyword fields such as
/// ``search_rule="pupil_consent"`` or ``aup_refresh={"every_days": 180}``).
///
/// Raises:
///     RegistryError: ``registry_unknown_preset`` or ``registry_invalid_settings``.
#[pyclass(module = "esafety", name = "Registry")]
pub struct Registry(pub(crate) CoreRegistry);

#[pymethods]
impl Registry {
    #[new]
    #[pyo3(signature = (preset = None, settings = None, *, policy = None, **fields))]
    fn new(
        preset: Option<Text>,
        settings: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        fields: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let overrides = overrides(settings, fields)?;
        let settings = match (policy, preset.as_deref()) {
            (Some(_), Some(_)) => return Err(crate::convert::not_both("preset", "policy")),
            (Some(p), None) => {
                let settings = crate::policy::policy_arg(p)?.registry_settings();
                settings.with_overrides(overrides.as_ref())
            }
            (None, preset) => SchoolSettings::resolve(preset, overrides.as_ref()),
        };
        Ok(Registry(CoreRegistry::with_settings(settings.or_raise()?)))
    }

    /// The school settings.
    #[getter]
    fn settings(slf: PyRef<'_, Self>) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.settings().clone()))
    }

    /// Record that ``person`` holds ``role`` (a DOMAIN.md §2 id) from ``since``.
    ///
    /// ``deputy_for`` names the person deputised for; ``audience`` names the AUP audience when
    /// the role does not say it (``pupil_ks2`` for a pupil).
    #[pyo3(signature = (person, role, since, *, deputy_for = None, audience = None))]
    fn assign(
        slf: &Bound<'_, Self>,
        person: Text,
        role: Text,
        since: On,
        deputy_for: Option<Text>,
        audience: Option<Text>,
    ) -> PyResult<Obj> {
        let assigned = change(slf, |this| {
            this.0.assign(
                &person,
                &role,
                since.0,
                deputy_for.as_deref(),
                audience.as_deref(),
            )
        })?;
        to_result(&assigned.or_raise()?)
    }

    /// End ``person``'s ``role`` on ``until`` (the last day it is held).
    fn unassign(slf: &Bound<'_, Self>, person: Text, role: Text, until: On) -> PyResult<()> {
        change(slf, |this| this.0.unassign(&person, &role, until.0))?.or_raise()
    }

    /// Who holds ``role`` on ``on``: holders, deputies, vacancy flags.
    fn holders(slf: PyRef<'_, Self>, role: Text, on: On) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.holders(&role, on.0)).or_raise()?)
    }

    /// The duties ``person`` carries on ``on``, with role and source.
    fn duties(slf: PyRef<'_, Self>, person: Text, on: On) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.duties(&person, on.0)))
    }

    /// The roles ``person`` holds on ``on``.
    fn roles_of(&self, person: Text, on: On) -> Vec<&'static str> {
        self.0
            .roles_of(&person, on.0)
            .iter()
            .map(|r| r.as_str())
            .collect()
    }

    /// Publish a version of an audience's AUP; returns it with its content hash.
    #[pyo3(signature = (audience, version, effective, *, material = None, clauses = Texts(Vec::new())))]
    fn publish_aup(
        slf: &Bound<'_, Self>,
        audience: Text,
        version: Text,
        effective: On,
        material: Option<Flag>,
        clauses: Texts,
    ) -> PyResult<Obj> {
        let material = material.map_or(core::MATERIAL_BY_DEFAULT, |m| m.0);
        let published = change(slf, |this| {
            this.0
                .publish_aup(&audience, &version, effective.0, material, &clauses)
        })?;
        to_result(&published.or_raise()?)
    }

    /// Record ``person``'s signature of an AUP version; returns the signature record.
    ///
    /// Raises:
    ///     RegistryError: ``aup_version_unknown``, ``registry_unknown_audience``, ...
    #[pyo3(signature = (person, audience, version, at, **details))]
    fn sign(
        slf: &Bound<'_, Self>,
        person: Text,
        audience: Text,
        version: Text,
        at: At,
        details: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Obj> {
        if let Some(d) = details.filter(|d| d.contains("class_name").unwrap_or(false)) {
            d.set_item("class", d.get_item("class_name")?)?;
            d.del_item("class_name")?;
        }
        let details = options(details)?;
        let signed = change(slf, |this| {
            this.0.sign(&person, &audience, &version, at.0, details)
        })?;
        to_result(&signed.or_raise()?)
    }

    /// Whether ``person`` may use school systems at ``at`` and what is missing.
    fn may_access_systems(slf: PyRef<'_, Self>, person: Text, at: At) -> PyResult<Obj> {
        wire(&read(slf, |this| this.0.may_access_systems(&person, at.0)))
    }

    /// Everyone holding a role at ``at`` without a current signature they need.
    fn who_must_sign(&self, at: At) -> Vec<String> {
        self.0.who_must_sign(at.0)
    }

    /// Decide an action (``view_suspected_indecent_image``, ``search_pupil_device``, ...).
    ///
    /// Context keys include ``justification``, ``pupil_consent``, ``reasonable_grounds``,
    /// ``consent`` (a bool or the consent module's decision id), ``guest``, ``head_approval``.
    ///
    /// Raises:
    ///     RegistryError: ``registry_unknown_action``, ``registry_unknown_context_key``, ...
    #[pyo3(signature = (person, action, at, **context))]
    fn decide(
        slf: PyRef<'_, Self>,
        person: Text,
        action: Text,
        at: At,
        context: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Obj> {
        let context = match context {
            Some(kwargs) => DecisionContext::from_json(&py_to_json(kwargs)?).or_raise()?,
            None => DecisionContext::default(),
        };
        wire(&read(slf, |this| this.0.decide(&person, &action, at.0, &context)).or_raise()?)
    }

    /// Clauses added, removed and changed between two versions.
    fn diff(
        slf: PyRef<'_, Self>,
        audience: Text,
        version_a: Text,
        version_b: Text,
    ) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.diff(&audience, &version_a, &version_b)).or_raise()?)
    }

    /// Record a review of ``online_safety_policy`` or ``filtering_monitoring``.
    fn record_review(slf: &Bound<'_, Self>, subject: Text, on: On) -> PyResult<()> {
        change(slf, |this| this.0.record_review(&subject, on.0))?.or_raise()
    }

    /// Flag an event (``new_technology``, ``safeguarding_risk``, ...) that makes a review due.
    fn flag_review(slf: &Bound<'_, Self>, subject: Text, trigger: Text, on: On) -> PyResult<()> {
        change(slf, |this| this.0.flag_review(&subject, &trigger, on.0))?.or_raise()
    }

    /// Where both reviews stand on ``on`` (due date, overdue flag, open triggers, vacancy ``warnings``).
    fn review_status(slf: PyRef<'_, Self>, on: On) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.review_status(on.0)))
    }

    /// Required posts (``dsl``, ``headteacher``, ``slt_fm_lead``) no one holds on ``on``.
    ///
    /// A post covered only by deputies is vacant: each dict has ``role``, ``on``,
    /// ``deputies``, ``warning`` and ``source``.
    fn vacancies(slf: PyRef<'_, Self>, on: On) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.vacancies(on.0)))
    }

    /// Every signature recorded, oldest first.
    fn signatures(slf: PyRef<'_, Self>) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.signatures().to_vec()))
    }

    /// The whole registry as a versioned JSON document.
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// The whole registry as a dict (the ``to_json`` document parsed).
    fn to_dict(slf: PyRef<'_, Self>) -> PyResult<Obj> {
        crate::convert::loads(&read(slf, |this| this.0.to_json()))
    }

    /// Read a registry saved with ``to_json`` (JSON text, bytes or a dict).
    ///
    /// Pickling and ``copy`` go through ``to_json`` and ``from_json``.
    #[staticmethod]
    fn from_json(document: &Bound<'_, PyAny>) -> PyResult<Self> {
        CoreRegistry::from_json(&json_text_arg(document)?)
            .or_raise()
            .map(Registry)
    }

    /// Pickling and copying go through `to_json` and `from_json`.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Obj, (String,))> {
        crate::pickle::from_document::<Registry>(py, "from_json", self.0.to_json())
    }

    fn __repr__(&self) -> String {
        format!("Registry(preset={:?})", self.0.settings().preset)
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Registry>()
}
