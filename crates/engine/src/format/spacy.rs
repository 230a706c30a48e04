//! spaCy's `DocBin` (`.spacy`): what `spacy.tokens.DocBin().from_disk(path)`
//! loads. Each document becomes a `Doc` whose text is the article exactly
//! (words, their trailing spaces, and whitespace tokens for other gaps):
//!
//! - `doc.ents`: the entities (labels PERSON, ORG, LOC, NORP, DATE, NUMBER);
//! - `doc.spans["quotes"]`: the quotes, label `QUOTE`; a quote's `kb_id_` is
//!   its speaker's fullest name (empty when none) and its `id_` is `q1`, `q2`…;
//! - `doc.spans["speakers"]`: the mention that attributes each quote, label
//!   `SPEAKER`, `kb_id_` the speaker's name, `id_` the quote's `id_`.
//!
//! Tokens are the annotator's, split further wherever a span starts or ends
//! inside one, so every span lies on token boundaries. The file is zlib'd
//! MessagePack; strings are spaCy's ids (the symbol table in
//! `data/spacy_symbols.txt`, else MurmurHash64A of the UTF-8 with seed 1).
//! An import reads any DocBin with `ORTH` (and, if present, `ENT_IOB` and
//! `ENT_TYPE`), entity labels mapped by the README's table.

use super::interop::{Anchor, Builder, Format, ImportError, Imported};
use super::msgpack::{self, Value};
use crate::annotator::tokens;
use crate::model::Document;
use crate::offsets::OffsetMap;
use std::collections::HashMap;

const SYMBOLS: &str = include_str!("../../data/spacy_symbols.txt");

/// Attribute ids (spacy.attrs).
const ORTH: u64 = 65;
const ENT_IOB: u64 = 77;
const ENT_TYPE: u64 = 78;

/// Decompressed DocBins larger than this are refused (a zip bomb guard).
const MAX_INFLATED: usize = 1 << 30;

/// MurmurHash64A (Austin Appleby), as spaCy's `hash_string` uses it.
fn murmur64a(key: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let mut h = seed ^ (key.len() as u64).wrapping_mul(M);
    let mut chunks = key.chunks_exact(8);
    for c in &mut chunks {
        let mut k = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        for (i, &b) in rest.iter().enumerate() {
            h ^= (b as u64) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

struct Strings {
    by_name: HashMap<&'static str, u64>,
    by_id: HashMap<u64, &'static str>,
}

impl Strings {
    fn new() -> Strings {
        let mut by_name = HashMap::new();
        let mut by_id = HashMap::new();
        for line in SYMBOLS.lines().filter(|l| !l.starts_with('#')) {
            if let Some((name, id)) = line.split_once('\t') {
                if let Ok(id) = id.trim().parse::<u64>() {
                    by_name.insert(name, id);
                    by_id.insert(id, name);
                }
            }
        }
        Strings { by_name, by_id }
    }

    /// spaCy's id for a string.
    fn id(&self, s: &str) -> u64 {
        if s.is_empty() {
            return 0;
        }
        match self.by_name.get(s) {
            Some(&id) => id,
            None => murmur64a(s.as_bytes(), 1),
        }
    }
}

/// spaCy words covering `text` exactly: (byte start, byte end, space after).
fn words(text: &str, cuts: &[usize]) -> Vec<(usize, usize, bool)> {
    let mut out: Vec<(usize, usize, bool)> = Vec::new();
    let mut pos = 0;
    let mut cut = 0;
    let push_gap = |out: &mut Vec<(usize, usize, bool)>, s: usize, e: usize| {
        let mut s = s;
        if s < e && text.as_bytes()[s] == b' ' {
            if let Some(last) = out.last_mut() {
                if !last.2 && last.1 == s {
                    last.2 = true;
                    s += 1;
                }
            }
        }
        if s < e {
            out.push((s, e, false));
        }
    };
    for t in tokens(text) {
        push_gap(&mut out, pos, t.start);
        // Split the token wherever a span boundary falls inside it.
        let mut s = t.start;
        while cut < cuts.len() && cuts[cut] <= s {
            cut += 1;
        }
        while cut < cuts.len() && cuts[cut] < t.end {
            if text.is_char_boundary(cuts[cut]) && cuts[cut] > s {
                out.push((s, cuts[cut], false));
                s = cuts[cut];
            }
            cut += 1;
        }
        out.push((s, t.end, false));
        pos = t.end;
    }
    push_gap(&mut out, pos, text.len());
    out
}

pub fn export(docs: &[Document]) -> Vec<u8> {
    let st = Strings::new();
    let mut strings: Vec<String> = Vec::new();
    let mut tokens_bytes = Vec::new();
    let mut spaces = Vec::new();
    let mut lengths = Vec::new();
    let mut cats = Vec::new();
    let mut flags = Vec::new();
    let mut groups = Vec::new();
    for doc in docs {
        let text = &doc.text;
        let map = OffsetMap::new(text);
        let mut cuts: Vec<usize> = doc
            .entities
            .iter()
            .flat_map(|e| [e.start, e.end])
            .chain(doc.quotes.iter().flat_map(|q| [q.start, q.end]))
            .chain(
                doc.quotes
                    .iter()
                    .filter_map(|q| q.speaker.as_ref().and_then(|s| s.span))
                    .flat_map(|(a, b)| [a, b]),
            )
            .collect();
        cuts.sort_unstable();
        cuts.dedup();
        let ws = words(text, &cuts);
        lengths.extend_from_slice(&(ws.len() as i32).to_le_bytes());
        let tok_at = |byte: usize| ws.partition_point(|w| w.0 < byte);
        let mut ei = 0;
        let mut in_ent: Option<usize> = None;
        for &(s, e, sp) in &ws {
            let word = &text[s..e];
            strings.push(word.to_string());
            while ei < doc.entities.len() && doc.entities[ei].end <= s {
                ei += 1;
            }
            let (iob, ty) = match doc.entities.get(ei) {
                Some(ent) if ent.start <= s && e <= ent.end => {
                    let label = ent.label.as_str();
                    let iob = if in_ent == Some(ei) { 1 } else { 3 };
                    in_ent = Some(ei);
                    (iob, st.id(label))
                }
                _ => {
                    in_ent = None;
                    (2, 0)
                }
            };
            for v in [st.id(word), iob, ty] {
                tokens_bytes.extend_from_slice(&v.to_le_bytes());
            }
            spaces.push(sp as u8);
        }
        for e in &doc.entities {
            strings.push(e.label.as_str().to_string());
        }
        // Span groups: quotes and their speakers' mentions.
        let span = |id: &str, kb: &str, label: &str, s: usize, e: usize| {
            let mut b = Vec::with_capacity(40);
            b.extend_from_slice(&st.id(id).to_be_bytes());
            b.extend_from_slice(&st.id(kb).to_be_bytes());
            b.extend_from_slice(&st.id(label).to_be_bytes());
            for x in [tok_at(s), tok_at(e), map.byte_to_cp(s), map.byte_to_cp(e)] {
                b.extend_from_slice(&(x as i32).to_be_bytes());
            }
            Value::Bin(b)
        };
        let mut quote_spans = Vec::new();
        let mut speaker_spans = Vec::new();
        for (i, q) in doc.quotes.iter().enumerate() {
            let qid = format!("q{}", i + 1);
            let name = q.speaker.as_ref().map_or("", |s| s.name.as_str());
            quote_spans.push(span(&qid, name, "QUOTE", q.start, q.end));
            if let Some((a, b)) = q.speaker.as_ref().and_then(|s| s.span) {
                speaker_spans.push(span(&qid, name, "SPEAKER", a, b));
            }
            strings.push(qid);
            if !name.is_empty() {
                strings.push(name.to_string());
            }
        }
        if !doc.quotes.is_empty() {
            strings.push("QUOTE".into());
        }
        if !speaker_spans.is_empty() {
            strings.push("SPEAKER".into());
        }
        let group = |name: &str, spans: Vec<Value>| {
            Value::Bin(msgpack::to_bytes(&Value::Map(vec![
                (Value::Str("name".into()), Value::Str(name.into())),
                (Value::Str("attrs".into()), Value::Map(Vec::new())),
                (Value::Str("spans".into()), Value::Array(spans)),
            ])))
        };
        let list = if doc.quotes.is_empty() {
            Vec::new()
        } else {
            vec![
                group("quotes", quote_spans),
                group("speakers", speaker_spans),
            ]
        };
        groups.push(Value::Bin(msgpack::to_bytes(&Value::Array(list))));
        cats.push(Value::Map(Vec::new()));
        flags.push(Value::Map(vec![(
            Value::Str("has_unknown_spaces".into()),
            Value::Bool(false),
        )]));
    }
    strings.sort();
    strings.dedup();
    let msg = Value::Map(vec![
        (Value::Str("version".into()), Value::Str("0.1".into())),
        (
            Value::Str("attrs".into()),
            Value::Array(vec![
                Value::UInt(ORTH),
                Value::UInt(ENT_IOB),
                Value::UInt(ENT_TYPE),
            ]),
        ),
        (Value::Str("tokens".into()), Value::Bin(tokens_bytes)),
        (Value::Str("spaces".into()), Value::Bin(spaces)),
        (Value::Str("lengths".into()), Value::Bin(lengths)),
        (
            Value::Str("strings".into()),
            Value::Array(strings.into_iter().map(Value::Str).collect()),
        ),
        (Value::Str("cats".into()), Value::Array(cats)),
        (Value::Str("flags".into()), Value::Array(flags)),
        (Value::Str("span_groups".into()), Value::Array(groups)),
    ]);
    miniz_oxide::deflate::compress_to_vec_zlib(&msgpack::to_bytes(&msg), 6)
}

fn bad(at: &str, reason: impl Into<String>) -> ImportError {
    ImportError {
        format: Format::Spacy,
        at: at.to_string(),
        reason: reason.into(),
    }
}

struct GroupSpan {
    id: u64,
    kb_id: u64,
    start_char: usize,
    end_char: usize,
}

/// The span groups of one doc: name → spans.
fn span_groups(bytes: &[u8], at: &str) -> Result<Vec<(String, Vec<GroupSpan>)>, ImportError> {
    if bytes.is_empty() || bytes == [0x90] {
        return Ok(Vec::new());
    }
    let v = msgpack::decode(bytes).map_err(|e| bad(at, e))?;
    let group_bytes: Vec<&[u8]> = match &v {
        Value::Array(a) => a.iter().filter_map(Value::as_bytes).collect(),
        Value::Map(m) => m.iter().filter_map(|(k, _)| k.as_bytes()).collect(),
        _ => return Err(bad(at, "span groups are neither a list nor a map")),
    };
    let mut out = Vec::new();
    for g in group_bytes {
        let g = msgpack::decode(g).map_err(|e| bad(at, e))?;
        let name = g
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let mut spans = Vec::new();
        for s in g.get("spans").and_then(Value::as_array).unwrap_or(&[]) {
            let b = s
                .as_bytes()
                .filter(|b| b.len() == 40)
                .ok_or_else(|| bad(at, "a span is not 40 bytes"))?;
            let u = |i: usize| u64::from_be_bytes(b[i..i + 8].try_into().unwrap_or([0; 8]));
            let l = |i: usize| i32::from_be_bytes(b[i..i + 4].try_into().unwrap_or([0; 4]));
            let (sc, ec) = (l(32), l(36));
            if sc < 0 || ec < sc {
                return Err(bad(at, format!("a span has characters {sc}..{ec}")));
            }
            spans.push(GroupSpan {
                id: u(0),
                kb_id: u(8),
                start_char: sc as usize,
                end_char: ec as usize,
            });
        }
        out.push((name, spans));
    }
    Ok(out)
}

pub fn import(data: &[u8]) -> Result<Imported, ImportError> {
    let raw = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(data, MAX_INFLATED).map_err(
        |_| {
            bad(
                "",
                "not a spaCy DocBin (the data is not zlib-compressed, or is damaged)",
            )
        },
    )?;
    let msg = msgpack::decode(&raw).map_err(|e| bad("", format!("not a spaCy DocBin ({e})")))?;
    let field = |k: &str| msg.get(k).ok_or_else(|| bad(k, "missing"));
    let attrs: Vec<u64> = field("attrs")?
        .as_array()
        .ok_or_else(|| bad("attrs", "not a list"))?
        .iter()
        .map(|a| {
            a.as_u64()
                .ok_or_else(|| bad("attrs", "not a list of attribute ids"))
        })
        .collect::<Result<_, _>>()?;
    let col = |a: u64| attrs.iter().position(|&x| x == a);
    let orth = col(ORTH).ok_or_else(|| bad("attrs", "no ORTH attribute: the words are missing"))?;
    let (iob, ty) = (col(ENT_IOB), col(ENT_TYPE));
    let st = Strings::new();
    let mut names: HashMap<u64, String> =
        st.by_id.iter().map(|(&k, &v)| (k, v.to_string())).collect();
    for s in field("strings")?
        .as_array()
        .ok_or_else(|| bad("strings", "not a list"))?
    {
        if let Some(s) = s.as_str() {
            names.insert(st.id(s), s.to_string());
        }
    }
    let bytes = |k: &str| field(k)?.as_bytes().ok_or_else(|| bad(k, "not bytes"));
    let tok = bytes("tokens")?;
    let spaces = bytes("spaces")?;
    let lengths: Vec<usize> = bytes("lengths")?
        .chunks_exact(4)
        .map(|c| i32::from_le_bytes([c[0], c[1], c[2], c[3]]).max(0) as usize)
        .collect();
    let width = attrs.len() * 8;
    let total: usize = lengths.iter().sum();
    if tok.len() != total * width || spaces.len() != total {
        return Err(bad(
            "tokens",
            format!(
                "{} token bytes and {} spaces for {total} tokens of {} attributes",
                tok.len(),
                spaces.len(),
                attrs.len()
            ),
        ));
    }
    let groups = msg
        .get("span_groups")
        .and_then(Value::as_array)
        .unwrap_or(&[]);
    let mut parts = Vec::new();
    let mut first = 0;
    for (d, &n) in lengths.iter().enumerate() {
        let at = format!("docs[{d}]");
        let cell = |t: usize, c: usize| {
            let o = (first + t) * width + c * 8;
            u64::from_le_bytes(tok[o..o + 8].try_into().unwrap_or([0; 8]))
        };
        let mut text = String::new();
        let mut bounds = Vec::with_capacity(n);
        for t in 0..n {
            let id = cell(t, orth);
            let w = names.get(&id).ok_or_else(|| {
                bad(
                    &at,
                    format!("token {t}: string {id} is not in the file's strings"),
                )
            })?;
            let s = text.len();
            text.push_str(w);
            bounds.push((s, text.len()));
            if spaces[first + t] != 0 {
                text.push(' ');
            }
        }
        let map = OffsetMap::new(&text);
        let mut b = Builder::new(&text, "spacy");
        if let (Some(iob), Some(ty)) = (iob, ty) {
            let mut open: Option<(usize, usize, u64)> = None;
            let mut spans = Vec::new();
            for (t, &(bs, be)) in bounds.iter().enumerate() {
                let (i, y) = (cell(t, iob), cell(t, ty));
                match i {
                    3 => {
                        spans.extend(open.take());
                        open = Some((bs, be, y));
                    }
                    1 => match &mut open {
                        Some((_, e, _)) => *e = be,
                        None => open = Some((bs, be, y)),
                    },
                    _ => spans.extend(open.take()),
                }
            }
            spans.extend(open.take());
            for (s, e, y) in spans {
                let label = names.get(&y).cloned().unwrap_or_else(|| y.to_string());
                b.entity(
                    &label,
                    &Anchor {
                        start: map.byte_to_cp(s),
                        end: map.byte_to_cp(e),
                        ..Default::default()
                    },
                );
            }
        }
        let g = groups.get(d).and_then(Value::as_bytes).unwrap_or(&[]);
        let sg = span_groups(g, &format!("{at}.spans"))?;
        let mut by_qid: HashMap<u64, usize> = HashMap::new();
        for (name, spans) in &sg {
            if name != "quotes" {
                continue;
            }
            for s in spans {
                let a = Anchor {
                    start: s.start_char,
                    end: s.end_char,
                    ..Default::default()
                };
                b.check(&a)
                    .map_err(|r| bad(&format!("{at}.spans[quotes]"), r))?;
                if let Some(q) = b.quote(&a) {
                    by_qid.insert(s.id, q);
                    if let Some(name) = names.get(&s.kb_id) {
                        b.speaker_name(q, name);
                    }
                }
            }
        }
        for (name, spans) in &sg {
            if name != "speakers" {
                continue;
            }
            for s in spans {
                let Some(&q) = by_qid.get(&s.id) else {
                    continue;
                };
                let a = Anchor {
                    start: s.start_char,
                    end: s.end_char,
                    ..Default::default()
                };
                if b.check(&a).is_ok() {
                    b.speaker_mention(q, &a);
                }
            }
        }
        let (doc, report) = b.finish();
        parts.push(Imported {
            docs: vec![doc],
            report,
        });
        first += n;
    }
    Ok(super::interop::merged(parts))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_ids_match_spacy() {
        // Values printed by spaCy 3.8's StringStore.add.
        let st = Strings::new();
        assert_eq!(st.id("hello"), 5983625672228268878);
        assert_eq!(st.id("Marco Rubio"), 18067472711727099658);
        assert_eq!(st.id("👍🏽"), 13607523020581129625);
        assert_eq!(st.id("xxxxxxxxx"), 10524653150034420752);
        assert_eq!(st.id("PERSON"), 380);
        assert_eq!(st.id("mark"), 423);
        assert_eq!(st.id(""), 0);
    }

    #[test]
    fn words_cover_the_text_and_split_at_span_edges() {
        let text = "  Hi  there,\n\nZoë👍🏽x ";
        let ws = words(text, &[text.find('x').unwrap()]);
        let mut rebuilt = String::new();
        for &(s, e, sp) in &ws {
            rebuilt.push_str(&text[s..e]);
            if sp {
                rebuilt.push(' ');
            }
        }
        assert_eq!(rebuilt, text);
        assert!(ws.iter().any(|&(s, e, _)| &text[s..e] == "x"));
    }
}
