//! Rule sources: UT1-style lists, plain domain lists and hosts files, read from text the
//! caller hands in, with a load report that accounts for every line.
//!
//! | format | one line is | matches |
//! |---|---|---|
//! | `domains` | a domain (`example.com`, `*.example.com`, `.example.com`, IDN or punycode) or an IP literal | the host and every subdomain, on label boundaries |
//! | `hosts` | `IP name [name...]` (a hosts file; `localhost` and friends are ignored; the address reaches no public site, as for dnsmasq, else the line is rejected; a bad name among good ones is refused alone, in `rejected_names`) | as `domains` |
//! | `urls` | `host/path` with or without a scheme (squidGuard urllist; a leading `www.` is dropped) | host (and subdomains) plus path-and-query prefix |
//! | `expressions` | a squidGuard regular expression, ASCII case-insensitive, at most 4 KiB (see [`super::expressions`]) | anywhere in the canonical (ASCII) `host/path?query` |
//! | `metadata` | anything (UT1 `usage`, `global_usage`) | nothing; every line is reported as ignored |
//! | `adblock`, `dnsmasq`, `rpz` | `\|\|d^`, `address=/d/0.0.0.0`, `d CNAME .` (see [`super::formats`]) | as `domains` (adblock `\|\|host/path`: as `urls`) |
//!
//! `auto` ([`detect_format`]) reads the first rule lines and picks the format.
//!
//! A rule's host may have any number of labels; one longer than a DNS name (253 bytes)
//! could never be requested and is rejected (`host_too_long`).
//!
//! Blank lines and `#` comments are *ignored*; lines that cannot be read are *rejected*
//! with a code; all others are *accepted*. For every file,
//! `lines == accepted + ignored + rejected.len()`. A line naming several hosts (hosts,
//! dnsmasq) with one name that cannot be read keeps its good names as rules and counts as
//! accepted; the bad name is listed in `rejected_names` with its line, its own text and
//! its code (`0.0.0.0 a.test bad..name` blocks `a.test`, and reports `bad..name`,
//! `invalid_host_label`). In strict mode the first rejected line or name is an error
//! ([`FilterError::RejectedLine`]).
//!
//! # Example
//!
//! ```
//! use esafety_core::filter::{FilterBuilder, ListFormat, Category};
//!
//! let mut builder = FilterBuilder::new();
//! let report = builder.add_list("school/blocked", ListFormat::Domains,
//!     &[Category::Gambling], "# school additions\nbet.example\nnot a domain\n")?;
//! assert_eq!((report.lines, report.accepted, report.ignored), (3, 1, 1));
//! assert_eq!(report.rejected[0].line, 3);
//! assert_eq!(report.rejected[0].code, "line_has_spaces");
//! # Ok::<(), esafety_core::filter::FilterError>(())
//! ```

use super::FilterError;
use super::category::{Category, ut1_categories};
pub use super::formats::detect_format;
use super::matcher::{MAX_HOST_BYTES, domain_hash, is_plain_canonical_domain};
use crate::canonical_url::{CanonicalUrl, HostKind};
use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::net::{Ipv4Addr, Ipv6Addr};

crate::ids::closed_ids! {
    /// The format of one rule list.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    ListFormat {
        /// One domain or IP literal per line.
        Domains = "domains",
        /// A hosts file: `IP name [name...]`.
        Hosts = "hosts",
        /// `host/path` prefixes (squidGuard urllist).
        Urls = "urls",
        /// squidGuard regular expressions.
        Expressions = "expressions",
        /// Descriptive files (UT1 `usage`): read, counted, never rules.
        Metadata = "metadata",
        /// AdBlock-style `||domain^` rules.
        Adblock = "adblock",
        /// dnsmasq `address=/domain/…` and `server=/domain/` lines.
        Dnsmasq = "dnsmasq",
        /// A DNS response-policy zone (`domain CNAME .`).
        Rpz = "rpz",
    }
}

/// Every `format` a list source may name: `auto` (detected from the text), `ut1` (from the
/// file name) and each [`ListFormat`].
pub const SOURCE_FORMATS: [&str; 10] = [
    "auto",
    "ut1",
    "domains",
    "hosts",
    "urls",
    "expressions",
    "metadata",
    "adblock",
    "dnsmasq",
    "rpz",
];

impl std::str::FromStr for ListFormat {
    type Err = FilterError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "domains" => Ok(ListFormat::Domains),
            "hosts" => Ok(ListFormat::Hosts),
            "urls" => Ok(ListFormat::Urls),
            "expressions" => Ok(ListFormat::Expressions),
            "metadata" => Ok(ListFormat::Metadata),
            "adblock" => Ok(ListFormat::Adblock),
            "dnsmasq" => Ok(ListFormat::Dnsmasq),
            "rpz" => Ok(ListFormat::Rpz),
            other => Err(FilterError::UnknownListFormat {
                format: super::category::shorten(other),
                hint: crate::vocabulary::unknown_hint(other, SOURCE_FORMATS),
            }),
        }
    }
}

/// One rule list handed in as text (the wire form used by [`super::FilterSpec`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListSource {
    /// The list's name in reports and decisions, e.g. `gambling/domains`.
    pub label: String,
    /// Its format; `ut1` means "infer format and categories from a UT1 path label"
    /// (`<folder>/<domains|urls|expressions|usage>`), `auto` "detect it from the text".
    pub format: String,
    /// The category ids every rule of the list carries (for reference lists that only feed
    /// look-alike detection: none). For `ut1` the folder decides when none is given, and
    /// ids given replace the folder's. Ids are parsed by the core, so an unknown id is
    /// [`FilterError::UnknownCategory`].
    #[serde(default)]
    pub categories: Vec<String>,
    /// The list's text.
    pub text: String,
}

/// A line that was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RejectedLine {
    /// 1-based line number.
    pub line: u32,
    /// The line as written (shortened to 120 characters).
    pub text: String,
    /// Stable snake_case reason code, e.g. `line_has_spaces`, `url_invalid_host`.
    pub code: String,
}

/// What happened to the lines of one list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct FileReport {
    /// The list label, e.g. `gambling/domains`.
    pub file: String,
    /// Its format.
    pub format: ListFormat,
    /// The categories its rules carry.
    pub categories: Vec<Category>,
    /// Number of lines read.
    pub lines: u64,
    /// Lines that became rules.
    pub accepted: u64,
    /// Blank lines, comments, hosts-file boilerplate, metadata.
    pub ignored: u64,
    /// Lines that could not be read, each with its line number and reason.
    pub rejected: Vec<RejectedLine>,
    /// Names refused on a line whose other names became rules (a hosts or dnsmasq line
    /// naming several hosts: `0.0.0.0 a.test bad..name b.test`). The line counts as
    /// accepted; each refused name is listed with its line, its own text and its code.
    pub rejected_names: Vec<RejectedLine>,
    /// What the list's lines will not do as loaded: read, and still to act on. A UT1 folder
    /// no mapping names, whose rules no audience blocks (`ut1_folder_unknown`); once the
    /// filter is built, and again whenever its policy changes, a list named with categories
    /// no audience blocks, even in a time window, so its rules only label what they match
    /// (`list_category_unblocked`).
    pub warnings: Vec<LoadWarning>,
}

/// A list that loaded but does not do what its name suggests.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LoadWarning {
    /// Stable snake_case code, e.g. `ut1_folder_unknown`.
    pub code: String,
    /// What to do about it, in words.
    pub message: String,
}

impl FileReport {
    /// Whether every line is accounted for (`lines == accepted + ignored + rejected`).
    pub fn accounts_for_every_line(&self) -> bool {
        self.lines == self.accepted + self.ignored + self.rejected.len() as u64
    }
}

/// A file a directory walker saw but did not load, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SkippedFile {
    /// Path relative to the directory that was loaded.
    pub path: String,
    /// Why it was not loaded.
    pub reason: String,
}

/// The load report of a rule set: one entry per list, plus skipped files.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LoadReport {
    /// One report per list, in load order.
    pub files: Vec<FileReport>,
    /// Files seen by a directory walker and not loaded (for example `SOURCE.md`).
    pub skipped_files: Vec<SkippedFile>,
}

impl LoadReport {
    /// Total lines read.
    pub fn lines(&self) -> u64 {
        self.files.iter().map(|f| f.lines).sum()
    }

    /// Total accepted lines.
    pub fn accepted(&self) -> u64 {
        self.files.iter().map(|f| f.accepted).sum()
    }

    /// Total ignored lines.
    pub fn ignored(&self) -> u64 {
        self.files.iter().map(|f| f.ignored).sum()
    }

    /// Total rejected lines.
    pub fn rejected(&self) -> u64 {
        self.files.iter().map(|f| f.rejected.len() as u64).sum()
    }

    /// Total names refused on lines whose other names were accepted.
    pub fn rejected_names(&self) -> u64 {
        self.files
            .iter()
            .map(|f| f.rejected_names.len() as u64)
            .sum()
    }

    /// The report as stable JSON (`schemaVersion`, `files`, `skipped_files`, totals:
    /// `lines`, `accepted`, `ignored`, `rejected`, `rejected_names`).
    pub fn to_json(&self) -> String {
        serde_json::json!({
            "schemaVersion": crate::wire::SCHEMA_VERSION,
            "lines": self.lines(),
            "accepted": self.accepted(),
            "ignored": self.ignored(),
            "rejected": self.rejected(),
            "rejected_names": self.rejected_names(),
            "files": self.files,
            "skipped_files": self.skipped_files,
        })
        .to_string()
    }
}

/// A host+path-prefix rule.
#[derive(Debug, Clone)]
pub(crate) struct UrlRule {
    /// Path-and-query prefix, starting with `/`.
    pub prefix: Box<str>,
    /// List id.
    pub file: u16,
    /// Line number.
    pub line: u32,
}

/// A list as the rule set remembers it.
#[derive(Debug, Clone)]
pub(crate) struct ListMeta {
    /// Shared with every [`super::RuleMatch`] that cites the list (no copy per match).
    pub label: std::sync::Arc<str>,
    pub categories: std::sync::Arc<[Category]>,
    /// Whether the caller named the categories (not the embedded lists', nor a UT1
    /// folder's): such a list whose categories no audience blocks is warned of.
    pub named: bool,
}

/// The bit of a domain rule's line that marks a rule for subdomains only (`*.d` in an RPZ
/// zone: `a.d` and `b.a.d`, never `d` itself). Lines are far below it.
pub(crate) const SUBDOMAINS_ONLY: u32 = 1 << 31;

/// Rules gathered from text, before indexing.
#[derive(Debug, Clone, Default)]
pub(crate) struct RuleTables {
    pub lists: Vec<ListMeta>,
    /// `(host hash, (list, line))`; a line with [`SUBDOMAINS_ONLY`] set is a rule for the
    /// subdomains of its host, not the host itself (an RPZ wildcard owner `*.d`).
    pub domains: Vec<(u64, (u16, u32))>,
    /// Whether any domain or URL rule names a single-label host (`xxx`, `localhost`): when
    /// none does, queries skip the top-level-domain lookup.
    pub single_label: bool,
    pub urls: Vec<(u64, UrlRule)>,
    pub expressions: Vec<(String, u16, u32)>,
    pub report: LoadReport,
    /// The names the line being read refused while its other names became rules (shown
    /// text, code); [`RuleTables::add`] moves them into the report after each line.
    refused_names: Vec<(String, &'static str)>,
}

#[derive(Debug, Clone, Copy)]
enum LineOutcome {
    Accepted,
    Ignored,
    Rejected(&'static str),
}

impl RuleTables {
    /// Reads one list.
    pub(crate) fn add(
        &mut self,
        label: &str,
        format: ListFormat,
        categories: &[Category],
        text: &str,
        strict: bool,
    ) -> Result<FileReport, FilterError> {
        let file = u16::try_from(self.lists.len()).map_err(|_| FilterError::TooManyLists)?;
        let mut report = FileReport {
            file: label.to_owned(),
            format,
            categories: categories.to_vec(),
            lines: 0,
            accepted: 0,
            ignored: 0,
            rejected: Vec::new(),
            rejected_names: Vec::new(),
            warnings: Vec::new(),
        };
        let mut lowered = String::new();
        let mut rpz = super::formats::RpzState::default();
        // The last RPZ line that opened a `(`: its number, text and outcome.
        let mut rpz_opener: Option<(u32, &str, LineOutcome)> = None;
        // A list saved with a byte-order mark: the mark is the file's, not its first line's.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        for (index, raw) in text.lines().enumerate() {
            let line = u32::try_from(index + 1).unwrap_or(u32::MAX);
            report.lines += 1;
            let outcome = match format {
                ListFormat::Metadata => LineOutcome::Ignored,
                // A reader replaced bytes that were not UTF-8: the entry is not what the
                // list's author wrote, so it is refused and reported, never guessed at.
                _ if raw.contains(char::REPLACEMENT_CHARACTER) => LineOutcome::Rejected("not_utf8"),
                ListFormat::Domains => self.domain_line(raw, file, line, &mut lowered),
                ListFormat::Hosts => self.hosts_line(raw, file, line, &mut lowered),
                ListFormat::Urls => self.url_line(raw, file, line),
                ListFormat::Expressions => self.expression_line(raw, file, line),
                ListFormat::Adblock => {
                    self.parsed_line(super::formats::adblock_line(raw), file, line, &mut lowered)
                }
                ListFormat::Dnsmasq => {
                    self.parsed_line(super::formats::dnsmasq_line(raw), file, line, &mut lowered)
                }
                ListFormat::Rpz => {
                    let was_open = rpz.is_open();
                    let outcome = self.parsed_line(rpz.line(raw), file, line, &mut lowered);
                    if !was_open && rpz.is_open() {
                        rpz_opener = Some((line, raw, outcome));
                    }
                    outcome
                }
            };
            // Names a multi-name line refused while its other names became rules.
            for (name, code) in self.refused_names.drain(..) {
                if strict {
                    return Err(FilterError::RejectedLine {
                        file: label.to_owned(),
                        line,
                        reason: code.to_owned(),
                    });
                }
                report.rejected_names.push(RejectedLine {
                    line,
                    text: name,
                    code: code.to_owned(),
                });
            }
            match outcome {
                LineOutcome::Accepted => report.accepted += 1,
                LineOutcome::Ignored => report.ignored += 1,
                LineOutcome::Rejected(code) => {
                    if strict {
                        return Err(FilterError::RejectedLine {
                            file: label.to_owned(),
                            line,
                            reason: code.to_owned(),
                        });
                    }
                    report.rejected.push(RejectedLine {
                        line,
                        text: super::category::shorten(raw),
                        code: code.to_owned(),
                    });
                }
            }
        }
        if rpz.is_open()
            && let Some((line, raw, outcome)) = rpz_opener
        {
            // A `(` never closed: every line after it was read as part of its record. The
            // record is refused and reported at its line, never kept as if whole.
            let code = "rpz_unclosed_parenthesis";
            if strict {
                return Err(FilterError::RejectedLine {
                    file: label.to_owned(),
                    line,
                    reason: code.to_owned(),
                });
            }
            match outcome {
                LineOutcome::Accepted => {
                    report.accepted -= 1;
                    self.domains.retain(|(_, at)| {
                        *at != (file, line) && *at != (file, line | SUBDOMAINS_ONLY)
                    });
                }
                LineOutcome::Ignored => report.ignored -= 1,
                LineOutcome::Rejected(_) => report.rejected.retain(|r| r.line != line),
            }
            report.rejected.push(RejectedLine {
                line,
                text: super::category::shorten(raw),
                code: code.to_owned(),
            });
        }
        self.lists.push(ListMeta {
            label: label.into(),
            categories: categories.into(),
            named: true,
        });
        self.report.files.push(report.clone());
        Ok(report)
    }

    /// Marks the last list read as carrying categories the caller did not name (the
    /// embedded lists, a UT1 folder's mapping).
    pub(crate) fn unnamed_last(&mut self) {
        if let Some(last) = self.lists.last_mut() {
            last.named = false;
        }
    }

    /// Adds a warning to the last list read (in the load report and in `report`).
    pub(crate) fn warn_last(&mut self, report: &mut FileReport, warning: LoadWarning) {
        if let Some(last) = self.report.files.last_mut() {
            last.warnings.push(warning.clone());
        }
        report.warnings.push(warning);
    }

    fn domain_line(&mut self, raw: &str, file: u16, line: u32, buf: &mut String) -> LineOutcome {
        // Fast path: the line is already a canonical domain (one scan, no allocation).
        if raw.len() <= MAX_HOST_BYTES && is_plain_canonical_domain(raw.as_bytes()) {
            self.single_label |= !raw.as_bytes().contains(&b'.');
            self.domains
                .push((domain_hash(raw.as_bytes()), (file, line)));
            return LineOutcome::Accepted;
        }
        let Some(entry) = content(raw) else {
            return LineOutcome::Ignored;
        };
        if entry.bytes().any(|b| b.is_ascii_whitespace()) {
            return LineOutcome::Rejected("line_has_spaces");
        }
        match rule_host_hash(entry, buf) {
            Ok((hash, single)) => {
                self.single_label |= single;
                self.domains.push((hash, (file, line)));
                LineOutcome::Accepted
            }
            Err(code) => LineOutcome::Rejected(code),
        }
    }

    fn parsed_line(
        &mut self,
        parsed: super::formats::Parsed<'_>,
        file: u16,
        line: u32,
        buf: &mut String,
    ) -> LineOutcome {
        use super::formats::Parsed;
        match parsed {
            Parsed::Ignored => LineOutcome::Ignored,
            Parsed::Rejected(code) => LineOutcome::Rejected(code),
            Parsed::Url(entry) => self.url_line(entry, file, line),
            Parsed::Domains(names) => {
                let mut hashes = Vec::with_capacity(names.len());
                let mut refused = Vec::new();
                for name in names {
                    match rule_host_hash(name, buf) {
                        Ok((hash, single)) => {
                            self.single_label |= single;
                            let only_below = if name.starts_with("*.") {
                                SUBDOMAINS_ONLY
                            } else {
                                0
                            };
                            hashes.push((hash, only_below));
                        }
                        Err(code) => refused.push((name, code)),
                    }
                }
                if let Some(outcome) = self.refuse_names(hashes.is_empty(), refused) {
                    return outcome;
                }
                self.domains.extend(
                    hashes
                        .into_iter()
                        .map(|(h, only_below)| (h, (file, line | only_below))),
                );
                LineOutcome::Accepted
            }
        }
    }

    fn hosts_line(&mut self, raw: &str, file: u16, line: u32, buf: &mut String) -> LineOutcome {
        let Some(entry) = content(raw) else {
            return LineOutcome::Ignored;
        };
        let mut tokens = entry.split_whitespace();
        let Some(address) = tokens.next() else {
            return LineOutcome::Ignored;
        };
        if address.parse::<Ipv4Addr>().is_err() && address.parse::<Ipv6Addr>().is_err() {
            if super::formats::is_cidr(address) {
                return LineOutcome::Rejected("cidr_unsupported");
            }
            return LineOutcome::Rejected("hosts_line_without_address");
        }
        let blocks = super::formats::is_sinkhole(address);
        let mut hashes = Vec::new();
        let mut refused = Vec::new();
        let mut names = 0;
        let mut singles = false;
        for name in tokens {
            names += 1;
            if HOSTS_BOILERPLATE.contains(&name) {
                continue;
            }
            match rule_host_hash(name, buf) {
                Ok((hash, single)) => {
                    singles |= single;
                    hashes.push(hash);
                }
                Err(code) => refused.push((name, code)),
            }
        }
        if names == 0 {
            return LineOutcome::Rejected("hosts_line_without_name");
        }
        if hashes.is_empty() && refused.is_empty() {
            return LineOutcome::Ignored;
        }
        // A name pointed at a public address is sent to another site (a school's own
        // safe-search enforcement, `216.239.38.120 www.google.com`), not blocked.
        if !blocks && !hashes.is_empty() {
            return LineOutcome::Rejected("hosts_redirect_not_a_block");
        }
        if let Some(outcome) = self.refuse_names(hashes.is_empty(), refused) {
            return outcome;
        }
        self.single_label |= singles;
        self.domains
            .extend(hashes.into_iter().map(|h| (h, (file, line))));
        LineOutcome::Accepted
    }

    /// The names a line refused: with no good name left the whole line is rejected (with
    /// the first refused name's code, as a one-name line is); otherwise each refused name is
    /// kept for the report ([`FileReport::rejected_names`]) and the good ones stay rules.
    fn refuse_names(
        &mut self,
        nothing_left: bool,
        refused: Vec<(&str, &'static str)>,
    ) -> Option<LineOutcome> {
        let first = refused.first().map(|(_, code)| *code)?;
        if nothing_left {
            return Some(LineOutcome::Rejected(first));
        }
        self.refused_names.extend(
            refused
                .into_iter()
                .map(|(name, code)| (super::category::shorten(name), code)),
        );
        None
    }

    fn url_line(&mut self, raw: &str, file: u16, line: u32) -> LineOutcome {
        let Some(entry) = content(raw) else {
            return LineOutcome::Ignored;
        };
        if entry.bytes().any(|b| b.is_ascii_whitespace()) {
            return LineOutcome::Rejected("line_has_spaces");
        }
        if super::formats::is_cidr(entry) {
            return LineOutcome::Rejected("cidr_unsupported");
        }
        match url_rule_parts(entry) {
            Ok((hash, prefix, single)) => {
                self.single_label |= single;
                self.urls.push((
                    hash,
                    UrlRule {
                        prefix: prefix.into_boxed_str(),
                        file,
                        line,
                    },
                ));
                LineOutcome::Accepted
            }
            Err(code) => LineOutcome::Rejected(code),
        }
    }

    fn expression_line(&mut self, raw: &str, file: u16, line: u32) -> LineOutcome {
        let entry = raw.trim();
        if entry.is_empty() || entry.starts_with('#') {
            return LineOutcome::Ignored;
        }
        match super::expressions::check(entry) {
            Ok(()) => {
                self.expressions.push((entry.to_owned(), file, line));
                LineOutcome::Accepted
            }
            Err(code) => LineOutcome::Rejected(code),
        }
    }
}

/// Names in hosts files that are not rules.
const HOSTS_BOILERPLATE: &[&str] = &[
    "localhost",
    "localhost.localdomain",
    "local",
    "broadcasthost",
    "0.0.0.0",
    // The IPv6 names of a system hosts file (only these: `ip6-bad.test` is a rule).
    "ip6-localhost",
    "ip6-loopback",
    "ip6-localnet",
    "ip6-mcastprefix",
    "ip6-allnodes",
    "ip6-allrouters",
    "ip6-allhosts",
];

/// The rule part of a line: `None` for blank lines and comments; inline `#` comments after
/// whitespace are dropped.
fn content(raw: &str) -> Option<&str> {
    let mut entry = raw.trim();
    if let Some(pos) = entry.find(" #").or_else(|| entry.find("\t#")) {
        entry = entry.get(..pos).unwrap_or(entry).trim_end();
    }
    if entry.is_empty() || entry.starts_with('#') {
        None
    } else {
        Some(entry)
    }
}

/// The canonical host of a domain-list entry, as the index hash.
///
/// Accepts `*.` and `.` prefixes, a trailing dot, upper case, IDN, punycode, IPv4 in any
/// WHATWG form and IPv6 with or without brackets. Returns a rejection code otherwise.
pub(crate) fn rule_host_hash(entry: &str, buf: &mut String) -> Result<(u64, bool), &'static str> {
    let entry = entry
        .strip_prefix("*.")
        .or_else(|| entry.strip_prefix('.'))
        .unwrap_or(entry);
    let trimmed = entry.strip_suffix('.').unwrap_or(entry);
    if is_plain_canonical_domain(trimmed.as_bytes()) {
        host_fits(trimmed)?;
        return Ok((domain_hash(trimmed.as_bytes()), !trimmed.contains('.')));
    }
    if super::formats::is_cidr(entry) {
        return Err("cidr_unsupported");
    }
    if entry.contains('/') {
        return Err("line_has_path");
    }
    let (host, kind) = canonical_rule_host(entry)?;
    buf.clear();
    buf.push_str(&host);
    Ok((
        domain_hash(buf.as_bytes()),
        kind == HostKind::Domain && !host.contains('.'),
    ))
}

/// Refuses a rule host longer than a DNS name can be (`host_too_long`): no request could
/// reach it, and queries hash suffixes only up to that length.
pub(crate) fn host_fits(host: &str) -> Result<(), &'static str> {
    if host.len() > MAX_HOST_BYTES {
        Err("host_too_long")
    } else {
        Ok(())
    }
}

/// Canonicalises a rule host through the WHATWG host parser.
pub(crate) fn canonical_rule_host(entry: &str) -> Result<(String, HostKind), &'static str> {
    if entry.contains(':') && !entry.starts_with('[') {
        return entry
            .parse::<Ipv6Addr>()
            .map(|ip| (ip.to_string(), HostKind::Ipv6))
            .map_err(|_| "invalid_host");
    }
    if entry.contains(['@', '?', '#', '\\']) {
        return Err("invalid_host");
    }
    match url::Host::parse(entry) {
        Ok(url::Host::Domain(d)) => {
            let d = d.trim_end_matches('.');
            // The WHATWG parser keeps `*`, `,`, `;`, `$`, `~` and empty or overlong
            // labels, none of which a DNS name has: such a line (`ads.*.test`,
            // `1,google.com` from a CSV) would be a rule that never matches.
            if d.is_empty() {
                Err("empty_host")
            } else if !d
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            {
                Err("invalid_host_character")
            } else if d.split('.').any(|l| l.is_empty() || l.len() > 63) {
                Err("invalid_host_label")
            } else if d.len() > MAX_HOST_BYTES {
                Err("host_too_long")
            } else {
                Ok((d.to_owned(), HostKind::Domain))
            }
        }
        Ok(url::Host::Ipv4(ip)) => Ok((ip.to_string(), HostKind::Ipv4)),
        Ok(url::Host::Ipv6(ip)) => Ok((ip.to_string(), HostKind::Ipv6)),
        Err(url::ParseError::InvalidIpv4Address) => Err("invalid_ipv4"),
        Err(url::ParseError::InvalidIpv6Address) => Err("invalid_ipv6"),
        Err(_) => Err("invalid_host"),
    }
}

/// Host hash and path prefix of a `urls` line (or of an override / policy target).
pub(crate) fn url_rule_parts(entry: &str) -> Result<(u64, String, bool), &'static str> {
    let url = CanonicalUrl::parse(entry).map_err(|e| e.code())?;
    let host = match url.host.strip_prefix("www.") {
        Some(rest) if url.host_kind == HostKind::Domain && rest.contains('.') => rest,
        _ => url.host.as_str(),
    };
    host_fits(host)?;
    let mut prefix = url.path;
    if let Some(q) = url.query {
        prefix.push('?');
        prefix.push_str(&q);
    }
    let prefix = super::matcher::fold_prefix(&prefix);
    let single = url.host_kind == HostKind::Domain && !host.contains('.');
    Ok((domain_hash(host.as_bytes()), prefix, single))
}

/// The list format and categories of a file in a UT1 directory, from its relative path
/// (`<folder>/<file>` or `global_usage`).
///
/// # Errors
///
/// [`FilterError::UnknownListFormat`] for a file name that is not a UT1 list.
pub fn ut1_file_kind(path: &str) -> Result<(ListFormat, Vec<Category>), FilterError> {
    let normalised = path.replace('\\', "/");
    let mut parts = normalised.rsplitn(2, '/');
    let name = parts.next().unwrap_or("");
    let folder = parts.next().map(|f| f.rsplit('/').next().unwrap_or(f));
    let format = match name {
        "domains" => ListFormat::Domains,
        "urls" => ListFormat::Urls,
        "expressions" | "very_restrictive_expression" => ListFormat::Expressions,
        "usage" | "global_usage" => ListFormat::Metadata,
        n if n.starts_with("domains.") => ListFormat::Domains,
        _ => {
            return Err(FilterError::UnknownListFormat {
                format: super::category::shorten(path),
                hint: ": a UT1 list file is named `domains`, `urls`, `expressions` or `usage`"
                    .to_owned(),
            });
        }
    };
    let categories = match (format, folder) {
        (ListFormat::Metadata, _) | (_, None) => Vec::new(),
        (_, Some(folder)) => ut1_categories(folder),
    };
    Ok((format, categories))
}

/// The folder of a UT1 list path (`gambling` of `ut1/gambling/domains`), if it has one.
pub(crate) fn ut1_folder(path: &str) -> Option<&str> {
    let (folder, _) = path.rsplit_once(['/', '\\'])?;
    let folder = folder.rsplit(['/', '\\']).next().unwrap_or(folder);
    (!folder.is_empty()).then_some(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tables(format: ListFormat, text: &str) -> (RuleTables, FileReport) {
        let mut t = RuleTables::default();
        let r = t
            .add("test", format, &[Category::Gambling], text, false)
            .unwrap();
        (t, r)
    }

    #[test]
    fn domains_accept_variants() {
        let text = "example.com\n*.wild.test\n.dot.test\nUPPER.Test.\nbücher.example\nxn--bcher-kva.example\n10.0.0.1\n[::1]\n::2\n\n# c\n";
        let (t, r) = tables(ListFormat::Domains, text);
        assert_eq!(r.accepted, 9, "{r:?}");
        assert_eq!(r.ignored, 2);
        assert!(r.accounts_for_every_line());
        assert_eq!(t.domains[1].0, domain_hash(b"wild.test"));
        assert_eq!(t.domains[3].0, domain_hash(b"upper.test"));
        assert_eq!(t.domains[4].0, t.domains[5].0);
        assert_eq!(t.domains[6].0, domain_hash(b"10.0.0.1"));
    }

    #[test]
    fn domains_reject_with_codes() {
        let (_, r) = tables(
            ListFormat::Domains,
            "a b\nexample.com/path\nbad..host\nx@y.test\n999.1.1.1\n",
        );
        let codes: Vec<&str> = r.rejected.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes[0], "line_has_spaces");
        assert_eq!(codes[1], "line_has_path");
        assert_eq!(r.rejected.len() as u64 + r.accepted, 5, "{r:?}");
        assert!(codes.contains(&"invalid_host"));
        assert!(codes.contains(&"invalid_ipv4"));
        assert!(r.accounts_for_every_line());
    }

    #[test]
    fn hosts_files() {
        let text =
            "127.0.0.1 localhost\n0.0.0.0 ads.test tracker.test # x\nads.test\n::1 ip6-localhost\n";
        let (t, r) = tables(ListFormat::Hosts, text);
        assert_eq!((r.accepted, r.ignored, r.rejected.len()), (1, 2, 1));
        assert_eq!(t.domains.len(), 2);
        assert_eq!(r.rejected[0].code, "hosts_line_without_address");
    }

    #[test]
    fn an_rpz_parenthesis_never_closed_is_reported_at_its_line() {
        let text = "$ORIGIN rpz.school.\nok.test CNAME .\nbad.test TXT ( \"never closed\"\nlost.test CNAME .\n";
        let (t, r) = tables(ListFormat::Rpz, text);
        assert_eq!((r.lines, r.accepted, r.ignored), (4, 1, 2), "{r:?}");
        assert!(r.accounts_for_every_line());
        assert_eq!(
            (r.rejected[0].line, r.rejected[0].code.as_str()),
            (3, "rpz_unclosed_parenthesis")
        );
        assert_eq!(t.domains.len(), 1, "the unclosed record is no rule");
        // An SOA left open: the zone boilerplate line is the one reported.
        let (_, r) = tables(ListFormat::Rpz, "@ SOA a. b. ( 1 2 3\nx.test CNAME .\n");
        assert_eq!(
            (r.accepted, r.ignored, r.rejected.len()),
            (0, 1, 1),
            "{r:?}"
        );
        assert_eq!(r.rejected[0].line, 1);
        // Closed on a later line: nothing to report.
        let (_, r) = tables(
            ListFormat::Rpz,
            "@ SOA a. b. ( 1 2 3\n 4 5 )\nx.test CNAME .\n",
        );
        assert_eq!(
            (r.accepted, r.ignored, r.rejected.len()),
            (1, 2, 0),
            "{r:?}"
        );
        let mut tables = RuleTables::default();
        let strict = tables.add(
            "z",
            ListFormat::Rpz,
            &[Category::Gambling],
            "x.test TXT (\n",
            true,
        );
        assert_eq!(strict.unwrap_err().code(), "filter_rejected_line");
    }

    #[test]
    fn a_hosts_line_to_a_public_address_is_no_block() {
        let text = "216.239.38.120 www.google.com
0.0.0.0 a.test
:: b.test
127.0.0.1 c.test
                    192.168.1.5 d.test
10.0.0.1 e.test
2001:4860:4802:32::78 www.youtube.com
                    ff02::1 ip6-allnodes
255.255.255.255 broadcasthost
";
        let (t, r) = tables(ListFormat::Hosts, text);
        assert_eq!((r.accepted, r.ignored), (5, 2), "{r:?}");
        let rejected: Vec<(u32, &str)> = r
            .rejected
            .iter()
            .map(|x| (x.line, x.code.as_str()))
            .collect();
        assert_eq!(
            rejected,
            [
                (1, "hosts_redirect_not_a_block"),
                (7, "hosts_redirect_not_a_block")
            ]
        );
        assert_eq!(t.domains.len(), 5);
    }

    #[test]
    fn urls_and_expressions() {
        let (t, r) = tables(
            ListFormat::Urls,
            "www.example.com/a/%7eb\nhttp://x.test/p?q=1\n",
        );
        assert_eq!(r.accepted, 2);
        assert_eq!(t.urls[0].0, domain_hash(b"example.com"));
        assert_eq!(&*t.urls[0].1.prefix, "/a/~b");
        assert_eq!(&*t.urls[1].1.prefix, "/p?q=1");
        let (t, r) = tables(ListFormat::Expressions, "google\\..*/search\n(unclosed\n");
        assert_eq!((r.accepted, r.rejected.len()), (1, 1));
        assert_eq!(t.expressions.len(), 1);
    }

    #[test]
    fn replaced_bytes_are_refused_in_every_format() {
        let formats = [
            ListFormat::Domains,
            ListFormat::Hosts,
            ListFormat::Urls,
            ListFormat::Expressions,
            ListFormat::Adblock,
            ListFormat::Dnsmasq,
        ];
        let lines = [
            "caf\u{FFFD}.test",
            "0.0.0.0 caf\u{FFFD}.test",
            "caf\u{FFFD}.test/p",
            "caf\u{FFFD}",
            "||caf\u{FFFD}.test^",
            "address=/caf\u{FFFD}.test/0.0.0.0",
        ];
        for (format, line) in formats.into_iter().zip(lines) {
            let (_, r) = tables(format, &format!("{line}\n"));
            assert_eq!(r.accepted, 0, "{format:?}");
            assert_eq!(r.rejected[0].code, "not_utf8", "{format:?}");
        }
    }

    #[test]
    fn strict_mode_stops() {
        let mut t = RuleTables::default();
        let err = t
            .add("s", ListFormat::Domains, &[], "ok.test\nbad line\n", true)
            .unwrap_err();
        assert_eq!(err.code(), "filter_rejected_line");
        assert!(err.to_string().contains(":2"), "{err}");
    }

    #[test]
    fn ut1_kinds() {
        assert_eq!(
            ut1_file_kind("gambling/domains").unwrap().0,
            ListFormat::Domains
        );
        assert_eq!(
            ut1_file_kind("x/ut1/adult/urls").unwrap().1,
            vec![Category::Pornography]
        );
        assert_eq!(ut1_file_kind("bank/usage").unwrap().0, ListFormat::Metadata);
        assert_eq!(
            ut1_file_kind("global_usage").unwrap().0,
            ListFormat::Metadata
        );
        assert!(ut1_file_kind("bank/README").is_err());
    }
}
