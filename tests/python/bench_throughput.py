"""Throughput of the Python package (the README's numbers; not a test).

    .tools/py/bin/python tests/python/bench_throughput.py [MB]

The dev set (tests/fixtures) repeated to about MB megabytes of UTF-8 text
(default 20) goes through `Annotator.annotate_many` on 1 and 2 threads,
through a Dask `LocalCluster` of 2 single-threaded worker processes
(read_text → annotate_json → to_textfiles, as in the README), and through
`pressmark annotate --jsonl` for comparison. MB/s is input text over
wall-clock time.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pressmark

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
BIN = os.environ.get("PRESSMARK_BIN", str(ROOT / "target" / "release" / "pressmark"))


def main():
    target = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    base = [
        (p.stem, json.loads(p.read_text(encoding="utf-8"))["text"])
        for p in sorted((ROOT / "tests" / "fixtures").glob("*.json"))
    ]
    base_mb = sum(len(t.encode("utf-8")) for _, t in base) / 1e6
    copies = max(1, round(target / base_mb))
    docs = [(f"{stem}-{i}", t) for i in range(copies) for stem, t in base]
    texts = [t for _, t in docs]
    mb = base_mb * copies
    print(f"corpus: {len(docs)} articles, {mb:.1f} MB of text; {os.cpu_count()} cores")

    ann = pressmark.Annotator()
    ann.annotate_many(texts[:50])  # warm up
    for threads in (1, 2):
        t0 = time.perf_counter()
        ann.annotate_many(texts, threads=threads)
        dt = time.perf_counter() - t0
        print(f"annotate_many(threads={threads}): {dt:.2f} s, {mb / dt:.1f} MB/s")
    t0 = time.perf_counter()
    for i, t in docs:
        ann.annotate_json(t, i)
    dt = time.perf_counter() - t0
    print(f"annotate_json one by one (1 thread): {dt:.2f} s, {mb / dt:.1f} MB/s")

    import dask.bag as db
    from dask.distributed import Client, LocalCluster

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        parts = 8
        size = -(-len(docs) // parts)
        for p in range(parts):
            with open(tmp / "in" / f"part-{p:03d}.jsonl", "w", encoding="utf-8") as f:
                for i, t in docs[p * size : (p + 1) * size]:
                    f.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")

        def annotate_line(line):
            record = json.loads(line)
            return ann.annotate_json(record["text"], record.get("id"))

        t_start = time.perf_counter()
        with LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster, Client(cluster):
            t0 = time.perf_counter()
            (
                db.read_text(str(tmp / "in" / "part-*.jsonl"), encoding="utf-8", linedelimiter="\n")
                .map(annotate_line)
                .to_textfiles(
                    str(tmp / "out" / "*.jsonl"),
                    name_function=lambda i: f"{i:03d}",
                    encoding="utf-8",
                    last_endline=True,
                )
            )
            dt = time.perf_counter() - t0
        total = time.perf_counter() - t_start
        print(
            f"Dask LocalCluster(2 workers x 1 thread): {dt:.2f} s, {mb / dt:.1f} MB/s "
            f"({total:.2f} s, {mb / total:.1f} MB/s with the cluster's start and stop)"
        )

        whole = tmp / "corpus.jsonl"
        with open(whole, "wb") as out:
            for p in sorted((tmp / "in").iterdir()):
                out.write(p.read_bytes())
        for threads in (1, 2):
            t0 = time.perf_counter()
            got = subprocess.run(
                [BIN, "annotate", "--jsonl", str(whole), "--threads", str(threads)],
                capture_output=True,
                check=True,
            ).stdout
            dt = time.perf_counter() - t0
            print(f"pressmark annotate --jsonl --threads {threads}: {dt:.2f} s, {mb / dt:.1f} MB/s")
        dask_out = b"".join(p.read_bytes() for p in sorted((tmp / "out").iterdir()))
        print("Dask output identical to the CLI's:", dask_out == got)


if __name__ == "__main__":
    main()
