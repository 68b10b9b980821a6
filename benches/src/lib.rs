//! Shared helpers for the criterion benchmarks in `benches/benches/`.
//!
//! Large real-world inputs (UT1 lists, term lists, full URLs) are read from `../shared/data`
//! by path when it exists; when it does not, [`shared_data`] says so and benches fall back to
//! the small samples in the repository or to generated data of the same shape.
//!
//! Everything generated here is deterministic (a fixed-seed generator), so two runs measure
//! the same inputs.

use esafety_core::scanner::{TermList, TermListFormat};
use std::path::{Path, PathBuf};
use std::time::Duration;

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

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
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
                urls.extend(data_lines(&text).map(str::to_owned));
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

/// A small deterministic pseudo-random generator (SplitMix64), so generated data is the
/// same in every run.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator with a fixed seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % (n.max(1) as u64)) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// The UT1 `domains` files as `("<category>/domains", contents)`, in folder order, skipping
/// the symbolic-link aliases (as the esafety loader does). Without `../shared/data`, one
/// generated list of 20,000 domains labelled `gambling/domains`.
pub fn ut1_domain_files() -> Vec<(String, String)> {
    let from_shared = shared_data().and_then(|dir| {
        let root = dir.join("url-categories/ut1");
        let mut folders: Vec<PathBuf> = std::fs::read_dir(&root)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.is_dir()
                    && !std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
            })
            .collect();
        folders.sort();
        let files: Vec<(String, String)> = folders
            .iter()
            .filter_map(|folder| {
                let text = std::fs::read_to_string(folder.join("domains")).ok()?;
                let name = folder.file_name()?.to_string_lossy().into_owned();
                Some((format!("{name}/domains"), text))
            })
            .collect();
        (!files.is_empty()).then_some(files)
    });
    from_shared.unwrap_or_else(|| {
        vec![(
            "gambling/domains".to_owned(),
            synthetic_domains(20_000, 7).join("\n"),
        )]
    })
}

/// The UT1 directory itself, when present (for the full-directory load time).
pub fn ut1_directory() -> Option<PathBuf> {
    let dir = shared_data()?.join("url-categories/ut1");
    dir.is_dir().then_some(dir)
}

/// The distinct domains of some domain-list files, in first-seen order.
pub fn distinct_domains(files: &[(String, String)]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for (_, text) in files {
        for line in data_lines(text) {
            let domain = line.to_ascii_lowercase();
            if seen.insert(domain.clone()) {
                out.push(domain);
            }
        }
    }
    out
}

const SYLLABLES: [&str; 32] = [
    "ka", "lo", "mi", "net", "shop", "ra", "ti", "zen", "co", "bet", "play", "on", "line", "web",
    "ex", "stor", "fi", "ma", "pro", "da", "vi", "so", "lu", "ny", "tech", "hub", "go", "best",
    "top", "zo", "qui", "el",
];
const TLDS: [&str; 12] = [
    "com", "net", "org", "info", "co.uk", "de", "fr", "ru", "io", "biz", "xyz", "online",
];

/// `n` distinct generated domains shaped like real ones (`<syllables><base36 id>.<tld>`,
/// some with a subdomain), from a fixed seed.
pub fn synthetic_domains(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let mut name = String::with_capacity(24);
        if rng.below(8) == 0 {
            name.push_str(rng.pick(&SYLLABLES).copied().unwrap_or("ka"));
            name.push('.');
        }
        for _ in 0..1 + rng.below(3) {
            name.push_str(rng.pick(&SYLLABLES).copied().unwrap_or("ka"));
        }
        if rng.below(5) == 0 {
            name.push('-');
        }
        let mut id = i;
        loop {
            let digit = id % 36;
            name.push(char::from_digit(digit as u32, 36).unwrap_or('0'));
            id /= 36;
            if id == 0 {
                break;
            }
        }
        name.push('.');
        name.push_str(rng.pick(&TLDS).copied().unwrap_or("com"));
        out.push(name);
    }
    out
}

/// The query stream of the URL filter benches: the real full URLs (`full-urls/`) and, as
/// many again, URLs on subdomains of listed domains, interleaved. Every query carries a
/// scheme so every engine can take it as is.
pub fn url_queries(listed: &[String]) -> Vec<String> {
    let real = sample_urls();
    let mut rng = Rng::new(0x5EED);
    let paths = [
        "/",
        "/index.html",
        "/watch?v=dQw4w9WgXcQ",
        "/images/logo.png",
        "/search?q=homework+help",
        "/a/b/c/d.php?id=42&s=1",
    ];
    let subs = ["www.", "m.", "cdn.static.", "shop.", "a.b.c."];
    let mut out = Vec::with_capacity(real.len() * 2);
    for url in &real {
        if url.contains("://") {
            out.push(url.clone());
        } else {
            out.push(format!("http://{url}"));
        }
        if let (Some(domain), Some(sub), Some(path)) =
            (rng.pick(listed), rng.pick(&subs), rng.pick(&paths))
        {
            let scheme = if rng.below(2) == 0 { "https" } else { "http" };
            // An IP literal has no subdomains (`www.1.2.3.4` is not a valid host).
            let ip = domain
                .rsplit('.')
                .next()
                .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()));
            let sub = if ip { "" } else { sub };
            out.push(format!("{scheme}://{sub}{domain}{path}"));
        }
    }
    out
}

/// Median and 99th percentile of per-call times, in nanoseconds.
pub fn percentiles(times: &mut [u64]) -> (u64, u64) {
    times.sort_unstable();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).copied().unwrap_or(0)
    };
    (at(0.5), at(0.99))
}

/// The smallest of `runs` timings of `f` (the least disturbed run on a busy machine).
pub fn best_of<R>(runs: usize, mut f: impl FnMut() -> R) -> (Duration, R) {
    let mut best = Duration::MAX;
    let mut result = None;
    for _ in 0..runs.max(1) {
        let t = std::time::Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        result = Some(r);
    }
    match result {
        Some(r) => (best, r),
        None => (best, f()),
    }
}

/// The machine's load average (1 minute), to print beside results.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// The term lists of the scanner benches, about 5,000 terms: the Suicide Risk Lexicon,
/// Surge AI profanity, dsojevic profanity (with its exceptions as allow-phrases), Davidson
/// hate n-grams and LDNOOBW English, cut at `max_terms` entries. Without `../shared/data`,
/// the scanner's embedded default list is used by the caller instead (returns empty).
pub fn term_lists(max_terms: usize) -> Vec<TermList> {
    let Some(dir) = shared_data() else {
        return Vec::new();
    };
    let files: [(TermListFormat, &str); 5] = [
        (
            TermListFormat::SuicideRiskLexicon,
            "terms/suicide-risk-lexicon/suicide_risk_lexicon_long.tsv",
        ),
        (
            TermListFormat::SurgeAi,
            "terms/surge-ai-profanity/profanity_en.csv",
        ),
        (TermListFormat::Dsojevic, "terms/dsojevic-profanity/en.json"),
        (
            TermListFormat::Davidson,
            "terms/davidson-hate-offensive/refined_ngram_dict.csv",
        ),
        (TermListFormat::Ldnoobw, "terms/ldnoobw/en.txt"),
    ];
    let mut left = max_terms;
    let mut lists = Vec::new();
    for (format, rel) in files {
        let path = dir.join(rel);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("note: {} not found; skipped", path.display());
            continue;
        };
        let label = Path::new(rel)
            .file_name()
            .map_or_else(|| rel.to_owned(), |n| n.to_string_lossy().into_owned());
        match TermList::parse(format, &label, &text) {
            Ok(mut list) => {
                list.entries.truncate(left);
                left -= list.entries.len();
                lists.push(list);
            }
            Err(e) => eprintln!("note: {label} did not load: {e}"),
        }
    }
    lists
}

const FUNCTION_WORDS: [&str; 48] = [
    "the", "a", "and", "to", "of", "in", "is", "it", "you", "that", "he", "was", "for", "on",
    "are", "with", "as", "I", "his", "they", "be", "at", "one", "have", "this", "from", "or",
    "had", "by", "not", "but", "what", "all", "were", "we", "when", "your", "can", "said", "there",
    "use", "an", "each", "which", "she", "do", "how", "their",
];
const NON_ASCII: [&str; 8] = [
    "café",
    "naïve",
    "it’s",
    "“quoted”",
    "résumé",
    "Zoë",
    "façade",
    "über",
];

/// About `target_bytes` of deterministic, message-like English text in paragraphs of about
/// 1–4 KB: words taken from the benign URL set (path and query words), common function
/// words, now and then one of `terms` (about one word in 150) and a non-ASCII word (about
/// one in 200), with sentence punctuation and capitals.
pub fn corpus(target_bytes: usize, terms: &[String]) -> Vec<String> {
    let mut vocabulary: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for url in sample_urls() {
        for word in url.split(|c: char| !c.is_ascii_alphabetic()) {
            if (3..=12).contains(&word.len())
                && !matches!(word, "http" | "https" | "www" | "com" | "html" | "php")
                && seen.insert(word.to_ascii_lowercase())
            {
                vocabulary.push(word.to_ascii_lowercase());
            }
        }
    }
    vocabulary.sort();
    let mut rng = Rng::new(0xC0FFEE);
    let mut paragraphs = Vec::new();
    let mut total = 0;
    while total < target_bytes {
        let want = 1_000 + rng.below(3_000);
        let mut p = String::with_capacity(want + 64);
        let mut capital = true;
        while p.len() < want {
            let roll = rng.below(600);
            let word: &str = if roll < 4 && !terms.is_empty() {
                rng.pick(terms).map_or("word", String::as_str)
            } else if roll < 7 {
                rng.pick(&NON_ASCII).copied().unwrap_or("café")
            } else if roll < 330 {
                rng.pick(&FUNCTION_WORDS).copied().unwrap_or("the")
            } else {
                rng.pick(&vocabulary).map_or("word", String::as_str)
            };
            if capital {
                let mut chars = word.chars();
                if let Some(first) = chars.next() {
                    p.extend(first.to_uppercase());
                    p.push_str(chars.as_str());
                }
                capital = false;
            } else {
                p.push_str(word);
            }
            match rng.below(14) {
                0 => {
                    p.push_str(". ");
                    capital = true;
                }
                1 => p.push_str(", "),
                2 if rng.below(4) == 0 => {
                    p.push_str("? ");
                    capital = true;
                }
                _ => p.push(' '),
            }
        }
        p.push_str(".\n");
        total += p.len();
        paragraphs.push(p);
    }
    paragraphs
}

/// The term lists of the scanner benchmark (about 7k entries: LDNOOBW English, dsojevic,
/// the Suicide Risk Lexicon and Surge AI, all permissive), as `(format, label, contents)`.
/// Empty when `../shared/data` is absent.
pub fn term_list_files() -> Vec<(&'static str, &'static str, String)> {
    let Some(dir) = shared_data() else {
        return Vec::new();
    };
    [
        ("ldnoobw", "terms/ldnoobw/en.txt"),
        ("dsojevic", "terms/dsojevic-profanity/en.json"),
        (
            "suicide_risk_lexicon",
            "terms/suicide-risk-lexicon/suicide_risk_lexicon_long.tsv",
        ),
        ("surge_ai", "terms/surge-ai-profanity/profanity_en.csv"),
    ]
    .into_iter()
    .filter_map(|(format, path)| {
        std::fs::read_to_string(dir.join(path))
            .ok()
            .map(|text| (format, path, text))
    })
    .collect()
}

/// About `bytes` of realistic English: the seed school policies (`../shared/seeds`) repeated,
/// or a built-in paragraph when they are absent.
pub fn realistic_text(bytes: usize) -> String {
    let seeds = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/seeds");
    let mut base = String::new();
    if let Ok(entries) = std::fs::read_dir(seeds) {
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if let Ok(text) = std::fs::read_to_string(path) {
                base.push_str(&text);
            }
        }
    }
    if base.is_empty() {
        base = "Pupils use the school network for learning. Staff report any concern to the DSL, \
                who reviews monitoring alerts and decides what happens next. "
            .repeat(8);
    }
    let mut text = String::with_capacity(bytes + base.len());
    while text.len() < bytes {
        text.push_str(&base);
    }
    text
}
