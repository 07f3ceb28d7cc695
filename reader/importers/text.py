"""Plain text (.txt): paragraphs at blank lines, a title when the first line is one."""

from __future__ import annotations

from pathlib import Path

from reader.article import Article, ParagraphKind
from reader.importers.decoding import read_text
from reader.importers.errors import ImportFailure
from reader.normalise import split_paragraphs

# A first paragraph this short and without closing punctuation reads as a headline.
_MAX_TITLE_LENGTH = 150


def import_text(path: Path) -> Article:
    return parse_text(read_text(path), source=str(path))


def parse_text(raw: str, source: str = "") -> Article:
    paragraphs = split_paragraphs(raw)
    if not paragraphs:
        raise ImportFailure(f"“{Path(source).name}” is empty: there is no text to read.")
    title = ""
    first = paragraphs[0]
    if len(paragraphs) > 1 and len(first) <= _MAX_TITLE_LENGTH and first[-1] not in '.!?:;,”"':
        title = paragraphs.pop(0)
    blocks: list[tuple[str, ParagraphKind]] = [(p, "paragraph") for p in paragraphs]
    return Article.from_blocks(blocks, title=title, source=source)
