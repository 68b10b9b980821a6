//! Reads the shared lists into labelled samples, split by registrable domain.

use esafety_core::filter::model::registrable_domain;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// `(folder, file, sample cap)`.
pub type ListFile = (&'static str, &'static str, usize);

/// `(class id, its lists)`.
pub const CLASSES: &[(&str, &[ListFile])] = &[
    (
        "pornography",
        &[
            ("sinfonietta", "pornography-hosts", 60_000),
            ("ut1/adult", "urls", 2_000),
        ],
    ),
    ("gambling", &[("ut1/gambling", "domains", 40_000)]),
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
            ("ut1/phishing", "domains", 80_000),
            ("ut1/phishing", "urls", 5_000),
        ],
    ),
    (
        "filter_bypass",
        &[
            ("ut1/vpn", "domains", 6_100),
            ("ut1/redirector", "domains", 60_000),
            ("ut1/doh", "domains", 3_100),
            ("ut1/residential-proxies", "domains", 200),
        ],
    ),
    ("dating", &[("ut1/dating", "domains", 7_000)]),
    ("games", &[("ut1/games", "domains", 30_000)]),
];

/// Neutral UT1 folders used as negatives beside the popular sites, with a cap each.
pub const NEUTRAL: &[(&str, usize)] = &[
    ("press", 5_000),
    ("bank", 7_000),
    ("sports", 2_500),
    ("jobsearch", 20_000),
    ("shopping", 20_000),
    ("educational_games", 100),
    ("child", 100),
    ("liste_blanche", 300),
    ("sexual_education", 100),
    ("audio-video", 4_000),
    ("blog", 1_500),
    ("forums", 300),
    ("webmail", 500),
    ("social_networks", 800),
    ("download", 4_100),
    ("radio", 600),
    ("cooking", 100),
    ("cleaning", 200),
    ("translation", 200),
    ("celebrity", 700),
    ("financial", 500),
    ("mobile-phone", 100),
    ("astrology", 100),
    ("update", 100),
    ("filehosting", 1_000),
];

/// UT1 folders whose domains count as listed (never a negative).
pub const HARMFUL: &[&str] = &[
    "adult",
    "malware",
    "agressif",
    "hacking",
    "warez",
    "mixed_adult",
    "lingerie",
    "dangerous_material",
    "cryptojacking",
    "shortener",
    "dynamic-dns",
    "remote-control",
    "strict_redirector",
    "strong_redirector",
    "stalkerware",
    "ddos",
    "tricheur",
    "publicite",
    "marketingware",
    "sect",
    "fakenews",
    "bitcoin",
    "manga",
];

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    List,
    Popular,
    Neutral,
    Iscx,
}

pub struct Sample {
    pub host: String,
    pub path: String,
    /// Class index, or `None` for benign.
    pub class: Option<usize>,
    /// 0: held-out test, 1: validation (model selection, not trained on), 2: training.
    pub split: u8,
    pub origin: Origin,
}

pub fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Test one fifth, validation one tenth of the rest, by registrable domain.
pub fn split_of(host: &str) -> u8 {
    let h = fnv(registrable_domain(host));
    if h.is_multiple_of(5) {
        0
    } else if (h / 5).is_multiple_of(10) {
        1
    } else {
        2
    }
}

/// `(host, path)` of a list line (domains, hosts, urls formats), lower-case.
pub fn entry(line: &str) -> Option<(String, String)> {
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
    let target = target.split_once("://").map_or(target.as_str(), |(_, r)| r);
    let (host, path) = match target.split_once('/') {
        Some((h, p)) => (h.to_owned(), format!("/{p}")),
        None => (target.to_owned(), "/".to_owned()),
    };
    let host = host.split(':').next()?.to_owned();
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

pub fn read_lines(path: &Path) -> Vec<String> {
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

pub fn read_entries(path: &Path) -> Vec<(String, String)> {
    read_lines(path).iter().filter_map(|l| entry(l)).collect()
}

/// Evenly spaced items so the sample covers the whole (sorted) file.
pub fn spread<T: Clone>(items: &[T], cap: usize) -> Vec<T> {
    if items.len() <= cap {
        return items.to_vec();
    }
    (0..cap)
        .map(|i| items[i * items.len() / cap].clone())
        .collect()
}

/// At most `per` entries per registrable domain (the first ones in file order).
pub fn per_domain(items: Vec<(String, String)>, per: usize) -> Vec<(String, String)> {
    let mut count: HashMap<String, usize> = HashMap::new();
    items
        .into_iter()
        .filter(|(h, _)| {
            let c = count.entry(registrable_domain(h).to_owned()).or_default();
            *c += 1;
            *c <= per
        })
        .collect()
}

pub struct Data {
    pub samples: Vec<Sample>,
    /// Registrable domains per list file (`folder/file`).
    pub by_list: HashMap<&'static str, HashSet<String>>,
}

pub struct Options {
    /// Leave these list files (`folder/file`) out of training (cross-list check).
    pub without: Vec<&'static str>,
    /// Entries kept per registrable domain and list.
    pub per_domain: usize,
}

pub fn load(root: &Path, o: &Options) -> Data {
    let lists: PathBuf = root.join("url-categories");
    let mut samples = Vec::new();
    let mut listed = HashSet::new();
    let mut by_list: HashMap<&'static str, HashSet<String>> = HashMap::new();
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for (class, (_, files)) in CLASSES.iter().enumerate() {
        for (folder, file, cap) in *files {
            let key: &'static str = Box::leak(format!("{folder}/{file}").into_boxed_str());
            let entries = read_entries(&lists.join(folder).join(file));
            let names = by_list.entry(key).or_default();
            for (host, _) in &entries {
                listed.insert(registrable_domain(host).to_owned());
                names.insert(registrable_domain(host).to_owned());
            }
            if o.without.contains(&key) {
                continue;
            }
            for (host, path) in spread(&per_domain(entries, o.per_domain), *cap) {
                if seen.insert((host.clone(), path.clone())) {
                    let split = split_of(&host);
                    samples.push(Sample {
                        host,
                        path,
                        class: Some(class),
                        split,
                        origin: Origin::List,
                    });
                }
            }
        }
    }
    for folder in HARMFUL {
        for file in ["domains", "urls"] {
            for (host, _) in read_entries(&lists.join("ut1").join(folder).join(file)) {
                listed.insert(registrable_domain(&host).to_owned());
            }
        }
    }
    let mut negatives: Vec<(String, String, Origin)> =
        read_lines(&root.join("benign/alexa-top100k-2015/top-100k.csv"))
            .iter()
            .filter_map(|l| l.split(',').nth(1))
            .filter_map(entry)
            .map(|(h, p)| (h, p, Origin::Popular))
            .collect();
    for (folder, cap) in NEUTRAL {
        let entries = read_entries(&lists.join("ut1").join(folder).join("domains"));
        negatives.extend(
            spread(&per_domain(entries, o.per_domain), *cap)
                .into_iter()
                .map(|(h, p)| (h, p, Origin::Neutral)),
        );
    }
    let iscx = read_lines(&root.join("full-urls/iscx-benign-phishtank/benign_urls_iscx2016.txt"));
    negatives.extend(
        iscx.iter()
            .filter_map(|l| entry(l.trim()))
            .map(|(h, p)| (h, p, Origin::Iscx)),
    );
    for (host, path, origin) in negatives {
        if listed.contains(registrable_domain(&host)) || !seen.insert((host.clone(), path.clone()))
        {
            continue;
        }
        let split = match origin {
            // Never trained on: all of it is held out.
            Origin::Iscx => 0,
            _ => split_of(&host),
        };
        samples.push(Sample {
            host,
            path,
            class: None,
            split,
            origin,
        });
    }
    Data { samples, by_list }
}
