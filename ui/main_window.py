"""The main window: the page, the legend, the side panels, menus and shortcuts.

The window asks ``reader`` to import an article, shows its text at once, and asks the
``AnnotationService`` (passed in, like the settings) for the highlights, which it
adds when they arrive. A web page is downloaded and imported by the
``DownloadService`` off the UI thread; the window shows it when it arrives. A book's
table of contents is in the contents panel. The entities panel and the "Who said
what" panel share the right-hand side, one above the other; "Claims to check" is a
tab beside "Who said what".

The reader's own layer comes from the ``NotesService`` (passed in, wrapping the
library): opening an article remembers it in the library and paints its highlights;
the notes panel, on the left below the contents, lists them and edits their notes;
File > Library… lists every article and searches every note. Each change to the
library is followed by the service's ``changed`` signal, on which the page and the
panel are given the article's highlights (or the claims panel and the page's
tooltips the reader's verdicts on claims) again.
"""

from __future__ import annotations

import contextlib
import gc
import html
import re
from collections import deque
from collections.abc import Callable, Sized
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader.annotations import Annotations, Claim, Entity, Mention, Quote
from reader.article import Article
from reader.definitions.cards import Lookup
from reader.export import ExportError, Format
from reader.export.filenames import safe_stem
from reader.export.links import SCHEME as LINK_SCHEME
from reader.export.links import parse_marginalia_link
from reader.importers import SUPPORTED_SUFFIXES, is_url
from reader.paths import sample_article
from reader.store import ClaimCheck
from reader.store.library import Highlight, RememberedArticle
from ui import slices
from ui.about_dialog import AboutDialog
from ui.article_view import ArticleView, Located
from ui.claims_panel import ClaimsPanel
from ui.contents_panel import ContentsPanel
from ui.downloads import DownloadService
from ui.formats import Formats, is_underlined
from ui.legend import Legend
from ui.library_view import LibraryDialog
from ui.notes_panel import ColorNamesDialog, NotesPanel, color_icon
from ui.notes_service import CLAIMS, COLORS, HIGHLIGHTS, NotesService
from ui.palette import Palette, Theme, load_palette, theme_for
from ui.quotes_panel import QuotesPanel
from ui.side_panel import SidePanel
from ui.workers import LOADING_MESSAGE, AnnotationService, DefinitionService, LookupRequest

T = TypeVar("T")

MAX_RECENT = 10
RECENT_KEY = "recent/files"
HIDDEN_KEY = "highlights/hidden"  # the hidden entity categories, "quotes", "claims", "notes"
QUOTES = "quotes"
NOTES = "notes"
PEN_KEY = "notes/color"  # the colour the reader highlighted with last
EXPORT_DIR_KEY = "export/folder"  # where the reader exported last
ONLINE_KEY = "lookup/online"  # whether look-ups may ask Wikipedia
# Where a sentence ends, for the context of a looked-up word.
_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+")
FILE_FILTER = (
    "Articles and books ("
    + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
    + ");;All files (*)"
)


class MainWindow(QMainWindow):
    """One article at a time, with its highlights and entity panel."""

    # Emitted once the highlights of the article on the page are shown.
    annotations_shown = Signal(object)  # Annotations
    # Emitted when annotating the article on the page failed (message).
    annotation_failed = Signal(str)
    # Emitted when an article (a file, a web page, one from the library) is on the page
    # and the panels and the library have it (Article).
    article_opened = Signal(object)
    # Emitted when a file or web page could not be read, downloaded or imported (message).
    open_failed = Signal(str)
    # Emitted when the side panel shows the answer to a look-up (Lookup).
    lookup_shown = Signal(object)
    # Emitted when a look-up could not be answered (the sentence the panel shows).
    lookup_failed = Signal(str)

    def __init__(
        self,
        service: AnnotationService,
        settings: QSettings,
        palette: Palette | None = None,
        theme: Theme | None = None,
        remember_layout: bool = True,
        parent: QWidget | None = None,
        downloads: DownloadService | None = None,
        notes: NotesService | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Marginalia")
        self.setAcceptDrops(True)
        self._service = service
        self._settings = settings
        self._palette = palette or load_palette()
        self._fixed_theme = theme
        self._formats = Formats(self._palette, theme or theme_for(QGuiApplication.palette()))
        self._request = 0
        # The request to the download service the window waits for (0: none): a web
        # page or a file, imported off the UI thread; and what it opens.
        self._opening_request = 0
        self._opening: str | Path = ""
        self._path: Path | None = None
        self._missing_reported = False
        self._warmed = False
        self._awaiting_highlights = False
        # What is left of giving the article just shown to the panels and the library.
        self._to_settle: deque[Callable[[], None]] = deque()
        # What is left to show of the last annotations, a panel at a time.
        self._results_to_show: deque[Callable[[], None]] = deque()
        self._remember_layout = remember_layout
        # The reader's library (a service without one when it could not be opened).
        self.notes = notes if notes is not None else NotesService(None, parent=self)
        self._article_id: int | None = None  # the article on the page, in the library
        self._library_dialog: LibraryDialog | None = None
        self._notes_error_box: QMessageBox | None = None
        # Look-ups (started on the first one; its thread opens the dictionary).
        self._definitions: DefinitionService | None = None
        self._lookup_request = 0
        # The article's look-ups, for Back and Forward: (term, start, end, entity).
        self._history: list[tuple[str, int | None, int | None, Entity | None]] = []
        self._history_at = -1

        self.view = ArticleView(self._formats)
        self.view.mention_clicked.connect(self._on_mention_clicked)
        self.view.highlights_applied.connect(self._announce_when_shown)
        self.view.highlight_clicked.connect(self._on_highlight_clicked)
        self.view.word_double_clicked.connect(self._on_word_double_clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._show_context_menu)
        self.welcome = self._build_welcome()
        self._pages = QStackedWidget()
        self._pages.addWidget(self.welcome)
        self._pages.addWidget(self.view)
        self.setCentralWidget(self._pages)

        self.legend = Legend(self._formats, self)
        self.legend.toggled.connect(self._on_category_toggled)
        self.legend.quotes_toggled.connect(self._on_quotes_toggled)
        self.legend.claims_toggled.connect(self._on_claims_toggled)
        self.legend.notes_toggled.connect(self._on_notes_toggled)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.legend)

        self.panel = SidePanel(self._formats, self)
        self.panel.entity_selected.connect(self._on_entity_selected)
        self.panel.mention_activated.connect(self._on_mention_activated)
        self.panel.escape_pressed.connect(self.focus_text)
        self.panel.glossary_requested.connect(self.glossary_dialog)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)

        self.quotes_panel = QuotesPanel(self._formats, self)
        self.quotes_panel.quote_activated.connect(self._on_quote_activated)
        self.quotes_panel.entity_activated.connect(self._on_speaker_activated)
        self.quotes_panel.escape_pressed.connect(self.focus_text)
        self.splitDockWidget(self.panel, self.quotes_panel, Qt.Orientation.Vertical)
        self.resizeDocks([self.panel], [340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.panel, self.quotes_panel], [55, 45], Qt.Orientation.Vertical)

        # The claims checklist: a tab beside "Who said what" (what the machine found).
        self.claims_panel = ClaimsPanel(self.notes, self)
        self.claims_panel.claim_activated.connect(self._on_claim_activated)
        self.claims_panel.escape_pressed.connect(self.focus_text)
        self.claims_panel.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.tabifyDockWidget(self.quotes_panel, self.claims_panel)
        self.quotes_panel.raise_()

        self.contents_panel = ContentsPanel(self)
        self.contents_panel.entry_activated.connect(self.go_to_offset)
        self.contents_panel.escape_pressed.connect(self.focus_text)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.contents_panel)

        # The reader's own layer on the left, apart from what the machine found.
        self.notes_panel = NotesPanel(self._formats, self.notes, self)
        self.notes_panel.highlight_activated.connect(self._on_note_activated)
        self.notes_panel.current_changed.connect(self._on_note_current)
        self.notes_panel.escape_pressed.connect(self.focus_text)
        self.notes_panel.message.connect(lambda text: self.statusBar().showMessage(text, 5000))
        self.splitDockWidget(self.contents_panel, self.notes_panel, Qt.Orientation.Vertical)
        self.resizeDocks([self.contents_panel], [270], Qt.Orientation.Horizontal)
        self.resizeDocks([self.contents_panel, self.notes_panel], [40, 60], Qt.Orientation.Vertical)
        self.contents_panel.hide()  # shown for articles that have contents
        self.view.verticalScrollBar().valueChanged.connect(self._on_scrolled)

        self._status = QLabel("Open an article to start reading.")
        self._status.setObjectName("statusMessage")
        self._progress = QProgressBar()
        self._progress.setObjectName("annotationProgress")
        self._progress.setMaximumWidth(160)
        self._progress.setTextVisible(False)
        self._progress.hide()
        self.statusBar().addWidget(self._status, 1)
        self.statusBar().addPermanentWidget(self._progress)

        self._build_actions()
        self._build_menus()
        for key in self._settings_list(HIDDEN_KEY):
            if key in self.legend.category_actions:
                self.legend.set_shown(key, False)
            elif key == QUOTES:
                self.legend.quotes_action.setChecked(False)
            elif key == CLAIMS:
                self.legend.claims_action.setChecked(False)
            elif key == NOTES:
                self.legend.notes_action.setChecked(False)

        service.progress.connect(self._on_progress)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)
        service.model_ready.connect(self._on_model_ready)
        self._downloads = downloads or DownloadService(parent=self)
        self._downloads.progress.connect(self._on_download_progress)
        self._downloads.finished.connect(self._on_download_finished)
        self._downloads.failed.connect(self._on_download_failed)
        self.notes.changed.connect(self._on_notes_changed)
        self.notes.failed.connect(self._on_notes_failed)
        self._on_colors_changed()
        self._update_enabled()

    # -- building ----------------------------------------------------------------

    def _build_welcome(self) -> QWidget:
        page = QWidget()
        page.setObjectName("welcome")
        outer = QVBoxLayout(page)
        outer.addStretch(2)
        heading = QLabel("Marginalia")
        heading.setObjectName("welcomeTitle")
        heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text = QLabel(
            "Open an article to start reading. Marginalia colours the people, "
            "organisations, places and dates it mentions; click one to see every "
            "mention in its sentence. It sets quotes apart and says who said them."
            "<br><br>Open a file (text, Markdown, a saved web "
            "page or an EPUB book) with <b>Ctrl+O</b>, a web page with <b>Ctrl+L</b>, "
            "drop one on this window, or start with the sample article."
        )
        text.setObjectName("welcomeText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setFixedWidth(460)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        open_button = QPushButton("Open Article…")
        open_button.clicked.connect(self.open_dialog)
        link_button = QPushButton("Open Link…")
        link_button.clicked.connect(self.open_link_dialog)
        self._sample_button = QPushButton("Open Sample Article")
        self._sample_button.clicked.connect(self.open_sample)
        self._reopen_button = QPushButton()
        self._reopen_button.clicked.connect(self._reopen_last)
        for button in (open_button, link_button, self._sample_button, self._reopen_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        outer.addWidget(heading)
        outer.addSpacing(8)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addSpacing(16)
        outer.addLayout(buttons)
        outer.addStretch(3)
        return page

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even when the menu bar is hidden
        return action

    def _build_actions(self) -> None:
        self.open_action = self._action(
            "&Open…",
            self.open_dialog,
            QKeySequence.StandardKey.Open,
            "Open an article or book: .txt, .md, .html, .htm, .xhtml or .epub",
        )
        self.open_link_action = self._action(
            "Open &Link…", self.open_link_dialog, "Ctrl+L", "Download a web page and open it"
        )
        self.sample_action = self._action(
            "Open &Sample Article",
            self.open_sample,
            tip="Open the article that comes with Marginalia",
        )
        self.export_action = self._action(
            "&Export as Markdown…",
            lambda: self.export_dialog(("md",)),
            "Ctrl+E",
            "Write the article with your highlights and notes as a Markdown file",
        )
        self.export_annotations_action = self._action(
            "Export as Markdown and &Web Annotations…",
            lambda: self.export_dialog(("md", "annotations")),
            tip="Write the Markdown file and, beside it, your highlights as W3C Web "
            "Annotations (.jsonld)",
        )
        self.look_up_action = self._action(
            "&Look Up",
            self.look_up_selection,
            "Ctrl+D",
            "Explain the selected words (or the word at the caret) in the side panel",
        )
        self.lookup_back_action = self._action(
            "Look-up &Back",
            lambda: self.step_lookup(False),
            "Alt+Left",
            "Show the term looked up before in the side panel",
        )
        self.lookup_forward_action = self._action(
            "Look-up &Forward",
            lambda: self.step_lookup(True),
            "Alt+Right",
            "Show the next term looked up in the side panel",
        )
        self.pin_panel_action = self._action(
            "&Pin Entities Panel",
            lambda: None,
            tip="Keep what the side panel shows while you click in the text "
            "(Ctrl+D and the panel itself still change it)",
        )
        self.pin_panel_action.setCheckable(True)
        self.look_up_online_action = self._action(
            "Look Up &Online (Wikipedia)",
            lambda: None,
            tip="Let look-ups ask Wikipedia for a summary of what you click "
            "(the term is sent to Wikipedia)",
        )
        self.look_up_online_action.setCheckable(True)
        self.look_up_online_action.setChecked(
            bool(self._settings.value(ONLINE_KEY, False, type=bool))
        )
        self.look_up_online_action.toggled.connect(self._on_online_toggled)
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q", "Quit Marginalia")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.next_action = self._action(
            "&Next Entity Mention",
            lambda: self.step(True),
            "F8",
            "Select the next highlighted name, place or date",
        )
        self.previous_action = self._action(
            "&Previous Entity Mention",
            lambda: self.step(False),
            "Shift+F8",
            "Select the previous highlighted name, place or date",
        )
        self.next_quote_action = self._action(
            "Next &Quote",
            lambda: self.step_quote(True),
            "F9",
            "Select the next quote; the Who said what panel says who said it",
        )
        self.previous_quote_action = self._action(
            "Previous Q&uote",
            lambda: self.step_quote(False),
            "Shift+F9",
            "Select the previous quote",
        )
        self.next_claim_action = self._action(
            "Next C&laim",
            lambda: self.step_claim(True),
            "F6",
            "Select the next underlined claim; the Claims to check panel shows your verdict",
        )
        self.previous_claim_action = self._action(
            "Previous Cl&aim",
            lambda: self.step_claim(False),
            "Shift+F6",
            "Select the previous underlined claim",
        )
        self.claims_panel_toggle = self._action(
            "Claims to Chec&k",
            self.toggle_claims_panel,
            "Ctrl+Shift+K",
            "Show the checklist of the article's claims, with the keyboard in it; "
            "again to hide it (Escape goes back to the text)",
        )
        self.focus_panel_action = self._action(
            "Go to &Entities Panel",
            self.focus_panel,
            "Ctrl+Shift+E",
            "Move the keyboard focus to the entities panel (Escape comes back)",
        )
        self.focus_quotes_action = self._action(
            "Go to &Who Said What Panel",
            self.focus_quotes,
            "Ctrl+Shift+Q",
            "Move the keyboard focus to the speakers and their quotes (Escape comes back)",
        )
        self.focus_text_action = self._action(
            "Go to &Article Text",
            self.focus_text,
            "Ctrl+Shift+A",
            "Move the keyboard focus to the article",
        )
        self.next_chapter_action = self._action(
            "Next &Chapter",
            lambda: self.step_chapter(True),
            "Ctrl+PgDown",
            "Go to the next chapter of the book",
        )
        self.previous_chapter_action = self._action(
            "Previous C&hapter",
            lambda: self.step_chapter(False),
            "Ctrl+PgUp",
            "Go to the previous chapter of the book",
        )
        self.focus_contents_action = self._action(
            "Go to C&ontents Panel",
            self.focus_contents,
            "Ctrl+Shift+C",
            "Move the keyboard focus to the book's contents (Escape comes back)",
        )
        self.library_action = self._action(
            "&Library…",
            self.show_library,
            "Ctrl+Shift+L",
            "Every article you have opened, and a search through all your notes",
        )
        self.undo_action = self._action(
            "&Undo",
            self.undo,
            QKeySequence.StandardKey.Undo,
            "Take back your last change to a note",
        )
        self.highlight_action = self._action(
            "&Highlight Selection",
            lambda: self.highlight_selection(),
            "Ctrl+H",
            "Highlight the selected passage in the colour you used last",
        )
        self.note_action = self._action(
            "Add or Edit &Note",
            self.edit_note,
            "Ctrl+Shift+N",
            "Write a note on the highlight at the caret (highlighting the selection first)",
        )
        self.delete_highlight_action = self._action(
            "&Delete Highlight",
            self.delete_highlight,
            tip="Delete the highlight at the caret and its note (Ctrl+Z brings it back)",
        )
        self.colors_action = self._action(
            "Highlight &Colours…",
            self.show_color_names,
            tip="Give each highlight colour a name of your own",
        )
        self.next_note_action = self._action(
            "Ne&xt Highlight",
            lambda: self.step_note(True),
            "F7",
            "Select your next highlight; the notes panel shows its note",
        )
        self.previous_note_action = self._action(
            "Pre&vious Highlight",
            lambda: self.step_note(False),
            "Shift+F7",
            "Select your previous highlight",
        )
        self.focus_notes_action = self._action(
            "Go to Note&s Panel",
            self.focus_notes,
            "Ctrl+Shift+M",
            "Move the keyboard focus to your highlights and notes (Escape comes back)",
        )
        self.about_action = self._action("&About Marginalia", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt_action = self._action("About &Qt", QApplication.aboutQt)
        self.about_qt_action.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.panel_action = self.panel.toggleViewAction()
        self.panel_action.setText("Entities &Panel")
        self.quotes_panel_action = self.quotes_panel.toggleViewAction()
        self.quotes_panel_action.setText("&Who Said What Panel")
        self.contents_action = self.contents_panel.toggleViewAction()
        self.contents_action.setText("&Contents Panel")
        self.notes_panel_action = self.notes_panel.toggleViewAction()
        self.notes_panel_action.setText("No&tes Panel")
        self.legend_action = self.legend.toggleViewAction()
        self.legend_action.setText("&Legend Bar")
        chips = [
            *self.legend.category_actions.values(),
            self.legend.quotes_action,
            self.legend.notes_action,
        ]
        for number, action in enumerate(chips, start=1):
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        self.legend.claims_action.setShortcut(QKeySequence("Ctrl+0"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addAction(self.open_link_action)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.library_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.export_annotations_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        file_menu.aboutToShow.connect(self._update_enabled)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self.undo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.look_up_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.highlight_action)
        self.highlight_menu = QMenu("Highlight &As", self)
        self.highlight_menu.setObjectName("highlightAsMenu")
        self.highlight_menu.aboutToShow.connect(self._fill_highlight_menu)
        edit_menu.addMenu(self.highlight_menu)
        self.recolor_menu = QMenu("&Recolour Highlight", self)
        self.recolor_menu.setObjectName("recolorMenu")
        self.recolor_menu.aboutToShow.connect(self._fill_recolor_menu)
        edit_menu.addMenu(self.recolor_menu)
        edit_menu.addAction(self.note_action)
        edit_menu.addAction(self.delete_highlight_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.colors_action)
        edit_menu.aboutToShow.connect(self._update_enabled)
        self._fill_highlight_menu()
        self._fill_recolor_menu()

        view_menu = bar.addMenu("&View")
        highlights = view_menu.addMenu("&Highlights")
        for action in self.legend.category_actions.values():
            highlights.addAction(action)
        highlights.addSeparator()
        highlights.addAction(self.legend.quotes_action)
        highlights.addAction(self.legend.claims_action)
        highlights.addAction(self.legend.notes_action)
        view_menu.addAction(self.legend_action)
        view_menu.addAction(self.panel_action)
        view_menu.addAction(self.quotes_panel_action)
        view_menu.addAction(self.claims_panel_toggle)
        view_menu.addAction(self.contents_action)
        view_menu.addAction(self.notes_panel_action)
        view_menu.addSeparator()
        view_menu.addAction(self.next_action)
        view_menu.addAction(self.previous_action)
        view_menu.addAction(self.next_quote_action)
        view_menu.addAction(self.previous_quote_action)
        view_menu.addAction(self.next_claim_action)
        view_menu.addAction(self.previous_claim_action)
        view_menu.addAction(self.next_note_action)
        view_menu.addAction(self.previous_note_action)
        view_menu.addAction(self.next_chapter_action)
        view_menu.addAction(self.previous_chapter_action)
        view_menu.addSeparator()
        view_menu.addAction(self.focus_panel_action)
        view_menu.addAction(self.focus_quotes_action)
        view_menu.addAction(self.focus_contents_action)
        view_menu.addAction(self.focus_notes_action)
        view_menu.addAction(self.focus_text_action)
        view_menu.addSeparator()
        view_menu.addAction(self.lookup_back_action)
        view_menu.addAction(self.lookup_forward_action)
        view_menu.addAction(self.pin_panel_action)
        view_menu.addSeparator()
        view_menu.addAction(self.look_up_online_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.about_qt_action)
        self._fill_recent_menu()

    # -- opening -----------------------------------------------------------------

    @property
    def article(self) -> Article | None:
        return self.view.article

    @property
    def annotations(self) -> Annotations | None:
        return self.view.annotations

    def open_source(self, source: str | Path) -> bool:
        """Open a ``marginalia://`` link (see ``open_marginalia_link``), or start opening
        a file (see ``open_path``) or downloading a web page (see ``open_url``)."""
        if isinstance(source, str) and is_marginalia_link(source):
            return self.open_marginalia_link(source)
        if isinstance(source, str) and is_url(source):
            return self.open_url(source)
        return self.open_path(source)

    def open_path(self, path: str | Path) -> bool:
        """Start opening a file: it is read and imported off the UI thread, whatever its
        size, and shown when it arrives (``article_opened``); a failure is reported
        then, and what is on the page stays (``open_failed``). Opening anything else
        meanwhile abandons it. True: the request is under way."""
        path = Path(path)
        self._start_opening(path, f"Opening {path.name}…")
        return True

    def open_url(self, url: str) -> bool:
        """Start downloading a web page; it is shown when it arrives, and a failure is
        reported then. False (and a message) if ``url`` is no web address at all."""
        url = _as_url(url)
        if not url:
            self.show_error(
                "Cannot open the link",
                "That is not a web address. Addresses start with https:// or http:// "
                "and name a site, as in https://example.org/news/article.",
            )
            return False
        self._start_opening(url, f"Downloading {_host(url)}…")
        return True

    def _start_opening(self, source: str | Path, status: str) -> None:
        self._opening_request = self._downloads.request(source)  # an earlier one is abandoned
        self._opening = source
        self._set_status(status, busy=True)

    def open_marginalia_link(self, link: str) -> bool:
        """Open the library article a ``marginalia://open`` link (from an export) points
        at and select the passage; when no article has that text any more, go to the
        link's highlight where it now lies. False (and a message) if there is none."""
        title = "Cannot open the link"
        try:
            target = parse_marginalia_link(link.strip())
        except ValueError:
            self.show_error(
                title,
                "That Marginalia link is incomplete or damaged. Copy it again from the "
                "exported notes.",
            )
            return False
        if not self.notes.available:
            self.show_error(title, self.notes.problem or "The notes library is unavailable.")
            return False
        article_id = self.notes.find_by_sha256(target.article_sha256)
        article = self.notes.article(article_id) if article_id is not None else None
        if article_id is not None and article is not None and target.end <= len(article.text):
            if not self.open_from_library(article_id):
                return False
            self.view.select_range(target.start, target.end)
            return True
        highlight = self.notes.highlight(target.highlight) if target.highlight else None
        if highlight is not None:
            if not self.open_from_library(highlight.article_id, highlight.id):
                return False
            if not highlight.attached:
                self.statusBar().showMessage(
                    "The linked passage is no longer in the article's text; its note is "
                    "in the notes panel.",
                    8000,
                )
            return True
        self.show_error(
            title,
            "No article in your library has the text this link points to. It may have "
            "been removed from the library, or the link was exported from another library.",
        )
        return False

    def is_opening(self) -> bool:
        """Whether a file or web page is on its way (see ``open_path``, ``open_url``)."""
        return self._opening_request != 0

    def _cancel_opening(self) -> None:
        if self._opening_request:
            self._downloads.cancel()
            self._opening_request = 0
            self._opening = ""

    def show_article(self, article: Article, path: str | Path | None = None) -> None:
        """Show an article; ``path`` (a file or a web address) goes into Open Recent.

        The text is shown now; the panels, then the library, take the article in the
        next turns of the event loop, each step in a turn of its own, so that the
        window paints the text and answers in between: together, on a book, they held
        it for longer than it may. After the last, ``article_opened``, and the article
        goes to be annotated: the annotation's thread would slow those steps down.
        """
        self._path = path if isinstance(path, Path) else None
        self._awaiting_highlights = False
        self._results_to_show.clear()  # those of the article on the page until now
        _out_of_full_collections()  # the article, before the page is built from it
        self.view.set_article(article)
        self._pages.setCurrentWidget(self.view)
        self.view.setFocus()
        self.setWindowTitle(f"{article.display_title} — Marginalia")
        if self._request:  # the last article's annotations are not wanted any more
            self._service.cancel()
            self._request = 0
        self._set_status("Finding names, places and dates…", busy=True)
        self._to_settle = deque(
            [
                lambda: self._give_panels(article),
                lambda: self._open_in_library(article),
                lambda: self._opened(article, path),
            ]
        )
        slices.runner().start(self._settle_step, self, alone=True)

    def _settle_now(self) -> None:
        """Do at once what is left of giving the article just shown to the panels and
        the library (before its annotations, or one of its highlights, are shown)."""
        while self._settle_step():
            pass

    def _settle_step(self, _seconds: float = 0.0) -> bool:
        """Take the next step of giving the article just shown to the panels and the
        library; whether there are more."""
        if self._to_settle:
            self._to_settle.popleft()()
        return bool(self._to_settle)

    def _give_panels(self, article: Article) -> None:
        self.panel.set_article(article)
        self._history, self._history_at = [], -1
        self.quotes_panel.set_article(article)
        self.claims_panel.set_article(article)
        self.contents_panel.set_entries(article.contents)
        self.contents_panel.setVisible(bool(article.contents))
        self.contents_panel.set_current_offset(0)  # a new article starts at the top
        self.legend.set_counts(None)
        self.legend.set_quote_count(None)
        self.legend.set_claim_count(None, None)
        self._update_history_actions()

    def _opened(self, article: Article, path: str | Path | None) -> None:
        """The article is in the panels and the library: into Open Recent, said, and
        annotated."""
        if path is not None:
            self._remember(path)
        self._update_enabled()
        self.article_opened.emit(article)
        self._request = self._service.request(article)

    @Slot()
    def open_dialog(self) -> None:
        start = str(self._path.parent) if self._path else ""
        dialog = QFileDialog(self, "Open Article", start, FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.open_path)
        dialog.open()

    @Slot()
    def open_link_dialog(self) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("openLinkDialog")
        dialog.setWindowTitle("Open Link")
        dialog.setLabelText(
            "The address of a web page to download and read, or a marginalia:// link:"
        )
        dialog.setOkButtonText("Open")
        clipboard = QGuiApplication.clipboard().text().strip()
        usable = is_url(clipboard) or is_marginalia_link(clipboard)
        dialog.setTextValue(clipboard if usable and "\n" not in clipboard else "")
        dialog.resize(560, dialog.sizeHint().height())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self._open_typed_link)
        dialog.open()

    @Slot(str)
    def _open_typed_link(self, text: str) -> None:
        if is_marginalia_link(text):
            self.open_marginalia_link(text)
        else:
            self.open_url(text)

    @Slot()
    def open_sample(self) -> None:
        self.open_path(sample_article())

    @Slot()
    def _reopen_last(self) -> None:
        recent = [source for source in self.recent_files() if _available(source)]
        if recent:
            self.open_source(recent[0])

    # -- recent files ------------------------------------------------------------

    def _settings_list(self, key: str) -> list[str]:
        value = self._settings.value(key, [])
        if isinstance(value, str):  # QSettings gives a one-item list back as a string
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def recent_files(self) -> list[str]:
        return self._settings_list(RECENT_KEY)

    def _remember(self, source: str | Path) -> None:
        name = source if isinstance(source, str) and is_url(source) else str(Path(source).resolve())
        recent = [name, *(p for p in self.recent_files() if p != name)][:MAX_RECENT]
        self._settings.setValue(RECENT_KEY, recent)
        self._settings.sync()

    @Slot()
    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.recent_files()
        for number, name in enumerate(recent, start=1):
            prefix = f"&{number} " if number < 10 else ""
            action = menu.addAction(f"{prefix}{_label(name).replace('&', '&&')}")
            action.setToolTip(name)
            action.setStatusTip(name)
            action.setEnabled(_available(name))
            action.triggered.connect(lambda _=False, p=name: self.open_source(p))
        if not recent:
            menu.addAction("No recent articles").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("&Clear Menu", self._clear_recent)

    def _clear_recent(self) -> None:
        self._settings.setValue(RECENT_KEY, [])
        self._settings.sync()
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_sample = sample_article().exists()
        self.sample_action.setEnabled(has_sample)
        self._sample_button.setVisible(has_sample)
        recent = [p for p in self.recent_files() if _available(p)]
        self._reopen_button.setVisible(bool(recent))
        if recent:
            self._reopen_button.setText(f"Reopen “{_label(recent[0])}”")
        has_article = self.article is not None
        for action in (
            self.next_action,
            self.previous_action,
            self.next_quote_action,
            self.previous_quote_action,
            self.next_claim_action,
            self.previous_claim_action,
            self.look_up_action,
        ):
            action.setEnabled(has_article)
        has_contents = self.article is not None and bool(self.article.contents)
        for action in (self.next_chapter_action, self.previous_chapter_action):
            action.setEnabled(has_contents)
        in_library = self._article_id is not None
        for action in (
            self.highlight_action,
            self.note_action,
            self.delete_highlight_action,
            self.next_note_action,
            self.previous_note_action,
            self.export_action,
            self.export_annotations_action,
        ):
            action.setEnabled(in_library)
        self.highlight_menu.setEnabled(in_library)
        self.recolor_menu.setEnabled(in_library)
        self.library_action.setEnabled(self.notes.available)
        self.colors_action.setEnabled(self.notes.available)
        self._update_history_actions()
        self._update_undo()

    # -- files and pages opened off the UI thread -----------------------------------

    @Slot(int, int, int)
    def _on_download_progress(self, request_id: int, received: int, total: int) -> None:
        if request_id != self._opening_request or not isinstance(self._opening, str):
            return  # only downloads report progress
        host = _host(self._opening)
        if total > 0:
            self._set_status(
                f"Downloading {host}… {received / 1024:,.0f} of {total / 1024:,.0f} KB",
                busy=True,
                fraction=min(received / total, 1.0),
            )
        elif received:
            self._set_status(f"Downloading {host}… {received / 1024:,.0f} KB", busy=True)

    @Slot(int, object)
    def _on_download_finished(self, request_id: int, article: Article) -> None:
        if request_id != self._opening_request:
            return  # the reader opened something else meanwhile
        source = self._opening
        self._opening_request = 0
        self._opening = ""
        if isinstance(source, str) and is_url(article.source):
            source = article.source  # Open Recent keeps the page's address after redirects
        self.show_article(article, source)

    @Slot(int, str)
    def _on_download_failed(self, request_id: int, message: str) -> None:
        if request_id != self._opening_request:
            return
        source = self._opening
        self._opening_request = 0
        self._opening = ""
        if isinstance(source, Path):
            title, what = f"Cannot open “{source.name}”", f"“{source.name}”"
        else:
            title, what = "Cannot open the link", "The link"
        if self.article is None:
            self._set_status("Open an article to start reading.")
        elif self._request:
            self._set_status("Finding names, places and dates…", busy=True)
        else:
            self._set_status(f"{what} could not be opened; the article on the page stays.")
        self.show_error(title, message)
        self.open_failed.emit(message)

    # -- annotation results ------------------------------------------------------

    @Slot(int, float, str)
    def _on_progress(self, request_id: int, fraction: float, message: str) -> None:
        if self._opening_request:
            return  # the status bar follows the file or page the reader is waiting for
        loading = message == LOADING_MESSAGE
        if request_id and request_id == self._request:
            self._set_status(message, busy=True, fraction=None if loading else fraction)
        elif request_id == 0 and loading and (self._request or self.article is None):
            self._set_status(message, busy=True)  # the warm-up, which everyone waits for

    @Slot(int, object)
    def _on_finished(self, request_id: int, annotations: Annotations) -> None:
        if request_id != self._request:
            return  # the reader has moved on
        self._request = 0
        _out_of_full_collections()  # the annotations, before the panels are filled
        article = self.article
        # The page's marks first, then each panel in a turn of its own: on a long book
        # each takes tens of milliseconds, and together they would hold the window.
        self._results_to_show = deque(
            [
                lambda: self.panel.set_annotations(annotations),
                lambda: self._show_counts(annotations),
                lambda: self.quotes_panel.set_annotations(article, annotations),
                lambda: self._show_claims(annotations),
            ]
        )
        if not self._opening_request:  # else the status bar follows what is opening
            self._set_status(_summary(annotations))
        self._awaiting_highlights = True
        self.view.set_annotations(annotations)
        slices.runner().start(self._show_next_result, self, alone=True)

    def _show_next_result(self, _seconds: float) -> bool:
        """Fill the next panel (a step takes what it takes); whether there are more.
        After the last, say the annotations are shown once the page's marks are in."""
        if self._results_to_show:
            self._results_to_show.popleft()()
        if self._results_to_show:
            return True
        self._announce_when_shown()
        return False

    def _show_counts(self, annotations: Annotations) -> None:
        """The legend's counts of entities by category, quotes and claims."""
        counts: dict[str, int] = {}
        for entity in annotations.entities:
            key = self._palette.category_for_label(entity.label).key
            counts[key] = counts.get(key, 0) + 1
        self.legend.set_counts(counts)
        self.legend.set_quote_count(len(annotations.quotes))
        underlined = sum(1 for claim in annotations.claims if is_underlined(claim))
        self.legend.set_claim_count(underlined, len(annotations.claims))

    def _show_claims(self, annotations: Annotations) -> None:
        """The claims with the reader's verdicts: in the list, and for the page's tooltips."""
        checks = self._claim_checks(annotations)
        self.view.set_claim_checks(checks)
        self.claims_panel.set_claims(annotations.claims, checks)

    @Slot()
    def _announce_when_shown(self) -> None:
        """Emit ``annotations_shown`` once the highlights are in and the panels filled."""
        if (
            self._awaiting_highlights
            and self.annotations is not None
            and not self._results_to_show
            and not self.view.highlights_pending()
        ):
            self._awaiting_highlights = False
            self.annotations_shown.emit(self.annotations)

    @Slot(int, str, bool)
    def _on_failed(self, request_id: int, message: str, model_missing: bool) -> None:
        if request_id not in (0, self._request):
            return
        if request_id == self._request:
            self._request = 0
        if model_missing:
            self._set_status("No highlights: the English language model is not installed.")
            self.panel.set_message(
                "Highlights need the English language model, which is not installed."
            )
            self.quotes_panel.set_message(
                "Finding quotes needs the English language model, which is not installed."
            )
            self.claims_panel.set_message(
                "Finding claims needs the English language model, which is not installed."
            )
            if not self._missing_reported:
                self._missing_reported = True
                self.show_error("The language model is missing", message)
        else:
            self._set_status("Highlights are unavailable for this article.")
            self.panel.set_message(message)
            self.quotes_panel.set_message(message)
            self.claims_panel.set_message(message)
        if request_id:
            self.annotation_failed.emit(message)

    @Slot()
    def _on_model_ready(self) -> None:
        if self.article is None:
            self._set_status("Ready. Open an article to start reading.")

    def _set_status(self, message: str, busy: bool = False, fraction: float | None = None) -> None:
        self._status.setText(message)
        if not busy:
            self._progress.hide()
            return
        if fraction is None:
            self._progress.setRange(0, 0)
        else:
            self._progress.setRange(0, 100)
            self._progress.setValue(round(fraction * 100))
        self._progress.show()

    # -- entities ----------------------------------------------------------------

    def select_entity(self, entity: Entity | None, mention: Mention | None = None) -> None:
        """Show an entity (and the current mention) in the side panel."""
        if entity is not None and self.panel.isHidden():
            self.panel.show()
        self.panel.show_entity(entity, mention)

    def entity_for_showcase(self) -> Entity | None:
        """The first person the article names, else its most mentioned entity."""
        annotations = self.annotations
        if annotations is None or not annotations.entities:
            return None
        people = [e for e in annotations.entities if e.label == "PERSON"]
        if people:
            return max(people, key=lambda e: len(e.mentions))
        return max(annotations.entities, key=lambda e: len(e.mentions))

    @Slot(object)
    def _on_mention_clicked(self, located: Located) -> None:
        if self.pin_panel_action.isChecked():
            return  # the reader keeps what the panel shows
        if self.panel.isHidden():
            self.panel.show()
        self.look_up(
            located.mention.text,
            located.mention.start,
            located.mention.end,
            entity=located.entity,
            mention=located.mention,
        )

    @Slot(object)
    def _on_entity_selected(self, entity: Entity | None) -> None:
        self.view.select_entity(entity)
        if entity is not None and self.panel.term is None:
            self.look_up(entity.name, entity=entity)

    # -- look-ups --------------------------------------------------------------------

    def look_up(
        self,
        term: str,
        start: int | None = None,
        end: int | None = None,
        *,
        entity: Entity | None = None,
        mention: Mention | None = None,
        record: bool = True,
    ) -> int:
        """Explain ``term`` (at ``start``–``end`` of the article, for its sentence) in the
        side panel. Returns the request's id (0: nothing to look up)."""
        article = self.article
        term = " ".join(term.split())
        if article is None or not term:
            return 0
        if self.panel.isHidden():
            self.panel.show()
        if record:
            self._history[self._history_at + 1 :] = [(term, start, end, entity)]
            self._history_at = len(self._history) - 1
            self._update_history_actions()
        self.panel.show_term(term, entity, mention)
        sentence = ""
        if mention is not None and mention.sentence_start < mention.sentence_end:
            sentence = article.text[mention.sentence_start : mention.sentence_end]
        elif start is not None and end is not None:
            sentence = _sentence_at(article, start, end)
        annotations = self.annotations
        aliases = tuple(dict.fromkeys(m.text for m in entity.mentions)) if entity else ()
        if self._definitions is None:
            self._definitions = DefinitionService(self)
            self._definitions.progress.connect(self._on_lookup_progress)
            self._definitions.finished.connect(self._on_lookup_finished)
            self._definitions.failed.connect(self._on_lookup_failed)
        self._lookup_request = self._definitions.request(
            LookupRequest(
                term=term,
                sentence=sentence,
                article_id=self._article_id,
                article_text=article.text,
                definitions=annotations.definitions if annotations is not None else (),
                aliases=aliases,
                online=self.look_up_online_action.isChecked(),
            )
        )
        return self._lookup_request

    @Slot(bool)
    def _on_online_toggled(self, online: bool) -> None:
        self._settings.setValue(ONLINE_KEY, online)

    @Slot()
    def look_up_selection(self) -> int:
        """Edit > Look Up: the selected words, else the word at the caret."""
        if self.article is None:
            return 0
        found = self.view.selection_range()
        if found is None:
            cursor = self.view.textCursor()
            cursor.select(QTextCursor.SelectionType.WordUnderCursor)
            self.view.setTextCursor(cursor)
            found = self.view.selection_range()
        if found is None:
            self.statusBar().showMessage("Select the words to look up.", 4000)
            return 0
        start, end = found
        return self.look_up(self.article.text[start:end], start, end)

    def step_lookup(self, forward: bool) -> int:
        """Alt+Left/Alt+Right: the term looked up before (or after) in the panel."""
        at = self._history_at + (1 if forward else -1)
        if not 0 <= at < len(self._history):
            return 0
        self._history_at = at
        self._update_history_actions()
        term, start, end, entity = self._history[at]
        return self.look_up(term, start, end, entity=entity, record=False)

    def _update_history_actions(self) -> None:
        self.lookup_back_action.setEnabled(self._history_at > 0)
        self.lookup_forward_action.setEnabled(self._history_at < len(self._history) - 1)

    @Slot(int, int)
    def _on_word_double_clicked(self, start: int, end: int) -> None:
        if self.pin_panel_action.isChecked():
            return
        if self.article is not None and self.view.mentions.at(start) is None:
            self.look_up(self.article.text[start:end], start, end)

    @Slot(float, str)
    def _on_lookup_progress(self, fraction: float, message: str) -> None:
        if fraction >= 1.0:
            self.statusBar().clearMessage()
        else:
            self.statusBar().showMessage(f"{message} {round(fraction * 100)}%")

    @Slot(int, object)
    def _on_lookup_finished(self, request_id: int, found: Lookup) -> None:
        if request_id == self._lookup_request:
            self.panel.set_lookup(found)
            self.lookup_shown.emit(found)

    @Slot(int, str)
    def _on_lookup_failed(self, request_id: int, message: str) -> None:
        if request_id == self._lookup_request:
            self.panel.set_lookup_failed(message)
            self.lookup_failed.emit(message)

    @Slot(str)
    def glossary_dialog(self, term: str) -> QDialog:
        """Add to My Glossary…: the reader's own definition of ``term``."""
        dialog = QDialog(self)
        dialog.setObjectName("glossaryDialog")
        dialog.setWindowTitle(f"My Glossary: {term}")
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(dialog)
        label = QLabel(f"Your definition of “{html.escape(term)}”, shown first in every article:")
        label.setWordWrap(True)
        editor = QPlainTextEdit()
        editor.setObjectName("glossaryEditor")
        editor.setPlainText(self.notes.glossary_entry(term))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(label)
        layout.addWidget(editor)
        layout.addWidget(buttons)
        dialog.accepted.connect(lambda: self.add_to_glossary(term, editor.toPlainText()))
        dialog.resize(420, 220)
        dialog.open()
        return dialog

    def add_to_glossary(self, term: str, definition: str) -> bool:
        """Keep the reader's definition (an empty one removes the entry) and show the
        term's cards again."""
        if not self.notes.set_glossary(term, definition):
            return False
        self.statusBar().showMessage(
            f"“{term}” is in your glossary."
            if definition.strip()
            else f"“{term}” removed from your glossary.",
            5000,
        )
        if self.panel.term == term:
            self.look_up(term, entity=self.panel.entity, record=False)
        return True

    @Slot(object)
    def _on_mention_activated(self, mention: Mention) -> None:
        self.view.show_mention(mention)

    @Slot(str, bool)
    def _on_category_toggled(self, key: str, shown: bool) -> None:
        self.view.set_category_visible(key, shown)
        self._save_hidden()

    @Slot(bool)
    def _on_quotes_toggled(self, shown: bool) -> None:
        self.view.set_quotes_visible(shown)
        self._save_hidden()

    @Slot(bool)
    def _on_claims_toggled(self, shown: bool) -> None:
        self.view.set_claims_visible(shown)
        self._save_hidden()

    def _save_hidden(self) -> None:
        hidden = [k for k, action in self.legend.category_actions.items() if not action.isChecked()]
        if not self.legend.quotes_action.isChecked():
            hidden.append(QUOTES)
        if not self.legend.claims_action.isChecked():
            hidden.append(CLAIMS)
        if not self.legend.notes_action.isChecked():
            hidden.append(NOTES)
        self._settings.setValue(HIDDEN_KEY, hidden)

    def _step_wrapping(
        self, step: Callable[[bool], T | None], marks: Sized, forward: bool, noun: str
    ) -> T | None:
        """``step(forward)`` from the caret; past the last (or before the first) of
        ``marks``, once more from the other end of the text, saying so in the status
        bar. Without any marks the caret stays where it is."""
        found = step(forward)
        if found is None and len(marks):
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start if forward else cursor.MoveOperation.End)
            self.view.setTextCursor(cursor)
            found = step(forward)
            if found is not None:
                where = "first" if forward else "last"
                self.statusBar().showMessage(f"Back to the {where} {noun}.", 3000)
        return found

    def step(self, forward: bool) -> None:
        """Go to the next (or previous) visible mention, wrapping at the ends."""
        if self.article is None:
            return
        located = self._step_wrapping(self.view.step, self.view.mentions, forward, "mention")
        if located is not None:
            self.select_entity(located.entity, located.mention)

    # -- quotes ------------------------------------------------------------------------

    def step_quote(self, forward: bool) -> None:
        """Go to the next (or previous) quote, wrapping at the ends."""
        if self.article is None:
            return
        if not self.view.quotes_visible():
            self.statusBar().showMessage(
                "Quotes are hidden: tick Quotes in the legend (Ctrl+8) to go through them.", 4000
            )
            return
        quote = self._step_wrapping(self.view.step_quote, self.view.quotes, forward, "quote")
        if quote is not None:
            self.quotes_panel.show_quote(quote)
            self.statusBar().showMessage(self.view.quote_tooltip(quote), 4000)

    @Slot(object)
    def _on_quote_activated(self, quote: Quote) -> None:
        self.view.show_quote(quote)

    @Slot(object)
    def _on_speaker_activated(self, entity: Entity) -> None:
        self.select_entity(entity)

    @Slot()
    def focus_quotes(self) -> None:
        self.quotes_panel.focus_tree()

    # -- claims ------------------------------------------------------------------------

    def step_claim(self, forward: bool) -> None:
        """Go to the next (or previous) underlined claim, wrapping at the ends."""
        if self.article is None:
            return
        if not self.view.claims_visible():
            self.statusBar().showMessage(
                "Claims are hidden: tick Claims in the legend (Ctrl+0) to go through them.", 4000
            )
            return
        claim = self._step_wrapping(self.view.step_claim, self.view.claims, forward, "claim")
        if claim is not None:
            self.claims_panel.show_claim(claim)
            self.statusBar().showMessage(self.view.claim_tooltip(claim).replace("\n", " · "), 5000)

    @Slot(object)
    def _on_claim_activated(self, claim: Claim) -> None:
        self.view.show_claim(claim)
        self.statusBar().showMessage(self.view.claim_tooltip(claim).replace("\n", " · "), 5000)

    @Slot()
    def toggle_claims_panel(self) -> None:
        """Ctrl+Shift+K: bring the claims checklist up with the keyboard in it, or put
        it away when it is already in front."""
        panel = self.claims_panel
        if panel.isVisible() and not panel.visibleRegion().isEmpty():
            panel.save()
            panel.hide()
            self.focus_text()
        else:
            panel.focus_list()

    def _claim_checks(self, annotations: Annotations | None) -> dict[tuple[int, int], ClaimCheck]:
        """The reader's verdicts on the claims on the page (none outside the library)."""
        if self._article_id is None or annotations is None:
            return {}
        return self.notes.claim_checks(self._article_id, annotations.claims)

    def _reload_claim_checks(self) -> None:
        checks = self._claim_checks(self.annotations)
        self.view.set_claim_checks(checks)
        self.claims_panel.set_checks(checks)

    # -- the reader's notes ------------------------------------------------------------

    def _open_in_library(self, article: Article) -> None:
        """Keep the article in the library and show the highlights the reader made in it
        (placed again if its text changed since)."""
        self._article_id = None
        remembered = self.notes.remember(article) if self.notes.available else None
        if remembered is not None:
            self._article_id = remembered.id
        self.notes_panel.set_article(article, self._article_id)
        self.claims_panel.set_article_id(self._article_id)
        self._reload_highlights()
        self._reload_claim_checks()
        if remembered is not None:
            message = _reattached(remembered)
            if message:
                self.statusBar().showMessage(message, 10000)

    def _reload_highlights(self) -> list[Highlight]:
        highlights = [] if self._article_id is None else self.notes.highlights(self._article_id)
        self.view.set_highlights(highlights)
        self.notes_panel.set_highlights(highlights)
        self.legend.set_note_count(len(highlights) if self._article_id is not None else None)
        return highlights

    @Slot(str)
    def _on_notes_changed(self, key: str) -> None:
        if key in (HIGHLIGHTS, COLORS):
            self._reload_highlights()
        if key == COLORS:
            self._on_colors_changed()
        if key == CLAIMS:
            self._reload_claim_checks()
        self._update_undo()

    def _on_colors_changed(self) -> None:
        self.legend.set_color_names([(c.key, c.name) for c in self.notes.colors()])
        self._fill_highlight_menu()
        self._fill_recolor_menu()

    @Slot(str)
    def _on_notes_failed(self, message: str) -> None:
        """Trouble with the library file: said in a message (one at a time: a failing
        disk fails every call) and in the status bar."""
        self.statusBar().showMessage(message, 10000)
        box = self._notes_error_box
        with contextlib.suppress(RuntimeError):  # RuntimeError: closed and deleted
            if box is not None and box.isVisible():
                return
        self._notes_error_box = self.show_error("The notes library", message)

    def _pen(self) -> str:
        """The colour to highlight with: the one used last, else the first."""
        keys = [color.key for color in self.notes.colors()]
        last = str(self._settings.value(PEN_KEY, "") or "")
        return last if last in keys else (keys[0] if keys else "yellow")

    def highlight_selection(self, color: str | None = None) -> Highlight | None:
        """Highlight the selected passage (in ``color``, else the colour used last)."""
        if self._article_id is None:
            if self.article is not None and not self.notes.available:
                self.statusBar().showMessage(
                    "Highlights cannot be kept: the notes library is unavailable.", 5000
                )
            return None
        found = self.view.selection_range()
        if found is None:
            self.statusBar().showMessage(
                "Select a passage first, then press Ctrl+H to highlight it.", 5000
            )
            return None
        color = color or self._pen()
        highlight = self.notes.add(self._article_id, found[0], found[1], color)
        if highlight is None:
            return None
        self._settings.setValue(PEN_KEY, color)
        cursor = self.view.textCursor()
        cursor.setPosition(cursor.selectionEnd())  # the highlight shows, not the selection
        self.view.setTextCursor(cursor)
        self.view.set_current_highlight(highlight.id)
        if self.notes_panel.isHidden():
            self.notes_panel.show()
        self.notes_panel.show_highlight(highlight.id)
        self.statusBar().showMessage(
            f"Highlighted as “{highlight.color_name}”. Ctrl+Shift+N writes a note on it; "
            "Ctrl+Z takes it back.",
            6000,
        )
        return highlight

    def _target_highlight(self) -> Highlight | None:
        """The highlight a command is for: the one at the caret when the page has the
        keyboard, else the one chosen in the notes panel."""
        if self.view.hasFocus() or self.notes_panel.current() is None:
            found = self.view.highlight_at_caret()
            if found is not None:
                return found
        return self.notes_panel.current()

    def edit_note(self) -> None:
        """Open the note editor for the highlight at the caret; a selection that is not
        highlighted yet is highlighted first."""
        if self._article_id is None:
            return
        highlight = None
        selected = self.view.selection_range() if self.view.hasFocus() else None
        if selected is not None:
            at = self.view.highlights.at(selected[0])
            same = at is not None and (at.start, at.end) == selected
            highlight = at if same else self.highlight_selection()
        if highlight is None:
            highlight = self._target_highlight()
        if highlight is None:
            self.statusBar().showMessage(
                "Put the caret in a highlight, or select a passage, to write a note.", 5000
            )
            return
        self.view.set_current_highlight(highlight.id)
        self.notes_panel.edit_highlight(highlight.id)

    def delete_highlight(self, highlight: Highlight | None = None) -> None:
        highlight = highlight or self._target_highlight()
        if highlight is None:
            self.statusBar().showMessage("There is no highlight at the caret.", 4000)
            return
        if self.notes.delete(highlight.id):
            self.statusBar().showMessage(
                f"Deleted the “{highlight.color_name}” highlight. Ctrl+Z brings it back.", 6000
            )

    def recolor_highlight(self, color: str, highlight: Highlight | None = None) -> None:
        highlight = highlight or self._target_highlight()
        if highlight is None:
            self.statusBar().showMessage("There is no highlight at the caret.", 4000)
            return
        if color != highlight.color:
            self.notes_panel.save()
            self.notes.recolor(highlight.id, color)
        self._settings.setValue(PEN_KEY, color)

    def undo(self) -> None:
        """Take back the last change to the reader's notes (Edit > Undo)."""
        self.notes_panel.save()
        self.claims_panel.save()
        undone = self.notes.undo()
        if undone is None:
            self.statusBar().showMessage("There is nothing to undo.", 4000)
            return
        where = ""
        if undone.article_id is not None and undone.article_id != self._article_id:
            where = " (in another article)"
        self.statusBar().showMessage(f"Undone: {undone.description}{where}.", 5000)
        if undone.highlight_id is not None and undone.article_id == self._article_id:
            restored = self.view.highlights.get(undone.highlight_id)
            if restored is not None:
                self.view.set_current_highlight(restored.id)
                self.notes_panel.show_highlight(restored.id)

    def _update_undo(self) -> None:
        label = self.notes.last_change() if self.notes.available else None
        self.undo_action.setEnabled(label is not None)
        self.undo_action.setText(f"&Undo {label.title()}" if label else "&Undo")

    def step_note(self, forward: bool) -> None:
        """Go to the next (or previous) highlight, wrapping at the ends."""
        if self.article is None or self._article_id is None:
            return
        if not self.view.highlights_visible():
            self.statusBar().showMessage(
                "Your highlights are hidden: tick Notes in the legend (Ctrl+9) to go through them.",
                4000,
            )
            return
        highlight = self._step_wrapping(
            self.view.step_highlight, self.view.highlights, forward, "highlight"
        )
        if highlight is None:
            self.statusBar().showMessage(
                "No highlights on the page yet: select a passage and press Ctrl+H.", 4000
            )
            return
        self.notes_panel.show_highlight(highlight.id)
        self.statusBar().showMessage(
            self.view.highlight_tooltip(highlight).replace("\n", " · "), 5000
        )

    def show_color_names(self) -> ColorNamesDialog | None:
        if not self.notes.available:
            return None
        dialog = ColorNamesDialog(self._formats, self.notes, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_library(self) -> LibraryDialog | None:
        """File > Library…: the articles, and a search through every note."""
        if not self.notes.available:
            self.show_error(
                "The notes library", self.notes.problem or "The library is unavailable."
            )
            return None
        if self._library_dialog is None:
            self._library_dialog = LibraryDialog(self.notes, self)
            self._library_dialog.open_requested.connect(self.open_from_library)
        dialog = self._library_dialog
        dialog.refresh()
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        dialog.focus_search()
        return dialog

    @Slot(int, object)
    def open_from_library(self, article_id: int, highlight_id: int | None = None) -> bool:
        """Open an article as the library keeps it, and go to one of its highlights."""
        article = self.notes.article(article_id)
        if article is None:
            self.show_error("Cannot open the article", "The library no longer has it.")
            return False
        self._cancel_opening()
        source: str | Path | None = None
        if article.source:
            source = article.source if is_url(article.source) else Path(article.source)
            if isinstance(source, Path) and not source.exists():
                source = None
        self.show_article(article, source)
        self._settle_now()  # its highlights are needed now
        if highlight_id is not None:
            found = next(
                (h for h in self.notes_panel.model.highlights() if h.id == highlight_id), None
            )
            if found is not None:
                if self.notes_panel.isHidden():
                    self.notes_panel.show()
                self.notes_panel.show_highlight(found.id)
                if found.attached:
                    self.view.show_highlight(found)
        return True

    @Slot(object)
    def _on_highlight_clicked(self, highlight: Highlight) -> None:
        self.notes_panel.show_highlight(highlight.id)

    @Slot(object)
    def _on_note_activated(self, highlight: Highlight) -> None:
        if highlight.attached:
            self.view.show_highlight(highlight)
        else:
            self.statusBar().showMessage(
                "This highlight is orphaned: its passage is no longer in the article. "
                "Its note and quote are kept.",
                6000,
            )

    @Slot(object)
    def _on_note_current(self, highlight: Highlight | None) -> None:
        self.view.set_current_highlight(None if highlight is None else highlight.id)

    @Slot(bool)
    def _on_notes_toggled(self, shown: bool) -> None:
        self.view.set_highlights_visible(shown)
        self._save_hidden()

    @Slot()
    def focus_notes(self) -> None:
        self.notes_panel.focus_list()

    def _fill_highlight_menu(self) -> None:
        menu = self.highlight_menu
        menu.clear()
        for color in self.notes.colors():
            action = menu.addAction(
                color_icon(self._formats.highlight_swatch(color.key)),
                color.name.replace("&", "&&"),
            )
            action.setObjectName(f"highlight_{color.key}")
            action.setStatusTip(f"Highlight the selection as “{color.name}” ({color.key})")
            action.triggered.connect(lambda _=False, key=color.key: self.highlight_selection(key))
        if menu.isEmpty():
            menu.addAction("No colours: the notes library is unavailable").setEnabled(False)

    def _fill_recolor_menu(self) -> None:
        menu = self.recolor_menu
        menu.clear()
        target = self._target_highlight() if self.article is not None else None
        for color in self.notes.colors():
            action = menu.addAction(
                color_icon(self._formats.highlight_swatch(color.key)),
                color.name.replace("&", "&&"),
            )
            action.setCheckable(True)
            action.setChecked(target is not None and target.color == color.key)
            action.setEnabled(target is not None)
            action.triggered.connect(lambda _=False, key=color.key: self.recolor_highlight(key))

    @Slot(QPoint)
    def _show_context_menu(self, point: QPoint) -> None:
        """The page's menu: Copy and Select All, then highlighting and the highlight
        under the pointer (its note, colour, deletion)."""
        view = self.view
        menu = view.createStandardContextMenu(point)
        menu.setObjectName("pageMenu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._fill_page_menu(menu, view.highlight_at(point))
        menu.popup(view.viewport().mapToGlobal(point))

    def _fill_page_menu(self, menu: QMenu, under: Highlight | None) -> None:
        if self._article_id is None:
            return
        menu.addSeparator()
        if self.view.selection_range() is not None:
            choose = menu.addMenu("&Highlight As")
            for color in self.notes.colors():
                action = choose.addAction(
                    color_icon(self._formats.highlight_swatch(color.key)),
                    color.name.replace("&", "&&"),
                )
                action.triggered.connect(
                    lambda _=False, key=color.key: self.highlight_selection(key)
                )
        if under is not None:
            edit = menu.addAction(f"Edit Note on “{under.color_name}” Highlight…")
            edit.triggered.connect(lambda: self._edit_note_of(under))
            recolor = menu.addMenu("&Colour")
            for color in self.notes.colors():
                action = recolor.addAction(
                    color_icon(self._formats.highlight_swatch(color.key)),
                    color.name.replace("&", "&&"),
                )
                action.setCheckable(True)
                action.setChecked(color.key == under.color)
                action.triggered.connect(
                    lambda _=False, key=color.key: self.recolor_highlight(key, under)
                )
            delete = menu.addAction("&Delete Highlight")
            delete.triggered.connect(lambda: self.delete_highlight(under))

    def _edit_note_of(self, highlight: Highlight) -> None:
        self.view.set_current_highlight(highlight.id)
        self.notes_panel.edit_highlight(highlight.id)

    # -- chapters --------------------------------------------------------------------

    @Slot(int)
    def go_to_offset(self, offset: int) -> None:
        """Show the paragraph at ``offset`` at the top of the page (a chapter's start)."""
        if self.article is None:
            return
        self.view.scroll_to_offset(offset)
        self.contents_panel.set_current_offset(offset)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def step_chapter(self, forward: bool) -> None:
        """Go to the next (or previous) entry of the contents."""
        article = self.article
        if article is None or not article.contents:
            return
        top = self.view.top_offset() or 0
        offsets = [entry.offset for entry in article.contents]
        if forward:
            later = [o for o in offsets if o > top]
            target = later[0] if later else None
        else:
            # The start of the chapter on the page if the reader is inside it, else the one before.
            earlier = [o for o in offsets if o < top]
            target = earlier[-1] if earlier else None
        if target is not None:
            self.go_to_offset(target)

    @Slot()
    def _on_scrolled(self) -> None:
        if self.article is not None and self.article.contents:
            top = self.view.top_offset()
            self.contents_panel.set_current_offset(top or 0)

    @Slot()
    def focus_contents(self) -> None:
        if self.article is not None and self.article.contents:
            self.contents_panel.focus_list()

    @Slot()
    def focus_panel(self) -> None:
        self.panel.focus_list()

    @Slot()
    def focus_text(self) -> None:
        if self._pages.currentWidget() is self.view:
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- export --------------------------------------------------------------------

    def export_dialog(self, formats: tuple[Format, ...]) -> None:
        """File > Export: ask where, then ``export_to``."""
        article = self.article
        if article is None or self._article_id is None:
            return
        folder = str(self._settings.value(EXPORT_DIR_KEY, "") or "")
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        suggested = str(Path(folder) / f"{safe_stem(article.title)}.md")
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Export as Markdown", suggested, "Markdown (*.md);;All files (*)"
        )
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".md")
        self._settings.setValue(EXPORT_DIR_KEY, str(path.parent))
        self.export_to(path, formats)

    def export_to(self, path: Path, formats: tuple[Format, ...] = ("md",)) -> bool:
        """Write the article on the page, with the reader's highlights and what was
        found in it, to ``path`` (the ``.jsonld`` beside it when asked for)."""
        if self.article is None or self._article_id is None:
            return False
        try:
            written = self.notes.export(
                self._article_id, self.annotations, path, formats, article=self.article
            )
        except ExportError as error:
            self.show_error("Cannot export the article", str(error))
            return False
        if not written:  # the library reported its trouble itself
            return False
        names = " and ".join(f"“{item.path.name}”" for item in written)
        self.statusBar().showMessage(f"Exported to {names} in {written[0].path.parent}.", 8000)
        return True

    # -- dialogs -------------------------------------------------------------------

    def show_error(self, title: str, text: str) -> QMessageBox:
        """A window-modal message that does not block the event loop."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorMessage")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    @Slot()
    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.windowIcon(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # -- events --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._warmed:
            self._warmed = True
            self._service.warm_up()  # so the first article is quick
            if self._request == 0 and not self._service.ready and self.article is None:
                self._set_status(LOADING_MESSAGE, busy=True)
            warnings = self.notes.warnings()
            if warnings:
                # What happened to the library on opening (a damaged file set aside, a
                # newer file refused): said once, in a message that does not block.
                self.statusBar().showMessage(warnings[0], 15000)
                self.show_error("The notes library", "\n\n".join(warnings))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange and self._fixed_theme is None:
            theme = theme_for(QGuiApplication.palette())
            if theme != self._formats.theme:
                self._formats = Formats(self._palette, theme)
                self.view.set_formats(self._formats)
                self.panel.set_formats(self._formats)
                self.quotes_panel.set_formats(self._formats)
                self.notes_panel.set_formats(self._formats)
                self.legend.set_formats(self._formats)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_source(event.mimeData().urls()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        source = _dropped_source(event.mimeData().urls())
        if source is not None:
            event.acceptProposedAction()
            self.open_source(source)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.notes_panel.save()  # a note being typed is kept
        self.claims_panel.save()
        if self._definitions is not None:
            self._definitions.shutdown()
        if self._remember_layout:
            self._settings.setValue("window/geometry", self.saveGeometry())
            self._settings.setValue("window/state", self.saveState())
            self._settings.sync()
        if self._request and self._service.current == self._request:
            self._service.cancel()
        self._request = 0
        self._cancel_opening()
        for signal, slot in (
            (self._service.progress, self._on_progress),
            (self._service.finished, self._on_finished),
            (self._service.failed, self._on_failed),
            (self._service.model_ready, self._on_model_ready),
            (self.notes.changed, self._on_notes_changed),
            (self.notes.failed, self._on_notes_failed),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)
        super().closeEvent(event)

    def restore_layout(self) -> None:
        """Put the window back where the reader left it."""
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self._settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        # The contents panel belongs to the article on the page, not to the last session.
        self.contents_panel.setVisible(self.article is not None and bool(self.article.contents))


def _out_of_full_collections() -> None:
    """Keep every object alive now out of the garbage collector's full passes.

    A 100,000-word article and its annotations are hundreds of thousands of objects
    that live as long as the article is open. A full pass walks them all, holding the
    window for 100 ms and more, whenever building the page, the panels or the
    highlights allocates enough to start one. Frozen objects are still freed by
    reference counting when the reader moves on (articles and annotations hold no
    reference cycles); only cyclic garbage alive at this moment is never collected.
    """
    gc.freeze()


def _summary(annotations: Annotations) -> str:
    """The status bar's word on what was found: "19 entities (29 mentions), 5 quotes,
    9 claims (5 underlined)."."""
    entities = len(annotations.entities)
    mentions = sum(len(e.mentions) for e in annotations.entities)
    quotes = len(annotations.quotes)
    claims = len(annotations.claims)
    underlined = sum(1 for claim in annotations.claims if is_underlined(claim))
    if not entities and not quotes and not claims:
        return "No names, places, dates, quotes or claims found."
    found = []
    if entities:
        found.append(
            f"{entities} {'entity' if entities == 1 else 'entities'} "
            f"({mentions} {'mention' if mentions == 1 else 'mentions'})"
        )
    found.append(f"{quotes} {'quote' if quotes == 1 else 'quotes'}")
    if claims:
        found.append(f"{claims} {'claim' if claims == 1 else 'claims'} ({underlined} underlined)")
    steps = (("F8", entities), ("F9", quotes), ("F6", underlined))
    keys = ", ".join(key for key, shown in steps if shown)
    keys = " or ".join(keys.rsplit(", ", 1))
    return f"{', '.join(found)}. Click a highlight, or press {keys} to go from one to the next."


def _sentence_at(article: Article, start: int, end: int) -> str:
    """The sentence around ``start``–``end`` (cut at full stops within its paragraph)."""
    paragraph = article.paragraphs[article.paragraph_index(start)]
    first, last = paragraph.start, paragraph.end
    for match in _SENTENCE_END.finditer(article.text, paragraph.start, paragraph.end):
        if match.end() <= start:
            first = match.end()
        elif match.start() >= end:
            last = match.start() + 1
            break
    return article.text[first:last]


def _reattached(remembered: RememberedArticle) -> str:
    """What the status bar says about the notes of an article opened again."""
    count = remembered.reattached
    orphaned = remembered.orphaned
    parts = []
    if remembered.changed and count:
        parts.append(
            f"The article changed since you last opened it: {count} "
            f"{'highlight was' if count == 1 else 'highlights were'} placed in the new text."
        )
    if orphaned:
        parts.append(
            f"{orphaned} {'highlight' if orphaned == 1 else 'highlights'} could not be placed "
            f"and {'is' if orphaned == 1 else 'are'} kept as orphaned in the Notes panel."
        )
    return " ".join(parts)


def _dropped_source(urls: list[QUrl]) -> Path | str | None:
    """A dropped file, else a dropped web address (a link dragged from a browser)."""
    for url in urls:
        if url.isLocalFile():
            return Path(url.toLocalFile())
    for url in urls:
        if url.scheme() in ("http", "https", LINK_SCHEME):
            return url.toString()
    return None


def is_marginalia_link(text: str) -> bool:
    """Whether ``text`` is a ``marginalia://`` link (well formed or not)."""
    return text.strip().lower().startswith(f"{LINK_SCHEME}://")


def _as_url(text: str) -> str:
    """A web address from what the reader typed ("example.org/a" gets https://), or ""."""
    text = text.strip()
    if not text or any(c.isspace() for c in text):
        return ""
    if not is_url(text):
        if "://" in text or "." not in text.split("/")[0]:
            return ""
        text = "https://" + text
    return text if _host(text) else ""


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def _label(source: str) -> str:
    """How Open Recent names a source: a file's name, a web page's address."""
    if is_url(source):
        parts = urlsplit(source)
        label = (parts.hostname or "") + parts.path.rstrip("/")
        return label if len(label) <= 60 else label[:59] + "…"
    return Path(source).name


def _available(source: str) -> bool:
    return is_url(source) or Path(source).exists()
