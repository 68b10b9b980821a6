//! Pickling and copying engines through their documents. An engine keeps how it was built
//! (a [`Recipe`]: one of its constructors called with the document it was given), or why
//! it cannot be rebuilt; `__reduce__` returns that call, or raises `TypeError` saying why,
//! so no state is ever lost silently.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// How to rebuild an engine: a call that returns an equal one, or why there is none.
pub enum Recipe {
    /// A `functools.partial` of a constructor and its document arguments.
    Call(Py<PyAny>),
    /// Why the engine cannot be rebuilt from a document.
    Not(String),
}

impl Recipe {
    /// `target.method(*args, **kwargs)`, kept to be called when unpickled.
    pub fn call<'py>(
        target: &Bound<'py, PyAny>,
        method: &str,
        args: Bound<'py, PyTuple>,
        kwargs: Option<Bound<'py, PyDict>>,
    ) -> PyResult<Recipe> {
        let py = target.py();
        let partial = py.import("functools")?.getattr("partial")?;
        let mut all = vec![target.getattr(method)?];
        all.extend(args.iter());
        let call = partial.call(PyTuple::new(py, all)?, kwargs.as_ref())?;
        Ok(Recipe::Call(call.unbind()))
    }

    /// [`Recipe::call`] on the class `T`.
    pub fn class_call<'py, T: pyo3::PyTypeInfo>(
        py: Python<'py>,
        method: &str,
        args: Bound<'py, PyTuple>,
        kwargs: Option<Bound<'py, PyDict>>,
    ) -> PyResult<Recipe> {
        Recipe::call(py.get_type::<T>().as_any(), method, args, kwargs)
    }

    /// What `__reduce__` returns: the call and no arguments, or `TypeError` with the reason.
    pub fn reduce(&self, py: Python<'_>) -> PyResult<(Py<PyAny>, Py<PyTuple>)> {
        match self {
            Recipe::Call(call) => Ok((call.clone_ref(py), PyTuple::empty(py).unbind())),
            Recipe::Not(why) => Err(PyTypeError::new_err(why.clone())),
        }
    }
}

/// The keyword arguments of a constructor built under a school policy: `policy=` the
/// `SchoolPolicy` it was read into (a copy, so changing the caller's dict later changes
/// nothing), or none.
pub fn policy_kwargs(
    py: Python<'_>,
    policy: Option<esafety_core::policy::SchoolPolicy>,
) -> PyResult<Option<Bound<'_, PyDict>>> {
    let Some(policy) = policy else {
        return Ok(None);
    };
    let kwargs = PyDict::new(py);
    kwargs.set_item("policy", crate::policy::SchoolPolicy(policy))?;
    Ok(Some(kwargs))
}

/// `(Class.method, (document,))`: what `__reduce__` returns for an engine that exports its
/// whole state as one document (`Registry.to_json`, `ConsentLedger.to_json`).
pub fn from_document<T: pyo3::PyTypeInfo>(
    py: Python<'_>,
    method: &str,
    document: String,
) -> PyResult<(Py<PyAny>, (String,))> {
    Ok((py.get_type::<T>().getattr(method)?.unbind(), (document,)))
}
