//! CoNLL-2003 style: `-DOCSTART- -X- -X- O` before each document, one token
//! a line as `TOKEN _ _ TAG` (the POS and chunk columns are `_`), IOB2 tags
//! with our labels (`B-PERSON`, `I-PERSON`, `O`), a blank line between
//! sentences. Tokens are the annotator's.
//!
//! Lossy by nature: quotes and speakers are not written, nor the
//! whitespace between tokens. An import rebuilds the text from the tokens
//! (one space between tokens, a line break between sentences).

use super::interop::{merged, Anchor, Builder, Format, ImportError, Imported};
use crate::annotator::tokens;
use crate::model::Document;
use std::fmt::Write;

pub fn export(docs: &[Document]) -> String {
    let mut out = String::new();
    for doc in docs {
        out.push_str("-DOCSTART- -X- -X- O\n\n");
        let toks = tokens(&doc.text);
        let mut ei = 0;
        // The entity the previous token was in: the next token is inside it.
        let mut prev_entity: Option<usize> = None;
        let mut first = true;
        for t in &toks {
            if t.sent_start && !first {
                out.push('\n');
            }
            first = false;
            while ei < doc.entities.len() && doc.entities[ei].end <= t.start {
                ei += 1;
            }
            let tag = match doc.entities.get(ei) {
                Some(e) if e.start < t.end => {
                    let inside = prev_entity == Some(ei);
                    prev_entity = Some(ei);
                    format!("{}-{}", if inside { "I" } else { "B" }, e.label)
                }
                _ => {
                    prev_entity = None;
                    "O".to_string()
                }
            };
            let word = &doc.text[t.start..t.end];
            let _ = writeln!(out, "{word} _ _ {tag}");
        }
        out.push('\n');
    }
    out
}

pub fn import(s: &str) -> Result<Imported, ImportError> {
    // Documents as lists of sentences of (token, tag, line).
    let mut docs: Vec<Vec<Vec<(String, String, usize)>>> = Vec::new();
    let mut cur: Vec<Vec<(String, String, usize)>> = Vec::new();
    let mut sent: Vec<(String, String, usize)> = Vec::new();
    for (i, line) in s.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !sent.is_empty() {
                cur.push(std::mem::take(&mut sent));
            }
            continue;
        }
        if line.starts_with("-DOCSTART-") {
            if !sent.is_empty() {
                cur.push(std::mem::take(&mut sent));
            }
            if !cur.is_empty() {
                docs.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            return Err(ImportError {
                format: Format::Conll,
                at: format!("line {}", i + 1),
                reason: format!("expected `TOKEN … TAG`, found {line:?}"),
            });
        }
        sent.push((cols[0].to_string(), cols[cols.len() - 1].to_string(), i + 1));
    }
    if !sent.is_empty() {
        cur.push(sent);
    }
    if !cur.is_empty() {
        docs.push(cur);
    }
    let mut parts = Vec::new();
    for sentences in docs {
        let mut text = String::new();
        // (token byte span, tag, line)
        let mut toks: Vec<(usize, usize, String, usize)> = Vec::new();
        for (k, sentence) in sentences.iter().enumerate() {
            if k > 0 {
                text.push('\n');
            }
            for (j, (tok, tag, line)) in sentence.iter().enumerate() {
                if j > 0 {
                    text.push(' ');
                }
                let s = text.len();
                text.push_str(tok);
                toks.push((s, text.len(), tag.clone(), *line));
            }
        }
        let map = crate::offsets::OffsetMap::new(&text);
        let cp = |b: usize| map.byte_to_cp(b);
        let mut b = Builder::new(&text, "conll");
        let mut open: Option<(usize, usize, String)> = None; // (start, end, label)
        let mut spans = Vec::new();
        for (s, e, tag, line) in &toks {
            let (prefix, label) = match tag.split_once('-') {
                Some((p, l)) => (p, l),
                None if tag == "O" => ("O", ""),
                None => {
                    return Err(ImportError {
                        format: Format::Conll,
                        at: format!("line {line}"),
                        reason: format!("{tag:?} is not an IOB tag (B-X, I-X or O)"),
                    })
                }
            };
            match prefix {
                "O" => {
                    spans.extend(open.take());
                }
                "B" | "S" | "U" => {
                    spans.extend(open.take());
                    open = Some((*s, *e, label.to_string()));
                }
                "I" | "E" | "L" => match &mut open {
                    Some((_, oe, l)) if l == label => *oe = *e,
                    _ => {
                        // IOB1, or an I- after another label: starts one.
                        spans.extend(open.take());
                        open = Some((*s, *e, label.to_string()));
                    }
                },
                _ => {
                    return Err(ImportError {
                        format: Format::Conll,
                        at: format!("line {line}"),
                        reason: format!("{tag:?} is not an IOB tag (B-X, I-X or O)"),
                    })
                }
            }
            if matches!(prefix, "S" | "U" | "E" | "L") {
                spans.extend(open.take());
            }
        }
        spans.extend(open.take());
        for (s, e, label) in spans {
            b.entity(
                &label,
                &Anchor {
                    start: cp(s),
                    end: cp(e),
                    ..Default::default()
                },
            );
        }
        let (doc, report) = b.finish();
        parts.push(Imported {
            docs: vec![doc],
            report,
        });
    }
    Ok(merged(parts))
}
