//! Table-driven rule tests: one case per behaviour of the guidelines.

use pressmark_engine::{Annotator, Document, Label};
use std::sync::OnceLock;

fn annotate(text: &str) -> Document {
    static A: OnceLock<Annotator> = OnceLock::new();
    A.get_or_init(Annotator::new).annotate(text)
}

fn ents(doc: &Document) -> Vec<(String, Label)> {
    doc.entities
        .iter()
        .map(|e| (doc.slice(e.start, e.end).to_string(), e.label))
        .collect()
}

use Label::*;

/// (text, entities that must be found exactly, spans that must not be an entity)
/// One rule case: text, entities that must be found, spans that must not be entities.
type EntityCase = (
    &'static str,
    &'static [(&'static str, Label)],
    &'static [&'static str],
);

const ENTITY_CASES: &[EntityCase] = &[
    // titles stay out
    (
        "Senator Marco Rubio spoke.",
        &[("Marco Rubio", Person)],
        &["Senator Marco Rubio"],
    ),
    (
        "President Trump had ordered it.",
        &[("Trump", Person)],
        &["President Trump"],
    ),
    (
        "U.S. Secretary of State Rex Tillerson noted it.",
        &[("U.S.", Loc), ("Rex Tillerson", Person)],
        &["Secretary of State"],
    ),
    (
        "Russian presidential spokesman Dmitry Peskov commented.",
        &[("Russian", Norp), ("Dmitry Peskov", Person)],
        &[],
    ),
    // possessives stay out
    (
        "Russia’s Foreign Ministry responded.",
        &[("Russia", Loc), ("Foreign Ministry", Org)],
        &["Russia’s"],
    ),
    ("breaking ISIS’ ability", &[("ISIS", Org)], &[]),
    // nested names are one entity
    (
        "backed the Syrian Democratic Forces (SDF), which",
        &[("Syrian Democratic Forces", Org), ("SDF", Org)],
        &["Syrian"],
    ),
    (
        "a Terrorist Travel Working Group was created",
        &[("Terrorist Travel Working Group", Org)],
        &[],
    ),
    (
        "the Ministry of Defence said",
        &[("Ministry of Defence", Org)],
        &[],
    ),
    // U.S.
    (
        "according to a U.S. State Department bulletin",
        &[("U.S. State Department", Org)],
        &["U.S."],
    ),
    ("the U.S.-led coalition", &[("U.S.", Loc)], &[]),
    ("Kurdish-led group", &[("Kurdish", Norp)], &[]),
    // acronyms in brackets
    (
        "battling Islamic State (IS, formerly ISIS/ISIL), Russia",
        &[
            ("Islamic State", Org),
            ("IS", Org),
            ("ISIS", Org),
            ("ISIL", Org),
            ("Russia", Loc),
        ],
        &[],
    ),
    // ordinals, one of, hyphenated modifiers
    (
        "the third meeting, one of many, a three-stage plan for 19-year-old recruits",
        &[],
        &["third", "one", "three", "19"],
    ),
    (
        "four countermeasures and 68 allies",
        &[("four", Number), ("68", Number)],
        &[],
    ),
    (
        "more than 100 million people",
        &[("100 million", Number)],
        &["more than 100 million"],
    ),
    (
        "it cost $5 million, 12% more, or 12 percent",
        &[
            ("$5 million", Number),
            ("12%", Number),
            ("12 percent", Number),
        ],
        &[],
    ),
    (
        "dozens of countries and thousands of fighters",
        &[("dozens", Number), ("thousands", Number)],
        &[],
    ),
    (
        "The victim, aged 17, lived 70 miles away.",
        &[("17", Number), ("70", Number)],
        &[],
    ),
    // dates
    (
        "In the last year, gains were made.",
        &[("the last year", Date)],
        &[],
    ),
    (
        "In late January, they met on Tuesday afternoon.",
        &[("late January", Date), ("Tuesday afternoon", Date)],
        &[],
    ),
    (
        "It ends at the end of January 2017 after 25 years.",
        &[("the end of January 2017", Date), ("25 years", Date)],
        &[],
    ),
    (
        "for the next three months",
        &[("the next three months", Date)],
        &[],
    ),
    ("at 8:30 p.m. annually", &[], &["8:30", "8"]),
    (
        "travel to Colombia March 4-7, 2015, after the Feb 15, 2023 briefing",
        &[("March 4-7, 2015", Date), ("Feb 15, 2023", Date)],
        &[],
    ),
    (
        "every ten years and aged 8–10",
        &[("8–10", Number)],
        &["ten years"],
    ),
    // a title phrase before a comma does not make any word a name
    (
        "Under Secretary for Civilian Security, Democracy, and Human Rights Sarah Sewall",
        &[("Sarah Sewall", Person)],
        &["Democracy"],
    ),
    (
        "across borders in West and Central Africa after North and South Korea met",
        &[
            ("West and Central Africa", Loc),
            ("North and South Korea", Loc),
        ],
        &["Central Africa"],
    ),
    (
        "exhibits at Skidmore College in Saratoga Springs, New York and in Kanata, Ontario",
        &[
            ("Saratoga Springs", Loc),
            ("Kanata", Loc),
            ("New York", Loc),
            ("Ontario", Loc),
        ],
        &[],
    ),
    (
        "owner of Studio 54 under the Terrorism Act 2000, within 48 hours, back in the sixties",
        &[("48 hours", Date), ("the sixties", Date)],
        &["54", "2000"],
    ),
    (
        "Washington 28 state gathering 2017",
        &[("28", Number), ("2017", Date)],
        &[],
    ),
    ("Treasury Secretary Janet Yellen met the FCC Commissioner and the Independent Electoral and Boundaries Commission in Nairobi on Monday.", &[("Janet Yellen", Person), ("FCC", Org), ("Independent Electoral and Boundaries Commission", Org)], &["Treasury"]),
    ("Andy Warhol was an artist. There are also Warhol Polaroid exhibits, said Mauer, a curator.", &[("Warhol", Person), ("Mauer", Person)], &["Warhol Polaroid"]),
    ("WHO say Iodine deficiency is serious.", &[], &["Iodine"]),
    // datelines
    ("MADRID — Senior diplomats met.", &[("MADRID", Loc)], &[]),
    // generic mentions are not entities
    (
        "The coalition said the group would meet the King.",
        &[],
        &["coalition", "group", "King"],
    ),
    // leading "the" stays out of names
    (
        "reported by the Associated Press",
        &[("Associated Press", Org)],
        &["the Associated Press"],
    ),
    // places by context
    (
        "near the town of Tabqa in Raqqa province",
        &[("Tabqa", Loc), ("Raqqa", Loc)],
        &["Raqqa province"],
    ),
    // NORP
    (
        "Nigerian officials and African members discussed Islam.",
        &[("Nigerian", Norp), ("African", Norp), ("Islam", Norp)],
        &[],
    ),
    // document consistency: surname after full name
    (
        "Dmitry Peskov spoke first. Later, Peskov also noted it.",
        &[("Dmitry Peskov", Person), ("Peskov", Person)],
        &[],
    ),
    // given name + unknown surname; middle initials
    (
        "co-chaired by Gregory D. LoGerfo, the coordinator",
        &[("Gregory D. LoGerfo", Person)],
        &[],
    ),
];

#[test]
fn entity_rules() {
    let mut failures = Vec::new();
    for (text, want, not) in ENTITY_CASES {
        let doc = annotate(text);
        let got = ents(&doc);
        for (w, l) in *want {
            if !got.iter().any(|(g, gl)| g == w && gl == l) {
                failures.push(format!("{text:?}: missing {w:?} {l}; got {got:?}"));
            }
        }
        for n in *not {
            if got.iter().any(|(g, _)| g == n) {
                failures.push(format!(
                    "{text:?}: {n:?} must not be an entity; got {got:?}"
                ));
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

/// (text, quote text, speaker, cue)
const QUOTE_CASES: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    ("“We will win,” said Marco Rubio.", "“We will win,”", Some("Marco Rubio"), Some("said")),
    ("“We will win,” Rubio said. Marco Rubio is a senator.", "“We will win,”", Some("Marco Rubio"), Some("said")),
    ("Dmitry Peskov said: “It is over.”", "“It is over.”", Some("Dmitry Peskov"), Some("said")),
    ("According to Human Rights Watch, “the deaths were avoidable.”", "“the deaths were avoidable.”", Some("Human Rights Watch"), Some("According to")),
    ("\"The day is here,\" said Al Jazeera’s Patty Culhane.", "\"The day is here,\"", Some("Patty Culhane"), Some("said")),
    ("“It was the right call,” said Morocco Minister Delegate of Foreign Affairs, Nasser Bourita.", "“It was the right call,”", Some("Nasser Bourita"), Some("said")),
    ("Ned Price briefed reporters. “We are concerned,” Price said.", "“We are concerned,”", Some("Ned Price"), Some("said")),
    ("Boris Johnson arrived. ‘We will stand with Ukraine,’ said Johnson.", "‘We will stand with Ukraine,’", Some("Boris Johnson"), Some("said")),
    ("„Wir schaffen das“, said Angela Merkel.", "„Wir schaffen das“", Some("Angela Merkel"), Some("said")),
    ("Emmanuel Macron left. The ministry said it was “deeply concerned” by the reports.", "“deeply concerned”", None, Some("said")),
    ("“It’s not over yet,” Zelensky told CNN’s Fareed Zakaria.", "“It’s not over yet,”", Some("Zelensky"), Some("told")),
    ("Spokesperson Wang Wenbin said Beijing “firmly opposes” the sanctions and would “take necessary measures”.", "“take necessary measures”", Some("Wang Wenbin"), Some("said")),
    ("Mark Rathbun asked for money to help Daniel Montalvo. He described him as “a man facing prison for leaving”.", "“a man facing prison for leaving”", Some("Mark Rathbun"), Some("described")),
    ("The report’s authors say iodine deficiency is “the sleeper health issue in Australia”, and serious.", "“the sleeper health issue in Australia”", None, Some("say")),
    ("Angela Merkel arrived late. “We are ready,” she said.", "“We are ready,”", Some("Angela Merkel"), Some("said")),
    ("«Nous sommes prêts», a déclaré le ministre, said Emmanuel Macron.", "«Nous sommes prêts»", Some("Emmanuel Macron"), Some("said")),
];

#[test]
fn quote_rules() {
    let mut failures = Vec::new();
    for (text, quote, speaker, cue) in QUOTE_CASES {
        let doc = annotate(text);
        let Some(q) = doc
            .quotes
            .iter()
            .find(|q| doc.slice(q.start, q.end) == *quote)
        else {
            failures.push(format!(
                "{text:?}: no quote {quote:?}; got {:?}",
                doc.quotes
                    .iter()
                    .map(|q| doc.slice(q.start, q.end))
                    .collect::<Vec<_>>()
            ));
            continue;
        };
        let got_speaker = q.speaker.as_ref().map(|s| s.name.as_str());
        if got_speaker != *speaker {
            failures.push(format!(
                "{text:?}: speaker {got_speaker:?}, want {speaker:?}"
            ));
        }
        let got_cue = q.cue.as_ref().map(|c| doc.slice(c.start, c.end));
        if got_cue != *cue {
            failures.push(format!("{text:?}: cue {got_cue:?}, want {cue:?}"));
        }
        if q.candidates.is_empty() && speaker.is_some() {
            failures.push(format!("{text:?}: no candidate speakers"));
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
fn quote_marks_and_scare_quotes() {
    // Apostrophes never open a quote; an unclosed mark does not swallow the
    // article; scare quotes without a speaker are not quotes.
    let text = "It’s the group’s ‘plan’, which failed.\n“This never closes\n\nThe next paragraph is plain. The so-called “peace plan” failed.\n“Split quotes,” he said, “count twice.”";
    let doc = annotate(text);
    let quotes: Vec<&str> = doc
        .quotes
        .iter()
        .map(|q| doc.slice(q.start, q.end))
        .collect();
    assert_eq!(quotes, ["“Split quotes,”", "“count twice.”"], "{quotes:?}");
    // Terms and titles in marks are not quotes, even near a cue.
    let doc = annotate("He said the print called “Cowboys and Indians” sold, adding the words “and Emergency” to the name.");
    assert!(doc.quotes.is_empty(), "{:?}", doc.quotes);
    let doc = annotate("Donald Trump told reporters what he called “fake news” was wrong.");
    assert_eq!(doc.quotes.len(), 1);
    // A quote continued in the next paragraph crosses the break.
    let doc = annotate("“First part of a long statement from the minister.\n\n“And the second part, which ends here,” said Emmanuel Macron.");
    assert_eq!(doc.quotes.len(), 1);
    assert_eq!(
        doc.quotes[0].speaker.as_ref().unwrap().name,
        "Emmanuel Macron"
    );
    // Continuation quotes keep the speaker, without a cue.
    let doc = annotate("“The meeting went well,” said Nasser Bourita. “It is a multidimensional approach with many parts.”");
    assert_eq!(doc.quotes.len(), 2);
    assert_eq!(
        doc.quotes[1].speaker.as_ref().unwrap().name,
        "Nasser Bourita"
    );
    assert!(doc.quotes[1].cue.is_none());
}

#[test]
fn every_annotation_has_provenance() {
    let doc =
        annotate("“We will win,” said Marco Rubio in Washington on Tuesday, citing 68 allies.");
    assert!(!doc.entities.is_empty());
    for e in &doc.entities {
        assert!(e.rule.contains(':'), "{e:?}");
    }
    for q in &doc.quotes {
        assert!(q.rule.starts_with("quote:"), "{q:?}");
    }
}
