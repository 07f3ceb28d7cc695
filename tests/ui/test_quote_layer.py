"""Quotes in the window: their own layer on the page, the speaker on hover, the "Who said
what" panel, and next/previous on the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from reader.annotations import Annotations, Entity, Mention, Quote, Reference, Speaker
from reader.article import Article
from ui.article_view import ArticleView
from ui.formats import QUOTE_PROPERTY, Formats
from ui.main_window import HIDDEN_KEY, MainWindow
from ui.quotes_panel import ENTITY_ROLE, QUOTE_ROLE, QuoteTreeModel
from ui.speakers import describe

# -- a small article, annotated by hand --------------------------------------------------


@pytest.fixture
def article() -> Article:
    return Article.from_blocks(
        [
            ("Ada Lovelace said: “The engine weaves patterns for London.”", "paragraph"),
            ("An official said the plan was “sound”. They called it “a triumph”.", "paragraph"),
            ("Someone wrote “nobody knows”. Critics called it a “miracle”.", "paragraph"),
            ("Her notes were published as “Sketch of the Analytical Engine”.", "paragraph"),
        ]
    )


def _span(article: Article, text: str) -> tuple[int, int]:
    start = article.text.index(text)
    return start, start + len(text)


@pytest.fixture
def annotations(article: Article) -> Annotations:
    def mention(text: str) -> Mention:
        start, end = _span(article, text)
        paragraph = article.paragraphs[article.paragraph_index(start)]
        return Mention(start, end, text, paragraph.start, paragraph.end)

    ada = Entity("e1", "PERSON", "Ada Lovelace", (mention("Ada Lovelace"),))
    london = Entity("e2", "GPE", "London", (mention("London"),))

    def quote(text: str, kind="direct", speaker: Speaker | None = None) -> Quote:
        start, end = _span(article, text)
        return Quote(start, end, text, kind, ((start, end),), speaker)

    ada_speaks = Speaker("Ada Lovelace", *_span(article, "Ada Lovelace"), entity="e1")
    official = Reference("An official", *_span(article, "An official"))
    they = Speaker("They", *_span(article, "They"), refers_to=official)
    return Annotations(
        entities=(ada, london),
        quotes=(
            quote("The engine weaves patterns for London.", speaker=ada_speaks),
            quote("sound", speaker=Speaker("An official", *_span(article, "An official"))),
            quote("a triumph", speaker=they),
            quote("nobody knows"),
            quote("miracle", kind="scare"),
            quote("Sketch of the Analytical Engine", kind="title"),
        ),
    )


def test_the_tooltip_says_who_said_it_in_words(annotations: Annotations) -> None:
    entities = {e.id: e for e in annotations.entities}
    engine, sound, triumph, unknown, miracle, title = annotations.quotes
    assert describe(engine, entities) == "Quote · said by Ada Lovelace"
    assert describe(sound, entities) == "Quote · said by An official"
    assert describe(triumph, entities) == "Quote · said by An official"  # "They"
    assert describe(unknown, entities) == "Quote · speaker not stated"
    assert describe(miracle, entities).startswith("Scare quote")
    assert describe(title, entities).startswith("Title")


def test_the_quote_model(qtmodeltester, formats, article, annotations) -> None:
    model = QuoteTreeModel(formats)
    qtmodeltester.check(model)
    model.set_annotations(article, annotations)
    qtmodeltester.check(model)

    def label(row: int) -> str:
        return model.index(row, 0).data(Qt.ItemDataRole.DisplayRole)

    # The most quoted speaker first; no speaker, scare quotes and titles last.
    labels = [label(row) for row in range(model.rowCount())]
    assert labels == [
        "An official",
        "Ada Lovelace",
        "Speaker not stated",
        "Scare quotes",
        "Titles",
    ]
    official = model.index(0, 0)
    assert model.rowCount(official) == 2
    assert model.index(0, 0, official).data(QUOTE_ROLE).text == "sound"
    assert model.index(1, 0, official).data(Qt.ItemDataRole.DisplayRole) == "“a triumph” ¶ 2"
    ada = model.index(1, 0)
    assert ada.data(ENTITY_ROLE).name == "Ada Lovelace"
    assert ada.data(Qt.ItemDataRole.DecorationRole) == formats.entity_color("person")
    assert model.index(0, 0).data(ENTITY_ROLE) is None
    assert model.quote_count() == 6 and model.speaker_count() == 2
    quote = annotations.quotes[3]
    assert model.quote_index(quote).data(QUOTE_ROLE) is quote
    assert model.quote_index(quote).parent() == model.index(2, 0)

    model.set_annotations(None, None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_quote_layer_composes_with_entities(qtbot, formats, article, annotations, mark) -> None:
    view = ArticleView(formats)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.set_article(article)
    view.show()
    qtbot.waitExposed(view)
    mark(view, annotations)

    def at(text: str):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.document_position(article.text.index(text)) + 1)
        return cursor.charFormat()

    direct, aside = formats.quote_tint("direct"), formats.quote_tint("scare")
    assert direct != aside
    assert at("weaves").background().color() == direct
    assert at("miracle").background().color() == aside
    assert at("miracle").property(QUOTE_PROPERTY) == "scare"
    assert at("Critics").background().style() == Qt.BrushStyle.NoBrush
    # Only direct quotes get a bar in the margin; the title and the scare quote do not.
    assert {quote.text for _, quote in view._margin.bars()} == {
        q.text for q in annotations.quotes if q.kind == "direct"
    }

    view.set_quotes_visible(False)
    assert at("weaves").background().style() == Qt.BrushStyle.NoBrush
    assert at("London").foreground().color() == formats.entity_color("place")
    assert view._margin.bars() == []
    assert view.step_quote(True) is None
    view.set_quotes_visible(True)
    assert at("London").background().color() == direct

    # Stepping goes through every quote in text order.
    view.moveCursor(QTextCursor.MoveOperation.Start)
    seen = []
    while (quote := view.step_quote(True)) is not None:
        seen.append(quote.text)
    assert seen == [q.text for q in annotations.quotes]
    assert view.step_quote(False).text == annotations.quotes[-2].text


# -- the real window on the shared article -------------------------------------------------


def _format_at(window: MainWindow, offset: int):
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.document_position(offset) + 1)
    return cursor.charFormat()


def _tooltip_at(qtbot, view: ArticleView, offset: int) -> str:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.document_position(offset) + 1)
    view.setTextCursor(cursor)
    view.ensureCursorVisible()  # the text has to be on the page to be hovered
    point = view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    QToolTip.hideText()
    return text


@pytest.mark.corpus
def test_quotes_in_the_window(qtbot, make_window, shared_article, formats: Formats) -> None:
    window = make_window()
    with qtbot.waitSignal(window.annotations_shown, timeout=60_000):
        window.open_path(shared_article)
    text = window.article.text
    quotes = window.annotations.quotes
    assert "5 quotes" in window._status.text()
    assert window.legend.quotes_action.iconText() == "Quotes 5"
    assert window.legend.quotes_action.shortcut().toString() == "Ctrl+8"

    # The layer: a tint behind the words, under the entities' colours.
    tint = formats.quote_tint("direct")
    price = text.index("paying the price")
    uk = text.index("UK will be at the heart")
    assert _format_at(window, price).background().color() == tint
    assert _format_at(window, uk).background().color() == tint
    assert _format_at(window, uk).foreground().color() == formats.entity_color("place")
    assert _format_at(window, text.index("Rishi Sunak")).background().style() == (
        Qt.BrushStyle.NoBrush
    )
    assert window.view._margin.bars()  # the first quote is on the page, with its bar

    # Hiding quotes takes the tint away and leaves the entity colour.
    window.legend.quotes_action.trigger()
    assert _format_at(window, uk).background().style() == Qt.BrushStyle.NoBrush
    assert _format_at(window, uk).foreground().color() == formats.entity_color("place")
    assert window._settings.value(HIDDEN_KEY) in ("quotes", ["quotes"])
    assert not make_window().view.quotes_visible()  # remembered for the next window
    window.legend.quotes_action.trigger()
    assert _format_at(window, uk).background().color() == tint

    # Hiding places takes the colour away and leaves the tint.
    window.legend.category_actions["place"].trigger()
    assert _format_at(window, uk).foreground().style() == Qt.BrushStyle.NoBrush
    assert _format_at(window, uk).background().color() == tint
    window.legend.category_actions["place"].trigger()

    # Hovering the long quote names its speaker, in words.
    tip = _tooltip_at(qtbot, window.view, text.index("barbaric"))
    assert tip == "Quote · said by Rishi Sunak (“the Prime Minister”)"
    tip = _tooltip_at(qtbot, window.view, uk)
    assert tip.splitlines()[1] == "Quote · said by Rishi Sunak (“the Prime Minister”)"
    assert tip.splitlines()[0].startswith("UK")

    # The panel: who said what, each speaker with their quotes.
    model = window.quotes_panel.quotes
    labels = [model.index(row, 0).data() for row in range(model.rowCount())]
    assert labels == ["Rishi Sunak", "a Downing Street official"]
    sunak, official = model.index(0, 0), model.index(1, 0)
    assert [model.index(r, 0, sunak).data(QUOTE_ROLE).text[:13] for r in range(3)] == [
        "paying the pr",
        "not working",
        "Every single ",
    ]
    assert model.index(0, 0, official).data(QUOTE_ROLE).text == "scourge of illegal migration"
    assert official.data(ENTITY_ROLE) is None  # the article does not name the official

    # A click on a speaker the article names shows them in the entities panel.
    tree = window.quotes_panel._tree
    qtbot.mouseClick(
        tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualRect(sunak).center()
    )
    assert window.panel.entity.name == "Rishi Sunak"

    # A click on a quote takes the page there and selects it.
    scourge = model.index(0, 0, official)
    tree.scrollTo(scourge)
    point = tree.visualRect(scourge).center()
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    cursor = window.view.textCursor()
    assert window.view.article_offset(cursor.selectionStart()) == text.index("scourge")
    assert cursor.selectedText() == "scourge of illegal migration"
    assert window.view.viewport().rect().contains(window.view.cursorRect(cursor).center())

    # F9 and Shift+F9 go from quote to quote, wrapping at the end.
    assert window.next_quote_action.shortcut().toString() == "F9"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    assert window.view.textCursor().selectedText() == quotes[-1].text
    assert tree.currentIndex().data(QUOTE_ROLE) == quotes[-1]
    qtbot.keyClick(window.view, Qt.Key.Key_F9)
    assert window.view.textCursor().selectedText() == "paying the price"
    qtbot.keyClick(window.view, Qt.Key.Key_F9, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.textCursor().selectedText() == quotes[-1].text

    # Ctrl+Shift+Q goes to the panel, Escape comes back.
    window.focus_quotes_action.trigger()
    assert tree.hasFocus()
    qtbot.keyClick(tree, Qt.Key.Key_Escape)
    assert window.view.hasFocus()
