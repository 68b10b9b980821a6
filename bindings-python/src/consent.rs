//! `esafety.ConsentLedger`: image consent from Python. Its `ImageDecision` is the
//! generated `esafety._wire.ImageDecision` dataclass.
//!
//! Every method maps 1:1 onto `esafety_core::consent::ConsentLedger`; channel, state and
//! method ids pass through as strings and the core parses them; keyword options become the
//! core's option structs, so what is omitted takes the core's default. Instants are
//! timezone-aware `datetime`s or RFC 3339 strings.

use crate::args::{Flag, Text, TextSet};
use crate::convert::{Day, Instant, Obj, OrRaise, json_text_arg, options, to_result, wire};
use crate::exclusive::{change, read};
use crate::keys;
use esafety_core::consent as core;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// Keyword options (`**options`).
type Kw<'py> = Bound<'py, PyDict>;

/// A school's append-only, sha256 hash-chained image-consent ledger (DOMAIN.md §3).
///
/// Every query takes ``at`` and answers what was true at that instant; events may be
/// recorded in any time order.
///
/// An empty ledger.
///
/// Arguments:
///     policy: a ``SchoolPolicy`` (or preset id) whose ``consent`` section configures
///         the ledger; give ``config`` or ``policy``, not both.
///     config: the school's configuration as JSON (channels asked about, notice,
///         expiry rule, ``pupil_voice_min_age``, controller); the default asks about
///         every channel and reconfirms at 00:00 Europe/London every 1 September and
///         when the notice changes in substance.
///
/// Raises:
///     ConsentError: ``consent_invalid_config``.
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

    /// Record a carer's answer for one pupil and channel, applying from ``at``.
    ///
    /// Arguments:
    ///     notice_version: the notice version the carer was shown (``None``: the one in
    ///         force at ``at``). A label that is neither the configured notice nor one
    ///         published with :meth:`publish_notice` never changes the notice in force,
    ///         and a yes naming it does not count (a "no" does).
    ///     method: ``paper``, ``widget``, ``app`` or ``mis_import`` (``None``: stored as not
    ///         recorded, never as a method).
    ///     parental_responsibility: whether the carer holds parental responsibility
    ///         (``None``: stored as not known; a parent, guardian or the local authority,
    ///         or a carer whose ``relationship`` is not given, is read as holding it, as the
    ///         school's contact record says; a ``step_parent``, ``relative``,
    ///         ``foster_carer`` or ``other`` carer's answers are listed but do not count
    ///         until it is recorded). It belongs to the person:
    ///         once an answer records ``False``, none of the carer's answers about the
    ///         pupil counts on any channel from that instant (until an answer records
    ///         ``True`` again).
    ///     relationship: ``mother``, ``father``, ``parent``, ``step_parent``, ``relative``, ``guardian``,
    ///         ``foster_carer``, ``local_authority`` or ``other``.
    ///
    /// Raises:
    ///     ConsentError: ``consent_unknown_channel``, ``consent_unknown_state``,
    ///         ``consent_unknown_method``, ``consent_invalid_id``, ``consent_carer_is_pupil``
    ///         (a pupil's own answer is :meth:`record_pupil_voice`), ...
    #[pyo3(signature = (pupil, carer, channel, state, at, **options))]
    fn record(
        slf: &Bound<'_, Self>,
        pupil: Text,
        carer: Text,
        channel: Text,
        state: Text,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<()> {
        let options = self::options(options)?;
        change(slf, |this| {
            this.0
                .record(&pupil, &carer, &channel, &state, at.0, options)
        })?
        .or_raise()
    }

    /// A safeguarding restriction (``looked_after``, ``adopted``, ``court_order``,
    /// ``domestic_abuse``, ``dsl_no_images`` or free text): denies every channel from ``at``.
    fn restrict(slf: &Bound<'_, Self>, pupil: Text, reason: Text, at: Instant) -> PyResult<()> {
        change(slf, |this| this.0.restrict(&pupil, &reason, at.0))?.or_raise()
    }

    /// Lift a safeguarding restriction on the pupil from ``at``.
    ///
    /// Arguments:
    ///     reason: the restriction to lift (``court_order``, ``dsl_no_images``, ...); the
    ///         others stay in force. ``None``: the one restriction in force.
    ///
    /// Raises:
    ///     ConsentError: ``consent_restriction_ambiguous`` without a ``reason`` while
    ///         several restrictions are in force (nothing is lifted),
    ///         ``consent_unknown_restriction_reason`` for a reason that is not one of the
    ///         ids, ``consent_invalid_id``.
    #[pyo3(signature = (pupil, at, *, reason = None))]
    fn lift_restriction(
        slf: &Bound<'_, Self>,
        pupil: Text,
        at: Instant,
        reason: Option<Text>,
    ) -> PyResult<()> {
        change(slf, |this| {
            this.0.lift_restriction(&pupil, at.0, reason.as_deref())
        })?
        .or_raise()
    }

    /// A new notice version is in force from ``at``; a substantive change makes every
    /// earlier yes lapse.
    ///
    /// Raises:
    ///     ConsentError: ``consent_notice_already_published`` when the version was
    ///         published before with another ``content_hash`` (a new text needs a new label).
    #[pyo3(signature = (version, at, **options))]
    fn publish_notice(
        slf: &Bound<'_, Self>,
        version: Text,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<()> {
        let options = self::options(options)?;
        change(slf, |this| this.0.publish_notice(&version, at.0, options))?.or_raise()
    }

    /// Record that an image showing ``pupils`` was published (for the takedown list).
    fn record_publication(
        slf: &Bound<'_, Self>,
        image_id: Text,
        pupils: TextSet,
        channel: Text,
        at: Instant,
    ) -> PyResult<()> {
        change(slf, |this| {
            this.0
                .record_publication(&image_id, &pupils.0, &channel, at.0)
        })?
        .or_raise()
    }

    /// Record that a published image was taken down.
    fn record_removal(slf: &Bound<'_, Self>, image_id: Text, at: Instant) -> PyResult<()> {
        change(slf, |this| this.0.record_removal(&image_id, at.0))?.or_raise()
    }

    /// Record the pupil's own agreement or objection for one channel (the child's voice).
    ///
    /// Under 18, a refusal or withdrawal by a pupil old enough to be asked wins over any
    /// carer's yes (decision rule ``pupil_refused``); a pupil's yes never permits by itself;
    /// a younger pupil's objection is shown in decisions while the carers decide. An answer
    /// recorded with an ``age`` of 18 or more makes the pupil an adult from ``at`` on, on
    /// every channel (decision rule ``adult_pupil``): their own latest answer decides, and
    /// carers' answers no longer count.
    ///
    /// Arguments:
    ///     age: the pupil's age (2 to 19), compared with the school's ``pupil_voice_min_age``;
    ///         18 or more needs no other statement.
    ///     old_enough: the school's own statement; when given it decides, whatever the age.
    ///
    /// Raises:
    ///     ConsentError: ``consent_pupil_competence_unknown`` when neither says whether the
    ///         pupil is old enough (it is never guessed), ``consent_pupil_voice_state``,
    ///         ``consent_invalid_age``, ``consent_age_conflict`` (an age lower than
    ///         one recorded before for the pupil: a swapped id?), ``consent_unknown_channel``, ...
    #[pyo3(signature = (pupil, channel, state, at, **options))]
    fn record_pupil_voice(
        slf: &Bound<'_, Self>,
        pupil: Text,
        channel: Text,
        state: Text,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<()> {
        let options = self::options(options)?;
        change(slf, |this| {
            this.0
                .record_pupil_voice(&pupil, &channel, &state, at.0, options)
        })?
        .or_raise()
    }

    /// The pupil left the school roll: from 00:00 Europe/London on ``leaving_date`` every
    /// check for them is no (decision state and rule ``left_roll``).
    ///
    /// Raises:
    ///     EsafetyError: ``invalid_date`` for a date that is not YYYY-MM-DD.
    fn record_leaving(slf: &Bound<'_, Self>, pupil: Text, leaving_date: Day) -> PyResult<()> {
        change(slf, |this| this.0.record_leaving(&pupil, leaving_date.0))?.or_raise()
    }

    /// The pupil came back onto the school roll: from 00:00 Europe/London on
    /// ``rejoining_date`` they are on the roll again. A yes given before they left lapsed
    /// when they left (the school asks again; a "no" still stands); answers given since
    /// the leaving date count. A rejoining dated the same day as a leaving cancels that
    /// leaving (a date recorded by mistake).
    ///
    /// Raises:
    ///     EsafetyError: ``invalid_date`` for a date that is not YYYY-MM-DD.
    fn record_rejoining(slf: &Bound<'_, Self>, pupil: Text, rejoining_date: Day) -> PyResult<()> {
        change(slf, |this| {
            this.0.record_rejoining(&pupil, rejoining_date.0)
        })?
        .or_raise()
    }

    /// The consent form ``carer`` sees about ``pupil`` at ``at``: per channel the pupil's
    /// ``state``, a ``status`` to show (a state, ``not_available`` under a safeguarding
    /// restriction, which is never named to a carer, ``left_roll``, ``pupil_refused`` or
    /// ``adult_pupil``), the carer's own ``carer_state``, ``can_answer``, ``can_withdraw`` ("withdraw" alone, where
    /// no yes/no is offered but the carer's own yes is on record), what "no" records
    /// (``no_records``: ``withdrawn`` or ``refused``) and whether a published use is
    /// ``recallable``.
    fn consent_form(slf: PyRef<'_, Self>, pupil: Text, carer: Text, at: Instant) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.consent_form(&pupil, &carer, at.0)))
    }

    /// Record a form's ``yes`` (``given``) or ``no`` (``withdrawn`` when the carer's own
    /// yes is current, otherwise ``refused``); returns the state recorded.
    ///
    /// Raises:
    ///     ConsentError: ``consent_unknown_answer``, and as :meth:`record`.
    #[pyo3(signature = (pupil, carer, channel, answer, at, **options))]
    fn record_answer(
        slf: &Bound<'_, Self>,
        pupil: Text,
        carer: Text,
        channel: Text,
        answer: Text,
        at: Instant,
        options: Option<&Kw>,
    ) -> PyResult<&'static str> {
        let options = self::options(options)?;
        let state = change(slf, |this| {
            this.0
                .record_answer(&pupil, &carer, &channel, &answer, at.0, options)
        })?;
        state.map(core::EventState::as_str).or_raise()
    }

    /// One pupil's consent state for a channel at ``at``.
    fn state(
        slf: PyRef<'_, Self>,
        pupil: Text,
        channel: Text,
        at: Instant,
    ) -> PyResult<&'static str> {
        read(slf, |this| this.0.state(&pupil, &channel, at.0))
            .map(core::ConsentState::as_str)
            .or_raise()
    }

    /// One pupil's decision with rule, source, reason and every carer answer.
    fn explain(slf: PyRef<'_, Self>, pupil: Text, channel: Text, at: Instant) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.explain(&pupil, &channel, at.0)).or_raise()?)
    }

    /// May an image of every one of ``pupils`` go on ``channel`` at ``at``?
    ///
    /// Raises:
    ///     ConsentError: ``consent_unknown_channel``, ``consent_empty_group``.
    #[pyo3(
        signature = (pupils, channel, at, *, names_shown = Flag(esafety_core::consent::NAMES_SHOWN_BY_DEFAULT)),
        text_signature = "($self, pupils, channel, at, *, names_shown=False)"
    )]
    fn check_image(
        slf: PyRef<'_, Self>,
        pupils: TextSet,
        channel: Text,
        at: Instant,
        names_shown: Flag,
    ) -> PyResult<Obj> {
        let decision = read(slf, |this| {
            this.0.check_image(&pupils.0, &channel, at.0, names_shown.0)
        });
        wire(&decision.or_raise()?)
    }

    /// Published images (not yet removed) that lack consent at ``at``.
    fn takedown_list(slf: PyRef<'_, Self>, at: Instant) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.takedown_list(at.0)))
    }

    /// A Kantara Consent Receipt (v1.1 field names) of one carer's answers about a pupil.
    ///
    /// Raises:
    ///     ConsentError: ``consent_no_answers``.
    fn receipt(slf: PyRef<'_, Self>, pupil: Text, carer: Text, at: Instant) -> PyResult<Obj> {
        to_result(&read(slf, |this| this.0.receipt(&pupil, &carer, at.0)).or_raise()?)
    }

    /// The versioned, hash-chained JSON export, sealed with the school's private key
    /// (64 hex digits, from ``generate_signing_key()``) when one is given.
    ///
    /// Raises:
    ///     ConsentError: ``invalid_key``.
    #[pyo3(signature = (signing_key = None))]
    fn to_json(&self, signing_key: Option<Text>) -> PyResult<String> {
        Ok(match signing_key {
            Some(key) => self.0.to_json_sealed(&keys::signing_key(&key)?),
            None => self.0.to_json(),
        })
    }

    /// The unsealed export as a dict (the ``to_json()`` document parsed).
    fn to_dict(slf: PyRef<'_, Self>) -> PyResult<Obj> {
        crate::convert::loads(&read(slf, |this| this.0.to_json()))
    }

    /// Import an export (JSON text, bytes or a dict), verifying the hash chain and any
    /// seal it carries (against the key the seal names), and with ``public_key`` that the
    /// seal is the school's, or with ``head_hash`` that the head is one kept elsewhere.
    /// Imported with neither, the ledger's log cannot be known whole: ``warnings`` and
    /// every decision it gives say ``consent_export_unsealed``. Pickling and ``copy`` go
    /// through ``to_json`` and ``from_json`` (with the head, for a ledger known whole).
    ///
    /// Raises:
    ///     ConsentError: ``ledger_tampered`` when anything was changed, removed or reordered,
    ///         or the head is not ``head_hash``; ``ledger_signature_invalid`` for a missing or
    ///         foreign seal, or a ledger cut short and re-headed; ``invalid_key``.
    #[staticmethod]
    #[pyo3(signature = (s, public_key = None, head_hash = None))]
    fn from_json(
        s: &Bound<'_, PyAny>,
        public_key: Option<Text>,
        head_hash: Option<Text>,
    ) -> PyResult<ConsentLedger> {
        let s = json_text_arg(s)?;
        match (public_key, head_hash) {
            (Some(key), None) => {
                core::ConsentLedger::from_json_sealed(&s, &keys::public_key(&key)?)
            }
            (None, Some(head)) => core::ConsentLedger::from_json_anchored(&s, &head),
            (Some(key), Some(head)) => {
                core::ConsentLedger::from_json_sealed(&s, &keys::public_key(&key)?).and_then(
                    |ledger| core::ConsentLedger::from_json_anchored(&s, &head).map(|_| ledger),
                )
            }
            (None, None) => core::ConsentLedger::from_json(&s),
        }
        .or_raise()
        .map(ConsentLedger)
    }

    /// What every answer of this ledger warns of: ``["consent_export_unsealed"]`` when it
    /// was imported without its seal (or head) checked, else ``[]``.
    #[getter]
    fn warnings(&self) -> Vec<&'static str> {
        self.0
            .warnings()
            .into_iter()
            .map(core::ConsentWarning::as_str)
            .collect()
    }

    /// The sealed answer for a group on a channel at ``at`` (JSON text), which
    /// ``check_snapshot`` reads offline until it expires.
    ///
    /// Raises:
    ///     ConsentError: as ``check_image``; ``invalid_key``.
    fn snapshot(
        slf: PyRef<'_, Self>,
        pupils: TextSet,
        channel: Text,
        at: Instant,
        signing_key: Text,
    ) -> PyResult<String> {
        let key = keys::signing_key(&signing_key)?;
        read(slf, |this| this.0.snapshot(&pupils, &channel, at.0, &key)).or_raise()
    }

    /// The hash of the last entry: keep it elsewhere to detect a rewritten ledger.
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
    fn __reduce__(&self, py: Python<'_>) -> PyResult<(Obj, ReduceArgs)> {
        // A ledger known whole comes back known whole: its head goes with it.
        let head = self
            .0
            .warnings()
            .is_empty()
            .then(|| self.0.head_hash().to_owned());
        let call = py
            .get_type::<ConsentLedger>()
            .getattr("from_json")?
            .unbind();
        Ok((call, (self.0.to_json(), None, head)))
    }
}

/// What `from_json` is called with when a ledger is unpickled: its export, no key, and its
/// head when its log is known whole.
type ReduceArgs = (String, Option<String>, Option<String>);

/// The ``ImageDecision`` a sealed snapshot holds, read offline with the school's public key.
///
/// Raises:
///     ConsentError: ``snapshot_signature_invalid`` (unsigned or altered),
///         ``snapshot_expired`` (``at`` outside the time it covers), ``snapshot_mismatch``
///         (other pupils or channel), ``invalid_key``.
#[pyfunction]
fn check_snapshot(
    text: Text,
    pupils: TextSet,
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
