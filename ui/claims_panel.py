"""The "Claims to check" panel: a checklist of the article's claims and the reader's
verdicts on them.

A dock widget whose contents are built the first time it is shown. The list is a Qt
model (``ClaimListModel``): every claim the pipeline found, in text order, with its
words, why it is a claim, its score and the reader's verdict (``ui.claim_words``
words them); ``ClaimFilter`` narrows it to the unchecked ones or one verdict.
Choosing a row takes the page there.

Below the list, the chosen claim's verdict (open, checked, true, false, unclear; also
in the list's right-click menu) and the reader's note on it, saved when the reader
leaves the box or presses Ctrl+Enter. Everything is kept through the ``NotesService``;
the window hands the panel the verdicts again after every change (and after Undo).
Without the library (or for an article it does not keep) the list is read-only and
says why.
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
    QPoint,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QIcon,
    QKeySequence,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFormLayout,
    QListView,
    QMenu,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from reader.annotations import Claim
from reader.article import Article
from reader.store import CLAIM_STATES, ClaimCheck, ClaimState
from ui import claim_words
from ui.claim_words import VERDICT_HINTS, VERDICTS
from ui.formats import CLAIM_UNDERLINE_SCORE, is_underlined
from ui.lazy_dock import LazyDock, summary_page
from ui.notes_service import NotesService
from ui.panel_helpers import excerpt, plural, refilter, show_row

CLAIM_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_ROLE = Qt.ItemDataRole.UserRole + 2  # the reader's verdict: "open" if none

# How much of a claim a row shows.
_WORDS = 18
# The box before each row, one mark per verdict, so the verdict is not told by
# colour alone: empty, a dot, a tick, a cross, a question mark.
_MARKS: dict[ClaimState, str] = {
    "open": "",
    "checked": "•",
    "true": "✓",
    "false": "✗",
    "unclear": "?",
}

AnyIndex = QModelIndex | QPersistentModelIndex


def verdict_icon(state: ClaimState, ink: QColor, size: int = 16) -> QIcon:
    """A checklist box with the verdict's mark in it (empty while open)."""
    ratio = 2.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    box = QRectF(1.5, 1.5, size - 3, size - 3)
    painter.setPen(QPen(ink, 1.3))
    painter.drawRoundedRect(box, 2.5, 2.5)
    mark = _MARKS[state]
    if mark:
        font = QFont()
        font.setPixelSize(int(size * 0.8))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), mark)
    painter.end()
    return QIcon(pixmap)


class ClaimListModel(QAbstractListModel):
    """The article's claims in text order, with the reader's verdicts."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._article: Article | None = None
        self._rows: list[Claim] = []
        self._checks: dict[tuple[int, int], ClaimCheck] = {}
        # The verdicts' boxes, drawn in the panel's text colour (by state and colour,
        # so a change of theme draws them anew).
        self._icons: dict[tuple[ClaimState, str], QIcon] = {}

    def set_claims(self, article: Article | None, claims: tuple[Claim, ...] | list[Claim]) -> None:
        self.beginResetModel()
        self._article = article
        self._rows = sorted(claims, key=lambda claim: (claim.start, claim.end))
        self._checks = {}
        self.endResetModel()

    def set_checks(self, checks: dict[tuple[int, int], ClaimCheck]) -> None:
        """The reader's verdicts, by the claim's (start, end); the rows stay."""
        had_checks = bool(self._checks)
        self._checks = dict(checks)
        # No verdicts before or after (a new article's usual case): no row changes, and
        # the filter need not look at a long book's thousands of rows again.
        if self._rows and (had_checks or self._checks):
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def claims(self) -> list[Claim]:
        return list(self._rows)

    def state(self, claim: Claim) -> ClaimState:
        check = self._checks.get((claim.start, claim.end))
        return "open" if check is None else check.state

    def note(self, claim: Claim) -> str:
        check = self._checks.get((claim.start, claim.end))
        return "" if check is None else check.note

    def row_of(self, claim: Claim) -> int:
        for row, found in enumerate(self._rows):
            if (found.start, found.end) == (claim.start, claim.end):
                return row
        return -1

    def paragraph(self, claim: Claim) -> int:
        return 0 if self._article is None else self._article.paragraph_index(claim.start) + 1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def icon(self, state: ClaimState) -> QIcon:
        ink = QGuiApplication.palette().color(QPalette.ColorRole.Text)
        key = (state, ink.name())
        icon = self._icons.get(key)
        if icon is None:
            icon = self._icons[key] = verdict_icon(state, ink)
        return icon

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        claim = self._rows[index.row()]
        state = self.state(claim)
        if role == Qt.ItemDataRole.DisplayRole:
            details = f"{VERDICTS[state]} · {claim_words.reasons(claim)} · {claim.score:.2f}"
            return f"“{excerpt(claim.text, _WORDS)}”\n{details} · ¶ {self.paragraph(claim)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return (
                f"{VERDICTS[state]} ({VERDICT_HINTS[state]}): “{claim.text}”. "
                f"Why: {claim_words.reasons(claim)}; {claim_words.score(claim)}."
            )
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [claim_words.describe(claim, state)]
            if not is_underlined(claim):
                lines.append(
                    f"Not underlined on the page (it scores under {CLAIM_UNDERLINE_SCORE:.1f})."
                )
            note = self.note(claim).strip()
            if note:
                lines.append(f"Note: {excerpt(note, 40)}")
            lines.append(f"Paragraph {self.paragraph(claim)}. Click to go there.")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.icon(state)
        if role == CLAIM_ROLE:
            return claim
        if role == STATE_ROLE:
            return state
        return None


class ClaimFilter(QSortFilterProxyModel):
    """The claims with one verdict ("open": the unchecked ones), or all ("")."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._state = ""

    def state(self) -> str:
        return self._state

    def set_state(self, state: str) -> None:
        self._state = state
        refilter(self)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._state:  # all claims: thousands of rows in a long book, so no look-ups
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return bool(index.data(STATE_ROLE) == self._state)


class _WrappingDelegate(QStyledItemDelegate):
    """The platform's row, with its text wrapped to the list's width."""

    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        wrapped = QStyleOptionViewItem(option)
        wrapped.rect.setWidth(max(self._view.viewport().width(), 100))
        size = super().sizeHint(wrapped, index)
        return QSize(size.width(), size.height() + 8)


class ClaimsPanel(LazyDock):
    """The checklist of the article's claims, and the chosen claim's verdict and note."""

    # The reader chose a claim to go to (click, Enter).
    claim_activated = Signal(object)  # Claim
    escape_pressed = Signal()
    # Something to say in the status bar ("Verdict kept. Ctrl+Z takes it back.").
    message = Signal(str)

    def __init__(self, notes: NotesService, parent: QWidget | None = None):
        super().__init__("Claims to check", parent)
        self.setObjectName("claimsPanel")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self._notes = notes
        self._article: Article | None = None
        self._article_id: int | None = None
        self._found = False  # whether the article's claims have arrived
        self._message = ""  # why they will not, when they will not
        self._current: Claim | None = None
        self._loading = False
        self._shown_note = ""  # the note as last loaded or saved
        self.model = ClaimListModel(self)
        self.filter = ClaimFilter(self)
        self.filter.setSourceModel(self.model)
        self.setWidget(QWidget())  # the real contents come on first show

    # -- state (kept whether or not the contents exist yet) ------------------------

    def set_article(self, article: Article | None) -> None:
        """A new article (or none): its claims follow with ``set_claims``, its place in
        the library with ``set_article_id``."""
        self.save()
        self._article = article
        self._article_id = None
        self._found = False
        self._message = ""
        self._current = None
        self.model.set_claims(None, [])
        self._refresh()
        self._load_editor()

    def set_article_id(self, article_id: int | None) -> None:
        """The article's id in the library (None: not kept there, so read-only); the
        verdicts follow with ``set_checks``."""
        self._article_id = article_id
        self._refresh()
        self._load_editor()

    def set_message(self, message: str) -> None:
        """Why the article's claims will not come (the language model is missing ...)."""
        self._message = message
        self._refresh()

    def set_claims(
        self, claims: tuple[Claim, ...], checks: dict[tuple[int, int], ClaimCheck]
    ) -> None:
        """The article's claims, as found, and the reader's verdicts on them."""
        self._found = True
        self._current = None
        self.model.set_claims(self._article, claims)
        self.model.set_checks(checks)
        self._refresh()
        self._load_editor()

    def set_checks(self, checks: dict[tuple[int, int], ClaimCheck]) -> None:
        """The reader's verdicts again, after a change; the chosen claim stays."""
        self.model.set_checks(checks)
        self._refresh()
        if self._built:
            self._select_row(self._current)
            self._load_editor(keep_typing=True)

    def editable(self) -> bool:
        return self._article_id is not None and self._notes.available

    def current(self) -> Claim | None:
        return self._current

    def show_claim(self, claim: Claim) -> None:
        """Make a claim the chosen one (the page went there); no signal back."""
        if claim == self._current:
            return
        self.save()
        self._current = claim if self.model.row_of(claim) >= 0 else None
        if self._built:
            if self._current is not None and not self.filter.filterAcceptsRow(
                self.model.row_of(self._current), QModelIndex()
            ):
                self.set_filter("")
            self._select_row(self._current)
            self._load_editor()

    def focus_list(self) -> None:
        """Put the keyboard focus in the list (builds the panel if needed)."""
        self.show()
        self.raise_()
        self._ensure_built()
        self._list.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self._list.currentIndex().isValid() and self.filter.rowCount() > 0:
            self._list.setCurrentIndex(self.filter.index(0, 0))

    def set_filter(self, state: str) -> None:
        """Show the claims with one verdict ("open": unchecked only), or all ("")."""
        self._ensure_built()
        self._filter.setCurrentIndex(max(self._filter.findData(state), 0))

    def set_verdict(self, state: ClaimState, claim: Claim | None = None) -> ClaimCheck | None:
        """Keep the reader's verdict on a claim (the chosen one by default), with the
        note being typed."""
        claim = claim or self._current
        if claim is None or not self.editable() or self._article_id is None:
            return None
        note = self._note.toPlainText() if self._built and claim == self._current else None
        if note is not None:
            self._shown_note = note
        check = self._notes.check_claim(self._article_id, claim, state, note)
        if check is not None:
            self.message.emit(
                f"Claim marked “{VERDICTS[state]}”. Edit > Undo (Ctrl+Z) takes it back."
            )
        return check

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        page, layout, self._summary = summary_page()
        layout.addWidget(self._summary)

        self._filter = QComboBox()
        self._filter.setObjectName("claimFilter")
        self._filter.setToolTip("Show only the claims you have not checked, or one verdict")
        self._filter.addItem("All claims", "")
        self._filter.addItem("Unchecked only", "open")
        for state in CLAIM_STATES[1:]:
            self._filter.addItem(f"Only “{VERDICTS[state]}”", state)
        self._filter.currentIndexChanged.connect(self._on_filter)
        layout.addWidget(self._filter)

        view = QListView()
        view.setObjectName("claimList")
        view.setModel(self.filter)
        view.setWordWrap(True)
        view.setUniformItemSizes(False)
        view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        # A long book has thousands of claims, each row wrapped to measure it (up to a
        # millisecond on a busy machine): they are laid out in batches between events,
        # so the window keeps answering.
        view.setLayoutMode(QListView.LayoutMode.Batched)
        view.setBatchSize(20)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setFrameShape(QListView.Shape.NoFrame)
        view.setIconSize(QSize(16, 16))
        view.setItemDelegate(_WrappingDelegate(view))
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._show_menu)
        view.clicked.connect(self._on_activated)
        view.activated.connect(self._on_activated)
        view.selectionModel().currentChanged.connect(self._on_current_row)
        view.installEventFilter(self)
        self._list = view
        layout.addWidget(view, 1)

        editor = QWidget()
        editor.setObjectName("claimEditor")
        form = QFormLayout(editor)
        form.setContentsMargins(0, 4, 0, 0)
        form.setSpacing(4)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._verdict = QComboBox()
        self._verdict.setObjectName("claimVerdict")
        self._verdict.setToolTip("Your verdict on the claim")
        for state in CLAIM_STATES:
            self._verdict.addItem(
                self.model.icon(state), f"{VERDICTS[state]} — {VERDICT_HINTS[state]}", state
            )
        self._verdict.activated.connect(self._on_verdict)
        form.addRow("Verdict", self._verdict)  # no mnemonic: Alt+V is the View menu
        self._note = QPlainTextEdit()
        self._note.setObjectName("claimNote")
        self._note.setTabChangesFocus(True)
        self._note.setToolTip("Saved when you leave the note, or with Ctrl+Enter")
        # Three lines: the list above needs the room more (a longer note scrolls).
        self._note.setFixedHeight(3 * self._note.fontMetrics().lineSpacing() + 12)
        self._note.installEventFilter(self)
        form.addRow(self._note)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            save = QShortcut(QKeySequence(keys), editor)
            save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            save.activated.connect(self.save)
        self._editor = editor
        layout.addWidget(editor)

        old = self.widget()
        self.setWidget(page)
        if old is not None:
            old.deleteLater()
        self._refresh()
        self._select_row(self._current)
        self._load_editor()

    # -- the chosen claim ------------------------------------------------------------

    def _select_row(self, claim: Claim | None) -> None:
        self._loading = True
        try:
            row = -1 if claim is None else self.model.row_of(claim)
            show_row(self._list, self.filter, self.model, row)
        finally:
            self._loading = False

    def _load_editor(self, keep_typing: bool = False) -> None:
        """Show the chosen claim in the editor; with ``keep_typing``, what the reader
        has typed and not saved yet stays."""
        if not self._built:
            return
        claim = self._current
        self._editor.setEnabled(claim is not None and self.editable())
        if claim is None:
            self._note.setPlaceholderText("Choose a claim to give your verdict and write a note.")
            self._note.setPlainText("")
            self._shown_note = ""
            return
        self._note.setPlaceholderText(
            "A note on this claim: your source, what you found (saved when you leave the "
            "box, or with Ctrl+Enter)"
        )
        note = self.model.note(claim)
        if not (keep_typing and self._dirty()):
            self._note.setPlainText(note)
        self._shown_note = note
        self._verdict.setCurrentIndex(max(self._verdict.findData(self.model.state(claim)), 0))

    def _dirty(self) -> bool:
        if not self._built or self._current is None:
            return False
        return self._note.toPlainText() != self._shown_note

    def save(self) -> None:
        """Write the note being typed, if it changed (one library change)."""
        if not self._dirty() or self._current is None:
            return
        self.set_verdict(self.model.state(self._current))

    def _on_verdict(self, _index: int) -> None:
        state = self._verdict.currentData()
        if self._current is not None and state != self.model.state(self._current):
            self.set_verdict(state)

    def _on_filter(self, _index: int) -> None:
        self.filter.set_state(self._filter.currentData() or "")
        self._refresh()
        self._select_row(self._current)

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._loading:
            return
        claim = current.data(CLAIM_ROLE) if current.isValid() else None
        if claim == self._current:
            return
        self.save()
        self._current = claim
        self._load_editor()

    def _on_activated(self, index: QModelIndex) -> None:
        claim = index.data(CLAIM_ROLE)
        if claim is None:
            return
        if claim != self._current:
            self._on_current_row(index, QModelIndex())
        self.claim_activated.emit(claim)

    def _show_menu(self, point: QPoint) -> None:
        index = self._list.indexAt(point)
        if not index.isValid():  # the menu key: the chosen row
            index = self._list.currentIndex()
            point = self._list.visualRect(index).center()
        claim = index.data(CLAIM_ROLE) if index.isValid() else None
        if claim is None:
            return
        self._on_current_row(index, QModelIndex())
        menu = QMenu(self._list)
        current = self.model.state(claim)
        for state in CLAIM_STATES:
            action = menu.addAction(self.model.icon(state), f"Mark as {VERDICTS[state]}")
            action.setCheckable(True)
            action.setChecked(state == current)
            action.setEnabled(self.editable())
            action.triggered.connect(lambda _=False, s=state, c=claim: self.set_verdict(s, c))
        menu.addSeparator()
        menu.addAction("Go to the Claim", lambda: self.claim_activated.emit(claim))
        menu.popup(self._list.viewport().mapToGlobal(point))

    def _refresh(self) -> None:
        if not self._built:
            return
        claims = self.model.claims()
        if self._article is None:
            text = "Open an article to see the claims worth checking."
        elif not self._found:
            text = html.escape(self._message) or "Finding claims…"
        elif not claims:
            text = "The article makes no claim worth checking."
        else:
            states = [self.model.state(claim) for claim in claims]
            underlined = sum(1 for claim in claims if is_underlined(claim))
            unchecked = states.count("open")
            text = (
                f"<b>{plural(len(claims), 'claim')}</b>, {unchecked} unchecked · "
                f"{underlined} underlined on the page (F6 goes through them)"
            )
            shown = self.filter.rowCount()
            if shown != len(claims):
                text += f" · {shown} shown" if shown else " · none match the filter"
            text += "."
            if not self.editable():
                why = (
                    "the notes library could not be opened"
                    if not self._notes.available
                    else "the article is not in the library"
                )
                text += f"<br>Read-only: {html.escape(self._notes.problem or why)}."
        self._summary.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusOut and watched is getattr(self, "_note", None):
            self.save()
        elif kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:  # type: ignore[attr-defined]
            self.save()
            self.escape_pressed.emit()
            return True
        return super().eventFilter(watched, event)
