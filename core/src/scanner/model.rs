//! The text model: what a pupil tells without any listed word or pattern.
//!
//! A word list sees words; a pupil who writes "i keep giving my dinner away and wearing
//! long sleeves in summer" names no harm. The model is a small linear scorer, one per
//! category, over the words and word pairs of each stretch of text (whole sentences, up to
//! [`WINDOW_WORDS`] words), read from the same normalised text the list matches (so
//! leetspeak and look-alike letters read the same). A stretch whose probability for a
//! category reaches the category's threshold, with features covering at least three of
//! its words pointing to it, gives a match: its `term` names the words that
//! drove it, its `source` the model file's line of the strongest one
//! (`text-model.tsv:812`), its confidence is the probability.
//!
//! The model only adds, and only to a text no list match flags: it never lowers or
//! removes a list match, and it says nothing for a category the list matched and context
//! lowered (the cues judged those words; "saying X are Y is wrong" stays lowered), nor
//! where its words overlap an allow-phrase. A text gets at most one model match per
//! category, and only pupil audiences are read (the model learned from
//! pupils' writing; staff and guest text gets the list alone).
//!
//! # File format
//!
//! `core/data/scanner/text-model.tsv`, written by `scripts/train-text-model`:
//!
//! ```text
//! @category<TAB>suicide<TAB>-4.1<TAB>4<TAB>0.6   (category, bias, severity, threshold)
//! better off<TAB>suicide<TAB>1.93                (feature, category, weight)
//! ```
//!
//! ```
//! use esafety_core::scanner::model::{TextModel, features};
//!
//! let model = TextModel::parse("m.tsv", "@category\tbullying\t-2\t3\t0.6\nleft out\tbullying\t2\nalways\tbullying\t1\n")?;
//! assert_eq!(features("Always LEFT out."), vec![vec!["always", "left", "out", "always left", "left out"]]);
//! let found = model.predict_text("i always get left out");
//! assert_eq!(found[0].evidence, vec!["left out", "always"]);
//! assert!(model.predict_text("left out").is_empty()); // two words never decide
//! # Ok::<(), esafety_core::scanner::ScannerError>(())
//! ```

use super::normalize::{Normalizer, SKIP, SPACE, STOP, Unit};
use super::{Category, ScannerError};

/// The most words the model reads at once: sentences are joined into one stretch while
/// they fit, and a longer sentence is read in pieces of this many words.
pub const WINDOW_WORDS: usize = 60;

/// How many different words the features that point to a category must cover: one or two
/// words never decide ("for cash", "i am").
const MIN_WORDS: usize = 3;

/// How many of the strongest features a prediction names.
const EVIDENCE: usize = 3;

/// The embedded model's file name, as sources name it.
pub const EMBEDDED_LABEL: &str = "text-model.tsv";

const EMBEDDED_TSV: &str = include_str!("../../data/scanner/text-model.tsv");

/// One category the model scores.
#[derive(Debug, Clone, PartialEq)]
struct Scored {
    category: Category,
    bias: f32,
    severity: u8,
    /// The probability from which a stretch gives a match (0.5 to below 1).
    threshold: f32,
    /// The score at that probability (its logit), so most stretches need no `exp`.
    least_score: f32,
}

/// One feature (a word or a word pair) and its weights.
#[derive(Debug, Clone, PartialEq)]
struct Feature {
    text: String,
    /// `(index into categories, weight)`.
    weights: Vec<(usize, f32)>,
    /// The file line of each weight, in the same order.
    lines: Vec<usize>,
}

/// The text model (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct TextModel {
    label: String,
    categories: Vec<Scored>,
    features: Vec<Feature>,
    /// Open addressing: `(hash, feature + 1)`, 0 empty; its length is a power of two.
    table: Vec<(u64, u32)>,
    /// One bit per value of a hash's top 16 bits, set for the features' hashes: most words
    /// are not features, and this answers for them without touching the table.
    filter: Vec<u64>,
}

/// What the model found in one stretch of text.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The category.
    pub category: Category,
    /// The category's severity in the model file (before audience adjustment).
    pub severity: u8,
    /// The probability, from the category's threshold to 1.
    pub probability: f64,
    /// The strongest features for the category, strongest first.
    pub evidence: Vec<String>,
    /// The model file's line of the strongest (`text-model.tsv:812`).
    pub source: String,
    /// The first and last normalised unit of the words that gave the evidence.
    pub(crate) units: (usize, usize),
}

/// Buffers for [`TextModel::predict`], reused between texts.
#[derive(Debug, Default, Clone)]
pub(crate) struct ModelScratch {
    bytes: Vec<u8>,
    words: Vec<Word>,
    /// The features found in the stretch, with the first unit of each.
    seen: Vec<(u32, usize)>,
    /// Per feature, the stretch that last found it (so a feature counts once per stretch).
    stamps: Vec<u32>,
    stretch: u32,
    scores: Vec<f32>,
}

/// One word of the normalised text.
#[derive(Debug, Clone, Copy)]
struct Word {
    /// Its bytes in [`ModelScratch::bytes`].
    from: usize,
    to: usize,
    first: usize,
    last: usize,
    /// A sentence ends after it.
    stop: bool,
    /// The hash of its bytes ([`hash_of`]).
    hash: u64,
}

impl TextModel {
    /// The embedded model (`core/data/scanner/text-model.tsv`).
    ///
    /// # Errors
    ///
    /// Never in a released build (a unit test parses it); typed for safety.
    pub fn embedded() -> Result<TextModel, ScannerError> {
        TextModel::parse(EMBEDDED_LABEL, EMBEDDED_TSV)
    }

    /// A model from its file (see the module docs); `label` names it in sources.
    ///
    /// # Errors
    ///
    /// The first bad line: an unknown category, a weight that is not a finite number, a
    /// threshold outside 0.5 to below 1, a feature of a category with no `@category` line before it.
    pub fn parse(label: &str, contents: &str) -> Result<TextModel, ScannerError> {
        let mut model = TextModel {
            label: label.to_string(),
            categories: Vec::new(),
            features: Vec::new(),
            table: Vec::new(),
            filter: Vec::new(),
        };
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        for (n, line) in contents.lines().enumerate() {
            let line_no = n + 1;
            let bad = |reason: &str| ScannerError::MalformedLine {
                label: label.to_string(),
                line: line_no,
                reason: reason.to_string(),
            };
            let category_of = |id: &str| {
                id.parse::<Category>()
                    .map_err(|e| ScannerError::InvalidCategoryAt {
                        label: label.to_string(),
                        line: line_no,
                        category: super::terms::shorten(id),
                        reason: e.to_string(),
                    })
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["@category", category, bias, severity, threshold] => {
                    let category = category_of(category)?;
                    let bias = finite(bias).ok_or_else(|| bad("bias is not a finite number"))?;
                    let severity = severity
                        .parse::<u8>()
                        .ok()
                        .filter(|s| (1..=5).contains(s))
                        .ok_or_else(|| bad("severity must be 1 to 5"))?;
                    // Below 1: a probability of exactly 1 is never reached in reading.
                    let threshold = finite(threshold)
                        .filter(|t| (0.5..1.0).contains(t))
                        .ok_or_else(|| bad("threshold must be from 0.5 to below 1"))?;
                    if model.categories.iter().any(|c| c.category == category) {
                        return Err(bad("category given twice"));
                    }
                    model.categories.push(Scored {
                        category,
                        bias,
                        severity,
                        threshold,
                        least_score: (threshold / (1.0 - threshold)).ln(),
                    });
                }
                [text, category, weight] if !text.starts_with('@') => {
                    let category = category_of(category)?;
                    let Some(c) = model.categories.iter().position(|c| c.category == category)
                    else {
                        return Err(bad("feature of a category with no @category line"));
                    };
                    let weight =
                        finite(weight).ok_or_else(|| bad("weight is not a finite number"))?;
                    if text.is_empty() || text.split(' ').count() > 2 {
                        return Err(bad("a feature is one word or two"));
                    }
                    let f = *index.entry((*text).to_string()).or_insert_with(|| {
                        model.features.push(Feature {
                            text: (*text).to_string(),
                            weights: Vec::new(),
                            lines: Vec::new(),
                        });
                        model.features.len() - 1
                    });
                    if let Some(feature) = model.features.get_mut(f) {
                        feature.weights.push((c, weight));
                        feature.lines.push(line_no);
                    }
                }
                _ => {
                    return Err(bad(
                        "expected @category TAB id TAB bias TAB severity TAB threshold, or feature TAB category TAB weight",
                    ));
                }
            }
        }
        (model.table, model.filter) = table(&model.features);
        Ok(model)
    }

    /// The categories the model scores, in file order.
    pub fn categories(&self) -> impl Iterator<Item = &Category> {
        self.categories.iter().map(|c| &c.category)
    }

    /// The probability from which a stretch gives a match of `category` (`None` when the
    /// model does not score it).
    pub fn threshold(&self, category: &Category) -> Option<f64> {
        self.categories
            .iter()
            .find(|c| c.category == *category)
            .map(|c| f64::from(c.threshold))
    }

    /// How many features the model weighs.
    pub fn feature_count(&self) -> usize {
        self.features.len()
    }

    /// What the model finds in `text`, stretch by stretch (see [`TextModel::predict`]).
    pub fn predict_text(&self, text: &str) -> Vec<Prediction> {
        let mut normalizer = Normalizer::default();
        normalizer.run(text);
        let mut scratch = ModelScratch::default();
        let mut out = Vec::new();
        self.predict(&normalizer.units, &mut scratch, &mut out);
        out
    }

    /// Appends to `out` the predictions of every stretch of `units` that reaches the
    /// threshold, at most one per category and stretch.
    pub(crate) fn predict(
        &self,
        units: &[Unit],
        scratch: &mut ModelScratch,
        out: &mut Vec<Prediction>,
    ) {
        if self.features.is_empty() && self.categories.is_empty() {
            return;
        }
        words(units, &mut scratch.bytes, &mut scratch.words);
        let ModelScratch {
            bytes,
            words,
            seen,
            stamps,
            stretch,
            scores,
        } = scratch;
        if stamps.len() != self.features.len() {
            stamps.clear();
            stamps.resize(self.features.len(), 0);
            *stretch = 0;
        }
        for window in windows(words) {
            seen.clear();
            *stretch = stretch.wrapping_add(1);
            if *stretch == 0 {
                stamps.fill(0);
                *stretch = 1;
            }
            for_each_feature(bytes, window, |hash, a, b, first| {
                if let Some(f) = self.lookup(hash, a, b)
                    && let Some(stamp) = stamps.get_mut(f as usize)
                    && *stamp != *stretch
                {
                    *stamp = *stretch;
                    seen.push((f, first));
                }
            });
            scores.clear();
            scores.extend(self.categories.iter().map(|c| c.bias));
            // Every id in `seen` came from the table, so each names a feature.
            for feature in seen
                .iter()
                .filter_map(|(f, _)| self.features.get(*f as usize))
            {
                for (c, w) in &feature.weights {
                    if let Some(s) = scores.get_mut(*c) {
                        *s += *w;
                    }
                }
            }
            for ((c, score), scored) in scores.iter().enumerate().zip(&self.categories) {
                // Just below the logit too: rounding never decides against the threshold.
                if *score < scored.least_score - 1e-4 {
                    continue;
                }
                let p = sigmoid(*score);
                if p < scored.threshold {
                    continue;
                }
                if let Some(prediction) = self.explain(c, p, seen, window) {
                    out.push(prediction);
                }
            }
        }
    }

    /// The prediction for category `c` at probability `p` from the features `seen`.
    fn explain(
        &self,
        c: usize,
        p: f32,
        seen: &[(u32, usize)],
        window: &[Word],
    ) -> Option<Prediction> {
        let scored = self.categories.get(c)?;
        let mut strong: Vec<(f32, &Feature, usize, usize)> = seen
            .iter()
            .filter_map(|(f, at)| {
                let feature = self.features.get(*f as usize)?;
                let k = feature.weights.iter().position(|(cat, _)| *cat == c)?;
                let w = feature.weights.get(k)?.1;
                (w > 0.0).then_some((w, feature, k, *at))
            })
            .collect();
        // The words the features cover: a word's first unit, and for a pair the next word's.
        let mut covered: Vec<usize> = Vec::with_capacity(strong.len() * 2);
        for (_, feature, _, at) in &strong {
            covered.push(*at);
            if feature.text.contains(' ')
                && let Some(next) = window.iter().skip_while(|w| w.first != *at).nth(1)
            {
                covered.push(next.first);
            }
        }
        covered.sort_unstable();
        covered.dedup();
        if covered.len() < MIN_WORDS {
            return None;
        }
        strong.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.3.cmp(&b.3)));
        strong.truncate(EVIDENCE);
        let (_, top, k, _) = strong.first()?;
        let line = top.lines.get(*k)?;
        // The span: from the first to the last word of the evidence.
        let word_at = |unit: usize| window.iter().find(|w| w.first == unit);
        let mut first = usize::MAX;
        let mut last = 0;
        for (_, feature, _, at) in &strong {
            let Some(w) = word_at(*at) else { continue };
            let span_words = feature.text.split(' ').count();
            let end = window
                .iter()
                .skip_while(|x| x.first != w.first)
                .nth(span_words - 1)
                .map_or(w.last, |x| x.last);
            first = first.min(w.first);
            last = last.max(end);
        }
        Some(Prediction {
            category: scored.category.clone(),
            severity: scored.severity,
            probability: (f64::from(p) * 100.0).round() / 100.0,
            evidence: strong.iter().map(|s| s.1.text.clone()).collect(),
            source: format!("{}:{}", self.label, line),
            units: (first, last),
        })
    }

    /// The feature with these bytes (`a`, then a space and `b` for a pair).
    fn lookup(&self, hash: u64, a: &[u8], b: Option<&[u8]>) -> Option<u32> {
        let bit = (hash >> 48) as usize;
        if self
            .filter
            .get(bit / 64)
            .is_none_or(|w| w & (1 << (bit % 64)) == 0)
        {
            return None;
        }
        let mask = self.table.len().checked_sub(1)?;
        let mut at = (hash as usize) & mask;
        loop {
            let (h, f) = *self.table.get(at)?;
            if f == 0 {
                return None;
            }
            if h == hash
                && self
                    .features
                    .get(f as usize - 1)
                    .is_some_and(|x| same(&x.text, a, b))
            {
                return Some(f - 1);
            }
            at = (at + 1) & mask;
        }
    }
}

/// Whether `text` is `first`, or `first + " " + second` (words are short: compared byte by
/// byte, not through `memcmp`).
fn same(text: &str, first: &[u8], second: Option<&[u8]>) -> bool {
    let t = text.as_bytes();
    let len = first.len() + second.map_or(0, |s| s.len() + 1);
    if t.len() != len {
        return false;
    }
    let joined = first
        .iter()
        .chain(second.map(|_| &b' '))
        .chain(second.into_iter().flatten());
    t.iter().zip(joined).all(|(x, y)| x == y)
}

fn finite(s: &str) -> Option<f32> {
    s.parse::<f32>().ok().filter(|x| x.is_finite())
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// FNV-1a over `bytes`, continuing from `hash`.
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01B3);
    }
    hash
}

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn hash_of(text: &[u8]) -> u64 {
    fnv(FNV_START, text)
}

/// The hash of a pair of words from the hashes of the two.
fn pair_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(23) ^ second).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The hash of a feature's text (a word, or two words and a space).
fn feature_hash(text: &str) -> u64 {
    match text.split_once(' ') {
        Some((a, b)) => pair_hash(hash_of(a.as_bytes()), hash_of(b.as_bytes())),
        None => hash_of(text.as_bytes()),
    }
}

/// The lookup table of `features` (twice as many slots as features, at least 2) and its
/// filter (65,536 bits).
fn table(features: &[Feature]) -> (Vec<(u64, u32)>, Vec<u64>) {
    let size = (features.len() * 2).next_power_of_two().max(2);
    let mut table = vec![(0u64, 0u32); size];
    let mut filter = vec![0u64; 1 << 10];
    let mask = size - 1;
    for (i, f) in features.iter().enumerate() {
        let hash = feature_hash(&f.text);
        let bit = (hash >> 48) as usize;
        if let Some(w) = filter.get_mut(bit / 64) {
            *w |= 1 << (bit % 64);
        }
        let mut at = (hash as usize) & mask;
        while table.get(at).is_some_and(|slot| slot.1 != 0) {
            at = (at + 1) & mask;
        }
        if let Some(slot) = table.get_mut(at) {
            *slot = (hash, u32::try_from(i + 1).unwrap_or(u32::MAX));
        }
    }
    (table, filter)
}

/// The words of `units` into `words`, their bytes into `bytes` (repeated-letter tails
/// dropped: `sooo` reads `so`).
fn words(units: &[Unit], bytes: &mut Vec<u8>, words: &mut Vec<Word>) {
    bytes.clear();
    words.clear();
    let mut current: Option<Word> = None;
    for (i, u) in units.iter().enumerate() {
        if u.byte == SPACE || u.byte == STOP {
            if let Some(w) = current.take() {
                words.push(w);
            }
            if u.byte == STOP
                && let Some(w) = words.last_mut()
            {
                w.stop = true;
            }
            continue;
        }
        let w = current.get_or_insert(Word {
            from: bytes.len(),
            to: bytes.len(),
            first: i,
            last: i,
            stop: false,
            hash: FNV_START,
        });
        if u.flags & SKIP == 0 {
            bytes.push(u.byte);
            w.to = bytes.len();
            w.hash = fnv(w.hash, &[u.byte]);
        }
        w.last = i;
    }
    if let Some(w) = current {
        words.push(w);
    }
}

/// The stretches the model reads: whole sentences joined while they fit in
/// [`WINDOW_WORDS`], a longer sentence in pieces.
fn windows(words: &[Word]) -> impl Iterator<Item = &[Word]> {
    let mut from = 0;
    std::iter::from_fn(move || {
        let rest = words.get(from..).filter(|r| !r.is_empty())?;
        let fits = rest.chunks(WINDOW_WORDS).next()?;
        // End after the last sentence end that fits; with none, the whole piece.
        let end = fits
            .iter()
            .rposition(|w| w.stop)
            .map_or(fits.len(), |i| i + 1);
        let end = if fits.len() == rest.len() {
            rest.len()
        } else {
            end
        };
        from += end;
        rest.get(..end)
    })
}

/// Calls `f(hash, word, next word, first unit)` for each word and each pair of
/// neighbouring words within a sentence of `window` (`bytes` holds the words' bytes).
fn for_each_feature<'b>(
    bytes: &'b [u8],
    window: &[Word],
    mut f: impl FnMut(u64, &'b [u8], Option<&'b [u8]>, usize),
) {
    let mut previous: Option<(&Word, &[u8])> = None;
    for w in window {
        let Some(text) = bytes.get(w.from..w.to).filter(|t| !t.is_empty()) else {
            continue;
        };
        f(w.hash, text, None, w.first);
        if let Some((p, previous_text)) = previous {
            f(
                pair_hash(p.hash, w.hash),
                previous_text,
                Some(text),
                p.first,
            );
        }
        previous = if w.stop { None } else { Some((w, text)) };
    }
}

/// The features of `text` as the model reads them: per stretch, each word then each pair
/// of neighbouring words in a sentence, in text order (the training script's input).
pub fn features(text: &str) -> Vec<Vec<String>> {
    let mut normalizer = Normalizer::default();
    normalizer.run(text);
    let mut bytes = Vec::new();
    let mut all = Vec::new();
    words(&normalizer.units, &mut bytes, &mut all);
    windows(&all)
        .map(|window| {
            let mut singles = Vec::new();
            let mut pairs = Vec::new();
            for_each_feature(&bytes, window, |_, a, b, _| {
                let first = String::from_utf8_lossy(a);
                match b {
                    None => singles.push(first.into_owned()),
                    Some(b) => pairs.push(format!("{first} {}", String::from_utf8_lossy(b))),
                }
            });
            singles.extend(pairs);
            singles
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_reads() {
        let model = TextModel::embedded().unwrap();
        assert!(model.feature_count() > 100);
        assert!(
            model
                .categories()
                .all(|c| model.threshold(c).is_some_and(|t| t >= 0.5))
        );
    }

    #[test]
    fn features_follow_the_normaliser() {
        assert_eq!(
            features("I w4nt 2 d!e. sooo tired"),
            vec![vec![
                "i", "want", "2", "die", "so", "tired", "i want", "want 2", "2 die", "so tired"
            ]]
        );
    }

    #[test]
    fn long_texts_are_read_in_stretches() {
        let sentence = "one two three four five six seven eight nine ten. ";
        let text = sentence.repeat(13);
        let stretches = features(&text);
        assert_eq!(stretches.len(), 3);
        assert!(stretches.iter().all(|s| s.len() <= 2 * WINDOW_WORDS));
        let endless = "word ".repeat(150);
        assert_eq!(features(&endless).len(), 3);
    }

    #[test]
    fn bad_lines_are_refused() {
        for (tsv, reason) in [
            ("@category\tbullying\t0\t3\n", "expected @category"),
            ("@category\tbullying\t0\t3\t0.3\n", "from 0.5"),
            ("x\tbullying\t1\n", "no @category"),
            (
                "@category\tbullying\t0\t3\t0.6\nx\tbullying\tNaN\n",
                "finite",
            ),
            ("@category\tbullying\t0\t9\t0.6\n", "severity"),
            (
                "@category\tbullying\t0\t3\t0.6\na b c\tbullying\t1\n",
                "one word or two",
            ),
        ] {
            let err = TextModel::parse("m.tsv", tsv).unwrap_err().to_string();
            assert!(err.contains(reason), "{tsv:?}: {err}");
        }
        assert!(TextModel::parse("m.tsv", "@category\tnot_known.x\t0\t3\t0.6\n").is_err());
    }

    const SLEEVES: &str =
        "@category\tself_harm\t-3\t4\t0.6\nlong sleeves\tself_harm\t2\nsummer\tself_harm\t1.5\n";

    fn scanner(list: &str) -> crate::scanner::TermScanner {
        crate::scanner::TermScanner::from_tsv("list.tsv", list)
            .unwrap()
            .with_model(TextModel::parse("m.tsv", SLEEVES).unwrap())
    }

    #[test]
    fn the_model_adds_a_match_where_the_list_flags_nothing() {
        let s = scanner("kill myself\tsuicide\t5\n");
        let text = "I wear long sleeves in summer";
        let found = s.scan(text, "ks3").unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        let m = &found[0];
        assert_eq!(m.category, Category::SelfHarm);
        assert_eq!(m.source, "m.tsv:2");
        assert_eq!(m.term, "long sleeves, summer");
        assert_eq!(m.matched_text, "long sleeves in summer");
        assert_eq!(&text[m.start..m.end], m.matched_text);
        assert!(m.is_flagged() && m.pattern.is_none() && m.context.is_empty());
        // Not for staff or guests; nothing more where the list flags the text.
        assert!(s.scan(text, "staff").unwrap().is_empty());
        assert!(s.scan(text, "guest").unwrap().is_empty());
        let flagged = s
            .scan("I will kill myself, long sleeves in summer", "ks3")
            .unwrap();
        assert_eq!(flagged.len(), 1);
        assert_eq!(flagged[0].category, Category::Suicide);
        // A scanner built from a list alone has no model.
        let plain = crate::scanner::TermScanner::from_tsv("list.tsv", "x\tbullying\t2\n").unwrap();
        assert!(plain.model().is_none());
        assert!(plain.scan(text, "ks3").unwrap().is_empty());
    }

    #[test]
    fn context_the_list_judged_and_allow_phrases_stand() {
        let model = "@category\thate_speech\t-3\t3\t0.6\nleft out\thate_speech\t2\nagain\thate_speech\t1.5\n";
        let scan = |list: &str| {
            crate::scanner::TermScanner::from_tsv("list.tsv", list)
                .unwrap()
                .with_model(TextModel::parse("m.tsv", model).unwrap())
                .scan("I was left out \"again\"", "ks3")
                .unwrap()
        };
        // The list's own hate-speech match is quoted (lowered): the model does not overrule it.
        let same = scan("again\thate_speech\t2\n");
        assert_eq!(same.len(), 1, "{same:?}");
        assert!(!same[0].is_flagged() && same[0].source == "list.tsv:1");
        // Lowered in another category, the model still speaks for its own.
        let other = scan("again\tdrugs\t2\n");
        assert!(
            other
                .iter()
                .any(|m| m.category == Category::HateSpeech && m.is_flagged()),
            "{other:?}"
        );
        // An allow-phrase over the model's words drops the prediction.
        assert!(scan("left out again\tallow\n").is_empty());
    }

    #[test]
    fn a_prediction_names_its_evidence_and_line() {
        let tsv = "@category\tself_harm\t-3\t4\t0.6\nlong sleeves\tself_harm\t2\nsummer\tself_harm\t1.5\nsummer\tbullying\t-1\n@category\tbullying\t-3\t3\t0.6\n";
        let err = TextModel::parse("m.tsv", tsv).unwrap_err().to_string();
        assert!(err.contains("m.tsv:4"), "{err}");
        let tsv = "@category\tself_harm\t-3\t4\t0.6\nlong sleeves\tself_harm\t2\nsummer\tself_harm\t1.5\n";
        let model = TextModel::parse("m.tsv", tsv).unwrap();
        let found = model.predict_text("I wear LONG sleeves even in summer");
        assert_eq!(found.len(), 1);
        let p = &found[0];
        assert_eq!(p.category, Category::SelfHarm);
        assert_eq!(p.evidence, vec!["long sleeves", "summer"]);
        assert_eq!(p.source, "m.tsv:2");
        assert!((p.probability - 0.62).abs() < 1e-9, "{}", p.probability);
        assert!(model.predict_text("long sleeves").is_empty());
        assert!(model.predict_text("summer. long. sleeves").is_empty());
    }
}
