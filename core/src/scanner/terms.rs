//! Term lists: the documented TSV format and loaders for public list formats.
//!
//! # The TSV format
//!
//! One entry per line, fields separated by a TAB (shown as `→` below), UTF-8. Blank lines and lines starting with
//! `#` are ignored. Surrounding spaces of a field are trimmed.
//!
//! ```text
//! # term<TAB>category<TAB>severity[<TAB>flags]
//! kill myself→suicide→5→phrase
//! suicid→suicide→4→prefix
//! to kill a mockingbird→allow
//! moby dick→-→-→allow
//! @audience→ks4→profanity→-1
//! ```
//!
//! * `term`: one word or a phrase of several words. It is normalised exactly like scanned
//!   text (case, diacritics, look-alike letters, leetspeak), so write it plainly.
//! * `category`: a [`Category`] id (`self_harm`, `suicide`, `bullying`, ...), a list's own
//!   snake_case id (`vaping`), or a list's own id under a known one (`self_harm.cutting`),
//!   which keeps the known category's protection and incident route.
//! * `severity`: 1 (mild) to 5 (most serious).
//! * `flags`: comma-separated, optional:
//!   * `allow`: an *allow-phrase*. Any term match that overlaps it is suppressed
//!     ("to kill a mockingbird"). Category and severity may be `-` or left out
//!     (`term<TAB>allow` is the short form).
//!   * `phrase`: a multi-word term whose words may also be written together
//!     (`self harm` then also matches `selfharm`). Without it, words of a phrase must be
//!     separated (by spaces, hyphens or punctuation), which keeps "the rapist" out of
//!     "therapist".
//!   * `prefix`: the term may be followed by more letters of the same word (`suicid`
//!     matches "suicidal"); the reported span then covers the whole word.
//!   * `everyday`: a word said far more often in everyday senses than as harm (`kill`:
//!     "killing it"; `bomb`: "the bomb"). Matched alone it is still reported, with the
//!     `everyday_sense` cue at confidence 0.4, below the flag ([`super::context`]); the
//!     list's phrases and patterns around it ("i will kill you") keep their own.
//!   * `pupils`: a sign in a pupil's life only (an older boyfriend's age, a day's calories
//!     counted): not read for the `staff` and `guest` audiences, whose own lives it would
//!     describe without concern.
//!   * `topic`: the name of a topic pupils study (`isis`, `county lines`): a lesson, a book
//!     or a film around it (the `educational` cue) takes it below the flag even in a
//!     protected category. Never for suicide, self-harm, grooming, sextortion or abuse, nor
//!     for a threat ([`super::context::topic_may_be_silenced`]): there the flag changes
//!     nothing.
//!   * `id=NAME`: the id of a pattern (below).
//! * `@audience<TAB>audience<TAB>category<TAB>delta` lines adjust severities for one age
//!   band (see [`crate::scanner::Audience`]); `delta` is a signed integer such as `+1` or `-1`.
//!   Protected categories can only be raised.
//! * A term that holds `{`, `(` or `~` is a **pattern** (`{identity} are {dehumanising}`; the
//!   language is in [`super::patterns`]); `@slot<TAB>slot<TAB>value` lines give the values of
//!   its slots (`@slot→identity→muslims`).
//! * `@cue<TAB>cue<TAB>before|after<TAB>phrase` lines give the phrases of the context cues
//!   (`@cue→negated→before→dont`; see [`super::context`]).
//! * `@typos<TAB>slot[<TAB>letters]` lets the values of a slot match with one typing slip in
//!   a word of at least `letters` letters (default 4): two neighbouring letters swapped or
//!   one inner letter left out, the first letter kept (`hate` also matches `htae`, `haet`,
//!   `hte`, `hae`). A slip that spells another word of the scanner's lists never counts.

use super::ScannerError;
use super::audience::{Adjustment, Audience};
use super::context::{CueEntry, CuePosition};
use super::patterns::{self, PatternEntry, SlotEntry};
use serde::{Deserialize, Serialize};

/// A monitoring category (UKSIC "appropriate monitoring", `DOMAIN.md` §6).
///
/// Ids are snake_case on the wire and in TSV files. The known categories below carry the
/// built-in audience adjustments and protection; a list may also use its own snake_case id
/// ([`Category::Custom`], reported as written, never adjusted by the built-in table). An own
/// id written under a known one (`self_harm.cutting`) is reported as written too, and keeps
/// that known category's protection and incident route ([`Category::parent`]).
///
/// ```
/// use esafety_core::scanner::Category;
///
/// let cutting: Category = "self_harm.cutting".parse()?;
/// assert_eq!(cutting.parent(), Some(Category::SelfHarm));
/// assert!(cutting.is_protected());
/// assert!("not_a_category.cutting".parse::<Category>().is_err());
/// # Ok::<(), esafety_core::scanner::ScannerError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    /// Deliberate self-harm, including eating disorders.
    SelfHarm,
    /// Suicidal ideation, planning and means.
    Suicide,
    /// Bullying and harassment between peers.
    Bullying,
    /// Sexual content and pornography.
    SexualContent,
    /// Grooming and child sexual exploitation.
    Grooming,
    /// Sextortion: a threat to share a child's images unless they pay or send more.
    Sextortion,
    /// Radicalisation, extremism and terrorism (Prevent duty).
    Extremism,
    /// Drugs, alcohol and substance abuse.
    Drugs,
    /// Weapons.
    Weapons,
    /// Hate speech against a person or group for a protected characteristic.
    HateSpeech,
    /// Discrimination (unfair or prejudicial treatment, protected characteristics).
    Discrimination,
    /// Violence: physical force meant to hurt or kill.
    Violence,
    /// Disclosures of abuse (physical, sexual, domestic).
    Abuse,
    /// Criminal exploitation: county lines, carrying or holding for others, a home taken
    /// over, debts worked off.
    CriminalExploitation,
    /// Gambling.
    Gambling,
    /// Attempts to get round the filter (proxies, VPNs, anonymisers).
    FilterBypass,
    /// Swearing and general insults.
    Profanity,
    /// Lower-risk wellbeing signals (loneliness, hopelessness) worth a pastoral look.
    Wellbeing,
    /// Hacking and malware: attacking accounts, devices or networks (DDoS "booters",
    /// keyloggers, grabbing someone's IP), the Computer Misuse Act offending that Cyber
    /// Choices diverts young people from.
    MalwareHacking,
    /// A list's own category id (snake_case, at most 40 characters), alone (`vaping`) or
    /// under a known category (`self_harm.cutting`).
    Custom(String),
}

impl Category {
    /// Every known category, in declaration order.
    pub const ALL: [Category; 19] = [
        Category::SelfHarm,
        Category::Suicide,
        Category::Bullying,
        Category::SexualContent,
        Category::Grooming,
        Category::Extremism,
        Category::Drugs,
        Category::Weapons,
        Category::HateSpeech,
        Category::Discrimination,
        Category::Violence,
        Category::Abuse,
        Category::CriminalExploitation,
        Category::Gambling,
        Category::FilterBypass,
        Category::Profanity,
        Category::Wellbeing,
        Category::MalwareHacking,
        Category::Sextortion,
    ];

    /// The snake_case id (`self_harm`, `hate_speech`, ...).
    pub fn as_str(&self) -> &str {
        match self {
            Category::Custom(id) => id,
            Category::SelfHarm => "self_harm",
            Category::Suicide => "suicide",
            Category::Bullying => "bullying",
            Category::SexualContent => "sexual_content",
            Category::Grooming => "grooming",
            Category::Extremism => "extremism",
            Category::Drugs => "drugs",
            Category::Weapons => "weapons",
            Category::HateSpeech => "hate_speech",
            Category::Discrimination => "discrimination",
            Category::Violence => "violence",
            Category::Abuse => "abuse",
            Category::CriminalExploitation => "criminal_exploitation",
            Category::Gambling => "gambling",
            Category::FilterBypass => "filter_bypass",
            Category::Profanity => "profanity",
            Category::Wellbeing => "wellbeing",
            Category::MalwareHacking => "malware_hacking",
            Category::Sextortion => "sextortion",
        }
    }

    /// Whether severities of this category may never be lowered, for any audience
    /// (risk to life, exploitation and terrorism: "protect the pupil"); a list's own id
    /// under a known category is protected as that category is.
    pub fn is_protected(&self) -> bool {
        match self {
            Category::Custom(_) => self.parent().is_some_and(|p| p.is_protected()),
            _ => matches!(
                self,
                Category::SelfHarm
                    | Category::Suicide
                    | Category::Grooming
                    | Category::Sextortion
                    | Category::Extremism
                    | Category::Abuse
                    | Category::CriminalExploitation
            ),
        }
    }

    /// The known category a list's own id is written under (`self_harm` for
    /// `self_harm.cutting`); `None` for a known category and for an own id written alone.
    pub fn parent(&self) -> Option<Category> {
        let Category::Custom(id) = self else {
            return None;
        };
        let (parent, _) = id.split_once('.')?;
        Category::ALL.into_iter().find(|c| c.as_str() == parent)
    }
}

impl Category {
    /// Whether a match of this category signals harm to a pupil, so that a roster name can
    /// never silence it: the protected categories plus violence and weapons (threats).
    pub fn signals_harm(&self) -> bool {
        match self.parent() {
            Some(parent) => parent.signals_harm(),
            None => self.is_protected() || matches!(self, Category::Violence | Category::Weapons),
        }
    }
}

impl std::fmt::Display for Category {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Category {
    /// The position of a known category in [`Category::ALL`] (`None` for custom ones).
    pub(crate) fn known_index(&self) -> Option<usize> {
        Category::ALL.iter().position(|c| c == self)
    }
}

impl std::str::FromStr for Category {
    type Err = ScannerError;

    /// A known id, or any other snake_case id (`[a-z][a-z0-9_]*`, at most 40 characters) as
    /// [`Category::Custom`] — unless it is one typo (two in ids of ten letters or more) away
    /// from a known id, which is refused as a likely misspelling (`drugz`, `voilence`): its
    /// matches would lose the known category's protection (a list's own id becomes an
    /// incident hit `list:<id>` that the DSL triages). `known.own` (`self_harm.cutting`) is
    /// an own id under a known category, which must be one of the known ids exactly.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Some(known) = Category::ALL.into_iter().find(|c| c.as_str() == s) {
            return Ok(known);
        }
        if let Some((parent, own)) = s.split_once('.') {
            if !Category::ALL.iter().any(|c| c.as_str() == parent) {
                let reason = format!(
                    "an own id under a category must be under a known one{}",
                    crate::vocabulary::unknown_hint(
                        parent,
                        Category::ALL.iter().map(Category::as_str)
                    )
                );
                return Err(ScannerError::InvalidCategory {
                    category: shorten(s),
                    reason,
                });
            }
            return match own.parse::<Category>() {
                Ok(Category::Custom(_)) if s.len() <= 60 => Ok(Category::Custom(s.to_owned())),
                Ok(_) => Err(ScannerError::InvalidCategory {
                    category: shorten(s),
                    reason: "the own id under a known category must be a new snake_case id of at most 40 characters".to_owned(),
                }),
                Err(ScannerError::InvalidCategory { reason, .. }) => {
                    Err(ScannerError::InvalidCategory {
                        category: shorten(s),
                        reason,
                    })
                }
                Err(e) => Err(e),
            };
        }
        let known = || Category::ALL.iter().map(Category::as_str);
        let well_formed = s.len() <= 40
            && s.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !well_formed {
            let reason = format!(
                "expected a known category or a list's own snake_case id{}",
                crate::vocabulary::unknown_hint(s, known())
            );
            return Err(ScannerError::InvalidCategory {
                category: shorten(s),
                reason,
            });
        }
        let typo = |id: &&str| strsim::osa_distance(s, id) <= if id.len() >= 10 { 2 } else { 1 };
        if let Some(near) = known().find(typo) {
            let reason = format!(
                "a list's own id may not be one typo away from the known category `{near}` \
                 (did you mean `{near}`?)"
            );
            return Err(ScannerError::InvalidCategory {
                category: shorten(s),
                reason,
            });
        }
        Ok(Category::Custom(s.to_owned()))
    }
}

impl Serialize for Category {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Category {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = String::deserialize(deserializer)?;
        id.parse().map_err(serde::de::Error::custom)
    }
}

/// Options of a term entry (the `flags` column).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct TermFlags {
    /// The words of the phrase may also be written together (`selfharm`).
    pub phrase: bool,
    /// The term may be followed by more letters of the same word (`suicid` → "suicidal").
    pub prefix: bool,
    /// Said far more often in everyday senses than as harm (`kill`, `bomb`): matched alone,
    /// it carries the `everyday_sense` cue.
    #[serde(default)]
    pub everyday: bool,
    /// A sign in a pupil's life only ("my boyfriend is 24", "i only eat 500 calories a
    /// day"): not read in staff or guest text.
    #[serde(default)]
    pub pupils: bool,
    /// The name of a topic pupils study (`isis`, `county lines`): in a lesson (the
    /// `educational` cue) it is reported below the flag, where
    /// [`super::context::topic_may_be_silenced`] allows.
    #[serde(default)]
    pub topic: bool,
}

/// One monitored term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TermEntry {
    /// The term as written in the list.
    pub term: String,
    /// Its category.
    pub category: Category,
    /// Its base severity, 1 (mild) to 5 (most serious), before audience adjustment.
    pub severity: u8,
    /// Matching options.
    pub flags: TermFlags,
    /// Where it comes from: `label:line` (or `label#index` for entries given in code).
    pub source: String,
}

/// One allow-phrase: term matches overlapping it are suppressed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AllowEntry {
    /// The phrase as written.
    pub phrase: String,
    /// Where it comes from (`label:line`).
    pub source: String,
}

/// A parsed term list: terms, allow-phrases and audience adjustments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TermList {
    /// The label the list was loaded under (a file name, for explanations).
    pub label: String,
    /// Monitored terms.
    pub entries: Vec<TermEntry>,
    /// Allow-phrases.
    pub allow: Vec<AllowEntry>,
    /// Per-audience severity adjustments (`@audience` lines).
    pub adjustments: Vec<Adjustment>,
    /// Patterns with slots (lines whose term holds `{` or `(`).
    pub patterns: Vec<PatternEntry>,
    /// Slot lexicon values (`@slot` lines).
    pub slots: Vec<SlotEntry>,
    /// Context cue phrases (`@cue` lines).
    pub cues: Vec<CueEntry>,
    /// Slots whose values also match with one typing slip in a word, with the least
    /// length of such a word (`@typos` lines).
    pub typo_slots: Vec<(String, usize)>,
}

crate::ids::closed_ids! {
    /// The list formats the scanner can load; the default is [`TermListFormat::Tsv`].
    #[derive(Default, Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    TermListFormat {
        /// The documented esafety TSV format (module docs).
        #[default]
        Tsv = "tsv",
        /// LDNOOBW: one term per line, no categories (read as `profanity`, severity 3).
        Ldnoobw = "ldnoobw",
        /// dsojevic profanity-list `en.json`, including its `exceptions` (as allow-phrases).
        Dsojevic = "dsojevic",
        /// Surge AI `profanity_en.csv`.
        SurgeAi = "surge_ai",
        /// Suicide Risk Lexicon, flattened `construct<TAB>term` (`suicide_risk_lexicon_long.tsv`).
        SuicideRiskLexicon = "suicide_risk_lexicon",
        /// Davidson et al. `refined_ngram_dict.csv` (`ngram,prophate`).
        Davidson = "davidson",
        /// HurtLex TSV (`id pos category stereotype lemma level`). Non-commercial licence:
        /// for tests and benchmarks only, never embedded.
        Hurtlex = "hurtlex",
    }
}

impl std::str::FromStr for TermListFormat {
    type Err = ScannerError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TermListFormat::from_id(s).ok_or_else(|| ScannerError::UnknownFormat {
            format: shorten(s),
            hint: crate::vocabulary::unknown_hint(s, TermListFormat::IDS.iter().copied()),
        })
    }
}

impl TermList {
    /// Parses a list in the given format.
    ///
    /// # Errors
    ///
    /// A [`ScannerError`] naming the label and line of the first bad entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::scanner::{Category, TermList, TermListFormat};
    ///
    /// let list = TermList::parse(TermListFormat::Tsv, "mine.tsv", "kill myself\tsuicide\t5\n")?;
    /// assert_eq!(list.entries[0].category, Category::Suicide);
    /// assert_eq!(list.entries[0].source, "mine.tsv:1");
    /// # Ok::<(), esafety_core::scanner::ScannerError>(())
    /// ```
    pub fn parse(
        format: TermListFormat,
        label: &str,
        contents: &str,
    ) -> Result<TermList, ScannerError> {
        match format {
            TermListFormat::Tsv => parse_tsv(label, contents),
            TermListFormat::Ldnoobw => Ok(parse_ldnoobw(label, contents)),
            TermListFormat::Dsojevic => parse_dsojevic(label, contents),
            TermListFormat::SurgeAi => parse_surge_ai(label, contents),
            TermListFormat::SuicideRiskLexicon => parse_suicide_risk_lexicon(label, contents),
            TermListFormat::Davidson => parse_davidson(label, contents),
            TermListFormat::Hurtlex => parse_hurtlex(label, contents),
        }
    }

    /// Parses a list whose format is given by its id (`tsv`, `dsojevic`, ...).
    ///
    /// # Errors
    ///
    /// [`ScannerError::UnknownFormat`] for an unknown id, otherwise as [`TermList::parse`].
    pub fn parse_named(
        format: &str,
        label: &str,
        contents: &str,
    ) -> Result<TermList, ScannerError> {
        TermList::parse(format.parse()?, label, contents)
    }

    fn new(label: &str) -> TermList {
        TermList {
            label: label.to_owned(),
            ..TermList::default()
        }
    }

    fn push_term(&mut self, term: &str, category: Category, severity: u8, line: usize) {
        let term = term.trim();
        if term.is_empty() {
            return;
        }
        self.entries.push(TermEntry {
            term: term.to_owned(),
            category,
            severity,
            flags: TermFlags::default(),
            source: format!("{}:{line}", self.label),
        });
    }
}

pub(crate) use crate::vocabulary::short as shorten;

fn parse_severity(label: &str, line: usize, raw: &str) -> Result<u8, ScannerError> {
    match raw.trim().parse::<u8>() {
        Ok(s @ 1..=5) => Ok(s),
        _ => Err(ScannerError::InvalidSeverity {
            label: shorten(label),
            line,
            value: shorten(raw.trim()),
        }),
    }
}

fn parse_tsv(label: &str, contents: &str) -> Result<TermList, ScannerError> {
    let mut list = TermList::new(label);
    for (index, raw_line) in contents.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw_line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw_line.split('\t').map(str::trim).collect();
        let malformed = |reason: &str| ScannerError::MalformedLine {
            label: shorten(label),
            line,
            reason: reason.to_owned(),
        };
        let term = fields.first().copied().unwrap_or_default();
        if term == "@audience" {
            let [_, audience, category, delta] = fields.as_slice() else {
                return Err(malformed(
                    "an @audience line has 4 fields: @audience, audience, category, delta",
                ));
            };
            let audience: Audience = audience.parse()?;
            let category: Category = category.parse().map_err(|e| at_line(e, label, line))?;
            let delta: i8 = delta.trim_start_matches('+').parse().map_err(|_| {
                malformed("the delta of an @audience line is a signed integer such as +1 or -1")
            })?;
            let adjustment = Adjustment::new(audience, category, delta)?;
            list.adjustments.push(adjustment);
            continue;
        }
        if term == "@slot" {
            let [_, slot, value] = fields.as_slice() else {
                return Err(malformed("an @slot line has 3 fields: @slot, slot, value"));
            };
            if value.is_empty() || slot.is_empty() {
                return Err(malformed("an @slot line needs a slot name and a value"));
            }
            list.slots.push(SlotEntry {
                slot: (*slot).to_owned(),
                value: (*value).to_owned(),
                source: format!("{label}:{line}"),
            });
            continue;
        }
        if term == "@typos" {
            let (slot, letters) = match fields.as_slice() {
                [_, slot] => (*slot, 4),
                [_, slot, letters] => match letters.parse::<usize>() {
                    Ok(n) if (3..=32).contains(&n) => (*slot, n),
                    _ => return Err(malformed("the letters of an @typos line are 3 to 32")),
                },
                _ => {
                    return Err(malformed(
                        "an @typos line has 2 or 3 fields: @typos, slot, letters",
                    ));
                }
            };
            if slot.is_empty() {
                return Err(malformed("an @typos line needs a slot name"));
            }
            list.typo_slots.push((slot.to_owned(), letters));
            continue;
        }
        if term == "@cue" {
            let [_, cue, position, phrase] = fields.as_slice() else {
                return Err(malformed(
                    "an @cue line has 4 fields: @cue, cue, before or after, phrase",
                ));
            };
            let cue = cue.parse().map_err(|reason: String| malformed(&reason))?;
            let position = match *position {
                "before" => CuePosition::Before,
                "after" => CuePosition::After,
                _ => return Err(malformed("the position of an @cue line is before or after")),
            };
            list.cues.push(CueEntry {
                cue,
                position,
                phrase: (*phrase).to_owned(),
                source: format!("{label}:{line}"),
            });
            continue;
        }
        if term.is_empty() {
            return Err(ScannerError::EmptyTerm {
                label: shorten(label),
                line,
            });
        }
        let category_field = fields.get(1).copied().unwrap_or_default();
        let flags_field = fields.get(3).copied().unwrap_or_default();
        let mut flags = TermFlags::default();
        let mut allow = category_field == "allow";
        let mut id = None;
        for flag in flags_field
            .split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
        {
            match flag {
                "allow" => allow = true,
                _ if flag.starts_with("id=") && flag.len() > 3 => {
                    id = flag.get(3..).map(str::to_owned);
                }
                "phrase" => flags.phrase = true,
                "prefix" => flags.prefix = true,
                "everyday" => flags.everyday = true,
                "pupils" => flags.pupils = true,
                "topic" => flags.topic = true,
                other => {
                    return Err(ScannerError::UnknownFlag {
                        label: shorten(label),
                        line,
                        flag: shorten(other),
                    });
                }
            }
        }
        if fields.len() > 4 {
            return Err(malformed("a term line has at most 4 fields"));
        }
        if allow {
            list.allow.push(AllowEntry {
                phrase: term.to_owned(),
                source: format!("{label}:{line}"),
            });
            continue;
        }
        if fields.len() < 3 {
            return Err(malformed(
                "a term line has at least 3 fields: term, category, severity",
            ));
        }
        let category: Category = category_field
            .parse()
            .map_err(|e| at_line(e, label, line))?;
        let severity = parse_severity(label, line, fields.get(2).copied().unwrap_or_default())?;
        if term.contains(['{', '(', '~']) {
            patterns::parse(term).map_err(|reason| malformed(&reason))?;
            list.patterns.push(PatternEntry {
                id: id.unwrap_or_else(|| term.to_owned()),
                pattern: term.to_owned(),
                category,
                severity,
                source: format!("{label}:{line}"),
                pupils: flags.pupils,
            });
            continue;
        }
        list.entries.push(TermEntry {
            term: term.to_owned(),
            category,
            severity,
            flags,
            source: format!("{label}:{line}"),
        });
    }
    Ok(list)
}

/// Adds the list position to an invalid-category error.
fn at_line(error: ScannerError, label: &str, line: usize) -> ScannerError {
    match error {
        ScannerError::InvalidCategory { category, reason } => ScannerError::InvalidCategoryAt {
            label: shorten(label),
            line,
            category,
            reason,
        },
        other => other,
    }
}

fn parse_ldnoobw(label: &str, contents: &str) -> TermList {
    let mut list = TermList::new(label);
    for (index, line) in contents.lines().enumerate() {
        list.push_term(line, Category::Profanity, 3, index + 1);
    }
    list
}

#[derive(Deserialize)]
struct DsojevicEntry {
    #[serde(rename = "match")]
    pattern: String,
    #[serde(default)]
    tags: Vec<String>,
    severity: u8,
    #[serde(default)]
    exceptions: Vec<String>,
}

fn parse_dsojevic(label: &str, contents: &str) -> Result<TermList, ScannerError> {
    crate::wire::limits::check_size(contents)?;
    crate::wire::limits::check_json(contents)?;
    let entries: Vec<DsojevicEntry> =
        serde_json::from_str(contents).map_err(|e| ScannerError::MalformedLine {
            label: shorten(label),
            line: e.line(),
            reason: "not a dsojevic profanity-list JSON array".to_owned(),
        })?;
    let mut list = TermList::new(label);
    for (index, entry) in entries.iter().enumerate() {
        let source = format!("{label}#{}", index + 1);
        let category = entry
            .tags
            .iter()
            .map(|t| match t.as_str() {
                "sexual" | "shock" => Category::SexualContent,
                "lgbtq" | "racial" | "religious" => Category::HateSpeech,
                _ => Category::Profanity,
            })
            .min()
            .unwrap_or(Category::Profanity);
        let severity = entry.severity.clamp(1, 5);
        // `*` in `match` means "previous character repeated"; the scanner tolerates repeats
        // itself, so the plain spelling is enough.
        let variants: Vec<String> = entry
            .pattern
            .split('|')
            .map(|v| v.replace('*', "").trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        for variant in &variants {
            list.entries.push(TermEntry {
                term: variant.clone(),
                category: category.clone(),
                severity,
                flags: TermFlags::default(),
                source: source.clone(),
            });
            // `*` in an exception is a placeholder for the matched word.
            for exception in &entry.exceptions {
                list.allow.push(AllowEntry {
                    phrase: exception.replace('*', variant),
                    source: source.clone(),
                });
            }
        }
    }
    Ok(list)
}

/// Splits one CSV record (RFC 4180 quoting, no embedded newlines).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

fn parse_surge_ai(label: &str, contents: &str) -> Result<TermList, ScannerError> {
    let mut list = TermList::new(label);
    for (index, line) in contents.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let fields = split_csv(line);
        let [text, _, _, _, c1, c2, c3, rating, ..] = fields.as_slice() else {
            return Err(ScannerError::MalformedLine {
                label: shorten(label),
                line: index + 1,
                reason: "a surge ai record has 9 fields".to_owned(),
            });
        };
        let category = [c1, c2, c3]
            .into_iter()
            .filter(|c| !c.is_empty())
            .map(|c| match c.as_str() {
                "sexual anatomy / sexual acts" => Category::SexualContent,
                "sexual orientation / gender" | "racial / ethnic slurs" | "religious offense" => {
                    Category::HateSpeech
                }
                "mental disability" | "physical disability" => Category::Discrimination,
                "physical attributes" => Category::Bullying,
                _ => Category::Profanity,
            })
            .min()
            .unwrap_or(Category::Profanity);
        let rating: f64 = rating.trim().parse().unwrap_or(2.0);
        // 1 (mild) .. 3 (severe) → 2 .. 4.
        let severity = (rating.round().clamp(1.0, 3.0) as u8) + 1;
        list.push_term(text, category, severity, index + 1);
    }
    Ok(list)
}

/// Category and severity of a Suicide Risk Lexicon construct.
fn suicide_construct(construct: &str) -> (Category, u8) {
    match construct {
        "Active suicidal ideation & suicidal planning" => (Category::Suicide, 5),
        "Passive suicidal ideation" | "Other suicidal language" => (Category::Suicide, 4),
        "Lethal means for suicide" | "Suicide exposure" => (Category::Suicide, 3),
        "Direct self-injury" => (Category::SelfHarm, 4),
        "Eating disorders" => (Category::SelfHarm, 2),
        "Bullying" => (Category::Bullying, 3),
        "Sexual abuse & harassment" | "Physical abuse & violence" => (Category::Abuse, 4),
        "Alcohol use" | "Other substance use" => (Category::Drugs, 2),
        "Discrimination" => (Category::Discrimination, 2),
        _ => (Category::Wellbeing, 1),
    }
}

fn parse_suicide_risk_lexicon(label: &str, contents: &str) -> Result<TermList, ScannerError> {
    let mut list = TermList::new(label);
    for (index, line) in contents.lines().enumerate() {
        if line.trim().is_empty() || (index == 0 && line.starts_with("construct")) {
            continue;
        }
        let Some((construct, term)) = line.split_once('\t') else {
            return Err(ScannerError::MalformedLine {
                label: shorten(label),
                line: index + 1,
                reason: "a lexicon line is construct<TAB>term".to_owned(),
            });
        };
        let (category, severity) = suicide_construct(construct.trim());
        list.push_term(term, category, severity, index + 1);
    }
    Ok(list)
}

fn parse_davidson(label: &str, contents: &str) -> Result<TermList, ScannerError> {
    let mut list = TermList::new(label);
    for (index, line) in contents.lines().enumerate() {
        let fields = split_csv(line);
        let [ngram, prop] = fields.as_slice() else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(ScannerError::MalformedLine {
                label: shorten(label),
                line: index + 1,
                reason: "a davidson record is ngram,prophate".to_owned(),
            });
        };
        let Ok(prop) = prop.trim().parse::<f64>() else {
            if index == 0 {
                continue; // header
            }
            return Err(ScannerError::MalformedLine {
                label: shorten(label),
                line: index + 1,
                reason: "prophate is a number".to_owned(),
            });
        };
        let severity = (1.0 + (prop.clamp(0.0, 1.0) * 4.0)).round() as u8;
        list.push_term(ngram, Category::HateSpeech, severity.clamp(1, 5), index + 1);
    }
    Ok(list)
}

fn parse_hurtlex(label: &str, contents: &str) -> Result<TermList, ScannerError> {
    let mut list = TermList::new(label);
    for (index, line) in contents.lines().enumerate() {
        if index == 0 || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [_, _, code, _, lemma, level, ..] = fields.as_slice() else {
            return Err(ScannerError::MalformedLine {
                label: shorten(label),
                line: index + 1,
                reason: "a hurtlex line has 6 fields".to_owned(),
            });
        };
        let category = match *code {
            "ps" | "om" | "rci" => Category::HateSpeech,
            "ddf" | "ddp" => Category::Discrimination,
            "asm" | "asf" | "pr" => Category::SexualContent,
            "re" => Category::Violence,
            _ => Category::Profanity,
        };
        let severity = if *level == "conservative" { 3 } else { 2 };
        list.push_term(lemma, category, severity, index + 1);
    }
    Ok(list)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    #[test]
    fn tsv_reads_terms_allow_and_flags() {
        let list = parse_tsv(
            "t.tsv",
            "# comment\n\nkill myself\tsuicide\t5\tphrase\nsuicid\tsuicide\t4\tprefix\nmoby dick\tallow\nto kill a mockingbird\t-\t-\tallow\n@audience\tks4\tprofanity\t-1\n",
        )
        .unwrap();
        assert_eq!(list.entries.len(), 2);
        assert!(list.entries[0].flags.phrase);
        assert!(list.entries[1].flags.prefix);
        assert_eq!(list.entries[1].source, "t.tsv:4");
        assert_eq!(list.allow.len(), 2);
        assert_eq!(list.allow[1].source, "t.tsv:6");
        assert_eq!(list.adjustments.len(), 1);
    }

    #[test]
    fn tsv_errors_name_the_line() {
        let err = parse_tsv("t.tsv", "a\tNo Pe\t3\n").unwrap_err();
        assert_eq!(err.code(), "scanner_invalid_category");
        assert!(err.to_string().contains("t.tsv:1"), "{err}");
        assert_eq!(
            parse_tsv("t", "a\tdrugs\t9\n").unwrap_err().code(),
            "scanner_invalid_severity"
        );
        assert_eq!(
            parse_tsv("t", "a\tdrugs\t0\n").unwrap_err().code(),
            "scanner_invalid_severity"
        );
        assert_eq!(
            parse_tsv("t", "a\tdrugs\n").unwrap_err().code(),
            "scanner_malformed_line"
        );
        assert_eq!(
            parse_tsv("t", "a\tdrugs\t2\tloud\n").unwrap_err().code(),
            "scanner_unknown_flag"
        );
        assert_eq!(
            parse_tsv("t", "\tdrugs\t2\n").unwrap_err().code(),
            "scanner_empty_term"
        );
        assert_eq!(
            parse_tsv("t", "@audience\tks9\tdrugs\t1\n")
                .unwrap_err()
                .code(),
            "scanner_unknown_audience"
        );
        assert_eq!(
            parse_tsv("t", "@audience\tstaff\tsuicide\t-1\n")
                .unwrap_err()
                .code(),
            "scanner_protected_category"
        );
    }

    #[test]
    fn dsojevic_exceptions_become_allow_phrases() {
        let json = r#"[{"id":"x","match":"cu*n*t|ku*nt","tags":["sexual"],"severity":4,"exceptions":["s*horpe"]}]"#;
        let list = parse_dsojevic("en.json", json).unwrap();
        assert_eq!(list.entries[0].term, "cunt");
        assert_eq!(list.entries[1].term, "kunt");
        assert_eq!(list.allow[0].phrase, "scunthorpe");
        assert_eq!(list.entries[0].category, Category::SexualContent);
    }

    #[test]
    fn csv_quotes() {
        assert_eq!(
            split_csv(r#"a,"b,c","d""e",,f"#),
            vec!["a", "b,c", "d\"e", "", "f"]
        );
    }

    #[test]
    fn own_ids_under_a_known_category_keep_its_protection() {
        let cutting: Category = "self_harm.cutting".parse().unwrap();
        assert_eq!(cutting, Category::Custom("self_harm.cutting".into()));
        assert_eq!(cutting.as_str(), "self_harm.cutting");
        assert_eq!(cutting.parent(), Some(Category::SelfHarm));
        assert!(cutting.is_protected() && cutting.signals_harm());
        let knives: Category = "weapons.knives".parse().unwrap();
        assert!(!knives.is_protected() && knives.signals_harm());
        let vaping: Category = "drugs.vaping".parse().unwrap();
        assert_eq!(vaping.parent(), Some(Category::Drugs));
        assert!(!vaping.is_protected() && !vaping.signals_harm());
        // An own id alone has no parent; a known category has none either.
        assert_eq!(Category::Custom("vaping".into()).parent(), None);
        assert_eq!(Category::SelfHarm.parent(), None);
        for bad in [
            "nope.cutting",
            "self_harm.suicide",
            "self_harm.",
            "self_harm.Cutting",
            "self_harm.a.b",
            ".cutting",
        ] {
            let err = bad.parse::<Category>().unwrap_err();
            assert_eq!(err.code(), "scanner_invalid_category", "{bad}");
            assert!(err.to_string().contains(bad), "{bad}: {err}");
        }
        // Lowering it for an audience is refused, as for self_harm itself.
        let err = parse_tsv("t", "@audience\tstaff\tself_harm.cutting\t-1\n").unwrap_err();
        assert_eq!(err.code(), "scanner_protected_category", "{err}");
    }

    #[test]
    fn category_ids_round_trip() {
        for c in Category::ALL {
            assert_eq!(c.as_str().parse::<Category>().unwrap(), c);
            assert_eq!(serde_json::to_value(&c).unwrap(), c.as_str());
        }
        assert_eq!(
            "hate".parse::<Category>().unwrap(),
            Category::Custom("hate".to_owned())
        );
        assert_eq!(
            serde_json::to_value(Category::Custom("hate".to_owned())).unwrap(),
            "hate"
        );
        // A list's own id is kept; one a typo away from a known id is refused.
        for own in ["gaming", "memes", "vaping", "hate", "violent_action"] {
            assert_eq!(
                own.parse::<Category>().unwrap(),
                Category::Custom(own.into())
            );
        }
        for typo in [
            "drugz",
            "voilence",
            "suicde",
            "hate_speach",
            "sexual_contnet",
        ] {
            let err = typo.parse::<Category>().unwrap_err();
            assert_eq!(err.code(), "scanner_invalid_category", "{typo}");
            assert!(err.to_string().contains("did you mean"), "{err}");
        }
        let err = "self-harm".parse::<Category>().unwrap_err().to_string();
        assert!(err.contains("did you mean `self_harm`?"), "{err}");
        for bad in ["", "Hate", "self-harm", "9lives", "a b"] {
            assert_eq!(
                bad.parse::<Category>().unwrap_err().code(),
                "scanner_invalid_category"
            );
        }
        for &f in TermListFormat::ALL {
            assert_eq!(f.as_str().parse::<TermListFormat>().unwrap(), f);
        }
        assert_eq!(
            "csv".parse::<TermListFormat>().unwrap_err().code(),
            "scanner_unknown_format"
        );
    }
}

// An open set: a school's own list may name its own categories (`Category::Custom`).
crate::wire::string_schema!(Category, "ScannerCategory");
