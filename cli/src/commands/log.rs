//! `esafety log FILE`: classify a squid access log (native format).

use super::{CommandError, Outcome, Status};
use crate::values;
use esafety_core::filter::UrlFilter;
use esafety_core::filter::squid_log::{FlaggedLine, LogSummary, parse_native_line};
use std::io::Write;

/// Options of `esafety log`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "The log is squid's native format (one request per line). A log in \
which no line can be read (gzip-compressed, Apache format) is an input error.\n\n\
Exit status: 0 nothing blocked or alerting and every line read, 1 blocked or alerting lines or \
invalid lines, 2 usage or input error.\n\n\
Example:\n  esafety log --audience ks3 /var/log/squid/access.log\n  \
zcat access.log.1.gz | esafety log --json --audiences audiences.json -"
)]
pub struct LogArgs {
    /// The squid access log; `-` reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The audience of every line [default: the map's default, ks2].
    #[arg(long, value_parser = values::audience(), conflicts_with = "audiences")]
    pub audience: Option<String>,
    /// A JSON audience map: {"default": "ks2", "users": {"mr.t": "staff"}, "clients": {"10.0.2.": "ks4"}}; `-` reads standard input.
    #[arg(long, value_name = "MAP.json")]
    pub audiences: Option<String>,
    /// A UT1 blacklist directory, added to the built-in lists.
    #[arg(long, value_name = "DIR")]
    pub ut1: Option<String>,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `esafety log`.
pub fn run(args: &LogArgs, out: &mut dyn Write) -> Outcome {
    let map = match (&args.audiences, &args.audience) {
        (Some(path), _) => Some(crate::input::read_source(path)?),
        (None, Some(audience)) => Some(serde_json::json!({ "default": audience }).to_string()),
        (None, None) => None,
    };
    let text = crate::input::read_source(&args.file)?;
    let filter = super::url::load_filter(args.ut1.as_deref())?;
    let summary = filter
        .classify_squid_log(&text, map.as_deref())
        .map_err(|e| CommandError::Input {
            code: esafety_core::ErrorCode::code(&e),
            message: format!("audience map: {e}"),
        })?;
    let reasons = invalid_reasons(&filter, &text, &summary);
    if summary.requests == 0 && !summary.invalid.is_empty() {
        let first: Vec<String> = summary
            .invalid
            .iter()
            .zip(&reasons)
            .take(3)
            .map(|(i, r)| format!("line {}: {r}", i.line))
            .collect();
        return Err(CommandError::Input {
            code: "filter_invalid_log_line",
            message: format!(
                "`{}`: no line is a squid native-format log line (gzip-compressed or another format?); {}",
                args.file,
                first.join("; ")
            ),
        });
    }
    if args.json {
        writeln!(out, "{}", with_reasons(&summary, &reasons))?;
    } else {
        let name = if args.file == "-" {
            "standard input"
        } else {
            &args.file
        };
        print_summary(name, &summary, &reasons, out)?;
    }
    let found =
        !(summary.blocked.is_empty() && summary.alerts.is_empty() && summary.invalid.is_empty());
    Ok(if found { Status::Found } else { Status::Ok })
}

/// Why each invalid line was refused: the line's own error, or its address's.
fn invalid_reasons(filter: &UrlFilter, text: &str, summary: &LogSummary) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    summary
        .invalid
        .iter()
        .map(|i| {
            let raw = usize::try_from(i.line - 1)
                .ok()
                .and_then(|n| lines.get(n))
                .copied()
                .unwrap_or_default();
            match parse_native_line(raw) {
                Err(e) => e.to_string(),
                Ok(entry) => filter
                    .check(&entry.url, values::default_audience(), None)
                    .err()
                    .map_or_else(|| i.code.clone(), |e| e.to_string()),
            }
        })
        .collect()
}

/// The JSON summary with a `reason` on each invalid line.
fn with_reasons(summary: &LogSummary, reasons: &[String]) -> serde_json::Value {
    let mut json: serde_json::Value =
        serde_json::from_str(&summary.to_json()).unwrap_or(serde_json::Value::Null);
    if let Some(invalid) = json.get_mut("invalid").and_then(|v| v.as_array_mut()) {
        for (item, reason) in invalid.iter_mut().zip(reasons) {
            item["reason"] = serde_json::Value::from(reason.as_str());
        }
    }
    json
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

fn print_summary(
    file: &str,
    s: &LogSummary,
    reasons: &[String],
    out: &mut dyn Write,
) -> std::io::Result<()> {
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
        for (i, reason) in s.invalid.iter().zip(reasons) {
            writeln!(out, "  line {:<6} {}: {reason}", i.line, i.code)?;
        }
    }
    Ok(())
}
