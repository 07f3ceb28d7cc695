"""The article on the page, with its entity highlights.

The document holds the header (title, byline, site and date) in its first blocks and
then exactly one block per article paragraph. An article offset therefore maps to a
document position as "the paragraph's block position + the offset into the
paragraph" (counted in UTF-16 units, as Qt counts); ``OffsetMap`` does that in both
directions and everything else goes through it.
"""

from __future__ import annotations

import bisect
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QHelpEvent,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QToolTip, QWidget

from reader.annotations import Annotations, Entity, Mention
from reader.article import Article
from reader.entity_types import label_name
from ui.formats import Formats, HeaderKind

# Characters that QTextCursor.insertText turns into a block break; the core never
# leaves them in a paragraph, but one would shift every later position.
_BLOCK_BREAKS = str.maketrans({"\n": " ", "\r": " ", "\u2029": " "})
_MIN_SIDE_MARGIN = 24
# Highlighting a very long article is done in slices of about this long, so the
# window keeps answering; an article of ordinary length takes one slice.
SLICE_SECONDS = 0.015
_FIRST_BATCH, _MIN_BATCH, _MAX_BATCH = 300, 16, 4000
# Tinting more mentions than this (when an entity is picked) would slow painting.
MAX_TINTED = 200


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class OffsetMap:
    """Article offsets (Python ``str`` indices) to document positions and back."""

    def __init__(self, article: Article, block_positions: list[int], header_blocks: int):
        self._article = article
        self._blocks = block_positions
        self._starts = [p.start for p in article.paragraphs]
        self.header_blocks = header_blocks
        # Only paragraphs with characters outside the Basic Multilingual Plane (emoji,
        # some symbols) count differently in UTF-16; the rest map one to one.
        self._wide = [
            any(ord(c) > 0xFFFF for c in article.text[p.start : p.end]) for p in article.paragraphs
        ]

    def paragraph_at(self, offset: int) -> int:
        """The index of the paragraph holding ``offset`` (the one before, in a gap)."""
        return max(bisect.bisect_right(self._starts, offset) - 1, 0)

    def to_document(self, offset: int) -> int:
        """The document position of an article offset (a gap maps to the paragraph's end)."""
        paragraphs = self._article.paragraphs
        if not paragraphs:
            return 0
        index = self.paragraph_at(offset)
        paragraph = paragraphs[index]
        within = min(max(offset, paragraph.start), paragraph.end) - paragraph.start
        if self._wide[index]:
            start = paragraph.start
            within = _utf16_length(self._article.text[start : start + within])
        return self._blocks[index] + within

    def to_article(self, position: int, block_number: int, block_position: int) -> int | None:
        """The article offset at a document position in the given block, or None in the header."""
        index = block_number - self.header_blocks
        if not 0 <= index < len(self._blocks):
            return None
        paragraph = self._article.paragraphs[index]
        units = position - block_position
        if not self._wide[index]:
            return min(paragraph.start + units, paragraph.end)
        offset = paragraph.start
        while units > 0 and offset < paragraph.end:
            units -= 2 if ord(self._article.text[offset]) > 0xFFFF else 1
            offset += 1
        return offset


@dataclass(frozen=True)
class Located:
    """A mention with the entity it belongs to."""

    entity: Entity
    mention: Mention
    category: str


class MentionIndex:
    """Every mention in text order, for hit tests and next/previous."""

    def __init__(self, located: Iterable[Located]):
        self._items = sorted(located, key=lambda item: item.mention.start)
        self._starts = [item.mention.start for item in self._items]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self):
        return iter(self._items)

    def at(self, offset: int) -> Located | None:
        """The mention covering the character at ``offset``."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self._items[index].mention.end:
            return self._items[index]
        return None

    def after(self, offset: int, visible: set[str]) -> Located | None:
        for item in self._items[bisect.bisect_right(self._starts, offset) :]:
            if item.category in visible:
                return item
        return None

    def before(self, offset: int, visible: set[str]) -> Located | None:
        for item in reversed(self._items[: bisect.bisect_left(self._starts, offset)]):
            if item.category in visible:
                return item
        return None


class _HighlightJob:
    """Marks (or unmarks) a list of mentions, a batch per edit block.

    The batch size adapts so that marking a batch and laying out the paragraphs it
    touched takes about ``SLICE_SECONDS``.
    """

    # What fits in a slice, marking (True) and unmarking (False); shared, so that the
    # next job starts with what this one learnt.
    batch: ClassVar[dict[bool, int]] = {True: _FIRST_BATCH, False: _FIRST_BATCH}

    def __init__(self, view: ArticleView, items: list[Located], on: bool):
        self._view = view
        self._items = items
        self._on = on
        self._next = 0

    def done(self) -> bool:
        return self._next >= len(self._items)

    def run_batch(self) -> None:
        items, view = self._items, self._view
        start = self._next
        end = min(start + _HighlightJob.batch[self._on], len(items))
        started = time.perf_counter()
        cursor = QTextCursor(view.document())
        cursor.beginEditBlock()
        try:
            for index in range(start, end):
                view._mark(cursor, items[index], self._on)
        finally:
            self._next = end
            cursor.endEditBlock()  # the touched paragraphs are laid out again here
        elapsed = time.perf_counter() - started
        done = end - start
        if done and elapsed > 0:
            fits = int(SLICE_SECONDS * done / elapsed)
            _HighlightJob.batch[self._on] = max(_MIN_BATCH, min(_MAX_BATCH, 2 * done, fits))


class ArticleView(QTextEdit):
    """A read-only page: serif text in a centred column, highlights merged in."""

    # The reader clicked inside a mention (not a drag or a double click).
    mention_clicked = Signal(object)  # Located
    # Every highlight asked for so far is on the page.
    highlights_applied = Signal()

    def __init__(self, formats: Formats, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAutoFillBackground(True)
        self.article: Article | None = None
        self.annotations: Annotations | None = None
        self.mentions = MentionIndex(())
        self.offsets: OffsetMap | None = None
        self._formats = formats
        self._visible: set[str] = {c.key for c in formats.palette.categories}
        self._applied: set[str] = set()
        self._selected: Entity | None = None
        self._jobs: deque[_HighlightJob] = deque()
        self._pump_scheduled = False
        self._format_cache: dict[tuple[str, str], QTextCharFormat] = {}
        self.set_formats(formats)

    # -- content -----------------------------------------------------------------

    def set_formats(self, formats: Formats) -> None:
        """Use another theme's colours: the page is rebuilt and re-highlighted."""
        self._formats = formats
        self._format_cache = {}
        palette = self.palette()
        for role in (QPalette.ColorRole.Base, QPalette.ColorRole.Window):
            palette.setColor(role, formats.background())
        palette.setColor(QPalette.ColorRole.Text, formats.text_color())
        self.setPalette(palette)
        self.viewport().setPalette(palette)
        if self.article is not None:
            annotations, selected = self.annotations, self._selected
            self.set_article(self.article)
            if annotations is not None:
                self.set_annotations(annotations)
                self.select_entity(selected)
        self._update_margins()

    def set_article(self, article: Article) -> None:
        """Show the article's text at once; highlights come with ``set_annotations``."""
        document, blocks, header_blocks = self._build_document(article)
        self._jobs.clear()
        self._format_cache = {}
        self.setDocument(document)  # the old document, a child of this view, is deleted
        self.article = article
        self.annotations = None
        self.mentions = MentionIndex(())
        self._applied = set()
        self._selected = None
        self.offsets = OffsetMap(article, blocks, header_blocks)
        self.setExtraSelections([])
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _build_document(self, article: Article) -> tuple[QTextDocument, list[int], int]:
        formats = self._formats
        document = QTextDocument(self)
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(formats.body_font())
        document.setDocumentMargin(0)
        frame = document.rootFrame().frameFormat()
        frame.setTopMargin(formats.point_size * 3)
        frame.setBottomMargin(formats.point_size * 5)
        document.rootFrame().setFrameFormat(frame)

        cursor = QTextCursor(document)
        first = True

        def new_block(block_format: QTextBlockFormat, char_format: QTextCharFormat) -> None:
            nonlocal first
            if first:
                cursor.setBlockFormat(block_format)
                cursor.setBlockCharFormat(char_format)
                first = False
            else:
                cursor.insertBlock(block_format, char_format)

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
            new_block(block_format, formats.header_char_format(kind))
            cursor.insertText(text.translate(_BLOCK_BREAKS), formats.header_char_format(kind))

        blocks: list[int] = []
        current_list = None
        for paragraph in article.paragraphs:
            char_format = formats.char_format(paragraph.kind)
            new_block(formats.block_format(paragraph.kind), char_format)
            blocks.append(cursor.position())
            text = article.text[paragraph.start : paragraph.end]
            cursor.insertText(text.translate(_BLOCK_BREAKS), char_format)
            if paragraph.kind == "list-item":
                if current_list is None:
                    current_list = cursor.createList(formats.list_format())
                else:
                    current_list.add(cursor.block())
            else:
                current_list = None
        return document, blocks, len(header)

    def clear_article(self) -> None:
        self._jobs.clear()
        self.article = None
        self.annotations = None
        self.offsets = None
        self.mentions = MentionIndex(())
        self._applied = set()
        self._selected = None
        self.setExtraSelections([])
        self.setDocument(QTextDocument(self))

    # -- offsets -----------------------------------------------------------------

    def document_position(self, offset: int) -> int:
        if self.offsets is None:
            raise LookupError("no article is shown")
        return self.offsets.to_document(offset)

    def article_offset(self, position: int) -> int | None:
        if self.offsets is None:
            return None
        block = self.document().findBlock(position)
        return self.offsets.to_article(position, block.blockNumber(), block.position())

    def cursor_for(self, start: int, end: int) -> QTextCursor:
        """A cursor selecting article[start:end]."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.document_position(start))
        cursor.setPosition(self.document_position(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # -- highlights --------------------------------------------------------------

    def set_annotations(self, annotations: Annotations) -> None:
        """Index the mentions and colour those of every visible category.

        ``highlights_applied`` follows once every mark is in: at once for an article
        of ordinary length, in slices between events for a very long one.
        """
        palette = self._formats.palette
        self._jobs.clear()
        self.annotations = annotations
        self.mentions = MentionIndex(
            Located(entity, mention, palette.category_for_label(entity.label).key)
            for entity in annotations.entities
            for mention in entity.mentions
        )
        self._applied = set()
        self._apply(set(self._visible), on=True)

    def visible_categories(self) -> set[str]:
        return set(self._visible)

    def set_category_visible(self, key: str, visible: bool) -> None:
        if visible:
            self._visible.add(key)
        else:
            self._visible.discard(key)
        if self.annotations is not None and (key in self._applied) != visible:
            self._apply({key}, on=visible)
        self._update_extra_selections()

    def highlights_pending(self) -> bool:
        return bool(self._jobs)

    def _apply(self, categories: set[str], *, on: bool) -> None:
        """Merge (or take away) the marks of ``categories``."""
        if self.article is None or self.offsets is None:
            return
        if on:
            self._applied |= categories
        else:
            self._applied -= categories
        items = [item for item in self.mentions if item.category in categories]
        self._jobs.append(_HighlightJob(self, items, on))
        if not self._pump_scheduled:
            self._pump()

    def _pump(self) -> None:
        """Run one batch of highlight work; come back after pending events if there is more."""
        self._pump_scheduled = False
        while self._jobs and self._jobs[0].done():
            self._jobs.popleft()
        if self._jobs:
            self._jobs[0].run_batch()
            while self._jobs and self._jobs[0].done():
                self._jobs.popleft()
        if self._jobs:
            self._pump_scheduled = True
            QTimer.singleShot(0, self._pump)
        else:
            self.highlights_applied.emit()

    def _mark(self, cursor: QTextCursor, item: Located, on: bool) -> None:
        """Mark (or unmark) one mention; ``cursor`` is inside an edit block."""
        offsets, article = self.offsets, self.article
        assert offsets is not None and article is not None
        mention = item.mention
        kind = article.paragraphs[offsets.paragraph_at(mention.start)].kind
        cursor.setPosition(offsets.to_document(mention.start))
        cursor.setPosition(offsets.to_document(mention.end), QTextCursor.MoveMode.KeepAnchor)
        if not on:
            cursor.setCharFormat(self._formats.char_format(kind))
            return
        key = (item.entity.id, kind)
        char_format = self._format_cache.get(key)
        if char_format is None:
            entity = item.entity
            char_format = self._formats.mention_format(
                item.category, kind, _tooltip(entity), entity.id
            )
            self._format_cache[key] = char_format
        cursor.mergeCharFormat(char_format)

    def select_entity(self, entity: Entity | None) -> None:
        """Tint every mention of the entity the reader is looking at (None: no tint)."""
        self._selected = entity
        self._update_extra_selections()

    def _update_extra_selections(self) -> None:
        entity = self._selected
        if entity is None or self.offsets is None or len(entity.mentions) > MAX_TINTED:
            self.setExtraSelections([])
            return
        category = self._formats.palette.category_for_label(entity.label).key
        if category not in self._visible:
            self.setExtraSelections([])
            return
        tint = self._formats.entity_tint(category)
        selections = []
        for mention in entity.mentions:
            selection = QTextEdit.ExtraSelection()
            selection.cursor = self.cursor_for(mention.start, mention.end)
            selection.format.setBackground(tint)
            selections.append(selection)
        self.setExtraSelections(selections)

    # -- moving around -------------------------------------------------------------

    def show_mention(self, mention: Mention) -> None:
        """Select the mention and scroll it into the upper part of the page."""
        cursor = self.cursor_for(mention.start, mention.end)
        self.setTextCursor(cursor)
        rect = self.cursorRect(cursor)
        viewport = self.viewport().height()
        if rect.top() < viewport * 0.15 or rect.bottom() > viewport * 0.85:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - int(viewport * 0.35))
        self.ensureCursorVisible()

    def scroll_to_offset(self, offset: int) -> None:
        """Put the paragraph holding ``offset`` at the top of the page, the caret at it."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.document_position(offset))
        self.setTextCursor(cursor)
        block_top = self.document().documentLayout().blockBoundingRect(cursor.block()).top()
        self.verticalScrollBar().setValue(int(block_top))

    def top_offset(self) -> int | None:
        """The article offset of the text at the top of the page (None: the header)."""
        if self.offsets is None:
            return None
        position = self.cursorForPosition(QPoint(0, 1)).position()
        offset = self.article_offset(position)
        return 0 if offset is None else offset

    def step(self, forward: bool) -> Located | None:
        """Select the next (or previous) visible mention after the caret; None at the end."""
        cursor = self.textCursor()
        position = cursor.selectionEnd() if forward else cursor.selectionStart()
        offset = self.article_offset(position)
        if offset is None:  # the caret is in the header: everything lies ahead
            offset = 0
        if forward:
            offset -= 1  # a mention starting right at the caret (or selection end) is next
        item = (
            self.mentions.after(offset, self._visible)
            if forward
            else self.mentions.before(offset, self._visible)
        )
        if item is not None:
            self.show_mention(item.mention)
        return item

    def located_at(self, point: QPoint) -> Located | None:
        """The mention under a point of the viewport, if the point is on its text."""
        if self.offsets is None or not self.mentions:
            return None
        scrolled = QPointF(point) + QPointF(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()
        )
        layout = self.document().documentLayout()
        boundary = layout.hitTest(scrolled, Qt.HitTestAccuracy.ExactHit)
        if boundary < 0:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(boundary)
        # The boundary nearest the point: the character hit lies before it when the
        # point is left of the caret there.
        if point.x() < self.cursorRect(cursor).x() and boundary > 0:
            boundary -= 1
        offset = self.article_offset(boundary)
        return None if offset is None else self.mentions.at(offset)

    # -- events --------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        located = self.located_at(event.position().toPoint())
        if located is not None:
            self.mention_clicked.emit(located)

    def viewportEvent(self, event: QEvent) -> bool:
        # QTextEdit does not show a character format's tooltip: say what is under the
        # pointer here (the same text the mention's format carries).
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            located = self.located_at(event.pos())
            if located is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), _tooltip(located.entity), self.viewport())
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Called for the view's own resizes and, through the scroll area, its viewport's.
        self._update_margins()
        super().resizeEvent(event)

    def _update_margins(self) -> None:
        """Centre a column of comfortable width; the margins grow with the window."""
        scrollbar = self.verticalScrollBar().sizeHint().width()
        free = self.width() - scrollbar - self._formats.measure()
        side = max(_MIN_SIDE_MARGIN, int(free / 2))
        margins = self.viewportMargins()
        if margins.left() != side or margins.right() != side:
            self.setViewportMargins(side, 0, side, 0)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # Files dropped on the page are for the window to open.
        if event.mimeData().hasUrls():
            event.ignore()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if event.mimeData().hasUrls():
            event.ignore()
        else:
            super().dropEvent(event)


def _tooltip(entity: Entity) -> str:
    count = len(entity.mentions)
    times = "once" if count == 1 else f"{count} times"
    return f"{entity.name} — {label_name(entity.label)} (mentioned {times})"


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
