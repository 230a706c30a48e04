"""Fixtures of the interop tests: the articles, the reference annotations and
every export, each made once per session by the real `pressmark` CLI.

The reference is `pressmark annotate --format pressmark`: entities with
code-point `start`/`end`/`label`/`text`, quotes with `start`/`end` and a
`speaker` `{name, start, end}`. Python strings index by code point too, so
`text[start:end]` is what every format must point at.
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
BIN = Path(os.environ.get("PRESSMARK_BIN", ROOT / "target" / "debug" / "pressmark"))

# The hard cases in one article (tests/synthetic.txt, shared with the other
# Python test suite): an emoji with a skin-tone modifier (two code points,
# four UTF-16 units), a flag (two regional indicators), a combining acute
# accent, CRLF line ends, and a quote that runs across a paragraph break.
SYNTHETIC = (ROOT / "tests" / "synthetic.txt").read_bytes().decode("utf-8")

STEMS = sorted(p.stem for p in FIXTURES.glob("*.json")) + ["synthetic"]

# Each export's main file, by format.
ENDING = {
    "pressmark": ".json",
    "jsonl": ".jsonl",
    "brat": ".ann",
    "conll": ".conll",
    "spacy": ".spacy",
    "doccano": ".doccano.jsonl",
    "label-studio": ".label-studio.json",
    "w3c": ".w3c.jsonld",
    "csv": ".quotes.csv",
    "entities-csv": ".entities.csv",
}


def pytest_configure(config):
    if not (BIN.is_file() and os.access(BIN, os.X_OK)):
        raise pytest.UsageError(
            f"no pressmark binary at {BIN}: run `cargo build -p pressmark-cli --locked` "
            "or set PRESSMARK_BIN (make test-interop does both)"
        )


class Run:
    """A finished `pressmark` run: exit code and standard error as text."""

    def __init__(self, args, proc):
        self.args = args
        self.code = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr.decode("utf-8")

    def __repr__(self):
        return f"pressmark {' '.join(self.args)} → exit {self.code}\n{self.stderr}"


def pressmark(*args, ok=True):
    args = [str(a) for a in args]
    proc = subprocess.run([str(BIN), *args], capture_output=True, timeout=300)
    run = Run(args, proc)
    if ok:
        assert run.code == 0, repr(run)
    return run


class Reference:
    """One article as `pressmark annotate --format pressmark` annotates it."""

    def __init__(self, doc):
        self.doc = doc
        self.text = doc["text"]
        # (start, end, label), in document order.
        self.entities = [(e["start"], e["end"], e["label"]) for e in doc["entities"]]
        # (start, end) of each quote, in document order.
        self.quotes = [(q["start"], q["end"]) for q in doc["quotes"]]
        # Per quote: its speaker's fullest name ('' when none) and mention
        # span (None when none).
        self.names = []
        self.mentions = []
        self.cues = []
        for q in doc["quotes"]:
            sp = q.get("speaker") or {}
            self.names.append(sp.get("name") or "")
            s, e = sp.get("start"), sp.get("end")
            self.mentions.append((s, e) if s is not None and e is not None else None)
            cue = q.get("cue")
            self.cues.append((cue["start"], cue["end"]) if isinstance(cue, dict) else None)

    def span(self, se):
        return self.text[se[0] : se[1]]


@pytest.fixture(scope="session")
def work(tmp_path_factory):
    return tmp_path_factory.mktemp("interop")


@pytest.fixture(scope="session")
def articles(work):
    """STEM → the article text; each written to work/articles/STEM.txt as is
    (newline='' keeps the CRLFs)."""
    texts = {p.stem: json.loads(p.read_text(encoding="utf-8"))["text"] for p in FIXTURES.glob("*.json")}
    texts["synthetic"] = SYNTHETIC
    d = work / "articles"
    d.mkdir()
    for stem, text in texts.items():
        with open(d / f"{stem}.txt", "w", encoding="utf-8", newline="") as f:
            f.write(text)
    return {stem: texts[stem] for stem in STEMS}


@pytest.fixture(scope="session")
def article_paths(work, articles):
    return [work / "articles" / f"{stem}.txt" for stem in articles]


@pytest.fixture(scope="session")
def exported(work, article_paths):
    """exported(FORMAT) → the directory `pressmark annotate --format FORMAT
    --out-dir` wrote for all articles (made on first use)."""
    made = {}

    def get(fmt):
        if fmt not in made:
            out = work / "export" / fmt
            pressmark("annotate", "--format", fmt, *article_paths, "--out-dir", out)
            made[fmt] = out
        return made[fmt]

    return get


@pytest.fixture(scope="session")
def reference(exported, articles):
    """STEM → Reference."""
    out = exported("pressmark")
    refs = {}
    for stem, text in articles.items():
        doc = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        assert doc["text"] == text, f"{stem}: the reference's text is not the article"
        refs[stem] = Reference(doc)
    return refs


@pytest.fixture(scope="session")
def batch_jsonl(work, articles):
    """All articles as one {"id", "text"} JSONL file, in STEMS order."""
    path = work / "batch" / "batch.jsonl"
    path.parent.mkdir()
    with open(path, "w", encoding="utf-8", newline="") as f:
        for stem, text in articles.items():
            f.write(json.dumps({"id": stem, "text": text}, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="session")
def converted(work, exported):
    """converted(FORMAT) → (directory, run) of `pressmark convert --to
    pressmark` over all of FORMAT's exports (made on first use)."""
    made = {}

    def get(fmt):
        if fmt not in made:
            src = exported(fmt)
            inputs = sorted(src.glob(f"*{ENDING[fmt]}"))
            assert len(inputs) == len(STEMS), f"{fmt}: {len(inputs)} exports for {len(STEMS)} articles"
            out = work / "roundtrip" / fmt
            run = pressmark("convert", "--to", "pressmark", *inputs, "--out-dir", out)
            made[fmt] = (out, run)
        return made[fmt]

    return get
