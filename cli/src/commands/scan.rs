//! `esafety scan TEXT... | --file F`: find monitored terms in a message or search.

use super::{Command, CommandError, Status};
use crate::args::Args;
use esafety_core::ErrorCode;
use esafety_core::scanner::{OffsetUnit, ScanReport, TermScanner, convert_match_offsets};
use std::io::Write;
use std::path::Path;

pub const COMMAND: Command = Command {
    name: "scan",
    usage: "scan [--audience A] [--list F [--format X]] [--json] (TEXT... | --file F)",
    summary: "find monitored terms (sees through leetspeak, spacing, look-alikes)",
    run,
};

fn run(argv: &[String], out: &mut dyn Write) -> Result<Status, CommandError> {
    let args =
        Args::parse(argv, &["audience", "list", "format", "file"]).map_err(CommandError::Usage)?;
    args.only(&["audience", "list", "format", "file", "json"])
        .map_err(CommandError::Usage)?;
    let text = match (args.value("file"), args.positional.is_empty()) {
        (Some(_), false) => {
            return Err(CommandError::Usage(
                "give TEXT or --file, not both".to_owned(),
            ));
        }
        (None, true) => return Err(CommandError::Usage("give TEXT or --file F".to_owned())),
        (None, false) => args.positional.join(" "),
        (Some(path), true) => match esafety_io::read_text(Path::new(path)) {
            Ok(text) => text,
            Err(e) => {
                writeln!(out, "error[{}]: {e}", e.code())?;
                return Ok(Status::Rejected);
            }
        },
    };
    let scanner = match args.value("list") {
        None => TermScanner::embedded_default(),
        Some(path) => {
            let contents = match esafety_io::read_text(Path::new(path)) {
                Ok(contents) => contents,
                Err(e) => {
                    writeln!(out, "error[{}]: {e}", e.code())?;
                    return Ok(Status::Rejected);
                }
            };
            let label = Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            TermScanner::from_format(args.value("format").unwrap_or("tsv"), &label, &contents)
        }
    };
    let audience = args.value("audience").unwrap_or("ks2");
    let report = scanner
        .and_then(|s| s.scan_report(&text, audience))
        .and_then(|mut r| {
            convert_match_offsets(&text, &mut r.matches, OffsetUnit::Char).map(|()| r)
        });
    let report = match report {
        Ok(report) => report,
        Err(e) => {
            writeln!(out, "error[{}]: {e}", e.code())?;
            return Ok(Status::Rejected);
        }
    };
    if args.flag("json") {
        let json = serde_json::json!({"offset_unit": "char", "report": report});
        writeln!(out, "{json}")?;
    } else {
        print_report(&report, out)?;
    }
    Ok(Status::Ok)
}

/// Prints one line per match (character offsets) and the summary.
pub fn print_report(report: &ScanReport, out: &mut dyn Write) -> std::io::Result<()> {
    for m in &report.matches {
        writeln!(
            out,
            "  [{}] {:<15} {:?} at {}..{} (term `{}`, {})",
            m.severity,
            m.category.as_str(),
            m.matched_text,
            m.start,
            m.end,
            m.term,
            m.source
        )?;
    }
    let summary = &report.summary;
    match summary.highest_severity {
        None => writeln!(out, "  no matches ({})", report.audience),
        Some(highest) => {
            let categories: Vec<&str> = summary.categories.iter().map(|c| c.as_str()).collect();
            writeln!(
                out,
                "  {} match(es) for {}, highest severity {highest}: {}",
                summary.match_count,
                report.audience,
                categories.join(", ")
            )
        }
    }
}
