"""Annotation and look-ups off the UI thread.

One ``QThread`` runs one ``AnnotationWorker``, which owns the ``Annotator`` and so
the spaCy pipeline: every call into the pipeline happens on that thread. The window
talks to ``AnnotationService``, which lives on the UI thread: it numbers each
request, passes it to the worker through a queued signal and hands back only the
results of the request the reader is still waiting for. The workers never touch a
widget.

spaCy is imported on the worker thread too, and not before the window has painted
once (``hold_model_until_painted``), so the text is on screen before the model loads.

With a library to keep them in, a second thread runs a ``CacheWorker`` with its own
``Library`` (a library belongs to the thread that opened it): each request is looked
up there first (``reader.annotation_cache``), and only a miss goes on to the
annotation worker, whose results are stored on the way back. A hit never waits for
the model, which is not loaded for it.

Look-ups work the same way on a second thread: ``DefinitionService`` numbers the
requests, ``DefinitionWorker`` owns its own ``Library`` (for the glossary) and the
dictionary, opened on the first look-up (the dictionary's index is built then the
first time, its progress reported).
"""

from __future__ import annotations

import gc
import logging
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMetaObject,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QWidget

from reader.annotations import Annotations, Definition
from reader.article import Article
from reader.definitions.cards import Lookup

log = logging.getLogger(__name__)

LOADING_MESSAGE = "Loading the English language model…"
# Progress is reported at most this often (as a fraction of the work) so that a long
# article does not flood the UI thread with signals.
_PROGRESS_STEP = 0.02
# The model waits at most this long for the window's first paint (seconds), so a
# window that is never shown does not keep it from loading.
_PAINT_WAIT = 5.0
# A warm-up that waited for the cache starts this long after a hit (milliseconds),
# once the window has painted the highlights it found.
_WARM_UP_AFTER_HIT_MS = 1000


class Superseded(Exception):
    """The reader moved on to another article; this request's work is wasted."""


class AnnotationWorker(QObject):
    """Lives on the worker thread. Signals carry the request id they answer."""

    progress = Signal(int, float, str)  # request id, fraction done, what is happening
    # request id, Article, Annotations, and their cache entry (b"" when not cached)
    finished = Signal(int, object, object, bytes)
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
        # Set once the window has painted (see ``hold_model_until_painted``): loading
        # the model holds the GIL for long stretches and would slow the first paint.
        self.painted = threading.Event()
        self.painted.set()
        # Whether to make the results' cache entry here, before the window has them:
        # made later on the cache's thread, it took the GIL from the window while the
        # window filled its panels (a book's entry takes 300 ms and more to make).
        self.encode_for_cache = False

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
            self.progress.emit(request_id, 0.0, LOADING_MESSAGE)
            self.painted.wait(_PAINT_WAIT)
            from reader.nlp.pipeline import ModelMissing  # spaCy is imported from here on

            try:
                self._get_annotator().nlp  # noqa: B018 - the property loads the pipeline
            except ModelMissing as error:
                self._missing = str(error)
            else:
                self._loaded = True
                _freeze_long_lived()
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
                article, progress=self._reporter(request_id), between_chunks=_freeze_long_lived
            )
        except Superseded:
            return
        except Exception as error:
            log.error("Annotation failed:\n%s", traceback.format_exc())
            self.failed.emit(request_id, f"The article could not be annotated: {error}", False)
            return
        encoded = b""
        if self.encode_for_cache:
            from reader.annotation_cache import encode

            encoded = encode(annotations)
        self.finished.emit(request_id, article, annotations, encoded)

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


def _freeze_long_lived() -> None:
    """Keep the loaded model, and what a long article's annotation has found so far,
    out of the garbage collector's full passes.

    The model is about a hundred thousand long-lived Python objects, a book's findings
    tens of thousands more; every full collection would walk them all again, holding
    the GIL for 50-100 ms and more (the window cannot paint meanwhile). Collected now
    (so no garbage is frozen with them), then frozen: later full passes walk only what
    was made since. Frozen objects are still freed by reference counting.
    """
    gc.collect()
    gc.freeze()


class CacheWorker(QObject):
    """Lives on the cache thread: owns a ``Library`` (opened on the first request)
    and the annotation cache in it. A hit is ``found``; a miss is passed on
    (``missed``) to the annotation worker. It also indexes new articles for search."""

    found = Signal(int, object)  # request id, Annotations
    missed = Signal(int, object)  # request id, Article

    def __init__(self, library_path: Path):
        super().__init__()
        self._path = library_path
        self._cache: Any = None
        self._unavailable = False
        self.latest = 0  # written by the UI thread: older requests are skipped

    def _get_cache(self) -> Any:
        if self._cache is None and not self._unavailable:
            from reader.annotation_cache import AnnotationCache
            from reader.store.errors import StoreError
            from reader.store.library import Library

            try:
                self._cache = AnnotationCache(Library.open(self._path))
            except StoreError as error:  # annotation goes on, uncached
                log.warning("The annotation cache is unavailable: %s", error)
                self._unavailable = True
        return self._cache

    @Slot(int, object)
    def lookup(self, request_id: int, article: Article) -> None:
        if request_id < self.latest:
            return
        try:
            cache = self._get_cache()
            found = cache.get(article) if cache is not None else None
        except Exception:  # a cache is never worth failing an article for
            log.error("Reading the annotation cache failed:\n%s", traceback.format_exc())
            found = None
        if found is None:
            self.missed.emit(request_id, article)
        else:
            self.found.emit(request_id, found)

    @Slot(object, bytes)
    def store(self, article: Article, encoded: bytes) -> None:
        """Keep an article's annotations (``encoded`` by the annotation worker); then
        put the articles kept since into the library's search index, which for a book
        takes too long for the window's thread."""
        try:
            cache = self._get_cache()
            if cache is not None:
                cache.put(article, encoded)
                cache.library.index_articles()
        except Exception:  # a search finds the articles all the same: it indexes first
            log.error("Keeping annotations or indexing failed:\n%s", traceback.format_exc())

    @Slot()
    def close(self) -> None:
        if self._cache is not None:
            self._cache.library.close()
            self._cache = None


class AnnotationService(QObject):
    """The window's handle on the worker threads (lives on the UI thread).

    With ``cache_path`` (the reader's library file) results are kept in, and first
    looked for in, the annotation cache there.
    """

    progress = Signal(int, float, str)
    finished = Signal(int, object)  # request id, Annotations (only for the latest request)
    failed = Signal(int, str, bool)
    model_ready = Signal()

    _annotate = Signal(int, object)
    _warm_up = Signal()
    _lookup = Signal(int, object)
    _store = Signal(object, bytes)

    def __init__(
        self,
        annotator_factory: Callable[[], Any] | None = None,
        parent: QObject | None = None,
        cache_path: Path | None = None,
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
        self._cache_thread: QThread | None = None
        self._cache: CacheWorker | None = None
        if cache_path is not None:
            self._worker.encode_for_cache = True
            self._cache_thread = QThread()
            self._cache_thread.setObjectName("annotation cache")
            self._cache = CacheWorker(cache_path)
            self._cache.moveToThread(self._cache_thread)
            self._lookup.connect(self._cache.lookup)
            self._store.connect(self._cache.store)
            self._cache.found.connect(self._on_found)
            self._cache.missed.connect(self._on_missed)
            self._cache_thread.start()
        self._next_id = 0
        self.current = 0  # the request whose results are still wanted (0: none)
        self.ready = False
        # Cache look-ups not answered yet; the model's warm-up waits for them (it
        # would slow them down, and a hit does not need the model).
        self._looking_up: set[int] = set()
        self._warm_up_waiting = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._thread.start()

    def hold_model_until_painted(self, widget: QWidget) -> None:
        """Load the model only once ``widget`` has painted (or after a few seconds),
        so the first paint of the text does not share the processor with the import."""
        self._worker.painted.clear()
        widget.installEventFilter(_FirstPaint(widget, self._on_painted))

    def _on_painted(self) -> None:
        self._worker.painted.set()
        if self._warm_up_waiting:
            self._warm_up_waiting = False
            self.warm_up()

    def warm_up(self) -> None:
        """Start loading the model (does nothing once it is loaded): now, or once the
        window has painted and the cache has answered the requests it is looking up."""
        if self.ready:
            return
        if self._looking_up or not self._worker.painted.is_set():
            self._warm_up_waiting = True
        else:
            self._warm_up.emit()

    def request(self, article: Article) -> int:
        """Annotate ``article``; earlier requests are abandoned. Returns the request id."""
        self._next_id += 1
        self.current = self._next_id
        self._worker.latest = self.current
        if self._cache is not None:
            self._cache.latest = self.current
            self._looking_up.add(self.current)
            self._lookup.emit(self.current, article)
        else:
            self._annotate.emit(self.current, article)
        return self.current

    def cancel(self) -> None:
        """Drop whatever is pending (the reader closed the article)."""
        self._next_id += 1
        self.current = 0
        self._worker.latest = self._next_id
        if self._cache is not None:
            self._cache.latest = self._next_id

    def shutdown(self) -> None:
        """Stop the worker threads (waits for the model load if one is under way)."""
        self._worker.painted.set()
        if self._cache_thread is not None and self._cache_thread.isRunning():
            self.cancel()
            QMetaObject.invokeMethod(
                self._cache, "close", Qt.ConnectionType.BlockingQueuedConnection
            )
            self._cache_thread.quit()
            self._cache_thread.wait()
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
    def _on_found(self, request_id: int, annotations: Annotations) -> None:
        if request_id == self.current:
            self.current = 0
            self.finished.emit(request_id, annotations)
        self._looked_up(request_id, hit=True)

    @Slot(int, object)
    def _on_missed(self, request_id: int, article: Article) -> None:
        self._looked_up(request_id, hit=False)
        if request_id == self.current:
            self._annotate.emit(request_id, article)

    def _looked_up(self, request_id: int, hit: bool) -> None:
        self._looking_up.discard(request_id)
        # Requests the reader left behind are answered no more: forget them.
        self._looking_up = {r for r in self._looking_up if r >= self.current}
        if self._warm_up_waiting and not self._looking_up:
            self._warm_up_waiting = False
            # After a hit, give the window time to paint the highlights first.
            QTimer.singleShot(_WARM_UP_AFTER_HIT_MS if hit else 0, self.warm_up)

    @Slot(int, object, object, bytes)
    def _on_finished(
        self, request_id: int, article: Article, annotations: Annotations, encoded: bytes
    ) -> None:
        if self._cache is not None:
            self._store.emit(article, encoded)
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


class _FirstPaint(QObject):
    """Calls back once, after the first paint of the widget it filters has finished."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]):
        super().__init__(widget)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self.deleteLater()
            # After the rest of this paint (the children paint after their parent).
            QTimer.singleShot(0, self._callback)
        return False


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
