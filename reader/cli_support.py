"""What the ``marginalia`` subcommands share: reporting a failure, opening the
reader's library, and finding an article that may now exist only in the library."""

from __future__ import annotations

import sys

from reader.article import Article
from reader.importers import ImportFailure, load_source
from reader.store import Library, location_of


def fail(message: str) -> int:
    """Say what went wrong on standard error, in one sentence; the exit status."""
    print(f"marginalia: {message}", file=sys.stderr)
    return 1


def open_library() -> Library:
    """The reader's library, with anything the reader should know said on standard error.

    Raises ``StoreError`` (with a message for the reader) when it cannot be opened.
    """
    library = Library.open()
    for warning in library.warnings:
        print(f"marginalia: {warning}", file=sys.stderr)
    return library


def remembered_article(library: Library, source: str, doing: str) -> tuple[int, Article]:
    """The article at ``source``, remembered in the library, and its library id.

    When the source can no longer be opened but the library knows it, the library's
    copy is used and the reader told ("… Exporting the library's copy."); otherwise
    the ``ImportFailure`` is raised.
    """
    try:
        article = load_source(source)
    except ImportFailure as error:
        known = library.find_article(location_of(source))
        if known is None:
            raise
        print(f"marginalia: {error} {doing} the library's copy.", file=sys.stderr)
        return known, library.article(known)
    return library.remember_article(article).id, article
