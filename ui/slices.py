"""The window's work done in slices between events, run from one place.

Writing a long article's page, putting its marks on, building and measuring the rows
of "Who said what" and filling the panels each come in slices so that the window
keeps answering. Each with its own zero-interval timer, their slices all ran in the
same turn of the event loop, one after another, and the window did not answer for
their sum. Here one timer runs them: each turn, the jobs take turns until the turn's
budget (``TURN_SECONDS``) is spent, and the rest waits for the next turn.

A job is a callable given the seconds it may take; it does about that much (at least
one step) and says whether it has more to do. A job whose steps cannot be cut to a
budget (filling a panel, keeping the article in the library: each takes what it
takes) is started ``alone``: each of its steps waits for a turn that starts with it,
and ends that turn, so no other slice adds to it before the window answers again.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, QTimer

# The longest the slices of one turn should take together; what a slice does past
# its budget (one step may take longer) is the rest of the 50 ms the window may stall.
TURN_SECONDS = 0.008

Job = Callable[[float], bool]


class SliceRunner(QObject):
    """Runs every job's slices; one per application (``runner()``)."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._jobs: list[Job] = []
        self._alone: set[Job] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)

    def start(self, job: Job, owner: QObject, *, alone: bool = False) -> None:
        """Run ``job`` in slices from the next turn on, until it says it is done or
        ``owner`` (whose work it is) is deleted; ``alone``: each step in a turn of its
        own."""
        if job not in self._jobs:
            self._jobs.append(job)
            owner.destroyed.connect(lambda: self.stop(job))
        if alone:
            self._alone.add(job)
        self._timer.start()

    def stop(self, job: Job) -> None:
        """Run no more of ``job`` (unless it is started again)."""
        if job in self._jobs:
            self._jobs.remove(job)
        self._alone.discard(job)

    def running(self, job: Job) -> bool:
        return job in self._jobs

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            # A job that had its slice goes to the back of the queue.
            for number, job in enumerate(list(self._jobs)):
                left = TURN_SECONDS - (time.perf_counter() - started)
                if left <= 0 or (number > 0 and job in self._alone):
                    break  # a job alone keeps its place at the head for the next turn
                if job in self._jobs:  # a job before it may have stopped it
                    alone = job in self._alone
                    self.stop(job)
                    if job(left):
                        self._jobs.append(job)
                        if alone:
                            self._alone.add(job)
                    if alone:
                        break
        finally:  # a job that fails does not stop the others
            if self._jobs:
                self._timer.start()


_runner: SliceRunner | None = None


def runner() -> SliceRunner:
    """The application's slice runner (made on first use, owned by the application)."""
    global _runner
    if _runner is None:
        _runner = SliceRunner(QCoreApplication.instance())
    return _runner
