//! Throughput of `annotate` over a few MB of news text and over 1 MB of
//! each adversarial shape (`tests/support/adversarial.rs`), and the cost of
//! building the `Annotator`.
//!
//! The corpus is every article of `tests/fixtures` (our Wikinews dev set) and
//! `../shared/gold`, concatenated as paragraphs and repeated to ~4 MB.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pressmark_engine::{Annotator, RuleSet};
use std::path::Path;
use std::time::Duration;

#[path = "../tests/support/adversarial.rs"]
mod adversarial;

fn corpus() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for dir in [
        root.join("../../tests/fixtures"),
        root.join("../../../shared/gold"),
    ] {
        let Ok(rd) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = rd
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for p in paths {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            texts.push(v["text"].as_str().unwrap().to_string());
        }
    }
    assert!(
        !texts.is_empty(),
        "no articles found for the benchmark corpus"
    );
    let one = texts.join("\n\n");
    let mut all = String::with_capacity(4_200_000);
    while all.len() < 4_000_000 {
        all.push_str(&one);
        all.push_str("\n\n");
    }
    all
}

/// A user rule file of `n` lines: phrases of each kind, cues, titles and a
/// few patterns, as a newsroom's list of its beat might look.
fn user_rules(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let line = match i % 10 {
            0..=3 => format!("ORG Company{i} Holdings"),
            4 | 5 => format!("PERSON Given{i} Family{i}"),
            6 => format!("LOC/i village{i}"),
            7 => format!("never Phrase{i} Blocked"),
            8 => format!("cue verbed{i}"),
            _ if i % 1000 == 9 => format!("pattern ORG /Brand{i}[A-Z]+/"),
            _ => format!("title Rank{i}"),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = corpus();
    let ann = Annotator::new();
    let mut g = c.benchmark_group("annotate");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(format!("{:.1} MB news", text.len() as f64 / 1e6), |b| {
        b.iter(|| ann.annotate(std::hint::black_box(&text)))
    });
    g.finish();
    // The shapes `tests/adversarial_speed.rs` holds to a quarter of news
    // throughput, at 1 MB each.
    let mut g = c.benchmark_group("adversarial");
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(3));
    for &(name, unit) in adversarial::SHAPES {
        let text = adversarial::text(unit, 1_000_000);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(format!("1 MB {name}"), |b| {
            b.iter(|| ann.annotate(std::hint::black_box(&text)))
        });
    }
    g.finish();
    let mut g = c.benchmark_group("build");
    g.sample_size(20);
    g.bench_function("Annotator::new", |b| b.iter(Annotator::new));
    let rules = user_rules(10_000);
    g.bench_function("parse 10,000 user rules", |b| {
        b.iter(|| RuleSet::parse("bench.rules", std::hint::black_box(&rules)).unwrap())
    });
    let set = RuleSet::parse("bench.rules", &rules).unwrap();
    g.bench_function("builder with 10,000 user rules", |b| {
        b.iter(|| Annotator::builder().user_rules(&set).build().unwrap())
    });
    g.finish();
    let with_rules = Annotator::builder().user_rules(&set).build().unwrap();
    let mut g = c.benchmark_group("annotate with 10,000 user rules");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function(format!("{:.1} MB news", text.len() as f64 / 1e6), |b| {
        b.iter(|| with_rules.annotate(std::hint::black_box(&text)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
