//! `esafety log FILE`: classify a proxy access log (squid, Apache/nginx common or combined,
//! e2guardian, JSON lines; plain or gzip) in constant memory on all cores.

mod output;
pub mod pipeline;
pub mod reader;

#[cfg(test)]
mod tests;

use super::load_report::ListProblems;
use super::{CommandError, Outcome, Status};
use crate::values;
use esafety_core::filter::FilterError;
use esafety_core::filter::log_formats::LogFormat;
use esafety_core::filter::squid_log::{AudienceMap, LineOutcome, classify_line};
use esafety_core::scanner::TermScanner;
use output::{OutputFormat, Tally};
use std::cell::RefCell;
use std::io::Write;

/// Options of `esafety log`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct LogArgs {
    /// The access log (plain or gzip); `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Who is behind each line, the log's format, the progress bar.
    #[command(flatten)]
    pub input: LogInput,
    /// A UT1 blacklist directory, added to the built-in lists.
    #[arg(long, value_name = "DIR")]
    pub ut1: Option<String>,
    /// What to write: a summary, every line as CSV or JSON lines, or the alerting lines as JSON lines.
    #[arg(long, value_enum, default_value = "summary")]
    pub format: OutputFormat,
    /// Lines kept per list of the summary (alerting, blocked, search, invalid); 0 keeps all (memory grows with the log).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub limit: usize,
    /// Print the summary as JSON.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// How a log is read: the options `esafety log` and `esafety whatif` share.
#[derive(Debug, clap::Args)]
pub struct LogInput {
    /// The audience of every line [default: the map's default, ks2].
    #[arg(long, value_parser = values::audience(), conflicts_with = "audiences")]
    pub audience: Option<String>,
    /// A JSON audience map: {"default": "ks2", "users": {"mr.t": "staff"}, "clients": {"10.0.2.": "ks4"}}; `-` reads standard input.
    #[arg(long, value_name = "MAP.json")]
    pub audiences: Option<String>,
    /// The log's line format [default: told from the first 100 lines].
    #[arg(long, value_name = "FORMAT", value_parser = log_formats())]
    pub log_format: Option<String>,
    /// No progress bar (there is one only when standard error is a terminal).
    #[arg(long)]
    pub no_progress: bool,
}

/// An audience map's error as an input error; a key's error names the map itself.
pub fn map_error(e: FilterError) -> CommandError {
    CommandError::Input {
        code: esafety_core::ErrorCode::code(&e),
        message: if matches!(e, FilterError::InvalidAudienceKey { .. }) {
            e.to_string()
        } else {
            format!("audience map: {e}")
        },
    }
}

impl LogInput {
    /// The audience map of `--audiences` or `--audience` (default: everyone `ks2`), for
    /// the log at `log` (`-`: standard input).
    ///
    /// # Errors
    ///
    /// An input error for an unreadable or malformed map; a usage error when the map and
    /// the log are both to be read from standard input.
    pub fn audience_map(&self, log: &str) -> Result<AudienceMap, CommandError> {
        if self.audiences.as_deref() == Some("-") && log == "-" {
            return Err(CommandError::Usage(
                "--audiences - and the log - both name standard input, which can be read only once: give the map or the log as a file".to_owned(),
            ));
        }
        let json = match (&self.audiences, &self.audience) {
            (Some(path), _) => crate::input::read_source(path)?,
            (None, Some(audience)) => serde_json::json!({ "default": audience }).to_string(),
            (None, None) => return Ok(AudienceMap::all(Default::default())),
        };
        AudienceMap::from_json(&json).map_err(map_error)
    }

    /// The format named by `--log-format` (`None`: detect).
    pub fn format(&self) -> Option<LogFormat> {
        self.log_format.as_deref().and_then(|n| n.parse().ok())
    }
}

const AFTER_HELP: &str = "Formats (--log-format): squid (native), common and combined (Apache/nginx, \
a forward proxy's absolute URLs), e2guardian (native, England's local time) and jsonl (one JSON \
object per line: url, time, client, user...). A gzip-compressed log is read as it is. The log is \
read in chunks (constant memory) and classified on all cores; each line is checked for its \
audience at its own time. A line that cannot be read counts as invalid with its line number and \
reason and never stops the run; a log none of whose first 100 lines is of the format is an input \
error.\n\n\
Each line of a --ut1 list that is rejected, and each file skipped, is named on standard error \
(JSON lines under --json); a --ut1 folder from which no category's list is read is an input \
error.\n\n\
Exit status: 0 nothing blocked or alerting and every line read, 1 blocked or alerting lines, \
invalid lines or a rejected line of a --ut1 list, 2 usage or input error.\n\n\
Example:\n  esafety log --audience ks3 /var/log/squid/access.log\n  \
esafety log --format csv --audiences audiences.json access.log.1.gz > decisions.csv\n  \
zcat access.log.1.gz | esafety log --json --audiences audiences.json -";

/// Clap's parser for a log format id.
fn log_formats() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(LogFormat::IDS)
}

/// Runs `esafety log`.
pub fn run(args: &LogArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let map = args.input.audience_map(&args.file)?;
    let map = map.lookup().map_err(map_error)?;
    let mut problems = ListProblems::new("log", args.json);
    let filter = super::url::load_filter(args.ut1.as_deref(), &mut problems, err)?;
    problems.finish(err)?;
    let scanner = TermScanner::embedded_default().ok();
    let format = if args.json {
        OutputFormat::Summary
    } else {
        args.format
    };
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut tally = Tally::new(args.limit);
    let classify = |format: LogFormat, line: u64, raw: &reader::RawLine| {
        let outcome = pipeline::text_of(raw)
            .map(|text| classify_line(&filter, format, text, line, &map, scanner.as_ref()));
        outcome.unwrap_or_else(|e| LineOutcome::Invalid {
            code: esafety_core::ErrorCode::code(&e),
            reason: e.to_string(),
        })
    };
    let header = RefCell::new(&mut out);
    let read = pipeline::for_each_line(
        &args.file,
        args.input.format(),
        !args.input.no_progress,
        classify,
        || {
            if format == OutputFormat::Csv {
                writeln!(*header.borrow_mut(), "{}", output::CSV_HEADER)?;
            }
            Ok(())
        },
        |line, outcome| {
            output::write_row(format, line, &outcome, &mut **header.borrow_mut())?;
            tally.add(line, &outcome);
            Ok(())
        },
    )?;
    match (format, args.json) {
        (OutputFormat::Summary, true) => {
            writeln!(
                out,
                "{}",
                output::summary_json(&tally, read.format.as_str())
            )?;
        }
        (OutputFormat::Summary, false) => {
            output::print_summary(&read.name, read.format.as_str(), &tally, &mut out)?;
        }
        _ => {}
    }
    out.flush()?;
    Ok(if tally.found() || problems.any_rejected() {
        Status::Found
    } else {
        Status::Ok
    })
}
