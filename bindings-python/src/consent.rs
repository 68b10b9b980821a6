//! `esafety.ConsentLedger`: image consent from Python. Its `ImageDecision` is the
//! generated `esafety._wire.ImageDecision` dataclass.
//!
//! Every method maps 1:1 onto `esafety_core::consent::ConsentLedger`; channel, state and
//! method ids pass through as strings and the core parses them; omitted options take the
//! core's defaults (`RecordOptions::default()`, ...). Instants are timezone-aware
//! `datetime`s or RFC 3339 strings.

use crate::convert::{OrRaise, date, instant, json_text_arg, to_py, wire};
use esafety_core::consent as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// Reads pupil ids from any iterable of strings (list, tuple, set); a bare string is
/// refused, because iterating it would give one "pupil" per character.
fn pupil_ids(pupils: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if pupils.is_instance_of::<PyString>() {
        let message = "pupils must be a list or set of pupil ids, not a single string";
        return Err(PyTypeError::new_err(message));
    }
    pupils.try_iter()?.map(|p| p?.extract()).collect()
}

/// A school's append-only, hash-chained image-consent ledger.
#[pyclass(module = "esafety", name = "ConsentLedger")]
pub struct ConsentLedger(core::ConsentLedger);

#[pymethods]
impl ConsentLedger {
    #[new]
    #[pyo3(signature = (config = None, *, policy = None))]
    fn new(config: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        Ok(ConsentLedger(match (config, policy) {
            (Some(_), Some(_)) => {
                let message = "give `config` or `policy`, not both".to_owned();
                return Err(crate::convert::argument_error("invalid_argument", message));
            }
            (Some(c), None) => {
                core::ConsentLedger::with_config_json(&json_text_arg(c)?).or_raise()?
            }
            (None, Some(p)) => crate::policy::policy_arg(p)?.consent_ledger().or_raise()?,
            (None, None) => core::ConsentLedger::new(),
        }))
    }

    #[pyo3(signature = (pupil, carer, channel, state, at, **options))]
    fn record(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        state: &str,
        at: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let (at, options) = (instant(at)?, crate::convert::options(options)?);
        self.0
            .record(pupil, carer, channel, state, at, options)
            .or_raise()
    }

    fn restrict(&mut self, pupil: &str, reason: &str, at: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.restrict(pupil, reason, instant(at)?).or_raise()
    }

    fn lift_restriction(&mut self, pupil: &str, at: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.lift_restriction(pupil, instant(at)?).or_raise()
    }

    #[pyo3(signature = (version, at, **options))]
    fn publish_notice(
        &mut self,
        version: &str,
        at: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let (at, options) = (instant(at)?, crate::convert::options(options)?);
        self.0.publish_notice(version, at, options).or_raise()
    }

    fn record_publication(
        &mut self,
        image_id: &str,
        pupils: &Bound<'_, PyAny>,
        channel: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let pupils = pupil_ids(pupils)?;
        self.0
            .record_publication(image_id, &pupils, channel, instant(at)?)
            .or_raise()
    }

    fn record_removal(&mut self, image_id: &str, at: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.record_removal(image_id, instant(at)?).or_raise()
    }

    #[pyo3(signature = (pupil, channel, state, at, **options))]
    fn record_pupil_voice(
        &mut self,
        pupil: &str,
        channel: &str,
        state: &str,
        at: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        let (at, options) = (instant(at)?, crate::convert::options(options)?);
        self.0
            .record_pupil_voice(pupil, channel, state, at, options)
            .or_raise()
    }

    fn record_leaving(&mut self, pupil: &str, leaving_date: &Bound<'_, PyAny>) -> PyResult<()> {
        self.0.record_leaving(pupil, date(leaving_date)?).or_raise()
    }

    fn consent_form(
        &self,
        py: Python<'_>,
        pupil: &str,
        carer: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.consent_form(pupil, carer, instant(at)?))
    }

    #[pyo3(signature = (pupil, carer, channel, answer, at, **options))]
    fn record_answer(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        answer: &str,
        at: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<&'static str> {
        let (at, options) = (instant(at)?, crate::convert::options(options)?);
        let state = self
            .0
            .record_answer(pupil, carer, channel, answer, at, options);
        state.map(core::EventState::as_str).or_raise()
    }

    fn state(&self, pupil: &str, channel: &str, at: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        self.0
            .state(pupil, channel, instant(at)?)
            .map(core::ConsentState::as_str)
            .or_raise()
    }

    fn explain(
        &self,
        py: Python<'_>,
        pupil: &str,
        channel: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        to_py(
            py,
            &self.0.explain(pupil, channel, instant(at)?).or_raise()?,
        )
    }

    #[pyo3(signature = (pupils, channel, at, *, names_shown = false))]
    fn check_image(
        &self,
        py: Python<'_>,
        pupils: &Bound<'_, PyAny>,
        channel: &str,
        at: &Bound<'_, PyAny>,
        names_shown: bool,
    ) -> PyResult<Py<PyAny>> {
        let pupils = pupil_ids(pupils)?;
        wire(
            py,
            &self
                .0
                .check_image(&pupils, channel, instant(at)?, names_shown)
                .or_raise()?,
        )
    }

    fn takedown_list(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.takedown_list(instant(at)?))
    }

    fn receipt(
        &self,
        py: Python<'_>,
        pupil: &str,
        carer: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        to_py(py, &self.0.receipt(pupil, carer, instant(at)?).or_raise()?)
    }

    fn to_json(&self) -> String {
        self.0.to_json()
    }

    #[staticmethod]
    fn from_json(s: &str) -> PyResult<ConsentLedger> {
        core::ConsentLedger::from_json(s)
            .or_raise()
            .map(ConsentLedger)
    }

    #[getter]
    fn head_hash(&self) -> String {
        self.0.head_hash().to_owned()
    }

    fn __len__(&self) -> usize {
        self.0.entries().len()
    }

    fn __repr__(&self) -> String {
        let (entries, head) = (self.0.entries().len(), self.0.head_hash());
        format!("ConsentLedger(entries={entries}, head_hash='{head}')")
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ConsentLedger>()
}
