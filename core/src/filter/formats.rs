//! Line readers for the list formats DNS filters and ad blockers publish (AdBlock-style,
//! dnsmasq, RPZ zones) and the `auto` format detector.
//!
//! | format | a rule line | read as |
//! |---|---|---|
//! | `adblock` | `\|\|example.com^` (options `$important`, `$all`, `$document` allowed), `\|\|example.com/path` | the domain (and subdomains), or host plus path prefix |
//! | `dnsmasq` | `address=/example.com/0.0.0.0`, `address=/a.test/b.test/::`, `address=/example.com/#`, `server=/example.com/`, `local=/example.com/` | every domain between the slashes (a bad one among good ones is refused alone, in the report's `rejected_names`) |
//! | `rpz` | `example.com CNAME .`, `*.example.com 300 IN CNAME rpz-drop.`, `bad.test.zone.origin. A 10.0.0.1` | the owner name, relative to `$ORIGIN` (without one, to the SOA record's owner, as `dig axfr` writes a zone); a wildcard owner `*.example.com` blocks the subdomains only, never `example.com` itself |
//!
//! A line is a block only when its answer reaches no public site: no answer, `0.0.0.0`,
//! `::`, dnsmasq's `#` (the null address), a loopback, private or link-local address, IPv4
//! or IPv6 (`10.0.0.1`, `fd00::1`: a block page),
//! `CNAME .`, `CNAME *.` or `rpz-drop.`. A line that forwards a domain
//! (`server=/d/10.0.0.1`, `server=/d/#`) or sends it to another site
//! (`address=/d/216.239.38.120`, `CNAME forcesafesearch.google.com.`, a hosts line
//! `216.239.38.120 www.google.com`, as a school's own safe-search enforcement does) is
//! rejected with a code, not read as a block.
//!
//! Comments (`!` and `[Adblock Plus]` headers in adblock lists, `#` in dnsmasq files, `;` in
//! zones), zone directives (`$TTL`, `$ORIGIN`), `SOA` and `NS` records are ignored; a TTL
//! may carry units (`1h`, `1D`, `1w2d`). A zone's `$INCLUDE` (another file, which a list
//! handed in as text cannot read) and `$GENERATE` are rejected at their line
//! (`rpz_include_unsupported`, `rpz_generate_unsupported`), as is any other directive
//! (`rpz_directive_unsupported`). In a
//! zone, a `;` or parenthesis inside a quoted string is text; the lines between a record's
//! `(` and `)` are part of it, and a `(` never closed is rejected at its line
//! (`rpz_unclosed_parenthesis`).
//! What a school filter cannot honour is rejected with a code, never guessed at:
//! exceptions (`@@`), cosmetic rules (`##`), rules limited by request options
//! (`$third-party`), RPZ passthru and IP or name-server triggers, and address ranges
//! (`192.0.2.0/24`, a FireHOL netset line) in any format (`cidr_unsupported`: list the
//! addresses).

use super::ListFormat;

/// How an adblock, dnsmasq or RPZ line reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parsed<'a> {
    /// Not a rule (blank, comment, directive, zone boilerplate).
    Ignored,
    /// Domains, each blocking itself and its subdomains.
    Domains(Vec<&'a str>),
    /// A `host/path` prefix rule.
    Url(&'a str),
    /// A line that cannot be honoured, with its code.
    Rejected(&'static str),
}

/// Whether an entry is an address range (`192.0.2.0/24`, `2001:db8::/32`): an IP address,
/// a `/` and a prefix length. The filter matches addresses, not ranges.
pub(crate) fn is_cidr(entry: &str) -> bool {
    let Some((address, bits)) = entry.rsplit_once('/') else {
        return false;
    };
    let address = address
        .strip_prefix('[')
        .and_then(|a| a.strip_suffix(']'))
        .unwrap_or(address);
    (1..=3).contains(&bits.len())
        && bits.bytes().all(|b| b.is_ascii_digit())
        && address.parse::<std::net::IpAddr>().is_ok()
}

/// Reads an AdBlock-style line.
pub(crate) fn adblock_line(raw: &str) -> Parsed<'_> {
    let line = raw.trim();
    if line.is_empty() || line.starts_with('!') || line.starts_with('[') {
        return Parsed::Ignored;
    }
    if line.starts_with("@@") {
        return Parsed::Rejected("adblock_exception_unsupported");
    }
    if line.contains("##") || line.contains("#@#") || line.contains("#?#") || line.contains("#$#") {
        return Parsed::Rejected("adblock_cosmetic_rule");
    }
    let Some(rule) = line.strip_prefix("||") else {
        return Parsed::Rejected("adblock_rule_unsupported");
    };
    let (pattern, options) = match rule.split_once('$') {
        Some((p, o)) => (p, Some(o)),
        None => (rule, None),
    };
    if let Some(options) = options {
        let whole_site = options.split(',').all(|o| {
            matches!(
                o.trim(),
                "important" | "all" | "document" | "doc" | "popup" | "~third-party" | "1p"
            )
        });
        if !whole_site {
            return Parsed::Rejected("adblock_options_unsupported");
        }
    }
    let pattern = pattern.strip_suffix('|').unwrap_or(pattern);
    if pattern.contains('*') {
        return Parsed::Rejected("adblock_wildcard_unsupported");
    }
    if is_cidr(pattern.strip_suffix('^').unwrap_or(pattern)) {
        return Parsed::Rejected("cidr_unsupported");
    }
    if let Some(host) = pattern.strip_suffix('^') {
        if host.contains(['/', '^']) {
            return Parsed::Rejected("adblock_rule_unsupported");
        }
        return Parsed::Domains(vec![host]);
    }
    if pattern.contains('/') {
        return Parsed::Url(pattern);
    }
    Parsed::Domains(vec![pattern])
}

/// Reads a dnsmasq configuration line.
pub(crate) fn dnsmasq_line(raw: &str) -> Parsed<'_> {
    let line = raw.trim();
    if line.is_empty() || line.starts_with('#') {
        return Parsed::Ignored;
    }
    let rest = ["address=/", "server=/", "local=/"]
        .iter()
        .find_map(|p| line.strip_prefix(p));
    let Some(rest) = rest else {
        return Parsed::Rejected("dnsmasq_not_a_rule");
    };
    // `address=/a/b/ip`: the last part is the answer (possibly empty), the rest are domains.
    let mut parts: Vec<&str> = rest.split('/').collect();
    let answer = parts.pop().unwrap_or("").trim();
    let domains: Vec<&str> = parts.into_iter().filter(|d| !d.is_empty()).collect();
    if domains.is_empty() {
        return Parsed::Rejected("dnsmasq_without_domain");
    }
    if domains.contains(&"#") {
        return Parsed::Rejected("dnsmasq_wildcard_unsupported");
    }
    // Only an answer that reaches no real site blocks: `server=/d/10.0.0.1` forwards the
    // domain and `address=/d/216.239.38.120` sends it to another site (a school's own
    // safe-search enforcement), neither of which is a block.
    if line.starts_with("server=/") && !answer.is_empty() {
        return Parsed::Rejected("dnsmasq_forward_not_a_block");
    }
    // `address=/d/#` answers with the null address (0.0.0.0 and ::): a block. Only for
    // `address=`: `server=/d/#` sends the domain to the standard servers, a forward.
    if line.starts_with("address=/") && !answer.is_empty() && answer != "#" && !is_sinkhole(answer)
    {
        return Parsed::Rejected("dnsmasq_redirect_not_a_block");
    }
    Parsed::Domains(domains)
}

/// Whether a DNS answer reaches no public site: the unspecified or loopback address, or a
/// private or link-local address (a school's block page), in IPv4 or IPv6 (`fd00::1`, a
/// unique local address, as `10.0.0.1`; an IPv4-mapped address as its IPv4). The one test
/// of dnsmasq, RPZ and hosts lines.
pub(crate) fn is_sinkhole(answer: &str) -> bool {
    let v4 = |a: std::net::Ipv4Addr| {
        a.is_unspecified() || a.is_loopback() || a.is_private() || a.is_link_local()
    };
    match answer.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(a)) => v4(a),
        Ok(std::net::IpAddr::V6(a)) => {
            a.is_unspecified()
                || a.is_loopback()
                || a.is_unique_local()
                || a.is_unicast_link_local()
                || a.to_ipv4_mapped().is_some_and(v4)
        }
        Err(_) => false,
    }
}

/// State carried across the lines of an RPZ zone.
#[derive(Debug, Clone, Default)]
pub(crate) struct RpzState {
    origin: String,
    open_parens: i32,
}

/// The record part of a zone line (before a `;` comment, which does not start inside a
/// quoted string) and how many more `(` than `)` it holds outside quoted strings (a TXT
/// record's `"blocked :-("` opens nothing).
fn zone_code(raw: &str) -> (&str, i32) {
    let (mut quoted, mut escaped, mut opens) = (false, false, 0i32);
    for (i, c) in raw.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => return (raw.get(..i).unwrap_or(""), opens),
            '(' if !quoted => opens += 1,
            ')' if !quoted => opens -= 1,
            _ => {}
        }
    }
    (raw, opens)
}

/// The record types an RPZ zone holds (triggers and zone boilerplate).
const RECORD_TYPES: [&str; 6] = ["CNAME", "A", "AAAA", "TXT", "SOA", "NS"];

/// The tokens of a zone record after its owner, without TTL, class and grouping
/// parentheses: type first, then data.
fn after_owner<'a>(tokens: impl Iterator<Item = &'a str>) -> impl Iterator<Item = &'a str> {
    tokens
        .filter(|t| !matches!(*t, "(" | ")"))
        .skip_while(|t| is_ttl(t) || t.eq_ignore_ascii_case("IN"))
}

/// Whether a zone token is a TTL: seconds (`300`) or BIND's units (`1h`, `1D`, `1w2d`,
/// `1h30m`: digits then one of `s m h d w`, in any case, repeated).
fn is_ttl(token: &str) -> bool {
    let bytes = token.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        return true;
    }
    let mut digits = 0;
    for &b in bytes {
        if b.is_ascii_digit() {
            digits += 1;
        } else if digits > 0 && matches!(b.to_ascii_lowercase(), b's' | b'm' | b'h' | b'd' | b'w') {
            digits = 0;
        } else {
            return false;
        }
    }
    digits == 0
}

impl RpzState {
    /// Whether a record's `(` is still open (its closing `)` not yet read).
    pub(crate) fn is_open(&self) -> bool {
        self.open_parens > 0
    }

    /// Reads one zone line.
    pub(crate) fn line<'a>(&mut self, raw: &'a str) -> Parsed<'a> {
        let (line, opens) = zone_code(raw);
        if self.open_parens > 0 {
            self.open_parens += opens;
            return Parsed::Ignored;
        }
        self.open_parens = opens.max(0);
        let mut tokens = line.split_whitespace();
        let Some(owner) = tokens.next() else {
            return Parsed::Ignored;
        };
        if owner.eq_ignore_ascii_case("$ORIGIN") {
            if let Some(origin) = tokens.next() {
                self.origin = origin.trim_end_matches('.').to_ascii_lowercase();
            }
            return Parsed::Ignored;
        }
        // A zone that names another file or a generated range cannot be read whole from
        // its own text: the line is refused, never counted as boilerplate.
        if owner.eq_ignore_ascii_case("$INCLUDE") {
            return Parsed::Rejected("rpz_include_unsupported");
        }
        if owner.eq_ignore_ascii_case("$GENERATE") {
            return Parsed::Rejected("rpz_generate_unsupported");
        }
        if owner.eq_ignore_ascii_case("$TTL") || owner == "@" {
            return Parsed::Ignored;
        }
        if owner.starts_with('$') {
            return Parsed::Rejected("rpz_directive_unsupported");
        }
        if raw.starts_with([' ', '\t']) {
            return Parsed::Rejected("rpz_owner_missing");
        }
        let rest: Vec<&str> = after_owner(tokens).collect();
        let (Some(kind), data) = (rest.first(), rest.get(1).copied().unwrap_or("")) else {
            return Parsed::Rejected("rpz_record_unreadable");
        };
        let kind = kind.to_ascii_uppercase();
        match kind.as_str() {
            "SOA" => {
                // A zone written without `$ORIGIN` (`dig axfr`, `named-compilezone`) names
                // its origin as the SOA's owner: `rpz.school. SOA ...`, then absolute
                // owners such as `casino.test.rpz.school.`.
                if self.origin.is_empty()
                    && let Some(zone) = owner.strip_suffix('.')
                {
                    self.origin = zone.to_ascii_lowercase();
                }
                return Parsed::Ignored;
            }
            "NS" => return Parsed::Ignored,
            "CNAME" if data.eq_ignore_ascii_case("rpz-passthru.") => {
                return Parsed::Rejected("rpz_passthru_unsupported");
            }
            // `CNAME .` (no such name), `CNAME *.` (no data) and `rpz-drop.` block; a
            // CNAME to another name (`forcesafesearch.google.com.`) rewrites the answer
            // to another site, which is no block.
            "CNAME" if !matches!(data, "." | "*.") && !data.eq_ignore_ascii_case("rpz-drop.") => {
                return Parsed::Rejected("rpz_redirect_not_a_block");
            }
            "A" | "AAAA" if !is_sinkhole(data) => {
                return Parsed::Rejected("rpz_redirect_not_a_block");
            }
            "CNAME" | "A" | "AAAA" | "TXT" => {}
            _ => return Parsed::Rejected("rpz_record_unsupported"),
        }
        let name = self.relative(owner);
        if name.is_empty() {
            return Parsed::Ignored;
        }
        let last = name.rsplit('.').next().unwrap_or("");
        if last.starts_with("rpz-") {
            return Parsed::Rejected("rpz_trigger_unsupported");
        }
        Parsed::Domains(vec![name])
    }

    /// The owner name without the zone origin.
    fn relative<'a>(&self, owner: &'a str) -> &'a str {
        let Some(absolute) = owner.strip_suffix('.') else {
            return owner;
        };
        if self.origin.is_empty() {
            return absolute;
        }
        match absolute.len().checked_sub(self.origin.len() + 1) {
            Some(cut)
                if absolute
                    .get(cut + 1..)
                    .is_some_and(|o| o.eq_ignore_ascii_case(&self.origin))
                    && absolute.get(cut..cut + 1) == Some(".") =>
            {
                absolute.get(..cut).unwrap_or("")
            }
            _ if absolute.eq_ignore_ascii_case(&self.origin) => "",
            _ => absolute,
        }
    }
}

/// Whether `line` reads as a zone record: `owner [ttl] [IN] TYPE data` with a type an RPZ
/// zone holds and data of that type (`bad.test A 0.0.0.0`, `bad.test 300 IN CNAME .`,
/// `@ SOA ...`); `not a domain` is no `A` record.
fn is_zone_record(line: &str) -> bool {
    let mut rest = after_owner(line.split_whitespace().skip(1));
    let (Some(kind), Some(data)) = (rest.next(), rest.next()) else {
        return false;
    };
    let kind = kind.to_ascii_uppercase();
    match kind.as_str() {
        "A" | "AAAA" => data.parse::<std::net::IpAddr>().is_ok(),
        "TXT" => data.starts_with('"'),
        other => RECORD_TYPES.contains(&other),
    }
}

/// Guesses a list's format from its first 200 rule lines (`auto`): the format whose
/// rule shape most lines have; `domains` when nothing else fits.
pub fn detect_format(text: &str) -> ListFormat {
    let mut votes = [0u32; 6];
    let order = [
        ListFormat::Adblock,
        ListFormat::Dnsmasq,
        ListFormat::Rpz,
        ListFormat::Hosts,
        ListFormat::Urls,
        ListFormat::Domains,
    ];
    let mut seen = 0;
    for raw in text.strip_prefix('\u{FEFF}').unwrap_or(text).lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let first = line.split_whitespace().next().unwrap_or("");
        let vote = if line.starts_with("||")
            || line.starts_with("[Adblock")
            || line.starts_with('!')
        {
            0
        } else if ["address=/", "server=/", "local=/"]
            .iter()
            .any(|p| line.starts_with(p))
        {
            1
        } else if line.starts_with('$') || line.starts_with(';') || is_zone_record(line) {
            2
        } else if first.parse::<std::net::IpAddr>().is_ok() && line.split_whitespace().count() > 1 {
            3
        } else if line.contains('/') && !is_cidr(first) {
            4
        } else {
            5
        };
        if let Some(v) = votes.get_mut(vote) {
            *v += 1;
        }
        seen += 1;
        if seen >= 200 {
            break;
        }
    }
    let best = votes
        .iter()
        .enumerate()
        .max_by_key(|(i, v)| (**v, std::cmp::Reverse(*i)))
        .map_or(5, |(i, _)| i);
    if votes.iter().all(|v| *v == 0) {
        return ListFormat::Domains;
    }
    order.get(best).copied().unwrap_or(ListFormat::Domains)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_ranges_are_not_url_rules() {
        for cidr in [
            "192.0.2.0/24",
            "10.0.0.0/8",
            "2001:db8::/32",
            "[2001:db8::]/32",
        ] {
            assert!(is_cidr(cidr), "{cidr}");
        }
        for not in [
            "192.0.2.0/login",
            "example.com/24",
            "192.0.2.0/1234",
            "192.0.2.0",
        ] {
            assert!(!is_cidr(not), "{not}");
        }
        let netset = "# FireHOL-style netset\n192.0.2.0/24\n198.51.100.0/24\n203.0.113.7\n";
        assert_eq!(detect_format(netset), ListFormat::Domains);
    }

    #[test]
    fn adblock_lines() {
        assert_eq!(
            adblock_line("||bet.test^"),
            Parsed::Domains(vec!["bet.test"])
        );
        assert_eq!(
            adblock_line("||bet.test^$important"),
            Parsed::Domains(vec!["bet.test"])
        );
        assert_eq!(
            adblock_line("||bet.test/casino"),
            Parsed::Url("bet.test/casino")
        );
        assert_eq!(adblock_line("! comment"), Parsed::Ignored);
        assert_eq!(adblock_line("[Adblock Plus 2.0]"), Parsed::Ignored);
        assert_eq!(
            adblock_line("@@||ok.test^"),
            Parsed::Rejected("adblock_exception_unsupported")
        );
        assert_eq!(
            adblock_line("example.com##.ad"),
            Parsed::Rejected("adblock_cosmetic_rule")
        );
        assert_eq!(
            adblock_line("||ads.test^$third-party"),
            Parsed::Rejected("adblock_options_unsupported")
        );
    }

    #[test]
    fn dnsmasq_lines() {
        assert_eq!(
            dnsmasq_line("address=/a.test/b.test/0.0.0.0"),
            Parsed::Domains(vec!["a.test", "b.test"])
        );
        assert_eq!(
            dnsmasq_line("server=/c.test/"),
            Parsed::Domains(vec!["c.test"])
        );
        assert_eq!(
            dnsmasq_line("address=/d.test/"),
            Parsed::Domains(vec!["d.test"])
        );
        assert_eq!(
            dnsmasq_line("cache-size=100"),
            Parsed::Rejected("dnsmasq_not_a_rule")
        );
        assert_eq!(
            dnsmasq_line("address=/e.test/192.168.1.5"),
            Parsed::Domains(vec!["e.test"])
        );
        assert_eq!(
            dnsmasq_line("address=/www.google.com/216.239.38.120"),
            Parsed::Rejected("dnsmasq_redirect_not_a_block")
        );
        assert_eq!(
            dnsmasq_line("server=/corp.test/10.0.0.1"),
            Parsed::Rejected("dnsmasq_forward_not_a_block")
        );
        assert_eq!(
            dnsmasq_line("address=/null.test/#"),
            Parsed::Domains(vec!["null.test"])
        );
        assert_eq!(
            dnsmasq_line("server=/std.test/#"),
            Parsed::Rejected("dnsmasq_forward_not_a_block")
        );
    }

    #[test]
    fn rpz_zone() {
        let mut s = RpzState::default();
        let zone = "$TTL 300\n$ORIGIN rpz.school.\n@ SOA ns. admin. (\n 1 2 3\n 4 5 )\n@ NS ns.\nbet.test CNAME .\n*.bet.test CNAME .\ndrop.test.rpz.school. 60 IN CNAME rpz-drop.\nok.test CNAME rpz-passthru.\n32.1.0.0.10.rpz-ip CNAME .\n";
        let got: Vec<Parsed<'_>> = zone.lines().map(|l| s.line(l)).collect();
        assert_eq!(got[6], Parsed::Domains(vec!["bet.test"]));
        assert_eq!(got[7], Parsed::Domains(vec!["*.bet.test"]));
        assert_eq!(got[8], Parsed::Domains(vec!["drop.test"]));
        assert_eq!(got[9], Parsed::Rejected("rpz_passthru_unsupported"));
        assert_eq!(got[10], Parsed::Rejected("rpz_trigger_unsupported"));
        assert!(got[..6].iter().all(|p| *p == Parsed::Ignored), "{got:?}");
        for (line, want) in [
            (
                "www.google.com CNAME forcesafesearch.google.com.",
                Parsed::Rejected("rpz_redirect_not_a_block"),
            ),
            (
                "x.test A 216.239.38.120",
                Parsed::Rejected("rpz_redirect_not_a_block"),
            ),
            ("y.test A 10.0.0.1", Parsed::Domains(vec!["y.test"])),
            ("z.test CNAME *.", Parsed::Domains(vec!["z.test"])),
        ] {
            assert_eq!(s.line(line), want, "{line}");
        }
    }

    #[test]
    fn a_zone_without_origin_takes_the_soa_owner() {
        let mut s = RpzState::default();
        let zone = "rpz.school. 300 IN SOA ns.school. admin.school. 1 3600 600 86400 300\n\
                    rpz.school. 300 IN NS ns.school.\n\
                    casino-axfr.test.rpz.school. 300 IN CNAME .\n\
                    *.casino-axfr.test.rpz.school. 300 IN CNAME .\n\
                    Upper.Test.RPZ.School. 300 IN A 0.0.0.0\n";
        let got: Vec<Parsed<'_>> = zone.lines().map(|l| s.line(l)).collect();
        assert_eq!(got[..2], [Parsed::Ignored, Parsed::Ignored]);
        assert_eq!(got[2], Parsed::Domains(vec!["casino-axfr.test"]));
        assert_eq!(got[3], Parsed::Domains(vec!["*.casino-axfr.test"]));
        assert_eq!(got[4], Parsed::Domains(vec!["Upper.Test"]));
        // `$ORIGIN` wins over the SOA's owner, and a relative SOA owner names nothing.
        let mut s = RpzState::default();
        let zone = "$ORIGIN rpz.one.\nrpz.two. SOA a. b. 1 2 3 4 5\nx.test.rpz.one. CNAME .\n";
        let got: Vec<Parsed<'_>> = zone.lines().map(|l| s.line(l)).collect();
        assert_eq!(got[2], Parsed::Domains(vec!["x.test"]));
    }

    #[test]
    fn quoted_parentheses_and_semicolons_are_text() {
        let mut s = RpzState::default();
        let zone = "a.test TXT \"blocked :-( ticket 42\"\nb.test CNAME .\n\
                    c.test TXT \"a ; not a comment (\" ; but this is (\nd.test CNAME .\n\
                    e.test TXT \"say \\\"(\\\"\"\nf.test CNAME .\n";
        let got: Vec<Parsed<'_>> = zone.lines().map(|l| s.line(l)).collect();
        assert_eq!(
            got,
            ["a.test", "b.test", "c.test", "d.test", "e.test", "f.test"]
                .map(|n| Parsed::Domains(vec![n]))
        );
        assert!(!s.is_open());
        assert_eq!(
            s.line("g.test TXT ( \"open\""),
            Parsed::Domains(vec!["g.test"])
        );
        assert!(s.is_open());
    }

    #[test]
    fn detection() {
        assert_eq!(detect_format("! x\n||a.test^\n"), ListFormat::Adblock);
        assert_eq!(
            detect_format("address=/a.test/0.0.0.0\n"),
            ListFormat::Dnsmasq
        );
        assert_eq!(detect_format("$TTL 1\na.test CNAME .\n"), ListFormat::Rpz);
        assert_eq!(detect_format("# c\n0.0.0.0 a.test\n"), ListFormat::Hosts);
        assert_eq!(detect_format("a.test/x\n"), ListFormat::Urls);
        assert_eq!(detect_format("a.test\nb.test\n"), ListFormat::Domains);
        assert_eq!(detect_format(""), ListFormat::Domains);
        // A zone of A and AAAA triggers is a zone, whatever its directives.
        assert_eq!(
            detect_format(
                "$TTL 300\n$ORIGIN rpz.school.\na.test A 0.0.0.0\nb.test AAAA ::\nc.test 60 IN A 127.0.0.1\n"
            ),
            ListFormat::Rpz
        );
        assert_eq!(
            detect_format("a.test A 0.0.0.0\nb.test A 0.0.0.0\n"),
            ListFormat::Rpz
        );
        assert_eq!(detect_format("0.0.0.0 ns\n0.0.0.0 a\n"), ListFormat::Hosts);
        assert_eq!(
            detect_format("example.com\nnot a domain\nbet.test\n"),
            ListFormat::Domains
        );
    }
}
