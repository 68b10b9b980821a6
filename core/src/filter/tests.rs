//! Unit tests of the filter facade.

use super::*;
use crate::error::ErrorCode;
use chrono::{DateTime, Utc};
use proptest::prelude::*;

fn t(s: &str) -> Option<DateTime<Utc>> {
    Some(s.parse().unwrap())
}

fn filter_with(lists: &[(&str, ListFormat, &[Category], &str)], policy: &str) -> UrlFilter {
    let mut b = FilterBuilder::new();
    b.add_defaults().unwrap();
    for (label, format, cats, text) in lists {
        b.add_list(label, *format, cats, text).unwrap();
    }
    b.policy(serde_json::from_str(policy).unwrap());
    b.build().unwrap()
}

#[test]
fn label_boundaries() {
    let f = UrlFilter::default();
    assert_eq!(
        f.check("a.b.bet365.com", "ks2", None).unwrap().verdict,
        Verdict::Block
    );
    assert_eq!(
        f.check("notbet365.com", "ks2", None).unwrap().verdict,
        Verdict::Allow
    );
    assert_eq!(
        f.check("bet365.com.evil.test", "ks2", None)
            .unwrap()
            .verdict,
        Verdict::Allow
    );
}

#[test]
fn evasions_reach_the_same_rule() {
    let f = filter_with(
        &[
            (
                "ip",
                ListFormat::Domains,
                &[Category::Gambling],
                "10.1.2.3\n2001:db8::1\n",
            ),
            (
                "idn",
                ListFormat::Domains,
                &[Category::Gambling],
                "bücher.example\n",
            ),
        ],
        "{}",
    );
    for url in [
        "http://10.1.2.3/",
        "http://167838211/",
        "http://0x0a010203/",
        "http://012.1.2.3/",
        "http://10.1.515/",
        "http://[2001:DB8:0::1]/",
        "http://XN--BCHER-KVA.example/",
        "http://BÜCHER.example./",
        "http://b%C3%BCcher.example/",
        "http://user:pw@bet365.com/",
        "bet365.com:443",
        "https://bet365%2ecom/",
        "  HTTPS://BET365.COM./  ",
    ] {
        let d = f.check(url, "ks2", None).unwrap();
        assert_eq!(d.verdict, Verdict::Block, "{url}: {d:?}");
    }
}

#[test]
fn url_rules_and_expressions() {
    let f = filter_with(
        &[
            (
                "u",
                ListFormat::Urls,
                &[Category::Drugs],
                "www.forum.test/drugs/\n",
            ),
            (
                "e",
                ListFormat::Expressions,
                &[Category::Violence],
                "gore[0-9]+\\.html\n",
            ),
        ],
        "{}",
    );
    assert_eq!(
        f.check("http://forum.test/drugs/a", "ks2", None)
            .unwrap()
            .verdict,
        Verdict::Block
    );
    assert_eq!(
        f.check("http://www.forum.test/%64rugs/a", "ks2", None)
            .unwrap()
            .verdict,
        Verdict::Block
    );
    assert_eq!(
        f.check("http://forum.test/maths/", "ks2", None)
            .unwrap()
            .verdict,
        Verdict::Allow
    );
    let d = f.check("http://x.test/a/GORE12.html", "ks2", None).unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert_eq!(d.rule, "e:1");
    assert_eq!(d.matches[0].kind, MatchKind::Expression);
}

/// Expressions see the canonical URL, which is ASCII: a non-ASCII host is punycode and a
/// non-ASCII path is percent-encoded, so ASCII classes and case folding lose nothing.
#[test]
fn expressions_match_the_ascii_canonical_url() {
    let f = filter_with(
        &[(
            "e",
            ListFormat::Expressions,
            &[Category::Violence],
            "/caf%c3%a9/[a-z]+$\nxn--bcher-kva\\.test/\\w+\n\\p{L}\n",
        )],
        "{}",
    );
    for (url, verdict) in [
        ("http://x.test/café/gore", Verdict::Block),
        ("http://x.test/CAF%C3%A9/Gore", Verdict::Block),
        ("http://x.test/café/42", Verdict::Allow),
        ("http://Bücher.test/Seite", Verdict::Block),
        ("http://bücher.test/", Verdict::Allow),
    ] {
        assert_eq!(f.check(url, "ks2", None).unwrap().verdict, verdict, "{url}");
    }
}

#[test]
fn all_categories_are_reported() {
    let f = filter_with(
        &[(
            "extra",
            ListFormat::Domains,
            &[Category::Streaming],
            "www.bet365.com\n",
        )],
        "{}",
    );
    let d = f.check("https://www.bet365.com/", "staff", None).unwrap();
    let ids: Vec<&str> = d.categories.iter().map(Category::as_str).collect();
    assert_eq!(ids, vec!["gambling", "streaming"]);
    assert_eq!(d.matches.len(), 2);
}

#[test]
fn illegal_lock_holds_against_everything() {
    let mut f = filter_with(
        &[],
        r#"{"audiences": {"staff": {"blocked_categories": [], "allow_list": ["csam-test.esafety.invalid"]}}}"#,
    );
    let d = f
        .check("http://csam-test.esafety.invalid/", "staff", None)
        .unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert_eq!(d.rule, "esafety/illegal_csam_test.domains:3");
    let err = f
        .record_json(r#"{"type":"request","id":"x","action":"unblock","target":"csam-test.esafety.invalid","audiences":["staff"],"requested_by":"s1","at":"2026-01-01T00:00:00Z","reason":"no"}"#)
        .unwrap_err();
    assert_eq!(err.code(), "filter_illegal_category_locked");
}

#[test]
fn windows_for_staff_lunch() {
    let f = filter_with(
        &[],
        r#"{"audiences": {"staff": {"block_categories": ["social_networks"], "windows": [
            {"days": ["mon","tue","wed","thu","fri"], "from": "12:00", "to": "13:00", "allow_categories": ["social_networks"], "label": "lunch"}]}}}"#,
    );
    // 2026-06-01 is a Monday; BST: 11:30Z is 12:30 local.
    assert_eq!(
        f.check("facebook.com", "staff", t("2026-06-01T11:30:00Z"))
            .unwrap()
            .verdict,
        Verdict::Allow
    );
    let d = f
        .check("facebook.com", "staff", t("2026-06-01T12:30:00Z"))
        .unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert_eq!(
        f.check("facebook.com", "staff", None).unwrap().verdict,
        Verdict::Block
    );
    assert_eq!(
        f.check("facebook.com", "staff", t("2026-06-06T11:30:00Z"))
            .unwrap()
            .verdict,
        Verdict::Block
    );
}

#[test]
fn allow_list_mode() {
    let f = filter_with(
        &[],
        r#"{"audiences": {"ks1": {"allow_list_mode": true, "allow_list": ["bbc.co.uk", "www.google.com"]}}}"#,
    );
    assert_eq!(
        f.check("https://www.bbc.co.uk/cbeebies", "ks1", None)
            .unwrap()
            .verdict,
        Verdict::Allow
    );
    let d = f.check("https://example.org/", "ks1", None).unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert_eq!(d.rule, "policy:ks1.allow_list_mode");
    assert_eq!(
        f.check("https://www.google.com/search?q=a", "ks1", None)
            .unwrap()
            .verdict,
        Verdict::SafeSearch
    );
    assert_eq!(
        f.check("https://example.org/", "ks2", None)
            .unwrap()
            .verdict,
        Verdict::Allow
    );
}

#[test]
fn safe_search_and_terms() {
    let f = UrlFilter::default();
    let d = f
        .check(
            "https://www.google.co.uk/search?q=red+panda&safe=off",
            "ks2",
            None,
        )
        .unwrap();
    assert_eq!(d.verdict, Verdict::SafeSearch);
    assert_eq!(
        d.rewrite.as_deref(),
        Some("https://www.google.co.uk/search?q=red+panda&safe=active")
    );
    assert_eq!(d.search_terms.as_deref(), Some("red panda"));
    let d = f
        .check(
            "https://www.youtube.com/results?search_query=lego",
            "staff",
            None,
        )
        .unwrap();
    assert_eq!(
        d.safe_search.unwrap().enforced_host.as_deref(),
        Some("restrictmoderate.youtube.com")
    );
    assert_eq!(d.search_terms.as_deref(), Some("lego"));
}

#[test]
fn overrides_lifecycle() {
    let mut f = UrlFilter::default();
    f.record_json(r#"{"type":"request","id":"r1","action":"unblock","target":"roblox.com","audiences":["ks1"],"requested_by":"t1","at":"2026-01-05T09:00:00Z","reason":"coding club"}"#).unwrap();
    let err = f
        .record_json(r#"{"type":"approve","id":"r1","approved_by":"t2","approver_role":"teacher","at":"2026-01-05T10:00:00Z"}"#)
        .unwrap_err();
    assert_eq!(err.code(), "filter_approver_not_slt");
    f.record_json(r#"{"type":"approve","id":"r1","approved_by":"h1","approver_role":"headteacher","at":"2026-01-05T10:00:00Z"}"#).unwrap();
    assert_eq!(
        f.check("www.roblox.com", "ks1", t("2026-01-05T09:30:00Z"))
            .unwrap()
            .verdict,
        Verdict::Block
    );
    let d = f
        .check("www.roblox.com", "ks1", t("2026-01-05T10:30:00Z"))
        .unwrap();
    assert_eq!(d.verdict, Verdict::Allow);
    assert_eq!(d.rule, "override:r1");
    assert_eq!(d.categories, vec![Category::Games]);
    assert_eq!(
        f.check("www.roblox.com", "eyfs", t("2026-01-05T10:30:00Z"))
            .unwrap()
            .verdict,
        Verdict::Block
    );
    f.record_json(r#"{"type":"revoke","id":"r1","revoked_by":"h1","at":"2026-02-01T00:00:00Z","reason":"club ended"}"#).unwrap();
    assert_eq!(
        f.check("www.roblox.com", "ks1", t("2026-02-02T10:30:00Z"))
            .unwrap()
            .verdict,
        Verdict::Block
    );
    assert_eq!(
        f.check("www.roblox.com", "ks1", t("2026-01-06T10:30:00Z"))
            .unwrap()
            .verdict,
        Verdict::Allow
    );
    let log: serde_json::Value = serde_json::from_str(&f.change_log_json()).unwrap();
    assert_eq!(log["events"].as_array().unwrap().len(), 3);
    assert_eq!(log["overrides"][0]["status"], "revoked");
}

#[test]
fn invalid_urls_have_url_codes() {
    let f = UrlFilter::default();
    let e = f.check("http://exa mple.com/", "ks2", None).unwrap_err();
    assert_eq!(e.code(), "url_invalid_host");
    assert_eq!(e.domain(), "url");
    assert_eq!(f.check("", "ks2", None).unwrap_err().code(), "url_empty");
    assert_eq!(
        f.check("a.test", "year9", None).unwrap_err().code(),
        "filter_unknown_audience"
    );
}

#[test]
fn bytes_per_rule_is_small() {
    let text: String = (0..100_000).map(|i| format!("d{i}.example\n")).collect();
    let mut b = FilterBuilder::new();
    b.add_list("big", ListFormat::Domains, &[Category::Games], &text)
        .unwrap();
    let f = b.build().unwrap();
    let per_rule = f.domain_rule_bytes() as f64 / f.domain_rule_count() as f64;
    assert!(per_rule <= 32.0, "{per_rule}");
    assert_eq!(
        f.check("x.d99999.example", "ks1", None).unwrap().verdict,
        Verdict::Block
    );
}

proptest! {
    /// Every subdomain of a listed domain is blocked; hosts that merely end with the same
    /// letters are not.
    #[test]
    fn suffix_matching_on_label_boundaries(sub in "[a-z0-9]{1,10}", glue in "[a-z0-9]{1,6}") {
        let f = UrlFilter::default();
        let blocked = format!("https://{sub}.bet365.com/");
        prop_assert_eq!(f.check(&blocked, "ks2", None).unwrap().verdict, Verdict::Block);
        let lookalike = format!("https://{glue}bet365.com/");
        prop_assert_eq!(f.check(&lookalike, "ks2", None).unwrap().verdict, Verdict::Allow);
    }

    /// No input makes the filter panic, and the verdict of a URL equals the verdict of its
    /// canonical form.
    #[test]
    fn canonical_form_has_the_same_decision(input in "\\PC{0,60}") {
        let f = UrlFilter::default();
        if let Ok(d) = f.check(&input, "ks2", None) {
            let again = f.check(&d.url, "ks2", None).unwrap();
            prop_assert_eq!(again.verdict, d.verdict);
            prop_assert_eq!(again.categories, d.categories);
        }
    }
}

#[test]
fn single_label_rules_block_a_whole_tld() {
    let f = filter_with(
        &[(
            "tlds",
            ListFormat::Domains,
            &[Category::Pornography],
            "xxx\n",
        )],
        "{}",
    );
    assert_eq!(
        f.check("https://any.site.xxx/", "ks2", None)
            .unwrap()
            .verdict,
        Verdict::Block
    );
    assert_eq!(
        f.check("https://xxx.example/", "ks2", None)
            .unwrap()
            .verdict,
        Verdict::Allow
    );
    // Without single-label rules the top-level domain is never looked up, and nothing changes.
    let g = UrlFilter::default();
    assert_eq!(
        g.check("https://a.b.bet365.com/", "ks2", None)
            .unwrap()
            .verdict,
        Verdict::Block
    );
}

#[test]
fn the_model_reads_tenants_of_a_listed_hosting_platform() {
    let mut b = FilterBuilder::new();
    let platform = [Category::ut1("webhosting")];
    b.add_list(
        "webhosting/domains",
        ListFormat::Domains,
        &platform,
        "example-host.test\n",
    )
    .unwrap();
    b.model(true);
    let f = b.build().unwrap();
    let d = f
        .check(
            "https://secure-paypal-login.example-host.test/",
            "ks2",
            None,
        )
        .unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert!(d.predicted);
    assert!(
        d.reason
            .contains("the lists know only `example-host.test`, the platform hosting it"),
        "{}",
        d.reason
    );
    assert!(
        d.evidence
            .first()
            .is_some_and(|e| e.starts_with("brand:paypal"))
    );
    // The platform itself is what the list names.
    let d = f
        .check("https://www.example-host.test/", "ks2", None)
        .unwrap();
    assert!(!d.predicted);
}

#[test]
fn a_phishing_guess_on_a_tenant_names_the_tenant_threshold() {
    let mut b = FilterBuilder::new();
    b.add_list(
        "webhosting/domains",
        ListFormat::Domains,
        &[Category::ut1("webhosting")],
        "000webhostapp.com\n",
    )
    .unwrap();
    b.model(true);
    let f = b.build().unwrap();
    let url = "https://0631317186.000webhostapp.com/";
    let d = f.check(url, "ks3", None).unwrap();
    let confidence = d.confidence.unwrap_or(0.0);
    // Between the tenant threshold and the pupils' own one: only the tenant rule blocks.
    assert!((0.70..0.95).contains(&confidence), "{confidence}");
    assert_eq!(d.verdict, Verdict::Block);
    assert!(
        d.reason
            .ends_with("a phishing guess on a hosting platform's tenant blocks from 70% for ks3"),
        "{}",
        d.reason
    );
    // A guess the category's own threshold already blocks does not name the tenant rule.
    let d = f
        .check("https://office365-update.000webhostapp.com/", "ks3", None)
        .unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert!(!d.reason.contains("tenant"), "{}", d.reason);
}

fn approved(f: &mut UrlFilter, id: &str, action: &str, target: &str) -> Result<(), FilterError> {
    f.record_json(&format!(
        r#"{{"type":"request","id":"{id}","action":"{action}","target":"{target}","audiences":["ks2"],"requested_by":"t1","at":"2026-01-05T09:00:00Z","reason":"lesson"}}"#
    ))?;
    f.record_json(&format!(
        r#"{{"type":"approve","id":"{id}","approved_by":"h1","approver_role":"headteacher","at":"2026-01-05T10:00:00Z"}}"#
    ))?;
    Ok(())
}

#[test]
fn an_approved_unblock_of_a_path_opens_whole_segments_only() {
    let mut f = filter_with(
        &[(
            "school/block",
            ListFormat::Domains,
            &[Category::Gambling],
            "example.test\n",
        )],
        "{}",
    );
    approved(&mut f, "u1", "unblock", "example.test/class").unwrap();
    let at = t("2026-01-05T11:00:00Z");
    for (url, verdict) in [
        ("example.test/class", Verdict::Allow),
        ("example.test/class/week1", Verdict::Allow),
        ("example.test/CLASS%2Fweek1", Verdict::Allow),
        ("example.test/classroom-leak", Verdict::Block),
        ("example.test/", Verdict::Block),
    ] {
        let d = f.check(url, "ks2", at).unwrap();
        assert_eq!(d.verdict, verdict, "{url} {}", d.rule);
    }
    // An approved block of a path stays a prefix (errs towards blocking).
    let mut f = UrlFilter::default();
    approved(&mut f, "b1", "block", "news.test/sport").unwrap();
    assert_eq!(
        f.check("news.test/sports-betting", "ks2", at)
            .unwrap()
            .verdict,
        Verdict::Block
    );
}

#[test]
fn an_unblock_of_a_whole_shared_platform_is_refused() {
    for target in [
        "github.io",
        "*.blogspot.com",
        ".web.app",
        "https://github.io/",
    ] {
        let mut f = UrlFilter::default();
        let e = approved(&mut f, "u1", "unblock", target).unwrap_err();
        assert_eq!(e.code(), "filter_invalid_override", "{target}");
        assert!(e.to_string().contains("anyone can publish on"), "{e}");
        assert!(f.overrides().records().is_empty(), "{target}");
    }
    // The school's own site on it, or a block of the whole platform, stays possible.
    let mut f = UrlFilter::default();
    approved(&mut f, "u1", "unblock", "ourclass.github.io").unwrap();
    approved(&mut f, "b1", "block", "github.io").unwrap();
}

#[test]
fn every_search_endpoint_is_enforced_or_blocked_for_pupils_and_its_terms_read() {
    let f = UrlFilter::default();
    // DuckDuckGo's results endpoint is DuckDuckGo: `kp=-2` (safe search off) is rewritten.
    let d = f
        .check(
            "https://links.duckduckgo.com/d.js?q=knife+fight&kp=-2",
            "ks2",
            None,
        )
        .unwrap();
    assert_eq!(d.verdict, Verdict::SafeSearch);
    assert_eq!(
        d.rewrite.as_deref(),
        Some("https://links.duckduckgo.com/d.js?q=knife+fight&kp=1")
    );
    assert_eq!(d.search_terms.as_deref(), Some("knife fight"));
    // Engines whose safe search a school cannot force: blocked for pupils and guests,
    // allowed for staff, their terms read either way.
    for url in [
        "https://kagi.com/search?q=knife+fight",
        "https://you.com/search?q=knife+fight",
        "https://search.yahoo.co.jp/search?p=knife+fight",
        "https://image.search.yahoo.co.jp/search?p=knife+fight",
    ] {
        for audience in ["ks2", "guest"] {
            let d = f.check(url, audience, None).unwrap();
            assert_eq!(d.verdict, Verdict::Block, "{url} {audience}");
            assert_eq!(d.rule, format!("policy:{audience}.unenforceable_search"));
            assert_eq!(d.search_terms.as_deref(), Some("knife fight"), "{url}");
        }
        let d = f.check(url, "staff", None).unwrap();
        assert_eq!(d.verdict, Verdict::Allow, "{url}");
        assert_eq!(d.search_terms.as_deref(), Some("knife fight"), "{url}");
    }
    // Only their search hosts: Yahoo Japan's other services are not search.
    for url in [
        "https://news.yahoo.co.jp/",
        "https://kagi.com.evil.test/search?q=x",
    ] {
        assert_eq!(
            f.check(url, "ks2", None).unwrap().verdict,
            Verdict::Allow,
            "{url}"
        );
    }
}
