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
//! 3. **Roster names are judged**: a match whose matched text, folded, is a roster name used
//!    as a name in a lower-severity category is dropped; in a category that signals harm it
//!    is kept with `possible_name` (see [`roster::judge`]).
//! 4. **Overlaps** between the remaining matches are resolved leftmost-longest: matches are
//!    ordered by start (earliest first), then end (longest first), then severity (highest
//!    first), then list order; each is kept unless it overlaps one already kept. So
//!    "kill myself" (suicide) wins over "kill" (violence) in "I will kill myself". A later
//!    match that is more severe than the one it overlaps, and flags, takes its place:
//!    "kill myself" (suicide 5) over "going to kill" (violence 4) in "I am going to kill
//!    myself".
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
mod build;
mod columns;
pub mod context;
mod lazy;
pub mod matcher;
pub mod model;
pub mod normalize;
pub mod patterns;
mod pool;
pub mod roster;
mod scan;
mod spellings;
pub mod terms;

pub use audience::{Adjustment, Audience};
pub use columns::ScanColumns;
pub use context::{ContextCue, CueEntry, CuePosition, FLAG_CONFIDENCE};
pub use patterns::{PatternEntry, SlotEntry};
pub use roster::Roster;
pub use terms::{AllowEntry, Category, TermEntry, TermFlags, TermList, TermListFormat};

use crate::error::ErrorCode;
use audience::Adjustments;
use context::CueHit;
use matcher::{Candidate, Matcher, WalkBuffers};
use normalize::Normalizer;
use patterns::{Compiled, Found, Hit, Present};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use terms::shorten;

/// The embedded default list (`core/data/scanner/default.tsv`, attribution in its
/// `SOURCE.md`).
pub const DEFAULT_LIST_TSV: &str = include_str!("../../data/scanner/default.tsv");

/// The most patterns one scanner compiles (the default list alone is about 13,500, with the
/// spellings of its phrases).
///
/// The automaton library builds some lists in time that grows with the square of their
/// length: numbered terms (`w1`, `w10`, `w100`, ...) take 1.9 s for 50,000 and 5.7 s for
/// 88,000 on one core, so the bound keeps every build to seconds (ordinary words build in
/// linear time: 0.15 s for 88,000).
pub const MAX_PATTERNS: usize = 100_000;

/// The most bytes of normalised patterns one scanner compiles (the default list: about
/// 140 KB); the automaton takes about 65 bytes of memory per pattern byte.
pub const MAX_PATTERN_BYTES: usize = 4 << 20;

/// The label of the embedded default list in explanations (`default.tsv:42`).
pub const DEFAULT_LIST_LABEL: &str = "default.tsv";

/// The label of a list read from TSV text when the caller names none (bindings' `from_tsv`).
pub const UNNAMED_LIST_LABEL: &str = "list.tsv";

/// Errors building a scanner or scanning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScannerError {
    /// The input is nested deeper than [`crate::wire::limits::MAX_DEPTH`] (`input_too_deep`).
    #[error(transparent)]
    TooDeep(#[from] crate::wire::limits::TooDeep),
    /// A document longer than [`crate::wire::limits::MAX_DOCUMENT_BYTES`].
    #[error(transparent)]
    TooLarge(#[from] crate::wire::limits::TooLarge),
    /// An audience id that is not an age band.
    /// An audience that is not one of the eight (the message lists them and the nearest).
    #[error(transparent)]
    UnknownAudience(crate::vocabulary::VocabularyError),
    /// A category id that is not snake_case (`[a-z][a-z0-9_]*`, at most 40 characters), or
    /// a list's own id one typo away from a known one (`drugz`).
    #[error("invalid category `{category}`: {reason}")]
    InvalidCategory {
        /// The id given.
        category: String,
        /// What is wrong, with the nearest known id when there is one.
        reason: String,
    },
    /// [`ScannerError::InvalidCategory`] in a list.
    #[error("invalid category `{category}` at {label}:{line}: {reason}")]
    InvalidCategoryAt {
        /// The list label.
        label: String,
        /// The 1-based line.
        line: usize,
        /// The id given.
        category: String,
        /// What is wrong, with the nearest known id when there is one.
        reason: String,
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
    #[error(
        "unknown flag `{flag}` at {label}:{line}: expected allow, phrase, prefix, everyday, pupils, topic or id=NAME"
    )]
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
    #[error("unknown term list format `{format}`{hint}")]
    UnknownFormat {
        /// The id given.
        format: String,
        /// The nearest valid id and every valid id (see [`crate::vocabulary::unknown_hint`]).
        hint: String,
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
    #[error("the text is longer than {MAX_TEXT_BYTES} bytes (16 MiB): scan it in parts")]
    TextTooLong,
    /// The lists compile to more than [`MAX_PATTERNS`] patterns or [`MAX_PATTERN_BYTES`]
    /// bytes of them, which could take minutes and gigabytes to build.
    #[error(
        "the lists are too large to compile ({patterns} patterns of {bytes} bytes when the build stopped): at most {MAX_PATTERNS} patterns and {MAX_PATTERN_BYTES} bytes"
    )]
    ListTooLarge {
        /// How many distinct normalised patterns (terms, allow-phrases, pattern words, slot
        /// values and their slips, cue phrases) were compiled when the build stopped.
        patterns: usize,
        /// Their bytes in all.
        bytes: usize,
    },
    /// A pattern that cannot be compiled (unknown slot, no word to match).
    #[error("invalid pattern at {at}: {reason}")]
    InvalidPattern {
        /// The pattern's list position (`label:line`).
        at: String,
        /// What is wrong.
        reason: String,
    },
    /// A term or allow-phrase a school added that normalises to nothing the scanner can
    /// match (only emoji or punctuation, or a masked letter `*`): it would never match.
    #[error(
        "the entry at {at} would never match: it has no letter or digit the scanner reads, or a masked `*`"
    )]
    TermMatchesNothing {
        /// The entry's list position (`label:line` or `entries#N`).
        at: String,
    },
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
            ScannerError::TooDeep(_) => crate::wire::limits::TooDeep::CODE,
            ScannerError::TooLarge(_) => crate::wire::limits::TooLarge::CODE,
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
            ScannerError::ListTooLarge { .. } => "scanner_list_too_large",
            ScannerError::InvalidPattern { .. } => "scanner_invalid_pattern",
            ScannerError::TermMatchesNothing { .. } => "scanner_term_matches_nothing",
            ScannerError::Build { .. } => "scanner_build_failed",
        }
    }

    fn domain(&self) -> &'static str {
        "scanner"
    }
}

/// Longest text scanned in one call, in bytes: 16 MiB. A scan holds about thirteen bytes
/// per byte of text while it works, so a longer text is refused before anything is
/// allocated rather than exhausting a host's memory (a WebAssembly module has 4 GiB at
/// most). Messages, searches and pages are far shorter; a longer document is scanned in
/// parts.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// One term or pattern found in a text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Match {
    /// The list term that matched, as written in the list (a pattern's text for a pattern).
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
    /// The pattern's id when a pattern matched, `None` for a plain term.
    #[serde(default)]
    pub pattern: Option<String>,
    /// The slot values a pattern bound (`identity` → `muslims`), as written in the lexicon.
    #[serde(default)]
    pub slots: BTreeMap<String, String>,
    /// The context cues found around the match (see [`context`]).
    #[serde(default)]
    pub context: Vec<ContextCue>,
    /// How sure the match is, 0 to 1: a text is flagged by a match of at least
    /// [`FLAG_CONFIDENCE`].
    #[serde(default = "full_confidence")]
    pub confidence: f64,
    /// The matched words are a name on the school's roster, reported anyway because the
    /// category signals harm or the words are not used as a name (see [`roster`]).
    #[serde(default)]
    pub possible_name: bool,
}

fn full_confidence() -> f64 {
    1.0
}

impl Match {
    /// Whether the match flags its text (confidence at least [`FLAG_CONFIDENCE`]).
    pub fn is_flagged(&self) -> bool {
        self.confidence >= FLAG_CONFIDENCE
    }
}

/// A scan's summary for triage (of every match; [`Match::confidence`] says which flag).
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
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

crate::ids::closed_ids! {
    /// The unit offsets are counted in.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    OffsetUnit {
        /// UTF-8 bytes (Rust `str` indices).
        Byte = "byte",
        /// Unicode code points (Python `str` indices).
        Char = "char",
        /// UTF-16 code units (JavaScript, Kotlin and Java string indices).
        Utf16 = "utf16",
    }
}

impl OffsetUnit {
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
    found: Vec<Found>,
    hits: Vec<Hit>,
    cue_hits: Vec<CueHit>,
    marks: Vec<u32>,
    present: Present,
    model: model::ModelScratch,
    /// Starts inside long words for the joined phrases ([`matcher::Which::RunTogether`]).
    run_together: Vec<u32>,
}

/// A term or pattern match before overlaps are resolved.
#[derive(Debug, Clone, Copy)]
struct Span {
    /// A term entry, or `entries.len() + i` for pattern hit `i`.
    entry: usize,
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    severity: u8,
    /// The matched words are a roster name kept because of what the category signals.
    possible_name: bool,
    /// An allow-phrase silences the match: it takes part in resolving overlaps (the reading
    /// it stands for wins over the shorter or milder ones it overlaps, as it would if it
    /// were reported) and is then left out.
    silenced: bool,
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
    patterns: Vec<PatternEntry>,
    compiled: Compiled,
    /// Which pattern words are looked for only where a pattern may complete.
    lazy: lazy::Lazy,
    cues: Vec<CueEntry>,
    lists: Vec<TermList>,
    /// The text model, for what no list entry names (the default scanner's; see [`model`]).
    model: Option<std::sync::Arc<model::TextModel>>,
    spare: pool::ScratchPool,
    /// The first allow-phrase a school added ([`TermScanner::extended`]): those from here on
    /// silence a protected category only by naming a longer expression around the whole
    /// match (issue 13: harm is never silenced by a word of it); `usize::MAX` when none
    /// was added.
    school_allows_from: usize,
}

impl TermScanner {
    /// The scanner of the embedded default list (`core/data/scanner/default.tsv`) with the
    /// embedded text model (`core/data/scanner/text-model.tsv`, see [`model`]).
    ///
    /// # Errors
    ///
    /// Never in a released build (a unit test parses the embedded list); typed for safety.
    pub fn embedded_default() -> Result<TermScanner, ScannerError> {
        Ok(TermScanner::from_tsv(DEFAULT_LIST_LABEL, DEFAULT_LIST_TSV)?
            .with_model(model::TextModel::embedded()?))
    }

    /// This scanner with a text model for what its lists do not name.
    pub fn with_model(mut self, model: model::TextModel) -> TermScanner {
        self.model = Some(std::sync::Arc::new(model));
        self
    }

    /// The text model, when the scanner has one.
    pub fn model(&self) -> Option<&model::TextModel> {
        self.model.as_deref()
    }

    /// A scanner from a list in the TSV format (see [`terms`]); `label` names it in
    /// explanations (a file name).
    ///
    /// # Errors
    ///
    /// The first bad line, as a [`ScannerError`]; [`ScannerError::TermMatchesNothing`] for a
    /// line that would never match (only emoji or punctuation, a masked `*`).
    pub fn from_tsv(label: &str, contents: &str) -> Result<TermScanner, ScannerError> {
        TermScanner::from_lists(&[TermList::parse(TermListFormat::Tsv, label, contents)?])?
            .all_compiled()
    }

    /// The scanner, or [`ScannerError::TermMatchesNothing`] for its first entry that was not
    /// compiled: a list written for the school (TSV, triples) says what it means, so an
    /// entry that can never match is an error, never a quiet gap. Lists in other makers'
    /// formats ([`TermScanner::from_format`]) keep their skipped entries in
    /// [`TermScanner::skipped`].
    fn all_compiled(self) -> Result<TermScanner, ScannerError> {
        match self.skipped.first() {
            Some(at) => Err(ScannerError::TermMatchesNothing { at: at.clone() }),
            None => Ok(self),
        }
    }

    /// A scanner from a list in the format with id `format` (`tsv`, `ldnoobw`, `dsojevic`,
    /// `surge_ai`, `suicide_risk_lexicon`, `davidson`, `hurtlex`; see [`TermListFormat`]).
    ///
    /// # Errors
    ///
    /// [`ScannerError::UnknownFormat`], or the first bad entry; for `tsv`, as
    /// [`TermScanner::from_tsv`]. Other makers' lists may hold entries that never match
    /// (masked words such as `f*ck`): they are listed in [`TermScanner::skipped`].
    pub fn from_format(
        format: &str,
        label: &str,
        contents: &str,
    ) -> Result<TermScanner, ScannerError> {
        let format: TermListFormat = format.parse()?;
        let scanner = TermScanner::from_lists(&[TermList::parse(format, label, contents)?])?;
        match format {
            TermListFormat::Tsv => scanner.all_compiled(),
            TermListFormat::Ldnoobw
            | TermListFormat::Dsojevic
            | TermListFormat::SurgeAi
            | TermListFormat::SuicideRiskLexicon
            | TermListFormat::Davidson
            | TermListFormat::Hurtlex => Ok(scanner),
        }
    }

    /// A scanner from `(term, category, severity)` triples and allow-phrases.
    ///
    /// # Errors
    ///
    /// [`ScannerError::InvalidCategory`], [`ScannerError::InvalidSeverity`],
    /// [`ScannerError::EmptyTerm`] or [`ScannerError::InvalidPattern`] for the first bad
    /// entry (its 1-based index as the line); [`ScannerError::TermMatchesNothing`] for an
    /// entry that would never match (`🔪`, `!!!`).
    pub fn from_entries<T, C, A>(
        entries: &[(T, C, i64)],
        allow: &[A],
    ) -> Result<TermScanner, ScannerError>
    where
        T: AsRef<str>,
        C: AsRef<str>,
        A: AsRef<str>,
    {
        TermScanner::from_lists(&[TermList::from_entries(entries, allow)?])?.all_compiled()
    }

    /// The embedded default list, parsed: readable, and a base to extend
    /// ([`TermScanner::extended`]).
    ///
    /// # Errors
    ///
    /// Never in a released build (a unit test parses the embedded list).
    pub fn default_list() -> Result<TermList, ScannerError> {
        TermList::parse(TermListFormat::Tsv, DEFAULT_LIST_LABEL, DEFAULT_LIST_TSV)
    }

    /// A new scanner with this one's lists followed by `lists` (a school's own terms,
    /// patterns and allow-phrases; [`TermList::from_entries`] makes one from triples). Every entry keeps its provenance (`default.tsv:42`,
    /// `school.tsv:3`); the roster and adjustments set on this scanner are kept.
    ///
    /// # Errors
    ///
    /// As [`TermScanner::from_lists`]; [`ScannerError::TermMatchesNothing`] for an added
    /// term or allow-phrase that would never match (only emoji or punctuation, a masked
    /// `*`), which [`TermScanner::from_lists`] would skip.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::scanner::{TermList, TermListFormat, TermScanner};
    ///
    /// let school = TermList::parse(TermListFormat::Tsv, "school.tsv", "bunk off\tbullying\t2\n")?;
    /// let scanner = TermScanner::embedded_default()?.extended(&[school])?;
    /// let found = scanner.scan("lets bunk off and kill myself", "ks3")?;
    /// assert_eq!(found[0].source, "school.tsv:1");
    /// assert!(found[1].source.starts_with("default.tsv:"));
    /// # Ok::<(), esafety_core::scanner::ScannerError>(())
    /// ```
    pub fn extended(&self, lists: &[TermList]) -> Result<TermScanner, ScannerError> {
        let mut all = self.lists.clone();
        all.extend_from_slice(lists);
        let mut scanner = TermScanner::from_lists(&all)?;
        // A school's own entry that can never match is an error, not a silent skip.
        let added = lists.iter().flat_map(|l| {
            l.entries
                .iter()
                .map(|e| &e.source)
                .chain(l.allow.iter().map(|a| &a.source))
        });
        if let Some(at) = added
            .filter(|source| scanner.skipped.contains(source))
            .find(|source| !self.skipped.contains(source))
        {
            return Err(ScannerError::TermMatchesNothing { at: at.clone() });
        }
        scanner.roster = self.roster.clone();
        scanner.model = self.model.clone();
        scanner.adjustments = self.adjustments.clone();
        // The lists are compiled in order, so the base's allow-phrases come first.
        scanner.school_allows_from = self.school_allows_from.min(self.allow.len());
        for list in lists {
            for adjustment in &list.adjustments {
                scanner.adjustments.apply(adjustment.clone());
            }
        }
        Ok(scanner)
    }

    /// [`TermScanner::extended`] with a list in the TSV format (`label` names it in
    /// sources) and allow-phrases.
    ///
    /// # Errors
    ///
    /// The list's first bad line, as [`TermList::parse`].
    pub fn extended_with_tsv<A: AsRef<str>>(
        &self,
        label: &str,
        contents: &str,
        allow: &[A],
    ) -> Result<TermScanner, ScannerError> {
        let list = TermList::parse(TermListFormat::Tsv, label, contents)?;
        let no_entries: &[(&str, &str, i64)] = &[];
        self.extended(&[list, TermList::from_entries(no_entries, allow)?])
    }

    /// The lists the scanner was built from, in order.
    pub fn lists(&self) -> &[TermList] {
        &self.lists
    }

    /// The compiled patterns.
    pub fn patterns(&self) -> &[PatternEntry] {
        &self.patterns
    }

    /// The context cue phrases.
    pub fn cues(&self) -> &[CueEntry] {
        &self.cues
    }
}

impl TermList {
    /// A list from `(term, category, severity)` triples (sources `entries#1`, ...) and
    /// allow-phrases (`allow#1`, ...). A term holding `{`, `(` or `~` is a pattern, as in
    /// the TSV format.
    ///
    /// # Errors
    ///
    /// [`ScannerError::InvalidCategory`], [`ScannerError::InvalidSeverity`],
    /// [`ScannerError::EmptyTerm`] or [`ScannerError::InvalidPattern`] for the first bad
    /// entry (its 1-based index as the line).
    pub fn from_entries<T, C, A>(
        entries: &[(T, C, i64)],
        allow: &[A],
    ) -> Result<TermList, ScannerError>
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
            let source = format!("{LABEL}#{line}");
            // A term holding `{`, `(` or `~` is a pattern, as in the TSV format.
            if term.contains(['{', '(', '~']) {
                patterns::parse(term).map_err(|reason| ScannerError::InvalidPattern {
                    at: source.clone(),
                    reason,
                })?;
                list.patterns.push(PatternEntry {
                    id: term.to_owned(),
                    pattern: term.to_owned(),
                    category,
                    severity,
                    source,
                    pupils: false,
                });
                continue;
            }
            list.entries.push(TermEntry {
                term: term.to_owned(),
                category,
                severity,
                flags: TermFlags::default(),
                source,
            });
        }
        for (index, phrase) in allow.iter().enumerate() {
            list.allow.push(AllowEntry {
                phrase: phrase.as_ref().trim().to_owned(),
                source: format!("allow#{}", index + 1),
            });
        }
        Ok(list)
    }
}

impl TermScanner {
    /// A scanner from parsed lists (their terms, allow-phrases and adjustments together).
    ///
    /// Entries that normalise to an empty pattern, or that contain a masked letter `*`
    /// (which matches nothing), are not compiled; [`TermScanner::skipped`] lists them.
    ///
    /// # Errors
    ///
    /// [`ScannerError::InvalidPattern`] for a pattern that cannot be compiled,
    /// [`ScannerError::Build`] when the automaton cannot be built.
    pub fn from_lists(lists: &[TermList]) -> Result<TermScanner, ScannerError> {
        build::build(lists)
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
        let mut scratch = self.spare.take();
        let found = self.scan_with(&mut scratch, text, audience);
        self.spare.give(scratch, text.len());
        found
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
        scan::scan(self, scratch, text, audience)
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

#[cfg(test)]
mod pattern_tests;
#[cfg(test)]
mod tests;
