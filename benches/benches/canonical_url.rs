//! URL canonicalisation: esafety (WHATWG parse + esafety's extra normalisation) against the
//! named peer, the raw `url` crate parse, on the same real URLs in the same run.
#![allow(clippy::unwrap_used, missing_docs, reason = "benchmark")]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use esafety_core::CanonicalUrl;
use std::hint::black_box;

fn canonicalise(c: &mut Criterion) {
    let urls = esafety_benches::sample_urls();
    let mut group = c.benchmark_group("canonical_url");
    group.throughput(Throughput::Elements(urls.len() as u64));
    group.bench_function("esafety CanonicalUrl::parse", |b| {
        b.iter(|| {
            for u in &urls {
                let _ = black_box(CanonicalUrl::parse(black_box(u)));
            }
        })
    });
    group.bench_function("peer: url::Url::parse (no esafety normalisation)", |b| {
        b.iter(|| {
            for u in &urls {
                let _ = black_box(url::Url::parse(black_box(u)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, canonicalise);
criterion_main!(benches);
