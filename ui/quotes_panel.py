"""The "Who said what" panel: every speaker the article quotes, with their quotes.

A dock widget whose contents are built the first time it is shown. The tree is a Qt
model (``QuoteTreeModel``): speakers at the top level (``ui.speakers`` says how they
are grouped and named), each quote under its speaker in article order; a quote that
names no speaker goes under "Speaker not stated", and scare quotes and titles, nobody's
words, come last. Choosing a quote takes the page there.
"""

from __future__ import annotations

import html
import math
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPainter,
    QPalette,
    QPen,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from reader.annotations import Annotations, Entity, Quote
from reader.article import Article
from reader.entity_types import label_name
from ui import slices
from ui.formats import Formats
from ui.lazy_dock import LazyDock, summary_page
from ui.panel_helpers import plural
from ui.speakers import SpeakerGroup, describe, group_of, said_by

QUOTE_ROLE = Qt.ItemDataRole.UserRole + 1
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 2
EXCERPT_ROLE = Qt.ItemDataRole.UserRole + 3  # a quote's opening words, in marks
WHERE_ROLE = Qt.ItemDataRole.UserRole + 6  # its paragraphs: "¶ 4", "¶ 9–12"
COUNT_ROLE = Qt.ItemDataRole.UserRole + 4
GROUP_ROLE = Qt.ItemDataRole.UserRole + 5  # the SpeakerGroup of a heading row
MEASURED_AT_ROLE = Qt.ItemDataRole.UserRole + 7  # the width a quote row's height is for

# How much of a quote a row shows.
_WORDS = 16
# The first slice of building rows, or of measuring them, runs at once for this long;
# the rest share the window's turns with its other work (``ui.slices``).
BUILD_MS = 4
# Groups that are not speakers come last, in this order.
_LAST = {"unstated": 1, "scare": 2, "title": 3}

AnyIndex = QModelIndex | QPersistentModelIndex


def first_words(text: str, count: int = _WORDS) -> str:
    """The quote's opening words, with an ellipsis if there is more."""
    words = text.split()
    shown = " ".join(words[:count])
    return shown + "…" if len(words) > count else shown


@dataclass
class _Group:
    group: SpeakerGroup
    quotes: list[Quote] = field(default_factory=list)


class QuoteTreeModel(QStandardItemModel):
    """Speakers (top level) and their quotes (one level below), in one column.

    A standard item model with every role filled in when the annotations arrive: the
    tree asks for every row's index, flags and parent on each layout, and with 1,500
    quotes in a long book, answering those in Python took longer than the 50 ms the
    window may stall; answered by Qt, a layout takes a few milliseconds.
    """

    def __init__(self, formats: Formats, parent: QObject | None = None):
        super().__init__(parent)
        self._formats = formats
        self._article: Article | None = None
        self._entities: dict[str, Entity] = {}
        self._groups: list[_Group] = []
        self._bold = QFont()
        self._bold.setBold(True)
        # (heading, quote) row heights the view's delegate sets, so that the tree lays
        # the rows out without asking Python; a quote's is a guess until measured.
        self.row_heights: tuple[int, int] | None = None
        # Building the rows of a long book's 1,500 quotes takes longer than the window
        # may stall: the first speakers' rows come at once, the rest are built in
        # slices and go into the tree together (each insertion lays the whole tree out
        # again and repaints it, 20-30 ms with that many rows).
        self._unbuilt: list[_Group] = []
        self._built: list[QStandardItem] = []

    # -- contents --------------------------------------------------------------------

    def set_annotations(self, article: Article | None, annotations: Annotations | None) -> None:
        self._article = article
        self._entities = {}
        self._groups = []
        if article is not None and annotations is not None:
            self._entities = {entity.id: entity for entity in annotations.entities}
            groups: dict[str, _Group] = {}
            for quote in sorted(annotations.quotes, key=lambda q: q.start):
                group = group_of(quote, self._entities)
                groups.setdefault(group.key, _Group(group)).quotes.append(quote)
            # The most quoted speaker first; then in the order they speak.
            self._groups = sorted(
                groups.values(),
                key=lambda g: (_LAST.get(g.group.key, 0), -len(g.quotes), g.quotes[0].start),
            )
        self._unbuilt = list(self._groups)
        self._built = []
        # The first slice quietly, then announced as one reset (not a signal per row).
        self.blockSignals(True)
        self.clear()
        slices.runner().stop(self._build_slice)
        if self._build_slice(BUILD_MS / 1000):
            slices.runner().start(self._build_slice, self)
        self._insert_built()
        self.blockSignals(False)
        self.beginResetModel()
        self.endResetModel()

    def _build_slice(self, seconds: float) -> bool:
        """Build about ``seconds`` of rows; whether there are more to build."""
        until = time.perf_counter() + seconds
        while self._unbuilt and time.perf_counter() < until:
            group = self._unbuilt.pop(0)
            heading = self._item(self._group_data(group), self.row_heights, 0)
            quotes = [self._item(self._quote_data(q), self.row_heights, 1) for q in group.quotes]
            heading.appendRows(quotes)
            self._built.append(heading)
        if not self._unbuilt:
            self._insert_built()
        return bool(self._unbuilt)

    def _insert_built(self) -> None:
        """Put the speakers' rows built so far into the tree, in one insertion."""
        if self._built:
            self.invisibleRootItem().appendRows(self._built)
            self._built = []

    def is_complete(self) -> bool:
        """Whether every quote has its row in the tree (a long book's come in slices)."""
        return not self._unbuilt and not self._built

    def _item(
        self, roles: dict[int, Any], heights: tuple[int, int] | None, depth: int
    ) -> QStandardItem:
        item = QStandardItem()
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item.setFlags(flags | Qt.ItemFlag.ItemNeverHasChildren if depth else flags)
        for role, value in roles.items():
            item.setData(value, role)
        if heights is not None:
            item.setData(QSize(0, heights[depth]), Qt.ItemDataRole.SizeHintRole)
        return item

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        for row, group in enumerate(self._groups):
            color = self._speaker_color(group)
            if color is not None:
                self.setData(self.index(row, 0), color, Qt.ItemDataRole.DecorationRole)

    def quote_count(self) -> int:
        return sum(len(g.quotes) for g in self._groups)

    def speaker_count(self) -> int:
        return sum(1 for g in self._groups if g.group.is_speaker)

    def quote_index(self, quote: Quote) -> QModelIndex:
        """The row of a quote (invalid if the model does not hold it)."""
        for number, group in enumerate(self._groups):
            if quote in group.quotes:
                return self.index(group.quotes.index(quote), 0, self.index(number, 0))
        return QModelIndex()

    def group_index(self, label: str) -> QModelIndex:
        """The heading with this label (invalid if there is none)."""
        for number, group in enumerate(self._groups):
            if group.group.label == label:
                return self.index(number, 0)
        return QModelIndex()

    # -- the rows' roles -------------------------------------------------------------

    def _speaker_color(self, group: _Group) -> QColor | None:
        entity = group.group.entity
        if entity is None:
            return None
        return self._formats.entity_color(
            self._formats.palette.category_for_label(entity.label).key
        )

    def _group_data(self, group: _Group) -> dict[int, Any]:
        speaker = group.group
        count = len(group.quotes)
        quotes = plural(count, "quote")
        if speaker.entity is not None:
            tip = f"{label_name(speaker.entity.label)}, {quotes}. Click to see the entity."
        elif speaker.key == "unstated":
            tip = f"{quotes} the article gives nobody for"
        elif speaker.key == "scare":
            tip = f"{quotes}: phrases held at a distance, nobody's words"
        elif speaker.key == "title":
            tip = f"{plural(count, 'title')} of works"
        else:
            tip = f"Not named: the article's words for the speaker. {quotes}."
        roles: dict[int, Any] = {
            Qt.ItemDataRole.DisplayRole: speaker.label,
            Qt.ItemDataRole.AccessibleTextRole: speaker.label,
            Qt.ItemDataRole.FontRole: self._bold,
            Qt.ItemDataRole.ToolTipRole: tip,
            Qt.ItemDataRole.AccessibleDescriptionRole: tip,
            GROUP_ROLE: speaker,
            COUNT_ROLE: count,
        }
        color = self._speaker_color(group)
        if color is not None:
            roles[Qt.ItemDataRole.DecorationRole] = color
            roles[ENTITY_ROLE] = speaker.entity
        return roles

    def _paragraph(self, offset: int) -> int:
        """The paragraph holding ``offset``, counted from 1."""
        assert self._article is not None
        return self._article.paragraph_index(offset) + 1

    def _quote_data(self, quote: Quote) -> dict[int, Any]:
        words = first_words(quote.text)
        first = self._paragraph(quote.start)
        last = self._paragraph(quote.parts[-1][0]) if quote.parts else first
        where = f"¶ {first}" if last == first else f"¶ {first}–{last}"
        tip = describe(quote, self._entities)
        if quote.kind == "direct" and said_by(quote, self._entities) and quote.cue:
            tip += f" (“{quote.cue.text}”)"
        tip = f"{tip}\nParagraph {first}. Click to go there."
        return {
            Qt.ItemDataRole.DisplayRole: f"“{words}” {where}",
            Qt.ItemDataRole.AccessibleTextRole: f"“{words}”, paragraph {first}",
            EXCERPT_ROLE: f"“{words}”",
            WHERE_ROLE: where,
            Qt.ItemDataRole.ToolTipRole: tip,
            Qt.ItemDataRole.AccessibleDescriptionRole: tip,
            QUOTE_ROLE: quote,
        }


class QuoteDelegate(QStyledItemDelegate):
    """Headings: a colour dot for a named entity, the speaker in bold, the count.
    Quotes: a bar like the page's margin mark, the opening words and the paragraph."""

    PAD = 6
    BAR = 3

    def __init__(self, view: QTreeView, model: QuoteTreeModel, formats: Formats):
        super().__init__(view)
        self._view = view
        self._model = model
        self._formats = formats
        # A quote row's height is measured by laying its text out (about half a
        # millisecond), so the 1,500 quotes of a long book are measured in slices
        # between events, top first, into their SizeHintRole (the tree then lays the
        # rows out without asking Python). Until then a row keeps a guessed height, or
        # its height at the width before; a row painted first is measured then.
        self._width = 0  # the quote rows' width being measured for
        self._pending: Iterator[QStandardItem] = iter(())
        # Told that row heights changed, the tree lays every row out again and
        # repaints (a book's 1,900 rows: 20-30 ms), so it is told after the first
        # slice, which measures the rows in view, and after the last.
        self._unannounced = False  # heights changed that the tree has not been told of
        self._first_slice = True
        metrics = view.fontMetrics()
        model.row_heights = (
            metrics.height() + 2 * self.PAD + 2,
            2 * metrics.lineSpacing() + 2 * self.PAD + 1,
        )
        model.modelReset.connect(self._remeasure)
        model.rowsInserted.connect(self._measure_later)
        view.viewport().installEventFilter(self)

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats

    def _text_color(self, option: QStyleOptionViewItem) -> QColor:
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        return QColor(option.palette.color(role))

    def _background(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = opt.icon.__class__()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

    def _document(
        self, font: QFont, row: AnyIndex | QStandardItem, width: int, muted: QColor | None = None
    ) -> QTextDocument:
        """The quote's row text laid out at ``width``; ``muted`` colours the paragraph
        number (it does not change the layout, so measuring leaves it out)."""
        document = QTextDocument()
        document.setDefaultFont(font)
        document.setDocumentMargin(self.PAD)
        where = html.escape(row.data(WHERE_ROLE) or "")
        if muted is not None:
            where = f'<span style="color:{muted.name()}">{where}</span>'
        document.setHtml(f"{html.escape(row.data(EXCERPT_ROLE) or '')} {where}")
        document.setTextWidth(max(width - self.PAD - self.BAR, 40))
        return document

    def _quote_width(self) -> int:
        return max(self._view.viewport().width() - self._view.indentation(), 80)

    def _measure(self, item: QStandardItem, width: int) -> bool:
        """Measure a quote's row at ``width``; whether its height changed."""
        document = self._document(self._view.font(), item, width)
        height = math.ceil(document.size().height()) + 1
        changed = bool(item.data(Qt.ItemDataRole.SizeHintRole) != QSize(0, height))
        self._model.blockSignals(True)  # the tree is laid out again after the slice
        item.setData(QSize(0, height), Qt.ItemDataRole.SizeHintRole)
        item.setData(width, MEASURED_AT_ROLE)
        self._model.blockSignals(False)
        return changed

    def _remeasure(self) -> None:
        """Measure every quote row (new rows, or a new width): a first screenful now,
        the rest in slices."""
        self._restart()
        slices.runner().stop(self._measure_slice)
        if self._measure_slice(BUILD_MS / 1000):
            slices.runner().start(self._measure_slice, self)

    def _restart(self) -> None:
        self._width = self._quote_width()
        root = self._model.invisibleRootItem()
        headings = [root.child(row) for row in range(root.rowCount())]
        self._pending = (h.child(row) for h in headings for row in range(h.rowCount()))
        self._first_slice = True

    def _measure_later(self) -> None:
        """More speakers' rows (below the first ones): measured in the slices."""
        self._restart()
        slices.runner().start(self._measure_slice, self)

    def _measure_slice(self, seconds: float) -> bool:
        """Measure about ``seconds`` of rows; whether there are more to measure."""
        until = time.perf_counter() + seconds
        more = False
        for item in self._pending:
            if item.data(MEASURED_AT_ROLE) != self._width:
                self._unannounced |= self._measure(item, self._width)
            if time.perf_counter() > until:
                more = True
                break
        if self._unannounced and (self._first_slice or not more):
            self._unannounced = False
            self.sizeHintChanged.emit(self._model.index(0, 0))
        self._first_slice = False
        return more

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self._quote_width() != self._width:
            self._remeasure()
        return False

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        self._background(painter, option, index)
        rect = QRect(option.rect)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        quote = index.data(QUOTE_ROLE)
        if quote is not None:
            if quote.kind == "direct":
                bar = QRectF(rect.left() + 2, rect.top() + self.PAD, self.BAR, 0)
                bar.setBottom(rect.bottom() - self.PAD + 1)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(self._formats.quote_mark_color())
                painter.drawRoundedRect(bar, self.BAR / 2, self.BAR / 2)
            selected = option.state & QStyle.StateFlag.State_Selected
            muted = option.palette.color(
                QPalette.ColorRole.HighlightedText
                if selected
                else QPalette.ColorRole.PlaceholderText
            )
            document = self._document(option.font, index, rect.width(), muted)
            item = self._model.itemFromIndex(index)
            if item.data(MEASURED_AT_ROLE) != self._width and self._measure(item, self._width):
                self.sizeHintChanged.emit(index)  # painted before it was measured
            context = QAbstractTextDocumentLayout.PaintContext()
            context.palette.setColor(QPalette.ColorRole.Text, self._text_color(option))
            painter.translate(rect.left() + self.PAD + self.BAR, rect.top())
            painter.setClipRect(QRect(0, 0, rect.width(), rect.height()))
            document.documentLayout().draw(painter, context)
            painter.restore()
            return
        metrics = option.fontMetrics
        size = max(8, metrics.height() // 2)
        dot = QRect(rect.left() + self.PAD, rect.center().y() - size // 2 + 1, size, size)
        left = dot.right() + self.PAD + 2
        color = index.data(Qt.ItemDataRole.DecorationRole)
        group = index.data(GROUP_ROLE)
        if color is not None:  # a named entity: its category's dot, as in the entities panel
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawEllipse(dot)
        elif group is not None and group.is_speaker:  # someone the article does not name
            painter.setPen(QPen(option.palette.color(QPalette.ColorRole.PlaceholderText), 1.4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(dot).adjusted(0.7, 0.7, -0.7, -0.7))
        count = str(index.data(COUNT_ROLE) or "")
        count_width = metrics.horizontalAdvance(count)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        text_rect = QRect(left, rect.top(), rect.right() - left - count_width - 2 * self.PAD, 0)
        text_rect.setBottom(rect.bottom())
        painter.setPen(self._text_color(option))
        name = painter.fontMetrics().elidedText(
            index.data(Qt.ItemDataRole.DisplayRole) or "",
            Qt.TextElideMode.ElideRight,
            text_rect.width(),
        )
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(option.font)
        painter.setPen(
            self._text_color(option)
            if option.state & QStyle.StateFlag.State_Selected
            else option.palette.color(QPalette.ColorRole.PlaceholderText)
        )
        painter.drawText(
            rect.adjusted(0, 0, -self.PAD, 0),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            count,
        )
        painter.restore()


class QuotesPanel(LazyDock):
    """Who the article quotes, and what they said; choosing a quote goes there."""

    quote_activated = Signal(object)  # Quote
    entity_activated = Signal(object)  # Entity: a speaker the article names
    escape_pressed = Signal()

    def __init__(self, formats: Formats, parent: QWidget | None = None):
        super().__init__("Who said what", parent)
        self.setObjectName("quotesPanel")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self._formats = formats
        self._message = "Open an article to see who it quotes."
        self.quotes = QuoteTreeModel(formats, self)
        self.setWidget(QWidget())  # the real contents come on first show

    # -- state (kept whether or not the contents exist yet) ------------------------

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.quotes.set_formats(formats)
        if self._built:
            self._delegate.set_formats(formats)
            self._tree.viewport().update()

    def set_article(self, article: Article | None, message: str = "") -> None:
        """A new article (or none): the tree empties until its annotations arrive."""
        self._message = message or (
            "Finding quotes…" if article is not None else "Open an article to see who it quotes."
        )
        self.quotes.set_annotations(None, None)
        self._refresh()

    def set_message(self, message: str) -> None:
        self._message = message
        self._refresh()

    def set_annotations(self, article: Article, annotations: Annotations) -> None:
        self.quotes.set_annotations(article, annotations)
        self._message = "" if annotations.quotes else "The article quotes nobody."
        self._refresh()

    def show_quote(self, quote: Quote) -> None:
        """Mark a quote as the current row (the page went there)."""
        if not self._built:
            return
        index = self.quotes.quote_index(quote)
        if index.isValid():
            self._tree.setCurrentIndex(index)
            self._tree.scrollTo(index)

    def focus_tree(self) -> None:
        """Put the keyboard focus in the tree (builds the panel if needed)."""
        self.show()
        self.raise_()
        self._ensure_built()
        self._tree.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self._tree.currentIndex().isValid() and self.quotes.rowCount() > 0:
            first = self.quotes.index(0, 0)
            self._tree.setCurrentIndex(self.quotes.index(0, 0, first))

    # -- building and refreshing the contents ------------------------------------

    def _build(self) -> None:
        page, layout, self._summary = summary_page()
        tree = QTreeView()
        tree.setObjectName("quoteTree")
        tree.setModel(self.quotes)
        tree.setHeaderHidden(True)
        tree.setRootIsDecorated(False)
        tree.setItemsExpandable(False)
        tree.setExpandsOnDoubleClick(False)
        tree.setIndentation(10)
        tree.setUniformRowHeights(False)
        tree.setWordWrap(True)
        tree.setVerticalScrollMode(QTreeView.ScrollMode.ScrollPerPixel)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setFrameShape(QTreeView.Shape.NoFrame)
        tree.setMouseTracking(True)
        self._delegate = QuoteDelegate(tree, self.quotes, self._formats)
        tree.setItemDelegate(self._delegate)
        tree.clicked.connect(self._chosen)
        tree.activated.connect(self._chosen)
        tree.installEventFilter(self)
        self.quotes.modelReset.connect(tree.expandAll)
        self.quotes.rowsInserted.connect(self._expand_speakers)
        self._tree = tree
        layout.addWidget(self._summary)
        layout.addWidget(tree, 1)
        old = self.widget()
        self.setWidget(page)
        if old is not None:
            old.deleteLater()
        tree.expandAll()
        self._refresh()

    def _expand_speakers(self, parent: QModelIndex, first: int, last: int) -> None:
        """Speakers whose rows came in a later slice open like the first ones."""
        if not parent.isValid():
            for row in range(first, last + 1):
                self._tree.expand(self.quotes.index(row, 0))

    def _refresh(self) -> None:
        if not self._built:
            return
        count = self.quotes.quote_count()
        if count:
            speakers = self.quotes.speaker_count()
            self._summary.setText(
                f"<b>{plural(count, 'quote')}</b> from {plural(speakers, 'speaker')}. "
                "Pick one to go to it."
            )
        else:
            self._summary.setText(html.escape(self._message))

    def _chosen(self, index: QModelIndex) -> None:
        quote = index.data(QUOTE_ROLE)
        if quote is not None:
            self.quote_activated.emit(quote)
            return
        entity = index.data(ENTITY_ROLE)
        if entity is not None:
            self.entity_activated.emit(entity)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            self.escape_pressed.emit()
            return True
        return super().eventFilter(watched, event)
