//! `esafety list KIND`: one id per line, or a JSON array, from the core.

mod common;
use common::esafety;

#[test]
fn lists_come_from_the_core() {
    let lines = |kind: &str| -> Vec<String> {
        let r = esafety(&["list", kind], "");
        assert_eq!(r.code, 0, "{kind}: {}", r.err);
        r.out.lines().map(str::to_owned).collect()
    };
    assert_eq!(lines("audiences"), esafety_core::vocabulary::Audience::IDS);
    assert_eq!(lines("presets"), esafety_core::policy::PRESET_IDS);
    assert_eq!(lines("roles"), esafety_core::vocabulary::Role::IDS);
    assert!(lines("channels").contains(&"school_website".to_owned()));
    assert!(lines("actions").contains(&"photograph_on_personal_device".to_owned()));
    let tags = lines("tags");
    assert!(tags.contains(&"nudes_u18".to_owned()) && tags.contains(&"online_game".to_owned()));
    let categories = lines("categories");
    assert!(
        categories.contains(&"gambling".to_owned()),
        "{categories:?}"
    );
    let mut unique = categories.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), categories.len());
}

#[test]
fn json_is_an_array_and_unknown_kinds_are_usage_errors() {
    let r = esafety(&["list", "--json", "audiences"], "");
    let v: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(
        v,
        serde_json::json!(esafety_core::vocabulary::Audience::IDS)
    );
    let r = esafety(&["list", "role"], "");
    assert_eq!(r.code, 2);
    assert!(r.err.contains("roles"), "{}", r.err);
}
