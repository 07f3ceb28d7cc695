"""Text normalisation shared by every importer.

The normalised text is what the reader sees and what every offset points into, so
normalisation happens once, before anything else looks at the text: line endings,
unusual spaces, invisible characters and runs of white space are made plain here.
"""

from __future__ import annotations

import re
import unicodedata

# Spaces that look like a space but are not U+0020: no-break, narrow no-break,
# figure, thin, hair, ideographic and the other typographic spaces.
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
# Characters that occupy no width on screen but break search and matching:
# zero-width space/joiners, word joiner, byte order mark, soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_LINE_BREAKS = re.compile("\r\n|\r|[\u2028\u2029\u0085]")
_RUNS_OF_SPACES = re.compile(" {2,}")
_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")


def normalise_inline(text: str) -> str:
    """Normalise a piece of text that belongs inside one paragraph."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = text.replace("\n", " ")
    return _RUNS_OF_SPACES.sub(" ", text).strip()


# A line longer than this was not wrapped by hand: it is a paragraph of its own.
_HARD_WRAP_WIDTH = 100


def split_paragraphs(text: str) -> list[str]:
    """Split plain text into normalised paragraphs.

    Blank lines always separate paragraphs. Inside a block, line breaks are hard
    wraps (joined with a space) when every line but the last is short, as in e-mail
    or a text editor; otherwise each line is a paragraph, as in text copied from a
    web page.
    """
    text = _LINE_BREAKS.sub("\n", text)
    paragraphs: list[str] = []
    for block in _BLANK_LINES.split(text):
        lines = block.split("\n")
        if all(len(line) <= _HARD_WRAP_WIDTH for line in lines[:-1]):
            lines = [block]
        paragraphs.extend(normalise_inline(line) for line in lines)
    return [p for p in paragraphs if p]
