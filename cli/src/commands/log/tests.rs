//! `esafety log` on every format, gzip, the row outputs and the capped summary.

use crate::commands::tests::{run, temp_file};
use std::process::ExitCode;

const COMBINED: &str = "\
10.0.1.5 - - [25/Nov/2025:10:00:00 +0000] \"GET http://www.bet365.com/ HTTP/1.1\" 403 0 \"-\" \"Mozilla/5.0\"
10.0.1.5 - - [25/Nov/2025:10:00:01 +0000] \"GET https://www.bing.com/search?q=vapes HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0\"
10.0.2.9 - mr.t [25/Nov/2025:10:00:02 +0000] \"CONNECT instagram.com:443 HTTP/1.1\" 200 0 \"-\" \"x, \\\"y\\\"\"
10.0.2.9 - - [25/Nov/2025:10:00:03 +0000] \"GET /index.html HTTP/1.1\" 200 0 \"-\" \"-\"

10.0.2.9 - - [25/Nov/2025:10:00:04 +0000] \"GET https://www.bbc.co.uk/news HTTP/1.1\" 200 0 \"-\" \"-\"
";

#[test]
fn reads_a_combined_log_and_writes_every_decision_as_csv() {
    let path = temp_file("combined.log", COMBINED);
    let (code, out, _) = run(&["log", "--format", "csv", &path]);
    assert_eq!(code, ExitCode::from(1), "{out}");
    let rows: Vec<&str> = out.lines().collect();
    assert_eq!(rows[0], super::output::CSV_HEADER);
    assert_eq!(rows.len(), 6, "a row per non-blank line: {out}");
    assert!(
        rows[1].starts_with("1,2025-11-25T10:00:00.000Z,10.0.1.5,,ks2,http://www.bet365.com/,block,gambling,esafety/gambling.domains:2,true,,"),
        "{}",
        rows[1]
    );
    assert!(
        rows[2].ends_with(",safe_search,,policy:ks2.safe_search,true,vapes,")
            || rows[2].contains(",vapes,"),
        "{}",
        rows[2]
    );
    assert!(rows[3].contains(",mr.t,ks2,"), "{}", rows[3]);
    assert!(
        rows[4].starts_with("4,,,,,,,,,,,\"filter_invalid_log_line: invalid access-log line: the request target `/index.html` has no host"),
        "{}",
        rows[4]
    );
    assert!(
        rows[5].starts_with("6,"),
        "line numbers count the blank line: {}",
        rows[5]
    );
}

#[test]
fn jsonl_and_alerts_rows() {
    let path = temp_file("combined-rows.log", COMBINED);
    let (code, out, _) = run(&["log", "--format", "jsonl", "--audience", "ks4", &path]);
    assert_eq!(code, ExitCode::from(1));
    let rows: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 5);
    assert_eq!(rows[0]["verdict"], "block");
    assert_eq!(rows[0]["audience"], "ks4");
    assert_eq!(rows[0]["alert"], true);
    assert_eq!(rows[3]["line"], 4);
    assert_eq!(rows[3]["error"]["code"], "filter_invalid_log_line");
    assert_eq!(rows[4]["verdict"], "allow");
    let (_, alerts, _) = run(&["log", "--format", "alerts", &path]);
    let lines: Vec<u64> = alerts
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["line"]
                .as_u64()
                .unwrap()
        })
        .collect();
    assert_eq!(
        lines,
        [1, 4],
        "the alerting line and the invalid line (a search alerts only when its terms match): {alerts}"
    );
}

#[test]
fn reads_gzip_e2guardian_and_json_lines_and_caps_the_summary() {
    use std::io::Write;
    let e2g = "2025.11.25 10:00:00 - 10.0.0.1 http://www.bet365.com/ *DENIED* Banned site GET 0 0\n\
               2025.11.25 10:00:01 - 10.0.0.1 http://pornhub.com/ *DENIED* Banned site GET 0 0\n\
               2025.11.25 10:00:02 - 10.0.0.1 http://exa%20mple.com/ GET 0 0\n";
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(e2g.as_bytes()).unwrap();
    let dir = std::env::temp_dir().join(format!("esafety-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("e2g.log.gz");
    std::fs::write(&path, gz.finish().unwrap()).unwrap();
    let path = path.to_string_lossy().into_owned();
    let (code, out, _) = run(&["log", "--limit", "1", &path]);
    assert_eq!(code, ExitCode::from(1), "{out}");
    assert!(
        out.contains("(e2guardian): 3 lines, 2 requests checked, 1 invalid"),
        "{out}"
    );
    assert!(
        out.contains("blocked lines (2, the first 1 shown):"),
        "{out}"
    );
    assert!(out.contains("line 3      url_invalid_host: "), "{out}");
    assert!(out.contains("--limit 0 shows all"), "{out}");
    let (_, json, _) = run(&["log", "--json", "--limit", "1", &path]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["log_format"], "e2guardian");
    assert_eq!(v["totals"]["blocked"], 2);
    assert_eq!(v["blocked"].as_array().unwrap().len(), 1);
    let jsonl = "{\"time\": \"2025-11-25T10:00:00Z\", \"url\": \"https://www.bbc.co.uk/\"}\n\
                 {\"time\": \"2025-11-25T10:00:00Z\"}\n";
    let (code, out, _) = run(&["log", "--json", &temp_file("log.jsonl", jsonl)]);
    assert_eq!(code, ExitCode::from(1), "the invalid line: {out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["log_format"].as_str(), v["requests"].as_u64()),
        (Some("jsonl"), Some(1))
    );
    assert!(
        v["invalid"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("no `url`"),
        "{v}"
    );
    let (code, out, _) = run(&[
        "log",
        &temp_file("ok.jsonl", &jsonl[..jsonl.find('\n').unwrap()]),
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
}

#[test]
fn a_line_too_long_is_invalid_and_the_rest_is_read() {
    let long = format!("{}\n", "x".repeat(super::reader::MAX_LINE_BYTES + 10));
    let ok = "1764064800.000 1 10.0.0.1 TCP_MISS/200 1 GET http://www.bbc.co.uk/ - - -\n";
    let path = temp_file("long.log", &format!("{ok}{long}{ok}"));
    let (code, out, _) = run(&["log", "--json", &path]);
    assert_eq!(code, ExitCode::from(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["requests"], 2);
    assert_eq!(v["invalid"][0]["line"], 2);
    assert!(
        v["invalid"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("longer than"),
        "{v}"
    );
}

#[test]
fn many_chunks_keep_line_order() {
    let line = |i: usize| {
        format!(
            "1764064800.000 1 10.0.0.{} TCP_MISS/200 1 GET http://site{i}.test/ - - -\n",
            i % 250
        )
    };
    let text: String = (0..20_000).map(line).collect();
    let path = temp_file("many.log", &text);
    let (code, out, _) = run(&["log", "--format", "csv", "--no-progress", &path]);
    assert_eq!(code, ExitCode::SUCCESS);
    for (i, row) in out.lines().skip(1).enumerate() {
        assert!(row.starts_with(&format!("{},", i + 1)), "{row}");
        assert!(row.contains(&format!("http://site{i}.test/")), "{row}");
    }
    assert_eq!(out.lines().count(), 20_001);
}

#[test]
fn a_byte_order_mark_neither_spoils_line_one_nor_its_client() {
    let log = temp_file("bom-combined.log", &format!("\u{FEFF}{COMBINED}"));
    let map = temp_file("bom-map.json", r#"{"clients": {"10.0.1.": "staff"}}"#);
    let (_, out, err) = run(&["log", "--format", "csv", "--audiences", &map, &log]);
    let first = out.lines().nth(1).unwrap_or_default();
    assert!(
        first.starts_with("1,2025-11-25T10:00:00.000Z,10.0.1.5,,staff,"),
        "{first}{err}"
    );
}

#[test]
fn no_csv_header_for_a_log_that_cannot_be_read() {
    let log = temp_file("no-format.log", "garbage\n");
    let (code, out, _) = run(&["log", "--format", "csv", &log]);
    assert_eq!((code, out.as_str()), (ExitCode::from(2), ""));
}

#[test]
fn a_pupils_search_runs_no_formula_and_forges_no_summary_line() {
    let log = temp_file(
        "injection.log",
        "1764064800.123 1 10.0.2.15 TCP_MISS/200 1 GET https://www.google.com/search?q=%3DHYPERLINK(%22http://evil.test/%22,%22click%22) =bob - -\n\
         1764064801.123 1 10.0.2.15 TCP_MISS/200 1 GET https://www.google.com/search?q=owls%0A%20%20line%201%2010.0.2.99%20ks2%20block%20http://fake.test/%1B[2J - - -\n",
    );
    let (_, out, _) = run(&["log", "--format", "csv", &log]);
    let rows: Vec<&str> = out.lines().collect();
    assert!(
        rows[1].contains(",'=bob,")
            && rows[1].contains(",\"'=HYPERLINK(\"\"http://evil.test/\"\",\"\"click\"\")\","),
        "{}",
        rows[1]
    );
    let (_, out, _) = run(&["log", &log]);
    assert!(!out.contains('\u{1b}'), "{out:?}");
    assert!(
        out.contains("(search: owls\\n  line 1 10.0.2.99 ks2 block http://fake.test/\\u{1b}[2J)"),
        "{out}"
    );
    assert!(
        !out.lines().any(|l| l.starts_with("  line 1 10.0.2.99")),
        "no forged row: {out}"
    );
    // JSON lines carry the text as it is (JSON escapes it).
    let (_, out, _) = run(&["log", "--format", "jsonl", &log]);
    let row: serde_json::Value = serde_json::from_str(out.lines().nth(1).unwrap()).unwrap();
    assert!(
        row["search_terms"].as_str().unwrap().contains("owls\n"),
        "{row}"
    );
}

#[test]
fn a_json_log_of_paths_alone_is_invalid_lines_not_made_up_hosts() {
    let log = temp_file(
        "paths.jsonl",
        "{\"time\":\"2025-11-25T10:00:00Z\",\"uri\":\"/index.html\",\"host\":\"www.pornhub.com\",\"client\":\"10.0.2.15\"}\n\
         {\"time\":\"2025-11-25T10:00:01Z\",\"url\":\"https://www.google.com/search?q=owls\",\"client\":\"10.0.2.15\"}\n",
    );
    let (code, out, err) = run(&["log", "--format", "csv", &log]);
    assert_eq!(code, ExitCode::from(1), "{err}");
    let rows: Vec<&str> = out.lines().collect();
    assert!(
        rows[1].starts_with("1,,,,,,,,,,,\"filter_invalid_log_line: invalid access-log line: the request target `/index.html` has no host"),
        "{}",
        rows[1]
    );
    assert!(rows[2].contains("search?q=owls"), "{}", rows[2]);
}

#[test]
fn the_map_and_the_log_cannot_both_be_standard_input() {
    for command in ["log", "whatif"] {
        let mut argv = vec![command, "--audiences", "-"];
        if command == "whatif" {
            argv.extend(["--old", "national", "--new", "national"]);
        }
        argv.push("-");
        let (code, out, err) = run(&argv);
        assert_eq!(code, ExitCode::from(2), "{out}{err}");
        assert!(err.contains("can be read only once"), "{err}");
    }
}

#[test]
fn a_map_key_that_can_never_match_is_an_input_error_naming_it() {
    let log = temp_file(
        "map-key.log",
        "1764064800.000 1 10.0.2.15 TCP_MISS/200 1 GET http://www.tiktok.com/ - - -\n",
    );
    let map = temp_file(
        "cidr-map.json",
        r#"{"default": "staff", "clients": {"10.0.2.0/24": "ks1"}}"#,
    );
    let (code, out, err) = run(&["log", "--audiences", &map, &log]);
    assert_eq!((code, out.as_str()), (ExitCode::from(2), ""), "{err}");
    assert!(
        err.contains("error[filter_invalid_audience_key]: audience map key `10.0.2.0/24`")
            && err.contains("`10.0.2.`"),
        "{err}"
    );
}
