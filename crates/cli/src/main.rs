//! `pressmark`: the annotation engine on the command line.
//!
//! ```text
//! pressmark annotate FILE... [--out-dir DIR]   one JSON document per input
//! pressmark annotate --jsonl [FILE|-]          {"id","text"} per line in, one document per line out
//! pressmark annotate --rules my.rules …         with user rules (any mode, repeatable)
//! ```

use pressmark_engine::{format, Annotator, RuleSet};
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
pressmark — annotate news articles: entities, quotes and speakers

USAGE:
    pressmark annotate [--rules FILE]... FILE... [--out-dir DIR]
    pressmark annotate [--rules FILE]... --jsonl [FILE|-] [--threads N]

    FILE        a UTF-8 text file; '-' reads standard input
    --rules     a .rules file of user rules (repeatable; later files win for
                the same phrase); a bad rule exits 2 with FILE:LINE: reason
                before anything is written. The format is in the README.
    --out-dir   write DIR/NAME.json for each input (default: standard output,
                allowed for one input only)
    --jsonl     read one {\"id\": ..., \"text\": ...} object per line and write
                one annotated document (with its id) per line, in input order,
                using all cores; a bad line is reported and skipped
    --threads   worker threads for --jsonl (default: all cores)
    --pretty    indent the JSON (default: compact, one document per line)

Offsets in the output are Unicode code points. Exit codes: 0 success,
2 an input or a rule file could not be read or a line was malformed,
1 usage error.";

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

struct Args {
    files: Vec<String>,
    rules: Vec<String>,
    out_dir: Option<PathBuf>,
    jsonl: bool,
    pretty: bool,
    threads: Option<usize>,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Args, String> {
    match it.next().as_deref() {
        Some("annotate") => {}
        Some("-h" | "--help" | "help") => return Err(String::new()),
        Some("-V" | "--version") => {
            println!("pressmark {}", env!("CARGO_PKG_VERSION"));
            std::process::exit(0);
        }
        Some(other) => return Err(format!("unknown command {other:?}")),
        None => return Err("missing command".into()),
    }
    let mut a = Args {
        files: Vec::new(),
        rules: Vec::new(),
        out_dir: None,
        jsonl: false,
        pretty: false,
        threads: None,
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--out-dir" | "-o" => {
                a.out_dir = Some(it.next().ok_or("--out-dir needs a directory")?.into())
            }
            "--rules" | "-r" => a.rules.push(it.next().ok_or("--rules needs a file")?),
            "--jsonl" => a.jsonl = true,
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
    Ok(a)
}

fn read_input(name: &str) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    let res = if name == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(name).map(|b| bytes = b)
    };
    res.map_err(|e| InputError::Missing(name.to_string(), e))?;
    String::from_utf8(bytes).map_err(|e| InputError::NotUtf8 {
        name: name.to_string(),
        offset: e.utf8_error().valid_up_to(),
    })
}

fn out_name(input: &str) -> String {
    if input == "-" {
        return "stdin.json".into();
    }
    let stem = Path::new(input)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("document");
    format!("{stem}.json")
}

fn annotate_files(ann: &Annotator, a: &Args) -> ExitCode {
    let mut failed = false;
    if let Some(dir) = &a.out_dir {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("pressmark: {}: cannot create directory: {e}", dir.display());
            return ExitCode::from(2);
        }
    }
    for name in &a.files {
        let result = read_input(name).and_then(|text| {
            let doc = ann.annotate(&text);
            let json = if a.pretty {
                format::to_json(&doc)
            } else {
                format::to_json_compact(&doc)
            };
            match &a.out_dir {
                Some(dir) => {
                    let path = dir.join(out_name(name));
                    std::fs::write(&path, json + "\n")
                        .map_err(|e| InputError::Write(path.display().to_string(), e))
                }
                None => {
                    let mut out = io::stdout().lock();
                    writeln!(out, "{json}")
                        .map_err(|e| InputError::Write("standard output".into(), e))
                }
            }
        });
        if let Err(e) = result {
            eprintln!("pressmark: {e}");
            failed = true;
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
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
fn annotate_line(ann: &Annotator, line_no: usize, line: &[u8]) -> Result<String, String> {
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
    Ok(format::to_json_line(&ann.annotate(&input.text), Some(&id)))
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
    let out: Box<dyn Write> = match &a.out_dir {
        Some(dir) => {
            let path = dir.join(format!("{}l", out_name(name)));
            if let Err(e) = std::fs::create_dir_all(dir) {
                eprintln!("pressmark: {}: cannot create directory: {e}", dir.display());
                return ExitCode::from(2);
            }
            match std::fs::File::create(&path) {
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
        let results: Vec<Result<String, String>> = std::thread::scope(|s| {
            let handles: Vec<_> = batch
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|(n, l)| annotate_line(ann, *n, l))
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
        for r in results {
            match r {
                Ok(line) => {
                    ok += 1;
                    if let Err(e) = writeln!(out, "{line}") {
                        eprintln!("pressmark: cannot write output: {e}");
                        return ExitCode::from(2);
                    }
                }
                Err(msg) => {
                    bad += 1;
                    eprintln!("pressmark: {name}: {msg} (skipped)");
                }
            }
        }
    }
    if let Err(e) = out.flush() {
        eprintln!("pressmark: cannot write output: {e}");
        return ExitCode::from(2);
    }
    if bad > 0 {
        eprintln!("pressmark: {ok} documents written, {bad} lines skipped");
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
    if args.jsonl {
        annotate_jsonl(&ann, &args)
    } else {
        annotate_files(&ann, &args)
    }
}
