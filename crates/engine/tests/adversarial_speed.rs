//! `annotate` stays linear on adversarial text, measured.
//!
//! What this proves, for every shape of `support/adversarial.rs` (runs of
//! place heads "Bay Bay …", organisation heads, given names, unknown
//! capitalised words, titles, quote marks, quotes with cues, "and"), each
//! one paragraph so that no paragraph break bounds a search:
//!
//! 1. **Throughput**: annotating 100 kB of the shape runs at no less than a
//!    quarter of the throughput on 100 kB of news (our dev articles), both
//!    measured in this process. A search that is not bounded (every token
//!    looking back to the start of its paragraph) costs ~25,000 tokens per
//!    token here and misses this bar by orders of magnitude.
//! 2. **Growth**: 4 times the text (25 kB → 100 kB) takes at most 8 times as
//!    long. Linear work takes ~4 times as long; quadratic work ~16 times.
//!
//! Ratios, not absolute times, so a debug build and a slow machine pass
//! alike. Against noise (a busy second core only ever makes a run slower):
//! every time is the best of several runs, the runs of news and of every
//! shape are interleaved, and a failed check is measured again (keeping the
//! best times) up to a few rounds before it fails: a real quadratic fails
//! every round. A result far off the bars (a quarter of either) fails at
//! once. Takes a few seconds in a debug build; with the walk back from an
//! organisation's head unbounded (a quadratic), "place heads" fails with
//! 0.01 of news and ×15 the time for ×4 the text.

#[path = "support/adversarial.rs"]
mod adversarial;

use pressmark_engine::Annotator;
use std::path::Path;
use std::time::{Duration, Instant};

/// The smaller size; the larger is 4 times it.
const SMALL: usize = 25_000;
const LARGE: usize = 4 * SMALL;
/// Runs per round, and rounds at most (the checks pass after one round
/// when the machine is quiet).
const RUNS: usize = 3;
const MAX_ROUNDS: usize = 4;
/// An adversarial shape runs at least this fraction of news throughput.
const MIN_RELATIVE_THROUGHPUT: f64 = 0.25;
/// Time for 4 times the text, at most this many times the time for it once.
const MAX_GROWTH: f64 = 8.0;

/// Our dev articles, joined as paragraphs and repeated to `bytes`.
fn news(bytes: usize) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let texts: Vec<String> = paths
        .iter()
        .map(|p| {
            let v: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            v["text"].as_str().unwrap().to_string()
        })
        .collect();
    assert!(!texts.is_empty(), "no articles in tests/fixtures");
    let one = texts.join("\n\n");
    let mut all = String::new();
    while all.len() < bytes {
        all.push_str(&one);
        all.push_str("\n\n");
    }
    let mut cut = bytes;
    while !all.is_char_boundary(cut) {
        cut -= 1;
    }
    all.truncate(cut);
    all
}

/// One text under test and the best time seen for it.
struct Timed {
    text: String,
    best: Duration,
}

impl Timed {
    fn new(text: String) -> Timed {
        Timed {
            text,
            best: Duration::MAX,
        }
    }

    fn run(&mut self, ann: &Annotator) {
        for _ in 0..RUNS {
            let t0 = Instant::now();
            std::hint::black_box(ann.annotate(std::hint::black_box(&self.text)));
            self.best = self.best.min(t0.elapsed());
        }
    }

    /// Bytes per second, from the best time.
    fn throughput(&self) -> f64 {
        self.text.len() as f64 / self.best.as_secs_f64().max(1e-9)
    }
}

#[test]
fn adversarial_shapes_annotate_in_linear_time() {
    let ann = Annotator::new();
    let mut news = Timed::new(news(LARGE));
    let mut shapes: Vec<(&str, Timed, Timed)> = adversarial::SHAPES
        .iter()
        .map(|&(name, unit)| {
            (
                name,
                Timed::new(adversarial::text(unit, SMALL)),
                Timed::new(adversarial::text(unit, LARGE)),
            )
        })
        .collect();
    let mut failures = Vec::new();
    for round in 1..=MAX_ROUNDS {
        news.run(&ann);
        for (_, small, large) in shapes.iter_mut() {
            small.run(&ann);
            large.run(&ann);
            // News again between shapes: its best time is taken under the
            // same conditions as theirs.
            news.run(&ann);
        }
        failures.clear();
        for (name, small, large) in &shapes {
            let relative = large.throughput() / news.throughput();
            if relative < MIN_RELATIVE_THROUGHPUT {
                failures.push(format!(
                    "{name}: {:.2} MB/s, {relative:.2} of news ({:.2} MB/s); at least {MIN_RELATIVE_THROUGHPUT} expected",
                    large.throughput() / 1e6,
                    news.throughput() / 1e6
                ));
            }
            let growth = large.best.as_secs_f64() / small.best.as_secs_f64().max(1e-9);
            if growth > MAX_GROWTH {
                failures.push(format!(
                    "{name}: {} bytes took {growth:.1} times as long as {} bytes ({:?} vs {:?}); at most {MAX_GROWTH} expected",
                    large.text.len(),
                    small.text.len(),
                    large.best,
                    small.best
                ));
            }
        }
        // Far off the bars is no noise: fail at once.
        let far = shapes.iter().any(|(_, small, large)| {
            large.throughput() / news.throughput() < MIN_RELATIVE_THROUGHPUT / 4.0
                || large.best.as_secs_f64() / small.best.as_secs_f64().max(1e-9) > 1.5 * MAX_GROWTH
        });
        if far {
            break;
        }
        if failures.is_empty() {
            for (name, small, large) in &shapes {
                eprintln!(
                    "{name:>18}: {:6.2} MB/s ({:.2} of news), ×{:.1} time for ×4 text",
                    large.throughput() / 1e6,
                    large.throughput() / news.throughput(),
                    large.best.as_secs_f64() / small.best.as_secs_f64().max(1e-9),
                );
            }
            eprintln!("news: {:.2} MB/s (round {round})", news.throughput() / 1e6);
            return;
        }
    }
    panic!(
        "annotate is not linear on adversarial text:\n{}",
        failures.join("\n")
    );
}
