//! `esafety url-parse URL...`: canonicalise web addresses (WHATWG semantics).

use super::{Command, CommandError, Status};
use crate::args::Args;
use esafety_core::{CanonicalUrl, ErrorCode};
use std::io::Write;

pub const COMMAND: Command = Command {
    name: "url-parse",
    usage: "url-parse [--json] URL...",
    summary: "canonicalise web addresses (scheme, host, port, path, query)",
    run,
};

fn run(argv: &[String], out: &mut dyn Write) -> Result<Status, CommandError> {
    let args = Args::parse(argv, &[]).map_err(CommandError::Usage)?;
    args.only(&["json"]).map_err(CommandError::Usage)?;
    if args.positional.is_empty() {
        return Err(CommandError::Usage("give at least one URL".to_owned()));
    }
    let results: Vec<_> = args
        .positional
        .iter()
        .map(|u| (u, CanonicalUrl::parse(u)))
        .collect();
    if args.flag("json") {
        let json: Vec<_> = results
            .iter()
            .map(|(input, r)| match r {
                Ok(url) => serde_json::json!({"input": input, "ok": url}),
                Err(e) => serde_json::json!({"input": input, "error": {"code": e.code(), "message": e.to_string()}}),
            })
            .collect();
        writeln!(out, "{}", serde_json::Value::Array(json))?;
    } else {
        print_table(&results, out)?;
    }
    Ok(if results.iter().any(|(_, r)| r.is_err()) {
        Status::Rejected
    } else {
        Status::Ok
    })
}

/// Prints one block per URL: the canonical form, then its parts, or the error code.
pub fn print_table(
    results: &[(&String, Result<CanonicalUrl, esafety_core::UrlError>)],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for (input, result) in results {
        match result {
            Ok(url) => {
                writeln!(out, "{input}\n  -> {}", url.href)?;
                let port = url.port.map_or_else(|| "-".to_owned(), |p| p.to_string());
                let query = url
                    .query
                    .as_deref()
                    .map_or_else(|| "-".to_owned(), |q| format!("?{q}"));
                writeln!(
                    out,
                    "     scheme={} host={} ({}) port={port} path={} query={query}",
                    url.scheme,
                    url.host,
                    url.host_kind.as_str(),
                    url.path
                )?;
            }
            Err(e) => writeln!(out, "{input}\n  !! error[{}]: {e}", e.code())?,
        }
    }
    Ok(())
}
