//! `esafety whatif`: policies from presets, documents and filter specs; text and JSON.

use super::tests::{run, temp_file};
use std::process::ExitCode;

const LOG: &str = "\
1764064800.000 1 10.0.1.5 TCP_MISS/200 1 GET http://www.bet365.com/ - - -
1764064801.000 1 10.0.1.5 TCP_MISS/200 1 GET https://www.bbc.co.uk/news - - -
1764064802.000 1 10.0.2.9 TCP_TUNNEL/200 1 CONNECT www.bbc.co.uk:443 mr.t - -
garbage
";

const BLOCK_BBC: &str = "schema_version = 1\nid = \"my-school\"\n[filter.audiences.ks2]\nblock_list = [\"bbc.co.uk\"]\n";

#[test]
fn lists_every_change_with_both_rules_and_counts() {
    let log = temp_file("whatif.log", LOG);
    let new = temp_file("block-bbc.toml", BLOCK_BBC);
    let map = temp_file("whatif-map.json", r#"{"users": {"mr.t": "staff"}}"#);
    let (code, out, _) = run(&[
        "whatif",
        "--old",
        "national",
        "--new",
        &new,
        "--audiences",
        &map,
        &log,
    ]);
    assert_eq!(code, ExitCode::from(1), "{out}");
    assert!(
        out.contains("line 2      ks2              allow -> block       https://www.bbc.co.uk/news  [none]  policy:ks2.default_allow -> policy:ks2.block_list"),
        "{out}"
    );
    assert!(!out.contains("line 3 "), "staff keeps bbc.co.uk: {out}");
    assert!(
        out.contains("4 lines, 3 requests checked, 1 changed, 1 invalid"),
        "{out}"
    );
    assert!(
        out.contains("ks2         none                     1"),
        "{out}"
    );
    assert!(
        out.contains("line 4      filter_invalid_log_line: "),
        "{out}"
    );
    let (code, out, _) = run(&[
        "whatif",
        "--json",
        "--old",
        &new,
        "--new",
        "national",
        "--audience",
        "ks2",
        &log,
    ]);
    assert_eq!(code, ExitCode::from(1));
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["changed"], 2, "{v}");
    assert_eq!(v["changes"][1]["line"], 3);
    assert_eq!(v["changes"][1]["old_verdict"], "block");
    assert_eq!(v["changes"][1]["new_rule"], "policy:ks2.default_allow");
    assert_eq!(v["by_audience"]["ks2"], 2);
    assert_eq!(v["invalid"][0]["line"], 4);
}

#[test]
fn filter_specs_and_exit_codes() {
    let log = temp_file("whatif-ok.log", &LOG[..LOG.find("garbage").unwrap()]);
    let (code, out, _) = run(&["whatif", "--old", "national", "--new", "kilby", &log]);
    assert_eq!(code, ExitCode::SUCCESS, "no change, every line read: {out}");
    assert!(out.contains("  (none)"), "{out}");
    let spec = temp_file(
        "spec.json",
        r#"{"include_defaults": false, "lists": [], "policy": {}}"#,
    );
    let (code, out, _) = run(&[
        "whatif", "--json", "--old", "national", "--new", &spec, &log,
    ]);
    assert_eq!(code, ExitCode::from(1), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["changes"][0]["url"], "http://www.bet365.com/");
    assert_eq!(v["changes"][0]["new_verdict"], "allow");
    assert_eq!(v["by_category"]["gambling"], 1);
    let (code, _, err) = run(&["whatif", "--old", "nope", "--new", "national", &log]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("policy_unknown_preset"), "{err}");
    let bad = temp_file(
        "bad.toml",
        "schema_version = 1\nid = \"x\"\ncolour = \"red\"\n",
    );
    let (code, _, err) = run(&["whatif", "--json", "--old", &bad, "--new", "national", &log]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("is not a valid policy document"), "{err}");
    assert!(err.contains("colour"), "the misspelt key is named: {err}");
    // JSON is a filter spec: its own misspelt key is named, and an array is no spec.
    let typo = temp_file(
        "typo-spec.json",
        r#"{"policy": {"audiences": {"ks2": {"blok": ["games"]}}}}"#,
    );
    let array = temp_file("array-spec.json", "[true]");
    for (spec, says) in [
        (&typo, "unknown field `blok`"),
        (&array, "expected a JSON object"),
    ] {
        let (code, _, err) = run(&["whatif", "--old", spec, "--new", "national", &log]);
        assert_eq!(code, ExitCode::from(2));
        assert!(
            err.contains("is not a valid filter spec") && err.contains(says),
            "{err}"
        );
    }
    let (code, _, err) = run(&[
        "whatif", "--old", &spec, "--new", "national", "--ut1", "/x", &log,
    ]);
    assert_eq!(code, ExitCode::from(2));
    assert!(err.contains("names its own lists"), "{err}");
}

#[test]
fn a_log_that_cannot_be_read_leaves_no_partial_json() {
    let garbage = temp_file("whatif-garbage.log", "garbage\n");
    for log in [garbage.as_str(), "no-such-whatif.log"] {
        let (code, out, err) = run(&[
            "whatif", "--json", "--old", "national", "--new", "national", log,
        ]);
        assert_eq!(code, ExitCode::from(2), "{err}");
        assert_eq!(out, "", "standard output stays empty: {out}");
    }
}

#[test]
fn a_byte_order_mark_is_no_part_of_the_first_line() {
    let log = temp_file(
        "whatif-bom.log",
        &format!("\u{FEFF}{}", LOG.lines().next().unwrap_or_default()),
    );
    let (code, out, err) = run(&[
        "whatif", "--json", "--old", "national", "--new", "national", &log,
    ]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (v["log_format"].as_str(), v["invalid_lines"].as_u64()),
        (Some("squid"), Some(0))
    );
}
