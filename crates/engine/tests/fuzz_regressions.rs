//! The fuzz targets' checks (fuzz/src/checks.rs, included as is) as plain
//! tests, without libFuzzer:
//!
//! - every input that once crashed a target, kept under
//!   `tests/fuzz-regressions/TARGET/` (see fuzz/README.md for what each was);
//! - the committed fuzz corpora `fuzz/corpus/TARGET/`, replayed whole
//!   (`rules`: every input through the parser, a sample of 60 through the
//!   annotator too, to stay within a few seconds in a debug build).

#[path = "../../../fuzz/src/checks.rs"]
mod checks;

use std::path::{Path, PathBuf};

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 4] = [
    ("annotate", checks::annotate),
    ("from_json", checks::from_json),
    ("rules", checks::rules),
    ("import", checks::import),
];

/// The files of `dir`, sorted by name (none when it does not exist).
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_none_or(|n| n != "README.md"))
        .collect();
    out.sort();
    out
}

/// Runs `check` on every `step`-th file of `dir` (every file for 1); a
/// panic names the file. Returns how many files ran.
fn replay(dir: &Path, check: Target, step: usize) -> usize {
    let all = files(dir);
    let mut n = 0;
    for path in all.iter().step_by(step.max(1)) {
        let data = std::fs::read(path).unwrap();
        if std::panic::catch_unwind(|| check(&data)).is_err() {
            panic!("{} fails its target's checks", path.display());
        }
        n += 1;
    }
    n
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn crash_inputs_stay_fixed() {
    let mut n = 0;
    for (name, check) in TARGETS {
        n += replay(&root().join("tests/fuzz-regressions").join(name), check, 1);
    }
    eprintln!("{n} crash inputs replayed");
}

/// At most this many `rules` corpus inputs build an annotator: a build
/// takes ~50 ms in a debug build, the whole corpus would take ~20 s.
const RULES_BUILDS: usize = 60;

#[test]
fn committed_corpora_pass_the_checks() {
    let corpus = root().join("../../fuzz/corpus");
    for (name, check) in TARGETS {
        let dir = corpus.join(name);
        let all = files(&dir).len();
        assert!(all > 0, "fuzz/corpus/{name} is empty or missing");
        let n = if name == "rules" {
            // Every input through the parser and its round trip, an
            // evenly spread sample through the whole target.
            replay(&dir, |d| drop(checks::rules_parse(d)), 1);
            replay(&dir, check, all.div_ceil(RULES_BUILDS))
        } else {
            replay(&dir, check, 1)
        };
        eprintln!("fuzz/corpus/{name}: {n} of {all} inputs through every check");
    }
}

/// The checks do catch what they look for: a document with overlapping
/// entities, and one whose JSON does not read back.
#[test]
fn checks_catch_broken_documents() {
    use pressmark_engine::{Document, Entity, Label, Source};
    let entity = |id, start, end| Entity {
        id,
        start,
        end,
        label: Label::Org,
        source: Source::User,
        rule: "user".into(),
    };
    let overlapping = Document {
        text: "Acme Widgets".into(),
        entities: vec![entity(1, 0, 12), entity(2, 5, 12)],
        ..Document::default()
    };
    assert!(std::panic::catch_unwind(|| checks::check_doc(&overlapping)).is_err());
    let inside_a_char = Document {
        text: "Zoë".into(),
        entities: vec![entity(1, 0, 3)],
        ..Document::default()
    };
    assert!(std::panic::catch_unwind(|| checks::check_doc(&inside_a_char)).is_err());
    let good = Document {
        text: "Acme Widgets".into(),
        entities: vec![entity(1, 0, 4)],
        ..Document::default()
    };
    checks::check_doc(&good);
    checks::check_round_trip(&good);
}

/// A few fixed inputs through each target, so the checks themselves are
/// exercised even where a corpus is missing.
#[test]
fn targets_accept_simple_inputs() {
    checks::annotate("“We will win,” said Marco Rubio in Washington on Tuesday.".as_bytes());
    checks::annotate(b"\xff\xfe not UTF-8 \xe2\x80");
    checks::from_json(
        br#"{"text": "Ann Lee.", "entities": [{"start": 0, "end": 7, "label": "PERSON"}]}"#,
    );
    checks::rules(b"ORG Acme Widgets\ncue harrumphed\npattern NUMBER /\\d+ quid/i\n");
    checks::rules(b"never\xff");
    let doc = checks::annotator().annotate(checks::NEWS);
    let json = pressmark_engine::format::to_json(&doc);
    checks::import(&[[0u8].as_slice(), json.as_bytes()].concat());
    for name in checks::NAMES {
        let _ = pressmark_engine::format::detect(name, json.as_bytes());
    }
    assert_eq!(checks::importable().len(), 8);
}
