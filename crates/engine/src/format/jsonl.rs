//! `jsonl`: one `pressmark/1` document a line (what `pressmark annotate
//! --jsonl` writes; an `id` field, when present, is kept on export).

use super::interop::{merged, Format, ImportError, ImportReport, Imported};
use crate::model::Document;

pub fn export(docs: &[Document]) -> String {
    let mut out = String::new();
    for d in docs {
        out.push_str(&super::to_json_line(d, None));
        out.push('\n');
    }
    out
}

pub fn import(s: &str) -> Result<Imported, ImportError> {
    let mut parts = Vec::new();
    for (i, line) in s.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |reason: String| ImportError {
            format: Format::Jsonl,
            at: format!("line {}", i + 1),
            reason,
        };
        let mut v: serde_json::Value =
            serde_json::from_str(line).map_err(|e| err(format!("not a JSON object ({e})")))?;
        let mut report = ImportReport::default();
        super::relocate_if_changed(&mut v, &mut report);
        if let Some(o) = v.as_object_mut() {
            o.remove("id");
        }
        let doc = super::from_json(&v.to_string()).map_err(|e| err(e.to_string()))?;
        parts.push(Imported {
            docs: vec![doc],
            report,
        });
    }
    Ok(merged(parts))
}
