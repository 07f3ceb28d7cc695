"""Annotation and look-ups off the UI thread.

One ``QThread`` runs one ``AnnotationWorker``, which owns the ``Annotator`` and so
the spaCy pipeline: every call into the pipeline happens on that thread. The window
talks to ``AnnotationService``, which lives on the UI thread: it numbers each
request, passes it to the worker through a queued signal and hands back only the
results of the request the reader is still waiting for. The worker never touches a
widget.

spaCy is imported on the worker thread too, so the window can paint while it loads.

Look-ups work the same way on a second thread: ``DefinitionService`` numbers the
requests, ``DefinitionWorker`` owns its own ``Library`` (for the glossary) and the
dictionary, opened on the first look-up (the dictionary's index is built then the
first time, its progress reported).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QMetaObject, QObject, Qt, QThread, Signal, Slot

from reader.annotations import Annotations, Definition
from reader.article import Article
from reader.definitions.cards import Lookup

log = logging.getLogger(__name__)

LOADING_MESSAGE = "Loading the English language model…"
# Progress is reported at most this often (as a fraction of the work) so that a long
# article does not flood the UI thread with signals.
_PROGRESS_STEP = 0.02


class Superseded(Exception):
    """The reader moved on to another article; this request's work is wasted."""


class AnnotationWorker(QObject):
    """Lives on the worker thread. Signals carry the request id they answer."""

    progress = Signal(int, float, str)  # request id, fraction done, what is happening
    finished = Signal(int, object)  # request id, Annotations
    failed = Signal(int, str, bool)  # request id, message, True if the model is missing
    model_ready = Signal()

    def __init__(self, annotator_factory: Callable[[], Any] | None = None):
        super().__init__()
        self._factory = annotator_factory
        self._annotator: Any = None
        self._loaded = False
        self._missing: str | None = None
        # Written by the UI thread, read here: the newest request id. Anything older is
        # skipped or abandoned part way (a plain int, so no lock is needed under the GIL).
        self.latest = 0

    def _get_annotator(self) -> Any:
        if self._annotator is None:
            if self._factory is None:
                from reader.nlp.annotate import Annotator  # spaCy loads here, on this thread

                self._factory = Annotator
            self._annotator = self._factory()
        return self._annotator

    def _load(self, request_id: int) -> bool:
        """Load the pipeline once; False (and ``failed`` emitted) if there is none."""
        if self._loaded:
            return True
        if self._missing is None:
            from reader.nlp.pipeline import ModelMissing

            self.progress.emit(request_id, 0.0, LOADING_MESSAGE)
            try:
                self._get_annotator().nlp  # noqa: B018 - the property loads the pipeline
            except ModelMissing as error:
                self._missing = str(error)
            else:
                self._loaded = True
                self.model_ready.emit()
                return True
        self.failed.emit(request_id, self._missing, True)
        return False

    @Slot()
    def warm_up(self) -> None:
        """Load the model before the first article asks for it."""
        try:
            self._load(0)
        except Exception as error:  # reported with the first real request
            log.warning("Loading the language model failed: %s", error)

    @Slot(int, object)
    def annotate(self, request_id: int, article: Article) -> None:
        if request_id < self.latest:
            return  # the reader already left this article
        try:
            if not self._load(request_id):
                return
            annotations = self._get_annotator().annotate(
                article, progress=self._reporter(request_id)
            )
        except Superseded:
            return
        except Exception as error:
            log.error("Annotation failed:\n%s", traceback.format_exc())
            self.failed.emit(request_id, f"The article could not be annotated: {error}", False)
            return
        self.finished.emit(request_id, annotations)

    def _reporter(self, request_id: int) -> Callable[[float, str], None]:
        last_fraction, last_message = -1.0, ""

        def report(fraction: float, message: str) -> None:
            nonlocal last_fraction, last_message
            if request_id < self.latest:
                raise Superseded
            if (
                message != last_message
                or fraction - last_fraction >= _PROGRESS_STEP
                or fraction >= 1.0
            ):
                last_fraction, last_message = fraction, message
                self.progress.emit(request_id, fraction, message)

        return report


class AnnotationService(QObject):
    """The window's handle on the worker thread (lives on the UI thread)."""

    progress = Signal(int, float, str)
    finished = Signal(int, object)  # request id, Annotations (only for the latest request)
    failed = Signal(int, str, bool)
    model_ready = Signal()

    _annotate = Signal(int, object)
    _warm_up = Signal()

    def __init__(
        self,
        annotator_factory: Callable[[], Any] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("annotation")
        self._worker = AnnotationWorker(annotator_factory)
        self._worker.moveToThread(self._thread)
        self._annotate.connect(self._worker.annotate)
        self._warm_up.connect(self._worker.warm_up)
        self._worker.progress.connect(self._on_progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.model_ready.connect(self._on_model_ready)
        self._next_id = 0
        self.current = 0  # the request whose results are still wanted (0: none)
        self.ready = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._thread.start()

    def warm_up(self) -> None:
        """Start loading the model now (does nothing once it is loaded)."""
        if not self.ready:
            self._warm_up.emit()

    def request(self, article: Article) -> int:
        """Annotate ``article``; earlier requests are abandoned. Returns the request id."""
        self._next_id += 1
        self.current = self._next_id
        self._worker.latest = self.current
        self._annotate.emit(self.current, article)
        return self.current

    def cancel(self) -> None:
        """Drop whatever is pending (the reader closed the article)."""
        self._next_id += 1
        self.current = 0
        self._worker.latest = self._next_id

    def shutdown(self) -> None:
        """Stop the worker thread (waits for the model load if one is under way)."""
        if not self._thread.isRunning():
            return
        self.cancel()
        self._thread.quit()
        self._thread.wait()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    @Slot(int, float, str)
    def _on_progress(self, request_id: int, fraction: float, message: str) -> None:
        if request_id in (0, self.current):
            self.progress.emit(request_id, fraction, message)

    @Slot(int, object)
    def _on_finished(self, request_id: int, annotations: Annotations) -> None:
        if request_id == self.current:
            self.current = 0
            self.finished.emit(request_id, annotations)

    @Slot(int, str, bool)
    def _on_failed(self, request_id: int, message: str, model_missing: bool) -> None:
        if request_id == self.current:
            self.current = 0
        if request_id == 0 or request_id == self._next_id:
            self.failed.emit(request_id, message, model_missing)

    @Slot()
    def _on_model_ready(self) -> None:
        self.ready = True
        self.model_ready.emit()


# -- definitions -------------------------------------------------------------------


@dataclass(frozen=True)
class LookupRequest:
    """One look-up the side panel asked for (plain data, crosses to the worker)."""

    term: str
    sentence: str = ""
    article_id: int | None = None  # the article in the library, to remember the term
    article_text: str = ""
    definitions: tuple[Definition, ...] = ()
    aliases: tuple[str, ...] = ()  # other names of the entity the term belongs to
    online: bool = False  # may ask the online encyclopedia (View > Look Up Online)


class DefinitionWorker(QObject):
    """Lives on its own thread: owns a ``Library`` (a library belongs to the thread
    that opened it) and the dictionary, both opened on the first look-up."""

    progress = Signal(float, str)  # building the dictionary's index
    finished = Signal(int, object)  # request id, Lookup
    failed = Signal(int, str)  # request id, message

    def __init__(self) -> None:
        super().__init__()
        self._definer: Any = None
        self._library: Any = None
        self._dictionary: Any = None
        self.latest = 0  # written by the UI thread: older requests are skipped

    def _get_definer(self) -> Any:
        if self._definer is None:
            from reader.definitions import Definer, open_dictionary
            from reader.store.errors import StoreError
            from reader.store.library import Library

            try:
                self._library = Library.open()
            except StoreError as error:  # look-ups still work, without the glossary
                log.warning("The glossary is unavailable: %s", error)
            self._dictionary, problem = open_dictionary(self.progress.emit)
            self._definer = Definer.standard(
                library=self._library, dictionary=self._dictionary, dictionary_unavailable=problem
            )
        return self._definer

    @Slot()
    def warm_up(self) -> None:
        try:
            self._get_definer()
        except Exception as error:  # reported with the first real request
            log.warning("Opening the dictionary failed: %s", error)

    @Slot(int, object)
    def lookup(self, request_id: int, request: LookupRequest) -> None:
        if request_id < self.latest:
            return  # the reader already clicked something else
        try:
            found = self._get_definer().lookup(
                request.term,
                request.sentence,
                article_text=request.article_text,
                definitions=request.definitions,
                aliases=request.aliases,
                online=request.online,
            )
            if self._library is not None and request.article_id is not None and found.cards:
                self._library.remember_lookup(request.article_id, found.term)
        except Exception as error:
            log.error("Look-up failed:\n%s", traceback.format_exc())
            self.failed.emit(request_id, f"“{request.term}” could not be looked up: {error}")
            return
        self.finished.emit(request_id, found)

    @Slot()
    def close(self) -> None:
        if self._dictionary is not None:
            self._dictionary.index.close()
        if self._library is not None:
            self._library.close()
        self._definer = self._library = self._dictionary = None


class DefinitionService(QObject):
    """The window's handle on the definitions thread (lives on the UI thread); only
    the answer to the newest request is passed on."""

    progress = Signal(float, str)
    finished = Signal(int, object)  # request id, Lookup
    failed = Signal(int, str)

    _lookup = Signal(int, object)
    _warm_up = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("definitions")
        self._worker = DefinitionWorker()
        self._worker.moveToThread(self._thread)
        self._lookup.connect(self._worker.lookup)
        self._warm_up.connect(self._worker.warm_up)
        self._worker.progress.connect(self.progress)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._next_id = 0
        self.current = 0
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._thread.start()

    def warm_up(self) -> None:
        """Open the dictionary (building its index the first time) before it is needed."""
        self._warm_up.emit()

    def request(self, request: LookupRequest) -> int:
        self._next_id += 1
        self.current = self._worker.latest = self._next_id
        self._lookup.emit(self.current, request)
        return self.current

    def shutdown(self) -> None:
        """Close the worker's library and dictionary on its thread, then stop it."""
        if not self._thread.isRunning():
            return
        self._worker.latest = self._next_id + 1
        QMetaObject.invokeMethod(self._worker, "close", Qt.ConnectionType.BlockingQueuedConnection)
        self._thread.quit()
        self._thread.wait()

    @Slot(int, object)
    def _on_finished(self, request_id: int, found: Lookup) -> None:
        if request_id == self.current:
            self.current = 0
            self.finished.emit(request_id, found)

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id == self.current:
            self.current = 0
            self.failed.emit(request_id, message)
