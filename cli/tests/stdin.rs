//! `-` reads standard input wherever a file or a URL list is read.

mod common;
use common::{SQUID_LOG, esafety, ledger, temp_file};

#[test]
fn url_and_url_parse_read_one_address_per_line() {
    let r = esafety(
        &["url", "--json", "--audience", "staff", "-"],
        "instagram.com\n\n  example.com  \n",
    );
    assert_eq!(r.code, 0, "{}", r.err);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "{v}");
    assert_eq!(v[1]["input"], "example.com");
    assert!(!r.out.contains("http://-/"), "{}", r.out);
    let r = esafety(&["url-parse", "a.test", "-"], "HTTP://B.TEST./x\n");
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.contains("http://b.test/x"), "{}", r.out);
}

#[test]
fn log_scan_incident_consent_and_aup_diff_read_stdin() {
    let r = esafety(&["log", "--json", "-"], SQUID_LOG);
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(v["requests"], 2, "{v}");
    assert_eq!(r.code, 1, "a blocked line: {}", r.err);
    let r = esafety(&["scan", "--file", "-"], "buy a gun");
    assert_eq!(r.code, 1);
    assert!(r.out.contains("weapons"), "{}", r.out);
    // A lone `-` as the text reads standard input too (it is never scanned as "-").
    let r = esafety(&["scan", "--audience", "ks3", "-"], "go kys");
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(r.out.contains("bullying"), "{}", r.out);
    let r = esafety(&["scan", "--list", "-", "-"], "a\tbullying\t3\n");
    assert_eq!(r.code, 2, "{}", r.err);
    let r = esafety(&["incident", "--json", "-"], r#"{"tags": ["nudes_u18"]}"#);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(serde_json::from_str::<serde_json::Value>(&r.out).is_ok());
    let r = esafety(&["consent", "verify", "--ledger", "-"], ledger());
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.contains("1 entries"), "{}", r.out);
    let old = temp_file("old-aup.txt", b"1. Be kind.\n");
    let r = esafety(&["aup-diff", &old, "-"], "1. Be kind.\n2. Log off.\n");
    assert_eq!(r.code, 1, "{}", r.err);
    assert!(r.out.contains("+ Log off."), "{}", r.out);
}

#[test]
fn standard_input_is_read_once() {
    let r = esafety(&["aup-diff", "-", "-"], "a\n");
    assert_eq!(r.code, 2);
    assert!(r.err.contains("only once"), "{}", r.err);
}

#[test]
fn text_that_is_not_utf8_is_refused_with_its_offset() {
    // A Latin-1 term list: read with replacement it would silently monitor `caf\u{FFFD}`.
    let list = temp_file("latin1-terms.tsv", b"caf\xe9\tdrugs\t3\n");
    let r = esafety(&["scan", "--json", "--list", &list, "hello"], "");
    assert_eq!(r.code, 2, "{}", r.err);
    let v: serde_json::Value = serde_json::from_str(&r.err).unwrap();
    assert_eq!(v["error"]["code"], "file_not_utf8", "{v}");
    assert!(r.err.contains("at byte 3"), "{}", r.err);
    let r = esafety(
        &["incident", "-"],
        b"{\"tags\": [\"nudes_u18\xff\"]}".as_slice(),
    );
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.contains("file_not_utf8"), "{}", r.err);
}
