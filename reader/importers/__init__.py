"""Importers: one module per kind of source, all returning an ``Article``.

``load_source`` is what the command line and the window call: a web address (http or
https) is downloaded (``reader.importers.url``), anything else is a file for
``load_article``, which picks the importer by file extension. A file with another
extension is tried as an EPUB when it is a zip archive, else as plain text, which
refuses binary files with a clear message.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reader.article import Article
from reader.importers.errors import ImportFailure
from reader.importers.markdown import import_markdown
from reader.importers.text import import_text
from reader.importers.url import DownloadProgress, import_url, is_url


def _import_html(path: Path) -> Article:
    # lxml and the two extractors take most of a second to import: only when needed.
    from reader.importers.html import import_html

    return import_html(path)


def _import_epub(path: Path) -> Article:
    from reader.importers.epub import import_epub

    return import_epub(path)


_BY_SUFFIX: dict[str, Callable[[Path], Article]] = {
    ".html": _import_html,
    ".htm": _import_html,
    ".xhtml": _import_html,
    ".epub": _import_epub,
    ".md": import_markdown,
    ".markdown": import_markdown,
    ".txt": import_text,
}

# For the Open dialog's filter and the drag-and-drop check.
SUPPORTED_SUFFIXES = tuple(_BY_SUFFIX)
_ZIP_MAGIC = b"PK\x03\x04"


def load_article(path: str | Path) -> Article:
    """Import the article at ``path``; raises ``ImportFailure`` with a reader-facing message."""
    path = Path(path)
    importer = _BY_SUFFIX.get(path.suffix.lower()) or _by_content(path)
    return importer(path)


def load_source(source: str | Path, progress: DownloadProgress | None = None) -> Article:
    """Import a file, or download and import a web page when ``source`` is a web address.

    ``progress`` hears how much of a download has arrived (see ``reader.importers.url``).
    """
    if isinstance(source, str) and is_url(source):
        if progress is None:
            return import_url(source)
        return import_url(source, progress=progress)
    return load_article(source)


def _by_content(path: Path) -> Callable[[Path], Article]:
    """The importer for a file whose extension says nothing: a zip archive is tried as
    an EPUB (which says so if it is not one), anything else as plain text."""
    try:
        with path.open("rb") as file:
            start = file.read(len(_ZIP_MAGIC))
    except OSError:
        return import_text  # which says what is wrong with the file
    return _import_epub if start == _ZIP_MAGIC else import_text


__all__ = [
    "SUPPORTED_SUFFIXES",
    "ImportFailure",
    "is_url",
    "load_article",
    "load_source",
]
