"""The Article: the normalised text every other layer points into.

Offsets everywhere in Marginalia are Python ``str`` indices into ``Article.text``
(end exclusive). Paragraphs are separated by exactly one blank line (``"\\n\\n"``),
so a paragraph never contains a newline and the view can show the text as it is.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Literal

ParagraphKind = Literal["paragraph", "heading", "quote", "list-item", "caption"]
PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    kind: ParagraphKind = "paragraph"


@dataclass(frozen=True)
class ContentsEntry:
    """One line of a book's table of contents: where a chapter (or section) starts.

    ``offset`` is the start of its first paragraph in ``Article.text``; ``level`` is
    0 for a chapter, 1 for a section inside it, and so on.
    """

    title: str
    offset: int
    level: int = 0


@dataclass(frozen=True)
class Article:
    text: str
    paragraphs: tuple[Paragraph, ...]
    title: str = ""
    byline: str = ""
    site: str = ""
    published: str = ""
    url: str = ""
    language: str = "en"
    source: str = ""
    # A table of contents, in the source's order, for sources that have one (EPUB books).
    contents: tuple[ContentsEntry, ...] = ()
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.text.encode("utf-8")).hexdigest()
        object.__setattr__(self, "sha256", digest)

    @classmethod
    def from_blocks(
        cls,
        blocks: list[tuple[str, ParagraphKind]],
        *,
        title: str = "",
        byline: str = "",
        site: str = "",
        published: str = "",
        url: str = "",
        language: str = "en",
        source: str = "",
    ) -> Article:
        """Join already-normalised blocks into one text, recording where each lies."""
        parts: list[str] = []
        paragraphs: list[Paragraph] = []
        position = 0
        for text, kind in blocks:
            if not text:
                continue
            if parts:
                parts.append(PARAGRAPH_SEPARATOR)
                position += len(PARAGRAPH_SEPARATOR)
            parts.append(text)
            paragraphs.append(Paragraph(position, position + len(text), kind))
            position += len(text)
        return cls(
            text="".join(parts),
            paragraphs=tuple(paragraphs),
            title=title,
            byline=byline,
            site=site,
            published=published,
            url=url,
            language=language,
            source=source,
        )

    @property
    def display_title(self) -> str:
        """The title, or the file name (or web address) when the source has none."""
        if self.title:
            return self.title
        if self.source.startswith(("http://", "https://")):
            return self.source
        return PurePath(self.source).name if self.source else "Untitled"

    def paragraph_index(self, offset: int) -> int:
        """The index of the paragraph containing ``offset`` (or the one after a gap)."""
        index = bisect.bisect_right(self.paragraphs, offset, key=lambda p: p.end)
        return min(index, max(len(self.paragraphs) - 1, 0))

    def to_json(self) -> dict[str, Any]:
        """The ``article`` object of the ``marginalia annotate --json`` contract."""
        return {
            "title": self.title,
            "byline": self.byline,
            "site": self.site,
            "published": self.published,
            "url": self.url,
            "language": self.language,
            "source": self.source,
            "text": self.text,
            "sha256": self.sha256,
            "paragraphs": [
                {"start": p.start, "end": p.end, "kind": p.kind} for p in self.paragraphs
            ],
            "contents": [
                {"title": c.title, "offset": c.offset, "level": c.level} for c in self.contents
            ],
        }
