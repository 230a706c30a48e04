#!/usr/bin/env python3
"""Writes seed inputs for the fuzz targets into fuzz/seeds/TARGET/ (not
committed: the committed corpora in fuzz/corpus/ are these seeds and what
the fuzzer found, minimized with libFuzzer's -merge=1; see README.md).

Material: the articles in tests/fixtures/*.json (their text and gold
annotations), the sentences and rules in the engine's tests, and the CLI's
output for those articles in every format. Needs the release CLI:
    nice -n 19 cargo build -p pressmark-cli --release
"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLI = ROOT / "target" / "release" / "pressmark"
OUT = ROOT / "fuzz" / "seeds"
# fuzz/src/checks.rs: the `import` target's first byte picks the format
# (index into the importable formats, in Format::ALL's order) and bit 3
# says "the rest is TEXT NUL FILE".
IMPORTABLE = ["pressmark", "jsonl", "brat", "conll", "spacy", "doccano", "label-studio", "w3c"]
WITH_TEXT = 8

n = 0


def put(target, data):
    global n
    if isinstance(data, str):
        data = data.encode()
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    n += 1
    (d / f"seed-{n:04}").write_bytes(data)


def cli(*args):
    return subprocess.run([str(CLI), *args], check=True, capture_output=True).stdout


def string_literals(path):
    """The plain "..." string literals of a Rust file (escapes decoded)."""
    src = path.read_text()
    out = []
    for m in re.finditer(r'"((?:[^"\\\n]|\\.)*)"', src):
        s = m.group(1)
        try:
            s = json.loads('"' + re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda x: chr(int(x.group(1), 16)), s)
                           .replace('"', '\\"').replace('\\\\"', '\\"') + '"')
        except Exception:
            continue
        out.append(s)
    return out


def main():
    if not CLI.exists():
        sys.exit(f"build the CLI first: {CLI} is missing")
    fixtures = sorted((ROOT / "tests" / "fixtures").glob("*.json"))
    tests = ROOT / "crates" / "engine" / "tests"
    sentences = [s for f in ["rules.rs", "user_rules.rs", "properties.rs", "formats.rs"]
                 for s in string_literals(tests / f) if " " in s and len(s) > 12]
    rules = [s for s in string_literals(tests / "user_rules.rs")
             if re.match(r"^(PERSON|ORG|LOC|NORP|DATE|NUMBER|never|cue|title|pattern)\b", s)]

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        texts = []
        for f in fixtures:
            doc = json.loads(f.read_text())
            texts.append(doc["text"])
            put("annotate", doc["text"])
            put("from_json", f.read_bytes())  # gold shape
        for s in sentences:
            put("annotate", s)
        # The CLI's output of three articles (and a short one) in every format.
        small = sorted(texts, key=len)[:3] + ["“We will win,” said Marco Rubio in Washington on Tuesday."]
        for i, t in enumerate(small):
            p = tmp / f"a{i}.txt"
            p.write_text(t)
            put("from_json", cli("annotate", str(p)))
            put("from_json", cli("annotate", "--pretty", str(p)))
            for k, fmt in enumerate(IMPORTABLE):
                d = tmp / f"out-{i}-{fmt}"
                cli("annotate", "--format", fmt, "--out-dir", str(d), str(p))
                files = sorted(d.iterdir())
                main_file = [x for x in files if x.name.startswith(f"a{i}.") and not x.name.endswith(".txt")][0]
                data = main_file.read_bytes()
                put("import", bytes([k]) + data)
                if fmt in ("brat", "w3c"):
                    put("import", bytes([k | WITH_TEXT]) + t.encode() + b"\0" + data)
        for r in rules:
            put("rules", r + "\n")
        put("rules", "\n".join(rules) + "\n")
        put("rules", "# a comment\n\nORG Acme Widgets\ncue harrumphed\ntitle Archdeacon\n")
        put("rules", "never PERSON Jordan\npattern NUMBER /\\d+ quid/i\nORG/i acme widgets\n")
    print(f"{n} seeds in {OUT}")


main()
