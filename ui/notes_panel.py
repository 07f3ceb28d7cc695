"""The notes panel: every highlight the reader made in the article, and its note.

A dock widget whose contents are built the first time it is shown. The list is a Qt
model (``NoteListModel``): the highlights in text order, each with its colour's name,
the passage, the note and the tags; the orphaned ones (their passage is no longer in
the article) come last, marked "orphaned", with their quote. ``NoteFilter`` narrows
it to one colour and/or one tag. Choosing a row takes the page there.

Below the list, the editor of the chosen highlight: its note (plain text or
Markdown) and its tags, saved when the reader leaves the box or presses Ctrl+Enter,
as one change to the library; its colour; a button to delete it. Everything goes
through the ``NotesService`` passed in; the window hands the panel the article's
highlights again after every change.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.article import Article
from reader.store.library import Highlight
from ui.formats import Formats
from ui.lazy_dock import LazyDock, summary_page
from ui.notes_service import COLORS, NotesService
from ui.panel_helpers import excerpt, plural, refilter, show_row

HIGHLIGHT_ROLE = Qt.ItemDataRole.UserRole + 1
COLOR_ROLE = Qt.ItemDataRole.UserRole + 2  # the colour key ("yellow")
WHERE_ROLE = Qt.ItemDataRole.UserRole + 3  # "¶ 4", or "orphaned"

# How much of the passage and of the note a row shows.
_QUOTE_WORDS = 24
_NOTE_CHARACTERS = 280

AnyIndex = QModelIndex | QPersistentModelIndex


def parse_tags(text: str) -> list[str]:
    """Tags as the reader types them: separated by commas (a tag may hold spaces)."""
    return [tag for tag in (" ".join(part.split()) for part in text.split(",")) if tag]


def format_tags(tags: tuple[str, ...] | list[str]) -> str:
    return ", ".join(tags)


def color_icon(color: QColor, size: int = 12) -> QIcon:
    """A small rounded swatch of a highlight colour, for menus and combo boxes."""
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(color.darker(150))
    painter.setBrush(color)
    painter.drawRoundedRect(QRectF(1.5, 1.5, size - 3, size - 3), 2.5, 2.5)
    painter.end()
    return QIcon(pixmap)


class NoteListModel(QAbstractListModel):
    """The article's highlights: attached ones in text order, then the orphaned."""

    def __init__(self, formats: Formats, parent: QObject | None = None):
        super().__init__(parent)
        self._formats = formats
        self._article: Article | None = None
        self._rows: list[Highlight] = []

    def set_highlights(self, article: Article | None, highlights: list[Highlight]) -> None:
        """Show these highlights; rows that only changed in content are updated in
        place (the selection and scroll position stay), otherwise the list is rebuilt."""
        same_rows = article is self._article and [h.id for h in highlights] == [
            h.id for h in self._rows
        ]
        if same_rows:
            self._rows = list(highlights)
            if self._rows:
                self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))
            return
        self.beginResetModel()
        self._article = article
        self._rows = list(highlights)
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def highlights(self) -> list[Highlight]:
        return list(self._rows)

    def row_of(self, highlight_id: int) -> int:
        for row, highlight in enumerate(self._rows):
            if highlight.id == highlight_id:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def _where(self, highlight: Highlight) -> str:
        if not highlight.attached or highlight.start is None or self._article is None:
            return "orphaned"
        return f"¶ {self._article.paragraph_index(highlight.start) + 1}"

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        highlight = self._rows[index.row()]
        where = self._where(highlight)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{highlight.color_name} · “{excerpt(highlight.quote, _QUOTE_WORDS)}”"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            state = "orphaned" if where == "orphaned" else f"paragraph {where[2:]}"
            text = f"{highlight.color_name}, {state}: “{excerpt(highlight.quote, _QUOTE_WORDS)}”"
            if highlight.note.strip():
                text += f". Note: {highlight.note.strip()}"
            if highlight.tags:
                text += ". Tags: " + format_tags(highlight.tags)
            return text
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            lines = [f"{highlight.color_name} highlight"]
            if where == "orphaned":
                lines.append(
                    "Orphaned: this passage is no longer in the article; the note and "
                    "its quote are kept."
                )
            else:
                lines.append(f"Paragraph {where[2:]}. Click to go there.")
            if highlight.tags:
                lines.append("Tags: " + format_tags(highlight.tags))
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._formats.highlight_swatch(highlight.color)
        if role == HIGHLIGHT_ROLE:
            return highlight
        if role == COLOR_ROLE:
            return highlight.color
        if role == WHERE_ROLE:
            return where
        return None


class NoteFilter(QSortFilterProxyModel):
    """The rows of one colour and/or carrying one tag ("" for any)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._color = ""
        self._tag = ""

    def set_color(self, key: str) -> None:
        self._color = key
        refilter(self)

    def set_tag(self, tag: str) -> None:
        self._tag = tag.casefold()
        refilter(self)

    def color(self) -> str:
        return self._color

    def tag(self) -> str:
        return self._tag

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        model = self.sourceModel()
        highlight = model.index(source_row, 0, source_parent).data(HIGHLIGHT_ROLE)
        if highlight is None:
            return False
        if self._color and highlight.color != self._color:
            return False
        return not self._tag or self._tag in (t.casefold() for t in highlight.tags)


class NoteDelegate(QStyledItemDelegate):
    """A bar in the highlight's colour (empty for an orphaned one), then the colour's
    name and the paragraph, the passage in italics, the note and the tags, each
    wrapped to the panel's width. Laid out with font metrics: a list of hundreds of
    notes sizes itself in milliseconds."""

    PAD = 6
    BAR = 5
    GAP = 3

    def __init__(self, view: QListView, formats: Formats):
        super().__init__(view)
        self._view = view
        self._formats = formats
        self._heights: dict[tuple[int, str, int], int] = {}
        self._font_cache: dict[str, tuple[QFont, QFont, QFont]] = {}
        self._metrics: dict[str, QFontMetrics] = {}

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats

    def _fonts(self, font: QFont) -> tuple[QFont, QFont, QFont]:
        """The row's plain, bold and italic fonts (made once per base font)."""
        key = font.key()
        found = self._font_cache.get(key)
        if found is None:
            bold, italic = QFont(font), QFont(font)
            bold.setBold(True)
            italic.setItalic(True)
            found = self._font_cache[key] = (QFont(font), bold, italic)
        return found

    def _parts(
        self, option: QStyleOptionViewItem, index: AnyIndex
    ) -> list[tuple[QFont, str, bool]]:
        """The pieces of a row, top to bottom: font, text, muted."""
        highlight: Highlight | None = index.data(HIGHLIGHT_ROLE)
        if highlight is None:
            return []
        plain, bold, italic = self._fonts(option.font)
        parts = [
            (bold, highlight.color_name, False),
            (italic, f"“{excerpt(highlight.quote, _QUOTE_WORDS)}”", False),
        ]
        note = highlight.note.strip()
        if note:
            if len(note) > _NOTE_CHARACTERS:
                note = note[: _NOTE_CHARACTERS - 1].rstrip() + "…"
            parts.append((plain, note, False))
        if highlight.tags:
            parts.append((plain, "Tags: " + format_tags(highlight.tags), True))
        return parts

    def _text_width(self, width: int) -> int:
        return max(width - self.BAR - 3 * self.PAD, 40)

    def _height(self, font: QFont, text: str, width: int) -> int:
        key = font.key()
        metrics = self._metrics.get(key)
        if metrics is None:
            metrics = self._metrics[key] = QFontMetrics(font)
        flags = int(Qt.TextFlag.TextWordWrap)
        return metrics.boundingRect(0, 0, width, 100_000, flags, text).height()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = QRect(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_color = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = option.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        key = index.data(COLOR_ROLE) or ""
        bar = QRectF(rect.left() + 3, rect.top() + self.PAD, self.BAR, rect.height() - 2 * self.PAD)
        painter.setPen(self._formats.highlight_outline(key))
        painter.setBrush(self._formats.highlight_swatch(key))
        where = index.data(WHERE_ROLE) or ""
        if where == "orphaned":
            painter.setBrush(Qt.BrushStyle.NoBrush)  # nowhere on the page: an empty bar
        painter.drawRoundedRect(bar, 2, 2)
        left = rect.left() + self.BAR + 2 * self.PAD
        width = self._text_width(rect.width())
        top = rect.top() + self.PAD
        flags = int(Qt.TextFlag.TextWordWrap)
        for number, (font, text, is_muted) in enumerate(self._parts(option, index)):
            height = self._height(font, text, width)
            painter.setFont(font)
            painter.setPen(muted if is_muted else text_color)
            area = QRect(left, top, width, height)
            painter.drawText(area, flags, text)
            if number == 0:  # the paragraph (or "orphaned") after the colour's name
                after = painter.fontMetrics().horizontalAdvance(text) + 4
                plain = QFont(option.font)
                plain.setItalic(where == "orphaned")
                painter.setFont(plain)
                painter.setPen(muted)
                painter.drawText(
                    QRect(left + after, top, max(width - after, 0), height),
                    int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                    f"· {where}",
                )
            top += height + self.GAP
        painter.restore()
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = max(self._view.viewport().width(), 100)
        highlight: Highlight | None = index.data(HIGHLIGHT_ROLE)
        if highlight is None:
            return QSize(width, 0)
        key = (highlight.id, highlight.modified + highlight.color_name, width)
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 5000:
                self._heights.clear()
            text_width = self._text_width(width)
            parts = self._parts(option, index)
            height = sum(self._height(font, text, text_width) for font, text, _ in parts)
            height += self.GAP * (len(parts) - 1) + 2 * self.PAD + 1
            self._heights[key] = height
        return QSize(width, height)


class NotesPanel(LazyDock):
    """The reader's highlights in the article, and the note of the chosen one."""

    # The reader chose a highlight to go to (click, Enter).
    highlight_activated = Signal(object)  # Highlight
    # The chosen row changed (the page outlines it).
    current_changed = Signal(object)  # Highlight | None
    escape_pressed = Signal()
    # Something to say in the status bar ("Deleted. Ctrl+Z brings it back.").
    message = Signal(str)

    def __init__(self, formats: Formats, notes: NotesService, parent: QWidget | None = None):
        super().__init__("Notes", parent)
        self.setObjectName("notesPanel")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self._formats = formats
        self._notes = notes
        self._article: Article | None = None
        self._article_id: int | None = None
        self._current: Highlight | None = None
        self._loading = False
        # The note and tags as last loaded or saved: what the editor holds beyond them
        # is the reader's unsaved typing.
        self._shown_note = ""
        self._shown_tags = ""
        self.model = NoteListModel(formats, self)
        self.filter = NoteFilter(self)
        self.filter.setSourceModel(self.model)
        notes.changed.connect(self._on_notes_changed)
        self.setWidget(QWidget())  # the real contents come on first show

    # -- state (kept whether or not the contents exist yet) ------------------------

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.model.set_formats(formats)
        if self._built:
            self._delegate.set_formats(formats)
            self._fill_colors()
            self._list.viewport().update()

    def set_article(self, article: Article | None, article_id: int | None) -> None:
        """A new article (or none): its highlights follow with ``set_highlights``."""
        self.save()
        self._article = article
        self._article_id = article_id
        self._current = None
        self.model.set_highlights(None, [])
        self._refresh()

    def set_highlights(self, highlights: list[Highlight]) -> None:
        """The article's highlights, again after every change; the chosen one stays."""
        self.model.set_highlights(self._article, highlights)
        current = self._current
        self._current = None
        if current is not None:
            found = next((h for h in highlights if h.id == current.id), None)
            self._current = found
        self._refresh()
        if self._built:
            self._select_row(self._current)
            self._load_editor(keep_typing=True)

    def current(self) -> Highlight | None:
        return self._current

    def show_highlight(self, highlight_id: int | None) -> None:
        """Make a highlight the chosen one (the page went there); no signal back."""
        found = next((h for h in self.model.highlights() if h.id == highlight_id), None)
        if found is not None and self._current is not None and found.id == self._current.id:
            return
        self.save()
        self._current = found
        if self._built:
            if found is not None and not self.filter.filterAcceptsRow(
                self.model.row_of(found.id), QModelIndex()
            ):
                self._clear_filters()
            self._select_row(found)
            self._load_editor()

    def edit_highlight(self, highlight_id: int) -> None:
        """Show the panel with a highlight chosen and the keyboard in its note."""
        self.show()
        self.raise_()
        self._ensure_built()
        self.show_highlight(highlight_id)
        if self._current is not None:
            self._note.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self._note.moveCursor(self._note.textCursor().MoveOperation.End)

    def focus_list(self) -> None:
        """Put the keyboard focus in the list (builds the panel if needed)."""
        self.show()
        self.raise_()
        self._ensure_built()
        self._list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self._list.currentIndex().isValid() and self.filter.rowCount() > 0:
            self._list.setCurrentIndex(self.filter.index(0, 0))

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        page, layout, self._summary = summary_page()
        layout.addWidget(self._summary)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        self._color_filter = QComboBox()
        self._color_filter.setObjectName("colorFilter")
        self._color_filter.setToolTip("Show only the highlights of one colour")
        self._color_filter.currentIndexChanged.connect(self._on_color_filter)
        self._tag_filter = QComboBox()
        self._tag_filter.setObjectName("tagFilter")
        self._tag_filter.setToolTip("Show only the highlights with one tag")
        self._tag_filter.currentIndexChanged.connect(self._on_tag_filter)
        filters.addWidget(self._color_filter, 1)
        filters.addWidget(self._tag_filter, 1)
        layout.addLayout(filters)

        view = QListView()
        view.setObjectName("noteList")
        view.setModel(self.filter)
        view.setWordWrap(True)
        view.setUniformItemSizes(False)
        view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setFrameShape(QListView.Shape.NoFrame)
        self._delegate = NoteDelegate(view, self._formats)
        view.setItemDelegate(self._delegate)
        view.clicked.connect(self._on_activated)
        view.activated.connect(self._on_activated)
        view.selectionModel().currentChanged.connect(self._on_current_row)
        view.installEventFilter(self)
        self._list = view
        layout.addWidget(view, 1)

        editor = QWidget()
        editor.setObjectName("noteEditor")
        form = QFormLayout(editor)
        form.setContentsMargins(0, 4, 0, 0)
        form.setSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._editing = QLabel()
        self._editing.setObjectName("noteEditing")
        self._editing.setWordWrap(True)
        form.addRow(self._editing)
        self._note = QPlainTextEdit()
        self._note.setObjectName("noteText")
        self._note.setPlaceholderText("A note on this passage (plain text or Markdown)")
        self._note.setTabChangesFocus(True)
        lines = self._note.fontMetrics().lineSpacing()
        self._note.setMinimumHeight(3 * lines + 12)
        self._note.setMaximumHeight(8 * lines + 12)
        self._note.installEventFilter(self)
        form.addRow(self._note)
        self._tags = QLineEdit()
        self._tags.setObjectName("noteTags")
        self._tags.setPlaceholderText("Tags, separated by commas")
        self._tags.setToolTip("Tags, separated by commas; Enter saves")
        self._tags.installEventFilter(self)
        self._tags.returnPressed.connect(self.save)
        form.addRow("Tags", self._tags)
        buttons = QHBoxLayout()
        self._recolor = QComboBox()
        self._recolor.setObjectName("noteColor")
        self._recolor.setToolTip("The highlight's colour")
        self._recolor.activated.connect(self._on_recolor)
        self._delete = QPushButton("Delete")
        self._delete.setObjectName("deleteHighlight")
        self._delete.setToolTip("Delete this highlight and its note (Ctrl+Z brings it back)")
        self._delete.clicked.connect(self.delete_current)
        buttons.addWidget(self._recolor, 1)
        buttons.addWidget(self._delete)
        form.addRow(buttons)
        self._hint = QLabel("Saved when you leave the note, or with Ctrl+Enter.")
        self._hint.setObjectName("noteHint")
        self._hint.setWordWrap(True)
        form.addRow(self._hint)
        save = QShortcut(QKeySequence("Ctrl+Return"), editor)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        save_enter = QShortcut(QKeySequence("Ctrl+Enter"), editor)
        save_enter.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_enter.activated.connect(self.save)
        self._editor = editor
        layout.addWidget(editor)

        old = self.widget()
        self.setWidget(page)
        if old is not None:
            old.deleteLater()
        self._fill_colors()
        self._refresh()
        self._select_row(self._current)
        self._load_editor()

    def _fill_colors(self) -> None:
        """The colour filter and the colour chooser, with the reader's names."""
        colors = self._notes.colors()
        wanted = self.filter.color()
        self._color_filter.blockSignals(True)
        self._color_filter.clear()
        self._color_filter.addItem("All colours", "")
        for color in colors:
            icon = color_icon(self._formats.highlight_swatch(color.key))
            self._color_filter.addItem(icon, color.name, color.key)
        self._color_filter.setCurrentIndex(max(self._color_filter.findData(wanted), 0))
        self._color_filter.blockSignals(False)
        self._recolor.blockSignals(True)
        self._recolor.clear()
        for color in colors:
            icon = color_icon(self._formats.highlight_swatch(color.key))
            self._recolor.addItem(icon, color.name, color.key)
        self._recolor.blockSignals(False)
        if self._current is not None:
            self._recolor.setCurrentIndex(max(self._recolor.findData(self._current.color), 0))

    def _fill_tags(self) -> None:
        counts: dict[str, tuple[str, int]] = {}
        for highlight in self.model.highlights():
            for tag in highlight.tags:
                shown, count = counts.get(tag.casefold(), (tag, 0))
                counts[tag.casefold()] = (shown, count + 1)
        wanted = self.filter.tag()
        self._tag_filter.blockSignals(True)
        self._tag_filter.clear()
        self._tag_filter.addItem("All tags", "")
        for folded, (shown, count) in sorted(counts.items()):
            self._tag_filter.addItem(f"#{shown} ({count})", folded)
        index = self._tag_filter.findData(wanted)
        if index < 0 and wanted:  # the tag is gone: show everything again
            self.filter.set_tag("")
            index = 0
        self._tag_filter.setCurrentIndex(max(index, 0))
        self._tag_filter.setEnabled(bool(counts))
        self._tag_filter.blockSignals(False)

    # -- filters -------------------------------------------------------------------

    def set_color_filter(self, key: str) -> None:
        self._ensure_built()
        self._color_filter.setCurrentIndex(max(self._color_filter.findData(key), 0))

    def set_tag_filter(self, tag: str) -> None:
        self._ensure_built()
        self._tag_filter.setCurrentIndex(max(self._tag_filter.findData(tag.casefold()), 0))

    def _clear_filters(self) -> None:
        self._color_filter.setCurrentIndex(0)
        self._tag_filter.setCurrentIndex(0)

    def _on_color_filter(self, _index: int) -> None:
        self.filter.set_color(self._color_filter.currentData() or "")
        self._after_filter()

    def _on_tag_filter(self, _index: int) -> None:
        self.filter.set_tag(self._tag_filter.currentData() or "")
        self._after_filter()

    def _after_filter(self) -> None:
        self._refresh()
        self._select_row(self._current)

    # -- the chosen highlight ------------------------------------------------------

    def _select_row(self, highlight: Highlight | None) -> None:
        self._loading = True
        try:
            row = -1 if highlight is None else self.model.row_of(highlight.id)
            show_row(self._list, self.filter, self.model, row)
        finally:
            self._loading = False

    def _load_editor(self, keep_typing: bool = False) -> None:
        """Show the chosen highlight in the editor; with ``keep_typing``, what the reader
        has typed and not saved yet stays."""
        if not self._built:
            return
        highlight = self._current
        self._editor.setEnabled(highlight is not None)
        if highlight is None:
            self._editing.setText("Choose a highlight to write its note.")
            self._note.setPlainText("")
            self._tags.setText("")
            self._shown_note, self._shown_tags = "", ""
            return
        where = self.model.data(self.model.index(self.model.row_of(highlight.id)), WHERE_ROLE)
        place = "orphaned" if where == "orphaned" else where
        self._editing.setText(
            f"<b>{html.escape(highlight.color_name)}</b> · {html.escape(place or '')}: "
            f"“{html.escape(excerpt(highlight.quote, 10))}”"
        )
        typed = keep_typing and self._dirty()
        if not typed:
            self._note.setPlainText(highlight.note)
            self._tags.setText(format_tags(highlight.tags))
        self._shown_note, self._shown_tags = highlight.note, format_tags(highlight.tags)
        self._recolor.setCurrentIndex(max(self._recolor.findData(highlight.color), 0))

    def _dirty(self) -> bool:
        if not self._built or self._current is None:
            return False
        return self._note.toPlainText() != self._shown_note or self._tags.text() != self._shown_tags

    def save(self) -> None:
        """Write the note and tags being edited, if they changed (one library change)."""
        if not self._dirty():
            return
        highlight = self._current
        assert highlight is not None
        note = self._note.toPlainText()
        tags = parse_tags(self._tags.text())
        changed_note = note if note != highlight.note else None
        changed_tags = tags if tuple(tags) != highlight.tags else None
        # What is shown is now what is kept, even if nothing really changed.
        self._shown_note, self._shown_tags = note, self._tags.text()
        if changed_note is None and changed_tags is None:
            return
        if self._notes.edit(highlight.id, note=changed_note, tags=changed_tags) is not None:
            self.message.emit("Note saved.")

    def delete_current(self) -> None:
        highlight = self._current
        if highlight is None:
            return
        self.save()
        if self._notes.delete(highlight.id):
            self.message.emit("Highlight deleted. Edit > Undo (Ctrl+Z) brings it back.")

    def _on_recolor(self, _index: int) -> None:
        highlight = self._current
        key = self._recolor.currentData()
        if highlight is None or not key or key == highlight.color:
            return
        self.save()
        self._notes.recolor(highlight.id, key)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        highlight = current.data(HIGHLIGHT_ROLE) if current.isValid() else None
        if highlight is not None and self._current is not None and highlight.id == self._current.id:
            return
        self.save()
        self._current = highlight
        self._load_editor()
        self.current_changed.emit(highlight)

    def _on_activated(self, index: QModelIndex) -> None:
        highlight = index.data(HIGHLIGHT_ROLE)
        if highlight is None:
            return
        if self._current is None or self._current.id != highlight.id:
            self._on_current_row(index, QModelIndex())
        self.highlight_activated.emit(highlight)

    def _on_notes_changed(self, key: str) -> None:
        if key == COLORS and self._built:
            self._fill_colors()

    def _refresh(self) -> None:
        if not self._built:
            return
        self._fill_tags()
        highlights = self.model.highlights()
        if self._article is None:
            text = "Open an article to see your highlights and notes."
        elif not self._notes.available:
            text = "Notes are unavailable: the notes library could not be opened."
        elif not highlights:
            text = (
                "No highlights yet. Select a passage and press <b>Ctrl+H</b>, or "
                "right-click it and choose a colour."
            )
        else:
            noted = sum(1 for h in highlights if h.note.strip())
            orphaned = sum(1 for h in highlights if not h.attached)
            text = f"<b>{plural(len(highlights), 'highlight')}</b>, {noted} with a note"
            if orphaned:
                text += f" · {orphaned} orphaned"
            shown = self.filter.rowCount()
            if shown != len(highlights):
                text += f" · {shown} shown" if shown else " · none match the filter"
            text += "."
        self._summary.setText(text)
        if self._current is None:
            self._load_editor()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut and watched in (
            getattr(self, "_note", None),
            getattr(self, "_tags", None),
        ):
            self.save()
        elif kind == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape:
                self.save()
                self.escape_pressed.emit()
                return True
            if key == Qt.Key.Key_Delete and watched is getattr(self, "_list", None):
                self.delete_current()
                return True
        return super().eventFilter(watched, event)


class ColorNamesDialog(QDialog):
    """Edit > Highlight Colours…: a name for each highlighter colour ("Key point")."""

    def __init__(self, formats: Formats, notes: NotesService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("colorNamesDialog")
        self.setWindowTitle("Highlight Colours")
        self._notes = notes
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Give each colour a meaning. The names show in the notes panel, the menus "
            "and when you point at a highlight, so the colour is never the only clue."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        for color in notes.colors():
            field = QLineEdit(color.name)
            field.setObjectName(f"colorName_{color.key}")
            field.setMaxLength(40)
            swatch = QLabel()
            swatch.setPixmap(color_icon(formats.highlight_swatch(color.key), 16).pixmap(16, 16))
            label = QWidget()
            row = QHBoxLayout(label)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(swatch)
            row.addWidget(QLabel(color.key.capitalize()))
            form.addRow(label, field)
            self.fields[color.key] = field
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("colorNamesError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def apply(self) -> None:
        """Rename what changed; stay open and say why when a name cannot be used."""
        current = {color.key: color.name for color in self._notes.colors()}
        wanted = {key: " ".join(field.text().split()) for key, field in self.fields.items()}
        names = [name.casefold() for name in wanted.values()]
        if any(not name for name in names):
            self._fail("Every colour needs a name.")
            return
        if len(set(names)) != len(names):
            self._fail("Two colours cannot have the same name.")
            return
        changed = [(key, name) for key, name in wanted.items() if name != current.get(key)]
        # A name another colour has now (two colours swapping names) is given last,
        # after a stand-in name, so no two colours are ever called the same.
        taken = {name.casefold() for name in current.values()}
        later = [(key, name) for key, name in changed if name.casefold() in taken]
        steps = [(key, f"{name} ({key})") for key, name in later]
        steps += [(key, name) for key, name in changed if name.casefold() not in taken]
        steps += later
        try:
            for key, name in steps:
                if self._notes.rename_color(key, name) is None:
                    return  # the library could not be written: the window said why
        except ValueError as error:
            self._fail(str(error)[:1].upper() + str(error)[1:] + ".")
            return
        self.accept()

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
