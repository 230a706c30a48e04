"""Throughput of the Python package (the README's numbers; not a test).

    .tools/py/bin/python tests/python/bench_throughput.py [MB] [REPEAT]

The dev set (tests/fixtures) repeated to about MB megabytes of UTF-8 text
(default 20) goes through `Annotator.annotate_many` on 1 and 2 threads,
through a Dask `LocalCluster` of 2 single-threaded worker processes
(read_text → annotate_json → to_textfiles, as in the README), and through
`pressmark annotate --jsonl` (target/release, or PRESSMARK_BIN) for
comparison; that the outputs are identical is tests/python/test_dask.py's
job. MB/s is input text over
wall-clock time, the best of REPEAT runs (default 3: the machine is shared).
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


def best(repeat, run):
    """The shortest wall-clock time of `repeat` calls of `run`."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    target = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 3
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
        dt = best(repeat, lambda: ann.annotate_many(texts, threads=threads))
        print(f"annotate_many(threads={threads}): {dt:.2f} s, {mb / dt:.1f} MB/s")
    dt = best(repeat, lambda: [ann.annotate_json(t, i) for i, t in docs])
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
            t_ready = time.perf_counter()

            def run():
                (
                    db.read_text(
                        str(tmp / "in" / "part-*.jsonl"), encoding="utf-8", linedelimiter="\n"
                    )
                    .map(annotate_line)
                    .to_textfiles(
                        str(tmp / "out" / "*.jsonl"),
                        name_function=lambda i: f"{i:03d}",
                        encoding="utf-8",
                        last_endline=True,
                    )
                )

            t0 = time.perf_counter()
            run()
            first = time.perf_counter() - t0
            dt = min([first, best(repeat - 1, run)] if repeat > 1 else [first])
            t_body = time.perf_counter()
        once = first + (t_ready - t_start) + (time.perf_counter() - t_body)
        print(f"Dask LocalCluster(2 workers x 1 thread): {dt:.2f} s, {mb / dt:.1f} MB/s")
        print(
            f"  the first run with the cluster's start and stop: {once:.2f} s, {mb / once:.1f} MB/s"
        )

        whole = tmp / "corpus.jsonl"
        with open(whole, "wb") as out:
            for p in sorted((tmp / "in").iterdir()):
                out.write(p.read_bytes())
        for threads in (1, 2):
            cmd = [BIN, "annotate", "--jsonl", str(whole), "--threads", str(threads)]
            dt = best(repeat, lambda: subprocess.run(cmd, capture_output=True, check=True))
            print(f"pressmark annotate --jsonl --threads {threads}: {dt:.2f} s, {mb / dt:.1f} MB/s")


if __name__ == "__main__":
    main()
