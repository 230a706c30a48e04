//! Every format: export → import gives the same annotations, on articles
//! with emoji (👍🏽, 🇺🇳), combining marks, CRLF line ends, a quote across a
//! paragraph break and a correction that ends inside a word. Bad files are
//! clear errors. (The tools that consume each export are run by
//! tests/interop/, in `make test`.)

use pressmark_engine::format::{self, Format};
use pressmark_engine::{Annotator, Document, Entity, Label, Source};

const ARTICLE: &str = "GENEVA — “We will not give up 👍🏽,” said Dmitry Peskov on Tuesday.\r\n\r\nThe 🇺🇳 agency said 12% of Zoë Ñandú’s staff left Cafe\u{301} Royal in 2017.\r\n\r\n“First part of a long statement from the minister.\r\n\r\n“And the second part, which ends here,” said Emmanuel Macron, adding: “We will win.”\r\nMacron later met Angela Merkel in Paris. Spokesperson Wang Wenbin said Beijing “firmly opposes” the sanctions and would “take necessary measures”.";

fn sample() -> Document {
    let mut doc = Annotator::new().annotate(ARTICLE);
    // A user correction that ends inside a word: "Zoë Ñan".
    let s = doc.text.find("Zoë").unwrap();
    doc.entities
        .retain(|e| e.end <= s || e.start >= s + "Zoë Ñandú".len());
    doc.entities.push(Entity {
        id: 999,
        start: s,
        end: s + "Zoë Ñan".len(),
        label: Label::Person,
        source: Source::User,
        rule: "user".into(),
    });
    doc.sort();
    assert!(doc.quotes.len() >= 3, "{:?}", doc.quotes);
    doc
}

type Spans = Vec<(String, Label)>;

fn ents(doc: &Document) -> Vec<(usize, usize, Label)> {
    doc.entities
        .iter()
        .map(|e| (e.start, e.end, e.label))
        .collect()
}

fn ent_texts(doc: &Document) -> Spans {
    doc.entities
        .iter()
        .map(|e| (doc.slice(e.start, e.end).to_string(), e.label))
        .collect()
}

fn quotes(doc: &Document) -> Vec<(usize, usize)> {
    doc.quotes.iter().map(|q| (q.start, q.end)).collect()
}

fn round_trip(doc: &Document, f: Format) -> Document {
    let files = format::export(std::slice::from_ref(doc), f);
    let main = &files[0].bytes;
    let txt = files
        .iter()
        .find(|x| x.suffix == ".txt")
        .map(|x| String::from_utf8(x.bytes.clone()).unwrap());
    let got = format::import(main, f, txt.as_deref()).unwrap_or_else(|e| panic!("{f}: {e}"));
    assert!(got.report.is_clean(), "{f}: {:?}", got.report);
    assert_eq!(got.docs.len(), 1, "{f}");
    got.docs.into_iter().next().unwrap()
}

#[test]
fn pressmark_and_jsonl_are_exact() {
    let doc = sample();
    for f in [Format::Pressmark, Format::Jsonl] {
        let back = round_trip(&doc, f);
        assert_eq!(back, doc, "{f}");
    }
}

#[test]
fn span_formats_keep_entities_quotes_and_speakers() {
    let doc = sample();
    for f in [
        Format::Brat,
        Format::Doccano,
        Format::LabelStudio,
        Format::W3c,
        Format::Spacy,
    ] {
        let back = round_trip(&doc, f);
        assert_eq!(back.text, doc.text, "{f}: the text");
        assert_eq!(ents(&back), ents(&doc), "{f}: entities");
        assert_eq!(quotes(&back), quotes(&doc), "{f}: quotes");
        for (a, b) in back.quotes.iter().zip(&doc.quotes) {
            let span = |q: &pressmark_engine::Quote| q.speaker.as_ref().and_then(|s| s.span);
            assert_eq!(
                span(a),
                span(b),
                "{f}: speaker mention of {:?}",
                doc.slice(b.start, b.end)
            );
            // doccano keeps the mention, not the fullest name.
            if f != Format::Doccano {
                let name = |q: &pressmark_engine::Quote| q.speaker.as_ref().map(|s| s.name.clone());
                assert_eq!(name(a), name(b), "{f}: speaker name");
            }
        }
        if f == Format::Brat {
            let cue = |d: &Document| d.quotes.iter().map(|q| q.cue.clone()).collect::<Vec<_>>();
            assert_eq!(cue(&back), cue(&doc), "brat keeps cues");
            // brat (and pybrat) refuse two text-bound annotations of one
            // type on one span: a cue shared by two quotes is written once.
            let ann = String::from_utf8(
                format::export(std::slice::from_ref(&doc), f)[0]
                    .bytes
                    .clone(),
            )
            .unwrap();
            let mut seen = std::collections::HashSet::new();
            for l in ann.lines().filter(|l| l.starts_with('T')) {
                let body = l.split('\t').nth(1).unwrap();
                assert!(seen.insert(body.to_string()), "twice: {body}");
            }
            let shared = doc
                .quotes
                .iter()
                .filter_map(|q| q.cue.clone())
                .collect::<Vec<_>>();
            let distinct: std::collections::HashSet<_> =
                shared.iter().map(|c| (c.start, c.end)).collect();
            assert!(distinct.len() < shared.len(), "the sample has a shared cue");
        }
        assert!(
            back.entities.iter().all(|e| e.source == Source::Import),
            "{f}"
        );
        assert!(
            back.entities.iter().all(|e| e.rule.starts_with("import:")),
            "{f}"
        );
    }
}

#[test]
fn conll_keeps_tokens_and_tags() {
    let doc = sample();
    let back = round_trip(&doc, Format::Conll);
    // The correction inside a word widens to whole tokens in CoNLL.
    let mut want = ent_texts(&doc);
    for w in want.iter_mut() {
        if w.0 == "Zoë Ñan" {
            w.0 = "Zoë Ñandú".into();
        }
    }
    // CoNLL keeps no whitespace: "12%" comes back as "12 %".
    let squeeze = |v: Spans| {
        v.into_iter()
            .map(|(t, l)| (t.replace(' ', ""), l))
            .collect::<Vec<_>>()
    };
    assert_eq!(squeeze(ent_texts(&back)), squeeze(want));
    assert!(back.quotes.is_empty(), "CoNLL has no quotes");
    let out = String::from_utf8(
        format::export(std::slice::from_ref(&doc), Format::Conll)[0]
            .bytes
            .clone(),
    )
    .unwrap();
    assert!(out.starts_with("-DOCSTART- -X- -X- O\n\n"));
    assert!(
        out.contains("Dmitry _ _ B-PERSON\nPeskov _ _ I-PERSON\n"),
        "{out}"
    );
}

#[test]
fn many_documents_in_one_file() {
    let a = sample();
    let b = Annotator::new().annotate("“Yes,” said Ann Lee in Oslo.");
    for f in [
        Format::Jsonl,
        Format::Doccano,
        Format::LabelStudio,
        Format::Spacy,
        Format::Conll,
    ] {
        let files = format::export(&[a.clone(), b.clone()], f);
        let got = format::import(&files[0].bytes, f, None).unwrap();
        assert_eq!(got.docs.len(), 2, "{f}");
        if f != Format::Conll {
            assert_eq!(got.docs[1].text, b.text, "{f}");
            assert_eq!(ents(&got.docs[1]), ents(&b), "{f}");
        }
    }
}

#[test]
fn moved_text_is_reanchored_or_reported() {
    let doc = sample();
    // W3C: the article gained a paragraph at the top and lost a name.
    let w3c = String::from_utf8(
        format::export(std::slice::from_ref(&doc), Format::W3c)[0]
            .bytes
            .clone(),
    )
    .unwrap();
    let edited = format!(
        "Breaking news.\n\n{}",
        doc.text.replace("Angela Merkel", "the chancellor")
    );
    let got = format::import(w3c.as_bytes(), Format::W3c, Some(&edited)).unwrap();
    let d = &got.docs[0];
    assert_eq!(d.text, edited);
    assert!(got.report.reanchored > 0);
    assert_eq!(got.report.unplaced.len(), 1, "{:?}", got.report.unplaced);
    assert!(got.report.unplaced[0].contains("Angela Merkel"));
    for e in &d.entities {
        let orig = doc
            .entities
            .iter()
            .find(|o| o.label == e.label && doc.slice(o.start, o.end) == d.slice(e.start, e.end));
        assert!(
            orig.is_some(),
            "{:?} was misplaced",
            d.slice(e.start, e.end)
        );
    }
    // pressmark: text_sha256 tells that the text changed.
    let json = format::to_json(&doc);
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["text"] = edited.clone().into();
    let got = format::import(v.to_string().as_bytes(), Format::Pressmark, None).unwrap();
    assert_eq!(got.docs[0].text, edited);
    assert_eq!(got.report.unplaced.len(), 1, "{:?}", got.report);
    assert_eq!(got.docs[0].entities.len(), doc.entities.len() - 1);
    // Without the hash, a mismatch is an error, as before.
    v.as_object_mut().unwrap().remove("text_sha256");
    assert!(format::import(v.to_string().as_bytes(), Format::Pressmark, None).is_err());
}

#[test]
fn foreign_labels_are_mapped_and_unknown_ones_listed() {
    let text = "Ann Lee paid $5 to the UN in Paris in May, a MISC thing.";
    let line = serde_json::json!({
        "text": text,
        "label": [[0, 7, "PER"], [13, 15, "MONEY"], [23, 25, "ORGANIZATION"], [29, 34, "GPE"], [38, 41, "DATE"], [45, 49, "MISC"]]
    });
    let got = format::import(line.to_string().as_bytes(), Format::Doccano, None).unwrap();
    let d = &got.docs[0];
    assert_eq!(
        ent_texts(d),
        [
            ("Ann Lee".to_string(), Label::Person),
            ("$5".into(), Label::Number),
            ("UN".into(), Label::Org),
            ("Paris".into(), Label::Loc),
            ("May".into(), Label::Date),
        ]
    );
    assert_eq!(got.report.unknown_labels, [("MISC".to_string(), 1)]);
    assert!(got.report.summary().contains("MISC (1)"));
}

#[test]
fn bad_files_are_clear_errors() {
    let cases: &[(Format, &[u8], Option<&str>, &str)] = &[
        (
            Format::Brat,
            b"T1\tPERSON 0 3\tAnn\nT2 broken line\n",
            Some("Ann Lee"),
            "brat: line 2",
        ),
        (
            Format::Brat,
            b"T1\tPERSON 0 30\tAnn\n",
            Some("Ann Lee"),
            "outside the text",
        ),
        (
            Format::Brat,
            b"T1\tPERSON 0 3\tAnn\n",
            None,
            "needs its .txt",
        ),
        (
            Format::Conll,
            b"-DOCSTART- -X- -X- O\n\nAnn _ _ X-PER\n",
            None,
            "line 3",
        ),
        (
            Format::Doccano,
            b"{\"text\": \"Ann\", \"label\": [[0, 9, \"PER\"]]}\n",
            None,
            "outside the text",
        ),
        (Format::Doccano, b"{\"text\": \"Ann\"\n", None, "line 1"),
        (
            Format::LabelStudio,
            b"[{\"data\": {}}]",
            None,
            "tasks[0].data.text",
        ),
        (
            Format::W3c,
            b"{\"type\": \"Annotation\"}",
            None,
            "AnnotationCollection",
        ),
        (Format::W3c, b"not json", None, "not JSON"),
        (Format::Spacy, b"not zlib", None, "not a spaCy DocBin"),
        (Format::Pressmark, b"\xff\xfe", None, "not UTF-8"),
        (Format::Jsonl, b"   ", None, "empty"),
    ];
    for (f, data, text, want) in cases {
        let e = format::import(data, *f, *text).unwrap_err();
        assert!(e.to_string().contains(want), "{f}: {e} (wanted {want:?})");
    }
}

#[test]
fn csv_rows_escape_and_count() {
    let doc = sample();
    let q = String::from_utf8(
        format::export(std::slice::from_ref(&doc), Format::Csv)[0]
            .bytes
            .clone(),
    )
    .unwrap();
    let mut lines = q.split("\r\n");
    assert_eq!(lines.next(), Some("quote,speaker,cue,start,end"));
    assert!(
        q.contains("\"“We will not give up 👍🏽,”\",Dmitry Peskov,said,"),
        "{q}"
    );
    let e = String::from_utf8(
        format::export(std::slice::from_ref(&doc), Format::EntitiesCsv)[0]
            .bytes
            .clone(),
    )
    .unwrap();
    assert!(e.starts_with("name,label,mentions\r\n"));
    assert!(
        e.contains("Emmanuel Macron,PERSON,1") || e.contains("Macron,PERSON"),
        "{e}"
    );
}

#[test]
fn every_format_has_a_name_and_detection_agrees() {
    let doc = sample();
    for f in Format::ALL {
        assert_eq!(Format::parse(f.name()), Some(f));
        if !f.can_import() {
            continue;
        }
        let files = format::export(std::slice::from_ref(&doc), f);
        let name = format!("article{}", files[0].suffix);
        assert_eq!(format::detect(&name, &files[0].bytes), Some(f), "{f}");
    }
}
