//! Term scanning: esafety (full normalisation, whole words, allow-phrases) against the named
//! peer, the raw `aho-corasick` DFA (ASCII case-insensitive, no normalisation, no word
//! boundaries) on the same ~7k terms and the same few MB of realistic text, in the same run.
//! Also the time to build each from the terms (target: esafety under 0.1 s).
#![allow(clippy::unwrap_used, missing_docs, reason = "benchmark")]

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use esafety_core::scanner::{Audience, Scratch, TermList, TermScanner};
use std::hint::black_box;

fn lists() -> Vec<TermList> {
    let files = esafety_benches::term_list_files();
    if files.is_empty() {
        // Without ../shared/data: the embedded default list.
        return vec![
            TermList::parse_named(
                "tsv",
                "default.tsv",
                esafety_core::scanner::DEFAULT_LIST_TSV,
            )
            .unwrap(),
        ];
    }
    files
        .iter()
        .map(|(format, label, text)| TermList::parse_named(format, label, text).unwrap())
        .collect()
}

fn raw_dfa(terms: &[String]) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(terms)
        .unwrap()
}

fn scan(c: &mut Criterion) {
    let lists = lists();
    let terms: Vec<String> = lists
        .iter()
        .flat_map(|l| l.entries.iter().map(|e| e.term.clone()))
        .collect();
    let text = esafety_benches::realistic_text(4 << 20);
    let scanner = TermScanner::from_lists(&lists).unwrap();
    let peer = raw_dfa(&terms);

    let mut group = c.benchmark_group("scanner_scan");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(10);
    let mut scratch = Scratch::default();
    group.bench_function(
        "esafety TermScanner::scan_with (all normalisation, whole words)",
        |b| {
            b.iter(|| {
                black_box(
                    scanner
                        .scan_with(&mut scratch, black_box(&text), Audience::Ks3)
                        .unwrap()
                        .len(),
                )
            })
        },
    );
    group.bench_function(
        "peer: aho-corasick DFA find_iter (ascii case-insensitive)",
        |b| b.iter(|| black_box(peer.find_iter(black_box(&text)).count())),
    );
    group.bench_function("peer: aho-corasick DFA find_overlapping_iter", |b| {
        b.iter(|| black_box(peer.find_overlapping_iter(black_box(&text)).count()))
    });
    group.finish();

    let mut group = c.benchmark_group("scanner_build");
    group.sample_size(10);
    group.throughput(Throughput::Elements(terms.len() as u64));
    group.bench_function("esafety TermScanner::from_lists", |b| {
        b.iter(|| black_box(TermScanner::from_lists(black_box(&lists)).unwrap()))
    });
    group.bench_function("peer: aho-corasick DFA build", |b| {
        b.iter(|| black_box(raw_dfa(black_box(&terms))))
    });
    group.finish();
}

criterion_group!(benches, scan);
criterion_main!(benches);
