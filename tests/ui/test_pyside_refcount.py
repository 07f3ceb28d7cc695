"""PySide6 6.12.0 over-releases ``None`` on CPython 3.11: every call of a method that
returns nothing takes one reference from ``None`` until the interpreter aborts with
"Fatal Python error: none_dealloc". pyproject.toml keeps PySide6 below 6.12; this
test fails at once if a build with the fault is installed."""

from __future__ import annotations

import sys

from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import QWidget

CALLS = 10_000


def test_void_methods_do_not_release_none(qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    document = QTextDocument("Marginalia")
    cursor = QTextCursor(document)

    before = sys.getrefcount(None)
    for _ in range(CALLS):
        widget.setEnabled(True)
        cursor.setPosition(3)
    after = sys.getrefcount(None)

    # Other code may take a few references meanwhile; a leak of one per call would
    # take twenty thousand.
    assert after >= before - 10, f"None lost {before - after} references in {2 * CALLS} calls"
