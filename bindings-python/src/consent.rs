//! `esafety.ConsentLedger` and `esafety.ImageDecision`: image consent from Python.
//!
//! Every method maps 1:1 onto `esafety_core::consent::ConsentLedger`; channel, state and
//! method ids pass through as strings and the core parses them (typed errors for unknown
//! ids). Instants are timezone-aware `datetime`s or RFC 3339 strings.

use crate::convert::{date, instant, to_py};
use crate::errors::to_py_err;
use esafety_core::consent as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// Reads pupil ids from any iterable of strings (list, tuple, set); a bare string is
/// refused, because iterating it would give one "pupil" per character.
fn pupil_ids(pupils: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    if pupils.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err(
            "pupils must be a list or set of pupil ids, not a single string",
        ));
    }
    pupils
        .try_iter()?
        .map(|p| p.and_then(|p| p.extract::<String>()))
        .collect()
}

/// The answer to "may this image of these pupils go on this channel at this instant?".
#[pyclass(module = "esafety", name = "ImageDecision", frozen)]
pub struct ImageDecision {
    inner: core::ImageDecision,
}

#[pymethods]
impl ImageDecision {
    /// Whether the image may be published.
    #[getter]
    fn allowed(&self) -> bool {
        self.inner.allowed
    }

    /// The pupils who are not permitted, in the order given.
    #[getter]
    fn blocked_by(&self) -> Vec<String> {
        self.inner.blocked_by.clone()
    }

    /// One sentence per pupil (and one for the full-names rule when it denies).
    #[getter]
    fn reasons(&self) -> Vec<String> {
        self.inner.reasons.clone()
    }

    /// Publishing duties that apply (`no_full_names`, `photographer_supervised`).
    #[getter]
    fn obligations(&self) -> Vec<String> {
        self.inner.obligations.clone()
    }

    /// The channel asked about.
    #[getter]
    fn channel(&self) -> String {
        self.inner.channel.to_string()
    }

    /// Whether full names were shown beside the image.
    #[getter]
    fn names_shown(&self) -> bool {
        self.inner.names_shown
    }

    /// The whole decision as a dict, per-pupil decisions included.
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.inner)
    }

    fn __bool__(&self) -> bool {
        self.inner.allowed
    }

    fn __repr__(&self) -> String {
        format!(
            "ImageDecision(allowed={}, channel='{}', blocked_by={:?})",
            if self.inner.allowed { "True" } else { "False" },
            self.inner.channel,
            self.inner.blocked_by
        )
    }
}

/// A school's append-only, hash-chained image-consent ledger.
#[pyclass(module = "esafety", name = "ConsentLedger")]
pub struct ConsentLedger {
    inner: core::ConsentLedger,
}

#[pymethods]
impl ConsentLedger {
    #[new]
    #[pyo3(signature = (config = None, *, policy = None))]
    fn new(config: Option<&Bound<'_, PyAny>>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let inner = match (config, policy) {
            (Some(_), Some(_)) => {
                return Err(crate::convert::argument_error(
                    "invalid_argument",
                    "give `config` or `policy`, not both".to_owned(),
                ));
            }
            (Some(obj), None) => {
                let json = crate::convert::json_text_arg(obj)?;
                core::ConsentLedger::with_config_json(&json).map_err(|e| to_py_err(&e))?
            }
            (None, Some(p)) => crate::policy::policy_arg(p)?
                .consent_ledger()
                .map_err(|e| to_py_err(&e))?,
            (None, None) => core::ConsentLedger::new(),
        };
        Ok(ConsentLedger { inner })
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the Python signature of the issue"
    )]
    #[pyo3(signature = (pupil, carer, channel, state, at, *, method = "paper", notice_version = None, parental_responsibility = true, relationship = None))]
    fn record(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        state: &str,
        at: &Bound<'_, PyAny>,
        method: &str,
        notice_version: Option<String>,
        parental_responsibility: bool,
        relationship: Option<String>,
    ) -> PyResult<()> {
        let options = core::RecordOptions {
            method: method.to_owned(),
            notice_version,
            parental_responsibility,
            relationship,
        };
        self.inner
            .record(pupil, carer, channel, state, instant(at)?, options)
            .map_err(|e| to_py_err(&e))
    }

    fn restrict(&mut self, pupil: &str, reason: &str, at: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner
            .restrict(pupil, reason, instant(at)?)
            .map_err(|e| to_py_err(&e))
    }

    fn lift_restriction(&mut self, pupil: &str, at: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner
            .lift_restriction(pupil, instant(at)?)
            .map_err(|e| to_py_err(&e))
    }

    #[pyo3(signature = (version, at, *, substantive = true, content_hash = None))]
    fn publish_notice(
        &mut self,
        version: &str,
        at: &Bound<'_, PyAny>,
        substantive: bool,
        content_hash: Option<String>,
    ) -> PyResult<()> {
        let options = core::NoticeOptions {
            substantive,
            content_hash,
        };
        self.inner
            .publish_notice(version, instant(at)?, options)
            .map_err(|e| to_py_err(&e))
    }

    fn record_publication(
        &mut self,
        image_id: &str,
        pupils: &Bound<'_, PyAny>,
        channel: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        self.inner
            .record_publication(image_id, &pupil_ids(pupils)?, channel, instant(at)?)
            .map_err(|e| to_py_err(&e))
    }

    fn record_removal(&mut self, image_id: &str, at: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner
            .record_removal(image_id, instant(at)?)
            .map_err(|e| to_py_err(&e))
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the Python signature (keyword-only options)"
    )]
    #[pyo3(signature = (pupil, channel, state, at, *, age = None, old_enough = None, method = "paper"))]
    fn record_pupil_voice(
        &mut self,
        pupil: &str,
        channel: &str,
        state: &str,
        at: &Bound<'_, PyAny>,
        age: Option<u8>,
        old_enough: Option<bool>,
        method: &str,
    ) -> PyResult<()> {
        let options = core::PupilVoiceOptions {
            age,
            old_enough,
            method: method.to_owned(),
        };
        self.inner
            .record_pupil_voice(pupil, channel, state, instant(at)?, options)
            .map_err(|e| to_py_err(&e))
    }

    fn record_leaving(&mut self, pupil: &str, leaving_date: &Bound<'_, PyAny>) -> PyResult<()> {
        self.inner
            .record_leaving(pupil, date(leaving_date)?)
            .map_err(|e| to_py_err(&e))
    }

    fn consent_form(
        &self,
        py: Python<'_>,
        pupil: &str,
        carer: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        to_py(py, &self.inner.consent_form(pupil, carer, instant(at)?))
    }

    #[allow(
        clippy::too_many_arguments,
        reason = "mirrors the Python signature of record"
    )]
    #[pyo3(signature = (pupil, carer, channel, answer, at, *, method = "paper", notice_version = None, parental_responsibility = true, relationship = None))]
    fn record_answer(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        answer: &str,
        at: &Bound<'_, PyAny>,
        method: &str,
        notice_version: Option<String>,
        parental_responsibility: bool,
        relationship: Option<String>,
    ) -> PyResult<&'static str> {
        let options = core::RecordOptions {
            method: method.to_owned(),
            notice_version,
            parental_responsibility,
            relationship,
        };
        self.inner
            .record_answer(pupil, carer, channel, answer, instant(at)?, options)
            .map(core::EventState::as_str)
            .map_err(|e| to_py_err(&e))
    }

    fn state(&self, pupil: &str, channel: &str, at: &Bound<'_, PyAny>) -> PyResult<&'static str> {
        self.inner
            .state(pupil, channel, instant(at)?)
            .map(core::ConsentState::as_str)
            .map_err(|e| to_py_err(&e))
    }

    fn explain(
        &self,
        py: Python<'_>,
        pupil: &str,
        channel: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let decision = self
            .inner
            .explain(pupil, channel, instant(at)?)
            .map_err(|e| to_py_err(&e))?;
        to_py(py, &decision)
    }

    #[pyo3(signature = (pupils, channel, at, *, names_shown = false))]
    fn check_image(
        &self,
        pupils: &Bound<'_, PyAny>,
        channel: &str,
        at: &Bound<'_, PyAny>,
        names_shown: bool,
    ) -> PyResult<ImageDecision> {
        self.inner
            .check_image(&pupil_ids(pupils)?, channel, instant(at)?, names_shown)
            .map(|inner| ImageDecision { inner })
            .map_err(|e| to_py_err(&e))
    }

    fn takedown_list(&self, py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<Py<PyAny>> {
        to_py(py, &self.inner.takedown_list(instant(at)?))
    }

    fn receipt(
        &self,
        py: Python<'_>,
        pupil: &str,
        carer: &str,
        at: &Bound<'_, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        let receipt = self
            .inner
            .receipt(pupil, carer, instant(at)?)
            .map_err(|e| to_py_err(&e))?;
        to_py(py, &receipt)
    }

    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    #[staticmethod]
    fn from_json(s: &str) -> PyResult<ConsentLedger> {
        core::ConsentLedger::from_json(s)
            .map(|inner| ConsentLedger { inner })
            .map_err(|e| to_py_err(&e))
    }

    #[getter]
    fn head_hash(&self) -> String {
        self.inner.head_hash().to_owned()
    }

    fn __len__(&self) -> usize {
        self.inner.entries().len()
    }

    fn __repr__(&self) -> String {
        format!(
            "ConsentLedger(entries={}, head_hash='{}')",
            self.inner.entries().len(),
            self.inner.head_hash()
        )
    }
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ConsentLedger>()?;
    m.add_class::<ImageDecision>()?;
    Ok(())
}
