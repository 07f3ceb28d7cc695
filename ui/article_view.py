"""The article on the page, with its layers: entities, quotes, claims and the reader's
highlights.

The document holds the header (title, byline, site and date) in its first blocks and
then exactly one block per article paragraph. An article offset therefore maps to a
document position as "the paragraph's block position + the offset into the
paragraph" (counted in UTF-16 units, as Qt counts); ``OffsetMap`` does that in both
directions and everything else goes through it.

Entities colour their mentions, quotes tint their words, claims worth checking first
get a dotted underline (``ui.formats`` says how, and keeps the layers' properties
apart so each can be hidden alone); a direct quote also gets a bar in the left margin
beside its lines (``QuoteMargin``).

The reader's own highlights are not character formats: the view paints them over
the laid-out text like a highlighter pen (``paintEvent``), a band over each line of
the passage in the highlight's colour, multiplied with the page on a light theme and
screened on a dark one, so the entity colours and the quote tint underneath still
show and no other layer's format is touched. A highlight with a note also gets a
small mark in the right margin (``NoteMargin``).
"""

from __future__ import annotations

import bisect
import itertools
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, ClassVar, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QRegion,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextLine,
)
from PySide6.QtWidgets import QFrame, QTextEdit, QToolTip, QWidget

from reader.annotations import Annotations, Claim, Entity, Mention, Quote
from reader.article import Article
from reader.entity_types import label_name
from reader.store import ClaimCheck
from reader.store.library import Highlight
from ui import claim_words, slices
from ui.formats import Formats, is_underlined
from ui.page_writer import PageWriter
from ui.speakers import describe

T = TypeVar("T")

_MIN_SIDE_MARGIN = 24
# Highlighting a very long article is done in slices of about this long, so the
# window keeps answering; an article of ordinary length takes one slice.
SLICE_SECONDS = 0.007
# A book's annotations are indexed in steps of about this many mentions (each a few
# milliseconds): all at once, they held the window for 20-45 ms.
_INDEX_STEP = 2_000
_FIRST_BATCH, _MIN_BATCH, _MAX_BATCH = 300, 16, 4000
# Tinting more mentions than this (when an entity is picked) would slow painting.
MAX_TINTED = 200
# The bar beside a direct quote's lines: its width and its gap from the text column.
_BAR_WIDTH, _BAR_GAP = 3, 14
# The highlighter band over a line, as shares of the line's glyph box (ascent plus
# descent): from a little below its top to a little below its bottom, so it reads as
# a pen stroke over the words and leaves a strip of any quote tint above it.
_BAND_TOP, _BAND_BOTTOM = 0.2, 1.08
# The note mark in the right margin: its size and its gap from the text column.
_NOTE_MARK, _NOTE_GAP = 9, 10
# How much of a note a tooltip shows.
_TOOLTIP_NOTE = 160


_OUTSIDE_BMP = re.compile("[\U00010000-\U0010ffff]")


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
        # some symbols) count differently in UTF-16; the rest map one to one. Whether
        # there are any is seen from the length in UTF-16 (a third of the time a
        # search takes on a book); if so, they are found in one pass over the text.
        self._wide = [False] * len(article.paragraphs)
        if _utf16_length(article.text) > len(article.text):
            for match in _OUTSIDE_BMP.finditer(article.text):
                self._wide[self.paragraph_at(match.start())] = True

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


class Located(NamedTuple):
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


class SpanIndex(Generic[T]):
    """Things with a place in the text (start, end), in text order: hit tests,
    next/previous and what lies on the page. Spans may overlap."""

    def __init__(self, items: Iterable[T], span: Callable[[T], tuple[int, int]]):
        placed = sorted(((span(item), item) for item in items), key=lambda pair: pair[0][0])
        self._items = [item for _, item in placed]
        self._starts = [start for (start, _), _ in placed]
        self._ends = [end for (_, end), _ in placed]
        # The furthest any span up to each one reaches: it never goes down, so the
        # first span that could cover an offset is found by bisection too.
        self._reach = list(itertools.accumulate(self._ends, max))

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def at(self, offset: int) -> T | None:
        """The span covering the character at ``offset``: the innermost (latest
        starting) where spans overlap."""
        first = bisect.bisect_right(self._reach, offset)
        for index in range(bisect.bisect_right(self._starts, offset) - 1, first - 1, -1):
            if offset < self._ends[index]:
                return self._items[index]
        return None

    def after(self, offset: int) -> T | None:
        """The first span starting after ``offset``."""
        index = bisect.bisect_right(self._starts, offset)
        return self._items[index] if index < len(self._items) else None

    def before(self, offset: int) -> T | None:
        """The last span starting before ``offset``."""
        index = bisect.bisect_left(self._starts, offset)
        return self._items[index - 1] if index > 0 else None

    def between(self, start: int, end: int) -> list[T]:
        """The spans with some of article[start:end], in text order."""
        first = bisect.bisect_right(self._reach, start)
        stop = bisect.bisect_left(self._starts, end)
        return [self._items[i] for i in range(first, stop) if self._ends[i] > start]


class QuoteIndex:
    """Every quote in text order, and every part of every quote, for hit tests,
    next/previous and the margin."""

    def __init__(self, quotes: Iterable[Quote]):
        quotes = list(quotes)
        self._quotes = SpanIndex(quotes, lambda quote: (quote.start, quote.end))
        self._parts = SpanIndex(
            [
                (start, end, quote)
                for quote in quotes
                for start, end in (quote.parts or ((quote.start, quote.end),))
            ],
            lambda part: (part[0], part[1]),
        )

    def __len__(self) -> int:
        return len(self._quotes)

    def __iter__(self) -> Iterator[Quote]:
        return iter(self._quotes)

    def parts(self) -> list[tuple[int, int, Quote]]:
        return list(self._parts)

    def at(self, offset: int) -> Quote | None:
        """The quote whose words cover the character at ``offset``."""
        part = self._parts.at(offset)
        return None if part is None else part[2]

    def after(self, offset: int) -> Quote | None:
        return self._quotes.after(offset)

    def before(self, offset: int) -> Quote | None:
        return self._quotes.before(offset)

    def between(self, start: int, end: int) -> list[Quote]:
        """The quotes with a part in article[start:end], in text order, each once."""
        return list(dict.fromkeys(part[2] for part in self._parts.between(start, end)))


class HighlightIndex(SpanIndex[Highlight]):
    """The reader's attached highlights in text order, for hit tests, painting and
    next/previous (orphaned ones have no place on the page); where two start at the
    same place, the later one counts as inside."""

    def __init__(self, highlights: Iterable[Highlight]):
        attached = sorted(
            (h for h in highlights if h.start is not None and h.end is not None),
            key=lambda h: h.id,
        )
        super().__init__(attached, lambda h: (h.start or 0, h.end or 0))
        self._by_id = {h.id: h for h in attached}

    def get(self, highlight_id: int | None) -> Highlight | None:
        return None if highlight_id is None else self._by_id.get(highlight_id)


class _HighlightJob:
    """Marks (or unmarks) a list of spans (mentions, quote parts, claims), a batch per
    edit block.

    The batch size adapts so that marking a batch and laying out the paragraphs it
    touched takes about ``SLICE_SECONDS``.
    """

    # What fits in a slice, per kind of mark and marking (True) or unmarking (False);
    # shared, so that the next job starts with what this one learnt.
    batch: ClassVar[dict[tuple[str, bool], int]] = {}

    def __init__(
        self,
        view: ArticleView,
        items: list[Any],
        on: bool,
        mark: Callable[[QTextCursor, Any, bool], None],
        start_of: Callable[[Any], int],
    ):
        self._view = view
        self._items = items
        self._on = on
        self._mark = mark
        self._start_of = start_of
        self._key = (mark.__name__, on)
        self._next = 0

    def done(self) -> bool:
        return self._next >= len(self._items)

    def split(self, low: int, high: int) -> tuple[_HighlightJob, _HighlightJob]:
        """This job's marks that start in article[low:high], and the others: those
        after that stretch (the reader reads on), then those before it, nearest first.
        The marks come in text order."""
        items = self._items[self._next :]
        starts = [self._start_of(item) for item in items]
        first, last = bisect.bisect_left(starts, low), bisect.bisect_left(starts, high)
        far = items[last:] + items[:first][::-1]
        return self._with(items[first:last]), self._with(far)

    def _with(self, items: list[Any]) -> _HighlightJob:
        return _HighlightJob(self._view, items, self._on, self._mark, self._start_of)

    def run_batch(self, seconds: float = SLICE_SECONDS) -> None:
        """Mark as many as fit in ``seconds`` (at least one)."""
        items, view = self._items, self._view
        start = self._next
        fits = _HighlightJob.batch.get(self._key, _FIRST_BATCH) * seconds / SLICE_SECONDS
        end = min(start + max(int(fits), 1), len(items))
        started = time.perf_counter()
        cursor = QTextCursor(view.document())
        cursor.beginEditBlock()
        try:
            for index in range(start, end):
                self._mark(cursor, items[index], self._on)
        finally:
            self._next = end
            cursor.endEditBlock()  # the touched paragraphs are laid out again here
        elapsed = time.perf_counter() - started
        done = end - start
        if done and elapsed > 0:
            fits = int(SLICE_SECONDS * done / elapsed)
            _HighlightJob.batch[self._key] = max(_MIN_BATCH, min(_MAX_BATCH, 2 * done, fits))


class QuoteMargin(QWidget):
    """The strip left of the text column: a bar beside the lines of each direct quote.

    A child of the view laid over its left margin (the viewport is the centred column),
    transparent, so the page shows through; hovering a bar says who is quoted.
    """

    def __init__(self, view: ArticleView):
        super().__init__(view)
        self.setObjectName("quoteMargin")
        self._view = view

    def bars(self) -> list[tuple[QRectF, Quote]]:
        """The bars to draw, in this widget's coordinates (those of the viewport, shifted)."""
        return [
            (QRectF(self.width() - _BAR_GAP - _BAR_WIDTH, top, _BAR_WIDTH, bottom - top), quote)
            for top, bottom, quote in self._view.quote_lines()
        ]

    def paintEvent(self, event: QPaintEvent) -> None:
        bars = self.bars()
        if not bars:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(self._view.formats().quote_mark_color())
        for rect, _ in bars:
            painter.drawRoundedRect(rect, _BAR_WIDTH / 2, _BAR_WIDTH / 2)
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            y = event.pos().y()
            for rect, quote in self.bars():
                if rect.top() - 2 <= y <= rect.bottom() + 2:
                    QToolTip.showText(event.globalPos(), self._view.quote_tooltip(quote), self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().event(event)


class NoteMargin(QWidget):
    """The strip right of the text column: a small mark beside the first line of each
    highlight that has a note, in the highlight's colour. Hovering one shows the note;
    clicking it chooses the highlight."""

    def __init__(self, view: ArticleView):
        super().__init__(view)
        self.setObjectName("noteMargin")
        self._view = view

    def marks(self) -> list[tuple[QRectF, Highlight]]:
        """The marks to draw, in this widget's coordinates."""
        marks = []
        top_of_last = -1.0
        for highlight, first_line in self._view.noted_lines():
            top = max(first_line.center().y() - _NOTE_MARK / 2, top_of_last + _NOTE_MARK + 2)
            marks.append((QRectF(_NOTE_GAP, top, _NOTE_MARK, _NOTE_MARK), highlight))
            top_of_last = top
        return marks

    def paintEvent(self, event: QPaintEvent) -> None:
        marks = self.marks()
        if not marks:
            return
        formats = self._view.formats()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for rect, highlight in marks:
            painter.setPen(QPen(formats.highlight_outline(highlight.color), 1.2))
            painter.setBrush(formats.highlight_swatch(highlight.color))
            painter.drawRoundedRect(rect, 2, 2)
        painter.end()

    def _mark_at(self, point: QPointF) -> Highlight | None:
        for rect, highlight in self.marks():
            if rect.adjusted(-4, -3, 4, 3).contains(point):
                return highlight
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            highlight = self._mark_at(QPointF(event.pos()))
            if highlight is None:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), self._view.highlight_tooltip(highlight), self)
            return True
        return super().event(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._mark_at(event.position()) is not None:
            event.accept()  # the release chooses the highlight
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        highlight = self._mark_at(event.position())
        if highlight is not None and event.button() == Qt.MouseButton.LeftButton:
            self._view.highlight_clicked.emit(highlight)
            return
        super().mouseReleaseEvent(event)


class ArticleView(QTextEdit):
    """A read-only page: serif text in a centred column, highlights merged in."""

    # The reader clicked inside a mention (not a drag or a double click).
    mention_clicked = Signal(object)  # Located
    # Every highlight asked for so far is on the page.
    highlights_applied = Signal()
    # The reader clicked one of their own highlights (or its note mark).
    highlight_clicked = Signal(object)  # Highlight
    # The reader double-clicked a word (which is then selected): article offsets.
    word_double_clicked = Signal(int, int)

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
        self.quotes = QuoteIndex(())
        self.offsets: OffsetMap | None = None
        # Indexes the annotations just given, a step at a time; None once they are.
        self._indexing: Iterator[None] | None = None
        # Writes the rest of a long article's page; None once the page is whole.
        self._page: PageWriter | None = None
        # Whether the marks just queued are still to be put in order, those on and
        # near the page first.
        self._near_page_first = False
        self._formats = formats
        self._visible: set[str] = {c.key for c in formats.palette.categories}
        self._applied: set[str] = set()
        self._quotes_visible = True
        self._quotes_applied = False
        # The claims the page underlines (those worth checking first), and the
        # reader's verdicts on the article's claims by (start, end).
        self.claims: SpanIndex[Claim] = SpanIndex((), _claim_span)
        self._claims_visible = True
        self._claims_applied = False
        self._claim_checks: dict[tuple[int, int], ClaimCheck] = {}
        self._entities_by_id: dict[str, Entity] = {}
        self._selected: Entity | None = None
        self._jobs: deque[_HighlightJob] = deque()
        self._format_cache: dict[tuple[str, str], QTextCharFormat] = {}
        self.highlights = HighlightIndex(())
        self._highlights_visible = True
        self._current_highlight: int | None = None
        # The glyph boxes of each highlight's lines (document coordinates), kept until
        # the text is laid out again.
        self._boxes: dict[tuple[int, int], list[QRectF]] = {}
        self._margin = QuoteMargin(self)
        self._note_margin = NoteMargin(self)
        self.verticalScrollBar().valueChanged.connect(self._margin.update)
        self.verticalScrollBar().valueChanged.connect(self._note_margin.update)
        self.set_formats(formats)

    # -- content -----------------------------------------------------------------

    def formats(self) -> Formats:
        return self._formats

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
            highlights, current = list(self.highlights), self._current_highlight
            checks = self._claim_checks
            self.set_article(self.article)
            self._claim_checks = checks
            if annotations is not None:
                self.set_annotations(annotations)
                self.select_entity(selected)
            self.set_highlights(highlights)
            self.set_current_highlight(current)
        self._update_margins()

    def set_article(self, article: Article) -> None:
        """Show the article's text at once (a long one's first pages at once, the rest
        in slices between events); highlights come with ``set_annotations``."""
        page = PageWriter(article, self._formats, self)
        page.write_first_slice()
        self._stop_pump()
        self._jobs.clear()
        self._format_cache = {}
        self.setDocument(page.document)  # the old one, a child of this view, is deleted
        self._follow_layout()
        self.article = article
        self.annotations = None
        self._forget_indexes()
        self._claim_checks = {}
        self._selected = None
        # page.blocks grows as the rest of the page is written.
        self.offsets = OffsetMap(article, page.blocks, page.header_blocks)
        self.highlights = HighlightIndex(())
        self._current_highlight = None
        self.setExtraSelections([])
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self._page = None if page.done() else page
        if self._page is not None:
            self._pump_later()  # the rest after the first pages are painted

    def clear_article(self) -> None:
        self._page = None
        self._stop_pump()
        self._jobs.clear()
        self.article = None
        self.annotations = None
        self.offsets = None
        self._forget_indexes()
        self._claim_checks = {}
        self._selected = None
        self.highlights = HighlightIndex(())
        self._current_highlight = None
        self.setExtraSelections([])
        self.setDocument(QTextDocument(self))
        self._follow_layout()

    def _follow_layout(self) -> None:
        """Repaint the margins' marks whenever the text on the page is laid out again."""
        self.document().documentLayout().update.connect(self._on_laid_out)
        self._update_margins_marks()

    def _on_laid_out(self, changed: QRectF) -> None:
        """Text in ``changed`` (document coordinates) was laid out again: while a book
        is marked, that is mostly far from the page, and repainting the margins for
        it each turn cost milliseconds."""
        shown = QRectF(self.viewport().rect()).translated(0, self.verticalScrollBar().value())
        if changed.intersects(shown):
            self._update_margins_marks()
        else:
            self._boxes.clear()  # the lines may have moved

    def _update_margins_marks(self) -> None:
        self._boxes.clear()  # the lines may have moved
        self._margin.update()
        self._note_margin.update()

    # -- offsets -----------------------------------------------------------------

    def _write_page(self, through: int | None = None) -> None:
        """Write the next slice of a page still being written, or every paragraph up
        to and including ``through``."""
        if self._page is None:
            return
        if through is None:
            self._page.write_slice()
        else:
            self._page.write_through(through)
        if self._page.done():
            self._page = None

    def document_position(self, offset: int) -> int:
        if self.offsets is None:
            raise LookupError("no article is shown")
        # The reader may go ahead of a page still being written.
        self._write_page(through=self.offsets.paragraph_at(offset))
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
        """From the next event on, index the mentions, quotes and claims, then colour
        the mentions of every visible category, tint the quotes and underline the
        claims worth checking first if those layers are shown, the marks on and near
        the page first.

        ``highlights_applied`` follows once every mark is in: after one slice for an
        article of ordinary length, after many for a very long one.
        """
        self._jobs.clear()
        self.annotations = annotations
        self._forget_indexes()
        self._indexing = self._index(annotations)
        self._pump_later()

    def _forget_indexes(self) -> None:
        """No mentions, quotes or claims to find on the page, and none marked."""
        self._indexing = None
        self.mentions = MentionIndex(())
        self.quotes = QuoteIndex(())
        self.claims = SpanIndex((), _claim_span)
        self._entities_by_id = {}
        self._applied = set()
        self._quotes_applied = False
        self._claims_applied = False

    def _index(self, annotations: Annotations) -> Iterator[None]:
        """Index the annotations, pausing (yielding) between steps of a few ms."""
        palette = self._formats.palette
        # A book has thousands of entities and ten thousand mentions: a label's
        # category is looked up once, and Located is a light tuple.
        categories: dict[str, str] = {}
        located: list[Located] = []
        pause_at = _INDEX_STEP
        for entity in annotations.entities:
            key = categories.get(entity.label)
            if key is None:
                key = categories[entity.label] = palette.category_for_label(entity.label).key
            located.extend(Located(entity, mention, key) for mention in entity.mentions)
            if len(located) >= pause_at:
                pause_at += _INDEX_STEP
                yield
        self.mentions = MentionIndex(located)
        yield
        self.quotes = QuoteIndex(annotations.quotes)
        self.claims = SpanIndex(filter(is_underlined, annotations.claims), _claim_span)
        self._entities_by_id = {entity.id: entity for entity in annotations.entities}

    def _queue_marks(self) -> None:
        """Queue the marks of every layer shown, to be put on near the page first."""
        self._apply(set(self._visible), on=True)
        if self._quotes_visible:
            self._apply_quotes(on=True)
        if self._claims_visible:
            self._apply_claims(on=True)
        self._near_page_first = True

    def visible_categories(self) -> set[str]:
        return set(self._visible)

    def set_category_visible(self, key: str, visible: bool) -> None:
        if visible:
            self._visible.add(key)
        else:
            self._visible.discard(key)
        if self.annotations is not None and (key in self._applied) != visible:
            self._apply({key}, on=visible)
            self._start()
        self._update_extra_selections()

    def quotes_visible(self) -> bool:
        return self._quotes_visible

    def set_quotes_visible(self, visible: bool) -> None:
        """Show or hide the quote layer (the tint and the margin bars) alone."""
        self._quotes_visible = visible
        if self.annotations is not None and self._quotes_applied != visible:
            self._apply_quotes(on=visible)
            self._start()
        self._margin.update()

    def claims_visible(self) -> bool:
        return self._claims_visible

    def set_claims_visible(self, visible: bool) -> None:
        """Show or hide the claims' underline alone."""
        self._claims_visible = visible
        if self.annotations is not None and self._claims_applied != visible:
            self._apply_claims(on=visible)
            self._start()

    def set_claim_checks(self, checks: dict[tuple[int, int], ClaimCheck]) -> None:
        """The reader's verdicts on the article's claims, by the claim's (start, end),
        for what hovering a claim says."""
        self._claim_checks = dict(checks)

    def highlights_pending(self) -> bool:
        return bool(self._jobs) or self._page is not None or self._indexing is not None

    def _ready_to_mark(self) -> bool:
        """Whether marks can be queued: while the annotations are being indexed, they
        are not (the marks of every layer shown are queued after)."""
        return self.article is not None and self.offsets is not None and self._indexing is None

    def _apply(self, categories: set[str], *, on: bool) -> None:
        """Queue merging (or taking away) the marks of ``categories``; ``_start`` runs it."""
        if not self._ready_to_mark():
            return
        if on:
            self._applied |= categories
        else:
            self._applied -= categories
        items = [item for item in self.mentions if item.category in categories]
        self._jobs.append(_HighlightJob(self, items, on, self._mark, _mention_start))

    def _apply_quotes(self, *, on: bool) -> None:
        """Queue tinting (or untinting) every quote's words; ``_start`` runs it."""
        if not self._ready_to_mark():
            return
        self._quotes_applied = on
        self._jobs.append(
            _HighlightJob(self, self.quotes.parts(), on, self._mark_quote, _part_start)
        )

    def _apply_claims(self, *, on: bool) -> None:
        """Queue underlining (or not) the claims worth checking; ``_start`` runs it."""
        if not self._ready_to_mark():
            return
        self._claims_applied = on
        self._jobs.append(
            _HighlightJob(self, list(self.claims), on, self._mark_claim, _claim_start)
        )

    def _start(self) -> None:
        """Run a first slice of the queued work now (all of it, for an ordinary
        article), the rest in later turns of the event loop."""
        if not slices.runner().running(self._pump) and self._pump(SLICE_SECONDS):
            self._pump_later()

    def _pump_later(self) -> None:
        slices.runner().start(self._pump, self)

    def _stop_pump(self) -> None:
        slices.runner().stop(self._pump)

    def _pump(self, seconds: float) -> bool:
        """Write one slice of a long article's page, and do about ``seconds`` of
        indexing or highlight work; whether there is more.

        A job that finishes early in the slice (the quotes after the entities of an
        ordinary article) lets the next one use the rest of the slice. The marks wait
        for the whole page, whose positions they need.
        """
        started = time.perf_counter()
        self._write_page()
        if self._indexing is not None:
            for _step in self._indexing:
                if time.perf_counter() - started >= seconds:
                    return True
            self._indexing = None
            self._queue_marks()
        if self._page is None and self._near_page_first:
            if time.perf_counter() - started >= seconds:
                return True
            self._near_page_first = False
            self._visible_first()
        while self._page is None and self._jobs:
            if time.perf_counter() - started >= seconds:
                return True
            job = self._jobs[0]
            if not job.done():
                job.run_batch(seconds - (time.perf_counter() - started))
                if not job.done():
                    break
            self._jobs.popleft()
        if self._page is not None or self._jobs:
            return True
        if self.annotations is not None:
            self.highlights_applied.emit()
        return False

    def _visible_first(self) -> None:
        """Split every queued job in two and run the marks on and near the page (a
        page above and below) first: a long article is highlighted where the reader
        is looking before the rest."""
        if self.offsets is None or not self._jobs:
            return
        height = self.viewport().height()
        top = self.article_offset(self.cursorForPosition(QPoint(0, -height)).position())
        bottom = self.article_offset(
            self.cursorForPosition(QPoint(self.viewport().width(), 2 * height)).position()
        )
        low = 0 if top is None else top
        high = (len(self.article.text) if self.article else 0) if bottom is None else bottom + 1
        halves = [job.split(low, high) for job in self._jobs]
        self._jobs = deque([near for near, _ in halves] + [far for _, far in halves])

    def _mark(self, cursor: QTextCursor, item: Located, on: bool) -> None:
        """Mark (or unmark) one mention; ``cursor`` is inside an edit block."""
        offsets, article = self.offsets, self.article
        assert offsets is not None and article is not None
        mention = item.mention
        kind = article.paragraphs[offsets.paragraph_at(mention.start)].kind
        cursor.setPosition(offsets.to_document(mention.start))
        cursor.setPosition(offsets.to_document(mention.end), QTextCursor.MoveMode.KeepAnchor)
        key = (item.entity.id if on else "", kind)
        char_format = self._format_cache.get(key)
        if char_format is None:
            entity = item.entity
            char_format = (
                self._formats.mention_format(item.category, kind, _tooltip(entity), entity.id)
                if on
                else self._formats.mention_cleared(kind)
            )
            self._format_cache[key] = char_format
        # Merged, both ways: a quote's tint under the mention stays.
        cursor.mergeCharFormat(char_format)

    def _mark_quote(self, cursor: QTextCursor, part: tuple[int, int, Quote], on: bool) -> None:
        """Tint (or untint) one part of a quote; ``cursor`` is inside an edit block."""
        offsets = self.offsets
        assert offsets is not None
        start, end, quote = part
        cursor.setPosition(offsets.to_document(start))
        cursor.setPosition(offsets.to_document(end), QTextCursor.MoveMode.KeepAnchor)
        key = ("quote", quote.kind if on else "")
        char_format = self._format_cache.get(key)
        if char_format is None:
            char_format = (
                self._formats.quote_format(quote.kind) if on else self._formats.quote_cleared()
            )
            self._format_cache[key] = char_format
        cursor.mergeCharFormat(char_format)

    def _mark_claim(self, cursor: QTextCursor, claim: Claim, on: bool) -> None:
        """Underline (or not) one claim; ``cursor`` is inside an edit block."""
        offsets = self.offsets
        assert offsets is not None
        cursor.setPosition(offsets.to_document(claim.start))
        cursor.setPosition(offsets.to_document(claim.end), QTextCursor.MoveMode.KeepAnchor)
        key = ("claim", "on" if on else "")
        char_format = self._format_cache.get(key)
        if char_format is None:
            char_format = self._formats.claim_format() if on else self._formats.claim_cleared()
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

    # -- the reader's highlights -----------------------------------------------------

    def set_highlights(self, highlights: Iterable[Highlight]) -> None:
        """Paint the reader's highlights (the orphaned ones have no place on the page)."""
        self.highlights = HighlightIndex(highlights)
        if self.highlights.get(self._current_highlight) is None:
            self._current_highlight = None
        self.viewport().update()
        self._note_margin.update()

    def highlights_visible(self) -> bool:
        return self._highlights_visible

    def set_highlights_visible(self, visible: bool) -> None:
        """Show or hide the reader's highlights and their note marks."""
        self._highlights_visible = visible
        self.viewport().update()
        self._note_margin.update()

    def current_highlight(self) -> Highlight | None:
        """The highlight the reader is working on (outlined on the page)."""
        return self.highlights.get(self._current_highlight)

    def set_current_highlight(self, highlight_id: int | None) -> None:
        if highlight_id != self._current_highlight:
            self._current_highlight = highlight_id
            self.viewport().update()

    def selection_range(self) -> tuple[int, int] | None:
        """The article text the reader selected, without the spaces at its ends
        (None: nothing of the article is selected)."""
        cursor = self.textCursor()
        if self.article is None or not cursor.hasSelection():
            return None
        start = self.article_offset(cursor.selectionStart())
        end = self.article_offset(cursor.selectionEnd())
        if end is None:  # the selection lies in the header
            return None
        start = start or 0
        text = self.article.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        return (start, end) if start < end else None

    def highlight_at_caret(self) -> Highlight | None:
        """The highlight around the caret (or the start of the selection)."""
        cursor = self.textCursor()
        offset = self.article_offset(cursor.selectionStart())
        if offset is None:
            return None
        found = self.highlights.at(offset)
        if found is None and offset > 0 and not cursor.hasSelection():
            found = self.highlights.at(offset - 1)  # the caret just after the last word
        return found

    def highlight_at(self, point: QPoint) -> Highlight | None:
        """The highlight under a point of the viewport, if the point is on its text."""
        if not self.highlights or not self._highlights_visible:
            return None
        offset = self.offset_at(point)
        return None if offset is None else self.highlights.at(offset)

    def highlight_rects(self, highlight: Highlight) -> list[QRectF]:
        """The bands painted for a highlight, one per line, in viewport coordinates."""
        if highlight.start is None or highlight.end is None or self.offsets is None:
            return []
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        key = (highlight.start, highlight.end)
        boxes = self._boxes.get(key)
        if boxes is None:
            boxes = self._boxes[key] = self._line_boxes(highlight.start, highlight.end)
        bands = []
        for box in boxes:
            top = box.top() + box.height() * _BAND_TOP
            bottom = box.top() + box.height() * _BAND_BOTTOM
            band = QRectF(box.left() - 1, top, box.width() + 2, bottom - top)
            bands.append(band.translated(dx, dy))
        return bands

    def _line_boxes(self, start: int, end: int) -> list[QRectF]:
        """The glyph box of each line of article[start:end], in document coordinates."""
        return self._position_boxes(self.document_position(start), self.document_position(end))

    def _position_boxes(self, first: int, last: int) -> list[QRectF]:
        """The glyph box of each line between two document positions."""
        document = self.document()
        layout = document.documentLayout()
        boxes = []
        block = document.findBlock(first)
        while block.isValid() and block.position() <= last:
            text_layout = block.layout()
            origin = layout.blockBoundingRect(block).topLeft()
            base = block.position()
            for number in range(text_layout.lineCount()):
                line = text_layout.lineAt(number)
                line_start = base + line.textStart()
                begin = max(first, line_start)
                finish = min(last, line_start + line.textLength())
                if begin >= finish:
                    continue
                left = _x_of(line, begin - base)
                right = _x_of(line, finish - base)
                if (
                    finish == line_start + line.textLength()
                    and block.text()[finish - base - 1 : finish - base].isspace()
                ):
                    # A line broken after a space: the band stops at the word.
                    right = _x_of(line, finish - base - 1)
                boxes.append(
                    QRectF(
                        origin.x() + min(left, right),
                        origin.y() + line.y(),
                        abs(right - left),
                        line.ascent() + line.descent(),
                    )
                )
            block = block.next()
        return boxes

    def _visible_highlights(self) -> list[Highlight]:
        if not self.highlights or not self._highlights_visible or self.offsets is None:
            return []
        viewport = self.viewport().rect()
        first = self.article_offset(self.cursorForPosition(viewport.topLeft()).position())
        last = self.article_offset(self.cursorForPosition(viewport.bottomRight()).position())
        if last is None:
            return []
        return self.highlights.between(first or 0, last + 1)

    def noted_lines(self) -> list[tuple[Highlight, QRectF]]:
        """Each highlight on the page that has a note, with its first band (viewport
        coordinates), in text order."""
        lines = []
        for highlight in self._visible_highlights():
            if highlight.note.strip():
                bands = self.highlight_rects(highlight)
                if bands:
                    lines.append((highlight, bands[0]))
        return lines

    def highlight_tooltip(self, highlight: Highlight) -> str:
        """What hovering a highlight says: its colour's name, its note and tags."""
        lines = [f"Highlight · {highlight.color_name}", *_note_line(highlight.note)]
        if highlight.tags:
            lines.append("Tags: " + ", ".join(highlight.tags))
        return "\n".join(lines)

    def show_highlight(self, highlight: Highlight) -> None:
        """Select the highlight's text, make it current and scroll it into view."""
        if highlight.start is None or highlight.end is None:
            return
        self.set_current_highlight(highlight.id)
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.document_position(highlight.end))
        cursor.setPosition(self.document_position(highlight.start), QTextCursor.MoveMode.KeepAnchor)
        self._show(cursor)

    def step_highlight(self, forward: bool) -> Highlight | None:
        """Select the next (or previous) highlight after the caret; None at the end."""
        if not self._highlights_visible:
            return None
        offset = self._step_origin(forward)
        highlight = self.highlights.after(offset - 1) if forward else self.highlights.before(offset)
        if highlight is not None:
            self.show_highlight(highlight)
        return highlight

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        highlights = self._visible_highlights()
        if not highlights:
            return
        formats = self._formats
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cursor = self.textCursor()
        if cursor.hasSelection():
            # The reader's selection shows as the system draws it: no pen over it.
            free = QRegion(self.viewport().rect())
            dx = -self.horizontalScrollBar().value()
            dy = -self.verticalScrollBar().value()
            for box in self._position_boxes(cursor.selectionStart(), cursor.selectionEnd()):
                covered = QRectF(box.left(), box.top(), box.width(), box.height() * _BAND_BOTTOM)
                free -= QRegion(covered.translated(dx, dy).toAlignedRect().adjusted(0, -1, 0, 2))
            painter.setClipRegion(free)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setCompositionMode(formats.highlight_blend())
        current = None
        for highlight in highlights:
            bands = self.highlight_rects(highlight)
            painter.setBrush(formats.highlight_color(highlight.color))
            for band in bands:
                painter.drawRoundedRect(band, 2.5, 2.5)
            if highlight.id == self._current_highlight:
                current = highlight, bands
        if current is not None:
            highlight, bands = current
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
            painter.setClipping(False)  # the outline frames a selected highlight too
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(formats.highlight_outline(highlight.color), 1.5))
            for band in bands:
                painter.drawRoundedRect(band.adjusted(-1, -1, 1, 1), 3, 3)
        painter.end()

    # -- moving around -------------------------------------------------------------

    def show_mention(self, mention: Mention) -> None:
        """Select the mention and scroll it into the upper part of the page."""
        self._show(self.cursor_for(mention.start, mention.end))

    def select_range(self, start: int, end: int) -> None:
        """Select ``article.text[start:end]`` and scroll it into view."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.document_position(end))
        cursor.setPosition(self.document_position(start), QTextCursor.MoveMode.KeepAnchor)
        self._show(cursor)

    def show_quote(self, quote: Quote) -> None:
        """Select the quote, the caret at its start, and scroll its start into the upper
        part of the page (a quote may be longer than the page)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.document_position(quote.end))
        cursor.setPosition(self.document_position(quote.start), QTextCursor.MoveMode.KeepAnchor)
        self._show(cursor)

    def _show(self, cursor: QTextCursor) -> None:
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

    def _step_origin(self, forward: bool) -> int:
        """The article offset next/previous steps from: the selection's end going
        forward, its start going back; 0 from the header (everything lies ahead)."""
        cursor = self.textCursor()
        position = cursor.selectionEnd() if forward else cursor.selectionStart()
        offset = self.article_offset(position)
        return 0 if offset is None else offset

    def step(self, forward: bool) -> Located | None:
        """Select the next (or previous) visible mention after the caret; None at the end."""
        offset = self._step_origin(forward)
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

    def step_quote(self, forward: bool) -> Quote | None:
        """Select the next (or previous) quote after the caret; None at the end, or when
        quotes are hidden."""
        if not self._quotes_visible:
            return None
        offset = self._step_origin(forward)
        quote = self.quotes.after(offset - 1) if forward else self.quotes.before(offset)
        if quote is not None:
            self.show_quote(quote)
        return quote

    def quote_tooltip(self, quote: Quote) -> str:
        return describe(quote, self._entities_by_id)

    def claim_tooltip(self, claim: Claim) -> str:
        """What hovering a claim says: why it is one, its score, the reader's verdict
        and note."""
        check = self._claim_checks.get((claim.start, claim.end))
        if check is None:
            return claim_words.describe(claim)
        return "\n".join([claim_words.describe(claim, check.state), *_note_line(check.note)])

    def show_claim(self, claim: Claim) -> None:
        """Select the claim and scroll it into view."""
        self.select_range(claim.start, claim.end)

    def step_claim(self, forward: bool) -> Claim | None:
        """Select the next (or previous) underlined claim after the caret; None at the
        end, or when claims are hidden."""
        if not self._claims_visible:
            return None
        offset = self._step_origin(forward)
        claim = self.claims.after(offset - 1) if forward else self.claims.before(offset)
        if claim is not None:
            self.show_claim(claim)
        return claim

    def quote_lines(self) -> list[tuple[float, float, Quote]]:
        """The top and bottom (viewport y) of the lines each direct quote on the page
        covers, from its first word to its last, across paragraphs."""
        if not self._quotes_visible or not self.quotes or self.offsets is None:
            return []
        viewport = self.viewport().rect()
        first = self.article_offset(self.cursorForPosition(viewport.topLeft()).position())
        last = self.article_offset(self.cursorForPosition(viewport.bottomRight()).position())
        if last is None:  # nothing below the header is on the page
            return []
        lines = []
        for quote in self.quotes.between(first or 0, last + 1):
            if quote.kind != "direct" or quote.end <= quote.start:
                continue
            top = self._line_rect(quote.start).top()
            bottom = self._line_rect(quote.end - 1).bottom()
            lines.append((float(top), float(bottom + 1), quote))
        return lines

    def _line_rect(self, offset: int) -> QRect:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.document_position(offset))
        return self.cursorRect(cursor)

    def offset_at(self, point: QPoint) -> int | None:
        """The article offset of the character under a point of the viewport, if any."""
        if self.offsets is None:
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
        return self.article_offset(boundary)

    def located_at(self, point: QPoint) -> Located | None:
        """The mention under a point of the viewport, if the point is on its text."""
        if not self.mentions:
            return None
        offset = self.offset_at(point)
        return None if offset is None else self.mentions.at(offset)

    def tooltip_at(self, point: QPoint) -> str:
        """What the page says about the text under a point: the entity, the quote, the
        claim and the reader's highlight there."""
        offset = self.offset_at(point)
        if offset is None:
            return ""
        lines = []
        located = self.mentions.at(offset)
        if located is not None and located.category in self._visible:
            lines.append(_tooltip(located.entity))
        quote = self.quotes.at(offset) if self._quotes_visible else None
        if quote is not None:
            lines.append(self.quote_tooltip(quote))
        claim = self.claims.at(offset) if self._claims_visible else None
        if claim is not None:
            lines.append(self.claim_tooltip(claim))
        highlight = self.highlights.at(offset) if self._highlights_visible else None
        if highlight is not None:
            lines.append(self.highlight_tooltip(highlight))
        return "\n".join(lines)

    # -- events --------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        point = event.position().toPoint()
        located = self.located_at(point)
        if located is not None:
            self.mention_clicked.emit(located)
        highlight = self.highlight_at(point)
        if highlight is not None:
            self.set_current_highlight(highlight.id)
            self.highlight_clicked.emit(highlight)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        super().mouseDoubleClickEvent(event)  # selects the word
        if event.button() == Qt.MouseButton.LeftButton:
            found = self.selection_range()
            if found is not None:
                self.word_double_clicked.emit(*found)

    def viewportEvent(self, event: QEvent) -> bool:
        # QTextEdit does not show a character format's tooltip: say what is under the
        # pointer here (the same text the mention's format carries).
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            text = self.tooltip_at(event.pos())
            if not text:
                QToolTip.hideText()
                event.ignore()
            else:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            return True
        return super().viewportEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        # Called for the view's own resizes and, through the scroll area, its viewport's.
        self._boxes.clear()
        self._update_margins()
        super().resizeEvent(event)
        self._place_margin()

    def _update_margins(self) -> None:
        """Centre a column of comfortable width; the margins grow with the window."""
        scrollbar = self.verticalScrollBar().sizeHint().width()
        free = self.width() - scrollbar - self._formats.measure()
        side = max(_MIN_SIDE_MARGIN, int(free / 2))
        margins = self.viewportMargins()
        if margins.left() != side or margins.right() != side:
            self.setViewportMargins(side, 0, side, 0)
        self._place_margin()

    def _place_margin(self) -> None:
        """Lay the quote margin over the space left of the viewport, the note margin
        over the space right of it."""
        viewport = self.viewport().geometry()
        left = self.contentsRect().left()
        self._margin.setGeometry(
            QRect(left, viewport.top(), max(viewport.left() - left, 0), viewport.height())
        )
        self._note_margin.setGeometry(
            QRect(
                viewport.right() + 1,
                viewport.top(),
                self.viewportMargins().right(),
                viewport.height(),
            )
        )

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


def _mention_start(item: Located) -> int:
    return item.mention.start


def _part_start(part: tuple[int, int, Quote]) -> int:
    return part[0]


def _claim_start(claim: Claim) -> int:
    return claim.start


def _x_of(line: QTextLine, position: int) -> float:
    """The x of a position within a line's block (PySide6 returns it with the position)."""
    found: Any = line.cursorToX(position)
    return float(found[0] if isinstance(found, tuple) else found)


def _claim_span(claim: Claim) -> tuple[int, int]:
    return claim.start, claim.end


def _note_line(note: str) -> list[str]:
    """The reader's note in a tooltip, on one line and shortened ([] for no note)."""
    note = " ".join(note.split())
    if not note:
        return []
    if len(note) > _TOOLTIP_NOTE:
        note = note[: _TOOLTIP_NOTE - 1].rstrip() + "…"
    return [f"Note: {note}"]


def _tooltip(entity: Entity) -> str:
    count = len(entity.mentions)
    times = "once" if count == 1 else f"{count} times"
    return f"{entity.name} — {label_name(entity.label)} (mentioned {times})"
