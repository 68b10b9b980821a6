//! WHATWG URL canonicalisation: the one place where a web address becomes comparable.
//!
//! Parsing follows the [WHATWG URL Standard](https://url.spec.whatwg.org/) through the
//! well-kept [`url`] crate (the same algorithm browsers use), so the filter sees the host a
//! browser would actually contact. On top of WHATWG, esafety:
//!
//! * accepts scheme-less input (`example.com/a` is read as `http://example.com/a`);
//! * removes the trailing dot of a fully qualified host (`example.com.` is `example.com`);
//! * drops user info and fragment (`http://good.test@bad.test/#x` is host `bad.test`);
//! * reports the effective port (the scheme's default when none is written);
//! * decodes percent-encoded *unreserved* characters in the path (`/%7Euser` is `/~user`)
//!   and upper-cases the hex digits of every other escape, so two spellings of one path
//!   compare equal.
//!
//! What WHATWG already guarantees: lower-case scheme and host, IDNA to punycode,
//! percent-decoded hosts, IPv4 in decimal, octal, hex and short forms rewritten as
//! dotted quads, compressed IPv6, default ports removed, `.` and `..` segments resolved,
//! backslashes read as slashes in special schemes.
//!
//! # Example
//!
//! ```
//! use esafety_core::canonical_url::{CanonicalUrl, HostKind};
//!
//! let url = CanonicalUrl::parse("http://0x7f.1/%7Eadmin")?;
//! assert_eq!(url.host, "127.0.0.1");
//! assert_eq!(url.host_kind, HostKind::Ipv4);
//! assert_eq!(url.path, "/~admin");
//! # Ok::<(), esafety_core::canonical_url::UrlError>(())
//! ```

use crate::error::ErrorCode;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Longest input accepted, in bytes. Longer input is refused with [`UrlError::TooLong`]
/// rather than parsed, so a hostile log line cannot make a single check expensive.
pub const MAX_URL_BYTES: usize = 65_536;

/// Schemes that are read as written even without `//` (everything else without `://` is
/// treated as scheme-less and gets `http://` in front).
const KNOWN_SCHEMES: &[&str] = &[
    "http",
    "https",
    "ws",
    "wss",
    "ftp",
    "file",
    "mailto",
    "javascript",
    "data",
    "about",
    "blob",
    "tel",
    "sms",
    "view-source",
];

crate::ids::closed_ids! {
    /// The kind of host a URL names.
    #[derive(Serialize, Deserialize, schemars::JsonSchema)]
    #[serde(rename_all = "snake_case")]
    HostKind {
        /// A domain name, in ASCII (punycode) form.
        Domain = "domain",
        /// An IPv4 address, as a dotted quad.
        Ipv4 = "ipv4",
        /// An IPv6 address, compressed, without brackets.
        Ipv6 = "ipv6",
    }
}

/// A canonical web address: the parts a filter compares, in one spelling.
///
/// Build it with [`CanonicalUrl::parse`]. The value is immutable and cheap to clone.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CanonicalUrl {
    /// Lower-case scheme, for example `https`.
    pub scheme: String,
    /// Lower-case ASCII host: punycode for internationalised names, no trailing dot, IPv6
    /// without brackets.
    pub host: String,
    /// Whether [`CanonicalUrl::host`] is a domain or an IP literal.
    pub host_kind: HostKind,
    /// The effective port: the written one, or the scheme's default (`None` only for
    /// schemes that have no default).
    pub port: Option<u16>,
    /// The path, starting with `/`, dot segments resolved, unreserved escapes decoded.
    pub path: String,
    /// The query without the leading `?`, or `None` when the URL has no `?`.
    pub query: Option<String>,
    /// The canonical serialisation: scheme, host, non-default port, path and query
    /// (never user info or fragment).
    pub href: String,
}

/// Why a string is not a usable web address.
///
/// Every variant carries the offending input (at most 200 characters of it) for the
/// message; [`ErrorCode::code`] gives the stable snake_case code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UrlError {
    /// The input is empty or only whitespace.
    #[error("url is empty")]
    Empty,
    /// The input is longer than [`MAX_URL_BYTES`].
    #[error("url is longer than {MAX_URL_BYTES} bytes")]
    TooLong,
    /// The host is empty (`http:///path`).
    #[error("url `{input}` has an empty host")]
    EmptyHost {
        /// The input, shortened.
        input: String,
    },
    /// The URL names no host at all (`mailto:`, `javascript:`, `file:///`), or is only a
    /// path (`/index.html`, `///index.html`).
    #[error("url `{input}` names no host")]
    NoHost {
        /// The input, shortened.
        input: String,
    },
    /// The host contains characters no domain may contain, or is an internationalised
    /// name that is not valid IDNA (bad punycode, forbidden code points).
    #[error("url `{input}` has an invalid host")]
    InvalidHost {
        /// The input, shortened.
        input: String,
    },
    /// The port is not a number from 0 to 65535.
    #[error("url `{input}` has an invalid port")]
    InvalidPort {
        /// The input, shortened.
        input: String,
    },
    /// The host looks like an IPv4 address but is not a valid one.
    #[error("url `{input}` has an invalid ipv4 address")]
    InvalidIpv4 {
        /// The input, shortened.
        input: String,
    },
    /// The bracketed IPv6 address is not valid.
    #[error("url `{input}` has an invalid ipv6 address")]
    InvalidIpv6 {
        /// The input, shortened.
        input: String,
    },
    /// Any other WHATWG parse failure.
    #[error("`{input}` is not a valid url")]
    Invalid {
        /// The input, shortened.
        input: String,
    },
}

impl ErrorCode for UrlError {
    fn code(&self) -> &'static str {
        match self {
            UrlError::Empty => "url_empty",
            UrlError::TooLong => "url_too_long",
            UrlError::EmptyHost { .. } => "url_empty_host",
            UrlError::NoHost { .. } => "url_no_host",
            UrlError::InvalidHost { .. } => "url_invalid_host",
            UrlError::InvalidPort { .. } => "url_invalid_port",
            UrlError::InvalidIpv4 { .. } => "url_invalid_ipv4",
            UrlError::InvalidIpv6 { .. } => "url_invalid_ipv6",
            UrlError::Invalid { .. } => "url_invalid",
        }
    }

    fn domain(&self) -> &'static str {
        "url"
    }
}

impl CanonicalUrl {
    /// Parses and canonicalises a web address.
    ///
    /// # Errors
    ///
    /// A [`UrlError`] when the input is empty, too long, names no host, or fails WHATWG
    /// parsing (bad host, IDNA, port, IPv4 or IPv6).
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::{CanonicalUrl, ErrorCode};
    ///
    /// let url = CanonicalUrl::parse("bücher.example/Straße")?;
    /// assert_eq!(url.host, "xn--bcher-kva.example");
    /// assert_eq!(url.href, "http://xn--bcher-kva.example/Stra%C3%9Fe");
    ///
    /// let err = CanonicalUrl::parse("http://example.com:99999/").unwrap_err();
    /// assert_eq!(err.code(), "url_invalid_port");
    /// # Ok::<(), esafety_core::UrlError>(())
    /// ```
    pub fn parse(input: &str) -> Result<CanonicalUrl, UrlError> {
        // Spaces and characters that show nothing (a byte-order mark from a saved list, a
        // zero-width space from a copy) at either end are not part of the address: read
        // with them, `\u{FEFF}http://x.test/` would name the host `http`.
        let trimmed =
            input.trim_matches(|c: char| c.is_whitespace() || crate::invisible::is_invisible(c));
        if trimmed.is_empty() {
            return Err(UrlError::Empty);
        }
        if trimmed.len() > MAX_URL_BYTES {
            return Err(UrlError::TooLong);
        }
        if is_path_only(trimmed) {
            return Err(UrlError::NoHost {
                input: shorten(trimmed),
            });
        }
        let with_scheme = add_default_scheme(trimmed);
        let parsed = url::Url::parse(&with_scheme).map_err(|e| map_parse_error(e, trimmed))?;
        let (host, host_kind) = match parsed.host() {
            Some(url::Host::Domain(d)) => {
                let d = d.trim_end_matches('.');
                if d.is_empty() {
                    return Err(UrlError::EmptyHost {
                        input: shorten(trimmed),
                    });
                }
                (d.to_owned(), HostKind::Domain)
            }
            Some(url::Host::Ipv4(ip)) => (ip.to_string(), HostKind::Ipv4),
            Some(url::Host::Ipv6(ip)) => (ip.to_string(), HostKind::Ipv6),
            None => {
                return Err(UrlError::NoHost {
                    input: shorten(trimmed),
                });
            }
        };
        let scheme = parsed.scheme().to_owned();
        let port = parsed.port_or_known_default();
        let path = normalise_percent_escapes(parsed.path()).into_owned();
        let query = parsed.query().map(str::to_owned);
        let href = serialise(
            &scheme,
            &host,
            host_kind,
            parsed.port(),
            &path,
            query.as_deref(),
        );
        Ok(CanonicalUrl {
            scheme,
            host,
            host_kind,
            port,
            path,
            query,
            href,
        })
    }
}

impl std::str::FromStr for CanonicalUrl {
    type Err = UrlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CanonicalUrl::parse(s)
    }
}

/// Whether scheme-less input is only a path: one leading slash (`/index.html`,
/// `/search?q=x`: a web server's request target, relative to a host it does not name) or
/// three or more (`///index.html`: an empty authority, then a path). WHATWG parses neither
/// without a base URL; read with `http://` in front, their first segment would become the
/// host. Exactly two slashes (`//cdn.example.org/lib.js`) name a host and are kept. A
/// backslash counts as a slash, as WHATWG reads it in `http` URLs.
fn is_path_only(input: &str) -> bool {
    let slashes = input
        .bytes()
        .take_while(|b| matches!(b, b'/' | b'\\'))
        .count();
    slashes == 1 || slashes > 2
}

/// Puts `http://` in front of input that has no scheme of its own.
fn add_default_scheme(input: &str) -> Cow<'_, str> {
    if input.starts_with("//") {
        return Cow::Owned(format!("http:{input}"));
    }
    if let Some((candidate, rest)) = input.split_once(':') {
        let looks_like_scheme = candidate
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
            && candidate
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        if looks_like_scheme
            && (rest.starts_with("//")
                || rest.starts_with("\\\\")
                || KNOWN_SCHEMES
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(candidate)))
        {
            return Cow::Borrowed(input);
        }
    }
    Cow::Owned(format!("http://{input}"))
}

fn map_parse_error(error: url::ParseError, input: &str) -> UrlError {
    let input = shorten(input);
    match error {
        url::ParseError::EmptyHost => UrlError::EmptyHost { input },
        url::ParseError::InvalidPort => UrlError::InvalidPort { input },
        url::ParseError::InvalidIpv4Address => UrlError::InvalidIpv4 { input },
        url::ParseError::InvalidIpv6Address => UrlError::InvalidIpv6 { input },
        url::ParseError::IdnaError | url::ParseError::InvalidDomainCharacter => {
            UrlError::InvalidHost { input }
        }
        _ => UrlError::Invalid { input },
    }
}

/// Keeps error messages short whatever the input.
fn shorten(input: &str) -> String {
    const LIMIT: usize = 200;
    match input.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}…", input.get(..cut).unwrap_or(input)),
        None => input.to_owned(),
    }
}

/// Decodes `%XX` escapes of unreserved characters (RFC 3986 §2.3) and upper-cases the hex
/// digits of every other escape. Borrows when nothing changes.
fn normalise_percent_escapes(path: &str) -> Cow<'_, str> {
    if !path.contains('%') {
        return Cow::Borrowed(path);
    }
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let (Some(hi), Some(lo)) = (
                bytes.get(i + 1).and_then(|h| hex_value(*h)),
                bytes.get(i + 2).and_then(|l| hex_value(*l)),
            )
        {
            let value = hi * 16 + lo;
            if value.is_ascii_alphanumeric() || matches!(value, b'-' | b'.' | b'_' | b'~') {
                out.push(char::from(value));
            } else {
                out.push('%');
                for digit in [hi, lo] {
                    let hex = HEX_UPPER.get(usize::from(digit)).copied().unwrap_or(b'0');
                    out.push(char::from(hex));
                }
            }
            i += 3;
            continue;
        }
        // The path is ASCII after WHATWG serialisation, so byte-wise copying is exact.
        out.push(char::from(b));
        i += 1;
    }
    Cow::Owned(out)
}

const HEX_UPPER: [u8; 16] = *b"0123456789ABCDEF";

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn serialise(
    scheme: &str,
    host: &str,
    host_kind: HostKind,
    explicit_port: Option<u16>,
    path: &str,
    query: Option<&str>,
) -> String {
    let mut href = String::with_capacity(scheme.len() + host.len() + path.len() + 16);
    href.push_str(scheme);
    href.push_str("://");
    if host_kind == HostKind::Ipv6 {
        href.push('[');
        href.push_str(host);
        href.push(']');
    } else {
        href.push_str(host);
    }
    if let Some(port) = explicit_port {
        href.push(':');
        href.push_str(&port.to_string());
    }
    href.push_str(path);
    if let Some(q) = query {
        href.push('?');
        href.push_str(q);
    }
    href
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn host(input: &str) -> String {
        CanonicalUrl::parse(input).unwrap().host
    }

    #[test]
    fn scheme_less_input_gets_http() {
        let url = CanonicalUrl::parse("example.com:8080/a").unwrap();
        assert_eq!(url.scheme, "http");
        assert_eq!(url.port, Some(8080));
        assert_eq!(url.path, "/a");
    }

    #[test]
    fn userinfo_is_not_the_host() {
        assert_eq!(host("http://good.test@bad.test/"), "bad.test");
        assert_eq!(host("http://good.test:pw@bad.test/"), "bad.test");
    }

    #[test]
    fn ipv4_shapes_are_canonical() {
        for form in [
            "http://2130706433/",
            "http://0x7f000001/",
            "http://0177.0.0.1/",
            "http://127.1/",
        ] {
            assert_eq!(host(form), "127.0.0.1", "{form}");
        }
    }

    #[test]
    fn trailing_dots_go() {
        assert_eq!(host("http://Example.COM./"), "example.com");
    }

    #[test]
    fn path_escapes_are_normalised() {
        let url = CanonicalUrl::parse("http://a.test/%7e%41%2f%2a").unwrap();
        assert_eq!(url.path, "/~A%2F%2A");
    }

    #[test]
    fn mailto_has_no_host() {
        let err = CanonicalUrl::parse("mailto:head@school.test").unwrap_err();
        assert_eq!(err.code(), "url_no_host");
        assert_eq!(err.domain(), "url");
    }

    #[test]
    fn a_path_alone_names_no_host() {
        for input in [
            "/index.html",
            "/search?q=how+to+kill+myself",
            "/pornhub.com/x",
            "\\index.html",
            "///index.html",
            "/",
        ] {
            let err = CanonicalUrl::parse(input).unwrap_err();
            assert_eq!(err.code(), "url_no_host", "{input}");
        }
        assert_eq!(host("//cdn.example.org/lib.js"), "cdn.example.org");
        assert_eq!(host("\\\\cdn.example.org/lib.js"), "cdn.example.org");
        assert_eq!(host("http:///index.html"), "index.html");
    }

    #[test]
    fn messages_are_short() {
        let long = format!("http://{}:99999/", "a".repeat(1000));
        let err = CanonicalUrl::parse(&long).unwrap_err();
        assert!(err.to_string().len() < 260, "{}", err);
    }

    proptest! {
        /// Canonicalisation is idempotent: parsing the canonical form gives it back.
        #[test]
        fn canonical_form_is_a_fixed_point(input in "[a-zA-Z0-9./:%@?#~_-]{0,40}") {
            if let Ok(url) = CanonicalUrl::parse(&input) {
                let again = CanonicalUrl::parse(&url.href).unwrap();
                prop_assert_eq!(again, url);
            }
        }

        /// No input makes the parser panic.
        #[test]
        fn never_panics(input in "\\PC{0,80}") {
            let _ = CanonicalUrl::parse(&input);
        }
    }
}
