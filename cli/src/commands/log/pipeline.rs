//! A log through all cores: chunks read by one thread, each chunk's lines mapped in
//! parallel (rayon), the results handed on in line order.

use super::reader::{CHUNK_LINES, LogReader, MAX_LINE_BYTES, RawLine, format_of};
use crate::commands::CommandError;
use esafety_core::filter::FilterError;
use esafety_core::filter::log_formats::LogFormat;
use rayon::prelude::*;

/// The log read: its name for messages and its format.
pub struct LogRead {
    /// `standard input` or the path.
    pub name: String,
    /// The format read (given or detected).
    pub format: LogFormat,
}

/// One line's text, or why it cannot be read (a line over [`MAX_LINE_BYTES`]).
///
/// # Errors
///
/// [`FilterError::InvalidLogLine`] for a line too long.
pub fn text_of(raw: &RawLine) -> Result<&str, FilterError> {
    match raw {
        RawLine::Text(text) => Ok(text),
        RawLine::TooLong(n) => Err(FilterError::InvalidLogLine {
            reason: format!("the line is {n} bytes, longer than {MAX_LINE_BYTES}"),
        }),
    }
}

/// Reads the log at `path` (`-`: standard input; gzip or plain) in `wanted` format (`None`:
/// told from the first lines), maps every line with `map` on all cores and hands each
/// result to `sink` in line order, with its 1-based line number. `start` runs once the log
/// is open and its format known, before the first line reaches `sink`: output written there
/// (a header) is never left behind by a log that cannot be read at all.
///
/// # Errors
///
/// An input error when the log cannot be read or no first line is of the format; the
/// first error of `start` or `sink`.
pub fn for_each_line<T: Send>(
    path: &str,
    wanted: Option<LogFormat>,
    progress: bool,
    map: impl Fn(LogFormat, u64, &RawLine) -> T + Sync,
    start: impl FnOnce() -> Result<(), CommandError>,
    mut sink: impl FnMut(u64, T) -> Result<(), CommandError>,
) -> Result<LogRead, CommandError> {
    let mut reader = LogReader::open(path)?;
    let name = reader.name().to_owned();
    let bar = reader.progress(progress);
    let Some(first) = reader.next_chunk(CHUNK_LINES)? else {
        start()?;
        return Ok(LogRead {
            name,
            format: wanted.unwrap_or(LogFormat::Squid),
        });
    };
    let format = format_of(&name, &first, wanted)?;
    start()?;
    let mut lines = 0;
    let result = std::thread::scope(|scope| {
        let rest = reader.stream(scope);
        for chunk in std::iter::once(Ok(first)).chain(rest) {
            let chunk = chunk?;
            let mapped: Vec<T> = chunk
                .lines
                .par_iter()
                .with_min_len(256)
                .enumerate()
                .map(|(i, raw)| map(format, chunk.first + i as u64, raw))
                .collect();
            for (line, item) in (chunk.first..).zip(mapped) {
                sink(line, item)?;
            }
            lines += chunk.lines.len() as u64;
            bar.update(lines);
        }
        Ok(())
    });
    bar.finish();
    result.map(|()| LogRead { name, format })
}
