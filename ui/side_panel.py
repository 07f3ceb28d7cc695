"""The side panel: every entity of the article, or one entity (or a looked-up word)
with what it is and all its mentions.

A dock widget whose contents are built the first time it is shown. The two lists
are Qt models (``EntityListModel``, ``MentionListModel``) drawn by small delegates.
Under an entity's name (or a word the reader looked up) come the definition cards
the window's look-up sent (``set_lookup``): each with its source and licence in
words, the reader's glossary first; "Add to my glossary…" asks the window
(``glossary_requested``) to keep the reader's own definition.
"""

from __future__ import annotations

import html
import math
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
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.annotations import Annotations, Entity, Mention
from reader.article import Article
from reader.definitions.cards import Card, Lookup
from reader.entity_types import label_name
from ui.formats import Formats
from ui.lazy_dock import LazyDock
from ui.panel_helpers import plural

ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1
MENTION_ROLE = Qt.ItemDataRole.UserRole + 2
HTML_ROLE = Qt.ItemDataRole.UserRole + 3
SECTION_ROLE = Qt.ItemDataRole.UserRole + 4  # category name on the first row of a category
COUNT_ROLE = Qt.ItemDataRole.UserRole + 5

# Context shown around a mention whose sentence is unknown.
_CONTEXT = 90
# Dictionary senses shown on a card (the rest are in ``marginalia define``).
_SENSES = 3

AnyIndex = QModelIndex | QPersistentModelIndex


class EntityListModel(QAbstractListModel):
    """The article's entities, grouped by category in legend order, most mentioned first."""

    def __init__(self, formats: Formats, parent: QObject | None = None):
        super().__init__(parent)
        self._formats = formats
        self._rows: list[tuple[Entity, str]] = []  # entity, category key

    def set_annotations(self, annotations: Annotations | None) -> None:
        self.beginResetModel()
        self._rows = []
        if annotations is not None:
            palette = self._formats.palette
            order = {c.key: n for n, c in enumerate(palette.categories)}
            rows = [
                (entity, palette.category_for_label(entity.label).key)
                for entity in annotations.entities
            ]
            rows.sort(key=lambda r: (order[r[1]], -len(r[0].mentions), r[0].name.casefold()))
            self._rows = rows
        self.endResetModel()

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def entity(self, row: int) -> Entity:
        return self._rows[row][0]

    def row_of(self, entity_id: str) -> int:
        for row, (entity, _) in enumerate(self._rows):
            if entity.id == entity_id:
                return row
        return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entity, key = self._rows[index.row()]
        count = len(entity.mentions)
        if role == Qt.ItemDataRole.DisplayRole:
            return entity.name
        if role == Qt.ItemDataRole.DecorationRole:
            return self._formats.entity_color(key)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return f"{label_name(entity.label)}, {plural(count, 'mention')}"
        if role == ENTITY_ROLE:
            return entity
        if role == COUNT_ROLE:
            return count
        if role == SECTION_ROLE:
            row = index.row()
            if row == 0 or self._rows[row - 1][1] != key:
                return self._formats.palette.category(key).name
            return ""
        return None


class MentionListModel(QAbstractListModel):
    """Every mention of one entity, each in its sentence."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._article: Article | None = None
        self._mentions: tuple[Mention, ...] = ()

    def set_entity(self, article: Article | None, entity: Entity | None) -> None:
        self.beginResetModel()
        self._article = article
        self._mentions = entity.mentions if (article is not None and entity is not None) else ()
        self.endResetModel()

    def set_mentions(self, article: Article | None, mentions: tuple[Mention, ...]) -> None:
        """Mentions of a looked-up word (no entity)."""
        self.beginResetModel()
        self._article = article
        self._mentions = mentions if article is not None else ()
        self.endResetModel()

    def mention(self, row: int) -> Mention:
        return self._mentions[row]

    def row_of(self, mention: Mention) -> int:
        try:
            return self._mentions.index(mention)
        except ValueError:
            return -1

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._mentions)

    def _context(self, mention: Mention) -> tuple[str, str, str]:
        """The sentence around the mention, split into before, the mention, after."""
        assert self._article is not None
        text = self._article.text
        start, end = mention.sentence_start, mention.sentence_end
        if not (start <= mention.start and mention.end <= end) or start == end:
            start = max(0, mention.start - _CONTEXT)
            end = min(len(text), mention.end + _CONTEXT)
        before = text[start : mention.start]
        after = text[mention.end : end]
        if start > 0 and text[start - 1] not in "\n" and start != mention.sentence_start:
            before = "…" + before.lstrip()
        if end < len(text) and end != mention.sentence_end:
            after = after.rstrip() + "…"
        return before, text[mention.start : mention.end], after

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._mentions):
            return None
        mention = self._mentions[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return "".join(self._context(mention))
        if role == HTML_ROLE:
            before, middle, after = self._context(mention)
            return f"{html.escape(before)}<b>{html.escape(middle)}</b>{html.escape(after)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Mention {index.row() + 1} of {len(self._mentions)}: “{mention.text}”"
        if role == MENTION_ROLE:
            return mention
        return None


class _ListDelegate(QStyledItemDelegate):
    """Draws the item background the style's way, then what ``_draw`` paints."""

    def __init__(self, view: QListView):
        super().__init__(view)
        self._view = view

    def _base_option(self, option: QStyleOptionViewItem, index: AnyIndex) -> QStyleOptionViewItem:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = opt.icon.__class__()
        opt.features &= ~QStyleOptionViewItem.ViewItemFeature.HasDecoration
        return opt

    def _text_color(self, option: QStyleOptionViewItem) -> QColor:
        selected = option.state & QStyle.StateFlag.State_Selected
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        return QColor(option.palette.color(role))

    def _width(self) -> int:
        return max(self._view.viewport().width(), 80)


class MentionDelegate(_ListDelegate):
    """A sentence with the mention in bold, wrapped to the panel's width."""

    MARGIN = 8

    def __init__(self, view: QListView):
        super().__init__(view)
        self._heights: dict[tuple[int, int], int] = {}  # (row, width) -> height
        model = view.model()
        model.modelReset.connect(self._heights.clear)
        model.rowsInserted.connect(self._heights.clear)
        model.rowsRemoved.connect(self._heights.clear)

    def _document(self, option: QStyleOptionViewItem, index: AnyIndex, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(self.MARGIN)
        document.setHtml(index.data(HTML_ROLE) or "")
        document.setTextWidth(width)
        return document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        opt = self._base_option(option, index)
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        document = self._document(option, index, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, self._text_color(option))
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(QRect(0, 0, option.rect.width(), option.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()
        # A hairline between mentions.
        painter.save()
        painter.setPen(option.palette.color(QPalette.ColorRole.Midlight))
        painter.drawLine(option.rect.bottomLeft(), option.rect.bottomRight())
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        width = self._width()
        key = (index.row(), width)
        height = self._heights.get(key)
        if height is None:
            document = self._document(option, index, width)
            height = self._heights[key] = math.ceil(document.size().height()) + 1
        return QSize(width, height)


class EntityDelegate(_ListDelegate):
    """A colour dot, the name and the mention count; a category heading above each group."""

    PAD = 6

    def _section_height(self, option: QStyleOptionViewItem) -> int:
        return int(option.fontMetrics.height()) + 2 * self.PAD + 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        section = index.data(SECTION_ROLE) or ""
        rect = QRect(option.rect)
        painter.save()
        if section:
            heading = QRect(rect)
            heading.setHeight(self._section_height(option))
            rect.setTop(heading.bottom() + 1)
            font = QFont(option.font)
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 0.85)
            font.setCapitalization(QFont.Capitalization.AllUppercase)
            font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
            painter.setFont(font)
            painter.setPen(option.palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                heading.adjusted(self.PAD, self.PAD + 4, -self.PAD, 0),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                section,
            )
        painter.restore()

        opt = self._base_option(option, index)
        opt.rect = rect
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        size = max(8, option.fontMetrics.height() // 2)
        dot = QRect(rect.left() + self.PAD, rect.center().y() - size // 2 + 1, size, size)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(index.data(Qt.ItemDataRole.DecorationRole) or QColor("gray"))
        painter.drawEllipse(dot)
        count = str(index.data(COUNT_ROLE) or "")
        metrics = option.fontMetrics
        count_width = metrics.horizontalAdvance(count)
        text_rect = rect.adjusted(dot.right() + self.PAD + 2, 0, -(count_width + 2 * self.PAD), 0)
        painter.setPen(self._text_color(option))
        name = metrics.elidedText(
            index.data(Qt.ItemDataRole.DisplayRole) or "",
            Qt.TextElideMode.ElideRight,
            text_rect.width(),
        )
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, name)
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
        height = option.fontMetrics.height() + 2 * self.PAD
        if index.data(SECTION_ROLE):
            height += self._section_height(option)
        return QSize(self._width(), height)


class SidePanel(LazyDock):
    """Who and what the article mentions; one entity's mentions when one is picked."""

    entity_selected = Signal(object)  # Entity, or None for the overview
    mention_activated = Signal(object)  # Mention
    escape_pressed = Signal()
    glossary_requested = Signal(str)  # the term the reader wants to define

    def __init__(self, formats: Formats, parent: QWidget | None = None):
        super().__init__("Entities", parent)
        self.setObjectName("entitiesPanel")
        self.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )
        self._formats = formats
        self._article: Article | None = None
        self._annotations: Annotations | None = None
        self._entity: Entity | None = None
        self._term: str | None = None  # the term looked up (an entity's, or a word)
        self._lookup: Lookup | None = None  # its answer, once it came
        self._lookup_message = ""  # why there is no answer ("Looking up…", a failure)
        self._message = "Open an article to see who and what it mentions."
        self.entities = EntityListModel(formats, self)
        self.mentions = MentionListModel(self)
        self.setWidget(QWidget())  # the real contents come on first show

    # -- state (kept whether or not the contents exist yet) ------------------------

    @property
    def entity(self) -> Entity | None:
        return self._entity

    def set_formats(self, formats: Formats) -> None:
        self._formats = formats
        self.entities.set_formats(formats)
        self._refresh()

    def set_article(self, article: Article | None, message: str = "") -> None:
        """A new article (or none): the lists empty until its annotations arrive."""
        self._article = article
        self._annotations = None
        self._entity = None
        self._term = None
        self._lookup = None
        self._message = message or (
            "Finding names, places and dates…"
            if article is not None
            else "Open an article to see who and what it mentions."
        )
        self.entities.set_annotations(None)
        self.mentions.set_entity(None, None)
        self._refresh()

    def set_message(self, message: str) -> None:
        self._message = message
        self._refresh()

    def set_annotations(self, annotations: Annotations) -> None:
        self._annotations = annotations
        self._entity = None
        self._term = None
        self._lookup = None
        count = len(annotations.entities)
        self._message = "" if count else "No names, places or dates found in this article."
        self.entities.set_annotations(annotations)
        self.mentions.set_entity(None, None)
        self._refresh()

    def show_entity(
        self, entity: Entity | None, mention: Mention | None = None, keep_term: bool = False
    ) -> None:
        """Show one entity's mentions (None: the overview); ``mention`` is marked current.
        Another entity's look-up is dropped unless ``keep_term`` (``show_term`` set it)."""
        changed = entity != self._entity
        self._entity = entity
        if entity is None or (changed and not keep_term):
            self._term = None
            self._lookup = None
        if changed:
            self.mentions.set_entity(self._article, entity)
        self._refresh()
        if self._built and entity is not None and mention is not None:
            row = self.mentions.row_of(mention)
            if row >= 0:
                index = self.mentions.index(row)
                self._mention_view.setCurrentIndex(index)
                self._mention_view.scrollTo(index)
        if changed:
            self.entity_selected.emit(entity)

    @property
    def term(self) -> str | None:
        return self._term

    @property
    def lookup(self) -> Lookup | None:
        return self._lookup

    def show_term(
        self, term: str, entity: Entity | None = None, mention: Mention | None = None
    ) -> None:
        """Explain ``term`` (an entity's when ``entity`` is given, else a word or a
        phrase): "Looking up…" until ``set_lookup`` brings the cards."""
        if entity is None and self._entity is not None:
            self._entity = None
            self.mentions.set_entity(None, None)
        self._term = term
        self._lookup = None
        self._lookup_message = f"Looking up “{term}”…"
        if entity is not None:
            self.show_entity(entity, mention, keep_term=True)
        else:
            self._refresh()

    def set_lookup(self, found: Lookup) -> None:
        """The cards for the term on show."""
        self._lookup = found
        self._lookup_message = ""
        if self._entity is None and self._article is not None:
            # A word's mentions, each in its paragraph (the look-up gives no sentences).
            article = self._article
            mentions = []
            for passage in found.mentions:
                paragraph = article.paragraphs[article.paragraph_index(passage.start)]
                mentions.append(
                    Mention(
                        passage.start, passage.end, passage.text, paragraph.start, paragraph.end
                    )
                )
            self.mentions.set_mentions(article, tuple(mentions))
        self._refresh()

    def set_lookup_failed(self, message: str) -> None:
        self._lookup = None
        self._lookup_message = message
        self._refresh()

    def cards_text(self) -> str:
        """What the cards say, as plain text (for tests and screen readers)."""
        if not self._built:
            return ""
        document = QTextDocument()
        document.setHtml(self._cards.text())
        return document.toPlainText()

    def focus_list(self) -> None:
        """Put the keyboard focus in the visible list (builds the panel if needed)."""
        self.show()
        self.raise_()
        self._ensure_built()
        view = self._mention_view if self._entity is not None else self._entity_view
        view.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not view.currentIndex().isValid() and view.model().rowCount() > 0:
            view.setCurrentIndex(view.model().index(0, 0))

    # -- building and refreshing the contents ------------------------------------

    def _build(self) -> None:
        stack = QStackedWidget()
        stack.setObjectName("sidePanelPages")

        overview = QWidget()
        layout = QVBoxLayout(overview)
        layout.setContentsMargins(10, 10, 10, 6)
        layout.setSpacing(6)
        self._summary = QLabel()
        self._summary.setObjectName("panelSummary")
        self._summary.setWordWrap(True)
        self._entity_view = self._list_view("entityList", self.entities)
        self._entity_view.setItemDelegate(EntityDelegate(self._entity_view))
        self._entity_view.clicked.connect(self._entity_chosen)
        self._entity_view.activated.connect(self._entity_chosen)
        layout.addWidget(self._summary)
        layout.addWidget(self._entity_view, 1)

        detail = QWidget()
        layout = QVBoxLayout(detail)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        back = QToolButton()
        back.setObjectName("backButton")
        back.setText("‹ All entities")
        back.setToolTip("Back to every entity in the article (Backspace)")
        back.setAutoRaise(True)
        back.clicked.connect(lambda: self.show_entity(None))
        self._name = QLabel()
        self._name.setObjectName("entityName")
        self._name.setWordWrap(True)
        self._name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._kind = QLabel()
        self._kind.setObjectName("entityKind")
        self._kind.setWordWrap(True)
        self._cards = QLabel()
        self._cards.setObjectName("definitionCards")
        self._cards.setWordWrap(True)
        self._cards.setTextFormat(Qt.TextFormat.RichText)
        self._cards.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Never squeezed below its wrapped text by the mention list under it.
        self._cards.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._glossary_button = QPushButton("Add to My Glossary…")
        self._glossary_button.setObjectName("glossaryButton")
        self._glossary_button.setToolTip(
            "Write your own definition: it comes first wherever the term appears"
        )
        self._glossary_button.clicked.connect(
            lambda: self._term and self.glossary_requested.emit(self._term)
        )
        self._mention_view = self._list_view("mentionList", self.mentions)
        self._mention_view.setItemDelegate(MentionDelegate(self._mention_view))
        self._mention_view.clicked.connect(self._mention_chosen)
        self._mention_view.activated.connect(self._mention_chosen)
        layout.addWidget(back, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self._name)
        layout.addWidget(self._kind)
        layout.addSpacing(4)
        layout.addWidget(self._cards)
        layout.addWidget(self._glossary_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(4)
        layout.addWidget(self._mention_view, 1)

        stack.addWidget(overview)
        stack.addWidget(detail)
        self._stack = stack
        for view in (self._entity_view, self._mention_view):
            view.installEventFilter(self)
        old = self.widget()
        self.setWidget(stack)
        if old is not None:
            old.deleteLater()
        self._refresh()

    def _list_view(self, name: str, model: QAbstractListModel) -> QListView:
        view = QListView()
        view.setObjectName(name)
        view.setModel(model)
        view.setUniformItemSizes(False)
        view.setWordWrap(True)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        # Long lists (an entity mentioned hundreds of times) are laid out in batches
        # between events, so the window keeps answering.
        view.setLayoutMode(QListView.LayoutMode.Batched)
        view.setBatchSize(60)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setFrameShape(QListView.Shape.NoFrame)
        view.setMouseTracking(True)
        return view

    def _refresh(self) -> None:
        if not self._built:
            return
        entity = self._entity
        self._refresh_cards()
        if entity is None and self._term is not None:
            self._stack.setCurrentIndex(1)
            self._name.setText(
                f'<span style="font-size:15pt; font-weight:600">{html.escape(self._term)}</span>'
            )
            mentions = len(self._lookup.mentions) if self._lookup is not None else 0
            self._kind.setText(
                ("Phrase" if " " in self._term.strip() else "Word")
                + (f" · {plural(mentions, 'mention')} in the article" if mentions else "")
            )
            self._mention_view.doItemsLayout()
            return
        if entity is None:
            self._stack.setCurrentIndex(0)
            annotations = self._annotations
            if annotations is not None and annotations.entities:
                mentions = sum(len(e.mentions) for e in annotations.entities)
                self._summary.setText(
                    f"<b>{plural(len(annotations.entities), 'entity', 'entities')}</b>"
                    f" with {plural(mentions, 'mention')}. Pick one to see where the article "
                    "mentions it."
                )
            else:
                self._summary.setText(html.escape(self._message))
            self._entity_view.doItemsLayout()
            return
        self._stack.setCurrentIndex(1)
        category = self._formats.palette.category_for_label(entity.label)
        color = self._formats.entity_color(category.key).name()
        self._name.setText(
            f'<span style="color:{color}; font-size:15pt; font-weight:600">'
            f"{html.escape(entity.name)}</span>"
        )
        others = sorted({m.text for m in entity.mentions if m.text != entity.name})
        kind = (
            f"{html.escape(label_name(entity.label))} · {plural(len(entity.mentions), 'mention')}"
        )
        if others:
            kind += "<br>Also as: " + ", ".join(f"“{html.escape(o)}”" for o in others[:6])
        self._kind.setText(kind)
        self._mention_view.doItemsLayout()

    def _refresh_cards(self) -> None:
        shown = self._term is not None
        self._cards.setVisible(shown)
        self._glossary_button.setVisible(shown)
        if not shown:
            return
        found = self._lookup
        if found is None:
            self._cards.setText(f"<i>{html.escape(self._lookup_message)}</i>")
            return
        has_entry = any(card.source == "glossary" for card in found.cards)
        self._glossary_button.setText(
            "Edit My Glossary Entry…" if has_entry else "Add to My Glossary…"
        )
        parts = [_card_html(card) for card in found.cards]
        if not parts:
            parts.append(f"<p><i>No definition of “{html.escape(found.term)}” was found.</i></p>")
        parts += [f"<p><i>{html.escape(problem)}</i></p>" for problem in found.problems]
        self._cards.setText("".join(parts))

    def _entity_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.show_entity(self.entities.entity(index.row()))

    def _mention_chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.mention_activated.emit(self.mentions.mention(index.row()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            if key == Qt.Key.Key_Escape:
                self.escape_pressed.emit()
                return True
            if key == Qt.Key.Key_Backspace and watched is self._mention_view:
                self.show_entity(None)
                self._entity_view.setFocus()
                return True
        return super().eventFilter(watched, event)


def _card_html(card: Card) -> str:
    """One definition card: the headword, its source in words, then the explanation."""
    where = card.source_name
    if card.licence:
        where += f" · {card.licence}"
    if card.source == "encyclopedia" and card.cached and card.retrieved:
        where += f" · kept copy of {card.retrieved[:10]}"
    lines = [
        f"<b>{html.escape(card.headword or card.term)}</b>"
        f'&nbsp;&nbsp;<span style="color:gray">{html.escape(where)}</span>'
    ]
    if card.source == "dictionary" and card.senses:
        for number, sense in enumerate(card.senses[:_SENSES], start=1):
            lines.append(
                f"{number}. <i>{html.escape(sense.pos)}</i> {html.escape(sense.definition)}"
            )
        if len(card.senses) > _SENSES:
            more = len(card.senses) - _SENSES
            lines.append(f'<span style="color:gray">{plural(more, "more sense")}</span>')
    else:
        lines.append(html.escape(card.definition))
    if card.source == "article" and card.found_at is not None:
        lines.append(
            f'<span style="color:gray">From the article: “{html.escape(card.found_at.text)}”</span>'
        )
    if card.source == "encyclopedia" and card.description:
        lines.insert(1, f"<i>{html.escape(card.description)}</i>")
    return "<p>" + "<br>".join(lines) + "</p>"
