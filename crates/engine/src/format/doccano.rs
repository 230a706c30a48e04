//! doccano JSONL, one document a line, in both of doccano's shapes at once:
//!
//! ```json
//! {"text": "…", "label": [[20, 31, "PERSON"], [0, 14, "QUOTE"]],
//!  "entities": [{"id": 1, "label": "PERSON", "start_offset": 20, "end_offset": 31},
//!               {"id": 2, "label": "QUOTE", "start_offset": 0, "end_offset": 14}],
//!  "relations": [{"id": 1, "from_id": 2, "to_id": 1, "type": "SPEAKER"}]}
//! ```
//!
//! `label` is what a sequence-labelling project imports; `entities` and
//! `relations` what a relation project imports (quotes and who said them).
//! Offsets are code points (doccano is Python). An import reads either shape.

use super::interop::{
    is_quote_label, json_kind, merged, Anchor, Builder, Format, ImportError, Imported, QUOTE_LABEL,
};
use crate::model::Document;
use crate::offsets::OffsetMap;
use serde_json::{json, Value};

pub fn export(docs: &[Document]) -> String {
    let mut out = String::new();
    for doc in docs {
        let map = OffsetMap::new(&doc.text);
        let mut label = Vec::new();
        let mut entities = Vec::new();
        let mut relations = Vec::new();
        let mut id = 0u32;
        let mut ent_id = std::collections::HashMap::new();
        for e in &doc.entities {
            id += 1;
            let (s, t) = (map.byte_to_cp(e.start), map.byte_to_cp(e.end));
            label.push(json!([s, t, e.label.as_str()]));
            entities.push(
                json!({"id": id, "label": e.label.as_str(), "start_offset": s, "end_offset": t}),
            );
            ent_id.insert((e.start, e.end), id);
        }
        for q in &doc.quotes {
            id += 1;
            let (s, t) = (map.byte_to_cp(q.start), map.byte_to_cp(q.end));
            label.push(json!([s, t, QUOTE_LABEL]));
            entities
                .push(json!({"id": id, "label": QUOTE_LABEL, "start_offset": s, "end_offset": t}));
            if let Some(to) = q
                .speaker
                .as_ref()
                .and_then(|sp| sp.span)
                .and_then(|sp| ent_id.get(&sp))
            {
                relations.push(json!({"id": relations.len() + 1, "from_id": id, "to_id": to, "type": "SPEAKER"}));
            }
        }
        let line =
            json!({"text": doc.text, "label": label, "entities": entities, "relations": relations});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

fn bad(line: usize, at: &str, reason: String) -> ImportError {
    ImportError {
        format: Format::Doccano,
        at: format!("line {line}{}{at}", if at.is_empty() { "" } else { ": " }),
        reason,
    }
}

pub fn import(s: &str) -> Result<Imported, ImportError> {
    let mut parts = Vec::new();
    for (i, line) in s.lines().enumerate() {
        let n = i + 1;
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .map_err(|e| bad(n, "", format!("not a JSON object ({e})")))?;
        let text = v
            .get("text")
            .or_else(|| v.get("data"))
            .and_then(Value::as_str)
            .ok_or_else(|| bad(n, "text", "missing or not a string".into()))?;
        let mut b = Builder::new(text, "doccano");
        let num = |x: &Value, at: &str| {
            x.as_u64().map(|v| v as usize).ok_or_else(|| {
                bad(
                    n,
                    at,
                    format!("expected a whole number, found {}", json_kind(x)),
                )
            })
        };
        if let Some(ents) = v.get("entities").and_then(Value::as_array) {
            // Relation form: ids link quotes to speakers.
            let mut made = std::collections::HashMap::new();
            for (k, e) in ents.iter().enumerate() {
                let at = format!("entities[{k}]");
                let field = |f: &str| {
                    e.get(f)
                        .ok_or_else(|| bad(n, &format!("{at}.{f}"), "missing".into()))
                };
                let a = Anchor {
                    start: num(field("start_offset")?, &format!("{at}.start_offset"))?,
                    end: num(field("end_offset")?, &format!("{at}.end_offset"))?,
                    ..Default::default()
                };
                b.check(&a).map_err(|r| bad(n, &at, r))?;
                let label = field("label")?.as_str().unwrap_or("");
                let id = e.get("id").cloned().unwrap_or(Value::Null).to_string();
                if is_quote_label(label) {
                    if let Some(q) = b.quote(&a) {
                        made.insert(id, (true, q));
                    }
                } else if let Some(x) = b.entity(label, &a) {
                    made.insert(id, (false, x));
                }
            }
            for r in v
                .get("relations")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let key = |f: &str| r.get(f).cloned().unwrap_or(Value::Null).to_string();
                let kind = r.get("type").and_then(Value::as_str).unwrap_or("");
                if !kind.eq_ignore_ascii_case("SPEAKER") {
                    continue;
                }
                if let (Some((true, q)), Some((false, e))) =
                    (made.get(&key("from_id")), made.get(&key("to_id")))
                {
                    b.speaker(*q, None, Some(*e));
                }
            }
        } else if let Some(labels) = v.get("label").and_then(Value::as_array) {
            for (k, l) in labels.iter().enumerate() {
                let at = format!("label[{k}]");
                let arr = l
                    .as_array()
                    .filter(|a| a.len() == 3)
                    .ok_or_else(|| bad(n, &at, "expected [start, end, \"LABEL\"]".into()))?;
                let a = Anchor {
                    start: num(&arr[0], &at)?,
                    end: num(&arr[1], &at)?,
                    ..Default::default()
                };
                b.check(&a).map_err(|r| bad(n, &at, r))?;
                let label = arr[2].as_str().unwrap_or("");
                if is_quote_label(label) {
                    b.quote(&a);
                } else {
                    b.entity(label, &a);
                }
            }
        }
        let (doc, report) = b.finish();
        parts.push(Imported {
            docs: vec![doc],
            report,
        });
    }
    Ok(merged(parts))
}
