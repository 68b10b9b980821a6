//! `esafety scan TEXT... | --file F`: find monitored terms in a message or search.

use super::{CommandError, Outcome, Status};
use crate::values;
use esafety_core::scanner::{OffsetUnit, ScanReport, TermScanner, convert_match_offsets};
use std::io::Write;
use std::path::Path;

/// Options of `esafety scan`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Offsets are in characters. Exit status: 0 no match, 1 a term was found, \
2 usage or input error.\n\n\
Example:\n  esafety scan --audience ks3 \"i want to k1lllll mys3lf\"\n  \
esafety scan --json --list school.tsv --file - < message.txt"
)]
pub struct ScanArgs {
    /// The text to scan (words are joined with spaces); `-` alone reads standard input.
    #[arg(
        value_name = "TEXT",
        required_unless_present = "file",
        conflicts_with = "file"
    )]
    pub text: Vec<String>,
    /// Read the text from a file; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub file: Option<String>,
    /// Who wrote or searched it.
    #[arg(long, value_parser = values::audience(), default_value = values::default_audience())]
    pub audience: String,
    /// A term list to use instead of the embedded default list; `-` reads standard input.
    #[arg(long, value_name = "FILE")]
    pub list: Option<String>,
    /// The format of --list.
    #[arg(long, requires = "list", value_parser = clap::builder::PossibleValuesParser::new(values::term_formats()), default_value = "tsv")]
    pub format: String,
    /// Print {"offset_unit": "char", "report": ...} as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `esafety scan`.
pub fn run(args: &ScanArgs, out: &mut dyn Write) -> Outcome {
    let text = match (&args.file, args.text.as_slice()) {
        (Some(path), _) => crate::input::read_source(path)?,
        (None, [dash]) if dash == "-" => crate::input::read_source(dash)?,
        (None, words) => words.join(" "),
    };
    let input = |e: &dyn esafety_core::ErrorCode| CommandError::input(e);
    let scanner = match &args.list {
        None => TermScanner::embedded_default().map_err(|e| input(&e))?,
        Some(path) => {
            let contents = crate::input::read_source(path)?;
            let label = Path::new(path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            TermScanner::from_format(&args.format, &label, &contents).map_err(|e| input(&e))?
        }
    };
    let mut report = scanner
        .scan_report(&text, &args.audience)
        .map_err(|e| input(&e))?;
    convert_match_offsets(&text, &mut report.matches, OffsetUnit::Char).map_err(|e| input(&e))?;
    if args.json {
        let json = serde_json::json!({"offset_unit": "char", "report": report});
        writeln!(out, "{json}")?;
    } else {
        print_report(&report, out)?;
    }
    Ok(if report.matches.is_empty() {
        Status::Ok
    } else {
        Status::Found
    })
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
