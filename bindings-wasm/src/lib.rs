//! WebAssembly bindings of esafety: conversion and error mapping only, no domain logic.
//!
//! Built with `wasm-bindgen` for the browser (`--target web`) and Node (`--target nodejs`)
//! and published as the npm package `esafety` (whose entry modules, `entry/`, wrap this
//! build). Names and result keys are camelCase (`keys`). Errors are thrown as
//! `EsafetyError`s (an `Error` subclass the entry module registers) whose `code` and
//! `domain` properties carry the core's stable error code.
//!
//! Without the default feature `full` only image consent is bound (the widget's build,
//! `pkg/widget`); the shared helpers the other modules use are then unused.
#![cfg_attr(not(feature = "full"), allow(dead_code))]

/// A JS class over a core value (`inner`), built `From` the core value.
macro_rules! class {
    ($(#[$doc:meta])* $name:ident($inner:ty)) => {
        $(#[$doc])*
        #[wasm_bindgen::prelude::wasm_bindgen]
        pub struct $name {
            pub(crate) inner: $inner,
        }

        impl From<$inner> for $name {
            fn from(inner: $inner) -> Self {
                $name { inner }
            }
        }
    };
    // A class that can be passed as an argument (read with `args::instance`).
    (shared $(#[$doc:meta])* $name:ident($inner:ty)) => {
        class!($(#[$doc])* $name($inner));

        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $name {
            /// A copy that an esafety method receiving this object takes for its own.
            #[wasm_bindgen(js_name = __share, skip_typescript)]
            pub fn share(&self) -> $name {
                $name { inner: self.inner.clone() }
            }
        }
    };
}

/// Reads string arguments (`Text` handles) into `&str`s of the same names, throwing
/// `invalid_argument` for a value that is not a string: `text_args!(url, label)`.
macro_rules! text_args {
    ($($name:ident),+) => {
        $(
            let $name = crate::args::text(&$name, stringify!($name))?;
            let $name = $name.as_str();
        )+
    };
}

mod args;
mod consent;
mod convert;
mod errors;
#[cfg(feature = "full")]
mod filter;
#[cfg(feature = "full")]
mod incident;
mod json;
mod keys;
mod options;
#[cfg(feature = "full")]
mod policy;
#[cfg(feature = "full")]
mod registry;
#[cfg(feature = "full")]
mod scanner;
mod seal;
#[cfg(feature = "full")]
mod url;
#[cfg(feature = "full")]
mod vocabulary;
mod wire_keys;

use wasm_bindgen::prelude::*;

/// The wire contract's types, generated from `schema/esafety.schema.json` (`scripts/gen-wire`).
#[wasm_bindgen(typescript_custom_section)]
const WIRE_TYPES: &str = include_str!("../types/wire.d.ts");

/// The options objects of methods.
#[wasm_bindgen(typescript_custom_section)]
const INPUT_TYPES: &str = include_str!("../types/inputs.d.ts");

/// What the entry modules (`entry/`) add: `EsafetyError`, `isEsafetyError`, the lists.
#[wasm_bindgen(typescript_custom_section)]
const ENTRY_TYPES: &str = include_str!("../types/entry.d.ts");

/// The version of the esafety library.
#[wasm_bindgen]
pub fn version() -> String {
    esafety_core::wire::LIBRARY_VERSION.to_owned()
}

/// The schema version of every JSON document esafety reads and writes.
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> u32 {
    esafety_core::wire::SCHEMA_VERSION
}
