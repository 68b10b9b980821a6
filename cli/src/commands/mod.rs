//! The commands, one per file, and what they share: the outcome, errors and how they are
//! reported.

pub mod aup_diff;
pub mod consent;
pub mod demo;
pub mod incident;
pub mod list;
pub mod load_report;
pub mod log;
pub mod procedures;
pub mod scan;
pub mod url;
pub mod url_parse;
pub mod whatif;

#[cfg(test)]
mod load_report_tests;
#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod whatif_tests;

use crate::cli::{Cli, Cmd};
use clap::{CommandFactory, FromArgMatches};
use esafety_core::ErrorCode;
use std::ffi::OsString;
use std::io::{ErrorKind, Write};
use std::process::ExitCode;

/// What a command found: nothing to report (exit 0), or something found, denied, blocked
/// or rejected (exit 1).
pub enum Status {
    /// Everything worked and nothing needs attention.
    Ok,
    /// Something was found, denied or blocked, or an input in a list was rejected.
    Found,
}

/// Why a command stopped (exit 2), or its output failed.
#[derive(Debug)]
pub enum CommandError {
    /// The command line is wrong.
    Usage(String),
    /// An input (file, id, instant) is unreadable or invalid: a stable code and a message.
    Input {
        /// The snake_case code, e.g. `file_unreadable`.
        code: &'static str,
        /// What is wrong, with valid values and the nearest one where the core gives them.
        message: String,
    },
    /// Writing the output failed (a closed pipe ends the program quietly).
    Output(std::io::Error),
}

impl CommandError {
    /// An input error from any core or io error.
    pub fn input(e: &dyn ErrorCode) -> CommandError {
        CommandError::Input {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        CommandError::Output(e)
    }
}

/// What every command returns.
pub type Outcome = Result<Status, CommandError>;

/// Parses the command line and runs the command; the exit code follows [`crate::cli::EXIT_STATUS`].
pub fn main(
    argv: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let argv: Vec<OsString> = argv.into_iter().map(Into::into).collect();
    let mut command = Cli::command();
    let wants_help = argv
        .iter()
        .skip(1)
        .any(|a| a == "-h" || a == "--help" || a == "help");
    if wants_help {
        command = command.mut_subcommand("url", |c| c.after_help(url::after_help()));
    }
    if argv.len() <= 1 {
        return finish(
            write!(out, "{}", command.render_long_help()),
            ExitCode::SUCCESS,
        );
    }
    let parsed = command
        .try_get_matches_from_mut(&argv)
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let code = ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
            if e.use_stderr() && argv.iter().skip(1).any(|a| a == "--json") {
                // A usage error under --json is JSON too, so a consumer reads one format.
                let message = e.render().to_string();
                let message = message.trim_start_matches("error: ").trim_end();
                let error = serde_json::json!({"error": {"code": "usage", "message": message}});
                return finish(writeln!(err, "{error}"), code);
            }
            let stream: &mut dyn Write = if e.use_stderr() { err } else { out };
            return finish(write!(stream, "{}", e.render()), code);
        }
    };
    let Some(cmd) = cli.command else {
        return finish(
            write!(out, "{}", command.render_long_help()),
            ExitCode::SUCCESS,
        );
    };
    let outcome = run(&cmd, out, err);
    report(&cmd, outcome, out, err)
}

fn run(cmd: &Cmd, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    match cmd {
        Cmd::Demo(a) => demo::run(a, out),
        Cmd::UrlParse(a) => url_parse::run(a, out),
        Cmd::Url(a) => url::run(a, out, err),
        Cmd::Log(a) => log::run(a, out, err),
        Cmd::Whatif(a) => whatif::run(a, out, err),
        Cmd::Scan(a) => scan::run(a, out),
        Cmd::Consent(a) => consent::run(a, out),
        Cmd::Incident(a) => incident::run(a, out),
        Cmd::Procedures(a) => procedures::run(a, out),
        Cmd::AupDiff(a) => aup_diff::run(a, out),
        Cmd::List(a) => list::run(a, out),
        Cmd::Version => {
            writeln!(out, "esafety {}", esafety_core::wire::LIBRARY_VERSION)?;
            Ok(Status::Ok)
        }
    }
}

/// Maps an outcome to the exit code, writing any error to `err` (JSON under `--json`).
fn report(cmd: &Cmd, outcome: Outcome, out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let (code, message) = match outcome {
        Ok(Status::Ok) => return finish(out.flush(), ExitCode::SUCCESS),
        Ok(Status::Found) => return finish(out.flush(), ExitCode::from(1)),
        Err(CommandError::Output(e)) if e.kind() == ErrorKind::BrokenPipe => {
            return ExitCode::SUCCESS;
        }
        Err(CommandError::Output(e)) => ("output_failed", format!("cannot write output: {e}")),
        Err(CommandError::Usage(m)) => (
            "usage",
            format!("{m} (see `esafety {} --help`)", cmd.name()),
        ),
        Err(CommandError::Input { code, message }) => (code, message),
    };
    let _ = out.flush();
    let written = if cmd.json() {
        let error = serde_json::json!({"error": {"code": code, "message": message}});
        writeln!(err, "{error}")
    } else if code == "usage" {
        let message = crate::text::printable(&message);
        writeln!(err, "esafety {}: {message}", cmd.name())
    } else {
        let message = crate::text::printable(&message);
        writeln!(err, "esafety {}: error[{code}]: {message}", cmd.name())
    };
    finish(written, ExitCode::from(2))
}

/// The exit code, unless writing failed: a closed pipe exits quietly with 0.
fn finish(written: std::io::Result<()>, code: ExitCode) -> ExitCode {
    match written {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        _ => code,
    }
}
