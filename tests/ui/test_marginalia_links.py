"""Opening the ``marginalia://`` links an export writes: from the library, no file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox

from reader.export.links import marginalia_link
from reader.importers import load_article
from reader.store.library import Library

TEXT = (
    "The harbour council met on Tuesday.\n\n"
    "Its chair said the new ferry would run from May, weather permitting.\n"
)


def _remembered(tmp_path: Path) -> tuple[int, str, int]:
    """An article kept in the test library whose file is gone, a highlight in it, and
    the article's text hash."""
    path = tmp_path / "ferry.txt"
    path.write_text(TEXT, encoding="utf-8")
    article = load_article(path)
    with Library.open() as library:
        article_id = library.remember_article(article).id
        start = article.text.index("the new ferry")
        highlight = library.add_highlight(article_id, start, start + len("the new ferry"))
    path.unlink()
    return article_id, article.sha256, highlight.id


def _error_text(qtbot, window) -> str:
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "errorMessage") is not None)
    return window.findChild(QMessageBox, "errorMessage").text()


def test_an_exported_link_opens_the_passage_from_the_library(qtbot, make_window, tmp_path):
    _, sha, highlight = _remembered(tmp_path)
    start = TEXT.index("new ferry")
    end = start + len("new ferry would run")
    window = make_window()

    assert window.open_source(marginalia_link(sha, start, end, highlight))

    assert window.article is not None and window.article.sha256 == sha
    assert window.view.selection_range() == (start, end)
    assert window.findChild(QMessageBox, "errorMessage") is None


def test_a_changed_text_falls_back_to_the_highlight(qtbot, make_window, tmp_path):
    _, _, highlight = _remembered(tmp_path)
    link = marginalia_link("0" * 64, 0, 5, highlight)
    window = make_window()

    assert window.open_source(link)

    start = TEXT.index("the new ferry")
    assert window.view.selection_range() == (start, start + len("the new ferry"))


def test_a_link_typed_or_dropped_opens_too(qtbot, make_window, tmp_path):
    _, sha, _ = _remembered(tmp_path)
    window = make_window()
    window._open_typed_link(f"  {marginalia_link(sha, 4, 11, None)} ")
    assert window.view.selection_range() == (4, 11)

    data = QMimeData()
    data.setUrls([QUrl(marginalia_link(sha, 0, 3, None))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(drop)
    assert window.view.selection_range() == (0, 3)


def test_a_link_to_nothing_says_so(qtbot, make_window, tmp_path):
    _remembered(tmp_path)
    window = make_window()

    assert not window.open_source(marginalia_link("ab" * 32, 0, 5, None))

    assert "No article in your library" in _error_text(qtbot, window)
    assert window.article is None


def test_a_damaged_link_says_so(qtbot, make_window):
    window = make_window()
    assert not window.open_source("marginalia://open?article=xyz&start=1")
    assert "incomplete or damaged" in _error_text(qtbot, window)
