//! The monitoring term scanner for Kotlin and Swift.
//!
//! Offsets are UTF-16 code units (Kotlin/Java `String` indices, Swift `String.utf16`): the
//! core converts its byte offsets (`OffsetUnit::Utf16`).

use crate::convert::{audience_id, wire};
use crate::errors::Result;
use crate::{Match, ScanReport};
use esafety_core::scanner as core;
use std::sync::Arc;

/// One `(term, category, severity)` entry for [`TermScanner::from_entries`].
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TermInput {
    /// The term (a word or phrase).
    pub term: String,
    /// Its category id, e.g. `violence`.
    pub category: String,
    /// Severity 1–5.
    pub severity: i64,
}

/// Names whose matches never raise alerts: plain, or salted SHA-256 hashes.
#[derive(uniffi::Object)]
pub struct Roster {
    inner: core::Roster,
}

#[uniffi::export]
impl Roster {
    /// A roster of plain names (a full name also adds each of its words).
    #[uniffi::constructor]
    pub fn from_names(names: Vec<String>) -> Arc<Roster> {
        Arc::new(Roster {
            inner: core::Roster::from_names(names),
        })
    }

    /// A roster of `sha256(salt + folded name)` hex hashes; throws
    /// `scanner_invalid_roster_hash`.
    #[uniffi::constructor]
    pub fn from_hashes(salt: &str, hashes: Vec<String>) -> Result<Arc<Roster>> {
        let inner = core::Roster::from_hashes(salt, hashes)?;
        Ok(Arc::new(Roster { inner }))
    }

    /// Whether `text` (folded) is a roster name.
    pub fn contains(&self, text: &str) -> bool {
        self.inner.contains(text)
    }
}

/// The salted hash of one roster name, as the MIS side computes it.
#[uniffi::export]
pub fn roster_hash_name(salt: &str, name: &str) -> String {
    core::Roster::hash_name(salt, name)
}

/// The monitoring term scanner: sees through obfuscation, whole words only.
#[derive(uniffi::Object)]
pub struct TermScanner {
    pub(crate) inner: core::TermScanner,
}

/// A list file in `format` (core's default format when not given), labelled by its name.
fn list_file(path: &str, format: &Option<String>) -> Result<core::TermList> {
    let default = core::TermListFormat::default();
    let format = format.as_deref().unwrap_or(default.as_str());
    let path = std::path::Path::new(path);
    let contents = esafety_io::read_text(path)?;
    let label = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    Ok(core::TermList::parse_named(format, &label, &contents)?)
}

/// A list's label, or core's label for an unnamed list.
fn list_label(label: &Option<String>) -> &str {
    label.as_deref().unwrap_or(core::UNNAMED_LIST_LABEL)
}

fn triples(entries: Vec<TermInput>) -> Vec<(String, String, i64)> {
    entries
        .into_iter()
        .map(|e| (e.term, e.category, e.severity))
        .collect()
}

fn wrap(result: Result<core::TermScanner, core::ScannerError>) -> Result<Arc<TermScanner>> {
    Ok(Arc::new(TermScanner { inner: result? }))
}

#[uniffi::export]
impl TermScanner {
    /// The scanner of the embedded default list and text model (docs/scanner.md "The text
    /// model").
    #[uniffi::constructor(name = "default")]
    pub fn embedded_default() -> Result<Arc<TermScanner>> {
        wrap(core::TermScanner::embedded_default())
    }

    /// A scanner from a list file in `format` (`tsv`, `ldnoobw`, `dsojevic`, ...; core's
    /// default format when not given).
    #[uniffi::constructor(default(format = None))]
    pub fn from_file(path: &str, format: Option<String>) -> Result<Arc<TermScanner>> {
        wrap(core::TermScanner::from_lists(&[list_file(path, &format)?]))
    }

    /// A scanner from TSV text; `label` names it in match sources (core's
    /// `UNNAMED_LIST_LABEL` when not given).
    #[uniffi::constructor(default(label = None))]
    pub fn from_tsv(contents: &str, label: Option<String>) -> Result<Arc<TermScanner>> {
        wrap(core::TermScanner::from_tsv(list_label(&label), contents))
    }

    /// A scanner from `(term, category, severity)` entries and allow-phrases.
    #[uniffi::constructor(default(allow = []))]
    pub fn from_entries(entries: Vec<TermInput>, allow: Vec<String>) -> Result<Arc<TermScanner>> {
        wrap(core::TermScanner::from_entries(&triples(entries), &allow))
    }

    /// A new scanner with this one's lists followed by a school's own `(term, category,
    /// severity)` entries and allow-phrases; every entry keeps its provenance, and the roster
    /// is kept.
    #[uniffi::method(default(allow = []))]
    pub fn extended(
        &self,
        entries: Vec<TermInput>,
        allow: Vec<String>,
    ) -> Result<Arc<TermScanner>> {
        let list = core::TermList::from_entries(&triples(entries), &allow)?;
        wrap(self.inner.extended(&[list]))
    }

    /// [`TermScanner::extended`] with a list in the TSV format (`label` names it in the
    /// matches' sources, `school.tsv:3`; core's `UNNAMED_LIST_LABEL` when not given).
    #[uniffi::method(default(label = None, allow = []))]
    pub fn extended_with_tsv(
        &self,
        contents: &str,
        label: Option<String>,
        allow: Vec<String>,
    ) -> Result<Arc<TermScanner>> {
        wrap(
            self.inner
                .extended_with_tsv(list_label(&label), contents, &allow),
        )
    }

    /// [`TermScanner::extended`] with a list file in `format` (core's default format when
    /// not given), labelled by its file name, and allow-phrases.
    #[uniffi::method(default(format = None, allow = []))]
    pub fn extended_from_file(
        &self,
        path: &str,
        format: Option<String>,
        allow: Vec<String>,
    ) -> Result<Arc<TermScanner>> {
        let none: &[(&str, &str, i64)] = &[];
        let allow = core::TermList::from_entries(none, &allow)?;
        wrap(self.inner.extended(&[list_file(path, &format)?, allow]))
    }

    /// This scanner with a roster whose names never raise alerts.
    pub fn with_roster(&self, roster: Arc<Roster>) -> Arc<TermScanner> {
        Arc::new(TermScanner {
            inner: self.inner.clone().with_roster(roster.inner.clone()),
        })
    }

    /// The matches in `text` (UTF-16 offsets), severities adjusted for `audience`
    /// (`eyfs` ... `guest`; core's default when none); throws `scanner_unknown_audience`.
    #[uniffi::method(default(audience = None))]
    pub fn scan(&self, text: &str, audience: Option<String>) -> Result<Vec<Match>> {
        let unit = core::OffsetUnit::Utf16.as_str();
        wire(&self.inner.scan_in(text, audience_id(&audience), unit)?)
    }

    /// The matches and their summary.
    #[uniffi::method(default(audience = None))]
    pub fn scan_report(&self, text: &str, audience: Option<String>) -> Result<ScanReport> {
        let mut report = self.inner.scan_report(text, audience_id(&audience))?;
        core::convert_match_offsets(text, &mut report.matches, core::OffsetUnit::Utf16)?;
        wire(&report)
    }

    /// How many terms the scanner holds.
    pub fn size(&self) -> u64 {
        self.inner.entries().len() as u64
    }
}

/// The confidence at or above which a match flags a text (`Match.confidence`).
#[uniffi::export]
pub fn flag_confidence() -> f64 {
    core::FLAG_CONFIDENCE
}

/// The embedded default term list as TSV text (readable; `TermScanner.default()` scans it).
#[uniffi::export]
pub fn default_term_list() -> String {
    core::DEFAULT_LIST_TSV.to_owned()
}

/// The search terms of a web address (`q`, `search_query`, ...), decoded.
#[uniffi::export]
pub fn search_terms(url: &str) -> Result<Vec<String>> {
    Ok(core::search_terms(&esafety_core::CanonicalUrl::parse(url)?))
}
