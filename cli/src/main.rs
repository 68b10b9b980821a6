//! `esafety`: the command-line program over the esafety core.
//!
//! Run `esafety help` for the list of commands. Every command prints plain text by default
//! and JSON with `--json`. Exit status: 0 on success, 1 when an input was rejected, 2 on a
//! usage error.

mod args;
mod commands;

use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    commands::dispatch(&argv, &mut out, &mut err)
}
