"""Pressmark: named entities, direct quotes and their speakers in English news.

A rule-based annotator (gazetteers and patterns, no model) implemented in
Rust: the same engine as the ``pressmark`` command-line tool and the browser
app, with identical results.

>>> import pressmark
>>> ann = pressmark.Annotator()
>>> doc = ann.annotate("“We will win,” said Ann Lee in Paris.")
>>> doc["quotes"][0]["speaker"]["name"]
'Ann Lee'
>>> [(e["text"], e["label"]) for e in doc["entities"]]
[('Ann Lee', 'PERSON'), ('Paris', 'LOC')]

Documents are the ``pressmark/1`` JSON (see the project's README) as dicts;
offsets are Unicode code points, so ``text[start:end]`` is the span.

- ``Annotator(rules=None)``: ``annotate``, ``annotate_json``, ``annotate_many``
  (all cores, GIL released), ``sources``;
- ``export(doc, format)`` / ``load(data, format)`` / ``load_all``: brat,
  CoNLL, spaCy, doccano, Label Studio, W3C, JSONL, CSV (``formats()``);
- ``nlp.add_pipe("pressmark")`` in spaCy (``pressmark.spacy_component``).
"""

from ._pressmark import (
    Annotator,
    LoadWarning,
    __version__,
    export,
    export_files,
    formats,
    load,
    load_all,
)

__all__ = [
    "Annotator",
    "LoadWarning",
    "__version__",
    "export",
    "export_files",
    "formats",
    "load",
    "load_all",
]
