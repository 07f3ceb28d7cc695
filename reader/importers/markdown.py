"""Markdown (.md): rendered with markdown-it-py to the text a reader sees.

Emphasis, links and code marks disappear and their text stays; headings, block
quotes and list items keep their kind. The first level-1 heading before any body
text is the title, and a short paragraph right after it that starts with "By " is
the byline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.article import Article, ParagraphKind
from reader.importers.decoding import read_text
from reader.importers.errors import ImportFailure
from reader.normalise import normalise_inline

_MAX_BYLINE_LENGTH = 120
_HEADING: ParagraphKind = "heading"
BlockKind = ParagraphKind | Literal["title"]
_parser = MarkdownIt("commonmark")


def import_markdown(path: Path) -> Article:
    return parse_markdown(read_text(path), source=str(path))


def parse_markdown(raw: str, source: str = "", *, name: str = "") -> Article:
    """The article in Markdown; ``name`` is what messages call it (else the file name)."""
    blocks = list(_blocks(_parser.parse(raw)))
    if not blocks:
        raise ImportFailure(f"“{name or Path(source).name}” is empty: there is no text to read.")
    title = byline = ""
    if blocks[0][1] == "title":
        title = blocks.pop(0)[0]
        if blocks and _is_byline(blocks[0][0]):
            byline = blocks.pop(0)[0]
    # A second level-1 heading is a heading of the body.
    body = [(text, _HEADING if kind == "title" else kind) for text, kind in blocks]
    return Article.from_blocks(body, title=title, byline=byline, source=source)


def _is_byline(text: str) -> bool:
    return text.startswith("By ") and len(text) <= _MAX_BYLINE_LENGTH


def _blocks(tokens: list[Token]) -> list[tuple[str, BlockKind]]:
    """Each text block with its kind; "title" marks a level-1 heading."""
    blocks: list[tuple[str, BlockKind]] = []
    quote_depth = list_depth = 0
    heading = ""
    for token in tokens:
        if token.type == "blockquote_open":
            quote_depth += 1
        elif token.type == "blockquote_close":
            quote_depth -= 1
        elif token.type == "list_item_open":
            list_depth += 1
        elif token.type == "list_item_close":
            list_depth -= 1
        elif token.type == "heading_open":
            heading = token.tag
        elif token.type == "heading_close":
            heading = ""
        elif token.type == "inline":
            text = normalise_inline(_inline_text(token.children or []))
            kind: BlockKind
            if heading:
                kind = "title" if heading == "h1" else "heading"
            elif quote_depth:
                kind = "quote"
            elif list_depth:
                kind = "list-item"
            else:
                kind = "paragraph"
            blocks.append((text, kind))
        elif token.type in ("fence", "code_block"):
            blocks.append((normalise_inline(token.content), "paragraph"))
    return [(text, kind) for text, kind in blocks if text]


def _inline_text(children: list[Token]) -> str:
    """The visible text of an inline run: text and code; line breaks become spaces.

    Images are left out: their alt text is not part of the article's prose.
    """
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
