//! `esafety log FILE`: classify a squid access log (native format).

use super::{Command, CommandError, Status};
use crate::args::Args;
use esafety_core::ErrorCode;
use esafety_core::filter::squid_log::{FlaggedLine, LogSummary};
use std::io::Write;
use std::path::Path;

pub const COMMAND: Command = Command {
    name: "log",
    usage: "log [--audience ks2] [--audiences MAP.json] [--ut1 DIR] [--json] FILE",
    summary: "classify a squid access log: summary by category and audience, blocked and alerting lines",
    run,
};

fn run(argv: &[String], out: &mut dyn Write) -> Result<Status, CommandError> {
    let args = Args::parse(argv, &["audience", "audiences", "ut1"]).map_err(CommandError::Usage)?;
    args.only(&["audience", "audiences", "ut1", "json"])
        .map_err(CommandError::Usage)?;
    let [file] = args.positional.as_slice() else {
        return Err(CommandError::Usage("give exactly one log file".to_owned()));
    };
    if args.value("audience").is_some() && args.value("audiences").is_some() {
        return Err(CommandError::Usage(
            "give `--audience` or `--audiences`, not both".to_owned(),
        ));
    }
    let map = match (args.value("audiences"), args.value("audience")) {
        (Some(path), _) => match esafety_io::read_text(Path::new(path)) {
            Ok(text) => Some(text),
            Err(e) => {
                writeln!(out, "!! error[{}]: {e}", e.code())?;
                return Ok(Status::Rejected);
            }
        },
        (None, Some(audience)) => Some(serde_json::json!({ "default": audience }).to_string()),
        (None, None) => None,
    };
    let text = match esafety_io::read_text(Path::new(file)) {
        Ok(text) => text,
        Err(e) => {
            writeln!(out, "!! error[{}]: {e}", e.code())?;
            return Ok(Status::Rejected);
        }
    };
    let Some(filter) = super::url::load_filter(args.value("ut1"), out)? else {
        return Ok(Status::Rejected);
    };
    let summary = match filter.classify_squid_log(&text, map.as_deref()) {
        Ok(s) => s,
        Err(e) => return Err(CommandError::Usage(format!("audience map: {e}"))),
    };
    if args.flag("json") {
        writeln!(out, "{}", summary.to_json())?;
    } else {
        print_summary(file, &summary, out)?;
    }
    Ok(Status::Ok)
}

fn print_lines(title: &str, lines: &[FlaggedLine], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{title} ({}):", lines.len())?;
    for l in lines {
        let categories: Vec<&str> = l.categories.iter().map(|c| c.as_str()).collect();
        let who = l.user.as_deref().unwrap_or(&l.client);
        writeln!(
            out,
            "  line {:<6} {}  {:<15} {:<10} {:<11} {}  [{}]  {}",
            l.line,
            l.at.format("%Y-%m-%dT%H:%M:%SZ"),
            who,
            l.audience.as_str(),
            l.verdict.as_str(),
            l.url,
            categories.join(", "),
            l.search_terms
                .as_deref()
                .map_or(l.rule.clone(), |t| format!("{} (search: {t})", l.rule))
        )?;
    }
    Ok(())
}

fn print_summary(file: &str, s: &LogSummary, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{file}: {} lines, {} requests checked, {} invalid",
        s.lines,
        s.requests,
        s.invalid.len()
    )?;
    writeln!(out, "by audience:")?;
    for (audience, c) in &s.by_audience {
        writeln!(
            out,
            "  {audience:<11} requests={} allowed={} blocked={} safe_search={}",
            c.requests, c.allowed, c.blocked, c.safe_search
        )?;
    }
    writeln!(out, "by category:")?;
    let mut categories: Vec<_> = s.by_category.iter().collect();
    categories.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    for (category, n) in categories {
        writeln!(out, "  {category:<24} {n}")?;
    }
    print_lines("alerting lines", &s.alerts, out)?;
    print_lines("blocked lines", &s.blocked, out)?;
    print_lines("search lines", &s.searches, out)?;
    if !s.invalid.is_empty() {
        writeln!(out, "invalid lines ({}):", s.invalid.len())?;
        for i in &s.invalid {
            writeln!(out, "  line {:<6} {}", i.line, i.code)?;
        }
    }
    Ok(())
}
