//! A batch of texts scanned into columns (issue 14): one row per input, in order, an error
//! column instead of an exception.

use super::{Audience, ScanSummary, Scratch, TermScanner};
use crate::ErrorCode;
use serde::Serialize;

/// A batch's scans as columns; row `i` of every column belongs to input `i`.
///
/// # Examples
///
/// ```
/// use esafety_core::scanner::TermScanner;
///
/// let scanner = TermScanner::embedded_default()?;
/// let texts = [Some("i want to kill myself"), None, Some("lovely weather")];
/// let columns = scanner.scan_columns(&texts, "ks3")?;
/// assert_eq!(columns.flagged, [Some(true), None, Some(false)]);
/// assert_eq!(columns.max_severity[0], Some(5));
/// assert_eq!(columns.categories[0], ["suicide"]);
/// assert_eq!(columns.error[1].as_deref(), Some("input_null"));
/// # Ok::<(), esafety_core::scanner::ScannerError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScanColumns {
    /// Whether a match flags the text (confidence ≥ the flag threshold); `None` on an error row.
    pub flagged: Vec<Option<bool>>,
    /// The highest severity among the matches, `None` when nothing matched or on an error row.
    pub max_severity: Vec<Option<u8>>,
    /// The categories found, most severe first (as [`ScanSummary::categories`]).
    pub categories: Vec<Vec<String>>,
    /// The error code of a row that could not be scanned, `None` when it was.
    pub error: Vec<Option<String>>,
}

/// Texts per chunk of a batch on several cores: a batch of fewer than twice this many is
/// scanned on the caller's thread.
const TEXTS_PER_CHUNK: usize = 256;

/// Appends batches' rows after these rows, in order.
impl Extend<ScanColumns> for ScanColumns {
    fn extend<I: IntoIterator<Item = ScanColumns>>(&mut self, parts: I) {
        for part in parts {
            self.flagged.extend(part.flagged);
            self.max_severity.extend(part.max_severity);
            self.categories.extend(part.categories);
            self.error.extend(part.error);
        }
    }
}

impl TermScanner {
    /// Scans a column of texts (`None` is a null row) for one audience: the same matches as
    /// [`TermScanner::scan`] one by one, summarised as columns. With the `parallel` feature
    /// a long column is scanned on all cores, in chunks; the rows stay in input order.
    ///
    /// # Errors
    ///
    /// [`super::ScannerError`] when the audience is unknown.
    pub fn scan_columns<S: AsRef<str> + Sync>(
        &self,
        texts: &[Option<S>],
        audience: &str,
    ) -> Result<ScanColumns, super::ScannerError> {
        self.scan_columns_in(texts, audience, TEXTS_PER_CHUNK)
    }

    /// [`TermScanner::scan_columns`] with `chunk` texts per chunk.
    pub(crate) fn scan_columns_in<S: AsRef<str> + Sync>(
        &self,
        texts: &[Option<S>],
        audience: &str,
        chunk: usize,
    ) -> Result<ScanColumns, super::ScannerError> {
        let audience: Audience = audience.parse()?;
        let parts =
            crate::batch::map_chunks(texts, chunk, |_, texts| self.columns_of(texts, audience));
        Ok(crate::batch::join(parts))
    }

    /// The columns of `texts`, one by one on this thread.
    fn columns_of<S: AsRef<str>>(&self, texts: &[Option<S>], audience: Audience) -> ScanColumns {
        let mut scratch = Scratch::default();
        let mut columns = ScanColumns::default();
        for text in texts {
            let result = match text {
                Some(text) => self
                    .scan_with(&mut scratch, text.as_ref(), audience)
                    .map_err(|e| e.code()),
                None => Err(crate::filter::NULL_INPUT),
            };
            match result {
                Ok(matches) => {
                    let summary = ScanSummary::of(&matches);
                    columns
                        .flagged
                        .push(Some(matches.iter().any(super::Match::is_flagged)));
                    columns.max_severity.push(summary.highest_severity);
                    columns.categories.push(
                        summary
                            .categories
                            .iter()
                            .map(|c| c.as_str().to_owned())
                            .collect(),
                    );
                    columns.error.push(None);
                }
                Err(code) => {
                    columns.flagged.push(None);
                    columns.max_severity.push(None);
                    columns.categories.push(Vec::new());
                    columns.error.push(Some(code.to_owned()));
                }
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

    static SCANNER: LazyLock<Result<TermScanner, super::super::ScannerError>> =
        LazyLock::new(TermScanner::embedded_default);

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any cut into chunks gives the rows of one pass on one thread, in order.
        #[test]
        fn chunks_give_the_rows_of_one_pass(
            texts in proptest::collection::vec(
                proptest::option::weighted(0.9, "(kill myself|kys|loser|lovely|weather|[a-z ]{0,8}) ?[a-z ]{0,12}"),
                0..40,
            ),
            chunk in 1usize..6,
        ) {
            let scanner = SCANNER.as_ref().unwrap();
            let parallel = scanner.scan_columns_in(&texts, "ks3", chunk).unwrap();
            let one_pass = scanner.columns_of(&texts, Audience::Ks3);
            prop_assert_eq!(parallel, one_pass);
        }
    }
}
