//! The URL filter (issue 6, "Performance"): esafety `UrlFilter` against the `adblock` crate
//! (the same domains as `||domain^` rules, checked as `document` requests) and a naive
//! baseline (`url` crate parse + `HashSet<String>` walk over host suffixes), on the real UT1
//! lists and on a synthetic 5-million-domain list, in the same run.
//!
//! Besides criterion's estimates, the bench prints a summary per rule set: build time and
//! rules/s, resident bytes per domain rule (a counting global allocator: bytes still
//! allocated after building minus before, over the rule count), per-URL median and p99 from
//! a loop timing every call, and URLs/s on one core (best of three passes over the stream).
//!
//! `ESAFETY_BENCH_SYNTHETIC=<n>` changes the size of the synthetic list (0 skips it).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "benchmark"
)]

use cap::Cap;
use criterion::{Criterion, Throughput};
use esafety_benches::{
    best_of, distinct_domains, load_average, percentiles, synthetic_domains, url_queries,
};
use esafety_core::filter::{Audience, FilterBuilder, UrlFilter, Verdict};
use std::alloc::System;
use std::collections::HashSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

#[global_allocator]
static ALLOC: Cap<System> = Cap::new(System, usize::MAX);

/// One rule set with its inputs: the files esafety loads (with categories), the distinct
/// domains the peers load, and the query stream.
struct RuleSet {
    name: String,
    files: Vec<(String, String)>,
    domains: Vec<String>,
    queries: Vec<String>,
}

fn ut1() -> RuleSet {
    let files = esafety_benches::ut1_domain_files();
    let domains = distinct_domains(&files);
    let queries = url_queries(&domains);
    RuleSet {
        name: format!("UT1 ({} distinct domains)", domains.len()),
        files,
        domains,
        queries,
    }
}

fn synthetic(n: usize) -> RuleSet {
    let domains = synthetic_domains(n, 42);
    let files = vec![("gambling/domains".to_owned(), domains.join("\n"))];
    let queries = url_queries(&domains);
    RuleSet {
        name: format!("synthetic ({n} domains)"),
        files,
        domains,
        queries,
    }
}

/// The naive baseline: WHATWG parse with the `url` crate, then a walk over the host's
/// suffixes on label boundaries in a `HashSet<String>`.
struct Naive {
    set: HashSet<String>,
}

impl Naive {
    fn build(domains: &[String]) -> Naive {
        Naive {
            set: domains.iter().cloned().collect(),
        }
    }

    fn blocks(&self, url: &str) -> bool {
        let Ok(parsed) = url::Url::parse(url) else {
            return false;
        };
        let Some(host) = parsed.host_str() else {
            return false;
        };
        let mut host = host.strip_suffix('.').unwrap_or(host);
        loop {
            if self.set.contains(host) {
                return true;
            }
            match host.find('.') {
                Some(dot) => host = &host[dot + 1..],
                None => return false,
            }
        }
    }
}

fn adblock_build(domains: &[String]) -> (adblock::Engine, usize) {
    let mut text = String::with_capacity(domains.iter().map(|d| d.len() + 4).sum());
    for d in domains {
        text.push_str("||");
        text.push_str(d);
        text.push_str("^\n");
    }
    let text_bytes = text.capacity();
    let before = ALLOC.allocated();
    let mut set = adblock::FilterSet::new(false);
    set.add_filter_list(text, adblock::lists::ParseOptions::default());
    let engine = adblock::Engine::new_with_filter_set(set);
    // The list text was handed over (and freed inside); count it back out of the baseline.
    let retained = (ALLOC.allocated() + text_bytes).saturating_sub(before);
    (engine, retained)
}

fn adblock_blocks(engine: &adblock::Engine, url: &str) -> bool {
    match adblock::request::Request::new(url, url, "document", "GET") {
        Ok(request) => engine.check_network_request(&request).should_block(),
        Err(_) => false,
    }
}

fn esafety_build(files: &[(String, String)]) -> UrlFilter {
    let mut builder = FilterBuilder::new();
    for (label, text) in files {
        builder.add_ut1_file(label, text).expect("UT1 file loads");
    }
    builder.build().expect("filter builds")
}

fn esafety_classify(filter: &UrlFilter, url: &str) -> bool {
    matches!(
        filter.classify(url, Audience::Ks2, None),
        Ok(Verdict::Block)
    )
}

fn esafety_check(filter: &UrlFilter, url: &str) -> bool {
    filter
        .check(url, "ks2", None)
        .is_ok_and(|d| !d.categories.is_empty())
}

struct Row {
    engine: &'static str,
    build: Option<(Duration, usize, usize)>,
    median_ns: u64,
    p99_ns: u64,
    per_url_ns: f64,
    hits: usize,
}

/// Times every call (for median and p99) over `passes` passes of the stream, then the
/// best of three untimed passes for URLs/s.
fn measure(queries: &[String], mut check: impl FnMut(&str) -> bool) -> (u64, u64, f64, usize) {
    let passes = 2;
    let mut times = Vec::with_capacity(queries.len() * passes);
    for _ in 0..passes {
        for q in queries {
            let t = Instant::now();
            black_box(check(black_box(q)));
            times.push(t.elapsed().as_nanos() as u64);
        }
    }
    let (median, p99) = percentiles(&mut times);
    let (best, hits) = best_of(3, || {
        queries
            .iter()
            .filter(|q| check(black_box(q.as_str())))
            .count()
    });
    let per_url = best.as_nanos() as f64 / queries.len() as f64;
    (median, p99, per_url, hits)
}

fn timer_overhead_ns() -> u64 {
    let mut times = Vec::with_capacity(100_000);
    for _ in 0..100_000 {
        let t = Instant::now();
        times.push(t.elapsed().as_nanos() as u64);
    }
    percentiles(&mut times).0
}

fn print_table(set: &RuleSet, rows: &[Row]) {
    println!(
        "\n== url_filter summary: {} | {} queries | load average {} ==",
        set.name,
        set.queries.len(),
        load_average()
    );
    println!(
        "{:<34} {:>9} {:>11} {:>11} {:>9} {:>9} {:>10} {:>12} {:>8}",
        "engine", "build s", "rules/s", "bytes/rule", "median", "p99", "mean/URL", "URLs/s", "hits"
    );
    for r in rows {
        let (build, rate, bytes) = match r.build {
            Some((t, rules, bytes)) => (
                format!("{:.3}", t.as_secs_f64()),
                format!("{:.0}", rules as f64 / t.as_secs_f64()),
                format!("{:.1}", bytes as f64 / set.domains.len() as f64),
            ),
            None => ("-".into(), "-".into(), "-".into()),
        };
        println!(
            "{:<34} {:>9} {:>11} {:>11} {:>7}ns {:>7}ns {:>8.0}ns {:>12.0} {:>8}",
            r.engine,
            build,
            rate,
            bytes,
            r.median_ns,
            r.p99_ns,
            r.per_url_ns,
            1e9 / r.per_url_ns,
            r.hits
        );
    }
    let find = |name: &str| rows.iter().find(|r| r.engine.starts_with(name));
    if let (Some(es), Some(ab), Some(nv)) =
        (find("esafety classify"), find("adblock"), find("naive"))
    {
        println!(
            "ratios (esafety classify): {:.1}x faster than adblock per URL, {:.2}x vs naive (>1 = faster)",
            ab.per_url_ns / es.per_url_ns,
            nv.per_url_ns / es.per_url_ns
        );
    }
    if let (Some(es), Some(ab), Some(nv)) = (find("esafety check"), find("adblock"), find("naive"))
    {
        println!(
            "ratios (esafety check, full Decision): {:.1}x faster than adblock per URL, {:.2}x vs naive",
            ab.per_url_ns / es.per_url_ns,
            nv.per_url_ns / es.per_url_ns
        );
    }
}

fn run(c: &mut Criterion, set: &RuleSet, full: Option<&UrlFilter>) {
    let rules_esafety: usize = set.files.iter().map(|(_, t)| t.lines().count()).sum();
    let mut rows = Vec::new();

    // esafety
    let before = ALLOC.allocated();
    let t = Instant::now();
    let filter = esafety_build(&set.files);
    let build = t.elapsed();
    let bytes = ALLOC.allocated().saturating_sub(before);
    println!(
        "esafety: {} list lines -> {} domain rules; own accounting {} heap bytes for domain rules \
         ({:.1} per rule); allocator: {} bytes retained by the whole filter",
        rules_esafety,
        filter.domain_rule_count(),
        filter.domain_rule_bytes(),
        filter.domain_rule_bytes() as f64 / filter.domain_rule_count().max(1) as f64,
        bytes
    );
    let (median, p99, per_url, hits) = measure(&set.queries, |q| esafety_classify(&filter, q));
    rows.push(Row {
        engine: "esafety classify (verdict, ks2)",
        build: Some((build, rules_esafety, bytes)),
        median_ns: median,
        p99_ns: p99,
        per_url_ns: per_url,
        hits,
    });
    let (median, p99, per_url, hits) = measure(&set.queries, |q| esafety_check(&filter, q));
    rows.push(Row {
        engine: "esafety check (Decision, ks2)",
        build: None,
        median_ns: median,
        p99_ns: p99,
        per_url_ns: per_url,
        hits,
    });
    if let Some(full) = full {
        let (median, p99, per_url, hits) = measure(&set.queries, |q| esafety_classify(full, q));
        rows.push(Row {
            engine: "esafety classify, full UT1 dir",
            build: None,
            median_ns: median,
            p99_ns: p99,
            per_url_ns: per_url,
            hits,
        });
    }
    let (batch, _) = best_of(3, || {
        filter
            .check_many(&set.queries, "ks2", None)
            .map_or(0, |r| r.len())
    });
    println!(
        "esafety check_many: {:.0} ns per URL over {} URLs",
        batch.as_nanos() as f64 / set.queries.len() as f64,
        set.queries.len()
    );
    if let Some(full) = full {
        check_many_against_a_loop(full, &set.queries);
    }

    // adblock
    let t = Instant::now();
    let (engine, bytes) = adblock_build(&set.domains);
    let build = t.elapsed();
    let (median, p99, per_url, hits) = measure(&set.queries, |q| adblock_blocks(&engine, q));
    rows.push(Row {
        engine: "adblock (||d^, document)",
        build: Some((build, set.domains.len(), bytes)),
        median_ns: median,
        p99_ns: p99,
        per_url_ns: per_url,
        hits,
    });

    // naive
    let before = ALLOC.allocated();
    let t = Instant::now();
    let naive = Naive::build(&set.domains);
    let build = t.elapsed();
    let bytes = ALLOC.allocated().saturating_sub(before);
    let (median, p99, per_url, hits) = measure(&set.queries, |q| naive.blocks(q));
    rows.push(Row {
        engine: "naive (url + HashSet suffixes)",
        build: Some((build, set.domains.len(), bytes)),
        median_ns: median,
        p99_ns: p99,
        per_url_ns: per_url,
        hits,
    });
    print_table(set, &rows);
    println!(
        "(median/p99 include the timer, about {} ns per call here; bytes/rule divide by the {} \
         distinct domains; esafety's build reads {} list lines with their categories)",
        timer_overhead_ns(),
        set.domains.len(),
        rules_esafety
    );

    // criterion, on every 7th query (a fixed sub-stream keeps slow peers affordable)
    let sample: Vec<&str> = set.queries.iter().step_by(7).map(String::as_str).collect();
    let mut group = c.benchmark_group(format!("url_filter/{}", set.name));
    group.sample_size(10);
    group.throughput(Throughput::Elements(sample.len() as u64));
    group.bench_function("esafety classify", |b| {
        b.iter(|| {
            sample
                .iter()
                .filter(|q| esafety_classify(&filter, q))
                .count()
        })
    });
    if let Some(full) = full {
        group.bench_function("esafety classify (full UT1 dir)", |b| {
            b.iter(|| sample.iter().filter(|q| esafety_classify(full, q)).count())
        });
    }
    group.bench_function("esafety check", |b| {
        b.iter(|| sample.iter().filter(|q| esafety_check(&filter, q)).count())
    });
    // The columnar batch (issue 14): the same explained decisions, kept as columns, the
    // batch split across all cores (2 here); throughput is per URL of the whole batch.
    let column: Vec<Option<&str>> = sample.iter().map(|q| Some(*q)).collect();
    // Core spreads a batch only over a pool the caller installs, as the bindings do.
    let pool = rayon::ThreadPoolBuilder::new()
        .build()
        .expect("the benchmark starts its threads");
    group.bench_function("esafety check_columns (all cores)", |b| {
        b.iter(|| {
            pool.install(|| filter.check_columns(&column, "ks2", None))
                .map_or(0, |c| {
                    c.verdict.iter().filter(|v| **v == Some("block")).count()
                })
        })
    });
    group.bench_function("peer: adblock", |b| {
        b.iter(|| sample.iter().filter(|q| adblock_blocks(&engine, q)).count())
    });
    group.bench_function("peer: naive url+HashSet", |b| {
        b.iter(|| sample.iter().filter(|q| naive.blocks(q)).count())
    });
    group.finish();
}

/// `check_many` on the filter the Python `UrlFilter.from_directory(...).check_many` runs,
/// against `check` in a loop: dropping each `Decision` at once (the fastest loop) and
/// keeping them all (what `check_many` returns). `check_many` runs in a rayon pool of one
/// thread per core, as the Python binding installs, and on the caller's thread alone.
fn check_many_against_a_loop(full: &UrlFilter, queries: &[String]) {
    let per_url = |d: Duration| d.as_nanos() as f64 / queries.len() as f64;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(cores).build();
    let (pooled, _) = best_of(3, || match &pool {
        Ok(pool) => pool.install(|| full.check_many(queries, "ks2", None).map_or(0, |r| r.len())),
        Err(_) => 0,
    });
    let (alone, _) = best_of(3, || {
        full.check_many(queries, "ks2", None).map_or(0, |r| r.len())
    });
    let (dropped, _) = best_of(3, || {
        queries.iter().filter(|q| esafety_check(full, q)).count()
    });
    let (kept, _) = best_of(3, || {
        queries
            .iter()
            .map(|q| full.check(q, "ks2", None))
            .collect::<Vec<_>>()
            .len()
    });
    println!(
        "esafety full UT1 dir, ns per URL: check_many in a pool of {cores} threads {:.0}, on one \
         thread {:.0}; check one by one {:.0} (each Decision dropped), {:.0} (all kept)",
        per_url(pooled),
        per_url(alone),
        per_url(dropped),
        per_url(kept)
    );
    println!(
        "ratio (check_many in the pool against check one by one, dropped): {:.2}x (>1 = faster)",
        per_url(dropped) / per_url(pooled)
    );
}

/// The filter `UrlFilter.from_directory` gives the bindings: every UT1 list (domains, urls,
/// expressions) plus the embedded defaults.
fn full_directory_load() -> Option<UrlFilter> {
    let Some(dir) = esafety_benches::ut1_directory() else {
        println!("skipped: ../shared/data not found (full UT1 directory load)");
        return None;
    };
    let t = Instant::now();
    match esafety_io::url_filter_from_directory(&dir, false) {
        Ok(filter) => {
            let report = filter.load_report();
            println!(
                "esafety full UT1 directory (read + domains, urls, expressions + defaults): {:.3} s, \
                 {} accepted lines, {} domain rules, {} url rules",
                t.elapsed().as_secs_f64(),
                report.accepted(),
                filter.domain_rule_count(),
                filter.url_rule_count()
            );
            Some(filter)
        }
        Err(e) => {
            println!("esafety full UT1 directory did not load: {e}");
            None
        }
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    println!("machine load average at start: {}", load_average());
    let full = full_directory_load();
    run(&mut c, &ut1(), full.as_ref());
    drop(full);
    let n = std::env::var("ESAFETY_BENCH_SYNTHETIC")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000_000);
    if n > 0 {
        run(&mut c, &synthetic(n), None);
    }
    c.final_summary();
}
