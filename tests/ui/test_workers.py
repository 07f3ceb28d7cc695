"""The annotation worker: one thread owns the annotator; stale results never arrive."""

from __future__ import annotations

import threading

import pytest

from reader.annotations import Annotations
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

    def annotate(self, article: Article, progress) -> Annotations:
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
