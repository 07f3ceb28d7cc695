"""Opening web pages, EPUB books and bad input in the window.

Pages come from a server on 127.0.0.1 (``local_site``); books are built by hand.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from reader.article import Article, ContentsEntry
from reader.importers import ImportFailure
from ui.contents_panel import ContentsModel
from ui.downloads import DownloadService
from ui.main_window import FILE_FILTER

PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Flood walls approved for the Ouse | Riverside Gazette</title></head>
<body><article><h1>Flood walls approved for the Ouse</h1>
<p>The council in York voted on Tuesday night to spend four million pounds on new flood
walls along the river, after two winters in which the water reached the high street.</p>
</article></body></html>"""


def message_box() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            return widget
    return None


def take_message(qtbot) -> tuple[str, str]:
    qtbot.waitUntil(lambda: message_box() is not None, timeout=10_000)
    box = message_box()
    assert box is not None
    title, text = box.windowTitle(), box.text()
    box.close()
    qtbot.waitUntil(lambda: message_box() is None)
    return title, text


def test_a_web_page_opens_without_blocking_and_is_remembered(qtbot, make_window, local_site):
    local_site.routes["/news/walls"] = (200, {"Content-Type": "text/html"}, PAGE)
    window = make_window()
    with qtbot.waitSignal(window.article_opened, timeout=10_000):
        assert window.open_source(local_site.url("/news/walls"))
        # The window goes on while the page downloads.
        assert window.is_opening()
        assert "Downloading 127.0.0.1" in window._status.text()
    article = window.article
    assert article.title == "Flood walls approved for the Ouse"
    assert article.url == local_site.url("/news/walls")
    assert window.windowTitle().startswith("Flood walls approved")
    assert window.recent_files() == [local_site.url("/news/walls")]
    window._fill_recent_menu()
    assert "&1 127.0.0.1/news/walls" in [a.text() for a in window.recent_menu.actions()]
    assert not window.contents_panel.isVisible()


@pytest.mark.parametrize(
    ("route", "words"),
    [
        ((302, {"Location": "/link"}, b""), "redirects in a loop"),
        ((200, {"Content-Type": "image/png"}, b"\x89PNG" * 10), "leads to a picture"),
    ],
)
def test_a_bad_link_is_reported_and_the_article_stays(
    qtbot, make_window, open_and_wait, local_site, write_article, route, words
):
    local_site.routes["/link"] = route
    window = make_window()
    shown = open_and_wait(window, write_article("first.txt", "A short article about Lisbon."))
    with qtbot.waitSignal(window.open_failed, timeout=10_000) as failed:
        window.open_url(local_site.url("/link"))
    assert words in failed.args[0]
    title, text = take_message(qtbot)
    assert title == "Cannot open the link"
    assert words in text
    assert window.article is shown
    assert not window.is_opening()
    assert window._progress.isHidden() or window._request


def test_what_is_typed_must_be_a_web_address(qtbot, make_window):
    window = make_window()
    assert not window.open_url("not an address")
    _, text = take_message(qtbot)
    assert "not a web address" in text
    assert not window.is_opening()


def test_open_link_asks_for_an_address(qtbot, make_window, local_site):
    local_site.routes["/a"] = (200, {"Content-Type": "text/html"}, PAGE)
    window = make_window()
    assert window.open_link_action.shortcut().toString() == "Ctrl+L"
    window.open_link_action.trigger()
    dialog = window.findChild(QInputDialog, "openLinkDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue(local_site.url("/a"))
    with qtbot.waitSignal(window.article_opened, timeout=10_000):
        dialog.accept()
    assert window.article.title == "Flood walls approved for the Ouse"


def test_a_link_dropped_from_a_browser_opens(qtbot, make_window, local_site):
    local_site.routes["/dropped"] = (200, {"Content-Type": "text/html"}, PAGE)
    window = make_window()
    data = QMimeData()
    data.setUrls([QUrl(local_site.url("/dropped"))])
    event = QDropEvent(
        QPointF(QPoint(200, 200)),
        Qt.DropAction.CopyAction,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.article_opened, timeout=10_000):
        window.dropEvent(event)
    assert window.article.source == local_site.url("/dropped")


def test_bad_files_each_get_the_error_dialog_and_the_window_goes_on(
    qtbot, make_window, open_refused, make_epub, tmp_path
):
    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    big = tmp_path / "big.html"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)
    cases = {
        write("empty.txt", b""): "is empty",
        write("photo.txt", b"\x89PNG\r\n\x1a\n\x00" + bytes(range(256)) * 4): "binary file",
        write("cut.epub", make_epub()[:-200]): "damaged or incomplete",
        big: "50 MB",
        write("bomb.html", b"<div>" * 100_000): "nested more than 255 deep",
        write("notes.zip", _zip_without_a_book()): "not an EPUB book",
    }
    window = make_window()
    for path, words in cases.items():
        title, text = open_refused(window, path)
        assert title == f"Cannot open “{path.name}”"
        assert words in text
    assert window.article is None
    assert window._pages.currentWidget() is window.welcome
    assert window.recent_files() == []
    assert window._status.text() == "Open an article to start reading."
    assert window._progress.isHidden()
    assert "Articles and books (" in FILE_FILTER and "*.epub" in FILE_FILTER


def _zip_without_a_book() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes/monday.txt", "Nothing to see.")
    return buffer.getvalue()


def test_a_book_shows_its_contents_and_goes_to_a_chapter(
    qtbot, make_window, open_and_wait, make_epub, tmp_path
):
    chapters = [
        (f"Chapter {n}", [f"Paragraph {k} of chapter {n} in a long book." for k in range(12)])
        for n in range(1, 6)
    ]
    path = tmp_path / "book.epub"
    path.write_bytes(make_epub(chapters))
    window = make_window()
    open_and_wait(window, path)
    panel = window.contents_panel
    assert panel.isVisible()
    assert [panel.model.entry(row).title for row in range(panel.model.rowCount())] == [
        f"Chapter {n}" for n in range(1, 6)
    ]
    assert panel.current_row() == 0
    view = panel.findChild(type(window.panel._entity_view), "contentsList")
    index = panel.model.index(3)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    offset = window.article.contents[3].offset
    assert window.view.top_offset() == offset
    assert panel.current_row() == 3
    window.next_chapter_action.trigger()  # the last chapter: shown, if not at the top
    assert panel.current_row() == 4
    caret = window.view.cursorRect()
    assert window.view.viewport().rect().contains(caret.center())
    assert window.view.textCursor().position() == window.view.document_position(
        window.article.contents[4].offset
    )
    window.previous_chapter_action.trigger()
    window.previous_chapter_action.trigger()
    assert window.view.top_offset() == window.article.contents[2].offset
    assert panel.current_row() == 2

    # An article without contents hides the panel again.
    text = tmp_path / "short.txt"
    text.write_text("A short article.", encoding="utf-8")
    open_and_wait(window, text)
    assert not panel.isVisible()
    assert not window.next_chapter_action.isEnabled()


def test_contents_model(qtmodeltester):
    model = ContentsModel()
    article = Article.from_blocks([("One", "heading"), ("Text.", "paragraph")])
    model.set_entries((ContentsEntry("One", 0), ContentsEntry("Part", 5, 1)))
    qtmodeltester.check(model)
    assert model.row_at(0) == 0 and model.row_at(len(article.text)) == 1
    assert model.row_at(-1) == -1


def test_only_the_latest_downloads_result_arrives(qtbot):
    gate = threading.Event()

    def loader(url: str, progress) -> Article:
        if url == "slow":
            gate.wait(5)
        progress(1, 1)  # the abandoned download stops here
        if url == "bad":
            raise ImportFailure("Bad.")
        return Article.from_blocks([(url, "paragraph")])

    service = DownloadService(loader)
    try:
        arrived: list[Article] = []
        service.finished.connect(lambda _id, article: arrived.append(article))
        slow = service.request("slow")
        with qtbot.waitSignal(service.finished, timeout=5_000) as done:
            fast = service.request("fast")
        assert done.args[0] == fast != slow
        gate.set()
        with qtbot.waitSignal(service.failed, timeout=5_000) as failed:
            service.request("bad")
        assert failed.args[1] == "Bad."
        assert [a.text for a in arrived] == ["fast"]
    finally:
        gate.set()
        assert service.shutdown()


def _long_article(path: Path, words: int = 100_000) -> Path:
    """A plain-text file of about ``words`` words, in paragraphs of a hundred."""
    sentence = "The council in York voted on Tuesday night to spend money on flood walls. "
    per_paragraph = 100 // len(sentence.split()) + 1
    paragraphs = [f"Paragraph {n}. " + sentence * per_paragraph for n in range(words // 100)]
    path.write_text("Flood walls for York\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
    return path


def test_the_window_answers_while_a_long_file_is_imported(
    qtbot, make_window, annotation_service, tmp_path
):
    path = _long_article(tmp_path / "long.txt")
    window = make_window()
    # A timer on the UI thread notes, at each tick, what the window shows.
    seen: list[tuple[str, bool]] = []
    timer = QTimer(window, interval=5)
    timer.timeout.connect(lambda: seen.append((window._status.text(), window.article is None)))
    timer.start()
    # Loading the language model (once a session, on the workers' thread) and the new
    # window's first layout are not what this test measures: wait until it is idle.
    qtbot.waitUntil(lambda: annotation_service.ready, timeout=60_000)
    qtbot.waitUntil(lambda: len(seen) >= 3)
    seen.clear()
    with qtbot.waitSignal(window.article_opened, timeout=30_000) as opened:
        assert window.open_path(path)
        # Nothing has been read yet: the window says what it is doing and goes on.
        assert window._status.text() == "Opening long.txt…"
        assert window.is_opening()
        assert window.article is None
    timer.stop()
    assert opened.args[0].title == "Flood walls for York"
    assert window.article is opened.args[0]
    assert len(window.article.text.split()) > 100_000
    assert window.windowTitle().startswith("Flood walls for York")
    # The timer kept ticking while the file was being imported.
    while_importing = [status for status, empty in seen if empty]
    assert len(while_importing) >= 3
    assert set(while_importing) == {"Opening long.txt…"}


def test_opening_a_second_file_meanwhile_shows_only_the_second(
    qtbot, make_window, write_article, tmp_path
):
    first = _long_article(tmp_path / "long.txt")
    second = write_article("second.txt", "Lisbon\n\nA short article about Lisbon.")
    window = make_window()
    shown: list[Article] = []
    window.article_opened.connect(shown.append)
    with qtbot.waitSignal(window.article_opened, timeout=30_000):
        assert window.open_path(first)
        assert window.open_path(second)
        assert window._status.text() == "Opening second.txt…"
    # The first file's import runs to its end on the pool; its article is dropped.
    assert window._downloads._pool.waitForDone(30_000)
    qtbot.wait(50)
    assert [article.source for article in shown] == [str(second)]
    assert window.article is shown[0]
    assert window.windowTitle().startswith("Lisbon")
    assert window.recent_files() == [str(second.resolve())]
    assert message_box() is None
