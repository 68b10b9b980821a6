//! The subcommands. Each lives in its own file and registers itself in [`COMMANDS`].

mod demo;
mod url_parse;

use std::io::Write;
use std::process::ExitCode;

/// What a command returns: success, rejected input (exit 1) or a usage error (exit 2).
pub enum Status {
    /// Everything worked.
    Ok,
    /// At least one input was rejected; the reason was printed.
    Rejected,
}

/// The signature every subcommand implements.
pub type Run = fn(&[String], &mut dyn Write) -> Result<Status, CommandError>;

/// Why a command stopped.
pub enum CommandError {
    /// The command line itself is wrong (exit 2).
    Usage(String),
    /// Writing the output failed.
    Output(std::io::Error),
}

impl From<std::io::Error> for CommandError {
    fn from(e: std::io::Error) -> Self {
        CommandError::Output(e)
    }
}

/// A registered subcommand.
pub struct Command {
    /// The name typed on the command line.
    pub name: &'static str,
    /// Usage line shown in `esafety help`.
    pub usage: &'static str,
    /// One-line summary.
    pub summary: &'static str,
    /// The implementation.
    pub run: Run,
}

/// Every subcommand, in the order `esafety help` lists them.
pub const COMMANDS: &[Command] = &[demo::COMMAND, url_parse::COMMAND];

/// Runs the command named by the first argument.
pub fn dispatch(argv: &[String], out: &mut dyn Write, err: &mut dyn Write) -> ExitCode {
    let Some((name, rest)) = argv.split_first() else {
        let _ = print_help(out);
        return ExitCode::SUCCESS;
    };
    if matches!(name.as_str(), "help" | "--help" | "-h") {
        let _ = print_help(out);
        return ExitCode::SUCCESS;
    }
    if matches!(name.as_str(), "version" | "--version" | "-V") {
        let _ = writeln!(out, "esafety {}", esafety_core::wire::LIBRARY_VERSION);
        return ExitCode::SUCCESS;
    }
    let Some(command) = COMMANDS.iter().find(|c| c.name == name) else {
        let _ = writeln!(
            err,
            "esafety: unknown command `{name}` (try `esafety help`)"
        );
        return ExitCode::from(2);
    };
    match (command.run)(rest, out) {
        Ok(Status::Ok) => ExitCode::SUCCESS,
        Ok(Status::Rejected) => ExitCode::from(1),
        Err(CommandError::Usage(message)) => {
            let _ = writeln!(
                err,
                "esafety {}: {message}\nusage: {}",
                command.name, command.usage
            );
            ExitCode::from(2)
        }
        Err(CommandError::Output(e)) => {
            let _ = writeln!(err, "esafety {}: cannot write output: {e}", command.name);
            ExitCode::from(1)
        }
    }
}

fn print_help(out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "esafety {}: a school's online-safety policy as code\n",
        esafety_core::wire::LIBRARY_VERSION
    )?;
    writeln!(out, "commands:")?;
    for c in COMMANDS {
        writeln!(out, "  {:<48} {}", c.usage, c.summary)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(argv: &[&str]) -> (ExitCode, String, String) {
        let argv: Vec<String> = argv.iter().map(|s| (*s).to_owned()).collect();
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = dispatch(&argv, &mut out, &mut err);
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn help_lists_every_command() {
        let (code, out, _) = run(&["help"]);
        assert_eq!(code, ExitCode::SUCCESS);
        for c in COMMANDS {
            assert!(out.contains(c.name), "{}", c.name);
        }
    }

    #[test]
    fn unknown_command_is_a_usage_error() {
        let (code, _, err) = run(&["frobnicate"]);
        assert_eq!(code, ExitCode::from(2));
        assert!(err.contains("unknown command"));
    }

    #[test]
    fn url_parse_prints_canonical_form_and_rejects_bad_input() {
        let (code, out, _) = run(&["url-parse", "HTTP://Example.COM./a/../b", "http://x:99999/"]);
        assert_eq!(code, ExitCode::from(1));
        assert!(out.contains("http://example.com/b"), "{out}");
        assert!(out.contains("url_invalid_port"), "{out}");
    }

    #[test]
    fn url_parse_json_is_machine_readable() {
        let (code, out, _) = run(&["url-parse", "--json", "example.com"]);
        assert_eq!(code, ExitCode::SUCCESS);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[0]["ok"]["host"], "example.com");
    }

    #[test]
    fn demo_runs_on_embedded_defaults() {
        let (code, out, _) = run(&["demo"]);
        assert_eq!(code, ExitCode::SUCCESS);
        assert!(out.contains("xn--bcher-kva.example"), "{out}");
        assert!(out.contains("url_invalid_port"), "{out}");
    }
}
