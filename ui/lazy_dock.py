"""Dock widgets whose contents are built the first time they are needed.

A panel the reader never opens costs nothing at start-up: its widgets are made on
its first show, or when the window first asks it for something (``_ensure_built``).
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDockWidget, QLabel, QVBoxLayout, QWidget


class LazyDock(QDockWidget):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self._built = False

    def showEvent(self, event: QShowEvent) -> None:
        self._ensure_built()
        super().showEvent(event)

    def _ensure_built(self) -> None:
        if not self._built:
            self._built = True
            self._build()

    def _build(self) -> None:
        """Make the dock's widgets; called once."""
        raise NotImplementedError


def summary_page() -> tuple[QWidget, QVBoxLayout, QLabel]:
    """A panel's page laid out like the others, with its one-line summary on top."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(10, 8, 10, 6)
    layout.setSpacing(6)
    summary = QLabel()
    summary.setObjectName("panelSummary")
    summary.setWordWrap(True)
    return page, layout, summary
