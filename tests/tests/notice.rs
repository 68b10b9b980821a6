//! Every package ships the attribution of the lists it embeds (NOTICE).
//!
//! The wheel and the npm package carry a copy of the repository's `NOTICE` (the jar takes
//! it from the repository root at build time, see `bindings-mobile/kotlin/pom.xml`); this
//! test keeps the copies identical and checks that NOTICE names every licence that
//! `core/data/*/SOURCE.md` names.

use esafety_conformance::vectors_root;
use std::path::PathBuf;

fn repo() -> PathBuf {
    let vectors = vectors_root();
    vectors
        .parent()
        .and_then(std::path::Path::parent)
        .map(std::path::Path::to_path_buf)
        .unwrap_or(vectors)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(repo().join(path)).unwrap_or_default()
}

#[test]
fn package_copies_are_the_repository_notice() {
    let notice = read("NOTICE");
    assert!(
        notice.contains("CC BY-SA 4.0"),
        "NOTICE lacks the UT1 licence"
    );
    for copy in [
        "bindings-python/python/esafety/NOTICE",
        "bindings-wasm/NOTICE",
    ] {
        assert!(
            read(copy) == notice,
            "{copy} differs from NOTICE: copy it again"
        );
    }
    assert!(read("bindings-wasm/package.json").contains("\"NOTICE\""));
    assert!(read("bindings-mobile/kotlin/pom.xml").contains("<include>NOTICE</include>"));
}

#[test]
fn notice_names_every_licence_of_the_embedded_data() {
    let notice = read("NOTICE");
    for source in ["core/data/filter/SOURCE.md", "core/data/scanner/SOURCE.md"] {
        let text = read(source);
        assert!(!text.is_empty(), "{source} missing");
        for licence in ["CC BY-SA 4.0", "CC BY 4.0", "Apache-2.0", "MIT"] {
            if text.contains(licence) {
                let named = notice.contains(licence)
                    || (licence == "Apache-2.0" && notice.contains("Apache License 2.0"));
                assert!(named, "{source} names {licence} but NOTICE does not");
            }
        }
    }
}
