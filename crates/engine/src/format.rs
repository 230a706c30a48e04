//! The JSON contract users download (documented in the README).
//!
//! Offsets in the JSON are Unicode code points, so `text[start:end]` in Python
//! is the span. [`to_json`] writes format [`FORMAT`]; [`from_json`] reads it
//! back exactly, and also reads annotation files in the guidelines' gold shape
//! (no `format`, speakers as plain strings), validating everything.

use crate::model::{Candidate, Cue, Document, Entity, Label, Quote, RulesStamp, Source, Speaker};
use crate::offsets::OffsetMap;
use crate::sources::{self, Gender};
use sha2::{Digest, Sha256};

mod brat;
mod conll;
mod csv;
mod doccano;
mod interop;
mod jsonl;
mod label_studio;
mod msgpack;
mod spacy;
mod w3c;

pub use interop::{
    detect, export, import, map_label, ExportFile, Format, ImportError, ImportReport, Imported,
};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// The format identifier written in every exported document.
pub const FORMAT: &str = "pressmark/1";

/// Why a JSON document could not be read. The message names the problem in
/// words a user can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FormatError {
    /// Not JSON at all, or not the expected shape.
    Syntax(String),
    /// A `format` other than ours.
    UnknownFormat(String),
    /// An annotation that does not fit the text.
    Invalid {
        what: String,
        index: usize,
        reason: String,
    },
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormatError::Syntax(m) => write!(f, "not a Pressmark annotation file: {m}"),
            FormatError::UnknownFormat(v) => {
                write!(
                    f,
                    "unsupported format {v:?} (this version reads {FORMAT:?})"
                )
            }
            FormatError::Invalid {
                what,
                index,
                reason,
            } => {
                write!(f, "{what} #{} is invalid: {reason}", index + 1)
            }
        }
    }
}

impl std::error::Error for FormatError {}

#[derive(Serialize, Deserialize)]
struct JsonDoc<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    format: Option<Cow<'a, str>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rules: Option<JsonRules<'a>>,
    /// SHA-256 of the text's UTF-8 bytes, in hex: an import can tell that
    /// the text changed since the export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text_sha256: Option<Cow<'a, str>>,
    text: Cow<'a, str>,
    entities: Vec<JsonEntity<'a>>,
    #[serde(default)]
    quotes: Vec<JsonQuote<'a>>,
    /// Derived on export ([`crate::sources`]); ignored on import.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    clusters: Option<Vec<JsonCluster>>,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    sources: Option<Vec<JsonSourceRow>>,
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    sources_summary: Option<JsonSummary>,
}

/// `"clusters": [{"name", "label", "mentions": [entity ids]}]`.
#[derive(Serialize)]
struct JsonCluster {
    name: String,
    label: &'static str,
    mentions: Vec<u32>,
}

/// One row of `"sources"`.
#[derive(Serialize)]
struct JsonSourceRow {
    speaker: Option<String>,
    kind: &'static str,
    quotes: usize,
    words: usize,
    share: f64,
    gender: Option<&'static str>,
    gender_basis: Option<&'static str>,
    quote_ids: Vec<u32>,
}

#[derive(Serialize)]
struct JsonSummary {
    quotes: usize,
    speakers: usize,
    words: usize,
    top_speaker: Option<String>,
    top_share: f64,
    unattributed_share: f64,
}

/// A share rounded to four decimals, as written in the JSON.
pub fn round_share(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn json_sources(
    doc: &Document,
    genders: &[(String, Gender)],
) -> (Vec<JsonCluster>, Vec<JsonSourceRow>, JsonSummary) {
    let clusters = sources::clusters(doc);
    let table = sources::sources(doc, &clusters, genders);
    let rows = table
        .rows
        .into_iter()
        .map(|r| JsonSourceRow {
            speaker: r.speaker,
            kind: r.kind.as_str(),
            quotes: r.quotes.len(),
            words: r.words,
            share: round_share(r.share),
            gender: r.gender.map(|g| g.gender.as_str()),
            gender_basis: r.gender.map(|g| g.basis.as_str()),
            quote_ids: r.quotes,
        })
        .collect();
    let s = table.summary;
    let summary = JsonSummary {
        quotes: s.quotes,
        speakers: s.speakers,
        words: s.words,
        top_speaker: s.top_speaker,
        top_share: round_share(s.top_share),
        unattributed_share: round_share(s.unattributed_share),
    };
    let clusters = clusters
        .list
        .into_iter()
        .map(|c| JsonCluster {
            name: c.name,
            label: c.label.as_str(),
            mentions: c.mentions,
        })
        .collect();
    (clusters, rows, summary)
}

/// `"rules": {"builtin": "<hash>", "user": "<hash>" | null}`.
#[derive(Serialize, Deserialize)]
struct JsonRules<'a> {
    builtin: Cow<'a, str>,
    #[serde(default)]
    user: Option<Cow<'a, str>>,
}

#[derive(Serialize, Deserialize)]
struct JsonEntity<'a> {
    #[serde(default)]
    id: Option<u32>,
    start: usize,
    end: usize,
    label: Cow<'a, str>,
    #[serde(default)]
    text: Option<Cow<'a, str>>,
    #[serde(default)]
    source: Option<Cow<'a, str>>,
    #[serde(default)]
    rule: Option<Cow<'a, str>>,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum JsonSpeaker<'a> {
    Name(Cow<'a, str>),
    Mention {
        name: Cow<'a, str>,
        #[serde(default)]
        start: Option<usize>,
        #[serde(default)]
        end: Option<usize>,
    },
}

#[derive(Serialize, Deserialize)]
struct JsonCue<'a> {
    text: Cow<'a, str>,
    start: usize,
    end: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum JsonCueField<'a> {
    Span(JsonCue<'a>),
    Word(Cow<'a, str>),
}

#[derive(Serialize, Deserialize)]
struct JsonCandidate<'a> {
    name: Cow<'a, str>,
    #[serde(default)]
    start: Option<usize>,
    #[serde(default)]
    end: Option<usize>,
    score: f32,
}

#[derive(Serialize, Deserialize)]
struct JsonQuote<'a> {
    #[serde(default)]
    id: Option<u32>,
    start: usize,
    end: usize,
    #[serde(default)]
    text: Option<Cow<'a, str>>,
    #[serde(default)]
    speaker: Option<JsonSpeaker<'a>>,
    #[serde(default)]
    cue: Option<JsonCueField<'a>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    candidates: Vec<JsonCandidate<'a>>,
    #[serde(default)]
    source: Option<Cow<'a, str>>,
    #[serde(default)]
    rule: Option<Cow<'a, str>>,
}

/// The document as written: the same fields, in the same order, as
/// [`JsonDoc`], but entities and quotes are converted one at a time while
/// they are written instead of collected first (a 5 MB article has ~100,000
/// entities: an intermediate list of them was larger than the text).
#[derive(Serialize)]
struct JsonOut<'a> {
    format: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rules: Option<JsonRules<'a>>,
    text_sha256: String,
    text: &'a str,
    entities: OutEntities<'a>,
    quotes: OutQuotes<'a>,
    clusters: Vec<JsonCluster>,
    sources: Vec<JsonSourceRow>,
    sources_summary: JsonSummary,
}

/// `"entities"`, converted while written.
struct OutEntities<'a> {
    doc: &'a Document,
    map: &'a OffsetMap<'a>,
}

impl Serialize for OutEntities<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.doc;
        // Entities are sorted, so a forward cursor converts their offsets in
        // one pass over the text.
        let mut cur = self.map.cp_cursor();
        s.collect_seq(doc.entities.iter().map(|e| JsonEntity {
            id: Some(e.id),
            start: cur.to_cp(e.start),
            end: cur.to_cp(e.end),
            label: Cow::Borrowed(e.label.as_str()),
            text: Some(Cow::Borrowed(doc.slice(e.start, e.end))),
            source: Some(Cow::Borrowed(e.source.as_str())),
            rule: Some(Cow::Borrowed(&e.rule)),
        }))
    }
}

/// `"quotes"`, converted while written.
struct OutQuotes<'a> {
    doc: &'a Document,
    map: &'a OffsetMap<'a>,
}

impl Serialize for OutQuotes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let doc = self.doc;
        let mut cur = self.map.cp_cursor();
        let mut cp = |b: usize| cur.to_cp(b);
        s.collect_seq(doc.quotes.iter().map(|q| {
            JsonQuote {
                id: Some(q.id),
                start: cp(q.start),
                end: cp(q.end),
                text: Some(Cow::Borrowed(doc.slice(q.start, q.end))),
                speaker: q.speaker.as_ref().map(|s| JsonSpeaker::Mention {
                    name: Cow::Borrowed(&s.name),
                    start: s.span.map(|(a, _)| cp(a)),
                    end: s.span.map(|(_, b)| cp(b)),
                }),
                cue: q.cue.as_ref().map(|c| {
                    JsonCueField::Span(JsonCue {
                        text: Cow::Borrowed(doc.slice(c.start, c.end)),
                        start: cp(c.start),
                        end: cp(c.end),
                    })
                }),
                candidates: q
                    .candidates
                    .iter()
                    .map(|c| JsonCandidate {
                        name: Cow::Borrowed(&c.name),
                        start: c.span.map(|(a, _)| cp(a)),
                        end: c.span.map(|(_, b)| cp(b)),
                        score: c.score,
                    })
                    .collect(),
                source: Some(Cow::Borrowed(q.source.as_str())),
                rule: Some(Cow::Borrowed(&q.rule)),
            }
        }))
    }
}

fn to_json_doc<'a>(
    doc: &'a Document,
    map: &'a OffsetMap<'a>,
    genders: &[(String, Gender)],
) -> JsonOut<'a> {
    let (clusters, sources, sources_summary) = json_sources(doc, genders);
    JsonOut {
        format: FORMAT,
        rules: doc.rules.as_ref().map(|r| JsonRules {
            builtin: Cow::Borrowed(&r.builtin),
            user: r.user.as_deref().map(Cow::Borrowed),
        }),
        text_sha256: text_sha256(&doc.text),
        text: &doc.text,
        entities: OutEntities { doc, map },
        quotes: OutQuotes { doc, map },
        clusters,
        sources,
        sources_summary,
    }
}

/// The Sources table as written in the document JSON, on its own line:
/// `{"file", "id", "sources_summary": {...}, "sources": [...]}` (`file` and
/// `id` when given), keys in that order.
pub fn sources_line(
    doc: &Document,
    genders: &[(String, Gender)],
    file: Option<&str>,
    id: Option<&serde_json::Value>,
) -> String {
    #[derive(Serialize)]
    struct Line<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        file: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<&'a serde_json::Value>,
        sources_summary: JsonSummary,
        sources: Vec<JsonSourceRow>,
    }
    let (_, sources, sources_summary) = json_sources(doc, genders);
    serde_json::to_string(&Line {
        file,
        id,
        sources_summary,
        sources,
    })
    .expect("serialising plain data cannot fail")
}

/// The Sources table as CSV (`Format::SourcesCsv`), with the user's
/// gender choices.
pub fn sources_csv(doc: &Document, genders: &[(String, Gender)]) -> String {
    csv::sources(doc, genders)
}

/// Serialises a document as pretty-printed JSON (the download format).
pub fn to_json(doc: &Document) -> String {
    to_json_with(doc, &[])
}

/// [`to_json`] with the user's gender choices for the `"sources"` rows.
pub fn to_json_with(doc: &Document, genders: &[(String, Gender)]) -> String {
    let map = OffsetMap::new(&doc.text);
    serde_json::to_string_pretty(&to_json_doc(doc, &map, genders))
        .expect("serialising plain data cannot fail")
}

/// Serialises a document as compact JSON (same content as [`to_json`],
/// no indentation): the CLI's default, smaller and faster to write.
pub fn to_json_compact(doc: &Document) -> String {
    let map = OffsetMap::new(&doc.text);
    serde_json::to_string(&to_json_doc(doc, &map, &[])).expect("serialising plain data cannot fail")
}

/// Writes [`to_json_compact`] (`pretty`: [`to_json`]) to `out` as it is
/// made, without the whole JSON in memory: the CLI streams a large
/// article's document to its output this way. The bytes are the same.
/// Fails only when `out` does.
pub fn write_json<W: std::io::Write>(doc: &Document, pretty: bool, out: W) -> std::io::Result<()> {
    let map = OffsetMap::new(&doc.text);
    let body = to_json_doc(doc, &map, &[]);
    if pretty {
        serde_json::to_writer_pretty(out, &body)
    } else {
        serde_json::to_writer(out, &body)
    }
    .map_err(std::io::Error::from)
}

/// Serialises a document as one line of JSON (for `--jsonl`), with an
/// optional `id` first.
pub fn to_json_line(doc: &Document, id: Option<&serde_json::Value>) -> String {
    let map = OffsetMap::new(&doc.text);
    let body = to_json_doc(doc, &map, &[]);
    match id {
        None => serde_json::to_string(&body),
        Some(id) => {
            #[derive(Serialize)]
            struct WithId<'a, 'b> {
                id: &'b serde_json::Value,
                #[serde(flatten)]
                doc: JsonOut<'a>,
            }
            serde_json::to_string(&WithId { id, doc: body })
        }
    }
    .expect("serialising plain data cannot fail")
}

fn parse_source(s: Option<&str>, what: &str, index: usize) -> Result<Source, FormatError> {
    match s {
        Some("rule") => Ok(Source::Rule),
        Some("user") | None => Ok(Source::User),
        Some("import") => Ok(Source::Import),
        Some(other) => Err(FormatError::Invalid {
            what: what.into(),
            index,
            reason: format!("source must be \"rule\", \"user\" or \"import\", not {other:?}"),
        }),
    }
}

/// The SHA-256 of `text`'s UTF-8 bytes, as lowercase hex.
pub fn text_sha256(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Imports our own JSON (for [`import`]): when `text_sha256` says the text
/// changed since the export, each annotation is found again by its `text`
/// (the occurrence nearest its old place); those that are not there any
/// more are reported, never misplaced.
fn import_pressmark(s: &str) -> Result<Imported, ImportError> {
    let err = |e: FormatError| ImportError {
        format: Format::Pressmark,
        at: String::new(),
        reason: e.to_string(),
    };
    let mut v: serde_json::Value =
        serde_json::from_str(s).map_err(|e| err(FormatError::Syntax(e.to_string())))?;
    let mut report = ImportReport::default();
    relocate_if_changed(&mut v, &mut report);
    let doc = from_json(&v.to_string()).map_err(err)?;
    Ok(Imported {
        docs: vec![doc],
        report,
    })
}

/// Moves every span of a `pressmark/1` JSON value whose text moved (see
/// [`import_pressmark`]). Does nothing when the hash is absent or matches.
pub(crate) fn relocate_if_changed(v: &mut serde_json::Value, report: &mut ImportReport) {
    let Some(text) = v.get("text").and_then(|t| t.as_str()).map(str::to_string) else {
        return;
    };
    let changed = v
        .get("text_sha256")
        .and_then(|h| h.as_str())
        .is_some_and(|h| !h.eq_ignore_ascii_case(&text_sha256(&text)));
    if !changed {
        return;
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let cp_of = |byte: usize| chars.partition_point(|(b, _)| *b < byte);
    let byte_of = |cp: usize| chars.get(cp).map_or(text.len(), |(b, _)| *b);
    // Finds `exact` nearest code point `near`, not before code point
    // `floor`: its new code-point span.
    let find = |exact: &str, near: usize, floor: usize| -> Option<(usize, usize)> {
        let want = byte_of(near.min(chars.len()));
        let floor = byte_of(floor.min(chars.len()));
        let best = text
            .match_indices(exact)
            .map(|(b, _)| b)
            .filter(|&b| b >= floor)
            .min_by_key(|b| b.abs_diff(want))?;
        let s = cp_of(best);
        Some((s, s + exact.chars().count()))
    };
    let fits = |o: &serde_json::Value| -> bool {
        let (Some(s), Some(e), Some(t)) = (
            o.get("start").and_then(|x| x.as_u64()),
            o.get("end").and_then(|x| x.as_u64()),
            o.get("text").and_then(|x| x.as_str()),
        ) else {
            return false;
        };
        let (s, e) = (s as usize, e as usize);
        s < e && e <= chars.len() && text[byte_of(s)..byte_of(e)] == *t
    };
    for key in ["entities", "quotes"] {
        let Some(list) = v.get_mut(key).and_then(|l| l.as_array_mut()) else {
            continue;
        };
        let mut kept = Vec::with_capacity(list.len());
        // The shift of the last annotation placed, and where it ended: the
        // next one is looked for there first, and never inside it.
        let (mut shift, mut floor) = (0i64, 0usize);
        list.sort_by_key(|o| o.get("start").and_then(|x| x.as_u64()).unwrap_or(0));
        for mut o in list.drain(..) {
            let old = o.get("start").and_then(|x| x.as_u64()).unwrap_or(0) as usize;
            if shift == 0 && fits(&o) && old >= floor {
                floor = o.get("end").and_then(|x| x.as_u64()).unwrap_or(0) as usize;
                kept.push(o);
                continue;
            }
            let exact = o.get("text").and_then(|x| x.as_str()).map(str::to_string);
            let near = (old as i64 + shift).max(0) as usize;
            match exact.as_deref().and_then(|x| find(x, near, floor)) {
                Some((s, e)) => {
                    let delta = s as i64 - old as i64;
                    shift = delta;
                    floor = e;
                    o["start"] = s.into();
                    o["end"] = e.into();
                    // The speaker mention and cue move with the quote.
                    for part in ["speaker", "cue"] {
                        if let Some(p) = o.get_mut(part).filter(|p| p.is_object()) {
                            let moved = |x: Option<&serde_json::Value>| {
                                x.and_then(|x| x.as_u64())
                                    .map(|n| n as i64 + delta)
                                    .filter(|n| *n >= 0 && (*n as usize) <= chars.len())
                            };
                            match (moved(p.get("start")), moved(p.get("end"))) {
                                (Some(a), Some(b)) if a < b => {
                                    p["start"] = a.into();
                                    p["end"] = b.into();
                                    if part == "cue" {
                                        p["text"] =
                                            text[byte_of(a as usize)..byte_of(b as usize)].into();
                                    }
                                }
                                _ if part == "cue" => o[part] = serde_json::Value::Null,
                                _ => {
                                    p["start"] = serde_json::Value::Null;
                                    p["end"] = serde_json::Value::Null;
                                }
                            }
                        }
                    }
                    if let Some(c) = o.get_mut("candidates").and_then(|c| c.as_array_mut()) {
                        c.clear();
                    }
                    report.reanchored += 1;
                    kept.push(o);
                }
                None => report.unplaced.push(format!(
                    "{} “{}” (its text is not in the article any more)",
                    if key == "entities" { "entity" } else { "quote" },
                    interop::short(exact.as_deref().unwrap_or("?"))
                )),
            }
        }
        *list = kept;
    }
    if let Some(o) = v.as_object_mut() {
        o.remove("text_sha256");
    }
}

/// Reads a document from JSON, validating every span against the text.
pub fn from_json(json: &str) -> Result<Document, FormatError> {
    let raw: JsonDoc<'_> =
        serde_json::from_str(json).map_err(|e| FormatError::Syntax(e.to_string()))?;
    if let Some(f) = &raw.format {
        if f != FORMAT {
            return Err(FormatError::UnknownFormat(f.to_string()));
        }
    }
    let text = raw.text.into_owned();
    let map = OffsetMap::new(&text);
    let span =
        |what: &str, index: usize, s: usize, e: usize| -> Result<(usize, usize), FormatError> {
            let bad = |reason: String| FormatError::Invalid {
                what: what.into(),
                index,
                reason,
            };
            if s >= e {
                return Err(bad(format!("empty or reversed span {s}..{e}")));
            }
            let n = map.cp_len();
            match (map.cp_to_byte(s), map.cp_to_byte(e)) {
                (Some(a), Some(b)) => Ok((a, b)),
                _ => Err(bad(format!(
                    "span {s}..{e} is outside the text ({n} characters)"
                ))),
            }
        };
    let check_text =
        |what: &str, index: usize, given: &Option<Cow<'_, str>>, a: usize, b: usize| match given {
            Some(t) if t.as_ref() != &text[a..b] => Err(FormatError::Invalid {
                what: what.into(),
                index,
                reason: format!(
                    "its text {t:?} does not match the article there ({:?})",
                    &text[a..b]
                ),
            }),
            _ => Ok(()),
        };
    let mut doc = Document {
        rules: raw.rules.as_ref().map(|r| RulesStamp {
            builtin: r.builtin.to_string(),
            user: r.user.as_ref().map(|u| u.to_string()),
        }),
        ..Document::default()
    };
    let mut used_ids = std::collections::HashSet::new();
    for (i, e) in raw.entities.iter().enumerate() {
        let (a, b) = span("entity", i, e.start, e.end)?;
        check_text("entity", i, &e.text, a, b)?;
        let label = Label::parse(&e.label).ok_or_else(|| FormatError::Invalid {
            what: "entity".into(),
            index: i,
            reason: format!(
                "unknown label {:?} (expected one of PERSON, ORG, LOC, NORP, DATE, NUMBER)",
                e.label
            ),
        })?;
        let source = parse_source(e.source.as_deref(), "entity", i)?;
        let rule = e.rule.as_deref().unwrap_or(match source {
            Source::User => "user",
            Source::Import => "import",
            Source::Rule => "unknown",
        });
        let id = e.id.filter(|id| used_ids.insert(*id)).unwrap_or(0);
        doc.entities.push(Entity {
            id,
            start: a,
            end: b,
            label,
            source,
            rule: Cow::Owned(rule.to_string()),
        });
    }
    for (i, q) in raw.quotes.iter().enumerate() {
        let (a, b) = span("quote", i, q.start, q.end)?;
        check_text("quote", i, &q.text, a, b)?;
        let source = parse_source(q.source.as_deref(), "quote", i)?;
        let opt_span =
            |s: Option<usize>, e: Option<usize>| -> Result<Option<(usize, usize)>, FormatError> {
                match (s, e) {
                    (Some(s), Some(e)) => span("quote speaker", i, s, e).map(Some),
                    _ => Ok(None),
                }
            };
        let speaker = match &q.speaker {
            None => None,
            Some(JsonSpeaker::Name(n)) => Some(Speaker {
                name: n.to_string(),
                span: None,
            }),
            Some(JsonSpeaker::Mention { name, start, end }) => Some(Speaker {
                name: name.to_string(),
                span: opt_span(*start, *end)?,
            }),
        };
        let cue = match &q.cue {
            Some(JsonCueField::Span(c)) => {
                let (cs, ce) = span("quote cue", i, c.start, c.end)?;
                Some(Cue { start: cs, end: ce })
            }
            _ => None,
        };
        let candidates = q
            .candidates
            .iter()
            .map(|c| {
                // A JSON number too large for an f32 reads as infinity,
                // which cannot be written back (found by fuzzing).
                if !c.score.is_finite() {
                    return Err(FormatError::Invalid {
                        what: "quote".into(),
                        index: i,
                        reason: format!(
                            "the score of candidate {:?} is not a finite number",
                            c.name
                        ),
                    });
                }
                Ok(Candidate {
                    name: c.name.to_string(),
                    span: opt_span(c.start, c.end)?,
                    score: c.score,
                })
            })
            .collect::<Result<Vec<_>, FormatError>>()?;
        let rule = q.rule.as_deref().unwrap_or(match source {
            Source::User => "user",
            Source::Import => "import",
            Source::Rule => "unknown",
        });
        let id = q.id.filter(|id| used_ids.insert(*id)).unwrap_or(0);
        doc.quotes.push(Quote {
            id,
            start: a,
            end: b,
            speaker,
            cue,
            candidates,
            source,
            rule: Cow::Owned(rule.to_string()),
        });
    }
    // Give ids to annotations that had none (or a duplicate one).
    let mut next = doc.next_id();
    for id in doc
        .entities
        .iter_mut()
        .map(|e| &mut e.id)
        .chain(doc.quotes.iter_mut().map(|q| &mut q.id))
    {
        if *id == 0 {
            *id = next;
            next += 1;
        }
    }
    doc.sort();
    for (what, spans) in [
        (
            "entity",
            doc.entities
                .iter()
                .map(|e| (e.start, e.end))
                .collect::<Vec<_>>(),
        ),
        (
            "quote",
            doc.quotes.iter().map(|q| (q.start, q.end)).collect(),
        ),
    ] {
        for (i, w) in spans.windows(2).enumerate() {
            if w[1].0 < w[0].1 {
                return Err(FormatError::Invalid {
                    what: what.into(),
                    index: i + 1,
                    reason: format!(
                        "it overlaps the previous {what} (characters {}..{} and {}..{})",
                        map.byte_to_cp(w[0].0),
                        map.byte_to_cp(w[0].1),
                        map.byte_to_cp(w[1].0),
                        map.byte_to_cp(w[1].1)
                    ),
                });
            }
        }
    }
    doc.text = text;
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Document {
        let text = "“Hi 👋,” said Zoë Ñandú in Türkiye.".to_string();
        let b = |s: &str| text.find(s).unwrap();
        let zoe = b("Zoë");
        let tur = b("Türkiye");
        let close = b("said") - 1;
        Document {
            entities: vec![
                Entity {
                    id: 1,
                    start: zoe,
                    end: zoe + "Zoë Ñandú".len(),
                    label: Label::Person,
                    source: Source::Rule,
                    rule: "pattern:given-name".into(),
                },
                Entity {
                    id: 2,
                    start: tur,
                    end: tur + "Türkiye".len(),
                    label: Label::Loc,
                    source: Source::User,
                    rule: "user".into(),
                },
            ],
            quotes: vec![Quote {
                id: 3,
                start: 0,
                end: close,
                speaker: Some(Speaker {
                    name: "Zoë Ñandú".into(),
                    span: Some((zoe, zoe + "Zoë Ñandú".len())),
                }),
                cue: Some(Cue {
                    start: close + 1,
                    end: close + 5,
                }),
                candidates: vec![Candidate {
                    name: "Zoë Ñandú".into(),
                    span: None,
                    score: 0.9,
                }],
                source: Source::Rule,
                rule: "quote:cue-after".into(),
            }],
            text,
            rules: Some(RulesStamp {
                builtin: "0123456789ab".into(),
                user: None,
            }),
        }
    }

    #[test]
    fn round_trip_is_exact() {
        let doc = sample();
        let json = to_json(&doc);
        let back = from_json(&json).unwrap();
        assert_eq!(back, doc);
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["format"], FORMAT);
        assert_eq!(v["rules"]["builtin"], "0123456789ab");
        assert!(v["rules"]["user"].is_null());
        // code points: “ H i space 👋 , ” space s a i d space = 13 → Zoë at 13
        assert_eq!(v["entities"][0]["start"], 13);
        assert_eq!(v["entities"][0]["end"], 22);
        assert_eq!(v["quotes"][0]["end"], 7);
        assert_eq!(v["quotes"][0]["speaker"]["name"], "Zoë Ñandú");
        assert_eq!(v["quotes"][0]["cue"]["text"], "said");
    }

    #[test]
    fn reads_gold_shape() {
        let json = r#"{"text": "“Yes,” said Ann Lee.", "entities": [{"start": 12, "end": 19, "label": "PERSON", "text": "Ann Lee"}],
            "quotes": [{"start": 0, "end": 6, "text": "“Yes,”", "speaker": "Ann Lee", "cue": "said"}]}"#;
        let doc = from_json(json).unwrap();
        assert_eq!(doc.entities[0].source, Source::User);
        assert_eq!(doc.quotes[0].speaker.as_ref().unwrap().name, "Ann Lee");
        assert_ne!(doc.entities[0].id, doc.quotes[0].id);
    }

    #[test]
    fn clear_errors() {
        let cases = [
            ("not json", "not a Pressmark annotation file"),
            (
                r#"{"text": 3, "entities": []}"#,
                "not a Pressmark annotation file",
            ),
            (
                r#"{"format": "brat", "text": "a", "entities": []}"#,
                "unsupported format",
            ),
            (
                r#"{"text": "abc", "entities": [{"start": 0, "end": 9, "label": "LOC"}]}"#,
                "outside the text",
            ),
            (
                r#"{"text": "abc", "entities": [{"start": 0, "end": 2, "label": "CITY"}]}"#,
                "unknown label",
            ),
            (
                r#"{"text": "abc", "entities": [{"start": 0, "end": 2, "label": "LOC", "text": "bc"}]}"#,
                "does not match",
            ),
            (
                r#"{"text": "abc", "entities": [{"start": 0, "end": 2, "label": "LOC"}, {"start": 1, "end": 3, "label": "LOC"}]}"#,
                "overlaps",
            ),
            (
                r#"{"text": "abc", "entities": [{"start": 2, "end": 2, "label": "LOC"}]}"#,
                "empty or reversed",
            ),
        ];
        for (json, want) in cases {
            let err = from_json(json).unwrap_err().to_string();
            assert!(err.contains(want), "{json}: {err}");
        }
    }
}
