//! `esafety.ConsentLedger`: image consent from Python. Its `ImageDecision` is the
//! generated `esafety._wire.ImageDecision` dataclass.
//!
//! Every method maps 1:1 onto `esafety_core::consent::ConsentLedger`; channel, state and
//! method ids pass through as strings and the core parses them; keyword options become the
//! core's option structs, so what is omitted takes the core's default. Instants are
//! timezone-aware `datetime`s or RFC 3339 strings.

use crate::convert::{Day, Instant, Obj, OrRaise, json_text_arg, options, to_py, wire};
use esafety_core::consent as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString};

/// Keyword options (`**options`).
type Kw<'py> = Bound<'py, PyDict>;

/// Pupil ids from any iterable of strings (list, tuple, set); a bare string is refused,
/// because iterating it would give one "pupil" per character.
struct Pupils(Vec<String>);

impl<'a, 'py> FromPyObject<'a, 'py> for Pupils {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyString>() {
            let message = "pupils must be a list or set of pupil ids, not a single string";
            return Err(PyTypeError::new_err(message));
        }
        obj.try_iter()?
            .map(|p| p?.extract())
            .collect::<PyResult<_>>()
            .map(Pupils)
    }
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
            (Some(_), Some(_)) => return Err(crate::convert::not_both("config", "policy")),
            (Some(c), None) => {
                core::ConsentLedger::with_config_json(&json_text_arg(c)?).or_raise()?
            }
            (None, Some(p)) => crate::policy::policy_arg(p)?.consent_ledger().or_raise()?,
            (None, None) => core::ConsentLedger::new(),
        }))
    }

    /// Records a carer's answer (`method`, `notice_version`, `parental_responsibility`,
    /// `relationship` as keywords).
    #[pyo3(signature = (pupil, carer, channel, state, at, **options))]
    fn record(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        state: &str,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<()> {
        let options = self::options(options)?;
        self.0
            .record(pupil, carer, channel, state, at.0, options)
            .or_raise()
    }

    fn restrict(&mut self, pupil: &str, reason: &str, at: Instant) -> PyResult<()> {
        self.0.restrict(pupil, reason, at.0).or_raise()
    }

    fn lift_restriction(&mut self, pupil: &str, at: Instant) -> PyResult<()> {
        self.0.lift_restriction(pupil, at.0).or_raise()
    }

    /// Publishes a privacy notice (`substantive`, `content_hash` as keywords).
    #[pyo3(signature = (version, at, **options))]
    fn publish_notice(&mut self, version: &str, at: Instant, options: Option<&Kw>) -> PyResult<()> {
        self.0
            .publish_notice(version, at.0, self::options(options)?)
            .or_raise()
    }

    fn record_publication(
        &mut self,
        image_id: &str,
        pupils: Pupils,
        channel: &str,
        at: Instant,
    ) -> PyResult<()> {
        self.0
            .record_publication(image_id, &pupils.0, channel, at.0)
            .or_raise()
    }

    fn record_removal(&mut self, image_id: &str, at: Instant) -> PyResult<()> {
        self.0.record_removal(image_id, at.0).or_raise()
    }

    /// Records the pupil's own answer (`age`, `old_enough`, `method` as keywords).
    #[pyo3(signature = (pupil, channel, state, at, **options))]
    fn record_pupil_voice(
        &mut self,
        pupil: &str,
        channel: &str,
        state: &str,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<()> {
        let options = self::options(options)?;
        self.0
            .record_pupil_voice(pupil, channel, state, at.0, options)
            .or_raise()
    }

    fn record_leaving(&mut self, pupil: &str, leaving_date: Day) -> PyResult<()> {
        self.0.record_leaving(pupil, leaving_date.0).or_raise()
    }

    fn consent_form(&self, pupil: &str, carer: &str, at: Instant) -> PyResult<Obj> {
        to_py(&self.0.consent_form(pupil, carer, at.0))
    }

    /// Records an answer given on the consent form; returns the event state recorded.
    #[pyo3(signature = (pupil, carer, channel, answer, at, **options))]
    fn record_answer(
        &mut self,
        pupil: &str,
        carer: &str,
        channel: &str,
        answer: &str,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<&'static str> {
        let options = self::options(options)?;
        let state = self
            .0
            .record_answer(pupil, carer, channel, answer, at.0, options);
        state.map(core::EventState::as_str).or_raise()
    }

    fn state(&self, pupil: &str, channel: &str, at: Instant) -> PyResult<&'static str> {
        self.0
            .state(pupil, channel, at.0)
            .map(core::ConsentState::as_str)
            .or_raise()
    }

    fn explain(&self, pupil: &str, channel: &str, at: Instant) -> PyResult<Obj> {
        to_py(&self.0.explain(pupil, channel, at.0).or_raise()?)
    }

    #[pyo3(signature = (pupils, channel, at, *, names_shown = false))]
    fn check_image(
        &self,
        pupils: Pupils,
        channel: &str,
        at: Instant,
        names_shown: bool,
    ) -> PyResult<Obj> {
        wire(
            &self
                .0
                .check_image(&pupils.0, channel, at.0, names_shown)
                .or_raise()?,
        )
    }

    fn takedown_list(&self, at: Instant) -> PyResult<Obj> {
        to_py(&self.0.takedown_list(at.0))
    }

    fn receipt(&self, pupil: &str, carer: &str, at: Instant) -> PyResult<Obj> {
        to_py(&self.0.receipt(pupil, carer, at.0).or_raise()?)
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
