//! The held-out figures, printed as Markdown.

use crate::data::{self, CLASSES, Data, Origin, Sample};
use esafety_core::filter::model::{MIN_CONFIDENCE, Model, registrable_domain};
use std::collections::HashSet;
use std::path::Path;

/// The pupils' default block threshold (`model_block_at` 95) and the staff one (98).
const PUPILS: f32 = 0.95;
const STAFF: f32 = 0.98;
/// Thresholds swept for the trade-off table.
const SWEEP: &[f32] = &[0.5, 0.8, 0.9, 0.95, 0.98];

fn pct(a: u64, b: u64) -> f64 {
    a as f64 * 100.0 / b.max(1) as f64
}

/// `(class, confidence)` of a model's guess, if any.
pub type Guess<'a> = &'a dyn Fn(&Sample) -> Option<(usize, f32)>;

/// The shipped model's guess.
pub fn guess(model: &Model, s: &Sample) -> Option<(usize, f32)> {
    let p = model.predict(&s.host, &s.path)?;
    let c = CLASSES
        .iter()
        .position(|(id, _)| *id == p.category.as_str())?;
    Some((c, p.confidence))
}

/// The most probable class of a probability vector, when at least [`MIN_CONFIDENCE`].
pub fn best(p: &[f32]) -> Option<(usize, f32)> {
    p.iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(c, &v)| (c, v))
        .filter(|(_, v)| *v >= MIN_CONFIDENCE)
}

fn held_out(d: &Data) -> impl Iterator<Item = &Sample> {
    d.samples.iter().filter(|s| s.split == 0)
}

pub fn header(d: &Data, model: &Model, dropped: usize, took: std::time::Duration) {
    let count = |split: u8| d.samples.iter().filter(|s| s.split == split).count();
    println!(
        "Category model: {} classes, 2^{} buckets, {} bytes of weights; {} training, {} model-selection and {} held-out URLs; {dropped} popular negatives dropped as likely mislabelled; trained (with the two cleaning folds) in {:.1} s.\n",
        CLASSES.len(),
        crate::train::PARAMS.bits,
        model.weight_bytes(),
        count(2),
        count(1),
        count(0),
        took.as_secs_f64()
    );
}

pub fn tables(d: &Data, guess: Guess) {
    println!(
        "| category | held-out positives | precision (p >= {MIN_CONFIDENCE}) | recall (p >= {MIN_CONFIDENCE}) | precision (p >= {PUPILS}) | recall (p >= {PUPILS}) | recall (p >= {STAFF}) |"
    );
    println!("|---|---|---|---|---|---|---|");
    /// Truth and guess of each held-out URL.
    type Pair = (Option<usize>, Option<(usize, f32)>);
    let guesses: Vec<Pair> = held_out(d).map(|s| (s.class, guess(s))).collect();
    for (c, (id, _)) in CLASSES.iter().enumerate() {
        let positives = guesses.iter().filter(|(t, _)| *t == Some(c)).count() as u64;
        let at = |t: f32| {
            let named = guesses
                .iter()
                .filter(|(_, g)| g.is_some_and(|(g, p)| g == c && p >= t));
            let (mut tp, mut all) = (0u64, 0u64);
            for (truth, _) in named {
                all += 1;
                tp += u64::from(*truth == Some(c));
            }
            (pct(tp, all), pct(tp, positives))
        };
        let (p1, r1) = at(MIN_CONFIDENCE);
        let (p2, r2) = at(PUPILS);
        let (_, r3) = at(STAFF);
        println!("| `{id}` | {positives} | {p1:.1}% | {r1:.1}% | {p2:.1}% | {r2:.1}% | {r3:.1}% |");
    }
    println!(
        "\n| held-out clean set (minus anything listed) | sites | any category (p >= {PUPILS}) | `pornography` (p >= {PUPILS}) | any category (p >= {STAFF}) |"
    );
    println!("|---|---|---|---|---|");
    for (origin, label) in [
        (Origin::Popular, "popular sites (Alexa top 100k, 2015)"),
        (
            Origin::Neutral,
            "UT1 neutral folders (press, bank, jobsearch, ...)",
        ),
        (Origin::Iscx, "ISCX-URL2016 benign full URLs"),
    ] {
        let (mut n, mut any, mut porn, mut staff) = (0u64, 0u64, 0u64, 0u64);
        for s in held_out(d).filter(|s| s.class.is_none() && s.origin == origin) {
            n += 1;
            if let Some((c, p)) = guess(s) {
                any += u64::from(p >= PUPILS);
                porn += u64::from(p >= PUPILS && c == 0);
                staff += u64::from(p >= STAFF);
            }
        }
        println!(
            "| {label} | {n} | {:.2}% | {:.2}% | {:.2}% |",
            pct(any, n),
            pct(porn, n),
            pct(staff, n)
        );
    }
    pornography_sweep(d, guess);
    println!(
        "\n| threshold | popular sites given a category | of them `pornography` | held-out recall (all harmful classes) |"
    );
    println!("|---|---|---|---|");
    for &t in SWEEP {
        let (mut n, mut fp, mut fp_porn, mut tp, mut pos) = (0u64, 0u64, 0u64, 0u64, 0u64);
        for s in held_out(d) {
            let g = guess(s).filter(|(_, p)| *p >= t);
            match s.class {
                None if s.origin == Origin::Popular => {
                    n += 1;
                    fp += u64::from(g.is_some());
                    fp_porn += u64::from(g.is_some_and(|(c, _)| c == 0));
                }
                None => {}
                Some(c) => {
                    pos += 1;
                    tp += u64::from(g.is_some_and(|(g, _)| g == c));
                }
            }
        }
        println!(
            "| {t} | {:.2}% | {:.2}% | {:.1}% |",
            pct(fp, n),
            pct(fp_porn, n),
            pct(tp, pos)
        );
    }
}

/// Prints the inference time of the shipped model.
pub fn inference(d: &Data, model: &Model) {
    let held: Vec<&Sample> = held_out(d).collect();
    let (wall, cpu) = inference_ns(model, &held);
    println!(
        "\nInference: {cpu:.0} ns of CPU time per URL ({wall:.0} ns wall-clock; 20 passes over the held-out URLs, one thread, on a shared machine)."
    );
}

/// This thread's CPU time in clock ticks (Linux), if readable.
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

/// `(wall-clock, CPU)` nanoseconds per prediction over 20 passes (CPU time from the kernel's
/// 100 Hz ticks, so a busy machine's waiting is left out).
fn inference_ns(model: &Model, held: &[&Sample]) -> (f64, f64) {
    let passes = 20;
    let before = cpu_ticks();
    let t = std::time::Instant::now();
    let mut hits = 0usize;
    for _ in 0..passes {
        for s in held {
            hits += usize::from(std::hint::black_box(model.predict(&s.host, &s.path)).is_some());
        }
    }
    std::hint::black_box(hits);
    let n = (passes * held.len()).max(1) as f64;
    let wall = t.elapsed().as_nanos() as f64 / n;
    let cpu = match (before, cpu_ticks()) {
        (Some(a), Some(b)) => (b - a) as f64 * 1e7 / n,
        _ => wall,
    };
    (wall, cpu)
}

/// Recall at the pupils' and staff thresholds on the left-out list's registrable domains
/// that no trained list names.
pub fn cross_list(
    root: &Path,
    d: &Data,
    list: &str,
    probabilities: &dyn Fn(&str, &str) -> Vec<f32>,
) -> String {
    let mut others: HashSet<&str> = HashSet::new();
    for (key, names) in &d.by_list {
        if *key != list {
            others.extend(names.iter().map(String::as_str));
        }
    }
    let class = CLASSES
        .iter()
        .position(|(_, files)| files.iter().any(|(f, n, _)| format!("{f}/{n}") == list))
        .unwrap_or(0);
    let (mut total, mut pupils, mut staff) = (0u64, 0u64, 0u64);
    let mut done = HashSet::new();
    for (host, path) in data::read_entries(&root.join("url-categories").join(list)) {
        let reg = registrable_domain(&host).to_owned();
        if others.contains(reg.as_str()) || !done.insert(reg) {
            continue;
        }
        let p = probabilities(&host, &path);
        let (best, conf) = p
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map_or((0, 0.0), |(c, &v)| (c, v));
        total += 1;
        pupils += u64::from(best == class && conf >= PUPILS);
        staff += u64::from(best == class && conf >= STAFF);
    }
    format!(
        "`{list}` left out ({} class): {total} domains; recall {:.1}% at p >= {PUPILS}, {:.1}% at p >= {STAFF}",
        CLASSES[class].0,
        pct(pupils, total),
        pct(staff, total)
    )
}

/// The `pornography` class alone at each threshold: its held-out recall and precision, and
/// how many sites of each held-out clean set it names (what a per-category threshold trades).
fn pornography_sweep(d: &Data, guess: Guess) {
    println!(
        "\n| `pornography` at | recall | precision | popular sites named | UT1 neutral named | ISCX named |"
    );
    println!("|---|---|---|---|---|---|");
    for &t in SWEEP {
        let (mut tp, mut named, mut pos) = (0u64, 0u64, 0u64);
        let mut clean = [(0u64, 0u64); 3];
        for s in held_out(d) {
            let porn = guess(s).is_some_and(|(c, p)| c == 0 && p >= t);
            named += u64::from(porn);
            match s.class {
                Some(c) => {
                    pos += u64::from(c == 0);
                    tp += u64::from(c == 0 && porn);
                }
                None => {
                    let k = match s.origin {
                        Origin::Popular => 0,
                        Origin::Neutral => 1,
                        Origin::Iscx => 2,
                        _ => continue,
                    };
                    if let Some(slot) = clean.get_mut(k) {
                        slot.0 += 1;
                        slot.1 += u64::from(porn);
                    }
                }
            }
        }
        let [a, b, c] = clean;
        println!(
            "| {t} | {:.1}% | {:.1}% | {:.2}% | {:.2}% | {:.2}% |",
            pct(tp, pos),
            pct(tp, named),
            pct(a.1, a.0),
            pct(b.1, b.0),
            pct(c.1, c.0)
        );
    }
}
