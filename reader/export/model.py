"""What an export is made from: plain data the caller gathers (``ExportData``).

The exporters never open the library or run the language model themselves: the
window passes what it already has, the command line gathers it
(``reader.export.gather``). Claims and definitions come from the annotation
contract as JSON-ready dicts (or, when those layers have their own classes,
objects with ``to_json()``); both forms are read here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from reader.annotations import Annotations
from reader.article import Article
from reader.store import ClaimState, Highlight, location_of

Format = Literal["md", "annotations"]
FORMATS: tuple[Format, ...] = ("md", "annotations")


class ExportError(Exception):
    """An export that cannot be written; the message is for the reader."""


@dataclass(frozen=True)
class GlossaryItem:
    """A term the article defines or the reader looked up, and where the definition is from."""

    term: str
    definition: str
    # Where the definition came from, in words: "the article", "Wiktionary", "your glossary".
    source: str
    # The paragraph (1-based) where the article defines the term, when it does.
    paragraph: int | None = None
    # The definition's own address, when it came from the web.
    url: str = ""
    # The reader looked the term up (rather than only the article defining it).
    looked_up: bool = False


@dataclass(frozen=True)
class ExportData:
    """Everything one article's export shows."""

    article: Article
    annotations: Annotations | None
    # The reader's highlights (any order: the export puts them in text order).
    highlights: Sequence[Highlight] = ()
    glossary: Sequence[GlossaryItem] = ()
    # The reader's judgement of each claim, by the claim's (start, end); "open" if absent.
    claim_states: Mapping[tuple[int, int], ClaimState] = field(default_factory=dict)
    # When the article first came into the library (ISO 8601), if known.
    retrieved: str = ""

    @property
    def export_id(self) -> str:
        return export_id(self.article)


def export_id(article: Article) -> str:
    """The article's id in its exports: stable while the article stays where it is.

    Made from where it came from (its web address, else the file it was opened
    from, as the library knows it), so that editing the text keeps it; an article
    from nowhere (pasted text) is known by its text.
    """
    origin = article.url or article.source
    key = location_of(origin) if origin else f"sha256:{article.sha256}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def as_dict(item: Any) -> dict[str, Any]:
    """A claim or definition as a dict: as it is, or from its ``to_json()``."""
    if isinstance(item, Mapping):
        return dict(item)
    to_json = getattr(item, "to_json", None)
    if callable(to_json):
        result = to_json()
        if isinstance(result, Mapping):
            return dict(result)
    return {name: getattr(item, name) for name in _FIELDS if hasattr(item, name)}


_FIELDS = ("start", "end", "text", "reasons", "score", "term", "definition", "source", "url")


def timestamp(moment: datetime | None = None) -> str:
    """``moment`` (now by default; a naive one is taken as UTC) as ISO 8601 in UTC."""
    moment = moment if moment is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def placed(highlight: Highlight, text: str) -> tuple[int, int] | None:
    """Where an attached highlight lies in ``text``; None when orphaned (or out of it)."""
    start, end = highlight.start, highlight.end
    if (
        highlight.attached
        and start is not None
        and end is not None
        and 0 <= start < end <= len(text)
    ):
        return start, end
    return None
