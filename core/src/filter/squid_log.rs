//! Classifying a squid access log (native format) with the filter: a summary by category
//! and audience, plus the blocked and alerting lines.
//!
//! Native format (one request per line):
//!
//! ```text
//! time.ms elapsed client code/status bytes method URL user hierarchy/peer type
//! 1764064800.123 120 10.0.2.15 TCP_MISS/200 4120 GET http://example.com/ - DIRECT/93.184.216.34 text/html
//! ```
//!
//! `CONNECT host:443` lines are checked on the host alone (HTTPS not inspected). The
//! audience of a line comes from an [`AudienceMap`]: the user name (as logged, else
//! percent-decoded: squid writes `SCHOOL\jsmith` as `SCHOOL%5cjsmith`), else the client's
//! address, else the longest matching client-address prefix, else the default. Each line
//! is checked at its own timestamp, so time windows apply as they did then. A log saved
//! with a byte-order mark is read without it.
//!
//! A line *alerts* (DOMAIN.md §6: "alerts when content is blocked"; bypass attempts should
//! alert) when it is blocked and matched an illegal or UKSIC category, `phishing` or
//! `lookalike`, and whenever its search terms match the monitoring scanner (every such
//! search alerts, allowed or not, with each match's category and severity).
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{UrlFilter, squid_log::{AudienceMap, classify_squid_log}};
//!
//! let log = "1764064800.123 120 10.0.2.15 TCP_MISS/200 4120 GET http://www.bet365.com/ - DIRECT/1.2.3.4 text/html\n\
//!            1764064801.000 80 10.0.9.9 TCP_TUNNEL/200 0 CONNECT www.bbc.co.uk:443 alice HIER_DIRECT/1.2.3.5 -\n";
//! let map = AudienceMap::from_json(r#"{"default": "ks2", "users": {"alice": "staff"}}"#)?;
//! let summary = classify_squid_log(&UrlFilter::default(), log, &map.lookup()?, None);
//! assert_eq!(summary.requests, 2);
//! assert_eq!(summary.by_category["gambling"], 1);
//! assert_eq!(summary.by_audience["staff"].allowed, 1);
//! assert_eq!(summary.alerts[0].line, 1);
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

pub use super::audience_map::{AudienceLookup, AudienceMap};
use super::log_formats::LogFormat;
use super::{Audience, Category, FilterError, UrlFilter, Verdict};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One parsed line of a squid native access log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SquidEntry {
    /// When the request completed.
    pub at: DateTime<Utc>,
    /// Client address.
    pub client: String,
    /// Squid result code and HTTP status, e.g. `TCP_MISS/200`.
    pub result: String,
    /// Request method.
    pub method: String,
    /// The URL (or `host:port` for `CONNECT`).
    pub url: String,
    /// Authenticated user name, if any.
    pub user: Option<String>,
}

/// Parses one native-format line.
///
/// # Errors
///
/// [`FilterError::InvalidLogLine`] naming the problem.
pub fn parse_native_line(line: &str) -> Result<SquidEntry, FilterError> {
    let fields: Vec<&str> = line.split_whitespace().collect();
    let bad = |reason: &str| FilterError::InvalidLogLine {
        reason: reason.to_owned(),
    };
    let [
        time,
        _elapsed,
        client,
        result,
        _bytes,
        method,
        url,
        rest @ ..,
    ] = fields.as_slice()
    else {
        return Err(bad("fewer than 7 fields"));
    };
    // Seconds since 1970 and an optional fraction, digits only (no sign: before 1970 is no
    // log's time).
    let (secs, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(secs) || !digits(fraction) {
        return Err(bad(
            "timestamp is not seconds since 1970 (digits, then `.` and digits)",
        ));
    }
    let secs: i64 = secs.parse().map_err(|_| bad("timestamp out of range"))?;
    let millis: u32 = format!("{fraction:0<3}")
        .get(..3)
        .and_then(|m| m.parse().ok())
        .ok_or_else(|| bad("timestamp is not a number"))?;
    let at = DateTime::from_timestamp(secs, millis * 1_000_000)
        .ok_or_else(|| bad("timestamp out of range"))?;
    let user = rest.first().filter(|u| **u != "-").map(|u| (*u).to_owned());
    Ok(SquidEntry {
        at,
        client: (*client).to_owned(),
        result: (*result).to_owned(),
        method: (*method).to_owned(),
        url: (*url).to_owned(),
        user,
    })
}
/// Counts for one audience.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AudienceCounts {
    /// Requests checked.
    pub requests: u64,
    /// Allowed.
    pub allowed: u64,
    /// Blocked.
    pub blocked: u64,
    /// Allowed with safe search enforced.
    pub safe_search: u64,
}

/// A blocked or alerting line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FlaggedLine {
    /// 1-based line number in the log.
    pub line: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Client address.
    pub client: String,
    /// User, if logged.
    pub user: Option<String>,
    /// Audience applied.
    pub audience: Audience,
    /// Canonical URL.
    pub url: String,
    /// Verdict.
    pub verdict: Verdict,
    /// Matched categories.
    pub categories: Vec<Category>,
    /// The deciding rule.
    pub rule: String,
    /// The decision's reason.
    pub reason: String,
    /// Search terms, if any.
    pub search_terms: Option<String>,
    /// What the monitoring scanner found in the search terms (category, severity, term).
    #[serde(default)]
    pub search_matches: Vec<crate::scanner::Match>,
}

/// A log line that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct InvalidLine {
    /// 1-based line number.
    pub line: u64,
    /// Error code (`filter_invalid_log_line` or a `url_*` code).
    pub code: String,
}

/// The classification of a whole log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LogSummary {
    /// Lines read (blank lines included).
    pub lines: u64,
    /// Requests checked.
    pub requests: u64,
    /// Requests per matched category id (a request with two categories counts in both).
    pub by_category: BTreeMap<String, u64>,
    /// Counts per audience id.
    pub by_audience: BTreeMap<String, AudienceCounts>,
    /// Blocked lines, the first ones up to the summary's limit (all of them are counted in
    /// `totals`).
    pub blocked: Vec<FlaggedLine>,
    /// Lines that should alert the DSL: blocked harmful sites and searches whose terms
    /// match the scanner (the first ones up to the limit).
    pub alerts: Vec<FlaggedLine>,
    /// Lines carrying search terms, for monitoring (the first ones up to the limit).
    pub searches: Vec<FlaggedLine>,
    /// Lines that could not be read or checked (the first ones up to the limit).
    pub invalid: Vec<InvalidLine>,
    /// How many lines belong in each list, counting those past its limit: a list shorter
    /// than its total was cut.
    pub totals: ListTotals,
}

/// How many lines of a log belong in each list of its [`LogSummary`].
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
pub struct ListTotals {
    /// Blocked lines.
    pub blocked: u64,
    /// Lines that alert.
    pub alerts: u64,
    /// Lines carrying search terms.
    pub searches: u64,
    /// Lines that could not be read or checked.
    pub invalid: u64,
}

/// How many lines each list of [`classify_squid_log`]'s summary keeps: a log of a whole
/// day may alert on most of its lines, and a summary holding them all takes about 140
/// bytes of memory per byte of log. `totals` counts every line.
pub const KEPT_LINES: usize = 1_000;

impl LogSummary {
    /// The summary as JSON with `schemaVersion`.
    pub fn to_json(&self) -> String {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(map) = value.as_object_mut() {
            map.insert(
                "schemaVersion".to_owned(),
                crate::wire::SCHEMA_VERSION.into(),
            );
        }
        value.to_string()
    }
}

/// Whether a blocked decision should alert (illegal, UKSIC, phishing or look-alike).
pub fn is_alert(verdict: Verdict, categories: &[Category]) -> bool {
    verdict == Verdict::Block
        && categories
            .iter()
            .any(|c| c.is_uksic() || matches!(c, Category::Phishing | Category::Lookalike))
}

/// What one line of a log is: blank, unreadable, or a checked request.
#[derive(Debug, Clone, PartialEq)]
pub enum LineOutcome {
    /// A blank line.
    Blank,
    /// A line that could not be read, or whose address could not be checked.
    Invalid {
        /// The error code (`filter_invalid_log_line` or a `url_*` code).
        code: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A checked request, and whether it alerts (see the module docs).
    Request(Box<FlaggedLine>, bool),
}

/// Reads line number `line` of a log in `format` and checks its request for the line's
/// audience at the line's own time, scanning search terms with `scanner`.
///
/// # Examples
///
/// ```
/// use esafety_core::filter::UrlFilter;
/// use esafety_core::filter::log_formats::LogFormat;
/// use esafety_core::filter::squid_log::{AudienceMap, LineOutcome, classify_line};
///
/// let raw = "1764064800.000 1 10.0.0.1 TCP_MISS/200 1 GET http://www.bet365.com/ - - -";
/// let map = AudienceMap::all(esafety_core::filter::Audience::Ks2);
/// let LineOutcome::Request(flagged, alert) =
///     classify_line(&UrlFilter::default(), LogFormat::Squid, raw, 1, &map.lookup()?, None)
/// else { panic!("not a request") };
/// assert_eq!((flagged.verdict.as_str(), alert), ("block", true));
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
pub fn classify_line(
    filter: &UrlFilter,
    format: LogFormat,
    raw: &str,
    line: u64,
    audiences: &AudienceLookup<'_>,
    scanner: Option<&crate::scanner::TermScanner>,
) -> LineOutcome {
    use crate::ErrorCode;
    if raw.trim().is_empty() {
        return LineOutcome::Blank;
    }
    let invalid = |e: FilterError| LineOutcome::Invalid {
        code: e.code(),
        reason: e.to_string(),
    };
    let entry = match format.parse(raw) {
        Ok(entry) => entry,
        Err(e) => return invalid(e),
    };
    let audience = audiences.audience_of(&entry);
    let decision = match filter.check_for_with(&entry.url, audience, Some(entry.at), scanner) {
        Ok(d) => d,
        Err(e) => return invalid(e),
    };
    let alert =
        is_alert(decision.verdict, &decision.categories) || !decision.search_matches.is_empty();
    let flagged = FlaggedLine {
        line,
        at: entry.at,
        client: entry.client,
        user: entry.user,
        audience,
        url: decision.url,
        verdict: decision.verdict,
        categories: decision.categories,
        rule: decision.rule,
        reason: decision.reason,
        search_terms: decision.search_terms,
        search_matches: decision.search_matches,
    };
    LineOutcome::Request(Box::new(flagged), alert)
}

impl LogSummary {
    /// Adds line number `line`: every line is counted, and each list (blocked, alerts,
    /// searches, invalid) keeps at most `keep` lines (`usize::MAX` keeps all).
    pub fn add(&mut self, line: u64, outcome: &LineOutcome, keep: usize) {
        self.lines += 1;
        let (flagged, alert) = match outcome {
            LineOutcome::Blank => return,
            LineOutcome::Invalid { code, .. } => {
                self.totals.invalid += 1;
                if self.invalid.len() < keep {
                    self.invalid.push(InvalidLine {
                        line,
                        code: (*code).to_owned(),
                    });
                }
                return;
            }
            LineOutcome::Request(flagged, alert) => (flagged, *alert),
        };
        self.requests += 1;
        for c in &flagged.categories {
            *self.by_category.entry(c.as_str().to_owned()).or_default() += 1;
        }
        let counts = self
            .by_audience
            .entry(flagged.audience.as_str().to_owned())
            .or_default();
        counts.requests += 1;
        match flagged.verdict {
            Verdict::Allow => counts.allowed += 1,
            Verdict::Block => counts.blocked += 1,
            Verdict::SafeSearch => counts.safe_search += 1,
        }
        let lists = [
            (
                flagged.search_terms.is_some(),
                &mut self.searches,
                &mut self.totals.searches,
            ),
            (alert, &mut self.alerts, &mut self.totals.alerts),
            (
                flagged.verdict == Verdict::Block,
                &mut self.blocked,
                &mut self.totals.blocked,
            ),
        ];
        for (wanted, list, total) in lists {
            if wanted {
                *total += 1;
                if list.len() < keep {
                    list.push(FlaggedLine::clone(flagged));
                }
            }
        }
    }
}

/// Classifies every line of a native squid log, scanning search terms with `scanner`. Each
/// list of the summary keeps its first [`KEPT_LINES`] lines and `totals` counts them all (a
/// log too large for that is read line by line with [`classify_line`], as the CLI does).
pub fn classify_squid_log(
    filter: &UrlFilter,
    text: &str,
    audiences: &AudienceLookup<'_>,
    scanner: Option<&crate::scanner::TermScanner>,
) -> LogSummary {
    let mut summary = LogSummary::default();
    // A log saved with a byte-order mark: the mark is the file's, not its first line's.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for (index, raw) in text.lines().enumerate() {
        let line = index as u64 + 1;
        let outcome = classify_line(filter, LogFormat::Squid, raw, line, audiences, scanner);
        summary.add(line, &outcome, KEPT_LINES);
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn parses_native_lines() {
        let e = parse_native_line(
            "1764064800.5 120 10.0.2.15 TCP_MISS/200 4120 GET http://example.com/ bob DIRECT/1.2.3.4 text/html",
        )
        .unwrap();
        assert_eq!(e.at.to_rfc3339(), "2025-11-25T10:00:00.500+00:00");
        assert_eq!(e.user.as_deref(), Some("bob"));
        assert_eq!(
            parse_native_line("garbage").unwrap_err().code(),
            "filter_invalid_log_line"
        );
        assert!(parse_native_line("x 1 2 3 4 5 6").is_err());
    }

    #[test]
    fn a_byte_order_mark_does_not_spoil_line_one() {
        let log = "\u{FEFF}1764064800.123 120 10.0.2.15 TCP_MISS/200 4120 GET http://www.bet365.com/ - DIRECT/1.2.3.4 text/html\n";
        let s = classify_squid_log(
            &UrlFilter::default(),
            log,
            &AudienceMap::all(Audience::Ks2).lookup().unwrap(),
            None,
        );
        assert_eq!((s.requests, s.invalid.len(), s.blocked.len()), (1, 0, 1));
    }

    #[test]
    fn summary_counts_and_flags() {
        let log = "\
1764064800.000 1 10.0.0.1 TCP_MISS/200 1 GET http://www.bet365.com/ - - -
1764064801.000 1 10.0.0.1 TCP_MISS/200 1 GET https://www.google.com/search?q=knives - - -
1764064802.000 1 10.0.0.1 TCP_TUNNEL/200 1 CONNECT nordvpn.com:443 - - -
not a log line

1764064803.000 1 10.0.0.1 TCP_MISS/200 1 GET http://exa%20mple.com/ - - -
1764064804.000 1 10.0.0.1 TCP_MISS/200 1 GET http://www.roblox.com/ - - -
";
        let s = classify_squid_log(
            &UrlFilter::default(),
            log,
            &AudienceMap::all(Audience::Ks2).lookup().unwrap(),
            None,
        );
        assert_eq!(s.lines, 7);
        assert_eq!(s.requests, 4);
        assert_eq!(s.blocked.len(), 2);
        assert_eq!(s.alerts.len(), 2);
        assert_eq!(s.searches[0].search_terms.as_deref(), Some("knives"));
        assert_eq!(s.by_audience["ks2"].safe_search, 1);
        assert_eq!(s.by_category["games"], 1);
        assert_eq!(s.invalid.len(), 2);
        assert_eq!(s.invalid[0].line, 4);
        let all = ListTotals {
            blocked: 2,
            alerts: 2,
            searches: 1,
            invalid: 2,
        };
        assert_eq!(s.totals, all);
        assert!(s.to_json().contains("\"schemaVersion\":1"));
    }

    #[test]
    fn each_list_keeps_its_first_lines_and_counts_them_all() {
        let line = "1764064800.000 1 10.0.0.1 TCP_MISS/200 1 GET http://www.bet365.com/ - - -\n";
        let log = line.repeat(KEPT_LINES + 5);
        let s = classify_squid_log(
            &UrlFilter::default(),
            &log,
            &AudienceMap::all(Audience::Ks2).lookup().unwrap(),
            None,
        );
        assert_eq!(s.blocked.len(), KEPT_LINES);
        assert_eq!(s.blocked.last().map(|l| l.line), Some(KEPT_LINES as u64));
        assert_eq!(s.totals.blocked, KEPT_LINES as u64 + 5);
        assert_eq!(s.by_audience["ks2"].blocked, KEPT_LINES as u64 + 5);
    }

    #[test]
    fn searches_whose_terms_match_alert() {
        let log = "\
1764064801.000 1 10.0.0.1 TCP_MISS/200 1 GET https://www.google.com/search?q=a&q=how+to+kill+myself - - -
1764064802.000 1 10.0.0.1 TCP_MISS/200 1 GET https://www.google.com/search?q=red+pandas - - -
";
        let scanner = crate::scanner::TermScanner::embedded_default().unwrap();
        let s = classify_squid_log(
            &UrlFilter::default(),
            log,
            &AudienceMap::all(Audience::Ks3).lookup().unwrap(),
            Some(&scanner),
        );
        assert_eq!(s.searches.len(), 2);
        assert_eq!(s.alerts.len(), 1);
        let alert = &s.alerts[0];
        assert_eq!(
            alert.search_terms.as_deref(),
            Some("a | how to kill myself")
        );
        assert_eq!(alert.search_matches[0].category.as_str(), "suicide");
        assert!(alert.search_matches[0].severity >= 4);
    }
}
