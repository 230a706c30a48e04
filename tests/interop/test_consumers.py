"""The real consumer tools read Pressmark's exports.

Each test runs the tool (or the reader a consumer of the format would write)
on what `pressmark annotate --format F` wrote, and compares what the tool sees
with the reference annotation of the same article (conftest.py). Offsets are
Unicode code points on both sides: Python's `str` indexes by code point.
"""

import csv
import hashlib
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from conftest import ENDING, HERE, STEMS, SYNTHETIC, pressmark

LABELS = {"PERSON", "ORG", "LOC", "NORP", "DATE", "NUMBER"}


def squeeze(s):
    """`s` without any whitespace (what survives CoNLL's one token a line)."""
    return "".join(s.split())


# --------------------------------------------------------------------------
# The reference itself, and that the synthetic article tests what it claims.


@pytest.mark.parametrize("stem", STEMS)
def test_reference_offsets_are_code_points(stem, reference):
    ref = reference[stem]
    for e in ref.doc["entities"]:
        assert ref.text[e["start"] : e["end"]] == e["text"], e
        assert e["label"] in LABELS, e
    for q in ref.doc["quotes"]:
        assert ref.text[q["start"] : q["end"]] == q["text"], q
        sp = q.get("speaker")
        if sp and sp.get("start") is not None:
            assert (sp["start"], sp["end"]) in {
                (s, e) for s, e, _ in ref.entities
            }, f"speaker mention {sp} is not an entity"
    assert ref.entities == sorted(ref.entities), "entities are not in document order"


def test_synthetic_article_holds_the_hard_cases(reference):
    ref = reference["synthetic"]
    text = ref.text
    assert text == SYNTHETIC
    for piece in ("👍🏽", "🇺🇳", "e\u0301", "\r\n\r\n"):
        assert piece in text
    # Entities after the astral characters (their offsets differ in UTF-16
    # and UTF-8), and one right after the combining accent.
    assert any(s > text.index("🇺🇳") for s, _, _ in ref.entities)
    assert any(s > text.index("e\u0301") for s, _, _ in ref.entities)
    # A quote with an emoji inside, and one across a paragraph break.
    assert any("👍🏽" in ref.span(q) for q in ref.quotes)
    assert any("\r\n\r\n" in ref.span(q) for q in ref.quotes)
    assert all(ref.mentions), "every synthetic quote should have a speaker mention"


# --------------------------------------------------------------------------
# spaCy: DocBin().from_disk() + get_docs() with a blank English vocab.


@pytest.fixture(scope="session")
def vocab():
    import spacy

    return spacy.blank("en").vocab  # no model: nothing is downloaded


def spacy_docs(path, vocab):
    from spacy.tokens import DocBin

    return list(DocBin().from_disk(path).get_docs(vocab))


def check_spacy_doc(doc, ref):
    assert doc.text == ref.text
    assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == ref.entities
    quotes = list(doc.spans["quotes"]) if ref.quotes else list(doc.spans.get("quotes", []))
    assert [(s.start_char, s.end_char, s.label_, s.kb_id_) for s in quotes] == [
        (s, e, "QUOTE", name) for (s, e), name in zip(ref.quotes, ref.names)
    ]
    ids = [s.id_ for s in quotes]
    assert all(ids) and len(set(ids)) == len(ids), f"quote ids {ids}"
    speakers = list(doc.spans.get("speakers", []))
    assert [(s.start_char, s.end_char, s.label_, s.kb_id_, s.id_) for s in speakers] == [
        (m[0], m[1], "SPEAKER", name, qid) for m, name, qid in zip(ref.mentions, ref.names, ids) if m is not None
    ]


@pytest.mark.parametrize("stem", STEMS)
def test_spacy_reads_the_docbin(stem, exported, reference, vocab):
    docs = spacy_docs(exported("spacy") / f"{stem}.spacy", vocab)
    assert len(docs) == 1
    check_spacy_doc(docs[0], reference[stem])


def test_spacy_reads_a_multi_document_docbin_in_input_order(work, batch_jsonl, reference, vocab):
    out = work / "batch-spacy"
    pressmark("annotate", "--jsonl", batch_jsonl, "--format", "spacy", "--out-dir", out)
    docs = spacy_docs(out / "batch.spacy", vocab)
    assert [d.text for d in docs] == [reference[s].text for s in STEMS]
    for stem, doc in zip(STEMS, docs):
        check_spacy_doc(doc, reference[stem])


# --------------------------------------------------------------------------
# CoNLL-2003 IOB2, read the way CoNLL readers do and checked by seqeval.


def read_conll(path):
    """[document] of [sentence] of [(token, tag)]; asserts the layout:
    `-DOCSTART- -X- -X- O`, a blank line, sentences of `TOKEN _ _ TAG` lines
    separated by one blank line."""
    raw = path.read_bytes().decode("utf-8")
    assert "\r" not in raw, "CoNLL lines end in LF"
    assert raw.endswith("\n")
    docs = []
    sentence = None
    for n, line in enumerate(raw[:-1].split("\n"), 1):
        if line.startswith("-DOCSTART-"):
            assert line == "-DOCSTART- -X- -X- O", f"line {n}: {line!r}"
            docs.append([])
            sentence = None
            continue
        assert docs, f"line {n}: no -DOCSTART- before the first token"
        if line == "":
            sentence = None
            continue
        cols = line.split(" ")
        # Readers split on spaces (the CoNLL-2003 loaders) or on any
        # whitespace: both must find the same four columns.
        assert len(cols) == 4 and line.split() == cols, f"line {n}: {line!r} is not `TOKEN _ _ TAG`"
        assert cols[1:3] == ["_", "_"], f"line {n}: {line!r}"
        if sentence is None:
            sentence = []
            docs[-1].append(sentence)
        sentence.append((cols[0], cols[3]))
    # Exactly one blank line between sentences (and after -DOCSTART-).
    assert "\n\n\n" not in raw
    return docs


def check_conll_doc(sentences, ref):
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2, Entities

    tags = [[t for _, t in s] for s in sentences]
    tokens = [[w for w, _ in s] for s in sentences]
    for i, sent in enumerate(tags):
        for j, tag in enumerate(sent):
            assert tag == "O" or re.fullmatch(r"[BI]-[A-Z]+", tag), f"sentence {i}: tag {tag!r}"
            if tag.startswith("I-"):
                prev = sent[j - 1] if j else "O"
                assert (
                    prev[2:] == tag[2:] and prev != "O"
                ), f"sentence {i}, token {j} {tokens[i][j]!r}: {tag} after {prev} is not IOB2"
    # seqeval in strict mode: raises on a tag IOB2 does not allow; counts an
    # entity only where IOB2 says one is.
    found = sorted(
        (e for sent in Entities(tags, IOB2).entities for e in sent),
        key=lambda e: (e.sent_id, e.start),
    )
    assert [e.tag for e in found] == [label for _, _, label in ref.entities]
    for e, (s, t, label) in zip(found, ref.entities):
        assert "".join(tokens[e.sent_id][e.start : e.end]) == squeeze(
            ref.text[s:t]
        ), f"{label} {ref.text[s:t]!r} is tokens {tokens[e.sent_id][e.start : e.end]}"
    report = classification_report(tags, tags, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    support = {k: v["support"] for k, v in report.items() if not k.endswith(" avg")}
    assert support == dict(Counter(label for _, _, label in ref.entities))
    # Nothing of the article is lost but its whitespace.
    assert "".join(w for s in tokens for w in s) == squeeze(ref.text)


@pytest.mark.parametrize("stem", STEMS)
def test_conll_is_strict_iob2_for_seqeval(stem, exported, reference):
    docs = read_conll(exported("conll") / f"{stem}.conll")
    assert len(docs) == 1
    check_conll_doc(docs[0], reference[stem])


def test_conll_from_jsonl_holds_every_document_in_order(work, batch_jsonl, reference):
    out = work / "batch-conll"
    pressmark("annotate", "--jsonl", batch_jsonl, "--format", "conll", "--out-dir", out)
    docs = read_conll(out / "batch.conll")
    assert len(docs) == len(STEMS)
    for stem, sentences in zip(STEMS, docs):
        check_conll_doc(sentences, reference[stem])


# --------------------------------------------------------------------------
# Label Studio: the SDK's LabelInterface validates the config and every
# prediction; its Converter exports what an annotator would have saved.


@pytest.fixture(scope="session")
def label_studio(exported):
    from label_studio_sdk.label_interface import LabelInterface

    out = exported("label-studio")
    configs = {p.read_text(encoding="utf-8") for p in out.glob("*.label-studio.xml")}
    assert len(configs) == 1, "every article should get the same labelling config"
    config = configs.pop()
    li = LabelInterface(config)
    li.validate()  # raises when the config is not a valid Label Studio config
    return out, config, li


def ls_tasks(out, stem):
    return json.loads((out / f"{stem}.label-studio.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", STEMS)
def test_label_studio_sdk_accepts_the_tasks(stem, label_studio, reference):
    out, _, li = label_studio
    ref = reference[stem]
    tasks = ls_tasks(out, stem)
    assert len(tasks) == 1
    task = tasks[0]
    assert task["data"]["text"] == ref.text
    # validate_task() of label-studio-sdk 2.1.2 calls validate_prediction()
    # without its argument when the task has predictions (a TypeError in the
    # SDK), so the task's data is validated alone and each prediction with
    # validate_prediction(), which is what validate_task() means to do.
    assert li.validate_task({"data": task["data"]})
    assert task["predictions"], "no predictions"
    for p in task["predictions"]:
        assert li.validate_prediction(p, return_errors=True) == []
    result = task["predictions"][0]["result"]
    regions = [r for r in result if r["type"] == "labels"]
    relations = [r for r in result if r["type"] == "relation"]
    assert len(regions) + len(relations) == len(result)
    for r in regions:
        v = r["value"]
        # Label Studio stores offsets in code points (Python string indices;
        # its frontend converts from JavaScript's UTF-16 since the emoji fix),
        # so value.text is text[start:end] of the Python string.
        assert v["text"] == ref.text[v["start"] : v["end"]], r
    assert [(r["value"]["start"], r["value"]["end"], r["value"]["labels"]) for r in regions] == [
        (s, e, [label]) for s, e, label in ref.entities
    ] + [(s, e, ["QUOTE"]) for s, e in ref.quotes]
    by_id = {r["id"]: r for r in regions}
    assert len(by_id) == len(regions), "region ids are not unique"
    got = set()
    for rel in relations:
        assert rel["labels"] == ["speaker"] and rel["direction"] == "right", rel
        q, ent = by_id[rel["from_id"]], by_id[rel["to_id"]]
        assert q["value"]["labels"] == ["QUOTE"] and ent["value"]["labels"][0] in LABELS, rel
        got.add(((q["value"]["start"], q["value"]["end"]), (ent["value"]["start"], ent["value"]["end"])))
    assert got == {(q, m) for q, m in zip(ref.quotes, ref.mentions) if m is not None}


def ls_convert(tmp_path, config, tasks, fmt):
    """label_studio_sdk.converter on the tasks, their predictions copied into
    `annotations` (what Label Studio exports once they are accepted)."""
    from label_studio_sdk.converter import Converter

    for t in tasks:
        t["annotations"] = [{"id": t["id"], "result": t["predictions"][0]["result"]}]
    src = tmp_path / "tasks.json"
    src.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
    c = Converter(config, project_dir=str(tmp_path), download_resources=False)
    assert fmt in c.supported_formats
    c.convert(str(src), str(tmp_path / fmt), fmt, is_dir=False)
    return tmp_path / fmt


@pytest.mark.parametrize("stem", STEMS)
def test_label_studio_converter_json_min_reproduces_the_annotations(stem, tmp_path, label_studio, reference):
    out, config, _ = label_studio
    ref = reference[stem]
    res = ls_convert(tmp_path, config, ls_tasks(out, stem), "JSON_MIN")
    rows = json.loads((res / "result.json").read_text(encoding="utf-8"))
    assert len(rows) == 1 and rows[0]["text"] == ref.text
    assert [(x["start"], x["end"], x["text"], x["labels"]) for x in rows[0]["label"]] == [
        (s, e, ref.text[s:e], [label]) for s, e, label in ref.entities
    ] + [(s, e, ref.text[s:e], ["QUOTE"]) for s, e in ref.quotes]


def test_label_studio_converter_conll2003_finds_every_entity(tmp_path, label_studio, reference):
    """The SDK's own CONLL2003 export (NLTK's Treebank tokens; no nesting, so
    the tasks keep only their entity regions): one B- tag per entity."""
    out, config, _ = label_studio
    tasks = []
    for stem in STEMS:
        (t,) = ls_tasks(out, stem)
        t["id"] = len(tasks) + 1
        res = t["predictions"][0]["result"]
        t["predictions"][0]["result"] = [r for r in res if r["type"] == "labels" and r["value"]["labels"] != ["QUOTE"]]
        tasks.append(t)
    res = ls_convert(tmp_path, config, tasks, "CONLL2003")
    lines = (res / "result.conll").read_text(encoding="utf-8").split("\n")
    b_tags = Counter(line.rsplit(" ", 1)[1][2:] for line in lines if re.search(r" B-[A-Z]+$", line))

    def token_starts(ref):
        # Two entities in one whitespace-free run ("Muslim/non-Muslim") may
        # share a Treebank token, and then one B- tag.
        prev_end = None
        for s, e, label in ref.entities:
            if prev_end is None or re.search(r"\s", ref.text[prev_end:s]):
                yield label
            prev_end = e

    every = Counter(label for stem in STEMS for _, _, label in reference[stem].entities)
    least = Counter(label for stem in STEMS for label in token_starts(reference[stem]))
    assert set(b_tags) <= set(every)
    for label in every:
        assert least[label] <= b_tags[label] <= every[label], (label, least[label], b_tags[label], every[label])


# --------------------------------------------------------------------------
# brat: pybrat parses the standoff; annotation.conf declares what is used.


def read_conf(path):
    """annotation.conf → {section: [non-comment lines]}."""
    sections = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.fullmatch(r"\[(\w+)\]", line.strip())
        if m:
            current = m.group(1)
            assert current not in sections, f"section [{current}] twice"
            sections[current] = []
        else:
            assert current, f"{line!r} before any section"
            sections[current].append(line)
    return sections


@pytest.fixture(scope="session")
def brat(exported):
    out = exported("brat")
    conf = read_conf(out / "annotation.conf")
    assert {"entities", "relations", "events", "attributes"} <= set(conf)
    return out, conf


def pybrat_parse(directory):
    from pybrat.parser import BratParser

    return {ex.id: ex for ex in BratParser(error="raise").parse(directory)}


def conf_relations(conf):
    """[relations] → {name: (arg1 types, arg2 types)}, and the overlap rules."""
    rels, overlaps = {}, []
    for line in conf["relations"]:
        name, args = line.split("\t", 1)
        parts = dict(a.strip().split(":", 1) for a in args.split(","))
        a1, a2 = set(parts["Arg1"].split("|")), set(parts["Arg2"].split("|"))
        if name == "<OVERLAP>":
            overlaps.append((a1, a2, parts["<OVL-TYPE>"]))
        else:
            rels[name] = (a1, a2)
    return rels, overlaps


def test_brat_pybrat_reads_the_whole_directory(brat):
    out, _ = brat
    assert sorted(pybrat_parse(out)) == sorted(STEMS)


@pytest.mark.parametrize("stem", STEMS)
def test_brat_standoff_matches_the_text(stem, brat, reference, tmp_path):
    out, conf = brat
    ref = reference[stem]
    # pybrat parses a directory: this document's pair alone, so that a
    # failure names it.
    for ending in (".ann", ".txt"):
        (tmp_path / f"{stem}{ending}").symlink_to(out / f"{stem}{ending}")
    (ex,) = pybrat_parse(tmp_path).values()
    # pybrat reads the .txt in universal-newline mode (CRLF becomes LF); brat
    # itself reads it with codecs.open, keeping every CR, so offsets count
    # code points of the raw text: compare against our own raw read.
    with open(out / f"{stem}.txt", encoding="utf-8", newline="") as f:
        raw = f.read()
    assert raw == ref.text
    assert ex.text == raw.replace("\r\n", "\n").replace("\r", "\n")
    types = set(conf["entities"])
    by_id = {}
    spans = {}
    for ent in ex.entities:
        assert ent.type in types, f"{ent.id}: type {ent.type} is not in annotation.conf [entities]"
        frags = [(s.start, s.end) for s in ent.spans]
        for s, e in frags:
            assert 0 <= s < e <= len(raw), ent
            assert "\n" not in raw[s:e] and "\r" not in raw[s:e], f"{ent.id}: fragment {s} {e} crosses a line break"
        # brat's text field: the fragments' texts joined by a space.
        assert ent.mention == " ".join(raw[s:e] for s, e in frags), ent
        by_id[ent.id] = ent
        spans[ent.id] = (min(s for s, _ in frags), max(e for _, e in frags))
    kinds = {i: by_id[i].type for i in by_id}
    assert sorted((spans[i][0], spans[i][1], kinds[i]) for i in by_id if kinds[i] in LABELS) == sorted(ref.entities)
    quote_ids = sorted((i for i in by_id if kinds[i] == "Quote"), key=lambda i: spans[i])
    assert [spans[i] for i in quote_ids] == ref.quotes
    rels, overlaps = conf_relations(conf)
    speakers, cues = {}, {}
    for r in ex.relations:
        assert r.type in rels, f"{r.id}: relation {r.type} is not in annotation.conf"
        a1, a2 = rels[r.type]
        assert r.arg1.type in a1 and r.arg2.type in a2, f"{r.id}: {r.type} {r.arg1.type} → {r.arg2.type}"
        if r.type == "Speaker":
            assert r.arg1.type == "Quote" and r.arg2.type in LABELS, r.id
            speakers[spans[r.arg1.id]] = spans[r.arg2.id]
        elif r.type == "Cue-of":
            cues[spans[r.arg1.id]] = spans[r.arg2.id]
    assert speakers == {q: m for q, m in zip(ref.quotes, ref.mentions) if m is not None}
    assert cues == {q: c for q, c in zip(ref.quotes, ref.cues) if c is not None}
    # brat refuses overlapping spans unless annotation.conf allows them:
    # every overlap must be one that an <OVERLAP> rule declares.
    items = sorted(by_id, key=lambda i: spans[i])
    for x, i in enumerate(items):
        for j in items[x + 1 :]:
            if spans[j][0] >= spans[i][1]:
                break
            (s1, e1), (s2, e2) = spans[i], spans[j]
            inner, outer = (j, i) if s1 <= s2 and e2 <= e1 else (i, j) if s2 <= s1 and e1 <= e2 else (None, None)
            assert inner, f"{i} and {j} cross: brat allows only containment here"
            allowed = any(
                ovl == "contain"
                and (kinds[outer] in a1 or "<ENTITY>" in a1)
                and (kinds[inner] in a2 or "<ENTITY>" in a2)
                for a1, a2, ovl in overlaps
            )
            assert allowed, f"{outer} ({kinds[outer]}) contains {inner} ({kinds[inner]}): no <OVERLAP> rule allows it"


# --------------------------------------------------------------------------
# W3C Web Annotation: PyLD expands the collection with the standard context,
# served from the local copy tests/interop/anno.jsonld; any other URL fails.

ANNO = "http://www.w3.org/ns/anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"


class LocalLoader:
    """A PyLD document loader that serves the Web Annotation context from the
    local file and refuses (raises for) every other URL."""

    def __init__(self):
        self.context = json.loads((HERE / "anno.jsonld").read_text(encoding="utf-8"))
        self.served = []
        self.refused = []

    def __call__(self, url, options=None):
        if url != ANNO:
            self.refused.append(url)
            raise RuntimeError(f"the tests fetch nothing: refused {url}")
        self.served.append(url)
        return {"contextUrl": None, "documentUrl": url, "document": self.context}


@pytest.fixture(scope="session")
def pyld_offline():
    from pyld import jsonld

    # Also the default loader: nothing reaches the network even by mistake.
    jsonld.set_document_loader(LocalLoader())
    return jsonld


def test_w3c_loader_refuses_every_other_url(pyld_offline):
    from pyld.jsonld import JsonLdError

    loader = LocalLoader()
    with pytest.raises(JsonLdError):
        pyld_offline.expand({"@context": "https://example.org/other.jsonld", "x": 1}, {"documentLoader": loader})
    assert loader.refused == ["https://example.org/other.jsonld"] and loader.served == []


def values(node, key):
    return [v["@value"] for v in node.get(key, [])]


def ids(node, key):
    return [v["@id"] for v in node.get(key, [])]


@pytest.mark.parametrize("stem", STEMS)
def test_w3c_expands_with_the_web_annotation_context(stem, exported, reference, pyld_offline):
    ref = reference[stem]
    doc = json.loads((exported("w3c") / f"{stem}.w3c.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == ANNO
    loader = LocalLoader()
    expanded = pyld_offline.expand(doc, {"documentLoader": loader})
    assert loader.served and not loader.refused
    (coll,) = expanded
    assert coll["@type"] == [AS + "OrderedCollection"]  # AnnotationCollection
    (page,) = coll[AS + "first"]
    assert page["@type"] == [AS + "OrderedCollectionPage"]  # AnnotationPage
    items = page[AS + "items"][0]["@list"]
    assert values(coll, AS + "totalItems") == [len(items)]
    source = "urn:sha256:" + hashlib.sha256(ref.text.encode("utf-8")).hexdigest()
    got_entities, got_quotes = [], []
    for a in items:
        assert a["@type"] == [OA + "Annotation"], a["@id"]
        assert ids(a, OA + "motivatedBy") == [OA + "tagging"]
        (target,) = a[OA + "hasTarget"]
        assert ids(target, OA + "hasSource") == [source]
        sel = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
        pos, quote = sel[OA + "TextPositionSelector"], sel[OA + "TextQuoteSelector"]
        (start,), (end,) = values(pos, OA + "start"), values(pos, OA + "end")
        assert values(quote, OA + "exact") == [ref.text[start:end]]
        assert values(quote, OA + "prefix") == [ref.text[max(0, start - 32) : start]]
        assert values(quote, OA + "suffix") == [ref.text[end : end + 32]]
        bodies = a[OA + "hasBody"]
        textual = [b for b in bodies if b["@type"] == [OA + "TextualBody"]]
        # The speaker's mention: an identifying SpecificResource of the text.
        parts = [b for b in bodies if b["@type"] == [OA + "SpecificResource"]]
        assert len(textual) + len(parts) == len(bodies), bodies
        tags = [values(b, RDF_VALUE)[0] for b in textual if ids(b, OA + "hasPurpose") == [OA + "tagging"]]
        names = [values(b, RDF_VALUE)[0] for b in textual if ids(b, OA + "hasPurpose") == [OA + "identifying"]]
        assert len(tags) == 1 and len(tags) + len(names) == len(textual), bodies
        mention = None
        for p in parts:
            assert ids(p, OA + "hasPurpose") == [OA + "identifying"]
            assert ids(p, OA + "hasSource") == [source]
            psel = {s["@type"][0]: s for s in p[OA + "hasSelector"]}
            (ms,), (me,) = values(psel[OA + "TextPositionSelector"], OA + "start"), values(psel[OA + "TextPositionSelector"], OA + "end")
            assert values(psel[OA + "TextQuoteSelector"], OA + "exact") == [ref.text[ms:me]]
            mention = (ms, me)
        if tags == ["QUOTE"]:
            got_quotes.append(((start, end), names[0] if names else "", mention))
        else:
            assert not names and not parts
            got_entities.append((start, end, tags[0]))
    assert got_entities == ref.entities
    assert got_quotes == list(zip(ref.quotes, ref.names, ref.mentions))


# --------------------------------------------------------------------------
# doccano: the JSONL a sequence-labelling or relation project imports.


def check_doccano_line(line, ref):
    assert set(line) >= {"text", "label", "entities", "relations"}
    assert line["text"] == ref.text
    expected = [[s, e, label] for s, e, label in ref.entities] + [[s, e, "QUOTE"] for s, e in ref.quotes]
    assert line["label"] == expected
    ents = line["entities"]
    assert [[x["start_offset"], x["end_offset"], x["label"]] for x in ents] == expected
    by_id = {x["id"]: x for x in ents}
    assert len(by_id) == len(ents), "entity ids are not unique"
    assert len({r["id"] for r in line["relations"]}) == len(line["relations"])
    got = set()
    for r in line["relations"]:
        assert r["type"] == "SPEAKER", r
        q, m = by_id[r["from_id"]], by_id[r["to_id"]]
        assert q["label"] == "QUOTE" and m["label"] in LABELS, r
        got.add(((q["start_offset"], q["end_offset"]), (m["start_offset"], m["end_offset"])))
    assert got == {(q, m) for q, m in zip(ref.quotes, ref.mentions) if m is not None}


@pytest.mark.parametrize("stem", STEMS)
def test_doccano_jsonl_has_both_shapes(stem, exported, reference):
    raw = (exported("doccano") / f"{stem}.doccano.jsonl").read_text(encoding="utf-8")
    lines = raw.splitlines()
    assert len(lines) == 1
    check_doccano_line(json.loads(lines[0]), reference[stem])


def test_doccano_from_jsonl_holds_every_document_in_order(work, batch_jsonl, reference):
    out = work / "batch-doccano"
    pressmark("annotate", "--jsonl", batch_jsonl, "--format", "doccano", "--out-dir", out)
    lines = (out / "batch.doccano.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(STEMS)
    for stem, line in zip(STEMS, lines):
        check_doccano_line(json.loads(line), reference[stem])


# --------------------------------------------------------------------------
# CSV: Python's csv module (RFC 4180 with quoted line breaks).


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f, strict=True))


@pytest.mark.parametrize("stem", STEMS)
def test_csv_quotes(stem, exported, reference):
    ref = reference[stem]
    rows = read_csv(exported("csv") / f"{stem}.quotes.csv")
    assert rows[0] == ["quote", "speaker", "cue", "start", "end"]
    assert rows[1:] == [
        [ref.span(q), name, ref.span(c) if c else "", str(q[0]), str(q[1])]
        for q, name, c in zip(ref.quotes, ref.names, ref.cues)
    ]


@pytest.mark.parametrize("stem", STEMS)
def test_csv_entities(stem, exported, reference):
    ref = reference[stem]
    rows = read_csv(exported("entities-csv") / f"{stem}.entities.csv")
    assert rows[0] == ["name", "label", "mentions"]
    # One row per entity as the document's `clusters` group the mentions.
    clusters = ref.doc["clusters"]
    assert sorted((name, label, int(n)) for name, label, n in rows[1:]) == sorted(
        (c["name"], c["label"], len(c["mentions"])) for c in clusters
    )
    assert [int(n) for _, _, n in rows[1:]] == sorted((int(n) for _, _, n in rows[1:]), reverse=True)
    # The clusters partition the entities; each is named by one of its
    # mentions (written out in full), and a name written the same way with
    # the same label is never split over two clusters (except a person's
    # surname that two people of the article share: it goes to the nearer).
    by_id = {e["id"]: e for e in ref.doc["entities"]}
    ids = [i for c in clusters for i in c["mentions"]]
    assert sorted(ids) == sorted(by_id)
    key = lambda e: (" ".join(e["text"].split()).replace("\u2019", "'"), e["label"])
    home = {}
    for n, c in enumerate(clusters):
        assert c["name"] in {key(by_id[i])[0] for i in c["mentions"]}
        for i in c["mentions"]:
            assert by_id[i]["label"] == c["label"]
            if c["label"] != "PERSON":
                assert home.setdefault(key(by_id[i]), n) == n, f"{key(by_id[i])} is in two clusters"


# --------------------------------------------------------------------------
# Round trip: `pressmark convert --to pressmark` of each importable export.

# What each format keeps of a quote's speaker: the fullest name and the
# mention ("text": only the mention, whose text becomes the name; "derived":
# only the name, the mention found again by the importer; none uses it now).
KEEPS = {
    "brat": dict(quotes=True, name="name", mention="exact", cue=True),
    "spacy": dict(quotes=True, name="name", mention="exact", cue=False),
    "doccano": dict(quotes=True, name="text", mention="exact", cue=False),
    "label-studio": dict(quotes=True, name="name", mention="exact", cue=False),
    "w3c": dict(quotes=True, name="name", mention="exact", cue=False),
    "conll": dict(quotes=False),
}


def roundtrip_doc(converted, fmt, stem):
    out, run = converted(fmt)
    assert run.stderr == "", f"{fmt}: convert warned:\n{run.stderr}"
    name = Path(stem + ENDING[fmt]).stem + ".json"
    return json.loads((out / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", STEMS)
def test_roundtrip_jsonl_is_lossless(stem, converted, reference):
    doc = roundtrip_doc(converted, "jsonl", stem)
    ref = reference[stem].doc
    assert doc["text"] == ref["text"]
    assert doc["entities"] == ref["entities"]
    assert doc["quotes"] == ref["quotes"]


@pytest.mark.parametrize("fmt", sorted(KEEPS))
@pytest.mark.parametrize("stem", STEMS)
def test_roundtrip_through_the_cli(stem, fmt, converted, reference):
    ref = reference[stem]
    doc = roundtrip_doc(converted, fmt, stem)
    keeps = KEEPS[fmt]
    for a in doc["entities"] + doc["quotes"]:
        assert a["source"] == "import" and a["rule"] == f"import:{fmt}", a
    if fmt == "conll":
        # Lossy by design: the text is rebuilt from the tokens (whitespace
        # gone) and quotes are not written. Same entity tokens and labels.
        assert squeeze(doc["text"]) == squeeze(ref.text)
        assert [(squeeze(e["text"]), e["label"]) for e in doc["entities"]] == [
            (squeeze(ref.text[s:t]), label) for s, t, label in ref.entities
        ]
        assert doc["quotes"] == []
        return
    assert doc["text"] == ref.text
    assert [(e["start"], e["end"], e["label"]) for e in doc["entities"]] == ref.entities
    assert [(q["start"], q["end"]) for q in doc["quotes"]] == ref.quotes
    for q, name, mention, cue in zip(doc["quotes"], ref.names, ref.mentions, ref.cues):
        sp = q.get("speaker") or {}
        got = (sp.get("start"), sp.get("end")) if sp.get("start") is not None else None
        if keeps["mention"] == "exact":
            assert got == mention, q
        elif mention is not None:
            # Found again by name: an entity whose text is the name or its
            # last word.
            assert got in {(s, e) for s, e, _ in ref.entities}, q
            assert ref.span(got) in (name, name.split()[-1]), q
        if keeps["name"] == "name":
            assert sp.get("name", "") == name, q
        elif mention is not None:
            assert sp.get("name") == ref.span(mention), q
        if keeps["cue"]:
            c = q.get("cue")
            assert ((c["start"], c["end"]) if c else None) == cue, q


# --------------------------------------------------------------------------
# Bad input: exit code 2, the file and the place named, nothing written.


@pytest.fixture
def brat_pair(tmp_path, exported):
    """A copy of the synthetic article's brat export in a fresh directory:
    (the .ann's path, its lines)."""
    src = exported("brat")
    shutil.copy(src / "synthetic.txt", tmp_path / "bad.txt")
    lines = (src / "synthetic.ann").read_text(encoding="utf-8").split("\n")
    return tmp_path / "bad.ann", lines


def convert_bad(path, fmt, tmp_path):
    out = tmp_path / "out"
    run = pressmark("convert", "--from", fmt, "--to", "pressmark", path, "--out-dir", out, ok=False)
    assert run.code == 2, repr(run)
    assert str(path) in run.stderr, repr(run)
    assert not out.exists() or not any(out.iterdir()), f"output written: {list(out.iterdir())}"
    return run.stderr


def test_bad_brat_line_is_refused(brat_pair, tmp_path):
    ann, lines = brat_pair
    lines[2] = lines[2].replace("\t", " ")  # `T3 DATE 57 64 Tuesday`: no tabs
    ann.write_text("\n".join(lines), encoding="utf-8")
    err = convert_bad(ann, "brat", tmp_path)
    assert "line 3" in err, err


def test_brat_offset_past_the_text_is_refused(brat_pair, tmp_path):
    ann, lines = brat_pair
    n = len(SYNTHETIC)
    lines[3] = f"T4\tNUMBER 88 {n + 5}\t12%"
    ann.write_text("\n".join(lines), encoding="utf-8")
    err = convert_bad(ann, "brat", tmp_path)
    assert "line 4" in err and f"{n + 5}" in err, err


def w3c_doc(exported):
    return json.loads((exported("w3c") / "synthetic.w3c.jsonld").read_text(encoding="utf-8"))


def test_w3c_that_is_not_json_is_refused(exported, tmp_path):
    raw = (exported("w3c") / "synthetic.w3c.jsonld").read_text(encoding="utf-8")
    path = tmp_path / "bad.w3c.jsonld"
    path.write_text(raw[: len(raw) // 2], encoding="utf-8")
    err = convert_bad(path, "w3c", tmp_path)
    assert re.search(r"line \d+ column \d+", err), err


@pytest.mark.parametrize(
    "spoil, field",
    [
        (lambda d: d.__setitem__("type", "Annotation"), "type"),
        (lambda d: d["first"].__setitem__("items", {"not": "a list"}), "first.items"),
        (
            lambda d: d["first"]["items"][1]["target"]["selector"][0].__setitem__("start", "forty"),
            "first.items[1].target.selector[0].start",
        ),
        (lambda d: d["first"]["items"][2].pop("target"), "first.items[2].target"),
        (lambda d: d["first"]["items"][0].__setitem__("body", []), "first.items[0].body"),
    ],
    ids=["type", "items", "selector-start", "target", "body"],
)
def test_w3c_invalid_annotation_is_refused(spoil, field, exported, tmp_path):
    doc = w3c_doc(exported)
    spoil(doc)
    path = tmp_path / "bad.w3c.jsonld"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    err = convert_bad(path, "w3c", tmp_path)
    assert f"{field}:" in err, err


def test_w3c_position_past_the_text_is_refused(exported, tmp_path):
    doc = w3c_doc(exported)
    sel = doc["first"]["items"][2]["target"]["selector"]
    sel[0]["end"] = len(SYNTHETIC) + 1
    del sel[1]  # no TextQuoteSelector to find the text again by
    path = tmp_path / "bad.w3c.jsonld"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    err = convert_bad(path, "w3c", tmp_path)
    assert "first.items[2].target.selector" in err and "outside the text" in err, err
