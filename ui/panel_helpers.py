"""Small pieces the side panels share: how they count and shorten things in words,
and how a filtered list refilters and shows its chosen row."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView


def plural(count: int, word: str, plural_form: str = "") -> str:
    """ "1 note", "3 notes", "2 entities" (with ``plural_form``)."""
    return f"{count} {word}" if count == 1 else f"{count} {plural_form or word + 's'}"


def excerpt(text: str, words: int) -> str:
    """The first ``words`` words of ``text``, with "…" when there were more."""
    parts = text.split()
    shown = " ".join(parts[:words])
    return shown + "…" if len(parts) > words else shown


def refilter(proxy: QSortFilterProxyModel) -> None:
    """Ask ``proxy`` to filter its rows again after its criteria changed."""
    # Qt 6.9 brought begin/endFilterChange and 6.10 deprecates the older call.
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        proxy.endFilterChange()
    else:
        proxy.invalidateRowsFilter()


def show_row(
    view: QAbstractItemView, proxy: QSortFilterProxyModel, model: QAbstractItemModel, row: int
) -> None:
    """Make the source ``row`` (-1: none) the view's current row and scroll to it; when
    it is filtered out, or there is none, nothing is chosen."""
    index = proxy.mapFromSource(model.index(row, 0)) if row >= 0 else None
    if index is not None and index.isValid():
        view.setCurrentIndex(index)
        view.scrollTo(index)
    else:
        view.clearSelection()
        view.setCurrentIndex(QModelIndex())
