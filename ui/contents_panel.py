"""The contents panel: a book's chapters, to move between them.

A dock widget whose list is built the first time it is shown (like the side panel).
The list is a Qt model of the article's ``ContentsEntry`` items; choosing one asks
the window to show that offset, and the window tells the panel which chapter the
reader is in as the page scrolls.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from reader.article import ContentsEntry
from ui.lazy_dock import LazyDock

OFFSET_ROLE = Qt.ItemDataRole.UserRole + 1
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2
# Deeper levels than this are drawn at this indentation.
_MAX_INDENT_LEVEL = 4

AnyIndex = QModelIndex | QPersistentModelIndex


class ContentsModel(QAbstractListModel):
    """The entries of a table of contents, in text order."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._entries: tuple[ContentsEntry, ...] = ()
        self._offsets: list[int] = []

    def set_entries(self, entries: tuple[ContentsEntry, ...]) -> None:
        self.beginResetModel()
        self._entries = entries
        self._offsets = [entry.offset for entry in entries]
        self.endResetModel()

    def entry(self, row: int) -> ContentsEntry:
        return self._entries[row]

    def row_at(self, offset: int) -> int:
        """The row of the entry the text at ``offset`` belongs to: the one starting
        closest before it (the last such row on a tie); -1 before every entry."""
        best, row = -1, -1
        for number, start in enumerate(self._offsets):
            if best <= start <= offset:
                best, row = start, number
        return row

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return entry.title
        if role == OFFSET_ROLE:
            return entry.offset
        if role == LEVEL_ROLE:
            return entry.level
        return None


class _EntryDelegate(QStyledItemDelegate):
    """A title wrapped to the panel's width; sections indented under their chapter."""

    INDENT = 14
    PAD = 6

    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view

    def _text_rect(self, rect: QRect, index: AnyIndex) -> QRect:
        level = min(int(index.data(LEVEL_ROLE) or 0), _MAX_INDENT_LEVEL)
        return rect.adjusted(self.PAD + level * self.INDENT, self.PAD // 2, -self.PAD, 0)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.drawText(
            self._text_rect(option.rect, index),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
            text,
        )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = max(self._view.viewport().width(), 80)
        rect = self._text_rect(QRect(0, 0, width, 10_000), index)
        bounds = option.fontMetrics.boundingRect(
            rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
        )
        return QSize(width, bounds.height() + self.PAD)


class ContentsPanel(LazyDock):
    """The chapters of the article on the page; choosing one goes there."""

    entry_activated = Signal(int)  # the article offset to show
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Contents", parent)
        self.setObjectName("contentsPanel")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self.model = ContentsModel(self)
        self._view: QListView | None = None
        self._current = -1
        self.setWidget(QWidget())  # the real contents come on first show

    def set_entries(self, entries: tuple[ContentsEntry, ...]) -> None:
        self.model.set_entries(entries)
        self._current = -1
        if self._view is not None:
            self._view.clearSelection()

    def set_current_offset(self, offset: int) -> None:
        """Mark the chapter holding ``offset`` (the top of the page)."""
        row = self.model.row_at(offset)
        if row == self._current:
            return
        self._current = row
        if self._view is not None and row >= 0:
            index = self.model.index(row)
            self._view.setCurrentIndex(index)
            self._view.scrollTo(index)

    def current_row(self) -> int:
        return self._current

    def focus_list(self) -> None:
        self.show()
        self.raise_()
        self._ensure_built()
        assert self._view is not None
        self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _build(self) -> None:
        view = QListView()
        view.setObjectName("contentsList")
        view.setModel(self.model)
        view.setItemDelegate(_EntryDelegate(view))
        view.setWordWrap(True)
        view.setUniformItemSizes(False)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setFrameShape(QListView.Shape.NoFrame)
        view.setSpacing(1)
        view.clicked.connect(self._chosen)
        view.activated.connect(self._chosen)
        view.installEventFilter(self)
        self._view = view
        old = self.widget()
        self.setWidget(view)
        if old is not None:
            old.deleteLater()
        if self._current >= 0:
            view.setCurrentIndex(self.model.index(self._current))

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self._current = index.row()
            self.entry_activated.emit(self.model.entry(index.row()).offset)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            self.escape_pressed.emit()
            return True
        return super().eventFilter(watched, event)
