//! The web filter against its named peers, in the same run, on the same rules and URLs:
//!
//! * **esafety** `UrlFilter::classify` (WHATWG canonicalisation, suffix hashes, policy);
//! * **adblock** (the `adblock` crate, Brave's engine) loaded with `||domain^` rules and
//!   checked as `document` requests;
//! * **naive**: `url::Url::parse` plus a `HashSet<String>` walk over the host's suffixes.
//!
//! Rules: every unique domain of the UT1 `*/domains` files (`../shared/data`), or a synthetic
//! list when that is absent. Queries: the real URLs of `full-urls/` plus `www.` subdomains
//! of listed domains. A table (median and p99 per URL, URLs/s on one core, build time and
//! rate, resident bytes per rule) is printed first, then criterion measures throughput.
//!
//! `ESAFETY_BENCH_SYNTHETIC=5000000` adds a synthetic 5-million-domain scale run for esafety.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "benchmark"
)]

use criterion::{Criterion, Throughput};
use esafety_core::filter::{Audience, Category, FilterBuilder, ListFormat, UrlFilter};
use std::collections::{BTreeSet, HashSet};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn resident_bytes() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<usize>().ok())
        })
        .map_or(0, |pages| pages * 4096)
}

fn ut1_domains() -> Vec<String> {
    let mut set = BTreeSet::new();
    if let Some(dir) = esafety_benches::shared_data() {
        let ut1 = dir.join("url-categories/ut1");
        for entry in std::fs::read_dir(ut1).into_iter().flatten().flatten() {
            let file = entry.path().join("domains");
            if let Ok(text) = std::fs::read_to_string(&file) {
                for line in text.lines() {
                    let d = line.trim().trim_end_matches('.').to_ascii_lowercase();
                    if !d.is_empty()
                        && !d.starts_with('#')
                        && d.is_ascii()
                        && !d.contains(char::is_whitespace)
                    {
                        set.insert(d);
                    }
                }
            }
        }
    }
    if set.is_empty() {
        set.extend((0..200_000).map(|i| format!("site{i}.example")));
    }
    set.into_iter().collect()
}

fn query_stream(domains: &[String]) -> Vec<String> {
    let mut urls = esafety_benches::sample_urls();
    urls.extend(
        domains
            .iter()
            .step_by((domains.len() / 15_000).max(1))
            .map(|d| format!("https://www.{d}/index.html?ref=bench")),
    );
    urls
}

struct Naive {
    domains: HashSet<String>,
}

impl Naive {
    fn build(domains: &[String]) -> Naive {
        Naive {
            domains: domains.iter().cloned().collect(),
        }
    }

    fn blocked(&self, url: &str) -> bool {
        let Ok(parsed) = url::Url::parse(url) else {
            return false;
        };
        let Some(host) = parsed.host_str() else {
            return false;
        };
        let mut rest = host;
        loop {
            if self.domains.contains(rest) {
                return true;
            }
            match rest.split_once('.') {
                Some((_, tail)) => rest = tail,
                None => return false,
            }
        }
    }

    /// Heap bytes: hashbrown buckets (String + control byte) plus the string bodies.
    fn heap_bytes(&self) -> usize {
        let buckets = (self.domains.capacity() * 8 / 7).next_power_of_two();
        buckets * (std::mem::size_of::<String>() + 1)
            + self.domains.iter().map(String::capacity).sum::<usize>()
    }
}

fn esafety_text(domains: &[String]) -> String {
    let mut text = String::with_capacity(domains.iter().map(|d| d.len() + 1).sum());
    for d in domains {
        text.push_str(d);
        text.push('\n');
    }
    text
}

/// Builds from the list's text, as a school's list file would be handed in.
fn esafety_filter(text: &str) -> UrlFilter {
    let mut builder = FilterBuilder::new();
    builder
        .add_list(
            "ut1-unique",
            ListFormat::Domains,
            &[Category::Pornography],
            text,
        )
        .unwrap();
    builder.build().unwrap()
}

fn adblock_rules(domains: &[String]) -> String {
    let mut rules = String::with_capacity(domains.iter().map(|d| d.len() + 4).sum());
    for d in domains {
        rules.push_str("||");
        rules.push_str(d);
        rules.push_str("^\n");
    }
    rules
}

fn adblock_blocked(engine: &adblock::Engine, url: &str) -> bool {
    match adblock::request::Request::new(url, url, "document", "GET") {
        Ok(request) => engine.check_network_request(&request).should_block(),
        Err(_) => false,
    }
}

struct Row {
    name: &'static str,
    build: Duration,
    rules: usize,
    bytes_per_rule: f64,
    bytes_note: &'static str,
    median_ns: f64,
    p99_ns: f64,
    urls_per_s: f64,
    blocked: usize,
}

/// Times each URL on its own (median, p99) and the whole stream (URLs/s), best of 3 passes.
fn time_queries(urls: &[String], mut check: impl FnMut(&str) -> bool) -> (f64, f64, f64, usize) {
    let mut blocked = 0;
    for u in urls {
        blocked += usize::from(check(u)); // warm-up
    }
    let timer_overhead = {
        let start = Instant::now();
        for _ in 0..10_000 {
            black_box(Instant::now());
        }
        start.elapsed().as_nanos() as f64 / 10_000.0
    };
    let mut samples = Vec::with_capacity(urls.len());
    for u in urls {
        let start = Instant::now();
        black_box(check(black_box(u)));
        samples.push((start.elapsed().as_nanos() as f64 - timer_overhead).max(0.0));
    }
    samples.sort_by(f64::total_cmp);
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
    let mut best = f64::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        for u in urls {
            black_box(check(black_box(u)));
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    (at(0.5), at(0.99), urls.len() as f64 / best, blocked)
}

fn main() {
    let domains = ut1_domains();
    let urls = query_stream(&domains);
    println!(
        "\nweb filter: {} unique domain rules, {} query URLs (full-urls + listed subdomains)\n",
        domains.len(),
        urls.len()
    );
    let mut rows = Vec::new();

    let text = esafety_text(&domains);
    let before = resident_bytes();
    let start = Instant::now();
    let filter = esafety_filter(&text);
    let build = start.elapsed();
    let rss = resident_bytes().saturating_sub(before);
    let (median_ns, p99_ns, urls_per_s, blocked) = time_queries(&urls, |u| {
        filter
            .classify(u, Audience::Ks2, None)
            .is_ok_and(|v| v == esafety_core::filter::Verdict::Block)
    });
    rows.push(Row {
        name: "esafety UrlFilter::classify",
        build,
        rules: filter.domain_rule_count(),
        bytes_per_rule: filter.domain_rule_bytes() as f64 / filter.domain_rule_count() as f64,
        bytes_note: "exact heap",
        median_ns,
        p99_ns,
        urls_per_s,
        blocked,
    });
    println!(
        "  (esafety RSS delta after build: {:.1} bytes/rule, build garbage included)",
        rss as f64 / domains.len() as f64
    );
    let (median_ns, p99_ns, urls_per_s, _) = time_queries(&urls, |u| {
        filter
            .check_for(u, Audience::Ks2, None)
            .is_ok_and(|d| d.verdict == esafety_core::filter::Verdict::Block)
    });
    rows.push(Row {
        name: "esafety UrlFilter::check (full Decision)",
        build,
        rules: filter.domain_rule_count(),
        bytes_per_rule: filter.domain_rule_bytes() as f64 / filter.domain_rule_count() as f64,
        bytes_note: "exact heap",
        median_ns,
        p99_ns,
        urls_per_s,
        blocked,
    });

    let before = resident_bytes();
    let start = Instant::now();
    let naive = Naive::build(&domains);
    let build = start.elapsed();
    let _ = before;
    let (median_ns, p99_ns, urls_per_s, blocked) = time_queries(&urls, |u| naive.blocked(u));
    rows.push(Row {
        name: "naive url::Url + HashSet<String>",
        build,
        rules: domains.len(),
        bytes_per_rule: naive.heap_bytes() as f64 / domains.len() as f64,
        bytes_note: "exact heap",
        median_ns,
        p99_ns,
        urls_per_s,
        blocked,
    });

    let rules = adblock_rules(&domains);
    let before = resident_bytes();
    let start = Instant::now();
    let engine = adblock::Engine::new_with_list_text(rules);
    let build = start.elapsed();
    let rss = resident_bytes().saturating_sub(before);
    let (median_ns, p99_ns, urls_per_s, blocked) =
        time_queries(&urls, |u| adblock_blocked(&engine, u));
    rows.push(Row {
        name: "adblock Engine (||domain^, document)",
        build,
        rules: domains.len(),
        bytes_per_rule: rss as f64 / domains.len() as f64,
        bytes_note: "RSS delta",
        median_ns,
        p99_ns,
        urls_per_s,
        blocked,
    });

    let esafety_median = rows[0].median_ns.max(1.0);
    let esafety_rate = rows[0].urls_per_s;
    println!(
        "| engine | median ns/URL | p99 ns/URL | URLs/s (1 core) | ratio vs esafety (throughput) | build | rules/s | bytes/rule | blocked |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    for r in &rows {
        println!(
            "| {} | {:.0} | {:.0} | {:.2}M | {:.1}x | {:.0} ms | {:.2}M | {:.1} ({}) | {} |",
            r.name,
            r.median_ns,
            r.p99_ns,
            r.urls_per_s / 1e6,
            esafety_rate / r.urls_per_s,
            r.build.as_secs_f64() * 1e3,
            r.rules as f64 / r.build.as_secs_f64() / 1e6,
            r.bytes_per_rule,
            r.bytes_note,
            r.blocked
        );
    }
    println!(
        "\nmedian-latency ratios: adblock/esafety = {:.1}x, naive/esafety = {:.1}x\n",
        rows[3].median_ns / esafety_median,
        rows[2].median_ns / esafety_median
    );

    if let Some(n) = std::env::var("ESAFETY_BENCH_SYNTHETIC")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        let synthetic: Vec<String> = (0..n)
            .map(|i| format!("s{i:x}.synthetic-{}.test", i % 97))
            .collect();
        let text = esafety_text(&synthetic);
        let start = Instant::now();
        let big = esafety_filter(&text);
        let build = start.elapsed();
        println!(
            "synthetic: {} rules built in {:.0} ms ({:.2}M rules/s), {:.1} bytes/rule",
            n,
            build.as_secs_f64() * 1e3,
            n as f64 / build.as_secs_f64() / 1e6,
            big.domain_rule_bytes() as f64 / big.domain_rule_count() as f64
        );
    }

    let mut criterion = Criterion::default().configure_from_args();
    let mut group = criterion.benchmark_group("url_filter");
    group.throughput(Throughput::Elements(urls.len() as u64));
    group.sample_size(10);
    group.bench_function("esafety classify", |b| {
        b.iter(|| {
            for u in &urls {
                black_box(filter.classify(black_box(u), Audience::Ks2, None).ok());
            }
        })
    });
    group.bench_function("peer: naive url + HashSet<String>", |b| {
        b.iter(|| {
            for u in &urls {
                black_box(naive.blocked(black_box(u)));
            }
        })
    });
    group.bench_function("peer: adblock ||domain^", |b| {
        b.iter(|| {
            for u in &urls {
                black_box(adblock_blocked(&engine, black_box(u)));
            }
        })
    });
    group.finish();
    criterion.final_summary();
}
