//! [`UrlFilter`]: building, configuring, recording overrides and the public checks.

use super::bits::CategoryBits;
use super::builder::FilterBuilder;
use super::compiled::{CompiledPolicy, SiteList};
use super::matcher::{HashIndex, SuffixHashes, UrlView};
use super::rules::{ListMeta, LoadWarning, RuleTables, UrlRule};
use super::{
    Audience, Category, Decision, FilterError, FilterSpec, ILLEGAL_CATEGORIES, ListFormat,
    LoadReport, NAMED_CATEGORIES, OverrideLog, PolicyConfig, Verdict, category, squid_log,
};
use crate::batch::ItemError;
use crate::scanner::{Scratch, TermScanner};
use chrono::{DateTime, Utc};

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
/// let all = filter.check_many(&["instagram.com", "https://www.bbc.co.uk/"], "staff", None)?;
/// assert_eq!(all[0].as_ref().unwrap().verdict, Verdict::Allow);
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
#[derive(Debug, Clone)]
pub struct UrlFilter {
    pub(super) lists: Vec<ListMeta>,
    pub(super) list_bits: Vec<CategoryBits>,
    pub(super) categories: Vec<Category>,
    pub(super) domain_index: HashIndex,
    pub(super) domain_lists: Vec<u16>,
    pub(super) domain_lines: Vec<u32>,
    pub(super) single_label_rules: bool,
    pub(super) url_index: HashIndex,
    pub(super) url_rules: Vec<UrlRule>,
    pub(super) expressions: Option<regex::bytes::RegexSet>,
    pub(super) expression_rules: Vec<(String, u16, u32)>,
    pub(super) illegal: CategoryBits,
    pub(super) lookalike_id: u8,
    pub(super) policy_config: PolicyConfig,
    pub(super) policies: Vec<CompiledPolicy>,
    pub(super) overrides: OverrideLog,
    pub(super) report: LoadReport,
    /// The category model for hosts no list knows, when turned on.
    pub(super) model: Option<super::model::Model>,
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
        builder.model(spec.model);
        builder.build()
    }

    /// Builds a filter from a JSON [`FilterSpec`].
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidSpec`] for malformed JSON (unknown fields are refused), then
    /// those of [`UrlFilter::from_spec`].
    pub fn from_spec_json(json: &str) -> Result<UrlFilter, FilterError> {
        UrlFilter::from_spec(&FilterSpec::from_json(json)?)
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
            model: None,
        }
    }

    pub(super) fn assemble(
        tables: RuleTables,
        policy: PolicyConfig,
    ) -> Result<UrlFilter, FilterError> {
        let RuleTables {
            lists,
            domains,
            single_label,
            urls,
            expressions,
            report,
            ..
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
            for c in list.categories.iter() {
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
            // Compiled as `expressions::check` compiles each line.
            let set = super::expressions::compile_set(expressions.iter().map(|e| e.0.as_str()))
                .map_err(|e| FilterError::InvalidSpec {
                    reason: format!(
                        "expressions do not compile together: {}",
                        category::shorten(&e)
                    ),
                })?;
            filter.expressions = Some(set);
        }
        filter.expression_rules = expressions;
        filter.report = report;
        filter.install_policy(policy)?;
        Ok(filter)
    }

    pub(super) fn intern(&mut self, category: &Category) -> Result<u8, FilterError> {
        if let Some(pos) = self.categories.iter().position(|c| c == category) {
            return u8::try_from(pos).map_err(|_| FilterError::TooManyCategories);
        }
        let id = u8::try_from(self.categories.len()).map_err(|_| FilterError::TooManyCategories)?;
        self.categories.push(category.clone());
        Ok(id)
    }

    /// Bits of the categories that are interned (others cannot match anything).
    pub(super) fn bits(&self, categories: &[Category]) -> CategoryBits {
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

    /// Compiles and installs a policy (not logged: callers log it).
    pub(super) fn install_policy(&mut self, config: PolicyConfig) -> Result<(), FilterError> {
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
                allow: SiteList::build(&policy.allow_list, true),
                block: SiteList::build(&policy.block_list, false),
                blocked,
                windows,
                policy,
            });
        }
        self.policies = compiled;
        self.policy_config = config;
        self.warn_of_unblocked_lists();
        Ok(())
    }

    /// Warns of each list named with categories that no audience blocks, in any time window
    /// (`list_category_unblocked`): its rules only label what they match. Redone for every
    /// policy installed, so the warnings are the current policy's. The embedded lists and a
    /// UT1 folder's mapping are the library's, named in its docs, and are not warned of.
    fn warn_of_unblocked_lists(&mut self) {
        const CODE: &str = "list_category_unblocked";
        let mut blocked = self.illegal;
        for policy in &self.policies {
            blocked = blocked.union(policy.blocked);
            for (_, window_blocks) in &policy.windows {
                blocked = blocked.union(*window_blocks);
            }
        }
        let lists = self.lists.iter().zip(&self.list_bits);
        for ((list, bits), file) in lists.zip(self.report.files.iter_mut()) {
            file.warnings.retain(|w| w.code != CODE);
            if !list.named
                || list.categories.is_empty()
                || file.format == ListFormat::Metadata
                || bits.intersects(blocked)
            {
                continue;
            }
            let named: Vec<String> = list
                .categories
                .iter()
                .map(|c| format!("`{}`", c.as_str()))
                .collect();
            file.warnings.push(LoadWarning {
                code: CODE.to_owned(),
                message: format!(
                    "no audience blocks {}, even in a time window: the list's rules only label what they match; block the category in the policy, or give the list one an audience blocks",
                    named.join(", ")
                ),
            });
        }
    }

    /// Every category id the filter knows (`pornography`, `gambling`, ...), in order.
    pub fn category_ids() -> Vec<&'static str> {
        NAMED_CATEGORIES.iter().map(Category::as_str).collect()
    }

    /// Whether the category model judges hosts no list knows.
    pub fn model_enabled(&self) -> bool {
        self.model.is_some()
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

    pub(super) fn is_illegal_target(&self, target: &str) -> bool {
        let Ok(view) = UrlView::parse(target) else {
            return false;
        };
        let mut hits = super::evaluate::Hits::new();
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

    /// [`UrlFilter::check`], and the search terms scanned with a monitoring scanner: the
    /// matches land on [`Decision::search_matches`] (nothing is scanned without one).
    ///
    /// # Errors
    ///
    /// As [`UrlFilter::check`].
    pub fn check_with(
        &self,
        url: &str,
        audience: &str,
        at: Option<DateTime<Utc>>,
        scanner: Option<&TermScanner>,
    ) -> Result<Decision, FilterError> {
        let audience: Audience = audience.parse()?;
        self.check_for_with(url, audience, at, scanner)
    }

    /// [`UrlFilter::check_with`] with a typed audience.
    ///
    /// # Errors
    ///
    /// [`FilterError::Url`].
    pub fn check_for_with(
        &self,
        url: &str,
        audience: Audience,
        at: Option<DateTime<Utc>>,
        scanner: Option<&TermScanner>,
    ) -> Result<Decision, FilterError> {
        let mut decision = self.check_for(url, audience, at)?;
        if let (Some(scanner), Some(terms)) = (scanner, decision.search_terms.as_deref()) {
            // Terms come from a URL of at most `MAX_URL_BYTES`, far below the scanner's
            // limit, and the audience is typed: the scan cannot fail.
            decision.search_matches = scanner
                .scan_with(&mut Scratch::default(), terms, audience)
                .unwrap_or_default();
        }
        Ok(decision)
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
    /// `ks2`). Search terms are scanned with the embedded monitoring term list.
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
        let scanner = TermScanner::embedded_default().ok();
        self.classify_squid_log_with(text, audiences, scanner.as_ref())
    }

    /// [`UrlFilter::classify_squid_log`] with the caller's monitoring scanner (`None`:
    /// search terms are listed but not scanned).
    ///
    /// # Errors
    ///
    /// As [`UrlFilter::classify_squid_log`].
    pub fn classify_squid_log_with(
        &self,
        text: &str,
        audiences: Option<&str>,
        scanner: Option<&TermScanner>,
    ) -> Result<squid_log::LogSummary, FilterError> {
        let map = match audiences {
            Some(json) => squid_log::AudienceMap::from_json(json)?,
            None => squid_log::AudienceMap::all(Audience::Ks2),
        };
        Ok(squid_log::classify_squid_log(
            self,
            text,
            &map.lookup()?,
            scanner,
        ))
    }

    /// Checks many URLs for one audience; one result per URL, in order. A URL that cannot
    /// be checked is an [`ItemError`] with its index; the others are checked as usual.
    /// With the `parallel` feature a batch of 2,048 URLs or more is spread over the current
    /// rayon pool; the results are the same.
    ///
    /// # Errors
    ///
    /// [`FilterError`] when the audience is unknown (no URL can be checked for it).
    pub fn check_many<S: AsRef<str> + Sync>(
        &self,
        urls: &[S],
        audience: &str,
        at: Option<DateTime<Utc>>,
    ) -> Result<Vec<Result<Decision, ItemError>>, FilterError> {
        self.check_many_with(urls, audience, at, None)
    }

    /// [`UrlFilter::check_many`], with each URL's search terms scanned by `scanner` as in
    /// [`UrlFilter::check_with`].
    ///
    /// # Errors
    ///
    /// As [`UrlFilter::check_many`].
    pub fn check_many_with<S: AsRef<str> + Sync>(
        &self,
        urls: &[S],
        audience: &str,
        at: Option<DateTime<Utc>>,
        scanner: Option<&TermScanner>,
    ) -> Result<Vec<Result<Decision, ItemError>>, FilterError> {
        self.check_items(urls, |url| Some(url.as_ref()), audience, at, scanner)
    }

    /// [`UrlFilter::check_many_with`] over URLs that may be missing: a `None` is an
    /// [`ItemError`] with code [`crate::batch::NULL_INPUT`] in its place, as a null row of
    /// [`UrlFilter::check_columns`] is.
    ///
    /// ```
    /// use esafety_core::filter::{UrlFilter, Verdict};
    ///
    /// let filter = UrlFilter::default();
    /// let results = filter.check_many_nullable(&[Some("pornhub.com"), None], "ks2", None, None)?;
    /// assert_eq!(results[0].as_ref().unwrap().verdict, Verdict::Block);
    /// let null = results[1].as_ref().unwrap_err();
    /// assert_eq!((null.index, null.code.as_str()), (1, "input_null"));
    /// # Ok::<(), esafety_core::filter::FilterError>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`UrlFilter::check_many`].
    pub fn check_many_nullable<S: AsRef<str> + Sync>(
        &self,
        urls: &[Option<S>],
        audience: &str,
        at: Option<DateTime<Utc>>,
        scanner: Option<&TermScanner>,
    ) -> Result<Vec<Result<Decision, ItemError>>, FilterError> {
        self.check_items(
            urls,
            |url| url.as_ref().map(AsRef::as_ref),
            audience,
            at,
            scanner,
        )
    }

    /// One result per item, in order, the item's URL read by `url` (`None`: null).
    fn check_items<T: Sync>(
        &self,
        items: &[T],
        url: impl Fn(&T) -> Option<&str> + Sync + Send,
        audience: &str,
        at: Option<DateTime<Utc>>,
        scanner: Option<&TermScanner>,
    ) -> Result<Vec<Result<Decision, ItemError>>, FilterError> {
        let audience = audience.parse::<Audience>()?;
        let parts =
            crate::batch::map_chunks(items, super::columns::URLS_PER_CHUNK, |start, part| {
                part.iter()
                    .enumerate()
                    .map(|(n, item)| match url(item) {
                        Some(url) => self
                            .check_for_with(url, audience, at, scanner)
                            .map_err(|e| ItemError::new(start + n, url, &e)),
                        None => Err(ItemError::null(start + n)),
                    })
                    .collect::<Vec<_>>()
            });
        Ok(crate::batch::concat(parts))
    }
}
