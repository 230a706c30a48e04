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
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn tmp(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("pressmark-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
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
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
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
