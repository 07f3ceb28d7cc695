"""The annotation worker: one thread owns the annotator; stale results never arrive;
the annotation cache answers an article seen before without the pipeline."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from reader.annotations import Annotations, Entity, Mention
from reader.article import Article
from reader.nlp.pipeline import ModelMissing
from ui.workers import LOADING_MESSAGE, AnnotationService


class FakeAnnotator:
    """Records the threads it is used from; ``gate`` can hold an annotation back."""

    def __init__(self, missing: bool = False):
        self.threads: set[int] = set()
        self.missing = missing
        self.gate = threading.Event()
        self.gate.set()
        self.started = threading.Event()

    @property
    def nlp(self) -> object:
        self.threads.add(threading.get_ident())
        if self.missing:
            raise ModelMissing("No English language model is installed. Install one with: x")
        return object()

    def annotate(self, article: Article, progress, between_chunks=None) -> Annotations:
        self.threads.add(threading.get_ident())
        self.started.set()
        self.gate.wait(10)
        progress(0.5, "Finding names, places and dates…")
        progress(1.0, "Done")
        return Annotations()


def _article(text: str) -> Article:
    return Article.from_blocks([(text, "paragraph")])


@pytest.fixture
def service(qapp):
    fakes: list[FakeAnnotator] = []

    def make(missing: bool = False) -> AnnotationService:
        fake = FakeAnnotator(missing)
        fakes.append(fake)
        made = AnnotationService(lambda: fake)
        made.fake = fake  # type: ignore[attr-defined]
        services.append(made)
        return made

    services: list[AnnotationService] = []
    yield make
    for made in services:
        made.fake.gate.set()  # type: ignore[attr-defined]
        made.shutdown()


def test_annotation_runs_on_one_other_thread(qtbot, service) -> None:
    svc = service()
    with qtbot.waitSignal(svc.model_ready):
        svc.warm_up()
    for text in ("One.", "Two."):
        with qtbot.waitSignal(svc.finished) as finished:
            request = svc.request(_article(text))
        assert finished.args[0] == request
    threads = svc.fake.threads
    assert len(threads) == 1
    assert threading.get_ident() not in threads


def test_progress_is_reported_for_the_current_request(qtbot, service) -> None:
    svc = service()
    reports = []
    svc.progress.connect(lambda *args: reports.append(args))
    with qtbot.waitSignal(svc.finished):
        request = svc.request(_article("Text."))
    assert reports[0] == (request, 0.0, LOADING_MESSAGE)
    assert reports[-1] == (request, 1.0, "Done")


def test_results_for_an_article_left_behind_are_dropped(qtbot, service) -> None:
    svc = service()
    with qtbot.waitSignal(svc.model_ready):
        svc.warm_up()
    svc.fake.gate.clear()
    finished = []
    svc.finished.connect(lambda request, _: finished.append(request))
    first = svc.request(_article("The article the reader leaves."))
    assert svc.fake.started.wait(5)
    second = svc.request(_article("The article the reader opens next."))
    svc.fake.gate.set()
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert finished == [second]
    assert first < second


def test_a_missing_model_is_reported_once_per_request(qtbot, service) -> None:
    svc = service(missing=True)
    with qtbot.waitSignal(svc.failed) as failed:
        svc.warm_up()
    assert failed.args[0] == 0 and failed.args[2] is True
    with qtbot.waitSignal(svc.failed) as failed:
        request = svc.request(_article("Text."))
    assert failed.args == [
        request,
        "No English language model is installed. Install one with: x",
        True,
    ]


# -- the annotation cache --------------------------------------------------------------


class CountingAnnotator:
    """Finds one made-up entity; counts its annotations. ``usable=False``: fails the
    test if the pipeline is asked for at all."""

    def __init__(self, usable: bool = True):
        self.usable = usable
        self.calls = 0

    @property
    def nlp(self) -> object:
        assert self.usable, "the pipeline was loaded"
        return object()

    def annotate(self, article: Article, progress, between_chunks=None) -> Annotations:
        assert self.usable, "the pipeline was used"
        self.calls += 1
        mention = Mention(0, 5, article.text[:5], 0, len(article.text))
        return Annotations(entities=(Entity("e1", "PERSON", article.text[:5], (mention,)),))


@pytest.fixture
def cached_service(qapp, tmp_path: Path):
    """Makes services over one library file; each is shut down at the end."""
    made: list[AnnotationService] = []

    def make(annotator: CountingAnnotator) -> AnnotationService:
        service = AnnotationService(lambda: annotator, cache_path=tmp_path / "library.sqlite")
        made.append(service)
        return service

    yield make
    for service in made:
        service.shutdown()


def _annotate(qtbot, service: AnnotationService, article: Article) -> Annotations:
    with qtbot.waitSignal(service.finished, timeout=10000) as finished:
        request = service.request(article)
    assert finished.args[0] == request
    return finished.args[1]


def test_an_article_opened_again_comes_from_the_cache_without_the_pipeline(
    qtbot, cached_service
) -> None:
    article = _article("Marie Curie worked in Paris.")
    first = CountingAnnotator()
    writer = cached_service(first)
    found = _annotate(qtbot, writer, article)
    assert first.calls == 1
    writer.shutdown()  # the entry is written before the cache's thread stops
    again = cached_service(CountingAnnotator(usable=False))
    warmed: list[object] = []
    again.model_ready.connect(lambda: warmed.append(True))
    assert _annotate(qtbot, again, article) == found
    assert not again.ready and not warmed


def test_another_pipeline_version_annotates_again(
    qtbot, cached_service, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader import annotation_cache

    article = _article("Marie Curie worked in Paris.")
    writer = cached_service(CountingAnnotator())
    _annotate(qtbot, writer, article)
    writer.shutdown()
    monkeypatch.setattr(annotation_cache, "pipeline_version", lambda: "a newer pipeline")
    newer = CountingAnnotator()
    _annotate(qtbot, cached_service(newer), article)
    assert newer.calls == 1


def test_a_damaged_entry_is_annotated_again_and_replaced(
    qtbot, cached_service, tmp_path: Path
) -> None:
    from reader.annotation_cache import cache_key, decode
    from reader.store.library import Library

    article = _article("Marie Curie worked in Paris.")
    key = cache_key(article)
    assert key is not None
    with Library.open(tmp_path / "library.sqlite") as library:
        library.cache_annotations(article.sha256, key, b"damaged")
    annotator = CountingAnnotator()
    service = cached_service(annotator)
    found = _annotate(qtbot, service, article)
    assert annotator.calls == 1
    service.shutdown()  # the entry is written before the cache's thread stops
    with Library.open(tmp_path / "library.sqlite") as library:
        entry = library.cached_annotations(article.sha256, key)
    assert entry is not None and decode(entry) == found


def test_an_unusable_cache_leaves_annotation_working(qtbot, qapp, tmp_path: Path) -> None:
    folder_in_the_way = tmp_path / "library.sqlite"
    folder_in_the_way.mkdir()
    annotator = CountingAnnotator()
    service = AnnotationService(lambda: annotator, cache_path=folder_in_the_way)
    try:
        assert _annotate(qtbot, service, _article("Marie Curie worked in Paris.")).entities
        assert annotator.calls == 1
    finally:
        service.shutdown()


def test_only_the_article_the_reader_is_on_is_answered_from_the_cache(
    qtbot, cached_service
) -> None:
    left, opened = _article("The article the reader leaves."), _article("The next one.")
    writer = cached_service(CountingAnnotator())
    _annotate(qtbot, writer, left)
    _annotate(qtbot, writer, opened)
    writer.shutdown()
    service = cached_service(CountingAnnotator(usable=False))
    finished = []
    service.finished.connect(lambda request, annotations: finished.append(request))
    service.request(left)
    second = service.request(opened)
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    qtbot.wait(100)
    assert finished == [second]


def test_the_window_shows_cached_highlights_without_the_pipeline(
    qtbot, cached_service, tmp_path: Path
) -> None:
    from PySide6.QtCore import QSettings

    from reader.importers import load_article
    from ui.main_window import MainWindow

    path = tmp_path / "curie.txt"
    path.write_text("Marie Curie worked in Paris.\n", encoding="utf-8")
    writer = cached_service(CountingAnnotator())
    _annotate(qtbot, writer, load_article(path))
    writer.shutdown()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(cached_service(CountingAnnotator(usable=False)), settings, theme="light")
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.annotations_shown, timeout=10000):
        window.open_path(path)
    assert [e.name for e in window.annotations.entities] == ["Marie"]
    assert window.view.mentions.at(0) is not None


def test_an_article_kept_in_the_library_is_indexed_for_search_off_the_window_thread(
    qtbot, cached_service, tmp_path: Path
) -> None:
    import sqlite3
    from contextlib import closing

    from PySide6.QtCore import QSettings

    from reader.store.library import Library
    from ui.main_window import MainWindow
    from ui.notes_service import NotesService

    library_path = tmp_path / "library.sqlite"
    notes = NotesService(Library.open(library_path))
    path = tmp_path / "curie.txt"
    path.write_text("Marie Curie worked in Paris on radium.\n", encoding="utf-8")
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(cached_service(CountingAnnotator()), settings, theme="light", notes=notes)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.annotations_shown, timeout=10000):
        window.open_path(path)

    def waiting_for_the_index() -> int:
        with closing(sqlite3.connect(library_path)) as connection:
            return int(connection.execute("SELECT count(*) FROM articles_unindexed").fetchone()[0])

    qtbot.waitUntil(lambda: waiting_for_the_index() == 0, timeout=5000)
    hits = notes.library.search("radium").articles
    assert [hit.snippet.text for hit in hits] == ["Marie Curie worked in Paris on radium."]
    notes.close()
