//! Name words: a word in a host name that says what an unlisted site is about
//! (`buy-kratom-online.example` → `drugs`), part of the category model (issue 12).
//!
//! The lexical model learns only what its training lists show, and a category with small
//! lists (UT1 `drogue` has a few hundred old domains) teaches it little of the vocabulary
//! an independent list is full of. The words of `core/data/filter/name.words` fill that gap:
//! written by hand from each category's common vocabulary, each kept only when it names
//! almost no clean site.
//!
//! A word counts anywhere in a label before the public suffix (`growweedeasy`), or, for
//! short words marked `edge`, only at the start or end of a label or of a part between
//! hyphens (`thc-oil` but not `healthcare`); a word inside a listed benign word does not
//! count (`seaweed`, `method`). A word marked `paired` counts only beside one of its
//! category's pairing words (`pills` in `cheap-pills-24.example`, not in `pills.example`).
//! The longest word found wins.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::name_words::NameWords;
//!
//! let words = NameWords::embedded().expect("the embedded list parses");
//! let found = words.find("www.buy-kratom-online.example").expect("a name word");
//! assert_eq!((found.word.as_str(), found.category.as_str()), ("kratom", "drugs"));
//! assert!(words.find("magicseaweed.com").is_none());
//! assert!(words.find("carolinashealthcare.org").is_none());
//! ```

use super::word_lists::{self, is_word};
use super::{Category, FilterError};
use aho_corasick::{AhoCorasick, MatchKind};

/// The embedded word list.
const EMBEDDED: &str = include_str!("../../data/filter/name.words");

/// The label of the embedded list in evidence (`name.words:12`).
pub const LABEL: &str = "name.words";

/// One line of the list.
#[derive(Debug, Clone)]
struct Entry {
    word: String,
    /// `None` for a benign word.
    category: Option<Category>,
    edge: bool,
    /// Counts only beside a pairing word of its category.
    paired: bool,
    line: u32,
}

/// A compiled word list.
#[derive(Debug, Clone)]
pub struct NameWords {
    automaton: Option<AhoCorasick>,
    entries: Vec<Entry>,
    /// Each category's pairing words (`@pair` lines).
    pairs: Vec<(Category, Vec<String>)>,
    /// Each category's help words (`@help` lines), with their line.
    helps: Vec<(Category, String, u32)>,
}

/// The byte ranges of the benign words in a name ([`NameWords::benign_spans`]): the first
/// eight found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BenignSpans {
    spans: [Option<(usize, usize)>; 8],
}

impl BenignSpans {
    /// The ranges, in the order found.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.spans.iter().flatten().copied()
    }

    /// Whether the name bytes `start..end` touch a benign word.
    pub fn touches(&self, start: usize, end: usize) -> bool {
        self.iter().any(|(s, e)| start < e && end > s)
    }
}

/// The word that named a host's category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameWord {
    /// The word as listed.
    pub word: String,
    /// Its category.
    pub category: Category,
    /// Its line in the list.
    pub line: u32,
}

fn invalid(line: u32, reason: &str) -> FilterError {
    FilterError::InvalidSpec {
        reason: format!("{LABEL}:{line}: {reason}"),
    }
}

impl NameWords {
    /// The embedded list (`None` only if it failed to parse, which a test rules out: the
    /// model is then unavailable rather than silently without its words).
    pub fn embedded() -> Option<NameWords> {
        NameWords::parse(EMBEDDED).ok()
    }

    /// Reads a list (`word<TAB>category[<TAB>flags]` with the flags `edge` and `paired`,
    /// `word<TAB>-` for a benign word, `@pair<TAB>category<TAB>words` for a category's
    /// pairing words, `@help<TAB>category<TAB>words` for the words of the services that
    /// help with it; `#` comments and blank lines skipped).
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidSpec`] naming the line of a malformed entry, or
    /// [`FilterError::UnknownCategory`].
    pub fn parse(text: &str) -> Result<NameWords, FilterError> {
        let mut entries = Vec::new();
        let mut pairs: Vec<(Category, Vec<String>)> = Vec::new();
        let mut helps: Vec<(Category, String, u32)> = Vec::new();
        for (line, mut parts) in word_lists::entries(text) {
            let (Some(word), Some(category)) = (parts.next(), parts.next()) else {
                return Err(invalid(line, "expected word<TAB>category"));
            };
            if word == "@help" {
                let category = category.parse::<Category>()?;
                let words: Vec<&str> = parts.flat_map(str::split_whitespace).collect();
                if words.is_empty() || words.iter().any(|w| !is_word(w)) {
                    return Err(invalid(
                        line,
                        "help words are lower-case ASCII letters and digits",
                    ));
                }
                helps.extend(
                    words
                        .into_iter()
                        .map(|w| (category.clone(), w.to_owned(), line)),
                );
                continue;
            }
            if word == "@pair" {
                let category = category.parse::<Category>()?;
                let words: Vec<String> = parts
                    .flat_map(str::split_whitespace)
                    .map(str::to_owned)
                    .collect();
                if words.is_empty() || words.iter().any(|w| !is_word(w)) {
                    return Err(invalid(
                        line,
                        "pairing words are lower-case ASCII letters and digits",
                    ));
                }
                match pairs.iter_mut().find(|(c, _)| *c == category) {
                    Some((_, list)) => list.extend(words),
                    None => pairs.push((category, words)),
                }
                continue;
            }
            let (mut edge, mut paired) = (false, false);
            for flag in parts.flat_map(str::split_whitespace) {
                match flag {
                    "edge" => edge = true,
                    "paired" => paired = true,
                    other => return Err(invalid(line, &format!("unknown flag `{other}`"))),
                }
            }
            if !is_word(word) {
                return Err(invalid(
                    line,
                    "a word is lower-case ASCII letters and digits",
                ));
            }
            let category = match category {
                "-" => None,
                id => Some(id.parse::<Category>()?),
            };
            entries.push(Entry {
                word: word.to_owned(),
                category,
                edge,
                paired,
                line,
            });
        }
        let automaton = if entries.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::Standard)
                    .build(entries.iter().map(|e| e.word.as_bytes()))
                    .map_err(|e| invalid(0, &e.to_string()))?,
            )
        };
        Ok(NameWords {
            automaton,
            entries,
            pairs,
            helps,
        })
    }

    /// The help word of `category` in `host`'s names (the labels before the public suffix),
    /// with its line: a service that helps with drugs or gambling (`recovery`, `gamcare`)
    /// is not a site of that category, so a guess of it there only flags.
    ///
    /// ```
    /// use esafety_core::filter::{Category, name_words::NameWords};
    ///
    /// let words = NameWords::parse("@help\tdrugs\trecovery\n")?;
    /// assert_eq!(words.help(&Category::Drugs, "drugrecovery.org"), Some(("recovery", 1)));
    /// assert_eq!(words.help(&Category::Gambling, "drugrecovery.org"), None);
    /// assert_eq!(words.help(&Category::Drugs, "weed.recovery"), None);
    /// # Ok::<(), esafety_core::filter::FilterError>(())
    /// ```
    pub fn help(&self, category: &Category, host: &str) -> Option<(&str, u32)> {
        let (_, _, suffix_start) = super::model::split_host(host);
        let names = host.get(..suffix_start)?;
        self.helps
            .iter()
            .find(|(c, word, _)| c == category && names.contains(word.as_str()))
            .map(|(_, word, line)| (word.as_str(), *line))
    }

    /// Whether the entry at `index`, found at `span` of `names`, needs no pairing word or
    /// has one of its category's outside that span.
    fn pairing_holds(&self, names: &[u8], (start, end): (usize, usize), index: usize) -> bool {
        let Some(entry) = self.entries.get(index) else {
            return false;
        };
        if !entry.paired {
            return true;
        }
        let words = self
            .pairs
            .iter()
            .find(|(c, _)| Some(c) == entry.category.as_ref())
            .map_or(&[][..], |(_, w)| w.as_slice());
        words.iter().any(|word| {
            let w = word.as_bytes();
            !w.is_empty()
                && names
                    .windows(w.len())
                    .enumerate()
                    .any(|(at, window)| window == w && (at + w.len() <= start || at >= end))
        })
    }

    /// The categories the list's words name (benign words name none).
    pub fn categories(&self) -> impl Iterator<Item = &Category> {
        self.entries.iter().filter_map(|e| e.category.as_ref())
    }

    /// The benign words in `name` (a host's registrable label), as byte ranges: the model
    /// reads no letter pattern inside them (`essex` holds `sex`). A name holding more than
    /// eight has only its first eight masked: the others' letter patterns still count, the
    /// reading that blocks more, never less.
    ///
    /// ```
    /// use esafety_core::filter::name_words::NameWords;
    ///
    /// let words = NameWords::parse("sex\tpornography\nessex\t-\n")?;
    /// let spans: Vec<_> = words.benign_spans(b"visitessex").iter().collect();
    /// assert_eq!(spans, [(5, 10)]);
    /// # Ok::<(), esafety_core::filter::FilterError>(())
    /// ```
    pub fn benign_spans(&self, name: &[u8]) -> BenignSpans {
        let mut spans = BenignSpans::default();
        let Some(automaton) = self.automaton.as_ref() else {
            return spans;
        };
        let benign = automaton.find_overlapping_iter(name).filter(|m| {
            self.entries
                .get(m.pattern().as_usize())
                .is_some_and(|e| e.category.is_none())
        });
        for (slot, m) in spans.spans.iter_mut().zip(benign) {
            *slot = Some((m.start(), m.end()));
        }
        spans
    }

    /// The longest listed word in the labels of a canonical host before its public suffix
    /// (see the module notes), if any.
    pub fn find(&self, host: &str) -> Option<NameWord> {
        let automaton = self.automaton.as_ref()?;
        let (_, _, suffix_start) = super::model::split_host(host);
        let names = host.get(..suffix_start)?.as_bytes();
        let separator = |at: usize| matches!(names.get(at), Some(b'.' | b'-'));
        let at_edge =
            |start: usize, end: usize| start == 0 || separator(start - 1) || separator(end);
        // A host name holds few listed words: fixed arrays keep the lookup allocation-free
        // (listed words past the eighth are not considered).
        let mut benign = [(0usize, 0usize); 8];
        let mut found = [(0usize, 0usize, 0usize); 8];
        let (mut benign_len, mut found_len) = (0, 0);
        for m in automaton.find_overlapping_iter(names) {
            let index = m.pattern().as_usize();
            let Some(entry) = self.entries.get(index) else {
                continue;
            };
            let (start, end) = (m.start(), m.end());
            if entry.category.is_none() {
                // More benign words than the array holds: a word inside an unrecorded one
                // could be taken for a listed word, so no name word is read at all.
                let slot = benign.get_mut(benign_len)?;
                *slot = (start, end);
                benign_len += 1;
            } else if (!entry.edge || at_edge(start, end))
                && let Some(slot) = found.get_mut(found_len)
            {
                *slot = (start, end, index);
                found_len += 1;
            }
        }
        // Both lengths grow only after a successful `get_mut`, so they never pass the
        // arrays' length and these slices always exist (the defaults are never taken).
        let benign = benign.get(..benign_len).unwrap_or_default();
        let (_, _, index) = found
            .get(..found_len)
            .unwrap_or_default()
            .iter()
            .filter(|&&(s, e, _)| !benign.iter().any(|&(bs, be)| bs <= s && be >= e))
            .filter(|&&(s, e, index)| self.pairing_holds(names, (s, e), index))
            .max_by_key(|&&(s, e, _)| (e - s, std::cmp::Reverse(s)))?;
        let entry = self.entries.get(*index)?;
        Some(NameWord {
            word: entry.word.clone(),
            category: entry.category.clone()?,
            line: entry.line,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_list_parses() {
        let words = NameWords::parse(EMBEDDED).expect("the embedded list parses");
        assert!(words.entries.len() > 40);
    }

    #[test]
    fn words_edges_and_benign_words() {
        let words = NameWords::embedded().expect("parses");
        let category = |host: &str| words.find(host).map(|w| w.category.as_str().to_owned());
        for host in [
            "growweedeasy.com",
            "thc-oil.example",
            "buythc.example",
            "420seeds.co.uk",
            "shop.cannabis.ca.tc",
            "magicmushroomshop.nl",
            "cheap-viagra-store.example",
            "best-canadianpharmacy.example",
        ] {
            assert_eq!(category(host).as_deref(), Some("drugs"), "{host}");
        }
        for host in [
            "12bet.example",
            "betamerica-sportsbook.example",
            "lucky-slots.example",
        ] {
            assert_eq!(category(host).as_deref(), Some("gambling"), "{host}");
        }
        for host in [
            "magicseaweed.com",
            "carolinashealthcare.org",
            "authenticmarketingmethod.com",
            "40somethingmag.com",
            "gourmetmushrooms.com",
            "britishempire.de",
            "example.weed",
            "chainsawspecialists.co.uk",
            "thefinancialist.com",
            "lloydspharmacy.com",
            "alphabet-soup.example",
            "slothbear.example",
            "boxspring-betten.example",
            "wintersexpress.example",
            "essex-county.example",
            "sexualhealth-advice.example",
            "scunthorpe-united.example",
            "lasexta.example",
            "pills.example",
            "caterpillarshop.example",
            "drugstore.example",
            "racerxonline.example",
            "ipassexam.example",
        ] {
            assert_eq!(category(host), None, "{host}");
        }
        let found = words.find("www.magicmushroomshop.nl").expect("found");
        assert_eq!(found.word, "magicmushroom");
        assert!(found.line > 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Any host (many words, separators, non-ASCII) gives a listed word of a category
        /// that occurs in it, or nothing, without a panic.
        #[test]
        fn any_host_gives_a_listed_word_or_nothing(host in "[a-z0-9.\\-é]{0,300}") {
            let words = NameWords::embedded().expect("parses");
            if let Some(found) = words.find(&host) {
                proptest::prop_assert!(host.contains(&found.word));
                let entry = words.entries.iter().find(|e| e.line == found.line);
                proptest::prop_assert!(entry.is_some_and(|e| e.category.is_some()));
            }
        }
    }

    #[test]
    fn many_words_in_one_host_stay_bounded() {
        let words = NameWords::embedded().expect("parses");
        let host = format!("{}.example", "weed-cannabis-kratom-".repeat(40));
        assert_eq!(
            words.find(&host).map(|w| w.word),
            Some("cannabis".to_owned())
        );
        let masked = format!("{}.example", "seaweed-".repeat(40));
        assert!(words.find(&masked).is_none());
        let crowded = format!("{}seaweed.example", "method-".repeat(9));
        assert!(words.find(&crowded).is_none());
    }

    #[test]
    fn malformed_lists_name_the_line() {
        for (text, needle) in [
            ("weed\n", ":1"),
            ("# c\nWeed\tdrugs\n", ":2"),
            ("weed\tdrugs\tsometimes\n", "sometimes"),
            ("@pair\tdrugs\n", ":1"),
            ("@pair\tdrugs\tCheap\n", ":1"),
        ] {
            let err = NameWords::parse(text).expect_err(text);
            assert!(err.to_string().contains(needle), "{err}");
        }
        let err = NameWords::parse("weed\tdrgus\n").expect_err("unknown category");
        assert_eq!(crate::ErrorCode::code(&err), "filter_unknown_category");
    }
}
