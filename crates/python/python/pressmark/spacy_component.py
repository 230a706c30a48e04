"""Pressmark as a spaCy pipeline component.

With spaCy installed, ``nlp.add_pipe("pressmark")`` adds it: the package
registers the factory through the ``spacy_factories`` entry point, so no
import is needed (``import pressmark.spacy_component`` does the same by
hand). spaCy is not a dependency of ``pressmark``; this module needs it.

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("pressmark")  # or add_pipe("pressmark", config={"rules": "my.rules"})
>>> doc = nlp("“We will win,” said Ann Lee in Paris.")
>>> [(e.text, e.label_) for e in doc.ents]
[('Ann Lee', 'PERSON'), ('Paris', 'LOC')]
>>> [(q.text, q._.speaker) for q in doc.spans["quotes"]]
[('“We will win,”', 'Ann Lee')]

What it sets, as the ``spacy`` export format does:

- ``doc.ents``: the entities. Pressmark's offsets are code points, which
  are Python's ``str`` indices and spaCy's character offsets; a span that
  does not fall on token boundaries is widened to the tokens it touches
  (``alignment_mode="expand"``), and a widened span that would overlap an
  earlier one is dropped. With ``overwrite_ents=False`` the entities already
  on the doc are kept and ours fill the gaps.
- ``doc.spans["quotes"]``: the quotes, label ``QUOTE``, ``id_`` ``q1``,
  ``q2``…, ``kb_id_`` and ``span._.speaker`` the speaker's fullest name
  (``None`` when the quote has no speaker).
- ``doc.spans["speakers"]``: the mention that attributes each quote, label
  ``SPEAKER``, ``id_`` its quote's.
- ``doc._.pressmark``: the whole ``pressmark/1`` document (a dict), for
  ``Annotator.sources`` or ``pressmark.export``.

``nlp.pipe`` annotates each batch with ``Annotator.annotate_many``, on all
cores.
"""

from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from . import Annotator

__all__ = ["PressmarkComponent", "make_pressmark"]


def _register_extensions() -> None:
    if not Span.has_extension("speaker"):
        Span.set_extension("speaker", default=None)
    if not Doc.has_extension("pressmark"):
        Doc.set_extension("pressmark", default=None)


_register_extensions()


class PressmarkComponent:
    """The ``pressmark`` pipe: annotates ``doc.text`` with Pressmark's rules
    (plus ``rules``: as ``pressmark.Annotator`` takes them)."""

    def __init__(
        self,
        nlp: Language,
        name: str = "pressmark",
        *,
        rules: Union[None, str, List[str]] = None,
        overwrite_ents: bool = True,
    ) -> None:
        _register_extensions()
        self.name = name
        self.rules = rules
        self.overwrite_ents = overwrite_ents
        self.annotator = Annotator(rules)

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.annotator.annotate(doc.text))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for batch in minibatch(stream, size=batch_size):
            docs = list(batch)
            found = self.annotator.annotate_many([d.text for d in docs])
            for doc, pm in zip(docs, found):
                yield self.set_annotations(doc, pm)

    def set_annotations(self, doc: Doc, pm: Dict[str, Any]) -> Doc:
        """Puts the ``pressmark/1`` document ``pm`` (of ``doc.text``) on ``doc``."""
        kept: List[Span] = [] if self.overwrite_ents else list(doc.ents)
        taken = set()
        for e in kept:
            taken.update(range(e.start, e.end))
        ours: List[Span] = []
        for e in pm["entities"]:
            span = doc.char_span(e["start"], e["end"], label=e["label"], alignment_mode="expand")
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            taken.update(range(span.start, span.end))
            ours.append(span)
        doc.ents = sorted(kept + ours, key=lambda s: s.start)

        quotes: List[Span] = []
        speakers: List[Span] = []
        for n, q in enumerate(pm["quotes"], start=1):
            qid = f"q{n}"
            speaker = q.get("speaker") or {}
            name: Optional[str] = speaker.get("name")
            span = doc.char_span(q["start"], q["end"], alignment_mode="expand")
            if span is None:
                continue
            quote = Span(doc, span.start, span.end, label="QUOTE", kb_id=name or "", span_id=qid)
            quote._.speaker = name
            quotes.append(quote)
            if speaker.get("start") is not None:
                mention = doc.char_span(speaker["start"], speaker["end"], alignment_mode="expand")
                if mention is not None:
                    speakers.append(
                        Span(
                            doc,
                            mention.start,
                            mention.end,
                            label="SPEAKER",
                            kb_id=name or "",
                            span_id=qid,
                        )
                    )
        doc.spans["quotes"] = quotes
        doc.spans["speakers"] = speakers
        doc._.pressmark = pm
        return doc


@Language.factory(
    "pressmark",
    default_config={"rules": None, "overwrite_ents": True},
    assigns=["doc.ents", "doc.spans", "span._.speaker", "doc._.pressmark"],
)
def make_pressmark(
    nlp: Language,
    name: str,
    rules: Union[None, str, List[str]],
    overwrite_ents: bool,
) -> PressmarkComponent:
    """spaCy's factory of the ``pressmark`` pipe (config: ``rules``: a
    ``.rules`` path, rule text, or a list of them; ``overwrite_ents``)."""
    return PressmarkComponent(nlp, name, rules=rules, overwrite_ents=overwrite_ents)
