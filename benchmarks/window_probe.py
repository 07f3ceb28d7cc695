"""The window, timed from the inside: run by bench.py in a fresh process.

``python -m benchmarks.window_probe start LAUNCHED PATH``: one start of the window
as ``marginalia PATH`` does it (``ui.app``), timed from LAUNCHED, the parent's
``time.time()`` just before it started this process. Prints one JSON line: seconds
to the first paint of the article text and to the first paint after the highlights
were applied, whether spaCy had been imported by then, and the seconds from opening
the same article again to its highlights painted (``reopen``), with whether the
language model was used for that (a cache hit does not use it).

``python -m benchmarks.window_probe stalls PATH``: opens a long article in the window
while a timer on the UI thread ticks every ``TICK_MS``; prints the longest gap between
ticks (the longest the window did not answer) in each phase, from reading the file
to the last highlight, the seconds each phase took, and the peak resident memory.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer

from ui.app import annotation_service, make_application, open_notes, show_window

TICK_MS = 5
TIMEOUT_MS = 600_000


class PaintClock(QObject):
    """Notes when the article view next paints after each milestone, then calls back."""

    def __init__(self, on_painted: Callable[[], None]) -> None:
        super().__init__()
        self.on_painted = on_painted
        self.waiting_for: str | None = None
        self.times: dict[str, float] = {}
        self.spacy_loaded: dict[str, bool] = {}

    def expect(self, name: str) -> None:
        self.waiting_for = name

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.waiting_for:
            self.times[self.waiting_for] = time.time()
            self.spacy_loaded[self.waiting_for] = "spacy" in sys.modules
            self.waiting_for = None
            QTimer.singleShot(0, self.on_painted)
        return False


def start(launched: float, path: str) -> dict[str, Any]:
    app, settings = make_application()
    notes = open_notes()
    service = annotation_service(notes)
    window = show_window(service, settings, notes, remember_layout=False)
    reopened_at = 0.0
    model_used_again = False

    def on_progress(request_id: int, fraction: float, message: str) -> None:
        nonlocal model_used_again
        if reopened_at:
            model_used_again = True

    def after_paint() -> None:
        nonlocal reopened_at
        if "reopened" in clock.times:
            app.quit()
        elif "highlights" in clock.times and not reopened_at:
            reopened_at = time.time()
            window.open_path(path)

    def on_highlights(_annotations: object) -> None:
        clock.expect("highlights" if "highlights" not in clock.times else "reopened")
        # The page shows the marks near it first; the rest may need no paint at all.
        # One more paint, so the time counted is when every mark is in and painted.
        window.view.viewport().update()

    clock = PaintClock(after_paint)
    window.view.viewport().installEventFilter(clock)
    window.annotations_shown.connect(on_highlights)
    service.progress.connect(on_progress)

    show_article = window.show_article

    def showing(*args: Any) -> None:
        # The file is read off the UI thread: the text's paint is the first after it
        # is put on the page (the first time; the second is the reopening's).
        show_article(*args)
        if "text" not in clock.times:
            clock.expect("text")

    window.show_article = showing  # type: ignore[method-assign]
    window.open_path(path)
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    app.exec()
    service.shutdown()
    notes.close()
    times = clock.times
    return {
        "text": times["text"] - launched,
        "highlights": times["highlights"] - launched,
        "spacy_imported_at_highlights": clock.spacy_loaded["highlights"],
        "reopen": times["reopened"] - reopened_at,
        "reopen_used_model": model_used_again,
    }


class StallClock(QObject):
    """Ticks on the UI thread; keeps the longest gap between ticks, and splits every
    gap over the phases it spanned to keep the longest part per phase."""

    def __init__(self) -> None:
        super().__init__()
        self.phase = "idle"
        self.started = {"idle": time.perf_counter()}
        self.ended: dict[str, float] = {}
        self.longest: dict[str, float] = {}
        # The longest gap whole, from the first phase on, wherever it was split.
        self.longest_gap = 0.0
        self._last = time.perf_counter()
        self._phase_at_last = self.phase
        self._spanned: list[tuple[float, str]] = []  # phases begun since the last tick
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def enter(self, phase: str) -> None:
        now = time.perf_counter()
        self.ended[self.phase] = now
        self._spanned.append((now, phase))
        self.phase = phase
        self.started[phase] = now

    def _tick(self) -> None:
        now = time.perf_counter()
        spanned = {self._phase_at_last, *(phase for _, phase in self._spanned)}
        if spanned & set(PHASES):
            self.longest_gap = max(self.longest_gap, now - self._last)
        begin, phase = self._last, self._phase_at_last
        for switch, next_phase in self._spanned:
            self._note(phase, switch - begin)
            begin, phase = switch, next_phase
        self._note(phase, now - begin)
        self._spanned = []
        self._last = now
        self._phase_at_last = self.phase

    def _note(self, phase: str, gap: float) -> None:
        self.longest[phase] = max(self.longest.get(phase, 0.0), gap)


PHASES = (
    "opening the file",  # read and imported off the UI thread
    "showing the text",  # the first pages, the panels' article, the library
    "annotating",  # the rest of the page written meanwhile
    "highlighting and panels",  # from the annotations' arrival to the last mark
)


def stalls(path: str) -> dict[str, Any]:
    app, settings = make_application()
    notes = open_notes()
    service = annotation_service(notes)
    clock = StallClock()
    # Connected before the window's own slot, so this runs first.
    service.finished.connect(lambda *_: clock.enter("highlighting and panels"))
    window = show_window(service, settings, notes, remember_layout=False)

    def entering(phase: str, method: Callable[..., Any], then: str = "") -> Callable[..., Any]:
        def wrapped(*args: Any) -> Any:
            clock.enter(phase)
            result = method(*args)
            if then:
                clock.enter(then)
            return result

        return wrapped

    window.show_article = entering("showing the text", window.show_article, "annotating")  # type: ignore[method-assign]

    def open_article() -> None:
        clock.enter("opening the file")
        window.open_path(path)

    def done(_annotations: object) -> None:
        clock.enter("done")
        QTimer.singleShot(200, app.quit)

    window.annotations_shown.connect(done)
    window.view.setFocus()
    # Let the window settle (and the model load) before the article is opened.
    service.model_ready.connect(lambda: QTimer.singleShot(500, open_article))
    QTimer.singleShot(TIMEOUT_MS, app.quit)
    app.exec()
    service.shutdown()
    notes.close()
    return {
        "longest": {phase: clock.longest.get(phase, 0.0) for phase in PHASES},
        "longest_whole": clock.longest_gap,
        "seconds": {phase: clock.ended[phase] - clock.started[phase] for phase in PHASES},
        "words": len(Path(path).read_text(encoding="utf-8").split()),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    mode = sys.argv[1]
    if mode == "start":
        result = start(float(sys.argv[2]), sys.argv[3])
    elif mode == "stalls":
        result = stalls(sys.argv[2])
    else:
        raise SystemExit(f"unknown mode {mode!r}")
    print(json.dumps(result))


main()
