"""A corpus through Dask gives byte for byte what `pressmark annotate --jsonl` gives.

The recipe of the README: `dask.bag.read_text` over JSONL partitions on a
`LocalCluster` of two worker processes, each line annotated with
`Annotator.annotate_json` (the annotator travels to the workers pickled),
`to_textfiles` back to JSONL. The partitions' outputs, concatenated in
order, must equal the CLI's output on the concatenated input.
"""

import json

import dask.bag as db
from dask.distributed import Client, LocalCluster

import pressmark
from conftest import SYNTHETIC, pressmark as cli

PARTITIONS = 4


def records(corpus):
    out = [{"id": stem, "text": text} for stem, text in corpus]
    out.append({"id": 1, "text": SYNTHETIC})
    # Line and paragraph separators a careless line splitter would break on.
    out.append({"id": 2, "text": "“Yes,\u2028really,” said Ann Lee.\x85Next line."})
    out.append({"id": "empty", "text": ""})
    return out


def test_dask_corpus_is_byte_identical_to_the_cli(corpus, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    recs = records(corpus)
    size = -(-len(recs) // PARTITIONS)
    lines = []
    for p in range(PARTITIONS):
        part = recs[p * size : (p + 1) * size]
        # Some partitions escape non-ASCII, some do not: both are JSON.
        body = "".join(json.dumps(r, ensure_ascii=p % 2 == 0) + "\n" for r in part)
        (inputs / f"part-{p:03d}.jsonl").write_text(body, encoding="utf-8", newline="")
        lines.append(body)
    whole = tmp_path / "corpus.jsonl"
    whole.write_text("".join(lines), encoding="utf-8", newline="")
    expected = cli("annotate", "--jsonl", whole)

    ann = pressmark.Annotator()

    def annotate_line(line):
        record = json.loads(line)
        return ann.annotate_json(record["text"], record.get("id"))

    outputs = tmp_path / "out"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster, Client(cluster) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        bag = db.read_text(str(inputs / "part-*.jsonl"), encoding="utf-8", linedelimiter="\n")
        assert bag.npartitions == PARTITIONS
        (
            bag.filter(str.strip)
            .map(annotate_line)
            .to_textfiles(
                str(outputs / "*.jsonl"),
                name_function=lambda i: f"{i:03d}",
                encoding="utf-8",
                last_endline=True,
            )
        )
        # Every worker loaded the package (the tasks ran in their processes).
        versions = client.run(lambda: __import__("pressmark").__version__)
        assert set(versions.values()) == {pressmark.__version__}

    files = sorted(outputs.glob("*.jsonl"))
    assert [f.name for f in files] == [f"{i:03d}.jsonl" for i in range(PARTITIONS)]
    got = b"".join(f.read_bytes() for f in files)
    assert got.count(b"\n") == len(recs)
    assert got == expected
    assert [json.loads(x)["id"] for x in got.splitlines()] == [r["id"] for r in recs]
