"""Type stubs of Pressmark's native module (``pressmark._pressmark``)."""

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

__version__: str

#: A ``pressmark/1`` document: ``text``, ``entities``, ``quotes`` (code-point
#: offsets), ``rules``, ``text_sha256``, ``clusters``, ``sources``,
#: ``sources_summary``; see the project's README for every field.
Document = Dict[str, Any]

#: One rule set: a ``.rules`` file's path, or the rules' text.
RuleSource = Union[str, bytes, "os.PathLike[str]"]

class LoadWarning(UserWarning):
    """What ``load`` could not take over from a file: labels Pressmark does
    not have, annotations it could not place, annotations found again where
    the text had moved."""

class Annotator:
    """Annotates news articles: named entities (PERSON, ORG, LOC, NORP, DATE,
    NUMBER) and direct quotes with their speakers.

    ``rules`` adds user rules to the built-in ones: ``None``; the path of a
    ``.rules`` file (``str`` or ``os.PathLike``; the path names the set, as
    ``--rules`` does in the CLI); rule text (named ``rules``); or a list of
    these (text at position ``i`` is named ``rules[i]``), later sets winning
    over earlier ones. A bad rule raises ``ValueError`` naming ``SET:LINE``;
    a missing file ``FileNotFoundError``.

    Immutable, thread-safe and picklable; releases the GIL while it works.
    """

    def __init__(
        self, rules: Union[None, RuleSource, Sequence[RuleSource]] = None
    ) -> None: ...
    @property
    def rules(self) -> Dict[str, Optional[str]]:
        """``{"builtin": HASH, "user": HASH or None}``, as every document's
        ``"rules"`` says."""
    def annotate(self, text: str, /) -> Document:
        """Annotates one article; its ``pressmark/1`` document as a dict."""
    def annotate_json(self, text: str, id: Any = None, *, line: int = 1) -> str:
        """The line ``pressmark annotate --jsonl`` writes for the input
        ``{"id": id, "text": text}`` (no newline). A missing ``id`` is the
        input's line number, ``line``, as in the CLI."""
    def annotate_many(
        self, texts: Iterable[str], threads: Optional[int] = None
    ) -> List[Document]:
        """Annotates many articles on ``threads`` threads (default: all
        cores), GIL released; documents in input order."""
    def sources(self, doc: Union[Document, str], /) -> Dict[str, Any]:
        """The Sources table of one article (``pressmark sources --jsonl``):
        ``{"sources_summary": {...}, "sources": [...]}``. ``doc`` is a
        ``pressmark/1`` dict, or an article's text (annotated first)."""

def export(doc: Union[Document, Sequence[Document]], format: str, /) -> Union[str, bytes]:
    """The main file of ``doc`` in ``format`` (``formats()``): ``str``, or
    ``bytes`` for ``spacy``. A list of documents for jsonl, conll, spacy,
    doccano and label-studio."""

def export_files(
    doc: Union[Document, Sequence[Document]], format: str, /
) -> Dict[str, Union[str, bytes]]:
    """Every file of the export, ``{ending: content}``, the main file first
    (brat: ``.ann``, ``.txt``, ``annotation.conf``)."""

def load(
    data: Union[str, bytes, bytearray, memoryview],
    format: str,
    /,
    text: Optional[str] = None,
) -> Document:
    """The one document in ``data`` (``bytes`` for ``spacy``); brat needs
    ``text``, the article. ``ValueError`` on a file that cannot be read or
    holds several documents; ``LoadWarning`` for what could not be taken
    over."""

def load_all(
    data: Union[str, bytes, bytearray, memoryview],
    format: str,
    /,
    text: Optional[str] = None,
) -> List[Document]:
    """Every document in ``data``, as ``load`` reads one."""

def formats(*, importable: bool = False) -> List[str]:
    """The formats ``export`` writes, or (``importable=True``) ``load`` reads."""
