"""The side panel explains what the reader clicks: an entity's cards above its
mentions, a double-clicked word's dictionary card, a selected phrase (Ctrl+D), and
the reader's own glossary entry first in every article."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPlainTextEdit

from reader.definitions.cards import Lookup
from ui.main_window import MainWindow

SECOND = (
    "Strasbourg judges issued another Rule 39 order on Tuesday.\n\n"
    "Ministers said the interim measure would be challenged."
)


def _point(window: MainWindow, offset: int):
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.document_position(offset) + 1)
    return view.cursorRect(cursor).center()


def _open(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.annotations_shown, timeout=60_000):
        assert window.open_path(path)


def _grab(qtbot, window: MainWindow, path: Path) -> None:
    """The window as the reader sees it once the cards are laid out."""
    cards = window.panel.findChild(QLabel, "definitionCards")
    qtbot.waitUntil(lambda: cards.height() >= cards.heightForWidth(cards.width()))
    window.grab().save(str(path))


def _sources(found: Lookup) -> list[str]:
    return [card.source for card in found.cards]


@pytest.mark.corpus
def test_clicking_echr_shows_the_article_s_definition(
    qtbot, make_window, shared_article, tmp_path
) -> None:
    window = make_window()
    _open(qtbot, window, shared_article)
    assert window.article is not None
    offset = window.article.text.index("ECHR")
    assert window.view.mentions.at(offset) is not None
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000) as shown:
        qtbot.mouseClick(
            window.view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, offset)
        )
    found = shown.args[0]
    article_cards = [card for card in found.cards if card.source == "article"]
    assert article_cards
    assert article_cards[0].definition == "European Court of Human Rights"
    text = window.panel.cards_text()
    assert "European Court of Human Rights" in text
    assert "From the article" in text
    assert window.panel.entity is not None
    assert window.panel.mentions.rowCount() >= 1  # the mention list stays below
    _grab(qtbot, window, tmp_path / "echr.png")


@pytest.mark.corpus
def test_double_clicking_a_word_shows_its_dictionary_card(
    qtbot, make_window, shared_article, tmp_path
) -> None:
    window = make_window()
    _open(qtbot, window, shared_article)
    assert window.article is not None
    offset = window.article.text.index("asylum")
    assert window.view.mentions.at(offset) is None
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000) as shown:
        qtbot.mouseDClick(
            window.view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, offset)
        )
    found = shown.args[0]
    assert found.term == "asylum"
    assert "dictionary" in _sources(found)
    assert window.panel.term == "asylum"
    assert window.panel.entity is None
    assert "WordNet" in window.panel.cards_text()
    _grab(qtbot, window, tmp_path / "asylum.png")


@pytest.mark.corpus
def test_a_glossary_entry_comes_first_in_another_article(
    qtbot, make_window, shared_article, write_article, tmp_path
) -> None:
    window = make_window()
    _open(qtbot, window, shared_article)
    assert window.article is not None
    start = window.article.text.index("Rule 39")
    window.view.setTextCursor(window.view.cursor_for(start, start + len("Rule 39")))
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000):
        window.look_up_action.trigger()
    assert window.panel.term == "Rule 39"

    dialog = window.glossary_dialog("Rule 39")
    dialog.findChild(QPlainTextEdit, "glossaryEditor").setPlainText(
        "The European Court of Human Rights' interim measures: urgent orders to a state."
    )
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000) as shown:
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save).click()
    assert _sources(shown.args[0])[0] == "glossary"

    _open(qtbot, window, write_article("strasbourg.txt", SECOND))
    assert window.article is not None
    start = window.article.text.index("Rule 39")
    window.view.setTextCursor(window.view.cursor_for(start, start + len("Rule 39")))
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000) as shown:
        assert window.look_up_selection()
    found = shown.args[0]
    assert _sources(found)[0] == "glossary"
    assert "interim measures" in found.cards[0].definition
    assert "Your glossary" in window.panel.cards_text()
    _grab(qtbot, window, tmp_path / "glossary.png")


@pytest.mark.corpus
def test_back_forward_and_pin(qtbot, make_window, shared_article) -> None:
    window = make_window()
    _open(qtbot, window, shared_article)
    assert window.article is not None
    assert not window.lookup_back_action.isEnabled()
    assert window.lookup_back_action.shortcut().toString() == "Alt+Left"
    echr = window.article.text.index("ECHR")
    asylum = window.article.text.index("asylum")
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000):
        qtbot.mouseClick(
            window.view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, echr)
        )
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000):
        qtbot.mouseDClick(
            window.view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, asylum)
        )
    assert window.panel.term == "asylum"
    assert window.lookup_back_action.isEnabled()

    with qtbot.waitSignal(window.lookup_shown, timeout=30_000):
        window.lookup_back_action.trigger()
    assert window.panel.term == "ECHR"
    assert window.panel.entity is not None
    assert window.lookup_forward_action.isEnabled()
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000):
        window.lookup_forward_action.trigger()
    assert window.panel.term == "asylum"

    window.pin_panel_action.setChecked(True)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=_point(window, echr))
    assert window.panel.term == "asylum"  # a pinned panel does not follow clicks
