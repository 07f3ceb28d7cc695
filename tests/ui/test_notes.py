"""The reader's own layer in the window: highlight a passage, write a note, tag it,
find it again after a restart; recolour, delete, undo; the notes panel and the library."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QHelpEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QToolTip

from reader.anchoring import TextQuoteSelector
from reader.annotations import Annotations, Entity, Mention, Quote
from reader.article import Article
from reader.store.errors import StoreError
from reader.store.library import Highlight, Library
from ui import app
from ui.article_view import ArticleView
from ui.formats import QUOTE_PROPERTY, Formats
from ui.library_view import ARTICLE_ID_ROLE, HIGHLIGHT_ID_ROLE, LibraryDialog
from ui.main_window import MainWindow
from ui.notes_panel import (
    HIGHLIGHT_ROLE,
    WHERE_ROLE,
    NoteFilter,
    NoteListModel,
    parse_tags,
)
from ui.notes_service import HIGHLIGHTS, NotesService
from ui.palette import pen_over

TEXT = (
    "The harbour authority said on Monday that “the new sea wall will hold for fifty "
    "years”, and the council agreed.\n\n"
    "Engineers from Bristol were less sure. They said the estimate of 40 million pounds "
    "was optimistic.\n\n"
    "Work starts in the spring."
)


@pytest.fixture
def article_file(write_article) -> Path:
    return write_article("harbour.txt", TEXT)


def _select(view: ArticleView, text: str) -> tuple[int, int]:
    """Select the first occurrence of ``text`` on the page, as the reader would."""
    assert view.article is not None
    start = view.article.text.index(text)
    end = start + len(text)
    view.setTextCursor(view.cursor_for(start, end))
    view.setFocus()
    return start, end


def _highlight(qtbot, window: MainWindow, text: str, color: str | None = None) -> Highlight:
    _select(window.view, text)
    with qtbot.waitSignal(window.notes.changed, check_params_cb=lambda key: key == HIGHLIGHTS):
        if color is None:
            window.highlight_action.trigger()
        else:
            found = window.highlight_selection(color)
    if color is None:
        found = window.view.current_highlight()
    assert found is not None
    return found


def _active(qtbot, window: MainWindow) -> MainWindow:
    """The window with the keyboard (shortcuts go to the active window only)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def _hover(qtbot, view: ArticleView, offset: int) -> str:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.document_position(offset) + 1)
    point = view.cursorRect(cursor).center()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(QToolTip.isVisible)
    text = QToolTip.text()
    QToolTip.hideText()
    return text


# -- done when: highlight in the real view, write a note, restart, find it ---------------


def test_a_note_survives_a_restart(
    qtbot, make_window, open_and_wait, open_notes, article_file
) -> None:
    window = _active(qtbot, make_window())
    open_and_wait(window, article_file)
    passage = "the new sea wall will hold for fifty years"
    start, end = _select(window.view, passage)

    with qtbot.waitSignal(window.notes.changed):
        window.highlight_action.trigger()  # Ctrl+H: the colour used last, else the first
    highlight = window.view.current_highlight()
    assert highlight is not None and (highlight.start, highlight.end) == (start, end)
    assert highlight.color_name == "Key point"
    assert window.notes_panel.isVisible()
    assert window.legend.notes_action.iconText() == "Notes 1"
    assert window.legend.notes_action.shortcut().toString() == "Ctrl+9"

    window.note_action.trigger()  # Ctrl+Shift+N: the note editor of the highlight at the caret
    panel = window.notes_panel
    assert panel.current().id == highlight.id
    assert panel._note.hasFocus()
    qtbot.keyClicks(panel._note, "Fifty years? Check the engineers' report.")
    with qtbot.waitSignal(window.notes.changed):
        qtbot.keyClick(panel._note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(panel._tags, "sea wall, to check")
    with qtbot.waitSignal(window.notes.changed):
        qtbot.keyClick(panel._tags, Qt.Key.Key_Return)
    row = panel.model.highlights()[0]
    assert row.note == "Fifty years? Check the engineers' report."
    assert row.tags == ("sea wall", "to check")
    window.close()

    # A new window on a new connection to the same library finds it all again.
    again = make_window(notes=open_notes())
    open_and_wait(again, article_file)
    found = again.notes_panel.model.highlights()
    assert [(h.start, h.end, h.note, h.tags) for h in found] == [
        (start, end, "Fifty years? Check the engineers' report.", ("sea wall", "to check"))
    ]
    shown = again.view.highlights.at(start + 3)
    assert shown is not None and shown.id == highlight.id
    assert again.view.highlight_rects(shown)  # painted on the page
    assert "Check the engineers" in _hover(qtbot, again.view, start + 3)
    index = again.notes_panel.filter.index(0, 0)
    assert "fifty years" in index.data(Qt.ItemDataRole.DisplayRole)
    assert "Check the engineers" in index.data(Qt.ItemDataRole.AccessibleTextRole)


# -- the layers underneath stay visible -------------------------------------------------


@pytest.fixture
def layered(qtbot, formats: Formats, mark) -> tuple[ArticleView, Article, Highlight]:
    """A view with an entity inside a quote, and a highlight over both."""
    article = Article.from_blocks(
        [("The mayor said “Bristol will pay for the wall” on Monday evening.", "paragraph")]
    )
    text = article.text
    quote_start = text.index("Bristol will")
    quote_end = text.index("” on")
    bristol = Mention(quote_start, quote_start + 7, "Bristol", 0, len(text))
    annotations = Annotations(
        entities=(Entity("e1", "GPE", "Bristol", (bristol,)),),
        quotes=(
            Quote(
                quote_start,
                quote_end,
                text[quote_start:quote_end],
                "direct",
                ((quote_start, quote_end),),
            ),
        ),
    )
    view = ArticleView(formats)
    qtbot.addWidget(view)
    view.resize(900, 400)
    view.set_article(article)
    view.show()
    qtbot.waitExposed(view)
    mark(view, annotations)
    start = text.index("said")
    end = text.index(" evening")
    highlight = Highlight(
        id=7,
        article_id=1,
        status="attached",
        start=start,
        end=end,
        quote=text[start:end],
        selector=TextQuoteSelector(text[start:end]),
        color="red",
        color_name="Disagree",
        note="Who pays?",
        tags=("money",),
        created="",
        modified="",
    )
    view.set_highlights([highlight])
    return view, article, highlight


def _pixel(view: ArticleView, x: float, y: float) -> QColor:
    image = view.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    return image.pixelColor(int(x * ratio), int(y * ratio))


def _near(first: QColor, second: QColor, tolerance: int = 4) -> bool:
    return all(
        abs(a - b) <= tolerance
        for a, b in zip(first.getRgb()[:3], second.getRgb()[:3], strict=True)
    )


def test_entities_and_quotes_show_through_a_highlight(layered, formats: Formats) -> None:
    view, article, highlight = layered
    text = article.text
    bristol = text.index("Bristol")
    # The highlight owns no character format: the entity's colour and the quote's tint
    # are where they were.
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.document_position(bristol) + 1)
    fmt = cursor.charFormat()
    assert fmt.foreground().color() == formats.entity_color("place")
    assert fmt.background().color() == formats.quote_tint("direct")
    assert fmt.property(QUOTE_PROPERTY) == "direct"
    # ... and the highlight is painted over them.
    word = view.cursorRect(view.cursor_for(bristol, bristol + 7))
    assert view.highlight_at(word.center()).id == highlight.id
    bands = view.highlight_rects(highlight)
    assert len(bands) == 1 and bands[0].contains(word.center().toPointF())

    # On the page: the space inside the quote shows pen over tint, the space outside
    # it pen over paper: both layers can be seen, and they differ.
    pen = formats.highlight_color("red")
    y = bands[0].center().y()
    for offset, under in (
        (text.index(" will"), formats.quote_tint("direct")),
        (text.index(" on Monday"), formats.background()),
    ):
        left = view.cursorRect(view.cursor_for(offset, offset)).x()
        right = view.cursorRect(view.cursor_for(offset + 1, offset + 1)).x()
        colour = _pixel(view, (left + right) / 2, y)
        assert _near(colour, pen_over(under, pen, "light")), (colour.name(), offset)

    # Hiding the layer hides the band, not the other layers.
    view.set_highlights_visible(False)
    assert view.highlight_at(word.center()) is None
    left = view.cursorRect(view.cursor_for(text.index(" on"), text.index(" on"))).x()
    assert _near(_pixel(view, left + 2, y), formats.background())


def test_the_tooltip_and_the_note_mark_say_what_the_highlight_is(qtbot, layered) -> None:
    view, article, highlight = layered
    tip = _hover(qtbot, view, article.text.index("Bristol") + 2)
    assert "Bristol" in tip and "Quote" in tip
    assert "Highlight · Disagree" in tip and "Note: Who pays?" in tip and "money" in tip
    marks = view._note_margin.marks()
    assert [h.id for _, h in marks] == [highlight.id]
    with qtbot.waitSignal(view.highlight_clicked) as clicked:
        qtbot.mouseClick(
            view._note_margin, Qt.MouseButton.LeftButton, pos=marks[0][0].center().toPoint()
        )
    assert clicked.args[0].id == highlight.id


# -- changing, deleting, undoing ---------------------------------------------------------


def test_recolour_delete_and_undo(qtbot, make_window, open_and_wait, article_file) -> None:
    window = _active(qtbot, make_window())
    open_and_wait(window, article_file)
    first = _highlight(qtbot, window, "Engineers from Bristol were less sure", "blue")
    assert first.color_name == "Question"
    assert window.undo_action.text() == "&Undo Add Highlight"

    with qtbot.waitSignal(window.notes.changed):
        window.recolor_highlight("green", first)
    assert window.view.highlights.get(first.id).color == "green"
    assert window.notes_panel.model.highlights()[0].color_name == "Follow up"

    with qtbot.waitSignal(window.notes.changed):
        window.delete_highlight(first)
    assert len(window.view.highlights) == 0
    assert window.notes_panel.model.rowCount() == 0
    assert "Ctrl+Z" in window.statusBar().currentMessage()

    # Ctrl+Z on the page takes the deletion back, then the colour change.
    window.view.setFocus()
    with qtbot.waitSignal(window.notes.changed):
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.view.highlights.get(first.id).color == "green"
    assert window.undo_action.text() == "&Undo Change Colour"
    with qtbot.waitSignal(window.notes.changed):
        window.undo_action.trigger()
    assert window.view.highlights.get(first.id).color == "blue"


def test_ctrl_z_in_the_note_undoes_typing_not_the_library(
    qtbot, make_window, open_and_wait, article_file
):
    window = _active(qtbot, make_window())
    open_and_wait(window, article_file)
    highlight = _highlight(qtbot, window, "Work starts in the spring")
    window.notes_panel.edit_highlight(highlight.id)
    note = window.notes_panel._note
    note.setFocus()
    qtbot.keyClicks(note, "Which spring?")
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.toPlainText() != "Which spring?"  # the editor's own undo
    assert len(window.view.highlights) == 1  # the highlight is still there


def test_keys_go_from_highlight_to_highlight(
    qtbot, make_window, open_and_wait, article_file
) -> None:
    window = _active(qtbot, make_window())
    open_and_wait(window, article_file)
    later = _highlight(qtbot, window, "Work starts", "purple")
    earlier = _highlight(qtbot, window, "harbour authority", "yellow")
    window.view.moveCursor(QTextCursor.MoveOperation.Start)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F7)
    assert window.view.current_highlight().id == earlier.id
    assert window.view.textCursor().selectedText() == "harbour authority"
    assert window.notes_panel.current().id == earlier.id
    qtbot.keyClick(window.view, Qt.Key.Key_F7)
    assert window.notes_panel.current().id == later.id
    qtbot.keyClick(window.view, Qt.Key.Key_F7)  # wraps round
    assert window.notes_panel.current().id == earlier.id
    qtbot.keyClick(window.view, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert window.notes_panel.current().id == later.id


def test_the_page_menu_offers_the_colours_by_name(
    qtbot, make_window, open_and_wait, article_file
) -> None:
    window = make_window()
    open_and_wait(window, article_file)
    highlight = _highlight(qtbot, window, "Work starts", "red")
    _select(window.view, "Engineers from Bristol")
    menu = QMenu(window)
    qtbot.addWidget(menu)
    window._fill_page_menu(menu, highlight)
    titles = [action.text() for action in menu.actions()]
    assert "Edit Note on “Disagree” Highlight…" in titles
    assert "&Delete Highlight" in titles
    submenus = {a.text(): a.menu() for a in menu.actions() if a.menu() is not None}
    names = [a.text() for a in submenus["&Highlight As"].actions()]
    assert names == ["Key point", "Disagree", "Question", "Follow up", "Remember"]
    checked = [a.text() for a in submenus["&Colour"].actions() if a.isChecked()]
    assert checked == ["Disagree"]


def test_a_colour_gets_a_new_name(qtbot, make_window, open_and_wait, article_file) -> None:
    window = make_window()
    open_and_wait(window, article_file)
    _highlight(qtbot, window, "Work starts", "yellow")
    dialog = window.show_color_names()
    qtbot.addWidget(dialog)
    dialog.fields["yellow"].setText("Evidence")
    dialog.fields["red"].setText("Key point")  # the old name of yellow: a swap
    with qtbot.waitSignal(window.notes.changed):
        dialog.apply()
    names = {c.key: c.name for c in window.notes.colors()}
    assert names["yellow"] == "Evidence" and names["red"] == "Key point"
    assert window.notes_panel.model.highlights()[0].color_name == "Evidence"
    assert "yellow is “Evidence”" in window.legend.notes_action.toolTip()
    assert window.notes_panel._color_filter.findText("Evidence") > 0
    again = window.show_color_names()
    qtbot.addWidget(again)
    again.fields["blue"].setText("evidence")
    again.apply()
    assert again.error.text() == "Two colours cannot have the same name."


# -- the notes panel ---------------------------------------------------------------------


def _made(number: int, start: int | None, color: str, tags: tuple[str, ...] = ()) -> Highlight:
    return Highlight(
        id=number,
        article_id=1,
        status="attached" if start is not None else "orphaned",
        start=start,
        end=None if start is None else start + 5,
        quote=TEXT[start or 0 : (start or 0) + 5],
        selector=TextQuoteSelector("words"),
        color=color,
        color_name=color.capitalize(),
        note=f"note {number}",
        tags=tags,
        created="",
        modified="",
    )


def test_the_note_models_and_their_filters(qtmodeltester, formats: Formats) -> None:
    article = Article.from_text(TEXT) if hasattr(Article, "from_text") else None
    article = article or Article.from_blocks([(p, "paragraph") for p in TEXT.split("\n\n")])
    model = NoteListModel(formats)
    highlights = [
        _made(1, 4, "yellow", ("Sea Wall",)),
        _made(2, 130, "red", ("sea wall", "money")),
        _made(3, None, "yellow"),
    ]
    model.set_highlights(article, highlights)
    qtmodeltester.check(model)
    assert [model.index(r).data(WHERE_ROLE) for r in range(3)] == ["¶ 1", "¶ 2", "orphaned"]
    proxy = NoteFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_color("yellow")
    assert [proxy.index(r, 0).data(HIGHLIGHT_ROLE).id for r in range(proxy.rowCount())] == [1, 3]
    proxy.set_tag("sea wall")  # and tagged so, in any case
    assert proxy.rowCount() == 1
    proxy.set_color("")
    assert [proxy.index(r, 0).data(HIGHLIGHT_ROLE).id for r in range(proxy.rowCount())] == [1, 2]
    qtmodeltester.check(proxy)
    # Only the content of a row changed: updated in place.
    model.set_highlights(article, [_made(1, 4, "blue"), *highlights[1:]])
    assert model.index(0).data(HIGHLIGHT_ROLE).color == "blue"
    assert parse_tags(" sea  wall, ,money ") == ["sea wall", "money"]


def test_the_panel_filters_by_colour_and_tag(
    qtbot, make_window, open_and_wait, article_file
) -> None:
    window = make_window()
    open_and_wait(window, article_file)
    notes = window.notes.library
    article_id = window._article_id
    text = window.article.text
    for passage, color, tags in (
        ("harbour authority", "yellow", ["port"]),
        ("Engineers from Bristol", "red", ["people"]),
        ("Work starts", "yellow", ["dates", "port"]),
    ):
        start = text.index(passage)
        notes.add_highlight(article_id, start, start + len(passage), color, tags=tags)
    window.notes.changed.emit(HIGHLIGHTS)
    panel = window.notes_panel
    assert panel.filter.rowCount() == 3
    panel.set_color_filter("yellow")
    assert panel.filter.rowCount() == 2
    assert "2 shown" in panel._summary.text()
    panel.set_tag_filter("dates")
    assert [
        panel.filter.index(r, 0).data(HIGHLIGHT_ROLE).quote for r in range(panel.filter.rowCount())
    ] == ["Work starts"]
    panel.set_color_filter("red")
    assert panel.filter.rowCount() == 0
    assert "none match" in panel._summary.text()
    panel.set_color_filter("")
    panel.set_tag_filter("")
    # Clicking a row goes there on the page.
    index = panel.filter.index(1, 0)
    rect = panel._list.visualRect(index)
    qtbot.mouseClick(panel._list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.view.textCursor().selectedText() == "Engineers from Bristol"
    assert window.view.current_highlight().quote == "Engineers from Bristol"
    # Clicking a highlight on the page chooses it in the panel.
    offset = text.index("Work starts") + 2
    cursor = window.view.cursor_for(offset, offset)
    point = window.view.cursorRect(cursor).center()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert panel.current().quote == "Work starts"
    assert window.view.current_highlight().quote == "Work starts"


def test_a_changed_article_keeps_its_notes_and_shows_the_orphans(
    qtbot, make_window, open_and_wait, write_article
) -> None:
    path = write_article("changing.txt", TEXT)
    window = make_window()
    open_and_wait(window, path)
    kept = _highlight(qtbot, window, "Engineers from Bristol were less sure", "blue")
    lost = _highlight(qtbot, window, "40 million pounds", "red")
    path.write_text(
        "A new opening paragraph.\n\n"
        + TEXT.replace("the estimate of 40 million pounds was optimistic", "it was fine"),
        encoding="utf-8",
    )
    open_and_wait(window, path)  # re-imported: the core places the notes again
    assert "could not be placed" in window.statusBar().currentMessage()
    rows = window.notes_panel.model.highlights()
    assert [h.id for h in rows] == [kept.id, lost.id]  # the orphaned one last
    moved = window.view.highlights.get(kept.id)
    assert window.article.text[moved.start : moved.end] == "Engineers from Bristol were less sure"
    assert window.view.highlights.get(lost.id) is None  # nowhere on the page ...
    last = window.notes_panel.model.index(1)
    assert last.data(WHERE_ROLE) == "orphaned"  # ... but listed, with its quote
    assert "40 million pounds" in last.data(Qt.ItemDataRole.DisplayRole)
    assert "orphaned" in window.notes_panel._summary.text()


# -- the library -------------------------------------------------------------------------


def test_the_library_lists_articles_and_searches_notes(
    qtbot, qtmodeltester, make_window, open_and_wait, article_file, write_article
) -> None:
    window = make_window()
    other = write_article("other.txt", "A quiet article about gardens and rain.")
    open_and_wait(window, other)
    open_and_wait(window, article_file)
    highlight = _highlight(qtbot, window, "the council agreed", "green")
    window.notes.edit(highlight.id, note="Ask about the zeppelin hangar", tags=["council"])
    open_and_wait(window, other)

    dialog = window.show_library()
    assert isinstance(dialog, LibraryDialog)
    qtmodeltester.check(dialog.articles)
    articles = dialog.articles
    assert [articles.index(r, 0).data() for r in range(2)] == ["other.txt", "harbour.txt"]
    assert articles.index(1, 2).data() == "1"  # its note count
    assert articles.index(0, 2).data() == "0"

    qtbot.keyClicks(dialog.search, "zeppelin")
    qtmodeltester.check(dialog.results)
    assert dialog.results.rowCount() == 1
    found = dialog.results.index(0, 0)
    assert found.data(HIGHLIGHT_ID_ROLE) == highlight.id
    assert "<b>zeppelin</b>" in found.data(Qt.ItemDataRole.UserRole + 3)
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "gardens")
    assert dialog.results.rowCount() == 1
    assert dialog.results.index(0, 0).data(HIGHLIGHT_ID_ROLE) is None

    # Opening a note's row opens its article from the library and goes to the note.
    dialog.search.setText("zeppelin")
    with qtbot.waitSignal(dialog.open_requested):
        qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert window.article.text == TEXT
    assert window.notes_panel.current().id == highlight.id
    assert window.view.textCursor().selectedText() == "the council agreed"
    assert dialog.articles.index(0, 0).data(ARTICLE_ID_ROLE) is not None


# -- trouble with the library ------------------------------------------------------------


def test_a_damaged_library_is_set_aside_and_the_window_says_so(
    qtbot, make_window, open_notes, marginalia_home: Path
) -> None:
    damaged = marginalia_home / "data" / "library.sqlite"
    damaged.parent.mkdir(parents=True, exist_ok=True)
    damaged.write_bytes(b"this is not a database" * 100)
    notes = open_notes()  # the library sets the file aside and starts a new one
    window = make_window(notes=notes)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessage") is not None)
    box = window.findChild(QMessageBox, "errorMessage")
    assert "could not be read" in box.text() and "moved" in box.text()
    assert "Traceback" not in box.text()
    box.close()


def test_without_a_library_the_window_still_opens_articles(
    qtbot, make_window, open_and_wait, monkeypatch, article_file
) -> None:
    def refuse(cls, path=None):
        raise StoreError("The notes library was written by a newer version.", "newer")

    monkeypatch.setattr(Library, "open", classmethod(refuse))
    notes = app.open_notes()
    assert isinstance(notes, NotesService) and not notes.available
    window = make_window(notes=notes)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessage") is not None)
    assert "newer version" in window.findChild(QMessageBox, "errorMessage").text()
    open_and_wait(window, article_file)
    assert not window.highlight_action.isEnabled()
    assert window.highlight_selection() is None
    assert "unavailable" in window.notes_panel._summary.text()


def test_a_write_that_fails_is_reported_not_raised(
    qtbot, make_window, open_and_wait, article_file
) -> None:
    window = make_window()
    open_and_wait(window, article_file)

    def full(*args, **kwargs):
        raise StoreError("The disk holding the notes library is full.", "full")

    window.notes.library.add_highlight = full  # type: ignore[method-assign]
    _select(window.view, "Work starts")
    with qtbot.waitSignal(window.notes.failed):
        assert window.highlight_selection() is None
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessage") is not None)
    assert "disk" in window.findChild(QMessageBox, "errorMessage").text()
    assert "full" in window.statusBar().currentMessage()
    with qtbot.waitSignal(window.notes.failed):  # again: said in the status bar only
        window.highlight_selection()
    assert len(window.findChildren(QMessageBox, "errorMessage")) == 1


def test_page_point_on_nothing_is_no_highlight(layered) -> None:
    view, _, _ = layered
    assert view.highlight_at(QPoint(2, 2)) is None
