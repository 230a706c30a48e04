//! User rules end to end: each directive, precedence over the built-in
//! rules, provenance, word boundaries, case, emoji offsets, and the build
//! being all-or-nothing.

use pressmark_engine::{format, Annotator, Document, Label, RuleSet, Source};

fn with_rules(rules: &str) -> Annotator {
    let set = RuleSet::parse("t.rules", rules).expect("valid rules");
    Annotator::builder()
        .user_rules(&set)
        .build()
        .expect("builds")
}

fn ents(doc: &Document) -> Vec<(String, Label, String)> {
    doc.entities
        .iter()
        .map(|e| {
            (
                doc.slice(e.start, e.end).to_string(),
                e.label,
                e.rule.to_string(),
            )
        })
        .collect()
}

use Label::*;

/// (rules, text, entities that must be found with their rule, spans that
/// must not be entities; `!span`: no entity may even overlap its first
/// occurrence)
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, Label, &'static str)],
    &'static [&'static str],
);

const CASES: &[Case] = &[
    // A phrase the built-in rules do not know.
    (
        "ORG Zorblax Dynamics",
        "Shares of Zorblax Dynamics rose. Zorblax Dynamics’ chief left.",
        &[("Zorblax Dynamics", Org, "user:t.rules:1")],
        &["Shares"],
    ),
    // User rules win over built-in ones, even a longer built-in match.
    (
        "ORG Washington",
        "Washington said the State of Washington would pay.",
        &[("Washington", Org, "user:t.rules:1")],
        &["State of Washington"],
    ),
    (
        "PERSON Tong Wei-li\nLOC Upper Mawby",
        "Tong Wei-li lives in Upper Mawby.",
        &[
            ("Tong Wei-li", Person, "user:t.rules:1"),
            ("Upper Mawby", Loc, "user:t.rules:2"),
        ],
        &[],
    ),
    // Whole words only: not inside a longer word.
    (
        "ORG Acme",
        "Acmeville and Acme-style goods from Acme.",
        &[("Acme", Org, "user:t.rules:1")],
        &["Acmeville"],
    ),
    // Case-sensitive unless /i.
    (
        "ORG Acme Widgets",
        "acme widgets and ACME WIDGETS",
        &[],
        &["acme widgets", "ACME WIDGETS"],
    ),
    (
        "ORG/i acme widgets",
        "Acme Widgets, acme widgets and ACME WIDGETS",
        &[
            ("Acme Widgets", Org, "user:t.rules:1"),
            ("acme widgets", Org, "user:t.rules:1"),
            ("ACME WIDGETS", Org, "user:t.rules:1"),
        ],
        &[],
    ),
    // never: nothing in or over the phrase, elsewhere unchanged.
    (
        "never Saturday Night Live",
        "She hosted Saturday Night Live in New York on Saturday.",
        &[
            ("New York", Loc, "gazetteer:region"),
            ("Saturday", Date, "pattern:date-weekday"),
        ],
        &["!Saturday Night Live"],
    ),
    // never LABEL: only that label, only that span.
    (
        "never PERSON Jordan",
        "Michael Jordan smiled. Later, Jordan scored.",
        &[("Michael Jordan", Person, "pattern:given-name")],
        &["!Jordan scored"],
    ),
    (
        "never LOC Jordan",
        "Troops crossed into Jordan on Monday.",
        &[("Monday", Date, "pattern:date-weekday")],
        &["Jordan"],
    ),
    // A title stays outside the name it precedes.
    (
        "title Archdeacon",
        "Archdeacon Bertram Pilkington-Smythe preached.",
        &[("Bertram Pilkington-Smythe", Person, "pattern:title-name")],
        &["Archdeacon Bertram Pilkington-Smythe"],
    ),
    // Patterns: whole tokens, any label, /i.
    (
        "pattern ORG /[A-Z][a-z]+\\.co\\.uk/",
        "It ran on Example.co.uk and xExample.co.ukx.",
        &[("Example.co.uk", Org, "user:t.rules:1")],
        &["xExample.co.ukx"],
    ),
    (
        "pattern NUMBER /\\d+ quid/i",
        "It cost 40 QUID, not 40quid.",
        &[("40 QUID", Number, "user:t.rules:1")],
        &[],
    ),
    // Emoji and combining marks inside a phrase.
    (
        "ORG Café 👍🏽 Collective",
        "The Cafe\u{301} 👍🏽 Collective and the Café 👍🏽 Collective opened.",
        &[("Café 👍🏽 Collective", Org, "user:t.rules:1")],
        &[],
    ),
    // A later line for the same phrase wins.
    (
        "PERSON Zorblax\nORG Zorblax",
        "Zorblax grew.",
        &[("Zorblax", Org, "user:t.rules:2")],
        &[],
    ),
];

#[test]
fn user_rule_cases() {
    let mut failures = Vec::new();
    for (rules, text, want, not) in CASES {
        let doc = with_rules(rules).annotate(text);
        let got = ents(&doc);
        for (w, l, r) in *want {
            if !got.iter().any(|(g, gl, gr)| g == w && gl == l && gr == r) {
                failures.push(format!(
                    "{rules:?} on {text:?}: missing {w:?} {l} by {r}; got {got:?}"
                ));
            }
        }
        for n in *not {
            if let Some(n) = n.strip_prefix('!') {
                let s = text.find(n).expect("the span occurs in the text");
                let e = s + n.len();
                if let Some(x) = doc.entities.iter().find(|x| x.start < e && s < x.end) {
                    failures.push(format!(
                        "{rules:?} on {text:?}: {:?} overlaps {n:?}",
                        doc.slice(x.start, x.end)
                    ));
                }
                continue;
            }
            if got.iter().any(|(g, _, _)| g == n) {
                failures.push(format!(
                    "{rules:?} on {text:?}: {n:?} must not be an entity; got {got:?}"
                ));
            }
        }
        // Always: every span valid, sorted, non-overlapping.
        for w in doc.entities.windows(2) {
            if w[0].end > w[1].start {
                failures.push(format!("{rules:?} on {text:?}: overlap {w:?}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn user_cues_attribute_quotes_and_say_so() {
    let ann = with_rules("cue harrumphed\ncue in a post on");
    let doc = ann.annotate(
        "“Never,” harrumphed Maria Lopez.\n\nJo Bloggs wrote in a post on Facebook: “We are done here today.”",
    );
    assert_eq!(doc.quotes.len(), 2, "{:?}", doc.quotes);
    let q = &doc.quotes[0];
    assert_eq!(q.speaker.as_ref().unwrap().name, "Maria Lopez");
    assert_eq!(q.rule, "user:t.rules:1");
    let q = &doc.quotes[1];
    assert_eq!(q.speaker.as_ref().unwrap().name, "Jo Bloggs");
    // Without the cue the built-in rules still find the quote but not the verb.
    let plain = Annotator::new().annotate("“Never,” harrumphed Maria Lopez.");
    assert!(plain.quotes.iter().all(|q| !q.rule.starts_with("user:")));
}

#[test]
fn stamps_agree_for_the_same_rules_under_other_names() {
    let a = RuleSet::parse("cli/my.rules", "ORG Acme\n# comment\nnever Foo Bar\n").unwrap();
    let b = RuleSet::parse("my rules", "ORG Acme\nnever Foo   Bar").unwrap();
    let c = RuleSet::parse("x", "ORG Acme").unwrap();
    let build = |s: &RuleSet| Annotator::builder().user_rules(s).build().unwrap();
    let (sa, sb, sc) = (build(&a), build(&b), build(&c));
    assert_eq!(sa.stamp(), sb.stamp());
    assert_ne!(sa.stamp().user, sc.stamp().user);
    assert_eq!(sa.stamp().builtin, Annotator::new().stamp().builtin);
    assert_eq!(Annotator::new().stamp().user, None);
    // The stamp goes into the JSON and comes back.
    let doc = sa.annotate("Acme grew.");
    let back = format::from_json(&format::to_json(&doc)).unwrap();
    assert_eq!(back.rules, doc.rules);
    assert_eq!(back, doc);
}

#[test]
fn reannotate_keeps_user_corrections_under_user_rules() {
    let ann = with_rules("ORG Zorblax Dynamics");
    let mut doc = ann.annotate("Zorblax Dynamics hired Jo Bloggs in Paris.");
    // The user relabels Paris by hand.
    let paris = doc
        .entities
        .iter_mut()
        .find(|e| doc.text[e.start..e.end] == *"Paris")
        .unwrap();
    paris.label = Org;
    paris.source = Source::User;
    paris.rule = "user".into();
    let again = ann.reannotate(&doc, &[]);
    let got = ents(&again);
    assert!(
        got.contains(&("Paris".into(), Org, "user".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("Zorblax Dynamics".into(), Org, "user:t.rules:1".into())),
        "{got:?}"
    );
}

#[test]
fn ten_thousand_rules_build_and_match() {
    let mut text = String::new();
    for i in 0..10_000 {
        match i % 4 {
            0 => text.push_str(&format!("ORG Company Number{i} Holdings\n")),
            1 => text.push_str(&format!("PERSON Given{i} Family{i}\n")),
            2 => text.push_str(&format!("never Phrase{i} Blocked\n")),
            _ => text.push_str(&format!("cue verbed{i}\n")),
        }
    }
    let set = RuleSet::parse("big.rules", &text).unwrap();
    assert_eq!(set.len(), 10_000);
    let ann = Annotator::builder().user_rules(&set).build().unwrap();
    let doc = ann.annotate("Given9997 Family9997 joined Company Number9996 Holdings.");
    let got = ents(&doc);
    assert!(got.contains(&(
        "Given9997 Family9997".into(),
        Person,
        "user:big.rules:9998".into()
    )));
    assert!(got.contains(&(
        "Company Number9996 Holdings".into(),
        Org,
        "user:big.rules:9997".into()
    )));
}
