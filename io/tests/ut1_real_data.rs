//! Loads the whole UT1 directory from `../shared/data` and checks that the load report
//! accounts for every line of every file.

use esafety_core::filter::{FilterBuilder, Verdict};
use std::path::Path;
use std::time::Instant;

const UT1: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/url-categories/ut1"
);
const FULL_URLS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/data/full-urls/iscx-benign-phishtank/benign_urls_iscx2016.txt"
);

#[test]
fn whole_ut1_directory_is_accounted_for() {
    let dir = Path::new(UT1);
    if !dir.is_dir() {
        println!("skipped: ../shared/data not found");
        return;
    }
    let started = Instant::now();
    let mut builder = FilterBuilder::new();
    esafety_io::add_ut1_directory(&mut builder, dir).unwrap();
    let filter = builder.build().unwrap();
    let elapsed = started.elapsed();
    let report = filter.load_report();

    // Every file on disk is either a loaded list or a skipped file.
    let mut on_disk = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            on_disk += std::fs::read_dir(&path).unwrap().count();
        } else {
            on_disk += 1;
        }
    }
    assert_eq!(report.files.len() + report.skipped_files.len(), on_disk);
    assert!(report.skipped_files.iter().any(|s| s.path == "SOURCE.md"));

    // Every line of every list is accepted, ignored or rejected with its line number.
    for file in &report.files {
        let text = std::fs::read(dir.join(&file.file)).unwrap();
        let lines = String::from_utf8_lossy(&text).lines().count() as u64;
        assert_eq!(file.lines, lines, "{}", file.file);
        assert!(file.accounts_for_every_line(), "{file:?}");
        for rejected in &file.rejected {
            assert!(rejected.line >= 1 && u64::from(rejected.line) <= file.lines);
        }
    }
    assert_eq!(
        report.lines(),
        report.accepted() + report.ignored() + report.rejected()
    );
    assert!(report.accepted() > 800_000, "{}", report.accepted());
    let gambling = report
        .files
        .iter()
        .find(|f| f.file == "gambling/domains")
        .unwrap();
    assert_eq!(gambling.categories[0].as_str(), "gambling");
    let bank = report
        .files
        .iter()
        .find(|f| f.file == "bank/domains")
        .unwrap();
    assert_eq!(bank.categories[0].as_str(), "ut1:bank");

    let d = filter
        .check("https://www.bet365.com/", "ks2", None)
        .unwrap();
    assert_eq!(d.verdict, Verdict::Block);
    assert!(d.categories.iter().any(|c| c.as_str() == "gambling"));
    assert!(d.matches.iter().any(|m| &*m.list == "gambling/domains"));

    let bytes = filter.domain_rule_bytes() as f64 / filter.domain_rule_count() as f64;
    println!(
        "ut1: {} lines, {} accepted, {} ignored, {} rejected; {} domain rules, {} url rules, {:.1} bytes/domain rule, built in {:?} (debug build)",
        report.lines(),
        report.accepted(),
        report.ignored(),
        report.rejected(),
        filter.domain_rule_count(),
        filter.url_rule_count(),
        bytes,
        elapsed
    );
    for file in report.files.iter().filter(|f| !f.rejected.is_empty()) {
        let codes: Vec<&str> = file
            .rejected
            .iter()
            .take(3)
            .map(|r| r.code.as_str())
            .collect();
        println!(
            "  {}: {} rejected, e.g. {codes:?}",
            file.file,
            file.rejected.len()
        );
    }
    assert!(bytes <= 32.0);

    // The real URL stream: every URL is decided, and deciding its canonical form gives the
    // same answer (the allocation-free fast path agrees with the WHATWG path).
    let Ok(stream) = std::fs::read_to_string(FULL_URLS) else {
        println!("skipped: full-urls not found");
        return;
    };
    let urls: Vec<&str> = stream.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut counts = std::collections::BTreeMap::<String, u64>::new();
    for (url, result) in urls
        .iter()
        .zip(filter.check_many(&urls, "ks2", None).unwrap())
    {
        match result {
            Ok(d) => {
                *counts.entry(d.verdict.as_str().to_owned()).or_default() += 1;
                let again = filter.check(&d.url, "ks2", None).unwrap();
                assert_eq!(
                    (again.verdict, &again.categories, &again.url),
                    (d.verdict, &d.categories, &d.url),
                    "{url}"
                );
            }
            Err(e) => {
                assert!(e.code.starts_with("url_"), "{url}: {}", e.code);
                assert_eq!(e.input, *url);
                *counts.entry(e.code).or_default() += 1;
            }
        }
    }
    println!("full-urls ({} URLs, ks2): {counts:?}", urls.len());
}
