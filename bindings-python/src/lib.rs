//! Python bindings of esafety: conversion and error mapping only, no domain logic.
//!
//! The native module is `esafety._esafety`; `python/esafety/__init__.py` re-exports it with
//! an explicit `__all__`, and `_esafety.pyi` documents every name for type checkers.

mod args;
mod arrow;
mod consent;
mod convert;
mod errors;
mod exclusive;
mod filter;
mod incident;
mod keys;
mod pickle;
mod policy;
mod pool;
mod pyjson;
mod registry;
mod scanner;
mod url;
mod vocabulary;
mod wording;

use pyo3::prelude::*;

/// The version of the esafety library.
#[pyfunction]
fn version() -> &'static str {
    esafety_core::wire::LIBRARY_VERSION
}

/// The schema version of every JSON document esafety reads and writes.
#[pyfunction]
fn schema_version() -> u32 {
    esafety_core::wire::SCHEMA_VERSION
}

#[pymodule]
fn _esafety(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", esafety_core::wire::LIBRARY_VERSION)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    m.add_function(wrap_pyfunction!(schema_version, m)?)?;
    errors::register(m)?;
    url::register(m)?;
    registry::register(m)?;
    filter::register(m)?;
    incident::register(m)?;
    consent::register(m)?;
    keys::register(m)?;
    scanner::register(m)?;
    policy::register(m)?;
    vocabulary::register(m)?;
    Ok(())
}
