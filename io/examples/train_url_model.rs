//! Trains the category model (`core/data/filter/url-model.bin`) from the shared lists and
//! prints its held-out figures as a Markdown table (run by `scripts/train-url-model`).
//!
//! Usage: `train_url_model <data-root> <output.bin>` where `<data-root>` holds
//! `url-categories/ut1`, `url-categories/sinfonietta`, `benign/alexa-top100k-2015` and
//! `full-urls/iscx-benign-phishtank`.
//!
//! Reproducible: fixed subsample sizes, a fixed-seed shuffle, and a split by registrable
//! domain (FNV hash modulo 5: one fifth held out), so the same lists give the same bytes.

use esafety_core::filter::model::{
    MIN_CONFIDENCE, Model, for_each_feature, registrable_domain, softmax_with_reference,
};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Hash buckets: 2^BITS.
const BITS: u8 = 18;
const EPOCHS: usize = 6;
/// Blocking threshold reported in the table (the pupils' default, `model_block_at`).
const BLOCK_AT: f32 = 0.95;
/// Weight of a benign sample's gradient: over-blocking costs more than a miss.
const BENIGN_WEIGHT: f32 = 3.0;
/// Thresholds swept for the false-positive table.
const SWEEP: &[f32] = &[0.5, 0.8, 0.9, 0.95, 0.98];

/// `(folder, file, sample cap)`.
type ListFile = (&'static str, &'static str, usize);

/// `(class id, its lists)`.
const CLASSES: &[(&str, &[ListFile])] = &[
    (
        "pornography",
        &[
            ("sinfonietta", "pornography-hosts", 40_000),
            ("ut1/adult", "urls", 2_000),
        ],
    ),
    ("gambling", &[("ut1/gambling", "domains", 30_000)]),
    (
        "drugs",
        &[
            ("ut1/drogue", "domains", 2_000),
            ("ut1/drogue", "urls", 2_000),
        ],
    ),
    (
        "phishing",
        &[
            ("ut1/phishing", "domains", 30_000),
            ("ut1/phishing", "urls", 5_000),
        ],
    ),
    (
        "filter_bypass",
        &[
            ("ut1/vpn", "domains", 6_100),
            ("ut1/redirector", "domains", 15_000),
            ("ut1/doh", "domains", 3_100),
            ("ut1/residential-proxies", "domains", 200),
        ],
    ),
    ("dating", &[("ut1/dating", "domains", 7_000)]),
    ("games", &[("ut1/games", "domains", 20_000)]),
];

/// Neutral UT1 folders used as extra negatives beside the popular sites.
const NEUTRAL: &[(&str, usize)] = &[
    ("press", 5_000),
    ("bank", 7_000),
    ("sports", 2_500),
    ("jobsearch", 10_000),
    ("shopping", 10_000),
    ("educational_games", 100),
    ("child", 100),
    ("liste_blanche", 300),
];

struct Sample {
    host: String,
    path: String,
    /// Class index, or `None` for benign.
    class: Option<usize>,
    test: bool,
    /// From the popular-sites list (for the benign false-positive rate).
    popular: bool,
}

fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// `(host, path)` of a list line (domains, hosts, urls formats), lower-case.
fn entry(line: &str) -> Option<(String, String)> {
    let line = line.split('#').next()?.trim();
    if line.is_empty() {
        return None;
    }
    let mut tokens = line.split_whitespace();
    let first = tokens.next()?;
    let target = if first.parse::<std::net::IpAddr>().is_ok() {
        tokens.next()?
    } else {
        first
    };
    let target = target.to_ascii_lowercase();
    let (host, path) = match target.split_once('/') {
        Some((h, p)) => (h.to_owned(), format!("/{p}")),
        None => (target, "/".to_owned()),
    };
    let host = host.trim_start_matches("*.").trim_matches('.').to_owned();
    if !host.contains('.')
        || host.parse::<std::net::IpAddr>().is_ok()
        || !host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
    {
        return None;
    }
    Some((host, path))
}

fn read_lines(path: &Path) -> Vec<String> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8_lossy(&bytes)
            .lines()
            .map(str::to_owned)
            .collect(),
        Err(e) => {
            eprintln!("warning: cannot read {}: {e}", path.display());
            Vec::new()
        }
    }
}

/// Every `cap`-th-spaced entry so the sample covers the whole (sorted) file.
fn spread<T: Clone>(items: &[T], cap: usize) -> Vec<T> {
    if items.len() <= cap {
        return items.to_vec();
    }
    (0..cap)
        .map(|i| items[i * items.len() / cap].clone())
        .collect()
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(root), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: train_url_model <data-root> <output.bin>");
        std::process::exit(2);
    };
    let root = PathBuf::from(root);
    let lists = root.join("url-categories");
    let started = std::time::Instant::now();

    // Positives.
    let mut samples: Vec<Sample> = Vec::new();
    let mut listed: HashSet<String> = HashSet::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for (class, (_, files)) in CLASSES.iter().enumerate() {
        for (folder, file, cap) in *files {
            let entries: Vec<(String, String)> = read_lines(&lists.join(folder).join(file))
                .iter()
                .filter_map(|l| entry(l))
                .collect();
            for (host, _) in &entries {
                listed.insert(registrable_domain(host).to_owned());
            }
            for (host, path) in spread(&entries, *cap) {
                if seen.insert((host.clone(), path.clone())) {
                    let test = fnv(registrable_domain(&host)).is_multiple_of(5);
                    samples.push(Sample {
                        host,
                        path,
                        class: Some(class),
                        test,
                        popular: false,
                    });
                }
            }
        }
    }
    // Everything UT1 lists as harmful counts as listed (not a clean site).
    for folder in [
        "adult",
        "malware",
        "agressif",
        "hacking",
        "warez",
        "mixed_adult",
        "lingerie",
        "dangerous_material",
        "cryptojacking",
    ] {
        for file in ["domains", "urls"] {
            for (host, _) in read_lines(&lists.join("ut1").join(folder).join(file))
                .iter()
                .filter_map(|l| entry(l))
            {
                listed.insert(registrable_domain(&host).to_owned());
            }
        }
    }
    let positives = samples.len();
    // Negatives: popular sites, then neutral UT1 folders, minus anything listed.
    let popular = read_lines(&root.join("benign/alexa-top100k-2015/top-100k.csv"));
    let mut negatives: Vec<(String, String, bool)> = popular
        .iter()
        .filter_map(|l| l.split(',').nth(1))
        .filter_map(entry)
        .map(|(h, p)| (h, p, true))
        .collect();
    for (folder, cap) in NEUTRAL {
        let entries: Vec<(String, String)> =
            read_lines(&lists.join("ut1").join(folder).join("domains"))
                .iter()
                .filter_map(|l| entry(l))
                .collect();
        negatives.extend(
            spread(&entries, *cap)
                .into_iter()
                .map(|(h, p)| (h, p, false)),
        );
    }
    for (host, path, popular) in negatives {
        if listed.contains(registrable_domain(&host)) || !seen.insert((host.clone(), path.clone()))
        {
            continue;
        }
        let test = fnv(registrable_domain(&host)).is_multiple_of(5);
        samples.push(Sample {
            host,
            path,
            class: None,
            test,
            popular,
        });
    }
    eprintln!(
        "{} samples ({positives} positive), {} held out",
        samples.len(),
        samples.iter().filter(|s| s.test).count()
    );

    // Features once.
    let buckets = 1usize << BITS;
    let n = CLASSES.len();
    let features: Vec<Vec<u32>> = samples
        .iter()
        .map(|s| {
            let mut f = Vec::new();
            for_each_feature(&s.host, &s.path, |_, _, h| {
                f.push(h >> (32 - u32::from(BITS)))
            });
            f
        })
        .collect();
    let mut order: Vec<usize> = (0..samples.len()).filter(|&i| !samples[i].test).collect();
    let mut weights = vec![0f32; buckets * n];
    let mut bias = vec![0f32; n];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let l2 = 1e-6f32;
    for epoch in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        let lr = 0.2 / (1.0 + epoch as f32);
        for &i in &order {
            let f = &features[i];
            let mut scores = bias.clone();
            for &b in f {
                let row = &weights[b as usize * n..b as usize * n + n];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
            let p = softmax_with_reference(&scores);
            let weight = if samples[i].class.is_none() {
                BENIGN_WEIGHT
            } else {
                1.0
            };
            for c in 0..n {
                let target = if samples[i].class == Some(c) {
                    1.0
                } else {
                    0.0
                };
                let g = weight * (p[c] - target);
                bias[c] -= lr * g * 0.1;
                for &b in f {
                    let w = &mut weights[b as usize * n + c];
                    *w -= lr * (g + l2 * *w);
                }
            }
        }
        eprintln!("epoch {epoch} done");
    }

    // Quantise and write.
    let max = weights.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-6);
    let scale = max / 127.0;
    let mut bytes: Vec<u8> = b"ESM1".to_vec();
    bytes.push(BITS);
    bytes.push(n as u8);
    bytes.extend(scale.to_le_bytes());
    for (c, (id, _)) in CLASSES.iter().enumerate() {
        bytes.push(id.len() as u8);
        bytes.extend(id.as_bytes());
        bytes.extend(bias[c].to_le_bytes());
    }
    bytes.extend(
        weights
            .iter()
            .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8 as u8),
    );
    if let Err(e) = std::fs::write(out, &bytes) {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    }
    let trained = started.elapsed();

    // Evaluate the quantised model on the held-out part.
    let leaked: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let Some(model) = Model::from_bytes(leaked) else {
        eprintln!("the written model does not read back");
        std::process::exit(1);
    };
    let mut confusion: HashMap<(Option<usize>, Option<usize>, bool), u64> = HashMap::new();
    let class_of = |id: &str| CLASSES.iter().position(|(c, _)| *c == id);
    let mut popular_total = 0u64;
    let mut popular_flagged = 0u64;
    let mut popular_blocked = 0u64;
    for s in samples.iter().filter(|s| s.test) {
        let p = model.predict(&s.host, &s.path);
        let guess = p.as_ref().and_then(|p| class_of(p.category.as_str()));
        let strong = p.as_ref().is_some_and(|p| p.confidence >= BLOCK_AT);
        *confusion.entry((s.class, guess, strong)).or_default() += 1;
        if s.class.is_none() && s.popular {
            popular_total += 1;
            popular_flagged += u64::from(guess.is_some());
            popular_blocked += u64::from(strong);
        }
    }
    println!(
        "Category model: {} classes, 2^{BITS} buckets, {} bytes of weights; {} training and {} held-out URLs; trained in {:.1} s.\n",
        n,
        model.weight_bytes(),
        order.len(),
        samples.iter().filter(|s| s.test).count(),
        trained.as_secs_f64()
    );
    println!(
        "| category | held-out positives | precision (p >= {MIN_CONFIDENCE}) | recall (p >= {MIN_CONFIDENCE}) | precision (p >= {BLOCK_AT}) | recall (p >= {BLOCK_AT}) |"
    );
    println!("|---|---|---|---|---|---|");
    for (c, (id, _)) in CLASSES.iter().enumerate() {
        let count = |truth: Option<Option<usize>>, guess: Option<usize>, strong_only: bool| {
            confusion
                .iter()
                .filter(|((t, g, s), _)| {
                    truth.is_none_or(|truth| *t == truth) && *g == guess && (!strong_only || *s)
                })
                .map(|(_, v)| *v)
                .sum::<u64>()
        };
        let positives: u64 = confusion
            .iter()
            .filter(|((t, _, _), _)| *t == Some(c))
            .map(|(_, v)| *v)
            .sum();
        let row = |strong: bool| {
            let tp = count(Some(Some(c)), Some(c), strong);
            let predicted = count(None, Some(c), strong);
            (
                tp as f64 / predicted.max(1) as f64,
                tp as f64 / positives.max(1) as f64,
            )
        };
        let (p1, r1) = row(false);
        let (p2, r2) = row(true);
        println!(
            "| `{id}` | {positives} | {:.1}% | {:.1}% | {:.1}% | {:.1}% |",
            p1 * 100.0,
            r1 * 100.0,
            p2 * 100.0,
            r2 * 100.0
        );
    }
    println!(
        "\nPopular sites held out (Alexa top 100k, 2015, minus anything listed): {popular_total}; given any category (p >= {MIN_CONFIDENCE}): {:.2}%; at p >= {BLOCK_AT}: {:.2}%.",
        popular_flagged as f64 * 100.0 / popular_total.max(1) as f64,
        popular_blocked as f64 * 100.0 / popular_total.max(1) as f64
    );
    println!(
        "\n| threshold | popular sites given a category | of them `pornography` | held-out recall (all harmful classes) |"
    );
    println!("|---|---|---|---|");
    for &t in SWEEP {
        let (mut fp, mut fp_porn, mut tp, mut pos) = (0u64, 0u64, 0u64, 0u64);
        for s in samples.iter().filter(|s| s.test) {
            let p = model
                .predict(&s.host, &s.path)
                .filter(|p| p.confidence >= t);
            match s.class {
                None if s.popular => {
                    fp += u64::from(p.is_some());
                    fp_porn += u64::from(
                        p.as_ref()
                            .is_some_and(|p| p.category.as_str() == "pornography"),
                    );
                }
                None => {}
                Some(c) => {
                    pos += 1;
                    tp += u64::from(
                        p.as_ref().and_then(|p| class_of(p.category.as_str())) == Some(c),
                    );
                }
            }
        }
        println!(
            "| {t} | {:.2}% | {:.2}% | {:.1}% |",
            fp as f64 * 100.0 / popular_total.max(1) as f64,
            fp_porn as f64 * 100.0 / popular_total.max(1) as f64,
            tp as f64 * 100.0 / pos.max(1) as f64
        );
    }
    // Inference time: best of three passes over the held-out URLs.
    let held: Vec<&Sample> = samples.iter().filter(|s| s.test).collect();
    let mut best = f64::MAX;
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let mut hits = 0usize;
        for s in &held {
            hits += usize::from(std::hint::black_box(model.predict(&s.host, &s.path)).is_some());
        }
        std::hint::black_box(hits);
        best = best.min(t.elapsed().as_nanos() as f64 / held.len().max(1) as f64);
    }
    println!(
        "\nInference: {best:.0} ns per URL (best of three passes over the held-out URLs, one core)."
    );
    // Full benign URLs (host and path), minus anything listed.
    let iscx = read_lines(&root.join("full-urls/iscx-benign-phishtank/benign_urls_iscx2016.txt"));
    let mut total = 0u64;
    let mut flagged = 0u64;
    let mut blocked = 0u64;
    for line in &iscx {
        let url = line.trim();
        let Some(rest) = url.split_once("://").map(|(_, r)| r) else {
            continue;
        };
        let Some((host, path)) = entry(rest) else {
            continue;
        };
        if listed.contains(registrable_domain(&host)) {
            continue;
        }
        total += 1;
        if let Some(p) = model.predict(&host, &path) {
            flagged += 1;
            blocked += u64::from(p.confidence >= BLOCK_AT);
        }
    }
    println!(
        "Benign full URLs (ISCX-URL2016 benign, minus anything listed): {total}; given any category: {:.2}%; at p >= {BLOCK_AT}: {:.2}%.",
        flagged as f64 * 100.0 / total.max(1) as f64,
        blocked as f64 * 100.0 / total.max(1) as f64
    );
}
