//! The lazy automaton: pattern words too common to look for in every text.
//!
//! Patterns are built from words such as "are", "all" and "like you" as well as from the
//! words that make them harmful (a group, an insult, a threat). Looking for the common words
//! at every word of every text cost about a fifth of a scan, although a pattern can only
//! complete where its other words are. So a piece made only of [`COMMON_WORDS`] (and not a
//! term, allow-phrase or cue phrase) goes to a second automaton, walked only when the
//! text holds, for some pattern, a piece for every step the first automaton decides, and
//! only near those pieces. Nothing is lost: a pattern's match always holds a piece of its
//! *anchor* (the step it requires with the fewest common single words, then the fewest
//! common pieces; its pieces always stay in the first automaton), and never spans more
//! words than its [`Lazy::starts`] window.

use super::patterns::{Compiled, Found, Present, Step};

/// Words so common that looking for them in every text costs more than the rest of a scan,
/// in normalised form (`dont`, `im`).
const COMMON_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "arent", "as",
    "at", "be", "because", "been", "before", "being", "better", "but", "by", "can", "cant",
    "could", "couldnt", "did", "didnt", "do", "does", "doesnt", "dont", "each", "even", "every",
    "for", "from", "get", "gets", "getting", "go", "goes", "going", "gonna", "got", "had", "has",
    "hasnt", "have", "havent", "he", "hed", "her", "here", "hers", "hes", "him", "his", "how", "i",
    "id", "if", "ill", "im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "know",
    "less", "like", "made", "make", "many", "me", "more", "most", "much", "must", "my", "no",
    "not", "nothing", "now", "of", "off", "on", "one", "only", "or", "other", "our", "ours", "out",
    "over", "really", "said", "same", "say", "says", "see", "she", "shes", "should", "shouldnt",
    "so", "some", "such", "than", "that", "thats", "the", "their", "them", "then", "there",
    "these", "they", "theyre", "thing", "things", "think", "this", "those", "through", "to", "too",
    "u", "up", "ur", "us", "very", "was", "wasnt", "way", "we", "well", "were", "what", "when",
    "where", "which", "while", "who", "why", "will", "with", "wont", "would", "wouldnt", "ya",
    "yeah", "yes", "you", "youre", "your", "yours",
];

/// Whether every word of normalised `bytes` is one of [`COMMON_WORDS`].
fn all_common(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && bytes
            .split(|&b| b == super::normalize::SPACE)
            .all(|word| COMMON_WORDS.iter().any(|c| c.as_bytes() == word))
}

/// Which automaton patterns are lazy, and what a scan needs to know to walk them only
/// where a pattern may complete.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lazy {
    /// By automaton pattern id: whether the lazy automaton matches it.
    pids: Vec<bool>,
    /// By pattern, by step: whether the step accepts a lazy piece (then only the lazy walk
    /// can tell whether the text holds it).
    steps: Vec<Vec<bool>>,
    /// Some pattern requires no step the first automaton decides: the lazy walk always
    /// reads the whole text.
    always: bool,
    /// By automaton pattern id: the patterns whose anchor step accepts it.
    anchor_of: Vec<Vec<usize>>,
    /// By pattern: the most words a match of it can span.
    span: Vec<usize>,
}

impl Lazy {
    /// Chooses the lazy automaton patterns among `patterns` (normalised bytes by automaton
    /// pattern id): a piece (`is_piece`: no term or allow-phrase) that is no cue phrase, is
    /// made only of [`COMMON_WORDS`] and is in no pattern's anchor step.
    pub(crate) fn plan(
        compiled: &Compiled,
        patterns: &[Vec<u8>],
        is_piece: impl Fn(usize) -> bool,
    ) -> Lazy {
        let mut lazy: Vec<bool> = (0..patterns.len())
            .map(|pid| {
                is_piece(pid)
                    && !compiled.is_cue(pid)
                    && patterns.get(pid).is_some_and(|b| all_common(b))
            })
            .collect();
        let slot_pids = compiled.slot_pids();
        let pids_of = |step: &Step| -> Vec<usize> {
            match step {
                Step::Words { pids, .. } => pids.clone(),
                // `slot_pids` has an entry for every slot a step names; a slot none of whose
                // values compiled has no pieces, and then its pattern can never complete.
                Step::Slot(slot) => slot_pids.get(*slot).cloned().unwrap_or_default(),
                Step::Gap(..) => Vec::new(),
            }
        };
        let words = |pid: usize| {
            patterns.get(pid).map_or(1, |bytes| {
                1 + bytes
                    .iter()
                    .filter(|&&b| b == super::normalize::SPACE)
                    .count()
            })
        };
        let mut anchor_of = vec![Vec::new(); patterns.len()];
        let mut span = Vec::with_capacity(compiled.steps.len());
        for (p, steps) in compiled.steps.iter().enumerate() {
            // The anchor is looked for everywhere: the step with the fewest common single
            // words, then the fewest common pieces (`like` is in every other message,
            // `dont get` far less often).
            let anchor = steps.iter().filter(|s| is_required(s)).min_by_key(|s| {
                let common: Vec<usize> = pids_of(s)
                    .into_iter()
                    .filter(|&pid| lazy.get(pid).copied().unwrap_or(false))
                    .collect();
                let single = common.iter().filter(|&&pid| words(pid) == 1).count();
                (single, common.len())
            });
            for pid in anchor.map(pids_of).unwrap_or_default() {
                if let Some(flag) = lazy.get_mut(pid) {
                    *flag = false;
                }
                if let Some(list) = anchor_of.get_mut(pid) {
                    list.push(p);
                }
            }
            span.push(
                steps
                    .iter()
                    .map(|step| match step {
                        Step::Gap(width, _) => *width,
                        _ => pids_of(step).into_iter().map(words).max().unwrap_or(0),
                    })
                    .sum(),
            );
        }
        let is_lazy = |pid: &usize| lazy.get(*pid).copied().unwrap_or(false);
        let steps: Vec<Vec<bool>> = compiled
            .steps
            .iter()
            .map(|steps| {
                steps
                    .iter()
                    .map(|step| pids_of(step).iter().any(is_lazy))
                    .collect()
            })
            .collect();
        let always = compiled.steps.iter().zip(&steps).any(|(steps, lazy)| {
            steps
                .iter()
                .zip(lazy)
                .all(|(step, &lazy)| lazy || !is_required(step))
        });
        Lazy {
            pids: lazy,
            steps,
            always,
            anchor_of,
            span,
        }
    }

    /// By automaton pattern id: whether the lazy automaton matches it.
    pub(crate) fn pids(&self) -> &[bool] {
        &self.pids
    }

    /// Whether a text without any eager match may still need the lazy walk.
    pub(crate) fn always(&self) -> bool {
        self.always
    }

    /// Whether the lazy walk is needed: some pattern has, among `found` (the first
    /// automaton's matches), a piece for every step it requires that the first automaton
    /// decides. Leaves `present` holding `found`.
    pub(crate) fn wanted(
        &self,
        compiled: &Compiled,
        found: &[Found],
        present: &mut Present,
    ) -> bool {
        present.read(compiled, found);
        // A pattern that may complete has a piece of its anchor among `found`, so only the
        // patterns those pieces anchor are asked (not every pattern, for every text).
        self.always
            || found.iter().any(|f| {
                self.anchored(f.pid)
                    .iter()
                    .any(|&p| self.may_complete(compiled, present, p))
            })
    }

    /// The patterns whose anchor accepts automaton pattern `pid`. Every found piece's id is
    /// one the plan was made with, so the empty answer only ever means "no pattern".
    fn anchored(&self, pid: usize) -> &[usize] {
        self.anchor_of.get(pid).map_or(&[], Vec::as_slice)
    }

    fn may_complete(&self, compiled: &Compiled, present: &Present, p: usize) -> bool {
        let unknown = self.steps.get(p).map(Vec::as_slice).unwrap_or_default();
        present.possible_with(compiled, p, unknown)
    }

    /// The word starts the lazy walk needs, into `out`: those within reach of a piece among
    /// `found` that anchors a pattern that may complete, that is, as many words before and
    /// after it as a match of that pattern can span. Call after [`Lazy::wanted`].
    pub(crate) fn starts(
        &self,
        compiled: &Compiled,
        starts: &[u32],
        found: &[Found],
        present: &mut Present,
        out: &mut Vec<u32>,
    ) {
        out.clear();
        if self.always {
            // A pattern with no step the first automaton decides has no anchor to be near.
            out.extend_from_slice(starts);
            return;
        }
        let mut marked = std::mem::take(&mut present.marked);
        marked.clear();
        marked.resize(starts.len(), false);
        for f in found {
            for &p in self.anchored(f.pid) {
                if !self.may_complete(compiled, present, p) {
                    continue;
                }
                let span = self.span.get(p).copied().unwrap_or(usize::MAX);
                let first = starts.partition_point(|&s| (s as usize) < f.first);
                let last = starts.partition_point(|&s| (s as usize) <= f.last);
                let from = first.saturating_sub(span);
                let to = last.saturating_add(span).min(marked.len());
                // `from <= first <= to <= marked.len()`, so the range is always there.
                for m in marked.get_mut(from..to).unwrap_or_default() {
                    *m = true;
                }
            }
        }
        out.extend(
            starts
                .iter()
                .zip(&marked)
                .filter(|&(_, &m)| m)
                .map(|(&start, _)| start),
        );
        present.marked = marked;
    }
}

/// Whether a match must hold a piece of `step`.
fn is_required(step: &Step) -> bool {
    matches!(
        step,
        Step::Words {
            optional: false,
            ..
        } | Step::Slot(_)
    )
}

#[cfg(test)]
mod tests {
    use super::super::build::build_with;
    use super::super::{Audience, Scratch, TermScanner};
    use proptest::prelude::*;

    fn default_lists() -> Vec<super::super::TermList> {
        vec![TermScanner::default_list().expect("default list")]
    }

    #[test]
    fn common_pattern_words_are_lazy_and_patterns_still_match() {
        let scanner = build_with(&default_lists(), true).expect("builds");
        assert!(scanner.matcher.has_lazy());
        assert!(scanner.lazy.pids().iter().any(|&l| l));
        // "are" is lazy; the group and "vermin" are not, so the pattern completes.
        let found = scanner.scan("all women are vermin", "ks3").expect("scans");
        assert!(found.iter().any(|m| m.pattern.is_some()), "{found:?}");
        // Without a group named, the common words alone start no lazy walk.
        assert!(
            scanner
                .scan("they are all so", "ks3")
                .expect("scans")
                .is_empty()
        );
    }

    /// Words of the default list's patterns, common and not, and sentence ends.
    const WORDS: &[&str] = &[
        "women",
        "gays",
        "muslims",
        "immigrants",
        "are",
        "all",
        "so",
        "vermin",
        "rats",
        "disgusting",
        "you",
        "a",
        "stupid",
        "bitch",
        "like",
        "them",
        "i",
        "hate",
        "kill",
        "should",
        "be",
        "shot",
        "no",
        "place",
        "in",
        "this",
        "country",
        "for",
        "not",
        "the",
        "they",
        "my",
        "dad",
        "uncle",
        "hits",
        "me",
        "if",
        "tell",
        "he",
        "will",
        "hurt",
        "never",
        "said",
        "that",
        "is",
        "wrong",
        ".",
        "?",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// The lazy split finds exactly what one automaton finds.
        #[test]
        fn the_split_changes_no_match(picks in proptest::collection::vec(0usize..WORDS.len(), 1..40)) {
            thread_local! {
                static PAIR: (TermScanner, TermScanner) = (
                    build_with(&default_lists(), true).expect("builds"),
                    build_with(&default_lists(), false).expect("builds"),
                );
            }
            let text = picks.iter().filter_map(|&i| WORDS.get(i).copied()).collect::<Vec<_>>().join(" ");
            PAIR.with(|(split, whole)| {
                let mut scratch = Scratch::default();
                let a = split.scan_with(&mut scratch, &text, Audience::Ks3);
                let b = whole.scan_with(&mut scratch, &text, Audience::Ks3);
                prop_assert_eq!(a, b, "{}", text);
                Ok(())
            })?;
        }
    }
}
