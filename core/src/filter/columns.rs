//! A batch of URLs classified into columns (issue 14): one row per input, in order, an error
//! column instead of an exception, ready for Arrow, pandas or Spark.

use super::{Category, FilterError, UrlFilter};
use crate::ErrorCode;
use crate::batch::TextColumn;
use crate::vocabulary::Audience;
use chrono::{DateTime, Utc};
use serde::Serialize;

pub use crate::batch::NULL_INPUT;

/// A batch's decisions as columns; row `i` of every column belongs to input `i`.
///
/// # Examples
///
/// ```
/// use esafety_core::filter::UrlFilter;
///
/// let filter = UrlFilter::default();
/// let urls = [Some("pornhub.com"), None, Some("http://exa mple.com/"), Some("bbc.co.uk")];
/// let columns = filter.check_columns(&urls, "ks2", None)?;
/// assert_eq!(columns.verdict, [Some("block"), None, None, Some("allow")]);
/// assert_eq!(columns.category.get(0), Some("pornography"));
/// assert_eq!(columns.rule.get(3), Some("policy:ks2.default_allow"));
/// assert_eq!(columns.error, [None, Some("input_null"), Some("url_invalid_host"), None]);
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DecisionColumns {
    /// The verdict id (`allow`, `block`, `safe_search`, ...), `None` for an error row.
    pub verdict: Vec<Option<&'static str>>,
    /// The first of the decision's categories ([`super::Decision::categories`]), null when
    /// none applies or on an error row.
    pub category: TextColumn,
    /// The rule that decided ([`super::Decision::rule`]), null on an error row.
    pub rule: TextColumn,
    /// The error code of a row that could not be checked, `None` when it was.
    pub error: Vec<Option<&'static str>>,
}

impl DecisionColumns {
    fn with_capacity(n: usize) -> DecisionColumns {
        DecisionColumns {
            verdict: Vec::with_capacity(n),
            category: TextColumn::with_capacity(n, n * 8),
            rule: TextColumn::with_capacity(n, n * 24),
            error: Vec::with_capacity(n),
        }
    }

    fn push_error(&mut self, code: &'static str) {
        self.verdict.push(None);
        self.category.push(None);
        self.rule.push(None);
        self.error.push(Some(code));
    }
}

/// URLs per chunk of a batch on several cores (about 2 ms of work each): a batch of fewer
/// than twice this many is checked on the caller's thread.
pub(super) const URLS_PER_CHUNK: usize = 1024;

/// Appends batches' rows after these rows, in order.
impl Extend<DecisionColumns> for DecisionColumns {
    fn extend<I: IntoIterator<Item = DecisionColumns>>(&mut self, parts: I) {
        for part in parts {
            self.verdict.extend(part.verdict);
            self.category.append(&part.category);
            self.rule.append(&part.rule);
            self.error.extend(part.error);
        }
    }
}

impl UrlFilter {
    /// Checks a column of URLs (`None` is a null row) for one audience: the same decisions
    /// as [`UrlFilter::check`] one by one, as columns. With the `parallel` feature a long
    /// column is checked on all cores, in chunks; the rows stay in input order.
    ///
    /// # Errors
    ///
    /// [`FilterError`] when the audience is unknown (no row can be checked for it).
    pub fn check_columns<S: AsRef<str> + Sync>(
        &self,
        urls: &[Option<S>],
        audience: &str,
        at: Option<DateTime<Utc>>,
    ) -> Result<DecisionColumns, FilterError> {
        self.check_columns_in(urls, audience, at, URLS_PER_CHUNK)
    }

    /// [`UrlFilter::check_columns`] with `chunk` URLs per chunk.
    pub(crate) fn check_columns_in<S: AsRef<str> + Sync>(
        &self,
        urls: &[Option<S>],
        audience: &str,
        at: Option<DateTime<Utc>>,
        chunk: usize,
    ) -> Result<DecisionColumns, FilterError> {
        let audience: Audience = audience.parse()?;
        let parts =
            crate::batch::map_chunks(urls, chunk, |_, urls| self.columns_of(urls, audience, at));
        Ok(crate::batch::join(parts))
    }

    /// The columns of `urls`, one by one on this thread.
    fn columns_of<S: AsRef<str>>(
        &self,
        urls: &[Option<S>],
        audience: Audience,
        at: Option<DateTime<Utc>>,
    ) -> DecisionColumns {
        let mut columns = DecisionColumns::with_capacity(urls.len());
        for url in urls {
            let Some(url) = url else {
                columns.push_error(NULL_INPUT);
                continue;
            };
            // The decision's verdict, first category and rule, without its explanation.
            match self.evaluate(url.as_ref(), audience, at) {
                Ok(e) => {
                    columns.verdict.push(Some(e.verdict.as_str()));
                    columns
                        .category
                        .push(self.first_category(&e).map(Category::as_str));
                    self.write_rule(&mut columns.rule, &e, audience);
                    columns.error.push(None);
                }
                Err(e) => columns.push_error(e.code()),
            }
        }
        columns
    }
}

#[cfg(all(test, feature = "parallel"))]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static FILTER: LazyLock<UrlFilter> = LazyLock::new(UrlFilter::default);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any cut into chunks gives the rows of one pass on one thread, in order.
        #[test]
        fn chunks_give_the_rows_of_one_pass(
            urls in proptest::collection::vec(
                proptest::option::weighted(0.9, "pornhub\\.com|bbc\\.co\\.uk|https?://[a-z. ]{0,12}/?[a-z?=]{0,6}"),
                0..40,
            ),
            chunk in 1usize..6,
        ) {
            let parallel = FILTER.check_columns_in(&urls, "ks2", None, chunk).unwrap();
            let one_pass = FILTER.columns_of(&urls, Audience::Ks2, None);
            prop_assert_eq!(parallel, one_pass);
        }
    }
}
