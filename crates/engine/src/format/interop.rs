//! Every format Pressmark exports and imports, behind one door: [`Format`],
//! [`export`], [`import`] and [`detect`]. Each format is a module beside
//! this one; none does I/O. Offsets are bytes inside, converted at each
//! format's edge through [`OffsetMap`] into the unit that format needs
//! (code points for all of them today; see the README's table).

use crate::model::{Document, Entity, Label, Quote, Source, Speaker};
use crate::offsets::OffsetMap;
use std::borrow::Cow;
use std::fmt;

/// A file format another tool reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// Our JSON, `pressmark/1`.
    Pressmark,
    /// One `pressmark/1` document a line.
    Jsonl,
    /// brat standoff: `.ann` (+ the `.txt`, and `annotation.conf`).
    Brat,
    /// CoNLL-2003 style: one token a line, IOB2 tags.
    Conll,
    /// spaCy's `DocBin` (`.spacy`), binary.
    Spacy,
    /// doccano JSONL (sequence labelling and relation form in one line).
    Doccano,
    /// A Label Studio task list (JSON).
    LabelStudio,
    /// A W3C Web Annotation `AnnotationCollection` (JSON-LD).
    W3c,
    /// One row per quote: quote, speaker, cue, start, end.
    Csv,
    /// One row per entity name: name, label, mentions.
    EntitiesCsv,
    /// One row per speaker: the Sources table.
    SourcesCsv,
}

impl Format {
    pub const ALL: [Format; 11] = [
        Format::Pressmark,
        Format::Jsonl,
        Format::Brat,
        Format::Conll,
        Format::Spacy,
        Format::Doccano,
        Format::LabelStudio,
        Format::W3c,
        Format::Csv,
        Format::EntitiesCsv,
        Format::SourcesCsv,
    ];

    /// The name used by the CLI's `--format` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pressmark => "pressmark",
            Format::Jsonl => "jsonl",
            Format::Brat => "brat",
            Format::Conll => "conll",
            Format::Spacy => "spacy",
            Format::Doccano => "doccano",
            Format::LabelStudio => "label-studio",
            Format::W3c => "w3c",
            Format::Csv => "csv",
            Format::EntitiesCsv => "entities-csv",
            Format::SourcesCsv => "sources-csv",
        }
    }

    pub fn parse(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// What a menu says.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Pressmark => "Pressmark JSON",
            Format::Jsonl => "Pressmark JSONL (one document a line)",
            Format::Brat => "brat standoff (.ann)",
            Format::Conll => "CoNLL-2003 IOB2 (.conll)",
            Format::Spacy => "spaCy DocBin (.spacy)",
            Format::Doccano => "doccano JSONL",
            Format::LabelStudio => "Label Studio tasks (JSON)",
            Format::W3c => "W3C Web Annotation (JSON-LD)",
            Format::Csv => "Quotes CSV",
            Format::EntitiesCsv => "Entities CSV",
            Format::SourcesCsv => "Sources CSV (who is quoted, how much)",
        }
    }

    /// The main file's name ending.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pressmark => ".json",
            Format::Jsonl => ".jsonl",
            Format::Brat => ".ann",
            Format::Conll => ".conll",
            Format::Spacy => ".spacy",
            Format::Doccano => ".doccano.jsonl",
            Format::LabelStudio => ".label-studio.json",
            Format::W3c => ".w3c.jsonld",
            Format::Csv => ".quotes.csv",
            Format::EntitiesCsv => ".entities.csv",
            Format::SourcesCsv => ".sources.csv",
        }
    }

    /// The main file's MIME type.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Pressmark | Format::LabelStudio => "application/json",
            Format::Jsonl | Format::Doccano => "application/x-ndjson",
            Format::W3c => "application/ld+json",
            Format::Brat | Format::Conll => "text/plain",
            Format::Spacy => "application/octet-stream",
            Format::Csv | Format::EntitiesCsv | Format::SourcesCsv => "text/csv",
        }
    }

    pub fn can_import(self) -> bool {
        !matches!(self, Format::Csv | Format::EntitiesCsv | Format::SourcesCsv)
    }

    /// Binary, not text (cannot go to a terminal).
    pub fn is_binary(self) -> bool {
        self == Format::Spacy
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One file of an export: the ending to add to the document's name (or,
/// starting without a dot, a whole file name such as `annotation.conf`)
/// and its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub suffix: String,
    pub bytes: Vec<u8>,
}

/// Exports `docs` in `format`: the main file first, then any companions
/// (brat's `.txt` and `annotation.conf`). Formats that hold one document
/// (brat, W3C, the CSVs and `pressmark`) take the first; give them one.
pub fn export(docs: &[Document], format: Format) -> Vec<ExportFile> {
    let one = docs.first().cloned().unwrap_or_default();
    let main = |bytes: Vec<u8>| ExportFile {
        suffix: format.extension().to_string(),
        bytes,
    };
    match format {
        Format::Pressmark => vec![main(super::to_json(&one).into_bytes())],
        Format::Jsonl => vec![main(super::jsonl::export(docs).into_bytes())],
        Format::Brat => super::brat::export(&one),
        Format::Conll => vec![main(super::conll::export(docs).into_bytes())],
        Format::Spacy => vec![main(super::spacy::export(docs))],
        Format::Doccano => vec![main(super::doccano::export(docs).into_bytes())],
        Format::LabelStudio => super::label_studio::files(docs),
        Format::W3c => vec![main(super::w3c::export(&one).into_bytes())],
        Format::Csv => vec![main(super::csv::quotes(&one).into_bytes())],
        Format::EntitiesCsv => vec![main(super::csv::entities(&one).into_bytes())],
        Format::SourcesCsv => vec![main(super::csv::sources(&one, &[]).into_bytes())],
    }
}

/// Why a file could not be imported: the format, where (a line, a field
/// path) and what is wrong. Nothing is imported when this is returned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportError {
    pub format: Format,
    /// `line 3`, `tasks[0].predictions[0].result[2].value.start`, …
    pub at: String,
    pub reason: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at.is_empty() {
            write!(f, "{}: {}", self.format, self.reason)
        } else {
            write!(f, "{}: {}: {}", self.format, self.at, self.reason)
        }
    }
}

impl std::error::Error for ImportError {}

/// What an import could not take over as it was: nothing is dropped
/// silently, it is listed here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Labels with no Pressmark label, and how many annotations had them
    /// (those annotations were left out).
    pub unknown_labels: Vec<(String, usize)>,
    /// Annotations whose text had moved and were found again by their text.
    pub reanchored: usize,
    /// Annotations that could not be placed (their text is not in the
    /// article, or they overlap another), described for the user.
    pub unplaced: Vec<String>,
}

impl ImportReport {
    pub fn is_clean(&self) -> bool {
        self.unknown_labels.is_empty() && self.unplaced.is_empty()
    }

    /// One paragraph for the user; empty when clean.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.unknown_labels.is_empty() {
            let list: Vec<String> = self
                .unknown_labels
                .iter()
                .map(|(l, n)| format!("{l} ({n})"))
                .collect();
            parts.push(format!(
                "left out annotations with labels Pressmark does not have: {}",
                list.join(", ")
            ));
        }
        if self.reanchored > 0 {
            parts.push(format!(
                "{} annotation(s) were found again where the text had moved",
                self.reanchored
            ));
        }
        if !self.unplaced.is_empty() {
            let shown: Vec<&str> = self.unplaced.iter().take(5).map(String::as_str).collect();
            let more = self.unplaced.len().saturating_sub(shown.len());
            parts.push(format!(
                "could not place {}: {}{}",
                self.unplaced.len(),
                shown.join("; "),
                if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                }
            ));
        }
        parts.join("; ")
    }

    fn merge(&mut self, other: ImportReport) {
        for (l, n) in other.unknown_labels {
            match self.unknown_labels.iter_mut().find(|(x, _)| *x == l) {
                Some(slot) => slot.1 += n,
                None => self.unknown_labels.push((l, n)),
            }
        }
        self.reanchored += other.reanchored;
        self.unplaced.extend(other.unplaced);
    }
}

/// The documents a file held, and what could not be taken over.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Imported {
    pub docs: Vec<Document>,
    pub report: ImportReport,
}

/// Imports `data` as `format`. `text` is the article for formats that keep
/// it in a separate file (brat's `.txt`); others carry their text.
pub fn import(data: &[u8], format: Format, text: Option<&str>) -> Result<Imported, ImportError> {
    let err = |at: &str, reason: String| ImportError {
        format,
        at: at.to_string(),
        reason,
    };
    if format.is_binary() {
        return super::spacy::import(data);
    }
    let s = std::str::from_utf8(data).map_err(|e| {
        err(
            "",
            format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    let s = s.strip_prefix('\u{feff}').unwrap_or(s);
    if s.trim().is_empty() {
        return Err(err("", "the file is empty".into()));
    }
    match format {
        Format::Pressmark => super::import_pressmark(s),
        Format::Jsonl => super::jsonl::import(s),
        Format::Brat => {
            let text = text.ok_or_else(|| {
                err(
                    "",
                    "a brat .ann file needs its .txt (the article) beside it".into(),
                )
            })?;
            super::brat::import(s, text)
        }
        Format::Conll => super::conll::import(s),
        Format::Doccano => super::doccano::import(s),
        Format::LabelStudio => super::label_studio::import(s),
        Format::W3c => super::w3c::import(s, text),
        Format::Spacy | Format::Csv | Format::EntitiesCsv | Format::SourcesCsv => Err(err(
            "",
            format!("{} files cannot be imported", format.describe()),
        )),
    }
}

/// Guesses a file's format from its name and first bytes; `None` when it
/// is none of ours (plain text, say).
pub fn detect(name: &str, data: &[u8]) -> Option<Format> {
    let lower = name.to_lowercase();
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    if lower.ends_with(".spacy") || data.first() == Some(&0x78) && lower.ends_with(".bin") {
        return Some(Format::Spacy);
    }
    if lower.ends_with(".ann") {
        return Some(Format::Brat);
    }
    if lower.ends_with(".conll") || lower.ends_with(".iob") || lower.ends_with(".bio") {
        return Some(Format::Conll);
    }
    let head = std::str::from_utf8(&data[..data.len().min(4096)])
        .or_else(|e| std::str::from_utf8(&data[..e.valid_up_to()]))
        .unwrap_or("");
    let t = head.trim_start();
    let first_line = t.lines().next().unwrap_or("");
    let ours = first_line.contains("\"format\":\"pressmark/1\"")
        || first_line.contains("\"format\": \"pressmark/1\"");
    if lower.ends_with(".jsonl") || lower.ends_with(".ndjson") {
        let doccano = !ours && doccano_line(first_line);
        return Some(if doccano {
            Format::Doccano
        } else {
            Format::Jsonl
        });
    }
    if t.starts_with("-DOCSTART-") {
        return Some(Format::Conll);
    }
    if t.starts_with('T') && t.split('\n').next().is_some_and(is_brat_line) {
        return Some(Format::Brat);
    }
    if t.starts_with('[') {
        return Some(Format::LabelStudio);
    }
    if t.starts_with('{') {
        if t.contains("\"@context\"") || t.contains("AnnotationCollection") {
            return Some(Format::W3c);
        }
        if t.contains("\"data\"")
            && (t.contains("\"predictions\"") || t.contains("\"annotations\""))
        {
            return Some(Format::LabelStudio);
        }
        // One object a line: doccano or our JSONL.
        let one_per_line = t.lines().filter(|l| !l.trim().is_empty()).count() > 1
            && first_line.trim_end().ends_with('}');
        if ours {
            return Some(if one_per_line {
                Format::Jsonl
            } else {
                Format::Pressmark
            });
        }
        if doccano_line(first_line) {
            return Some(Format::Doccano);
        }
        return Some(if one_per_line {
            Format::Jsonl
        } else {
            Format::Pressmark
        });
    }
    None
}

/// A doccano line: a `label` list of `[start, end, LABEL]` triples, or
/// relation-form entities with `start_offset` (an entity's own `"label"`
/// field, as in our gold files, is not enough).
fn doccano_line(l: &str) -> bool {
    let compact: String = l.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("\"label\":[[")
        || compact.contains("\"label\":[]")
        || compact.contains("\"start_offset\"")
}

fn is_brat_line(l: &str) -> bool {
    let mut parts = l.split('\t');
    let id = parts.next().unwrap_or("");
    id.len() > 1 && id[1..].bytes().all(|b| b.is_ascii_digit()) && parts.next().is_some()
}

/// Maps another tool's label to ours (case-insensitive, IOB prefixes
/// already stripped). The table is documented in the README:
///
/// | theirs | ours |
/// |---|---|
/// | PERSON, PER, PEOPLE | PERSON |
/// | ORG, ORGANIZATION, ORGANISATION, COMPANY | ORG |
/// | LOC, LOCATION, GPE, FAC, FACILITY, PLACE | LOC |
/// | NORP, NATIONALITY, RELIGION | NORP |
/// | DATE | DATE |
/// | NUMBER, CARDINAL, MONEY, PERCENT, QUANTITY | NUMBER |
pub fn map_label(label: &str) -> Option<Label> {
    let up = label.trim().to_uppercase();
    Some(match up.as_str() {
        "PERSON" | "PER" | "PEOPLE" => Label::Person,
        "ORG" | "ORGANIZATION" | "ORGANISATION" | "COMPANY" => Label::Org,
        "LOC" | "LOCATION" | "GPE" | "FAC" | "FACILITY" | "PLACE" => Label::Loc,
        "NORP" | "NATIONALITY" | "RELIGION" => Label::Norp,
        "DATE" => Label::Date,
        "NUMBER" | "CARDINAL" | "MONEY" | "PERCENT" | "QUANTITY" => Label::Number,
        _ => return None,
    })
}

/// The label a quote carries in span-based formats.
pub const QUOTE_LABEL: &str = "QUOTE";

pub fn is_quote_label(label: &str) -> bool {
    label.trim().eq_ignore_ascii_case(QUOTE_LABEL)
}

/// Builds documents from spans found in foreign files: maps labels,
/// re-anchors spans by their text, drops overlaps, and keeps a report.
pub struct Builder<'t> {
    text: &'t str,
    map: OffsetMap<'t>,
    tool: &'static str,
    ents: Vec<Entity>,
    quotes: Vec<Quote>,
    pub report: ImportReport,
}

/// Where a foreign span says it is, in code points, and what text it says
/// it covers (with some context when the format keeps it).
#[derive(Clone, Debug, Default)]
pub struct Anchor<'a> {
    pub start: usize,
    pub end: usize,
    pub exact: Option<&'a str>,
    pub prefix: Option<&'a str>,
    pub suffix: Option<&'a str>,
}

impl<'t> Builder<'t> {
    /// `tool` goes into each annotation's `rule`: `import:TOOL`.
    pub fn new(text: &'t str, tool: &'static str) -> Builder<'t> {
        Builder {
            text,
            map: OffsetMap::new(text),
            tool,
            ents: Vec::new(),
            quotes: Vec::new(),
            report: ImportReport::default(),
        }
    }

    /// An anchor without text of its own must lie inside the text:
    /// the reason when it does not.
    pub fn check(&self, a: &Anchor<'_>) -> Result<(), String> {
        let n = self.map.cp_len();
        if a.start >= a.end {
            Err(format!("empty or reversed span {}..{}", a.start, a.end))
        } else if a.end > n && a.exact.is_none() {
            Err(format!(
                "span {}..{} is outside the text ({n} characters)",
                a.start, a.end
            ))
        } else {
            Ok(())
        }
    }

    /// The byte span of an anchor: where it says, if the text there is what
    /// it says; else the occurrence of its text whose context fits best
    /// (nearest on a tie). `None` when the text is not in the article.
    pub fn place(&mut self, a: &Anchor<'_>) -> Option<(usize, usize)> {
        let at = match (self.map.cp_to_byte(a.start), self.map.cp_to_byte(a.end)) {
            (Some(s), Some(e)) if s < e => Some((s, e)),
            _ => None,
        };
        let exact = match a.exact {
            None => return at,
            Some("") => return at,
            Some(x) => x,
        };
        if let Some((s, e)) = at {
            if &self.text[s..e] == exact {
                return at;
            }
        }
        let want_at = at.map_or_else(|| self.map.cp_to_byte(a.start).unwrap_or(0), |(s, _)| s);
        let mut best: Option<(usize, usize, usize)> = None; // (score, distance, start)
        for (s, _) in self.text.match_indices(exact) {
            let e = s + exact.len();
            let before = &self.text[..s];
            let after = &self.text[e..];
            let score = a.prefix.map_or(0, |p| common_suffix(before, p))
                + a.suffix.map_or(0, |x| common_prefix(after, x));
            let dist = s.abs_diff(want_at);
            let better = match best {
                None => true,
                Some((bs, bd, _)) => score > bs || score == bs && dist < bd,
            };
            if better {
                best = Some((score, dist, s));
            }
        }
        let (_, _, s) = best?;
        self.report.reanchored += 1;
        Some((s, s + exact.len()))
    }

    fn describe(&self, what: &str, a: &Anchor<'_>) -> String {
        match a.exact {
            Some(x) => format!("{what} “{}” at {}..{}", short(x), a.start, a.end),
            None => format!("{what} at {}..{}", a.start, a.end),
        }
    }

    /// Adds an entity with a foreign label; counts unknown labels.
    pub fn entity(&mut self, label: &str, a: &Anchor<'_>) -> Option<usize> {
        let Some(l) = map_label(label) else {
            let label = label.trim().to_string();
            match self
                .report
                .unknown_labels
                .iter_mut()
                .find(|(x, _)| *x == label)
            {
                Some(slot) => slot.1 += 1,
                None => self.report.unknown_labels.push((label, 1)),
            }
            return None;
        };
        self.entity_label(l, a)
    }

    /// Adds an entity; returns its index (for speaker links).
    pub fn entity_label(&mut self, label: Label, a: &Anchor<'_>) -> Option<usize> {
        let Some((start, end)) = self.place(a) else {
            let d = self.describe(label.as_str(), a);
            self.report.unplaced.push(d);
            return None;
        };
        self.ents.push(Entity {
            id: 0,
            start,
            end,
            label,
            source: Source::Import,
            rule: Cow::Owned(format!("import:{}", self.tool)),
        });
        Some(self.ents.len() - 1)
    }

    /// Adds a quote; returns its index.
    pub fn quote(&mut self, a: &Anchor<'_>) -> Option<usize> {
        let Some((start, end)) = self.place(a) else {
            let d = self.describe("quote", a);
            self.report.unplaced.push(d);
            return None;
        };
        self.quotes.push(Quote {
            id: 0,
            start,
            end,
            speaker: None,
            cue: None,
            candidates: Vec::new(),
            source: Source::Import,
            rule: Cow::Owned(format!("import:{}", self.tool)),
        });
        Some(self.quotes.len() - 1)
    }

    /// Sets quote `q`'s speaker: `name` (the fullest name, when the file
    /// says it) and the mention `ent` (an entity index), either may be absent.
    pub fn speaker(&mut self, q: usize, name: Option<&str>, ent: Option<usize>) {
        let span = ent.and_then(|i| self.ents.get(i)).map(|e| (e.start, e.end));
        let name = name
            .map(str::to_string)
            .filter(|n| !n.trim().is_empty())
            .or_else(|| span.map(|(s, e)| self.text[s..e].to_string()));
        if let (Some(quote), Some(name)) = (self.quotes.get_mut(q), name) {
            quote.speaker = Some(Speaker { name, span });
        }
    }

    /// Sets quote `q`'s speaker's fullest name, keeping its mention.
    pub fn speaker_name(&mut self, q: usize, name: &str) {
        if name.trim().is_empty() {
            return;
        }
        if let Some(quote) = self.quotes.get_mut(q) {
            let span = quote.speaker.as_ref().and_then(|s| s.span);
            quote.speaker = Some(Speaker {
                name: name.trim().to_string(),
                span,
            });
        }
    }

    /// Sets quote `q`'s speaker mention from a code-point span, keeping its
    /// name (or taking the mention's text when it has none).
    pub fn speaker_mention(&mut self, q: usize, a: &Anchor<'_>) {
        let Some((s, e)) = self.place(a) else { return };
        let text = self.text;
        if let Some(quote) = self.quotes.get_mut(q) {
            let name = quote
                .speaker
                .as_ref()
                .map_or_else(|| text[s..e].to_string(), |sp| sp.name.clone());
            quote.speaker = Some(Speaker {
                name,
                span: Some((s, e)),
            });
        }
    }

    /// Sets quote `q`'s cue from a code-point span.
    pub fn cue(&mut self, q: usize, a: &Anchor<'_>) {
        if let Some((start, end)) = self.place(a) {
            if let Some(quote) = self.quotes.get_mut(q) {
                quote.cue = Some(crate::model::Cue { start, end });
            }
        }
    }

    /// The document: sorted, overlaps left out (and reported), ids 1, 2, …
    pub fn finish(mut self) -> (Document, ImportReport) {
        let mut report = std::mem::take(&mut self.report);
        let text = self.text;
        let keep_entities = non_overlapping(self.ents.iter().map(|e| (e.start, e.end)).collect());
        let mut ents = Vec::new();
        for (i, e) in self.ents.into_iter().enumerate() {
            if keep_entities[i] {
                ents.push(e);
            } else {
                report.unplaced.push(format!(
                    "{} “{}” (it overlaps another entity)",
                    e.label,
                    short(&text[e.start..e.end])
                ));
            }
        }
        let keep_quotes = non_overlapping(self.quotes.iter().map(|q| (q.start, q.end)).collect());
        let mut quotes = Vec::new();
        for (i, q) in self.quotes.into_iter().enumerate() {
            if keep_quotes[i] {
                quotes.push(q);
            } else {
                report.unplaced.push(format!(
                    "quote “{}” (it overlaps another quote)",
                    short(&text[q.start..q.end])
                ));
            }
        }
        let mut doc = Document {
            text: text.to_string(),
            entities: ents,
            quotes,
            rules: None,
        };
        doc.sort();
        let mut id = 0;
        for e in doc.entities.iter_mut() {
            id += 1;
            e.id = id;
        }
        for q in doc.quotes.iter_mut() {
            id += 1;
            q.id = id;
        }
        (doc, report)
    }
}

/// Which spans to keep so none overlaps: in order of start, the longest
/// first at one start; a span overlapping a kept one is left out.
fn non_overlapping(spans: Vec<(usize, usize)>) -> Vec<bool> {
    let mut order: Vec<usize> = (0..spans.len()).collect();
    order.sort_by(|&a, &b| {
        spans[a]
            .0
            .cmp(&spans[b].0)
            .then(spans[b].1.cmp(&spans[a].1))
    });
    let mut keep = vec![false; spans.len()];
    let mut end = 0;
    for i in order {
        let (s, e) = spans[i];
        if s >= end {
            keep[i] = true;
            end = e;
        }
    }
    keep
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// A span's text for a message: one line, at most 40 characters.
pub fn short(s: &str) -> String {
    let one: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 40 {
        one.chars().take(39).collect::<String>() + "…"
    } else {
        one
    }
}

/// How many code points of context a `TextQuoteSelector` keeps each side.
pub const CONTEXT: usize = 32;

/// `(prefix, suffix)`: up to [`CONTEXT`] code points before and after a byte span.
pub fn context(text: &str, start: usize, end: usize) -> (&str, &str) {
    let before = &text[..start];
    let p = before
        .char_indices()
        .rev()
        .nth(CONTEXT - 1)
        .map_or(0, |(i, _)| i);
    let after = &text[end..];
    let s = after
        .char_indices()
        .nth(CONTEXT)
        .map_or(after.len(), |(i, _)| i);
    (&before[p..], &after[..s])
}

/// Merges the reports of several documents.
pub fn merged(parts: Vec<Imported>) -> Imported {
    let mut out = Imported::default();
    for p in parts {
        out.docs.extend(p.docs);
        out.report.merge(p.report);
    }
    out
}

/// A JSON value's type in words, for messages.
pub fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_map_by_the_documented_table() {
        for (theirs, ours) in [
            ("PER", Some(Label::Person)),
            ("person", Some(Label::Person)),
            ("GPE", Some(Label::Loc)),
            ("FAC", Some(Label::Loc)),
            ("MONEY", Some(Label::Number)),
            ("PERCENT", Some(Label::Number)),
            ("CARDINAL", Some(Label::Number)),
            ("NORP", Some(Label::Norp)),
            ("MISC", None),
            ("ORDINAL", None),
            ("TIME", None),
        ] {
            assert_eq!(map_label(theirs), ours, "{theirs}");
        }
    }

    #[test]
    fn anchors_move_with_their_text_and_context() {
        let text = "Ann met Bob. Later Ann met Bob again.";
        let mut b = Builder::new(text, "test");
        // Right place.
        assert_eq!(
            b.place(&Anchor {
                start: 0,
                end: 3,
                exact: Some("Ann"),
                ..Default::default()
            }),
            Some((0, 3))
        );
        // Moved: the context says the second one.
        let got = b.place(&Anchor {
            start: 2,
            end: 5,
            exact: Some("Ann"),
            prefix: Some("Later "),
            suffix: Some(" met Bob again"),
        });
        assert_eq!(got, Some((19, 22)));
        assert_eq!(b.report.reanchored, 1);
        // Not there at all.
        assert_eq!(
            b.place(&Anchor {
                start: 0,
                end: 3,
                exact: Some("Zed"),
                ..Default::default()
            }),
            None
        );
    }

    #[test]
    fn context_counts_code_points() {
        let text = "👍🏽".repeat(40) + "X" + &"é".repeat(40);
        let s = text.find('X').unwrap();
        let (p, x) = context(&text, s, s + 1);
        assert_eq!(p.chars().count(), CONTEXT);
        assert_eq!(x.chars().count(), CONTEXT);
    }

    #[test]
    fn detects_formats_from_names_and_contents() {
        assert_eq!(detect("a.ann", b"T1\tPERSON 0 3\tAnn"), Some(Format::Brat));
        assert_eq!(
            detect("x.txt", b"T1\tPERSON 0 3\tAnn\n"),
            Some(Format::Brat)
        );
        assert_eq!(detect("a.spacy", b"x"), Some(Format::Spacy));
        assert_eq!(
            detect("a.txt", b"-DOCSTART- -X- -X- O\n"),
            Some(Format::Conll)
        );
        assert_eq!(
            detect(
                "a.json",
                b"{\"@context\": \"http://www.w3.org/ns/anno.jsonld\"}"
            ),
            Some(Format::W3c)
        );
        assert_eq!(
            detect("a.json", b"[{\"data\": {\"text\": \"x\"}}]"),
            Some(Format::LabelStudio)
        );
        assert_eq!(
            detect(
                "a.jsonl",
                b"{\"text\": \"x\", \"label\": []}\n{\"text\": \"y\", \"label\": []}\n"
            ),
            Some(Format::Doccano)
        );
        assert_eq!(
            detect("a.json", b"{\"format\": \"pressmark/1\", \"text\": \"x\"}"),
            Some(Format::Pressmark)
        );
        assert_eq!(detect("notes.txt", b"Just an article."), None);
        // A gold-style document on one line: its entities have a "label".
        assert_eq!(
            detect(
                "gold.json",
                b"{\"text\": \"Ann\", \"entities\": [{\"start\": 0, \"end\": 3, \"label\": \"PERSON\"}]}"
            ),
            Some(Format::Pressmark)
        );
    }
}
