"""The spaCy component: `nlp.add_pipe("pressmark")` on a blank pipeline."""

import json
import subprocess
import sys
from importlib import metadata

import pytest

import pressmark
from conftest import SYNTHETIC

spacy = pytest.importorskip("spacy")

SENTENCE = "“We will win,” said Ann Lee in Paris. “We lost,” said Tom Baker."


def run(code):
    """`code` in a fresh interpreter; its standard output."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


def test_spacy_is_not_a_dependency():
    # Importing pressmark does not import spaCy, and the wheel requires
    # nothing outside its extras.
    assert run("import sys, pressmark; print('spacy' in sys.modules)").strip() == "False"
    requires = metadata.requires("pressmark") or []
    assert all("extra ==" in r for r in requires), requires


def test_add_pipe_finds_the_factory_by_its_entry_point():
    # No `import pressmark` first: spaCy finds it through spacy_factories.
    out = run(
        "import spacy, json\n"
        "nlp = spacy.blank('en')\n"
        "nlp.add_pipe('pressmark')\n"
        f"doc = nlp({SENTENCE!r})\n"
        "print(json.dumps([nlp.pipe_names, [(e.text, e.label_) for e in doc.ents],"
        " [(q.text, q._.speaker) for q in doc.spans['quotes']]]))"
    )
    names, ents, quotes = json.loads(out)
    assert names == ["pressmark"]
    assert ["Ann Lee", "PERSON"] in ents and ["Paris", "LOC"] in ents
    assert quotes == [["“We will win,”", "Ann Lee"], ["“We lost,”", "Tom Baker"]]
    eps = [ep for ep in metadata.entry_points(group="spacy_factories") if ep.name == "pressmark"]
    assert [ep.value for ep in eps] == ["pressmark.spacy_component:make_pressmark"]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("pressmark")
    return nlp


def check_doc(doc, pm):
    """`doc` carries `pm`'s annotations, where the tokens allow."""
    text = doc.text
    assert doc._.pressmark == pm
    ents = {(e["start"], e["end"]): e for e in pm["entities"]}
    for span in doc.ents:
        assert span.label_ in {"PERSON", "ORG", "LOC", "NORP", "DATE", "NUMBER"}
        exact = ents.get((span.start_char, span.end_char))
        if exact is not None:
            assert (span.text, span.label_) == (exact["text"], exact["label"])
        else:
            # Widened to whole tokens: it covers one of ours.
            assert any(
                span.start_char <= s and e <= span.end_char for s, e in ents
            ), span.text
    quotes = doc.spans["quotes"]
    assert len(quotes) == len(pm["quotes"])
    for n, (span, q) in enumerate(zip(quotes, pm["quotes"]), start=1):
        assert span.label_ == "QUOTE" and span.id_ == f"q{n}"
        assert span.start_char <= q["start"] and q["end"] <= span.end_char
        assert text[q["start"] : q["end"]] in span.text
        name = (q.get("speaker") or {}).get("name")
        assert span._.speaker == name
        assert span.kb_id_ == (name or "")
    mentions = [q for q in pm["quotes"] if (q.get("speaker") or {}).get("start") is not None]
    assert [s.id_ for s in doc.spans["speakers"]] == [
        f"q{pm['quotes'].index(q) + 1}" for q in mentions
    ]


def test_component_sets_ents_quotes_and_speakers(nlp):
    doc = nlp(SENTENCE)
    pm = pressmark.Annotator().annotate(SENTENCE)
    check_doc(doc, pm)
    assert [(e.text, e.label_) for e in doc.ents] == [
        (e["text"], e["label"]) for e in pm["entities"]
    ]
    assert [(q.text, q._.speaker) for q in doc.spans["quotes"]] == [
        ("“We will win,”", "Ann Lee"),
        ("“We lost,”", "Tom Baker"),
    ]
    assert [(s.text, s.label_) for s in doc.spans["speakers"]] == [
        ("Ann Lee", "SPEAKER"),
        ("Tom Baker", "SPEAKER"),
    ]


def test_char_offsets_are_code_points(nlp):
    doc = nlp(SYNTHETIC)
    pm = doc._.pressmark
    check_doc(doc, pm)
    exact = {(e.start_char, e.end_char) for e in doc.ents}
    after_flag = [e for e in pm["entities"] if e["start"] > SYNTHETIC.index("🇺🇳")]
    assert after_flag and all((e["start"], e["end"]) in exact for e in after_flag)
    assert any("👍🏽" in q.text for q in doc.spans["quotes"])


def test_dev_set_through_pipe_equals_one_by_one(nlp, corpus):
    texts = [t for _, t in corpus]
    piped = list(nlp.pipe(texts, batch_size=5))
    ann = pressmark.Annotator()
    for text, doc in zip(texts, piped):
        pm = ann.annotate(text)
        check_doc(doc, pm)
        single = nlp(text)
        assert [(e.start, e.end, e.label_) for e in doc.ents] == [
            (e.start, e.end, e.label_) for e in single.ents
        ]
        # Nearly every entity falls on spaCy's token boundaries.
        exact = {(e.start_char, e.end_char) for e in doc.ents}
        kept = sum((e["start"], e["end"]) in exact for e in pm["entities"])
        assert kept >= 0.9 * len(pm["entities"])


def test_rules_in_the_config(tmp_path):
    path = tmp_path / "beat.rules"
    path.write_text("ORG Acme Widgets\ncue harrumphed\n", encoding="utf-8")
    text = "“No,” harrumphed Jo Bloggs of Acme Widgets."
    for rules in [str(path), "ORG Acme Widgets\ncue harrumphed\n", [str(path)]]:
        nlp = spacy.blank("en")
        nlp.add_pipe("pressmark", config={"rules": rules})
        doc = nlp(text)
        assert ("Acme Widgets", "ORG") in [(e.text, e.label_) for e in doc.ents]
        assert doc.spans["quotes"][0]._.speaker == "Jo Bloggs"
    assert nlp.get_pipe_config("pressmark")["rules"] == [str(path)]
    bad = spacy.blank("en")
    with pytest.raises(ValueError, match=r"rules:1: unknown label"):
        bad.add_pipe("pressmark", config={"rules": "pattern THING /x/"})


def test_overwrite_ents_false_keeps_existing_entities():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "GPE", "pattern": "Paris"}])
    nlp.add_pipe("pressmark", config={"overwrite_ents": False})
    doc = nlp(SENTENCE)
    ents = [(e.text, e.label_) for e in doc.ents]
    assert ("Paris", "GPE") in ents and ("Ann Lee", "PERSON") in ents
    replaced = spacy.blank("en")
    replaced.add_pipe("entity_ruler").add_patterns([{"label": "GPE", "pattern": "Paris"}])
    replaced.add_pipe("pressmark")
    assert ("Paris", "LOC") in [(e.text, e.label_) for e in replaced(SENTENCE).ents]


def test_doc_serialises(nlp):
    doc = nlp(SENTENCE)
    again = spacy.tokens.Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [(e.text, e.label_) for e in again.ents] == [(e.text, e.label_) for e in doc.ents]
    assert [q.text for q in again.spans["quotes"]] == [q.text for q in doc.spans["quotes"]]
    assert [q._.speaker for q in again.spans["quotes"]] == ["Ann Lee", "Tom Baker"]
