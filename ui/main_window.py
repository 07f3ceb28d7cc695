"""The main window: the page, the legend, the side panel, menus and shortcuts.

The window asks ``reader`` to import an article, shows its text at once, and asks the
``AnnotationService`` (passed in, like the settings) for the highlights, which it
adds when they arrive.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSettings, Qt, QUrl, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reader import __version__
from reader.annotations import Annotations, Entity, Mention
from reader.article import Article
from reader.importers import SUPPORTED_SUFFIXES, ImportFailure, load_article
from reader.paths import sample_article
from ui.article_view import ArticleView, Located
from ui.formats import Formats
from ui.legend import Legend
from ui.palette import Palette, Theme, load_palette, theme_for
from ui.side_panel import SidePanel
from ui.workers import LOADING_MESSAGE, AnnotationService

MAX_RECENT = 10
RECENT_KEY = "recent/files"
HIDDEN_KEY = "highlights/hidden"
FILE_FILTER = (
    "Articles (" + " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES) + ");;All files (*)"
)


class MainWindow(QMainWindow):
    """One article at a time, with its highlights and entity panel."""

    # Emitted once the highlights of the article on the page are shown.
    annotations_shown = Signal(object)  # Annotations
    # Emitted when annotating the article on the page failed (message).
    annotation_failed = Signal(str)

    def __init__(
        self,
        service: AnnotationService,
        settings: QSettings,
        palette: Palette | None = None,
        theme: Theme | None = None,
        remember_layout: bool = True,
        parent: QWidget | None = None,
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
        self._path: Path | None = None
        self._missing_reported = False
        self._warmed = False
        self._awaiting_highlights = False
        self._remember_layout = remember_layout

        self.view = ArticleView(self._formats)
        self.view.mention_clicked.connect(self._on_mention_clicked)
        self.view.highlights_applied.connect(self._on_highlights_applied)
        self.welcome = self._build_welcome()
        self._pages = QStackedWidget()
        self._pages.addWidget(self.welcome)
        self._pages.addWidget(self.view)
        self.setCentralWidget(self._pages)

        self.legend = Legend(self._formats, self)
        self.legend.toggled.connect(self._on_category_toggled)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.legend)

        self.panel = SidePanel(self._formats, self)
        self.panel.entity_selected.connect(self._on_entity_selected)
        self.panel.mention_activated.connect(self._on_mention_activated)
        self.panel.escape_pressed.connect(self.focus_text)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.resizeDocks([self.panel], [340], Qt.Orientation.Horizontal)

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

        service.progress.connect(self._on_progress)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)
        service.model_ready.connect(self._on_model_ready)
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
            "mention in its sentence.<br><br>Open a file with <b>Ctrl+O</b>, drop one "
            "on this window, or start with the sample article."
        )
        text.setObjectName("welcomeText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        text.setFixedWidth(460)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        open_button = QPushButton("Open Article…")
        open_button.clicked.connect(self.open_dialog)
        self._sample_button = QPushButton("Open Sample Article")
        self._sample_button.clicked.connect(self.open_sample)
        self._reopen_button = QPushButton()
        self._reopen_button.clicked.connect(self._reopen_last)
        for button in (open_button, self._sample_button, self._reopen_button):
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
            "&Open…", self.open_dialog, QKeySequence.StandardKey.Open, "Open an article file"
        )
        self.sample_action = self._action(
            "Open &Sample Article",
            self.open_sample,
            tip="Open the article that comes with Marginalia",
        )
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
        self.focus_panel_action = self._action(
            "Go to &Entities Panel",
            self.focus_panel,
            "Ctrl+Shift+E",
            "Move the keyboard focus to the entities panel (Escape comes back)",
        )
        self.focus_text_action = self._action(
            "Go to &Article Text",
            self.focus_text,
            "Ctrl+Shift+A",
            "Move the keyboard focus to the article",
        )
        self.about_action = self._action("&About Marginalia", self.show_about)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.panel_action = self.panel.toggleViewAction()
        self.panel_action.setText("Entities &Panel")
        self.legend_action = self.legend.toggleViewAction()
        self.legend_action.setText("&Legend Bar")
        for number, action in enumerate(self.legend.category_actions.values(), start=1):
            action.setShortcut(QKeySequence(f"Ctrl+{number}"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addMenu(self.recent_menu)
        file_menu.addAction(self.sample_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        file_menu.aboutToShow.connect(self._update_enabled)

        view_menu = bar.addMenu("&View")
        highlights = view_menu.addMenu("&Highlights")
        for action in self.legend.category_actions.values():
            highlights.addAction(action)
        view_menu.addAction(self.legend_action)
        view_menu.addAction(self.panel_action)
        view_menu.addSeparator()
        view_menu.addAction(self.next_action)
        view_menu.addAction(self.previous_action)
        view_menu.addSeparator()
        view_menu.addAction(self.focus_panel_action)
        view_menu.addAction(self.focus_text_action)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.about_action)
        self._fill_recent_menu()

    # -- opening -----------------------------------------------------------------

    @property
    def article(self) -> Article | None:
        return self.view.article

    @property
    def annotations(self) -> Annotations | None:
        return self.view.annotations

    def open_path(self, path: str | Path) -> bool:
        """Open an article; on failure say why and keep what is on the page."""
        path = Path(path)
        try:
            article = load_article(path)
        except ImportFailure as error:
            self.show_error(f"Cannot open “{path.name}”", str(error))
            return False
        self.show_article(article, path)
        return True

    def show_article(self, article: Article, path: Path | None = None) -> None:
        self._path = path
        self._awaiting_highlights = False
        self.view.set_article(article)
        self._pages.setCurrentWidget(self.view)
        self.view.setFocus()
        self.setWindowTitle(f"{article.display_title} — Marginalia")
        self.panel.set_article(article)
        self.legend.set_counts(None)
        self._request = self._service.request(article)
        self._set_status("Finding names, places and dates…", busy=True)
        if path is not None:
            self._remember(path)
        self._update_enabled()

    @Slot()
    def open_dialog(self) -> None:
        start = str(self._path.parent) if self._path else ""
        dialog = QFileDialog(self, "Open Article", start, FILE_FILTER)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.open_path)
        dialog.open()

    @Slot()
    def open_sample(self) -> None:
        self.open_path(sample_article())

    @Slot()
    def _reopen_last(self) -> None:
        recent = self.recent_files()
        if recent:
            self.open_path(recent[0])

    # -- recent files ------------------------------------------------------------

    def _settings_list(self, key: str) -> list[str]:
        value = self._settings.value(key, [])
        if isinstance(value, str):  # QSettings gives a one-item list back as a string
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def recent_files(self) -> list[str]:
        return self._settings_list(RECENT_KEY)

    def _remember(self, path: Path) -> None:
        name = str(path.resolve())
        recent = [name, *(p for p in self.recent_files() if p != name)][:MAX_RECENT]
        self._settings.setValue(RECENT_KEY, recent)
        self._settings.sync()

    @Slot()
    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.recent_files()
        for number, name in enumerate(recent, start=1):
            path = Path(name)
            prefix = f"&{number} " if number < 10 else ""
            action = menu.addAction(f"{prefix}{path.name}")
            action.setToolTip(name)
            action.setStatusTip(name)
            action.setEnabled(path.exists())
            action.triggered.connect(lambda _=False, p=name: self.open_path(p))
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
        recent = [p for p in self.recent_files() if Path(p).exists()]
        self._reopen_button.setVisible(bool(recent))
        if recent:
            self._reopen_button.setText(f"Reopen “{Path(recent[0]).name}”")
        has_article = self.article is not None
        for action in (self.next_action, self.previous_action):
            action.setEnabled(has_article)

    # -- annotation results ------------------------------------------------------

    @Slot(int, float, str)
    def _on_progress(self, request_id: int, fraction: float, message: str) -> None:
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
        self.panel.set_annotations(annotations)
        counts: dict[str, int] = {}
        for entity in annotations.entities:
            key = self._palette.category_for_label(entity.label).key
            counts[key] = counts.get(key, 0) + 1
        self.legend.set_counts(counts)
        entities = len(annotations.entities)
        mentions = sum(len(e.mentions) for e in annotations.entities)
        if entities:
            self._set_status(
                f"{entities} {'entity' if entities == 1 else 'entities'}, "
                f"{mentions} {'mention' if mentions == 1 else 'mentions'}. "
                "Click a highlight, or press F8 to go from one to the next."
            )
        else:
            self._set_status("No names, places or dates found.")
        # Last: for an ordinary article the highlights are in when this returns, and
        # annotations_shown has been emitted.
        self._awaiting_highlights = True
        self.view.set_annotations(annotations)

    @Slot()
    def _on_highlights_applied(self) -> None:
        if self._awaiting_highlights and self.annotations is not None:
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
            if not self._missing_reported:
                self._missing_reported = True
                self.show_error("The language model is missing", message)
        else:
            self._set_status("Highlights are unavailable for this article.")
            self.panel.set_message(message)
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
        self.select_entity(located.entity, located.mention)

    @Slot(object)
    def _on_entity_selected(self, entity: Entity | None) -> None:
        self.view.select_entity(entity)

    @Slot(object)
    def _on_mention_activated(self, mention: Mention) -> None:
        self.view.show_mention(mention)

    @Slot(str, bool)
    def _on_category_toggled(self, key: str, shown: bool) -> None:
        self.view.set_category_visible(key, shown)
        hidden = [k for k, action in self.legend.category_actions.items() if not action.isChecked()]
        self._settings.setValue(HIDDEN_KEY, hidden)

    def step(self, forward: bool) -> None:
        """Go to the next (or previous) visible mention, wrapping at the ends."""
        if self.article is None:
            return
        located = self.view.step(forward)
        if located is None and self.view.mentions:
            cursor = self.view.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start if forward else cursor.MoveOperation.End)
            self.view.setTextCursor(cursor)
            located = self.view.step(forward)
            if located is not None:
                where = "first" if forward else "last"
                self.statusBar().showMessage(f"Back to the {where} mention.", 3000)
        if located is not None:
            self.select_entity(located.entity, located.mention)

    @Slot()
    def focus_panel(self) -> None:
        self.panel.focus_list()

    @Slot()
    def focus_text(self) -> None:
        if self._pages.currentWidget() is self.view:
            self.view.setFocus(Qt.FocusReason.ShortcutFocusReason)

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
    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("aboutMessage")
        box.setWindowTitle("About Marginalia")
        box.setIconPixmap(self.windowIcon().pixmap(64))
        box.setText(f"<b>Marginalia {html.escape(__version__)}</b>")
        box.setInformativeText(
            "A reader for news and long-form articles that colour-codes who and what an "
            "article mentions. Entity colours are based on the Okabe–Ito palette, chosen to "
            "stay apart for colour-blind readers."
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- events --------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._warmed:
            self._warmed = True
            self._service.warm_up()  # so the first article is quick
            if self._request == 0 and not self._service.ready and self.article is None:
                self._set_status(LOADING_MESSAGE, busy=True)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ApplicationPaletteChange and self._fixed_theme is None:
            theme = theme_for(QGuiApplication.palette())
            if theme != self._formats.theme:
                self._formats = Formats(self._palette, theme)
                self.view.set_formats(self._formats)
                self.panel.set_formats(self._formats)
                self.legend.set_formats(self._formats)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _dropped_file(event.mimeData().urls()) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        path = _dropped_file(event.mimeData().urls())
        if path is not None:
            event.acceptProposedAction()
            self.open_path(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._remember_layout:
            self._settings.setValue("window/geometry", self.saveGeometry())
            self._settings.setValue("window/state", self.saveState())
            self._settings.sync()
        if self._request and self._service.current == self._request:
            self._service.cancel()
        self._request = 0
        for signal, slot in (
            (self._service.progress, self._on_progress),
            (self._service.finished, self._on_finished),
            (self._service.failed, self._on_failed),
            (self._service.model_ready, self._on_model_ready),
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


def _dropped_file(urls: list[QUrl]) -> Path | None:
    for url in urls:
        if url.isLocalFile():
            return Path(url.toLocalFile())
    return None
