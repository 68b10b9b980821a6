//! Who is behind a log line: an [`AudienceMap`] (users and client addresses to audiences)
//! and its [`AudienceLookup`], which places each line.

use super::squid_log::SquidEntry;
use super::{Audience, FilterError};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;

/// Who is behind a log line: by user name, then by client address or address prefix,
/// else a default.
///
/// Read it with [`AudienceMap::from_json`], which refuses a key no log line can match
/// ([`FilterError::InvalidAudienceKey`]); place lines with its [`AudienceMap::lookup`],
/// which reads every key once (and refuses such a key in a map built field by field).
///
/// # Example
///
/// ```
/// use esafety_core::filter::{Audience, squid_log::{AudienceMap, parse_native_line}};
///
/// let map = AudienceMap::from_json(
///     r#"{"default": "ks3", "users": {"SCHOOL\\jsmith": "staff"}, "clients": {"10.0.5.": "ks1"}}"#,
/// )?;
/// let lookup = map.lookup()?;
/// let line = "1764064800.1 1 ::ffff:10.0.5.7 TCP_MISS/200 1 GET http://a.test/ - - -";
/// assert_eq!(lookup.audience_of(&parse_native_line(line)?), Audience::Ks1);
/// let line = "1764064800.1 1 10.9.9.9 TCP_MISS/200 1 GET http://a.test/ SCHOOL%5cjsmith - -";
/// assert_eq!(lookup.audience_of(&parse_native_line(line)?), Audience::Staff);
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
        map.lookup()?;
        Ok(map)
    }

    /// The map ready to place log lines: every key read once.
    ///
    /// # Errors
    ///
    /// [`FilterError::InvalidAudienceKey`] for a key no log line can match (see
    /// [`AudienceMap::from_json`]).
    pub fn lookup(&self) -> Result<AudienceLookup<'_>, FilterError> {
        let unusable = |key: &str, reason: String| FilterError::InvalidAudienceKey {
            key: super::category::shorten(key),
            reason,
        };
        if let Some(user) = self.users.keys().find(|u| u.trim().is_empty()) {
            return Err(unusable(
                user,
                "a user name is empty (a line without a user is placed by its client)".to_owned(),
            ));
        }
        let mut lookup = AudienceLookup {
            map: self,
            addresses: HashMap::new(),
            prefixes: Vec::new(),
            names: Vec::new(),
        };
        for (key, &audience) in &self.clients {
            match client_key(key).map_err(|reason| unusable(key, reason))? {
                // Two keys for one address (`10.0.2.15`, `::ffff:10.0.2.15`): the first in
                // key order, as the map lists them.
                ClientKey::Address(ip) => {
                    lookup.addresses.entry(ip).or_insert(audience);
                }
                ClientKey::Prefix(p) => lookup.prefixes.push((p, audience)),
                ClientKey::Name(n) => lookup.names.push((n, audience)),
            }
        }
        // Longest first; a stable sort keeps key order among keys of one length.
        lookup
            .prefixes
            .sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        lookup
            .names
            .sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        Ok(lookup)
    }
}

/// An [`AudienceMap`] with its keys read, placing log lines (from [`AudienceMap::lookup`]).
#[derive(Debug, Clone)]
pub struct AudienceLookup<'a> {
    map: &'a AudienceMap,
    addresses: HashMap<IpAddr, Audience>,
    /// Address prefixes (`10.0.2.`), longest first.
    prefixes: Vec<(&'a str, Audience)>,
    /// Client name starts, longest first.
    names: Vec<(&'a str, Audience)>,
}

impl AudienceLookup<'_> {
    /// The audience of an entry: its user, else its client's address, else the longest
    /// prefix that matches the client, else the map's default.
    pub fn audience_of(&self, entry: &SquidEntry) -> Audience {
        if let Some(user) = &entry.user {
            let decoded = || {
                percent_encoding::percent_decode_str(user)
                    .decode_utf8()
                    .ok()
                    .filter(|d| d != user)
            };
            let found = self
                .map
                .users
                .get(user)
                .or_else(|| decoded().and_then(|d| self.map.users.get(d.as_ref())));
            if let Some(a) = found {
                return *a;
            }
        }
        let longest = |keys: &[(&str, Audience)], client: &str| {
            keys.iter()
                .find(|(k, _)| client.starts_with(k))
                .map(|(_, a)| *a)
        };
        let found = match entry.client.parse::<IpAddr>().ok().map(unmapped) {
            Some(ip) => match self.addresses.get(&ip) {
                Some(a) => Some(*a),
                None => match ip {
                    IpAddr::V4(v4) => longest(&self.prefixes, &v4.to_string()),
                    IpAddr::V6(_) => None,
                },
            },
            None => longest(&self.names, &entry.client),
        };
        found.unwrap_or(self.map.default)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::filter::squid_log::parse_native_line;

    #[test]
    fn audiences_by_user_then_longest_prefix() {
        let doc: AudienceMap = serde_json::from_str(
            r#"{"default": "guest", "users": {"t1": "staff"}, "clients": {"10.0.": "ks3", "10.0.1.": "ks1"}}"#,
        )
        .unwrap();
        let map = doc.lookup().unwrap();
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
        let doc = AudienceMap::from_json(
            r#"{"default": "guest", "users": {"SCHOOL\\jsmith": "staff", "a+b": "ks4"},
                "clients": {"10.0.5.": "ks1", "10.0.2.1": "ks3", "fd00::5": "ks4", "lab1-": "ks2"}}"#,
        )
        .unwrap();
        let map = doc.lookup().unwrap();
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
    fn a_map_built_field_by_field_is_read_by_its_lookup() {
        let mut doc = AudienceMap::all(Audience::Ks2);
        doc.clients.insert("10.0.4.".into(), Audience::Ks1);
        doc.clients.insert("10.0.4.12".into(), Audience::Staff);
        doc.clients.insert("10.0.".into(), Audience::Ks4);
        let map = doc.lookup().unwrap();
        let mut e =
            parse_native_line("1 1 10.0.4.9 TCP_MISS/200 1 GET http://a.test/ - - -").unwrap();
        assert_eq!(map.audience_of(&e), Audience::Ks1);
        e.client = "10.0.4.12".into();
        assert_eq!(map.audience_of(&e), Audience::Staff);
        e.client = "10.0.9.9".into();
        assert_eq!(map.audience_of(&e), Audience::Ks4);
        // A key no line can match is an error, never a key quietly passed over.
        doc.clients.insert("10.0.3.0/24".into(), Audience::Ks3);
        let err = doc.lookup().unwrap_err();
        assert_eq!(err.code(), "filter_invalid_audience_key");
        assert!(err.to_string().contains("`10.0.3.`"), "{err}");
    }
}
