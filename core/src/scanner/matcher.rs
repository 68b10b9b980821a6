//! Whole-word phrase matching on normalised text with an `aho-corasick` automaton.
//!
//! All patterns (terms and allow-phrases, normalised like the text) are compiled into one
//! automaton, apart from the common words of patterns, which have a second one walked only
//! on request ([`super::lazy`]). Each is a contiguous NFA (dense near the root and sparse
//! below, a tenth of the memory of a full DFA, so more of a large list's states stay in
//! cache) and walked *anchored*. A walk starts at every word start of the normalised text
//! and follows the automaton byte by byte until it dies, so most words cost one or two
//! transitions and the walk never looks for a pattern inside a word. Because the matcher
//! drives the automaton itself, it can follow several readings at once: the two readings of an ambiguous leet symbol
//! (`1` as `i` or `l`), the optional tail of a run of repeated letters, a masked letter
//! (`*`), an optional leading `@`, and the optional spaces of a spelled-out phrase. The
//! set of live readings is deduplicated by state and bounded ([`MAX_READINGS`]).
//!
//! A pattern is reported when it is complete *and* the unit it ends on is the last unit of
//! a word ([`normalize::END`]): no match inside a longer word. `prefix` terms may end
//! anywhere inside a word and then cover the rest of it.

use super::ScannerError;
use super::normalize::{self, CHAR_END, END, JOIN, SKIP, SPACE, START, Unit, WILD};
use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};

/// The most readings the walk follows at once; further ones are dropped (only texts built
/// to be pathological, such as long runs of masked letters, reach it).
pub(crate) const MAX_READINGS: usize = 64;

/// What a compiled pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatternKind {
    /// A monitored term: index into the scanner's entries.
    Term(usize),
    /// An allow-phrase: index into the scanner's allow entries.
    Allow(usize),
    /// Only a piece of a pattern or a context cue phrase.
    Piece,
}

/// A compiled pattern's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PatternInfo {
    /// Term or allow-phrase.
    pub kind: PatternKind,
    /// Whether the pattern may end inside a word.
    pub prefix: bool,
}

/// A pattern found in the normalised units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    /// The pattern index.
    pub pattern: usize,
    /// The first unit of the match.
    pub first: usize,
    /// The last unit of the match.
    pub last: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reading {
    sid: StateID,
    depth: u32,
    first: u32,
}

const NO_UNIT: u32 = u32::MAX;

/// Reusable buffers of the walk.
#[derive(Debug, Default, Clone)]
pub(crate) struct WalkBuffers {
    readings: Vec<Reading>,
    next: Vec<Reading>,
}

/// The compiled patterns, in two automata: the *eager* one is walked over every text; the
/// *lazy* one holds pattern words too common to look for in every text ("are", "all",
/// "like you") and is walked only when the caller asks (when the text holds what else a
/// pattern needs, see [`super::patterns::Compiled::wants_lazy`]).
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    eager: Option<Part>,
    lazy: Option<Part>,
    /// The joined phrases ([`MIN_RUN_TOGETHER`] bytes or more), walked from inside long words.
    run_together: Option<Part>,
    /// Bit `256 * a + b` is set when a joined phrase begins with the bytes `a b`: a start
    /// inside a word is walked only where one may begin.
    run_together_pairs: Vec<u64>,
    patterns: Vec<PatternInfo>,
}

/// The fewest bytes of a joined phrase (`killmyself`) looked for inside a longer word
/// written without spaces (`howtokillmyself`); shorter ones (`killall`, `godie`) stand in
/// ordinary words too often.
pub(crate) const MIN_RUN_TOGETHER: usize = 8;

/// Which of the matcher's two automata to walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Which {
    /// The one walked over every text.
    Eager,
    /// The common pattern words, walked only where a pattern may complete.
    Lazy,
    /// The joined phrases, walked from inside long words ([`Matcher::run_together_starts`]).
    RunTogether,
}

/// One automaton over some of the matcher's patterns.
#[derive(Debug, Clone)]
struct Part {
    automaton: NFA,
    own: OwnStates,
    /// The matcher's pattern id of each of this automaton's patterns.
    ids: Vec<usize>,
}

impl Part {
    /// Compiles `patterns[i]` for each `i` of `ids`; `None` when `ids` is empty.
    fn build(
        patterns: &[Vec<u8>],
        infos: &[PatternInfo],
        ids: Vec<usize>,
    ) -> Result<Option<Part>, ScannerError> {
        if ids.is_empty() {
            return Ok(None);
        }
        let mine: Vec<&[u8]> = ids
            .iter()
            .filter_map(|&i| patterns.get(i).map(Vec::as_slice))
            .collect();
        let my_infos: Vec<PatternInfo> =
            ids.iter().filter_map(|&i| infos.get(i).copied()).collect();
        let error = |e: aho_corasick::BuildError| ScannerError::Build {
            reason: e.to_string(),
        };
        let automaton = NFA::builder()
            .match_kind(MatchKind::Standard)
            .byte_classes(true)
            .dense_depth(3)
            .prefilter(false)
            .build(&mine)
            .map_err(error)?;
        let start = automaton
            .start_state(Anchored::Yes)
            .map_err(|e| ScannerError::Build {
                reason: e.to_string(),
            })?;
        let own = OwnStates::build(&automaton, start, &mine, &my_infos);
        Ok(Some(Part {
            automaton,
            own,
            ids,
        }))
    }
}

/// A walk over one automaton, reporting the matcher's pattern ids.
struct Walker<'a> {
    part: &'a Part,
    patterns: &'a [PatternInfo],
}

/// The states in which a pattern is complete *from the anchor*: the state an anchored walk of
/// a pattern's own bytes ends in. The automaton's match lists also hold every shorter pattern that
/// ends there (a suffix, which does not start at the word); this table answers "does a pattern
/// start at the word and end here" from a small bit set, without reading the match lists.
#[derive(Debug, Clone, Default)]
struct OwnStates {
    /// Bit `sid` is set when some pattern ends in state `sid` (the automaton puts its match
    /// states first, so the set is small).
    bits: Vec<u64>,
    /// The same for `prefix` patterns only: inside a word, where no whole-word pattern can
    /// end, only these states need their patterns read.
    prefix_bits: Vec<u64>,
    /// For each word of `bits`, how many bits are set in the words before it.
    rank: Vec<u32>,
    /// The `k`-th own state's entries in `ends` start at `offsets[k]`.
    offsets: Vec<u32>,
    /// `(state, pattern)` for every pattern, sorted: grouped by state, in pattern order.
    ends: Vec<(u32, u32)>,
}

impl OwnStates {
    /// Walks every pattern from the anchored start state.
    fn build(dfa: &NFA, start: StateID, patterns: &[&[u8]], infos: &[PatternInfo]) -> OwnStates {
        let mut ends = Vec::with_capacity(patterns.len());
        for (pid, bytes) in patterns.iter().enumerate() {
            let mut sid = start;
            for &b in *bytes {
                sid = dfa.next_state(Anchored::Yes, sid, b);
            }
            if !dfa.is_dead(sid) {
                ends.push((sid.as_u32(), pid as u32));
            }
        }
        ends.sort_unstable();
        let words = ends.last().map_or(0, |&(sid, _)| sid as usize / 64 + 1);
        let mut own = OwnStates {
            bits: vec![0u64; words],
            prefix_bits: vec![0u64; words],
            rank: Vec::with_capacity(words),
            offsets: Vec::new(),
            ends: Vec::new(),
        };
        let mut previous = None;
        for (k, &(sid, pid)) in ends.iter().enumerate() {
            if infos.get(pid as usize).is_some_and(|i| i.prefix)
                && let Some(word) = own.prefix_bits.get_mut(sid as usize / 64)
            {
                *word |= 1 << (sid as usize % 64);
            }
            if previous != Some(sid) {
                let index = sid as usize;
                if let Some(word) = own.bits.get_mut(index / 64) {
                    *word |= 1 << (index % 64);
                }
                own.offsets.push(k as u32);
                previous = Some(sid);
            }
        }
        own.offsets.push(ends.len() as u32);
        let mut before = 0u32;
        for word in &own.bits {
            own.rank.push(before);
            before += word.count_ones();
        }
        debug_assert_eq!(own.offsets.len(), before as usize + 1);
        own.ends = ends;
        own
    }

    /// Whether some pattern ends in `sid` (walked from the anchor) that can be reported on
    /// unit `u`: any pattern at the end of a word, only a `prefix` pattern inside one.
    #[inline]
    fn any(&self, sid: StateID, u: &Unit) -> bool {
        let index = sid.as_usize();
        let bits = if u.flags & END != 0 {
            &self.bits
        } else {
            &self.prefix_bits
        };
        bits.get(index / 64)
            .is_some_and(|word| word & (1 << (index % 64)) != 0)
    }

    /// The patterns that end in `sid`, in pattern order. Each entry carries its state, so
    /// the answer is exact even if the rank arithmetic were off: it can only come out short,
    /// and the build checks that it cannot (one offset per set bit, plus the end).
    fn of(&self, sid: StateID) -> impl Iterator<Item = usize> + '_ {
        let index = sid.as_usize();
        let from = match (self.bits.get(index / 64), self.rank.get(index / 64)) {
            (Some(&word), Some(&base)) if word & (1u64 << (index % 64)) != 0 => {
                let k = base + (word & ((1u64 << (index % 64)) - 1)).count_ones();
                self.offsets.get(k as usize).map(|&from| from as usize)
            }
            _ => None, // not a state where a pattern ends
        };
        let sid = sid.as_u32();
        self.ends
            .iter()
            .skip(from.unwrap_or(self.ends.len()))
            .take_while(move |&&(s, _)| s == sid)
            .map(|&(_, pid)| pid as usize)
    }
}

fn push_unique(readings: &mut Vec<Reading>, reading: Reading) {
    if readings.len() < MAX_READINGS && !readings.iter().any(|r| r.sid == reading.sid) {
        readings.push(reading);
    }
}

impl Matcher {
    /// Compiles the patterns (`patterns[i]` means `infos[i]`); those with `lazy[i]` set go
    /// to the lazy automaton.
    pub(crate) fn build(
        patterns: &[Vec<u8>],
        infos: Vec<PatternInfo>,
        lazy: &[bool],
        mut run_together: Vec<usize>,
    ) -> Result<Matcher, ScannerError> {
        let is_lazy = |i: &usize| lazy.get(*i).copied().unwrap_or(false);
        let (lazy_ids, eager_ids): (Vec<usize>, Vec<usize>) =
            (0..patterns.len()).partition(is_lazy);
        run_together.sort_unstable();
        run_together.dedup();
        let mut run_together_pairs = vec![0u64; 65536 / 64];
        for bytes in run_together.iter().filter_map(|&i| patterns.get(i)) {
            if let [a, b, ..] = bytes.as_slice() {
                let bit = usize::from(*a) * 256 + usize::from(*b);
                if let Some(word) = run_together_pairs.get_mut(bit / 64) {
                    *word |= 1 << (bit % 64);
                }
            }
        }
        Ok(Matcher {
            run_together_pairs,
            eager: Part::build(patterns, &infos, eager_ids)?,
            lazy: Part::build(patterns, &infos, lazy_ids)?,
            run_together: Part::build(patterns, &infos, run_together)?,
            patterns: infos,
        })
    }

    /// The meaning of pattern `index`.
    pub(crate) fn info(&self, index: usize) -> Option<PatternInfo> {
        self.patterns.get(index).copied()
    }

    /// The units inside long words where a joined phrase may start (`howtokillmyself`:
    /// every letter after the first from which [`MIN_RUN_TOGETHER`] letters remain), into
    /// `out`; none when the lists have no joined phrase. A phrase found there must still end
    /// where the word ends.
    pub(crate) fn run_together_starts(&self, units: &[Unit], starts: &[u32], out: &mut Vec<u32>) {
        out.clear();
        if self.run_together.is_none() {
            return;
        }
        // The end of the last word read: a start inside it (after a glyph or a zero-width
        // space) is not read twice.
        let mut read_to = 0;
        for (k, &start) in starts.iter().enumerate() {
            let from = start as usize;
            // Most words are short: the next word's start bounds this one's length.
            let next = starts.get(k + 1).map_or(units.len(), |&n| n as usize);
            if from < read_to || next - from < MIN_RUN_TOGETHER + 2 {
                continue;
            }
            // Every start is a unit of `units` (the normaliser made both).
            let Some(rest) = units.get(from..) else {
                continue;
            };
            let letters = rest
                .iter()
                .take_while(|u| u.byte.is_ascii_lowercase() && u.alt == 0)
                .count();
            read_to = from + letters;
            if letters < MIN_RUN_TOGETHER + 2 {
                continue;
            }
            // (`letters` counts from `from`, so the range is inside `units`.)
            for i in from + 1..=from + letters - MIN_RUN_TOGETHER {
                let (Some(a), Some(b)) = (units.get(i), units.get(i + 1)) else {
                    break;
                };
                let bit = usize::from(a.byte) * 256 + usize::from(b.byte);
                if self
                    .run_together_pairs
                    .get(bit / 64)
                    .is_some_and(|word| word & (1 << (bit % 64)) != 0)
                {
                    out.push(i as u32);
                }
            }
        }
    }

    /// Whether some patterns are in the lazy automaton.
    pub(crate) fn has_lazy(&self) -> bool {
        self.lazy.is_some()
    }

    /// Finds every occurrence of a pattern of automaton `which` that starts at one of
    /// `starts`, appending to `out`.
    pub(crate) fn find(
        &self,
        which: Which,
        units: &[Unit],
        starts: &[u32],
        buffers: &mut WalkBuffers,
        out: &mut Vec<Candidate>,
    ) {
        let part = match which {
            Which::Eager => self.eager.as_ref(),
            Which::Lazy => self.lazy.as_ref(),
            Which::RunTogether => self.run_together.as_ref(),
        };
        if let Some(part) = part {
            let walker = Walker {
                part,
                patterns: &self.patterns,
            };
            walker.find(units, starts, buffers, out);
        }
    }
}

impl Walker<'_> {
    /// Finds every pattern occurrence that starts at a word start, appending to `out`.
    fn find(
        &self,
        units: &[Unit],
        starts: &[u32],
        buffers: &mut WalkBuffers,
        out: &mut Vec<Candidate>,
    ) {
        let dfa = &self.part.automaton;
        let Ok(start) = dfa.start_state(Anchored::Yes) else {
            return;
        };
        let WalkBuffers { readings, next } = buffers;
        // "a f a g", "I h a t e": a spelled-out word joined to the single-letter word before
        // it (`a`, `i`) is also read without it.
        let from = starts.iter().flat_map(|&start| {
            let i = start as usize;
            std::iter::once(i).chain(after_single_letter(units, i))
        });
        for i in from {
            let walk_start = out.len();
            // The end of the word a prefix match is in: found once per word, so a long word
            // full of prefix matches stays linear.
            let mut word_end_cache: Option<usize> = None;
            // Fast loop: a single reading while the units have one reading each (almost
            // every word of real text dies here after one or two transitions).
            let (mut sid, mut depth, mut j) = (start, 0u32, i);
            let mut dead = false;
            // Whether the walk has passed a word separator (only then may a typo be read).
            let mut crossed = false;
            while let Some(u) = units.get(j) {
                if u.flags & (SKIP | JOIN | WILD) != 0 || u.alt != 0 {
                    break;
                }
                let before = sid;
                sid = dfa.next_state(Anchored::Yes, sid, u.byte);
                depth += 1;
                if dfa.is_special(sid) {
                    if dfa.is_dead(sid) {
                        dead = true;
                        // At least a word, a separator and two letters.
                        if crossed && depth > 3 {
                            let walk = Walk {
                                first: i as u32,
                                start: walk_start,
                            };
                            self.typos(dfa, units, (before, depth - 1, j), walk, out);
                        }
                        break;
                    }
                    if u.flags & CHAR_END != 0 && self.part.own.any(sid, u) {
                        let reading = Reading {
                            sid,
                            depth,
                            first: i as u32,
                        };
                        self.report(units, reading, j, (walk_start, &mut word_end_cache), out);
                    }
                }
                crossed |= u.byte == SPACE || u.byte == normalize::STOP;
                j += 1;
            }
            if dead || j >= units.len() {
                continue;
            }
            // General loop: several readings at once.
            readings.clear();
            readings.push(Reading {
                sid,
                depth,
                first: if depth == 0 { NO_UNIT } else { i as u32 },
            });
            while let Some(u) = units.get(j) {
                next.clear();
                let here = j as u32;
                for r in readings.iter() {
                    if u.flags & SKIP != 0 {
                        push_unique(next, *r);
                    }
                    if u.flags & JOIN != 0 && r.depth > 0 {
                        let spaced = dfa.next_state(Anchored::Yes, r.sid, SPACE);
                        if !dfa.is_dead(spaced) {
                            feed(dfa, next, spaced, r.depth + 1, r.first, here, u);
                        }
                    }
                    feed(dfa, next, r.sid, r.depth, r.first, here, u);
                }
                if next.is_empty() {
                    break;
                }
                if u.flags & CHAR_END != 0 {
                    for r in next.iter() {
                        if r.first != NO_UNIT && self.part.own.any(r.sid, u) {
                            self.report(units, *r, j, (walk_start, &mut word_end_cache), out);
                        }
                    }
                }
                std::mem::swap(readings, next);
                j += 1;
            }
        }
    }

    /// Tries the one typo that would let a walk go on where it died at unit `j` (in state
    /// `sid` after `depth` bytes): two letters swapped ("myslef"), a letter too many
    /// ("myselff") or a letter left out ("deth", "mysel"), in a word of plain letters that is
    /// at least [`MIN_TYPO_WORD`] letters long as written, after its first two letters, and
    /// not the walk's first word. The walk then goes on without further edits. What it finds must span more than one
    /// word: a single misspelt word is too often another word ("niger" is not a slur, and a
    /// pattern's one-word slot value read into "queues" or "birth" is no insult), while a
    /// misspelt word inside a listed phrase ("kill myslef") is still that phrase.
    fn typos(
        &self,
        dfa: &NFA,
        units: &[Unit],
        (sid, depth, j): (StateID, u32, usize),
        walk: Walk,
        out: &mut Vec<Candidate>,
    ) {
        let Some(u) = units.get(j) else { return };
        // Not in the walk's first word: trying edits wherever a word merely begins like a
        // listed one cost two fifths of the benchmark's speed, while a walk that has come
        // through a whole word into the next is rare (and only a phrase is read with a typo).
        let Some(walked) = units.get(walk.first as usize..j) else {
            return;
        };
        let Some(word_start) = walked
            .iter()
            .rposition(|w| w.byte == SPACE || w.byte == normalize::STOP)
            .map(|k| walk.first as usize + k + 1)
        else {
            return;
        };
        // At a separator, only the word's last letter can be missing.
        let at_letter = is_plain_letter(u);
        if !at_letter && u.byte != SPACE && u.byte != normalize::STOP {
            return;
        }
        if j < word_start + 2 || (!at_letter && j < word_start + MIN_TYPO_WORD) {
            return;
        }
        let Some((first, last)) = plain_word(units, if at_letter { j } else { j - 1 }) else {
            return;
        };
        let letters = last + 1 - first;
        if first != word_start || letters < MIN_TYPO_WORD {
            return;
        }
        let next = |from: StateID, byte: u8| dfa.next_state(Anchored::Yes, from, byte);
        let mut go_on = |s: StateID, added: u32, at: usize| {
            if !dfa.is_dead(s) {
                self.walk_on(dfa, units, (s, depth + added, at), walk, out);
            }
        };
        // A letter left out: each letter, then this unit (or, at a separator, the letter
        // ends the word before it).
        for letter in b'a'..=b'z' {
            let s = next(sid, letter);
            if dfa.is_dead(s) {
                continue;
            }
            if at_letter {
                go_on(next(s, u.byte), 2, j);
            } else {
                go_on(s, 1, j - 1);
            }
        }
        if !at_letter {
            return;
        }
        match units.get(j + 1) {
            Some(v) if j < last => {
                let s = next(sid, v.byte);
                // Two letters swapped: the next letter, then this one.
                if !dfa.is_dead(s) {
                    go_on(next(s, u.byte), 2, j + 1);
                }
                // A letter too many: the next letter in its place.
                if letters > MIN_TYPO_WORD {
                    go_on(s, 1, j + 1);
                }
            }
            // A letter too many at the end of the word.
            _ if letters > MIN_TYPO_WORD => go_on(sid, 0, j),
            _ => {}
        }
    }

    /// Goes on with a walk that is in state `sid` after unit `j`, one reading and no more
    /// edits, keeping the candidates that span more than one word.
    fn walk_on(
        &self,
        dfa: &NFA,
        units: &[Unit],
        (mut sid, mut depth, mut j): (StateID, u32, usize),
        walk: Walk,
        out: &mut Vec<Candidate>,
    ) {
        let mut cache = None;
        loop {
            if dfa.is_dead(sid) {
                return;
            }
            if let Some(u) = units.get(j)
                && u.flags & CHAR_END != 0
                && dfa.is_special(sid)
                && self.part.own.any(sid, u)
            {
                let reading = Reading {
                    sid,
                    depth,
                    first: walk.first,
                };
                let from = out.len();
                self.report(units, reading, j, (walk.start, &mut cache), out);
                // Only what spans more than one word.
                let mut k = from;
                while let Some(c) = out.get(k) {
                    let spans_words = units.get(c.first..=c.last).is_some_and(|span| {
                        span.iter()
                            .any(|w| w.byte == SPACE || w.byte == normalize::STOP)
                    });
                    if spans_words {
                        k += 1;
                    } else {
                        out.remove(k);
                    }
                }
            }
            j += 1;
            let Some(u) = units.get(j) else { return };
            if u.flags & (SKIP | JOIN | WILD) != 0 || u.alt != 0 {
                return;
            }
            sid = dfa.next_state(Anchored::Yes, sid, u.byte);
            depth += 1;
        }
    }

    /// Records the patterns a reading in a match state completes at unit `j`.
    fn report(
        &self,
        units: &[Unit],
        reading: Reading,
        j: usize,
        (walk_start, word_end_cache): (usize, &mut Option<usize>),
        out: &mut Vec<Candidate>,
    ) {
        let at_word_end = units.get(j).is_some_and(|u| u.flags & END != 0);
        for local in self.part.own.of(reading.sid) {
            let Some(&pattern) = self.part.ids.get(local) else {
                continue;
            };
            let last = if at_word_end {
                Some(j)
            } else if self.patterns.get(pattern).is_some_and(|p| p.prefix) {
                match *word_end_cache {
                    Some(end) if j < end => Some(end),
                    _ => {
                        let end = word_end(units, j);
                        *word_end_cache = end;
                        end
                    }
                }
            } else {
                None
            };
            if let Some(last) = last {
                let candidate = Candidate {
                    pattern,
                    first: reading.first as usize,
                    last,
                };
                // Duplicates can only come from this walk.
                if !out
                    .get(walk_start..)
                    .is_some_and(|own| own.contains(&candidate))
                {
                    out.push(candidate);
                }
            }
        }
    }
}

/// The shortest word, in letters as written, that a typo is read in: "deth" for "death",
/// but not "too" for "took".
const MIN_TYPO_WORD: usize = 4;

/// Where a walk started: its first unit and its first candidate in `out`.
#[derive(Debug, Clone, Copy)]
struct Walk {
    first: u32,
    start: usize,
}

/// The first and last unit of the word around unit `j` when it is all plain letters.
fn plain_word(units: &[Unit], j: usize) -> Option<(usize, usize)> {
    let mut first = j;
    while units
        .get(first)
        .is_some_and(|w| is_plain_letter(w) && w.flags & START == 0)
    {
        first = first.checked_sub(1)?;
    }
    let mut last = j;
    while units
        .get(last)
        .is_some_and(|w| is_plain_letter(w) && w.flags & END == 0)
    {
        last += 1;
    }
    let starts = units
        .get(first)
        .is_some_and(|w| is_plain_letter(w) && w.flags & START != 0);
    let ends = units
        .get(last)
        .is_some_and(|w| is_plain_letter(w) && w.flags & END != 0);
    (starts && ends).then_some((first, last))
}

/// The unit after `i` when unit `i` is `a` or `i` at the start of a spelled-out word of at
/// least four letters ("a f a g" reads as one word, `afag`): the word may be the article or
/// pronoun followed by the word spelled out.
fn after_single_letter(units: &[Unit], i: usize) -> Option<usize> {
    let first = units.get(i)?;
    if !matches!(first.byte, b'a' | b'i') || first.flags & START == 0 {
        return None;
    }
    let joined = units
        .get(i + 1..)?
        .iter()
        .take_while(|u| u.flags & JOIN != 0)
        .take(3)
        .count();
    (joined == 3).then_some(i + 1)
}

/// A unit that is one plain letter of a word (not a separator, leet or masked).
fn is_plain_letter(u: &Unit) -> bool {
    u.byte.is_ascii_lowercase() && u.flags & (SKIP | JOIN | WILD) == 0 && u.alt == 0
}

/// Follows every reading of unit `u` from state `sid`.
fn feed(
    dfa: &NFA,
    next: &mut Vec<Reading>,
    sid: StateID,
    depth: u32,
    first: u32,
    here: u32,
    u: &Unit,
) {
    let first = if first == NO_UNIT { here } else { first };
    let mut step = |byte: u8| {
        let s = dfa.next_state(Anchored::Yes, sid, byte);
        if !dfa.is_dead(s) {
            push_unique(
                next,
                Reading {
                    sid: s,
                    depth: depth + 1,
                    first,
                },
            );
        }
    };
    if u.flags & WILD != 0 {
        for b in b'a'..=b'z' {
            step(b);
        }
    } else {
        step(u.byte);
    }
    if u.alt != 0 {
        step(u.alt);
    }
}

/// The last unit of the word containing unit `j`, if the word continues with letters.
fn word_end(units: &[Unit], j: usize) -> Option<usize> {
    let mut k = j + 1;
    while let Some(u) = units.get(k) {
        if u.byte == normalize::SPACE || u.byte == normalize::STOP || u.flags & START != 0 {
            return None;
        }
        if u.flags & END != 0 {
            return Some(k);
        }
        k += 1;
    }
    None
}
