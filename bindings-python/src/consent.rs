//! `esafety.ConsentLedger`: image consent from Python. Its `ImageDecision` is the
//! generated `esafety._wire.ImageDecision` dataclass.
//!
//! Every method maps 1:1 onto `esafety_core::consent::ConsentLedger`; channel, state and
//! method ids pass through as strings and the core parses them; keyword options become the
//! core's option structs, so what is omitted takes the core's default. Instants are
//! timezone-aware `datetime`s or RFC 3339 strings.

use crate::args::{Text, Texts};
use crate::convert::{Day, Instant, Obj, OrRaise, json_text_arg, options, to_py, wire};
use crate::keys;
use esafety_core::consent as core;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Keyword options (`**options`).
type Kw<'py> = Bound<'py, PyDict>;

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
        pupil: Text,
        carer: Text,
        channel: Text,
        state: Text,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<()> {
        let options = self::options(options)?;
        self.0
            .record(&pupil, &carer, &channel, &state, at.0, options)
            .or_raise()
    }

    fn restrict(&mut self, pupil: Text, reason: Text, at: Instant) -> PyResult<()> {
        self.0.restrict(&pupil, &reason, at.0).or_raise()
    }

    fn lift_restriction(&mut self, pupil: Text, at: Instant) -> PyResult<()> {
        self.0.lift_restriction(&pupil, at.0).or_raise()
    }

    /// Publishes a privacy notice (`substantive`, `content_hash` as keywords).
    #[pyo3(signature = (version, at, **options))]
    fn publish_notice(&mut self, version: Text, at: Instant, options: Option<&Kw>) -> PyResult<()> {
        self.0
            .publish_notice(&version, at.0, self::options(options)?)
            .or_raise()
    }

    fn record_publication(
        &mut self,
        image_id: Text,
        pupils: Texts,
        channel: Text,
        at: Instant,
    ) -> PyResult<()> {
        self.0
            .record_publication(&image_id, &pupils.0, &channel, at.0)
            .or_raise()
    }

    fn record_removal(&mut self, image_id: Text, at: Instant) -> PyResult<()> {
        self.0.record_removal(&image_id, at.0).or_raise()
    }

    /// Records the pupil's own answer (`age`, `old_enough`, `method` as keywords).
    #[pyo3(signature = (pupil, channel, state, at, **options))]
    fn record_pupil_voice(
        &mut self,
        pupil: Text,
        channel: Text,
        state: Text,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<()> {
        let options = self::options(options)?;
        self.0
            .record_pupil_voice(&pupil, &channel, &state, at.0, options)
            .or_raise()
    }

    fn record_leaving(&mut self, pupil: Text, leaving_date: Day) -> PyResult<()> {
        self.0.record_leaving(&pupil, leaving_date.0).or_raise()
    }

    fn consent_form(&self, pupil: Text, carer: Text, at: Instant) -> PyResult<Obj> {
        to_py(&self.0.consent_form(&pupil, &carer, at.0))
    }

    /// Records an answer given on the consent form; returns the event state recorded.
    #[pyo3(signature = (pupil, carer, channel, answer, at, **options))]
    fn record_answer(
        &mut self,
        pupil: Text,
        carer: Text,
        channel: Text,
        answer: Text,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<&'static str> {
        let options = self::options(options)?;
        let state = self
            .0
            .record_answer(&pupil, &carer, &channel, &answer, at.0, options);
        state.map(core::EventState::as_str).or_raise()
    }

    fn state(&self, pupil: Text, channel: Text, at: Instant) -> PyResult<&'static str> {
        self.0
            .state(&pupil, &channel, at.0)
            .map(core::ConsentState::as_str)
            .or_raise()
    }

    fn explain(&self, pupil: Text, channel: Text, at: Instant) -> PyResult<Obj> {
        to_py(&self.0.explain(&pupil, &channel, at.0).or_raise()?)
    }

    #[pyo3(
        signature = (pupils, channel, at, *, names_shown = esafety_core::consent::NAMES_SHOWN_BY_DEFAULT),
        text_signature = "($self, pupils, channel, at, *, names_shown=False)"
    )]
    fn check_image(
        &self,
        pupils: Texts,
        channel: Text,
        at: Instant,
        names_shown: bool,
    ) -> PyResult<Obj> {
        wire(
            &self
                .0
                .check_image(&pupils.0, &channel, at.0, names_shown)
                .or_raise()?,
        )
    }

    fn takedown_list(&self, at: Instant) -> PyResult<Obj> {
        to_py(&self.0.takedown_list(at.0))
    }

    fn receipt(&self, pupil: Text, carer: Text, at: Instant) -> PyResult<Obj> {
        to_py(&self.0.receipt(&pupil, &carer, at.0).or_raise()?)
    }

    /// The ledger as JSON text, sealed with the school's private key when one is given.
    #[pyo3(signature = (signing_key = None))]
    fn to_json(&self, signing_key: Option<Text>) -> PyResult<String> {
        Ok(match signing_key {
            Some(key) => self.0.to_json_sealed(&keys::signing_key(&key)?),
            None => self.0.to_json(),
        })
    }

    /// The ledger as a dict (`to_json()` parsed).
    fn to_dict(&self) -> PyResult<Obj> {
        crate::convert::loads(&self.0.to_json())
    }

    /// Reads an export (`str`, `bytes` or a dict); with `public_key` the school's seal must
    /// verify too.
    #[staticmethod]
    #[pyo3(signature = (s, public_key = None))]
    fn from_json(s: &Bound<'_, PyAny>, public_key: Option<Text>) -> PyResult<ConsentLedger> {
        let s = json_text_arg(s)?;
        match public_key {
            Some(key) => core::ConsentLedger::from_json_sealed(&s, &keys::public_key(&key)?),
            None => core::ConsentLedger::from_json(&s),
        }
        .or_raise()
        .map(ConsentLedger)
    }

    /// The sealed answer for `pupils` on `channel` at `at`, as JSON text.
    fn snapshot(
        &self,
        pupils: Texts,
        channel: Text,
        at: Instant,
        signing_key: Text,
    ) -> PyResult<String> {
        let key = keys::signing_key(&signing_key)?;
        self.0.snapshot(&pupils, &channel, at.0, &key).or_raise()
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

    /// Pickling and copying go through `to_json` and `from_json` (the hash chain is
    /// verified on the way back).
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Obj, (String,))> {
        crate::pickle::from_document::<ConsentLedger>(py, "from_json", self.0.to_json())
    }
}

/// Reads a sealed snapshot offline: its `ImageDecision`, if the school's seal verifies and
/// it covers these pupils, this channel and `at`.
#[pyfunction]
fn check_snapshot(
    text: Text,
    pupils: Texts,
    channel: Text,
    at: Instant,
    public_key: Text,
) -> PyResult<Obj> {
    let key = keys::public_key(&public_key)?;
    wire(&core::check_snapshot(&text, &pupils, &channel, at.0, &key).or_raise()?)
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<ConsentLedger>()?;
    m.add_function(wrap_pyfunction!(check_snapshot, m)?)
}
