//! Filtering policies per audience: blocked categories, allow and block lists, allow-list
//! mode, safe search and time windows.
//!
//! Built-in defaults (DOMAIN.md §6 and issue 6 §5; the choices marked *project default* are
//! this library's, a school can change them):
//!
//! | audience | blocked by default | safe search |
//! |---|---|---|
//! | `eyfs`, `ks1` | every UKSIC category, `adult`, `dating`, `social_networks`, `chat`, `phishing`, `weapons`, `lookalike`, `remote_access`, plus `games`, `webmail`, `shopping`, `generative_ai` (*project default*); allow-list mode available, off until the school turns it on | strict |
//! | `ks2`, `ks3`, `ks4`, `sixth_form` | every UKSIC category, `adult`, `dating`, `social_networks`, `chat`, `phishing`, `weapons`, `lookalike`, `remote_access` | strict |
//! | `guest` | as KS2 (*project default*: guests may be pupils' visitors) | strict |
//! | `staff` | every UKSIC category, `phishing`, `lookalike` (staff lose fewer: `adult`, sexualised but not pornographic, covers art, fashion, stock-photo and news sites, and `remote_access` their meeting tools; *project default*) | moderate |
//!
//! The illegal categories (`illegal.csam`, `illegal.terrorism`) are blocked for every
//! audience whatever the configuration: a configuration that tries to allow them is an
//! error ([`FilterError::IllegalCategoryLocked`]), and a replacement category list that
//! leaves them out still blocks them (UKSIC 2024: "no one can switch it off").
//!
//! Time windows use the school's local time. The core reads no clock: the instant is an
//! argument, converted to UK time (GMT, or BST from 01:00 UTC on the last Sunday of March
//! to 01:00 UTC on the last Sunday of October). When no instant is given, windows that
//! block apply and windows that allow do not (the most protective reading).
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{PolicyConfig, Audience};
//!
//! let config: PolicyConfig = serde_json::from_str(r#"{
//!   "audiences": {"staff": {"block_categories": ["social_networks"],
//!     "windows": [{"days": ["mon","tue","wed","thu","fri"], "from": "12:00", "to": "13:00",
//!                  "allow_categories": ["social_networks"]}]}}}"#).unwrap();
//! assert!(config.validate().is_ok());
//! assert_eq!("sixth_form".parse::<Audience>()?, Audience::SixthForm);
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use super::FilterError;
use super::category::{Category, UKSIC_CATEGORIES};
use super::safe_search::SafeSearchMode;
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

pub use crate::vocabulary::Audience;

/// Every audience, in order (the vocabulary's [`Audience::ALL`]).
pub const AUDIENCES: &[Audience] = Audience::ALL;

impl Audience {
    /// The categories blocked by default for this audience (illegal ones included).
    pub fn default_blocked(self) -> Vec<Category> {
        let mut out: Vec<Category> = super::category::ILLEGAL_CATEGORIES.to_vec();
        out.extend(UKSIC_CATEGORIES.iter().cloned());
        match self {
            Audience::Staff => out.extend([Category::Phishing, Category::Lookalike]),
            _ => {
                out.extend([
                    Category::Adult,
                    Category::Dating,
                    Category::SocialNetworks,
                    Category::Chat,
                    Category::Phishing,
                    Category::Weapons,
                    Category::Lookalike,
                    Category::RemoteAccess,
                ]);
                if matches!(self, Audience::Eyfs | Audience::Ks1) {
                    out.extend([
                        Category::Games,
                        Category::Webmail,
                        Category::Shopping,
                        Category::GenerativeAi,
                    ]);
                }
            }
        }
        out
    }

    /// The default confidence (percent) at which a category-model guess blocks.
    pub fn default_model_block_at(self) -> u8 {
        match self {
            Audience::Staff => 98,
            _ => 95,
        }
    }

    /// The default confidence (percent) from which a `phishing` guess blocks on a tenant of a
    /// hosting platform (see `AudienceConfig::tenant_phishing_block_at`): 70 for pupils and
    /// guests (no clean tenant among the popular sites of the shared data is read as phishing
    /// at 70% or more; see `benches/README.md`), 100 for staff (their own threshold applies).
    pub fn default_tenant_phishing_block_at(self) -> u8 {
        match self {
            Audience::Staff => 100,
            _ => 70,
        }
    }

    /// The built-in confidence (percent) at which a guess of `category` blocks, where it
    /// differs from [`Audience::default_model_block_at`]: pupils and guests block a
    /// `pornography` guess from 80% (the category a child most needs kept away, and the
    /// model's surest: 93% of its held-out guesses from 80% are right; see
    /// `benches/README.md`, "URL filter: the category model").
    ///
    /// ```
    /// use esafety_core::filter::Category;
    /// use esafety_core::vocabulary::Audience;
    /// assert_eq!(Audience::Ks3.default_model_block_at_for(&Category::Pornography), Some(80));
    /// assert_eq!(Audience::Staff.default_model_block_at_for(&Category::Pornography), None);
    /// assert_eq!(Audience::Ks3.default_model_block_at_for(&Category::Gambling), None);
    /// ```
    pub fn default_model_block_at_for(self, category: &Category) -> Option<u8> {
        match (self, category) {
            (Audience::Staff, _) => None,
            (_, Category::Pornography) => Some(80),
            _ => None,
        }
    }

    /// The default safe-search mode for this audience.
    pub fn default_safe_search(self) -> SafeSearchMode {
        match self {
            Audience::Staff => SafeSearchMode::Moderate,
            _ => SafeSearchMode::Strict,
        }
    }
}

/// The school's time zone for time windows.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SchoolTimezone {
    /// UK civil time: GMT in winter, BST in summer (the default).
    #[default]
    EuropeLondon,
    /// UTC all year.
    Utc,
}

impl SchoolTimezone {
    /// The local date and time of an instant.
    pub fn local(self, at: DateTime<Utc>) -> (NaiveDate, NaiveTime) {
        let local = match self {
            SchoolTimezone::Utc => at.naive_utc(),
            SchoolTimezone::EuropeLondon => crate::vocabulary::SchoolClock::london().local(at),
        };
        (local.date(), local.time())
    }
}

/// Whether British Summer Time is in force at an instant (the school clock's rule).
#[cfg(test)]
fn is_bst(at: DateTime<Utc>) -> bool {
    crate::vocabulary::SchoolClock::london().is_summer_time(at)
}

/// A recurring weekly window that changes which categories are blocked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeWindowConfig {
    /// Days it applies: `mon`..`sun` (empty means every day).
    #[serde(default)]
    pub days: Vec<String>,
    /// Local start time `HH:MM` (inclusive).
    pub from: String,
    /// Local end time `HH:MM` (exclusive; `24:00` is the end of the day); earlier than
    /// `from` means it runs past midnight. Equal to `from` is refused (an empty window).
    pub to: String,
    /// Categories allowed during the window (never an illegal one).
    #[serde(default)]
    pub allow_categories: Vec<Category>,
    /// Categories blocked during the window.
    #[serde(default)]
    pub block_categories: Vec<Category>,
    /// Optional name shown in decisions, e.g. `lunch`.
    #[serde(default)]
    pub label: Option<String>,
}

/// What a school configures for one audience. Every field is optional; what is left out
/// keeps the built-in default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceConfig {
    /// Replaces the default blocked categories (the illegal ones stay blocked regardless).
    #[serde(default)]
    pub blocked_categories: Option<Vec<Category>>,
    /// Categories blocked on top of the defaults (key `block`; `block_categories` is
    /// accepted too).
    #[serde(default, rename = "block", alias = "block_categories")]
    pub block_categories: Vec<Category>,
    /// Categories removed from the defaults, never an illegal one (key `allow`;
    /// `allow_categories` is accepted too).
    #[serde(default, rename = "allow", alias = "allow_categories")]
    pub allow_categories: Vec<Category>,
    /// Sites always allowed (domain, or `host/path` prefix) unless illegal.
    #[serde(default)]
    pub allow_list: Vec<String>,
    /// Sites always blocked (domain, or `host/path` prefix).
    #[serde(default)]
    pub block_list: Vec<String>,
    /// Only the allow list is reachable (for EYFS and KS1 supervised access).
    #[serde(default)]
    pub allow_list_mode: Option<bool>,
    /// Safe-search enforcement: `strict`, `moderate` or `off`.
    #[serde(default)]
    pub safe_search: Option<SafeSearchMode>,
    /// Weekly time windows.
    #[serde(default)]
    pub windows: Vec<TimeWindowConfig>,
    /// Confidence (percent, 50 to 100) at or above which the category model's guess blocks
    /// a blocked category; below it the guess only flags the request (allowed, reported to
    /// monitoring); 100 never blocks. Default 95 for pupils and guests, 98 for staff.
    #[serde(default)]
    pub model_block_at: Option<u8>,
    /// Per-category confidence (percent, 50 to 100) at or above which a guess of that
    /// category blocks, over `model_block_at` (`{ pornography = 90 }`). Without either,
    /// pupils and guests block a `pornography` guess from 80. An illegal category cannot be
    /// named (it always blocks), nor one the model never guesses (the threshold would
    /// never apply).
    #[serde(default)]
    pub model_block_at_by_category: BTreeMap<Category, u8>,
    /// Confidence (percent, 50 to 100) from which a `phishing` guess blocks on a tenant of a
    /// hosting platform that the lists name only as a platform (`login-verify.000webhostapp.com`:
    /// anyone can publish a login page there for free and without a name). It only ever lowers
    /// the category's own threshold. Default 70 for pupils and guests, 100 (no lowering) for
    /// staff and wherever the school set `model_block_at` or a `phishing` threshold of its
    /// own.
    #[serde(default)]
    pub tenant_phishing_block_at: Option<u8>,
    /// Naughtiness limit of content classification: a blocked category whose phrase score
    /// reaches it blocks the page. Default 50 up to KS2, 100 from KS3 and for guests, 160
    /// for staff.
    #[serde(default)]
    pub content_limit: Option<u32>,
}

/// A school's filtering policy: per-audience configuration on top of the defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyConfig {
    /// Time zone of time windows (default `europe_london`).
    #[serde(default)]
    pub timezone: SchoolTimezone,
    /// Configuration per audience id (`eyfs` ... `guest`).
    #[serde(default)]
    pub audiences: BTreeMap<String, AudienceConfig>,
}

impl PolicyConfig {
    /// Checks audience ids, times and the illegal-category lock.
    ///
    /// # Errors
    ///
    /// [`FilterError::UnknownAudience`], [`FilterError::InvalidPolicy`] (bad day or time)
    /// or [`FilterError::IllegalCategoryLocked`].
    pub fn validate(&self) -> Result<(), FilterError> {
        self.resolve().map(|_| ())
    }

    /// Every problem of the settings, each with its path below `audiences`
    /// (`ks2.windows[0].from`; an unknown audience at its key); empty when they are valid.
    pub(crate) fn problems(&self) -> Problems {
        let mut problems = Problems::new();
        for (key, config) in &self.audiences {
            let audience = match key.parse::<Audience>() {
                Ok(audience) => audience,
                Err(e) => {
                    problems.push((key.clone(), e.into()));
                    continue;
                }
            };
            if let Err(found) = AudiencePolicy::resolve_all(audience, Some(config)) {
                problems.extend(
                    found
                        .into_iter()
                        .map(|(path, e)| (format!("{key}.{path}"), e)),
                );
            }
        }
        problems
    }

    /// The effective policy of every audience.
    pub(crate) fn resolve(&self) -> Result<Vec<AudiencePolicy>, FilterError> {
        let mut configs: Vec<Option<&AudienceConfig>> = vec![None; AUDIENCES.len()];
        for (key, config) in &self.audiences {
            let audience: Audience = key.parse()?;
            if let Some(slot) = configs.get_mut(audience.index()) {
                *slot = Some(config);
            }
        }
        AUDIENCES
            .iter()
            .zip(configs)
            .map(|(&audience, config)| AudiencePolicy::resolve(audience, config))
            .collect()
    }
}

/// A resolved weekly window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TimeWindow {
    pub index: usize,
    pub days: [bool; 7],
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub allow: Vec<Category>,
    pub block: Vec<Category>,
    pub label: Option<String>,
}

impl TimeWindow {
    /// The end as the school wrote it (`24:00` for the end of the day).
    pub(crate) fn end_text(&self) -> String {
        match chrono::Timelike::nanosecond(&self.to) >= 1_000_000_000 {
            true => "24:00".to_owned(),
            false => self.to.format("%H:%M").to_string(),
        }
    }

    pub(crate) fn contains(&self, date: NaiveDate, time: NaiveTime) -> bool {
        let day = date.weekday().num_days_from_monday() as usize;
        let yesterday = (day + 6) % 7;
        let on = |d: usize| self.days.get(d).copied().unwrap_or(false);
        if self.from <= self.to {
            on(day) && time >= self.from && time < self.to
        } else {
            (on(day) && time >= self.from) || (on(yesterday) && time < self.to)
        }
    }
}

/// Checks that a model threshold is a percentage from 50 to 100.
fn check_model_block_at(key: &str, at: u8) -> Result<(), FilterError> {
    if (50..=100).contains(&at) {
        Ok(())
    } else {
        Err(FilterError::InvalidPolicy {
            reason: format!("{key} {at} is not a percentage from 50 to 100"),
        })
    }
}

/// The per-category thresholds of one audience: the school's own, then (only where the
/// school set no `model_block_at` of its own) the built-in ones. Each threshold that cannot
/// stand is a problem at `model_block_at_by_category.<category>`.
fn resolve_model_block_at_by_category(
    audience: Audience,
    config: &AudienceConfig,
    model_block_at: u8,
    problems: &mut Problems,
) -> Vec<(Category, u8)> {
    let mut out = Vec::new();
    for (category, &at) in &config.model_block_at_by_category {
        let path = format!("model_block_at_by_category.{}", category.as_str());
        if category.is_illegal() {
            problems.push((path, locked(category)));
            continue;
        }
        if !super::model::GUESSED_CATEGORIES.contains(category) {
            let reason = format!(
                "model_block_at_by_category names `{}`, which the category model never guesses (it guesses {})",
                category.as_str(),
                super::model::GUESSED_CATEGORIES
                    .iter()
                    .map(Category::as_str)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            problems.push((path, FilterError::InvalidPolicy { reason }));
            continue;
        }
        match check_model_block_at(&path, at) {
            Ok(()) => out.push((category.clone(), at)),
            Err(e) => problems.push((path, e)),
        }
    }
    if config.model_block_at.is_none() {
        for category in super::category::NAMED_CATEGORIES {
            if let Some(at) = audience.default_model_block_at_for(category)
                && at != model_block_at
                && !config.model_block_at_by_category.contains_key(category)
            {
                out.push((category.clone(), at));
            }
        }
    }
    out
}

/// Problems of one audience's settings, each with its path below the audience
/// (`windows[0].from`, `allow_list[2]`), in the order they are checked.
pub(crate) type Problems = Vec<(String, FilterError)>;

fn locked(category: &Category) -> FilterError {
    FilterError::IllegalCategoryLocked {
        category: category.as_str().to_owned(),
    }
}

/// The effective policy of one audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AudiencePolicy {
    pub audience: Audience,
    pub blocked: Vec<Category>,
    pub allow_list: Vec<String>,
    pub block_list: Vec<String>,
    pub allow_list_mode: bool,
    pub safe_search: SafeSearchMode,
    pub windows: Vec<TimeWindow>,
    pub model_block_at: u8,
    /// Per-category thresholds that differ from `model_block_at` (configured or built in).
    pub model_block_at_by_category: Vec<(Category, u8)>,
    /// The threshold of a phishing guess on a hosting platform's tenant.
    pub tenant_phishing_block_at: u8,
    pub content_limit: u32,
}

impl AudiencePolicy {
    /// The confidence (percent) at which a model guess of `category` blocks.
    pub(crate) fn model_block_at(&self, category: &Category) -> u8 {
        self.model_block_at_by_category
            .iter()
            .find(|(c, _)| c == category)
            .map_or(self.model_block_at, |(_, at)| *at)
    }

    /// The lower threshold a guess of `category` has on a hosting platform's tenant, when
    /// the tenant rule lowers the category's own (`own`): only for `phishing`.
    pub(crate) fn tenant_block_at(&self, category: &Category, own: u8) -> Option<u8> {
        (*category == Category::Phishing && self.tenant_phishing_block_at < own)
            .then_some(self.tenant_phishing_block_at)
    }

    /// The first problem of [`AudiencePolicy::resolve_all`].
    fn resolve(
        audience: Audience,
        config: Option<&AudienceConfig>,
    ) -> Result<AudiencePolicy, FilterError> {
        Self::resolve_all(audience, config).map_err(|problems| {
            problems
                .into_iter()
                .map(|(_, e)| e)
                .next()
                .unwrap_or_else(|| FilterError::InvalidPolicy {
                    reason: "the audience's settings cannot be read".to_owned(),
                })
        })
    }

    /// The effective policy of `audience`, or every problem of its settings (a school
    /// fixing its document sees them all at once).
    pub(crate) fn resolve_all(
        audience: Audience,
        config: Option<&AudienceConfig>,
    ) -> Result<AudiencePolicy, Problems> {
        let default = AudienceConfig::default();
        let config = config.unwrap_or(&default);
        let mut problems = Problems::new();
        let mut blocked = match &config.blocked_categories {
            Some(list) => list.clone(),
            None => audience.default_blocked(),
        };
        for illegal in super::category::ILLEGAL_CATEGORIES {
            if !blocked.contains(illegal) {
                blocked.push(illegal.clone());
            }
        }
        for (i, c) in config.allow_categories.iter().enumerate() {
            if c.is_illegal() {
                problems.push((format!("allow[{i}]"), locked(c)));
            }
        }
        blocked.retain(|c| !config.allow_categories.contains(c) || c.is_illegal());
        for c in &config.block_categories {
            if !blocked.contains(c) {
                blocked.push(c.clone());
            }
        }
        let windows: Vec<TimeWindow> = config
            .windows
            .iter()
            .enumerate()
            .filter_map(|(index, w)| TimeWindow::resolve(index, w, &mut problems))
            .collect();
        for (key, list) in [
            ("allow_list", &config.allow_list),
            ("block_list", &config.block_list),
        ] {
            for (i, entry) in list.iter().enumerate() {
                // The same reading the compiled list uses, so no entry passes here and is
                // dropped there.
                let problem = super::overrides::site_parts(entry).err().or_else(|| {
                    (key == "allow_list")
                        .then(|| super::overrides::allow_entry_problem(entry))
                        .flatten()
                });
                if let Some(reason) = problem {
                    problems.push((format!("{key}[{i}]"), FilterError::InvalidPolicy { reason }));
                }
            }
        }
        let model_block_at = config
            .model_block_at
            .unwrap_or_else(|| audience.default_model_block_at());
        if let Err(e) = check_model_block_at("model_block_at", model_block_at) {
            problems.push(("model_block_at".to_owned(), e));
        }
        let model_block_at_by_category =
            resolve_model_block_at_by_category(audience, config, model_block_at, &mut problems);
        // The built-in tenant threshold, like the built-in per-category ones, stands back
        // when the school set its own model or phishing threshold (`model_block_at = 100`
        // means the model never blocks).
        let own_phishing = config.model_block_at.is_some()
            || config
                .model_block_at_by_category
                .contains_key(&Category::Phishing);
        let tenant_phishing_block_at = match config.tenant_phishing_block_at {
            Some(at) => at,
            None if own_phishing => 100,
            None => audience.default_tenant_phishing_block_at(),
        };
        if let Err(e) = check_model_block_at("tenant_phishing_block_at", tenant_phishing_block_at) {
            problems.push(("tenant_phishing_block_at".to_owned(), e));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(AudiencePolicy {
            model_block_at,
            model_block_at_by_category,
            tenant_phishing_block_at,
            content_limit: config
                .content_limit
                .unwrap_or_else(|| audience.default_content_limit()),
            audience,
            blocked,
            allow_list: config.allow_list.clone(),
            block_list: config.block_list.clone(),
            allow_list_mode: config.allow_list_mode.unwrap_or(false),
            safe_search: config
                .safe_search
                .unwrap_or_else(|| audience.default_safe_search()),
            windows,
        })
    }
}

impl TimeWindow {
    /// Window `index` of an audience, or `None` with its problems (each at
    /// `windows[index]…`) added to `problems`.
    fn resolve(index: usize, w: &TimeWindowConfig, problems: &mut Problems) -> Option<TimeWindow> {
        let before = problems.len();
        let at = |field: &str| format!("windows[{index}].{field}");
        for (i, c) in w.allow_categories.iter().enumerate() {
            if c.is_illegal() {
                problems.push((at(&format!("allow_categories[{i}]")), locked(c)));
            }
        }
        let mut days = [w.days.is_empty(); 7];
        for (i, d) in w.days.iter().enumerate() {
            match d.parse::<Weekday>() {
                Ok(wd) => {
                    if let Some(slot) = days.get_mut(wd.num_days_from_monday() as usize) {
                        *slot = true;
                    }
                }
                Err(_) => {
                    let reason = format!("unknown day `{}`", super::category::shorten(d));
                    problems.push((
                        at(&format!("days[{i}]")),
                        FilterError::InvalidPolicy { reason },
                    ));
                }
            }
        }
        let from = parse_time(&w.from).map_err(|e| problems.push((at("from"), e)));
        let to = parse_end(&w.to).map_err(|e| problems.push((at("to"), e)));
        let (Ok(from), Ok(to)) = (from, to) else {
            return None;
        };
        if from == to {
            let reason = format!(
                "window {index} runs from `{}` to `{}`: it is empty (a whole day is `00:00` to `24:00`)",
                super::category::shorten(&w.from),
                super::category::shorten(&w.to)
            );
            problems.push((
                format!("windows[{index}]"),
                FilterError::InvalidPolicy { reason },
            ));
        }
        (problems.len() == before).then(|| TimeWindow {
            index,
            days,
            from,
            to,
            allow: w.allow_categories.clone(),
            block: w.block_categories.clone(),
            label: w.label.clone(),
        })
    }
}

/// A window's end: `HH:MM`, or `24:00` for the end of the day (the last instant chrono
/// can name, after every time of the day).
fn parse_end(s: &str) -> Result<NaiveTime, FilterError> {
    match s {
        "24:00" => NaiveTime::from_hms_nano_opt(23, 59, 59, 1_999_999_999).ok_or_else(|| {
            FilterError::InvalidPolicy {
                reason: "time `24:00` cannot be read".to_owned(),
            }
        }),
        _ => parse_time(s),
    }
}

fn parse_time(s: &str) -> Result<NaiveTime, FilterError> {
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| FilterError::InvalidPolicy {
        reason: format!("time `{}` is not HH:MM", super::category::shorten(s)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn bst_boundaries() {
        // 2026: BST from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert!(!is_bst(at("2026-03-29T00:59:59Z")));
        assert!(is_bst(at("2026-03-29T01:00:00Z")));
        assert!(is_bst(at("2026-10-25T00:59:59Z")));
        assert!(!is_bst(at("2026-10-25T01:00:00Z")));
        let (_, t) = SchoolTimezone::EuropeLondon.local(at("2026-06-01T11:30:00Z"));
        assert_eq!(t, NaiveTime::from_hms_opt(12, 30, 0).unwrap());
    }

    #[test]
    fn defaults_block_illegal_for_everyone() {
        for a in AUDIENCES {
            let blocked = a.default_blocked();
            assert!(blocked.contains(&Category::IllegalCsam));
            assert!(blocked.contains(&Category::IllegalTerrorism));
            assert!(blocked.contains(&Category::Pornography));
        }
        assert!(
            !Audience::Staff
                .default_blocked()
                .contains(&Category::SocialNetworks)
        );
        assert!(Audience::Ks2.default_blocked().contains(&Category::Weapons));
        assert!(
            Audience::Ks2
                .default_blocked()
                .contains(&Category::RemoteAccess)
        );
        assert!(
            !Audience::Staff
                .default_blocked()
                .contains(&Category::RemoteAccess)
        );
        assert!(!Audience::Staff.default_blocked().contains(&Category::Adult));
    }

    #[test]
    fn illegal_cannot_be_allowed() {
        let mut config = PolicyConfig::default();
        config.audiences.insert(
            "staff".into(),
            AudienceConfig {
                allow_categories: vec![Category::IllegalCsam],
                ..AudienceConfig::default()
            },
        );
        assert_eq!(
            config.validate().unwrap_err().code(),
            "filter_illegal_category_locked"
        );
        let mut config = PolicyConfig::default();
        config.audiences.insert(
            "staff".into(),
            AudienceConfig {
                blocked_categories: Some(vec![]),
                ..AudienceConfig::default()
            },
        );
        let resolved = config.resolve().unwrap();
        assert!(
            resolved[Audience::Staff.index()]
                .blocked
                .contains(&Category::IllegalTerrorism)
        );
    }

    #[test]
    fn an_empty_window_is_refused_and_24_00_ends_the_day() {
        let with_window = |from: &str, to: &str| {
            let mut config = PolicyConfig::default();
            config.audiences.insert(
                "staff".into(),
                AudienceConfig {
                    windows: vec![TimeWindowConfig {
                        days: vec![],
                        from: from.into(),
                        to: to.into(),
                        allow_categories: vec![],
                        block_categories: vec![Category::Games],
                        label: None,
                    }],
                    ..AudienceConfig::default()
                },
            );
            config.resolve()
        };
        let empty = with_window("00:00", "00:00").unwrap_err();
        assert_eq!(empty.code(), "filter_invalid_policy");
        assert!(empty.to_string().contains("24:00"), "{empty}");
        let day = with_window("00:00", "24:00").unwrap();
        let w = &day[Audience::Staff.index()].windows[0];
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        for (h, m, s) in [(0, 0, 0), (12, 0, 0), (23, 59, 59)] {
            assert!(w.contains(monday, NaiveTime::from_hms_opt(h, m, s).unwrap()));
        }
        assert_eq!(w.end_text(), "24:00");
        assert!(with_window("09:00", "24:01").is_err());
    }

    #[test]
    fn windows_wrap_midnight() {
        let w = TimeWindow {
            index: 0,
            days: [true, false, false, false, false, false, false],
            from: NaiveTime::from_hms_opt(22, 0, 0).unwrap(),
            to: NaiveTime::from_hms_opt(2, 0, 0).unwrap(),
            allow: vec![],
            block: vec![],
            label: None,
        };
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let tuesday = monday.succ_opt().unwrap();
        assert!(w.contains(monday, NaiveTime::from_hms_opt(23, 0, 0).unwrap()));
        assert!(w.contains(tuesday, NaiveTime::from_hms_opt(1, 0, 0).unwrap()));
        assert!(!w.contains(tuesday, NaiveTime::from_hms_opt(23, 0, 0).unwrap()));
    }

    #[test]
    fn bad_ids_are_errors() {
        assert_eq!(
            FilterError::from("year7".parse::<Audience>().unwrap_err()).code(),
            "filter_unknown_audience"
        );
        let config: PolicyConfig =
            serde_json::from_str(r#"{"audiences":{"ks2":{"windows":[{"days":["funday"],"from":"09:00","to":"10:00"}]}}}"#)
                .unwrap();
        assert_eq!(
            config.validate().unwrap_err().code(),
            "filter_invalid_policy"
        );
    }
}
