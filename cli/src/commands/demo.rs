//! `esafety demo`: every capability on its embedded defaults, no files needed.

use super::{Outcome, Status};
use esafety_core::scanner::{OffsetUnit, TermScanner, convert_match_offsets};
use esafety_core::{CanonicalUrl, ErrorCode};
use std::io::Write;

/// Options of `esafety demo` (none).
#[derive(Debug, clap::Args)]
#[command(after_help = "Exit status: 0.\n\nExample:\n  esafety demo | less")]
pub struct DemoArgs {}

/// Sample addresses: ordinary, obfuscated (user info, IDN, numeric IPv4, dot segments) and
/// one invalid, to show the error a caller gets.
const SAMPLE_URLS: &[&str] = &[
    "HTTPS://WWW.Example.COM./news/../index.html?lang=en#top",
    "http://good.test@bad.test/",
    "bücher.example/Straße",
    "http://0x7f.1/%7Eadmin",
    "http://[2001:DB8::1]:8080/",
    "http://example.com:99999/",
];

/// Web-filter samples: a category block, an evasion, the illegal lock, a look-alike, safe
/// search with search terms, and what staff may use.
const SAMPLE_FILTER: &[(&str, &str)] = &[
    ("https://www.bet365.com/", "ks2"),
    ("http://www.bbc.co.uk@PORNHUB.com./", "ks2"),
    ("http://csam-test.esafety.invalid/", "staff"),
    ("https://p\u{0430}ypal.com/login", "staff"),
    ("https://www.google.co.uk/search?q=how+to+vape", "ks3"),
    ("https://www.instagram.com/", "staff"),
];
/// The incident dict of issue 5: the reporter tagged it `nudes_u18`, the facts make it
/// child sexual abuse.
const SAMPLE_INCIDENT: &str = r#"{"reported_at": "2025-11-26T08:30:00+00:00", "reporter": "parent_carer",
 "subjects": [{"role": "pupil", "age": 10}], "alleged": "adult_outside",
 "location": "off_site", "device": "personal",
 "facts": {"immediate_danger": false, "adult_involved": true, "under_13_involved": true, "image_involved": true},
 "tags": ["nudes_u18", "online_game"]}"#;
/// Sample messages: disguised self-harm and bullying, and the classic false positives.
const SAMPLE_TEXTS: &[&str] = &[
    "i want to k1lllll mys3lf",
    "u should k.y.s lol",
    "Scunthorpe, Essex, a skilled player, To Kill a Mockingbird",
];

/// Runs `esafety demo`.
pub fn run(_args: &DemoArgs, out: &mut dyn Write) -> Outcome {
    writeln!(out, "== URL canonicalisation (WHATWG) ==")?;
    let inputs: Vec<String> = SAMPLE_URLS.iter().map(|s| (*s).to_owned()).collect();
    let results: Vec<_> = inputs.iter().map(|u| (u, CanonicalUrl::parse(u))).collect();
    super::url_parse::print_table(&results, out)?;
    super::aup_diff::demo(out)?;
    writeln!(
        out,
        "\n== Web filter (embedded defaults; audience in brackets) =="
    )?;
    let filter = esafety_core::filter::UrlFilter::default();
    for (url, audience) in SAMPLE_FILTER {
        writeln!(out, "[{audience}]")?;
        match filter.check(url, audience, None) {
            Ok(d) => super::url::print_decision(&d, out)?,
            Err(e) => writeln!(
                out,
                "{url}\n  !! error[{}]: {e}",
                esafety_core::ErrorCode::code(&e)
            )?,
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "== Incident escalation (a pupil aged 10 sent an image to an adult met in an online game; seed 003 profile) =="
    )?;
    match esafety_core::incident::Incident::from_json_str(SAMPLE_INCIDENT) {
        Ok(incident) => match esafety_core::incident::SchoolProfile::preset("whitwell") {
            Ok(profile) => write!(
                out,
                "{}",
                esafety_core::incident::escalate(&incident, &profile).to_text()
            )?,
            Err(e) => writeln!(out, "error: {e}")?,
        },
        Err(e) => writeln!(out, "error: {e}")?,
    }
    consent_demo(out)?;
    writeln!(
        out,
        "\n== Term scanner (embedded default list, audience ks2) =="
    )?;
    match TermScanner::embedded_default() {
        Ok(scanner) => {
            for text in SAMPLE_TEXTS {
                writeln!(out, "{text}")?;
                match scanner.scan_report(text, "ks2").and_then(|mut r| {
                    convert_match_offsets(text, &mut r.matches, OffsetUnit::Char).map(|()| r)
                }) {
                    Ok(report) => super::scan::print_report(&report, out)?,
                    Err(e) => writeln!(out, "  !! error[{}]: {e}", e.code())?,
                }
            }
        }
        Err(e) => writeln!(out, "  !! error[{}]: {e}", e.code())?,
    }
    Ok(Status::Ok)
}

/// Image consent on an in-memory ledger: a class photo where one pupil's carer withdrew.
fn consent_demo(out: &mut dyn Write) -> std::io::Result<()> {
    use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    writeln!(out, "\n== Image consent (DOMAIN.md §3.3) ==")?;
    let mut ledger = ConsentLedger::new();
    let script: &[(&str, &str, &str, &str)] = &[
        ("p1", "carer-1", "given", "2025-09-05T09:00:00Z"),
        ("p2", "carer-2", "given", "2025-09-05T09:00:00Z"),
        ("p3", "carer-3", "given", "2025-09-05T09:00:00Z"),
        ("p3", "carer-3", "withdrawn", "2026-02-01T09:00:00Z"),
    ];
    for (pupil, carer, state, at) in script {
        let recorded = parse_instant(at).and_then(|at| {
            ledger.record(
                pupil,
                carer,
                "school_website",
                state,
                at,
                RecordOptions::default(),
            )
        });
        if let Err(e) = recorded {
            writeln!(out, "  !! {e}")?;
        }
    }
    for at in ["2026-01-15T10:00:00Z", "2026-03-01T10:00:00Z"] {
        let decision = parse_instant(at)
            .and_then(|at| ledger.check_image(&["p1", "p2", "p3"], "school_website", at, false));
        match decision {
            Ok(d) => {
                let verdict = if d.allowed { "allowed" } else { "NOT allowed" };
                writeln!(out, "class photo on school_website at {at}: {verdict}")?;
                if !d.blocked_by.is_empty() {
                    writeln!(out, "  blocked by: {}", d.blocked_by.join(", "))?;
                }
            }
            Err(e) => writeln!(out, "  !! {e}")?,
        }
    }
    Ok(())
}
