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

impl TermScanner {
    /// Scans a column of texts (`None` is a null row) for one audience: the same matches as
    /// [`TermScanner::scan`] one by one, summarised as columns.
    ///
    /// # Errors
    ///
    /// [`super::ScannerError`] when the audience is unknown.
    pub fn scan_columns<S: AsRef<str>>(
        &self,
        texts: &[Option<S>],
        audience: &str,
    ) -> Result<ScanColumns, super::ScannerError> {
        let audience: Audience = audience.parse()?;
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
        Ok(columns)
    }
}
