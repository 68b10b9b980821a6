//! In-process tests of the commands (the binary's own conventions are tested in
//! `cli/tests/`).

use std::process::ExitCode;

/// Runs the CLI with `argv` (without the program name): exit code, stdout, stderr.
pub fn run(argv: &[&str]) -> (ExitCode, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let argv = std::iter::once("esafety").chain(argv.iter().copied());
    let code = super::main(argv, &mut out, &mut err);
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// Writes `text` to a file in a per-process temporary directory and returns its path.
pub fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("esafety-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn help_lists_every_command() {
    let (code, out, _) = run(&["help"]);
    assert_eq!(code, ExitCode::SUCCESS);
    let cli = <crate::cli::Cli as clap::CommandFactory>::command();
    for c in cli.get_subcommands().filter(|c| !c.is_hide_set()) {
        assert!(out.contains(c.get_name()), "{}", c.get_name());
    }
}

#[test]
fn unknown_command_is_a_usage_error() {
    let (code, _, err) = run(&["frobnicate"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("frobnicate"), "{err}");
}

#[test]
fn an_unknown_audience_names_the_nearest_valid_one() {
    let (code, out, err) = run(&["url", "--audience", "KS2", "http://example.com/"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("did you mean `ks2`"), "{err}");
    assert!(err.contains("sixth_form"), "{err}");
}

#[test]
fn a_usage_error_under_json_is_json_on_stderr() {
    let (code, out, err) = run(&["scan", "--json", "--audience", "year7", "hello"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(out.is_empty(), "{out}");
    let error: serde_json::Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(error["error"]["code"], "usage");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("year7"),
        "{err}"
    );
}

#[test]
fn url_parse_prints_canonical_form_and_rejects_bad_input() {
    let (code, out, _) = run(&["url-parse", "HTTP://Example.COM./a/../b", "http://x:99999/"]);
    assert_eq!(code, ExitCode::from(1));
    assert!(out.contains("http://example.com/b"), "{out}");
    assert!(out.contains("url_invalid_port"), "{out}");
}

#[test]
fn url_parse_json_is_machine_readable() {
    let (code, out, _) = run(&["url-parse", "--json", "example.com"]);
    assert_eq!(code, ExitCode::SUCCESS);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["ok"]["host"], "example.com");
}

/// Writes a small exported ledger to a temporary file and returns its path.
fn ledger_file(name: &str) -> std::path::PathBuf {
    use esafety_core::consent::{ConsentLedger, RecordOptions, parse_instant};
    let mut ledger = ConsentLedger::new();
    let at = |s| parse_instant(s).unwrap();
    let script = [
        ("A", "mum", "given", "2025-09-05T09:00:00Z"),
        ("B", "dad", "given", "2025-09-05T09:00:00Z"),
        ("B", "dad", "withdrawn", "2026-02-01T09:00:00Z"),
    ];
    for (pupil, carer, state, when) in script {
        let options = RecordOptions::default();
        ledger
            .record(pupil, carer, "school_website", state, at(when), options)
            .unwrap();
    }
    ledger
        .record_publication(
            "img-1",
            &["A", "B"],
            "school_website",
            at("2025-10-01T09:00:00Z"),
        )
        .unwrap();
    let path = std::env::temp_dir().join(format!("esafety-cli-{}-{name}.json", std::process::id()));
    std::fs::write(&path, ledger.to_json()).unwrap();
    path
}

#[test]
fn consent_check_answers_as_of_an_instant() {
    let path = ledger_file("check");
    let file = path.to_str().unwrap();
    let check = |at: &str, json: &[&str]| {
        let mut args = vec!["consent", "check", "--ledger", file, "--pupils", "A,B"];
        args.extend(["--channel", "school_website", "--at", at]);
        args.extend(json);
        run(&args)
    };
    let (code, out, _) = check("2026-01-15T10:00:00Z", &[]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    assert!(out.starts_with("ALLOWED"), "{out}");
    assert!(out.contains("obligation: no_full_names"), "{out}");
    let (code, out, _) = check("2026-03-01T10:00:00Z", &["--json"]);
    assert_eq!(code, ExitCode::from(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["allowed"], false);
    assert_eq!(v["blocked_by"], serde_json::json!(["B"]));
    let (code, out, _) = run(&[
        "consent",
        "state",
        "--ledger",
        file,
        "--pupil",
        "B",
        "--channel",
        "school_website",
        "--at",
        "2026-03-01T10:00:00Z",
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.starts_with("withdrawn"), "{out}");
    let (code, out, _) = run(&[
        "consent",
        "takedown",
        "--ledger",
        file,
        "--at",
        "2026-03-01T10:00:00Z",
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(
        out.contains("img-1 (school_website): remove; blocked by B"),
        "{out}"
    );
    let (code, out, _) = run(&["consent", "verify", "--ledger", file]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.contains("4 entries"), "{out}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn consent_reports_unknown_channels_tampering_and_usage_errors() {
    let path = ledger_file("errors");
    let file = path.to_str().unwrap();
    let (code, out, err) = run(&[
        "consent",
        "check",
        "--ledger",
        file,
        "--pupils",
        "A",
        "--channel",
        "snapchat",
        "--at",
        "2026-03-01T10:00:00Z",
    ]);
    assert_eq!(code, ExitCode::from(2));
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("error[consent_unknown_channel]"), "{err}");
    assert!(err.contains("school_website"), "{err}");
    let forged = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"withdrawn\"", "\"given\"");
    std::fs::write(&path, forged).unwrap();
    let (code, out, _) = run(&["consent", "verify", "--ledger", file, "--json"]);
    assert_eq!(code, ExitCode::from(1));
    assert!(out.contains("ledger_tampered"), "{out}");
    let (code, _, err) = run(&["consent", "check", "--ledger", file]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("--pupils"), "{err}");
    let (code, _, _) = run(&["consent", "frobnicate", "--ledger", file]);
    assert_eq!(code, ExitCode::from(2));
    let (code, _, err) = run(&["consent", "verify", "--ledger", "/nonexistent/ledger.json"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("error[file_unreadable]"), "{err}");
    let _ = std::fs::remove_file(path);
}

#[test]
fn scan_finds_disguised_terms_with_char_offsets() {
    let (code, out, _) = run(&[
        "scan",
        "--audience",
        "ks3",
        "😀",
        "I",
        "want",
        "to",
        "k1lllll",
        "mys3lf",
    ]);
    assert_eq!(code, ExitCode::from(1));
    assert!(out.contains("suicide"), "{out}");
    assert!(out.contains("\"k1lllll mys3lf\" at 12..26"), "{out}");
    let (code, out, _) = run(&["scan", "Scunthorpe", "and", "Essex"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.contains("no matches"), "{out}");
}

#[test]
fn scan_json_and_errors() {
    let (code, out, _) = run(&["scan", "--json", "buy a gun"]);
    assert_eq!(code, ExitCode::from(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["report"]["matches"][0]["category"], "weapons");
    assert_eq!(v["report"]["matches"][0]["start"], 0);
    let (code, _, err) = run(&["scan", "--audience", "year7", "hello"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("year7") && err.contains("sixth_form"), "{err}");
    let (code, _, _) = run(&["scan"]);
    assert_eq!(code, ExitCode::from(2));
    let (code, out, err) = run(&["scan", "--json", "--file", "/nonexistent/message.txt"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(out.is_empty(), "{out}");
    assert!(err.contains("file_unreadable"), "{err}");
}

#[test]
fn scan_reads_a_file_and_a_list() {
    let dir = std::env::temp_dir().join(format!("esafety-scan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("school.tsv");
    let message = dir.join("message.txt");
    std::fs::write(&list, "vape\tdrugs\t2\n").unwrap();
    std::fs::write(&message, "anyone got a v@pe?").unwrap();
    let (code, out, _) = run(&[
        "scan",
        "--list",
        list.to_str().unwrap(),
        "--file",
        message.to_str().unwrap(),
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, ExitCode::from(1));
    assert!(
        out.contains("\"v@pe\" at 13..17 (term `vape`, school.tsv:1)"),
        "{out}"
    );
}

#[test]
fn url_decides_and_explains() {
    let (code, out, _) = run(&[
        "url",
        "--audience",
        "ks2",
        "HTTPS://WWW.BET365.COM./",
        "https://www.google.com/search?q=owls",
    ]);
    assert_eq!(code, ExitCode::from(1), "{out}");
    assert!(
        out.contains("block       https://www.bet365.com/  [gambling]  esafety/gambling.domains:2"),
        "{out}"
    );
    assert!(out.contains("search terms: owls"), "{out}");
    assert!(
        out.contains("rewrite: https://www.google.com/search?q=owls&safe=active"),
        "{out}"
    );
    let (code, out, _) = run(&[
        "url",
        "--json",
        "--audience",
        "staff",
        "instagram.com",
        "http://x:99999/",
    ]);
    assert_eq!(code, ExitCode::from(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["ok"]["verdict"], "allow");
    assert_eq!(v[1]["error"]["code"], "url_invalid_port");
    let (code, _, err) = run(&["url", "--audience", "year9", "a.test"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("year9") && err.contains("ks2"), "{err}");
}

#[test]
fn url_scans_search_terms_and_alerts() {
    let (code, out, _) = run(&["url", "https://www.google.com/search?q=owls"]);
    assert_eq!(code, ExitCode::from(0), "a harmless search: {out}");
    assert!(!out.contains("search alert"), "{out}");
    let url = "https://www.bing.com/search?q=how+to+kill+myself";
    let (code, out, _) = run(&["url", "--audience", "ks3", url]);
    assert_eq!(code, ExitCode::from(1), "an alert counts as found: {out}");
    assert!(
        out.contains("search alert: [5] suicide \"kill myself\""),
        "{out}"
    );
    let (code, out, _) = run(&["url", "--json", url]);
    assert_eq!(code, ExitCode::from(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v[0]["ok"]["search_matches"][0]["category"], "suicide",
        "{v}"
    );
}

#[test]
fn log_summarises_a_squid_log() {
    let dir = std::env::temp_dir().join(format!("esafety-cli-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("access.log");
    std::fs::write(
        &log,
        "1764064800.000 1 10.0.1.5 TCP_MISS/200 1 GET http://www.bet365.com/ - - -\n\
         1764064801.000 1 10.0.1.5 TCP_MISS/200 1 GET https://www.bing.com/search?q=vapes - - -\n\
         1764064802.000 1 10.0.2.9 TCP_TUNNEL/200 1 CONNECT instagram.com:443 mr.t - -\n\
         garbage\n",
    )
    .unwrap();
    let map = dir.join("audiences.json");
    std::fs::write(&map, r#"{"default": "ks2", "users": {"mr.t": "staff"}}"#).unwrap();
    let path = log.to_string_lossy().into_owned();
    let (code, out, _) = run(&["log", "--audiences", &map.to_string_lossy(), &path]);
    assert_eq!(code, ExitCode::from(1), "{out}");
    assert!(
        out.contains("line 4      filter_invalid_log_line: "),
        "{out}"
    );
    assert!(
        out.contains("4 lines, 3 requests checked, 1 invalid"),
        "{out}"
    );
    assert!(
        out.contains("ks2         requests=2 allowed=0 blocked=1 safe_search=1"),
        "{out}"
    );
    assert!(out.contains("staff       requests=1 allowed=1"), "{out}");
    assert!(out.contains("alerting lines (1):"), "{out}");
    assert!(out.contains("(search: vapes)"), "{out}");
    let (_, json, _) = run(&["log", "--json", "--audience", "ks4", &path]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["by_audience"]["ks4"]["requests"], 3);
    assert!(
        v["invalid"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("fields"),
        "{json}"
    );
    let (code, _, err) = run(&["log", "/nonexistent/esafety.log"]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("file_unreadable"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn demo_runs_on_embedded_defaults() {
    let (code, out, _) = run(&["demo"]);
    assert_eq!(code, ExitCode::SUCCESS);
    assert!(out.contains("xn--bcher-kva.example"), "{out}");
    assert!(out.contains("url_invalid_port"), "{out}");
    assert!(out.contains("== Image consent"), "{out}");
    assert!(out.contains("blocked by: p3"), "{out}");
    assert!(out.contains("Term scanner"), "{out}");
    assert!(out.contains("kill myself"), "{out}");
    assert!(out.contains("== Web filter"), "{out}");
    assert!(out.contains("esafety/illegal_csam_test.domains:3"), "{out}");
}
