//! Regression tests of list loading: every accepted entry can match, and what the filter
//! cannot read is reported with a code.

use super::*;
use crate::error::ErrorCode;
use chrono::{DateTime, Utc};

fn filter(label: &str, format: ListFormat, text: &str, policy: &str) -> (UrlFilter, FileReport) {
    let mut b = FilterBuilder::new();
    let report = b
        .add_list(label, format, &[Category::Phishing], text)
        .unwrap();
    b.policy(serde_json::from_str(policy).unwrap());
    (b.build().unwrap(), report)
}

fn verdict(f: &UrlFilter, url: &str) -> Verdict {
    f.check(url, "ks2", None).unwrap().verdict
}

fn deep(labels: usize) -> String {
    format!("{}phish.test", "x.".repeat(labels - 2))
}

#[test]
fn hosts_of_more_than_sixteen_labels_match_in_every_format() {
    for labels in [16, 17, 18, 30, 100] {
        let host = deep(labels);
        for (format, text) in [
            (ListFormat::Domains, host.clone()),
            (ListFormat::Hosts, format!("0.0.0.0 {host}")),
            (ListFormat::Adblock, format!("||{host}^")),
            (ListFormat::Dnsmasq, format!("address=/{host}/0.0.0.0")),
            (ListFormat::Rpz, format!("{host} CNAME .")),
            (ListFormat::Urls, format!("{host}/login")),
        ] {
            let (f, r) = filter("deep", format, &text, "{}");
            assert_eq!(r.accepted, 1, "{format:?} {labels}");
            assert_eq!(
                verdict(&f, &format!("https://{host}/login")),
                Verdict::Block,
                "{format:?} {labels}"
            );
            assert_eq!(
                verdict(&f, &format!("https://a.b.{host}/login")),
                Verdict::Block,
                "{format:?} {labels}: a subdomain"
            );
            assert_eq!(
                verdict(&f, &format!("https://{}/login", &host[2..])),
                Verdict::Allow,
                "{format:?} {labels}: the parent"
            );
        }
    }
}

#[test]
fn a_host_longer_than_a_dns_name_is_refused_not_kept() {
    let host = format!("{}phish.test", "ab.".repeat(90));
    let (_, r) = filter("long", ListFormat::Domains, &host, "{}");
    assert_eq!(
        (r.accepted, r.rejected[0].code.as_str()),
        (0, "host_too_long")
    );
    let (_, r) = filter("long", ListFormat::Urls, &format!("{host}/p"), "{}");
    assert_eq!(r.rejected[0].code, "host_too_long");
    let policy = format!(r#"{{"audiences": {{"ks2": {{"block_list": ["{host}"]}}}}}}"#);
    let mut b = FilterBuilder::new();
    b.policy(serde_json::from_str(&policy).unwrap());
    assert_eq!(b.build().unwrap_err().code(), "filter_invalid_policy");
}

#[test]
fn deep_policy_entries_and_overrides_match() {
    let host = deep(17);
    let policy = format!(r#"{{"audiences": {{"ks2": {{"block_list": ["{host}"]}}}}}}"#);
    let (f, _) = filter("none", ListFormat::Domains, "", &policy);
    let d = f.check(&format!("https://{host}/"), "ks2", None).unwrap();
    assert_eq!(
        (d.verdict, d.rule.as_str()),
        (Verdict::Block, "policy:ks2.block_list")
    );
    let (mut f, _) = filter("none", ListFormat::Domains, "", "{}");
    let at: DateTime<Utc> = "2026-01-05T10:30:00Z".parse().unwrap();
    f.record_json(&format!(r#"{{"type":"request","id":"b","action":"block","target":"{host}","audiences":["ks2"],"requested_by":"t1","at":"2026-01-05T09:00:00Z","reason":"phishing"}}"#)).unwrap();
    f.record_json(r#"{"type":"approve","id":"b","approved_by":"h1","approver_role":"headteacher","at":"2026-01-05T10:00:00Z"}"#).unwrap();
    let d = f
        .check(&format!("https://{host}/"), "ks2", Some(at))
        .unwrap();
    assert_eq!((d.verdict, d.rule.as_str()), (Verdict::Block, "override:b"));
}

#[test]
fn address_ranges_are_refused_in_every_format() {
    for (format, text) in [
        (ListFormat::Domains, "192.0.2.0/24"),
        (ListFormat::Urls, "192.0.2.0/24"),
        (ListFormat::Urls, "2001:db8::/32"),
        (ListFormat::Hosts, "192.0.2.0/24 bad.test"),
        (ListFormat::Adblock, "||192.0.2.0/24^"),
    ] {
        let (f, r) = filter("netset", format, text, "{}");
        assert_eq!(r.accepted, 0, "{format:?}");
        assert_eq!(r.rejected[0].code, "cidr_unsupported", "{format:?}");
        assert_eq!(verdict(&f, "http://192.0.2.0/24"), Verdict::Allow);
    }
    let netset = "# FireHOL-style netset\n192.0.2.0/24\n198.51.100.0/24\n203.0.113.7\n";
    assert_eq!(detect_format(netset), ListFormat::Domains);
    let (f, r) = filter("netset", ListFormat::Domains, netset, "{}");
    let codes: Vec<&str> = r.rejected.iter().map(|l| l.code.as_str()).collect();
    assert_eq!((r.accepted, codes), (1, vec!["cidr_unsupported"; 2]));
    assert_eq!(verdict(&f, "http://203.0.113.7/"), Verdict::Block);
}

fn ut1(label: &str, categories: &[&str]) -> (UrlFilter, FileReport) {
    let mut b = FilterBuilder::new();
    let source = ListSource {
        label: label.to_owned(),
        format: "ut1".to_owned(),
        categories: categories.iter().map(|c| (*c).to_owned()).collect(),
        text: "adult-example.test\n".to_owned(),
    };
    let report = b.add_source(&source).unwrap();
    (b.build().unwrap(), report)
}

#[test]
fn ut1_folders_are_read_without_case_and_arjel_is_gambling() {
    for (label, category) in [
        ("Adult/domains", Category::Pornography),
        ("ADULT/domains", Category::Pornography),
        ("arjel/domains", Category::Gambling),
        ("Gambling/domains", Category::Gambling),
    ] {
        let (f, r) = ut1(label, &[]);
        assert_eq!(r.categories, vec![category], "{label}");
        assert!(r.warnings.is_empty(), "{label}");
        assert_eq!(
            verdict(&f, "http://adult-example.test/"),
            Verdict::Block,
            "{label}"
        );
    }
}

#[test]
fn an_explicit_category_replaces_the_ut1_folder() {
    let (f, r) = ut1("adult_ut1/domains", &["pornography"]);
    assert_eq!(r.categories, vec![Category::Pornography]);
    assert!(r.warnings.is_empty());
    assert_eq!(verdict(&f, "http://adult-example.test/"), Verdict::Block);
}

#[test]
fn an_unknown_ut1_folder_is_warned_of_never_silent() {
    let (f, r) = ut1("adult_ut1/domains", &[]);
    assert_eq!(r.categories[0].as_str(), "ut1:adult_ut1");
    assert_eq!(r.warnings.len(), 1);
    assert_eq!(r.warnings[0].code, "ut1_folder_unknown");
    assert!(
        r.warnings[0].message.contains("adult_ut1"),
        "{:?}",
        r.warnings
    );
    assert_eq!(f.load_report().files[0].warnings, r.warnings);
    // A folder known to name no school category on purpose is no surprise.
    let (_, r) = ut1("bank/domains", &[]);
    assert!(r.warnings.is_empty());
    // Metadata is no rule: nothing to warn of.
    let (_, r) = ut1("adult_ut1/usage", &[]);
    assert!(r.warnings.is_empty());
}

#[test]
fn rpz_include_and_generate_are_refused_and_ttl_units_are_read() {
    let zone = "$TTL 1h\n$ORIGIN rpz.school.\n@ SOA a. b. 1 2 3 4 5\n$INCLUDE other.zone\n$GENERATE 1-50 casino$.test CNAME .\ncasino-a.test 1h IN CNAME .\ncasino-b.test 1D CNAME .\ncasino-c.test 300 IN CNAME .\ncasino-d.test 1w2d3h IN CNAME .\n$FOO bar\n";
    let (f, r) = filter("z.rpz", ListFormat::Rpz, zone, "{}");
    let rejected: Vec<(u32, &str)> = r
        .rejected
        .iter()
        .map(|l| (l.line, l.code.as_str()))
        .collect();
    assert_eq!(
        rejected,
        [
            (4, "rpz_include_unsupported"),
            (5, "rpz_generate_unsupported"),
            (10, "rpz_directive_unsupported")
        ]
    );
    assert_eq!((r.accepted, r.ignored), (4, 3), "{r:?}");
    for host in [
        "casino-a.test",
        "casino-b.test",
        "casino-c.test",
        "casino-d.test",
    ] {
        assert_eq!(
            verdict(&f, &format!("http://{host}/")),
            Verdict::Block,
            "{host}"
        );
    }
    // A TTL-looking owner is still an owner; a bad unit is no TTL.
    let (_, r) = filter("z.rpz", ListFormat::Rpz, "bad.test 1x CNAME .\n", "{}");
    assert_eq!(r.rejected[0].code, "rpz_record_unsupported");
}

#[test]
fn an_overlong_expression_is_rejected_at_its_line() {
    let text = format!("casino\n{}\n[unclosed\n", "a".repeat(10_000_000));
    let (f, r) = filter("x/expressions", ListFormat::Expressions, &text, "{}");
    let rejected: Vec<(u32, &str)> = r
        .rejected
        .iter()
        .map(|l| (l.line, l.code.as_str()))
        .collect();
    assert_eq!(
        rejected,
        [(2, "expression_too_long"), (3, "invalid_expression")]
    );
    assert_eq!(r.accepted, 1);
    assert_eq!(verdict(&f, "http://www.CASINO.test/"), Verdict::Block);
}

#[test]
fn one_bad_name_on_a_multi_name_line_is_refused_alone() {
    for (format, text) in [
        (
            ListFormat::Hosts,
            "# c\n0.0.0.0 casino-a.test casino-b.test bad..name casino-c.test\n",
        ),
        (
            ListFormat::Dnsmasq,
            "# c\naddress=/casino-a.test/casino-b.test/bad..name/casino-c.test/0.0.0.0\n",
        ),
    ] {
        let (f, r) = filter("multi", format, text, "{}");
        assert_eq!((r.lines, r.accepted, r.ignored), (2, 1, 1), "{format:?}");
        assert!(r.rejected.is_empty(), "{format:?}");
        assert!(r.accounts_for_every_line());
        let refused: Vec<_> = r
            .rejected_names
            .iter()
            .map(|n| (n.line, n.text.as_str(), n.code.as_str()))
            .collect();
        assert_eq!(
            refused,
            [(2, "bad..name", "invalid_host_label")],
            "{format:?}"
        );
        for host in ["casino-a.test", "casino-b.test", "casino-c.test"] {
            assert_eq!(verdict(&f, host), Verdict::Block, "{format:?} {host}");
        }
        // Strict mode refuses the line at its number.
        let mut b = FilterBuilder::new();
        b.strict(true);
        let e = b
            .add_list("multi", format, &[Category::Phishing], text)
            .unwrap_err();
        assert!(
            matches!(&e, FilterError::RejectedLine { line: 2, reason, .. } if reason == "invalid_host_label"),
            "{e:?}"
        );
    }
    // A line whose every name is bad is a rejected line, as before.
    let (_, r) = filter("multi", ListFormat::Hosts, "0.0.0.0 a..b c..d\n", "{}");
    assert_eq!((r.accepted, r.rejected.len()), (0, 1));
    assert_eq!(r.rejected[0].code, "invalid_host_label");
    assert!(r.rejected_names.is_empty());
}

#[test]
fn a_label_longer_than_63_bytes_is_refused_in_any_case() {
    let long = format!("{}.test", "a".repeat(64));
    let ok = format!("{}.test", "a".repeat(63));
    for text in [long.clone(), long.to_ascii_uppercase()] {
        for (format, line) in [
            (ListFormat::Domains, text.clone()),
            (ListFormat::Hosts, format!("0.0.0.0 {text}")),
            (ListFormat::Adblock, format!("||{text}^")),
            (ListFormat::Dnsmasq, format!("address=/{text}/0.0.0.0")),
        ] {
            let (_, r) = filter("long", format, &line, "{}");
            assert_eq!(r.accepted, 0, "{format:?} {line}");
            assert_eq!(
                r.rejected[0].code, "invalid_host_label",
                "{format:?} {line}"
            );
        }
    }
    let (f, r) = filter("ok", ListFormat::Domains, &ok, "{}");
    assert_eq!(r.accepted, 1);
    assert_eq!(verdict(&f, &format!("http://{ok}/")), Verdict::Block);
}

#[test]
fn an_ipv6_private_answer_is_a_sinkhole_like_an_ipv4_one() {
    for answer in ["fd00::1", "fc00::53", "fe80::1", "::ffff:10.0.0.1"] {
        for (format, text) in [
            (ListFormat::Hosts, format!("{answer} bet.test")),
            (ListFormat::Dnsmasq, format!("address=/bet.test/{answer}")),
            (ListFormat::Rpz, format!("bet.test AAAA {answer}")),
        ] {
            let (f, r) = filter("v6", format, &text, "{}");
            assert_eq!((r.accepted, r.rejected.len()), (1, 0), "{format:?} {text}");
            assert_eq!(verdict(&f, "http://bet.test/"), Verdict::Block, "{text}");
        }
    }
    // A public IPv6 answer sends the name to another site: no block.
    let (_, r) = filter(
        "v6",
        ListFormat::Hosts,
        "2001:4860:4802:32::78 www.google.com",
        "{}",
    );
    assert_eq!(r.rejected[0].code, "hosts_redirect_not_a_block");
}

#[test]
fn a_list_named_with_a_category_no_audience_blocks_is_warned_of() {
    const CODE: &str = "list_category_unblocked";
    let build = |categories: &[Category], policy: &str| {
        let mut b = FilterBuilder::new();
        b.add_defaults().unwrap();
        b.add_list("school/extra", ListFormat::Domains, categories, "x.test\n")
            .unwrap();
        b.policy(serde_json::from_str(policy).unwrap());
        b.build().unwrap()
    };
    let warned = |f: &UrlFilter| -> Vec<(String, String)> {
        f.load_report()
            .files
            .iter()
            .flat_map(|file| {
                file.warnings
                    .iter()
                    .filter(|w| w.code == CODE)
                    .map(|w| (file.file.clone(), w.message.clone()))
            })
            .collect()
    };
    // `news` is blocked for no audience by default: the list only labels what it matches.
    let mut f = build(&[Category::News], "{}");
    let found = warned(&f);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "school/extra");
    assert!(found[0].1.contains("`news`"), "{found:?}");
    // The embedded lists are the library's own, named in its docs: never warned of.
    assert!(found.iter().all(|(file, _)| file == "school/extra"));
    // A policy that blocks it for one audience (or in a window) clears the warning, and a
    // later policy that blocks it for none brings it back.
    f.set_policy_json(r#"{"audiences": {"ks1": {"block": ["news"]}}}"#)
        .unwrap();
    assert!(warned(&f).is_empty());
    f.set_policy_json("{}").unwrap();
    assert_eq!(warned(&f).len(), 1);
    let windowed = r#"{"audiences": {"staff": {"windows": [{"days": ["mon"], "from": "09:00",
        "to": "10:00", "block_categories": ["news"]}]}}}"#;
    assert!(warned(&build(&[Category::News], windowed)).is_empty());
    // A category an audience blocks, or a list with no category (a reference list), is fine.
    assert!(warned(&build(&[Category::Gambling], "{}")).is_empty());
    assert!(warned(&build(&[], "{}")).is_empty());
}
