//! `esafety`: the command-line program over the esafety core.
//!
//! Run `esafety --help` for the commands and `esafety COMMAND --help` for each one's
//! options, defaults, valid values and an example. Results go to standard output,
//! diagnostics and errors to standard error (as JSON with `--json`).
//!
//! Exit status, the same with and without `--json`: 0 ok; 1 something was found,
//! denied or blocked, or an input in a list was rejected; 2 usage or input error.

mod cli;
mod commands;
mod input;
mod text;
mod values;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    commands::main(std::env::args_os(), &mut out, &mut err)
}
