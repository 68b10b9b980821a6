//! What a check answers: [`Verdict`], [`MatchKind`], [`RuleMatch`] and [`Decision`].

use super::{Audience, Category, FilterError, Lookalike, SafeSearch, category};
use serde::{Deserialize, Serialize};

crate::ids::closed_ids! {
    /// The outcome for one request.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    Verdict {
        /// Let it through.
        Allow = "allow",
        /// Block it.
        Block = "block",
        /// Let it through with safe search enforced (see [`Decision::rewrite`]).
        SafeSearch = "safe_search",
    }
}

impl PartialEq<&str> for Verdict {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::str::FromStr for Verdict {
    type Err = FilterError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Verdict::Allow, Verdict::Block, Verdict::SafeSearch]
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| FilterError::InvalidSpec {
                reason: format!("unknown verdict `{}`", category::shorten(s)),
            })
    }
}

/// How a rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// A domain (or IP literal) rule matched the host or a parent domain.
    Domain,
    /// A host+path-prefix rule matched.
    Url,
    /// A regular expression matched.
    Expression,
    /// The host is a look-alike.
    Lookalike,
}

/// One rule that matched a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RuleMatch {
    /// How it matched.
    pub kind: MatchKind,
    /// The list label (e.g. `gambling/domains`); `lookalike` for look-alike hosts.
    pub list: std::sync::Arc<str>,
    /// 1-based line in the list (0 for look-alike hosts).
    pub line: u32,
    /// The categories the rule carries.
    pub categories: std::sync::Arc<[Category]>,
    /// What matched: the listed domain, the URL prefix or the expression.
    pub matched: String,
}

/// The filter's answer for one request. Every decision explains itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Decision {
    /// `allow`, `block` or `safe_search`.
    pub verdict: Verdict,
    /// The canonical URL that was judged.
    pub url: String,
    /// Its canonical host.
    pub host: String,
    /// The audience the policy was applied for.
    pub audience: Audience,
    /// Every matched category, sorted by id (whether or not it is blocked).
    pub categories: Vec<Category>,
    /// The rule that decided: `<list>:<line>`, `override:<id>`, `lookalike:<host>` or
    /// `policy:<audience>.<clause>`.
    pub rule: String,
    /// One line for a human.
    pub reason: String,
    /// Where the rule comes from (DOMAIN.md section, seed, school policy).
    pub source: std::borrow::Cow<'static, str>,
    /// Every rule that matched, in match order.
    pub matches: Vec<RuleMatch>,
    /// The decoded search terms, for search engines and video sites.
    pub search_terms: Option<String>,
    /// The URL with safe search enforced (verdict `safe_search` only).
    pub rewrite: Option<String>,
    /// How safe search is enforced (verdict `safe_search` only).
    pub safe_search: Option<SafeSearch>,
    /// Why the host counts as a look-alike, if it does.
    pub lookalike: Option<Lookalike>,
    /// What a monitoring scanner found in the search terms (empty without a scanner).
    #[serde(default)]
    pub search_matches: Vec<crate::scanner::Match>,
    /// Whether the categories come from the category model or the content phrases rather
    /// than a list (no list matched).
    #[serde(default)]
    pub predicted: bool,
    /// The model's confidence in its category, 0 to 1 (`None` when nothing was predicted).
    #[serde(default)]
    pub confidence: Option<f64>,
    /// What drove a prediction: the name word that named the category, with its list line
    /// (`word:kratom (name.words:24)`), then the model's strongest features with their
    /// weights (`name~casi +1.90`); or the phrases that scored.
    #[serde(default)]
    pub evidence: Vec<String>,
}

impl Decision {
    /// The decision as stable JSON (field order as declared, snake_case ids).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Rewrites the offsets of [`Decision::search_matches`] (bytes of
    /// [`Decision::search_terms`]) into `unit`, the way a binding's strings count, so that
    /// they slice the search terms as a scan of the same text would.
    ///
    /// ```
    /// use esafety_core::filter::UrlFilter;
    /// use esafety_core::scanner::{OffsetUnit, TermScanner};
    ///
    /// let scanner = TermScanner::embedded_default()?;
    /// let url = "https://www.google.com/search?q=%F0%9F%94%AA+knife";
    /// let mut d = UrlFilter::default().check_with(url, "ks2", None, Some(&scanner))?;
    /// let knife = d.search_matches.iter().find(|m| m.matched_text == "knife").expect("a match");
    /// assert_eq!((knife.start, knife.end), (5, 10));
    /// d.convert_search_offsets(OffsetUnit::Char)?;
    /// let knife = d.search_matches.iter().find(|m| m.matched_text == "knife").expect("a match");
    /// assert_eq!((knife.start, knife.end), (2, 7));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`ScannerError::InvalidOffset`](crate::scanner::ScannerError::InvalidOffset) when an
    /// offset is not a character boundary of the search terms.
    pub fn convert_search_offsets(
        &mut self,
        unit: crate::scanner::OffsetUnit,
    ) -> Result<(), crate::scanner::ScannerError> {
        match self.search_terms.as_deref() {
            Some(terms) => {
                crate::scanner::convert_match_offsets(terms, &mut self.search_matches, unit)
            }
            None => Ok(()),
        }
    }
}
