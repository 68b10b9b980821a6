//! The category model: an offline, explainable guess at the category of a host no list
//! knows (issue 12).
//!
//! A multinomial logistic regression over hashed lexical features of the URL, with
//! "benign" as the reference class:
//!
//! * character 3- to 5-grams of the registrable label (`^freecasino$` gives `^fr`, `fre`,
//!   ..., `sino$`), written `name~casi`;
//! * the public suffix (`tld:bet`) and each subdomain label (`sub:poker`);
//! * the shape of the registrable label (`shape:d0h2l4s0`: digit, hyphen, length and
//!   subdomain-count buckets);
//! * up to six path words of three letters or more (`path:slots`).
//!
//! Each feature is hashed (FNV-1a, 32 bits) into one of 2^`bits` buckets; a bucket holds
//! one `i8` weight per class. The host's and the path's features are summed apart and the
//! path's sum is capped (`path_cap`): a URL is judged mostly by its host, and a long path
//! of ordinary words cannot push a clean site into a category. The score of class `c` is
//! `bias[c] + scale * host[c] + clamp(scale * path[c], ±path_cap)`; the probabilities are
//! the softmax over the classes and benign (score 0). The model predicts the most probable
//! class when its probability is at least [`MIN_CONFIDENCE`]; the evidence is the features
//! that pushed it most.
//!
//! The weights (`core/data/filter/url-model.bin`) are trained by `scripts/train-url-model`
//! from the UT1 and sinfonietta lists (positives) and popular sites (negatives), split by
//! registrable domain; they are licensed like the lists they were learned from (CC BY-SA
//! 4.0, see `core/data/filter/SOURCE.md`). Held-out figures are in `benches/README.md`.
//!
//! A name word ([`name_words`]: `kratom`, `hentai`) in the host names its category at
//! [`NAME_WORD_CONFIDENCE`] unless the model is surer of another one: the hand-written
//! words cover vocabulary that small training lists never show the model. A lure
//! ([`super::brands`]: a brand in a host that is not the brand's own, `paypal-login.example`)
//! names the host `phishing` the same way, at the lure's own confidence.
//!
//! The model makes no guess for a host under a suffix that only vetted institutions can
//! register ([`is_institutional`]: `gov`, `edu`, `ac.uk`, `nhs.uk`, `sch.uk`, ...): their
//! names say little about their content (`drugabuse.gov`, `homeoffice.gov.uk`), and a
//! guess there could only over-block. Lists still apply to them.
//!
//! The registrable label is found without the public-suffix list: the last label is the
//! suffix, or the last two when the second-level label is a common one (`co.uk`,
//! `com.au`, ...).
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::model::Model;
//!
//! let model = Model::embedded().expect("the embedded model reads");
//! let p = model.predict("www.mega-casino-slots-bonus.com", "/poker").expect("a guess");
//! assert_eq!(p.category.as_str(), "gambling");
//! assert!(p.confidence > 0.5);
//! assert!(!model.evidence(&p, "www.mega-casino-slots-bonus.com", "/poker").is_empty());
//! ```

use super::Category;
use super::brands::{Brands, Lure};
use super::name_words::{self, BenignSpans, NameWord, NameWords};

/// The embedded weights.
static EMBEDDED: &[u8] = include_bytes!("../../data/filter/url-model.bin");

/// The least probability at which the model names a category.
pub const MIN_CONFIDENCE: f32 = 0.5;

/// The confidence of a category named by a name word alone: above the pupils' default
/// block threshold (0.95), below the staff one (0.98), so a name word blocks for pupils
/// and only flags for staff. The model's own probability counts when it is higher.
pub const NAME_WORD_CONFIDENCE: f32 = 0.97;

/// Every category the model can guess: its learned classes, the categories of its name
/// words, and `phishing` for lures (a test checks the embedded lists against it). A policy
/// threshold for any other category could never apply, so the policy refuses one.
pub const GUESSED_CATEGORIES: &[Category] = &[
    Category::Pornography,
    Category::Gambling,
    Category::Drugs,
    Category::Phishing,
    Category::FilterBypass,
    Category::Dating,
    Category::Games,
];

/// Second-level labels read as part of the public suffix (`co.uk`, `com.br`).
const SECOND_LEVELS: &[&str] = &[
    "co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "gob", "nic", "sch", "ltd", "plc",
];

/// Top-level domains only vetted institutions register.
const INSTITUTIONAL_TLDS: &[&str] = &["gov", "edu", "mil", "int"];

/// Second-level labels that, under a country code, only vetted institutions register
/// (`gov.uk`, `ac.jp`, `gouv.fr`, `go.kr`).
const INSTITUTIONAL_SECOND_LEVELS: &[&str] = &[
    "gov", "edu", "ac", "mil", "gob", "go", "gouv", "govt", "gv", "gc",
];

/// Country codes sold to anyone as generic names, with no reserved second levels:
/// `go.to` or `gv.ws` is whoever bought it, not a public body.
const OPEN_COUNTRY_CODES: &[&str] = &[
    "to", "ws", "io", "tv", "cc", "fm", "la", "nu", "tk", "ml", "ga", "cf", "gq", "cx", "st", "pw",
];

/// Second-level labels of `.uk` reserved for public bodies and schools.
const INSTITUTIONAL_UK: &[&str] = &["nhs", "police", "sch", "mod", "parliament"];

/// Most path words used.
const MAX_PATH_WORDS: usize = 6;

/// Feature kinds (the first byte hashed, so `tld:bet` and `sub:bet` differ).
const KIND_NAME: u8 = b'g';
const KIND_TLD: u8 = b't';
const KIND_SUB: u8 = b's';
/// The kind byte of path-word features (summed apart and capped).
pub const KIND_PATH: u8 = b'p';
const KIND_SHAPE: u8 = b'h';

/// A loaded model: weights borrowed from the embedded bytes.
#[derive(Debug, Clone)]
pub struct Model {
    bits: u32,
    scale: f32,
    path_cap: f32,
    classes: Vec<(Category, f32)>,
    weights: &'static [u8],
    names: NameWords,
    lures: Brands,
}

/// What the model guessed for one URL.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The category guessed.
    pub category: Category,
    /// Its probability, 0 to 1.
    pub confidence: f32,
    /// Index of the class in the model (`usize::MAX` for a name word's category the
    /// model has no class for).
    class: usize,
    /// The name word that named the category, if one did.
    pub word: Option<NameWord>,
    /// The brand or asking words that named the host `phishing`, if they did.
    pub lure: Option<Lure>,
    /// The help word (`recovery`, with its line in the name words) that caps the guess at
    /// [`HELP_CONFIDENCE`], if one did.
    pub help: Option<(String, u32)>,
}

/// The most a guess is sure of a category in a host whose name holds one of the
/// category's help words (`@help` in the name words): below every block threshold, so a
/// help service is flagged, never blocked, on a guess.
pub const HELP_CONFIDENCE: f32 = 0.5;

impl Model {
    /// The embedded model (`None` only if the embedded bytes are malformed, which a test
    /// rules out).
    pub fn embedded() -> Option<Model> {
        Model::from_bytes(EMBEDDED)
    }

    /// Reads a model: `ESM2`, bits (u8), class count (u8), scale and path cap (f32 LE),
    /// then per class its id length (u8), id and bias (f32 LE), then `2^bits * classes`
    /// `i8` weights, bucket-major.
    pub fn from_bytes(bytes: &'static [u8]) -> Option<Model> {
        let rest = bytes.strip_prefix(b"ESM2")?;
        let (&bits, rest) = rest.split_first()?;
        let (&count, rest) = rest.split_first()?;
        let (scale, rest) = read_f32(rest)?;
        let (path_cap, mut rest) = read_f32(rest)?;
        let mut classes = Vec::with_capacity(usize::from(count));
        for _ in 0..count {
            let (&len, after) = rest.split_first()?;
            let (name, after) = after.split_at_checked(usize::from(len))?;
            let (bias, after) = read_f32(after)?;
            let category: Category = std::str::from_utf8(name).ok()?.parse().ok()?;
            classes.push((category, bias));
            rest = after;
        }
        if !(8..=24).contains(&bits)
            || !(1..=32).contains(&count)
            || rest.len() != (1usize << bits) * usize::from(count)
            || !scale.is_finite()
            || !path_cap.is_finite()
            || path_cap < 0.0
        {
            return None;
        }
        Some(Model {
            bits: u32::from(bits),
            scale,
            path_cap,
            classes,
            weights: rest,
            names: NameWords::embedded()?,
            lures: Brands::embedded()?,
        })
    }

    /// The categories the model can name.
    pub fn categories(&self) -> impl Iterator<Item = &Category> {
        self.classes.iter().map(|(c, _)| c)
    }

    /// Size of the weights in bytes.
    pub fn weight_bytes(&self) -> usize {
        self.weights.len()
    }

    fn row(&self, bucket: u32) -> &[u8] {
        let n = self.classes.len();
        let start = bucket as usize * n;
        self.weights.get(start..start + n).unwrap_or(&[])
    }

    /// The probability of every class (in model order) for a canonical host and path. The
    /// letter patterns inside a benign word of the name are not read (`visitessex`).
    pub fn probabilities(&self, host: &str, path: &str) -> Vec<f32> {
        let mut host_sums = [0i32; 32];
        let mut path_sums = [0i32; 32];
        let bits = self.bits;
        let benign = |name: &[u8]| self.names.benign_spans(name);
        for_each_feature_outside(host, path, benign, |kind, _, hash| {
            let row = self.row(hash >> (32 - bits));
            let sums = if kind == KIND_PATH {
                &mut path_sums
            } else {
                &mut host_sums
            };
            for (s, &w) in sums.iter_mut().zip(row) {
                *s += i32::from(w as i8);
            }
        });
        let cap = self.path_cap;
        let scores: Vec<f32> = self
            .classes
            .iter()
            .zip(host_sums.iter().zip(path_sums))
            .map(|((_, bias), (&h, p))| {
                bias + self.scale * h as f32 + (self.scale * p as f32).clamp(-cap, cap)
            })
            .collect();
        softmax_with_reference(&scores)
    }

    /// Whether a canonical host is a brand's own by a distinctive name
    /// ([`Brands::is_distinct_own`]): look-alike detection reads these as known domains.
    pub(crate) fn is_brand_own(&self, host: &str) -> bool {
        self.lures.is_distinct_own(host)
    }

    /// The category of a host no list knows: the category of a name word in the host
    /// ([`name_words`]) at [`NAME_WORD_CONFIDENCE`], or `phishing` for a lure (a brand in a
    /// host not its own, [`super::brands`]) at the lure's confidence, or the model's
    /// probability for it if higher; otherwise the most probable class when its probability is at least
    /// [`MIN_CONFIDENCE`]. No guess for an institutional host ([`is_institutional`]) or
    /// for a brand's own ([`Brands::is_own`]: `virgin.com` is Virgin Media's, whatever its
    /// name suggests to the learned weights).
    pub fn predict(&self, host: &str, path: &str) -> Option<Prediction> {
        if is_institutional(host) || self.lures.is_own(host) {
            return None;
        }
        let probabilities = self.probabilities(host, path);
        let best = probabilities
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .filter(|(_, p)| **p >= MIN_CONFIDENCE);
        // A name word or a lure names a category at its own confidence, unless the model
        // is at least as sure of another class (`proxxxy.org` is a proxy, whatever its
        // `xxx`); of the two, the surer (the name word on a tie).
        let word = self
            .names
            .find(host)
            .map(|w| (w.category.clone(), NAME_WORD_CONFIDENCE, Some(w), None));
        let lure = self
            .lures
            .find(host)
            .map(|l| (Category::Phishing, l.confidence, None, Some(l)));
        let named = match (word, lure) {
            (Some(w), Some(l)) => Some(if l.1 > w.1 { l } else { w }),
            (w, l) => w.or(l),
        };
        let prediction = match named {
            Some((category, floor, word, lure))
                if !best.is_some_and(|(c, p)| c != self.class_of(&category) && *p >= floor) =>
            {
                let class = self.class_of(&category);
                let learned = probabilities.get(class).copied().unwrap_or(0.0);
                Prediction {
                    category,
                    confidence: learned.max(floor),
                    class,
                    word,
                    lure,
                    help: None,
                }
            }
            _ => {
                let (class, &confidence) = best?;
                Prediction {
                    category: self.classes.get(class)?.0.clone(),
                    confidence,
                    class,
                    word: None,
                    lure: None,
                    help: None,
                }
            }
        };
        Some(self.helped(prediction, host))
    }

    /// The model's class for `category` (`usize::MAX` when it has none).
    fn class_of(&self, category: &Category) -> usize {
        self.classes
            .iter()
            .position(|(c, _)| c == category)
            .unwrap_or(usize::MAX)
    }

    /// `prediction` capped at [`HELP_CONFIDENCE`] when the host's name holds a help word of
    /// its category (`drugrecovery.org`, `gamblingtherapy.org`).
    fn helped(&self, mut prediction: Prediction, host: &str) -> Prediction {
        if let Some((word, line)) = self.names.help(&prediction.category, host) {
            prediction.confidence = prediction.confidence.min(HELP_CONFIDENCE);
            prediction.help = Some((word.to_owned(), line));
        }
        prediction
    }

    /// The features that pushed a prediction most, strongest first, each with its weight
    /// (`name~casi +0.84`).
    pub fn evidence(&self, prediction: &Prediction, host: &str, path: &str) -> Vec<String> {
        // Each feature that counts for the class, once: (weight, kind, its bytes in `texts`).
        // Only the five strongest are formatted, so a URL costs two buffers, not a string
        // per feature.
        let mut texts: Vec<u8> = Vec::with_capacity(256);
        let mut found: Vec<(f32, u8, std::ops::Range<usize>)> = Vec::new();
        let bits = self.bits;
        let benign = |name: &[u8]| self.names.benign_spans(name);
        for_each_feature_outside(host, path, benign, |kind, text, hash| {
            let row = self.row(hash >> (32 - bits));
            let w = row
                .get(prediction.class)
                .map_or(0.0, |&w| f32::from(w as i8) * self.scale);
            let seen = || {
                found
                    .iter()
                    .any(|(_, k, r)| *k == kind && texts.get(r.clone()) == Some(text))
            };
            if w > 0.0 && !seen() {
                let start = texts.len();
                texts.extend_from_slice(text);
                found.push((w, kind, start..texts.len()));
            }
        });
        found.sort_by(|a, b| b.0.total_cmp(&a.0));
        let word = prediction
            .word
            .as_ref()
            .map(|w| format!("word:{} ({}:{})", w.word, name_words::LABEL, w.line));
        let lure = prediction.lure.as_ref().map(Lure::evidence);
        let help = prediction.help.as_ref().map(|(w, line)| {
            format!(
                "help:{w} ({}:{line}, a service that helps: only flagged)",
                name_words::LABEL
            )
        });
        help.into_iter()
            .chain(word)
            .chain(lure)
            .chain(found.into_iter().take(5).map(|(w, kind, r)| {
                let label = match kind {
                    KIND_NAME => "name~",
                    KIND_TLD => "tld:",
                    KIND_SUB => "sub:",
                    KIND_SHAPE => "shape:",
                    KIND_PATH => "path:",
                    // Every feature is made with one of the kinds above.
                    _ => "feature:",
                };
                // `r` was cut from `texts` as it grew, so `get` cannot miss.
                let text = String::from_utf8_lossy(texts.get(r).unwrap_or_default());
                format!("{label}{text} +{w:.2}")
            }))
            .collect()
    }
}

fn read_f32(bytes: &[u8]) -> Option<(f32, &[u8])> {
    let (head, rest) = bytes.split_at_checked(4)?;
    let array: [u8; 4] = head.try_into().ok()?;
    Some((f32::from_le_bytes(array), rest))
}

/// Softmax over `scores` plus an implicit reference class scored 0 (benign).
pub fn softmax_with_reference(scores: &[f32]) -> Vec<f32> {
    let max = scores.iter().copied().fold(0.0f32, f32::max);
    let reference = (-max).exp();
    let exps: Vec<f32> = scores.iter().map(|s| (s - max).exp()).collect();
    let total = reference + exps.iter().sum::<f32>();
    exps.into_iter().map(|e| e / total).collect()
}

/// FNV-1a over a kind byte and a text.
fn feature_hash(kind: u8, text: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for &b in std::iter::once(&kind).chain(text) {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    // Spread the low bits into the top ones (buckets use the top bits).
    h ^= h >> 15;
    h = h.wrapping_mul(0x2c1b_3c6d);
    h ^= h >> 12;
    h
}

/// Whether a canonical host is under a suffix only vetted institutions can register:
/// government, education, health, police and military (`whitehouse.gov`, `ox.ac.uk`,
/// `homeoffice.gov.uk`, `a-school.kent.sch.uk`, `go.jp`).
///
/// ```
/// use esafety_core::filter::model::is_institutional;
///
/// assert!(is_institutional("www.homeoffice.gov.uk"));
/// assert!(is_institutional("tamu.edu"));
/// assert!(!is_institutional("gov.example.com"));
/// assert!(!is_institutional("sexshop24.go.to"));
/// ```
pub fn is_institutional(host: &str) -> bool {
    let host = host.trim_end_matches('.');
    let mut labels = host.rsplit('.');
    let (Some(tld), Some(second)) = (labels.next(), labels.next()) else {
        return false;
    };
    if INSTITUTIONAL_TLDS.contains(&tld) {
        return true;
    }
    tld.len() == 2
        && !OPEN_COUNTRY_CODES.contains(&tld)
        && labels.next().is_some()
        && (INSTITUTIONAL_SECOND_LEVELS.contains(&second)
            || (tld == "uk" && INSTITUTIONAL_UK.contains(&second)))
}

/// Whether a canonical domain is only a public suffix, no site: a top-level domain (`com`,
/// `uk`) or a second level under a country code that sites are registered below
/// (`co.uk`, `sch.uk`).
///
/// ```
/// use esafety_core::filter::model::is_public_suffix;
///
/// assert!(is_public_suffix("com") && is_public_suffix("co.uk"));
/// assert!(!is_public_suffix("bbc.co.uk") && !is_public_suffix("example.com"));
/// ```
pub fn is_public_suffix(host: &str) -> bool {
    match host.trim_end_matches('.').split_once('.') {
        None => true,
        Some((second, tld)) => {
            tld.len() == 2 && !tld.contains('.') && SECOND_LEVELS.contains(&second)
        }
    }
}

/// The registrable domain of a canonical host (see the module notes): `a.b.example.co.uk`
/// gives `example.co.uk`.
pub fn registrable_domain(host: &str) -> &str {
    let (_, name_start, _) = split_host(host);
    host.get(name_start..).unwrap_or(host)
}

/// `(subdomain end, registrable label start, suffix start)` byte offsets.
pub(super) fn split_host(host: &str) -> (usize, usize, usize) {
    let dots: Vec<usize> = host.match_indices('.').map(|(i, _)| i).collect();
    let n = dots.len();
    if n == 0 {
        return (0, 0, host.len());
    }
    let last = dots.get(n - 1).copied().unwrap_or(0);
    let tld = host.get(last + 1..).unwrap_or("");
    let mut suffix_start = last + 1;
    if n >= 2 && tld.len() == 2 {
        let second_start = dots.get(n - 2).map_or(0, |d| d + 1);
        let second = host.get(second_start..last).unwrap_or("");
        if SECOND_LEVELS.contains(&second) {
            suffix_start = second_start;
        }
    }
    // The label before the suffix.
    let name_end = suffix_start - 1;
    let name_start = dots
        .iter()
        .rev()
        .find(|&&d| d < name_end)
        .map_or(0, |d| d + 1);
    (name_start.saturating_sub(1), name_start, suffix_start)
}

/// Calls `f(kind, text, hash)` for every feature of a canonical host and path, without
/// allocating.
pub fn for_each_feature(host: &str, path: &str, f: impl FnMut(u8, &[u8], u32)) {
    for_each_feature_outside(host, path, |_| BenignSpans::default(), f);
}

/// [`for_each_feature`] without the letter patterns of the registrable name that touch one
/// of the ranges `benign` finds in that name: inside `visitessex` the model reads no `sex`.
pub fn for_each_feature_outside(
    host: &str,
    path: &str,
    benign: impl FnOnce(&[u8]) -> BenignSpans,
    mut f: impl FnMut(u8, &[u8], u32),
) {
    let (sub_end, name_start, suffix_start) = split_host(host);
    let bytes = host.as_bytes();
    let name = bytes
        .get(name_start..suffix_start.saturating_sub(1))
        .unwrap_or(&[]);
    let suffix = bytes.get(suffix_start..).unwrap_or(&[]);
    let benign = benign(name);
    f(KIND_TLD, suffix, feature_hash(KIND_TLD, suffix));
    // Character n-grams of `^name$`.
    let mut framed = [0u8; 66];
    let len = name.len().min(64);
    let chars = std::iter::once(b'^')
        .chain(name.iter().take(len).copied())
        .chain(std::iter::once(b'$'));
    for (slot, b) in framed.iter_mut().zip(chars) {
        *slot = b;
    }
    let framed = framed.get(..len + 2).unwrap_or(&[]);
    for n in 3..=5 {
        for (at, gram) in framed.windows(n).enumerate() {
            // `framed` holds `^` first: its window at `at` covers name bytes `at-1..at+n-1`.
            if benign.touches(at.saturating_sub(1), at + n - 1) {
                continue;
            }
            f(KIND_NAME, gram, feature_hash(KIND_NAME, gram));
        }
    }
    let subdomains = bytes.get(..sub_end).unwrap_or(&[]);
    let shape = shape(name, subdomains);
    f(KIND_SHAPE, &shape, feature_hash(KIND_SHAPE, &shape));
    for label in subdomains.split(|&b| b == b'.') {
        if !label.is_empty() && !is_service_label(label) {
            f(KIND_SUB, label, feature_hash(KIND_SUB, label));
        }
    }
    let mut words = 0;
    let mut lower = [0u8; 20];
    for word in path.as_bytes().split(|b| !b.is_ascii_alphabetic()) {
        if words == MAX_PATH_WORDS {
            break;
        }
        if word.len() < 3 || word.len() > lower.len() {
            continue;
        }
        let Some(out) = lower.get_mut(..word.len()) else {
            continue;
        };
        for (o, b) in out.iter_mut().zip(word) {
            *o = b.to_ascii_lowercase();
        }
        f(KIND_PATH, out, feature_hash(KIND_PATH, out));
        words += 1;
    }
}

/// Whether a host label names the site's own service (`www`, `m`) rather than a part of it:
/// the model reads no `sub:` feature for it, and a hosting platform's `www.` is the
/// platform itself, not a tenant.
pub(super) fn is_service_label(label: &[u8]) -> bool {
    matches!(label, b"www" | b"m")
}

/// `d0h2l4s0`: buckets of the registrable label's digits, hyphens and length, and of the
/// number of subdomain labels (`www` and `m` not counted, as for the `sub:` features).
fn shape(name: &[u8], subdomains: &[u8]) -> [u8; 8] {
    let bucket =
        |n: usize, edges: &[usize]| b'0' + edges.iter().take_while(|&&e| n > e).count() as u8;
    let digits = name.iter().filter(|b| b.is_ascii_digit()).count();
    let hyphens = name.iter().filter(|&&b| b == b'-').count();
    let labels = subdomains
        .split(|&b| b == b'.')
        .filter(|l| !l.is_empty() && !is_service_label(l))
        .count();
    [
        b'd',
        bucket(digits, &[0, 1, 3]),
        b'h',
        bucket(hyphens, &[0, 1, 2]),
        b'l',
        bucket(name.len(), &[4, 7, 10, 14, 19, 25]),
        b's',
        bucket(labels, &[0, 1, 2]),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guessed_categories_are_what_the_embedded_lists_guess() {
        let model = Model::embedded().expect("reads");
        let words = NameWords::embedded().expect("reads");
        let mut guessed: Vec<&Category> = model.categories().chain(words.categories()).collect();
        guessed.push(&Category::Phishing);
        for c in &guessed {
            assert!(GUESSED_CATEGORIES.contains(c), "{c} is missing");
        }
        for c in GUESSED_CATEGORIES {
            assert!(guessed.contains(&c), "{c} is never guessed");
        }
    }

    #[test]
    fn no_guess_for_institutional_hosts() {
        let model = Model::embedded().expect("reads");
        for host in [
            "whitehouse.gov",
            "tamu.edu",
            "www.homeoffice.gov.uk",
            "a.kent.sch.uk",
        ] {
            assert!(is_institutional(host), "{host}");
            assert_eq!(
                model.predict(host, "/drugs/cannabis-weed-shop"),
                None,
                "{host}"
            );
        }
        // A look-alike that is not under the suffix is still judged.
        for host in [
            "gov.uk.example.com",
            "edu",
            "ac.uk",
            "gov.bet",
            "sch.uk.casino",
        ] {
            assert!(!is_institutional(host), "{host}");
        }
        assert!(
            model
                .predict("www.mega-casino-slots-bonus.com", "/")
                .is_some()
        );
    }

    #[test]
    fn help_services_are_only_flagged_and_say_why() {
        let model = Model::embedded().expect("reads");
        let host = "www.cannabis-addiction-recovery.org";
        let p = model.predict(host, "/").expect("a guess");
        assert_eq!(p.category, Category::Drugs);
        assert!(p.confidence <= HELP_CONFIDENCE);
        let evidence = model.evidence(&p, host, "/");
        assert!(evidence[0].starts_with("help:recovery ("), "{evidence:?}");
        // The help word counts only for its own category and only in the names.
        let shop = model
            .predict("cannabis-seeds-shop.com", "/")
            .expect("a guess");
        assert!(shop.help.is_none() && shop.confidence > HELP_CONFIDENCE);
        let tld = model.predict("cannabis-seeds-shop.recovery", "/");
        assert!(tld.is_none_or(|p| p.help.is_none()));
    }

    #[test]
    fn registrable_domains() {
        assert_eq!(registrable_domain("a.b.example.co.uk"), "example.co.uk");
        assert_eq!(registrable_domain("www.example.com"), "example.com");
        assert_eq!(registrable_domain("example.com"), "example.com");
        assert_eq!(registrable_domain("localhost"), "localhost");
        assert_eq!(registrable_domain("co.uk"), "co.uk");
    }

    #[test]
    fn features() {
        let mut seen = Vec::new();
        for_each_feature("poker.casino.bet", "/Slots/x/tables", |k, t, _| {
            seen.push(format!("{}{}", k as char, String::from_utf8_lossy(t)))
        });
        assert!(seen.contains(&"tbet".to_owned()), "{seen:?}");
        assert!(seen.contains(&"g^ca".to_owned()));
        assert!(seen.contains(&"gino$".to_owned()));
        assert!(seen.contains(&"spoker".to_owned()));
        assert!(seen.contains(&"pslots".to_owned()));
        assert!(seen.contains(&"ptables".to_owned()));
        assert!(!seen.contains(&"px".to_owned()));
        assert!(seen.contains(&"hd0h0l1s1".to_owned()), "{seen:?}");
    }

    #[test]
    fn a_malformed_model_is_refused() {
        let good = EMBEDDED;
        assert!(Model::from_bytes(good).is_some());
        // The path cap (bytes 10..14) negative or not a number: refused, not a panic later.
        for cap in [-1.0f32, f32::NAN] {
            let mut bad = good.to_vec();
            bad.splice(10..14, cap.to_le_bytes());
            assert!(Model::from_bytes(Box::leak(bad.into_boxed_slice())).is_none());
        }
        assert!(Model::from_bytes(good.get(..good.len() - 1).unwrap()).is_none());
        assert!(Model::from_bytes(b"ESM1").is_none());
    }

    #[test]
    fn shapes() {
        assert_eq!(&shape(b"a1-b2-c345", b""), b"d3h2l2s0");
        assert_eq!(&shape(b"bbc", b"www.news"), b"d0h0l0s1");
        assert_eq!(&shape(b"bbc", b"www"), b"d0h0l0s0");
        assert_eq!(&shape(b"bbc", b"a.b.c"), b"d0h0l0s3");
    }

    #[test]
    fn a_long_path_of_ordinary_words_is_capped() {
        let model = Model::embedded().unwrap();
        let host = model.probabilities("www.example-news.com", "/");
        let long = model.probabilities(
            "www.example-news.com",
            "/login/verify/account/secure/update/bank/paypal/signin",
        );
        for (a, b) in host.iter().zip(&long) {
            let odds = |p: f32| (p / (1.0 - p).max(1e-6)).ln();
            // The path moves a class's log-odds by at most twice the cap (its own cap and,
            // through the softmax, the others').
            assert!(
                (odds(*b) - odds(*a)).abs() <= 2.0 * model.path_cap + 1e-3,
                "{a} {b}"
            );
        }
    }

    #[test]
    fn embedded_model_reads() {
        let model = Model::embedded().unwrap();
        assert!(model.categories().count() >= 5);
        assert!(model.weight_bytes() <= 4 << 20);
    }
}
