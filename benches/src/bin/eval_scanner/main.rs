//! Measures the term scanner on labelled public data (issue 13, "Measure it honestly").
//!
//! Reads ETHOS (`Ethos_Dataset_Binary.csv`, `comment;isHate`) from a folder given by path
//! (default `../shared/data/terms/ethos`), never from the repository: ETHOS is GPL-3.0 and
//! is used for evaluation only. A comment counts as hateful when `isHate >= 0.5`; the scanner
//! flags it when a match has confidence >= 0.5 (`Match::is_flagged`).
//!
//! The data is split before anything is tuned: every third comment (0-based index 2, 5, 8,
//! ...) is the held-out **test** split; the rest is **train**. Only train comments can be
//! printed (`--show-misses`, `--show-false`), so the test split stays unseen.
//!
//! ```text
//! scripts/eval-scanner [--list TSV] [--data DIR] [--show-misses N] [--show-false N]
//! scripts/eval-scanner [--list TSV] --functional FILE [--show-wrong N]
//! scripts/eval-scanner --scan AUDIENCE TEXT...   # the matches of texts, as JSON lines
//! ```
//!
//! `--list` measures a list in the TSV format instead of the embedded default (edit
//! `core/data/scanner/default.tsv` and measure it without rebuilding). `--functional` runs the
//! functional test suite instead of ETHOS (see [`functional`]).
#![allow(clippy::print_stdout, reason = "a command-line report")]

mod functional;

use esafety_core::scanner::{Audience, Scratch, TermScanner};
use std::path::PathBuf;

struct Comment {
    text: String,
    hate: f64,
    test: bool,
}

#[derive(Default)]
struct Tally {
    hateful: usize,
    hateful_flagged: usize,
    rest: usize,
    rest_flagged: usize,
    zero: usize,
    zero_flagged: usize,
}

/// `12.5% (1/8)`.
pub(crate) fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "n/a".to_owned();
    }
    format!(
        "{:.1}% ({part}/{whole})",
        100.0 * part as f64 / whole as f64
    )
}

/// The embedded default list, or the TSV list at `list`.
fn load(list: Option<&std::path::Path>) -> Result<TermScanner, Box<dyn std::error::Error>> {
    Ok(match list {
        Some(path) => TermScanner::from_tsv("default.tsv", &std::fs::read_to_string(path)?)?,
        None => TermScanner::embedded_default()?,
    })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut data = PathBuf::from("../shared/data/terms/ethos");
    let (mut show_misses, mut show_false, mut show_wrong) = (0usize, 0usize, 0usize);
    let (mut list, mut suite) = (None, None);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data" => data = PathBuf::from(args.next().ok_or("--data needs a folder")?),
            "--list" => list = Some(PathBuf::from(args.next().ok_or("--list needs a file")?)),
            "--functional" => {
                suite = Some(PathBuf::from(
                    args.next().ok_or("--functional needs a file")?,
                ));
            }
            "--show-wrong" => show_wrong = args.next().ok_or("needs a number")?.parse()?,
            "--show-misses" => show_misses = args.next().ok_or("needs a number")?.parse()?,
            "--show-false" => show_false = args.next().ok_or("needs a number")?.parse()?,
            "--scan" => {
                // One text, as JSON lines of its matches (for writing vectors).
                let scanner = load(list.as_deref())?;
                let audience = args.next().ok_or("--scan needs an audience")?;
                for text in args.by_ref() {
                    let found = scanner.scan_in(&text, &audience, "char")?;
                    println!(
                        "{}",
                        serde_json::to_string(
                            &serde_json::json!({"text": text, "matches": found})
                        )?
                    );
                }
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if let Some(suite) = suite {
        return functional::report(&load(list.as_deref())?, &suite, show_wrong);
    }
    let file = data.join("Ethos_Dataset_Binary.csv");
    let Ok(contents) = std::fs::read_to_string(&file) else {
        println!(
            "ETHOS not found at {}: nothing measured. Put the ETHOS release there (it is \
             GPL-3.0 evaluation data, never copied into this repository) or pass --data DIR.",
            file.display()
        );
        return Ok(());
    };
    let comments: Vec<Comment> = contents
        .lines()
        .skip(1)
        .filter_map(|line| line.rsplit_once(';'))
        .enumerate()
        .filter_map(|(i, (text, label))| {
            Some(Comment {
                text: text.trim_matches('"').to_owned(),
                hate: label.trim().parse().ok()?,
                test: i % 3 == 2,
            })
        })
        .collect();
    let started = std::time::Instant::now();
    let scanner = load(list.as_deref())?;
    let built = started.elapsed();
    let slots: usize = scanner.lists().iter().map(|l| l.slots.len()).sum();
    println!(
        "ETHOS binary: {} comments ({} hateful); default scanner: {} terms, {} patterns, {} slot \
         values, {} cue phrases, built in {:.1} ms",
        comments.len(),
        comments.iter().filter(|c| c.hate >= 0.5).count(),
        scanner.entries().len(),
        scanner.patterns().len(),
        slots,
        scanner.cues().len(),
        built.as_secs_f64() * 1e3
    );
    println!();
    println!(
        "| audience | split | hateful flagged (recall) | non-hateful flagged (isHate < 0.5) | isHate = 0 flagged |"
    );
    println!("|---|---|---|---|---|");
    let mut scratch = Scratch::default();
    let (mut misses, mut falses) = (Vec::new(), Vec::new());
    for &audience in Audience::ALL {
        for (split, test) in [("train", false), ("test", true)] {
            let mut t = Tally::default();
            for c in comments.iter().filter(|c| c.test == test) {
                let matches = scanner.scan_with(&mut scratch, &c.text, audience)?;
                let flagged = matches.iter().any(|m| m.is_flagged());
                if c.hate >= 0.5 {
                    t.hateful += 1;
                    t.hateful_flagged += usize::from(flagged);
                    if !flagged && !test && audience == Audience::Ks3 {
                        misses.push(c.text.clone());
                    }
                } else {
                    t.rest += 1;
                    t.rest_flagged += usize::from(flagged);
                    if c.hate == 0.0 {
                        t.zero += 1;
                        t.zero_flagged += usize::from(flagged);
                    }
                    if flagged && !test && audience == Audience::Ks3 {
                        let why: Vec<String> = matches
                            .iter()
                            .filter(|m| m.is_flagged())
                            .map(|m| {
                                format!(
                                    "{} [{}]",
                                    m.matched_text,
                                    m.pattern.as_deref().unwrap_or(&m.term)
                                )
                            })
                            .collect();
                        falses.push(format!("{:.2} {} <= {}", c.hate, c.text, why.join(", ")));
                    }
                }
            }
            println!(
                "| {} | {split} | {} | {} | {} |",
                audience.as_str(),
                percent(t.hateful_flagged, t.hateful),
                percent(t.rest_flagged, t.rest),
                percent(t.zero_flagged, t.zero)
            );
        }
    }
    for m in misses.iter().take(show_misses) {
        println!("MISS {m}");
    }
    for f in falses.iter().take(show_false) {
        println!("FALSE {f}");
    }
    Ok(())
}
