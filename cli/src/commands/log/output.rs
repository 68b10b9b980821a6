//! What `esafety log` writes: a summary (text or JSON) of capped lists and exact counts,
//! or one row per line (CSV, JSON lines) or per alerting line. Logged text (URL, user,
//! search terms, reasons) is printed with its control characters escaped in the summary,
//! and a CSV cell a spreadsheet would run as a formula (`=HYPERLINK(...)` from a pupil's
//! search) starts with `'` (see [`crate::text`]).

use crate::text::{csv_cell as csv, printable};
use esafety_core::filter::Verdict;
use esafety_core::filter::squid_log::{FlaggedLine, LineOutcome, LogSummary};
use std::io::Write;

/// The output of `esafety log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Counts by audience and category, then the alerting, blocked, search and invalid lines.
    Summary,
    /// One CSV row per line (header first): every decision and every invalid line.
    Csv,
    /// One JSON object per line: every decision and every invalid line.
    Jsonl,
    /// One JSON object per alerting line and per invalid line.
    Alerts,
}

/// Counts of every line, and the first lines of each kind.
pub struct Tally {
    /// The core's summary (lists capped at `keep`).
    pub summary: LogSummary,
    /// The reason of each invalid line kept, in step with `summary.invalid`.
    pub reasons: Vec<String>,
    /// How many lines each list keeps.
    pub keep: usize,
    /// Every blocked, alerting, search and invalid line, counted.
    pub totals: Totals,
}

/// How many lines of each kind the log holds.
#[derive(Debug, Default, serde::Serialize)]
pub struct Totals {
    /// Blocked lines.
    pub blocked: u64,
    /// Alerting lines.
    pub alerts: u64,
    /// Lines with search terms.
    pub searches: u64,
    /// Invalid lines.
    pub invalid: u64,
}

impl Tally {
    /// An empty tally keeping `keep` lines per list (0: all).
    pub fn new(keep: usize) -> Tally {
        Tally {
            summary: LogSummary::default(),
            reasons: Vec::new(),
            keep: if keep == 0 { usize::MAX } else { keep },
            totals: Totals::default(),
        }
    }

    /// Counts one line.
    pub fn add(&mut self, line: u64, outcome: &LineOutcome) {
        match outcome {
            LineOutcome::Blank => {}
            LineOutcome::Invalid { reason, .. } => {
                self.totals.invalid += 1;
                if self.reasons.len() < self.keep {
                    self.reasons.push(reason.clone());
                }
            }
            LineOutcome::Request(flagged, alert) => {
                let t = &mut self.totals;
                t.blocked += u64::from(flagged.verdict == Verdict::Block);
                t.alerts += u64::from(*alert);
                t.searches += u64::from(flagged.search_terms.is_some());
            }
        }
        self.summary.add(line, outcome, self.keep);
    }

    /// Whether anything needs attention (exit 1): a blocked, alerting or invalid line.
    pub fn found(&self) -> bool {
        self.totals.blocked + self.totals.alerts + self.totals.invalid > 0
    }
}

/// The CSV header.
pub const CSV_HEADER: &str =
    "line,at,client,user,audience,url,verdict,categories,rule,alert,search_terms,error";

#[derive(serde::Serialize)]
struct JsonRow<'a> {
    #[serde(flatten)]
    line: &'a FlaggedLine,
    alert: bool,
}

/// Writes line `line`'s row in `format` (nothing for a blank line, nor for a line that
/// does not alert under `alerts`).
pub fn write_row(
    format: OutputFormat,
    line: u64,
    outcome: &LineOutcome,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    match (format, outcome) {
        (OutputFormat::Summary, _) | (_, LineOutcome::Blank) => Ok(()),
        (OutputFormat::Alerts, LineOutcome::Request(_, false)) => Ok(()),
        (OutputFormat::Csv, LineOutcome::Invalid { code, reason }) => {
            writeln!(
                out,
                "{line},,,,,,,,,,,{}",
                csv(&format!("{code}: {reason}"))
            )
        }
        (_, LineOutcome::Invalid { code, reason }) => {
            let error =
                serde_json::json!({"line": line, "error": {"code": code, "message": reason}});
            writeln!(out, "{error}")
        }
        (OutputFormat::Csv, LineOutcome::Request(l, alert)) => {
            let categories: Vec<&str> = l.categories.iter().map(|c| c.as_str()).collect();
            writeln!(
                out,
                "{line},{},{},{},{},{},{},{},{},{alert},{},",
                l.at.format("%Y-%m-%dT%H:%M:%S%.3fZ"),
                csv(&l.client),
                csv(l.user.as_deref().unwrap_or("")),
                l.audience.as_str(),
                csv(&l.url),
                l.verdict.as_str(),
                categories.join(";"),
                csv(&l.rule),
                csv(l.search_terms.as_deref().unwrap_or("")),
            )
        }
        (_, LineOutcome::Request(l, alert)) => {
            let row = JsonRow {
                line: l,
                alert: *alert,
            };
            serde_json::to_writer(&mut *out, &row)?;
            writeln!(out)
        }
    }
}

/// The JSON summary: the core's, a `reason` on each invalid line, the exact totals, the
/// format read and how many lines each list keeps.
pub fn summary_json(tally: &Tally, format: &str) -> serde_json::Value {
    let mut json: serde_json::Value =
        serde_json::from_str(&tally.summary.to_json()).unwrap_or(serde_json::Value::Null);
    if let Some(invalid) = json.get_mut("invalid").and_then(|v| v.as_array_mut()) {
        for (item, reason) in invalid.iter_mut().zip(&tally.reasons) {
            item["reason"] = serde_json::Value::from(reason.as_str());
        }
    }
    json["log_format"] = format.into();
    json["totals"] = serde_json::to_value(&tally.totals).unwrap_or_default();
    json["kept_per_list"] = if tally.keep == usize::MAX {
        serde_json::Value::Null
    } else {
        tally.keep.into()
    };
    json
}

fn list_title(title: &str, total: u64, shown: usize) -> String {
    if total > shown as u64 {
        format!("{title} ({total}, the first {shown} shown):")
    } else {
        format!("{title} ({total}):")
    }
}

fn print_lines(
    title: &str,
    total: u64,
    lines: &[FlaggedLine],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "{}", list_title(title, total, lines.len()))?;
    for l in lines {
        let categories: Vec<&str> = l.categories.iter().map(|c| c.as_str()).collect();
        let who = l.user.as_deref().unwrap_or(&l.client);
        let rule = l
            .search_terms
            .as_deref()
            .map_or(l.rule.clone(), |t| format!("{} (search: {t})", l.rule));
        writeln!(
            out,
            "  line {:<6} {}  {:<15} {:<10} {:<11} {}  [{}]  {}",
            l.line,
            l.at.format("%Y-%m-%dT%H:%M:%SZ"),
            printable(who),
            l.audience.as_str(),
            l.verdict.as_str(),
            printable(&l.url),
            categories.join(", "),
            printable(&rule)
        )?;
    }
    Ok(())
}

/// Prints the text summary of `file` read as `format`.
pub fn print_summary(
    file: &str,
    format: &str,
    tally: &Tally,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (s, t) = (&tally.summary, &tally.totals);
    writeln!(
        out,
        "{file} ({format}): {} lines, {} requests checked, {} invalid",
        s.lines, s.requests, t.invalid
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
    print_lines("alerting lines", t.alerts, &s.alerts, out)?;
    print_lines("blocked lines", t.blocked, &s.blocked, out)?;
    print_lines("search lines", t.searches, &s.searches, out)?;
    if t.invalid > 0 {
        writeln!(
            out,
            "{}",
            list_title("invalid lines", t.invalid, s.invalid.len())
        )?;
        for (i, reason) in s.invalid.iter().zip(&tally.reasons) {
            writeln!(
                out,
                "  line {:<6} {}: {}",
                i.line,
                i.code,
                printable(reason)
            )?;
        }
    }
    let capped = [t.alerts, t.blocked, t.searches, t.invalid]
        .iter()
        .any(|n| *n > tally.keep as u64);
    if capped {
        writeln!(
            out,
            "(lists show the first {} lines of each kind: --limit 0 shows all; --format csv or jsonl lists every line)",
            tally.keep
        )?;
    }
    Ok(())
}
