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
    /// The URL as given, less any user name and password written in it (a report must
    /// not copy credentials out of a log).
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
        match what_if_one(old, new, url, audience, at) {
            Ok(None) => {}
            Ok(Some(change)) => {
                *report
                    .by_category
                    .entry(change.category_or_none().to_owned())
                    .or_default() += 1;
                report.changes.push(change);
            }
            Err(e) => report
                .errors
                .push(ItemError::new(index, &without_credentials(url), &e)),
        }
    }
    Ok(report)
}

impl VerdictChange {
    /// The category the change is counted under: its category, else `none`.
    pub fn category_or_none(&self) -> &str {
        self.category.as_deref().unwrap_or("none")
    }
}

/// How one URL's decision would change for `audience` at `at`: `None` when the verdict is
/// the same under both filters.
///
/// # Examples
///
/// ```
/// use esafety_core::filter::{Audience, UrlFilter, what_if_one};
///
/// let old = UrlFilter::default();
/// let mut new = UrlFilter::default();
/// new.set_policy_json(r#"{"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}}}"#)?;
/// let change = what_if_one(&old, &new, "www.bbc.co.uk", Audience::Ks2, None)?.unwrap();
/// assert_eq!((change.old_verdict.as_str(), change.new_verdict.as_str()), ("allow", "block"));
/// assert_eq!(what_if_one(&old, &new, "bet365.com", Audience::Ks2, None)?, None);
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
///
/// # Errors
///
/// [`FilterError::Url`] when the URL is not a web address.
pub fn what_if_one(
    old: &UrlFilter,
    new: &UrlFilter,
    url: &str,
    audience: Audience,
    at: Option<DateTime<Utc>>,
) -> Result<Option<VerdictChange>, FilterError> {
    let a = old.check_for(url, audience, at)?;
    let b = new.check_for(url, audience, at)?;
    if a.verdict == b.verdict {
        return Ok(None);
    }
    let category = b
        .categories
        .first()
        .or(a.categories.first())
        .map(|c| c.as_str().to_owned());
    Ok(Some(VerdictChange {
        url: without_credentials(url).into_owned(),
        old_verdict: a.verdict,
        new_verdict: b.verdict,
        old_rule: a.rule,
        new_rule: b.rule,
        category,
    }))
}

/// `url` less the `user:password@` part of its authority, when it has one.
///
/// ```
/// use esafety_core::filter::without_credentials;
///
/// assert_eq!(without_credentials("https://ann:pw@mail.test/x@y"), "https://mail.test/x@y");
/// assert_eq!(without_credentials("mail.test/a@b"), "mail.test/a@b");
/// ```
pub fn without_credentials(url: &str) -> std::borrow::Cow<'_, str> {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let rest = url.get(after_scheme..).unwrap_or("");
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..authority_end).unwrap_or("");
    match authority.rfind('@') {
        Some(at) => {
            let mut out = String::with_capacity(url.len());
            out.push_str(url.get(..after_scheme).unwrap_or(""));
            out.push_str(rest.get(at + 1..).unwrap_or(""));
            std::borrow::Cow::Owned(out)
        }
        None => std::borrow::Cow::Borrowed(url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_never_copies_credentials_out_of_the_log() {
        let old = UrlFilter::default();
        let mut new = UrlFilter::default();
        new.set_policy_json(r#"{"audiences": {"ks2": {"block_list": ["bbc.co.uk"]}}}"#)
            .unwrap();
        let urls = ["https://ann:secret@www.bbc.co.uk/news", "http://bob:pw@"];
        let report = what_if(&old, &new, &urls, "ks2", None).unwrap();
        assert_eq!(report.changes[0].url, "https://www.bbc.co.uk/news");
        assert!(!report.errors[0].input.contains("pw"));
    }
}
