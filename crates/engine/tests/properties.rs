//! Property tests: any input, no panic, every span valid.

use pressmark_engine::{format, Annotator, Document, RuleSet};
use proptest::prelude::*;
use std::sync::OnceLock;

fn annotator() -> &'static Annotator {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(Annotator::new)
}

/// Every span is on char boundaries, in order, non-overlapping, and the JSON
/// (code points) slices to the same text.
fn check(doc: &Document) {
    let text = &doc.text;
    let mut last = 0;
    for e in &doc.entities {
        assert!(e.start < e.end && e.end <= text.len(), "bad span {e:?}");
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        assert!(e.start >= last, "overlap at {e:?}");
        last = e.end;
    }
    let mut last = 0;
    for q in &doc.quotes {
        assert!(q.start < q.end && q.end <= text.len());
        assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
        assert!(q.start >= last);
        last = q.end;
        if let Some((a, b)) = q.speaker.as_ref().and_then(|s| s.span) {
            assert!(
                a < b && b <= text.len() && text.is_char_boundary(a) && text.is_char_boundary(b)
            );
        }
    }
    let json: serde_json::Value = serde_json::from_str(&format::to_json(doc)).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for e in json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json["quotes"].as_array().unwrap())
    {
        let (s, t) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        let sliced: String = chars[s..t].iter().collect();
        assert_eq!(sliced, e["text"].as_str().unwrap());
    }
    assert_eq!(&format::from_json(&format::to_json(doc)).unwrap(), doc);
}

fn news_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "“",
        "”",
        "\"",
        "‘",
        "’",
        "'",
        "«",
        "»",
        "„",
        " said ",
        " told ",
        " he said",
        ", ",
        ". ",
        "\n",
        "\n\n",
        " ",
        "Peskov",
        "Dmitry",
        "U.S.",
        "-",
        "—",
        "ISIS",
        "(",
        ")",
        "Ministry of Defence",
        "Syrian",
        "Forces",
        "2017",
        "late",
        "May",
        "$",
        "5",
        "million",
        "%",
        "one of",
        "three-stage",
        "President",
        "Mr.",
        "Al Jazeera",
        "’s",
        "👩‍👩‍👧",
        "e\u{301}",
        "שלום",
        "\u{0}",
        "\u{202e}",
        "according to",
        "the last year",
        "Tuesday",
        "twenty-five",
    ]);
    prop::collection::vec(pieces, 0..80).prop_map(|v| v.concat())
}

/// Rule files made of real directives over the same pieces, with some
/// lines that must be refused.
fn rule_lines() -> impl Strategy<Value = String> {
    let directive = prop::sample::select(vec![
        "ORG",
        "PERSON/i",
        "LOC",
        "DATE",
        "never",
        "never PERSON",
        "never/i LOC",
        "cue",
        "cue/i",
        "title",
        "pattern ORG",
        "FIRM",
        "",
    ]);
    let phrase = prop::sample::select(vec![
        "Peskov",
        "Dmitry Peskov",
        "Ministry of Defence",
        "said",
        "according to",
        "/[A-Z][a-z]+/",
        "/\\d+/i",
        "/(/",
        "👩‍👩‍👧 e\u{301}",
        "U.S.",
        "’s",
        "May",
        "",
    ]);
    prop::collection::vec((directive, phrase), 0..12).prop_map(|v| {
        v.into_iter()
            .map(|(d, p)| format!("{d} {p}\n"))
            .collect::<String>()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_user_rules_never_panic(rules in rule_lines(), s in news_like()) {
        // A bad file is an error naming its line; a good one annotates
        // validly, and its user annotations name their line.
        match RuleSet::parse("p.rules", &rules) {
            Err(e) => prop_assert!(e.line >= 1 && e.line <= rules.lines().count()),
            Ok(set) => {
                let ann = Annotator::builder().user_rules(&set).build().unwrap();
                let doc = ann.annotate(&s);
                check(&doc);
                for e in &doc.entities {
                    if let Some(line) = e.rule.strip_prefix("user:p.rules:") {
                        let n: usize = line.parse().unwrap();
                        prop_assert!(n >= 1 && n <= rules.lines().count());
                    }
                }
            }
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(s in any::<String>()) {
        check(&annotator().annotate(&s));
    }

    #[test]
    fn news_like_fragments_give_valid_spans(s in news_like()) {
        check(&annotator().annotate(&s));
    }
}

#[test]
fn edge_inputs() {
    let long_line = "Dmitry Peskov said “yes” in Moscow on Tuesday, ".repeat(25_000); // > 1 MB, no newline
    assert!(long_line.len() > 1_000_000);
    for text in [
        String::new(),
        " ".into(),
        "\n\n\n".into(),
        "\u{0}\u{0}“\u{0}”".into(),
        "“".repeat(10_000),
        "’s ’s ’s".into(),
        "“Unclosed quote that goes on\n\nand a new paragraph, said Smith.".into(),
        "e\u{301}\u{301}\u{301} 👍🏽 \u{202e}RTL\u{202c} مرحبا Peskov".into(),
        long_line,
    ] {
        check(&annotator().annotate(&text));
    }
}

/// Adversarial shapes: runs of place heads, given names, capitalised words,
/// titles and connectors. No entity is longer than a name can be (16
/// tokens), which is what keeps every walk over such runs bounded; before
/// the bound, 100 KB of "Bay Bay …" took 7 s and made one 100 KB LOC.
#[test]
fn adversarial_runs_give_bounded_entities() {
    let shapes = [
        "Bay ".repeat(50_000),
        "Bay Delta River Lake Ministry Council Park ".repeat(5_000),
        "John Mary Peter Anne ".repeat(10_000),
        "Alpha Beta Gamma Delta Omega Zeta Kappa ".repeat(6_000),
        "Alpha and Beta and Gamma and ".repeat(8_000),
        "President Senator Minister General ".repeat(6_000),
        "Ministry of the Council of the Bank of the ".repeat(5_000),
        "“Yes,” he said. “No,” she said. Ann Lee. ".repeat(5_000),
    ];
    for text in &shapes {
        let doc = annotator().annotate(text);
        check(&doc);
        for e in &doc.entities {
            let words = doc.slice(e.start, e.end).split_whitespace().count();
            assert!(words <= 16, "a {words}-word entity in {:?}…", &text[..30]);
        }
    }
}
