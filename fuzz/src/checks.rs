//! The checks each fuzz target runs on one input: the calls must not panic,
//! and what they return must keep the engine's promises (spans sorted,
//! non-overlapping, on char boundaries, inside the text; the JSON round
//! trip exact).
//!
//! Plain Rust with no libFuzzer in it: the fuzz targets in
//! `fuzz/fuzz_targets/` call these functions, and
//! `crates/engine/tests/fuzz_regressions.rs` includes this very file to
//! replay the crash inputs and the committed corpora as ordinary tests.

use pressmark_engine::format::{self, Format};
use pressmark_engine::{Annotator, Document, RuleSet};
use std::collections::HashSet;
use std::sync::OnceLock;

/// The built-in annotator, built once.
pub fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(Annotator::new)
}

fn span_ok(text: &str, s: usize, e: usize) -> bool {
    s < e && e <= text.len() && text.is_char_boundary(s) && text.is_char_boundary(e)
}

/// The invariants of a [`Document`]: every span non-empty, inside the
/// text and on char boundaries; entities and quotes each sorted by start
/// and non-overlapping; ids unique and non-zero.
pub fn check_doc(doc: &Document) {
    let text = &doc.text;
    let mut ids = HashSet::new();
    let mut last = 0;
    for e in &doc.entities {
        assert!(span_ok(text, e.start, e.end), "bad entity span {e:?}");
        assert!(e.start >= last, "entities overlap or unsorted at {e:?}");
        last = e.end;
        assert!(
            e.id != 0 && ids.insert(e.id),
            "entity id 0 or reused: {e:?}"
        );
    }
    let mut last = 0;
    for q in &doc.quotes {
        assert!(span_ok(text, q.start, q.end), "bad quote span {q:?}");
        assert!(q.start >= last, "quotes overlap or unsorted at {q:?}");
        last = q.end;
        assert!(q.id != 0 && ids.insert(q.id), "quote id 0 or reused: {q:?}");
        if let Some((a, b)) = q.speaker.as_ref().and_then(|s| s.span) {
            assert!(span_ok(text, a, b), "bad speaker span {q:?}");
        }
        if let Some(c) = &q.cue {
            assert!(span_ok(text, c.start, c.end), "bad cue span {q:?}");
        }
        for c in &q.candidates {
            if let Some((a, b)) = c.span {
                assert!(span_ok(text, a, b), "bad candidate span {q:?}");
            }
            assert!(c.score.is_finite(), "candidate score not finite {q:?}");
        }
    }
}

/// `to_json` then `from_json` gives the document back, exactly.
pub fn check_round_trip(doc: &Document) {
    let json = format::to_json(doc);
    let back = match format::from_json(&json) {
        Ok(d) => d,
        Err(e) => panic!("to_json output does not read back: {e}\n{json}"),
    };
    assert_eq!(&back, doc, "JSON round trip changed the document");
    let compact = format::to_json_compact(doc);
    assert_eq!(
        format::from_json(&compact).as_ref(),
        Ok(doc),
        "compact JSON round trip"
    );
}

/// Target `annotate`: any bytes, read as (lossy) UTF-8.
pub fn annotate(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let doc = annotator().annotate(&text);
    assert_eq!(doc.text, text, "the document's text is not the input");
    check_doc(&doc);
    check_round_trip(&doc);
}

/// Target `from_json`: any bytes as a `pressmark/1` (or gold-shape) JSON.
pub fn from_json(data: &[u8]) {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(doc) = format::from_json(s) {
        check_doc(&doc);
        check_round_trip(&doc);
    }
}

/// A short news sentence the `rules` target annotates with the fuzzed
/// rules.
pub const NEWS: &str = "“We will not back down,” said Prime Minister Jacinda Ardern in \
Wellington on Tuesday, as 3,000 Acme Widgets workers marched. The Reserve Bank \
of Australia, according to Dr. Lee, raised rates by 0.25%.";

/// Target `rules`: any bytes as a `.rules` file; on success, an annotator
/// with those rules on a news sentence and on a piece of the input.
pub fn rules(data: &[u8]) {
    let Some(set) = rules_parse(data) else {
        return;
    };
    // An empty set changes nothing: skip the (slow) build of a new annotator.
    let built;
    let ann = if set.is_empty() {
        annotator()
    } else {
        let Ok(a) = Annotator::builder().user_rules(&set).build() else {
            return;
        };
        built = a;
        &built
    };
    let piece = String::from_utf8_lossy(&data[..data.len().min(512)]);
    for text in [NEWS.to_string(), format!("{NEWS}\n\n{piece}")] {
        let doc = ann.annotate(&text);
        check_doc(&doc);
        check_round_trip(&doc);
    }
}

/// The parsing half of [`rules`]: the set, when the bytes are a valid
/// rule file, after checking that it reads back from its own text.
pub fn rules_parse(data: &[u8]) -> Option<RuleSet> {
    let set = RuleSet::parse_bytes("fuzz.rules", data).ok()?;
    // The set written back as a file reads back as the same rules.
    let again = match RuleSet::parse("fuzz.rules", &set.to_text()) {
        Ok(s) => s,
        Err(e) => panic!("to_text output does not parse: {e}\n{}", set.to_text()),
    };
    let kinds = |s: &RuleSet| {
        s.rules()
            .iter()
            .map(|r| (r.kind.clone(), r.any_case))
            .collect::<Vec<_>>()
    };
    assert_eq!(kinds(&again), kinds(&set), "to_text round trip");
    Some(set)
}

/// File names `detect` is tried with.
pub const NAMES: [&str; 10] = [
    "a.json",
    "a.jsonl",
    "A.NDJSON",
    "a.ann",
    "a.conll",
    "a.spacy",
    "a.bin",
    "a.txt",
    "a.label-studio.json",
    "",
];

/// The formats `import` reads, in [`Format::ALL`]'s order.
pub fn importable() -> Vec<Format> {
    Format::ALL.into_iter().filter(|f| f.can_import()).collect()
}

/// Target `import`: the first byte picks the format (low bits) and whether
/// an article text is given (bit 3: the rest splits at its first NUL into
/// text and data); the rest is the file.
pub fn import(data: &[u8]) {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let formats = importable();
    let f = formats[sel as usize % formats.len()];
    let (file, text) = if sel & 8 != 0 {
        match rest.iter().position(|&b| b == 0) {
            Some(i) => (&rest[i + 1..], Some(String::from_utf8_lossy(&rest[..i]))),
            None => (rest, None),
        }
    } else {
        (rest, None)
    };
    for name in NAMES {
        let _ = format::detect(name, file);
    }
    let Ok(imported) = format::import(file, f, text.as_deref()) else {
        return;
    };
    let _ = imported.report.summary();
    for doc in &imported.docs {
        check_doc(doc);
        check_round_trip(doc);
    }
    // Back out in the same format; our own JSON must read back in.
    let docs = &imported.docs;
    let files = format::export(docs, f);
    assert!(!files.is_empty(), "export wrote no file");
    let main = &files[0].bytes;
    let again_text = files
        .iter()
        .find(|x| x.suffix == ".txt")
        .and_then(|x| std::str::from_utf8(&x.bytes).ok())
        .map(str::to_string)
        .or_else(|| text.as_deref().map(str::to_string));
    let again = format::import(main, f, again_text.as_deref());
    if let Ok(again) = &again {
        for doc in &again.docs {
            check_doc(doc);
        }
    }
    if matches!(f, Format::Pressmark | Format::Jsonl) && !docs.is_empty() {
        let n = if f == Format::Pressmark {
            1
        } else {
            docs.len()
        };
        match again {
            Ok(a) => assert_eq!(a.docs.len(), n, "re-import lost documents"),
            Err(e) => panic!("{f} export does not import back: {e}"),
        }
    }
}
