//! `esafety whatif --old A --new B LOG`: replay a log through two policies and list every
//! decision that would change (issue 14), in constant memory on all cores.

use super::load_report::ListProblems;
use super::log::{LogInput, map_error, pipeline, reader::RawLine};
use super::{CommandError, Outcome, Status};
use crate::text::printable;
use esafety_core::ErrorCode;
use esafety_core::filter::log_formats::LogFormat;
use esafety_core::filter::{Audience, FilterSpec, UrlFilter, VerdictChange, what_if_one};
use esafety_core::policy::SchoolPolicy;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// Options of `esafety whatif`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub struct WhatifArgs {
    /// The policy in force: a preset id, a policy document (TOML or JSON) or a filter spec (JSON).
    #[arg(long, value_name = "POLICY")]
    pub old: String,
    /// The policy proposed: as --old.
    #[arg(long, value_name = "POLICY")]
    pub new: String,
    /// The access log (as `esafety log` reads it; plain or gzip); `-` reads standard input.
    #[arg(value_name = "LOG")]
    pub file: String,
    /// Who is behind each line, the log's format, the progress bar.
    #[command(flatten)]
    pub input: LogInput,
    /// A UT1 blacklist directory under both policies (added to the built-in lists; not with filter specs, which name their own lists).
    #[arg(long, value_name = "DIR")]
    pub ut1: Option<String>,
    /// Invalid lines listed at most (all are counted); 0 lists all.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub limit: usize,
    /// Print JSON: {"changes": [...], "by_category", "by_audience", "by_audience_category", "invalid", ...}.
    #[arg(long)]
    pub json: bool,
}

const AFTER_HELP: &str = "Each line is checked under both policies for its audience at its own \
time; a decision changes when its verdict does. Every change is listed (line, audience, URL, both \
verdicts and both rules, category), streamed as it is found, then counted per category, per \
audience and per audience and category. A policy is a preset id (national, kilby, ...), a policy \
document file (TOML or JSON, its [filter] section applies) or a filter spec file (JSON: \
include_defaults, lists, policy, model).\n\n\
Each rejected line of a list (a filter spec's or --ut1's) and each file skipped is named on \
standard error (JSON lines under --json): a change those lines would make is not in the \
report.\n\n\
Exit status: 0 no decision changes and every line read, 1 a decision changes, a line is \
invalid or a line of a list was rejected, 2 usage or input error.\n\n\
Example:\n  esafety whatif --old national --new policy.toml --audiences audiences.json access.log\n  \
zcat access.log.1.gz | esafety whatif --json --old policy.toml --new proposed.toml -";

/// A filter from a preset id, a policy document or a filter spec; what the load reports of
/// its lists (the spec's, or `--ut1`'s) left out is written to `problems`, naming
/// `option` (`--old`, `--new`).
///
/// # Errors
///
/// An input error naming why the text is neither a policy document nor a filter spec.
pub fn load_policy(
    option: &str,
    name: &str,
    ut1: Option<&str>,
    problems: &mut ListProblems<'_>,
    err: &mut dyn Write,
) -> Result<UrlFilter, CommandError> {
    let policy = if Path::new(name).exists() {
        let text = crate::input::read_source(name)?;
        // JSON with `schema_version` is a policy document, other JSON a filter spec (its
        // own errors, a misspelt key named); anything else a policy document in TOML.
        let json = text.trim_start().starts_with(['{', '[']);
        if json && text.contains("\"schema_version\"") {
            SchoolPolicy::from_json(&text).map_err(|e| CommandError::Input {
                code: e.code(),
                message: format!("`{name}` is not a valid policy document: {e}"),
            })?
        } else if json {
            let spec = FilterSpec::from_json(&text).map_err(|e| CommandError::Input {
                code: e.code(),
                message: format!("`{name}` is not a valid filter spec: {e}"),
            })?;
            if ut1.is_some() {
                return Err(CommandError::Usage(format!(
                    "--ut1 applies to policy documents; the filter spec `{name}` names its own lists"
                )));
            }
            let filter = UrlFilter::from_spec(&spec).map_err(|e| CommandError::input(&e))?;
            problems.write(&format!("{option} {name}"), filter.load_report(), err)?;
            return Ok(filter);
        } else {
            SchoolPolicy::from_toml(&text).map_err(|e| CommandError::Input {
                code: e.code(),
                message: format!("`{name}` is not a valid policy document: {e}"),
            })?
        }
    } else {
        SchoolPolicy::preset(name).map_err(|e| CommandError::Input {
            code: e.code(),
            message: format!("`{name}` is no file and no preset: {e}"),
        })?
    };
    let mut filter = super::url::load_filter(ut1, problems, err)?;
    policy
        .apply_to_filter(&mut filter)
        .map_err(|e| CommandError::input(&e))?;
    Ok(filter)
}

/// One line replayed.
enum Replay {
    Blank,
    Invalid(&'static str, String),
    Same,
    Changed(Audience, VerdictChange),
}

/// Every change counted.
#[derive(Default, serde::Serialize)]
struct Counts {
    lines: u64,
    requests: u64,
    changed: u64,
    by_category: BTreeMap<String, u64>,
    by_audience: BTreeMap<String, u64>,
    by_audience_category: BTreeMap<String, BTreeMap<String, u64>>,
    invalid_lines: u64,
    invalid: Vec<serde_json::Value>,
}

#[derive(serde::Serialize)]
struct Row<'a> {
    line: u64,
    audience: &'a str,
    #[serde(flatten)]
    change: &'a VerdictChange,
}

/// Runs `esafety whatif`.
pub fn run(args: &WhatifArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let map = args.input.audience_map(&args.file)?;
    let map = map.lookup().map_err(map_error)?;
    let mut problems = ListProblems::new("whatif", args.json);
    let ut1 = args.ut1.as_deref();
    let old = load_policy("--old", &args.old, ut1, &mut problems, err)?;
    let new = load_policy("--new", &args.new, ut1, &mut problems, err)?;
    problems.finish(err)?;
    let keep = if args.limit == 0 {
        usize::MAX
    } else {
        args.limit
    };
    let out = RefCell::new(std::io::BufWriter::with_capacity(1 << 16, out));
    let mut counts = Counts::default();
    let started = Cell::new(false);
    let replay = |format: LogFormat, _: u64, raw: &RawLine| {
        let text = match pipeline::text_of(raw) {
            Ok(text) if text.trim().is_empty() => return Replay::Blank,
            Ok(text) => text,
            Err(e) => return Replay::Invalid(e.code(), e.to_string()),
        };
        let entry = match format.parse(text) {
            Ok(entry) => entry,
            Err(e) => return Replay::Invalid(e.code(), e.to_string()),
        };
        let audience = map.audience_of(&entry);
        match what_if_one(&old, &new, &entry.url, audience, Some(entry.at)) {
            Ok(None) => Replay::Same,
            Ok(Some(change)) => Replay::Changed(audience, change),
            Err(e) => Replay::Invalid(e.code(), e.to_string()),
        }
    };
    let read = pipeline::for_each_line(
        &args.file,
        args.input.format(),
        !args.input.no_progress,
        replay,
        || {
            let opening = if args.json {
                "{\"changes\":["
            } else {
                "changes:\n"
            };
            write!(out.borrow_mut(), "{opening}")?;
            started.set(true);
            Ok(())
        },
        |line, replay| {
            counts.lines += 1;
            match replay {
                Replay::Blank => {}
                Replay::Invalid(code, reason) => {
                    counts.invalid_lines += 1;
                    if counts.invalid.len() < keep {
                        let item =
                            serde_json::json!({"line": line, "code": code, "reason": reason});
                        counts.invalid.push(item);
                    }
                }
                Replay::Same => counts.requests += 1,
                Replay::Changed(audience, change) => {
                    counts.requests += 1;
                    let index = counts.changed;
                    write_change(
                        line,
                        audience,
                        &change,
                        index,
                        args.json,
                        &mut *out.borrow_mut(),
                    )?;
                    counts.changed += 1;
                    let (a, c) = (audience.as_str(), change.category_or_none());
                    *counts.by_category.entry(c.to_owned()).or_default() += 1;
                    *counts.by_audience.entry(a.to_owned()).or_default() += 1;
                    let per = counts.by_audience_category.entry(a.to_owned()).or_default();
                    *per.entry(c.to_owned()).or_default() += 1;
                }
            }
            Ok(())
        },
    );
    let mut out = out.into_inner();
    let read = match read {
        Ok(read) => read,
        Err(e) => {
            // A log that fails part-way: what was written is closed so that standard output
            // stays one JSON document, then the error ends the command as usual.
            if let (true, true, CommandError::Input { code, message }) =
                (args.json, started.get(), &e)
            {
                let error = serde_json::json!({"code": code, "message": message});
                writeln!(out, "],\"error\":{error}}}")?;
                out.flush()?;
            }
            return Err(e);
        }
    };
    if args.json {
        let mut rest = serde_json::to_value(&counts).unwrap_or_default();
        rest["log_format"] = read.format.as_str().into();
        let rest = rest.to_string();
        writeln!(out, "],{}", rest.strip_prefix('{').unwrap_or(&rest))?;
    } else {
        if counts.changed == 0 {
            writeln!(out, "  (none)")?;
        }
        print_counts(&read.name, read.format, &counts, &mut out)?;
    }
    out.flush()?;
    let found = counts.changed + counts.invalid_lines > 0 || problems.any_rejected();
    Ok(if found { Status::Found } else { Status::Ok })
}

fn write_change(
    line: u64,
    audience: Audience,
    change: &VerdictChange,
    index: u64,
    json: bool,
    out: &mut dyn Write,
) -> Result<(), CommandError> {
    if json {
        if index > 0 {
            write!(out, ",")?;
        }
        let row = Row {
            line,
            audience: audience.as_str(),
            change,
        };
        serde_json::to_writer(&mut *out, &row).map_err(std::io::Error::from)?;
        return Ok(());
    }
    writeln!(
        out,
        "  line {line:<6} {:<10} {:>11} -> {:<11} {}  [{}]  {} -> {}",
        audience.as_str(),
        change.old_verdict.as_str(),
        change.new_verdict.as_str(),
        printable(&change.url),
        change.category_or_none(),
        printable(&change.old_rule),
        printable(&change.new_rule)
    )?;
    Ok(())
}

fn print_counts(
    name: &str,
    format: LogFormat,
    c: &Counts,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{name} ({}): {} lines, {} requests checked, {} changed, {} invalid",
        format.as_str(),
        c.lines,
        c.requests,
        c.changed,
        c.invalid_lines
    )?;
    writeln!(out, "by category:")?;
    for (category, n) in &c.by_category {
        writeln!(out, "  {category:<24} {n}")?;
    }
    writeln!(out, "by audience:")?;
    for (audience, n) in &c.by_audience {
        writeln!(out, "  {audience:<11} {n}")?;
    }
    writeln!(out, "by audience and category:")?;
    for (audience, per) in &c.by_audience_category {
        for (category, n) in per {
            writeln!(out, "  {audience:<11} {category:<24} {n}")?;
        }
    }
    if c.invalid_lines > 0 {
        writeln!(out, "invalid lines ({}):", c.invalid_lines)?;
        for item in &c.invalid {
            let text = |k: &str| item[k].as_str().unwrap_or_default().to_owned();
            let line = item["line"].as_u64().unwrap_or_default();
            writeln!(
                out,
                "  line {line:<6} {}: {}",
                text("code"),
                printable(&text("reason"))
            )?;
        }
    }
    Ok(())
}
