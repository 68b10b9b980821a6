//! `esafety demo`: every capability on its embedded defaults, no files needed.

use super::{Command, CommandError, Status};
use crate::args::Args;
use esafety_core::scanner::{OffsetUnit, TermScanner, convert_match_offsets};
use esafety_core::{CanonicalUrl, ErrorCode};
use std::io::Write;

pub const COMMAND: Command = Command {
    name: "demo",
    usage: "demo",
    summary: "show every capability on the embedded defaults",
    run,
};

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

fn run(argv: &[String], out: &mut dyn Write) -> Result<Status, CommandError> {
    let args = Args::parse(argv, &[]).map_err(CommandError::Usage)?;
    args.only(&[]).map_err(CommandError::Usage)?;
    writeln!(out, "== URL canonicalisation (WHATWG) ==")?;
    let inputs: Vec<String> = SAMPLE_URLS.iter().map(|s| (*s).to_owned()).collect();
    let results: Vec<_> = inputs.iter().map(|u| (u, CanonicalUrl::parse(u))).collect();
    super::url_parse::print_table(&results, out)?;
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
    Ok(Status::Ok)
}
