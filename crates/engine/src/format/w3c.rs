//! W3C Web Annotation: one `AnnotationCollection` (JSON-LD, the standard
//! context `http://www.w3.org/ns/anno.jsonld`) per article, its first
//! `AnnotationPage` holding one `Annotation` per entity and quote:
//!
//! ```json
//! {"id": "urn:pressmark:<sha256>:e1", "type": "Annotation", "motivation": "tagging",
//!  "body": [{"type": "TextualBody", "purpose": "tagging", "value": "PERSON"}],
//!  "target": {"source": "urn:sha256:<sha256 of the text>",
//!    "selector": [{"type": "TextPositionSelector", "start": 20, "end": 31},
//!                 {"type": "TextQuoteSelector", "exact": "Marco Rubio",
//!                  "prefix": "…32 code points…", "suffix": "…"}]}}
//! ```
//!
//! A quote's body is `QUOTE` and, when it has a speaker, a second
//! `TextualBody` with `purpose: identifying` whose value is the speaker's
//! name, and a `SpecificResource` body (`purpose: identifying`) whose
//! selectors point at the mention that attributes the quote. Positions are code points. On import, a `TextPositionSelector` whose
//! text is not the selector's `exact` is re-anchored by `exact`, `prefix`
//! and `suffix`; what cannot be found is reported.

use super::interop::{
    context, is_quote_label, json_kind, Anchor, Builder, Format, ImportError, Imported, QUOTE_LABEL,
};
use crate::model::Document;
use crate::offsets::OffsetMap;
use serde_json::{json, Value};

pub const CONTEXT_URL: &str = "http://www.w3.org/ns/anno.jsonld";

pub fn export(doc: &Document) -> String {
    let map = OffsetMap::new(&doc.text);
    let sha = super::text_sha256(&doc.text);
    let source = format!("urn:sha256:{sha}");
    let target = |s: usize, e: usize| {
        let (prefix, suffix) = context(&doc.text, s, e);
        json!({
            "source": source,
            "selector": [
                {"type": "TextPositionSelector", "start": map.byte_to_cp(s), "end": map.byte_to_cp(e)},
                {"type": "TextQuoteSelector", "exact": &doc.text[s..e], "prefix": prefix, "suffix": suffix}
            ]
        })
    };
    let mut items = Vec::new();
    for e in &doc.entities {
        items.push(json!({
            "id": format!("urn:pressmark:{sha}:e{}", e.id),
            "type": "Annotation",
            "motivation": "tagging",
            "body": [{"type": "TextualBody", "purpose": "tagging", "value": e.label.as_str()}],
            "target": target(e.start, e.end),
        }));
    }
    for q in &doc.quotes {
        let mut body =
            vec![json!({"type": "TextualBody", "purpose": "tagging", "value": QUOTE_LABEL})];
        if let Some(sp) = &q.speaker {
            body.push(json!({"type": "TextualBody", "purpose": "identifying", "value": sp.name}));
            // The mention that attributes the quote: a part of the text.
            if let Some((a, b)) = sp.span {
                body.push(json!({"type": "SpecificResource", "purpose": "identifying",
                                 "source": target(a, b)["source"].clone(),
                                 "selector": target(a, b)["selector"].clone()}));
            }
        }
        items.push(json!({
            "id": format!("urn:pressmark:{sha}:q{}", q.id),
            "type": "Annotation",
            "motivation": "tagging",
            "body": body,
            "target": target(q.start, q.end),
        }));
    }
    let total = items.len();
    let label = doc
        .text
        .lines()
        .find(|l| !l.trim().is_empty())
        .map(super::interop::short);
    let out = json!({
        "@context": CONTEXT_URL,
        "id": format!("urn:pressmark:{sha}"),
        "type": "AnnotationCollection",
        "label": label.unwrap_or_default(),
        "total": total,
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
        "pressmark:text": doc.text,
    });
    serde_json::to_string_pretty(&out).unwrap_or_default()
}

fn bad(at: String, reason: String) -> ImportError {
    ImportError {
        format: Format::W3c,
        at,
        reason,
    }
}

/// A key that may be written as a list or a single value.
fn as_list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(x) => vec![x],
        None => Vec::new(),
    }
}

/// `text`: the article to anchor on (the one open in the app); else the
/// collection's own `pressmark:text`.
pub fn import(s: &str, text: Option<&str>) -> Result<Imported, ImportError> {
    let v: Value =
        serde_json::from_str(s).map_err(|e| bad(String::new(), format!("not JSON ({e})")))?;
    let ty = v.get("type").and_then(Value::as_str).unwrap_or("");
    if ty != "AnnotationCollection" {
        return Err(bad(
            "type".into(),
            format!("expected \"AnnotationCollection\", found {:?}", ty),
        ));
    }
    let text = text
        .or_else(|| v.get("pressmark:text").and_then(Value::as_str))
        .ok_or_else(|| bad("pressmark:text".into(),
            "missing: the collection does not carry its article's text (open the article, then import its annotations)".into()))?;
    let items = v
        .pointer("/first/items")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("first.items".into(), "missing or not a list".into()))?;
    let mut b = Builder::new(text, "w3c");
    for (i, item) in items.iter().enumerate() {
        let at = format!("first.items[{i}]");
        let target = item
            .get("target")
            .ok_or_else(|| bad(format!("{at}.target"), "missing".into()))?;
        let mut pos: Option<(usize, usize)> = None;
        let mut quote: Option<(&str, Option<&str>, Option<&str>)> = None;
        for (k, sel) in as_list(target.get("selector")).into_iter().enumerate() {
            let sat = format!("{at}.target.selector[{k}]");
            match sel.get("type").and_then(Value::as_str) {
                Some("TextPositionSelector") => {
                    let num = |f: &str| {
                        let x = sel
                            .get(f)
                            .ok_or_else(|| bad(format!("{sat}.{f}"), "missing".into()))?;
                        x.as_u64().map(|n| n as usize).ok_or_else(|| {
                            bad(
                                format!("{sat}.{f}"),
                                format!("expected a whole number, found {}", json_kind(x)),
                            )
                        })
                    };
                    pos = Some((num("start")?, num("end")?));
                }
                Some("TextQuoteSelector") => {
                    let exact = sel.get("exact").and_then(Value::as_str).ok_or_else(|| {
                        bad(format!("{sat}.exact"), "missing or not a string".into())
                    })?;
                    quote = Some((
                        exact,
                        sel.get("prefix").and_then(Value::as_str),
                        sel.get("suffix").and_then(Value::as_str),
                    ));
                }
                _ => {}
            }
        }
        if pos.is_none() && quote.is_none() {
            return Err(bad(
                format!("{at}.target.selector"),
                "needs a TextPositionSelector or a TextQuoteSelector".into(),
            ));
        }
        let (start, end) = pos.unwrap_or((0, 0));
        let a = Anchor {
            start,
            end,
            exact: quote.map(|q| q.0),
            prefix: quote.and_then(|q| q.1),
            suffix: quote.and_then(|q| q.2),
        };
        if quote.is_none() {
            b.check(&a)
                .map_err(|r| bad(format!("{at}.target.selector"), r))?;
        }
        let bodies = as_list(item.get("body"));
        let identifying = |ty: &str| {
            bodies.iter().find(|x| {
                x.get("purpose").and_then(Value::as_str) == Some("identifying")
                    && x.get("type").and_then(Value::as_str) == Some(ty)
            })
        };
        let tag = bodies
            .iter()
            .find(|x| x.get("purpose").and_then(Value::as_str) != Some("identifying"))
            .and_then(|x| x.get("value"))
            .and_then(Value::as_str)
            .ok_or_else(|| bad(format!("{at}.body"), "no tagging body with a value".into()))?;
        if is_quote_label(tag) {
            if let Some(q) = b.quote(&a) {
                let name = identifying("TextualBody")
                    .and_then(|x| x.get("value"))
                    .and_then(Value::as_str);
                if let Some(mention) = identifying("SpecificResource").and_then(|x| anchor_of(x)) {
                    b.speaker_mention(q, &mention);
                }
                if let Some(name) = name {
                    b.speaker_name(q, name);
                }
            }
        } else {
            b.entity(tag, &a);
        }
    }
    let (mut doc, report) = b.finish();
    link_speakers(&mut doc);
    Ok(Imported {
        docs: vec![doc],
        report,
    })
}

/// The anchor a `SpecificResource`'s selectors describe (position and
/// quote), if it has a position or a quote.
fn anchor_of(res: &Value) -> Option<Anchor<'_>> {
    let mut a = Anchor::default();
    let mut any = false;
    for sel in as_list(res.get("selector")) {
        match sel.get("type").and_then(Value::as_str) {
            Some("TextPositionSelector") => {
                a.start = sel.get("start")?.as_u64()? as usize;
                a.end = sel.get("end")?.as_u64()? as usize;
                any = true;
            }
            Some("TextQuoteSelector") => {
                a.exact = sel.get("exact").and_then(Value::as_str);
                a.prefix = sel.get("prefix").and_then(Value::as_str);
                a.suffix = sel.get("suffix").and_then(Value::as_str);
                any |= a.exact.is_some();
            }
            _ => {}
        }
    }
    any.then_some(a)
}

/// A speaker known only by name gets the mention nearest before its quote
/// whose text is that name or its last word (after the quote if none).
pub fn link_speakers(doc: &mut Document) {
    let text = &doc.text;
    for q in doc.quotes.iter_mut() {
        let Some(sp) = q.speaker.as_mut() else {
            continue;
        };
        if sp.span.is_some() {
            continue;
        }
        let last = sp.name.split_whitespace().last().unwrap_or("");
        let names = |e: &&crate::model::Entity| {
            let t = &text[e.start..e.end];
            t == sp.name || t == last
        };
        let before = doc
            .entities
            .iter()
            .rev()
            .filter(|e| e.end <= q.start)
            .find(names);
        let after = doc.entities.iter().filter(|e| e.start >= q.end).find(names);
        sp.span = before.or(after).map(|e| (e.start, e.end));
    }
}
