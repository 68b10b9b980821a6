//! What-if replay (issue 14): which decisions a policy change would change, before it is
//! made.

use super::{FilterError, UrlFilter, Verdict};
use crate::batch::ItemError;
use crate::vocabulary::Audience;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One URL whose verdict differs between the old and the new filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct VerdictChange {
    /// The URL as given.
    pub url: String,
    /// The verdict under the old filter.
    pub old_verdict: Verdict,
    /// The verdict under the new filter.
    pub new_verdict: Verdict,
    /// The rule that decided under the old filter.
    pub old_rule: String,
    /// The rule that decided under the new filter.
    pub new_rule: String,
    /// The first category under the new filter (else the old), when any.
    pub category: Option<String>,
}

/// Every decision a change of filter would change, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WhatIf {
    /// The audience the URLs were checked for.
    pub audience: Audience,
    /// How many URLs were checked (errors included).
    pub checked: usize,
    /// The URLs whose verdict changes, in input order.
    pub changes: Vec<VerdictChange>,
    /// How many changes per category (`none` when no category applies).
    pub by_category: BTreeMap<String, usize>,
    /// The URLs neither filter could check.
    pub errors: Vec<ItemError>,
}

/// Replays `urls` for `audience` through `old` and `new`.
///
/// # Examples
///
/// ```
/// use esafety_core::filter::{UrlFilter, Verdict, what_if};
///
/// let old = UrlFilter::default();
/// let mut new = UrlFilter::default();
/// new.set_policy_json(r#"{"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}}}"#)?;
/// let report = what_if(&old, &new, &["bbc.co.uk", "example.com", ""], "ks2", None)?;
/// assert_eq!(report.changes.len(), 1);
/// assert_eq!(report.changes[0].old_verdict, Verdict::Allow);
/// assert_eq!(report.changes[0].new_verdict, Verdict::Block);
/// assert_eq!(report.errors[0].code, "url_empty");
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
///
/// # Errors
///
/// [`FilterError`] when the audience is unknown.
pub fn what_if<S: AsRef<str>>(
    old: &UrlFilter,
    new: &UrlFilter,
    urls: &[S],
    audience: &str,
    at: Option<DateTime<Utc>>,
) -> Result<WhatIf, FilterError> {
    let audience: Audience = audience.parse()?;
    let mut report = WhatIf {
        audience,
        checked: urls.len(),
        changes: Vec::new(),
        by_category: BTreeMap::new(),
        errors: Vec::new(),
    };
    for (index, url) in urls.iter().enumerate() {
        let url = url.as_ref();
        let both = old
            .check_for(url, audience, at)
            .and_then(|a| Ok((a, new.check_for(url, audience, at)?)));
        let (a, b) = match both {
            Ok(pair) => pair,
            Err(e) => {
                report.errors.push(ItemError::new(index, url, &e));
                continue;
            }
        };
        if a.verdict == b.verdict {
            continue;
        }
        let category = b
            .categories
            .first()
            .or(a.categories.first())
            .map(|c| c.as_str().to_owned());
        *report
            .by_category
            .entry(category.clone().unwrap_or_else(|| "none".to_owned()))
            .or_default() += 1;
        report.changes.push(VerdictChange {
            url: url.to_owned(),
            old_verdict: a.verdict,
            new_verdict: b.verdict,
            old_rule: a.rule,
            new_rule: b.rule,
            category,
        });
    }
    Ok(report)
}
