//! Lures: what a phishing host borrows to be trusted, for hosts no list knows (part of the
//! category model, issue 12). A service's name in a host that is not the service's own
//! (`paypal-login.example`, `www.ebay.de.example.com`, `paypa1.example`, `thenetflix.example`),
//! or a host that asks for two things at once (`account-verify-update.example`), names it
//! `phishing`.
//!
//! The brands, their own domains and the asking words are in `core/data/filter/brands.tsv`,
//! whose header gives the rules: which brands count alone and which only beside an asking
//! word, what makes a host the brand's own, and which look-alike letters are read.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::brands::Brands;
//!
//! let brands = Brands::embedded().expect("the embedded list parses");
//! let lure = brands.find("secure-paypal-login.example").expect("a lure");
//! assert_eq!(lure.brand.as_deref(), Some("paypal"));
//! assert!(lure.confidence >= 0.99);
//! // The brand's own names and ordinary sites are no lure.
//! assert!(brands.find("www.paypal.co.uk").is_none());
//! assert!(brands.find("paypalobjects.com").is_none());
//! assert!(brands.find("apple-orchard.example").is_none());
//! ```

use super::FilterError;
use super::word_lists::{entries, is_word};
use aho_corasick::{AhoCorasick, MatchKind};
use std::collections::{HashMap, HashSet};

/// The embedded list.
const EMBEDDED: &str = include_str!("../../data/filter/brands.tsv");

/// The label of the embedded list in evidence (`brands.tsv:27`).
pub const LABEL: &str = "brands.tsv";

/// Confidence of a brand beside an asking word, as a whole label in front of a stranger's
/// domain, or joined with an asking word: blocks for every audience by default.
pub const ASKED_CONFIDENCE: f32 = 0.99;

/// Confidence of a brand alone, or of two asking words: blocks for pupils, flags for staff
/// by default (as a name word does).
pub const ALONE_CONFIDENCE: f32 = 0.97;

/// Shortest brand whose look-alike spellings are read (`paypa1`): shorter names have too
/// many real words among their look-alikes.
const LOOKALIKE_MIN: usize = 6;

/// Longest part examined, in bytes (a longer one is no brand's name).
const PART_MAX: usize = 40;

/// Shortest brand that counts only beside an asking word and is read inside a longer part
/// (`amazon` in `amazonprime-help`), and shortest asking word read inside one.
const INSIDE_ASKED_MIN: usize = 5;

/// How a part of a host names a brand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Naming {
    /// The whole part, or its look-alike reading (`paypal`, `paypa1`).
    Whole,
    /// The brand with an asking word joined on (`paypalsecure`).
    Joined,
    /// The brand inside a longer part (`thenetflix`); `asking_inside` when the rest of the
    /// part holds an asking word (`applepaymentverification`).
    Inside { asking_inside: bool },
}

/// Whether a brand's name counts alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usage {
    Alone,
    Asked,
}

#[derive(Debug, Clone)]
struct Brand {
    name: String,
    usage: Usage,
    line: u32,
}

/// A compiled brand list.
#[derive(Debug, Clone, Default)]
pub struct Brands {
    brands: Vec<Brand>,
    by_name: HashMap<String, usize>,
    by_lookalike: HashMap<String, usize>,
    benign: HashSet<String>,
    /// Asking word → its line.
    asking: HashMap<String, u32>,
    /// Every registrable domain listed as a brand's own.
    own: HashSet<String>,
    /// Every brand's name, in list order.
    automaton: Option<AhoCorasick>,
}

/// What a host borrows to lure its visitors.
#[derive(Debug, Clone, PartialEq)]
pub struct Lure {
    /// The brand borrowed, as listed (`None` when the host only asks).
    pub brand: Option<String>,
    /// The part of the host that names the brand, as written (`paypa1`), or the first
    /// asking word.
    pub written: String,
    /// The asking words in the host (at most three).
    pub asking: Vec<String>,
    /// The brand's line in the list, or the first asking word's.
    pub line: u32,
    /// How sure: [`ASKED_CONFIDENCE`] or [`ALONE_CONFIDENCE`].
    pub confidence: f32,
}

impl Lure {
    /// The lure as evidence: `brand:paypal as paypa1, asking login (brands.tsv:27)`.
    pub fn evidence(&self) -> String {
        let asking = self.asking.join("+");
        match &self.brand {
            Some(brand) => {
                let written = if self.written == *brand {
                    String::new()
                } else {
                    format!(" as {}", self.written)
                };
                let asking = if asking.is_empty() {
                    String::new()
                } else {
                    format!(", asking {asking}")
                };
                format!("brand:{brand}{written}{asking} ({LABEL}:{})", self.line)
            }
            None => format!("asking:{asking} ({LABEL}:{})", self.line),
        }
    }
}

fn invalid(line: u32, reason: &str) -> FilterError {
    FilterError::InvalidSpec {
        reason: format!("{LABEL}:{line}: {reason}"),
    }
}

/// The look-alike reading of a part: digits and letters that imitate others read as them,
/// `rn` as `m`, `vv` as `w`, doubled letters once (`paypa1` → `paypal`, `faceb00k` →
/// `facebok`). Written into `out`; `None` if it does not fit.
fn lookalike<'a>(part: &str, out: &'a mut [u8; PART_MAX]) -> Option<&'a str> {
    let bytes = part.as_bytes();
    let mut len = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let next = bytes.get(i + 1).copied();
        let (c, step) = match (b, next) {
            (b'r', Some(b'n')) => (b'm', 2),
            (b'v', Some(b'v')) => (b'w', 2),
            (b'0', _) => (b'o', 1),
            (b'1' | b'i', _) => (b'l', 1),
            (b'3', _) => (b'e', 1),
            (b'4', _) => (b'a', 1),
            (b'5', _) => (b's', 1),
            _ => (b, 1),
        };
        i += step;
        if len > 0 && out.get(len - 1) == Some(&c) {
            continue;
        }
        *out.get_mut(len)? = c;
        len += 1;
    }
    std::str::from_utf8(out.get(..len)?).ok()
}

impl Brands {
    /// The embedded list (`None` only if it failed to parse, which a test rules out: the
    /// model is then unavailable rather than silently without its lures).
    pub fn embedded() -> Option<Brands> {
        Brands::parse(EMBEDDED).ok()
    }

    /// Reads a list (see the header of `core/data/filter/brands.tsv`).
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidSpec`] naming the line of a malformed entry.
    pub fn parse(text: &str) -> Result<Brands, FilterError> {
        let mut list = Brands::default();
        for (line, mut fields) in entries(text) {
            let (Some(name), Some(kind)) = (fields.next(), fields.next()) else {
                return Err(invalid(line, "expected brand<TAB>alone|asked|-"));
            };
            let rest: Vec<&str> = fields.flat_map(str::split_whitespace).collect();
            if name == "@ask" {
                for word in kind.split_whitespace() {
                    if !is_word(word) {
                        return Err(invalid(line, "an asking word is lower-case ASCII"));
                    }
                    list.asking.entry(word.to_owned()).or_insert(line);
                }
                continue;
            }
            if !is_word(name) || name.len() > PART_MAX {
                return Err(invalid(
                    line,
                    "a brand is lower-case ASCII letters and digits",
                ));
            }
            let usage = match kind {
                "alone" => Usage::Alone,
                "asked" => Usage::Asked,
                "-" => {
                    list.benign.insert(name.to_owned());
                    continue;
                }
                other => return Err(invalid(line, &format!("unknown kind `{other}`"))),
            };
            let index = list.brands.len();
            if list.by_name.insert(name.to_owned(), index).is_some() {
                return Err(invalid(line, &format!("`{name}` is listed twice")));
            }
            if name.len() >= LOOKALIKE_MIN {
                let mut buf = [0u8; PART_MAX];
                if let Some(reading) = lookalike(name, &mut buf) {
                    list.by_lookalike.insert(reading.to_owned(), index);
                }
            }
            list.own.extend(rest.iter().map(|d| (*d).to_owned()));
            list.brands.push(Brand {
                name: name.to_owned(),
                usage,
                line,
            });
        }
        if !list.brands.is_empty() {
            list.automaton = Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(list.brands.iter().map(|b| b.name.as_bytes()))
                    .map_err(|e| invalid(0, &e.to_string()))?,
            );
        }
        Ok(list)
    }

    /// The brand a part names and how (`paypalsecure` is joined): `part` is
    /// `names[start..end]` with the digits at its ends dropped, `raw` the part as written,
    /// `hits` the listed brands found in `names` (start, end, index).
    fn names(
        &self,
        names: &str,
        (start, end): (usize, usize),
        raw: &str,
        hits: &[(usize, usize, usize)],
    ) -> Option<(usize, Naming)> {
        let rest = |from: usize, to: usize| names.get(from..to).unwrap_or("");
        let mut joined = None;
        for &(s, e, index) in hits {
            if s == start && e == end {
                return Some((index, Naming::Whole));
            }
            if (s == start && e < end && self.asking.contains_key(rest(e, end)))
                || (e == end && s > start && self.asking.contains_key(rest(start, s)))
            {
                joined = Some((index, Naming::Joined));
            }
        }
        if joined.is_some() {
            return joined;
        }
        if raw.len() >= LOOKALIKE_MIN - 1 && !self.benign.contains(raw) {
            let mut buf = [0u8; PART_MAX];
            if let Some(&index) = lookalike(raw, &mut buf).and_then(|r| self.by_lookalike.get(r)) {
                return Some((index, Naming::Whole));
            }
        }
        let part = rest(start, end);
        hits.iter().find_map(|&(s, e, index)| {
            let brand = self.brands.get(index)?;
            let min = match brand.usage {
                Usage::Alone => LOOKALIKE_MIN,
                Usage::Asked => INSIDE_ASKED_MIN,
            };
            if s < start || e > end || e - s < min || self.held_by_word(part, s - start, e - start)
            {
                return None;
            }
            let asking_inside = self.asks_inside(rest(start, s)) || self.asks_inside(rest(e, end));
            Some((index, Naming::Inside { asking_inside }))
        })
    }

    /// Whether the brand at `from..to` of `part` lies inside a real word listed with `-`
    /// (`interac` in `seerinteractive`).
    fn held_by_word(&self, part: &str, from: usize, to: usize) -> bool {
        self.benign.iter().any(|word| {
            part.match_indices(word.as_str())
                .any(|(at, w)| at <= from && to <= at + w.len())
        })
    }

    /// Whether text joined to a brand inside a part holds an asking word long enough not to
    /// be part of an ordinary one (`verification` in `applepaymentverification`).
    fn asks_inside(&self, text: &str) -> bool {
        text.len() >= INSIDE_ASKED_MIN
            && self
                .asking
                .keys()
                .any(|word| word.len() >= INSIDE_ASKED_MIN && text.contains(word.as_str()))
    }

    /// Whether a canonical host is one of a listed brand's own: its registrable label is
    /// a brand's name (`paypal.de`) or its registrable domain is listed after a brand
    /// (`virgin.com` after `virginmedia`).
    ///
    /// ```
    /// use esafety_core::filter::brands::Brands;
    /// let brands = Brands::parse("virginmedia\talone\tvirgin.com\n").unwrap();
    /// assert!(brands.is_own("www.virgin.com"));
    /// assert!(brands.is_own("virginmedia.co.uk"));
    /// assert!(!brands.is_own("virginmedia-login.example.com"));
    /// ```
    pub fn is_own(&self, host: &str) -> bool {
        registrable(host).is_some_and(|(label, domain)| self.owns(label, domain))
    }

    /// Whether a canonical host is a brand's own by a name no one else uses: its
    /// registrable label is a brand that counts alone (`monzo.com`), or its registrable
    /// domain is listed after a brand. Look-alike detection reads these as known domains;
    /// a brand that counts only beside an asking word is also an everyday word (`äpple.se`
    /// is Swedish for apple).
    ///
    /// ```
    /// use esafety_core::filter::brands::Brands;
    /// let brands = Brands::parse("monzo\talone\napple\tasked\ticloud.com\n").unwrap();
    /// assert!(brands.is_distinct_own("monzo.com"));
    /// assert!(brands.is_distinct_own("www.icloud.com"));
    /// assert!(!brands.is_distinct_own("apple.se"));
    /// ```
    pub fn is_distinct_own(&self, host: &str) -> bool {
        registrable(host).is_some_and(|(label, domain)| {
            let alone = self
                .by_name
                .get(label)
                .and_then(|&i| self.brands.get(i))
                .is_some_and(|b| b.usage == Usage::Alone);
            alone || self.own.contains(domain)
        })
    }

    /// Whether a registrable label and domain are a listed brand's own (see
    /// [`Brands::is_own`]).
    fn owns(&self, label: &str, registrable: &str) -> bool {
        self.by_name.contains_key(label) || self.own.contains(registrable)
    }

    /// The lure in a canonical host, if any (see the module notes).
    pub fn find(&self, host: &str) -> Option<Lure> {
        let automaton = self.automaton.as_ref()?;
        let (label, registrable) = registrable(host)?;
        // The names before the public suffix, up to the end of the registrable label.
        let name_start = host.len() - registrable.len();
        let names = host.get(..name_start + label.len())?;
        // A brand's own host lures no one (`paypal.de`, `www.virgin.com`).
        if self.owns(label, registrable) {
            return None;
        }
        // Listed brands anywhere in the names (a host holds few: past the eighth, none
        // are read). Most hosts hold none, and an empty collection does not allocate.
        let hits: Vec<(usize, usize, usize)> = automaton
            .find_overlapping_iter(names)
            .take(8)
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        let hits = hits.as_slice();
        let mut asking: Vec<&str> = Vec::new();
        let mut ask_line = 0;
        // (brand index, part as written, joined or a whole subdomain label, how named)
        let mut found: Option<(usize, &str, bool, Naming)> = None;
        let mut label_start = 0;
        for whole in names.split('.') {
            // A label in front of another subdomain label (`ebay` in `ebay.de.example.com`):
            // the tenant label right under a shared host (`facebook.github.io`) is not one.
            let in_front = label_start + whole.len() + 1 < name_start;
            let mut part_start = label_start;
            label_start += whole.len() + 1;
            for raw in whole.split(['-', '_']) {
                let raw_start = part_start;
                part_start += raw.len() + 1;
                let lead = raw.len() - raw.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                let part = raw.trim_matches(|c: char| c.is_ascii_digit());
                if part.is_empty() || part.len() > PART_MAX {
                    continue;
                }
                if let Some(&line) = self.asking.get(part) {
                    if !asking.contains(&part) && asking.len() < 3 {
                        asking.push(part);
                    }
                    if ask_line == 0 {
                        ask_line = line;
                    }
                    continue;
                }
                let span = (raw_start + lead, raw_start + lead + part.len());
                let Some((index, naming)) = self.names(names, span, raw, hits) else {
                    continue;
                };
                let strong = naming == Naming::Joined
                    || (naming == Naming::Whole && in_front && raw.len() == whole.len());
                // The first brand found, unless a later one is stronger evidence: placed
                // or joined as phishing places them, named by a whole part rather than
                // inside one, or a brand that counts alone beside one many honest sites
                // name (`vbucks` beside `fortnite`).
                let rank = |i: usize, s: bool, n: Naming| {
                    let alone = self.brands.get(i).is_some_and(|b| b.usage == Usage::Alone);
                    let whole = !matches!(n, Naming::Inside { .. });
                    (s, whole, alone)
                };
                if found.is_none_or(|(i, _, s, n)| rank(index, strong, naming) > rank(i, s, n)) {
                    found = Some((index, raw, strong, naming));
                }
            }
        }
        match found {
            Some((index, written, strong, naming)) => {
                let brand = self.brands.get(index)?;
                let inside = match naming {
                    Naming::Inside { asking_inside } => Some(asking_inside),
                    Naming::Whole | Naming::Joined => None,
                };
                // A brand inside a longer part is weaker evidence: one that counts only
                // when asked needs the asking word in the same part, and neither counts
                // more than a brand alone.
                let asked = inside.unwrap_or(strong || !asking.is_empty());
                if brand.usage == Usage::Asked && !asked {
                    return None;
                }
                let asked = asked && inside.is_none();
                Some(Lure {
                    brand: Some(brand.name.clone()),
                    written: written.to_owned(),
                    asking: asking.iter().map(|a| (*a).to_owned()).collect(),
                    line: brand.line,
                    confidence: if asked {
                        ASKED_CONFIDENCE
                    } else {
                        ALONE_CONFIDENCE
                    },
                })
            }
            None => match asking.as_slice() {
                [first, _, ..] => Some(Lure {
                    brand: None,
                    written: (*first).to_owned(),
                    asking: asking.iter().map(|a| (*a).to_owned()).collect(),
                    line: ask_line,
                    confidence: ALONE_CONFIDENCE,
                }),
                _ => None,
            },
        }
    }
}

/// The registrable label and domain of a canonical host (`paypal` and `paypal.co.uk` in
/// `www.paypal.co.uk`); `None` for a single-label host.
fn registrable(host: &str) -> Option<(&str, &str)> {
    if !host.contains('.') {
        return None;
    }
    let (_, name_start, suffix_start) = super::model::split_host(host);
    Some((
        host.get(name_start..suffix_start.saturating_sub(1))?,
        host.get(name_start..)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brand(host: &str) -> Option<(Option<String>, bool)> {
        Brands::embedded()
            .expect("parses")
            .find(host)
            .map(|l| (l.brand, l.confidence >= ASKED_CONFIDENCE))
    }

    #[test]
    fn embedded_list_parses() {
        let list = Brands::parse(EMBEDDED).expect("the embedded list parses");
        assert!(list.brands.len() > 60);
        assert!(list.asking.len() > 40);
    }

    #[test]
    fn brands_in_strangers_hosts() {
        for (host, name, asked) in [
            ("secure-paypal-login.example", "paypal", true),
            ("paypal-de.example", "paypal", false),
            ("www.paypal.example.com", "paypal", false),
            ("www.ebay.de.example.com", "ebay", true),
            ("paypal.github.io", "paypal", false),
            ("m.facebook.com-vterms.example.org", "facebook", true),
            ("paypalsecure.example", "paypal", true),
            ("appleid-verify.example", "appleid", true),
            ("1netflix.example", "netflix", false),
            ("paypa1.example", "paypal", false),
            ("www.faceb00k-login.example", "facebook", true),
            ("netfiix-account.example", "netflix", true),
            ("apple-id-verify.example", "apple", true),
            ("dhl-parcel-redelivery.example", "dhl", false),
            ("free-robux.example", "robux", false),
            ("fortnite-vbucks-generator.example", "vbucks", true),
            ("thenetflix.club", "netflix", false),
            (
                "account340.mywellsfargo32171331.example",
                "wellsfargo",
                false,
            ),
            ("amazonprimesupport.example", "amazon", false),
            ("applepaymentverification.example", "apple", false),
        ] {
            assert_eq!(brand(host), Some((Some(name.to_owned()), asked)), "{host}");
        }
    }

    #[test]
    fn own_hosts_and_ordinary_sites() {
        for host in [
            "www.paypal.com",
            "paypal.de",
            "paypalobjects.com",
            "images-amazon.com",
            "cdn-apple.com",
            "apple-orchard.example",
            "big-apple-pizza.example",
            "facebook.github.io",
            "youtube-mp3.example",
            "www.google.co.uk",
            "goggles.example",
            "hsbc.co.uk",
            "lloydspharmacy.com",
            "snapple.example",
            "pineapple.example",
            "amazonwebservices.com",
            "seerinteractive.com",
            "roirevolution.com",
            "gruposantander.es",
            "appleton-support.example",
            "pineapple-help.example",
        ] {
            assert_eq!(brand(host), None, "{host}");
        }
    }

    #[test]
    fn two_asking_words_without_a_brand() {
        let lure = Brands::embedded()
            .expect("parses")
            .find("account-verify-update.example")
            .expect("a lure");
        assert_eq!(lure.brand, None);
        assert_eq!(lure.asking, ["account", "verify", "update"]);
        assert!(
            lure.evidence()
                .starts_with("asking:account+verify+update (brands.tsv:")
        );
        assert!(
            Brands::embedded()
                .expect("parses")
                .find("secure-hosting.example")
                .is_none()
        );
    }

    #[test]
    fn evidence_names_the_line() {
        let lure = Brands::embedded()
            .expect("parses")
            .find("paypa1-login.example")
            .expect("a lure");
        let text = lure.evidence();
        assert!(
            text.starts_with("brand:paypal as paypa1, asking login (brands.tsv:"),
            "{text}"
        );
    }

    #[test]
    fn malformed_lists_name_the_line() {
        for (text, needle) in [
            ("paypal\n", ":1"),
            ("# c\nPayPal\talone\n", ":2"),
            ("paypal\tsometimes\n", "sometimes"),
            ("paypal\talone\npaypal\tasked\n", "twice"),
            ("@ask\tLogin\n", ":1"),
        ] {
            let err = Brands::parse(text).expect_err(text);
            assert!(err.to_string().contains(needle), "{err}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Any host gives a lure whose written part occurs in it, or nothing, without a
        /// panic.
        #[test]
        fn any_host_gives_a_lure_from_its_own_text(host in "[a-z0-9.\\-_é]{0,300}") {
            if let Some(lure) = Brands::embedded().expect("parses").find(&host) {
                proptest::prop_assert!(host.contains(&lure.written));
                proptest::prop_assert!(lure.confidence >= ALONE_CONFIDENCE);
            }
        }
    }
}
