//! The `pressmark` binary: outputs, exit codes and error messages.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_pressmark"))
}

fn run(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The binary may exit before reading its input (a bad rule file): a
    // broken pipe here is not the test's failure.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("pressmark-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Standard output as one JSON value per line.
fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn stdin_to_stdout_with_code_point_offsets() {
    let o = run(
        &["annotate", "-"],
        "“Hi 👋,” said Dmitry Peskov in Moscow.".as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["format"], "pressmark/1");
    let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    let peskov = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["text"] == "Dmitry Peskov")
        .expect("PERSON found");
    let (s, e) = (
        peskov["start"].as_u64().unwrap() as usize,
        peskov["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(text[s..e].iter().collect::<String>(), "Dmitry Peskov");
    assert_eq!(v["quotes"][0]["speaker"]["name"], "Dmitry Peskov");
}

#[test]
fn out_dir_writes_one_file_per_input() {
    let dir = tmp("outdir");
    std::fs::write(dir.join("a.txt"), "President Trump spoke on Tuesday.").unwrap();
    std::fs::write(dir.join("b.txt"), "").unwrap();
    let out = dir.join("out");
    let o = bin()
        .args([
            "annotate",
            dir.join("a.txt").to_str().unwrap(),
            dir.join("b.txt").to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let a: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("a.json")).unwrap()).unwrap();
    assert!(a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["text"] == "Trump" && e["label"] == "PERSON"));
    // Empty text gives a valid empty document.
    let b: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("b.json")).unwrap()).unwrap();
    assert_eq!(b["text"], "");
    assert_eq!(b["entities"].as_array().unwrap().len(), 0);
}

#[test]
fn missing_file_and_non_utf8_exit_2_with_clear_messages() {
    let dir = tmp("errors");
    let o = bin()
        .args(["annotate", dir.join("nope.txt").to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nope.txt: cannot read"),
        "{}",
        stderr(&o)
    );
    let bad = dir.join("latin1.txt");
    std::fs::write(&bad, b"caf\xe9 society").unwrap();
    let o = bin()
        .args(["annotate", bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("latin1.txt: not UTF-8 text (invalid byte at offset 3)"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn usage_errors_exit_1() {
    for args in [
        &["annotate"][..],
        &["frobnicate"],
        &["annotate", "a", "b"],
        &["annotate", "--threads", "0", "--jsonl"],
    ] {
        let o = bin().args(args).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).contains("USAGE"));
    }
    assert!(bin().arg("--help").output().unwrap().status.success());
}

#[test]
fn jsonl_streams_in_order_and_skips_bad_lines() {
    let mut input = String::new();
    for i in 0..300 {
        input.push_str(&format!("{{\"id\": \"doc{i}\", \"text\": \"Angela Merkel met Emmanuel Macron in Paris in {}.\"}}\n", 1900 + i % 120));
        if i == 7 {
            input.push_str("{not json\n");
        }
        if i == 8 {
            input.push_str("{\"id\": 5}\n\n");
        }
    }
    let mut bytes = input.into_bytes();
    bytes.extend_from_slice(b"{\"id\": \"latin\", \"text\": \"caf\xe9\"}\n");
    let o = run(&["annotate", "--jsonl", "--threads", "3"], &bytes);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a skipped line makes the exit code 2"
    );
    let err = stderr(&o);
    assert!(err.contains("line 9: malformed JSON"), "{err}");
    assert!(err.contains("line 11: malformed JSON"), "{err}");
    assert!(err.contains("line 304: not UTF-8"), "{err}");
    assert!(
        err.contains("300 documents written, 3 lines skipped"),
        "{err}"
    );
    let lines: Vec<serde_json::Value> = json_lines(&o);
    assert_eq!(lines.len(), 300);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], format!("doc{i}"));
        let year = (1900 + i % 120).to_string();
        assert!(l["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == "Paris" && e["label"] == "LOC"));
        assert!(l["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == year.as_str() && e["label"] == "DATE"));
    }
}

/// Entities of a JSON document as (text, label, rule).
fn ents(v: &serde_json::Value) -> Vec<(String, String, String)> {
    v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or("").to_string();
            (s("text"), s("label"), s("rule"))
        })
        .collect()
}

const BEAT: &str = "# my beat\nORG Zorblax Dynamics\nnever Saturday Night Live\ncue harrumphed\nLOC/i upper mawby\n";
const ARTICLE: &str = "Zorblax Dynamics hired Jo Bloggs from Upper Mawby. She watched Saturday Night Live on Saturday.\n\n“Never again,” harrumphed Maria Lopez.";

#[test]
fn rules_file_applies_tags_never_and_cues() {
    let dir = tmp("rules-good");
    let rules = dir.join("beat.rules");
    std::fs::write(&rules, BEAT).unwrap();
    let r = rules.to_str().unwrap();
    let o = run(&["annotate", "--rules", r, "-"], ARTICLE.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got = ents(&v);
    let has =
        |t: &str, l: &str, rule: &str| got.iter().any(|g| g.0 == t && g.1 == l && g.2 == rule);
    assert!(
        has("Zorblax Dynamics", "ORG", &format!("user:{r}:2")),
        "{got:?}"
    );
    assert!(has("Upper Mawby", "LOC", &format!("user:{r}:5")), "{got:?}");
    // never: nothing inside the phrase, but the other Saturday is a DATE.
    assert!(
        !got.iter()
            .any(|g| g.0.contains("Night") || g.0 == "Saturday Night Live"),
        "{got:?}"
    );
    assert_eq!(
        got.iter().filter(|g| g.0 == "Saturday").count(),
        1,
        "{got:?}"
    );
    // cue: the quote is attributed through the user's verb, and says so.
    let q = &v["quotes"][0];
    assert_eq!(q["speaker"]["name"], "Maria Lopez");
    assert_eq!(q["cue"]["text"], "harrumphed");
    assert_eq!(q["rule"], format!("user:{r}:4"));
    // The stamp names both rule sets.
    assert!(v["rules"]["builtin"]
        .as_str()
        .is_some_and(|h| h.len() == 12));
    assert!(v["rules"]["user"].as_str().is_some_and(|h| h.len() == 12));
    // Without the file: no user rules, "user" is null.
    let o = run(&["annotate", "-"], ARTICLE.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["rules"]["user"].is_null());
    assert!(!ents(&v).iter().any(|g| g.2.starts_with("user:")));
}

#[test]
fn two_rule_files_later_wins_and_jsonl_uses_them() {
    let dir = tmp("rules-two");
    let a = dir.join("a.rules");
    let b = dir.join("b.rules");
    std::fs::write(&a, "PERSON Zorblax Dynamics\ntitle Archdeacon\n").unwrap();
    std::fs::write(&b, "ORG Zorblax Dynamics\n").unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let input = "{\"id\": 7, \"text\": \"Zorblax Dynamics met Archdeacon Jo Bloggs.\"}\n";
    let o = run(
        &["annotate", "--rules", a, "--rules", b, "--jsonl", "-"],
        input.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["id"], 7);
    let got = ents(&v);
    assert!(
        got.contains(&(
            "Zorblax Dynamics".into(),
            "ORG".into(),
            format!("user:{b}:1")
        )),
        "{got:?}"
    );
    // The user's title stays outside the name.
    assert!(
        got.iter().any(|g| g.0 == "Jo Bloggs" && g.1 == "PERSON"),
        "{got:?}"
    );
    assert!(!got.iter().any(|g| g.0.contains("Archdeacon")), "{got:?}");
}

#[test]
fn bad_rule_files_exit_2_naming_file_and_line_before_any_output() {
    let dir = tmp("rules-bad");
    let out = dir.join("out");
    let text = dir.join("a.txt");
    std::fs::write(&text, ARTICLE).unwrap();
    let cases: &[(&[u8], &str)] = &[
        (
            b"ORG Acme\nFIRM Acme Ltd\n",
            ":2: unknown directive \"FIRM\"",
        ),
        (b"# ok\n\nPERSON\n", ":3: the rule has no phrase"),
        (
            b"pattern ORG /(unclosed/\n",
            ":1: the regular expression does not compile",
        ),
        (b"pattern PLACE /x+/\n", ":1: unknown label \"PLACE\""),
        (b"ORG Acme\nLOC Caf\xe9\n", ":2: not UTF-8 text"),
        (b"title Deputy Mayor\n", ":1: a title is one word"),
    ];
    for (i, (content, want)) in cases.iter().enumerate() {
        let rules = dir.join(format!("bad{i}.rules"));
        std::fs::write(&rules, content).unwrap();
        let r = rules.to_str().unwrap();
        for args in [
            vec![
                "annotate",
                "--rules",
                r,
                text.to_str().unwrap(),
                "--out-dir",
                out.to_str().unwrap(),
            ],
            vec!["annotate", "--rules", r, "--jsonl", "-"],
        ] {
            let o = run(&args, b"{\"text\": \"Acme\"}\n");
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            let err = stderr(&o);
            assert!(
                err.contains(&format!("{r}{want}")),
                "{want:?} not in {err:?}"
            );
            assert!(
                o.stdout.is_empty(),
                "nothing may be written: {:?}",
                o.stdout
            );
            assert!(!out.exists(), "no output directory may be created");
        }
    }
    let missing = dir.join("missing.rules");
    let o = run(
        &["annotate", "--rules", missing.to_str().unwrap(), "-"],
        b"x",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing.rules: cannot read"),
        "{}",
        stderr(&o)
    );
    let o = run(&["annotate", "-", "--rules"], b"x");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn formats_to_stdout_and_out_dir() {
    let dir = tmp("formats");
    let a = dir.join("a.txt");
    std::fs::write(&a, "“Hi 👍🏽,” said Zoë Ñandú in Oslo.").unwrap();
    let a = a.to_str().unwrap();
    // Text formats of one input go to standard output.
    let o = run(&["annotate", "--format", "conll", a], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("-DOCSTART- -X- -X- O\n"), "{out}");
    assert!(
        out.contains("Zoë _ _ B-PERSON\nÑandú _ _ I-PERSON\n"),
        "{out}"
    );
    // brat and spacy need --out-dir.
    for f in ["brat", "spacy"] {
        let o = run(&["annotate", "--format", f, a], b"");
        assert_eq!(o.status.code(), Some(1), "{f}");
        assert!(stderr(&o).contains("use --out-dir"), "{}", stderr(&o));
    }
    let out = dir.join("out");
    let o = run(
        &[
            "annotate",
            "--format",
            "brat",
            a,
            "--out-dir",
            out.to_str().unwrap(),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for f in ["a.ann", "a.txt", "annotation.conf"] {
        assert!(out.join(f).exists(), "{f}");
    }
    let ann = std::fs::read_to_string(out.join("a.ann")).unwrap();
    assert!(ann.contains("\tPERSON 14 23\tZoë Ñandú\n"), "{ann}");
    assert!(ann.contains("Speaker Arg1:"), "{ann}");
    // No temporary files are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // Unknown formats are a usage error naming the choices.
    let o = run(&["annotate", "--format", "xml", a], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown format \"xml\""),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("label-studio"), "{}", stderr(&o));
}

#[test]
fn convert_round_trips_and_reports() {
    let dir = tmp("convert");
    let a = dir.join("a.txt");
    std::fs::write(&a, "Ann Lee met Bob Jones in Paris on Monday.").unwrap();
    let out = dir.join("out");
    let o = run(
        &[
            "annotate",
            "--format",
            "brat",
            a.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    // brat → pressmark: the .txt is found beside the .ann; detected format.
    let ann = out.join("a.ann");
    let o = run(
        &["convert", "--to", "pressmark", ann.to_str().unwrap()],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got = ents(&v);
    assert!(
        got.contains(&("Ann Lee".into(), "PERSON".into(), "import:brat".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("Paris".into(), "LOC".into(), "import:brat".into())),
        "{got:?}"
    );
    assert!(v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["source"] == "import"));
    // A foreign label is reported, not silently dropped.
    let d = dir.join("x.doccano.jsonl");
    std::fs::write(
        &d,
        "{\"text\": \"Ann went to Paris.\", \"label\": [[0, 3, \"PER\"], [12, 17, \"MISC\"]]}\n",
    )
    .unwrap();
    let o = run(&["convert", "--to", "pressmark", d.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("MISC (1)"), "{}", stderr(&o));
    // Broken input: exit 2 naming file and line, nothing written.
    let bad = dir.join("bad.ann");
    std::fs::write(&bad, "T1\tPERSON 0 3\tAnn\nT2 no tabs here\n").unwrap();
    std::fs::write(dir.join("bad.txt"), "Ann Lee").unwrap();
    let conv = dir.join("conv");
    let o = run(
        &[
            "convert",
            "--from",
            "brat",
            "--to",
            "pressmark",
            bad.to_str().unwrap(),
            "--out-dir",
            conv.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.ann: brat: line 2"),
        "{}",
        stderr(&o)
    );
    assert!(!conv.join("bad.json").exists());
    let o = run(
        &["convert", "--to", "w3c", "-"],
        b"{\"@context\": 1, \"type\": \"AnnotationCollection\"}",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("w3c: first.items") || stderr(&o).contains("w3c:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn outputs_never_overwrite_inputs_or_each_other() {
    let dir = tmp("safety");
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::create_dir_all(dir.join("b")).unwrap();
    let x1 = dir.join("a/x.txt");
    let x2 = dir.join("b/x.txt");
    std::fs::write(&x1, "Ann Lee in Paris.").unwrap();
    std::fs::write(&x2, "Bob Jones in Rome.").unwrap();
    let out = dir.join("o");
    let o = run(
        &[
            "annotate",
            x1.to_str().unwrap(),
            x2.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2), "two inputs, one output name");
    assert!(stderr(&o).contains("would both write"), "{}", stderr(&o));
    assert!(
        !out.exists() || std::fs::read_dir(&out).unwrap().next().is_none(),
        "nothing written"
    );
    // An output that is an input: refused, the input untouched.
    let j = dir.join("a/doc.json");
    std::fs::write(&j, "keep me").unwrap();
    let o = run(
        &[
            "annotate",
            j.to_str().unwrap(),
            "--out-dir",
            dir.join("a").to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("would overwrite the input"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_to_string(&j).unwrap(), "keep me");
    // brat's .txt companion beside its own input: refused too.
    let o = run(
        &[
            "annotate",
            "--format",
            "brat",
            x1.to_str().unwrap(),
            "--out-dir",
            dir.join("a").to_str().unwrap(),
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&x1).unwrap(), "Ann Lee in Paris.");
}

#[test]
fn jsonl_with_formats_and_a_byte_order_mark() {
    let input = "\u{feff}{\"id\": \"a\", \"text\": \"Ann Lee in Paris.\"}\n{\"id\": \"b\", \"text\": \"Bob Jones in Rome.\"}\n";
    let o = run(&["annotate", "--jsonl", "-"], input.as_bytes());
    assert!(
        o.status.success(),
        "the BOM is not part of the first line: {}",
        stderr(&o)
    );
    assert_eq!(String::from_utf8(o.stdout).unwrap().lines().count(), 2);
    let o = run(
        &["annotate", "--jsonl", "--format", "doccano", "-"],
        input.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = json_lines(&o);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["text"], "Bob Jones in Rome.");
    let o = run(
        &["annotate", "--jsonl", "--format", "brat", "-"],
        input.as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    let dir = tmp("jsonl-spacy");
    let o = run(
        &[
            "annotate",
            "--jsonl",
            "--format",
            "spacy",
            "-",
            "--out-dir",
            dir.to_str().unwrap(),
        ],
        input.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("stdin.spacy").exists());
}

#[test]
fn endless_binary_input_is_refused_at_once_and_a_bom_skipped() {
    // /dev/urandom never ends: only a check while reading can refuse it.
    if std::path::Path::new("/dev/urandom").exists() {
        let o = run(&["annotate", "/dev/urandom"], b"");
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("/dev/urandom: not UTF-8 text"),
            "{}",
            stderr(&o)
        );
    }
    let o = run(&["annotate", "-"], "\u{feff}Ann Lee in Paris.".as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["text"], "Ann Lee in Paris.");
    assert_eq!(v["entities"][0]["start"], 0);
}

#[test]
fn sources_table_csv_and_jsonl_agree_with_the_document_json() {
    let dir = tmp("sources");
    let a = dir.join("a.txt");
    std::fs::write(
        &a,
        "“We will win,” said Maria Jones in Washington. “It is close,” she added.\n\n\
         “No comment,” the World Health Organization said.\n\n“Who knows,” one voter said.",
    )
    .unwrap();
    // The same article annotated, then corrected: the speaker of the
    // second quote removed by hand.
    let json = run(&["annotate", a.to_str().unwrap()], b"");
    assert!(json.status.success(), "{}", stderr(&json));
    let mut doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let from_doc = doc["sources"].clone();
    let rows: Vec<(String, u64, u64)> = from_doc
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["speaker"].as_str().unwrap_or("-").to_string(),
                r["quotes"].as_u64().unwrap(),
                r["words"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows[0], ("Maria Jones".to_string(), 2, 6), "{rows:?}");
    doc["quotes"][1]["speaker"] = serde_json::Value::Null;
    let corrected = dir.join("corrected.json");
    std::fs::write(&corrected, doc.to_string()).unwrap();

    // --jsonl: the document JSON's own rows, per article.
    let o = run(
        &[
            "sources",
            "--jsonl",
            a.to_str().unwrap(),
            corrected.to_str().unwrap(),
        ],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = json_lines(&o);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["sources"], from_doc);
    assert_eq!(lines[0]["file"], a.to_str().unwrap());
    // The correction counts: one quote of Maria Jones is unattributed now.
    let maria = |v: &serde_json::Value| {
        v["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["speaker"] == "Maria Jones")
            .map(|r| r["quotes"].as_u64().unwrap())
    };
    assert_eq!((maria(&lines[0]), maria(&lines[1])), (Some(2), Some(1)));

    // The table adds both articles up.
    let o = run(
        &["sources", a.to_str().unwrap(), corrected.to_str().unwrap()],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let table = String::from_utf8(o.stdout).unwrap();
    let maria_line = table
        .lines()
        .find(|l| l.starts_with("Maria Jones"))
        .unwrap();
    let cols: Vec<&str> = maria_line.split_whitespace().collect();
    assert_eq!(&cols[2..6], &["person", "2", "3", "9"], "{table}");
    assert!(table.contains("(unattributed)"), "{table}");
    assert!(table.contains("in 2 articles"), "{table}");
    assert!(table.contains("estimate"), "{table}");

    // CSV from standard input and a JSONL corpus.
    let corpus = dir.join("corpus.jsonl");
    std::fs::write(
        &corpus,
        "{\"id\": 7, \"text\": \"“Yes,” said Tom Lee.\"}\n{\"id\": 8, \"text\": \"“No way,” said Tom Lee.\"}\n",
    )
    .unwrap();
    let o = run(&["sources", "--csv", corpus.to_str().unwrap()], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8(o.stdout).unwrap(),
        "speaker,kind,articles,quotes,words,share,gender,gender_basis\r\nTom Lee,person,2,2,3,1,man,given name\r\n"
    );

    // Bad inputs: a clear message, exit 2, the good input still counted.
    let bad = dir.join("bad.jsonl");
    std::fs::write(&bad, "{\"text\": 5}\n").unwrap();
    let o = run(
        &["sources", bad.to_str().unwrap(), a.to_str().unwrap()],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.jsonl:1: expected"),
        "{}",
        stderr(&o)
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("Maria Jones"));
    let o = run(&["sources", "-"], b"\xff\xfe");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not UTF-8"), "{}", stderr(&o));
    let o = run(&["sources", "--csv", "--jsonl", "x"], b"");
    assert_eq!(o.status.code(), Some(1));
}
