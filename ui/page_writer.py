"""Writing an article into the page (a ``QTextDocument``), a slice at a time.

The header (title, byline, a line of metadata) and the first slice of paragraphs are
written before the document is shown; a long article's other paragraphs follow in
slices between events. Each slice is one edit block, so Qt lays out only what the
slice added, once. Written whole, 100,000 words held the window for 150-200 ms, and
Qt's own lazy layout of a document that size then took steps of 50-80 ms.
"""

from __future__ import annotations

import bisect
import time
from datetime import datetime

from PySide6.QtCore import QObject
from PySide6.QtGui import QTextBlockFormat, QTextCharFormat, QTextCursor, QTextDocument, QTextList

from reader.article import Article
from ui.formats import Formats, HeaderKind

# The first slice, written before the page is shown, is about this many characters:
# an ordinary article fits in it.
FIRST_SLICE_CHARS = 10_000
# Each later slice is sized from the last one's pace to take about this long,
# writing and laying out together (the window answers between slices).
SLICE_SECONDS = 0.008
_MIN_SLICE_CHARS, _MAX_SLICE_CHARS = 1_000, 20_000

# Characters that QTextCursor.insertText turns into a block break; the core never
# leaves them in a paragraph, but one would shift every later position.
_BLOCK_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\u2029": " "})


class PageWriter:
    """Makes the page's document and writes one article into it, in order."""

    def __init__(self, article: Article, formats: Formats, parent: QObject):
        self.document = document = QTextDocument(parent)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(formats.body_font())
        document.setDocumentMargin(0)
        frame = document.rootFrame().frameFormat()
        frame.setTopMargin(formats.point_size * 3)
        frame.setBottomMargin(formats.point_size * 5)
        document.rootFrame().setFrameFormat(frame)
        self._article = article
        self._formats = formats
        self._cursor = QTextCursor(document)
        self._first_block = True
        self._list: QTextList | None = None
        self._starts = [paragraph.start for paragraph in article.paragraphs]
        self._slice_chars = _MIN_SLICE_CHARS * 4  # until the first slice shows the pace
        # The document position where each paragraph written so far starts.
        self.blocks: list[int] = []
        self.header_blocks = self._write_header()

    def done(self) -> bool:
        return len(self.blocks) == len(self._article.paragraphs)

    def write_first_slice(self) -> None:
        """Write the paragraphs of the first ``FIRST_SLICE_CHARS`` characters (the
        page is not shown yet, so Qt lays nothing out meanwhile)."""
        if not self.done():
            self.write_through(self._last_within(FIRST_SLICE_CHARS))

    def write_slice(self) -> None:
        """Write the next paragraphs, as many as the pace so far says fit in
        ``SLICE_SECONDS``."""
        if self.done():
            return
        begin = self._starts[len(self.blocks)]
        started = time.perf_counter()
        self.write_through(self._last_within(self._slice_chars))
        elapsed = time.perf_counter() - started
        end = self._starts[len(self.blocks)] if not self.done() else len(self._article.text)
        if elapsed > 0:
            # At most twice the last slice: a run of short paragraphs says little
            # about the long ones after it.
            fits = min((end - begin) * SLICE_SECONDS / elapsed, 2 * (end - begin))
            self._slice_chars = int(min(max(fits, _MIN_SLICE_CHARS), _MAX_SLICE_CHARS))

    def _last_within(self, chars: int) -> int:
        """The last paragraph that starts within ``chars`` of the first unwritten one
        (at least that one)."""
        first = len(self.blocks)
        limit = self._starts[first] + chars
        return max(bisect.bisect_left(self._starts, limit) - 1, first)

    def write_through(self, index: int) -> None:
        """Write every paragraph up to and including ``paragraphs[index]``."""
        paragraphs = self._article.paragraphs
        index = min(index, len(paragraphs) - 1)
        if index < len(self.blocks):
            return
        cursor, formats, text = self._cursor, self._formats, self._article.text
        cursor.beginEditBlock()
        for paragraph in paragraphs[len(self.blocks) : index + 1]:
            char_format = formats.char_format(paragraph.kind)
            self._new_block(formats.block_format(paragraph.kind), char_format)
            self.blocks.append(cursor.position())
            words = text[paragraph.start : paragraph.end]
            cursor.insertText(words.translate(_BLOCK_BREAKS), char_format)
            if paragraph.kind == "list-item":
                if self._list is None:
                    self._list = cursor.createList(formats.list_format())
                else:
                    self._list.add(cursor.block())
            else:
                self._list = None
        cursor.endEditBlock()  # Qt lays out the new paragraphs here

    def _write_header(self) -> int:
        """Write the title, byline and metadata lines there are; return how many."""
        article, formats = self._article, self._formats
        # Without a title, the file name heads the page quietly, as a line of metadata.
        meta = " · ".join(
            part
            for part in (article.site, display_date(article.published), _file_name(article))
            if part
        )
        candidates: list[tuple[HeaderKind, str]] = [
            ("title", article.title),
            ("byline", article.byline),
            ("meta", meta),
        ]
        header = [(kind, text) for kind, text in candidates if text]
        for number, (kind, text) in enumerate(header):
            block_format = formats.header_block_format(kind)
            if number == len(header) - 1:
                block_format.setBottomMargin(formats.header_gap())
            self._new_block(block_format, formats.header_char_format(kind))
            self._cursor.insertText(text.translate(_BLOCK_BREAKS), formats.header_char_format(kind))
        return len(header)

    def _new_block(self, block_format: QTextBlockFormat, char_format: QTextCharFormat) -> None:
        if self._first_block:  # a new document already has its one empty block
            self._cursor.setBlockFormat(block_format)
            self._cursor.setBlockCharFormat(char_format)
            self._first_block = False
        else:
            self._cursor.insertBlock(block_format, char_format)


def display_date(published: str) -> str:
    """A publication date as a reader writes it ("13 January 2017"); the text as it
    came when it is not an ISO 8601 date."""
    try:
        moment = datetime.fromisoformat(published.strip().replace("Z", "+00:00"))
    except ValueError:
        return published
    return f"{moment.day} {moment:%B %Y}"


def _file_name(article: Article) -> str:
    """The file name, shown when the article has no title of its own."""
    return "" if article.title or not article.source else article.display_title
