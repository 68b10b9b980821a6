//! Monitoring: a term scanner that sees through obfuscation without crying wolf.
//!
//! A DSL's monitoring must flag searches and messages about self-harm, suicide, bullying,
//! sexual content, grooming, radicalisation, drugs, weapons and hate (UKSIC "appropriate
//! monitoring", `DOMAIN.md` §6), where pupils misspell, use leetspeak, spaces and look-alike
//! letters, and where false alarms ("Scunthorpe", "skill", "Essex", "To Kill a
//! Mockingbird", a pupil called Jo) waste the DSL's time.
//!
//! * [`terms`]: the documented TSV list format and loaders for public list formats.
//! * [`normalize`]: normalisation that undoes obfuscation and keeps byte offsets into the
//!   original text.
//! * [`matcher`]: whole-word phrase matching with an `aho-corasick` DFA.
//! * [`roster`]: names (plain or salted hashes) that never raise alerts.
//! * [`audience`]: age bands and per-audience severity adjustment.
//!
//! # Matching rules
//!
//! 1. Terms match whole words of the normalised text: never inside a longer word
//!    ("skill", "Essex", "Scunthorpe"), except terms flagged `prefix`.
//! 2. **Allow-phrases win**: a term match that overlaps an allow-phrase match (by one byte
//!    of the original text or more) is dropped ("To Kill a Mockingbird").
//! 3. **Roster names win**: a term match whose matched text, folded, is a roster name is
//!    dropped (see [`Roster`]).
//! 4. **Overlaps** between the remaining matches are resolved leftmost-longest: matches are
//!    ordered by start (earliest first), then end (longest first), then severity (highest
//!    first), then list order; each is kept unless it overlaps one already kept. So
//!    "kill myself" (suicide) wins over "kill" (violence) in "I will kill myself".
//! 5. When two list entries normalise to the same pattern, an allow-phrase beats a term,
//!    and between terms the higher severity wins (then the earlier entry).
//!
//! Offsets are byte offsets into the text (`&text[m.start..m.end] == m.matched_text`).
//! Bindings convert them with [`OffsetUnit`]: Python uses code points ([`OffsetUnit::Char`]),
//! JavaScript UTF-16 code units ([`OffsetUnit::Utf16`]).
//!
//! # Example
//!
//! ```
//! use esafety_core::scanner::TermScanner;
//!
//! let scanner = TermScanner::from_entries(
//!     &[("kill myself", "suicide", 5), ("kill", "violence", 3)],
//!     &["to kill a mockingbird"],
//! )?;
//! let text = "we read To Kill a Mockingbird. i want to k1lllll mys3lf";
//! let matches = scanner.scan(text, "ks3")?;
//! assert_eq!(matches.len(), 1);
//! assert_eq!(matches[0].term, "kill myself");
//! assert_eq!(matches[0].matched_text, "k1lllll mys3lf");
//! assert_eq!(&text[matches[0].start..matches[0].end], "k1lllll mys3lf");
//! # Ok::<(), esafety_core::scanner::ScannerError>(())
//! ```

pub mod audience;
pub mod matcher;
pub mod normalize;
pub mod roster;
pub mod terms;

pub use audience::{Adjustment, Audience};
pub use roster::Roster;
pub use terms::{AllowEntry, Category, TermEntry, TermFlags, TermList, TermListFormat};

use crate::error::ErrorCode;
use audience::Adjustments;
use matcher::{Candidate, Matcher, PatternInfo, PatternKind, WalkBuffers};
use normalize::Normalizer;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use terms::shorten;

/// The embedded default list (`core/data/scanner/default.tsv`, attribution in its
/// `SOURCE.md`).
pub const DEFAULT_LIST_TSV: &str = include_str!("../../data/scanner/default.tsv");

/// The label of the embedded default list in explanations (`default.tsv:42`).
pub const DEFAULT_LIST_LABEL: &str = "default.tsv";

/// The label of a list read from TSV text when the caller names none (bindings' `from_tsv`).
pub const UNNAMED_LIST_LABEL: &str = "list.tsv";

/// Errors building a scanner or scanning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScannerError {
    /// An audience id that is not an age band.
    /// An audience that is not one of the eight (the message lists them and the nearest).
    #[error(transparent)]
    UnknownAudience(crate::vocabulary::VocabularyError),
    /// A category id that is not snake_case (`[a-z][a-z0-9_]*`, at most 40 characters).
    #[error("invalid category `{category}`: expected a snake_case id such as self_harm")]
    InvalidCategory {
        /// The id given.
        category: String,
    },
    /// A category id in a list that is not snake_case.
    #[error("invalid category `{category}` at {label}:{line}")]
    InvalidCategoryAt {
        /// The list label.
        label: String,
        /// The 1-based line.
        line: usize,
        /// The id given.
        category: String,
    },
    /// A severity that is not an integer from 1 to 5.
    #[error("invalid severity `{value}` at {label}:{line}: expected 1 to 5")]
    InvalidSeverity {
        /// The list label.
        label: String,
        /// The 1-based line (or entry index).
        line: usize,
        /// The value given.
        value: String,
    },
    /// An unknown flag in the flags column.
    #[error("unknown flag `{flag}` at {label}:{line}: expected allow, phrase or prefix")]
    UnknownFlag {
        /// The list label.
        label: String,
        /// The 1-based line.
        line: usize,
        /// The flag given.
        flag: String,
    },
    /// A line that does not have the expected shape.
    #[error("malformed line at {label}:{line}: {reason}")]
    MalformedLine {
        /// The list label.
        label: String,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A term that is empty or has no letter or digit in it.
    #[error("empty term at {label}:{line}")]
    EmptyTerm {
        /// The list label.
        label: String,
        /// The 1-based line (or entry index).
        line: usize,
    },
    /// A list format id that is not known.
    #[error("unknown term list format `{format}`")]
    UnknownFormat {
        /// The id given.
        format: String,
    },
    /// An attempt to lower the severity of a protected category.
    #[error("severities of category `{category}` can only be raised")]
    ProtectedCategory {
        /// The protected category.
        category: Category,
    },
    /// A roster hash that is not 64 hexadecimal digits.
    #[error("roster hash at position {index} is not 64 hexadecimal digits")]
    InvalidRosterHash {
        /// Its 0-based position.
        index: usize,
    },
    /// An offset unit id that is not `byte`, `char` or `utf16`.
    #[error("unknown offset unit `{unit}`: expected byte, char or utf16")]
    UnknownOffsetUnit {
        /// The id given.
        unit: String,
    },
    /// A byte offset that is past the end of the text or inside a character.
    #[error("offset {offset} is not a character boundary of the text")]
    InvalidOffset {
        /// The offset given.
        offset: usize,
    },
    /// The text is longer than [`MAX_TEXT_BYTES`].
    #[error("text is longer than {MAX_TEXT_BYTES} bytes")]
    TextTooLong,
    /// The automaton could not be built (pattern set too large).
    #[error("term automaton could not be built: {reason}")]
    Build {
        /// The automaton builder's reason.
        reason: String,
    },
}

impl From<crate::vocabulary::VocabularyError> for ScannerError {
    fn from(error: crate::vocabulary::VocabularyError) -> Self {
        ScannerError::UnknownAudience(error)
    }
}

impl ErrorCode for ScannerError {
    fn code(&self) -> &'static str {
        match self {
            ScannerError::UnknownAudience(_) => "scanner_unknown_audience",
            ScannerError::InvalidCategory { .. } | ScannerError::InvalidCategoryAt { .. } => {
                "scanner_invalid_category"
            }
            ScannerError::InvalidSeverity { .. } => "scanner_invalid_severity",
            ScannerError::UnknownFlag { .. } => "scanner_unknown_flag",
            ScannerError::MalformedLine { .. } => "scanner_malformed_line",
            ScannerError::EmptyTerm { .. } => "scanner_empty_term",
            ScannerError::UnknownFormat { .. } => "scanner_unknown_format",
            ScannerError::ProtectedCategory { .. } => "scanner_protected_category",
            ScannerError::InvalidRosterHash { .. } => "scanner_invalid_roster_hash",
            ScannerError::UnknownOffsetUnit { .. } => "scanner_unknown_offset_unit",
            ScannerError::InvalidOffset { .. } => "scanner_invalid_offset",
            ScannerError::TextTooLong => "scanner_text_too_long",
            ScannerError::Build { .. } => "scanner_build_failed",
        }
    }

    fn domain(&self) -> &'static str {
        "scanner"
    }
}

/// Longest text scanned in one call, in bytes (offsets are kept as `u32` internally).
pub const MAX_TEXT_BYTES: usize = u32::MAX as usize;

/// One term found in a text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Match {
    /// The list term that matched, as written in the list.
    pub term: String,
    /// Its category.
    pub category: Category,
    /// Severity for the audience scanned for (1–5).
    pub severity: u8,
    /// Severity in the list, before audience adjustment.
    pub list_severity: u8,
    /// Start of the span in the original text (bytes in Rust; see [`OffsetUnit`]).
    pub start: usize,
    /// End of the span (exclusive).
    pub end: usize,
    /// What was actually typed: the text between `start` and `end`.
    pub matched_text: String,
    /// The list entry that matched (`default.tsv:42`), so the alert explains itself.
    pub source: String,
}

/// A scan's summary for triage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScanSummary {
    /// The highest severity among the matches, `None` when nothing matched.
    pub highest_severity: Option<u8>,
    /// The categories found, most severe first (then known categories in [`Category::ALL`]
    /// order, then custom ones by id).
    pub categories: Vec<Category>,
    /// How many matches there are.
    pub match_count: usize,
}

/// Matches and their summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScanReport {
    /// The audience the severities are adjusted for.
    pub audience: Audience,
    /// The matches, in text order.
    pub matches: Vec<Match>,
    /// Their summary.
    pub summary: ScanSummary,
}

impl ScanSummary {
    /// Summarises matches.
    pub fn of(matches: &[Match]) -> ScanSummary {
        let mut by_category: Vec<(Category, u8)> = Vec::new();
        for m in matches {
            match by_category.iter_mut().find(|(c, _)| *c == m.category) {
                Some((_, s)) => *s = (*s).max(m.severity),
                None => by_category.push((m.category.clone(), m.severity)),
            }
        }
        by_category.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        ScanSummary {
            highest_severity: matches.iter().map(|m| m.severity).max(),
            categories: by_category.into_iter().map(|(c, _)| c).collect(),
            match_count: matches.len(),
        }
    }
}

/// The unit offsets are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OffsetUnit {
    /// UTF-8 bytes (Rust `str` indices).
    Byte,
    /// Unicode code points (Python `str` indices).
    Char,
    /// UTF-16 code units (JavaScript, Kotlin and Java string indices).
    Utf16,
}

impl OffsetUnit {
    /// The id (`byte`, `char`, `utf16`).
    pub fn as_str(self) -> &'static str {
        match self {
            OffsetUnit::Byte => "byte",
            OffsetUnit::Char => "char",
            OffsetUnit::Utf16 => "utf16",
        }
    }

    fn width(self, c: char) -> usize {
        match self {
            OffsetUnit::Byte => c.len_utf8(),
            OffsetUnit::Char => 1,
            OffsetUnit::Utf16 => c.len_utf16(),
        }
    }
}

impl std::str::FromStr for OffsetUnit {
    type Err = ScannerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "byte" => Ok(OffsetUnit::Byte),
            "char" => Ok(OffsetUnit::Char),
            "utf16" => Ok(OffsetUnit::Utf16),
            other => Err(ScannerError::UnknownOffsetUnit {
                unit: shorten(other),
            }),
        }
    }
}

/// Converts a byte offset of `text` into `unit`.
///
/// # Errors
///
/// [`ScannerError::InvalidOffset`] when `byte_offset` is past the end or inside a character.
///
/// # Examples
///
/// ```
/// use esafety_core::scanner::{OffsetUnit, convert_offset};
///
/// let text = "é😀x";
/// assert_eq!(convert_offset(text, 6, OffsetUnit::Char)?, 2);
/// assert_eq!(convert_offset(text, 6, OffsetUnit::Utf16)?, 3);
/// # Ok::<(), esafety_core::scanner::ScannerError>(())
/// ```
pub fn convert_offset(
    text: &str,
    byte_offset: usize,
    unit: OffsetUnit,
) -> Result<usize, ScannerError> {
    let prefix = text.get(..byte_offset).ok_or(ScannerError::InvalidOffset {
        offset: byte_offset,
    })?;
    Ok(prefix.chars().map(|c| unit.width(c)).sum())
}

/// Rewrites the offsets of matches (in text order, as [`TermScanner::scan`] returns them)
/// from bytes into `unit`, in one pass over the text.
///
/// # Errors
///
/// [`ScannerError::InvalidOffset`] when an offset is not a character boundary.
pub fn convert_match_offsets(
    text: &str,
    matches: &mut [Match],
    unit: OffsetUnit,
) -> Result<(), ScannerError> {
    if unit == OffsetUnit::Byte {
        return Ok(());
    }
    let mut byte = 0usize;
    let mut converted = 0usize;
    let mut advance = |target: usize| -> Result<usize, ScannerError> {
        if target < byte {
            // Out of order: count from the beginning.
            return convert_offset(text, target, unit);
        }
        let between = text
            .get(byte..target)
            .ok_or(ScannerError::InvalidOffset { offset: target })?;
        converted += between.chars().map(|c| unit.width(c)).sum::<usize>();
        byte = target;
        Ok(converted)
    };
    for m in matches.iter_mut() {
        let start = advance(m.start)?;
        let end = advance(m.end)?;
        m.start = start;
        m.end = end;
    }
    Ok(())
}

/// Reusable buffers for [`TermScanner::scan_with`]: keep one per thread to scan many texts
/// without allocating.
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    normalizer: Normalizer,
    walk: WalkBuffers,
    candidates: Vec<Candidate>,
    spans: Vec<Span>,
}

#[derive(Debug, Clone, Copy)]
struct Span {
    entry: usize,
    start: usize,
    end: usize,
    severity: u8,
}

/// The term scanner: compiled lists, allow-phrases, roster and audience adjustments.
///
/// Build it once ([`TermScanner::embedded_default`], [`TermScanner::from_tsv`],
/// [`TermScanner::from_entries`], [`TermScanner::from_lists`]) and scan many texts; it is
/// immutable while scanning and can be shared between threads.
///
/// # Example
///
/// ```
/// use esafety_core::scanner::{Category, Roster, TermScanner};
///
/// let scanner = TermScanner::embedded_default()?;
/// let found = scanner.scan("I want to kiiiill mys3lf", "ks2")?;
/// assert_eq!(found[0].category, Category::Suicide);
/// assert!(scanner.scan("Scunthorpe and Essex have skilled players", "ks2")?.is_empty());
///
/// let report = scanner.scan_report("how to buy a gun", "ks4")?;
/// assert_eq!(report.summary.categories, vec![Category::Weapons]);
/// # Ok::<(), esafety_core::scanner::ScannerError>(())
/// ```
#[derive(Debug, Clone)]
pub struct TermScanner {
    entries: Vec<TermEntry>,
    allow: Vec<AllowEntry>,
    matcher: Matcher,
    adjustments: Adjustments,
    roster: Roster,
    skipped: Vec<String>,
}

impl TermScanner {
    /// The scanner of the embedded default list (`core/data/scanner/default.tsv`).
    ///
    /// # Errors
    ///
    /// Never in a released build (a unit test parses the embedded list); typed for safety.
    pub fn embedded_default() -> Result<TermScanner, ScannerError> {
        TermScanner::from_tsv(DEFAULT_LIST_LABEL, DEFAULT_LIST_TSV)
    }

    /// A scanner from a list in the TSV format (see [`terms`]); `label` names it in
    /// explanations (a file name).
    ///
    /// # Errors
    ///
    /// The first bad line, as a [`ScannerError`].
    pub fn from_tsv(label: &str, contents: &str) -> Result<TermScanner, ScannerError> {
        TermScanner::from_lists(&[TermList::parse(TermListFormat::Tsv, label, contents)?])
    }

    /// A scanner from a list in the format with id `format` (`tsv`, `ldnoobw`, `dsojevic`,
    /// `surge_ai`, `suicide_risk_lexicon`, `davidson`, `hurtlex`; see [`TermListFormat`]).
    ///
    /// # Errors
    ///
    /// [`ScannerError::UnknownFormat`], or the first bad entry.
    pub fn from_format(
        format: &str,
        label: &str,
        contents: &str,
    ) -> Result<TermScanner, ScannerError> {
        TermScanner::from_lists(&[TermList::parse_named(format, label, contents)?])
    }

    /// A scanner from `(term, category, severity)` triples and allow-phrases.
    ///
    /// # Errors
    ///
    /// [`ScannerError::InvalidCategory`], [`ScannerError::InvalidSeverity`] or
    /// [`ScannerError::EmptyTerm`] for the first bad entry (its 1-based index as the line).
    pub fn from_entries<T, C, A>(
        entries: &[(T, C, i64)],
        allow: &[A],
    ) -> Result<TermScanner, ScannerError>
    where
        T: AsRef<str>,
        C: AsRef<str>,
        A: AsRef<str>,
    {
        const LABEL: &str = "entries";
        let mut list = TermList {
            label: LABEL.to_owned(),
            ..TermList::default()
        };
        for (index, (term, category, severity)) in entries.iter().enumerate() {
            let line = index + 1;
            let term = term.as_ref().trim();
            if term.is_empty() {
                return Err(ScannerError::EmptyTerm {
                    label: LABEL.to_owned(),
                    line,
                });
            }
            let category: Category = category.as_ref().trim().parse()?;
            let severity = u8::try_from(*severity)
                .ok()
                .filter(|s| (1..=5).contains(s))
                .ok_or_else(|| ScannerError::InvalidSeverity {
                    label: LABEL.to_owned(),
                    line,
                    value: severity.to_string(),
                })?;
            list.entries.push(TermEntry {
                term: term.to_owned(),
                category,
                severity,
                flags: TermFlags::default(),
                source: format!("{LABEL}#{line}"),
            });
        }
        for (index, phrase) in allow.iter().enumerate() {
            list.allow.push(AllowEntry {
                phrase: phrase.as_ref().trim().to_owned(),
                source: format!("allow#{}", index + 1),
            });
        }
        TermScanner::from_lists(&[list])
    }

    /// A scanner from parsed lists (their terms, allow-phrases and adjustments together).
    ///
    /// Entries that normalise to an empty pattern, or that contain a masked letter `*`
    /// (which matches nothing), are not compiled; [`TermScanner::skipped`] lists them.
    ///
    /// # Errors
    ///
    /// [`ScannerError::Build`] when the automaton cannot be built.
    pub fn from_lists(lists: &[TermList]) -> Result<TermScanner, ScannerError> {
        let mut normalizer = Normalizer::default();
        let mut index: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut infos: Vec<PatternInfo> = Vec::new();
        let mut entries: Vec<TermEntry> = Vec::new();
        let mut allow: Vec<AllowEntry> = Vec::new();
        let mut adjustments = Adjustments::builtin();
        let mut skipped = Vec::new();
        let mut register =
            |bytes: Vec<u8>, info: PatternInfo, entries: &[TermEntry]| match index.get(&bytes) {
                Some(&pid) => {
                    if let Some(existing) = infos.get_mut(pid) {
                        let replace = match (existing.kind, info.kind) {
                            (PatternKind::Allow(_), _) => false,
                            (PatternKind::Term(_), PatternKind::Allow(_)) => true,
                            (PatternKind::Term(old), PatternKind::Term(new)) => {
                                let severity = |i: usize| entries.get(i).map_or(0, |e| e.severity);
                                severity(new) > severity(old)
                            }
                        };
                        if replace {
                            *existing = info;
                        }
                    }
                }
                None => {
                    index.insert(bytes.clone(), patterns.len());
                    patterns.push(bytes);
                    infos.push(info);
                }
            };
        for list in lists {
            for adjustment in &list.adjustments {
                adjustments.apply(adjustment.clone());
            }
            for entry in &list.entries {
                let Some(bytes) = compile(&mut normalizer, &entry.term) else {
                    skipped.push(entry.source.clone());
                    continue;
                };
                let id = entries.len();
                entries.push(entry.clone());
                let info = PatternInfo {
                    kind: PatternKind::Term(id),
                    prefix: entry.flags.prefix,
                };
                if entry.flags.phrase && bytes.contains(&normalize::SPACE) {
                    let joined: Vec<u8> = bytes
                        .iter()
                        .copied()
                        .filter(|b| *b != normalize::SPACE)
                        .collect();
                    register(joined, info, &entries);
                }
                register(bytes, info, &entries);
            }
            for phrase in &list.allow {
                let Some(bytes) = compile(&mut normalizer, &phrase.phrase) else {
                    skipped.push(phrase.source.clone());
                    continue;
                };
                let id = allow.len();
                allow.push(phrase.clone());
                register(
                    bytes,
                    PatternInfo {
                        kind: PatternKind::Allow(id),
                        prefix: false,
                    },
                    &entries,
                );
            }
        }
        let matcher = Matcher::build(&patterns, infos)?;
        Ok(TermScanner {
            entries,
            allow,
            matcher,
            adjustments,
            roster: Roster::new(),
            skipped,
        })
    }

    /// The scanner with a roster whose names never raise alerts.
    pub fn with_roster(mut self, roster: Roster) -> TermScanner {
        self.roster = roster;
        self
    }

    /// Replaces the roster.
    pub fn set_roster(&mut self, roster: Roster) {
        self.roster = roster;
    }

    /// Adds (or replaces) a severity adjustment.
    pub fn set_adjustment(&mut self, adjustment: Adjustment) {
        self.adjustments.apply(adjustment);
    }

    /// The compiled term entries.
    pub fn entries(&self) -> &[TermEntry] {
        &self.entries
    }

    /// The compiled allow-phrases.
    pub fn allow_phrases(&self) -> &[AllowEntry] {
        &self.allow
    }

    /// Sources (`label:line`) of entries that could not be compiled (empty or masked).
    pub fn skipped(&self) -> &[String] {
        &self.skipped
    }

    /// Scans `text` for an audience id (`eyfs`, `ks1`, ..., `staff`); byte offsets.
    ///
    /// # Errors
    ///
    /// [`ScannerError::UnknownAudience`], or [`ScannerError::TextTooLong`].
    pub fn scan(&self, text: &str, audience: &str) -> Result<Vec<Match>, ScannerError> {
        let audience: Audience = audience.parse()?;
        self.scan_with(&mut Scratch::default(), text, audience)
    }

    /// Scans with offsets in the given unit id (`byte`, `char` for Python, `utf16` for
    /// JavaScript and Kotlin): what the bindings call.
    ///
    /// # Errors
    ///
    /// As [`TermScanner::scan`], plus [`ScannerError::UnknownOffsetUnit`].
    pub fn scan_in(
        &self,
        text: &str,
        audience: &str,
        unit: &str,
    ) -> Result<Vec<Match>, ScannerError> {
        let unit: OffsetUnit = unit.parse()?;
        let mut matches = self.scan(text, audience)?;
        convert_match_offsets(text, &mut matches, unit)?;
        Ok(matches)
    }

    /// Scans and summarises.
    ///
    /// # Errors
    ///
    /// As [`TermScanner::scan`].
    pub fn scan_report(&self, text: &str, audience: &str) -> Result<ScanReport, ScannerError> {
        let parsed: Audience = audience.parse()?;
        let matches = self.scan_with(&mut Scratch::default(), text, parsed)?;
        Ok(ScanReport {
            audience: parsed,
            summary: ScanSummary::of(&matches),
            matches,
        })
    }

    /// Scans with caller-owned buffers (no allocation for texts without matches once the
    /// buffers have grown).
    ///
    /// # Errors
    ///
    /// [`ScannerError::TextTooLong`] when `text` is longer than [`MAX_TEXT_BYTES`].
    pub fn scan_with(
        &self,
        scratch: &mut Scratch,
        text: &str,
        audience: Audience,
    ) -> Result<Vec<Match>, ScannerError> {
        if u32::try_from(text.len()).is_err() {
            return Err(ScannerError::TextTooLong);
        }
        let Scratch {
            normalizer,
            walk,
            candidates,
            spans,
        } = scratch;
        normalizer.run(text);
        candidates.clear();
        self.matcher
            .find(&normalizer.units, &normalizer.starts, walk, candidates);
        if candidates.is_empty() {
            return Ok(Vec::new());
        }
        let units = &normalizer.units;
        let span_of = |c: &Candidate| -> Option<(usize, usize)> {
            let start = units.get(c.first)?.start as usize;
            let end = units.get(c.last)?.end as usize;
            Some((start, end))
        };
        let mut allowed: Vec<(usize, usize)> = candidates
            .iter()
            .filter(|c| {
                matches!(
                    self.matcher.info(c.pattern).map(|i| i.kind),
                    Some(PatternKind::Allow(_))
                )
            })
            .filter_map(span_of)
            .collect();
        allowed.sort_unstable();
        // reach[k]: the furthest end among allowed[..=k], so an overlap test is a binary search.
        let reach: Vec<usize> = allowed
            .iter()
            .scan(0usize, |furthest, &(_, end)| {
                *furthest = (*furthest).max(end);
                Some(*furthest)
            })
            .collect();
        let overlaps_allowed = |start: usize, end: usize| {
            let before_end = allowed.partition_point(|&(a, _)| a < end);
            before_end > 0
                && reach
                    .get(before_end - 1)
                    .is_some_and(|&furthest| furthest > start)
        };
        spans.clear();
        for c in candidates.iter() {
            let Some(PatternKind::Term(entry)) = self.matcher.info(c.pattern).map(|i| i.kind)
            else {
                continue;
            };
            let (Some((start, end)), Some(e)) = (span_of(c), self.entries.get(entry)) else {
                continue;
            };
            if overlaps_allowed(start, end) {
                continue;
            }
            if !self.roster.is_empty()
                && text
                    .get(start..end)
                    .is_some_and(|t| self.roster.contains(t))
            {
                continue;
            }
            spans.push(Span {
                entry,
                start,
                end,
                severity: self.adjustments.severity(audience, &e.category, e.severity),
            });
        }
        spans.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(b.severity.cmp(&a.severity))
                .then(a.entry.cmp(&b.entry))
        });
        let mut matches: Vec<Match> = Vec::new();
        let mut kept_end = 0usize;
        for s in spans.iter() {
            if !matches.is_empty() && s.start < kept_end {
                continue;
            }
            let Some(e) = self.entries.get(s.entry) else {
                continue;
            };
            kept_end = s.end;
            matches.push(Match {
                term: e.term.clone(),
                category: e.category.clone(),
                severity: s.severity,
                list_severity: e.severity,
                start: s.start,
                end: s.end,
                matched_text: text.get(s.start..s.end).unwrap_or_default().to_owned(),
                source: e.source.clone(),
            });
        }
        Ok(matches)
    }
}

/// Query parameters that carry what someone typed into a search box (Google, Bing, DuckDuckGo
/// `q`; YouTube `search_query`; Yahoo `p`; Baidu `wd`; Yandex `text`; Amazon `k`; others).
pub const SEARCH_PARAMETERS: [&str; 10] = [
    "q",
    "query",
    "search_query",
    "search",
    "p",
    "text",
    "wd",
    "k",
    "term",
    "keywords",
];

/// The search terms of a web address, decoded (`+` and `%20` as spaces), in query order:
/// what monitoring scans when a URL decision logs a search (issue 3 §6).
///
/// # Examples
///
/// ```
/// use esafety_core::CanonicalUrl;
/// use esafety_core::scanner::{TermScanner, search_terms};
///
/// let url = CanonicalUrl::parse("https://www.google.com/search?q=how+to+k1ll+mys3lf&hl=en")?;
/// let terms = search_terms(&url);
/// assert_eq!(terms, vec!["how to k1ll mys3lf".to_owned()]);
/// let scanner = TermScanner::embedded_default()?;
/// assert_eq!(scanner.scan(&terms[0], "ks3")?[0].term, "kill myself");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn search_terms(url: &crate::canonical_url::CanonicalUrl) -> Vec<String> {
    let Some(query) = url.query.as_deref() else {
        return Vec::new();
    };
    url::form_urlencoded::parse(query.as_bytes())
        .filter(|(key, value)| {
            SEARCH_PARAMETERS.contains(&key.as_ref()) && !value.trim().is_empty()
        })
        .map(|(_, value)| value.into_owned())
        .collect()
}

/// The pattern of a term, or `None` when it cannot match (empty, or masked letters).
fn compile(normalizer: &mut Normalizer, term: &str) -> Option<Vec<u8>> {
    let bytes = normalize::pattern_bytes(normalizer, term)?;
    if normalizer
        .units
        .iter()
        .any(|u| u.flags & normalize::WILD != 0)
    {
        return None;
    }
    Some(bytes)
}

#[cfg(test)]
mod tests;
