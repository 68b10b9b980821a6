//! The category model (issue 12): inference per URL for hosts no list knows, split into its
//! parts — the learned weights (`Model::probabilities`), the name words (`NameWords::find`)
//! and the brand lures (`Brands::find`) — and the whole `Model::predict`, against the `url` crate's parse of
//! the same URLs as a yardstick in the same run. Target: `predict` within 2 µs per URL.
//!
//! The URLs are the ISCX benign set when `../shared/data` is present (else a small sample).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    missing_docs,
    reason = "benchmark"
)]

use criterion::{Criterion, Throughput};
use esafety_benches::{best_of, load_average, sample_urls};
use esafety_core::CanonicalUrl;
use esafety_core::filter::brands::Brands;
use esafety_core::filter::model::Model;
use esafety_core::filter::name_words::NameWords;
use std::hint::black_box;

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let model = Model::embedded().expect("the embedded model reads");
    let words = NameWords::embedded().expect("the embedded name words parse");
    let brands = Brands::embedded().expect("the embedded brands parse");
    let urls = sample_urls();
    let parts: Vec<(String, String)> = urls
        .iter()
        .filter_map(|u| CanonicalUrl::parse(u).ok())
        .map(|u| (u.host.clone(), u.path.clone()))
        .take(20_000)
        .collect();
    let n = parts.len().max(1);
    let per_url = |f: &dyn Fn() -> usize| {
        let (t, found) = best_of(5, f);
        (t.as_secs_f64() * 1e9 / n as f64, found)
    };
    let predict = || {
        parts
            .iter()
            .filter(|(h, p)| model.predict(black_box(h), p).is_some())
            .count()
    };
    let weights = || {
        parts
            .iter()
            .map(|(h, p)| model.probabilities(black_box(h), p).len())
            .sum()
    };
    let names = || {
        parts
            .iter()
            .filter(|(h, _)| words.find(black_box(h)).is_some())
            .count()
    };
    let lures = || {
        parts
            .iter()
            .filter(|(h, _)| brands.find(black_box(h)).is_some())
            .count()
    };
    let parse = || {
        urls.iter()
            .take(n)
            .filter(|u| url::Url::parse(black_box(u)).is_ok())
            .count()
    };
    let (t_predict, guessed) = per_url(&predict);
    let (t_weights, _) = per_url(&weights);
    let (t_names, named) = per_url(&names);
    let (t_lures, lured) = per_url(&lures);
    let (t_parse, _) = per_url(&parse);
    println!(
        "\n== category_model summary: {n} URLs | load average {} ==\n\
         Model::predict (weights + name words + lures) {t_predict:.0} ns per URL ({guessed} guesses); \
         probabilities only {t_weights:.0} ns; NameWords::find only {t_names:.0} ns \
         ({named} named); Brands::find only {t_lures:.0} ns ({lured} lures); peer url::Url::parse {t_parse:.0} ns\n\
         ratio predict / url parse: {:.2}x; target predict <= 2000 ns",
        load_average(),
        t_predict / t_parse
    );
    let mut group = c.benchmark_group("category_model");
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("Model::predict", |b| b.iter(predict));
    group.bench_function("Model::probabilities", |b| b.iter(weights));
    group.bench_function("NameWords::find", |b| b.iter(names));
    group.bench_function("Brands::find", |b| b.iter(lures));
    group.bench_function("peer: url::Url::parse", |b| b.iter(parse));
    group.finish();
    c.final_summary();
}
