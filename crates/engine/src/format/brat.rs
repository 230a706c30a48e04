//! brat standoff (fields separated by tabs, shown as `<TAB>`): `NAME.ann` beside `NAME.txt`, and an `annotation.conf`
//! that declares our types. Offsets are code points (brat reads the text as
//! Unicode). What is written:
//!
//! ```text
//! T1<TAB>PERSON 20 31<TAB>Marco Rubio
//! T2<TAB>Quote 0 14<TAB>“We will win,”
//! T3<TAB>Cue 15 19<TAB>said
//! R1<TAB>Speaker Arg1:T2 Arg2:T1
//! R2<TAB>Cue-of Arg1:T2 Arg2:T3
//! #1<TAB>AnnotatorNotes T2<TAB>speaker: Marco Rubio
//! ```
//!
//! A span that crosses a line break is written as fragments (`0 40;42 80`),
//! as brat requires; the note keeps the speaker's fullest name when it
//! differs from the mention (or there is no mention).

use super::interop::{Anchor, Builder, ExportFile, Format, ImportError, Imported};
use crate::model::Document;
use crate::offsets::OffsetMap;
use std::collections::HashMap;
use std::fmt::Write;

/// The `annotation.conf` brat needs to show and edit our annotations.
pub const ANNOTATION_CONF: &str = "\
# Pressmark's types for brat (https://brat.nlplab.org/configuration.html)
[entities]
PERSON
ORG
LOC
NORP
DATE
NUMBER
Quote
Cue

[relations]
Speaker\tArg1:Quote, Arg2:PERSON|ORG|NORP|LOC
Cue-of\tArg1:Quote, Arg2:Cue
<OVERLAP>\tArg1:Quote, Arg2:<ENTITY>, <OVL-TYPE>:contain
<OVERLAP>\tArg1:<ENTITY>, Arg2:Quote, <OVL-TYPE>:contain

[events]

[attributes]
";

/// Code-point fragments of `start..end` (bytes) that do not cross a line
/// break, with their texts joined by a space (brat's rule for the text field).
fn fragments(text: &str, map: &OffsetMap<'_>, start: usize, end: usize) -> (String, String) {
    let mut frags = Vec::new();
    let mut texts = Vec::new();
    let mut s = start;
    for line in text[start..end].split('\n') {
        let e = s + line.len();
        let piece = line.trim_end_matches('\r');
        let pe = s + piece.len();
        if pe > s {
            frags.push(format!("{} {}", map.byte_to_cp(s), map.byte_to_cp(pe)));
            texts.push(piece.to_string());
        }
        s = e + 1;
    }
    (frags.join(";"), texts.join(" "))
}

pub fn export(doc: &Document) -> Vec<ExportFile> {
    let map = OffsetMap::new(&doc.text);
    let mut ann = String::new();
    let mut t = 0;
    let mut ids: HashMap<(usize, usize), String> = HashMap::new();
    for e in &doc.entities {
        t += 1;
        let (frags, txt) = fragments(&doc.text, &map, e.start, e.end);
        let _ = writeln!(ann, "T{t}\t{} {frags}\t{txt}", e.label);
        ids.insert((e.start, e.end), format!("T{t}"));
    }
    let (mut r, mut n) = (0, 0);
    let mut cue_ids: HashMap<(usize, usize), String> = HashMap::new();
    for q in &doc.quotes {
        t += 1;
        let qid = format!("T{t}");
        let (frags, txt) = fragments(&doc.text, &map, q.start, q.end);
        let _ = writeln!(ann, "{qid}\tQuote {frags}\t{txt}");
        if let Some(c) = &q.cue {
            let cid = match cue_ids.get(&(c.start, c.end)) {
                Some(id) => id.clone(),
                None => {
                    t += 1;
                    let (frags, txt) = fragments(&doc.text, &map, c.start, c.end);
                    let _ = writeln!(ann, "T{t}\tCue {frags}\t{txt}");
                    cue_ids.insert((c.start, c.end), format!("T{t}"));
                    format!("T{t}")
                }
            };
            r += 1;
            let _ = writeln!(ann, "R{r}\tCue-of Arg1:{qid} Arg2:{cid}");
        }
        if let Some(sp) = &q.speaker {
            let mention = sp.span.and_then(|s| ids.get(&s));
            if let Some(m) = mention {
                r += 1;
                let _ = writeln!(ann, "R{r}\tSpeaker Arg1:{qid} Arg2:{m}");
            }
            let mention_text = sp.span.map(|(a, b)| doc.slice(a, b));
            if mention.is_none() || mention_text != Some(sp.name.as_str()) {
                n += 1;
                let name = sp.name.replace(['\n', '\t'], " ");
                let _ = writeln!(ann, "#{n}\tAnnotatorNotes {qid}\tspeaker: {name}");
            }
        }
    }
    vec![
        ExportFile {
            suffix: ".ann".into(),
            bytes: ann.into_bytes(),
        },
        ExportFile {
            suffix: ".txt".into(),
            bytes: doc.text.clone().into_bytes(),
        },
        ExportFile {
            suffix: "annotation.conf".into(),
            bytes: ANNOTATION_CONF.as_bytes().to_vec(),
        },
    ]
}

pub fn import(ann: &str, text: &str) -> Result<Imported, ImportError> {
    let mut b = Builder::new(text, "brat");
    let err = |line: usize, reason: String| ImportError {
        format: Format::Brat,
        at: format!("line {line}"),
        reason,
    };
    // T id → (entity index) or (quote index) or (cue anchor).
    enum Made {
        Entity(usize),
        Quote(usize),
        Cue(usize, usize),
        Nothing,
    }
    let mut made: HashMap<String, Made> = HashMap::new();
    let mut later: Vec<(usize, &str)> = Vec::new();
    let cp_len = text.chars().count();
    for (i, line) in ann.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or("");
        let body = cols.next().ok_or_else(|| {
            err(
                line_no,
                format!(
                    "expected ID<TAB>TYPE …, found {:?}",
                    super::interop::short(line)
                ),
            )
        })?;
        let txt = cols.next();
        match id.chars().next() {
            Some('T') => {
                let (kind, offs) = body.split_once(' ').ok_or_else(|| {
                    err(
                        line_no,
                        format!("{id}: expected `TYPE START END`, found {body:?}"),
                    )
                })?;
                let mut lo = usize::MAX;
                let mut hi = 0;
                for frag in offs.split(';') {
                    let mut it = frag.split_whitespace();
                    let (Some(s), Some(e), None) = (it.next(), it.next(), it.next()) else {
                        return Err(err(line_no, format!("{id}: bad offsets {frag:?}")));
                    };
                    let parse = |x: &str| {
                        x.parse::<usize>()
                            .map_err(|_| err(line_no, format!("{id}: {x:?} is not an offset")))
                    };
                    let (s, e) = (parse(s)?, parse(e)?);
                    if s > e || e > cp_len {
                        return Err(err(
                            line_no,
                            format!(
                                "{id}: span {s}..{e} is outside the text ({cp_len} characters)"
                            ),
                        ));
                    }
                    lo = lo.min(s);
                    hi = hi.max(e);
                }
                if lo >= hi {
                    return Err(err(line_no, format!("{id}: empty span")));
                }
                // The text field joins fragments with spaces: compare
                // it only for one-fragment spans.
                let exact = txt.filter(|_| !offs.contains(';'));
                let anchor = Anchor {
                    start: lo,
                    end: hi,
                    exact,
                    ..Default::default()
                };
                let m = match kind {
                    "Quote" => b.quote(&anchor).map_or(Made::Nothing, Made::Quote),
                    "Cue" => Made::Cue(lo, hi),
                    other => b.entity(other, &anchor).map_or(Made::Nothing, Made::Entity),
                };
                made.insert(id.to_string(), m);
            }
            Some('R') | Some('#') => later.push((line_no, line)),
            // Events, attributes, normalisations: not ours; ignored.
            Some('E' | 'A' | 'M' | 'N' | '*') => {}
            _ => {
                return Err(err(
                    line_no,
                    format!(
                        "unknown annotation id {id:?} (brat ids start with T, R, E, A, N or #)"
                    ),
                ))
            }
        }
    }
    for (line_no, line) in later {
        let mut cols = line.splitn(3, '\t');
        let id = cols.next().unwrap_or("");
        let body = cols.next().unwrap_or("");
        if id.starts_with('R') {
            let mut parts = body.split_whitespace();
            let kind = parts.next().unwrap_or("");
            let arg = |p: Option<&str>, name: &str| {
                p.and_then(|a| a.split_once(':'))
                    .map(|(_, v)| v.to_string())
                    .ok_or_else(|| err(line_no, format!("{id}: missing {name}")))
            };
            let a1 = arg(parts.next(), "Arg1")?;
            let a2 = arg(parts.next(), "Arg2")?;
            let q = match made.get(&a1) {
                Some(Made::Quote(q)) => *q,
                Some(_) => continue,
                None => return Err(err(line_no, format!("{id}: Arg1 {a1} is not defined"))),
            };
            match (kind, made.get(&a2)) {
                ("Speaker", Some(Made::Entity(e))) => b.speaker(q, None, Some(*e)),
                ("Cue-of", Some(Made::Cue(s, e))) => b.cue(
                    q,
                    &Anchor {
                        start: *s,
                        end: *e,
                        ..Default::default()
                    },
                ),
                (_, None) => return Err(err(line_no, format!("{id}: Arg2 {a2} is not defined"))),
                _ => {}
            }
        } else if let Some(target) = body.strip_prefix("AnnotatorNotes ") {
            let note = cols.next().unwrap_or("");
            if let (Some(Made::Quote(q)), Some(name)) =
                (made.get(target.trim()), note.strip_prefix("speaker: "))
            {
                b.speaker_name(*q, name);
            }
        }
    }
    let (doc, report) = b.finish();
    Ok(Imported {
        docs: vec![doc],
        report,
    })
}
