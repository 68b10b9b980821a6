//! Patterns with slots: harm that uses no listed word ("Kill ALL black people",
//! "Women deserve to be abused").
//!
//! # The pattern language
//!
//! A pattern is a line of the TSV list (see [`super::terms`]) whose term contains `{`, `(` or
//! `~`. It is a sequence of elements, each matching one or more whole words, the elements
//! following each other with only spaces or in-sentence punctuation between them:
//!
//! * plain words (`kill all`): matched like a term (normalised, so `k1ll @ll` matches);
//! * `{slot}`: any value of the slot lexicon `slot` (`@slot` lines), reported in the match's
//!   `slots` as written in the lexicon;
//! * `(a|b c|d)`: one of the alternatives; an empty alternative makes the group optional
//!   (`(all|the|)`);
//! * `~N` (`~` alone is `~3`): up to N other words of the same sentence (1 to 6), between
//!   two elements (`{hatred} ~2 {identity}` matches "fuck you white people");
//! * `~~N` (`~~` alone is `~~8`): up to N other words (1 to 12) that may cross one sentence
//!   end, for a pronoun that points back (`{identity} ~~ they are {dehumanising}` matches
//!   "I met some refugees. They are animals").
//!
//! A gap never skips a negation, reported-speech or counter-speech cue phrase (`@cue` lines:
//! "not", "said", "stop saying"): the cue changes the meaning of the words after it.
//!
//! ```text
//! {identity} (are|is) (all|just|) {dehumanising}→hate_speech→4→id=identity_dehumanised
//! (kill|gas|shoot) (all|the|all the|) {identity}→violence→5→id=kill_identity
//! @slot→identity→muslims
//! @slot→dehumanising→vermin
//! ```
//!
//! The flag `id=NAME` names the pattern (the match's `pattern`); without it the pattern text
//! is its id. Slot values and the words of patterns are compiled into the scanner's one
//! automaton with the terms, so a pattern costs nothing on text that holds none of its
//! words; the sequence is checked only where its first element was found.

use super::normalize::{SPACE, START, STOP, Unit};
use super::terms::Category;
use serde::{Deserialize, Serialize};

/// One pattern line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PatternEntry {
    /// The pattern's id (the `id=` flag, or the pattern text).
    pub id: String,
    /// The pattern as written (`{identity} are {dehumanising}`).
    pub pattern: String,
    /// The category of its matches.
    pub category: Category,
    /// Its base severity, 1 to 5.
    pub severity: u8,
    /// Where it comes from (`default.tsv:420`).
    pub source: String,
    /// Read only for pupils' audiences (the `pupils` flag).
    #[serde(default)]
    pub pupils: bool,
}

/// One value of a slot lexicon (`@slot<TAB>identity<TAB>muslims`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SlotEntry {
    /// The slot's name (`identity`).
    pub slot: String,
    /// The value as written (`muslims`).
    pub value: String,
    /// Where it comes from (`default.tsv:500`).
    pub source: String,
}

/// One parsed element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Element {
    /// Alternative phrases; `optional` when one alternative is empty.
    Words {
        /// The non-empty alternatives.
        phrases: Vec<String>,
        /// Whether the element may be left out.
        optional: bool,
    },
    /// A slot, by name.
    Slot(String),
    /// Up to this many other words (`~`, `~2`); `true` when they may cross one sentence
    /// end (`~~`).
    Gap(usize, bool),
}

/// The widest gap `~N` may ask for.
pub(crate) const MAX_GAP: usize = 6;

/// The widest gap `~~N` may ask for.
pub(crate) const MAX_ACROSS_GAP: usize = 12;

fn is_slot_name(name: &str) -> bool {
    name.len() <= 40
        && name.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Parses a pattern into its elements.
///
/// # Errors
///
/// A reason when braces or parentheses are unbalanced or nested, a slot name is not
/// snake_case, or every element is optional.
pub(crate) fn parse(pattern: &str) -> Result<Vec<Element>, String> {
    let mut elements = Vec::new();
    let mut literal = String::new();
    let flush = |literal: &mut String, elements: &mut Vec<Element>| {
        let words = literal.trim();
        if !words.is_empty() {
            elements.push(Element::Words {
                phrases: vec![words.to_owned()],
                optional: false,
            });
        }
        literal.clear();
    };
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '{' => {
                flush(&mut literal, &mut elements);
                let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                let name = name.trim();
                if !is_slot_name(name) {
                    return Err(format!(
                        "`{{{name}}}` is not a slot: write {{name}} with a snake_case name"
                    ));
                }
                elements.push(Element::Slot(name.to_owned()));
            }
            '(' => {
                flush(&mut literal, &mut elements);
                let mut group = String::new();
                let mut closed = false;
                for c in chars.by_ref() {
                    match c {
                        ')' => {
                            closed = true;
                            break;
                        }
                        '(' | '{' | '}' => return Err("groups cannot be nested".to_owned()),
                        other => group.push(other),
                    }
                }
                if !closed {
                    return Err("unclosed `(`".to_owned());
                }
                let mut phrases = Vec::new();
                let mut optional = false;
                for alternative in group.split('|').map(str::trim) {
                    if alternative.is_empty() {
                        optional = true;
                    } else {
                        phrases.push(alternative.to_owned());
                    }
                }
                if phrases.is_empty() {
                    return Err("empty group `()`".to_owned());
                }
                elements.push(Element::Words { phrases, optional });
            }
            '~' => {
                flush(&mut literal, &mut elements);
                let across = chars.clone().next() == Some('~');
                if across {
                    chars.next();
                }
                let digits: String = chars.clone().take_while(char::is_ascii_digit).collect();
                for _ in 0..digits.len() {
                    chars.next();
                }
                let (default, widest) = if across {
                    (8, MAX_ACROSS_GAP)
                } else {
                    (3, MAX_GAP)
                };
                let width = if digits.is_empty() {
                    default
                } else {
                    digits.parse().unwrap_or(usize::MAX)
                };
                if !(1..=widest).contains(&width) {
                    return Err(format!(
                        "a gap `~N` is 1 to {MAX_GAP} words, `~~N` 1 to {MAX_ACROSS_GAP}"
                    ));
                }
                elements.push(Element::Gap(width, across));
            }
            '}' | ')' | '|' => return Err(format!("unexpected `{c}`")),
            other => literal.push(other),
        }
    }
    flush(&mut literal, &mut elements);
    if elements
        .iter()
        .all(|e| matches!(e, Element::Words { optional: true, .. } | Element::Gap(..)))
    {
        return Err("a pattern needs at least one element that is not optional".to_owned());
    }
    if matches!(elements.first(), Some(Element::Gap(..)))
        || matches!(elements.last(), Some(Element::Gap(..)))
    {
        return Err("a gap `~` stands between two elements".to_owned());
    }
    Ok(elements)
}

/// A compiled element: automaton pattern ids of its words, or a slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    /// One of these automaton patterns.
    Words { pids: Vec<usize>, optional: bool },
    /// A value of this slot.
    Slot(usize),
    /// Up to this many other words; `true` when they may cross one sentence end.
    Gap(usize, bool),
}

/// What a found automaton pattern also stands for, besides a term or allow-phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece {
    /// A slot value: index into [`Compiled::values`].
    Slot(usize),
    /// A context cue phrase: index into the scanner's cues.
    Cue(usize),
    /// A cue phrase that a gap does not skip ([`super::ContextCue::stops_gap`]).
    GapStop,
}

/// An automaton pattern found in the text (units `first..=last`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Found {
    /// The first unit.
    pub first: usize,
    /// The last unit.
    pub last: usize,
    /// The automaton pattern id.
    pub pid: usize,
}

/// A pattern found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    /// Index into the scanner's pattern entries.
    pub pattern: usize,
    /// The first unit.
    pub first: usize,
    /// The last unit.
    pub last: usize,
    /// The slot values it bound (indices into [`Compiled::values`]).
    pub values: Vec<usize>,
}

/// Compiled patterns and slot lexicons.
#[derive(Debug, Clone, Default)]
pub(crate) struct Compiled {
    /// Steps of each pattern (same order as the scanner's pattern entries).
    pub steps: Vec<Vec<Step>>,
    /// Slot names.
    pub slots: Vec<String>,
    /// Slot values: (slot index, value as written).
    pub values: Vec<(usize, String)>,
    /// By automaton pattern id: its pieces.
    pub pieces: Vec<Vec<Piece>>,
    /// By automaton pattern id: the patterns that may start with it.
    pub starters: Vec<Vec<usize>>,
}

impl Compiled {
    /// Records that automaton pattern `pid` stands for `piece`.
    pub(crate) fn add_piece(&mut self, pid: usize, piece: Piece) {
        if self.pieces.len() <= pid {
            self.pieces.resize(pid + 1, Vec::new());
        }
        if let Some(list) = self.pieces.get_mut(pid)
            && !list.contains(&piece)
        {
            list.push(piece);
        }
    }

    /// Indexes which automaton patterns may start each pattern (call once, after all
    /// patterns and slot values are added).
    pub(crate) fn index_starters(&mut self, pid_count: usize) {
        let mut starters = vec![Vec::new(); pid_count];
        let slot_pids = self.slot_pids();
        for (p, steps) in self.steps.iter().enumerate() {
            for step in steps {
                let (pids, optional) = match step {
                    Step::Words { pids, optional } => (pids.as_slice(), *optional),
                    Step::Slot(slot) => (
                        slot_pids.get(*slot).map(Vec::as_slice).unwrap_or_default(),
                        false,
                    ),
                    Step::Gap(..) => (&[][..], true),
                };
                for &pid in pids {
                    if let Some(list) = starters.get_mut(pid)
                        && !list.contains(&p)
                    {
                        list.push(p);
                    }
                }
                if !optional {
                    break;
                }
            }
        }
        self.starters = starters;
    }

    /// Whether automaton pattern `pid` is a context cue phrase.
    pub(crate) fn is_cue(&self, pid: usize) -> bool {
        self.pieces.get(pid).is_some_and(|p| {
            p.iter()
                .any(|p| matches!(p, Piece::Cue(_) | Piece::GapStop))
        })
    }

    /// By slot: the automaton patterns that are one of its values.
    pub(crate) fn slot_pids(&self) -> Vec<Vec<usize>> {
        let mut slot_pids: Vec<Vec<usize>> = vec![Vec::new(); self.slots.len()];
        for (pid, pieces) in self.pieces.iter().enumerate() {
            for piece in pieces {
                if let Piece::Slot(value) = piece
                    && let Some((slot, _)) = self.values.get(*value)
                    && let Some(list) = slot_pids.get_mut(*slot)
                {
                    list.push(pid);
                }
            }
        }
        slot_pids
    }

    /// Whether any pattern is compiled.
    pub(crate) fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Finds every pattern occurrence among `found`, appending to `out` without duplicates.
    /// `found` is sorted here (by first unit, longest first) only when some pattern can
    /// complete: a pattern is walked only when every step it requires has a piece somewhere
    /// in the text ([`Present`]), so a text of common words that patterns merely contain
    /// ("are", "all", "the") costs no walk.
    pub(crate) fn find(
        &self,
        found: &mut [Found],
        units: &[Unit],
        present: &mut Present,
        out: &mut Vec<Hit>,
    ) {
        present.read(self, found);
        let mut possible = |p: usize| present.possible(self, p);
        let any_starts = found.iter().any(|f| {
            self.starters
                .get(f.pid)
                .is_some_and(|list| list.iter().any(|&p| possible(p)))
        });
        if !any_starts {
            return;
        }
        // Longest first among pieces that start together, so a pattern binds "gay people"
        // before "gay" when both readings cover the same words.
        found.sort_unstable_by_key(|f| (f.first, std::cmp::Reverse(f.last), f.pid));
        let found: &[Found] = found;
        let mut values = Vec::new();
        // The patterns already walked from the current first unit: a walk reads every piece
        // that starts there, so a second walk of the same pattern from there finds nothing new.
        let mut walked: Vec<(usize, usize)> = Vec::new();
        for f in found {
            walked.retain(|&(first, _)| first == f.first);
            for &p in self
                .starters
                .get(f.pid)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                if !present.possible(self, p) || walked.contains(&(f.first, p)) {
                    continue;
                }
                walked.push((f.first, p));
                let Some(steps) = self.steps.get(p) else {
                    continue;
                };
                let walk = Walk {
                    compiled: self,
                    steps,
                    pattern: p,
                    found,
                    units,
                };
                walk.step(0, f.first, None, &mut values, out);
            }
        }
    }

    fn accepts(&self, step: &Step, pid: usize) -> Option<Option<usize>> {
        match step {
            Step::Gap(..) => None,
            Step::Words { pids, .. } => pids.contains(&pid).then_some(None),
            Step::Slot(slot) => self.pieces.get(pid)?.iter().find_map(|piece| match piece {
                Piece::Slot(v) if self.values.get(*v).is_some_and(|(s, _)| s == slot) => {
                    Some(Some(*v))
                }
                _ => None,
            }),
        }
    }
}

/// Which automaton patterns and slots one text holds, and so which patterns can complete
/// in it: a pattern needs a piece for each of its steps that is not optional. The answer is
/// exact (the same test [`Compiled::accepts`] makes), so skipping the others changes no
/// result.
#[derive(Debug, Default, Clone)]
pub(crate) struct Present {
    /// Bit per automaton pattern id found.
    pids: Vec<u64>,
    /// Bit per slot with a value found.
    slots: Vec<u64>,
    /// Per pattern: 0 not yet judged, 1 possible, 2 not possible.
    patterns: Vec<u8>,
    /// By word start: whether the lazy walk reads it ([`super::lazy::Lazy::starts`]).
    pub(crate) marked: Vec<bool>,
    /// The word starts the lazy walk reads.
    pub(crate) lazy_starts: Vec<u32>,
}

fn set_bit(bits: &mut Vec<u64>, i: usize) {
    if bits.len() <= i / 64 {
        bits.resize(i / 64 + 1, 0);
    }
    if let Some(word) = bits.get_mut(i / 64) {
        *word |= 1 << (i % 64);
    }
}

fn has_bit(bits: &[u64], i: usize) -> bool {
    bits.get(i / 64)
        .is_some_and(|word| word & (1 << (i % 64)) != 0)
}

impl Present {
    /// Reads what `found` holds (forgetting the previous text).
    pub(crate) fn read(&mut self, compiled: &Compiled, found: &[Found]) {
        self.pids.clear();
        self.slots.clear();
        self.patterns.clear();
        self.patterns.resize(compiled.steps.len(), 0);
        for f in found {
            set_bit(&mut self.pids, f.pid);
            for piece in compiled
                .pieces
                .get(f.pid)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                if let Piece::Slot(v) = piece
                    && let Some((slot, _)) = compiled.values.get(*v)
                {
                    set_bit(&mut self.slots, *slot);
                }
            }
        }
    }

    /// Whether pattern `p` has a piece for every step it requires.
    fn possible(&mut self, compiled: &Compiled, p: usize) -> bool {
        let Some(&known) = self.patterns.get(p) else {
            return false;
        };
        if known == 0 {
            let all = self.possible_with(compiled, p, &[]);
            if let Some(known) = self.patterns.get_mut(p) {
                *known = if all { 1 } else { 2 };
            }
            return all;
        }
        known == 1
    }

    /// Whether pattern `p` has a piece for every step it requires, counting step `k` as held
    /// when `unknown[k]` (a step only the lazy walk, not yet run, can decide).
    pub(crate) fn possible_with(&self, compiled: &Compiled, p: usize, unknown: &[bool]) -> bool {
        let steps = compiled.steps.get(p).map(Vec::as_slice).unwrap_or_default();
        steps.iter().enumerate().all(|(k, step)| {
            if unknown.get(k).copied().unwrap_or(false) {
                return true;
            }
            match step {
                Step::Words { optional: true, .. } | Step::Gap(..) => true,
                Step::Words { pids, .. } => pids.iter().any(|&w| has_bit(&self.pids, w)),
                Step::Slot(slot) => has_bit(&self.slots, *slot),
            }
        })
    }
}

/// One pattern's walk over the found pieces.
struct Walk<'a> {
    compiled: &'a Compiled,
    steps: &'a [Step],
    pattern: usize,
    found: &'a [Found],
    units: &'a [Unit],
}

impl Walk<'_> {
    /// Matches steps `k..` starting at unit `at`; `span` is the (first, last) so far.
    fn step(
        &self,
        k: usize,
        at: usize,
        span: Option<(usize, usize)>,
        values: &mut Vec<usize>,
        out: &mut Vec<Hit>,
    ) {
        let Some(step) = self.steps.get(k) else {
            if let Some((first, last)) = span {
                // One hit per pattern and span: the first reading found (the one a match
                // reports) stands for the others. Every hit of a walk starts where the walk
                // starts, and walks start in text order: a duplicate can only be among the
                // last hits, those with the same first unit.
                let duplicate = out
                    .iter()
                    .rev()
                    .take_while(|h| h.first == first)
                    .any(|h| h.pattern == self.pattern && h.last == last);
                if !duplicate {
                    out.push(Hit {
                        pattern: self.pattern,
                        first,
                        last,
                        values: values.clone(),
                    });
                }
            }
            return;
        };
        if let Step::Words { optional: true, .. } = step {
            self.step(k + 1, at, span, values, out);
        }
        if let Step::Gap(width, across) = *step {
            // The next element starts at this word or up to `width` words later, never
            // past a cue phrase, and past one sentence end at most when `across`.
            let mut next = Some(at);
            // A `~~` gap that the previous element left across a sentence end has used it.
            let crossed = span.is_some_and(|(_, last)| {
                self.units
                    .get(last + 1..at)
                    .unwrap_or_default()
                    .iter()
                    .any(|u| u.byte == STOP && u.flags == 0)
            });
            let mut stops = usize::from(!across || crossed);
            for _ in 0..=width {
                let Some(here) = next else { break };
                self.step(k + 1, here, span, values, out);
                if self.cue_at(here) {
                    break;
                }
                next = following_word(self.units, here, &mut stops);
            }
            return;
        }
        // The pieces that start at `at` (`found` is sorted by first unit).
        let from = self.found.partition_point(|f| f.first < at);
        let here = self.found.iter().skip(from).take_while(|f| f.first == at);
        // Another reading of the same words that this step already took ("s*****s" reads as
        // dozens of slot values) leads to the same spans: only the first is walked, so
        // wildcards cannot multiply the walk. Pieces with the same last unit are neighbours
        // in `found` (sorted by first, then longest).
        let mut taken_last = None;
        for f in here {
            if taken_last == Some(f.last) {
                continue;
            }
            let Some(value) = self.compiled.accepts(step, f.pid) else {
                continue;
            };
            taken_last = Some(f.last);
            let span = Some((span.map_or(f.first, |(first, _)| first), f.last));
            let last_step = k + 1 == self.steps.len();
            let next = match self.steps.get(k + 1) {
                // A `~~` gap may start in the next sentence.
                Some(Step::Gap(_, true)) => following_word(self.units, f.last, &mut 0),
                _ => next_word(self.units, f.last),
            };
            if next.is_none() && !last_step {
                // Only optional steps may follow the end of the text.
                let rest_optional = self
                    .steps
                    .get(k + 1..)
                    .unwrap_or_default()
                    .iter()
                    .all(|s| matches!(s, Step::Words { optional: true, .. } | Step::Gap(..)));
                if !rest_optional {
                    continue;
                }
            }
            if let Some(v) = value {
                values.push(v);
            }
            self.step(k + 1, next.unwrap_or(usize::MAX), span, values, out);
            if value.is_some() {
                values.pop();
            }
        }
    }
}

impl Walk<'_> {
    /// Whether a cue phrase that stops a gap starts at unit `at`.
    fn cue_at(&self, at: usize) -> bool {
        let from = self.found.partition_point(|f| f.first < at);
        self.found
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|f| f.first == at)
            .any(|f| {
                self.compiled
                    .pieces
                    .get(f.pid)
                    .is_some_and(|p| p.contains(&Piece::GapStop))
            })
    }
}

/// The first unit of the word after the word starting at unit `at`, crossing at most
/// `1 - stops` sentence ends (`stops` counts the ends crossed; start it at 1 to stay in the
/// sentence).
fn following_word(units: &[Unit], at: usize, stops: &mut usize) -> Option<usize> {
    let mut k = at + 1;
    while let Some(u) = units.get(k) {
        if u.byte == STOP && u.flags == 0 {
            if *stops >= 1 {
                return None;
            }
            *stops += 1;
            return units
                .get(k + 1..)
                .unwrap_or_default()
                .iter()
                .position(|n| n.flags & START != 0)
                .map(|p| k + 1 + p);
        }
        if u.byte == SPACE && u.flags == 0 {
            return units
                .get(k + 1)
                .filter(|n| n.flags & START != 0)
                .map(|_| k + 1);
        }
        k += 1;
    }
    None
}

/// The first unit of the word after the word ending at unit `last`, when only a space
/// (not a sentence end) separates them.
fn next_word(units: &[Unit], last: usize) -> Option<usize> {
    let separator = units.get(last + 1)?;
    let start = units.get(last + 2)?;
    (separator.byte == SPACE && start.flags & START != 0).then_some(last + 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_slots_and_groups() {
        let elements = parse("kill (all|the|) {identity} now").unwrap();
        assert_eq!(
            elements,
            vec![
                Element::Words {
                    phrases: vec!["kill".into()],
                    optional: false
                },
                Element::Words {
                    phrases: vec!["all".into(), "the".into()],
                    optional: true
                },
                Element::Slot("identity".into()),
                Element::Words {
                    phrases: vec!["now".into()],
                    optional: false
                },
            ]
        );
    }

    #[test]
    fn parses_gaps() {
        let gaps = |p: &str| -> Vec<Element> {
            parse(p)
                .unwrap()
                .into_iter()
                .filter(|e| matches!(e, Element::Gap(..)))
                .collect()
        };
        assert_eq!(
            gaps("a ~ b ~2 c"),
            vec![Element::Gap(3, false), Element::Gap(2, false)]
        );
        assert_eq!(
            gaps("a ~~ b ~~12 c"),
            vec![Element::Gap(8, true), Element::Gap(12, true)]
        );
    }

    #[test]
    fn rejects_bad_patterns() {
        for bad in [
            "{Identity} x",
            "(a|(b))",
            "(a",
            "a)",
            "(|)",
            "(a|)",
            "{}",
            "a ~7 b",
            "a ~~13 b",
            "~~ a",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
