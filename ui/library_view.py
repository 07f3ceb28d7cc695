"""The library: every article the reader has opened, and a search through all notes.

A dialog (File > Library…). With the search box empty it lists the articles, the
most recently opened first, with their note counts (``ArticleTableModel``); typing
searches the notes (passage, note, tags) and the articles' text and titles with the
library's full-text index and lists what matches, notes first, each with the words
found in bold (``SearchResultModel``). Opening a row opens the article from the
library (no need for the original file) and, for a note, goes to it.
"""

from __future__ import annotations

import html
import math
from datetime import datetime
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QKeySequence,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reader.store.library import ArticleSummary, NoteHit, SearchResults, Snippet
from ui.notes_service import NotesService
from ui.panel_helpers import plural

ARTICLE_ID_ROLE = Qt.ItemDataRole.UserRole + 1
HIGHLIGHT_ID_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3

TITLE, FROM, NOTES, OPENED = range(4)
_HEADERS = ("Title", "From", "Notes", "Last opened")

AnyIndex = QModelIndex | QPersistentModelIndex


def article_title(summary: ArticleSummary) -> str:
    """The title, or the file name or address when the article has none."""
    if summary.title:
        return summary.title
    source = summary.url or summary.source
    if "://" in source:
        return source
    return PurePath(source).name if source else "Untitled"


def article_origin(summary: ArticleSummary) -> str:
    """Where it came from: a web site's name, or the folder of the file."""
    if summary.url:
        host = urlsplit(summary.url).hostname or ""
        return host.removeprefix("www.")
    if "://" in summary.source:
        return (urlsplit(summary.source).hostname or "").removeprefix("www.")
    if not summary.source:
        return ""
    folder = PurePath(summary.source).parent
    return "/".join(folder.parts[-2:]) + "/" if folder.parts[1:] else str(folder)


def when(moment: str) -> str:
    """A stored time (ISO 8601, UTC) as the reader's local date and time."""
    try:
        value = datetime.fromisoformat(moment).astimezone()
    except ValueError:
        return moment
    return f"{value.day} {value:%b %Y, %H:%M}"


def marked_html(snippet: Snippet) -> str:
    """A search snippet with the words found in bold."""
    parts, last = [], 0
    for start, end in snippet.marks:
        parts.append(html.escape(snippet.text[last:start]))
        parts.append(f"<b>{html.escape(snippet.text[start:end])}</b>")
        last = end
    parts.append(html.escape(snippet.text[last:]))
    return "".join(parts).replace("\n", " ")


class ArticleTableModel(QAbstractTableModel):
    """The library's articles, the most recently opened first."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._rows: list[ArticleSummary] = []

    def set_articles(self, articles: list[ArticleSummary]) -> None:
        self.beginResetModel()
        self._rows = list(articles)
        self.endResetModel()

    def articles(self) -> list[ArticleSummary]:
        return list(self._rows)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == TITLE:
                return article_title(summary)
            if column == FROM:
                return article_origin(summary)
            if column == NOTES:
                if summary.orphaned_count:
                    return f"{summary.note_count} ({summary.orphaned_count} orphaned)"
                return str(summary.note_count)
            if column == OPENED:
                return when(summary.last_opened)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            source = summary.url or summary.source
            notes = plural(summary.note_count, "highlight")
            return f"{article_title(summary)}\n{source}\n{notes}. Double-click to open."
        if role == Qt.ItemDataRole.TextAlignmentRole and column == NOTES:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ARTICLE_ID_ROLE:
            return summary.id
        if role == HIGHLIGHT_ID_ROLE:
            return None
        return None


class SearchResultModel(QAbstractListModel):
    """What a search found: the notes, then the articles."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._results = SearchResults((), ())
        self._titles: dict[int, str] = {}

    def set_results(self, results: SearchResults, titles: dict[int, str] | None = None) -> None:
        """What a search found; ``titles`` names the articles (by id) whose own title
        is empty (the file name, the web address)."""
        self.beginResetModel()
        self._results = results
        self._titles = dict(titles or {})
        self.endResetModel()

    def results(self) -> SearchResults:
        return self._results

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid():
            return 0
        return len(self._results.notes) + len(self._results.articles)

    def _row(self, row: int) -> Any:
        notes = self._results.notes
        if row < len(notes):
            return notes[row]
        return self._results.articles[row - len(notes)]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        hit = self._row(index.row())
        if isinstance(hit, NoteHit):
            highlight = hit.highlight
            title = hit.article_title or self._titles.get(highlight.article_id, "Untitled")
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return f"Note ({highlight.color_name}) in {title}: {hit.snippet.text}"
            if role == HTML_ROLE:
                state = " · <i>orphaned</i>" if not highlight.attached else ""
                return (
                    f"<div><b>Note</b> · {html.escape(highlight.color_name)}{state} · "
                    f"{html.escape(title)}</div><div>{marked_html(hit.snippet)}</div>"
                )
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"A note in “{title}”. Double-click to open the article there."
            if role == ARTICLE_ID_ROLE:
                return highlight.article_id
            if role == HIGHLIGHT_ID_ROLE:
                return highlight.id
            return None
        title = article_title(hit.article)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"Article {title}: {hit.snippet.text}"
        if role == HTML_ROLE:
            notes = plural(hit.article.note_count, "note")
            return (
                f"<div><b>Article</b> · {html.escape(title)} · {notes}</div>"
                f"<div>{marked_html(hit.snippet)}</div>"
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"“{title}”. Double-click to open it."
        if role == ARTICLE_ID_ROLE:
            return hit.article.id
        if role == HIGHLIGHT_ID_ROLE:
            return None
        return None


class _RichTextDelegate(QStyledItemDelegate):
    """A row of HTML (``HTML_ROLE``) wrapped to the list's width."""

    PAD = 6

    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[str, int], int] = {}

    def _document(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(self.PAD)
        document.setHtml(index.data(HTML_ROLE) or "")
        document.setTextWidth(max(width, 80))
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        document = self._document(option, index, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRect(0, 0, option.rect.width(), option.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = max(self._view.viewport().width(), 80)
        key = (index.data(HTML_ROLE) or "", width)
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 2000:
                self._heights.clear()
            document = self._document(option, index, width)
            height = self._heights[key] = math.ceil(document.size().height()) + 1
        return QSize(width, height)


class LibraryDialog(QDialog):
    """The articles in the library and a search through every note and article."""

    # The reader chose an article to open (and a highlight in it to go to, or None).
    open_requested = Signal(int, object)  # article id, highlight id | None

    def __init__(self, notes: NotesService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("libraryDialog")
        self.setWindowTitle("Library")
        self._notes = notes
        self.articles = ArticleTableModel(self)
        self.results = SearchResultModel(self)

        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Search all notes and articles")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._open_first)

        self.summary = QLabel()
        self.summary.setObjectName("librarySummary")
        self.summary.setWordWrap(True)

        table = QTableView()
        table.setObjectName("libraryArticles")
        table.setModel(self.articles)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (FROM, NOTES, OPENED):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.activated.connect(self._chosen)
        self.table = table

        results = QListView()
        results.setObjectName("libraryResults")
        results.setModel(self.results)
        results.setWordWrap(True)
        results.setUniformItemSizes(False)
        results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        results.setResizeMode(QListView.ResizeMode.Adjust)
        results.setItemDelegate(_RichTextDelegate(results))
        results.activated.connect(self._chosen)
        self.result_list = results

        self._pages = QStackedWidget()
        self._pages.addWidget(table)
        self._pages.addWidget(results)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self._open_button = buttons.addButton("Open", QDialogButtonBox.ButtonRole.ActionRole)
        self._open_button.clicked.connect(self._open_current)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.summary)
        layout.addWidget(self._pages, 1)
        layout.addWidget(buttons)
        self.resize(760, 520)
        # Ctrl+F (or the menu's Ctrl+Shift+L again) goes back to the search box.
        for sequence in (QKeySequence.StandardKey.Find, QKeySequence("Ctrl+Shift+L")):
            action = self.addAction("Search")
            action.setShortcut(QKeySequence(sequence))
            action.triggered.connect(self.focus_search)
        notes.changed.connect(self._on_notes_changed)
        self.refresh()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        """Read the library again (the list, or the results of the words in the box)."""
        self.articles.set_articles(self._notes.list_articles())
        self._on_search(self.search.text())

    def _on_notes_changed(self, _key: str) -> None:
        if self.isVisible():
            self.refresh()

    def _on_search(self, text: str) -> None:
        if not self._notes.available:
            self.summary.setText(html.escape(self._notes.problem or "The library is unavailable."))
            return
        if not text.strip():
            self._pages.setCurrentWidget(self.table)
            articles = self.articles.articles()
            notes = sum(a.note_count for a in articles)
            if articles:
                self.summary.setText(
                    f"{plural(len(articles), 'article')} with {plural(notes, 'note')}, "
                    "the most recently opened first. Type to search every note and article."
                )
            else:
                self.summary.setText(
                    "The library is empty: every article you open is kept here with its notes."
                )
            if articles and not self.table.currentIndex().isValid():
                self.table.setCurrentIndex(self.articles.index(0, 0))
            return
        results = self._notes.search(text)
        titles = {summary.id: article_title(summary) for summary in self.articles.articles()}
        self.results.set_results(results, titles)
        self._pages.setCurrentWidget(self.result_list)
        found = []
        if results.notes:
            found.append(plural(len(results.notes), "note"))
        if results.articles:
            found.append(plural(len(results.articles), "article"))
        self.summary.setText(
            (" and ".join(found) + " match.") if found else "Nothing matches those words."
        )
        if self.results.rowCount():
            self.result_list.setCurrentIndex(self.results.index(0, 0))

    def _current_view(self) -> QAbstractItemView:
        return self.table if self._pages.currentWidget() is self.table else self.result_list

    def _open_current(self) -> None:
        index = self._current_view().currentIndex()
        if index.isValid():
            self._chosen(index)

    def _open_first(self) -> None:
        view = self._current_view()
        index = view.currentIndex()
        if not index.isValid() and view.model().rowCount() > 0:
            index = view.model().index(0, 0)
        if index.isValid():
            self._chosen(index)

    def _chosen(self, index: QModelIndex) -> None:
        article_id = index.data(ARTICLE_ID_ROLE)
        if article_id is None:
            return
        self.open_requested.emit(int(article_id), index.data(HIGHLIGHT_ID_ROLE))
        self.accept()
