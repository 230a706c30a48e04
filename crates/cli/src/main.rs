//! `pressmark`: the annotation engine on the command line.
//!
//! ```text
//! pressmark annotate FILE... [--out-dir DIR]   one JSON document per input
//! pressmark annotate --jsonl [FILE|-]          {"id","text"} per line in, one document per line out
//! pressmark annotate --rules my.rules …         with user rules (any mode, repeatable)
//! pressmark annotate --format brat …            any export format
//! pressmark convert --from F --to G FILE...     between formats
//! pressmark sources FILE... [--csv|--jsonl]     who is quoted, how much
//! ```

use pressmark_engine::format::{self, Format};
use pressmark_engine::{Annotator, Document, RuleSet};
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod sources;

const USAGE: &str = "\
pressmark — annotate news articles: entities, quotes and speakers

USAGE:
    pressmark annotate [--rules FILE]... [--format F] FILE... [--out-dir DIR]
    pressmark annotate [--rules FILE]... [--format F] --jsonl [FILE|-] [--threads N]
    pressmark convert [--from F] --to G FILE... [--out-dir DIR]
    pressmark sources [--rules FILE]... FILE... [--csv | --jsonl]
    pressmark formats

    FILE        a UTF-8 text file; '-' reads standard input
    --rules     a .rules file of user rules (repeatable; later files win for
                the same phrase); a bad rule exits 2 with FILE:LINE: reason
                before anything is written. The format is in the README.
    --format    the output format (default pressmark); `pressmark formats`
                lists them. One text file goes to standard output; several
                files, brat (.ann + .txt + annotation.conf) and the binary
                spacy format need --out-dir
    --out-dir   write DIR/NAME<ending> for each input (default: standard
                output, allowed for one input only)
    --jsonl     read one {\"id\": ..., \"text\": ...} object per line and write
                one annotated document (with its id) per line, in input order,
                using all cores; a bad line is reported and skipped. With
                --format: jsonl, doccano and conll stream; label-studio and
                spacy are written at the end
    --threads   worker threads for --jsonl (default: all cores)
    --pretty    indent the JSON (default: compact, one document per line)
    --from      convert: the input format (default: detected from each file;
                a brat .ann reads the .txt beside it)
    --to        convert: the output format

    sources     who is quoted and how much: one row per speaker (fullest
                name), with quotes, words quoted, share of all quoted words,
                kind and a gender estimate; one table over all FILEs. A FILE
                is a text (annotated first), a Pressmark JSON file (its
                corrected annotations), or .jsonl (one {\"id\",\"text\"} or
                Pressmark document a line). --csv: the table as CSV; --jsonl:
                one line per article instead ({\"file\", \"sources_summary\",
                \"sources\"}, as in the document JSON)

Offsets in the output are Unicode code points. Outputs are written to a
temporary file and renamed, never over an input, and two inputs that would
write the same output are refused before anything is written. Exit codes:
0 success, 2 an input or a rule file could not be read or a line was
malformed, 1 usage error.";

/// A failure tied to one input, reported and turned into exit code 2.
#[derive(Debug)]
enum InputError {
    Missing(String, io::Error),
    NotUtf8 { name: String, offset: usize },
    Write(String, io::Error),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::Missing(name, e) => write!(f, "{name}: cannot read: {e}"),
            InputError::NotUtf8 { name, offset } => write!(
                f,
                "{name}: not UTF-8 text (invalid byte at offset {offset})"
            ),
            InputError::Write(name, e) => write!(f, "{name}: cannot write: {e}"),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Command {
    Annotate,
    Convert,
    Sources,
}

struct Args {
    command: Command,
    files: Vec<String>,
    rules: Vec<String>,
    format: Option<Format>,
    from: Option<Format>,
    out_dir: Option<PathBuf>,
    jsonl: bool,
    csv: bool,
    pretty: bool,
    threads: Option<usize>,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    let command = match it.next().as_deref() {
        Some("annotate") => Command::Annotate,
        Some("convert") => Command::Convert,
        Some("sources") => Command::Sources,
        Some("formats") => {
            for f in Format::ALL {
                let dir = if f.can_import() {
                    "export, import"
                } else {
                    "export"
                };
                println!("{:<13} {:<40} {dir}", f.name(), f.describe());
            }
            std::process::exit(0);
        }
        Some("-h" | "--help" | "help") => return Err(String::new()),
        Some("-V" | "--version") => {
            println!("pressmark {}", env!("CARGO_PKG_VERSION"));
            std::process::exit(0);
        }
        Some(other) => return Err(format!("unknown command {other:?}")),
        None => return Err("missing command".into()),
    };
    let format_arg = |name: &str, v: Option<String>| -> Result<Format, String> {
        let v = v.ok_or(format!("{name} needs a format"))?;
        Format::parse(&v).ok_or(format!(
            "{name}: unknown format {v:?} (one of: {})",
            Format::ALL.map(|f| f.name()).join(", ")
        ))
    };
    let mut a = Args {
        command,
        files: Vec::new(),
        rules: Vec::new(),
        format: None,
        from: None,
        out_dir: None,
        jsonl: false,
        csv: false,
        pretty: false,
        threads: None,
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out-dir" | "-o" => {
                a.out_dir = Some(it.next().ok_or("--out-dir needs a directory")?.into())
            }
            "--rules" | "-r" => a.rules.push(it.next().ok_or("--rules needs a file")?),
            "--format" | "--to" => a.format = Some(format_arg(&arg, it.next())?),
            "--from" => {
                let f = format_arg("--from", it.next())?;
                if !f.can_import() {
                    return Err(format!("--from: {} files cannot be read", f.name()));
                }
                a.from = Some(f);
            }
            "--jsonl" => a.jsonl = true,
            "--csv" => a.csv = true,
            "--pretty" => a.pretty = true,
            "--threads" | "-j" => {
                let n = it.next().ok_or("--threads needs a number")?;
                a.threads = Some(
                    n.parse()
                        .ok()
                        .filter(|&n: &usize| n > 0)
                        .ok_or(format!("--threads: not a positive number: {n:?}"))?,
                );
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option {s:?}")),
            _ => a.files.push(arg),
        }
    }
    if a.command == Command::Convert {
        if a.format.is_none() {
            return Err("convert needs --to FORMAT".into());
        }
        if a.jsonl || !a.rules.is_empty() {
            return Err("convert takes no --jsonl or --rules".into());
        }
    }
    if a.command == Command::Sources {
        if a.format.is_some() || a.out_dir.is_some() || a.pretty || a.threads.is_some() {
            return Err("sources takes FILEs, --rules, and --csv or --jsonl".into());
        }
        if a.csv && a.jsonl {
            return Err("sources: --csv or --jsonl, not both".into());
        }
        if a.files.is_empty() {
            return Err("sources: no input files (use '-' for standard input)".into());
        }
        return Ok(a);
    }
    if a.csv {
        return Err("--csv is an option of sources (for CSV output use --format csv)".into());
    }
    if a.files.is_empty() {
        if a.jsonl {
            a.files.push("-".into());
        } else {
            return Err("no input files (use '-' for standard input)".into());
        }
    }
    if a.jsonl && a.files.len() > 1 {
        return Err("--jsonl reads one input".into());
    }
    if !a.jsonl && a.out_dir.is_none() && a.files.len() > 1 {
        return Err("several inputs need --out-dir".into());
    }
    if let Some(f) = a.format {
        if a.out_dir.is_none() && !a.jsonl && (f.is_binary() || f == Format::Brat) {
            return Err(format!(
                "--format {f} writes {}: use --out-dir",
                if f == Format::Brat {
                    ".ann, .txt and annotation.conf"
                } else {
                    "a binary file"
                }
            ));
        }
        if a.jsonl
            && matches!(
                f,
                Format::Brat | Format::W3c | Format::Csv | Format::EntitiesCsv
            )
        {
            return Err(format!(
                "--format {f} holds one document: annotate the articles as files instead of --jsonl"
            ));
        }
        if a.jsonl && f.is_binary() && a.out_dir.is_none() {
            return Err(format!("--format {f} writes a binary file: use --out-dir"));
        }
    }
    Ok(a)
}

/// The name outputs for `input` are called after: its file stem.
fn stem(input: &str) -> String {
    if input == "-" {
        return "stdin".into();
    }
    Path::new(input)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document")
        .to_string()
}

/// One file to write: where, and what.
struct Output {
    path: PathBuf,
    bytes: Vec<u8>,
}

/// Where an export's files go in `dir`: `STEM<ending>`, or the file's own
/// name for shared companions (brat's `annotation.conf`).
fn placed(dir: &Path, stem: &str, files: Vec<format::ExportFile>) -> Vec<Output> {
    files
        .into_iter()
        .map(|f| Output {
            path: if f.suffix.starts_with('.') {
                dir.join(format!("{stem}{}", f.suffix))
            } else {
                dir.join(&f.suffix)
            },
            bytes: f.bytes,
        })
        .collect()
}

/// The same file, as far as the file system can tell (paths that do not
/// exist yet compare by their absolute form).
fn same_file(a: &Path, b: &Path) -> bool {
    let canon = |p: &Path| {
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            let abs = std::env::current_dir().unwrap_or_default().join(p);
            match (
                abs.parent().and_then(|d| std::fs::canonicalize(d).ok()),
                abs.file_name(),
            ) {
                (Some(d), Some(n)) => d.join(n),
                _ => abs,
            }
        })
    };
    canon(a) == canon(b)
}

/// Refuses, before anything is written, outputs that would overwrite an
/// input or each other (a shared companion with the same bytes is fine).
fn check_outputs(outputs: &[(String, Vec<Output>)], inputs: &[String]) -> Result<(), String> {
    let mut seen: Vec<(&Path, &str, &[u8])> = Vec::new();
    for (input, outs) in outputs {
        for o in outs {
            if let Some(i) = inputs
                .iter()
                .find(|i| *i != "-" && same_file(Path::new(i), &o.path))
            {
                return Err(format!(
                    "{}: would overwrite the input {i}; choose another --out-dir",
                    o.path.display()
                ));
            }
            if let Some((_, other, _)) = seen
                .iter()
                .find(|(p, _, b)| same_file(p, &o.path) && *b != o.bytes.as_slice())
            {
                return Err(format!(
                    "{other} and {input} would both write {}; rename one or annotate them into different --out-dir",
                    o.path.display()
                ));
            }
            seen.push((&o.path, input, &o.bytes));
        }
    }
    Ok(())
}

/// Writes `bytes` to `path` through a temporary file beside it, renamed
/// into place: an interrupted run leaves no half-written output.
fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// [`write_atomic`] of what `write` writes, as it writes it.
fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<std::fs::File>) -> io::Result<()>,
) -> io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
    let tmp = path.with_file_name(format!(".{name}.pressmark-{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp)
        .and_then(|f| {
            let mut w = BufWriter::with_capacity(1 << 16, f);
            write(&mut w)?;
            w.flush()
        })
        .and_then(|_| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn write_all(outputs: Vec<(String, Vec<Output>)>) -> Result<(), String> {
    let mut written: Vec<PathBuf> = Vec::new();
    for (_, outs) in outputs {
        for o in outs {
            if written.contains(&o.path) {
                continue;
            }
            if let Some(dir) = o.path.parent() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("{}: cannot create directory: {e}", dir.display()))?;
            }
            write_atomic(&o.path, &o.bytes)
                .map_err(|e| InputError::Write(o.path.display().to_string(), e).to_string())?;
            written.push(o.path);
        }
    }
    Ok(())
}

/// The bytes of one document in the chosen format (ours: compact or
/// pretty JSON with a newline, as before `--format` existed).
fn exported(doc: Document, a: &Args) -> Vec<format::ExportFile> {
    match a.format.unwrap_or(Format::Pressmark) {
        Format::Pressmark => {
            let json = if a.pretty {
                format::to_json(&doc)
            } else {
                format::to_json_compact(&doc)
            };
            vec![format::ExportFile {
                suffix: ".json".into(),
                bytes: (json + "\n").into_bytes(),
            }]
        }
        f => format::export(&[doc], f),
    }
}

/// Reads every input, turns each into an export with `make`, checks the
/// outputs, then writes them (or the one text file to standard output).
fn run_files(
    a: &Args,
    text: bool,
    mut make: impl FnMut(&str, Vec<u8>) -> Result<Vec<(String, Vec<format::ExportFile>)>, String>,
) -> ExitCode {
    let mut outputs = Vec::new();
    let mut failed = false;
    for name in &a.files {
        let read = if text {
            read_text(name).map(String::into_bytes)
        } else {
            read_bytes(name)
        };
        let bytes = match read {
            Ok(b) => b,
            Err(e) => {
                eprintln!("pressmark: {e}");
                failed = true;
                continue;
            }
        };
        match make(name, bytes) {
            Ok(exports) => {
                for (stem, files) in exports {
                    let outs = match &a.out_dir {
                        Some(dir) => placed(dir, &stem, files),
                        None => files
                            .into_iter()
                            .take(1)
                            .map(|f| Output {
                                path: PathBuf::from("-"),
                                bytes: f.bytes,
                            })
                            .collect(),
                    };
                    outputs.push((name.clone(), outs));
                }
            }
            Err(msg) => {
                eprintln!("pressmark: {msg}");
                failed = true;
            }
        }
    }
    if a.out_dir.is_some() {
        if let Err(msg) = check_outputs(&outputs, &a.files) {
            eprintln!("pressmark: {msg}");
            return ExitCode::from(2);
        }
        if let Err(msg) = write_all(outputs) {
            eprintln!("pressmark: {msg}");
            return ExitCode::from(2);
        }
    } else {
        let mut out = io::stdout().lock();
        for (_, outs) in outputs {
            for o in outs {
                if let Err(e) = out.write_all(&o.bytes) {
                    return stdout_failed(e);
                }
            }
        }
    }
    exit_code(failed)
}

fn read_bytes(name: &str) -> Result<Vec<u8>, InputError> {
    let mut bytes = Vec::new();
    let res = if name == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(name).map(|b| bytes = b)
    };
    res.map_err(|e| InputError::Missing(name.to_string(), e))?;
    Ok(bytes)
}

/// Reads a text input, checking UTF-8 as the bytes arrive: a file that is
/// not text (even an endless one, `/dev/urandom`) is refused at its first
/// bad byte, not after reading it all. A byte order mark is skipped.
fn read_text(name: &str) -> Result<String, InputError> {
    let mut reader: Box<dyn Read> = if name == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(name).map_err(|e| InputError::Missing(name.to_string(), e))?)
    };
    let mut buf: Vec<u8> = Vec::new();
    // A file's size as a hint: one allocation of the right size instead of
    // doubling (which held up to twice the text). Devices and pipes say 0.
    if name != "-" {
        if let Ok(m) = std::fs::metadata(name) {
            let _ = buf.try_reserve_exact(usize::try_from(m.len()).unwrap_or(0).saturating_add(1));
        }
    }
    let mut checked = 0;
    let mut chunk = vec![0u8; 1 << 16];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(InputError::Missing(name.to_string(), e)),
        };
        buf.extend_from_slice(&chunk[..n]);
        match std::str::from_utf8(&buf[checked..]) {
            Ok(_) => checked = buf.len(),
            // A character cut by the chunk's end: wait for the rest.
            Err(e) if e.error_len().is_none() && n > 0 => checked += e.valid_up_to(),
            Err(e) => {
                return Err(InputError::NotUtf8 {
                    name: name.to_string(),
                    offset: checked + e.valid_up_to(),
                })
            }
        }
        if n == 0 {
            break;
        }
    }
    let text = String::from_utf8(buf).map_err(|e| InputError::NotUtf8 {
        name: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })?;
    let mut text = text;
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8()); // in place, no second copy
    }
    Ok(text)
}

fn annotate_files(ann: &Annotator, a: &Args) -> ExitCode {
    if a.format.unwrap_or(Format::Pressmark) == Format::Pressmark {
        match &a.out_dir {
            None => return annotate_to_stdout(ann, a),
            Some(dir) => {
                if let Some(code) = annotate_to_dir(ann, a, dir) {
                    return code;
                }
            }
        }
    }
    run_files(a, true, |name, text| {
        let text = String::from_utf8(text).unwrap_or_default();
        Ok(vec![(stem(name), exported(ann.annotate(&text), a))])
    })
}

/// `--out-dir` with Pressmark JSON, one input at a time: each is read,
/// annotated and streamed to `DIR/STEM.json` before the next is read, so
/// memory holds one document, not every output. Only when no output is an
/// input or another input's output (the names alone tell); otherwise `None`,
/// and [`run_files`] checks every output before writing any, as always.
fn annotate_to_dir(ann: &Annotator, a: &Args, dir: &Path) -> Option<ExitCode> {
    let paths: Vec<PathBuf> = a
        .files
        .iter()
        .map(|n| dir.join(format!("{}.json", stem(n))))
        .collect();
    let clash = paths.iter().enumerate().any(|(i, p)| {
        a.files
            .iter()
            .any(|n| n != "-" && same_file(Path::new(n), p))
            || paths[..i].iter().any(|q| same_file(q, p))
    });
    if clash {
        return None;
    }
    let mut failed = false;
    for (name, path) in a.files.iter().zip(&paths) {
        let text = match read_text(name) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("pressmark: {e}");
                failed = true;
                continue;
            }
        };
        let doc = ann.annotate(&text);
        drop(text);
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("pressmark: {}: cannot create directory: {e}", dir.display());
            return Some(ExitCode::from(2));
        }
        let written = write_atomic_with(path, |w| {
            format::write_json(&doc, a.pretty, &mut *w).and_then(|_| w.write_all(b"\n"))
        });
        if let Err(e) = written {
            eprintln!(
                "pressmark: {}",
                InputError::Write(path.display().to_string(), e)
            );
            return Some(ExitCode::from(2));
        }
    }
    Some(exit_code(failed))
}

/// One text to standard output as Pressmark JSON (`parse_args` allows one
/// input without `--out-dir`), streamed: the input text is dropped once the
/// document holds its own copy, and the JSON, ~4 times the text, is written
/// as it is made instead of built in memory first.
fn annotate_to_stdout(ann: &Annotator, a: &Args) -> ExitCode {
    let Some(name) = a.files.first() else {
        return ExitCode::from(1);
    };
    let text = match read_text(name) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("pressmark: {e}");
            return ExitCode::from(2);
        }
    };
    let doc = ann.annotate(&text);
    drop(text);
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let res = format::write_json(&doc, a.pretty, &mut out)
        .and_then(|_| out.write_all(b"\n"))
        .and_then(|_| out.flush());
    match res {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => stdout_failed(e),
    }
}

/// `convert`: each input imported (its format given or detected), then
/// exported; what an import could not take over is said on stderr.
fn convert_files(a: &Args) -> ExitCode {
    let to = a.format.unwrap_or(Format::Pressmark);
    run_files(a, false, |name, bytes| {
        let from = match a.from.or_else(|| format::detect(name, &bytes)) {
            Some(f) => f,
            None => {
                return Err(format!(
                    "{name}: cannot tell its format; say it with --from"
                ))
            }
        };
        let text = if from == Format::Brat && name != "-" {
            let txt = Path::new(name).with_extension("txt");
            let t = std::fs::read(&txt).map_err(|e| {
                format!(
                    "{name}: the brat text {} cannot be read: {e}",
                    txt.display()
                )
            })?;
            Some(String::from_utf8(t).map_err(|e| {
                format!(
                    "{}: not UTF-8 text (invalid byte at offset {})",
                    txt.display(),
                    e.utf8_error().valid_up_to()
                )
            })?)
        } else {
            None
        };
        let imported =
            format::import(&bytes, from, text.as_deref()).map_err(|e| format!("{name}: {e}"))?;
        if !imported.report.is_clean() || imported.report.reanchored > 0 {
            eprintln!("pressmark: {name}: warning: {}", imported.report.summary());
        }
        let docs = imported.docs;
        let single = matches!(
            to,
            Format::Brat | Format::W3c | Format::Csv | Format::EntitiesCsv | Format::Pressmark
        );
        if single {
            let many = docs.len() > 1;
            if many && a.out_dir.is_none() {
                return Err(format!(
                    "{name}: holds {} documents; {to} writes one a file: use --out-dir",
                    docs.len()
                ));
            }
            Ok(docs
                .into_iter()
                .enumerate()
                .map(|(i, d)| {
                    let s = if many {
                        format!("{}-{}", stem(name), i + 1)
                    } else {
                        stem(name)
                    };
                    (s, exported(d, a))
                })
                .collect())
        } else {
            Ok(vec![(stem(name), format::export(&docs, to))])
        }
    })
}

/// The built-in rules plus every `--rules` file, or the first problem as
/// `FILE: …` / `FILE:LINE: reason`.
fn build_annotator(rule_files: &[String]) -> Result<Annotator, String> {
    let mut builder = Annotator::builder();
    for path in rule_files {
        let bytes = std::fs::read(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
        let set = RuleSet::parse_bytes(path, &bytes).map_err(|e| e.to_string())?;
        builder = builder.user_rules(&set);
    }
    builder.build().map_err(|e| e.to_string())
}

/// One input line's result: the output line, or an error message.
/// One annotated line: a finished JSONL line, or the document itself for
/// formats written from many documents at once.
enum Done {
    Line(String),
    Doc(Box<Document>),
}

fn annotate_line(ann: &Annotator, line_no: usize, line: &[u8], f: Format) -> Result<Done, String> {
    // A byte order mark before the first line is not part of the JSON.
    let line = if line_no == 1 {
        line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line)
    } else {
        line
    };
    let line = std::str::from_utf8(line).map_err(|e| {
        format!(
            "line {line_no}: not UTF-8 (invalid byte at column {})",
            e.valid_up_to() + 1
        )
    })?;
    #[derive(serde::Deserialize)]
    struct In {
        #[serde(default)]
        id: Option<serde_json::Value>,
        text: String,
    }
    let input: In = serde_json::from_str(line).map_err(|e| format!("line {line_no}: malformed JSON object ({e}); expected {{\"id\": ..., \"text\": \"...\"}}"))?;
    let id = input.id.unwrap_or(serde_json::Value::from(line_no));
    let doc = ann.annotate(&input.text);
    Ok(match f {
        Format::Jsonl | Format::Pressmark => Done::Line(format::to_json_line(&doc, Some(&id))),
        _ => Done::Doc(Box::new(doc)),
    })
}

/// Streams JSONL through a pool of scoped threads in fixed-size batches:
/// memory stays bounded by the batch, output keeps input order.
fn annotate_jsonl(ann: &Annotator, a: &Args) -> ExitCode {
    let name = &a.files[0];
    let reader: Box<dyn BufRead> = if name == "-" {
        Box::new(io::stdin().lock())
    } else {
        match std::fs::File::open(name) {
            Ok(f) => Box::new(io::BufReader::with_capacity(1 << 20, f)),
            Err(e) => {
                eprintln!("pressmark: {}", InputError::Missing(name.clone(), e));
                return ExitCode::from(2);
            }
        }
    };
    let threads = a
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let fmt = a.format.unwrap_or(Format::Jsonl);
    // The output goes to a temporary file renamed at the end.
    let mut target: Option<(PathBuf, PathBuf)> = None;
    let out: Box<dyn Write> = match &a.out_dir {
        Some(dir) => {
            let ending = match fmt {
                Format::Jsonl | Format::Pressmark => ".jsonl",
                f => f.extension(),
            };
            let path = dir.join(format!("{}{ending}", stem(name)));
            if name != "-" && same_file(Path::new(name), &path) {
                eprintln!(
                    "pressmark: {}: would overwrite the input; choose another --out-dir",
                    path.display()
                );
                return ExitCode::from(2);
            }
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("pressmark: {}: cannot create directory: {e}", dir.display());
                return ExitCode::from(2);
            }
            let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("out");
            let tmp =
                path.with_file_name(format!(".{file_name}.pressmark-{}.tmp", std::process::id()));
            target = Some((tmp.clone(), path.clone()));
            match std::fs::File::create(&tmp) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    eprintln!(
                        "pressmark: {}",
                        InputError::Write(path.display().to_string(), e)
                    );
                    return ExitCode::from(2);
                }
            }
        }
        None => Box::new(io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(1 << 20, out);
    // Documents for formats written at the end (Label Studio, spaCy).
    let mut kept: Vec<Document> = Vec::new();
    let mut lines = reader.split(b'\n');
    let batch_size = 64 * threads;
    let mut line_no = 0usize;
    let (mut ok, mut bad) = (0usize, 0usize);
    loop {
        let mut batch: Vec<(usize, Vec<u8>)> = Vec::with_capacity(batch_size);
        while batch.len() < batch_size {
            match lines.next() {
                Some(Ok(mut l)) => {
                    line_no += 1;
                    if l.last() == Some(&b'\r') {
                        l.pop();
                    }
                    if l.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    batch.push((line_no, l));
                }
                Some(Err(e)) => {
                    eprintln!("pressmark: {name}: read error after line {line_no}: {e}");
                    bad += 1;
                    break;
                }
                None => break,
            }
        }
        if batch.is_empty() {
            break;
        }
        let chunk = batch.len().div_ceil(threads);
        let results: Vec<Result<Done, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|(n, l)| annotate_line(ann, *n, l, fmt))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join()
                        .unwrap_or_else(|_| vec![Err("worker thread panicked".into())])
                })
                .collect()
        });
        let mut docs = Vec::new();
        for r in results {
            match r {
                Ok(Done::Line(line)) => {
                    ok += 1;
                    if let Err(e) = writeln!(out, "{line}") {
                        eprintln!("pressmark: cannot write output: {e}");
                        return ExitCode::from(2);
                    }
                }
                Ok(Done::Doc(d)) => {
                    ok += 1;
                    docs.push(*d);
                }
                Err(msg) => {
                    bad += 1;
                    eprintln!("pressmark: {name}: {msg} (skipped)");
                }
            }
        }
        if matches!(fmt, Format::Doccano | Format::Conll) {
            // Line-oriented formats stream batch by batch.
            for f in format::export(&docs, fmt).into_iter().take(1) {
                if let Err(e) = out.write_all(&f.bytes) {
                    eprintln!("pressmark: cannot write output: {e}");
                    return ExitCode::from(2);
                }
            }
        } else {
            kept.extend(docs);
        }
    }
    if !kept.is_empty() {
        for f in format::export(&kept, fmt).into_iter().take(1) {
            if let Err(e) = out.write_all(&f.bytes) {
                eprintln!("pressmark: cannot write output: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if let Err(e) = out.flush() {
        eprintln!("pressmark: cannot write output: {e}");
        return ExitCode::from(2);
    }
    drop(out);
    if let Some((tmp, path)) = target {
        if let Err(e) = std::fs::rename(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            eprintln!(
                "pressmark: {}",
                InputError::Write(path.display().to_string(), e)
            );
            return ExitCode::from(2);
        }
    }
    if bad > 0 {
        eprintln!("pressmark: {ok} documents written, {bad} lines skipped");
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// `sources`: every input's articles into one aggregate (or one JSON line
/// each); an unreadable input is reported and skipped (exit code 2).
fn sources_files(ann: &Annotator, a: &Args) -> ExitCode {
    let mut agg = pressmark_engine::sources::Aggregate::new();
    let mut failed = false;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for name in &a.files {
        let bytes = match read_bytes(name) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("pressmark: {e}");
                failed = true;
                continue;
            }
        };
        match sources::articles(ann, name, bytes) {
            Ok(list) => {
                for art in list {
                    if a.jsonl {
                        if let Err(e) = writeln!(out, "{}", sources::line(&art)) {
                            return stdout_failed(e);
                        }
                    } else {
                        agg.add(&sources::of(&art.doc));
                    }
                }
            }
            Err(msg) => {
                eprintln!("pressmark: {msg}");
                failed = true;
            }
        }
    }
    let res = if a.jsonl {
        Ok(())
    } else if a.csv {
        sources::csv(&agg, &mut out)
    } else {
        sources::table(&agg, &mut out)
    };
    if let Err(e) = res.and_then(|_| out.flush()) {
        return stdout_failed(e);
    }
    exit_code(failed)
}

/// Standard output could not be written (a closed pipe, a full disk).
fn stdout_failed(e: io::Error) -> ExitCode {
    eprintln!(
        "pressmark: {}",
        InputError::Write("standard output".into(), e)
    );
    ExitCode::from(2)
}

/// 2 when an input failed, else success.
fn exit_code(failed: bool) -> ExitCode {
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(a) => a,
        Err(msg) if msg.is_empty() => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("pressmark: {msg}\n\n{USAGE}");
            return ExitCode::from(1);
        }
    };
    let ann = match build_annotator(&args.rules) {
        Ok(a) => a,
        Err(msg) => {
            eprintln!("pressmark: {msg}");
            return ExitCode::from(2);
        }
    };
    if args.command == Command::Convert {
        convert_files(&args)
    } else if args.command == Command::Sources {
        sources_files(&ann, &args)
    } else if args.jsonl {
        annotate_jsonl(&ann, &args)
    } else {
        annotate_files(&ann, &args)
    }
}
