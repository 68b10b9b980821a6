//! Mobile bindings of esafety through uniffi: conversion and error mapping only.
//!
//! Kotlin sees the package `uk.esafety`, Swift the module `ESafety`. Every function that can
//! fail throws the sealed `EsafetyException` (Kotlin) / `EsafetyError` (Swift), one case per
//! core domain, each carrying the stable snake_case `code`. uniffi catches any panic at the
//! boundary and turns it into an exception, so nothing unwinds into the JVM or Swift.

uniffi::setup_scaffolding!();

mod consent;
mod convert;
mod errors;
mod filter;
mod incident;
mod policy;
mod registry;
mod scanner;
mod url;

pub use errors::EsafetyError;

/// The version of the esafety library.
#[uniffi::export]
pub fn version() -> String {
    esafety_core::wire::LIBRARY_VERSION.to_owned()
}

/// The schema version of every JSON document esafety reads and writes.
#[uniffi::export]
pub fn schema_version() -> u32 {
    esafety_core::wire::SCHEMA_VERSION
}
