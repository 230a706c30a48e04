//! Entity clusters and the Sources table (`pressmark_engine::sources`).

use pressmark_engine::sources::{self, Basis, Gender, SpeakerKind};
use pressmark_engine::{Annotator, Document, Entity, Label, Quote, Source, Speaker};

fn doc_with(
    text: &str,
    ents: &[(&str, Label, usize)],
    quotes: &[(&str, Option<&str>)],
) -> Document {
    // ents: (surface, label, occurrence index); quotes: (quoted text, speaker).
    let mut doc = Document {
        text: text.to_string(),
        ..Document::default()
    };
    let mut id = 1;
    for (s, label, nth) in ents {
        let start = text.match_indices(s).nth(*nth).expect("surface in text").0;
        doc.entities.push(Entity {
            id,
            start,
            end: start + s.len(),
            label: *label,
            source: Source::User,
            rule: "user".into(),
        });
        id += 1;
    }
    for (q, speaker) in quotes {
        let start = text.find(q).expect("quote in text");
        doc.quotes.push(Quote {
            id,
            start,
            end: start + q.len(),
            speaker: speaker.map(|n| Speaker {
                name: n.to_string(),
                span: None,
            }),
            cue: None,
            candidates: Vec::new(),
            source: Source::User,
            rule: "user".into(),
        });
        id += 1;
    }
    doc.sort();
    doc
}

/// (cluster name, label, number of mentions), in order of first mention.
fn clusters_of(doc: &Document) -> Vec<(String, Label, usize)> {
    sources::clusters(doc)
        .list
        .into_iter()
        .map(|c| (c.name, c.label, c.mentions.len()))
        .collect()
}

#[test]
fn clusters_merge_mentions_of_one_entity() {
    use Label::*;
    type Case = (
        &'static str,
        &'static [(&'static str, Label, usize)],
        &'static [(&'static str, Label, usize)],
    );
    let cases: &[Case] = &[
        (
            "Maria Jones spoke. Later Jones left. Jones returned.",
            &[
                ("Maria Jones", Person, 0),
                ("Jones", Person, 1),
                ("Jones", Person, 2),
            ],
            &[("Maria Jones", Person, 3)],
        ),
        // A given name alone is the person whose name starts with it.
        (
            "Maria Jones spoke and Maria laughed.",
            &[("Maria Jones", Person, 0), ("Maria", Person, 1)],
            &[("Maria Jones", Person, 2)],
        ),
        // The longest form wins, whichever comes first.
        (
            "Jones spoke. Maria Elena Jones is 40. Maria Jones agreed.",
            &[
                ("Jones", Person, 0),
                ("Maria Elena Jones", Person, 0),
                ("Maria Jones", Person, 0),
            ],
            &[("Maria Elena Jones", Person, 3)],
        ),
        // Two people share a surname: the nearest one named before.
        (
            "Maria Jones met Tom Jones. Later Jones spoke. Maria Jones came back and Jones left.",
            &[
                ("Maria Jones", Person, 0),
                ("Tom Jones", Person, 0),
                ("Jones", Person, 2),
                ("Maria Jones", Person, 1),
                ("Jones", Person, 4),
            ],
            &[("Maria Jones", Person, 3), ("Tom Jones", Person, 2)],
        ),
        // Acronym defined in the text, either way round.
        (
            "The Syrian Democratic Forces (SDF) said the SDF would stay.",
            &[
                ("Syrian Democratic Forces", Org, 0),
                ("SDF", Org, 0),
                ("SDF", Org, 1),
            ],
            &[("Syrian Democratic Forces", Org, 3)],
        ),
        (
            "The WHO (World Health Organization) met. The World Health Organization said.",
            &[
                ("WHO", Org, 0),
                ("World Health Organization", Org, 0),
                ("World Health Organization", Org, 1),
            ],
            &[("World Health Organization", Org, 3)],
        ),
        // Initials spell it: no definition needed; dots and "of" do not count.
        (
            "The Federal Bureau of Investigation and the F.B.I. agree; the FBI said.",
            &[
                ("Federal Bureau of Investigation", Org, 0),
                ("F.B.I.", Org, 0),
                ("FBI", Org, 0),
            ],
            &[("Federal Bureau of Investigation", Org, 3)],
        ),
        (
            "The United States and the U.S. economy.",
            &[("United States", Loc, 0), ("U.S.", Loc, 0)],
            &[("United States", Loc, 2)],
        ),
        // A company and its suffixed name.
        (
            "Acme Inc sued. Acme said no.",
            &[("Acme Inc", Org, 0), ("Acme", Org, 1)],
            &[("Acme Inc", Org, 2)],
        ),
        // Different labels never merge; unrelated names stay apart.
        (
            "Jordan Smith flew to Jordan. Smith said Jordan is hot.",
            &[
                ("Jordan Smith", Person, 0),
                ("Jordan", Loc, 1),
                ("Smith", Person, 1),
                ("Jordan", Loc, 2),
            ],
            &[("Jordan Smith", Person, 2), ("Jordan", Loc, 2)],
        ),
        // Two organisations with the same initials: no guess.
        (
            "The Bank of England and the Bureau of Education; the BOE said.",
            &[
                ("Bank of England", Org, 0),
                ("Bureau of Education", Org, 0),
                ("BOE", Org, 0),
            ],
            &[
                ("Bank of England", Org, 1),
                ("Bureau of Education", Org, 1),
                ("BOE", Org, 1),
            ],
        ),
    ];
    for (text, ents, want) in cases {
        let doc = doc_with(text, ents, &[]);
        let got = clusters_of(&doc);
        let want: Vec<(String, Label, usize)> = want
            .iter()
            .map(|(n, l, k)| (n.to_string(), *l, *k))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn every_entity_is_in_exactly_one_cluster() {
    let ann = Annotator::new();
    let doc = ann.annotate(
        "“We will win,” said Marco Rubio in Washington. Rubio, a Republican, met the \
         World Health Organization (WHO) on Tuesday. The WHO said 40 people came.",
    );
    let c = sources::clusters(&doc);
    assert_eq!(c.of_entity.len(), doc.entities.len());
    let total: usize = c.list.iter().map(|c| c.mentions.len()).sum();
    assert_eq!(total, doc.entities.len());
    for (i, e) in doc.entities.iter().enumerate() {
        assert!(c.list[c.of_entity[i]].mentions.contains(&e.id));
    }
    let rubio = c.of_id(
        &doc,
        doc.entities
            .iter()
            .find(|e| doc.slice(e.start, e.end) == "Rubio")
            .unwrap()
            .id,
    );
    assert_eq!(
        rubio.map(|c| (c.name.as_str(), c.mentions.len())),
        Some(("Marco Rubio", 2))
    );
}

#[test]
fn sources_count_quotes_and_words_per_speaker() {
    use Label::*;
    let text = "\"One two three,\" said Maria Jones. \"Four five,\" Jones added. \
                \"Six,\" said Acme Inc. \"Seven eight nine ten,\" someone shouted. \
                \"Eleven,\" a witness said.";
    let doc = doc_with(
        text,
        &[
            ("Maria Jones", Person, 0),
            ("Jones", Person, 1),
            ("Acme Inc", Org, 0),
        ],
        &[
            ("\"One two three,\"", Some("Maria Jones")),
            ("\"Four five,\"", Some("Jones")),
            ("\"Six,\"", Some("Acme Inc")),
            ("\"Seven eight nine ten,\"", None),
            ("\"Eleven,\"", Some("a witness")),
        ],
    );
    let c = sources::clusters(&doc);
    let s = sources::sources(&doc, &c, &[]);
    let rows: Vec<(Option<&str>, SpeakerKind, usize, usize)> = s
        .rows
        .iter()
        .map(|r| (r.speaker.as_deref(), r.kind, r.quotes.len(), r.words))
        .collect();
    assert_eq!(
        rows,
        vec![
            (Some("Maria Jones"), SpeakerKind::Person, 2, 5),
            (Some("Acme Inc"), SpeakerKind::Organisation, 1, 1),
            (Some("a witness"), SpeakerKind::Unnamed, 1, 1),
            (None, SpeakerKind::Unattributed, 1, 4),
        ]
    );
    assert_eq!(s.summary.quotes, 5);
    assert_eq!(s.summary.speakers, 3);
    assert_eq!(s.summary.words, 11);
    assert_eq!(s.summary.top_speaker.as_deref(), Some("Maria Jones"));
    assert!((s.summary.top_share - 5.0 / 11.0).abs() < 1e-9);
    assert!((s.summary.unattributed_share - 4.0 / 11.0).abs() < 1e-9);
    let shares: f64 = s.rows.iter().map(|r| r.share).sum();
    assert!((shares - 1.0).abs() < 1e-9);
}

#[test]
fn gender_is_an_estimate_from_the_article_first() {
    use Label::*;
    // (text, entities, quote speaker, expected gender and basis)
    type Case = (
        &'static str,
        &'static [(&'static str, Label, usize)],
        Option<(Gender, Basis)>,
    );
    let cases: &[Case] = &[
        // Pronoun after the name beats the given name's statistics.
        (
            "Mary Smith arrived. He said: \"Hello there.\"",
            &[("Mary Smith", Person, 0)],
            Some((Gender::Man, Basis::Pronouns)),
        ),
        (
            "John Smith arrived and her car broke. \"Hello there,\" Smith said.",
            &[("John Smith", Person, 0), ("Smith", Person, 1)],
            Some((Gender::Woman, Basis::Pronouns)),
        ),
        // A title votes too.
        (
            "Ms Kim Lee spoke. \"Hello there,\" Lee said.",
            &[("Kim Lee", Person, 0), ("Lee", Person, 1)],
            Some((Gender::Woman, Basis::Pronouns)),
        ),
        // Pronouns inside quotes do not count; nothing else: the given name.
        (
            "\"He is wrong,\" said John Smith.",
            &[("John Smith", Person, 0)],
            Some((Gender::Man, Basis::GivenName)),
        ),
        // No pronoun, unknown given name: no estimate.
        (
            "\"Hello there,\" said Zorblat Smith.",
            &[("Zorblat Smith", Person, 0)],
            None,
        ),
        // A pronoun after another person's name is that person's.
        (
            "\"Hello there,\" said Zorblat Smith to Anne Lee. She nodded.",
            &[("Zorblat Smith", Person, 0), ("Anne Lee", Person, 0)],
            None,
        ),
    ];
    for (text, ents, want) in cases {
        let first = text.find('"').unwrap();
        let close = text[first + 1..].find('"').unwrap() + first + 2;
        let quoted = &text[first..close];
        let speaker = ents[0].0;
        let doc = doc_with(text, ents, &[(quoted, Some(speaker))]);
        let c = sources::clusters(&doc);
        let s = sources::sources(&doc, &c, &[]);
        let got = s.rows[0].gender.map(|g| (g.gender, g.basis));
        assert_eq!(got, *want, "{text}");
    }
    // The user's choice wins and says so.
    let doc = doc_with(
        "Mary Smith arrived. She said: \"Hello there.\"",
        &[("Mary Smith", Label::Person, 0)],
        &[("\"Hello there.\"", Some("Mary Smith"))],
    );
    let c = sources::clusters(&doc);
    let s = sources::sources(&doc, &c, &[("Mary Smith".into(), Gender::Man)]);
    assert_eq!(
        s.rows[0].gender.map(|g| (g.gender, g.basis)),
        Some((Gender::Man, Basis::User))
    );
}

#[test]
fn sources_of_an_annotated_article() {
    let ann = Annotator::new();
    let doc = ann.annotate(
        "“We will win,” said Marco Rubio in Washington on Tuesday. “It is close,” he added.\n\n\
         The State Department said: “No comment.”\n\n“Nobody knows,” one voter said.",
    );
    let c = sources::clusters(&doc);
    let s = sources::sources(&doc, &c, &[]);
    let rubio = s
        .rows
        .iter()
        .find(|r| r.speaker.as_deref() == Some("Marco Rubio"))
        .expect("a Rubio row");
    assert_eq!(
        (rubio.kind, rubio.quotes.len(), rubio.words),
        (SpeakerKind::Person, 2, 6)
    );
    assert_eq!(
        rubio.gender.map(|g| (g.gender, g.basis)),
        Some((Gender::Man, Basis::Pronouns))
    );
    assert_eq!(s.summary.quotes, doc.quotes.len());
    assert_eq!(
        s.rows.iter().map(|r| r.quotes.len()).sum::<usize>(),
        doc.quotes.len()
    );
}

#[test]
fn empty_and_odd_documents() {
    let doc = Document::default();
    let c = sources::clusters(&doc);
    assert!(c.list.is_empty());
    let s = sources::sources(&doc, &c, &[]);
    assert!(s.rows.is_empty());
    assert_eq!(s.summary.top_share, 0.0);
    // Emoji and combining marks in names; a quote of no words.
    let text = "Zoë 🙂 Ünal spoke. Ünal said \"…\" to Zoë 🙂 Ünal.";
    let doc = doc_with(
        text,
        &[
            ("Zoë 🙂 Ünal", Label::Person, 0),
            ("Ünal", Label::Person, 1),
            ("Zoë 🙂 Ünal", Label::Person, 1),
        ],
        &[("\"…\"", Some("Ünal"))],
    );
    let c = sources::clusters(&doc);
    assert_eq!(c.list.len(), 1);
    let s = sources::sources(&doc, &c, &[]);
    assert_eq!(s.rows[0].speaker.as_deref(), Some("Zoë 🙂 Ünal"));
    assert_eq!((s.rows[0].words, s.rows[0].share), (0, 0.0));
}

#[test]
fn given_name_lookup_matches_the_data_file() {
    let data = include_str!("../data/given_gender.txt");
    let mut n = 0;
    for line in data
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let (name, g) = line.rsplit_once(' ').unwrap();
        let want = match g {
            "F" => Gender::Woman,
            "M" => Gender::Man,
            _ => panic!("bad line {line:?}"),
        };
        assert_eq!(sources::given_gender(name), Some(want), "{name}");
        n += 1;
    }
    assert!(n > 2000, "{n} names");
    for absent in [
        "", "#", "Zorblat", "aaron", "Aaro", "Aaronx", "Zzzz", "🙂", "Ünal",
    ] {
        assert_eq!(sources::given_gender(absent), None, "{absent:?}");
    }
}
