//! `esafety url URL... [--audience ks2]`: decide web addresses with the web filter.

use super::{Command, CommandError, Status};
use crate::args::Args;
use esafety_core::ErrorCode;
use esafety_core::filter::{Decision, UrlFilter, parse_instant};
use std::io::Write;
use std::path::Path;

pub const COMMAND: Command = Command {
    name: "url",
    usage: "url [--audience ks2] [--at TIME] [--ut1 DIR] [--json] URL...",
    summary: "decide web addresses for an audience (allow, block, safe_search) and say why",
    run,
};

/// The filter a command uses: a UT1 directory (plus the defaults) or the embedded defaults.
pub fn load_filter(
    ut1: Option<&str>,
    out: &mut dyn Write,
) -> Result<Option<UrlFilter>, CommandError> {
    match ut1 {
        None => Ok(Some(UrlFilter::default())),
        Some(dir) => match esafety_io::url_filter_from_directory(Path::new(dir), false) {
            Ok(filter) => Ok(Some(filter)),
            Err(e) => {
                writeln!(out, "!! error[{}]: {e}", e.code())?;
                Ok(None)
            }
        },
    }
}

fn run(argv: &[String], out: &mut dyn Write) -> Result<Status, CommandError> {
    let args = Args::parse(argv, &["audience", "at", "ut1"]).map_err(CommandError::Usage)?;
    args.only(&["audience", "at", "ut1", "json"])
        .map_err(CommandError::Usage)?;
    if args.positional.is_empty() {
        return Err(CommandError::Usage("give at least one URL".to_owned()));
    }
    let audience = args.value("audience").unwrap_or("ks2");
    let at = parse_instant(args.value("at")).map_err(|e| CommandError::Usage(e.to_string()))?;
    let Some(filter) = load_filter(args.value("ut1"), out)? else {
        return Ok(Status::Rejected);
    };
    let results = filter
        .check_many(&args.positional, audience, at)
        .map_err(|e| CommandError::Usage(e.to_string()))?;
    if args.flag("json") {
        let json: Vec<serde_json::Value> = args
            .positional
            .iter()
            .zip(&results)
            .map(|(input, r)| match r {
                Ok(d) => serde_json::json!({"input": input, "ok": d}),
                Err(e) => serde_json::json!({"input": input, "error": {"index": e.index, "code": e.code, "message": e.message}}),
            })
            .collect();
        writeln!(out, "{}", serde_json::Value::Array(json))?;
    } else {
        for (input, result) in args.positional.iter().zip(&results) {
            match result {
                Ok(d) => print_decision(d, out)?,
                Err(e) => writeln!(out, "{input}\n  !! error[{}]: {}", e.code, e.message)?,
            }
        }
    }
    Ok(if results.iter().any(Result::is_err) {
        Status::Rejected
    } else {
        Status::Ok
    })
}

/// Prints one decision: verdict, URL, categories and rule, then the reason and extras.
pub fn print_decision(d: &Decision, out: &mut dyn Write) -> std::io::Result<()> {
    let categories: Vec<&str> = d.categories.iter().map(|c| c.as_str()).collect();
    writeln!(
        out,
        "{:<11} {}  [{}]  {}",
        d.verdict.as_str(),
        d.url,
        categories.join(", "),
        d.rule
    )?;
    writeln!(out, "            {}", d.reason)?;
    if let Some(terms) = &d.search_terms {
        writeln!(out, "            search terms: {terms}")?;
    }
    if let Some(rewrite) = &d.rewrite {
        writeln!(out, "            rewrite: {rewrite}")?;
    }
    if let Some(host) = d
        .safe_search
        .as_ref()
        .and_then(|s| s.enforced_host.as_ref())
    {
        writeln!(out, "            enforced host: {host}")?;
    }
    Ok(())
}
