//! `pressmark sources`: who is quoted, and how much, in one article or a
//! corpus. The numbers are the engine's (`pressmark_engine::sources`), the
//! same the app's Sources view shows.

use pressmark_engine::format;
use pressmark_engine::sources::{self, Aggregate, AggregateRow};
use pressmark_engine::{Annotator, Document};
use std::io::{self, Write};

/// One article read from an input: a label for messages and its document.
pub struct Article {
    pub name: String,
    pub id: Option<serde_json::Value>,
    pub doc: Document,
}

fn looks_like_json_object(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|&b| b == b'{')
}

/// The articles of one input: a Pressmark JSON document (its annotations
/// as corrected), JSONL (one `{"id","text"}` or Pressmark document a
/// line), or plain text (annotated here).
pub fn articles(ann: &Annotator, name: &str, bytes: Vec<u8>) -> Result<Vec<Article>, String> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        let text = String::from_utf8(bytes).map_err(|e| {
            format!(
                "{name}: not UTF-8 (invalid byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        })?;
        let mut out = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{feff}');
            if line.trim().is_empty() {
                continue;
            }
            let at = format!("{name}:{}", i + 1);
            let value: serde_json::Value =
                serde_json::from_str(line).map_err(|e| format!("{at}: malformed JSON ({e})"))?;
            let id = value.get("id").cloned();
            let doc = if value.get("entities").is_some() {
                format::from_json(line).map_err(|e| format!("{at}: {e}"))?
            } else {
                let t = value.get("text").and_then(|t| t.as_str()).ok_or(format!(
                    "{at}: expected {{\"id\": ..., \"text\": \"...\"}} or a Pressmark document"
                ))?;
                ann.annotate(t)
            };
            out.push(Article { name: at, id, doc });
        }
        return Ok(out);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name}: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let doc = if looks_like_json_object(text.as_bytes()) {
        format::from_json(text).map_err(|e| format!("{name}: {e}"))?
    } else {
        ann.annotate(text)
    };
    Ok(vec![Article {
        name: name.to_string(),
        id: None,
        doc,
    }])
}

fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn gender(r: &AggregateRow) -> String {
    r.gender
        .map(|g| format!("{} ({} estimate)", g.gender.as_str(), g.basis.as_str()))
        .unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Writes the aggregate as an aligned table and a summary line.
pub fn table(agg: &Aggregate, out: &mut impl Write) -> io::Result<()> {
    let rows = agg.rows();
    let head = [
        "speaker", "kind", "articles", "quotes", "words", "share", "gender",
    ];
    let mut cells: Vec<[String; 7]> = vec![head.map(String::from)];
    for r in &rows {
        cells.push([
            r.speaker.clone().unwrap_or_else(|| "(unattributed)".into()),
            r.kind.as_str().into(),
            r.articles.to_string(),
            r.quotes.to_string(),
            r.words.to_string(),
            percent(r.share),
            gender(r),
        ]);
    }
    let mut width = [0usize; 7];
    for row in &cells {
        for (w, c) in width.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    for row in &cells {
        let mut line = String::new();
        for (k, c) in row.iter().enumerate() {
            let pad = width[k] - c.chars().count();
            // Numbers right-aligned, words left-aligned.
            if (2..=5).contains(&k) {
                line.push_str(&" ".repeat(pad));
                line.push_str(c);
            } else {
                line.push_str(c);
                if k + 1 < row.len() {
                    line.push_str(&" ".repeat(pad));
                }
            }
            if k + 1 < row.len() {
                line.push_str("  ");
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    let named = rows.iter().filter(|r| r.speaker.is_some()).count();
    let top = rows.iter().find(|r| r.speaker.is_some() && r.words > 0);
    let unattributed = rows
        .iter()
        .find(|r| r.speaker.is_none())
        .map_or(0.0, |r| r.share);
    writeln!(
        out,
        "\n{} quote{} from {} speaker{} in {} article{}; {} words quoted; top speaker: {}; unattributed: {}",
        agg.quotes,
        if agg.quotes == 1 { "" } else { "s" },
        named,
        if named == 1 { "" } else { "s" },
        agg.articles,
        if agg.articles == 1 { "" } else { "s" },
        agg.words,
        top.map_or("none".to_string(), |r| format!(
            "{} ({})",
            r.speaker.as_deref().unwrap_or(""),
            percent(r.share)
        )),
        percent(unattributed),
    )?;
    writeln!(
        out,
        "Gender is an estimate (the article's pronouns and titles, else census given-name statistics), never a fact."
    )
}

/// Writes the aggregate as CSV (the columns of the Sources CSV, plus
/// `articles`).
pub fn csv(agg: &Aggregate, out: &mut impl Write) -> io::Result<()> {
    write!(
        out,
        "speaker,kind,articles,quotes,words,share,gender,gender_basis\r\n"
    )?;
    for r in agg.rows() {
        write!(
            out,
            "{},{},{},{},{},{},{},{}\r\n",
            csv_field(r.speaker.as_deref().unwrap_or("")),
            r.kind.as_str(),
            r.articles,
            r.quotes,
            r.words,
            format::round_share(r.share),
            r.gender.map_or("", |g| g.gender.as_str()),
            r.gender.map_or("", |g| g.basis.as_str()),
        )?;
    }
    Ok(())
}

/// One JSONL line for one article.
pub fn line(a: &Article) -> String {
    format::sources_line(&a.doc, &[], Some(&a.name), a.id.as_ref())
}

/// The table of one document (for the aggregate).
pub fn of(doc: &Document) -> sources::Sources {
    sources::sources(doc, &sources::clusters(doc), &[])
}
