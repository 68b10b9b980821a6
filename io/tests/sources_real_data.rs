//! `url_filter_from_sources` on the real lists in `../shared/data/url-categories` (UT1 and
//! the sinfonietta hosts file). The lists are not part of the repository: when they are
//! absent the test says so and passes.

use esafety_core::filter::{FileSource, Verdict};
use std::path::Path;

const LISTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/url-categories"
);

#[test]
fn ut1_and_sinfonietta_merge_into_one_engine() {
    let root = Path::new(LISTS);
    let hosts = root.join("sinfonietta/pornography-hosts");
    let ut1 = root.join("ut1");
    if !hosts.is_file() || !ut1.is_dir() {
        println!("skipped: {} not found", root.display());
        return;
    }
    let sources = [
        FileSource {
            path: ut1.display().to_string(),
            format: "auto".into(),
            category: None,
        },
        FileSource {
            path: hosts.display().to_string(),
            format: "auto".into(),
            category: Some("pornography".into()),
        },
    ];
    let filter = esafety_io::url_filter_from_sources(&sources, false).unwrap();
    let report = filter.load_report();
    let sinfonietta = report
        .files
        .iter()
        .find(|f| f.file.ends_with("pornography-hosts"))
        .unwrap();
    assert_eq!(sinfonietta.format.as_str(), "hosts");
    assert!(sinfonietta.accepted > 60_000, "{}", sinfonietta.accepted);
    assert!(sinfonietta.accounts_for_every_line());
    // The first rule line of the hosts file is blocked and cited with its line.
    let text = std::fs::read_to_string(&hosts).unwrap();
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.starts_with("0.0.0.0 "))
        .unwrap();
    let host = line.split_whitespace().nth(1).unwrap();
    let d = filter.check(host, "ks2", None).unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert!(
        d.rule
            .ends_with(&format!("pornography-hosts:{}", index + 1)),
        "{}",
        d.rule
    );
    // UT1's own rules still answer, and the path rule cannot be dodged.
    let d = filter
        .check("http://020sextoy.com//SK", "ks2", None)
        .unwrap();
    assert_eq!(d.verdict, Verdict::Block, "{}", d.reason);
    assert_eq!(d.rule, "adult/urls:1");
}
