//! Every command has `-h`/`--help` on standard output, exit 0, listing its options, defaults,
//! valid values, the exit status and an example.

mod common;
use common::esafety;

const COMMANDS: [&str; 11] = [
    "demo",
    "url-parse",
    "url",
    "log",
    "whatif",
    "scan",
    "consent",
    "incident",
    "procedures",
    "aup-diff",
    "list",
];

#[test]
fn every_command_has_help_with_exit_status_and_example() {
    for command in COMMANDS {
        for flag in ["-h", "--help"] {
            let r = esafety(&[command, flag], "");
            assert_eq!(r.code, 0, "{command} {flag}: {}", r.err);
            assert!(r.err.is_empty(), "{command} {flag}: {}", r.err);
            assert!(
                r.out.contains("Usage: esafety"),
                "{command} {flag}: {}",
                r.out
            );
            assert!(r.out.contains("Exit status"), "{command} {flag}: {}", r.out);
            assert!(r.out.contains("Example"), "{command} {flag}: {}", r.out);
        }
    }
    let r = esafety(&["help", "url"], "");
    assert_eq!(r.code, 0);
    assert!(r.out.contains("--audience"), "{}", r.out);
}

#[test]
fn top_level_help_lists_commands_and_the_exit_scheme() {
    for args in [&[][..], &["--help"], &["-h"], &["help"]] {
        let r = esafety(args, "");
        assert_eq!(r.code, 0, "{args:?}");
        for command in COMMANDS {
            assert!(r.out.contains(command), "{args:?} {command}");
        }
        assert!(r.out.contains("2  usage or input error"), "{}", r.out);
    }
    let r = esafety(&["--version"], "");
    assert_eq!(
        (r.code, r.out.trim()),
        (0, concat!("esafety ", env!("CARGO_PKG_VERSION")))
    );
}

#[test]
fn help_lists_options_defaults_and_valid_values() {
    let url = esafety(&["url", "--help"], "").out;
    for needle in [
        "--audience",
        "--at",
        "--ut1",
        "--json",
        "[default: ks2]",
        "sixth_form",
        "now",
    ] {
        assert!(url.contains(needle), "{needle}: {url}");
    }
    let scan = esafety(&["scan", "-h"], "").out;
    for needle in [
        "--file",
        "--list",
        "--format",
        "suicide_risk_lexicon",
        "[default: tsv]",
    ] {
        assert!(scan.contains(needle), "{needle}: {scan}");
    }
    let check = esafety(&["consent", "check", "--help"], "").out;
    for needle in [
        "--ledger",
        "--pupils",
        "--channel",
        "school_website",
        "[default: now]",
    ] {
        assert!(check.contains(needle), "{needle}: {check}");
    }
    let incident = esafety(&["incident", "--help"], "").out;
    assert!(
        incident.contains("whitwell") && incident.contains("national"),
        "{incident}"
    );
    let list = esafety(&["list", "--help"], "").out;
    for kind in [
        "roles",
        "actions",
        "channels",
        "tags",
        "audiences",
        "presets",
        "categories",
    ] {
        assert!(list.contains(kind), "{kind}: {list}");
    }
}

#[test]
fn url_help_gives_the_size_of_the_built_in_list() {
    let r = esafety(&["url", "--help"], "");
    let domains = esafety_core::filter::UrlFilter::default().domain_rule_count();
    assert!(
        r.out.contains(&format!(
            "Without --ut1 the built-in lists hold {domains} domain rules"
        )),
        "{}",
        r.out
    );
    // `-h` is help, never a URL.
    let r = esafety(&["url", "-h"], "");
    assert!(!r.out.contains("http://-h/"), "{}", r.out);
}
