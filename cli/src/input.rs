//! Reading inputs: a path or `-` (standard input), and instants (`now` is read here: the
//! command line may read the clock, the core never does).

use crate::commands::CommandError;
use chrono::{DateTime, Utc};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether standard input was already read (it can be read once).
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Reads a whole file, or standard input when `path` is `-`.
///
/// # Errors
///
/// `file_unreadable`, `file_too_large` or `file_not_utf8` (exit 2); a usage error when
/// standard input is named twice.
pub fn read_source(path: &str) -> Result<String, CommandError> {
    if path != "-" {
        return esafety_io::read_text(Path::new(path)).map_err(|e| CommandError::input(&e));
    }
    take_stdin()?;
    let mut bytes = Vec::new();
    let max = esafety_io::MAX_FILE_BYTES;
    std::io::stdin()
        .lock()
        .take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| CommandError::Input {
            code: "file_unreadable",
            message: format!("cannot read standard input: {e}"),
        })?;
    if bytes.len() as u64 > max {
        return Err(CommandError::Input {
            code: "file_too_large",
            message: format!("standard input is larger than {max} bytes"),
        });
    }
    String::from_utf8(bytes)
        .map(esafety_io::without_byte_order_mark)
        .map_err(|e| CommandError::Input {
            code: "file_not_utf8",
            message: format!(
                "standard input is not UTF-8 text: invalid byte sequence at byte {}",
                e.utf8_error().valid_up_to()
            ),
        })
}

/// Claims standard input for one reader.
///
/// # Errors
///
/// A usage error when standard input was already claimed.
pub fn take_stdin() -> Result<(), CommandError> {
    if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        return Err(CommandError::Usage(
            "standard input (`-`) can be read only once".to_owned(),
        ));
    }
    Ok(())
}

/// The values of a list argument, each `-` replaced by the non-blank lines of standard
/// input (`esafety url -` reads one URL per line).
///
/// # Errors
///
/// As [`read_source`].
pub fn expand_stdin(items: &[String]) -> Result<Vec<String>, CommandError> {
    let mut out = Vec::new();
    for item in items {
        if item == "-" {
            let text = read_source("-")?;
            out.extend(
                text.lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned),
            );
        } else {
            out.push(item.clone());
        }
    }
    Ok(out)
}

/// Reads an instant: `now`, RFC 3339, a local date-time (England) or a bare date.
///
/// # Errors
///
/// `invalid_instant` (exit 2).
pub fn instant(text: &str) -> Result<DateTime<Utc>, CommandError> {
    if text.trim().eq_ignore_ascii_case("now") {
        return Ok(DateTime::<Utc>::from(std::time::SystemTime::now()));
    }
    esafety_core::vocabulary::parse_instant(text).map_err(|e| CommandError::input(&e))
}

/// The help text of an `--at` option.
pub const AT_HELP: &str = "The instant: `now`, RFC 3339 (2026-03-01T10:00:00Z), a local date-time \
(2026-03-01T10:00 or \"2026-03-01 10:00\", England time) or a bare date (2026-03-01: midnight in England)";
