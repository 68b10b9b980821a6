//! One exit scheme with and without `--json` (0 ok, 1 found/denied/blocked, 2 usage or
//! input error); errors on standard error; a closed pipe ends quietly.

#![allow(clippy::unwrap_used, reason = "a failure is a failed test")]

mod common;
use common::{esafety, ledger, temp_file};

/// Runs with and without `--json`: the same exit code, and under `--json` standard output
/// is empty or valid JSON and errors are JSON on standard error.
fn both(args: &[&str], stdin: &str) -> i32 {
    let text = esafety(args, stdin);
    let mut with_json = args.to_vec();
    with_json.insert(1, "--json");
    let json = esafety(&with_json, stdin);
    assert_eq!(
        text.code, json.code,
        "{args:?}: {} / {}",
        text.err, json.err
    );
    if !json.out.is_empty() {
        let parsed = serde_json::from_str::<serde_json::Value>(&json.out);
        assert!(parsed.is_ok(), "{args:?}: {}", json.out);
    }
    if json.code == 2 {
        assert!(json.out.is_empty() && text.out.is_empty(), "{args:?}");
        assert!(text.err.contains("esafety"), "{args:?}: {}", text.err);
        let v: serde_json::Value = serde_json::from_str(json.err.trim()).unwrap();
        assert!(v["error"]["code"].is_string(), "{args:?}: {v}");
    }
    text.code
}

#[test]
fn the_scheme_is_the_same_with_and_without_json() {
    assert_eq!(both(&["url", "example.com"], ""), 0);
    assert_eq!(both(&["url", "https://www.bet365.com/"], ""), 1);
    assert_eq!(both(&["url", "http://x:99999/"], ""), 1);
    assert_eq!(both(&["url-parse", "http://x:99999/"], ""), 1);
    assert_eq!(both(&["url", "--ut1", "/nonexistent/ut1", "a.test"], ""), 2);
    assert_eq!(both(&["url", "--at", "1 June", "a.test"], ""), 2);
    assert_eq!(both(&["scan", "hello there"], ""), 0);
    assert_eq!(both(&["scan", "buy a gun"], ""), 1);
    assert_eq!(both(&["scan", "--file", "/nonexistent/m.txt"], ""), 2);
    assert_eq!(both(&["log", "/nonexistent/access.log"], ""), 2);
    assert_eq!(
        both(&["incident", "-"], "{\"facts\": {\"adult\": true}}"),
        2
    );
    assert_eq!(both(&["incident", "--profile", "whitwel", "-"], "{}"), 2);
    assert_eq!(both(&["list", "roles"], ""), 0);
    let file = temp_file("ledger.json", ledger().as_bytes());
    let check = |channel: &'static str, at: &'static str| {
        let args = [
            "consent",
            "check",
            "--ledger",
            &file,
            "--pupils",
            "A,B",
            "--channel",
            channel,
            "--at",
            at,
        ];
        both(&args, "")
    };
    assert_eq!(
        check("school_website", "2026-01-15"),
        1,
        "B never consented"
    );
    assert_eq!(check("snapchat", "now"), 2);
}

#[test]
fn unknown_values_name_the_nearest_and_the_valid_ones() {
    let r = esafety(&["url", "--audience", "KS2", "a.test"], "");
    assert_eq!(r.code, 2);
    assert!(
        r.err.contains("ks2") && r.err.contains("sixth_form"),
        "{}",
        r.err
    );
    let r = esafety(&["incident", "--profile", "whitwel", "-"], "{}");
    assert!(r.err.contains("did you mean `whitwell`"), "{}", r.err);
    let file = temp_file("ledger-2.json", ledger().as_bytes());
    let r = consent_state(&file, "school_websit", &[]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("did you mean `school_website`"), "{}", r.err);
}

/// `esafety consent state` for pupil A on `channel`, with `extra` options.
fn consent_state(file: &str, channel: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["consent", "state", "--ledger", file, "--pupil", "A"];
    args.extend(["--channel", channel]);
    args.extend(extra);
    esafety(&args, "")
}

#[test]
fn a_repeated_option_is_a_usage_error() {
    let r = esafety(
        &["url", "--audience", "ks2", "--audience", "staff", "a.test"],
        "",
    );
    assert_eq!(r.code, 2);
    assert!(r.err.contains("cannot be used multiple times"), "{}", r.err);
    assert!(r.out.is_empty());
}

#[test]
fn at_takes_rfc3339_local_times_dates_and_now() {
    let file = temp_file("ledger-3.json", ledger().as_bytes());
    for at in [
        "2026-03-01T10:00:00Z",
        "2026-03-01T10:00",
        "2026-03-01 10:00",
        "2026-03-01",
        "now",
    ] {
        let r = consent_state(&file, "school_website", &["--at", at]);
        assert_eq!(r.code, 0, "{at}: {}", r.err);
        // Consent lapses each school year: `now` may be past it.
        let expected = if at == "now" { r.out.as_str() } else { "given" };
        assert!(r.out.starts_with(expected), "{at}: {}", r.out);
        let r = esafety(&["url", "--at", at, "example.com"], "");
        assert_eq!(r.code, 0, "{at}: {}", r.err);
    }
    let r = esafety(&["consent", "takedown", "--ledger", &file], "");
    assert_eq!(r.code, 0, "--at defaults to now: {}", r.err);
    let r = esafety(
        &["consent", "takedown", "--ledger", &file, "--at", "1 March"],
        "",
    );
    assert_eq!(r.code, 2);
    assert!(r.err.contains("invalid_instant"), "{}", r.err);
}

#[test]
fn a_log_with_no_readable_line_is_an_input_error_with_reasons() {
    let apache = "127.0.0.1 - - [10/Oct/2025:13:55:36 +0000] \"GET / HTTP/1.1\" 200 2326\n";
    let r = esafety(&["log", "-"], apache);
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(r.out.is_empty());
    assert!(
        r.err.contains(
            "no line of the first 1 is a squid, combined, common, e2guardian, jsonl log line"
        ),
        "{}",
        r.err
    );
    assert!(r.err.contains("line 1: squid: "), "{}", r.err);
    assert!(
        r.err.contains("common: the request target `/` has no host"),
        "{}",
        r.err
    );
    let r = esafety(
        &["log", "--log-format", "jsonl", "-"],
        format!("\n{apache}"),
    );
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(
        r.err.contains("a jsonl log line") && r.err.contains("line 2: jsonl: not JSON"),
        "{}",
        r.err
    );
    let damaged = temp_file(
        "access.log.gz",
        &[0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00, b'\n', 0x03],
    );
    let r = esafety(&["log", "--json", &damaged], "");
    assert_eq!(r.code, 2, "{}", r.out);
    let v: serde_json::Value = serde_json::from_str(r.err.trim()).unwrap();
    assert_eq!(v["error"]["code"], "file_unreadable");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, b"not a log\nnor this\n").unwrap();
    let garbage = temp_file("garbage.log.gz", &gz.finish().unwrap());
    let r = esafety(&["log", "--json", &garbage], "");
    assert_eq!(r.code, 2, "{}", r.out);
    let v: serde_json::Value = serde_json::from_str(r.err.trim()).unwrap();
    assert_eq!(v["error"]["code"], "filter_invalid_log_line");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 1: squid: fewer than 7 fields"),
        "{v}"
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_esafety"))
        .args(["url-parse", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all("example.com\n".repeat(20_000).as_bytes());
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert_eq!(output.status.code(), Some(0));
}
