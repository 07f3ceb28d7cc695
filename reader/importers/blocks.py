"""Turning an element tree into the article's blocks: (normalised text, kind).

One walker serves both the HTML that readability-lxml returns and the XML that
trafilatura returns; a ``Vocabulary`` says which tags start a block, which give it a
kind, which are table rows and cells, and which are line breaks. Inside a block the
text of inline elements runs together as the page shows it; a single line break is a
space and two in a row end the paragraph, as they do on screen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.article import ParagraphKind
from reader.normalise import normalise_inline

Block = tuple[str, ParagraphKind]

# Stands for a line break while a block's text is gathered; text never contains it
# because lxml does not allow NUL in a tree.
_BREAK = "\0"
_PARAGRAPH_BREAK = re.compile(f"{_BREAK}\\s*(?:{_BREAK}\\s*)+")
_CELL_SEPARATOR = " | "
# Kinds in order of precedence when elements nest: a heading inside a list item is a
# heading, a list inside a quotation is quoted.
_PRECEDENCE: tuple[ParagraphKind, ...] = ("heading", "caption", "quote", "list-item")


@dataclass(frozen=True)
class Vocabulary:
    blocks: frozenset[str]
    kinds: dict[str, ParagraphKind] = field(default_factory=dict)
    rows: frozenset[str] = frozenset()
    cells: frozenset[str] = frozenset()
    breaks: frozenset[str] = frozenset()
    skipped: frozenset[str] = frozenset()


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
HTML = Vocabulary(
    blocks=frozenset(
        "address article aside blockquote body caption center dd details dialog div dl dt "
        "fieldset figcaption figure footer form header hgroup hr html legend li main menu "
        "nav ol p pre section summary table tbody tfoot thead tr ul".split()
    )
    | frozenset(_HEADINGS),
    kinds={
        **{heading: "heading" for heading in _HEADINGS},
        "figcaption": "caption",
        "figure": "caption",
        "caption": "caption",
        "blockquote": "quote",
        "li": "list-item",
    },
    rows=frozenset({"tr"}),
    cells=frozenset({"td", "th"}),
    breaks=frozenset({"br"}),
    skipped=frozenset({"head", "title", "script", "style", "template", "noscript"}),
)
# trafilatura's output: <head> is a heading, <item> a list item, <lb/> a line break.
TRAFILATURA = Vocabulary(
    blocks=frozenset({"body", "doc", "main", "p", "head", "quote", "list", "item", "code"})
    | frozenset({"table", "row", "div"}),
    kinds={"head": "heading", "quote": "quote", "item": "list-item"},
    rows=frozenset({"row"}),
    cells=frozenset({"cell"}),
    breaks=frozenset({"lb"}),
    skipped=frozenset({"graphic"}),
)


def blocks_of(root: Any, vocabulary: Vocabulary) -> list[Block]:
    """The blocks under ``root`` in document order, empty ones left out."""
    walker = _Walker(vocabulary)
    walker.walk(root, ())
    walker.flush()
    return walker.blocks


class _Walker:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.kind: ParagraphKind = "paragraph"
        self.has_text = False
        self.new_cell = False

    def walk(self, element: Any, kinds: tuple[ParagraphKind, ...]) -> None:
        vocabulary = self.vocabulary
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.rsplit("}", 1)[-1].lower()  # XHTML elements carry a namespace
        if not tag or tag in vocabulary.skipped:
            return
        is_block = tag in vocabulary.blocks or tag in vocabulary.rows
        if tag in vocabulary.kinds:
            kinds = (*kinds, vocabulary.kinds[tag])
        if is_block:
            self.flush()
        elif tag in vocabulary.breaks:
            self.parts.append(_BREAK)
        elif tag in vocabulary.cells:
            self.new_cell = True
        self._text(element.text, kinds)
        for child in element:
            self.walk(child, kinds)
            self._text(child.tail, kinds)
        if is_block:
            self.flush()

    def _text(self, text: str | None, kinds: tuple[ParagraphKind, ...]) -> None:
        if text and not text.isspace():
            if not self.has_text:
                self.kind = _kind(kinds)
                self.has_text = True
            elif self.new_cell:
                self.parts.append(_CELL_SEPARATOR)
            self.new_cell = False
            self.parts.append(text.replace(_BREAK, ""))
        elif text:
            self.parts.append(text)

    def flush(self) -> None:
        """End the current block; the next text starts a new one."""
        if self.parts:
            for piece in _PARAGRAPH_BREAK.split("".join(self.parts)):
                text = normalise_inline(piece.replace(_BREAK, " "))
                if text:
                    self.blocks.append((text, self.kind))
        self.parts = []
        self.has_text = self.new_cell = False


def _kind(kinds: tuple[ParagraphKind, ...]) -> ParagraphKind:
    for kind in _PRECEDENCE:
        if kind in kinds:
            return kind
    return "paragraph"


def words(blocks: list[Block]) -> Iterator[str]:
    """The words of the blocks, lower-cased, for comparing two extractions."""
    for text, _ in blocks:
        yield from re.findall(r"\w+", text.casefold())
