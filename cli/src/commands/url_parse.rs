//! `esafety url-parse URL...`: canonicalise web addresses (WHATWG semantics).

use super::{Outcome, Status};
use crate::text::printable;
use esafety_core::{CanonicalUrl, ErrorCode};
use std::io::Write;

/// Options of `esafety url-parse`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Exit status: 0 every address parsed, 1 one was rejected, 2 usage error.\n\n\
Example:\n  esafety url-parse HTTP://Example.COM./a/../b\n  cat urls.txt | esafety url-parse --json -"
)]
pub struct UrlParseArgs {
    /// Web addresses; `-` reads one per line from standard input.
    #[arg(required = true, value_name = "URL")]
    pub urls: Vec<String>,
    /// Print a JSON array: one {"input", "ok"|"error"} per address.
    #[arg(long)]
    pub json: bool,
}

/// Runs `esafety url-parse`.
pub fn run(args: &UrlParseArgs, out: &mut dyn Write) -> Outcome {
    let urls = crate::input::expand_stdin(&args.urls)?;
    let results: Vec<_> = urls.iter().map(|u| (u, CanonicalUrl::parse(u))).collect();
    if args.json {
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
        Status::Found
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
                writeln!(out, "{}\n  -> {}", printable(input), url.href)?;
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
            Err(e) => writeln!(
                out,
                "{}\n  !! error[{}]: {}",
                printable(input),
                e.code(),
                printable(&e.to_string())
            )?,
        }
    }
    Ok(())
}
