"""One cold start of the window, timed from the moment the parent launched it.

Run by bench.py in a fresh process: ``python -m benchmarks.window_probe LAUNCHED PATH``
where LAUNCHED is the parent's ``time.time()`` just before it started this process.
It starts the window as ``marginalia PATH`` does, then prints one JSON line:
seconds to the first paint of the article text, to the first paint after the
highlights were applied, and (model now loaded) to highlights when the same article
is opened again.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer

from ui.app import make_application
from ui.main_window import MainWindow
from ui.workers import AnnotationService


class PaintClock(QObject):
    """Notes when the article view next paints after each milestone, then calls back."""

    def __init__(self, on_painted: Callable[[], None]) -> None:
        super().__init__()
        self.on_painted = on_painted
        self.waiting_for: str | None = None
        self.times: dict[str, float] = {}

    def expect(self, name: str) -> None:
        self.waiting_for = name

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.waiting_for:
            self.times[self.waiting_for] = time.time()
            self.waiting_for = None
            QTimer.singleShot(0, self.on_painted)
        return False


def main() -> None:
    launched, path = float(sys.argv[1]), sys.argv[2]
    app, settings = make_application()
    service = AnnotationService()
    window = MainWindow(service, settings, remember_layout=False)
    reopened_at = 0.0

    def after_paint() -> None:
        nonlocal reopened_at
        if "reopened" in clock.times:
            app.quit()
        elif "highlights" in clock.times and not reopened_at:
            reopened_at = time.time()
            window.open_path(path)

    def on_highlights(_annotations: object) -> None:
        clock.expect("highlights" if "highlights" not in clock.times else "reopened")

    clock = PaintClock(after_paint)
    window.view.viewport().installEventFilter(clock)
    window.resize(1180, 780)
    window.show()
    window.annotations_shown.connect(on_highlights)
    clock.expect("text")
    window.open_path(path)
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    service.shutdown()
    times = clock.times
    print(
        json.dumps(
            {
                "text": times["text"] - launched,
                "highlights": times["highlights"] - launched,
                "reopen_highlights": times["reopened"] - reopened_at,
            }
        )
    )


main()
