//! `parseUrl` for Kotlin and Swift.

use crate::errors::{EsafetyError, from_core};

/// The kind of host a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum HostKind {
    /// A domain name (punycode).
    Domain,
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address (without brackets).
    Ipv6,
}

/// A canonical web address (WHATWG semantics).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CanonicalUrl {
    /// Lower-case scheme.
    pub scheme: String,
    /// Lower-case ASCII host: punycode, no trailing dot, IPv6 without brackets.
    pub host: String,
    /// Whether the host is a domain or an IP literal.
    pub host_kind: HostKind,
    /// The effective port.
    pub port: Option<u16>,
    /// The path.
    pub path: String,
    /// The query without `?`, or none.
    pub query: Option<String>,
    /// The canonical serialisation.
    pub href: String,
}

impl From<esafety_core::CanonicalUrl> for CanonicalUrl {
    fn from(u: esafety_core::CanonicalUrl) -> Self {
        CanonicalUrl {
            host_kind: match u.host_kind {
                esafety_core::HostKind::Domain => HostKind::Domain,
                esafety_core::HostKind::Ipv4 => HostKind::Ipv4,
                esafety_core::HostKind::Ipv6 => HostKind::Ipv6,
            },
            scheme: u.scheme,
            host: u.host,
            port: u.port,
            path: u.path,
            query: u.query,
            href: u.href,
        }
    }
}

/// Canonicalises a web address; throws `EsafetyException.Url` with a `code`.
#[uniffi::export]
pub fn parse_url(url: String) -> Result<CanonicalUrl, EsafetyError> {
    esafety_core::CanonicalUrl::parse(&url)
        .map(CanonicalUrl::from)
        .map_err(|e| from_core(&e))
}
