//! `esafety url URL... [--audience ks2]`: decide web addresses with the web filter.

use super::load_report::ListProblems;
use super::{CommandError, Outcome, Status};
use crate::text::printable;
use crate::values;
use esafety_core::filter::{Decision, UrlFilter, Verdict};
use esafety_core::scanner::TermScanner;
use std::io::Write;
use std::path::Path;

/// Options of `esafety url`.
#[derive(Debug, clap::Args)]
pub struct UrlArgs {
    /// Web addresses; `-` reads one per line from standard input.
    #[arg(required = true, value_name = "URL")]
    pub urls: Vec<String>,
    /// Who is browsing.
    #[arg(long, value_parser = values::audience(), default_value = values::default_audience())]
    pub audience: String,
    /// When the request is made (for time-of-day rules).
    #[arg(long, value_name = "AT", help = at_help())]
    pub at: Option<String>,
    /// A UT1 blacklist directory, added to the built-in lists.
    #[arg(long, value_name = "DIR")]
    pub ut1: Option<String>,
    /// Print a JSON array: one {"input", "ok"|"error"} per address.
    #[arg(long)]
    pub json: bool,
}

fn at_help() -> String {
    format!(
        "{} [default: none, time-of-day rules do not apply]",
        crate::input::AT_HELP
    )
}

/// The help footer: the size of the built-in list, the exit status and an example.
pub fn after_help() -> String {
    let domains = UrlFilter::default().domain_rule_count();
    format!(
        "Without --ut1 the built-in lists hold {domains} domain rules (test and seed lists); \
give --ut1 DIR for a full blacklist (the folder that holds a folder per category, \
gambling/domains). Each line of its lists that is rejected, and each file skipped, is named \
on standard error; a folder from which no category's list is read is an input error.\n\n\
Search terms are scanned with the embedded monitoring list; a match is shown as a search \
alert.\n\n\
Exit status: 0 nothing blocked or alerting, 1 an address was blocked, its search raised an \
alert or it is not a web address, or a line of a --ut1 list was rejected, 2 usage or input \
error.\n\n\
Example:\n  esafety url --audience ks3 https://www.bet365.com/ \"https://www.google.com/search?q=owls\"\n  \
cat urls.txt | esafety url --json --at now -"
    )
}

/// The filter a command uses: a UT1 directory (plus the defaults) or the embedded defaults.
/// What the directory's load report left out is written to `problems`.
///
/// # Errors
///
/// An input error when the directory cannot be read or holds no UT1 list; an output
/// error when standard error cannot be written.
pub fn load_filter(
    ut1: Option<&str>,
    problems: &mut ListProblems<'_>,
    err: &mut dyn Write,
) -> Result<UrlFilter, CommandError> {
    let Some(dir) = ut1 else {
        return Ok(UrlFilter::default());
    };
    let filter = esafety_io::url_filter_from_directory(Path::new(dir), false)
        .map_err(|e| CommandError::input(&e))?;
    problems.write(&format!("--ut1 {dir}"), filter.load_report(), err)?;
    Ok(filter)
}

/// Runs `esafety url`.
pub fn run(args: &UrlArgs, out: &mut dyn Write, err: &mut dyn Write) -> Outcome {
    let at = args.at.as_deref().map(crate::input::instant).transpose()?;
    let urls = crate::input::expand_stdin(&args.urls)?;
    let mut problems = ListProblems::new("url", args.json);
    let filter = load_filter(args.ut1.as_deref(), &mut problems, err)?;
    problems.finish(err)?;
    // Search terms are scanned with the embedded monitoring list, as `esafety log` does.
    let scanner = TermScanner::embedded_default().map_err(|e| CommandError::input(&e))?;
    let check = || filter.check_many_with(&urls, &args.audience, at, Some(&scanner));
    // Core spreads a long batch over the pool it runs in; without threads, on this one.
    let results = match rayon::ThreadPoolBuilder::new().build() {
        Ok(pool) => pool.install(check),
        Err(_) => check(),
    }
    .map_err(|e| CommandError::input(&e))?;
    if args.json {
        let json: Vec<serde_json::Value> = urls
            .iter()
            .zip(&results)
            .map(|(input, r)| match r {
                Ok(d) => serde_json::json!({"input": input, "ok": d}),
                Err(e) => serde_json::json!({"input": input, "error": {"index": e.index, "code": e.code, "message": e.message}}),
            })
            .collect();
        writeln!(out, "{}", serde_json::Value::Array(json))?;
    } else {
        for (input, result) in urls.iter().zip(&results) {
            match result {
                Ok(d) => print_decision(d, out)?,
                Err(e) => writeln!(
                    out,
                    "{}\n  !! error[{}]: {}",
                    printable(input),
                    e.code,
                    printable(&e.message)
                )?,
            }
        }
    }
    let found = problems.any_rejected()
        || results.iter().any(|r| {
            r.as_ref().map_or(true, |d| {
                d.verdict == Verdict::Block || !d.search_matches.is_empty()
            })
        });
    Ok(if found { Status::Found } else { Status::Ok })
}

/// Prints one decision: verdict, URL, categories and rule, then the reason and extras.
pub fn print_decision(d: &Decision, out: &mut dyn Write) -> std::io::Result<()> {
    let categories: Vec<&str> = d.categories.iter().map(|c| c.as_str()).collect();
    writeln!(
        out,
        "{:<11} {}  [{}]  {}",
        d.verdict.as_str(),
        printable(&d.url),
        categories.join(", "),
        printable(&d.rule)
    )?;
    writeln!(out, "            {}", printable(&d.reason))?;
    if let Some(terms) = &d.search_terms {
        writeln!(out, "            search terms: {}", printable(terms))?;
    }
    for m in &d.search_matches {
        writeln!(
            out,
            "            search alert: [{}] {} \"{}\" (term `{}`, {})",
            m.severity,
            m.category.as_str(),
            printable(&m.matched_text),
            printable(&m.term),
            m.source
        )?;
    }
    if let Some(rewrite) = &d.rewrite {
        writeln!(out, "            rewrite: {}", printable(rewrite))?;
    }
    if let Some(host) = d
        .safe_search
        .as_ref()
        .and_then(|s| s.enforced_host.as_ref())
    {
        writeln!(out, "            enforced host: {host}")?;
    }
    if let Some(header) = d.safe_search.as_ref().and_then(|s| s.header.as_ref()) {
        writeln!(out, "            header: {header}")?;
    }
    Ok(())
}
