//! The app's side of the formats other tools read (the engine's
//! `format::{export, import, detect}`): what the Download menu offers and
//! the files each choice saves, and what "Open file…" makes of the files
//! chosen. Plain Rust, tested natively; `dom.rs` saves and reads the files.

use crate::text;
use pressmark_engine::format::{self, Format, ImportError, Imported};
use pressmark_engine::sources::Gender;
use pressmark_engine::Document;

/// One item of the Download menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// A format's annotations: its main file (brat: the `.ann` and the
    /// `.txt` it needs beside it).
    Main(Format),
    /// brat's `annotation.conf` (the labels, for a brat project).
    BratConfig,
    /// Label Studio's labelling config (`.label-studio.xml`).
    LabelStudioConfig,
}

impl Choice {
    /// Every item, in menu order: the formats as the engine lists them
    /// (Pressmark JSON first), each tool's config after its format.
    pub fn all() -> Vec<Choice> {
        let mut out = Vec::new();
        for f in Format::ALL {
            out.push(Choice::Main(f));
            match f {
                Format::Brat => out.push(Choice::BratConfig),
                Format::LabelStudio => out.push(Choice::LabelStudioConfig),
                _ => {}
            }
        }
        out
    }

    /// What the menu says.
    pub fn label(self) -> &'static str {
        match self {
            Choice::Main(f) => f.describe(),
            Choice::BratConfig => "brat label config",
            Choice::LabelStudioConfig => "Label Studio labelling config",
        }
    }

    /// The file endings it saves, for the menu (`.ann + .txt`).
    pub fn hint(self) -> String {
        match self {
            Choice::Main(Format::Brat) => ".ann + .txt".to_string(),
            Choice::Main(f) => f.extension().to_string(),
            Choice::BratConfig => BRAT_CONF.to_string(),
            Choice::LabelStudioConfig => LABEL_STUDIO_CONFIG.to_string(),
        }
    }

    /// A stable name for tests and styles (`data-format`).
    pub fn key(self) -> &'static str {
        match self {
            Choice::Main(f) => f.name(),
            Choice::BratConfig => "brat-config",
            Choice::LabelStudioConfig => "label-studio-config",
        }
    }

    /// A companion file (a tool's config), not the annotations.
    pub fn is_config(self) -> bool {
        !matches!(self, Choice::Main(_))
    }

    /// Saving it counts as keeping the work (the "unsaved corrections"
    /// badge goes): every format's annotations do, a config does not.
    pub fn saves_work(self) -> bool {
        !self.is_config()
    }
}

const BRAT_CONF: &str = "annotation.conf";
const LABEL_STUDIO_CONFIG: &str = ".label-studio.xml";

/// A file to save.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub name: String,
    pub bytes: Vec<u8>,
    pub mime: &'static str,
}

/// The files a menu item saves for `doc`, named after the article's first
/// line (`text::slug_stem`) and the format's endings; the main file first.
/// The user's genders for speakers (the Sources view) go into the
/// Pressmark JSON's and the Sources CSV's rows.
pub fn downloads(doc: &Document, choice: Choice, genders: &[(String, Gender)]) -> Vec<Download> {
    let format = match choice {
        Choice::Main(f) => f,
        Choice::BratConfig => Format::Brat,
        Choice::LabelStudioConfig => Format::LabelStudio,
    };
    let stem = text::slug_stem(&doc.text);
    let mut files = format::export(std::slice::from_ref(doc), format);
    if !genders.is_empty() {
        let main = match format {
            Format::Pressmark => Some(format::to_json_with(doc, genders)),
            Format::SourcesCsv => Some(format::sources_csv(doc, genders)),
            _ => None,
        };
        if let (Some(main), Some(first)) = (main, files.first_mut()) {
            first.bytes = main.into_bytes();
        }
    }
    files
        .into_iter()
        .enumerate()
        .filter(|(i, f)| match choice {
            Choice::Main(Format::Brat) => f.suffix == ".ann" || f.suffix == ".txt",
            Choice::Main(_) => *i == 0,
            Choice::BratConfig => f.suffix == BRAT_CONF,
            Choice::LabelStudioConfig => f.suffix == LABEL_STUDIO_CONFIG,
        })
        .map(|(i, f)| Download {
            name: if f.suffix.starts_with('.') {
                format!("{stem}{}", f.suffix)
            } else {
                f.suffix.clone()
            },
            mime: if i == 0 {
                format.mime()
            } else if f.suffix.ends_with(".xml") {
                "application/xml"
            } else {
                "text/plain"
            },
            bytes: f.bytes,
        })
        .collect()
}

/// The status line after saving `files` for `choice`.
pub fn downloaded(choice: Choice, files: &[Download]) -> String {
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    match choice {
        Choice::Main(Format::Brat) => format!(
            "Downloaded {}: brat reads the .ann beside its .txt. The labels for a brat project (annotation.conf) are in the Download menu too.",
            names.join(" and ")
        ),
        Choice::Main(Format::LabelStudio) => format!(
            "Downloaded {}: import it into a Label Studio project made with the labelling config (in the Download menu too).",
            names.join(", ")
        ),
        Choice::BratConfig => format!(
            "Downloaded {}: put it in the brat collection beside the .ann and .txt files.",
            names.join(", ")
        ),
        Choice::LabelStudioConfig => format!(
            "Downloaded {}: paste it as the labelling interface of a Label Studio project.",
            names.join(", ")
        ),
        Choice::Main(_) => format!("Downloaded {}.", names.join(", ")),
    }
}

/// The `accept` list of the file input: articles and every format that
/// can be opened (a hint to the file picker; any file can still be chosen).
pub const ACCEPT: &str = ".txt,.json,.jsonl,.ndjson,.ann,.conll,.iob,.bio,.spacy,.jsonld,text/plain,application/json,application/ld+json";

/// A file the user chose: its name and bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Chosen {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl Chosen {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Chosen {
        Chosen {
            name: name.into(),
            bytes: bytes.into(),
        }
    }
}

/// What the chosen files turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum Opened {
    /// Annotations, to open as they are. `status` says what was opened;
    /// `notice`, when there is one, what was not taken over (it stays on
    /// screen until dismissed).
    Doc {
        doc: Document,
        status: String,
        notice: Option<String>,
    },
    /// An article to annotate (normalised).
    Text(String),
}

fn lower_ends(name: &str, ending: &str) -> bool {
    name.to_lowercase().ends_with(ending)
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

/// Reads the chosen files: one article (`.txt`) or annotation file of any
/// importable format (detected by `format::detect`), or a brat `.ann`
/// with its `.txt`. `open` is the text of the article already open: a
/// lone `.ann` is placed on it when it fits, and W3C annotations are
/// re-anchored onto it. The error is a sentence for the user (nothing was
/// opened).
pub fn open(files: &[Chosen], open: Option<&str>) -> Result<Opened, String> {
    match files {
        [] => Err("No file was chosen: nothing was opened.".into()),
        [one] => open_one(one, open),
        [a, b] => {
            let (ann, txt) = match (lower_ends(&a.name, ".ann"), lower_ends(&b.name, ".ann")) {
                (true, false) => (a, b),
                (false, true) => (b, a),
                _ => return Err(too_many(files)),
            };
            if detect(&txt.name, &txt.bytes).is_some() {
                return Err(too_many(files));
            }
            let text =
                std::str::from_utf8(strip_bom(&txt.bytes)).map_err(|_| not_utf8(&txt.name))?;
            if text.trim().is_empty() {
                return Err(empty(&txt.name));
            }
            let imported = format::import(&ann.bytes, Format::Brat, Some(text))
                .map_err(|e| could_not(&ann.name, &e))?;
            finish(
                &format!("{} and {}", ann.name, txt.name),
                Format::Brat,
                imported,
            )
        }
        _ => Err(too_many(files)),
    }
}

fn too_many(files: &[Chosen]) -> String {
    format!(
        "{} files were chosen: open one file at a time, or a brat .ann together with its .txt. Nothing was opened.",
        files.len()
    )
}

fn empty(name: &str) -> String {
    format!("“{name}” is empty: nothing was opened.")
}

fn not_utf8(name: &str) -> String {
    format!("“{name}” is not UTF-8 text, so it could not be opened. Save it as UTF-8 plain text (or export it again from Pressmark) and try again.")
}

/// "Could not open “x.ann” as brat standoff (.ann): line 3: …. Nothing was changed."
fn could_not(name: &str, e: &ImportError) -> String {
    could_not_and(name, e, "")
}

/// [`could_not`] with a sentence of advice before "Nothing was changed."
fn could_not_and(name: &str, e: &ImportError, advice: &str) -> String {
    let at = if e.at.is_empty() {
        String::new()
    } else {
        format!("{}: ", e.at)
    };
    format!(
        "Could not open “{name}” as {}: {at}{}.{advice} Nothing was changed.",
        e.format.describe(),
        e.reason.trim_end_matches('.')
    )
}

/// The format of a file (`None`: an article). An article whose first line
/// only looks like JSON (“[Updated] …”) is still an article.
fn detect(name: &str, bytes: &[u8]) -> Option<Format> {
    format::detect(name, bytes).filter(|f| {
        let lines = matches!(f, Format::Jsonl | Format::Doccano);
        let json = lines || matches!(f, Format::Pressmark | Format::LabelStudio | Format::W3c);
        !(json && lower_ends(name, ".txt") && !is_json(bytes, lines))
    })
}

/// Whether the file is JSON (for JSON Lines, its first line).
fn is_json(bytes: &[u8], lines: bool) -> bool {
    let bytes = strip_bom(bytes);
    let bytes = if lines {
        bytes
            .split(|&b| b == b'\n')
            .find(|l| !l.iter().all(u8::is_ascii_whitespace))
            .unwrap_or(bytes)
    } else {
        bytes
    };
    serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok()
}

fn open_one(f: &Chosen, open: Option<&str>) -> Result<Opened, String> {
    let name = f.name.as_str();
    let bytes = strip_bom(&f.bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(empty(name));
    }
    if lower_ends(name, ".csv") {
        return Err(format!(
            "“{name}” is a CSV export: it lists quotes or names but not the article, so it cannot be opened. Open the article's .json (or another annotation file) instead."
        ));
    }
    let Some(format) = detect(name, bytes) else {
        let text = std::str::from_utf8(bytes).map_err(|_| not_utf8(name))?;
        return Ok(Opened::Text(text::normalise(text)));
    };
    let imported = match format {
        Format::Brat => {
            let Some(text) = open else {
                return Err(format!(
                    "“{name}” holds brat annotations without their article: choose it together with its .txt (both files at once). Nothing was opened."
                ));
            };
            match format::import(bytes, Format::Brat, Some(text)) {
                Ok(i) if i.report.unplaced.is_empty() && !i.docs.is_empty() => i,
                Ok(_) => {
                    return Err(format!(
                        "The annotations in “{name}” do not fit the open article: choose the .ann together with its .txt (both files at once). Nothing was changed."
                    ))
                }
                Err(e) => {
                    return Err(could_not_and(
                        name,
                        &e,
                        " If it belongs to another article, choose it together with its .txt.",
                    ))
                }
            }
        }
        Format::W3c => {
            // Onto the open article when everything finds its place there,
            // else onto the text the collection carries.
            let onto = open.map(|t| format::import(bytes, Format::W3c, Some(t)));
            match onto {
                Some(Ok(i)) if i.report.unplaced.is_empty() => i,
                _ => match format::import(bytes, Format::W3c, None) {
                    Ok(i) => i,
                    // no text of its own: what fitted the open article, or
                    // why it could not be read there
                    Err(e) => match onto {
                        Some(Ok(i)) => i,
                        Some(Err(first)) => return Err(could_not(name, &first)),
                        None => return Err(could_not(name, &e)),
                    },
                },
            }
        }
        // A single JSON object with "label" in it looks like doccano to
        // detection; unless the file is named JSON Lines, it is ours first.
        Format::Doccano if !lower_ends(name, ".jsonl") && !lower_ends(name, ".ndjson") => {
            match format::import(bytes, Format::Pressmark, None) {
                Ok(i) => i,
                Err(ours) => match format::import(bytes, Format::Doccano, None) {
                    Ok(i) => i,
                    Err(theirs) if name.to_lowercase().contains("doccano") => {
                        return Err(could_not(name, &theirs))
                    }
                    Err(_) => return Err(could_not(name, &ours)),
                },
            }
        }
        f => format::import(bytes, f, None).map_err(|e| could_not(name, &e))?,
    };
    finish(name, format, imported)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The first document of an import, and what to tell the user about it.
fn finish(name: &str, format: Format, imported: Imported) -> Result<Opened, String> {
    let Imported { mut docs, report } = imported;
    let held = docs.len();
    if held == 0 {
        return Err(format!("“{name}” holds no document: nothing was opened."));
    }
    let doc = docs.swap_remove(0);
    let mut status = format!(
        "Opened “{name}” ({}): {}, {}.",
        format.describe(),
        plural(doc.entities.len(), "entity", "entities"),
        plural(doc.quotes.len(), "quote", "quotes")
    );
    let mut notice = Vec::new();
    if held > 1 {
        notice.push(format!(
            "“{name}” holds {held} documents: the first is open here (the pressmark command line converts them all)."
        ));
    }
    let summary = report.summary();
    if !report.is_clean() {
        notice.push(format!(
            "Not everything in “{name}” could be opened: {summary}."
        ));
    } else if !summary.is_empty() {
        status.push(' ');
        status += &capitalise(&summary);
        status.push('.');
    }
    Ok(Opened::Doc {
        doc,
        status,
        notice: (!notice.is_empty()).then(|| notice.join(" ")),
    })
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{reduce, Action, AppState, Target};
    use pressmark_engine::{Annotator, Label, Source};

    const ARTICLE: &str = "Ann Lee visits Paris\n\n“We will win,” said Ann Lee in Paris on Monday.";

    fn doc() -> Document {
        Annotator::new().annotate(ARTICLE)
    }

    fn err(files: &[Chosen], open_text: Option<&str>) -> String {
        match open(files, open_text) {
            Err(e) => e,
            Ok(o) => panic!("should not open: {o:?}"),
        }
    }

    fn opened(files: &[Chosen], open_text: Option<&str>) -> (Document, String, Option<String>) {
        match open(files, open_text) {
            Ok(Opened::Doc {
                doc,
                status,
                notice,
            }) => (doc, status, notice),
            other => panic!("should open annotations: {other:?}"),
        }
    }

    fn one(name: &str, bytes: impl Into<Vec<u8>>) -> Vec<Chosen> {
        vec![Chosen::new(name, bytes)]
    }

    #[test]
    fn the_menu_lists_every_format_with_pressmark_json_first() {
        let all = Choice::all();
        assert_eq!(all[0], Choice::Main(Format::Pressmark));
        assert_eq!(all[0].label(), "Pressmark JSON");
        for f in Format::ALL {
            assert!(all.contains(&Choice::Main(f)), "{f} is in the menu");
        }
        assert_eq!(all.len(), Format::ALL.len() + 2, "and two configs");
        let brat = all
            .iter()
            .position(|c| *c == Choice::Main(Format::Brat))
            .unwrap();
        assert_eq!(all[brat + 1], Choice::BratConfig);
        let keys: std::collections::HashSet<_> = all.iter().map(|c| c.key()).collect();
        assert_eq!(keys.len(), all.len(), "keys are unique");
    }

    #[test]
    fn every_download_is_named_after_the_article() {
        let d = doc();
        let names = |c: Choice| -> Vec<String> {
            downloads(&d, c, &[]).into_iter().map(|f| f.name).collect()
        };
        assert_eq!(
            names(Choice::Main(Format::Pressmark)),
            ["ann-lee-visits-paris.json"]
        );
        assert_eq!(
            names(Choice::Main(Format::Brat)),
            ["ann-lee-visits-paris.ann", "ann-lee-visits-paris.txt"]
        );
        assert_eq!(names(Choice::BratConfig), ["annotation.conf"]);
        assert_eq!(
            names(Choice::Main(Format::LabelStudio)),
            ["ann-lee-visits-paris.label-studio.json"]
        );
        assert_eq!(
            names(Choice::LabelStudioConfig),
            ["ann-lee-visits-paris.label-studio.xml"]
        );
        for f in Format::ALL {
            let files = downloads(&d, Choice::Main(f), &[]);
            assert_eq!(
                files[0].name,
                format!("ann-lee-visits-paris{}", f.extension())
            );
            assert_eq!(files[0].mime, f.mime());
            assert!(!files[0].bytes.is_empty());
        }
        // the first download is exactly what "Download JSON" saved
        let json = &downloads(&d, Choice::Main(Format::Pressmark), &[])[0];
        assert_eq!(json.bytes, format::to_json(&d).into_bytes());
        assert_eq!(json.name, text::slug_file_name(&d.text));
        // the brat .txt is the article, byte for byte
        assert_eq!(
            downloads(&d, Choice::Main(Format::Brat), &[])[1].bytes,
            ARTICLE.as_bytes()
        );
        assert_eq!(
            downloads(&d, Choice::Main(Format::Spacy), &[])[0].bytes[0],
            0x78,
            "zlib"
        );
        assert!(Choice::Main(Format::Csv).saves_work() && !Choice::BratConfig.saves_work());
        let said = downloaded(
            Choice::Main(Format::Brat),
            &downloads(&d, Choice::Main(Format::Brat), &[]),
        );
        assert!(said.contains("ann-lee-visits-paris.ann and ann-lee-visits-paris.txt"));
        assert!(said.contains("annotation.conf"));
    }

    #[test]
    fn every_importable_export_opens_back_the_same_highlights() {
        let d = doc();
        assert!(!d.entities.is_empty() && !d.quotes.is_empty());
        for f in Format::ALL.into_iter().filter(|f| f.can_import()) {
            let files: Vec<Chosen> = downloads(&d, Choice::Main(f), &[])
                .into_iter()
                .map(|x| Chosen::new(x.name, x.bytes))
                .collect();
            let (got, status, notice) = opened(&files, None);
            assert_eq!(notice, None, "{f}: nothing left out");
            assert!(status.contains(f.describe()), "{f}: {status}");
            assert_eq!(got.entities.len(), d.entities.len(), "{f}");
            let labels = |d: &Document| d.entities.iter().map(|e| e.label).collect::<Vec<_>>();
            assert_eq!(labels(&got), labels(&d), "{f}");
            if f != Format::Conll {
                assert_eq!(got.text, d.text, "{f}");
                assert_eq!(got.quotes.len(), d.quotes.len(), "{f}");
            }
            if f != Format::Pressmark && f != Format::Jsonl {
                assert!(
                    got.entities
                        .iter()
                        .all(|e| e.source == Source::Import
                            && e.rule == format!("import:{}", f.name())),
                    "{f}: imported, {:?}",
                    got.entities[0]
                );
            }
        }
    }

    #[test]
    fn brat_needs_its_text() {
        let d = doc();
        let files: Vec<Chosen> = downloads(&d, Choice::Main(Format::Brat), &[])
            .into_iter()
            .map(|x| Chosen::new(x.name, x.bytes))
            .collect();
        let ann = files[0].clone();
        // either order
        let (got, ..) = opened(&[files[1].clone(), ann.clone()], None);
        assert_eq!(got.entities.len(), d.entities.len());
        // alone: it asks for the .txt, unless the open article fits
        assert!(err(std::slice::from_ref(&ann), None).contains("together with its .txt"));
        let (got, status, _) = opened(std::slice::from_ref(&ann), Some(ARTICLE));
        assert_eq!(got.text, ARTICLE);
        assert_eq!(got.entities.len(), d.entities.len());
        assert!(status.contains("ann-lee-visits-paris.ann"));
        let other = "Something else entirely, and longer than the article was, by far: it goes on and on and on and on and on.";
        assert!(err(std::slice::from_ref(&ann), Some(other)).contains("together with its .txt"));
        // a broken line is named
        let broken = Chosen::new("bad.ann", "T1\tPERSON 0 x\tAnn\n");
        let msg = err(&[broken.clone(), files[1].clone()], None);
        assert!(
            msg.starts_with("Could not open “bad.ann” as brat standoff (.ann): line 1"),
            "{msg}"
        );
        assert!(msg.ends_with("Nothing was changed."), "{msg}");
        let msg = err(std::slice::from_ref(&broken), Some(ARTICLE));
        assert!(
            msg.contains("line 1") && msg.contains("together with its .txt"),
            "{msg}"
        );
        // two files that are not a pair
        assert!(err(&[files[1].clone(), files[1].clone()], None).contains("one file at a time"));
    }

    #[test]
    fn w3c_reanchors_onto_the_open_article() {
        let d = doc();
        let file = downloads(&d, Choice::Main(Format::W3c), &[]).remove(0);
        let files = one(&file.name, file.bytes.clone());
        // the open article has a new first paragraph: spans are found again
        let edited = format!("Breaking\n\n{ARTICLE}");
        let (got, status, notice) = opened(&files, Some(&edited));
        assert_eq!(got.text, edited);
        assert_eq!(got.entities.len(), d.entities.len());
        assert_eq!(notice, None);
        assert!(status.contains("found again"), "{status}");
        // another article: the collection's own text
        let (got, ..) = opened(&files, Some("Nothing in common here at all."));
        assert_eq!(got.text, ARTICLE);
        let msg = err(
            &one(
                "x.w3c.jsonld",
                "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", ",
            ),
            None,
        );
        assert!(
            msg.starts_with("Could not open “x.w3c.jsonld” as W3C Web Annotation (JSON-LD)"),
            "{msg}"
        );
    }

    #[test]
    fn several_documents_and_unknown_labels_are_said() {
        let a = doc();
        let b = Annotator::new().annotate("Bob Day went to Rome.");
        let bytes = format::export(&[a.clone(), b], Format::Jsonl)
            .remove(0)
            .bytes;
        let (got, _, notice) = opened(&one("two.jsonl", bytes), None);
        assert_eq!(got.text, a.text, "the first");
        assert!(notice.unwrap().contains("holds 2 documents"));
        let line = r#"{"text": "Ann Lee saw the Eiffel Tower.", "label": [[0, 7, "PER"], [16, 28, "MISC"]]}"#;
        let (got, _, notice) = opened(&one("misc.doccano.jsonl", line), None);
        assert_eq!(got.entities.len(), 1);
        assert_eq!(got.entities[0].label, Label::Person);
        let notice = notice.unwrap();
        assert!(
            notice.contains("left out") && notice.contains("MISC (1)"),
            "{notice}"
        );
    }

    #[test]
    fn articles_and_bad_files() {
        assert_eq!(
            open(&one("a.txt", "Hello\r\nworld"), None),
            Ok(Opened::Text("Hello\nworld".into()))
        );
        assert_eq!(
            open(&one("a.txt", b"\xEF\xBB\xBFHi".to_vec()), None),
            Ok(Opened::Text("Hi".into()))
        );
        // an article that starts like JSON is an article
        assert!(
            matches!(open(&one("a.txt", "[Updated] Ann Lee resigns"), None), Ok(Opened::Text(t)) if t.starts_with("[Updated]"))
        );
        assert!(matches!(
            open(&one("a.txt", "{Draft} Ann Lee resigns"), None),
            Ok(Opened::Text(_))
        ));
        assert!(err(&one("latin1.txt", b"Caf\xe9".to_vec()), None).contains("not UTF-8"));
        assert!(err(&one("empty.txt", "  \n"), None).contains("empty"));
        assert!(
            err(&one("x.json", "{\"text\": 3}"), None).contains("not a Pressmark annotation file")
        );
        assert!(err(
            &one("broken.json", "{\"text\": \"abc\", \"entities\": ["),
            None
        )
        .contains("not a Pressmark annotation file"));
        let spans =
            "{\"text\": \"a\", \"entities\": [{\"start\": 0, \"end\": 5, \"label\": \"LOC\"}]}";
        assert!(err(&one("x.txt", spans), None).contains("outside the text"));
        assert!(err(&one("spans.json", spans), None).contains("outside the text"));
        assert!(err(&one("q.quotes.csv", "quote,speaker\n"), None).contains("CSV export"));
        assert!(err(&one("x.spacy", b"\x78\x9c\x00".to_vec()), None)
            .starts_with("Could not open “x.spacy” as spaCy DocBin"));
        let json = format::to_json(&Annotator::new().annotate("Ann Lee went to Paris."));
        let (d, status, notice) = opened(&one("doc.JSON", json.as_bytes().to_vec()), None);
        assert_eq!(d.text, "Ann Lee went to Paris.");
        assert_eq!(notice, None);
        assert!(
            status.starts_with("Opened “doc.JSON” (Pressmark JSON):"),
            "{status}"
        );
        // a compact gold-style file without "format" (detection says doccano)
        let gold = r#"{"text": "Ann Lee went to Paris.", "entities": [{"start": 0, "end": 7, "label": "PERSON"}], "quotes": []}"#;
        let (d, ..) = opened(&one("gold.json", gold), None);
        assert_eq!(d.entities.len(), 1);
    }

    #[test]
    fn imported_annotations_are_kept_like_corrections() {
        let d = doc();
        let bytes = downloads(&d, Choice::Main(Format::Doccano), &[])
            .remove(0)
            .bytes;
        let (imported, ..) = opened(&one("x.doccano.jsonl", bytes), None);
        let s = reduce(&AppState::default(), Action::Load(imported.clone()));
        let ann = Annotator::new();
        // re-running the rules changes nothing: every highlight is imported
        let s1 = reduce(&s, Action::Rerun(ann.reannotate(&imported, &s.suppressed)));
        let (before, after) = (s.doc.as_ref().unwrap(), s1.doc.as_ref().unwrap());
        assert_eq!(after.entities, before.entities);
        assert_eq!(after.quotes, before.quotes);
        // deleting an imported one is not a rule suppression, and the rules
        // may then find it again
        let first = imported.entities[0].clone();
        let s2 = reduce(&s, Action::Delete(Target::Entity(first.id)));
        assert!(s2.suppressed.is_empty());
        assert!(s2.undo[0].suppressed.is_empty());
        let s3 = reduce(
            &s2,
            Action::Rerun(ann.reannotate(s2.doc.as_ref().unwrap(), &s2.suppressed)),
        );
        let back = s3
            .doc
            .as_ref()
            .unwrap()
            .entities
            .iter()
            .find(|e| e.start == first.start);
        assert_eq!(
            back.map(|e| e.source),
            Some(Source::Rule),
            "the rules' own highlight"
        );
        // relabelling one makes it a correction
        let s4 = reduce(
            &s,
            Action::Relabel {
                id: first.id,
                label: Label::Org,
            },
        );
        assert_eq!(s4.entity(first.id).unwrap().source, Source::User);
        assert!(s4.suppressed.is_empty());
    }
}
