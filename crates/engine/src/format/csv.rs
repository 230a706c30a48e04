//! CSV for spreadsheets (RFC 4180: comma-separated, fields with a comma,
//! quote or line break in double quotes, CRLF line ends, UTF-8):
//!
//! - quotes: `quote,speaker,cue,start,end` (code points), one row per quote;
//! - entities: `name,label,mentions`, one row per entity (mentions grouped
//!   by [`crate::sources::clusters`]: "Jones" counts for "Maria Jones"),
//!   most mentioned first;
//! - sources: `speaker,kind,quotes,words,share,gender,gender_basis`, the
//!   Sources table ([`crate::sources::sources`]); the unattributed row has
//!   an empty speaker.

use crate::model::{Document, Label};
use crate::offsets::OffsetMap;

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn row(out: &mut String, fields: &[&str]) {
    let f: Vec<String> = fields.iter().map(|x| field(x)).collect();
    out.push_str(&f.join(","));
    out.push_str("\r\n");
}

pub fn quotes(doc: &Document) -> String {
    let map = OffsetMap::new(&doc.text);
    let mut out = String::new();
    row(&mut out, &["quote", "speaker", "cue", "start", "end"]);
    for q in &doc.quotes {
        let speaker = q.speaker.as_ref().map_or("", |s| s.name.as_str());
        let cue = q.cue.as_ref().map_or("", |c| doc.slice(c.start, c.end));
        let (s, e) = (
            map.byte_to_cp(q.start).to_string(),
            map.byte_to_cp(q.end).to_string(),
        );
        row(&mut out, &[doc.slice(q.start, q.end), speaker, cue, &s, &e]);
    }
    out
}

pub fn entities(doc: &Document) -> String {
    let clusters = crate::sources::clusters(doc);
    let mut counts: Vec<(String, Label, usize)> = clusters
        .list
        .into_iter()
        .map(|c| (c.name, c.label, c.mentions.len()))
        .collect();
    counts.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    let mut out = String::new();
    row(&mut out, &["name", "label", "mentions"]);
    for (name, label, n) in &counts {
        row(&mut out, &[name, label.as_str(), &n.to_string()]);
    }
    out
}

pub fn sources(doc: &Document, genders: &[(String, crate::sources::Gender)]) -> String {
    let clusters = crate::sources::clusters(doc);
    let table = crate::sources::sources(doc, &clusters, genders);
    let mut out = String::new();
    row(
        &mut out,
        &[
            "speaker",
            "kind",
            "quotes",
            "words",
            "share",
            "gender",
            "gender_basis",
        ],
    );
    for r in &table.rows {
        row(
            &mut out,
            &[
                r.speaker.as_deref().unwrap_or(""),
                r.kind.as_str(),
                &r.quotes.len().to_string(),
                &r.words.to_string(),
                &super::round_share(r.share).to_string(),
                r.gender.map_or("", |g| g.gender.as_str()),
                r.gender.map_or("", |g| g.basis.as_str()),
            ],
        );
    }
    out
}
