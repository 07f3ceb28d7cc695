"""The window end to end, with the real English pipeline on a real article."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextCursor
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.importers import ImportFailure, load_article
from ui.main_window import MainWindow


def _open_and_wait(qtbot, window: MainWindow, path: Path) -> None:
    with qtbot.waitSignal(window.annotations_shown, timeout=60_000):
        assert window.open_path(path)


def _format_at(window: MainWindow, offset: int):
    cursor = QTextCursor(window.view.document())
    cursor.setPosition(window.view.document_position(offset) + 1)
    return cursor.charFormat()


def _colour_at(window: MainWindow, offset: int):
    brush = _format_at(window, offset).foreground()
    return None if brush.style() == Qt.BrushStyle.NoBrush else brush.color()


def _click_text(qtbot, window: MainWindow, offset: int) -> None:
    view = window.view
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.document_position(offset))
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.cursorRect(cursor).center()
    )


@pytest.mark.corpus
def test_text_first_then_entity_colours(
    qtbot, make_window, open_and_wait, shared_article, formats
) -> None:
    window = make_window()
    with qtbot.waitSignal(window.annotations_shown, timeout=60_000):
        open_and_wait(window, shared_article)
        # The text is on the page before any highlight arrives.
        assert window.view.toPlainText().count("Rishi Sunak") >= 2
        assert window.annotations is None
    text = window.article.text
    person, place = formats.entity_color("person"), formats.entity_color("place")

    assert _colour_at(window, text.index("Rishi Sunak")) == person
    assert _colour_at(window, text.index("Reykjavik")) == place
    assert _colour_at(window, text.index("vulnerable")) is None
    assert "Person" in _format_at(window, text.index("Rishi Sunak")).toolTip()
    people = sum(e.label == "PERSON" for e in window.annotations.entities)
    assert window.legend.category_actions["person"].iconText() == f"Person {people}"
    assert "entities" in window._status.text()
    assert window._progress.isHidden()

    person_chip = window.legend.category_actions["person"]
    person_chip.trigger()  # untick: the person colour goes
    assert not person_chip.isChecked()
    assert _colour_at(window, text.index("Rishi Sunak")) is None
    assert _colour_at(window, text.index("Reykjavik")) == place
    person_chip.trigger()
    assert _colour_at(window, text.index("Rishi Sunak")) == person


@pytest.mark.corpus
def test_clicking_an_entity_fills_the_panel(qtbot, make_window, shared_article) -> None:
    window = make_window()
    _open_and_wait(qtbot, window, shared_article)
    text = window.article.text

    with qtbot.waitSignal(window.panel.entity_selected):
        _click_text(qtbot, window, text.index("Rishi Sunak") + 4)
    entity = window.panel.entity
    assert entity.name == "Rishi Sunak"
    assert "Rishi Sunak" in window.panel._name.text()
    assert f"{len(entity.mentions)} mentions" in window.panel._kind.text()
    assert window.panel.mentions.rowCount() == len(entity.mentions) > 3
    assert len(window.view.extraSelections()) == len(entity.mentions)

    # Clicking the last mention in the panel brings the page to it.
    panel_list = window.panel._mention_view
    last = window.panel.mentions.index(len(entity.mentions) - 1)
    panel_list.scrollTo(last)
    qtbot.mouseClick(
        panel_list.viewport(), Qt.MouseButton.LeftButton, pos=panel_list.visualRect(last).center()
    )
    mention = entity.mentions[-1]
    cursor = window.view.textCursor()
    assert window.view.article_offset(cursor.selectionStart()) == mention.start
    assert window.view.article_offset(cursor.selectionEnd()) == mention.end
    assert window.view.viewport().rect().contains(window.view.cursorRect(cursor).center())


@pytest.mark.corpus
def test_keyboard_goes_from_mention_to_mention(qtbot, make_window, shared_article) -> None:
    window = make_window()
    _open_and_wait(qtbot, window, shared_article)
    assert window.next_action.shortcut().toString() == "F8"
    assert window.previous_action.shortcut().toString() == "Shift+F8"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.view.textCursor().selectedText() == "Rishi Sunak"
    assert window.panel.entity.name == "Rishi Sunak"
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert window.view.textCursor().selectedText() == "European"
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.textCursor().selectedText() == "Rishi Sunak"

    window.focus_panel_action.trigger()
    assert window.panel._mention_view.hasFocus()
    qtbot.keyClick(window.panel._mention_view, Qt.Key.Key_Escape)
    assert window.view.hasFocus()


@pytest.mark.corpus
def test_a_binary_file_is_refused_and_the_article_stays(
    qtbot, make_window, open_refused, shared_article, tmp_path
) -> None:
    window = make_window()
    _open_and_wait(qtbot, window, shared_article)
    shown = window.article
    binary = tmp_path / "picture.bin"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(ImportFailure) as expected:
        load_article(binary)

    title, text = open_refused(window, binary)
    assert title == "Cannot open “picture.bin”"
    assert text == str(expected.value)
    assert "binary" in text
    assert window.article is shown
    assert window._status.text() == (
        "“picture.bin” could not be opened; the article on the page stays."
    )
    assert window.annotations is not None
    assert "picture.bin" not in " ".join(window.recent_files())


def test_only_the_latest_articles_highlights_arrive(qtbot, make_window, write_article) -> None:
    window = make_window()
    first = write_article("first.txt", "Angela Merkel spoke in Berlin on Monday.")
    second = write_article("second.txt", "Emmanuel Macron spoke in Paris on Tuesday.")
    shown = []
    window.annotations_shown.connect(shown.append)
    with qtbot.waitSignal(window.annotations_shown, timeout=60_000):
        window.open_path(first)
        window.open_path(second)
    assert len(shown) == 1
    names = {e.name for e in shown[0].entities}
    assert "Paris" in names and "Berlin" not in names
    assert window.article.source == str(second)


def test_a_dropped_file_opens_and_is_remembered(qtbot, make_window, write_article) -> None:
    window = make_window()
    path = write_article("dropped.md", "# Dropped\n\nA short article about Lisbon.")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(QPoint(200, 200)),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.annotations_shown, timeout=60_000):
        window.dropEvent(event)
    assert window.article.title == "Dropped"
    assert window.windowTitle().startswith("Dropped")
    assert window.recent_files() == [str(path.resolve())]

    # A new window (a later session) offers it again.
    again = make_window()
    again._fill_recent_menu()
    entries = [a.text() for a in again.recent_menu.actions()]
    assert "&1 dropped.md" in entries


def test_the_window_starts_empty_with_a_prompt(make_window) -> None:
    window = make_window()
    assert window._pages.currentWidget() is window.welcome
    assert window.article is None
    assert not window.next_action.isEnabled()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Help"]
    assert window.open_action.shortcut().toString() == "Ctrl+O"
    assert window.quit_action.shortcut().toString() == "Ctrl+Q"


def test_without_a_language_model_the_text_stays_readable(qtbot, write_article) -> None:
    from PySide6.QtCore import QSettings

    from reader.nlp.pipeline import ModelMissing
    from reader.paths import config_dir
    from ui.workers import AnnotationService

    class NoModel:
        @property
        def nlp(self):
            raise ModelMissing("No English language model is installed. Install one with: pip x")

    service = AnnotationService(NoModel)
    try:
        settings = QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(service, settings, theme="light")
        qtbot.addWidget(window)
        window.show()
        path = write_article("plain.txt", "Marie Curie worked in Paris.")
        with qtbot.waitSignal(window.annotation_failed):
            window.open_path(path)
        assert window.view.toPlainText().endswith("Marie Curie worked in Paris.")
        assert "not installed" in window._status.text()

        def message_box() -> QMessageBox | None:
            boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
            return next((b for b in boxes if b.isVisible()), None)

        qtbot.waitUntil(lambda: message_box() is not None)
        box = message_box()
        assert box.windowTitle() == "The language model is missing"
        assert "pip x" in box.text()
        box.close()
    finally:
        window.close()
        service.shutdown()
