"""Claims in the window: their own underline on the page, why and how sure on hover,
F6 from claim to claim, and the "Claims to check" checklist with the reader's verdicts,
kept in the library and undone with Ctrl+Z."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QToolTip

from reader.annotations import Annotations, Claim, Entity, Mention, Quote
from reader.article import Article
from reader.store import ClaimCheck
from reader.store.errors import StoreError
from reader.store.library import Library
from ui import app
from ui.article_view import ArticleView
from ui.claims_panel import CLAIM_ROLE, STATE_ROLE, ClaimFilter, ClaimListModel
from ui.formats import CLAIM_PROPERTY, Formats
from ui.main_window import HIDDEN_KEY, MainWindow
from ui.notes_service import CLAIMS

DOTTED = QTextCharFormat.UnderlineStyle.DotLine
NO_UNDERLINE = QTextCharFormat.UnderlineStyle.NoUnderline

# -- a small article, annotated by hand ----------------------------------------------------


@pytest.fixture
def article() -> Article:
    return Article.from_blocks(
        [
            ("Costs in Bristol rose by 50% last year, calling it “a heavy bill”.", "paragraph"),
            ("Residents were unhappy.", "paragraph"),
            ("The wall will cost £48 million, almost double the first estimate.", "paragraph"),
        ]
    )


def _claim(article: Article, text: str, reasons: tuple[str, ...], score: float) -> Claim:
    start = article.text.index(text)
    return Claim(start, start + len(text), text, reasons, score)


@pytest.fixture
def annotations(article: Article) -> Annotations:
    text = article.text
    bristol = text.index("Bristol")
    quote = text.index("a heavy bill")
    first, second = article.paragraphs[0], article.paragraphs[2]
    return Annotations(
        entities=(
            Entity(
                "e1",
                "GPE",
                "Bristol",
                (Mention(bristol, bristol + 7, "Bristol", first.start, first.end),),
            ),
        ),
        quotes=(Quote(quote, quote + 12, "a heavy bill", "scare", ((quote, quote + 12),)),),
        claims=(
            _claim(article, text[first.start : first.end], ("statistic", "comparison"), 0.97),
            _claim(article, "Residents were unhappy.", ("state",), 0.45),
            _claim(article, text[second.start : second.end], ("statistic", "prediction"), 0.91),
        ),
    )


@pytest.fixture
def view(qtbot, formats: Formats, article: Article, annotations: Annotations, mark) -> ArticleView:
    view = ArticleView(formats)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.set_article(article)
    view.show()
    qtbot.waitExposed(view)
    mark(view, annotations)
    return view


def _format_at(view: ArticleView, offset: int) -> QTextCharFormat:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.document_position(offset) + 1)
    return cursor.charFormat()


def _hover(qtbot, view: ArticleView, offset: int) -> str:
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


def test_claims_own_the_underline(view: ArticleView, article: Article, formats: Formats) -> None:
    text = article.text

    def at(words: str) -> QTextCharFormat:
        return _format_at(view, text.index(words))

    ink = formats.claim_color()
    for words in ("Costs", "Bristol", "heavy", "£48 million"):
        assert at(words).underlineStyle() == DOTTED, words
        assert at(words).underlineColor() == ink, words
    assert at("Costs").property(CLAIM_PROPERTY) is True
    # A claim scoring under 0.8 is in the panel, not underlined on the page.
    assert at("unhappy").underlineStyle() == NO_UNDERLINE
    # An entity and a quote inside a claim keep their own marks.
    assert at("Bristol").foreground().color() == formats.entity_color("place")
    assert at("heavy").background().color() == formats.quote_tint("scare")

    view.set_claims_visible(False)
    assert at("Bristol").underlineStyle() == NO_UNDERLINE
    assert at("£48 million").underlineStyle() == NO_UNDERLINE
    assert at("Bristol").foreground().color() == formats.entity_color("place")
    assert at("heavy").background().color() == formats.quote_tint("scare")
    assert view.step_claim(True) is None

    view.set_claims_visible(True)
    view.set_quotes_visible(False)
    view.set_category_visible("place", False)
    assert at("heavy").underlineStyle() == DOTTED
    assert at("heavy").background().style() == Qt.BrushStyle.NoBrush
    assert at("Bristol").underlineStyle() == DOTTED
    assert at("Bristol").foreground().style() == Qt.BrushStyle.NoBrush


def test_hovering_a_claim_says_why_how_sure_and_the_verdict(
    qtbot, view: ArticleView, article: Article, annotations: Annotations
) -> None:
    text = article.text
    tip = _hover(qtbot, view, text.index("Bristol")).splitlines()
    assert tip[0].startswith("Bristol — ")  # the entity, then the claim around it
    assert tip[1] == "Claim · statistic, comparison · check-worthiness 0.97"
    tip = _hover(qtbot, view, text.index("heavy")).splitlines()
    assert tip[0].startswith("Scare quote")  # the quote, then the claim around it
    assert tip[1] == "Claim · statistic, comparison · check-worthiness 0.97"
    claim = annotations.claims[0]
    check = ClaimCheck(claim.start, claim.end, claim.text, "false", "Their own figure is 35%.", "")
    view.set_claim_checks({(claim.start, claim.end): check})
    assert _hover(qtbot, view, text.index("Costs")).splitlines() == [
        "Claim · statistic, comparison · check-worthiness 0.97 · your verdict: false",
        "Note: Their own figure is 35%.",
    ]
    view.set_claims_visible(False)
    assert "Claim" not in _hover(qtbot, view, text.index("Bristol"))


def test_next_and_previous_go_through_the_underlined_claims(view, annotations) -> None:
    first, _, last = annotations.claims
    view.moveCursor(QTextCursor.MoveOperation.Start)
    assert view.step_claim(True) == first
    assert view.textCursor().selectedText() == first.text
    assert view.step_claim(True) == last  # the claim under 0.8 is not on the page
    assert view.step_claim(True) is None
    assert view.step_claim(False) == first


def test_the_status_bar_counts_the_claims_and_names_their_key(annotations) -> None:
    from ui.main_window import _summary

    said = _summary(annotations)
    assert "3 claims (2 underlined)" in said
    assert said.endswith("press F8, F9 or F6 to go from one to the next.")


def test_the_claim_models(qtmodeltester, article, annotations) -> None:
    model = ClaimListModel()
    qtmodeltester.check(model)
    claims = annotations.claims
    model.set_claims(article, tuple(reversed(claims)))
    qtmodeltester.check(model)
    assert [model.index(row).data(CLAIM_ROLE) for row in range(3)] == list(claims)  # text order
    first = claims[0]
    check = ClaimCheck(first.start, first.end, first.text, "false", "", "")
    model.set_checks({(first.start, first.end): check})
    assert model.index(0).data(STATE_ROLE) == "false"
    assert model.index(1).data(STATE_ROLE) == "open"
    shown = model.index(0).data(Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("“Costs in Bristol rose by 50%")
    assert "False · statistic, comparison · 0.97 · ¶ 1" in shown
    assert "Not underlined" in model.index(1).data(Qt.ItemDataRole.ToolTipRole)

    unchecked = ClaimFilter()
    unchecked.setSourceModel(model)
    qtmodeltester.check(unchecked)
    unchecked.set_state("open")
    assert [unchecked.index(row, 0).data(CLAIM_ROLE) for row in range(2)] == list(claims[1:])
    assert unchecked.rowCount() == 2
    unchecked.set_state("false")
    assert unchecked.rowCount() == 1

    model.set_claims(None, [])
    assert model.rowCount() == 0 and unchecked.rowCount() == 0


# -- the real window -------------------------------------------------------------------------


def _open(qtbot, window: MainWindow, path: Path) -> MainWindow:
    with qtbot.waitSignal(window.annotations_shown, timeout=60_000):
        assert window.open_path(path)
    return window


def _row_of(window: MainWindow, words: str):
    """The panel's row (in the filter) of the claim holding ``words``."""
    panel = window.claims_panel
    for row in range(panel.filter.rowCount()):
        index = panel.filter.index(row, 0)
        if words in index.data(CLAIM_ROLE).text:
            return index
    raise AssertionError(f"no claim with {words!r} in the panel")


@pytest.mark.corpus
def test_checking_claims_in_the_window(
    qtbot, make_window, open_notes, shared_article, formats: Formats
) -> None:
    window = _open(qtbot, make_window(), shared_article)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    text = window.article.text
    claims = window.annotations.claims
    underlined = [claim for claim in claims if claim.score >= 0.8]
    assert underlined and len(underlined) < len(claims)
    assert window.legend.claims_action.shortcut().toString() == "Ctrl+0"
    assert window.legend.claims_action.iconText() == f"Claims {len(underlined)}"

    # Ctrl+Shift+K brings the checklist up with the keyboard in it: every claim, in
    # text order, with why it is one.
    panel = window.claims_panel
    assert window.claims_panel_toggle.shortcut().toString() == "Ctrl+Shift+K"
    assert not panel.isVisible() or panel.visibleRegion().isEmpty()  # behind its tab
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_K,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert panel.isVisible() and panel._list.hasFocus()
    assert panel.model.rowCount() == len(claims)
    fifty = _row_of(window, "cases had risen by 50% in the past year")
    claim = fifty.data(CLAIM_ROLE)
    assert "statistic" in fifty.data(Qt.ItemDataRole.DisplayRole)
    assert f"{len(claims)} claims</b>, {len(claims)} unchecked" in panel._summary.text()

    # Hovering its words says why it is a claim and how sure the finder is.
    tip = _hover(qtbot, window.view, text.index("cases had risen"))
    assert f"Claim · {', '.join(claim.reasons)} · check-worthiness {claim.score:.2f}" in tip

    # F6 goes to the first underlined claim, Shift+F6 back round to the last.
    assert window.next_claim_action.shortcut().toString() == "F6"
    window.view.setFocus()
    window.view.moveCursor(QTextCursor.MoveOperation.Start)
    qtbot.keyClick(window.view, Qt.Key.Key_F6)
    cursor = window.view.textCursor()
    assert window.view.article_offset(cursor.selectionStart()) == underlined[0].start
    assert cursor.selectedText() == underlined[0].text
    assert panel.current() == underlined[0]
    qtbot.keyClick(window.view, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.textCursor().selectedText() == underlined[-1].text

    # A click on a row takes the page there; the verdict is chosen with the keyboard.
    panel._list.scrollTo(fifty)
    point = panel._list.visualRect(fifty).center()
    qtbot.mouseClick(panel._list.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.view.textCursor().selectedText() == claim.text
    assert panel.current() == claim
    panel._verdict.setFocus()
    with qtbot.waitSignal(window.notes.changed, check_params_cb=lambda key: key == CLAIMS):
        qtbot.keyClicks(panel._verdict, "F")  # "False — it does not hold"
    assert _row_of(window, "50%").data(STATE_ROLE) == "false"
    assert "your verdict: false" in _hover(qtbot, window.view, text.index("cases had risen"))
    qtbot.keyClicks(panel._note, "The ONS figure is 18%.")
    with qtbot.waitSignal(window.notes.changed):
        qtbot.keyClick(panel._note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    # Kept in the library: another connection, and another window, find it.
    article_id = window._article_id
    library = Library.open()
    try:
        (kept,) = library.claim_checks(article_id)
    finally:
        library.close()
    assert (kept.start, kept.end, kept.state, kept.note) == (
        claim.start,
        claim.end,
        "false",
        "The ONS figure is 18%.",
    )
    again = _open(qtbot, make_window(notes=open_notes()), shared_article)
    assert _row_of(again, "50%").data(STATE_ROLE) == "false"
    assert "The ONS figure" in again.claims_panel.model.note(claim)
    again.close()

    # Ctrl+Z takes the note back, then the verdict; the panel follows.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.model.note(claim) == ""
    assert panel._note.toPlainText() == ""
    assert _row_of(window, "50%").data(STATE_ROLE) == "false"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _row_of(window, "50%").data(STATE_ROLE) == "open"
    assert panel._verdict.currentData() == "open"
    assert f"{len(claims)} unchecked" in panel._summary.text()

    # Ctrl+0 hides the underline alone, and the window remembers it.
    fifty_percent = text.index("50%")
    assert _format_at(window.view, fifty_percent).underlineStyle() == DOTTED
    number = _format_at(window.view, fifty_percent).foreground().color()
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert _format_at(window.view, fifty_percent).underlineStyle() == NO_UNDERLINE
    assert _format_at(window.view, fifty_percent).foreground().color() == number
    scourge = text.index("scourge")
    assert _format_at(window.view, scourge).background().color() == formats.quote_tint("direct")
    assert window._settings.value(HIDDEN_KEY) in ("claims", ["claims"])

    # Ctrl+Shift+K again puts the checklist away.
    window.claims_panel_toggle.trigger()
    assert not panel.isVisible()


def test_without_a_library_the_claims_are_listed_read_only(
    qtbot, make_window, monkeypatch, write_article
) -> None:
    def refuse(cls, path=None):
        raise StoreError("The notes library was written by a newer version.", "newer")

    monkeypatch.setattr(Library, "open", classmethod(refuse))
    path = write_article(
        "costs.txt",
        "Flood defence costs in Tewkesbury rose by 50% last year, the council said.\n\n"
        "The government will cover £31 million of the new total, leaving a gap of about "
        "£17 million.\n",
    )
    window = _open(qtbot, make_window(notes=app.open_notes()), path)
    window.claims_panel_toggle.trigger()
    panel = window.claims_panel
    assert panel.model.rowCount() == len(window.annotations.claims) > 0
    assert not panel._verdict.isEnabled() and not panel._note.isEnabled()
    assert "Read-only" in panel._summary.text()
    assert "newer version" in panel._summary.text()
    assert panel.set_verdict("true", panel.model.claims()[0]) is None
