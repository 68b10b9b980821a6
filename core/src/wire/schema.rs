//! The JSON Schema of every type that crosses a surface (the wire contract).
//!
//! [`schema`] is committed as `schema/esafety.schema.json`; a test fails when the two differ,
//! and the Python stubs, TypeScript types and Kotlin records are generated from that file.

use schemars::{JsonSchema, SchemaGenerator, generate::SchemaSettings};
use serde_json::{Map, Value, json};

use crate::{consent, filter, incident, policy, registry, scanner, source, vocabulary};

/// Adds each listed type (and every type it refers to) to the generator's definitions.
macro_rules! define {
    ($generator:ident, $($ty:ty),+ $(,)?) => {
        $( $generator.subschema_for::<$ty>(); )+
    };
}

/// The contract: every request and response type, as JSON Schema 2020-12 `$defs`.
///
/// Output is deterministic (definitions sorted by name), so the committed copy can be
/// compared byte for byte.
///
/// # Examples
///
/// ```
/// let schema = esafety_core::wire::schema();
/// assert!(schema["$defs"]["Decision"].is_object());
/// assert_eq!(schema["x-schema-version"], 1);
/// ```
pub fn schema() -> Value {
    let mut generator = SchemaGenerator::new(SchemaSettings::draft2020_12().for_serialize());
    define!(
        generator,
        // Web addresses.
        crate::CanonicalUrl,
        // The policy document and its vocabulary.
        policy::PolicyDocument,
        policy::Problem,
        vocabulary::CategoryInfo,
        source::Citation,
        // Web addresses.
        crate::CanonicalUrl,
        // Web filter.
        filter::Decision,
        crate::batch::ItemError,
        filter::LoadReport,
        filter::squid_log::LogSummary,
        filter::OverrideEvent,
        filter::OverrideRecord,
        filter::Lookalike,
        // Monitoring.
        scanner::ScanReport,
        // Consent.
        consent::ImageDecision,
        consent::PupilDecision,
        consent::LedgerEvent,
        consent::LedgerEntry,
        consent::ConsentReceipt,
        consent::Takedown,
        consent::ConsentForm,
        // Incidents.
        incident::Incident,
        incident::Facts,
        incident::Classification,
        incident::Plan,
        incident::SchoolProfile,
        // Roles, AUPs and permissions.
        registry::AccessDecision,
        registry::PermissionDecision,
        registry::DecisionContext,
        registry::SignatureDetails,
        registry::AupVersion,
        registry::AupDiff,
        registry::Assignment,
        registry::Signature,
        registry::RoleHolders,
        registry::Duty,
        registry::Vacancy,
        registry::ReviewStatus,
        registry::SchoolSettings,
        registry::Duty,
    );
    let definitions: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    let mut sorted: Vec<(String, Value)> = definitions.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "esafety.schema.json",
        "title": "esafety wire contract",
        "description": "Every request and response type that crosses a surface (Python, JavaScript, Kotlin, Swift, CLI). Generated from the core crate; do not edit.",
        "x-schema-version": super::SCHEMA_VERSION,
        "$defs": Map::from_iter(sorted),
    })
}

/// Whether `T`'s schema name is defined in the contract (used by binding tests).
pub fn defines<T: JsonSchema>() -> bool {
    schema()
        .get("$defs")
        .and_then(|defs| defs.get(T::schema_name().as_ref()))
        .is_some()
}
