//! Compiling lists into one automaton: terms, allow-phrases, pattern words, slot values and
//! context cue phrases.

use super::audience::Adjustments;
use super::context::CueEntry;
use super::lazy::Lazy;
use super::matcher::{Matcher, PatternInfo, PatternKind};
use super::normalize::{self, Normalizer};
use super::patterns::{self, Compiled, Element, PatternEntry, Piece, Step};
use super::spellings;
use super::terms::{AllowEntry, TermEntry, TermList};
use super::{Roster, ScannerError, TermScanner};
use std::collections::HashMap;

/// The automaton patterns being collected.
#[derive(Default)]
struct Builder {
    normalizer: Normalizer,
    index: HashMap<Vec<u8>, usize>,
    patterns: Vec<Vec<u8>>,
    infos: Vec<PatternInfo>,
    /// The bytes of `patterns` in all.
    bytes: usize,
    /// Set once the lists are found larger than a scanner may compile: nothing more is
    /// normalised, and the build fails with [`ScannerError::ListTooLarge`].
    too_large: bool,
    /// The list being compiled (its index in the lists given).
    list: usize,
    /// For each pattern, the list its current entry comes from.
    origins: Vec<usize>,
}

/// Whether a pattern kind is a harm term ([`super::context::is_harm`]).
fn is_harm(kind: PatternKind, entries: &[TermEntry]) -> bool {
    match kind {
        PatternKind::Term(id) => entries
            .get(id)
            .is_some_and(|e| super::context::is_harm(&e.category, e.severity)),
        PatternKind::Allow(_) | PatternKind::Piece => false,
    }
}

impl Builder {
    /// Adds (or merges) a pattern, returning its id. When two entries normalise to the same
    /// pattern, an allow-phrase beats a term, and between terms the higher severity wins
    /// (then the earlier entry); a term or allow-phrase replaces a bare piece.
    ///
    /// Across lists, a harm term ([`super::context::is_harm`]) is never replaced by an
    /// allow-phrase or a term that is not harm written exactly as it (a school's `overdose`
    /// allow-phrase, or `isis` filed as `games`), and replaces them: what one list files as
    /// harm, a later one can silence only by naming a longer expression around it.
    fn register(&mut self, bytes: Vec<u8>, info: PatternInfo, entries: &[TermEntry]) -> usize {
        match self.index.get(&bytes) {
            Some(&pid) => {
                let across = self.origins.get(pid).is_some_and(|&o| o != self.list);
                if let Some(existing) = self.infos.get_mut(pid) {
                    let harm = (is_harm(existing.kind, entries), is_harm(info.kind, entries));
                    let replace = match (existing.kind, info.kind) {
                        (_, PatternKind::Piece) => false,
                        _ if across && harm.0 != harm.1 => harm.1,
                        (PatternKind::Allow(_), _) => false,
                        (PatternKind::Piece, _) | (PatternKind::Term(_), PatternKind::Allow(_)) => {
                            true
                        }
                        (PatternKind::Term(old), PatternKind::Term(new)) => {
                            let severity = |i: usize| entries.get(i).map_or(0, |e| e.severity);
                            severity(new) > severity(old)
                        }
                    };
                    if replace {
                        *existing = info;
                        if let Some(origin) = self.origins.get_mut(pid) {
                            *origin = self.list;
                        }
                    }
                }
                pid
            }
            None => {
                let pid = self.patterns.len();
                self.bytes += bytes.len();
                self.index.insert(bytes.clone(), pid);
                self.patterns.push(bytes);
                self.infos.push(info);
                self.origins.push(self.list);
                pid
            }
        }
    }

    /// The pattern of a term, or `None` when it cannot match (empty, or masked letters).
    fn compile(&mut self, term: &str) -> Option<Vec<u8>> {
        self.too_large |= self.patterns.len() > super::MAX_PATTERNS
            || self.bytes.saturating_add(term.len()) > super::MAX_PATTERN_BYTES;
        if self.too_large {
            return None;
        }
        let bytes = normalize::pattern_bytes(&mut self.normalizer, term)?;
        if self
            .normalizer
            .units
            .iter()
            .any(|u| u.flags & normalize::WILD != 0)
        {
            return None;
        }
        Some(bytes)
    }

    /// Registers words that stand only for a piece (a pattern word, slot value or cue).
    fn piece(&mut self, text: &str, entries: &[TermEntry]) -> Option<usize> {
        let bytes = self.compile(text)?;
        let info = PatternInfo {
            kind: PatternKind::Piece,
            prefix: false,
        };
        Some(self.register(bytes, info, entries))
    }
}

/// Registers the one-slip spellings of the values of every `@typos` slot (see
/// [`super::terms`]), after every real word of the lists, so a slip that spells a listed
/// word, allow-phrase, pattern word or cue never counts.
fn add_typo_variants(
    b: &mut Builder,
    compiled: &mut Compiled,
    lists: &[TermList],
    entries: &[TermEntry],
) {
    let typo_slots: Vec<&(String, usize)> = lists.iter().flat_map(|l| &l.typo_slots).collect();
    if typo_slots.is_empty() {
        return;
    }
    let letters_of = |slot: usize| {
        let name = compiled.slots.get(slot)?;
        typo_slots
            .iter()
            .filter(|(s, _)| s == name)
            .map(|(_, n)| *n)
            .min()
    };
    let values: Vec<(usize, String, usize)> = compiled
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, (slot, value))| Some((i, value.clone(), letters_of(*slot)?)))
        .collect();
    let info = PatternInfo {
        kind: PatternKind::Piece,
        prefix: false,
    };
    for (index, value, letters) in values {
        let Some(bytes) = b.compile(&value) else {
            continue;
        };
        for variant in typo_variants(&bytes, letters) {
            if b.index.contains_key(&variant) {
                continue;
            }
            let pid = b.register(variant, info, entries);
            compiled.add_piece(pid, Piece::Slot(index));
        }
    }
}

/// The spellings of normalised `bytes` with one slip in one word of at least `letters`
/// letters: two neighbouring letters swapped (not the first), or one letter between the first
/// and the last left out.
fn typo_variants(bytes: &[u8], letters: usize) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    let mut start = 0;
    for word in bytes.split(|&c| c == normalize::SPACE) {
        let end = start + word.len();
        if word.len() >= letters.max(3) && word.iter().all(u8::is_ascii_lowercase) {
            let mut push = |variant: Vec<u8>| {
                if variant != bytes && !out.contains(&variant) {
                    out.push(variant);
                }
            };
            for i in start + 1..end - 1 {
                let mut swapped = bytes.to_vec();
                swapped.swap(i, i + 1);
                push(swapped);
                let mut dropped = bytes.to_vec();
                dropped.remove(i);
                push(dropped);
            }
        }
        start = end + 1;
    }
    out
}

fn invalid(pattern: &PatternEntry, reason: String) -> ScannerError {
    ScannerError::InvalidPattern {
        at: pattern.source.clone(),
        reason,
    }
}

/// Builds a scanner from parsed lists (see [`TermScanner::from_lists`]).
pub(super) fn build(lists: &[TermList]) -> Result<TermScanner, ScannerError> {
    build_with(lists, true)
}

/// Builds a scanner, with the common pattern words in a lazy automaton when `split` (see
/// [`Lazy`]), else all in one: the two find the same matches.
pub(super) fn build_with(lists: &[TermList], split: bool) -> Result<TermScanner, ScannerError> {
    let mut b = Builder::default();
    let mut entries: Vec<TermEntry> = Vec::new();
    let mut allow: Vec<AllowEntry> = Vec::new();
    let mut adjustments = Adjustments::builtin();
    let mut skipped = Vec::new();
    let mut compiled = Compiled::default();
    let mut pattern_entries: Vec<PatternEntry> = Vec::new();
    let mut cues: Vec<CueEntry> = Vec::new();
    // Joined phrases long enough to be looked for inside a run-together word
    // (`howtokillmyself`): [`Matcher::build`] gives them an automaton of their own.
    let mut run_together = Vec::new();
    for (n, list) in lists.iter().enumerate() {
        b.list = n;
        for adjustment in &list.adjustments {
            adjustments.apply(adjustment.clone());
        }
        for entry in &list.entries {
            let Some(bytes) = b.compile(&entry.term) else {
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
                let long = joined.len() >= super::matcher::MIN_RUN_TOGETHER;
                let pid = b.register(joined, info, &entries);
                if long {
                    run_together.push(pid);
                }
            }
            for variant in spellings::variants(&bytes, Some(&entry.category)) {
                b.register(variant, info, &entries);
            }
            b.register(bytes, info, &entries);
        }
        for phrase in &list.allow {
            let Some(bytes) = b.compile(&phrase.phrase) else {
                skipped.push(phrase.source.clone());
                continue;
            };
            let id = allow.len();
            allow.push(phrase.clone());
            let info = PatternInfo {
                kind: PatternKind::Allow(id),
                prefix: false,
            };
            // Ordinary language stays ordinary in any spelling ("killed herself laughing").
            for variant in spellings::variants(&bytes, None) {
                b.register(variant, info, &entries);
            }
            b.register(bytes, info, &entries);
        }
        for value in &list.slots {
            let slot = match compiled.slots.iter().position(|s| *s == value.slot) {
                Some(slot) => slot,
                None => {
                    compiled.slots.push(value.slot.clone());
                    compiled.slots.len() - 1
                }
            };
            let Some(pid) = b.piece(&value.value, &entries) else {
                skipped.push(value.source.clone());
                continue;
            };
            compiled.values.push((slot, value.value.clone()));
            compiled.add_piece(pid, Piece::Slot(compiled.values.len() - 1));
        }
        for cue in &list.cues {
            let Some(pid) = b.piece(&cue.phrase, &entries) else {
                skipped.push(cue.source.clone());
                continue;
            };
            cues.push(cue.clone());
            compiled.add_piece(pid, Piece::Cue(cues.len() - 1));
            if cue.cue.stops_gap() {
                compiled.add_piece(pid, Piece::GapStop);
            }
        }
        pattern_entries.extend(list.patterns.iter().cloned());
    }
    add_typo_variants(&mut b, &mut compiled, lists, &entries);
    for pattern in &pattern_entries {
        let elements = patterns::parse(&pattern.pattern).map_err(|r| invalid(pattern, r))?;
        let mut steps = Vec::with_capacity(elements.len());
        for element in elements {
            steps.push(match element {
                Element::Slot(name) => {
                    let slot = compiled
                        .slots
                        .iter()
                        .position(|s| *s == name)
                        .ok_or_else(|| invalid(pattern, format!("no @slot line for `{name}`")))?;
                    Step::Slot(slot)
                }
                Element::Gap(width, across) => Step::Gap(width, across),
                Element::Words { phrases, optional } => {
                    let mut pids = Vec::with_capacity(phrases.len());
                    for phrase in &phrases {
                        let pid = b.piece(phrase, &entries).ok_or_else(|| {
                            invalid(pattern, format!("`{phrase}` has no word to match"))
                        })?;
                        pids.push(pid);
                    }
                    Step::Words { pids, optional }
                }
            });
        }
        compiled.steps.push(steps);
    }
    compiled.index_starters(b.patterns.len());
    if b.too_large || b.patterns.len() > super::MAX_PATTERNS || b.bytes > super::MAX_PATTERN_BYTES {
        return Err(ScannerError::ListTooLarge {
            patterns: b.patterns.len(),
            bytes: b.bytes,
        });
    }
    let lazy = if split {
        Lazy::plan(&compiled, &b.patterns, |pid| {
            b.infos
                .get(pid)
                .is_some_and(|i| i.kind == PatternKind::Piece)
        })
    } else {
        Lazy::default()
    };
    let matcher = Matcher::build(&b.patterns, b.infos, lazy.pids(), run_together)?;
    Ok(TermScanner {
        entries,
        allow,
        matcher,
        adjustments,
        roster: Roster::new(),
        skipped,
        patterns: pattern_entries,
        compiled,
        lazy,
        cues,
        lists: lists.to_vec(),
        model: None,
        spare: Default::default(),
        school_allows_from: usize::MAX,
    })
}

#[cfg(test)]
mod tests {
    use super::typo_variants;
    use crate::scanner::{TermList, TermListFormat, TermScanner};

    fn spelled(variants: &[Vec<u8>]) -> Vec<&str> {
        variants
            .iter()
            .map(|v| std::str::from_utf8(v).unwrap_or("?"))
            .collect()
    }

    #[test]
    fn one_slip_keeps_the_first_letter_and_the_length_floor() {
        let hate = typo_variants(b"hate", 4);
        assert_eq!(spelled(&hate), ["htae", "hte", "haet", "hae"]);
        assert!(typo_variants(b"hate", 5).is_empty());
        // Only the long word of a phrase slips, one word at a time.
        let phrase = typo_variants(b"so vile", 4);
        assert_eq!(spelled(&phrase), ["so vlie", "so vle", "so viel", "so vie"]);
    }

    fn scanner(typos: &str) -> TermScanner {
        let text =
            format!("{{bad}} people\thate_speech\t3\tid=bad_people\n@slot\tbad\thorrible\n{typos}");
        let list = TermList::parse(TermListFormat::Tsv, "t.tsv", &text).expect("parses");
        TermScanner::from_lists(&[list]).expect("builds")
    }

    #[test]
    fn typos_lines_turn_slips_on_per_slot() {
        let text = "such hrorible people";
        assert!(scanner("").scan(text, "ks3").expect("scans").is_empty());
        let found = scanner("@typos\tbad\t5\n")
            .scan(text, "ks3")
            .expect("scans");
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].slots.get("bad").map(String::as_str),
            Some("horrible")
        );
        assert_eq!(found[0].matched_text, "hrorible people");
    }

    #[test]
    fn malformed_typos_lines_are_errors() {
        for line in [
            "@typos\n",
            "@typos\tbad\t2\n",
            "@typos\tbad\tfive\n",
            "@typos\t\n",
        ] {
            let err = TermList::parse(TermListFormat::Tsv, "t.tsv", line);
            assert!(err.is_err(), "{line:?}");
        }
    }
}
