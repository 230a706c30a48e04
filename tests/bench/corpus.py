#!/usr/bin/env python3
"""The benchmark's articles, from real news: every paragraph of
tests/fixtures/*.json (their "text"), in file order, repeated until the
article has 20,000 words (news-20k.txt) or 5,000,000 bytes (news-5mb.txt).
tests/bench/browser.mjs builds the same articles when it is run alone.

    python3 tests/bench/corpus.py [OUT_DIR]     (default target/bench)

Prints the two paths, one a line.
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def paragraphs():
    ps = []
    for f in sorted((ROOT / "tests/fixtures").glob("*.json")):
        text = json.loads(f.read_text("utf-8")).get("text") or ""
        ps.extend(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
    if not ps:
        sys.exit("no texts in tests/fixtures/*.json")
    return ps


def article(kind, ps):
    out, words, size = [], 0, 0
    i = 0
    while (words < 20000) if kind == "20k" else (size < 5_000_000):
        p = ps[i % len(ps)]
        out.append(p)
        words += len(p.split())
        size += len(p.encode("utf-8")) + 2
        i += 1
    return "\n\n".join(out) + "\n"


def main():
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "target/bench"
    out.mkdir(parents=True, exist_ok=True)
    ps = paragraphs()
    for kind in ("20k", "5mb"):
        p = out / f"news-{kind}.txt"
        text = article(kind, ps)
        if not p.exists() or p.read_text("utf-8") != text:
            p.write_text(text, "utf-8")
        print(p)


if __name__ == "__main__":
    main()
