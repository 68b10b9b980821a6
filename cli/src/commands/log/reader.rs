//! Reading a log in constant memory: a file or standard input, gzip or plain, in chunks of
//! lines read by a thread of their own, with a progress bar on a terminal.

use crate::commands::CommandError;
use esafety_core::filter::FilterError;
use esafety_core::filter::log_formats::{LogFormat, detect_log_format};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{BufRead, BufReader, IsTerminal, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

/// The longest line read; a longer line is an invalid line (its text is skipped).
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Lines per chunk handed to the cores.
pub const CHUNK_LINES: usize = 8192;
/// Bytes per chunk at most (a chunk of long lines ends early).
pub const CHUNK_BYTES: usize = 8 << 20;
/// Lines read to tell the format.
pub const DETECT_LINES: usize = 100;

/// One line of a log: its text, or its length when longer than [`MAX_LINE_BYTES`].
pub enum RawLine {
    /// The line, without its line ending (invalid UTF-8 replaced).
    Text(String),
    /// A line too long to read.
    TooLong(usize),
}

/// Consecutive lines; `first` is the 1-based number of the first.
pub struct Chunk {
    /// Number of the first line.
    pub first: u64,
    /// The lines.
    pub lines: Vec<RawLine>,
}

/// Counts the bytes read from the underlying file (for the progress bar).
struct Counting<R> {
    inner: R,
    read: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// A log being read.
pub struct LogReader {
    name: String,
    inner: Box<dyn BufRead + Send>,
    next_line: u64,
    read: Arc<AtomicU64>,
    size: Option<u64>,
}

fn unreadable(name: &str, e: &std::io::Error) -> CommandError {
    CommandError::Input {
        code: "file_unreadable",
        message: format!("cannot read `{name}`: {e}"),
    }
}

/// UTF-8's byte-order mark.
const BYTE_ORDER_MARK: &[u8] = b"\xEF\xBB\xBF";

impl LogReader {
    /// Opens a file, or standard input for `-`; gzip is recognised by its first bytes.
    ///
    /// # Errors
    ///
    /// `file_unreadable` (exit 2); a usage error when standard input is already taken.
    pub fn open(path: &str) -> Result<LogReader, CommandError> {
        let read = Arc::new(AtomicU64::new(0));
        let (raw, size, name): (Box<dyn Read + Send>, _, _) = if path == "-" {
            crate::input::take_stdin()?;
            (
                Box::new(std::io::stdin()),
                None,
                "standard input".to_owned(),
            )
        } else {
            let file = std::fs::File::open(path).map_err(|e| unreadable(path, &e))?;
            let size = file.metadata().ok().map(|m| m.len());
            (Box::new(file), size, path.to_owned())
        };
        let mut buffered = BufReader::with_capacity(
            1 << 16,
            Counting {
                inner: raw,
                read: Arc::clone(&read),
            },
        );
        let head = buffered.fill_buf().map_err(|e| unreadable(&name, &e))?;
        let inner: Box<dyn BufRead + Send> = if head.starts_with(&[0x1f, 0x8b]) {
            let gz = flate2::bufread::MultiGzDecoder::new(buffered);
            Box::new(BufReader::with_capacity(1 << 16, gz))
        } else {
            Box::new(buffered)
        };
        Ok(LogReader {
            name,
            inner,
            next_line: 1,
            read,
            size,
        })
    }

    /// The log's name for messages (`standard input` for `-`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A progress bar on standard error when it is a terminal (hidden otherwise).
    pub fn progress(&self, wanted: bool) -> Progress {
        let bar = if wanted && std::io::stderr().is_terminal() {
            let bar = match self.size {
                Some(size) => ProgressBar::new(size).with_style(style(
                    "{bar:30} {bytes}/{total_bytes} {msg} ({elapsed}, {eta} left)",
                )),
                None => ProgressBar::new_spinner()
                    .with_style(style("{spinner} {bytes} {msg} ({elapsed})")),
            };
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress {
            bar,
            read: Arc::clone(&self.read),
        }
    }

    /// Reads one line into `buf`: `None` at the end, else the line's length in bytes
    /// (`buf` holds the line unless it is longer than [`MAX_LINE_BYTES`]).
    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<Option<usize>> {
        buf.clear();
        let (mut total, mut any) = (0, false);
        loop {
            let available = self.inner.fill_buf()?;
            if available.is_empty() {
                return Ok(any.then_some(total));
            }
            any = true;
            let end = memchr::memchr(b'\n', available);
            let part = &available[..end.unwrap_or(available.len())];
            if total + part.len() <= MAX_LINE_BYTES {
                buf.extend_from_slice(part);
            }
            total += part.len();
            let used = end.map_or(available.len(), |i| i + 1);
            self.inner.consume(used);
            if end.is_some() {
                return Ok(Some(total));
            }
        }
    }

    /// The next chunk of at most `max` lines; `None` at the end.
    ///
    /// # Errors
    ///
    /// `file_unreadable` when reading fails (a damaged gzip stream).
    pub fn next_chunk(&mut self, max: usize) -> Result<Option<Chunk>, CommandError> {
        let mut lines = Vec::with_capacity(max.min(CHUNK_LINES));
        let mut buf = Vec::new();
        let mut bytes = 0;
        while lines.len() < max && bytes < CHUNK_BYTES {
            let read = self.read_line(&mut buf).map_err(|e| CommandError::Input {
                code: "file_unreadable",
                message: format!(
                    "cannot read `{}` after line {}: {e}",
                    self.name,
                    self.next_line + lines.len() as u64 - 1
                ),
            })?;
            let Some(len) = read else { break };
            bytes += len.min(MAX_LINE_BYTES);
            if len > MAX_LINE_BYTES {
                lines.push(RawLine::TooLong(len));
                continue;
            }
            if buf.last() == Some(&b'\r') {
                buf.pop();
            }
            // A log saved with a byte-order mark: the mark is no part of line 1.
            if self.next_line == 1 && lines.is_empty() && buf.starts_with(BYTE_ORDER_MARK) {
                buf.drain(..BYTE_ORDER_MARK.len());
            }
            lines.push(RawLine::Text(String::from_utf8_lossy(&buf).into_owned()));
        }
        if lines.is_empty() {
            return Ok(None);
        }
        let first = self.next_line;
        self.next_line += lines.len() as u64;
        Ok(Some(Chunk { first, lines }))
    }

    /// Reads the remaining chunks in a thread of their own and hands them over through the
    /// receiver (an error ends the stream).
    pub fn stream<'s>(
        mut self,
        scope: &'s std::thread::Scope<'s, '_>,
    ) -> Receiver<Result<Chunk, CommandError>> {
        let (tx, rx) = sync_channel(2);
        scope.spawn(move || {
            while let Some(next) = self.next_chunk(CHUNK_LINES).transpose() {
                let failed = next.is_err();
                if tx.send(next).is_err() || failed {
                    break;
                }
            }
        });
        rx
    }
}

/// A line's problem without the error's own prefix.
fn reason(e: FilterError) -> String {
    match e {
        FilterError::InvalidLogLine { reason } => reason,
        e => e.to_string(),
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template).unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// The progress bar and the bytes read so far.
pub struct Progress {
    bar: ProgressBar,
    read: Arc<AtomicU64>,
}

impl Progress {
    /// Shows how far the reading got and how many lines were classified.
    pub fn update(&self, lines: u64) {
        if !self.bar.is_hidden() {
            self.bar.set_position(self.read.load(Ordering::Relaxed));
            self.bar.set_message(format!("{lines} lines"));
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// The log's format: `wanted`, or told from the first lines of `chunk`.
///
/// # Errors
///
/// `filter_invalid_log_line` (exit 2) when no line of the first [`DETECT_LINES`] is read
/// by the format, with each format's reason for the first line.
pub fn format_of(
    name: &str,
    chunk: &Chunk,
    wanted: Option<LogFormat>,
) -> Result<LogFormat, CommandError> {
    let sample: Vec<(u64, &str)> = (chunk.first..)
        .zip(&chunk.lines)
        .filter_map(|(n, l)| match l {
            RawLine::Text(t) if !t.trim().is_empty() => Some((n, t.as_str())),
            _ => None,
        })
        .take(DETECT_LINES)
        .collect();
    let texts: Vec<&str> = sample.iter().map(|(_, t)| *t).collect();
    let found = match wanted {
        Some(format) => texts.iter().any(|t| format.reads(t)).then_some(format),
        None => detect_log_format(&texts),
    };
    if let Some(format) = found {
        return Ok(format);
    }
    let formats: Vec<LogFormat> = wanted.map_or_else(|| LogFormat::ALL.to_vec(), |f| vec![f]);
    let why = sample.first().map_or_else(
        || "no line of text".to_owned(),
        |(n, text)| {
            let reasons: Vec<String> = formats
                .iter()
                .filter_map(|f| {
                    f.parse(text)
                        .err()
                        .map(|e| format!("{}: {}", f.as_str(), reason(e)))
                })
                .collect();
            format!("line {n}: {}", reasons.join("; "))
        },
    );
    let names: Vec<&str> = formats.iter().map(|f| f.as_str()).collect();
    Err(CommandError::Input {
        code: "filter_invalid_log_line",
        message: format!(
            "`{name}`: no line of the first {} is a {} log line (another format or compression?); {why}",
            sample.len().max(1),
            names.join(", ")
        ),
    })
}
