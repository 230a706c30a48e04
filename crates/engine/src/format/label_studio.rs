//! Label Studio: a JSON task list. Each document is a task with
//! `data.text`; its annotations go into `predictions[0].result` (so they
//! arrive in Label Studio as pre-annotations to correct), as `labels`
//! results (`value.start`, `value.end`, `value.text`, `value.labels`) for
//! entities and quotes (label `QUOTE`) and `relation` results (`speaker`)
//! from a quote to its speaker; a quote whose speaker's fullest name is not
//! its mention's text carries it as a region note (`meta.text`:
//! `["speaker: NAME"]`). Offsets are code points, as Label Studio
//! stores them (it counted UTF-16 units before its emoji fix; such old
//! exports are re-anchored by `value.text`). The project's labelling
//! config is [`CONFIG`]. An import reads the latest `annotations` entry of
//! a task, or else its first prediction.

use super::interop::{
    is_quote_label, json_kind, Anchor, Builder, ExportFile, Format, ImportError, Imported,
    QUOTE_LABEL,
};
use crate::model::Document;
use crate::offsets::OffsetMap;
use serde_json::{json, Value};

/// The labelling config for a Label Studio project that takes our tasks.
pub const CONFIG: &str = r#"<View>
  <Relations>
    <Relation value="speaker"/>
  </Relations>
  <Labels name="label" toName="text">
    <Label value="PERSON"/>
    <Label value="ORG"/>
    <Label value="LOC"/>
    <Label value="NORP"/>
    <Label value="DATE"/>
    <Label value="NUMBER"/>
    <Label value="QUOTE"/>
  </Labels>
  <Text name="text" value="$text"/>
</View>
"#;

pub fn export(docs: &[Document]) -> String {
    let mut tasks = Vec::new();
    for (i, doc) in docs.iter().enumerate() {
        let map = OffsetMap::new(&doc.text);
        let mut result = Vec::new();
        let region = |id: String, s: usize, e: usize, label: &str| {
            json!({
                "id": id, "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": map.byte_to_cp(s), "end": map.byte_to_cp(e),
                          "text": &doc.text[s..e], "labels": [label]}
            })
        };
        let mut ids = std::collections::HashMap::new();
        for e in &doc.entities {
            let id = format!("e{}", e.id);
            result.push(region(id.clone(), e.start, e.end, e.label.as_str()));
            ids.insert((e.start, e.end), id);
        }
        for q in &doc.quotes {
            let id = format!("q{}", q.id);
            let mut r = region(id.clone(), q.start, q.end, QUOTE_LABEL);
            // The speaker's fullest name, as a region note ("meta"), when
            // the mention does not say it.
            if let Some(sp) = &q.speaker {
                let mention = sp.span.map(|(a, b)| &doc.text[a..b]);
                if mention != Some(sp.name.as_str()) {
                    r["meta"] = json!({"text": [format!("speaker: {}", sp.name)]});
                }
            }
            result.push(r);
            if let Some(to) = q
                .speaker
                .as_ref()
                .and_then(|s| s.span)
                .and_then(|s| ids.get(&s))
            {
                result.push(json!({"type": "relation", "from_id": id, "to_id": to,
                                   "direction": "right", "labels": ["speaker"]}));
            }
        }
        let version = doc.rules.as_ref().map_or("pressmark".to_string(), |r| {
            format!("pressmark {}", r.builtin)
        });
        tasks.push(json!({
            "id": i + 1,
            "data": {"text": doc.text},
            "predictions": [{"model_version": version, "result": result}]
        }));
    }
    serde_json::to_string_pretty(&Value::Array(tasks)).unwrap_or_default()
}

/// The export's files: the task list and the labelling config.
pub fn files(docs: &[Document]) -> Vec<ExportFile> {
    vec![
        ExportFile {
            suffix: Format::LabelStudio.extension().into(),
            bytes: export(docs).into_bytes(),
        },
        ExportFile {
            suffix: ".label-studio.xml".into(),
            bytes: CONFIG.as_bytes().to_vec(),
        },
    ]
}

fn bad(at: String, reason: String) -> ImportError {
    ImportError {
        format: Format::LabelStudio,
        at,
        reason,
    }
}

pub fn import(s: &str) -> Result<Imported, ImportError> {
    let v: Value =
        serde_json::from_str(s).map_err(|e| bad(String::new(), format!("not JSON ({e})")))?;
    let tasks: Vec<&Value> = match &v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(_) => vec![&v],
        other => {
            return Err(bad(
                String::new(),
                format!("expected a task list, found {}", json_kind(other)),
            ))
        }
    };
    let mut parts = Vec::new();
    for (ti, task) in tasks.iter().enumerate() {
        let at = format!("tasks[{ti}]");
        let text = task
            .pointer("/data/text")
            .and_then(Value::as_str)
            .ok_or_else(|| bad(format!("{at}.data.text"), "missing or not a string".into()))?;
        // The latest annotation that was not cancelled, else the first prediction.
        let pick = |key: &str| -> Option<(String, &Value)> {
            let list = task.get(key)?.as_array()?;
            let idx = if key == "annotations" {
                list.iter().rposition(|a| {
                    !a.get("was_cancelled")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                })?
            } else {
                0
            };
            Some((
                format!("{at}.{key}[{idx}].result"),
                list.get(idx)?.get("result")?,
            ))
        };
        let (rat, result) = match pick("annotations").or_else(|| pick("predictions")) {
            Some(x) => x,
            None => (String::new(), &Value::Null),
        };
        let mut b = Builder::new(text, "label-studio");
        let mut made = std::collections::HashMap::new();
        let mut names: Vec<(usize, String)> = Vec::new();
        let items = result.as_array().map(Vec::as_slice).unwrap_or(&[]);
        for (k, item) in items.iter().enumerate() {
            let at = format!("{rat}[{k}]");
            let kind = item.get("type").and_then(Value::as_str).unwrap_or("");
            if kind != "labels" {
                continue;
            }
            let value = item
                .get("value")
                .ok_or_else(|| bad(format!("{at}.value"), "missing".into()))?;
            let num = |f: &str| {
                let x = value
                    .get(f)
                    .ok_or_else(|| bad(format!("{at}.value.{f}"), "missing".into()))?;
                x.as_u64().map(|n| n as usize).ok_or_else(|| {
                    bad(
                        format!("{at}.value.{f}"),
                        format!("expected a whole number, found {}", json_kind(x)),
                    )
                })
            };
            let a = Anchor {
                start: num("start")?,
                end: num("end")?,
                exact: value.get("text").and_then(Value::as_str),
                ..Default::default()
            };
            b.check(&a).map_err(|r| bad(format!("{at}.value"), r))?;
            let labels = value.get("labels").and_then(Value::as_array);
            let label = labels
                .and_then(|l| l.first())
                .and_then(Value::as_str)
                .unwrap_or("");
            let id = item
                .get("id")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string();
            if is_quote_label(label) {
                if let Some(q) = b.quote(&a) {
                    made.insert(id, (true, q));
                    let notes = item.pointer("/meta/text").and_then(Value::as_array);
                    let name = notes
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .find_map(|n| n.strip_prefix("speaker: "));
                    if let Some(name) = name {
                        names.push((q, name.to_string()));
                    }
                }
            } else if let Some(e) = b.entity(label, &a) {
                made.insert(id, (false, e));
            }
        }
        for item in items {
            if item.get("type").and_then(Value::as_str) != Some("relation") {
                continue;
            }
            let id = |f: &str| {
                item.get(f)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string()
            };
            if let (Some((true, q)), Some((false, e))) =
                (made.get(&id("from_id")), made.get(&id("to_id")))
            {
                b.speaker(*q, None, Some(*e));
            }
        }
        for (q, name) in &names {
            b.speaker_name(*q, name);
        }
        let (doc, report) = b.finish();
        parts.push(Imported {
            docs: vec![doc],
            report,
        });
    }
    Ok(super::interop::merged(parts))
}
