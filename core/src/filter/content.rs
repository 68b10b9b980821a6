//! Content classification for proxies that see the page: weighted phrase lists per
//! category, the e2guardian "naughtiness" idea (issue 12 §3).
//!
//! Every phrase of `core/data/filter/content.phrases` (`phrase<TAB>category<TAB>weight`)
//! is matched in the page's title and text by the monitoring scanner, so its normaliser
//! sees through case, leetspeak, spacing and look-alike letters, and a longer phrase wins
//! over a shorter one inside it. Each occurrence adds its weight to its category (negative
//! weights, such as `sex education`, lower the score). A category whose score reaches the
//! audience's limit (`content_limit`: 50 up to KS2, 100 from KS3 and for guests, 160 for
//! staff, the e2guardian defaults for young children, older children and adults) blocks the
//! page when the audience blocks that category.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{UrlFilter, Verdict};
//!
//! let filter = UrlFilter::default();
//! let d = filter.classify_content(
//!     "https://unlisted.example/", "Online casino", "Best online casino bonus: roulette, \
//!      blackjack and slots. Place your bets at our online casino.", "ks2")?;
//! assert_eq!(d.verdict, Verdict::Block);
//! assert_eq!(d.rule, "content:gambling");
//! assert!(d.evidence.iter().any(|e| e.starts_with("online casino")));
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use super::{Audience, Category, Decision, FilterError, UrlFilter, Verdict};
use crate::scanner::{Scratch, TermScanner};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The embedded phrase list.
const PHRASES: &str = include_str!("../../data/filter/content.phrases");

/// The phrase scanner and each entry's category and weight.
#[derive(Debug)]
struct Phrases {
    scanner: TermScanner,
    weights: Vec<(Category, i32)>,
}

static PHRASE_SET: OnceLock<Option<Phrases>> = OnceLock::new();

fn phrases() -> Option<&'static Phrases> {
    PHRASE_SET
        .get_or_init(|| {
            let mut entries = Vec::new();
            let mut weights = Vec::new();
            for line in PHRASES.lines() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let mut parts = line.split('\t');
                let (Some(phrase), Some(category), Some(weight)) =
                    (parts.next(), parts.next(), parts.next())
                else {
                    continue;
                };
                let (Ok(category), Ok(weight)) =
                    (category.parse::<Category>(), weight.trim().parse::<i32>())
                else {
                    continue;
                };
                entries.push((phrase.to_owned(), category.as_str().to_owned(), 1i64));
                weights.push((category, weight));
            }
            let none: [&str; 0] = [];
            TermScanner::from_entries(&entries, &none)
                .ok()
                .map(|scanner| Phrases { scanner, weights })
        })
        .as_ref()
}

impl Audience {
    /// The default naughtiness limit of content classification.
    pub fn default_content_limit(self) -> u32 {
        match self {
            Audience::Eyfs | Audience::Ks1 | Audience::Ks2 => 50,
            Audience::Staff => 160,
            _ => 100,
        }
    }
}

impl UrlFilter {
    /// Classifies a page by its content: the URL is checked first (a list decision stands),
    /// then the title and text are scored with the weighted phrase lists. The decision's
    /// `evidence` lists the phrases that scored (`online casino ×2 +60`), `categories` the
    /// categories with a positive score.
    ///
    /// # Errors
    ///
    /// [`FilterError::Url`], [`FilterError::UnknownAudience`]; [`FilterError::PageTooLong`] when
    /// the title and text together are longer than [`crate::scanner::MAX_TEXT_BYTES`].
    pub fn classify_content(
        &self,
        url: &str,
        title: &str,
        text: &str,
        audience: &str,
    ) -> Result<Decision, FilterError> {
        let audience: Audience = audience.parse()?;
        let mut decision = self.check_for(url, audience, None)?;
        if decision.verdict == Verdict::Block || decision.rule.ends_with(".allow_list") {
            return Ok(decision);
        }
        let Some(phrases) = phrases() else {
            return Ok(decision);
        };
        // Refused before the page is copied; the scan itself can then only fail for an
        // audience, which is known here.
        if title.len() + 1 + text.len() > crate::scanner::MAX_TEXT_BYTES {
            return Err(FilterError::PageTooLong);
        }
        let page = format!("{title}\n{text}");
        let matches = phrases
            .scanner
            .scan_with(&mut Scratch::default(), &page, audience)
            .map_err(|_| FilterError::PageTooLong)?;
        let mut scores: BTreeMap<&str, (Category, i32)> = BTreeMap::new();
        let mut scored: BTreeMap<(String, i32), u32> = BTreeMap::new();
        for m in &matches {
            let index = m
                .source
                .rsplit('#')
                .next()
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| i.checked_sub(1));
            let Some((category, weight)) = index.and_then(|i| phrases.weights.get(i)) else {
                continue;
            };
            scores
                .entry(category.as_str())
                .or_insert((category.clone(), 0))
                .1 += weight;
            *scored.entry((m.term.clone(), *weight)).or_default() += 1;
        }
        let policy = self.policies.get(audience.index());
        let limit = policy.map_or(audience.default_content_limit(), |p| p.policy.content_limit);
        let blocked = policy.map(|p| p.blocked.union(self.illegal));
        let blocks = |category: &Category| {
            category.is_illegal()
                || blocked.is_some_and(|b| b.intersects(self.bits(std::slice::from_ref(category))))
        };
        let mut worst: Option<(Category, i32)> = None;
        for (category, score) in scores.values() {
            if blocks(category)
                && i64::from(*score) >= i64::from(limit)
                && worst.as_ref().is_none_or(|(_, s)| score > s)
            {
                worst = Some((category.clone(), *score));
            }
        }
        let mut evidence: Vec<(i64, String)> = scored
            .iter()
            .map(|((term, weight), n)| {
                let total = i64::from(*weight) * i64::from(*n);
                (total, format!("{term} ×{n} {weight:+}"))
            })
            .collect();
        evidence.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        decision.evidence = evidence.into_iter().map(|(_, e)| e).collect();
        for (category, score) in scores.values() {
            if *score > 0 && !decision.categories.contains(category) {
                decision.categories.push(category.clone());
                decision.predicted = true;
            }
        }
        decision
            .categories
            .sort_by(|a, b| a.as_str().cmp(b.as_str()));
        let aud = audience.as_str();
        if let Some((category, score)) = worst {
            decision.verdict = Verdict::Block;
            decision.rule = format!("content:{}", category.as_str());
            decision.reason = format!(
                "blocked: the page scores {score} for {} (limit {limit} for {aud}), from {}",
                category.as_str(),
                decision
                    .evidence
                    .first()
                    .map_or("its phrases", String::as_str)
            );
            decision.source = "Filter content classification".into();
            decision.rewrite = None;
            decision.safe_search = None;
        } else if title.trim().is_empty() && text.trim().is_empty() {
            // Nothing was read: say so, rather than let "no list matched" stand for a
            // page that was judged clean.
            decision.reason = format!("{}; the page has no text to score", decision.reason);
        } else if let Some((category, score)) = scores.values().max_by_key(|(_, s)| *s)
            && *score > 0
        {
            let why = if blocks(category) {
                format!("under the limit {limit} for {aud}")
            } else {
                format!("which {aud} does not block")
            };
            decision.reason = format!(
                "{}; the page scores {score} for {}, {why}",
                decision.reason,
                category.as_str()
            );
        }
        Ok(decision)
    }
}
