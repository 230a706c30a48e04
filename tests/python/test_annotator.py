"""pressmark.Annotator: the same documents as the CLI, rules, errors, threads."""

import doctest
import json
import pickle
import random
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import pressmark
from conftest import SYNTHETIC, jsonl, pressmark as cli

HI = "“Hi,” said Ann Lee."


@pytest.fixture(scope="module")
def ann():
    return pressmark.Annotator()


def test_the_done_when_line(ann):
    # The check, in a fresh interpreter as a user would run it.
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import pressmark; print(pressmark.Annotator().annotate('“Hi,” said Ann Lee.')"
            "['quotes'][0]['speaker'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'name': 'Ann Lee'" in out


def test_annotate_returns_the_pressmark_document(ann):
    doc = ann.annotate(HI)
    assert doc["format"] == "pressmark/1"
    assert doc["text"] == HI
    assert [(e["text"], e["label"]) for e in doc["entities"]] == [("Ann Lee", "PERSON")]
    (q,) = doc["quotes"]
    assert q["text"] == "“Hi,”"
    assert q["speaker"] == {"name": "Ann Lee", "start": 11, "end": 18}
    assert q["cue"]["text"] == "said"
    assert doc["rules"] == ann.rules == {"builtin": doc["rules"]["builtin"], "user": None}
    assert doc["sources_summary"]["top_speaker"] == "Ann Lee"


def test_annotate_is_the_cli_document(ann, corpus, tmp_path):
    # `pressmark annotate FILE` writes compact JSON and a newline.
    stem, text = corpus[0]
    path = tmp_path / f"{stem}.txt"
    path.write_text(text, encoding="utf-8", newline="")
    assert ann.annotate(text) == json.loads(cli("annotate", path))


def test_annotate_json_is_the_cli_line(ann, corpus):
    records = [{"id": stem, "text": text} for stem, text in corpus]
    records += [
        {"id": 7, "text": SYNTHETIC},
        {"id": {"b": [1, 2.5], "a": None}, "text": HI},
        {"id": "empty", "text": ""},
        {"text": HI},  # no id: the CLI writes the line number
    ]
    lines = cli("annotate", "--jsonl", "-", input=jsonl(records)).decode("utf-8").splitlines()
    assert len(lines) == len(records)
    for n, (r, line) in enumerate(zip(records, lines), start=1):
        assert ann.annotate_json(r["text"], r.get("id"), line=n) == line, r.get("id")
    assert json.loads(lines[-1])["id"] == len(records)
    assert ann.annotate_json(HI) == ann.annotate_json(HI, 1)


def test_annotate_json_id_must_be_json(ann):
    with pytest.raises(TypeError):
        ann.annotate_json(HI, {1, 2})
    with pytest.raises(ValueError):
        ann.annotate_json(HI, float("nan"))


def test_annotate_many_keeps_order_and_equals_annotate(ann, corpus):
    texts = [t for _, t in corpus] + [SYNTHETIC, "", HI]
    # Long and short articles mixed, so the threads finish out of order.
    rng = random.Random(13)
    texts = texts * 3
    rng.shuffle(texts)
    one_by_one = [ann.annotate(t) for t in texts]
    assert ann.annotate_many(texts) == one_by_one
    assert ann.annotate_many(texts, threads=1) == one_by_one
    assert ann.annotate_many(texts, threads=2) == one_by_one
    assert ann.annotate_many(texts, threads=64) == one_by_one
    assert [d["text"] for d in ann.annotate_many(texts)] == texts


def test_annotate_many_takes_any_iterable(ann):
    assert ann.annotate_many(t for t in [HI, ""]) == [ann.annotate(HI), ann.annotate("")]
    assert ann.annotate_many([]) == []
    assert ann.annotate_many((HI,), 1) == [ann.annotate(HI)]


def test_annotate_many_threads_must_be_positive(ann):
    with pytest.raises(ValueError, match="threads"):
        ann.annotate_many([HI], threads=0)
    with pytest.raises(OverflowError):
        ann.annotate_many([HI], threads=-1)


def test_annotator_is_shared_by_python_threads(ann, corpus):
    texts = [t for _, t in corpus]
    expected = [ann.annotate(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(ann.annotate, texts)) == expected


@pytest.mark.parametrize(
    "bad", [b"bytes", None, 5, ["a list"], bytearray(b"x")], ids=lambda b: type(b).__name__
)
def test_text_must_be_str(ann, bad):
    with pytest.raises(TypeError, match="text must be str"):
        ann.annotate(bad)
    with pytest.raises(TypeError, match="text must be str"):
        ann.annotate_json(bad, "id")


def test_annotate_many_names_the_bad_text(ann):
    with pytest.raises(TypeError, match=r"texts\[1\] must be str, not int"):
        ann.annotate_many([HI, 5])
    with pytest.raises(TypeError, match="list of texts"):
        ann.annotate_many(HI)
    with pytest.raises(TypeError):
        ann.annotate_many(5)


def test_empty_text(ann):
    doc = ann.annotate("")
    assert (doc["text"], doc["entities"], doc["quotes"]) == ("", [], [])
    assert doc["sources_summary"]["quotes"] == 0
    assert ann.annotate_many([""]) == [doc]


def test_offsets_are_code_points(ann):
    doc = ann.annotate(SYNTHETIC)
    text = doc["text"]
    assert text == SYNTHETIC
    for e in doc["entities"]:
        assert text[e["start"] : e["end"]] == e["text"], e
    spans = {(e["start"], e["end"]) for e in doc["entities"]}
    for q in doc["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"], q
        sp = q.get("speaker") or {}
        if sp.get("start") is not None:
            assert (sp["start"], sp["end"]) in spans, sp
    # The test means something only if spans come after the astral
    # characters and the combining accent, and a quote holds the emoji.
    assert any(e["start"] > text.index("🇺🇳") for e in doc["entities"])
    assert any(e["start"] > text.index("e\u0301") for e in doc["entities"])
    assert any("👍🏽" in q["text"] for q in doc["quotes"])
    names = {q["speaker"]["name"] for q in doc["quotes"] if q.get("speaker")}
    assert {"Dmitry Peskov", "Emmanuel Macron"} <= names


# --------------------------------------------------------------------------
# User rules

RULES = """# a beat's rules
ORG Acme Widgets
cue harrumphed
"""
SENTENCE = "“No,” harrumphed Jo Bloggs of Acme Widgets."


def user_entity(doc):
    return [(e["text"], e["label"], e["rule"]) for e in doc["entities"] if e["rule"].startswith("user:")]


def test_rules_as_file_are_the_cli_rules(tmp_path):
    path = tmp_path / "beat.rules"
    path.write_text(RULES, encoding="utf-8")
    by_str = pressmark.Annotator(str(path))
    by_path = pressmark.Annotator(path)
    assert user_entity(by_str.annotate(SENTENCE)) == [("Acme Widgets", "ORG", f"user:{path}:2")]
    assert by_str.annotate(SENTENCE)["quotes"][0]["cue"]["text"] == "harrumphed"
    assert by_path.annotate_json(SENTENCE, "a") == by_str.annotate_json(SENTENCE, "a")
    line = cli("annotate", "--rules", path, "--jsonl", "-", input=jsonl([{"id": "a", "text": SENTENCE}]))
    assert by_str.annotate_json(SENTENCE, "a") + "\n" == line.decode("utf-8")
    assert by_str.rules["user"] is not None
    assert "beat.rules" in repr(by_str)


def test_rules_as_text_and_lists(tmp_path):
    ann = pressmark.Annotator(RULES)
    assert user_entity(ann.annotate(SENTENCE)) == [("Acme Widgets", "ORG", "user:rules:2")]
    # The same rules from a file hash the same (the hash is over the rules).
    path = tmp_path / "beat.rules"
    path.write_text(RULES, encoding="utf-8")
    assert pressmark.Annotator(path).rules == ann.rules
    both = pressmark.Annotator([path, "PERSON Jo Bloggs"])
    found = user_entity(both.annotate(SENTENCE))
    assert ("Jo Bloggs", "PERSON", "user:rules[1]:1") in found
    assert ("Acme Widgets", "ORG", f"user:{path}:2") in found
    assert pressmark.Annotator(RULES.encode("utf-8")).rules == ann.rules
    assert pressmark.Annotator([]).rules == pressmark.Annotator().rules
    assert pressmark.Annotator(None).rules["user"] is None


def test_bad_rules_file_names_file_and_line(tmp_path):
    path = tmp_path / "bad.rules"
    path.write_text("ORG Acme\n# fine so far\nPERSONS Jo Bloggs\n", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        pressmark.Annotator(path)
    assert str(err.value).startswith(f"{path}:3: unknown directive \"PERSONS\"")


def test_bad_rules_message_is_the_cli_message(tmp_path):
    from conftest import BIN

    path = tmp_path / "bad.rules"
    path.write_text("pattern ORG /[/\n", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        pressmark.Annotator(str(path))
    proc = subprocess.run(
        [str(BIN), "annotate", "--rules", str(path), "-"], input=b"x", capture_output=True
    )
    assert proc.returncode == 2
    assert proc.stderr.decode("utf-8").strip() == f"pressmark: {err.value}"
    assert str(err.value).startswith(f"{path}:1: the regular expression does not compile")


def test_bad_rule_text_names_its_line():
    with pytest.raises(ValueError, match=r"^rules:2: unknown label \"COMPANY\""):
        pressmark.Annotator("ORG Acme\npattern COMPANY /x/\n")
    with pytest.raises(ValueError, match=r"^rules\[1\]:1: "):
        pressmark.Annotator(["ORG Acme", "title Two Words"])
    with pytest.raises(ValueError, match=r"^rules:1: not UTF-8 text"):
        pressmark.Annotator(b"ORG Acme \xff\n")


def test_rules_file_errors(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing.rules"):
        pressmark.Annotator(str(tmp_path / "missing.rules"))
    with pytest.raises(FileNotFoundError):
        pressmark.Annotator(tmp_path / "missing.txt")
    with pytest.raises(TypeError, match="rules must be"):
        pressmark.Annotator(42)
    with pytest.raises(TypeError, match="rules must be"):
        pressmark.Annotator([RULES, 42])


def test_annotator_pickles_with_its_rules(tmp_path):
    path = tmp_path / "beat.rules"
    path.write_text(RULES, encoding="utf-8")
    ann = pressmark.Annotator([path, "PERSON Jo Bloggs"])
    copy = pickle.loads(pickle.dumps(ann))
    path.unlink()  # the copy carries the rules, not the path
    assert copy.rules == ann.rules
    assert copy.annotate_json(SENTENCE, 1) == ann.annotate_json(SENTENCE, 1)
    assert repr(copy) == repr(ann)
    assert isinstance(copy, pressmark.Annotator)


# --------------------------------------------------------------------------
# Sources


def test_sources_is_the_cli_table(ann, corpus, tmp_path):
    stem, text = next((s, t) for s, t in corpus if "steve-jobs" in s)
    path = tmp_path / f"{stem}.txt"
    path.write_text(text, encoding="utf-8", newline="")
    line = json.loads(cli("sources", "--jsonl", path))
    assert line.pop("file") == str(path)
    assert ann.sources(text) == line
    doc = ann.annotate(text)
    assert ann.sources(doc) == line
    assert line["sources_summary"]["quotes"] == len(doc["quotes"]) > 0


def test_sources_counts_the_corrected_document(ann):
    doc = ann.annotate("“We will win,” said Ann Lee. “We lost,” said Tom Baker.")
    assert ann.sources(doc)["sources_summary"]["speakers"] == 2
    # A correction: the second quote has no speaker after all.
    del doc["quotes"][1]["speaker"]
    table = ann.sources(doc)
    assert table["sources_summary"]["speakers"] == 1
    assert table["sources_summary"]["unattributed_share"] > 0
    assert [r["speaker"] for r in table["sources"]] == ["Ann Lee", None]


def test_sources_refuses_a_bad_document(ann):
    doc = ann.annotate(HI)
    doc["entities"][0]["end"] = 1000
    with pytest.raises(ValueError, match="entity #1 is invalid"):
        ann.sources(doc)
    with pytest.raises(TypeError):
        ann.sources(42)


# --------------------------------------------------------------------------
# The package


def test_docstring_examples_run():
    import pressmark.spacy_component

    for module in (pressmark, pressmark.spacy_component):
        failed, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert tried > 0 and failed == 0, module.__name__


def test_package_is_typed_and_documented():
    root = Path(pressmark.__file__).parent
    assert (root / "py.typed").is_file()
    stub = (root / "_pressmark.pyi").read_text(encoding="utf-8")
    for name in pressmark.__all__:
        if name != "__version__":
            assert f" {name}" in stub, name
            assert getattr(pressmark, name).__doc__, name
    for method in ("annotate", "annotate_json", "annotate_many", "sources"):
        assert getattr(pressmark.Annotator, method).__doc__, method
        assert f"def {method}(" in stub
    assert pressmark.__version__ == "0.1.0"
