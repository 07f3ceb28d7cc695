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
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
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
from ui.formats import Formats
from ui.lazy_dock import LazyDock, summary_page
from ui.speakers import SpeakerGroup, describe, group_of, said_by

QUOTE_ROLE = Qt.ItemDataRole.UserRole + 1
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 2
EXCERPT_ROLE = Qt.ItemDataRole.UserRole + 3  # a quote's opening words, in marks
WHERE_ROLE = Qt.ItemDataRole.UserRole + 6  # its paragraphs: "¶ 4", "¶ 9–12"
COUNT_ROLE = Qt.ItemDataRole.UserRole + 4
GROUP_ROLE = Qt.ItemDataRole.UserRole + 5  # the SpeakerGroup of a heading row

# How much of a quote a row shows.
_WORDS = 16
# Groups that are not speakers come last, in this order.
_LAST = {"unstated": 1, "scare": 2, "title": 3}

AnyIndex = QModelIndex | QPersistentModelIndex


def _plural(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {plural or word + 's'}"


def first_words(text: str, count: int = _WORDS) -> str:
    """The quote's opening words, with an ellipsis if there is more."""
    words = text.split()
    shown = " ".join(words[:count])
    return shown + "…" if len(words) > count else shown


@dataclass
class _Group:
    group: SpeakerGroup
    quotes: list[Quote] = field(default_factory=list)


class QuoteTreeModel(QAbstractItemModel):
    """Speakers (top level) and their quotes (one level below), in one column.

    A heading's index carries internal id 0; a quote's carries its heading's row + 1.
    """

    def __init__(self, formats: Formats, parent: QObject | None = None):
        super().__init__(parent)
        self._formats = formats
        self._article: Article | None = None
        self._entities: dict[str, Entity] = {}
        self._groups: list[_Group] = []

    # -- contents --------------------------------------------------------------------

    def set_annotations(self, article: Article | None, annotations: Annotations | None) -> None:
        self.beginResetModel()
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
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self._groups:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._groups) - 1, 0))

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

    # -- the model -------------------------------------------------------------------

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: AnyIndex | None = None) -> Any:  # type: ignore[override]
        if index is None:  # QObject.parent()
            return super().parent()
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].quotes)
        return 0

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 1

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.internalId() != 0:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def _locate(self, index: AnyIndex) -> tuple[_Group, Quote | None] | None:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            if not 0 <= index.row() < len(self._groups):
                return None
            return self._groups[index.row()], None
        number = int(index.internalId()) - 1
        if not 0 <= number < len(self._groups):
            return None
        group = self._groups[number]
        if not 0 <= index.row() < len(group.quotes):
            return None
        return group, group.quotes[index.row()]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        found = self._locate(index)
        if found is None:
            return None
        group, quote = found
        if quote is None:
            return self._group_data(group, role)
        return self._quote_data(quote, role)

    def _group_data(self, group: _Group, role: int) -> Any:
        speaker = group.group
        count = len(group.quotes)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return speaker.label
        if role == Qt.ItemDataRole.DecorationRole and speaker.entity is not None:
            key = self._formats.palette.category_for_label(speaker.entity.label).key
            return self._formats.entity_color(key)
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            quotes = _plural(count, "quote")
            if speaker.entity is not None:
                return f"{label_name(speaker.entity.label)}, {quotes}. Click to see the entity."
            if speaker.key == "unstated":
                return f"{quotes} the article gives nobody for"
            if speaker.key == "scare":
                return f"{quotes}: phrases held at a distance, nobody's words"
            if speaker.key == "title":
                return f"{_plural(count, 'title')} of works"
            return f"Not named: the article's words for the speaker. {quotes}."
        if role == ENTITY_ROLE:
            return speaker.entity
        if role == GROUP_ROLE:
            return speaker
        if role == COUNT_ROLE:
            return count
        return None

    def _paragraph(self, offset: int) -> int:
        """The paragraph holding ``offset``, counted from 1."""
        assert self._article is not None
        return self._article.paragraph_index(offset) + 1

    def _quote_data(self, quote: Quote, role: int) -> Any:
        words = first_words(quote.text)
        first = self._paragraph(quote.start)
        last = self._paragraph(quote.parts[-1][0]) if quote.parts else first
        where = f"¶ {first}" if last == first else f"¶ {first}–{last}"
        if role == Qt.ItemDataRole.DisplayRole:
            return f"“{words}” {where}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"“{words}”, paragraph {first}"
        if role == EXCERPT_ROLE:
            return f"“{words}”"
        if role == WHERE_ROLE:
            return where
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            tip = describe(quote, self._entities)
            if quote.kind == "direct" and said_by(quote, self._entities) and quote.cue:
                tip += f" (“{quote.cue.text}”)"
            return f"{tip}\nParagraph {first}. Click to go there."
        if role == QUOTE_ROLE:
            return quote
        return None


class QuoteDelegate(QStyledItemDelegate):
    """Headings: a colour dot for a named entity, the speaker in bold, the count.
    Quotes: a bar like the page's margin mark, the opening words and the paragraph."""

    PAD = 6
    BAR = 3

    def __init__(self, view: QTreeView, formats: Formats):
        super().__init__(view)
        self._view = view
        self._formats = formats
        self._heights: dict[tuple[int, int, int], int] = {}
        model = view.model()
        model.modelReset.connect(self._heights.clear)

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats

    def _text_color(self, option: QStyleOptionViewItem) -> QColor:
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        return QColor(option.palette.color(role))

    def _background(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex):
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = opt.icon.__class__()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

    def _document(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> QTextDocument:
        selected = option.state & QStyle.StateFlag.State_Selected
        muted = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(self.PAD)
        document.setHtml(
            f"{html.escape(index.data(EXCERPT_ROLE) or '')} "
            f'<span style="color:{muted.name()}">{html.escape(index.data(WHERE_ROLE) or "")}</span>'
        )
        document.setTextWidth(max(width - self.PAD - self.BAR, 40))
        return document

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
            document = self._document(option, index, rect.width())
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

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        depth = 1 if index.parent().isValid() else 0
        width = max(self._view.viewport().width() - depth * self._view.indentation(), 80)
        if index.data(QUOTE_ROLE) is None:
            return QSize(width, option.fontMetrics.height() + 2 * self.PAD + 2)
        key = (int(index.internalId()), index.row(), width)
        height = self._heights.get(key)
        if height is None:
            document = self._document(option, index, width)
            height = self._heights[key] = math.ceil(document.size().height()) + 1
        return QSize(width, height)


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
        self._delegate = QuoteDelegate(tree, self._formats)
        tree.setItemDelegate(self._delegate)
        tree.clicked.connect(self._chosen)
        tree.activated.connect(self._chosen)
        tree.installEventFilter(self)
        self.quotes.modelReset.connect(tree.expandAll)
        self._tree = tree
        layout.addWidget(self._summary)
        layout.addWidget(tree, 1)
        old = self.widget()
        self.setWidget(page)
        if old is not None:
            old.deleteLater()
        tree.expandAll()
        self._refresh()

    def _refresh(self) -> None:
        if not self._built:
            return
        count = self.quotes.quote_count()
        if count:
            speakers = self.quotes.speaker_count()
            self._summary.setText(
                f"<b>{_plural(count, 'quote')}</b> from {_plural(speakers, 'speaker')}. "
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
