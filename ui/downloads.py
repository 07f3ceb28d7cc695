"""Downloading web pages and reading files, and importing them, off the UI thread.

``DownloadService`` lives on the UI thread. Each ``request`` (a web address, or a
file's ``Path``) gets a number and runs on a small ``QThreadPool`` as a ``QRunnable``
that calls the core's ``load_source``: the download or the reading, and the import
(parsing a page or a long book can take a second), all happen there, and the worker
never touches a widget. Results come back through queued signals that carry the
request number; the service passes on only those of the request the reader is still
waiting for. A request that is no longer wanted
stops at its next progress report (the core's download calls back after every
chunk), so a slow download the reader gave up on does not keep running to the end;
a file reports no progress, so its import runs to the end and its result is dropped.

A download blocked in connecting cannot be interrupted: it ends when the core's
timeout does (``reader.importers.url.TIMEOUT_SECONDS``), on its pool thread, and its
result is dropped.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

from reader.article import Article
from reader.importers import ImportFailure, load_source

log = logging.getLogger(__name__)

# (web address or file, progress callback) -> Article; the core's loader unless a
# test swaps it.
Loader = Callable[[str | Path, Callable[[int, int | None], None]], Article]
# How long closing the window waits for requests to notice they are unwanted.
SHUTDOWN_WAIT_MS = 3_000


class _NotWanted(Exception):
    """The reader left this download; its work is wasted."""


class _Relay(QObject):
    """Carries a job's results to the UI thread (it lives there; jobs emit from theirs)."""

    progress = Signal(int, int, int)  # request id, bytes received, total (-1: unknown)
    finished = Signal(int, object)  # request id, Article
    failed = Signal(int, str)  # request id, message for the reader


class _DownloadJob(QRunnable):
    def __init__(
        self,
        request_id: int,
        source: str | Path,
        loader: Loader,
        relay: _Relay,
        wanted: Callable[[], bool],
    ):
        super().__init__()
        self._id = request_id
        self._source = source
        self._loader = loader
        self._relay = relay
        self._wanted = wanted

    def run(self) -> None:
        def report(received: int, total: int | None) -> None:
            if not self._wanted():
                raise _NotWanted
            self._relay.progress.emit(self._id, received, -1 if total is None else total)

        try:
            article = self._loader(self._source, report)
        except _NotWanted:
            return
        except ImportFailure as failure:
            self._relay.failed.emit(self._id, str(failure))
        except Exception as error:  # a bug: say so in a sentence, log the details
            log.error("Opening %s failed:\n%s", self._source, traceback.format_exc())
            what = "file" if isinstance(self._source, Path) else "page"
            self._relay.failed.emit(self._id, f"The {what} could not be opened: {error}")
        else:
            if self._wanted():
                self._relay.finished.emit(self._id, article)


def _load(source: str | Path, progress: Callable[[int, int | None], None]) -> Article:
    return load_source(source, progress=progress)


class DownloadService(QObject):
    """The window's handle on pages and files being opened (lives on the UI thread)."""

    progress = Signal(int, int, int)  # request id, bytes received, total (-1: unknown)
    finished = Signal(int, object)  # request id, Article (only for the current request)
    failed = Signal(int, str)  # request id, message (only for the current request)

    def __init__(self, loader: Loader | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._loader = loader or _load
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(4)
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)
        self._relay.failed.connect(self._on_failed)
        self._next_id = 0
        # The request whose result is still wanted (0: none). Read by the jobs'
        # threads, written here: a plain int, so no lock is needed under the GIL.
        self.current = 0
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def request(self, source: str | Path) -> int:
        """Download and import a web address, or read and import a file (a ``Path``);
        an earlier request is abandoned. Returns its id."""
        self._next_id += 1
        request_id = self._next_id
        self.current = request_id
        job = _DownloadJob(
            request_id, source, self._loader, self._relay, lambda: self.current == request_id
        )
        self._pool.start(job)
        return request_id

    def cancel(self) -> None:
        """Drop the pending request (the reader opened something else)."""
        self.current = 0

    def busy(self) -> bool:
        return self.current != 0

    def shutdown(self, wait_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Abandon every request and wait a little for them; True if none is left."""
        self.cancel()
        self._pool.clear()
        return self._pool.waitForDone(wait_ms)

    @Slot(int, int, int)
    def _on_progress(self, request_id: int, received: int, total: int) -> None:
        if request_id == self.current:
            self.progress.emit(request_id, received, total)

    @Slot(int, object)
    def _on_finished(self, request_id: int, article: Any) -> None:
        if request_id == self.current:
            self.current = 0
            self.finished.emit(request_id, article)

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if request_id == self.current:
            self.current = 0
            self.failed.emit(request_id, message)
