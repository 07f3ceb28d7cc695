"""Plain text (.txt): paragraphs at blank lines, a title when the first line is one.

Text copied from a web page keeps its pictures' captions and credits; they become
"caption" paragraphs (``reader.importers.captions`` says how they are recognised and
repaired), so that the view sets them apart from the body.
"""

from __future__ import annotations

from pathlib import Path

from reader.article import Article, ParagraphKind
from reader.importers.captions import caption_text
from reader.importers.decoding import read_text
from reader.importers.errors import ImportFailure
from reader.normalise import split_paragraphs

# A first paragraph this short and without closing punctuation reads as a headline.
_MAX_TITLE_LENGTH = 150


def import_text(path: Path) -> Article:
    return parse_text(read_text(path), source=str(path))


def parse_text(raw: str, source: str = "", *, name: str = "") -> Article:
    """The article in plain text; ``name`` is what messages call it (else the file name)."""
    paragraphs = split_paragraphs(raw)
    if not paragraphs:
        raise ImportFailure(f"“{name or Path(source).name}” is empty: there is no text to read.")
    blocks = [_block(paragraph) for paragraph in paragraphs]
    title = ""
    first, kind = blocks[0]
    if (
        len(blocks) > 1
        and kind == "paragraph"
        and len(first) <= _MAX_TITLE_LENGTH
        and first[-1] not in '.!?:;,”"'
    ):
        title = blocks.pop(0)[0]
    return Article.from_blocks(blocks, title=title, source=source)


def _block(paragraph: str) -> tuple[str, ParagraphKind]:
    caption = caption_text(paragraph)
    return (paragraph, "paragraph") if caption is None else (caption, "caption")
