use super::*;
use crate::ErrorCode;

const SQUID: &str = "1764064800.123 120 10.0.2.15 TCP_MISS/200 4120 GET http://example.com/ - DIRECT/1.2.3.4 text/html";
const COMMON: &str = r#"10.0.2.15 - alice [25/Nov/2025:10:00:00 +0100] "GET http://example.com/a?q=1 HTTP/1.1" 200 4120"#;
const COMBINED: &str = r#"10.0.2.15 - - [25/Nov/2025:10:00:00 +0000] "CONNECT www.bbc.co.uk:443 HTTP/1.1" 200 0 "-" "Mozilla/5.0 (X11; \"quoted\")""#;
const E2G: &str = "2025.6.1 10:00:00 bob 10.0.2.16 http://www.bet365.com/ *DENIED* Banned site: bet365.com GET 0 0 Gambling 1 403 text/html Default -";
const JSONL: &str = r#"{"timestamp": 1764064800.5, "url": "http://example.com/", "client_ip": "10.0.2.15", "user": null, "status": 200}"#;

#[test]
fn every_format_reads_its_own_line() {
    let e = LogFormat::Squid.parse(SQUID).unwrap();
    assert_eq!(e.url, "http://example.com/");
    let e = LogFormat::Common.parse(COMMON).unwrap();
    assert_eq!(e.at.to_rfc3339(), "2025-11-25T09:00:00+00:00");
    assert_eq!(
        (e.client.as_str(), e.user.as_deref(), e.result.as_str()),
        ("10.0.2.15", Some("alice"), "200")
    );
    assert_eq!(e.url, "http://example.com/a?q=1");
    let e = LogFormat::Combined.parse(COMBINED).unwrap();
    assert_eq!(
        (e.method.as_str(), e.url.as_str()),
        ("CONNECT", "www.bbc.co.uk:443")
    );
    assert_eq!(e.user, None);
    let e = LogFormat::E2guardian.parse(E2G).unwrap();
    // 10:00 in June in England is 09:00 UTC (summer time).
    assert_eq!(e.at.to_rfc3339(), "2025-06-01T09:00:00+00:00");
    assert_eq!(
        (
            e.user.as_deref(),
            e.client.as_str(),
            e.result.as_str(),
            e.method.as_str()
        ),
        (Some("bob"), "10.0.2.16", "*DENIED*", "GET")
    );
    let e = LogFormat::Jsonl.parse(JSONL).unwrap();
    assert_eq!(e.at.to_rfc3339(), "2025-11-25T10:00:00.500+00:00");
    assert_eq!(
        (e.client.as_str(), e.user, e.result.as_str()),
        ("10.0.2.15", None, "200")
    );
    let e = LogFormat::Jsonl
        .parse(r#"{"time": "2025-11-25T10:00:00+01:00", "uri": "https://a.test/", "username": "t1", "method": "POST"}"#)
        .unwrap();
    assert_eq!(e.at.to_rfc3339(), "2025-11-25T09:00:00+00:00");
    assert_eq!(
        (e.user.as_deref(), e.method.as_str(), e.client.as_str()),
        (Some("t1"), "POST", "-")
    );
}

#[test]
fn detection_picks_the_format_that_reads_most_lines() {
    for (line, format) in [
        (SQUID, LogFormat::Squid),
        (COMMON, LogFormat::Common),
        (COMBINED, LogFormat::Combined),
        (E2G, LogFormat::E2guardian),
        (JSONL, LogFormat::Jsonl),
    ] {
        assert_eq!(
            detect_log_format(&["", line, "garbage"]),
            Some(format),
            "{line}"
        );
        assert_eq!(line.parse::<LogFormat>().ok(), None);
        assert_eq!(format.as_str().parse::<LogFormat>().unwrap(), format);
    }
    assert_eq!(
        detect_log_format(&[SQUID, COMMON, COMMON]),
        Some(LogFormat::Common)
    );
    assert_eq!(detect_log_format(&["garbage", "\x1f\u{8b}\x08"]), None);
    assert_eq!(detect_log_format::<&str>(&[]), None);
}

#[test]
fn bad_lines_say_why() {
    let reason = |format: LogFormat, line: &str| {
        let e = format.parse(line).unwrap_err();
        assert_eq!(e.code(), "filter_invalid_log_line");
        e.to_string()
    };
    let server = r#"10.0.2.15 - - [25/Nov/2025:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 1"#;
    assert!(reason(LogFormat::Common, server).contains("has no host"));
    let time = r#"10.0.2.15 - - [2025-11-25 10:00] "GET http://a.test/ HTTP/1.1" 200 1"#;
    assert!(reason(LogFormat::Common, time).contains("dd/Mon/yyyy"));
    assert!(reason(LogFormat::Common, COMBINED).contains("combined"));
    assert!(reason(LogFormat::Combined, COMMON).contains("referer"));
    let status = r#"10.0.2.15 - - [25/Nov/2025:10:00:00 +0000] "GET http://a.test/ HTTP/1.1" OK 1"#;
    assert!(reason(LogFormat::Common, status).contains("3-digit"));
    let skipped = "2026.3.29 01:30:00 - 10.0.0.1 http://a.test/ GET";
    assert!(reason(LogFormat::E2guardian, skipped).contains("skip"));
    assert!(reason(LogFormat::E2guardian, "2026.3.29 01:30:00 -").contains("fewer than 5"));
    assert!(reason(LogFormat::Jsonl, "{\"url\": 1").contains("not JSON"));
    assert!(!reason(LogFormat::Jsonl, "{\"url\": 1").contains("line 1"));
    assert!(reason(LogFormat::Jsonl, "[1]").contains("not an object"));
    assert!(reason(LogFormat::Jsonl, r#"{"time": 1}"#).contains("`url`"));
    assert!(reason(LogFormat::Jsonl, r#"{"url": "a.test"}"#).contains("`time`"));
    assert!(reason(LogFormat::Jsonl, r#"{"url": "a.test", "ts": 1e300}"#).contains("range"));
    assert!(
        reason(LogFormat::Jsonl, r#"{"url": "a.test", "ts": "yesterday"}"#).contains("RFC 3339")
    );
    assert!(reason(LogFormat::Jsonl, r#"{"url": "a.test", "ts": true}"#).contains("neither"));
    assert!(reason(LogFormat::Jsonl, r#"{"url": "a.test", "ts": -5}"#).contains("range"));
    let user = r#"{"url": "a.test", "ts": 1, "user": ["alice"]}"#;
    assert!(reason(LogFormat::Jsonl, user).contains("`user` is neither"));
    let client = r#"{"url": "a.test", "ts": 1, "client_ip": true}"#;
    assert!(reason(LogFormat::Jsonl, client).contains("`client_ip` is neither"));
    for time in [
        "1764064800.+12",
        "-1.5",
        "+1764064800",
        "1764064800.",
        ".5",
        "1e9",
    ] {
        let line = format!("{time} 1 10.0.0.1 TCP_MISS/200 1 GET http://a.test/ - - -");
        assert!(
            reason(LogFormat::Squid, &line).contains("timestamp"),
            "{time}"
        );
    }
    assert!("apache".parse::<LogFormat>().is_err());
}

#[test]
fn json_times_in_seconds_milliseconds_or_microseconds_are_one_instant() {
    let at = |ts: &str| {
        let line = format!(r#"{{"url": "a.test", "ts": {ts}}}"#);
        LogFormat::Jsonl.parse(&line).unwrap().at.to_rfc3339()
    };
    let expected = "2025-11-25T10:00:00.123+00:00";
    assert_eq!(at("1764064800.123"), expected);
    assert_eq!(at("1764064800123"), expected);
    assert_eq!(at("1764064800123000"), expected);
    assert_eq!(at("0"), "1970-01-01T00:00:00+00:00");
}

#[test]
fn a_null_field_gives_way_to_the_next_name() {
    let line = r#"{"url": null, "uri": "http://a.test/", "ts": 1}"#;
    assert_eq!(LogFormat::Jsonl.parse(line).unwrap().url, "http://a.test/");
}

#[test]
fn a_path_alone_is_no_request_to_check_in_any_format() {
    for (format, line) in [
        (
            LogFormat::Squid,
            "1764064800.1 1 10.0.2.15 TCP_MISS/200 1 GET /index.html - - -",
        ),
        (
            LogFormat::Squid,
            "1764064800.1 1 10.0.2.15 TCP_MISS/200 1 GET //search?q=x - - -",
        ),
        (
            LogFormat::E2guardian,
            "2025.11.25 10:00:00 - 10.0.2.15 /index.html GET 0 0",
        ),
        (
            LogFormat::Jsonl,
            r#"{"time":"2025-11-25T10:00:01Z","uri":"/search?q=how+to+kill+myself","host":"www.google.com"}"#,
        ),
        (
            LogFormat::Common,
            r#"10.0.2.15 - - [25/Nov/2025:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 1"#,
        ),
    ] {
        let err = format.parse(line).unwrap_err();
        assert_eq!(err.code(), "filter_invalid_log_line", "{line}");
        assert!(err.to_string().contains("has no host"), "{err}");
        assert!(!format.reads(line), "{line}");
    }
}

#[test]
fn squid_records_of_no_request_have_their_own_code_and_are_still_squid_lines() {
    let line = "1764064800.123 0 10.0.2.15 NONE_NONE/000 0 - error:transaction-end-before-headers - HIER_NONE/- -";
    let err = LogFormat::Squid.parse(line).unwrap_err();
    assert_eq!(err.code(), "squid_internal_entry");
    assert!(
        err.to_string()
            .contains("`error:transaction-end-before-headers`"),
        "{err}"
    );
    assert!(LogFormat::Squid.reads(line));
    assert_eq!(detect_log_format(&[line]), Some(LogFormat::Squid));
}

#[test]
fn squids_own_common_logformat_is_read_as_common() {
    let line = r#"10.0.2.15 - - [25/Nov/2025:10:00:00 +0000] "GET http://www.bet365.com/ HTTP/1.1" 200 4120 TCP_MISS:HIER_DIRECT"#;
    let e = LogFormat::Common.parse(line).unwrap();
    assert_eq!(e.url, "http://www.bet365.com/");
    assert_eq!(detect_log_format(&[line]), Some(LogFormat::Common));
    let denied = r#"10.0.2.15 - - [25/Nov/2025:10:00:00 +0000] "NONE error:invalid-request HTTP/1.1" 400 0 NONE_NONE:HIER_NONE"#;
    assert_eq!(
        LogFormat::Common.parse(denied).unwrap_err().code(),
        "squid_internal_entry"
    );
    for other in [
        "200 4120 extra",
        "200 4120 TCP_MISS",
        "200 4120 tcp_miss:hier",
    ] {
        let line = format!(
            r#"10.0.2.15 - - [25/Nov/2025:10:00:00 +0000] "GET http://a.test/ HTTP/1.1" {other}"#
        );
        assert!(LogFormat::Common.parse(&line).is_err(), "{line}");
    }
}
