"""Importers: one module per kind of source, all returning an ``Article``.

``load_article`` picks the importer by file extension; anything unrecognised is
tried as plain text, which refuses binary files with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.article import Article
from reader.importers.errors import ImportFailure
from reader.importers.markdown import import_markdown
from reader.importers.text import import_text


def _import_html(path: Path) -> Article:
    # lxml and the two extractors take most of a second to import: only when needed.
    from reader.importers.html import import_html

    return import_html(path)


_BY_SUFFIX: dict[str, Callable[[Path], Article]] = {
    ".html": _import_html,
    ".htm": _import_html,
    ".xhtml": _import_html,
    ".md": import_markdown,
    ".markdown": import_markdown,
    ".txt": import_text,
}

# For the Open dialog's filter and the drag-and-drop check.
SUPPORTED_SUFFIXES = tuple(_BY_SUFFIX)


def load_article(path: str | Path) -> Article:
    """Import the article at ``path``; raises ``ImportFailure`` with a reader-facing message."""
    path = Path(path)
    importer = _BY_SUFFIX.get(path.suffix.lower(), import_text)
    return importer(path)


__all__ = ["SUPPORTED_SUFFIXES", "ImportFailure", "load_article"]
