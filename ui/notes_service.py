"""The reader's library as the window sees it: one object, one change signal.

``NotesService`` wraps a ``reader.store.Library`` (opened by ``ui.app`` and passed in,
or none when it could not be opened) for the window and its panels. Every change
goes through it and is followed by ``changed(key)``: "highlights" when highlights or
notes changed, "colors" when a colour got a new name, "claims" when the reader's
verdict on a claim (or its note) changed, "articles" when an article was opened (the
library's list changed), so each panel refreshes what it shows. Trouble
with the file (``StoreError``: disk full, busy, damaged) is never raised to the
window: it is reported through ``failed(message)``, the sentence the store wrote for
the reader, and the call returns None.

Library calls take milliseconds, so they run on the UI thread; the library belongs
to that thread (``sqlite3``'s rule).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from reader.annotations import Annotations, Claim
from reader.article import Article
from reader.export import Format, Written, export_article
from reader.store import ClaimCheck, ClaimState
from reader.store.errors import StoreError
from reader.store.library import (
    ArticleSummary,
    Highlight,
    HighlightColor,
    Library,
    RememberedArticle,
    SearchResults,
    UndoneChange,
)

HIGHLIGHTS = "highlights"
COLORS = "colors"
ARTICLES = "articles"
CLAIMS = "claims"
OTHER = "other"  # something else the library keeps (an undone glossary entry)

T = TypeVar("T")


class NotesService(QObject):
    """The window's door to the library; ``changed`` follows every change."""

    changed = Signal(str)  # HIGHLIGHTS, COLORS, CLAIMS, ARTICLES or OTHER
    failed = Signal(str)  # a sentence for the reader

    def __init__(
        self,
        library: Library | None,
        problem: str = "",
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.library = library
        # Why there is no library, when there is none.
        self.problem = problem
        self._colors: list[HighlightColor] | None = None

    @property
    def available(self) -> bool:
        return self.library is not None

    def warnings(self) -> list[str]:
        """What the reader should hear about the library at start-up."""
        if self.library is None:
            return [self.problem] if self.problem else []
        return list(self.library.warnings)

    def close(self) -> None:
        if self.library is not None:
            self.library.close()
            self.library = None

    def _call(self, call: Callable[[Library], T], changed: str = "") -> T | None:
        if self.library is None:
            return None
        try:
            result = call(self.library)
        except StoreError as error:
            self.failed.emit(str(error))
            return None
        if changed == COLORS:
            self._colors = None
        if changed:
            self.changed.emit(changed)
        return result

    # -- reading -------------------------------------------------------------------

    def colors(self) -> list[HighlightColor]:
        """The highlight colours in menu order, with the reader's names (cached)."""
        if self._colors is None:
            self._colors = self._call(lambda library: library.colors())
        return list(self._colors or [])

    def color_name(self, key: str) -> str:
        for color in self.colors():
            if color.key == key:
                return color.name
        return key.capitalize()

    def highlights(self, article_id: int) -> list[Highlight]:
        return self._call(lambda library: library.highlights_for(article_id)) or []

    def claim_checks(
        self, article_id: int, claims: Iterable[Claim]
    ) -> dict[tuple[int, int], ClaimCheck]:
        """The reader's verdicts on today's claims, by the claim's (start, end)."""
        spans = [(claim.start, claim.end, claim.text) for claim in claims]
        return self._call(lambda library: library.claim_states(article_id, spans)) or {}

    def last_change(self) -> str | None:
        return self._call(lambda library: library.last_change())

    def list_articles(self) -> list[ArticleSummary]:
        return self._call(lambda library: library.list_articles()) or []

    def search(self, query: str) -> SearchResults:
        found = self._call(lambda library: library.search(query))
        return found if found is not None else SearchResults((), ())

    def find_by_sha256(self, sha256: str) -> int | None:
        """The id of the article whose text has this SHA-256 (the most recently opened
        one when several have), if the library keeps one."""
        for summary in self.list_articles():
            if summary.sha256 == sha256:
                return summary.id
        return None

    def highlight(self, highlight_id: int) -> Highlight | None:
        try:
            return self._call(lambda library: library.highlight(highlight_id))
        except LookupError:
            return None

    def article(self, article_id: int) -> Article | None:
        try:
            return self._call(lambda library: library.article(article_id))
        except LookupError:
            return None

    def export(
        self,
        article_id: int,
        annotations: Annotations | None,
        path: Path,
        formats: Sequence[Format],
        article: Article | None = None,
    ) -> list[Written] | None:
        """File > Export: the article's export written to ``path``.

        Raises ``ExportError`` (a sentence for the reader) when a file there is not an
        earlier export of the article or cannot be written.
        """
        return self._call(
            lambda library: export_article(
                library, article_id, annotations, path, formats, article=article
            )
        )

    # -- changing ------------------------------------------------------------------

    def remember(self, article: Article) -> RememberedArticle | None:
        """Keep the article on the page and place its highlights in its text."""
        return self._call(lambda library: library.remember_article(article), ARTICLES)

    def add(self, article_id: int, start: int, end: int, color: str) -> Highlight | None:
        return self._call(
            lambda library: library.add_highlight(article_id, start, end, color), HIGHLIGHTS
        )

    def edit(
        self, highlight_id: int, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Highlight | None:
        """Change a highlight's note and/or tags in one transaction."""
        return self._call(
            lambda library: library.update_highlight(highlight_id, note=note, tags=tags),
            HIGHLIGHTS,
        )

    def recolor(self, highlight_id: int, color: str) -> Highlight | None:
        return self._call(lambda library: library.recolor(highlight_id, color), HIGHLIGHTS)

    def delete(self, highlight_id: int) -> bool:
        def delete(library: Library) -> bool:
            library.delete_highlight(highlight_id)
            return True

        return bool(self._call(delete, HIGHLIGHTS))

    def check_claim(
        self, article_id: int, claim: Claim, state: ClaimState, note: str | None = None
    ) -> ClaimCheck | None:
        """Keep the reader's verdict on a claim (and its note, unless ``note`` is None)."""
        return self._call(
            lambda library: library.check_claim(article_id, claim.start, claim.end, state, note),
            CLAIMS,
        )

    def glossary_entry(self, term: str) -> str:
        """The reader's own definition of ``term`` ("" if none)."""
        entry = self._call(lambda library: library.glossary_entry(term))
        return entry.definition if entry is not None else ""

    def set_glossary(self, term: str, definition: str) -> bool:
        """Keep the reader's definition of ``term`` (an empty one removes it)."""

        def change(library: Library) -> bool:
            if definition.strip():
                library.set_glossary(term, definition)
            else:
                library.delete_glossary(term)
            return True

        return bool(self._call(change, OTHER))

    def rename_color(self, key: str, name: str) -> HighlightColor | None:
        """Give a colour a new name; ValueError if the name is empty or taken."""
        return self._call(lambda library: library.rename_color(key, name), COLORS)

    def undo(self) -> UndoneChange | None:
        """Take back the last change; ``changed`` says what kind of thing came back."""
        undone = self._call(lambda library: library.undo_last())
        if undone is not None:
            self._colors = None
            keys = {"highlight": HIGHLIGHTS, "color": COLORS, "claim": CLAIMS}
            self.changed.emit(keys.get(undone.kind, OTHER))
        return undone
