//! The semantic checks of a policy document, after its shape is right.

use super::document::PolicyDocument;
use super::error::Problem;
use super::load::problem;
use super::preset::national_document;
use crate::ErrorCode;
use crate::incident::SchoolProfile;
use crate::scanner::Adjustment;
use serde_json::{Map, Value, json};

/// Runs every semantic check, adding problems; returns the incident profile when it could
/// be built.
pub(super) fn check(
    document: &PolicyDocument,
    problems: &mut Vec<Problem>,
) -> Option<SchoolProfile> {
    if document.schema_version != crate::wire::SCHEMA_VERSION {
        problems.push(problem(
            "schema_version",
            "unsupported_schema_version",
            format!(
                "unsupported schema version `{}`: this build reads version {}",
                document.schema_version,
                crate::wire::SCHEMA_VERSION
            ),
        ));
    }
    let id_ok = !document.id.is_empty()
        && document.id.len() <= 64
        && document
            .id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !id_ok {
        problems.push(problem(
            "id",
            "invalid_value",
            "expected a short id (at most 64 letters, digits, `_` or `-`)",
        ));
    }
    for (path, e) in document.filter.problems() {
        let code = if e.code() == "filter_unknown_audience" {
            "unknown_value"
        } else {
            "invalid_value"
        };
        problems.push(problem(
            &format!("filter.audiences.{path}"),
            code,
            e.to_string(),
        ));
    }
    if let Err(e) = document.consent.validate() {
        problems.push(problem("consent", "invalid_value", e.to_string()));
    }
    check_roles(document, problems);
    for (i, a) in document.monitoring.adjustments.iter().enumerate() {
        if let Err(e) = Adjustment::new(a.audience, a.category.clone(), a.delta) {
            problems.push(problem(
                &format!("monitoring.adjustments[{i}]"),
                "invalid_value",
                e.to_string(),
            ));
        }
    }
    // Every document, whatever its id, is read over the national directory: one a school
    // names `national` leaves out what the national document says too.
    let base = || Some(national_profile());
    match build_profile(document, base()) {
        Ok(profile) => Some(profile),
        Err(first) => {
            // The profile stops at its first problem: check its settings, contacts and
            // local steps one part at a time so that each part's problem is reported.
            let national = national_document();
            let parts = [
                // Settings alone.
                PolicyDocument {
                    contacts: national.contacts.clone(),
                    incidents: super::document::Incidents {
                        local_steps: Vec::new(),
                        ..document.incidents.clone()
                    },
                    ..document.clone()
                },
                // Contacts alone.
                PolicyDocument {
                    contacts: document.contacts.clone(),
                    ..national.clone()
                },
                // Local steps alone.
                PolicyDocument {
                    incidents: super::document::Incidents {
                        local_steps: document.incidents.local_steps.clone(),
                        ..national.incidents.clone()
                    },
                    ..national
                },
            ];
            let mut errors = vec![first];
            for part in parts {
                if let Err(e) = build_profile(&part, base()) {
                    errors.push(e);
                }
            }
            for e in errors {
                let (path, message) = document_problem(&e);
                if !problems.iter().any(|p| p.path == path) {
                    problems.push(problem(&path, "invalid_value", message));
                }
            }
            None
        }
    }
}

/// The statutory limits a school's own role rules stay within, and their sources.
fn check_roles(document: &PolicyDocument, problems: &mut Vec<Problem>) {
    for (key, contact) in &document.contacts {
        if let Some(why) = contact
            .source
            .as_deref()
            .and_then(crate::source::unresolved)
        {
            problems.push(problem(
                &format!("contacts.{key}.source"),
                "invalid_value",
                why,
            ));
        }
    }
    // The roles section becomes the registry's settings: their own checks, at the
    // document's paths (`local_duties` is the document's `roles.duties`).
    for (field, why) in super::engines::registry_settings(document).problems() {
        let field = match field.strip_prefix("local_duties") {
            Some(rest) => format!("duties{rest}"),
            None => field,
        };
        problems.push(problem(&format!("roles.{field}"), "invalid_value", why));
    }
}

/// Where a profile error is in the policy document, and what it says without the
/// profile's own file label (the document is not that file).
fn document_problem(e: &crate::incident::IncidentError) -> (String, String) {
    let field = e.field().unwrap_or("");
    let (head, rest) = field.split_once('.').unwrap_or((field, ""));
    let path = match head {
        // The profile's settings come from the document's `school`, `roles` and
        // `incidents` tables.
        "settings" => {
            let key = rest.split(['.', '[']).next().unwrap_or(rest);
            let table = match key {
                "school_day_start" | "school_day_end" | "head_is_dsl" | "online_safety_lead"
                | "record_system" | "closures" => "school",
                "search_rule" => "roles",
                _ => "incidents",
            };
            format!("{table}.{rest}")
        }
        _ if field.starts_with("local_steps") => format!("incidents.{field}"),
        _ => field.to_owned(),
    };
    let message = e.to_string();
    let message = match e.file() {
        Some(label) => message
            .strip_prefix(&format!("`{label}`: "))
            .unwrap_or(&message)
            .to_owned(),
        None => message,
    };
    (path, message)
}

/// The national incident profile (national contacts, default settings).
pub(super) fn national_profile() -> SchoolProfile {
    build_profile(&national_document(), None).unwrap_or_else(|_| SchoolProfile {
        id: "national".to_owned(),
        name: "National defaults (England)".to_owned(),
        local_authority: None,
        contacts: Default::default(),
        ignored_contacts: Default::default(),
        settings: Default::default(),
        warnings: Vec::new(),
        local_steps: Vec::new(),
    })
}

/// The incident profile of a document: its contacts and settings over `base` (or over
/// nothing, for the national document itself).
fn build_profile(
    document: &PolicyDocument,
    base: Option<SchoolProfile>,
) -> Result<SchoolProfile, crate::incident::IncidentError> {
    let mut value = json!({
        "schemaVersion": crate::wire::SCHEMA_VERSION,
        "id": document.id,
        "name": if document.school.name.is_empty() { &document.id } else { &document.school.name },
        "settings": settings(document),
        "contacts": document.contacts,
        "leftovers": document.leftovers,
        "local_steps": document.incidents.local_steps,
    });
    if let (Some(la), Value::Object(map)) = (&document.school.local_authority, &mut value) {
        map.insert("local_authority".to_owned(), json!(la));
    }
    let label = format!("{}.toml", document.id);
    match base {
        Some(base) => crate::incident::profile_over(&value, &label, base),
        None => {
            if let Value::Object(map) = &mut value {
                map.insert("extends".to_owned(), json!("none"));
            }
            SchoolProfile::from_text(&label, &value.to_string())
        }
    }
}

/// The incident profile's `settings` table, gathered from the policy's sections.
fn settings(document: &PolicyDocument) -> Map<String, Value> {
    let (school, incidents) = (&document.school, &document.incidents);
    let mut map = Map::new();
    let mut put = |k: &str, v: Value| {
        map.insert(k.to_owned(), v);
    };
    put(
        "first_contact_image_incidents",
        json!(incidents.first_contact_image_incidents),
    );
    put("search_rule", json!(document.roles.search_rule.as_str()));
    put(
        "parents_told_of_filtering_breaches",
        json!(incidents.parents_told_of_filtering_breaches),
    );
    put(
        "out_of_hours_alert_contact",
        json!(incidents.out_of_hours_alert_contact.as_str()),
    );
    put("pupil_hacking_route", json!(incidents.pupil_hacking_route));
    put(
        "incidental_csam_exposure",
        json!(incidents.incidental_csam_exposure),
    );
    put(
        "serious_incidents_to_la_and_lado",
        json!(incidents.serious_incidents_to_la_and_lado),
    );
    put(
        "csam_copies_kept_only_for_police",
        json!(incidents.csam_copies_kept_only_for_police),
    );
    put("head_is_dsl", json!(school.head_is_dsl));
    put("online_safety_lead", json!(school.online_safety_lead));
    put("record_system", json!(school.record_system));
    put("school_day_start", json!(school.school_day_start));
    put("school_day_end", json!(school.school_day_end));
    if !school.closures.is_empty() {
        put("closures", json!(school.closures));
    }
    map
}
