"""The page: offsets map exactly to the document, highlights come and go."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCursor

from reader.article import Article
from ui.article_view import ArticleView, SpanIndex
from ui.formats import ENTITY_PROPERTY, Formats


@pytest.fixture
def article() -> Article:
    return Article.from_blocks(
        [
            ("Ada Lovelace wrote to Charles Babbage from London in 1843.", "paragraph"),
            ("The Analytical Engine", "heading"),
            ("“The engine weaves algebraic patterns,” Lovelace wrote.", "quote"),
            ("First 🙂 item about Babbage", "list-item"),
            ("Second item 𝔸 about London", "list-item"),
            ("Babbage 🚂 never finished it; Lovelace died in 1852.", "paragraph"),
        ],
        title="Notes on the Engine",
        byline="By A. Writer",
        site="Example Review",
    )


@pytest.fixture
def view(qtbot, formats: Formats, article: Article) -> ArticleView:
    view = ArticleView(formats)
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.set_article(article)
    view.show()
    qtbot.waitExposed(view)
    return view


def _text_between(view: ArticleView, start: int, end: int) -> str:
    return view.cursor_for(start, end).selectedText()


def test_every_paragraph_maps_to_its_own_block(view: ArticleView, article: Article) -> None:
    document = view.document()
    header = view.offsets.header_blocks
    assert header == 3  # title, byline, site
    assert document.blockCount() == header + len(article.paragraphs)
    for number, paragraph in enumerate(article.paragraphs):
        block = document.findBlockByNumber(header + number)
        assert block.text() == article.text[paragraph.start : paragraph.end]
        assert view.document_position(paragraph.start) == block.position()


def test_offsets_map_exactly_both_ways(view: ArticleView, article: Article) -> None:
    # Every character, including those outside the BMP that Qt counts twice.
    for paragraph in article.paragraphs:
        for offset in range(paragraph.start, paragraph.end):
            assert _text_between(view, offset, offset + 1) == article.text[offset]
            assert view.article_offset(view.document_position(offset)) == offset
    last = article.paragraphs[-1]
    assert _text_between(view, last.start, last.end) == article.text[last.start : last.end]


def test_header_positions_are_not_article_offsets(view: ArticleView) -> None:
    assert view.article_offset(0) is None
    assert view.article_offset(3) is None


def test_paragraph_kinds_have_their_typography(view: ArticleView, article: Article) -> None:
    def char_format(offset: int):
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.document_position(offset) + 1)
        return cursor.charFormat()

    body, heading, quote, item = (article.paragraphs[i] for i in (0, 1, 2, 3))
    assert char_format(heading.start).fontWeight() == QFont.Weight.Bold
    assert char_format(heading.start).fontPointSize() > char_format(body.start).fontPointSize()
    assert char_format(quote.start).fontItalic()
    assert not char_format(body.start).fontItalic()
    block = view.document().findBlock(view.document_position(item.start))
    assert block.textList() is not None
    assert block.textList().count() == 2  # both list items, one list


def test_highlights_merge_and_toggle(view, article, by_hand, mark, formats: Formats) -> None:
    annotations = by_hand(
        article,
        ("PERSON", "Ada Lovelace", ["Ada Lovelace", "Lovelace", "Lovelace"]),
        ("PERSON", "Charles Babbage", ["Charles Babbage", "Babbage", "Babbage"]),
        ("GPE", "London", ["London", "London"]),
        ("DATE", "1843", ["1843"]),
    )
    mark(view, annotations)
    person = formats.entity_color("person")
    place = formats.entity_color("place")

    def at(text: str, occurrence: int = 0):
        start = -1
        for _ in range(occurrence + 1):
            start = article.text.index(text, start + 1)
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.document_position(start + 1))
        return cursor.charFormat()

    lovelace = at("Lovelace", 1)  # in the italic quote
    assert lovelace.foreground().color() == person
    assert lovelace.fontItalic()
    assert lovelace.fontWeight() == QFont.Weight.DemiBold
    assert lovelace.property(ENTITY_PROPERTY) == "e1"
    assert "Person" in lovelace.toolTip()
    assert at("Babbage", 1).foreground().color() == person  # after an emoji in a list item
    assert at("London", 1).foreground().color() == place
    plain = at("wrote")
    assert plain.foreground().style() == Qt.BrushStyle.NoBrush
    assert plain.fontWeight() == QFont.Weight.Normal

    view.set_category_visible("person", False)
    assert at("Lovelace", 1).foreground().style() == Qt.BrushStyle.NoBrush
    assert at("Lovelace", 1).fontItalic()  # the quote keeps its own look
    assert at("Lovelace", 1).toolTip() == ""
    assert at("London").foreground().color() == place
    assert view.step(True).entity.name == "London"  # hidden mentions are skipped

    view.set_category_visible("person", True)
    assert at("Lovelace", 1).foreground().color() == person
    assert at("Lovelace", 1).fontWeight() == QFont.Weight.DemiBold


def test_next_and_previous_go_through_mentions_in_order(view, article, by_hand, mark) -> None:
    mark(
        view,
        by_hand(
            article,
            ("PERSON", "Ada Lovelace", ["Ada Lovelace", "Lovelace"]),
            ("PERSON", "Charles Babbage", ["Charles Babbage"]),
        ),
    )
    seen = []
    while (item := view.step(True)) is not None:
        seen.append(item.mention.text)
        assert view.textCursor().selectedText() == item.mention.text
    assert seen == ["Ada Lovelace", "Charles Babbage", "Lovelace"]
    assert view.step(False).mention.text == "Charles Babbage"
    assert view.step(False).mention.text == "Ada Lovelace"
    assert view.step(False) is None


def test_a_click_inside_a_mention_is_reported(qtbot, view, article, by_hand, mark) -> None:
    mark(view, by_hand(article, ("GPE", "London", ["London"])))
    start = article.text.index("London")
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.document_position(start + 3))
    with qtbot.waitSignal(view.mention_clicked) as clicked:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center()
        )
    assert clicked.args[0].entity.name == "London"

    # A click on plain text says nothing.
    cursor.setPosition(view.document_position(article.text.index("wrote") + 2))
    with qtbot.assertNotEmitted(view.mention_clicked):
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center()
        )


def test_the_column_is_centred_and_keeps_its_measure(qtbot, view: ArticleView) -> None:
    view.resize(1600, 700)
    qtbot.waitUntil(lambda: view.viewport().width() < 1200)
    margins = view.viewportMargins()
    assert margins.left() == margins.right() > 100
    # The column is the measure wide (plus the scroll bar's width when it is hidden).
    scrollbar = view.verticalScrollBar().sizeHint().width()
    assert 0 <= view.viewport().width() - view._formats.measure() <= scrollbar + 2


def test_a_long_article_is_highlighted_in_slices(qtbot, view, by_hand, monkeypatch) -> None:
    from ui import article_view

    long = Article.from_blocks([("Ada met Charles in London.", "paragraph")] * 400)
    view.set_article(long)
    annotations = by_hand(
        long, ("PERSON", "Ada", ["Ada"] * 400), ("GPE", "London", ["London"] * 400)
    )
    # Slices of at most 16 mentions: 50 of them, each between events.
    monkeypatch.setattr(article_view._HighlightJob, "batch", {True: 16, False: 16})
    monkeypatch.setattr(article_view, "_MAX_BATCH", 16)
    with qtbot.waitSignal(view.highlights_applied):
        view.set_annotations(annotations)
        assert view.highlights_pending()
    assert not view.highlights_pending()
    last = annotations.entities[0].mentions[-1]
    cursor = view.cursor_for(last.start, last.end)
    assert cursor.charFormat().property(ENTITY_PROPERTY) == "e1"

    # A new article in the middle of the work drops the rest of it.
    view.set_annotations(annotations)
    assert view.highlights_pending()
    short = Article.from_blocks([("Nothing to see.", "paragraph")])
    view.set_article(short)
    assert not view.highlights_pending()
    qtbot.wait(50)  # turns of the event loop in which the old marks would have gone on
    assert view.toPlainText() == "Nothing to see."
    assert view.cursor_for(0, 7).charFormat().property(ENTITY_PROPERTY) is None


def test_another_theme_recolours_the_page(qtbot, view, article, by_hand, palette) -> None:
    view.set_annotations(by_hand(article, ("GPE", "London", ["London"])))
    dark = Formats(palette, "dark")
    with qtbot.waitSignal(view.highlights_applied):
        view.set_formats(dark)
    assert view.palette().color(view.viewport().backgroundRole()) == dark.background()
    cursor = view.cursor_for(*(lambda s: (s, s + 6))(article.text.index("London")))
    assert cursor.charFormat().foreground().color() == dark.entity_color("place")


def test_hovering_a_mention_shows_its_name_and_type(qtbot, view, article, by_hand, mark) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    mark(view, by_hand(article, ("GPE", "London", ["London", "London"])))
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.document_position(article.text.index("London") + 3))
    point = view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert QToolTip.text() == "London — Country, city or state (mentioned 2 times)"
    QToolTip.hideText()


def test_the_span_index_finds_the_innermost_span_and_what_is_on_the_page() -> None:
    # A sentence with a phrase inside it, a long span reaching over a later one, and
    # a gap between them.
    spans = [(0, 40), (10, 20), (50, 200), (60, 70), (120, 130)]
    index = SpanIndex(spans, lambda span: span)
    assert list(index) == sorted(spans)
    assert index.at(5) == (0, 40)
    assert index.at(15) == (10, 20)  # inside both: the one that starts later
    assert index.at(20) == (0, 40)  # the end is not part of a span
    assert index.at(45) is None
    assert index.at(100) == (50, 200)  # after the inner one, still in the long one
    assert index.at(200) is None
    assert index.after(10) == (50, 200) and index.after(9) == (10, 20)
    assert index.before(10) == (0, 40) and index.before(0) is None
    assert index.between(35, 61) == [(0, 40), (50, 200), (60, 70)]
    assert index.between(100, 110) == [(50, 200)]
    assert index.between(40, 50) == []
    assert SpanIndex([], lambda span: span).at(0) is None


def _long_article() -> Article:
    """About 270,000 characters: many slices of the page."""
    words = "Ada met Charles in London, and they talked of engines until late. " * 10
    return Article.from_blocks([(f"{n}. {words}", "paragraph") for n in range(400)])


def test_a_long_article_shows_its_first_pages_at_once_and_the_rest_follows(
    qtbot, view: ArticleView, by_hand
) -> None:
    long = _long_article()
    view.set_article(long)
    written = view.document().blockCount()
    assert 10 < written < len(long.paragraphs) // 2  # the first pages, not the whole text
    assert view.document().firstBlock().text().startswith("0. Ada met Charles")

    # Highlights asked for meanwhile wait for the whole page, then every one is in.
    annotations = by_hand(long, ("GPE", "London", ["London"] * len(long.paragraphs)))
    with qtbot.waitSignal(view.highlights_applied, timeout=20_000):
        view.set_annotations(annotations)
    assert view.document().blockCount() == len(long.paragraphs)
    last = annotations.entities[0].mentions[-1]
    assert view.cursor_for(last.start, last.end).charFormat().property(ENTITY_PROPERTY) == "e1"


def test_going_to_the_end_of_a_page_still_being_written(view: ArticleView) -> None:
    long = _long_article()
    view.set_article(long)
    last = long.paragraphs[-1]
    assert view.cursor_for(last.start, last.end).selectedText() == long.text[last.start : last.end]
    near_the_end = long.paragraphs[-20]
    view.scroll_to_offset(near_the_end.start)
    assert view.top_offset() == near_the_end.start


def test_another_article_stops_the_page_being_written(qtbot, view: ArticleView) -> None:
    view.set_article(_long_article())
    view.set_article(Article.from_blocks([("Nothing to see.", "paragraph")]))
    qtbot.wait(50)  # turns of the event loop in which the old page would have gone on
    assert view.toPlainText() == "Nothing to see."
