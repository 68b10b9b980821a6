//! `esafety.escalate`, `esafety.SchoolProfile`, `esafety.draft_incident` and
//! `render_text`: conversion only. A `Plan` (and its `Step`s) is the generated
//! `esafety._wire.Plan` dataclass.

use crate::args::{FilePath, Text};
use crate::convert::{Obj, OrRaise, argument_error, json_text_arg, json_value_arg, py_to_json};
use crate::convert::{to_py, to_result, wire};
use crate::pickle::Recipe;
use esafety_core::incident::{self as core, Incident, SchoolProfile as Profile};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString, PyTuple};

/// Reads the incident argument: a dict, or its JSON text as `str` or `bytes`.
fn read_incident(incident: &Bound<'_, PyAny>) -> PyResult<Incident> {
    if incident.is_instance_of::<PyString>() || incident.is_instance_of::<PyBytes>() {
        return Incident::from_json_str(&json_text_arg(incident)?).or_raise();
    }
    if !incident.is_instance_of::<PyDict>() {
        return Err(crate::errors::type_error(
            "incident must be a dict, or its JSON text (str or bytes)",
        ));
    }
    Incident::from_json_value(&py_to_json(incident)?).or_raise()
}

/// A school's local contact directory and settings (DOMAIN.md §8).
#[pyclass(module = "esafety", name = "SchoolProfile", frozen)]
pub struct SchoolProfile(Profile, Recipe);

/// A profile built by the `SchoolProfile` constructor `method` from these arguments.
fn built<'py>(
    py: Python<'py>,
    profile: Result<Profile, core::IncidentError>,
    method: &str,
    args: Bound<'py, PyTuple>,
) -> PyResult<SchoolProfile> {
    let recipe = Recipe::class_call::<SchoolProfile>(py, method, args, None)?;
    Ok(SchoolProfile(profile.or_raise()?, recipe))
}

#[pymethods]
impl SchoolProfile {
    /// A built-in profile: ``national``, ``kilby``, ``highgate``, ``ely``, ``whitwell``, ``russell_house``.
    ///
    /// Raises:
    ///     IncidentError: ``incident_unknown_preset`` for any other name.
    #[staticmethod]
    fn preset(py: Python<'_>, name: Text) -> PyResult<SchoolProfile> {
        let profile = Profile::preset(&name);
        built(py, profile, "preset", (name.0,).into_pyobject(py)?)
    }

    /// The national defaults.
    #[staticmethod]
    fn national(py: Python<'_>) -> PyResult<SchoolProfile> {
        built(py, Ok(Profile::national()), "national", PyTuple::empty(py))
    }

    /// Read a profile file (TOML, or JSON when the name ends ``.json``).
    ///
    /// Raises:
    ///     IncidentError: naming the file, the key and why.
    ///     IoError: when the file cannot be read.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: FilePath) -> PyResult<SchoolProfile> {
        let limit = core::MAX_INPUT_BYTES as u64;
        let text = esafety_io::read_text_limited(&path, limit).or_raise()?;
        SchoolProfile::from_text(py, Text(path.to_string_lossy().into_owned()), Text(text))
    }

    /// Read a profile from text; ``label`` names it in errors.
    #[staticmethod]
    fn from_text(py: Python<'_>, label: Text, text: Text) -> PyResult<SchoolProfile> {
        let profile = Profile::from_text(&label, &text);
        built(
            py,
            profile,
            "from_text",
            (label.0, text.0).into_pyobject(py)?,
        )
    }

    /// The preset names.
    #[staticmethod]
    fn preset_names() -> Vec<&'static str> {
        core::PRESET_NAMES.to_vec()
    }

    /// A short id.
    #[getter]
    fn id(&self) -> &str {
        &self.0.id
    }

    /// The school's name.
    #[getter]
    fn name(&self) -> &str {
        &self.0.name
    }

    /// The local authority, when known.
    #[getter]
    fn local_authority(&self) -> Option<&str> {
        self.0.local_authority.as_deref()
    }

    /// The local settings.
    #[getter]
    fn settings(&self) -> PyResult<Obj> {
        to_result(&self.0.to_json_value()["settings"])
    }

    /// The usable contact directory, by recipient id.
    #[getter]
    fn contacts(&self) -> PyResult<Obj> {
        to_result(&self.0.to_json_value()["contacts"])
    }

    /// Flagged or missing contacts and leftover seed text (``code``, ``key``, ``message``, ``source``).
    #[getter]
    fn warnings(&self) -> PyResult<Obj> {
        to_result(&self.0.to_json_value()["warnings"])
    }

    /// The profile as a dict.
    fn to_dict(&self) -> PyResult<Obj> {
        to_py(&self.0.to_json_value())
    }

    /// The profile as JSON text.
    fn to_json(&self) -> String {
        self.0.to_json_value().to_string()
    }

    fn __repr__(&self) -> String {
        format!("SchoolProfile({:?})", self.0.id)
    }

    /// Pickling and copying rebuild the profile from the preset or text it was read from.
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Obj, Py<PyTuple>)> {
        self.1.reduce(py)
    }
}

/// Turn an incident dict into a plan.
///
/// Arguments:
///     incident: the incident dict (``reported_at``, ``occurred_at``, ``reporter``, ``subjects``, ``alleged``,
///         ``location``, ``device``, ``facts``, ``tags``, ``hits``), or its JSON text
///         (``str`` or ``bytes``).
///     profile: a ``SchoolProfile``, a preset name, or ``None`` for the national defaults.
///
/// Raises:
///     IncidentError: a ``ValueError`` naming the field (``.field``) for unknown fields or values.
#[pyfunction]
#[pyo3(signature = (incident, profile=None, *, policy=None))]
fn escalate(
    incident: &Bound<'_, PyAny>,
    profile: Option<&Bound<'_, PyAny>>,
    policy: Option<&Bound<'_, PyAny>>,
) -> PyResult<Obj> {
    // The profile argument is checked first: a wrong type is a TypeError whatever the incident.
    let profile = match (profile.filter(|p| !p.is_none()), policy) {
        (Some(_), Some(_)) => return Err(crate::convert::not_both("profile", "policy")),
        (None, Some(p)) => crate::policy::policy_arg(p)?.incident_profile().clone(),
        (None, None) => Profile::national(),
        (Some(p), None) => {
            if let Ok(profile) = p.cast::<SchoolProfile>() {
                profile.get().0.clone()
            } else if let Ok(policy) = p.cast::<crate::policy::SchoolPolicy>() {
                policy.get().0.incident_profile().clone()
            } else if p.is_instance_of::<PyString>() {
                Profile::preset(&p.extract::<Text>()?).or_raise()?
            } else {
                let message =
                    "profile must be a SchoolProfile, a SchoolPolicy, a preset name or None";
                return Err(crate::errors::type_error(message));
            }
        }
    };
    wire(&core::escalate(&read_incident(incident)?, &profile))
}

/// Turn a monitoring alert, a scanner match or a filter decision into a draft incident dict.
///
/// Every category the filter or the scanner emits gives a draft (one that is not a concern
/// by itself, such as ``games``, is drafted for the DSL to triage). A match of a school
/// list's own category (``vaping``) becomes a hit of category ``list:vaping``, which the
/// plan flags as one the library cannot interpret; a hand-written alert writes that
/// prefix itself. An own category written under a known one (``self_harm.cutting``)
/// takes that category's route.
///
/// Arguments:
///     alert: an alert dict (``kind`` ``term`` or ``url``, ``category``, ``severity``, ``at``,
///         ...), ``Match.to_dict()`` or ``Decision.to_dict()`` as they are (or the ``Match``
///         or ``Decision`` itself, or JSON text as ``str`` or ``bytes``).
///     context: what the match or decision does not say: ``at`` (RFC 3339), ``role``,
///         ``age``, ``year_group``, ``user_id``, ``device``, ``location``, ``deliberate``.
///     at, role, age, year_group, user_id, device, location, deliberate: the same, as
///         keywords (they win over ``context``).
///
/// Returns:
///     The draft incident dict, or ``None`` for a decision that names no category.
///
/// Raises:
///     IncidentError: an unknown category (the message lists the valid ids), a pupil's age
///         outside 2-19, an unknown key.
#[pyfunction]
#[pyo3(signature = (alert, context=None, **fields))]
fn draft_incident(
    alert: &Bound<'_, PyAny>,
    context: Option<&Bound<'_, PyAny>>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<Obj> {
    let mut ctx = match context.filter(|c| !c.is_none()) {
        Some(c) => json_value_arg(c)?,
        None => serde_json::Value::Object(serde_json::Map::new()),
    };
    if let serde_json::Value::Object(map) = &mut ctx {
        map.extend(crate::convert::options::<serde_json::Map<_, _>>(fields)?);
    }
    let draft = core::draft_incident_json(&json_value_arg(alert)?, Some(&ctx)).or_raise()?;
    to_result(&draft.map(|incident| incident.to_json_value()))
}

/// A wire record (``Plan``), given as its JSON text, rendered by core for a person:
/// ``form`` is ``text`` (the default), ``markdown`` or ``html``.
#[pyfunction]
#[pyo3(signature = (name, json, form=None))]
fn render_text(name: Text, json: &Bound<'_, PyAny>, form: Option<Text>) -> PyResult<String> {
    let invalid = |e: String| argument_error("invalid_argument", e);
    let json = json_text_arg(json)?;
    let plan = match &*name {
        "Plan" => serde_json::from_str::<core::Plan>(&json).map_err(|e| invalid(e.to_string()))?,
        _ => return Err(invalid(format!("core has no text form of `{}`", &*name))),
    };
    match form.as_deref().unwrap_or("text") {
        "text" => Ok(plan.to_text()),
        "markdown" => Ok(plan.to_markdown()),
        "html" => Ok(plan.to_html()),
        other => Err(invalid(format!(
            "unknown form `{other}`: text, markdown or html"
        ))),
    }
}

/// A category's procedure as step dicts (``action``, ``owner``, ``recipient``,
/// ``deadline``, ``mandatory``, ``when``, ``source``, ``note``, ``local``, ``contact``).
#[pyfunction]
#[pyo3(signature = (category, policy=None))]
fn procedure(category: Text, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Obj> {
    let category: core::Category = category.parse().or_raise()?;
    let profile = match policy.filter(|p| !p.is_none()) {
        None => Profile::national(),
        Some(p) => {
            if let Ok(profile) = p.cast::<SchoolProfile>() {
                profile.get().0.clone()
            } else {
                crate::policy::policy_arg(p)?.incident_profile().clone()
            }
        }
    };
    crate::convert::to_result(&core::procedure(category, &profile))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<SchoolProfile>()?;
    m.add_function(wrap_pyfunction!(escalate, m)?)?;
    m.add_function(wrap_pyfunction!(draft_incident, m)?)?;
    m.add_function(wrap_pyfunction!(render_text, m)?)?;
    m.add_function(wrap_pyfunction!(procedure, m)?)
}
