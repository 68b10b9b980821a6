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
//! let map: AudienceMap = serde_json::from_str(r#"{"default": "ks2", "users": {"alice": "staff"}}"#).unwrap();
//! let summary = classify_squid_log(&UrlFilter::default(), log, &map, None);
//! assert_eq!(summary.requests, 2);
//! assert_eq!(summary.by_category["gambling"], 1);
//! assert_eq!(summary.by_audience["staff"].allowed, 1);
//! assert_eq!(summary.alerts[0].line, 1);
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use super::log_formats::LogFormat;
use super::{Audience, Category, FilterError, UrlFilter, Verdict};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::IpAddr;

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

/// Who is behind a log line: by user name, then by client address or address prefix,
/// else a default.
///
/// Read it with [`AudienceMap::from_json`], which refuses a key no log line can match
/// ([`FilterError::InvalidAudienceKey`]).
///
/// # Example
///
/// ```
/// use esafety_core::filter::{Audience, squid_log::{AudienceMap, parse_native_line}};
///
/// let map = AudienceMap::from_json(
///     r#"{"default": "ks3", "users": {"SCHOOL\\jsmith": "staff"}, "clients": {"10.0.5.": "ks1"}}"#,
/// )?;
/// let line = "1764064800.1 1 ::ffff:10.0.5.7 TCP_MISS/200 1 GET http://a.test/ - - -";
/// assert_eq!(map.audience_of(&parse_native_line(line)?), Audience::Ks1);
/// let line = "1764064800.1 1 10.9.9.9 TCP_MISS/200 1 GET http://a.test/ SCHOOL%5cjsmith - -";
/// assert_eq!(map.audience_of(&parse_native_line(line)?), Audience::Staff);
///
/// let err = AudienceMap::from_json(r#"{"clients": {"10.0.2.0/24": "ks1"}}"#).unwrap_err();
/// assert_eq!(esafety_core::ErrorCode::code(&err), "filter_invalid_audience_key");
/// assert!(err.to_string().contains("`10.0.2.`"));
/// # Ok::<(), esafety_core::filter::FilterError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AudienceMap {
    /// Audience of lines no rule below places (default `ks2`).
    #[serde(default = "default_audience")]
    pub default: Audience,
    /// Audience per user name, compared exactly (case included); a name squid logged
    /// percent-encoded (`SCHOOL%5cjsmith`) is also looked up decoded (`SCHOOL\\jsmith`).
    #[serde(default)]
    pub users: BTreeMap<String, Audience>,
    /// Audience per client: an address (`10.0.2.15`, `fd00::5`; an IPv4-mapped client
    /// `::ffff:10.0.2.15` is `10.0.2.15`), or a prefix of whole IPv4 octets ending in `.`
    /// (`10.0.2.`). The address wins, then the longest prefix. No CIDR ranges or wildcards.
    #[serde(default)]
    pub clients: BTreeMap<String, Audience>,
}

fn default_audience() -> Audience {
    Audience::Ks2
}

/// How a client key of an [`AudienceMap`] matches a client.
enum ClientKey<'a> {
    /// One address.
    Address(IpAddr),
    /// Whole IPv4 octets and a dot (`10.0.2.`).
    Prefix(&'a str),
    /// The start of a client logged by name rather than address (squid's `log_fqdn`).
    Name(&'a str),
}

/// An address with an IPv4-mapped IPv6 address (`::ffff:10.0.5.7`, as a dual-stack
/// listener logs an IPv4 client) read as the IPv4 address it carries.
fn unmapped(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// Reads a client key, or says why no client can match it.
fn client_key(key: &str) -> Result<ClientKey<'_>, String> {
    if key.trim().is_empty() {
        return Err("it is empty (write an address or a prefix such as `10.0.2.`)".to_owned());
    }
    if let Some((net, bits)) = key.split_once('/') {
        let hint = match (net.parse::<std::net::Ipv4Addr>(), bits) {
            (Ok(net), "8" | "16" | "24") => {
                let octets = bits.parse::<usize>().unwrap_or(0) / 8;
                let prefix: Vec<String> = net
                    .octets()
                    .iter()
                    .take(octets)
                    .map(u8::to_string)
                    .collect();
                format!("write its prefix, `{}.`", prefix.join("."))
            }
            _ => "write each address, or a prefix of whole octets such as `10.0.2.`".to_owned(),
        };
        return Err(format!(
            "it is an address range (CIDR), which the map does not read: {hint}"
        ));
    }
    if key.contains(['*', '?']) {
        let stem = key.trim_end_matches(['*', '?']);
        let hint = if stem.ends_with('.') && !stem.contains(['*', '?']) {
            format!("write the prefix `{stem}`")
        } else {
            "write a prefix of whole octets such as `10.0.3.`".to_owned()
        };
        return Err(format!(
            "it is a wildcard, which the map does not read: {hint}"
        ));
    }
    if key.chars().any(char::is_whitespace) {
        return Err("it holds a space, which no logged client does".to_owned());
    }
    if let Ok(ip) = key.parse::<IpAddr>() {
        return Ok(ClientKey::Address(unmapped(ip)));
    }
    if key.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        let octets: Vec<&str> = key.split('.').collect();
        let whole = |o: &&str| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok();
        return match octets.split_last() {
            Some((last, head))
                if last.is_empty() && (1..=3).contains(&head.len()) && head.iter().all(whole) =>
            {
                Ok(ClientKey::Prefix(key))
            }
            _ => Err(
                "it is neither an IPv4 address nor a prefix of whole octets ending in `.` (such as `10.0.5.`)"
                    .to_owned(),
            ),
        };
    }
    if key.contains(':') {
        return Err(
            "it is not an IPv6 address (an IPv6 client is named by its whole address)".to_owned(),
        );
    }
    Ok(ClientKey::Name(key))
}

impl AudienceMap {
    /// Everyone is `audience`.
    pub fn all(audience: Audience) -> AudienceMap {
        AudienceMap {
            default: audience,
            users: BTreeMap::new(),
            clients: BTreeMap::new(),
        }
    }

    /// Reads a JSON audience map (`{"default": "ks2", "users": {...}, "clients": {...}}`).
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidSpec`] for a malformed map;
    /// [`FilterError::InvalidAudienceKey`] for a key no log line can match: an empty
    /// user or client, a CIDR range (`10.0.2.0/24`), a wildcard (`10.0.3.*`), a client
    /// that is neither an address nor a prefix of whole IPv4 octets ending in `.`.
    pub fn from_json(json: &str) -> Result<AudienceMap, FilterError> {
        crate::wire::limits::check_size(json)?;
        crate::wire::limits::check_json(json)?;
        let map: AudienceMap =
            crate::wire::object_from_json(json).map_err(|e| super::error::spec_error(&e))?;
        let unusable = |key: &str, reason: String| FilterError::InvalidAudienceKey {
            key: super::category::shorten(key),
            reason,
        };
        if let Some(user) = map.users.keys().find(|u| u.trim().is_empty()) {
            return Err(unusable(
                user,
                "a user name is empty (a line without a user is placed by its client)".to_owned(),
            ));
        }
        for key in map.clients.keys() {
            client_key(key).map_err(|reason| unusable(key, reason))?;
        }
        Ok(map)
    }

    /// The audience of an entry.
    pub fn audience_of(&self, entry: &SquidEntry) -> Audience {
        if let Some(user) = &entry.user {
            let decoded = || {
                percent_encoding::percent_decode_str(user)
                    .decode_utf8()
                    .ok()
                    .filter(|d| d != user)
            };
            let found = self
                .users
                .get(user)
                .or_else(|| decoded().and_then(|d| self.users.get(d.as_ref())));
            if let Some(a) = found {
                return *a;
            }
        }
        let address = entry.client.parse::<IpAddr>().ok().map(unmapped);
        let dotted = match address {
            Some(IpAddr::V4(v4)) => Some(v4.to_string()),
            _ => None,
        };
        let mut best: Option<(usize, Audience)> = None;
        for (key, audience) in &self.clients {
            let length = match client_key(key) {
                Ok(ClientKey::Address(ip)) if Some(ip) == address => return *audience,
                Ok(ClientKey::Prefix(p)) if dotted.as_deref().is_some_and(|d| d.starts_with(p)) => {
                    p.len()
                }
                Ok(ClientKey::Name(n)) if address.is_none() && entry.client.starts_with(n) => {
                    n.len()
                }
                Ok(ClientKey::Address(_) | ClientKey::Prefix(_) | ClientKey::Name(_)) | Err(_) => {
                    continue;
                }
            };
            if best.is_none_or(|(longest, _)| length > longest) {
                best = Some((length, *audience));
            }
        }
        best.map_or(self.default, |(_, a)| a)
    }
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
    /// Every blocked line.
    pub blocked: Vec<FlaggedLine>,
    /// Lines that should alert the DSL: blocked harmful sites and searches whose terms
    /// match the scanner.
    pub alerts: Vec<FlaggedLine>,
    /// Lines carrying search terms (for monitoring).
    pub searches: Vec<FlaggedLine>,
    /// Lines that could not be read or checked.
    pub invalid: Vec<InvalidLine>,
}

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
///     classify_line(&UrlFilter::default(), LogFormat::Squid, raw, 1, &map, None)
/// else { panic!("not a request") };
/// assert_eq!((flagged.verdict.as_str(), alert), ("block", true));
/// ```
pub fn classify_line(
    filter: &UrlFilter,
    format: LogFormat,
    raw: &str,
    line: u64,
    audiences: &AudienceMap,
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
            (flagged.search_terms.is_some(), &mut self.searches),
            (alert, &mut self.alerts),
            (flagged.verdict == Verdict::Block, &mut self.blocked),
        ];
        for (wanted, list) in lists {
            if wanted && list.len() < keep {
                list.push(FlaggedLine::clone(flagged));
            }
        }
    }
}

/// Classifies every line of a native squid log, scanning search terms with `scanner`.
pub fn classify_squid_log(
    filter: &UrlFilter,
    text: &str,
    audiences: &AudienceMap,
    scanner: Option<&crate::scanner::TermScanner>,
) -> LogSummary {
    let mut summary = LogSummary::default();
    // A log saved with a byte-order mark: the mark is the file's, not its first line's.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    for (index, raw) in text.lines().enumerate() {
        let line = index as u64 + 1;
        let outcome = classify_line(filter, LogFormat::Squid, raw, line, audiences, scanner);
        summary.add(line, &outcome, usize::MAX);
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
    fn audiences_by_user_then_longest_prefix() {
        let map: AudienceMap = serde_json::from_str(
            r#"{"default": "guest", "users": {"t1": "staff"}, "clients": {"10.0.": "ks3", "10.0.1.": "ks1"}}"#,
        )
        .unwrap();
        let mut e =
            parse_native_line("1 1 10.0.1.7 TCP_MISS/200 1 GET http://a.test/ - - -").unwrap();
        assert_eq!(map.audience_of(&e), Audience::Ks1);
        e.client = "10.0.9.1".into();
        assert_eq!(map.audience_of(&e), Audience::Ks3);
        e.user = Some("t1".into());
        assert_eq!(map.audience_of(&e), Audience::Staff);
        e.user = None;
        e.client = "192.168.0.1".into();
        assert_eq!(map.audience_of(&e), Audience::Guest);
    }

    #[test]
    fn keys_that_can_never_match_are_refused_by_name() {
        for (map, key, hint) in [
            (
                r#"{"clients": {"10.0.2.0/24": "ks1"}}"#,
                "10.0.2.0/24",
                "`10.0.2.`",
            ),
            (
                r#"{"clients": {"10.0.0.0/12": "ks1"}}"#,
                "10.0.0.0/12",
                "each address",
            ),
            (
                r#"{"clients": {"10.0.3.*": "ks1"}}"#,
                "10.0.3.*",
                "`10.0.3.`",
            ),
            (r#"{"clients": {"": "ks1"}}"#, "", "empty"),
            (
                r#"{"clients": {"10.0.5": "ks1"}}"#,
                "10.0.5",
                "ending in `.`",
            ),
            (
                r#"{"clients": {"10.0.300.": "ks1"}}"#,
                "10.0.300.",
                "whole octets",
            ),
            (r#"{"clients": {"fd00:1:2:": "ks1"}}"#, "fd00:1:2:", "IPv6"),
            (r#"{"users": {" ": "staff"}}"#, " ", "empty"),
        ] {
            let err = AudienceMap::from_json(map).unwrap_err();
            assert_eq!(err.code(), "filter_invalid_audience_key", "{map}");
            let text = err.to_string();
            assert!(text.contains(&format!("`{key}`")), "{text}");
            assert!(text.contains(hint), "{text}");
        }
        let ok =
            r#"{"clients": {"10.": "ks1", "10.0.2.15": "ks2", "fd00::5": "ks3", "lab1-": "ks4"}}"#;
        assert!(AudienceMap::from_json(ok).is_ok());
    }

    #[test]
    fn clients_are_read_as_addresses_and_users_decoded() {
        let map = AudienceMap::from_json(
            r#"{"default": "guest", "users": {"SCHOOL\\jsmith": "staff", "a+b": "ks4"},
                "clients": {"10.0.5.": "ks1", "10.0.2.1": "ks3", "fd00::5": "ks4", "lab1-": "ks2"}}"#,
        )
        .unwrap();
        let mut e =
            parse_native_line("1 1 ::ffff:10.0.5.7 TCP_MISS/200 1 GET http://a.test/ - - -")
                .unwrap();
        assert_eq!(map.audience_of(&e), Audience::Ks1);
        // An address key is that address, not the prefix of 10.0.2.15.
        e.client = "10.0.2.15".into();
        assert_eq!(map.audience_of(&e), Audience::Guest);
        e.client = "10.0.2.1".into();
        assert_eq!(map.audience_of(&e), Audience::Ks3);
        e.client = "FD00:0:0::5".into();
        assert_eq!(map.audience_of(&e), Audience::Ks4);
        e.client = "lab1-pc7.school.test".into();
        assert_eq!(map.audience_of(&e), Audience::Ks2);
        e.user = Some("SCHOOL%5cjsmith".into());
        assert_eq!(map.audience_of(&e), Audience::Staff);
        e.user = Some("SCHOOL%5Cjsmith".into());
        assert_eq!(map.audience_of(&e), Audience::Staff);
        e.user = Some("a+b".into());
        assert_eq!(map.audience_of(&e), Audience::Ks4);
        e.user = Some("SCHOOL%ffjsmith".into());
        assert_eq!(
            map.audience_of(&e),
            Audience::Ks2,
            "not UTF-8: the client decides"
        );
    }

    #[test]
    fn a_byte_order_mark_does_not_spoil_line_one() {
        let log = "\u{FEFF}1764064800.123 120 10.0.2.15 TCP_MISS/200 4120 GET http://www.bet365.com/ - DIRECT/1.2.3.4 text/html\n";
        let s = classify_squid_log(
            &UrlFilter::default(),
            log,
            &AudienceMap::all(Audience::Ks2),
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
            &AudienceMap::all(Audience::Ks2),
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
        assert!(s.to_json().contains("\"schemaVersion\":1"));
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
            &AudienceMap::all(Audience::Ks3),
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
