//! Checking a saved registry as it is read back (`Registry::from_json`).
//!
//! A document is data from outside: a hand edit, another program or a damaged file can
//! hold what the live calls refuse. Each stored assignment, AUP version and signature is
//! checked with the same rules as [`Registry::assign`], [`Registry::publish_aup`] and
//! [`Registry::sign`], so a registry read back never holds what the registry would not
//! have recorded, and the first problem is named with its place in the document.
//!
//! ```
//! use esafety_core::registry::Registry;
//!
//! let mut reg = Registry::new();
//! reg.publish_aup("staff", "v1", "2025-09-01".parse().unwrap(), true, &["Be kind.".into()])?;
//! let saved = reg.to_json();
//! assert_eq!(Registry::from_json(&saved)?, reg);
//! // Someone edited a clause but not the hash that signatures were given against.
//! let edited = saved.replace("Be kind.", "Anything goes.");
//! let err = Registry::from_json(&edited).unwrap_err();
//! assert!(err.to_string().contains("aups.versions[0]"));
//! # Ok::<(), esafety_core::registry::RegistryError>(())
//! ```

use super::aup::AupLibrary;
use super::role::{check_assignment, check_id};
use super::{Registry, RegistryError};

/// Checks a registry just read from a document: `Err` names the first stored item the
/// live calls would have refused, with its path.
pub(super) fn check(registry: &Registry) -> Result<(), RegistryError> {
    check_assignments(registry).map_err(|(path, e)| malformed(&path, &e))?;
    check_aups(&registry.aups).map_err(|(path, e)| malformed(&path, &e))?;
    check_signatures(registry).map_err(|(path, e)| malformed(&path, &e))
}

fn malformed(path: &str, error: &RegistryError) -> RegistryError {
    RegistryError::MalformedDocument {
        reason: format!("{path}: {error}"),
    }
}

type Found = (String, RegistryError);

/// A problem the live calls have no error of their own for, at `path`.
fn found(path: String, reason: impl Into<String>) -> Found {
    (
        path,
        RegistryError::MalformedDocument {
            reason: reason.into(),
        },
    )
}

fn check_assignments(registry: &Registry) -> Result<(), Found> {
    let all = registry.assignments.all();
    for (i, a) in all.iter().enumerate() {
        let path = || format!("assignments.entries[{i}]");
        check_assignment(&a.person, a.role, a.deputy_for.as_deref(), a.audience)
            .map_err(|e| (path(), e))?;
        if a.until.is_some_and(|u| u < a.since) {
            return Err(found(path(), "it ends before it starts"));
        }
        // `assign` ends an earlier assignment of the same role the day before a later one
        // starts: one person never holds one role twice on a day.
        let overlaps = all.iter().take(i).any(|b| {
            b.person == a.person
                && b.role == a.role
                && b.since <= a.until.unwrap_or(chrono::NaiveDate::MAX)
                && a.since <= b.until.unwrap_or(chrono::NaiveDate::MAX)
        });
        if overlaps {
            let person = super::role::short(&a.person);
            return Err(found(
                path(),
                format!("{person} holds {} twice on one day", a.role),
            ));
        }
    }
    Ok(())
}

/// Publishes every stored version again, in order, into an empty library: the same
/// labels, dates and order must be accepted and give the same content hash.
fn check_aups(aups: &AupLibrary) -> Result<(), Found> {
    let mut again = AupLibrary::default();
    for (i, v) in aups.all().iter().enumerate() {
        let path = || format!("aups.versions[{i}]");
        let published = again
            .publish(v.audience, &v.version, v.effective, v.material, &v.clauses)
            .map_err(|e| (path(), e))?;
        if published.content_hash != v.content_hash {
            return Err(found(path(), "its content hash does not match its clauses"));
        }
    }
    Ok(())
}

fn check_signatures(registry: &Registry) -> Result<(), Found> {
    for (i, s) in registry.signatures.iter().enumerate() {
        let path = || format!("signatures[{i}]");
        check_id(&s.signer).map_err(|e| (path(), e))?;
        for co in [&s.co_signer, &s.signed_on_behalf_by].into_iter().flatten() {
            check_id(co).map_err(|e| (path(), e))?;
            if *co == s.signer {
                return Err((path(), RegistryError::CoSignerIsSigner));
            }
        }
        let version = registry
            .aups
            .get(s.audience, &s.version)
            .map_err(|e| (path(), e))?;
        if version.content_hash != s.content_hash {
            return Err(found(
                path(),
                "it was given to a text other than the version's",
            ));
        }
    }
    Ok(())
}
