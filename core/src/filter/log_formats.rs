//! Proxy access-log line formats (issue 14): squid native, Apache/nginx common and
//! combined, e2guardian and JSON lines, each read into a [`SquidEntry`]; and the format of
//! a log told from its first lines.
//!
//! | format | a line |
//! | --- | --- |
//! | `squid` | `1764064800.123 120 10.0.2.15 TCP_MISS/200 4120 GET http://example.com/ - DIRECT/1.2.3.4 text/html` |
//! | `common` | `10.0.2.15 - alice [25/Nov/2025:10:00:00 +0000] "GET http://example.com/ HTTP/1.1" 200 4120` |
//! | `combined` | `common`, then `"referer" "user agent"` (nginx may add more fields) |
//! | `e2guardian` | `2025.11.25 10:00:00 alice 10.0.2.15 http://example.com/ *DENIED* Banned site: ... GET 0 0 ...` (local time, England; in the hour the clocks repeat in October, the first pass of it) |
//! | `jsonl` | `{"time": "2025-11-25T10:00:00Z", "url": "http://example.com/", "client": "10.0.2.15", "user": "alice"}` |
//!
//! A common or combined line must name an absolute URL (a forward proxy's log) or, for
//! `CONNECT`, `host:port`: a web server's own log (`GET /index.html`) has no host to check.
//! In every format a URL that is only a path (`/index.html`, as nginx's `$uri` in a JSON
//! log) is an invalid line for that reason, and squid's records of transactions that never
//! became requests (`error:transaction-end-before-headers`) are invalid lines of their own
//! code, `squid_internal_entry`. Squid's own `common` logformat, which ends with the
//! `%Ss:%Sh` token (`TCP_MISS:HIER_DIRECT`), is read as `common`.
//! JSON lines take the first field present of: `url`, `uri`, `request_url`; `time`,
//! `timestamp`, `@timestamp`, `ts` (RFC 3339, or seconds, milliseconds or microseconds since
//! 1970, told apart by size); `client`, `client_ip`,
//! `src_ip`, `remote_addr`; `user`, `username`, `remote_user`; `method`; `status`, `result`.
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::log_formats::{LogFormat, detect_log_format};
//!
//! let lines = [
//!     r#"10.0.2.15 - alice [25/Nov/2025:10:00:00 +0000] "GET http://example.com/ HTTP/1.1" 200 41 "-" "curl/8""#,
//! ];
//! assert_eq!(detect_log_format(&lines), Some(LogFormat::Combined));
//! let entry = LogFormat::Combined.parse(lines[0])?;
//! assert_eq!((entry.url.as_str(), entry.user.as_deref()), ("http://example.com/", Some("alice")));
//! assert_eq!(entry.at.to_rfc3339(), "2025-11-25T10:00:00+00:00");
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use super::FilterError;
use super::squid_log::{SquidEntry, parse_native_line};
use crate::vocabulary::SchoolClock;
use chrono::{DateTime, NaiveDateTime, Utc};

crate::ids::closed_ids! {
    /// A proxy access-log format.
    LogFormat {
        /// Squid's native format.
        Squid = "squid",
        /// Apache/nginx combined log format (common, referer, user agent); before common,
        /// so a tie in detection goes to the format that reads more of each line.
        Combined = "combined",
        /// Apache/nginx common log format.
        Common = "common",
        /// e2guardian's (DansGuardian's) native access log, in England's local time.
        E2guardian = "e2guardian",
        /// One JSON object per line.
        Jsonl = "jsonl",
    }
}

impl LogFormat {
    /// Reads one line of this format.
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidLogLine`] naming the problem.
    pub fn parse(self, line: &str) -> Result<SquidEntry, FilterError> {
        let entry = match self {
            LogFormat::Squid => parse_native_line(line),
            LogFormat::Common => parse_clf(line, false),
            LogFormat::Combined => parse_clf(line, true),
            LogFormat::E2guardian => parse_e2guardian(line),
            LogFormat::Jsonl => parse_json_line(line),
        }?;
        check_target(&entry.url)?;
        Ok(entry)
    }

    /// Whether `line` is a line of this format: a request it reads, or squid's record of
    /// a transaction that never became one ([`FilterError::SquidInternalEntry`]), which is
    /// no request but still a line of the format.
    pub fn reads(self, line: &str) -> bool {
        matches!(
            self.parse(line),
            Ok(_) | Err(FilterError::SquidInternalEntry { .. })
        )
    }
}

impl std::str::FromStr for LogFormat {
    type Err = FilterError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        LogFormat::from_id(s).ok_or_else(|| bad(&format!("unknown log format `{s}`")))
    }
}

/// The format that reads the most of `lines` (blank lines aside; ties go to the earlier
/// of [`LogFormat::ALL`]); `None` when no format reads any line.
pub fn detect_log_format<S: AsRef<str>>(lines: &[S]) -> Option<LogFormat> {
    let lines: Vec<&str> = lines
        .iter()
        .map(AsRef::as_ref)
        .filter(|l| !l.trim().is_empty())
        .collect();
    let mut best = None;
    let mut best_count = 0;
    for &format in LogFormat::ALL {
        let count = lines.iter().filter(|l| format.reads(l)).count();
        if count > best_count {
            (best, best_count) = (Some(format), count);
        }
    }
    best
}

fn bad(reason: &str) -> FilterError {
    FilterError::InvalidLogLine {
        reason: reason.to_owned(),
    }
}

/// The next space-separated token and the rest.
fn token(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start_matches(' ');
    if s.is_empty() {
        return None;
    }
    Some(s.split_once(' ').unwrap_or((s, "")))
}

/// A quoted field (`\"` and `\\` escaped, as Apache and nginx write them) and the rest.
fn quoted(s: &str) -> Option<(&str, &str)> {
    let body = s.trim_start_matches(' ').strip_prefix('"')?;
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some((body.get(..i)?, body.get(i + 1..)?)),
            _ => escaped = false,
        }
    }
    None
}

fn none_if_dash(s: &str) -> Option<String> {
    (s != "-" && !s.is_empty()).then(|| s.to_owned())
}

/// Refuses a logged URL that names no request to check: squid's record of a transaction
/// that never became a request (`error:transaction-end-before-headers`,
/// `error:invalid-request`), or a request target that is only a path (`/index.html`, the
/// origin form of a web server's own log, and `//x` there too) or `*`.
///
/// # Errors
///
/// [`FilterError::SquidInternalEntry`], or [`FilterError::InvalidLogLine`] for a target
/// with no host.
pub(crate) fn check_target(target: &str) -> Result<(), FilterError> {
    if let Some(what) = target.strip_prefix("error:") {
        return Err(FilterError::SquidInternalEntry {
            entry: super::category::shorten(what),
        });
    }
    if target.starts_with(['/', '\\']) || target == "*" {
        return Err(bad(&format!(
            "the request target `{}` has no host (a web server's log, not a proxy's)",
            target.chars().take(60).collect::<String>()
        )));
    }
    Ok(())
}

/// The request target as a URL to check: absolute, or `host:port` for `CONNECT`.
fn proxy_target(method: &str, target: &str) -> Result<String, FilterError> {
    check_target(target)?;
    if method != "CONNECT" && !target.contains("://") {
        return Err(bad("the request target is not an absolute URL"));
    }
    Ok(target.to_owned())
}

fn parse_clf(line: &str, combined: bool) -> Result<SquidEntry, FilterError> {
    let fields =
        || bad("not a common log format line (host ident user [time] \"request\" status bytes)");
    let (client, rest) = token(line).ok_or_else(fields)?;
    let (_ident, rest) = token(rest).ok_or_else(fields)?;
    let (user, rest) = token(rest).ok_or_else(fields)?;
    let (time, rest) = rest
        .trim_start_matches(' ')
        .strip_prefix('[')
        .and_then(|r| r.split_once(']'))
        .ok_or_else(fields)?;
    let at = DateTime::parse_from_str(time, "%d/%b/%Y:%H:%M:%S %z")
        .map_err(|_| bad(&format!("time `{time}` is not dd/Mon/yyyy:hh:mm:ss +zzzz")))?
        .with_timezone(&Utc);
    let (request, rest) = quoted(rest).ok_or_else(fields)?;
    let (status, rest) = token(rest).ok_or_else(fields)?;
    let (_bytes, rest) = token(rest).ok_or_else(fields)?;
    if !(status.len() == 3 && status.bytes().all(|b| b.is_ascii_digit())) {
        return Err(bad(&format!("status `{status}` is not a 3-digit code")));
    }
    match (combined, quoted(rest).and_then(|(_, r)| quoted(r))) {
        (false, _) if !rest.trim().is_empty() && !is_squid_result_tag(rest.trim()) => {
            return Err(bad("fields after the size (a combined log?)"));
        }
        (true, None) => return Err(bad("no quoted referer and user agent after the size")),
        _ => {}
    }
    let mut parts = request.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(bad("the request is not `METHOD target [protocol]`"));
    };
    Ok(SquidEntry {
        at,
        client: client.to_owned(),
        result: status.to_owned(),
        method: method.to_owned(),
        url: proxy_target(method, target)?,
        user: none_if_dash(user),
    })
}

/// Whether `field` is the `%Ss:%Sh` token squid's own `common` logformat writes after the
/// size (`TCP_MISS:HIER_DIRECT`, `TCP_DENIED:HIER_NONE`, `NONE_NONE:HIER_NONE`).
fn is_squid_result_tag(field: &str) -> bool {
    let tag = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    };
    field
        .split_once(':')
        .is_some_and(|(status, hierarchy)| tag(status) && tag(hierarchy))
}

const METHODS: [&str; 9] = [
    "GET", "POST", "HEAD", "PUT", "DELETE", "CONNECT", "OPTIONS", "PATCH", "TRACE",
];

fn parse_e2guardian(line: &str) -> Result<SquidEntry, FilterError> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let [date, time, user, client, url, rest @ ..] = fields.as_slice() else {
        return Err(bad("fewer than 5 fields (date time user client url)"));
    };
    let local = NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y.%m.%d %H:%M:%S")
        .map_err(|_| bad("date and time are not yyyy.m.d hh:mm:ss"))?;
    let at = SchoolClock::london()
        .utc_of_local(local)
        .ok_or_else(|| bad("a local time the clocks skip (the spring change)"))?;
    let result = rest
        .first()
        .filter(|r| r.starts_with('*'))
        .map_or("-", |r| r);
    let method = rest
        .iter()
        .find(|t| METHODS.contains(t))
        .map_or("GET", |m| m);
    Ok(SquidEntry {
        at,
        client: (*client).to_owned(),
        result: result.to_owned(),
        method: method.to_owned(),
        url: (*url).to_owned(),
        user: none_if_dash(user),
    })
}

fn json_field<'a>(
    object: &'a serde_json::Map<String, serde_json::Value>,
    names: &[&str],
) -> Option<&'a serde_json::Value> {
    names
        .iter()
        .find_map(|n| object.get(*n).filter(|v| !v.is_null()))
}

/// A text field: a string or a number as written; `None` when absent. Any other JSON value
/// (`true`, a list) is an error, never quietly no value (a user the audience map would
/// then not find).
fn json_text(
    object: &serde_json::Map<String, serde_json::Value>,
    names: &[&str],
) -> Result<Option<String>, FilterError> {
    match json_field(object, names) {
        None => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(bad(&format!(
            "`{}` is neither a string nor a number",
            names
                .iter()
                .find(|n| object.contains_key(**n))
                .unwrap_or(&"field")
        ))),
    }
}

/// Seconds since 1970 from a JSON number, which may count seconds, milliseconds or
/// microseconds (logs use all three): a count of seconds reaches 10^11 only in the year
/// 5138, so larger numbers are read as the finer units. Before 1970 is out of range.
fn epoch_micros(n: f64) -> Option<i64> {
    let scale = [(1e11, 1e6), (1e14, 1e3), (1e17, 1.0)]
        .into_iter()
        .find_map(|(below, to_micros)| (n < below).then_some(to_micros))?;
    (n.is_finite() && n >= 0.0).then(|| (n * scale).round() as i64)
}

fn json_instant(value: &serde_json::Value) -> Result<DateTime<Utc>, FilterError> {
    let out_of_range = || bad("the time is out of range");
    match value {
        serde_json::Value::String(s) => DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|_| bad(&format!("time `{s}` is not RFC 3339"))),
        serde_json::Value::Number(n) => n
            .as_f64()
            .and_then(epoch_micros)
            .and_then(DateTime::from_timestamp_micros)
            .ok_or_else(out_of_range),
        _ => Err(bad("the time is neither a string nor a number")),
    }
}

fn parse_json_line(line: &str) -> Result<SquidEntry, FilterError> {
    let value: serde_json::Value = serde_json::from_str(line.trim())
        .map_err(|e| bad(&format!("not JSON: {}", json_error(&e))))?;
    let object = value
        .as_object()
        .ok_or_else(|| bad("the JSON is not an object"))?;
    let url = json_field(object, &["url", "uri", "request_url"])
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| bad("no `url` string"))?;
    let at = json_instant(
        json_field(object, &["time", "timestamp", "@timestamp", "ts"])
            .ok_or_else(|| bad("no `time`"))?,
    )?;
    Ok(SquidEntry {
        at,
        client: json_text(object, &["client", "client_ip", "src_ip", "remote_addr"])?
            .unwrap_or_else(|| "-".to_owned()),
        result: json_text(object, &["status", "result"])?.unwrap_or_else(|| "-".to_owned()),
        method: json_text(object, &["method"])?.unwrap_or_else(|| "GET".to_owned()),
        url: url.to_owned(),
        user: json_text(object, &["user", "username", "remote_user"])?
            .and_then(|u| none_if_dash(&u)),
    })
}

/// The message of a JSON error without its position (a log line is one line).
fn json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_owned()
}

#[cfg(test)]
mod tests;
