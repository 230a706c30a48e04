"""Fixtures of the Python package's tests: the dev-set articles, a synthetic
article with the hard cases, and the real `pressmark` CLI to compare with.

The package under test is the installed wheel (make test-python builds and
installs it into .tools/py), never the source tree.
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


def pytest_configure(config):
    if not (BIN.is_file() and os.access(BIN, os.X_OK)):
        raise pytest.UsageError(
            f"no pressmark binary at {BIN}: run `cargo build -p pressmark-cli --locked` "
            "or set PRESSMARK_BIN (make test-python does both)"
        )


def load_corpus():
    """The dev set as (id, text), in file-name order."""
    return [
        (p.stem, json.loads(p.read_text(encoding="utf-8"))["text"])
        for p in sorted(FIXTURES.glob("*.json"))
    ]


@pytest.fixture(scope="session")
def corpus():
    docs = load_corpus()
    assert len(docs) >= 20, "the dev set is missing"
    return docs


def pressmark(*args, input=None, cwd=None):
    """Runs the CLI; returns its standard output (bytes). Fails on a non-zero exit."""
    proc = subprocess.run(
        [str(BIN), *map(str, args)],
        input=input,
        capture_output=True,
        cwd=cwd,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    return proc.stdout


def jsonl(records):
    """JSONL input for `pressmark annotate --jsonl`, as bytes."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
