//! Accuracy bars on annotated articles, scored like `../shared/eval/score.py`
//! (strict span + label; quotes by trimmed span; speaker by name words).
//! - `../shared/gold` (the shared dev set): the bars;
//! - `tests/fixtures` (our own Wikinews dev set) and its held-out third
//!   `tests/fixtures/held-out` (scored, never read for errors): regression
//!   floors just below the measured scores, so a change that makes things
//!   worse fails.

use pressmark_engine::{format, Annotator};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Default, Debug)]
struct Counts {
    tp: HashMap<String, usize>,
    fp: HashMap<String, usize>,
    fn_: HashMap<String, usize>,
    speaker_ok: usize,
    speaker_n: usize,
}

impl Counts {
    fn f1(&self, label: &str) -> f64 {
        let tp = *self.tp.get(label).unwrap_or(&0) as f64;
        let fp = *self.fp.get(label).unwrap_or(&0) as f64;
        let fn_ = *self.fn_.get(label).unwrap_or(&0) as f64;
        if tp == 0.0 {
            return 0.0;
        }
        let (p, r) = (tp / (tp + fp), tp / (tp + fn_));
        2.0 * p * r / (p + r)
    }
    fn speaker_acc(&self) -> f64 {
        self.speaker_ok as f64 / self.speaker_n.max(1) as f64
    }
}

fn tokens(name: &str) -> Vec<String> {
    name.to_lowercase()
        .split(|c: char| c.is_whitespace() || c == '.')
        .filter(|t| !t.is_empty())
        .map(String::from)
        .collect()
}

fn speaker_name(q: &Value) -> Option<String> {
    match &q["speaker"] {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("name").and_then(Value::as_str).map(String::from),
        _ => None,
    }
}

fn trimmed(chars: &[char], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    (s, e)
}

fn score_dir(dir: &Path) -> (Counts, usize) {
    let ann = Annotator::new();
    let mut c = Counts::default();
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for f in &files {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
        let text = gold["text"].as_str().unwrap();
        let pred: Value = serde_json::from_str(&format::to_json(&ann.annotate(text))).unwrap();
        let key = |e: &Value| {
            (
                e["start"].as_u64().unwrap(),
                e["end"].as_u64().unwrap(),
                e["label"].as_str().unwrap().to_string(),
            )
        };
        let g: Vec<_> = gold["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(key)
            .collect();
        let p: Vec<_> = pred["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(key)
            .collect();
        for label in ["PERSON", "ORG", "LOC", "NORP", "DATE", "NUMBER", "ALL"] {
            let keep = |k: &&(u64, u64, String)| label == "ALL" || k.2 == label;
            let gs: HashSet<_> = g.iter().filter(keep).collect();
            let ps: HashSet<_> = p.iter().filter(keep).collect();
            let tp = gs.intersection(&ps).count();
            *c.tp.entry(label.into()).or_default() += tp;
            *c.fp.entry(label.into()).or_default() += ps.len() - tp;
            *c.fn_.entry(label.into()).or_default() += gs.len() - tp;
        }
        let chars: Vec<char> = text.chars().collect();
        let qmap = |v: &Value| -> HashMap<(usize, usize), Option<String>> {
            v["quotes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|q| {
                    (
                        trimmed(
                            &chars,
                            q["start"].as_u64().unwrap() as usize,
                            q["end"].as_u64().unwrap() as usize,
                        ),
                        speaker_name(q),
                    )
                })
                .collect()
        };
        let (gq, pq) = (qmap(&gold), qmap(&pred));
        let hits: Vec<_> = gq.keys().filter(|k| pq.contains_key(k)).collect();
        *c.tp.entry("QUOTE".into()).or_default() += hits.len();
        *c.fp.entry("QUOTE".into()).or_default() += pq.len() - hits.len();
        *c.fn_.entry("QUOTE".into()).or_default() += gq.len() - hits.len();
        for k in hits {
            c.speaker_n += 1;
            let ok = match (&gq[k], &pq[k]) {
                (None, None) => true,
                (Some(g), Some(p)) => {
                    let (gt, pt) = (tokens(g), tokens(p));
                    !pt.is_empty() && pt.iter().all(|t| gt.contains(t))
                }
                _ => false,
            };
            c.speaker_ok += ok as usize;
        }
    }
    (c, files.len())
}

fn report(name: &str, c: &Counts) {
    eprintln!(
        "{name}: ALL {:.3} PERSON {:.3} ORG {:.3} LOC {:.3} NORP {:.3} DATE {:.3} NUMBER {:.3} QUOTE {:.3} speaker {:.3}",
        c.f1("ALL"),
        c.f1("PERSON"),
        c.f1("ORG"),
        c.f1("LOC"),
        c.f1("NORP"),
        c.f1("DATE"),
        c.f1("NUMBER"),
        c.f1("QUOTE"),
        c.speaker_acc()
    );
}

#[test]
fn shared_gold_meets_the_bars() {
    // The shared dev set lives beside the repository, not in it: a clone on
    // its own runs every other test and says this one is skipped.
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/gold");
    if !dir.is_dir() {
        eprintln!(
            "shared_gold_meets_the_bars: skipped ({} is absent)",
            dir.display()
        );
        return;
    }
    let (c, n) = score_dir(&dir);
    report("shared gold", &c);
    assert_eq!(
        n,
        2,
        "expected the two shared gold articles in {}",
        dir.display()
    );
    assert!(c.f1("ALL") >= 0.90, "entity F1 {:.3} < 0.90", c.f1("ALL"));
    assert!(c.f1("QUOTE") >= 1.0, "quote F1 {:.3} < 1.0", c.f1("QUOTE"));
    assert!(
        c.speaker_acc() >= 1.0,
        "speaker accuracy {:.3} < 1.0",
        c.speaker_acc()
    );
}

fn check_floors(name: &str, dir: &Path, min_docs: usize, floors: &[(&str, f64)], speaker: f64) {
    let (c, n) = score_dir(dir);
    report(name, &c);
    assert!(
        n >= min_docs,
        "expected at least {min_docs} articles in {name}, found {n}"
    );
    // Floors just below the scores measured when they were last raised.
    for (label, floor) in floors {
        assert!(
            c.f1(label) >= *floor,
            "{name}: {label} F1 {:.3} fell below {floor}",
            c.f1(label)
        );
    }
    assert!(
        c.speaker_acc() >= speaker,
        "{name}: speaker accuracy {:.3} < {speaker}",
        c.speaker_acc()
    );
}

#[test]
fn own_dev_set_does_not_regress() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    check_floors("tests/fixtures", &dir, 67, FIXTURE_FLOORS, SPEAKER_FLOOR);
}

/// The held-out third (tests/fixtures/held-out): scored, never read for
/// errors; only its totals are printed.
#[test]
fn held_out_set_does_not_regress() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/held-out");
    check_floors(
        "tests/fixtures/held-out",
        &dir,
        26,
        HELD_OUT_FLOORS,
        HELD_OUT_SPEAKER_FLOOR,
    );
}

// Measured 2026-12-08 (fourth session) on the 67 dev articles (51 + 16
// public-domain articles of the sixth and seventh batches), after this
// session's rules: ALL 0.921 PERSON 0.934 ORG 0.864 LOC 0.904 NORP 0.944
// DATE 0.969 NUMBER 0.954 QUOTE 0.986 speaker 0.927 (the session's
// starting engine on the same 67: ALL 0.904 ORG 0.844 QUOTE 0.976 speaker
// 0.899).
const FIXTURE_FLOORS: &[(&str, f64)] = &[
    ("ALL", 0.91),
    ("PERSON", 0.92),
    ("ORG", 0.85),
    ("LOC", 0.89),
    ("NORP", 0.93),
    ("DATE", 0.96),
    ("NUMBER", 0.94),
    ("QUOTE", 0.98),
];
const SPEAKER_FLOOR: f64 = 0.92;

// Measured the same day on the 26 held-out articles (18 + 8 of the sixth
// and seventh batches), same rules: ALL 0.891 PERSON 0.893 ORG 0.825 LOC
// 0.886 NORP 0.941 DATE 0.908 NUMBER 0.927 QUOTE 0.992 speaker 0.831 (the
// starting engine: ALL 0.885 PERSON 0.876 ORG 0.821 NUMBER 0.925, the rest
// the same).
const HELD_OUT_FLOORS: &[(&str, f64)] = &[
    ("ALL", 0.88),
    ("PERSON", 0.88),
    ("ORG", 0.81),
    ("LOC", 0.87),
    ("NORP", 0.93),
    ("DATE", 0.89),
    ("NUMBER", 0.91),
    ("QUOTE", 0.98),
];
const HELD_OUT_SPEAKER_FLOOR: f64 = 0.82;

#[test]
fn guidelines_copy_is_in_sync() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let ours = std::fs::read_to_string(root.join("docs/GUIDELINES.md"))
        .expect("docs/GUIDELINES.md is part of the repository");
    let shared = root.join("../shared/GUIDELINES.md");
    match std::fs::read_to_string(&shared) {
        Ok(theirs) => assert!(
            ours == theirs,
            "docs/GUIDELINES.md differs from {}: copy it again",
            shared.display()
        ),
        Err(_) => eprintln!(
            "guidelines_copy_is_in_sync: skipped ({} is absent)",
            shared.display()
        ),
    }
}
