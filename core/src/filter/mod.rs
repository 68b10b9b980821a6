//! Web filtering: an evasion-resistant URL classifier with per-audience policies, school
//! overrides and safe search (issue 6; DOMAIN.md §6).
//!
//! [`UrlFilter`] takes a URL (any spelling a browser would accept), canonicalises it with
//! WHATWG semantics ([`crate::canonical_url`]), finds every rule that matches (domain
//! suffix on label boundaries, host+path prefix, IP literal, UT1 expression, look-alike
//! host) and applies the audience's policy. The answer is a [`Decision`]: verdict, every
//! matched category, the rule that decided (list file and line, override event or policy
//! clause), a one-line reason, the search terms and the safe-search rewrite.
//!
//! Order of precedence (first that applies wins):
//!
//! 1. an **illegal** category (`illegal.csam`, `illegal.terrorism`): block, always;
//! 2. an approved **override** (unblock or block request) for the audience;
//! 3. the audience's **block list**, then its **allow list** (the more specific entry wins);
//! 4. **allow-list mode** (EYFS/KS1 when turned on): anything not allow-listed is blocked;
//! 5. a **blocked category** (defaults per audience, time windows applied);
//! 6. **safe search** on Google, Bing, DuckDuckGo and YouTube;
//! 7. otherwise **allow**.
//!
//! Modules: [`category`] (ids and the UT1 mapping), [`rules`] (list formats and the load
//! report), `matcher` (the hash index and allocation-free URL views), [`policy`],
//! [`safe_search`], [`search_terms`], [`overrides`], [`lookalike`], [`squid_log`] (access
//! logs).
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{UrlFilter, Verdict};
//!
//! let filter = UrlFilter::default();
//! let d = filter.check("HTTPS://User@WWW.Bet365.COM.:443/en", "ks2", None)?;
//! assert_eq!(d.verdict, Verdict::Block);
//! assert_eq!(d.categories[0].as_str(), "gambling");
//! assert_eq!(d.rule, "esafety/gambling.domains:2");
//! assert!(d.to_json().starts_with("{\"verdict\":\"block\""));
//!
//! let d = filter.check("https://www.bbc.co.uk/bitesize", "ks2", None)?;
//! assert_eq!(d.verdict, Verdict::Allow);
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

pub mod category;
pub mod lookalike;
mod matcher;
pub mod overrides;
pub mod policy;
pub mod rules;
pub mod safe_search;
pub mod search_terms;
pub mod squid_log;

pub use category::{
    Category, ILLEGAL_CATEGORIES, NAMED_CATEGORIES, UKSIC_CATEGORIES, ut1_categories,
};
pub use lookalike::Lookalike;
pub use overrides::{
    OverrideAction, OverrideEvent, OverrideLog, OverrideRecord, OverrideStatus, SLT_ROLES,
};
pub use policy::{
    AUDIENCES, Audience, AudienceConfig, PolicyConfig, SchoolTimezone, TimeWindowConfig,
};
pub use rules::{
    FileReport, ListFormat, ListSource, LoadReport, RejectedLine, SkippedFile, ut1_file_kind,
};
pub use safe_search::{SafeSearch, SafeSearchMode};
pub use search_terms::SearchProvider;

use crate::canonical_url::{HostKind, UrlError};
use crate::error::ErrorCode;
use chrono::{DateTime, Utc};
use matcher::{HashIndex, PathQuery, SuffixHashes, UrlView};
use policy::AudiencePolicy;
use rules::{ListMeta, RuleTables, UrlRule};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Everything that can go wrong building or asking the filter.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FilterError {
    /// The URL is not a usable web address (code and domain are the URL error's).
    #[error(transparent)]
    Url(#[from] UrlError),
    /// A category id is not in the closed set.
    #[error("unknown category `{category}`")]
    UnknownCategory {
        /// The id given.
        category: String,
    },
    /// An audience id is not one of `eyfs`, `ks1`, `ks2`, `ks3`, `ks4`, `sixth_form`, `staff`, `guest`.
    #[error("unknown audience `{audience}`")]
    UnknownAudience {
        /// The id given.
        audience: String,
    },
    /// A list format id is unknown, or a file name is not a UT1 list.
    #[error("unknown list format `{format}`")]
    UnknownListFormat {
        /// The format or path given.
        format: String,
    },
    /// Strict mode: a line of a list could not be read.
    #[error("rejected line `{file}:{line}` ({reason})")]
    RejectedLine {
        /// The list label.
        file: String,
        /// 1-based line number.
        line: u32,
        /// The rejection code.
        reason: String,
    },
    /// More than 65,536 lists.
    #[error("too many lists (at most 65536)")]
    TooManyLists,
    /// More than 256 distinct categories.
    #[error("too many categories (at most 256)")]
    TooManyCategories,
    /// A configuration or request tried to unblock an illegal category.
    #[error("category `{category}` is illegal and can never be unblocked")]
    IllegalCategoryLocked {
        /// The category (or `illegal` for a listed site).
        category: String,
    },
    /// A policy value is malformed (day, time or list entry).
    #[error("invalid policy: {reason}")]
    InvalidPolicy {
        /// What is wrong.
        reason: String,
    },
    /// A filter specification is not valid JSON or has the wrong shape.
    #[error("invalid filter specification: {reason}")]
    InvalidSpec {
        /// What is wrong.
        reason: String,
    },
    /// An instant is not RFC 3339.
    #[error("time `{input}` is not an RFC 3339 instant")]
    InvalidTime {
        /// The input.
        input: String,
    },
    /// An override event names a request that does not exist.
    #[error("unknown override request `{id}`")]
    UnknownOverride {
        /// The id.
        id: String,
    },
    /// An approval, rejection or revocation does not fit the request's state.
    #[error("override request `{id}` is not in a state that allows this")]
    OverrideNotPending {
        /// The id.
        id: String,
    },
    /// An override event is malformed (audiences, times, target).
    #[error("invalid override: {reason}")]
    InvalidOverride {
        /// What is wrong.
        reason: String,
    },
    /// A line of an access log is not in squid's native format.
    #[error("invalid access-log line: {reason}")]
    InvalidLogLine {
        /// What is wrong.
        reason: String,
    },
    /// The approver does not hold an SLT role.
    #[error("role `{role}` may not approve filter changes (an SLT role is required)")]
    ApproverNotSlt {
        /// The role given.
        role: String,
    },
}

impl ErrorCode for FilterError {
    fn code(&self) -> &'static str {
        match self {
            FilterError::Url(e) => e.code(),
            FilterError::UnknownCategory { .. } => "filter_unknown_category",
            FilterError::UnknownAudience { .. } => "filter_unknown_audience",
            FilterError::UnknownListFormat { .. } => "filter_unknown_list_format",
            FilterError::RejectedLine { .. } => "filter_rejected_line",
            FilterError::TooManyLists => "filter_too_many_lists",
            FilterError::TooManyCategories => "filter_too_many_categories",
            FilterError::IllegalCategoryLocked { .. } => "filter_illegal_category_locked",
            FilterError::InvalidPolicy { .. } => "filter_invalid_policy",
            FilterError::InvalidSpec { .. } => "filter_invalid_spec",
            FilterError::InvalidTime { .. } => "invalid_datetime",
            FilterError::UnknownOverride { .. } => "filter_unknown_override",
            FilterError::OverrideNotPending { .. } => "filter_override_not_pending",
            FilterError::InvalidOverride { .. } => "filter_invalid_override",
            FilterError::ApproverNotSlt { .. } => "filter_approver_not_slt",
            FilterError::InvalidLogLine { .. } => "filter_invalid_log_line",
        }
    }

    fn domain(&self) -> &'static str {
        match self {
            FilterError::Url(e) => e.domain(),
            _ => "filter",
        }
    }
}

/// Parses an optional RFC 3339 instant (a helper for bindings that pass strings).
///
/// # Errors
///
/// [`FilterError::InvalidTime`].
pub fn parse_instant(input: Option<&str>) -> Result<Option<DateTime<Utc>>, FilterError> {
    input
        .map(|s| {
            DateTime::parse_from_rfc3339(s)
                .map(|d| d.with_timezone(&Utc))
                .map_err(|_| FilterError::InvalidTime {
                    input: category::shorten(s),
                })
        })
        .transpose()
}

/// The outcome for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Let it through.
    Allow,
    /// Block it.
    Block,
    /// Let it through with safe search enforced (see [`Decision::rewrite`]).
    SafeSearch,
}

impl Verdict {
    /// The snake_case id (`allow`, `block`, `safe_search`).
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Allow => "allow",
            Verdict::Block => "block",
            Verdict::SafeSearch => "safe_search",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleMatch {
    /// How it matched.
    pub kind: MatchKind,
    /// The list label (e.g. `gambling/domains`); `lookalike` for look-alike hosts.
    pub list: String,
    /// 1-based line in the list (0 for look-alike hosts).
    pub line: u32,
    /// The categories the rule carries.
    pub categories: Vec<Category>,
    /// What matched: the listed domain, the URL prefix or the expression.
    pub matched: String,
}

/// The filter's answer for one request. Every decision explains itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    pub source: String,
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
}

impl Decision {
    /// The decision as stable JSON (field order as declared, snake_case ids).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A whole filter described as data: embedded defaults, lists and policy (what bindings
/// and conformance vectors hand in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    /// Load the embedded default lists first (default `true`).
    #[serde(default = "yes")]
    pub include_defaults: bool,
    /// Fail on the first bad line (default `false`: reject and report).
    #[serde(default)]
    pub strict: bool,
    /// Lists to load, in order.
    #[serde(default)]
    pub lists: Vec<ListSource>,
    /// The school's policy (default: the built-in defaults).
    #[serde(default)]
    pub policy: PolicyConfig,
}

fn yes() -> bool {
    true
}

impl Default for FilterSpec {
    fn default() -> Self {
        FilterSpec {
            include_defaults: true,
            strict: false,
            lists: Vec::new(),
            policy: PolicyConfig::default(),
        }
    }
}

/// The embedded default lists: `(label, format, categories, text)`.
const EMBEDDED: &[(&str, ListFormat, &[Category], &str)] = &[
    (
        "esafety/illegal_csam_test.domains",
        ListFormat::Domains,
        &[Category::IllegalCsam],
        include_str!("../../data/filter/illegal_csam_test.domains"),
    ),
    (
        "esafety/illegal_terrorism_test.domains",
        ListFormat::Domains,
        &[Category::IllegalTerrorism],
        include_str!("../../data/filter/illegal_terrorism_test.domains"),
    ),
    (
        "esafety/pornography.domains",
        ListFormat::Domains,
        &[Category::Pornography],
        include_str!("../../data/filter/pornography.domains"),
    ),
    (
        "esafety/gambling.domains",
        ListFormat::Domains,
        &[Category::Gambling],
        include_str!("../../data/filter/gambling.domains"),
    ),
    (
        "esafety/social_networks.domains",
        ListFormat::Domains,
        &[Category::SocialNetworks],
        include_str!("../../data/filter/social_networks.domains"),
    ),
    (
        "esafety/chat.domains",
        ListFormat::Domains,
        &[Category::Chat],
        include_str!("../../data/filter/chat.domains"),
    ),
    (
        "esafety/dating.domains",
        ListFormat::Domains,
        &[Category::Dating],
        include_str!("../../data/filter/dating.domains"),
    ),
    (
        "esafety/games.domains",
        ListFormat::Domains,
        &[Category::Games],
        include_str!("../../data/filter/games.domains"),
    ),
    (
        "esafety/filter_bypass.domains",
        ListFormat::Domains,
        &[Category::FilterBypass],
        include_str!("../../data/filter/filter_bypass.domains"),
    ),
    (
        "esafety/filter_bypass.urls",
        ListFormat::Urls,
        &[Category::FilterBypass],
        include_str!("../../data/filter/filter_bypass.urls"),
    ),
    (
        "esafety/piracy.domains",
        ListFormat::Domains,
        &[Category::Piracy],
        include_str!("../../data/filter/piracy.domains"),
    ),
    (
        "esafety/webmail.domains",
        ListFormat::Domains,
        &[Category::Webmail],
        include_str!("../../data/filter/webmail.domains"),
    ),
    (
        "esafety/streaming.domains",
        ListFormat::Domains,
        &[Category::Streaming],
        include_str!("../../data/filter/streaming.domains"),
    ),
    (
        "esafety/shopping.domains",
        ListFormat::Domains,
        &[Category::Shopping],
        include_str!("../../data/filter/shopping.domains"),
    ),
    (
        "esafety/generative_ai.domains",
        ListFormat::Domains,
        &[Category::GenerativeAi],
        include_str!("../../data/filter/generative_ai.domains"),
    ),
    (
        "esafety/drugs.domains",
        ListFormat::Domains,
        &[Category::Drugs],
        include_str!("../../data/filter/drugs.domains"),
    ),
    (
        "esafety/well_known.domains",
        ListFormat::Domains,
        &[],
        include_str!("../../data/filter/well_known.domains"),
    ),
];

/// Builds a [`UrlFilter`] from lists handed in as text.
///
/// # Example
///
/// ```
/// use esafety_core::filter::{FilterBuilder, ListFormat, Category, Verdict};
///
/// let mut builder = FilterBuilder::new();
/// builder.add_ut1_file("gambling/domains", "casino.test\n")?;
/// builder.add_list("iwf", ListFormat::Urls, &[Category::IllegalCsam], "bad.test/abuse/\n")?;
/// let filter = builder.build()?;
/// assert_eq!(filter.check("https://m.casino.test/", "staff", None)?.verdict, Verdict::Block);
/// assert_eq!(filter.load_report().accepted(), 2);
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct FilterBuilder {
    tables: RuleTables,
    strict: bool,
    policy: PolicyConfig,
}

impl FilterBuilder {
    /// An empty builder (no lists, default policy, lenient loading).
    pub fn new() -> FilterBuilder {
        FilterBuilder::default()
    }

    /// Strict mode: the first bad line of any later list is an error.
    pub fn strict(&mut self, strict: bool) -> &mut FilterBuilder {
        self.strict = strict;
        self
    }

    /// Adds the embedded default lists (see `core/data/filter/SOURCE.md`).
    ///
    /// # Errors
    ///
    /// Only [`FilterError::TooManyLists`].
    pub fn add_defaults(&mut self) -> Result<(), FilterError> {
        for (label, format, categories, text) in EMBEDDED {
            self.tables.add(label, *format, categories, text, false)?;
        }
        Ok(())
    }

    /// Adds one list.
    ///
    /// # Errors
    ///
    /// [`FilterError::RejectedLine`] in strict mode, [`FilterError::TooManyLists`].
    pub fn add_list(
        &mut self,
        label: &str,
        format: ListFormat,
        categories: &[Category],
        text: &str,
    ) -> Result<FileReport, FilterError> {
        self.tables
            .add(label, format, categories, text, self.strict)
    }

    /// Adds one file of a UT1 directory; `path` is relative to the directory
    /// (`gambling/domains`), and decides the format and the categories.
    ///
    /// # Errors
    ///
    /// [`FilterError::UnknownListFormat`] for a file that is not a UT1 list, plus those of
    /// [`FilterBuilder::add_list`].
    pub fn add_ut1_file(&mut self, path: &str, text: &str) -> Result<FileReport, FilterError> {
        let (format, categories) = ut1_file_kind(path)?;
        self.tables
            .add(path, format, &categories, text, self.strict)
    }

    /// Adds a list described as data (`format` `ut1` infers it from the label).
    ///
    /// # Errors
    ///
    /// As [`FilterBuilder::add_list`], plus [`FilterError::UnknownListFormat`].
    pub fn add_source(&mut self, source: &ListSource) -> Result<FileReport, FilterError> {
        if source.format == "ut1" {
            return self.add_ut1_file(&source.label, &source.text);
        }
        let format: ListFormat = source.format.parse()?;
        let categories = source
            .categories
            .iter()
            .map(|c| c.parse())
            .collect::<Result<Vec<Category>, FilterError>>()?;
        self.add_list(&source.label, format, &categories, &source.text)
    }

    /// Records a file a directory walker saw and did not load, so the report shows it.
    pub fn skip_file(&mut self, path: &str, reason: &str) -> &mut FilterBuilder {
        self.tables.report.skipped_files.push(SkippedFile {
            path: path.to_owned(),
            reason: reason.to_owned(),
        });
        self
    }

    /// Sets the school's policy.
    pub fn policy(&mut self, policy: PolicyConfig) -> &mut FilterBuilder {
        self.policy = policy;
        self
    }

    /// The load report so far.
    pub fn report(&self) -> &LoadReport {
        &self.tables.report
    }

    /// Indexes the rules and resolves the policy.
    ///
    /// # Errors
    ///
    /// Policy errors ([`FilterError::UnknownAudience`], [`FilterError::InvalidPolicy`],
    /// [`FilterError::IllegalCategoryLocked`]), [`FilterError::TooManyCategories`].
    pub fn build(self) -> Result<UrlFilter, FilterError> {
        UrlFilter::assemble(self.tables, self.policy)
    }
}

/// A bit set over the filter's interned categories (at most 256).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct CategoryBits([u64; 4]);

impl CategoryBits {
    fn insert(&mut self, id: u8) {
        if let Some(word) = self.0.get_mut(usize::from(id >> 6)) {
            *word |= 1 << (id & 63);
        }
    }
    fn minus(self, other: CategoryBits) -> CategoryBits {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a &= !b;
        }
        out
    }
    fn union(self, other: CategoryBits) -> CategoryBits {
        let mut out = self;
        for (a, b) in out.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        out
    }
    fn intersects(self, other: CategoryBits) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }
    fn is_empty(self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }
}

/// Allow and block list entries of an audience.
#[derive(Debug, Clone, Default)]
struct SiteList {
    index: HashIndex,
    /// `(entry text, host length, path prefix)` in index order.
    entries: Vec<(String, usize, String)>,
}

impl SiteList {
    fn build(entries: &[String]) -> SiteList {
        let parsed: Vec<(u64, (String, usize, String))> = entries
            .iter()
            .filter_map(|e| {
                overrides::target_parts(e)
                    .ok()
                    .map(|(h, len, prefix)| (h, (e.clone(), len, prefix)))
            })
            .collect();
        let (index, entries) = HashIndex::build(parsed);
        SiteList { index, entries }
    }

    /// The most specific entry matching, as `(entry, specificity)`.
    fn find(
        &self,
        suffixes: &SuffixHashes,
        host_len: usize,
        path_query: PathQuery<'_>,
    ) -> Option<(&str, (usize, usize))> {
        if self.entries.is_empty() {
            return None;
        }
        let mut best: Option<(&str, (usize, usize))> = None;
        for (hash, start) in suffixes.iter() {
            for (text, len, prefix) in self.entries.get(self.index.find(hash)).unwrap_or(&[]) {
                if *len == host_len - start && path_query.starts_with(prefix.as_str()) {
                    let key = (*len, prefix.len());
                    if best.is_none_or(|(_, k)| key > k) {
                        best = Some((text, key));
                    }
                }
            }
        }
        best
    }
}

/// An audience's policy, compiled against the filter's categories.
#[derive(Debug, Clone)]
struct CompiledPolicy {
    policy: AudiencePolicy,
    blocked: CategoryBits,
    allow: SiteList,
    block: SiteList,
    windows: Vec<(CategoryBits, CategoryBits)>,
}

/// A rule hit during evaluation.
#[derive(Debug, Clone, Copy)]
struct Hit {
    kind: MatchKind,
    list: u16,
    line: u32,
    /// Start of the matched host suffix (domain and URL hits).
    start: u16,
    /// URL hits: rule index; expression hits: expression index.
    rule: u32,
}

/// What decided, before it is explained.
#[derive(Debug, Clone)]
enum Decider<'f> {
    Illegal(usize),
    Override(&'f OverrideRecord),
    BlockList(&'f str),
    AllowList(&'f str),
    AllowListMode,
    Category(Option<usize>, Option<usize>),
    SafeSearch,
    Default,
}

/// The evaluation of one request, cheap to produce; [`UrlFilter::check`] explains it.
struct Evaluation<'a, 'f> {
    view: UrlView<'a>,
    verdict: Verdict,
    decider: Decider<'f>,
    hits: Vec<Hit>,
    categories: CategoryBits,
    provider: Option<SearchProvider>,
    lookalike: Option<Lookalike>,
}

/// The web filter: indexed rules, per-audience policy and the override log.
///
/// Build it with [`UrlFilter::default`] (embedded lists, default policy),
/// [`UrlFilter::from_spec`] / [`UrlFilter::from_spec_json`] or a [`FilterBuilder`]
/// (`esafety_io` adds a UT1 directory walker).
///
/// # Example
///
/// ```
/// use esafety_core::filter::{UrlFilter, Verdict};
///
/// let filter = UrlFilter::default();
/// // Userinfo trick: the real host is the one after `@`.
/// let d = filter.check("http://www.bbc.co.uk@pornhub.com/", "ks2", None)?;
/// assert_eq!(d.verdict, Verdict::Block);
/// assert_eq!(d.host, "pornhub.com");
/// // The illegal test entry is blocked even for staff.
/// assert_eq!(filter.check("csam-test.esafety.invalid", "staff", None)?.verdict, Verdict::Block);
/// // Batches.
/// let all = filter.check_many(&["instagram.com", "https://www.bbc.co.uk/"], "staff", None);
/// assert_eq!(all[0].as_ref().unwrap().verdict, Verdict::Allow);
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
#[derive(Debug, Clone)]
pub struct UrlFilter {
    lists: Vec<ListMeta>,
    list_bits: Vec<CategoryBits>,
    categories: Vec<Category>,
    domain_index: HashIndex,
    domain_lists: Vec<u16>,
    domain_lines: Vec<u32>,
    single_label_rules: bool,
    url_index: HashIndex,
    url_rules: Vec<UrlRule>,
    expressions: Option<regex::RegexSet>,
    expression_rules: Vec<(String, u16, u32)>,
    illegal: CategoryBits,
    lookalike_id: u8,
    policy_config: PolicyConfig,
    policies: Vec<CompiledPolicy>,
    overrides: OverrideLog,
    report: LoadReport,
}

impl Default for UrlFilter {
    /// The embedded default lists with the built-in policy; works offline.
    fn default() -> UrlFilter {
        let mut builder = FilterBuilder::new();
        let built = builder.add_defaults().and_then(|()| builder.build());
        match built {
            Ok(filter) => filter,
            // The embedded data is fixed; fall back to an empty rule set rather than panic.
            Err(_) => UrlFilter::assemble(RuleTables::default(), PolicyConfig::default())
                .unwrap_or_else(|_| UrlFilter::unconfigured()),
        }
    }
}

impl UrlFilter {
    /// A builder for a filter made of lists handed in as text.
    pub fn builder() -> FilterBuilder {
        FilterBuilder::new()
    }

    /// Builds a filter from a [`FilterSpec`].
    ///
    /// # Errors
    ///
    /// Those of [`FilterBuilder`].
    pub fn from_spec(spec: &FilterSpec) -> Result<UrlFilter, FilterError> {
        let mut builder = FilterBuilder::new();
        if spec.include_defaults {
            builder.add_defaults()?;
        }
        builder.strict(spec.strict);
        for source in &spec.lists {
            builder.add_source(source)?;
        }
        builder.policy(spec.policy.clone());
        builder.build()
    }

    /// Builds a filter from a JSON [`FilterSpec`].
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidSpec`] for malformed JSON (unknown fields are refused), then
    /// those of [`UrlFilter::from_spec`].
    pub fn from_spec_json(json: &str) -> Result<UrlFilter, FilterError> {
        let spec: FilterSpec = serde_json::from_str(json).map_err(|e| spec_error(&e))?;
        UrlFilter::from_spec(&spec)
    }

    fn unconfigured() -> UrlFilter {
        UrlFilter {
            lists: Vec::new(),
            list_bits: Vec::new(),
            categories: Vec::new(),
            domain_index: HashIndex::default(),
            domain_lists: Vec::new(),
            domain_lines: Vec::new(),
            single_label_rules: true,
            url_index: HashIndex::default(),
            url_rules: Vec::new(),
            expressions: None,
            expression_rules: Vec::new(),
            illegal: CategoryBits::default(),
            lookalike_id: 0,
            policy_config: PolicyConfig::default(),
            policies: Vec::new(),
            overrides: OverrideLog::default(),
            report: LoadReport::default(),
        }
    }

    fn assemble(tables: RuleTables, policy: PolicyConfig) -> Result<UrlFilter, FilterError> {
        let RuleTables {
            lists,
            domains,
            single_label,
            urls,
            expressions,
            report,
        } = tables;
        let mut filter = UrlFilter::unconfigured();
        filter.single_label_rules = single_label;
        // Intern the named categories first so ids are stable, then the lists' own.
        for c in NAMED_CATEGORIES {
            filter.intern(c)?;
        }
        filter.illegal = filter.bits(ILLEGAL_CATEGORIES);
        filter.lookalike_id = filter.intern(&Category::Lookalike)?;
        for list in &lists {
            for c in &list.categories {
                filter.intern(c)?;
            }
        }
        filter.list_bits = lists.iter().map(|l| filter.bits(&l.categories)).collect();
        filter.lists = lists;
        let (domain_index, provenance) = HashIndex::build(domains);
        filter.domain_index = domain_index;
        filter.domain_lists = provenance.iter().map(|p| p.0).collect();
        filter.domain_lines = provenance.iter().map(|p| p.1).collect();
        let (url_index, url_rules) = HashIndex::build(urls);
        filter.url_index = url_index;
        filter.url_rules = url_rules;
        if !expressions.is_empty() {
            let set = regex::RegexSetBuilder::new(expressions.iter().map(|e| e.0.as_str()))
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .map_err(|e| FilterError::InvalidSpec {
                    reason: format!(
                        "expressions do not compile together: {}",
                        category::shorten(&e.to_string())
                    ),
                })?;
            filter.expressions = Some(set);
        }
        filter.expression_rules = expressions;
        filter.report = report;
        filter.set_policy(policy)?;
        Ok(filter)
    }

    fn intern(&mut self, category: &Category) -> Result<u8, FilterError> {
        if let Some(pos) = self.categories.iter().position(|c| c == category) {
            return u8::try_from(pos).map_err(|_| FilterError::TooManyCategories);
        }
        let id = u8::try_from(self.categories.len()).map_err(|_| FilterError::TooManyCategories)?;
        self.categories.push(category.clone());
        Ok(id)
    }

    /// Bits of the categories that are interned (others cannot match anything).
    fn bits(&self, categories: &[Category]) -> CategoryBits {
        let mut bits = CategoryBits::default();
        for c in categories {
            if let Some(pos) = self.categories.iter().position(|x| x == c)
                && let Ok(id) = u8::try_from(pos)
            {
                bits.insert(id);
            }
        }
        bits
    }

    /// Replaces the school's policy.
    ///
    /// # Errors
    ///
    /// [`FilterError::UnknownAudience`], [`FilterError::InvalidPolicy`],
    /// [`FilterError::IllegalCategoryLocked`].
    pub fn set_policy(&mut self, config: PolicyConfig) -> Result<(), FilterError> {
        let resolved = config.resolve()?;
        let mut compiled = Vec::with_capacity(resolved.len());
        for policy in resolved {
            let mut blocked = self.bits(&policy.blocked);
            blocked = blocked.union(self.illegal);
            let windows = policy
                .windows
                .iter()
                .map(|w| (self.bits(&w.allow), self.bits(&w.block)))
                .collect();
            compiled.push(CompiledPolicy {
                allow: SiteList::build(&policy.allow_list),
                block: SiteList::build(&policy.block_list),
                blocked,
                windows,
                policy,
            });
        }
        self.policies = compiled;
        self.policy_config = config;
        Ok(())
    }

    /// Replaces the policy from JSON ([`PolicyConfig`]).
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidPolicy`] for malformed JSON, then those of [`UrlFilter::set_policy`].
    pub fn set_policy_json(&mut self, json: &str) -> Result<(), FilterError> {
        let config: PolicyConfig =
            serde_json::from_str(json).map_err(|e| FilterError::InvalidPolicy {
                reason: category::shorten(&e.to_string()),
            })?;
        self.set_policy(config)
    }

    /// The school's policy as configured.
    pub fn policy(&self) -> &PolicyConfig {
        &self.policy_config
    }

    /// The load report of every list.
    pub fn load_report(&self) -> &LoadReport {
        &self.report
    }

    /// Number of domain and IP rules.
    pub fn domain_rule_count(&self) -> usize {
        self.domain_index.len()
    }

    /// Number of host+path rules.
    pub fn url_rule_count(&self) -> usize {
        self.url_rules.len()
    }

    /// Heap bytes held by the domain rules (hashes, directory, provenance): divide by
    /// [`UrlFilter::domain_rule_count`] for bytes per rule.
    pub fn domain_rule_bytes(&self) -> usize {
        self.domain_index.heap_bytes()
            + self.domain_lists.capacity() * 2
            + self.domain_lines.capacity() * 4
    }

    /// The override log (every event and the state of every request).
    pub fn overrides(&self) -> &OverrideLog {
        &self.overrides
    }

    /// The override change log as JSON.
    pub fn change_log_json(&self) -> String {
        self.overrides.to_json()
    }

    /// Records an override event (request, approve, reject, revoke).
    ///
    /// # Errors
    ///
    /// [`FilterError::IllegalCategoryLocked`] for an unblock of a site listed as illegal,
    /// [`FilterError::ApproverNotSlt`], [`FilterError::UnknownOverride`],
    /// [`FilterError::OverrideNotPending`], [`FilterError::InvalidOverride`].
    pub fn record(&mut self, event: OverrideEvent) -> Result<OverrideRecord, FilterError> {
        let rules = &*self;
        let illegal = |target: &str| rules.is_illegal_target(target);
        let mut log = self.overrides.clone();
        let record = log.record(event, illegal)?.clone();
        self.overrides = log;
        Ok(record)
    }

    /// Records an override event given as JSON.
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidOverride`] for malformed JSON, then those of [`UrlFilter::record`].
    pub fn record_json(&mut self, json: &str) -> Result<OverrideRecord, FilterError> {
        let event: OverrideEvent =
            serde_json::from_str(json).map_err(|e| FilterError::InvalidOverride {
                reason: category::shorten(&e.to_string()),
            })?;
        self.record(event)
    }

    fn is_illegal_target(&self, target: &str) -> bool {
        let Ok(view) = UrlView::parse(target) else {
            return false;
        };
        let mut hits = Vec::new();
        let mut bits = CategoryBits::default();
        let suffixes = SuffixHashes::of(&view.host, view.host_kind);
        self.collect_hits(&view, &suffixes, view.path_query(), &mut hits, &mut bits);
        // Anything under the target that is illegal also counts: check the target's own rules.
        bits.intersects(self.illegal)
    }

    /// Checks one URL for an audience id at an optional instant.
    ///
    /// # Errors
    ///
    /// [`FilterError::Url`] (codes `url_*`) for input that is not a web address,
    /// [`FilterError::UnknownAudience`].
    pub fn check(
        &self,
        url: &str,
        audience: &str,
        at: Option<DateTime<Utc>>,
    ) -> Result<Decision, FilterError> {
        let audience: Audience = audience.parse()?;
        self.check_for(url, audience, at)
    }

    /// [`UrlFilter::check`] with a typed audience.
    ///
    /// # Errors
    ///
    /// [`FilterError::Url`].
    pub fn check_for(
        &self,
        url: &str,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> Result<Decision, FilterError> {
        let evaluation = self.evaluate(url, audience, at)?;
        Ok(self.explain(evaluation, audience, at))
    }

    /// Only the verdict, without building the explanation (the fastest call).
    ///
    /// # Errors
    ///
    /// [`FilterError::Url`].
    pub fn classify(
        &self,
        url: &str,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> Result<Verdict, FilterError> {
        self.evaluate(url, audience, at).map(|e| e.verdict)
    }

    /// Classifies a squid native access log (see [`squid_log`]); `audiences` maps users and
    /// client addresses to audiences (JSON [`squid_log::AudienceMap`]; `None`: everyone is
    /// `ks2`).
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidSpec`] for a malformed audience map. Bad log lines are
    /// reported in the summary, not as errors.
    pub fn classify_squid_log(
        &self,
        text: &str,
        audiences: Option<&str>,
    ) -> Result<squid_log::LogSummary, FilterError> {
        let map = match audiences {
            Some(json) => serde_json::from_str(json).map_err(|e| spec_error(&e))?,
            None => squid_log::AudienceMap::all(Audience::Ks2),
        };
        Ok(squid_log::classify_squid_log(self, text, &map))
    }

    /// Checks many URLs for one audience; one result per URL, in order.
    pub fn check_many<S: AsRef<str>>(
        &self,
        urls: &[S],
        audience: &str,
        at: Option<DateTime<Utc>>,
    ) -> Vec<Result<Decision, FilterError>> {
        match audience.parse::<Audience>() {
            Ok(audience) => urls
                .iter()
                .map(|u| self.check_for(u.as_ref(), audience, at))
                .collect(),
            Err(e) => urls.iter().map(|_| Err(e.clone())).collect(),
        }
    }

    fn collect_hits(
        &self,
        view: &UrlView<'_>,
        suffixes: &SuffixHashes,
        path_query: PathQuery<'_>,
        hits: &mut Vec<Hit>,
        bits: &mut CategoryBits,
    ) {
        // With no single-label rule, the top-level domain (the shortest suffix of a
        // multi-label host) cannot match: skip its lookup.
        let skip = usize::from(
            !self.single_label_rules
                && view.host_kind == HostKind::Domain
                && view.host.contains('.'),
        );
        let mut buckets = [(0usize, 0usize); matcher::MAX_SUFFIXES];
        for ((hash, _), bucket) in suffixes.iter().skip(skip).zip(buckets.iter_mut()) {
            *bucket = self.domain_index.bucket(hash);
        }
        for ((hash, start), &(lo, hi)) in suffixes.iter().skip(skip).zip(buckets.iter()) {
            let range = self.domain_index.find_in(hash, lo, hi);
            for i in range {
                let (Some(&list), Some(&line)) =
                    (self.domain_lists.get(i), self.domain_lines.get(i))
                else {
                    continue;
                };
                let list_bits = self
                    .list_bits
                    .get(usize::from(list))
                    .copied()
                    .unwrap_or_default();
                if list_bits.is_empty() {
                    continue; // reference lists carry no category
                }
                *bits = bits.union(list_bits);
                hits.push(Hit {
                    kind: MatchKind::Domain,
                    list,
                    line,
                    start: u16::try_from(start).unwrap_or(0),
                    rule: 0,
                });
            }
        }
        if !self.url_rules.is_empty() {
            for (hash, start) in suffixes.iter().skip(skip) {
                for i in self.url_index.find(hash) {
                    let Some(rule) = self.url_rules.get(i) else {
                        continue;
                    };
                    if path_query.starts_with(&rule.prefix) {
                        *bits = bits.union(
                            self.list_bits
                                .get(usize::from(rule.file))
                                .copied()
                                .unwrap_or_default(),
                        );
                        hits.push(Hit {
                            kind: MatchKind::Url,
                            list: rule.file,
                            line: rule.line,
                            start: u16::try_from(start).unwrap_or(0),
                            rule: u32::try_from(i).unwrap_or(0),
                        });
                    }
                }
            }
        }
        if let Some(set) = &self.expressions {
            let mut subject = String::with_capacity(view.host.len() + view.path.len() + 32);
            view.host_path_query(&mut subject);
            // `is_match` does not allocate; most URLs stop here.
            let matched = if set.is_match(&subject) {
                set.matches(&subject).into_iter().collect()
            } else {
                Vec::new()
            };
            for i in matched {
                let Some((_, list, line)) = self.expression_rules.get(i) else {
                    continue;
                };
                *bits = bits.union(
                    self.list_bits
                        .get(usize::from(*list))
                        .copied()
                        .unwrap_or_default(),
                );
                hits.push(Hit {
                    kind: MatchKind::Expression,
                    list: *list,
                    line: *line,
                    start: 0,
                    rule: u32::try_from(i).unwrap_or(0),
                });
            }
        }
    }

    fn evaluate<'a, 'f>(
        &'f self,
        url: &'a str,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> Result<Evaluation<'a, 'f>, FilterError> {
        let view = UrlView::parse(url)?;
        let suffixes = SuffixHashes::of(&view.host, view.host_kind);
        let mut hits = Vec::new();
        let mut categories = CategoryBits::default();
        self.collect_hits(
            &view,
            &suffixes,
            view.path_query(),
            &mut hits,
            &mut categories,
        );
        let lookalike = if view.host_kind == HostKind::Domain && view.host.contains("xn--") {
            lookalike::detect(&view.host, |h| !self.domain_index.find(h).is_empty())
        } else {
            None
        };
        if lookalike.is_some() {
            categories.insert(self.lookalike_id);
        }
        let provider = if view.host_kind == HostKind::Domain {
            SearchProvider::of_host(&view.host)
        } else {
            None
        };
        let mut evaluation = Evaluation {
            verdict: Verdict::Allow,
            decider: Decider::Default,
            hits,
            categories,
            provider,
            lookalike,
            view,
        };
        let Some(policy) = self.policies.get(audience.index()) else {
            evaluation.verdict = Verdict::Block;
            evaluation.decider = Decider::AllowListMode;
            return Ok(evaluation);
        };
        let (verdict, decider) = self.decide(&evaluation, &suffixes, policy, audience, at);
        evaluation.verdict = verdict;
        evaluation.decider = decider;
        Ok(evaluation)
    }

    fn decide<'f>(
        &'f self,
        e: &Evaluation<'_, 'f>,
        suffixes: &SuffixHashes,
        policy: &'f CompiledPolicy,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> (Verdict, Decider<'f>) {
        // 1. Illegal: always blocked.
        if e.categories.intersects(self.illegal) {
            let hit = self.first_hit_in(&e.hits, self.illegal).unwrap_or(0);
            return (Verdict::Block, Decider::Illegal(hit));
        }
        let host_len = e.view.host.len();
        let mut allowed_by: Option<Decider<'f>> = None;
        // 2. Approved overrides.
        if !self.overrides.is_empty()
            && let Some(record) =
                self.overrides
                    .find(suffixes, host_len, e.view.path_query(), audience, at)
        {
            match record.action {
                OverrideAction::Block => return (Verdict::Block, Decider::Override(record)),
                OverrideAction::Unblock => allowed_by = Some(Decider::Override(record)),
            }
        }
        // 3. Block list, then allow list; the more specific entry wins, a tie blocks.
        if allowed_by.is_none() {
            let blocked = policy.block.find(suffixes, host_len, e.view.path_query());
            let allowed = policy.allow.find(suffixes, host_len, e.view.path_query());
            match (blocked, allowed) {
                (Some((b, bk)), Some((_, ak))) if bk >= ak => {
                    return (Verdict::Block, Decider::BlockList(b));
                }
                (Some(_), Some((a, _))) | (None, Some((a, _))) => {
                    allowed_by = Some(Decider::AllowList(a))
                }
                (Some((b, _)), None) => return (Verdict::Block, Decider::BlockList(b)),
                (None, None) => {}
            }
        }
        if allowed_by.is_none() {
            // 4. Allow-list mode.
            if policy.policy.allow_list_mode {
                return (Verdict::Block, Decider::AllowListMode);
            }
            // 5. Blocked categories, with time windows.
            let mut blocked = policy.blocked;
            let mut window_blocks: Vec<(usize, CategoryBits)> = Vec::new();
            let local = at.map(|t| self.policy_config.timezone.local(t));
            for (w, (allow_bits, block_bits)) in policy.policy.windows.iter().zip(&policy.windows) {
                let active = match local {
                    Some((date, time)) => w.contains(date, time),
                    None => false,
                };
                if active || (local.is_none() && !block_bits.is_empty()) {
                    blocked = blocked.union(*block_bits);
                    window_blocks.push((w.index, *block_bits));
                    if active {
                        blocked = blocked.minus(*allow_bits);
                    }
                }
            }
            blocked = blocked.union(self.illegal);
            if e.categories.intersects(blocked) {
                let hit = self.first_hit_in(&e.hits, blocked);
                // Name a window only when it, not the base policy, blocks the decisive match.
                let decisive = match hit.and_then(|i| e.hits.get(i)) {
                    Some(h) => self
                        .list_bits
                        .get(usize::from(h.list))
                        .copied()
                        .unwrap_or_default(),
                    None => single(self.lookalike_id),
                };
                let window_used = if decisive.intersects(policy.blocked) {
                    None
                } else {
                    window_blocks
                        .iter()
                        .find(|(_, bits)| bits.intersects(decisive))
                        .map(|(index, _)| *index)
                };
                return (Verdict::Block, Decider::Category(hit, window_used));
            }
        }
        // 6. Safe search.
        if let Some(provider) = e.provider
            && safe_search::enforcement(provider, policy.policy.safe_search).is_some()
        {
            return (Verdict::SafeSearch, Decider::SafeSearch);
        }
        (Verdict::Allow, allowed_by.unwrap_or(Decider::Default))
    }

    fn first_hit_in(&self, hits: &[Hit], bits: CategoryBits) -> Option<usize> {
        hits.iter().position(|h| {
            self.list_bits
                .get(usize::from(h.list))
                .is_some_and(|b| b.intersects(bits))
        })
    }

    fn list_label(&self, list: u16) -> &str {
        self.lists
            .get(usize::from(list))
            .map_or("?", |l| l.label.as_str())
    }

    fn list_categories(&self, list: u16) -> &[Category] {
        self.lists
            .get(usize::from(list))
            .map_or(&[], |l| l.categories.as_slice())
    }

    fn explain(
        &self,
        e: Evaluation<'_, '_>,
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> Decision {
        let _ = at;
        let host = e.view.host.to_string();
        let url = e.view.href();
        let mut matches: Vec<RuleMatch> = e
            .hits
            .iter()
            .map(|h| RuleMatch {
                kind: h.kind,
                list: self.list_label(h.list).to_owned(),
                line: h.line,
                categories: self.list_categories(h.list).to_vec(),
                matched: match h.kind {
                    MatchKind::Domain => {
                        host.get(usize::from(h.start)..).unwrap_or(&host).to_owned()
                    }
                    MatchKind::Url => {
                        self.url_rules
                            .get(h.rule as usize)
                            .map_or(String::new(), |r| {
                                format!(
                                    "{}{}",
                                    host.get(usize::from(h.start)..).unwrap_or(&host),
                                    r.prefix
                                )
                            })
                    }
                    MatchKind::Expression => self
                        .expression_rules
                        .get(h.rule as usize)
                        .map_or(String::new(), |r| r.0.clone()),
                    MatchKind::Lookalike => String::new(),
                },
            })
            .collect();
        if let Some(l) = &e.lookalike {
            matches.push(RuleMatch {
                kind: MatchKind::Lookalike,
                list: "lookalike".to_owned(),
                line: 0,
                categories: vec![Category::Lookalike],
                matched: l.imitates.clone().unwrap_or_else(|| l.unicode.clone()),
            });
        }
        let mut categories: Vec<Category> = self
            .categories
            .iter()
            .enumerate()
            .filter(|(i, _)| u8::try_from(*i).is_ok_and(|id| e.categories.intersects(single(id))))
            .map(|(_, c)| c.clone())
            .collect();
        categories.sort_by(|a, b| a.as_str().cmp(b.as_str()));
        let search_terms = e
            .provider
            .and_then(|p| search_terms::search_terms(p, &e.view.path, e.view.query.as_deref()));
        let aud = audience.as_str();
        let hit_text = |index: usize| -> (String, String, Vec<Category>) {
            match e.hits.get(index) {
                Some(h) => (
                    format!("{}:{}", self.list_label(h.list), h.line),
                    matches
                        .get(index)
                        .map_or(String::new(), |m| m.matched.clone()),
                    self.list_categories(h.list).to_vec(),
                ),
                None => ("?".to_owned(), host.clone(), Vec::new()),
            }
        };
        let names = |cs: &[Category]| {
            cs.iter()
                .map(Category::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut rewrite = None;
        let mut safe = None;
        let (rule, reason, source) = match &e.decider {
            Decider::Illegal(i) => {
                let (rule, matched, cats) = hit_text(*i);
                let illegal: Vec<Category> =
                    cats.into_iter().filter(Category::is_illegal).collect();
                (
                    rule.clone(),
                    format!(
                        "blocked: `{matched}` is listed as {} ({rule}); illegal content is blocked for everyone and cannot be unblocked",
                        names(&illegal)
                    ),
                    "UKSIC filtering illegal".to_owned(),
                )
            }
            Decider::Override(record) => {
                let verb = match record.action {
                    OverrideAction::Block => "blocked",
                    OverrideAction::Unblock => "allowed",
                };
                (
                    format!("override:{}", record.id),
                    format!(
                        "{verb} by {} request `{}` for `{}` approved by {} ({}): {}",
                        match record.action {
                            OverrideAction::Block => "block",
                            OverrideAction::Unblock => "unblock",
                        },
                        record.id,
                        record.target,
                        record.decided_by.as_deref().unwrap_or("?"),
                        record.decider_role.as_deref().unwrap_or("?"),
                        record.reason
                    ),
                    "Filter unblock requests; seed 000 Technical Infrastructure; seed 003 §7.3.1"
                        .to_owned(),
                )
            }
            Decider::BlockList(entry) => (
                format!("policy:{aud}.block_list"),
                format!("blocked: `{entry}` is on the {aud} block list"),
                format!("school policy ({aud} block list)"),
            ),
            Decider::AllowList(entry) => (
                format!("policy:{aud}.allow_list"),
                format!("allowed: `{entry}` is on the {aud} allow list"),
                format!("school policy ({aud} allow list)"),
            ),
            Decider::AllowListMode => (
                format!("policy:{aud}.allow_list_mode"),
                format!(
                    "blocked: {aud} uses allow-list mode and `{host}` is not on the allow list"
                ),
                "Filter allow-list mode; seed 000; seed 003".to_owned(),
            ),
            Decider::Category(hit, window) => {
                let window_text = window
                    .and_then(|w| policy_window_label(self, audience, w))
                    .map(|l| format!(" during window {l}"))
                    .unwrap_or_default();
                match hit {
                    Some(i) => {
                        let (rule, matched, cats) = hit_text(*i);
                        let uksic = cats.iter().any(Category::is_uksic);
                        (
                            rule.clone(),
                            format!(
                                "blocked: `{matched}` is listed as {} ({rule}), blocked for {aud}{window_text}",
                                names(&cats)
                            ),
                            if uksic {
                                "UKSIC filtering categories".to_owned()
                            } else {
                                format!("school policy ({aud} blocked categories)")
                            },
                        )
                    }
                    None => {
                        let l = e.lookalike.as_ref();
                        let target = l.and_then(|l| l.imitates.clone());
                        let unicode = l.map_or(host.clone(), |l| l.unicode.clone());
                        (
                            format!(
                                "lookalike:{}",
                                target.clone().unwrap_or_else(|| host.clone())
                            ),
                            match target {
                                Some(t) => format!(
                                    "blocked: `{unicode}` imitates `{t}` with look-alike letters, blocked for {aud}{window_text}"
                                ),
                                None => format!(
                                    "blocked: `{unicode}` mixes scripts in one label (look-alike), blocked for {aud}{window_text}"
                                ),
                            },
                            "Filter look-alike domains".to_owned(),
                        )
                    }
                }
            }
            Decider::SafeSearch => {
                let mode = self
                    .policies
                    .get(audience.index())
                    .map_or(SafeSearchMode::Strict, |p| p.policy.safe_search);
                let enforcement = e.provider.and_then(|p| safe_search::enforcement(p, mode));
                if let Some(s) = &enforcement {
                    rewrite = Some(match &s.parameter {
                        Some(param) => {
                            let mut view = e.view.clone();
                            view.query = Some(Cow::Owned(safe_search::rewrite_query(
                                e.view.query.as_deref(),
                                param,
                            )));
                            view.href()
                        }
                        None => url.clone(),
                    });
                }
                let text = enforcement.as_ref().map_or(String::new(), |s| {
                    format!(
                        "safe search enforced for {aud} on {}: {}enforced host {}",
                        s.provider.as_str(),
                        s.parameter
                            .as_ref()
                            .map_or(String::new(), |p| format!("{p}, ")),
                        s.enforced_host
                    )
                });
                safe = enforcement;
                (
                    format!("policy:{aud}.safe_search"),
                    text,
                    "Filter safe search; seed 000; seed 001; seed 003".to_owned(),
                )
            }
            Decider::Default => (
                format!("policy:{aud}.default_allow"),
                if categories.is_empty() {
                    format!("allowed: no list matched `{host}`")
                } else {
                    format!(
                        "allowed: `{host}` is listed as {}, not blocked for {aud}",
                        names(&categories)
                    )
                },
                "Filter default allow".to_owned(),
            ),
        };
        Decision {
            verdict: e.verdict,
            url,
            host,
            audience,
            categories,
            rule,
            reason,
            source,
            matches,
            search_terms,
            rewrite,
            safe_search: safe,
            lookalike: e.lookalike,
        }
    }
}

fn policy_window_label(filter: &UrlFilter, audience: Audience, index: usize) -> Option<String> {
    let w = filter
        .policies
        .get(audience.index())?
        .policy
        .windows
        .get(index)?;
    Some(match &w.label {
        Some(l) => format!("`{l}`"),
        None => format!(
            "{} ({}-{})",
            index,
            w.from.format("%H:%M"),
            w.to.format("%H:%M")
        ),
    })
}

fn single(id: u8) -> CategoryBits {
    let mut b = CategoryBits::default();
    b.insert(id);
    b
}

fn spec_error(e: &serde_json::Error) -> FilterError {
    FilterError::InvalidSpec {
        reason: category::shorten(&e.to_string()),
    }
}

#[cfg(test)]
mod tests;
