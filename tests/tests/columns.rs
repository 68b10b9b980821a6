//! Column batches on all cores (issue 14): `check_columns` and `scan_columns` over a batch
//! long enough to be cut into chunks give, row for row and in order, what the same call
//! gives for each row alone (one row is never split). The rows are the URLs and texts of the
//! shared vectors (`tests/vectors/`), repeated, with null rows between them. The batches
//! run in a pool of two threads, as the bindings install one (core never starts threads).

use esafety_conformance::{load_concept, same_column_row};
use esafety_core::filter::{DecisionColumns, NULL_INPUT, UrlFilter};
use esafety_core::scanner::ScanColumns;
use esafety_core::{ErrorCode, TermScanner};
use serde_json::Value;

/// Rows in each batch: several chunks of either kind.
const ROWS: usize = 6_000;

/// `work` on a pool of two threads, where core cuts a long batch into chunks.
fn on_two_threads<R: Send>(
    work: impl FnOnce() -> R + Send,
) -> Result<R, rayon::ThreadPoolBuildError> {
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build()?;
    Ok(pool.install(work))
}

/// Every string under a key in `keys`, anywhere in `value`.
fn strings_under(value: &Value, keys: &[&str], out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                match item {
                    Value::String(s) if keys.contains(&key.as_str()) => out.push(s.clone()),
                    Value::Array(items) if keys.contains(&key.as_str()) => {
                        out.extend(items.iter().filter_map(Value::as_str).map(str::to_owned))
                    }
                    _ => strings_under(item, keys, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| strings_under(item, keys, out)),
        _ => {}
    }
}

/// The strings of the concepts' vector inputs under `keys`, repeated to [`ROWS`] rows, every
/// seventh row null.
fn rows(concepts: &[&str], keys: &[&str]) -> Result<Vec<Option<String>>, String> {
    let mut found = Vec::new();
    for concept in concepts {
        for (_, file) in load_concept(concept)? {
            for case in &file.cases {
                strings_under(&case.input, keys, &mut found);
            }
        }
    }
    if found.len() < 50 {
        return Err(format!("only {} strings found", found.len()));
    }
    let mut values = found.into_iter().cycle();
    Ok((0..ROWS)
        .map(|i| if i % 7 == 3 { None } else { values.next() })
        .collect())
}

#[test]
fn check_columns_on_all_cores_matches_each_row_alone() {
    let filter = UrlFilter::default();
    let urls = rows(&["filter", "url"], &["url", "urls"]).unwrap();
    let batch = on_two_threads(|| filter.check_columns(&urls, "ks2", None))
        .unwrap()
        .unwrap();
    let mut alone = DecisionColumns::default();
    alone.extend(urls.iter().map(|url| {
        filter
            .check_columns(std::slice::from_ref(url), "ks2", None)
            .unwrap()
    }));
    assert_eq!(batch.verdict.len(), ROWS);
    assert!(batch.error.iter().any(Option::is_some) && batch.verdict.iter().any(Option::is_some));
    assert_eq!(batch, alone);
    // Each row is what `check` decides for its URL, without the explanation.
    for (i, url) in urls.iter().enumerate() {
        let checked = url.as_deref().map(|u| filter.check(u, "ks2", None));
        let checked = match &checked {
            None => Err(NULL_INPUT),
            Some(result) => result.as_ref().map_err(ErrorCode::code),
        };
        let row = same_column_row(&batch, i, checked);
        assert!(row.is_ok(), "row {i} ({url:?}): {row:?}");
    }
}

#[test]
fn scan_columns_on_all_cores_matches_each_row_alone() {
    let scanner = TermScanner::embedded_default().unwrap();
    let texts = rows(&["scanner"], &["text", "texts"]).unwrap();
    let batch = on_two_threads(|| scanner.scan_columns(&texts, "ks3"))
        .unwrap()
        .unwrap();
    let mut alone = ScanColumns::default();
    alone.extend(texts.iter().map(|text| {
        scanner
            .scan_columns(std::slice::from_ref(text), "ks3")
            .unwrap()
    }));
    assert_eq!(batch.flagged.len(), ROWS);
    assert!(batch.flagged.contains(&Some(true)) && batch.flagged.contains(&Some(false)));
    assert_eq!(batch, alone);
}
