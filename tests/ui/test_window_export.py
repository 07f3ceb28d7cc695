"""File > Export in the window: the article on the page with the reader's highlights,
written as Markdown (and Web Annotations beside it); a file that is not ours is left
alone and the reader is told why."""

from __future__ import annotations

import json

import yaml
from PySide6.QtWidgets import QMessageBox

from reader.export import export_id
from ui.main_window import MainWindow
from ui.notes_service import HIGHLIGHTS

TEXT = (
    "The harbour authority said on Monday that the new sea wall will hold for fifty "
    "years.\n\n"
    "Engineers from Bristol were less sure about the estimate of 40 million pounds."
)


def _open(qtbot, make_window, write_article) -> MainWindow:
    window = make_window()
    with qtbot.waitSignal(window.annotations_shown, timeout=30000):
        assert window.open_path(write_article("harbour.txt", TEXT))
    return window


def _highlight(qtbot, window: MainWindow, text: str) -> None:
    assert window.article is not None
    start = window.article.text.index(text)
    window.view.setTextCursor(window.view.cursor_for(start, start + len(text)))
    with qtbot.waitSignal(window.notes.changed, check_params_cb=lambda key: key == HIGHLIGHTS):
        assert window.highlight_selection() is not None


def test_export_is_disabled_until_an_article_is_shown(qtbot, make_window, write_article):
    window = make_window()
    assert not window.export_action.isEnabled()
    assert not window.export_annotations_action.isEnabled()
    assert window.export_action.shortcut().toString() == "Ctrl+E"
    with qtbot.waitSignal(window.annotations_shown, timeout=30000):
        window.open_path(write_article("harbour.txt", TEXT))
    assert window.export_action.isEnabled()
    assert window.export_annotations_action.isEnabled()


def test_export_writes_markdown_with_the_highlight(qtbot, make_window, write_article, tmp_path):
    window = _open(qtbot, make_window, write_article)
    _highlight(qtbot, window, "the new sea wall will hold")
    target = tmp_path / "out" / "Harbour.md"

    assert window.export_to(target, ("md", "annotations"))

    text = target.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    front_text, body = text[4:].split("\n---\n", 1)
    front = yaml.safe_load(front_text)
    assert window.article is not None
    assert front["marginalia_id"] == export_id(window.article)
    assert "the new sea wall will hold" in body
    annotations = json.loads(target.with_suffix(".jsonld").read_text(encoding="utf-8"))
    assert "the new sea wall will hold" in json.dumps(annotations)
    assert "Exported to “Harbour.md” and “Harbour.jsonld”" in window.statusBar().currentMessage()


def test_export_over_a_file_that_is_not_ours_shows_the_error(
    qtbot, make_window, write_article, tmp_path
):
    window = _open(qtbot, make_window, write_article)
    target = tmp_path / "mine.md"
    target.write_text("# My own notes\n", encoding="utf-8")

    assert not window.export_to(target)

    box = window.findChild(QMessageBox, "errorMessage")
    assert box is not None
    assert box.windowTitle() == "Cannot export the article"
    assert box.text()
    assert target.read_text(encoding="utf-8") == "# My own notes\n"
    box.close()
