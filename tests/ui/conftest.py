"""Fixtures for the window's tests.

The English pipeline takes a second or two to load, so one ``AnnotationService``
(one worker thread, one pipeline) serves the whole session; each window still makes
its own numbered requests, so tests cannot see each other's results. Each window
gets the notes library of its test's own data folder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from reader.annotations import Annotations, Entity, Mention
from reader.article import Article
from reader.paths import config_dir
from reader.store.library import Library
from ui.article_view import ArticleView
from ui.formats import Formats
from ui.main_window import MainWindow
from ui.notes_service import NotesService
from ui.palette import Palette, load_palette
from ui.workers import AnnotationService


@pytest.fixture(scope="session")
def annotation_service(qapp) -> Iterator[AnnotationService]:
    service = AnnotationService()
    yield service
    service.shutdown()


@pytest.fixture(scope="session")
def palette() -> Palette:
    return load_palette()


@pytest.fixture
def formats(palette: Palette) -> Formats:
    return Formats(palette, "light")


@pytest.fixture
def open_notes() -> Iterator[Callable[[], NotesService]]:
    """Opens the test home's notes library (again), as the window's service; every
    library opened is closed when the test ends."""
    opened: list[NotesService] = []

    def open_() -> NotesService:
        notes = NotesService(Library.open())
        opened.append(notes)
        return notes

    yield open_
    for notes in opened:
        notes.close()


@pytest.fixture
def make_window(
    qtbot, annotation_service: AnnotationService, open_notes: Callable[[], NotesService]
) -> Callable[..., MainWindow]:
    """A shown main window in the light theme, with settings and the notes library in
    the test's home."""

    def make(**kwargs) -> MainWindow:
        settings = QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)
        if "notes" not in kwargs:
            kwargs["notes"] = open_notes()
        window = MainWindow(annotation_service, settings, theme="light", **kwargs)
        qtbot.addWidget(window)
        window.resize(1200, 800)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


@pytest.fixture
def open_and_wait(qtbot) -> Callable[..., Article]:
    """``open_and_wait(window, path)`` opens a file and waits until its article is on
    the page (files are read and imported off the UI thread); returns the article."""

    def open_(window: MainWindow, path: Path, timeout: int = 30_000) -> Article:
        with qtbot.waitSignal(window.article_opened, timeout=timeout) as opened:
            assert window.open_path(path)
        return opened.args[0]

    return open_


@pytest.fixture
def mark(qtbot) -> Callable[[ArticleView, Annotations], None]:
    """``mark(view, annotations)`` gives the page its annotations and waits until every
    mark is in (they go on from the next event, in slices)."""

    def mark_(view: ArticleView, annotations: Annotations) -> None:
        with qtbot.waitSignal(view.highlights_applied, timeout=10_000):
            view.set_annotations(annotations)

    return mark_


@pytest.fixture
def open_refused(qtbot) -> Callable[[MainWindow, Path], tuple[str, str]]:
    """``open_refused(window, path)`` opens a file that cannot be opened, waits for the
    error dialog the reader sees, closes it and returns its title and text."""

    def open_(window: MainWindow, path: Path) -> tuple[str, str]:
        with qtbot.waitSignal(window.open_failed, timeout=30_000):
            assert window.open_path(path)
        boxes = [box for box in window.findChildren(QMessageBox, "errorMessage") if box.isVisible()]
        assert len(boxes) == 1
        title, text = boxes[0].windowTitle(), boxes[0].text()
        boxes[0].close()
        return title, text

    return open_


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def _by_hand(article: Article, *specs: tuple[str, str, list[str]]) -> Annotations:
    result = []
    for number, (label, name, texts) in enumerate(specs, start=1):
        mentions = []
        position = 0
        for text in texts:
            start = article.text.index(text, position)
            position = start + len(text)
            paragraph = article.paragraphs[article.paragraph_index(start)]
            mentions.append(Mention(start, position, text, paragraph.start, paragraph.end))
        result.append(Entity(f"e{number}", label, name, tuple(mentions)))
    return Annotations(entities=tuple(result))


@pytest.fixture
def by_hand() -> Callable[..., Annotations]:
    """Hand-made annotations: ``by_hand(article, (label, name, [mention texts]), ...)``.

    Each entity's mention texts are found in the article in order, each after the
    one before.
    """
    return _by_hand


@pytest.fixture(autouse=True)
def dictionary_ready(wordnet_in_cache: Path) -> Path:
    """Every window finds WordNet's index (built once per session) in its cache, so a
    look-up never builds it again."""
    return wordnet_in_cache
