"""The legend: one checkable chip per entity category, with its colour and count, one
for the quote layer, with its tint and margin bar, one for the claims, with their
dotted underline, and one for the reader's own highlights, with a stroke of each
highlighter colour.

The chips are ``QAction``s, so the same toggles appear in the View menu. A ticked
chip shows a filled dot (a filled tint for quotes, words over their underline for
claims), an unticked one a hollow ring (an empty frame, the underline alone): the
state does not rely on colour alone.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QToolBar, QWidget

from ui.formats import CLAIM_UNDERLINE_SCORE, Formats

_ICON_SIZE = 12
_GAP = 3


def swatch(color: QColor, filled: bool, size: int = _ICON_SIZE, ratio: float = 2.0) -> QPixmap:
    """A round colour dot (``filled``) or ring, with a little room after it for the text."""
    pixmap = QPixmap(int((size + _GAP) * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(color, 1.6)
    painter.setPen(pen)
    painter.setBrush(color if filled else Qt.GlobalColor.transparent)
    painter.drawEllipse(QRectF(1.5, 1.5, size - 3, size - 3))
    painter.end()
    return pixmap


def swatch_icon(color: QColor) -> QIcon:
    icon = QIcon()
    icon.addPixmap(swatch(color, True), QIcon.Mode.Normal, QIcon.State.On)
    icon.addPixmap(swatch(color, False), QIcon.Mode.Normal, QIcon.State.Off)
    return icon


def tint_swatch(
    tint: QColor, mark: QColor, filled: bool, size: int = _ICON_SIZE, ratio: float = 2.0
) -> QPixmap:
    """The quote layer in small: a tinted block with the margin bar at its left (filled),
    or just the block's outline and the bar (hidden)."""
    pixmap = QPixmap(int((size + _GAP) * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    block = QRectF(3.5, 1.5, size - 4, size - 3)
    if filled:
        painter.setPen(QPen(mark, 0.8))
        painter.setBrush(tint)
    else:
        painter.setPen(QPen(mark, 1.2, Qt.PenStyle.DotLine))
        painter.setBrush(Qt.GlobalColor.transparent)
    painter.drawRoundedRect(block, 1.5, 1.5)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(mark)
    painter.drawRoundedRect(QRectF(0.5, 1.5, 2, size - 3), 1, 1)
    painter.end()
    return pixmap


def underline_swatch(
    ink: QColor, words: QColor, filled: bool, size: int = _ICON_SIZE, ratio: float = 2.0
) -> QPixmap:
    """The claims layer in small: two lines of words with a dotted underline (shown),
    or the dotted underline alone (hidden)."""
    pixmap = QPixmap(int((size + _GAP) * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    if filled:
        painter.setBrush(words)
        painter.drawRoundedRect(QRectF(0.5, 2.0, size - 1, 2.2), 1, 1)
        painter.drawRoundedRect(QRectF(0.5, 5.6, size - 4, 2.2), 1, 1)
    painter.setBrush(ink)
    dot = 1.6
    x = 0.7
    while x + dot <= size:
        painter.drawEllipse(QRectF(x, size - 2.8, dot, dot))
        x += 2 * dot
    painter.end()
    return pixmap


def underline_icon(ink: QColor, words: QColor) -> QIcon:
    icon = QIcon()
    icon.addPixmap(underline_swatch(ink, words, True), QIcon.Mode.Normal, QIcon.State.On)
    icon.addPixmap(underline_swatch(ink, words, False), QIcon.Mode.Normal, QIcon.State.Off)
    return icon


def pens_swatch(
    colors: list[QColor], filled: bool, size: int = _ICON_SIZE, ratio: float = 2.0
) -> QPixmap:
    """The reader's highlights in small: a short stroke of each pen colour, one above
    the other (shown), or their outlines (hidden)."""
    pixmap = QPixmap(int((size + _GAP) * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    shown = colors[:3] or [QColor("gray")]
    height = (size - 2) / len(shown)
    for number, color in enumerate(shown):
        stroke = QRectF(1.0, 1 + number * height + 0.5, size - 1.5, height - 1)
        if filled:
            painter.setPen(QPen(color.darker(140), 0.6))
            painter.setBrush(color)
        else:
            painter.setPen(QPen(color.darker(160), 0.9, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.GlobalColor.transparent)
        painter.drawRoundedRect(stroke, 1.2, 1.2)
    painter.end()
    return pixmap


def pens_icon(colors: list[QColor]) -> QIcon:
    icon = QIcon()
    icon.addPixmap(pens_swatch(colors, True), QIcon.Mode.Normal, QIcon.State.On)
    icon.addPixmap(pens_swatch(colors, False), QIcon.Mode.Normal, QIcon.State.Off)
    return icon


def tint_icon(tint: QColor, mark: QColor) -> QIcon:
    icon = QIcon()
    icon.addPixmap(tint_swatch(tint, mark, True), QIcon.Mode.Normal, QIcon.State.On)
    icon.addPixmap(tint_swatch(tint, mark, False), QIcon.Mode.Normal, QIcon.State.Off)
    return icon


class Legend(QToolBar):
    """A bar of category chips above the page."""

    toggled = Signal(str, bool)  # category key, shown
    quotes_toggled = Signal(bool)  # shown
    claims_toggled = Signal(bool)  # shown
    notes_toggled = Signal(bool)  # shown

    def __init__(self, formats: Formats, parent: QWidget | None = None):
        super().__init__("Legend", parent)
        self.setObjectName("legend")
        self.setMovable(False)
        self.setFloatable(False)
        self.setIconSize(QSize(_ICON_SIZE + _GAP, _ICON_SIZE))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.PreventContextMenu)
        self._formats = formats
        self._counts: dict[str, int] | None = None
        self._quote_count: int | None = None
        caption = QLabel("Highlights")
        caption.setObjectName("legendCaption")
        self.addWidget(caption)
        self.category_actions: dict[str, QAction] = {}
        for category in formats.palette.categories:
            action = QAction(category.name, self)
            action.setObjectName(f"show_{category.key}")
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda shown, key=category.key: self.toggled.emit(key, shown))
            self.category_actions[category.key] = action
            self.addAction(action)
        self.addSeparator()
        self.quotes_action = QAction(formats.palette.quotes.name, self)
        self.quotes_action.setObjectName("show_quotes")
        self.quotes_action.setCheckable(True)
        self.quotes_action.setChecked(True)
        self.quotes_action.toggled.connect(self.quotes_toggled)
        self.addAction(self.quotes_action)
        self.claims_action = QAction(formats.palette.claims.name, self)
        self.claims_action.setObjectName("show_claims")
        self.claims_action.setCheckable(True)
        self.claims_action.setChecked(True)
        self.claims_action.toggled.connect(self.claims_toggled)
        self.addAction(self.claims_action)
        self.notes_action = QAction(formats.palette.highlights.name, self)
        self.notes_action.setObjectName("show_notes")
        self.notes_action.setCheckable(True)
        self.notes_action.setChecked(True)
        self.notes_action.toggled.connect(self.notes_toggled)
        self.addAction(self.notes_action)
        self._color_names: list[tuple[str, str]] = []  # key, the reader's name
        self._note_count: int | None = None
        self.set_formats(formats)
        self.set_counts(None)
        self.set_quote_count(None)
        self.set_claim_count(None, None)
        self.set_note_count(None)

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        for key, action in self.category_actions.items():
            action.setIcon(swatch_icon(formats.entity_color(key)))
        tint, mark = formats.quote_tint("direct"), formats.quote_mark_color()
        self.quotes_action.setIcon(tint_icon(tint, mark))
        self.claims_action.setIcon(underline_icon(formats.claim_color(), formats.muted_color()))
        keys = formats.palette.highlights.keys()
        self.notes_action.setIcon(pens_icon([formats.highlight_swatch(key) for key in keys]))

    def set_counts(self, counts: dict[str, int] | None) -> None:
        """Entities per category (None while the article is still being read)."""
        self._counts = counts
        for category in self._formats.palette.categories:
            action = self.category_actions[category.key]
            count = None if counts is None else counts.get(category.key, 0)
            if count is None:
                action.setText(category.name)
                action.setIconText(category.name)
            else:
                action.setText(f"{category.name} ({count})")
                action.setIconText(f"{category.name} {count}")
            action.setToolTip(
                f"{category.name}: {category.description}. Click to show or hide them."
            )

    def set_quote_count(self, count: int | None) -> None:
        """Quotes in the article (None while it is still being read)."""
        self._quote_count = count
        quotes = self._formats.palette.quotes
        action = self.quotes_action
        if count is None:
            action.setText(quotes.name)
            action.setIconText(quotes.name)
        else:
            action.setText(f"{quotes.name} ({count})")
            action.setIconText(f"{quotes.name} {count}")
        action.setToolTip(f"{quotes.name}: {quotes.description}. Click to show or hide them.")

    def set_claim_count(self, underlined: int | None, found: int | None) -> None:
        """Claims underlined on the page and claims found in all (None while the
        article is still being read)."""
        claims = self._formats.palette.claims
        action = self.claims_action
        tip = f"{claims.name}: {claims.description}. Click to show or hide them."
        if underlined is None or found is None:
            action.setText(claims.name)
            action.setIconText(claims.name)
        else:
            action.setText(f"{claims.name} ({underlined})")
            action.setIconText(f"{claims.name} {underlined}")
            tip += (
                f" {underlined} of the {found} claims found score "
                f"{CLAIM_UNDERLINE_SCORE:.1f} or more and are underlined."
            )
        action.setToolTip(tip)

    def set_color_names(self, names: list[tuple[str, str]]) -> None:
        """The reader's names for the highlight colours (key, name), for the tooltip."""
        self._color_names = list(names)
        self.set_note_count(self._note_count)

    def set_note_count(self, count: int | None) -> None:
        """The reader's highlights in the article (None: no article, or no library)."""
        self._note_count = count
        name = self._formats.palette.highlights.name
        action = self.notes_action
        if count is None:
            action.setText(name)
            action.setIconText(name)
        else:
            action.setText(f"{name} ({count})")
            action.setIconText(f"{name} {count}")
        colours = "; ".join(f"{key} is “{label}”" for key, label in self._color_names)
        tip = f"{name}: your own highlights. Click to show or hide them."
        if colours:
            tip += f" Colours: {colours}."
        action.setToolTip(tip)

    def is_shown(self, key: str) -> bool:
        return self.category_actions[key].isChecked()

    def set_shown(self, key: str, shown: bool) -> None:
        self.category_actions[key].setChecked(shown)
