//! Shared helpers for the criterion benchmarks in `benches/benches/`.
//!
//! Large real-world inputs (UT1 lists, term lists, full URLs) are read from `../shared/data`
//! by path when it exists; when it does not, [`shared_data`] says so and benches fall back to
//! the small samples in the repository.

use std::path::PathBuf;

/// The `shared/data` folder beside the repository, when present.
pub fn shared_data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("note: ../shared/data not found; benchmarks use the repository's small samples");
        None
    }
}

/// Real URLs with paths and queries: the ISCX benign set when available, else a small
/// built-in sample.
pub fn sample_urls() -> Vec<String> {
    let from_shared = shared_data().and_then(|dir| {
        let folder = dir.join("full-urls/iscx-benign-phishtank");
        let entries = std::fs::read_dir(folder).ok()?;
        let mut urls = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "txt") {
                let text = std::fs::read_to_string(&path).ok()?;
                urls.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_owned),
                );
            }
        }
        (!urls.is_empty()).then_some(urls)
    });
    from_shared.unwrap_or_else(|| {
        [
            "https://www.bbc.co.uk/news/education-12345678?at_medium=RSS",
            "http://example.com/a/../b/./c?q=1#frag",
            "https://www.google.com/search?q=homework+help&safe=active",
            "HTTP://WWW.EXAMPLE.ORG:80/Index.html",
            "https://xn--bcher-kva.example/stra%C3%9Fe",
            "http://192.168.0.1/admin",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect()
    })
}
