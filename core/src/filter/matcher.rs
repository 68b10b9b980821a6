//! The hot path: canonical URL views without allocation, 64-bit suffix hashes and the
//! sorted hash index that holds millions of domain rules in a few bytes each.
//!
//! # Design
//!
//! * A domain rule is stored as the 64-bit hash of its canonical (punycode, lower-case, no
//!   trailing dot) domain in one sorted `Vec<u64>`, with its provenance (list id, line) in
//!   parallel arrays and a radix directory over the top bits of the hash. No per-rule
//!   `String` is kept: a rule costs 8 + 2 + 4 bytes plus at most 2 bytes of directory.
//! * The hash is FNV-1a over the bytes of the domain read *right to left*, finished with a
//!   64-bit avalanche. Reading from the right means one pass over a host yields the hash of
//!   every label-boundary suffix (`com`, `example.com`, `a.example.com`), so a query costs
//!   one pass plus one directory probe per label.
//! * Two different domains can share a 64-bit hash. With n rules the chance that a given
//!   unlisted host collides with any of them is about n / 2^64 (3e-13 for 5 million rules).
//! * [`UrlView::parse`] reads already-canonical `http(s)` URLs (lower-case ASCII host that is
//!   not an IPv4 look-alike and has no punycode label, plain path and query) without
//!   allocating; anything else goes through the WHATWG parser ([`CanonicalUrl::parse`]), so
//!   evasion resistance never depends on the fast path. A property test checks that both
//!   paths agree.

use crate::canonical_url::{CanonicalUrl, HostKind, UrlError};
use std::borrow::Cow;
use std::ops::Range;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The avalanche finisher of MurmurHash3 (`fmix64`): spreads FNV's weak high bits.
#[inline]
fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

/// The hash of a whole canonical domain (or IP literal) as stored in the index.
#[inline]
pub(crate) fn domain_hash(domain: &[u8]) -> u64 {
    let mut state = FNV_OFFSET;
    for &b in domain.iter().rev() {
        state = (state ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }
    finish(state)
}

/// Label-boundary suffixes a query hashes up front (the shortest ones, which is where rules
/// live); deeper suffixes of a longer host are hashed on demand by [`SuffixHashes::iter`].
pub(crate) const MAX_SUFFIXES: usize = 16;

/// The longest host name a rule may name (DNS: 253 bytes). Longer list entries are refused
/// (`host_too_long`), so a query never needs suffixes longer than this.
pub(crate) const MAX_HOST_BYTES: usize = 253;

/// The hashes of every label-boundary suffix of a host, shortest first: the first
/// [`MAX_SUFFIXES`] held inline, the rest (up to [`MAX_HOST_BYTES`]) hashed when iterated.
#[derive(Debug, Clone)]
pub(crate) struct SuffixHashes {
    /// Hash of each suffix.
    hashes: [u64; MAX_SUFFIXES],
    /// Start byte of each suffix in the host.
    starts: [u16; MAX_SUFFIXES],
    len: usize,
    /// Only for a host of more labels than fit inline (rare: the one allocation of such a
    /// lookup): the FNV state of the first suffix that did not fit, the host bytes before
    /// it (still to hash) and the host's length.
    deeper: Option<(u64, Box<[u8]>, usize)>,
}

impl SuffixHashes {
    /// Hashes a canonical domain's suffixes; an IP literal gets only its whole-host hash.
    pub(crate) fn of(host: &str, kind: HostKind) -> SuffixHashes {
        let mut out = SuffixHashes {
            hashes: [0; MAX_SUFFIXES],
            starts: [0; MAX_SUFFIXES],
            len: 0,
            deeper: None,
        };
        let bytes = host.as_bytes();
        if kind != HostKind::Domain {
            out.push(domain_hash(bytes), 0);
            // An IPv4-mapped IPv6 address (`::ffff:10.1.2.3`) reaches the IPv4 host too.
            if kind == HostKind::Ipv6
                && let Ok(ip) = host.parse::<std::net::Ipv6Addr>()
                && let Some(v4) = ip.to_ipv4_mapped()
            {
                out.push(domain_hash(v4.to_string().as_bytes()), 0);
            }
            return out;
        }
        let mut state = FNV_OFFSET;
        let mut i = bytes.len();
        while i > 0 {
            i -= 1;
            let b = bytes.get(i).copied().unwrap_or(0);
            state = (state ^ u64::from(b)).wrapping_mul(FNV_PRIME);
            let at_boundary = i == 0 || bytes.get(i - 1) == Some(&b'.');
            if at_boundary && !out.push(finish(state), i) {
                // `i` is a byte of the host, so the bytes before it always exist.
                if bytes.len() - i <= MAX_HOST_BYTES
                    && let Some(before) = bytes.get(..i)
                {
                    out.deeper = Some((state, before.into(), bytes.len()));
                }
                break;
            }
        }
        out
    }

    fn push(&mut self, hash: u64, start: usize) -> bool {
        match (self.hashes.get_mut(self.len), self.starts.get_mut(self.len)) {
            (Some(h), Some(s)) => {
                *h = hash;
                *s = u16::try_from(start).unwrap_or(u16::MAX);
                self.len += 1;
                true
            }
            _ => false,
        }
    }

    /// `(hash, start)` pairs, shortest suffix first: every suffix of at most
    /// [`MAX_HOST_BYTES`] bytes.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (u64, usize)> + '_ {
        self.inline().chain(self.deeper())
    }

    /// The suffixes held inline (at most [`MAX_SUFFIXES`]).
    pub(crate) fn inline(&self) -> impl Iterator<Item = (u64, usize)> + '_ {
        self.hashes
            .iter()
            .zip(&self.starts)
            .take(self.len)
            .map(|(&h, &s)| (h, usize::from(s)))
    }

    /// The suffixes past the inline ones (only hosts of more than [`MAX_SUFFIXES`] labels
    /// have any), hashed on demand, no allocation.
    pub(crate) fn deeper(&self) -> impl Iterator<Item = (u64, usize)> + '_ {
        let (host, mut next, full) = match &self.deeper {
            Some((state, before, len)) => (&before[..], Some((before.len(), *state, true)), *len),
            None => (&[][..], None, 0),
        };
        std::iter::from_fn(move || {
            let (mut i, mut state, first) = next?;
            if first {
                next = Some((i, state, false));
                return Some((finish(state), i));
            }
            while i > 0 {
                i -= 1;
                let b = host.get(i).copied().unwrap_or(0);
                state = (state ^ u64::from(b)).wrapping_mul(FNV_PRIME);
                if i == 0 || host.get(i - 1) == Some(&b'.') {
                    if full - i > MAX_HOST_BYTES {
                        break;
                    }
                    next = Some((i, state, false));
                    return Some((finish(state), i));
                }
            }
            next = None;
            None
        })
    }
}

/// A sorted array of 64-bit hashes with a radix directory over the top bits.
///
/// Entry `i` of the index is the `i`-th smallest hash; callers keep payloads in parallel
/// arrays ordered the same way.
#[derive(Debug, Clone, Default)]
pub(crate) struct HashIndex {
    hashes: Vec<u64>,
    /// `directory[b]..directory[b + 1]` is the range of entries whose top `bits` bits are `b`.
    directory: Vec<u32>,
    bits: u32,
}

impl HashIndex {
    /// Builds the index from `(hash, payload)` pairs, returning the payloads in index order.
    /// Equal hashes keep their insertion order.
    pub(crate) fn build<P>(mut entries: Vec<(u64, P)>) -> (HashIndex, Vec<P>) {
        entries.sort_by_key(|e| e.0);
        let n = entries.len();
        // About one directory slot per 4 entries: at most 1 byte per rule of directory.
        let bits = if n < 8 {
            1
        } else {
            (usize::BITS - n.leading_zeros()).saturating_sub(2).min(28)
        };
        let slots = 1usize << bits;
        let mut directory = Vec::with_capacity(slots + 1);
        let mut hashes = Vec::with_capacity(n);
        let mut payloads = Vec::with_capacity(n);
        for (h, p) in entries {
            let slot = (h >> (64 - bits)) as usize;
            while directory.len() <= slot {
                directory.push(u32::try_from(hashes.len()).unwrap_or(u32::MAX));
            }
            hashes.push(h);
            payloads.push(p);
        }
        while directory.len() <= slots {
            directory.push(u32::try_from(hashes.len()).unwrap_or(u32::MAX));
        }
        (
            HashIndex {
                hashes,
                directory,
                bits,
            },
            payloads,
        )
    }

    /// The entries whose hash equals `hash` (an empty range when none does).
    #[inline]
    pub(crate) fn find(&self, hash: u64) -> Range<usize> {
        let (lo, hi) = self.bucket(hash);
        self.find_in(hash, lo, hi)
    }

    /// The bucket a hash falls in (one directory read). Reading the buckets of all of a
    /// host's suffixes first, then scanning them, lets the memory loads overlap.
    #[inline]
    pub(crate) fn bucket(&self, hash: u64) -> (usize, usize) {
        if self.hashes.is_empty() {
            return (0, 0);
        }
        let slot = (hash >> (64 - self.bits)) as usize;
        match (self.directory.get(slot), self.directory.get(slot + 1)) {
            (Some(&lo), Some(&hi)) => (lo as usize, hi as usize),
            _ => (0, 0),
        }
    }

    /// The hash of entry `i` (0 past the end).
    #[inline]
    pub(crate) fn hash_at(&self, i: usize) -> u64 {
        self.hashes.get(i).copied().unwrap_or(0)
    }

    /// The entries equal to `hash` within the bucket `lo..hi`.
    #[inline]
    pub(crate) fn find_in(&self, hash: u64, lo: usize, hi: usize) -> Range<usize> {
        let bucket = self.hashes.get(lo..hi).unwrap_or(&[]);
        let mut start = None;
        let mut end = lo;
        for (offset, &h) in bucket.iter().enumerate() {
            if h == hash {
                if start.is_none() {
                    start = Some(lo + offset);
                }
                end = lo + offset + 1;
            } else if h > hash {
                break;
            }
        }
        match start {
            Some(s) => s..end,
            None => 0..0,
        }
    }

    /// Number of entries.
    pub(crate) fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Heap bytes held by the index itself (hashes and directory).
    pub(crate) fn heap_bytes(&self) -> usize {
        self.hashes.capacity() * 8 + self.directory.capacity() * 4
    }
}

/// The path and query of a URL, compared with rule prefixes as if joined by `?`, without
/// joining them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PathQuery<'a> {
    pub path: &'a str,
    pub query: Option<&'a str>,
}

impl PathQuery<'_> {
    /// Whether `path?query` starts with a folded rule `prefix` (see [`fold_prefix`]),
    /// squidGuard style: ASCII case is ignored, an encoded slash (`%2F`, which many servers
    /// decode before routing) is a slash, and runs of `/` in the path count as one, so
    /// `//SK`, `/%2fsk` and `/sk` reach the same rule.
    #[inline]
    pub(crate) fn starts_with(&self, prefix: &str) -> bool {
        self.reaches(prefix, false)
    }

    /// As [`starts_with`](Self::starts_with), but only at whole path segments and whole
    /// query values: `/view/class1` reaches `/view/class1` and `/view/class1/home`, not
    /// `/view/class1xxx`; `?topic=1` reaches `topic=1`, not `topic=10` (allow lists).
    #[inline]
    pub(crate) fn starts_with_whole(&self, prefix: &str) -> bool {
        self.reaches(prefix, true)
    }

    fn reaches(&self, prefix: &str, whole: bool) -> bool {
        let want = prefix.as_bytes();
        let path = self.path.as_bytes();
        let mut k = 0;
        let mut previous = 0u8;
        let mut i = 0;
        while let Some(&raw) = path.get(i) {
            if k == want.len() {
                // The path goes on past the rule: a whole-segment rule ends at a slash.
                return !whole
                    || previous == b'/'
                    || raw == b'/'
                    || matches!(path.get(i..i + 3), Some([b'%', b'2', b'f' | b'F']));
            }
            let b = match path.get(i..i + 3) {
                Some([b'%', b'2', b'f' | b'F']) => {
                    i += 3;
                    b'/'
                }
                _ => {
                    i += 1;
                    raw
                }
            };
            if b == b'/' && previous == b'/' {
                continue;
            }
            previous = b;
            if want.get(k) != Some(&b.to_ascii_lowercase()) {
                return false;
            }
            k += 1;
        }
        let Some(rest) = want.get(k..) else {
            return false;
        };
        let Some(rest) = rest.strip_prefix(b"?") else {
            return rest.is_empty();
        };
        let Some(query) = self.query else {
            return false;
        };
        query_has_all(query, rest, whole)
    }
}

/// Whether every `key=value` pair of a rule's query is among the request's, in any order
/// and any percent-encoding, ignoring ASCII case; a value may be a prefix of the
/// request's (squidGuard prefix semantics), so `?id=12` reaches `?id=123`. Reordering
/// (`?x=1&id=123`), an empty pair (`?&id=123`) or an escape (`?%69d=%31%32%33`) no longer
/// passes a rule by. With `whole`, a value must be the request's whole value.
fn query_has_all(query: &str, wanted: &[u8], whole: bool) -> bool {
    use url::form_urlencoded::parse;
    let have: Vec<(String, String)> = parse(query.as_bytes())
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_ascii_lowercase()))
        .collect();
    parse(wanted).all(|(k, v)| {
        let (k, v) = (k.to_ascii_lowercase(), v.to_ascii_lowercase());
        have.iter()
            .any(|(hk, hv)| *hk == k && if whole { *hv == v } else { hv.starts_with(&v) })
    })
}

/// A rule's path-and-query prefix as [`PathQuery::starts_with`] compares it: ASCII
/// lower-case, `%2F` read as `/`, runs of `/` in the path collapsed.
pub(crate) fn fold_prefix(prefix: &str) -> String {
    let (path, query) = match prefix.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (prefix, None),
    };
    let mut out = String::with_capacity(prefix.len());
    let path = path.replace("%2F", "/").replace("%2f", "/");
    for c in path.chars() {
        if c == '/' && out.ends_with('/') {
            continue;
        }
        out.push(c.to_ascii_lowercase());
    }
    if let Some(q) = query {
        out.push('?');
        out.push_str(&q.to_ascii_lowercase());
    }
    out
}

/// A canonical view of a URL: borrowed from the input on the fast path, owned after the
/// WHATWG parser.
#[derive(Debug, Clone)]
pub(crate) struct UrlView<'a> {
    /// Lower-case scheme.
    pub scheme: Cow<'a, str>,
    /// Canonical host (punycode, no trailing dot, IPv6 without brackets).
    pub host: Cow<'a, str>,
    /// Domain or IP literal.
    pub host_kind: HostKind,
    /// Whether the port was written and differs from the scheme's default.
    pub explicit_port: Option<u16>,
    /// Canonical path, starting with `/`.
    pub path: Cow<'a, str>,
    /// Query without `?`.
    pub query: Option<Cow<'a, str>>,
}

impl<'a> UrlView<'a> {
    /// Parses a URL, taking the allocation-free path when the input is already canonical.
    pub(crate) fn parse(input: &'a str) -> Result<UrlView<'a>, UrlError> {
        // Longer input takes the full parser, which applies the length limit: the case of a
        // scheme must not decide whether a 6 MB line is checked.
        if input.len() <= crate::canonical_url::MAX_URL_BYTES
            && let Some(view) = fast_view(input)
        {
            return Ok(view);
        }
        let url = CanonicalUrl::parse(input)?;
        let explicit_port = explicit_port_of(&url);
        Ok(UrlView {
            scheme: Cow::Owned(url.scheme),
            host: Cow::Owned(url.host),
            host_kind: url.host_kind,
            explicit_port,
            path: Cow::Owned(url.path),
            query: url.query.map(Cow::Owned),
        })
    }

    /// Path and query for prefix matching.
    pub(crate) fn path_query(&self) -> PathQuery<'_> {
        PathQuery {
            path: &self.path,
            query: self.query.as_deref(),
        }
    }

    /// The canonical serialisation (scheme, host, non-default port, path, query).
    pub(crate) fn href(&self) -> String {
        let query = self.query.as_deref().map_or(0, |q| q.len() + 1);
        let mut href = String::with_capacity(
            self.scheme.len() + self.host.len() + self.path.len() + query + 16,
        );
        href.push_str(&self.scheme);
        href.push_str("://");
        if self.host_kind == HostKind::Ipv6 {
            href.push('[');
            href.push_str(&self.host);
            href.push(']');
        } else {
            href.push_str(&self.host);
        }
        if let Some(port) = self.explicit_port {
            href.push(':');
            href.push_str(&port.to_string());
        }
        href.push_str(&self.path);
        if let Some(q) = &self.query {
            href.push('?');
            href.push_str(q);
        }
        href
    }

    /// `host` + path + `?query`: the string UT1 expressions and URL rules are matched on.
    pub(crate) fn host_path_query(&self, out: &mut String) {
        out.clear();
        if self.host_kind == HostKind::Ipv6 {
            out.push('[');
            out.push_str(&self.host);
            out.push(']');
        } else {
            out.push_str(&self.host);
        }
        for c in self.path.chars() {
            if c == '/' && out.ends_with('/') {
                continue;
            }
            out.push(c);
        }
        if let Some(q) = &self.query {
            out.push('?');
            out.push_str(q);
        }
    }
}

fn explicit_port_of(url: &CanonicalUrl) -> Option<u16> {
    let default = default_port(&url.scheme);
    match (url.port, default) {
        (Some(p), Some(d)) if p == d => None,
        (Some(p), _) if default.is_some() || url.href.contains(&format!(":{p}")) => Some(p),
        _ => None,
    }
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
        _ => None,
    }
}

/// A byte table: true for ASCII letters and digits and for each byte of `extra`.
#[allow(clippy::indexing_slicing)] // const evaluation: a bad index fails the build
const fn byte_table(extra: &[u8]) -> [bool; 256] {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
}

/// Bytes a canonical path may hold as written (WHATWG would not re-encode them).
static PATH_OK: [bool; 256] = byte_table(b"-._~!$&'()*+,;=:@/");
/// Bytes a canonical query may hold as written.
static QUERY_OK: [bool; 256] = byte_table(b"-._~!$&()*+,;=:@/?%");

/// The longest DNS label (RFC 1035).
const MAX_LABEL_BYTES: usize = 63;

/// Whether a byte string is an already-canonical domain: lower-case `[a-z0-9._-]`, no empty
/// label and none longer than DNS allows (63 bytes: such a line takes the slow path and is
/// refused there, `invalid_host_label`, as its upper-case spelling is), no punycode label,
/// last label not something WHATWG would read as IPv4.
pub(crate) fn is_plain_canonical_domain(host: &[u8]) -> bool {
    if host.is_empty() {
        return false;
    }
    let mut label_start = 0;
    let mut last_label = 0..0;
    for (i, &b) in host.iter().enumerate() {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => {}
            b'.' => {
                if i == label_start || i - label_start > MAX_LABEL_BYTES {
                    return false;
                }
                if host.get(label_start..label_start + 4) == Some(b"xn--") {
                    return false;
                }
                label_start = i + 1;
            }
            _ => return false,
        }
        last_label = label_start..i + 1;
    }
    if label_start >= host.len() || host.len() - label_start > MAX_LABEL_BYTES {
        return false;
    }
    if host.get(label_start..label_start + 4) == Some(b"xn--") {
        return false;
    }
    let last = host.get(last_label).unwrap_or(&[]);
    let numeric = last.iter().all(u8::is_ascii_digit);
    let hexish = last.len() >= 2
        && (last.starts_with(b"0x"))
        && last.iter().skip(2).all(u8::is_ascii_hexdigit);
    !(numeric || hexish)
}

/// The allocation-free reader for URLs that are already canonical.
fn fast_view(input: &str) -> Option<UrlView<'_>> {
    let bytes = input.as_bytes();
    let (scheme, default, offset) = if bytes.starts_with(b"https://") {
        ("https", 443u16, 8)
    } else if bytes.starts_with(b"http://") {
        ("http", 80u16, 7)
    } else {
        let first = *bytes.first()?;
        if !(first.is_ascii_lowercase() || first.is_ascii_digit()) {
            return None;
        }
        ("http", 80u16, 0)
    };
    let scheme_less = offset == 0;
    // One pass over the authority: host bytes, labels, optional port.
    let mut i = offset;
    let mut label_start = offset;
    let mut host_end = None;
    let mut last_label = offset..offset;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' => {}
            b'.' => {
                if i == label_start || bytes.get(label_start..label_start + 4) == Some(b"xn--") {
                    return None;
                }
                last_label = label_start..i;
                label_start = i + 1;
            }
            b':' => {
                // Scheme-less `name:...` may be a scheme (`https:443`): leave it to WHATWG.
                if scheme_less {
                    return None;
                }
                host_end = Some(i);
                break;
            }
            b'/' | b'?' | b'#' => break,
            _ => return None,
        }
        i += 1;
    }
    let authority_host_end = host_end.unwrap_or(i);
    // The host, without one trailing dot.
    let (host_stop, trailing_dot) =
        if label_start == authority_host_end && authority_host_end > offset {
            (authority_host_end - 1, true)
        } else {
            (authority_host_end, false)
        };
    if host_stop <= offset {
        return None;
    }
    if !trailing_dot {
        if bytes.get(label_start..label_start + 4) == Some(b"xn--") {
            return None;
        }
        last_label = label_start..authority_host_end;
    } else if bytes.get(host_stop.saturating_sub(1)) == Some(&b'.') {
        return None;
    }
    let last = bytes.get(last_label)?;
    if last.is_empty()
        || last.iter().all(u8::is_ascii_digit)
        || (last.len() >= 2
            && last.starts_with(b"0x")
            && last.iter().skip(2).all(u8::is_ascii_hexdigit))
    {
        return None;
    }
    let host = input.get(offset..host_stop)?;
    // Port.
    let mut explicit_port = None;
    if let Some(colon) = host_end {
        let mut j = colon + 1;
        let mut port: u32 = 0;
        while let Some(&b) = bytes.get(j) {
            if !b.is_ascii_digit() {
                break;
            }
            port = port * 10 + u32::from(b - b'0');
            if j - colon > 5 {
                return None;
            }
            j += 1;
        }
        if j == colon + 1 || !matches!(bytes.get(j), None | Some(b'/' | b'?' | b'#')) {
            return None;
        }
        let port = u16::try_from(port).ok()?;
        if port != default {
            explicit_port = Some(port);
        }
        i = j;
    }
    // Path: allowed bytes, canonical escapes, no dot segments.
    let path_start = i;
    let mut segment_start = i;
    while let Some(&b) = bytes.get(i) {
        // Most bytes are plain: one table read, no jump through the match below.
        if b != b'/' && PATH_OK.get(usize::from(b)) == Some(&true) {
            i += 1;
            continue;
        }
        match b {
            b'?' | b'#' => break,
            b'/' => {
                if is_dot_segment(bytes.get(segment_start..i)?) {
                    return None;
                }
                segment_start = i + 1;
            }
            b'%' => {
                if !canonical_escape(bytes.get(i + 1).copied(), bytes.get(i + 2).copied()) {
                    return None;
                }
                i += 2;
            }
            _ if PATH_OK.get(usize::from(b)) == Some(&true) => {}
            _ => return None,
        }
        i += 1;
    }
    if i > path_start && is_dot_segment(bytes.get(segment_start..i)?) {
        return None;
    }
    let path = if i == path_start {
        "/"
    } else {
        input.get(path_start..i)?
    };
    // Query.
    let mut query = None;
    if bytes.get(i) == Some(&b'?') {
        let query_start = i + 1;
        i = query_start;
        while let Some(&b) = bytes.get(i) {
            if b == b'#' {
                break;
            }
            if QUERY_OK.get(usize::from(b)) != Some(&true) {
                return None;
            }
            i += 1;
        }
        query = Some(Cow::Borrowed(input.get(query_start..i)?));
    }
    Some(UrlView {
        scheme: Cow::Borrowed(scheme),
        host: Cow::Borrowed(host),
        host_kind: HostKind::Domain,
        explicit_port,
        path: Cow::Borrowed(path),
        query,
    })
}

fn is_dot_segment(segment: &[u8]) -> bool {
    segment == b"." || segment == b".."
}

/// Whether `%XY` is an escape the canonical form keeps as written (upper-case hex, not an
/// unreserved character).
fn canonical_escape(hi: Option<u8>, lo: Option<u8>) -> bool {
    let hex = |c: Option<u8>| match c {
        Some(c @ b'0'..=b'9') => Some(c - b'0'),
        Some(c @ b'A'..=b'F') => Some(c - b'A' + 10),
        _ => None,
    };
    match (hex(hi), hex(lo)) {
        (Some(h), Some(l)) => {
            let value = h * 16 + l;
            !(value.is_ascii_alphanumeric() || matches!(value, b'-' | b'.' | b'_' | b'~'))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn suffix_hashes_match_whole_domain_hashes() {
        let hashes: Vec<(u64, usize)> = SuffixHashes::of("a.b.example.com", HostKind::Domain)
            .iter()
            .collect();
        let expected = ["com", "example.com", "b.example.com", "a.b.example.com"];
        assert_eq!(hashes.len(), 4);
        for ((h, start), want) in hashes.iter().zip(expected) {
            assert_eq!(*h, domain_hash(want.as_bytes()));
            assert_eq!(&"a.b.example.com"[*start..], want);
        }
        assert_ne!(domain_hash(b"notexample.com"), domain_hash(b"example.com"));
    }

    #[test]
    fn deep_hosts_yield_every_suffix_up_to_a_host_name_length() {
        let host = format!("{}phish.test", "x.".repeat(20));
        let all: Vec<(u64, usize)> = SuffixHashes::of(&host, HostKind::Domain).iter().collect();
        assert_eq!(all.len(), 22, "every label boundary");
        for (h, start) in &all {
            assert_eq!(
                *h,
                domain_hash(&host.as_bytes()[*start..]),
                "{}",
                &host[*start..]
            );
        }
        // Past a host name's length nothing can match: no suffix is hashed.
        let long = format!("{}phish.test", "ab.".repeat(200));
        let deepest = SuffixHashes::of(&long, HostKind::Domain)
            .iter()
            .map(|(_, s)| long.len() - s)
            .max();
        assert!(deepest.is_some_and(|d| d <= MAX_HOST_BYTES && d > MAX_HOST_BYTES - 3));
    }

    #[test]
    fn whole_segments_and_values() {
        let at = |path, query| PathQuery { path, query };
        assert!(at("/view/class1", None).starts_with_whole("/view/class1"));
        assert!(at("/view/class1/home", None).starts_with_whole("/view/class1"));
        assert!(at("/view/class1%2Fhome", None).starts_with_whole("/view/class1"));
        assert!(at("/view/class1x", None).starts_with("/view/class1"));
        assert!(!at("/view/class1x", None).starts_with_whole("/view/class1"));
        assert!(at("/view/class1x", None).starts_with_whole("/view/"));
        assert!(at("/anything", None).starts_with_whole(""));
        assert!(at("/b", Some("topic=1")).starts_with_whole("/b?topic=1"));
        assert!(at("/b", Some("topic=10")).starts_with("/b?topic=1"));
        assert!(!at("/b", Some("topic=10")).starts_with_whole("/b?topic=1"));
    }

    #[test]
    fn path_query_prefixes() {
        let pq = PathQuery {
            path: "/a/b",
            query: Some("x=1&y=2"),
        };
        assert!(pq.starts_with("/a"));
        assert!(pq.starts_with("/a/b?x=1"));
        // A rule's pairs are looked for in any order and spelling.
        assert!(pq.starts_with("/a/b?y=2"));
        assert!(pq.starts_with("/a/b?y"));
        assert!(pq.starts_with("/a/b?%79=%32&x=1"));
        assert!(!pq.starts_with("/a/b?z=1"));
        assert!(!pq.starts_with("/a/b?y=3"));
        assert!(!pq.starts_with("/a/bc"));
        assert!(
            !PathQuery {
                path: "/a",
                query: None
            }
            .starts_with("/a?")
        );
        assert!(
            PathQuery {
                path: "/a",
                query: None
            }
            .starts_with("")
        );
        // An encoded slash is a slash, on either side.
        let encoded = PathQuery {
            path: "/bad%2Fpath/x",
            query: None,
        };
        assert!(encoded.starts_with("/bad/path"));
        assert!(encoded.starts_with(&fold_prefix("/bad%2fpath")));
        assert!(!encoded.starts_with("/bad/paths"));
        let trailing = PathQuery {
            path: "/a%2",
            query: None,
        };
        assert!(trailing.starts_with("/a%2"));
    }

    #[test]
    fn ip_literals_hash_whole() {
        let h: Vec<_> = SuffixHashes::of("10.0.0.1", HostKind::Ipv4)
            .iter()
            .collect();
        assert_eq!(h, vec![(domain_hash(b"10.0.0.1"), 0)]);
    }

    #[test]
    fn ipv4_mapped_ipv6_reaches_the_ipv4_rule() {
        let h: Vec<_> = SuffixHashes::of("::ffff:10.1.2.3", HostKind::Ipv6)
            .iter()
            .collect();
        assert_eq!(h.len(), 2);
        assert_eq!(h[1].0, domain_hash(b"10.1.2.3"));
    }

    #[test]
    fn index_finds_duplicates_and_misses() {
        let entries: Vec<(u64, u32)> = (0..1000u32)
            .map(|i| (domain_hash(format!("d{i}.test").as_bytes()), i))
            .chain([(domain_hash(b"d7.test"), 5000)])
            .collect();
        let (index, payloads) = HashIndex::build(entries);
        assert_eq!(index.len(), 1001);
        let r = index.find(domain_hash(b"d7.test"));
        let found: Vec<u32> = payloads[r].to_vec();
        assert_eq!(found, vec![7, 5000]);
        assert!(index.find(domain_hash(b"nope.test")).is_empty());
        let (empty, _) = HashIndex::build::<u32>(Vec::new());
        assert!(empty.find(1).is_empty());
    }

    #[test]
    fn fast_path_takes_plain_urls_only() {
        assert!(fast_view("https://www.example.com/a/b?c=d").is_some());
        assert!(fast_view("example.com").is_some());
        assert!(fast_view("https://a.com/x%2Fy%20z").is_some());
        for slow in [
            "HTTP://example.com/",
            "http://Example.com/",
            "http://a@b.com/",
            "http://127.1/",
            "http://0x7f.1/",
            "http://xn--bcher-kva.example/",
            "http://a.com/%7e",
            "http://a.com/%41",
            "http://a.com/%2f",
            "http://a.com/%2",
            "http://a.com/./b",
            "http://a.com/a b",
            "http://a..com/",
            "http://a.com\\b",
            "localhost:3000/x",
            "https:443",
            "ftp://a.com/",
        ] {
            assert!(fast_view(slow).is_none(), "{slow}");
        }
    }

    #[test]
    fn the_length_limit_holds_on_the_fast_path_too() {
        let long = format!(
            "http://example.com/{}",
            "a".repeat(crate::canonical_url::MAX_URL_BYTES)
        );
        assert!(fast_view(&long).is_some(), "the fast path reads it");
        for input in [long.clone(), long.replacen("http", "HTTP", 1)] {
            assert!(
                matches!(UrlView::parse(&input), Err(UrlError::TooLong)),
                "{}",
                &input[..8]
            );
        }
    }

    fn same(input: &str) {
        if let Some(fast) = fast_view(input) {
            let slow = CanonicalUrl::parse(input).unwrap();
            assert_eq!(fast.scheme, slow.scheme, "{input}");
            assert_eq!(fast.host, slow.host, "{input}");
            assert_eq!(fast.path, slow.path, "{input}");
            assert_eq!(fast.query.as_deref(), slow.query.as_deref(), "{input}");
            assert_eq!(fast.href(), slow.href, "{input}");
        }
    }

    #[test]
    fn fast_and_slow_agree_on_examples() {
        for input in [
            "https://www.example.com/a/b?c=d",
            "example.com",
            "example.com.",
            "http://example.com:80/",
            "https://example.com:80/x",
            "http://a.b_c.com/?",
            "http://a.com#frag",
            "http://a.com?x#y",
            "https://a.com/x.y/..z/'q",
            "a-b.example/path;p=1?q=%41",
            "http://a.com/x%2Fy%20z%C3%9F",
        ] {
            same(input);
        }
    }

    proptest! {
        /// The fast path agrees with the WHATWG parser on percent escapes.
        #[test]
        fn fast_path_agrees_on_percent_escapes(input in "https://a\\.test(/([a-zA-Z.~]|%[0-9A-Fa-f]{2}|%){0,6}){1,3}(\\?([a-z=&]|%[0-9A-F]{2}){0,4})?") {
            same(&input);
        }

        /// The fast path never disagrees with the WHATWG parser.
        #[test]
        fn fast_path_agrees_with_whatwg(input in "(https?://)?[a-zA-Z0-9._-]{1,12}(:[0-9]{1,6})?(/[a-zA-Z0-9./%'~:@;=_-]{0,12})?(\\?[a-zA-Z0-9=&%'?/]{0,8})?(#[a-z]{0,3})?") {
            same(&input);
        }
    }
}
