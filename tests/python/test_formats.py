"""pressmark.export / load / load_all / formats: the CLI's bytes, and round trips."""

import json
import warnings

import pytest

import pressmark
from conftest import SYNTHETIC, pressmark as cli

ALL = [
    "pressmark",
    "jsonl",
    "brat",
    "conll",
    "spacy",
    "doccano",
    "label-studio",
    "w3c",
    "csv",
    "entities-csv",
    "sources-csv",
]
IMPORTABLE = ALL[:8]
# What each format keeps (README, Formats): everything but CoNLL keeps the
# text, the entities and the quotes; doccano's speaker is its mention's text.
EXACT = ["pressmark", "jsonl", "brat", "spacy", "label-studio", "w3c"]


@pytest.fixture(scope="module")
def docs(corpus):
    ann = pressmark.Annotator()
    picked = [t for _, t in corpus[:: max(1, len(corpus) // 8)]] + [SYNTHETIC]
    return [ann.annotate(t) for t in picked]


def spans(doc):
    return (
        [(e["start"], e["end"], e["label"]) for e in doc["entities"]],
        [(q["start"], q["end"], (q.get("speaker") or {}).get("name")) for q in doc["quotes"]],
    )


def load_clean(data, fmt, **kw):
    """load, failing on any LoadWarning (a clean export loses nothing)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", pressmark.LoadWarning)
        return pressmark.load(data, fmt, **kw)


def test_formats():
    assert pressmark.formats() == ALL
    assert pressmark.formats(importable=True) == IMPORTABLE


@pytest.mark.parametrize("fmt", ALL)
def test_export_is_the_cli_export(fmt, tmp_path):
    # `pressmark annotate --format F FILE --out-dir D` writes the same files.
    src = tmp_path / "article.txt"
    src.write_text(SYNTHETIC, encoding="utf-8", newline="")
    out = tmp_path / "out"
    args = ["annotate", "--format", fmt, src, "--out-dir", out]
    if fmt == "pressmark":
        args.append("--pretty")  # the download's form, which export writes
    cli(*args)
    doc = pressmark.Annotator().annotate(SYNTHETIC)
    files = pressmark.export_files(doc, fmt)
    names = [f"article{e}" if e.startswith(".") else e for e in files]
    assert sorted(names) == sorted(p.name for p in out.iterdir())
    for name, content in zip(names, files.values()):
        want = (out / name).read_bytes()
        got = content if isinstance(content, bytes) else content.encode("utf-8")
        if fmt == "pressmark":
            got += b"\n"
        assert got == want, name
    main = pressmark.export(doc, fmt)
    assert main == next(iter(files.values()))
    assert isinstance(main, bytes) if fmt == "spacy" else isinstance(main, str)
    assert len(main) > 0


@pytest.mark.parametrize("fmt", EXACT)
def test_round_trip_keeps_everything(fmt, docs):
    for doc in docs:
        data = pressmark.export(doc, fmt)
        text = doc["text"] if fmt == "brat" else None
        back = load_clean(data, fmt, text=text)
        assert back["text"] == doc["text"]
        assert spans(back) == spans(doc), fmt
        assert back["format"] == "pressmark/1"


def test_round_trip_doccano_speakers_are_mentions(docs):
    for doc in docs:
        back = load_clean(pressmark.export(doc, "doccano"), "doccano")
        assert back["text"] == doc["text"]
        assert spans(back)[0] == spans(doc)[0]
        assert [(s, e) for s, e, _ in spans(back)[1]] == [(s, e) for s, e, _ in spans(doc)[1]]
        for q in back["quotes"]:
            sp = q.get("speaker")
            if sp:
                assert sp["name"] == back["text"][sp["start"] : sp["end"]]


def test_round_trip_conll_keeps_tokens_and_labels(docs):
    for doc in docs:
        back = load_clean(pressmark.export(doc, "conll"), "conll")
        assert "".join(back["text"].split()) == "".join(doc["text"].split())
        assert back["quotes"] == []
        # Spans widen to whole tokens: same labels in order, each covering
        # at least what it covered.
        assert [e["label"] for e in back["entities"]] == [e["label"] for e in doc["entities"]]
        for got, want in zip(back["entities"], doc["entities"]):
            assert "".join(want["text"].split()) in "".join(got["text"].split())


def test_many_documents(docs):
    for fmt in ["jsonl", "conll", "spacy", "doccano", "label-studio"]:
        back = pressmark.load_all(pressmark.export(docs, fmt), fmt)
        assert len(back) == len(docs), fmt
        if fmt != "conll":
            assert [b["text"] for b in back] == [d["text"] for d in docs], fmt
        with pytest.raises(ValueError, match=f"holds {len(docs)} documents; use load_all"):
            pressmark.load(pressmark.export(docs, fmt), fmt)
    assert pressmark.load_all(pressmark.export(docs[0], "pressmark"), "pressmark")[0]["text"] == docs[0]["text"]
    with pytest.raises(ValueError, match="holds one document"):
        pressmark.export(docs, "brat")
    with pytest.raises(ValueError, match="no document"):
        pressmark.export([], "jsonl")


def test_load_accepts_bytes_and_str(docs):
    doc = docs[0]
    as_str = pressmark.export(doc, "label-studio")
    assert load_clean(as_str.encode("utf-8"), "label-studio") == load_clean(as_str, "label-studio")
    binary = pressmark.export(doc, "spacy")
    assert load_clean(bytearray(binary), "spacy") == load_clean(memoryview(binary), "spacy")
    with pytest.raises(TypeError, match="bytes"):
        pressmark.load(binary.decode("latin-1"), "spacy")
    with pytest.raises(TypeError, match="data must be str or bytes"):
        pressmark.load(42, "jsonl")


def test_load_errors_name_the_place():
    with pytest.raises(ValueError, match="unknown format \"excel\" \\(one of: pressmark, jsonl"):
        pressmark.load("x", "excel")
    with pytest.raises(ValueError, match="unknown format"):
        pressmark.export({}, "excel")
    with pytest.raises(ValueError, match="cannot be imported"):
        pressmark.load("quote,speaker\n", "csv")
    with pytest.raises(ValueError, match="needs its .txt"):
        pressmark.load("T1\tPERSON 0 3\tAnn\n", "brat")
    good = pressmark.Annotator().annotate_json("“Hi,” said Ann Lee.", 1)
    with pytest.raises(ValueError, match="line 2"):
        pressmark.load_all(good + "\n{not json\n", "jsonl")
    with pytest.raises(ValueError, match="the file is empty"):
        pressmark.load("", "pressmark")
    with pytest.raises(ValueError, match="not a Pressmark annotation file"):
        pressmark.load("[1, 2]", "pressmark")


def test_load_warns_about_what_it_leaves_out():
    line = {
        "text": "Ann Lee met Acme in Paris.",
        "label": [[0, 7, "PER"], [12, 16, "PRODUCT"], [20, 25, "GPE"]],
    }
    with pytest.warns(pressmark.LoadWarning, match="PRODUCT \\(1\\)"):
        doc = pressmark.load(json.dumps(line), "doccano")
    assert [(e["text"], e["label"]) for e in doc["entities"]] == [
        ("Ann Lee", "PERSON"),
        ("Paris", "LOC"),
    ]
    assert all(e["source"] == "import" and e["rule"] == "import:doccano" for e in doc["entities"])


def test_export_refuses_a_bad_document(docs):
    doc = json.loads(json.dumps(docs[0]))
    doc["entities"][0]["label"] = "ANIMAL"
    with pytest.raises(ValueError, match="entity #1 is invalid"):
        pressmark.export(doc, "brat")
    with pytest.raises(TypeError, match="doc must be a pressmark/1 document"):
        pressmark.export(json.dumps(docs[0]), "brat")


def test_a_loaded_document_is_a_document(docs):
    # What load returns goes back into export and sources unchanged.
    ann = pressmark.Annotator()
    doc = docs[-1]
    back = load_clean(pressmark.export(doc, "w3c"), "w3c")
    assert pressmark.export(back, "entities-csv") == pressmark.export(doc, "entities-csv")
    assert ann.sources(back)["sources_summary"] == ann.sources(doc)["sources_summary"]
