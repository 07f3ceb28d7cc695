"""The reader's library: every article opened, and every highlight and note.

This is what the window and ``marginalia notes`` call. Each method that changes
something is one transaction (one user action): after it returns, the change
survives a crash; if it raises, nothing of it was kept. Known trouble with the file
raises ``StoreError`` (its message is for the reader); a wrong argument raises
``ValueError`` or ``LookupError``.

An article is the same article when it comes from the same place (absolute path or
URL) or has the same content (SHA-256 of its text). Its text is kept, so the library
opens without the original file. When the text changes, every highlight is placed
again in the new text (``reader.anchoring``); one that cannot be placed is kept as
orphaned, with its quote, and is tried again whenever the text changes.

A ``Library`` belongs to the thread that opened it (``sqlite3``'s rule); a worker
that needs one opens its own. Several programs may use the same file at once.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence, Sized
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from reader.anchoring import TextPositionSelector, TextQuoteSelector, anchor, describe
from reader.article import Article, Paragraph
from reader.paths import data_dir
from reader.store.claim_checks import CLAIM_STATES, ClaimCheck, ClaimState, match_checks
from reader.store.database import open_database, transaction
from reader.store.errors import translated
from reader.store.migrations import migrate

LIBRARY_FILE = "library.sqlite"
# How many changes ``undo_last`` can go back.
UNDO_DEPTH = 100
SEARCH_LIMIT = 50
ARTICLE_SEARCH_LIMIT = 20
# How many articles' annotations the cache keeps (the least recently used go first).
ANNOTATION_CACHE_ENTRIES = 200

Status = Literal["attached", "orphaned"]

# Marks around the matched words in a search snippet (private-use characters, so they
# cannot occur in an article); ``Snippet.marks`` gives their places instead.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_TAG_SEPARATOR = "\x1f"


@dataclass(frozen=True)
class HighlightColor:
    key: str  # what the window's palette knows: "yellow", "red", ...
    name: str  # what it means to the reader: "Key point", "Disagree", ...


@dataclass(frozen=True)
class Highlight:
    id: int
    article_id: int
    status: Status
    # Where the passage lies in the article's current text; None when orphaned.
    start: int | None
    end: int | None
    # The passage: as it reads now when attached, as it was selected when orphaned.
    quote: str
    # What the passage was when selected, which re-attaching looks for.
    selector: TextQuoteSelector
    color: str
    color_name: str
    note: str
    tags: tuple[str, ...]
    created: str
    modified: str

    @property
    def attached(self) -> bool:
        return self.status == "attached"

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "quote": self.quote,
            "note": self.note,
            "color": self.color,
            "color_name": self.color_name,
            "tags": list(self.tags),
            "status": self.status,
            "start": self.start,
            "end": self.end,
            "created": self.created,
            "modified": self.modified,
            "selector": self.selector.to_json(),
        }


@dataclass(frozen=True)
class ArticleSummary:
    """A row of the library view."""

    id: int
    title: str
    source: str
    url: str
    sha256: str
    first_opened: str
    last_opened: str
    note_count: int
    orphaned_count: int

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "sha256": self.sha256,
            "first_opened": self.first_opened,
            "last_opened": self.last_opened,
            "note_count": self.note_count,
            "orphaned_count": self.orphaned_count,
        }


@dataclass(frozen=True)
class RememberedArticle:
    """What ``remember_article`` did: the article's id and what became of its notes."""

    id: int
    new: bool  # first time in the library
    changed: bool  # the text differs from the one the library had
    reattached: int  # highlights placed again in the changed text
    orphaned: int  # highlights that could not be placed (all of them, not only new ones)


@dataclass(frozen=True)
class Snippet:
    """A piece of text around a search match; ``marks`` are the matched words in it."""

    text: str
    marks: tuple[tuple[int, int], ...]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "marks": [list(mark) for mark in self.marks]}


@dataclass(frozen=True)
class NoteHit:
    highlight: Highlight
    article_title: str
    snippet: Snippet

    def to_json(self) -> dict[str, Any]:
        return {
            **self.highlight.to_json(),
            "article_title": self.article_title,
            "snippet": self.snippet.to_json(),
        }


@dataclass(frozen=True)
class ArticleHit:
    article: ArticleSummary
    snippet: Snippet

    def to_json(self) -> dict[str, Any]:
        return {**self.article.to_json(), "snippet": self.snippet.to_json()}


@dataclass(frozen=True)
class SearchResults:
    notes: tuple[NoteHit, ...]
    articles: tuple[ArticleHit, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "notes": [hit.to_json() for hit in self.notes],
            "articles": [hit.to_json() for hit in self.articles],
        }


@dataclass(frozen=True)
class UndoneChange:
    """What ``undo_last`` took back, so the window can show it."""

    description: str
    # What came back: a highlight (with its note), a colour's name, a glossary entry
    # or a verdict on a claim, so the window knows what to show again.
    kind: Literal["highlight", "color", "glossary", "claim"]
    article_id: int | None
    highlight_id: int | None


@dataclass(frozen=True)
class GlossaryEntry:
    """The reader's own definition of a term, which wins over every other source."""

    term: str  # as the reader wrote it
    definition: str
    created: str
    modified: str

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "definition": self.definition,
            "created": self.created,
            "modified": self.modified,
        }


@dataclass(frozen=True)
class LookedUpTerm:
    """A term the reader looked up in an article (for the export's glossary)."""

    term: str  # as it was last looked up
    first_looked_up: str
    last_looked_up: str
    times: int

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "first_looked_up": self.first_looked_up,
            "last_looked_up": self.last_looked_up,
            "times": self.times,
        }


@dataclass(frozen=True)
class CachedSummary:
    """An encyclopedia summary as downloaded, and when (ISO 8601, UTC)."""

    key: str  # what it was looked up by: language and title ("en:reykjavik")
    title: str
    description: str
    extract: str
    url: str
    retrieved: str


def default_path() -> Path:
    return data_dir() / LIBRARY_FILE


def glossary_key(term: str) -> str:
    """A term as the glossary compares it: spaces collapsed, case folded, one apostrophe."""
    return " ".join(term.replace("’", "'").split()).casefold()


def location_of(source: str) -> str:
    """The key a source is known by: a URL without its fragment, or an absolute path."""
    if "://" in source:
        return source.split("#", 1)[0]
    return str(Path(source).expanduser().resolve())


class Library:
    """The reader's articles, highlights and notes in one SQLite file."""

    def __init__(self, connection: sqlite3.Connection, path: Path, warnings: Sequence[str]):
        self._connection = connection
        self.path = path
        # Sentences for the reader about what happened on opening (a damaged file
        # moved aside, a migration and where its backup went).
        self.warnings: tuple[str, ...] = tuple(warnings)

    @classmethod
    def open(cls, path: Path | None = None) -> Library:
        """Open (creating, migrating or replacing a damaged file as needed) the library."""
        path = path if path is not None else default_path()
        connection, warnings = open_database(path)
        try:
            with translated(path):
                warnings += migrate(connection, path)
        except BaseException:
            connection.close()
            raise
        return cls(connection, path, warnings)

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- articles ---------------------------------------------------------------------

    def remember_article(self, article: Article) -> RememberedArticle:
        """Keep ``article`` (new, re-opened or changed) and place its highlights in it."""
        location = (
            location_of(article.source or article.url) if article.source or article.url else ""
        )
        now = _now()
        with self._write():
            article_id = self._article_at(location) if location else None
            if article_id is None:
                row = self._connection.execute(
                    "SELECT id FROM articles WHERE sha256 = ? ORDER BY last_opened DESC LIMIT 1",
                    (article.sha256,),
                ).fetchone()
                article_id = row[0] if row else None
            new = article_id is None
            fields = _article_fields(article, location)
            if article_id is None:
                article_id = self._insert_article(fields, now)
                changed = False
            else:
                changed = self._update_article(article_id, fields, now)
            if location:
                self._connection.execute(
                    "INSERT OR REPLACE INTO article_locations (location, article_id) VALUES (?, ?)",
                    (location, article_id),
                )
            reattached = self._place_highlights(article_id)
            orphaned = self._connection.execute(
                "SELECT count(*) FROM highlights WHERE article_id = ? AND status = 'orphaned'",
                (article_id,),
            ).fetchone()[0]
        return RememberedArticle(article_id, new, changed, reattached, orphaned)

    def find_article(self, source: str) -> int | None:
        """The id of the article last opened from ``source`` (a path or URL), if any."""
        with self._read():
            return self._article_at(location_of(source))

    def article(self, article_id: int) -> Article:
        """The article as the library keeps it (no need for the original file)."""
        with self._read():
            row = self._connection.execute(
                "SELECT text, paragraphs, title, byline, site, published, url, language, source "
                "FROM articles WHERE id = ?",
                (article_id,),
            ).fetchone()
        if row is None:
            raise LookupError(f"there is no article {article_id} in the library")
        text, paragraphs, *metadata = row
        return Article(
            text,
            tuple(Paragraph(start, end, kind) for start, end, kind in json.loads(paragraphs)),
            *metadata,
        )

    def list_articles(self) -> list[ArticleSummary]:
        """Every article with its note counts, the most recently opened first."""
        with self._read():
            rows = self._connection.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM articles a ORDER BY a.last_opened DESC, a.id DESC"
            ).fetchall()
        return [ArticleSummary(*row) for row in rows]

    # -- highlights -------------------------------------------------------------------

    def add_highlight(
        self,
        article_id: int,
        start: int,
        end: int,
        color: str | None = None,
        note: str = "",
        tags: Iterable[str] = (),
    ) -> Highlight:
        """Highlight ``text[start:end]`` of the article, with a colour, note and tags."""
        now = _now()
        with self._write():
            text, sha = self._article_text(article_id)
            quote, _ = describe(text, start, end)
            color = self._color_key(color)
            cursor = self._connection.execute(
                "INSERT INTO highlights (article_id, exact, prefix, suffix, start_offset, "
                "end_offset, anchored_sha256, status, color, note, created, modified) "
                "VALUES (:article, :exact, :prefix, :suffix, :start, :end, :sha256, "
                "'attached', :color, :note, :now, :now)",
                {
                    "article": article_id,
                    "exact": quote.exact,
                    "prefix": quote.prefix,
                    "suffix": quote.suffix,
                    "start": start,
                    "end": end,
                    "sha256": sha,
                    "color": color,
                    "note": note,
                    "now": now,
                },
            )
            highlight_id = _last_id(cursor)
            self._set_tags(highlight_id, tags)
            self._log_undo("add highlight", {"delete": highlight_id})
            return self._highlight(highlight_id)

    def update_highlight(
        self,
        highlight_id: int,
        *,
        note: str | None = None,
        tags: Iterable[str] | None = None,
        color: str | None = None,
        start: int | None = None,
        end: int | None = None,
    ) -> Highlight:
        """Change a highlight's note, tags, colour or passage (what is given)."""
        if all(value is None for value in (note, tags, color, start, end)):
            return self.highlight(highlight_id)
        with self._write():
            before = self._snapshot(highlight_id)
            changes: dict[str, Any] = {}
            if note is not None:
                changes["note"] = note
            if color is not None:
                changes["color"] = self._color_key(color)
            if start is not None or end is not None:
                text, sha = self._article_text(before["article_id"])
                current = self._highlight(highlight_id)
                new_start = start if start is not None else current.start
                new_end = end if end is not None else current.end
                if new_start is None or new_end is None:
                    raise ValueError("an orphaned highlight needs both a start and an end")
                quote, _ = describe(text, new_start, new_end)
                changes |= {
                    "exact": quote.exact,
                    "prefix": quote.prefix,
                    "suffix": quote.suffix,
                    "start_offset": new_start,
                    "end_offset": new_end,
                    "anchored_sha256": sha,
                    "status": "attached",
                }
            if changes or tags is not None:
                changes["modified"] = _now()
                assignments = ", ".join(f"{column} = ?" for column in changes)
                self._connection.execute(
                    f"UPDATE highlights SET {assignments} WHERE id = ?",
                    (*changes.values(), highlight_id),
                )
            if tags is not None:
                self._set_tags(highlight_id, tags)
            self._log_undo(_describe_update(note, tags, color, start, end), {"restore": before})
            return self._highlight(highlight_id)

    def recolor(self, highlight_id: int, color: str) -> Highlight:
        return self.update_highlight(highlight_id, color=color)

    def delete_highlight(self, highlight_id: int) -> None:
        with self._write():
            before = self._snapshot(highlight_id)
            self._connection.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
            self._log_undo("delete highlight", {"restore": before})

    def highlight(self, highlight_id: int) -> Highlight:
        with self._read():
            return self._highlight(highlight_id)

    def highlights_for(self, article_id: int) -> list[Highlight]:
        """The article's highlights: attached ones in text order, then the orphaned."""
        with self._read():
            return self._highlights("h.article_id = ?", (article_id,))

    def all_highlights(self, tag: str | None = None) -> list[Highlight]:
        """Every highlight (or those with ``tag``), the most recently opened article first."""
        where, parameters = "1", tuple[str, ...]()
        if tag is not None:
            where = "h.id IN (SELECT highlight_id FROM highlight_tags WHERE tag = ?)"
            parameters = (_clean_tag(tag),)
        with self._read():
            return self._highlights(where, parameters)

    def tags(self) -> list[tuple[str, int]]:
        """Every tag in use and how many highlights carry it, the most used first."""
        with self._read():
            rows = self._connection.execute(
                "SELECT tag, count(*) FROM highlight_tags GROUP BY tag COLLATE NOCASE "
                "ORDER BY count(*) DESC, tag"
            ).fetchall()
        return [(tag, count) for tag, count in rows]

    # -- undo -------------------------------------------------------------------------

    def last_change(self) -> str | None:
        """What ``undo_last`` would take back ("delete highlight"), or None."""
        with self._read():
            row = self._connection.execute(
                "SELECT description FROM undo_log ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return row[0] if row else None

    def undo_last(self) -> UndoneChange | None:
        """Take back the most recent change to the notes, colours or glossary."""
        with self._write():
            row = self._connection.execute(
                "SELECT id, description, inverse FROM undo_log ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                return None
            entry_id, description, inverse = row
            self._connection.execute("DELETE FROM undo_log WHERE id = ?", (entry_id,))
            action = json.loads(inverse)
            if "delete" in action:
                highlight_id = action["delete"]
                article = self._connection.execute(
                    "SELECT article_id FROM highlights WHERE id = ?", (highlight_id,)
                ).fetchone()
                self._connection.execute("DELETE FROM highlights WHERE id = ?", (highlight_id,))
                article_id = article[0] if article else None
                return UndoneChange(description, "highlight", article_id, highlight_id)
            if "restore" in action:
                snapshot = action["restore"]
                self._restore(snapshot)
                return UndoneChange(
                    description, "highlight", snapshot["article_id"], snapshot["id"]
                )
            if "glossary" in action:
                self._restore_glossary(action["glossary"])
                return UndoneChange(description, "glossary", None, None)
            if "claim" in action:
                self._restore_claim(action["claim"])
                return UndoneChange(description, "claim", action["claim"]["article_id"], None)
            key, name = action["rename_color"]
            self._connection.execute(
                "UPDATE highlight_colors SET name = ? WHERE key = ?", (name, key)
            )
            return UndoneChange(description, "color", None, None)

    # -- colours ----------------------------------------------------------------------

    def colors(self) -> list[HighlightColor]:
        """The highlight colours in menu order, with the reader's names for them."""
        with self._read():
            rows = self._connection.execute(
                "SELECT key, name FROM highlight_colors ORDER BY position"
            ).fetchall()
        return [HighlightColor(key, name) for key, name in rows]

    def rename_color(self, key: str, name: str) -> HighlightColor:
        """Give a colour a new meaning ("Key point" -> "Evidence")."""
        name = " ".join(name.split())
        if not name:
            raise ValueError("a colour needs a name")
        with self._write():
            row = self._connection.execute(
                "SELECT name FROM highlight_colors WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                raise LookupError(f"there is no colour “{key}”")
            clash = self._connection.execute(
                "SELECT key FROM highlight_colors WHERE key != ? AND (name = ? COLLATE NOCASE "
                "OR key = ? COLLATE NOCASE)",
                (key, name, name),
            ).fetchone()
            if clash is not None:
                raise ValueError(f"another colour is already called “{name}”")
            self._connection.execute(
                "UPDATE highlight_colors SET name = ? WHERE key = ?", (name, key)
            )
            self._log_undo("rename colour", {"rename_color": [key, row[0]]})
        return HighlightColor(key, name)

    def color_key(self, name: str) -> str:
        """The key of the colour called ``name`` (its key or the reader's name for it)."""
        with self._read():
            return self._color_key(name)

    # -- glossary, looked-up terms, encyclopedia summaries -------------------------------

    def set_glossary(self, term: str, definition: str) -> GlossaryEntry:
        """Write (or change) the reader's own definition of ``term``."""
        term, definition = " ".join(term.split()), definition.strip()
        if not term:
            raise ValueError("a glossary entry needs a term")
        if not definition:
            raise ValueError("a glossary entry needs a definition")
        now = _now()
        key = glossary_key(term)
        with self._write():
            before = self._glossary_row(key)
            created = before["created"] if before else now
            self._connection.execute(
                "INSERT OR REPLACE INTO glossary (key, term, definition, created, modified) "
                "VALUES (?, ?, ?, ?, ?)",
                (key, term, definition, created, now),
            )
            description = "edit glossary entry" if before else "add glossary entry"
            self._log_undo(description, {"glossary": {"key": key, "before": before}})
        return GlossaryEntry(term, definition, created, now)

    def glossary_entry(self, term: str) -> GlossaryEntry | None:
        """The reader's definition of ``term`` (in any case and spacing), if any."""
        with self._read():
            row = self._glossary_row(glossary_key(term))
        return GlossaryEntry(**row) if row else None

    def glossary(self) -> list[GlossaryEntry]:
        """Every glossary entry, in alphabetical order."""
        with self._read():
            rows = self._connection.execute(
                "SELECT term, definition, created, modified FROM glossary ORDER BY key"
            ).fetchall()
        return [GlossaryEntry(*row) for row in rows]

    def delete_glossary(self, term: str) -> bool:
        """Remove the reader's definition of ``term``; whether there was one."""
        key = glossary_key(term)
        with self._write():
            before = self._glossary_row(key)
            if before is None:
                return False
            self._connection.execute("DELETE FROM glossary WHERE key = ?", (key,))
            self._log_undo("delete glossary entry", {"glossary": {"key": key, "before": before}})
        return True

    def remember_lookup(self, article_id: int, term: str) -> None:
        """Note that the reader looked ``term`` up in the article."""
        term = " ".join(term.split())
        if not term:
            return
        now = _now()
        with self._write():
            self._article_text(article_id)  # LookupError for an unknown article
            self._connection.execute(
                "INSERT INTO looked_up_terms (article_id, key, term, first_looked_up, "
                "last_looked_up) VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, key) "
                "DO UPDATE SET term = excluded.term, last_looked_up = excluded.last_looked_up, "
                "times = times + 1",
                (article_id, glossary_key(term), term, now, now),
            )

    def looked_up_terms(self, article_id: int) -> list[LookedUpTerm]:
        """The terms looked up in the article, in the order they were first looked up."""
        with self._read():
            rows = self._connection.execute(
                "SELECT term, first_looked_up, last_looked_up, times FROM looked_up_terms "
                "WHERE article_id = ? ORDER BY first_looked_up, key",
                (article_id,),
            ).fetchall()
        return [LookedUpTerm(*row) for row in rows]

    def cached_summary(self, key: str) -> CachedSummary | None:
        """The encyclopedia summary kept under ``key``, if one was downloaded."""
        with self._read():
            row = self._connection.execute(
                "SELECT key, title, description, extract, url, retrieved "
                "FROM encyclopedia_summaries WHERE key = ?",
                (key,),
            ).fetchone()
        return CachedSummary(*row) if row else None

    def cache_summary(self, summary: CachedSummary) -> None:
        """Keep a downloaded summary (replacing an older one under the same key)."""
        with self._write():
            self._connection.execute(
                "INSERT OR REPLACE INTO encyclopedia_summaries "
                "(key, title, description, extract, url, retrieved) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    summary.key,
                    summary.title,
                    summary.description,
                    summary.extract,
                    summary.url,
                    summary.retrieved,
                ),
            )

    # -- claims checklist -------------------------------------------------------------

    def claim_checks(self, article_id: int) -> list[ClaimCheck]:
        """The reader's verdicts on the article's claims, in text order."""
        with self._read():
            rows = self._connection.execute(
                f"SELECT {_CLAIM_COLUMNS} FROM claim_checks WHERE article_id = ? "
                "ORDER BY start_offset, end_offset",
                (article_id,),
            ).fetchall()
        return [ClaimCheck(*row) for row in rows]

    def claim_states(
        self, article_id: int, claims: Iterable[tuple[int, int, str]]
    ) -> dict[tuple[int, int], ClaimCheck]:
        """Today's claims (start, end, text) that the reader has judged, with the verdict."""
        with self._read():
            return self._claim_states(article_id, claims)

    def check_claim(
        self, article_id: int, start: int, end: int, state: ClaimState, note: str | None = None
    ) -> ClaimCheck:
        """Record the reader's verdict on the claim at ``start``–``end`` (and its note,
        unless ``note`` is None); undoable like a note."""
        if state not in CLAIM_STATES:
            raise ValueError(f"a claim is one of {', '.join(CLAIM_STATES)}, not {state!r}")
        with self._write():
            text, _ = self._article_text(article_id)
            if not 0 <= start < end <= len(text):
                raise ValueError(f"{start}–{end} is not a passage of article {article_id}")
            exact = text[start:end]
            # The verdict this claim had under its earlier offsets (the text changed).
            previous = self._claim_states(article_id, [(start, end, exact)])
            before = previous.get((start, end))
            if before is not None and (before.start, before.end) != (start, end):
                self._connection.execute(
                    "DELETE FROM claim_checks WHERE article_id = ? AND start_offset = ? "
                    "AND end_offset = ?",
                    (article_id, before.start, before.end),
                )
            kept_note = before.note if before is not None else ""
            self._connection.execute(
                "INSERT INTO claim_checks (article_id, start_offset, end_offset, exact, "
                "state, note, modified) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (article_id, start_offset, end_offset) DO UPDATE SET "
                "exact = excluded.exact, state = excluded.state, note = excluded.note, "
                "modified = excluded.modified",
                (article_id, start, end, exact, state, kept_note if note is None else note, _now()),
            )
            self._log_undo(
                "judge claim",
                {
                    "claim": {
                        "article_id": article_id,
                        "at": [start, end],
                        "before": before.to_json() if before is not None else None,
                    }
                },
            )
            row = self._connection.execute(
                f"SELECT {_CLAIM_COLUMNS} FROM claim_checks WHERE article_id = ? "
                "AND start_offset = ? AND end_offset = ?",
                (article_id, start, end),
            ).fetchone()
        return ClaimCheck(*row)

    # -- annotation cache -------------------------------------------------------------

    def cached_annotations(self, sha256: str, pipeline: str) -> bytes | None:
        """What ``cache_annotations`` kept for this text and pipeline version, if anything."""
        with self._read():
            row = self._connection.execute(
                "SELECT data FROM annotation_cache WHERE sha256 = ? AND pipeline = ?",
                (sha256, pipeline),
            ).fetchone()
        return bytes(row[0]) if row else None

    def cache_annotations(self, sha256: str, pipeline: str, data: bytes) -> None:
        """Keep the pipeline's findings for a text; the least recently cached texts
        beyond ``ANNOTATION_CACHE_ENTRIES`` are dropped."""
        with self._write():
            self._connection.execute(
                "INSERT OR REPLACE INTO annotation_cache (sha256, pipeline, data, used) "
                "VALUES (?, ?, ?, ?)",
                (sha256, pipeline, data, _now()),
            )
            self._connection.execute(
                "DELETE FROM annotation_cache WHERE rowid NOT IN (SELECT rowid FROM "
                "annotation_cache ORDER BY used DESC LIMIT ?)",
                (ANNOTATION_CACHE_ENTRIES,),
            )

    # -- search -----------------------------------------------------------------------

    def index_articles(self) -> int:
        """Put every article that waits for it into the search index; how many.

        Keeping an article does not index its text (for a book that takes long
        enough to hold the window): the window's background thread calls this, and so
        does ``search``. One write per article, so others wait at most for one; none
        when nothing waits (a search then takes no write lock).
        """
        with self._read():
            waiting = self._connection.execute(
                "SELECT 1 FROM articles_unindexed LIMIT 1"
            ).fetchone()
        if waiting is None:
            return 0
        indexed = 0
        while True:
            with self._write():
                row = self._connection.execute(
                    "SELECT article_id FROM articles_unindexed LIMIT 1"
                ).fetchone()
                if row is None:
                    return indexed
                self._connection.execute(
                    "INSERT INTO articles_fts (rowid, title, text) "
                    "SELECT id, title, text FROM articles WHERE id = ?",
                    row,
                )
                self._connection.execute("DELETE FROM articles_unindexed WHERE article_id = ?", row)
            indexed += 1

    def search(
        self, query: str, limit: int = SEARCH_LIMIT, article_limit: int = ARTICLE_SEARCH_LIMIT
    ) -> SearchResults:
        """Notes (quote, note, tags) and articles (title, text) matching every word.

        Words may end in ``*`` to match as a prefix; "quoted words" match as a phrase.
        The best matches come first: at most ``limit`` notes and ``article_limit``
        articles (each article's snippet costs a pass over its text).
        """
        match = fts_query(query)
        if not match:
            return SearchResults((), ())
        self.index_articles()  # those kept since the window's last turn to index them
        with self._read():
            note_rows = self._connection.execute(
                "SELECT rowid, snippet(notes_fts, -1, ?, ?, '…', 16) FROM notes_fts "
                "WHERE notes_fts MATCH ? ORDER BY rank LIMIT ?",
                (_MARK_OPEN, _MARK_CLOSE, match, limit),
            ).fetchall()
            highlights = {
                h.id: h
                for h in self._highlights(_among("h.id", note_rows), [r[0] for r in note_rows])
            }
            titles = dict(
                self._connection.execute(
                    f"SELECT id, title FROM articles WHERE {_among('id', highlights)}",
                    [h.article_id for h in highlights.values()],
                ).fetchall()
            )
            article_rows = self._connection.execute(
                "SELECT rowid, snippet(articles_fts, -1, ?, ?, '…', 24) FROM articles_fts "
                "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?",
                (_MARK_OPEN, _MARK_CLOSE, match, article_limit),
            ).fetchall()
            summaries = {
                row[0]: ArticleSummary(*row)
                for row in self._connection.execute(
                    f"SELECT {_SUMMARY_COLUMNS} FROM articles a "
                    f"WHERE {_among('a.id', article_rows)}",
                    [r[0] for r in article_rows],
                ).fetchall()
            }
        notes = tuple(
            NoteHit(highlights[i], titles.get(highlights[i].article_id, ""), _snippet(s))
            for i, s in note_rows
            if i in highlights
        )
        articles = tuple(ArticleHit(summaries[i], _snippet(s)) for i, s in article_rows)
        return SearchResults(notes, articles)

    # -- inside -----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[None]:
        with translated(self.path), transaction(self._connection):
            yield

    @contextmanager
    def _read(self) -> Iterator[None]:
        with translated(self.path), transaction(self._connection, write=False):
            yield

    def _article_at(self, location: str) -> int | None:
        row = self._connection.execute(
            "SELECT article_id FROM article_locations WHERE location = ?", (location,)
        ).fetchone()
        return row[0] if row else None

    def _insert_article(self, fields: dict[str, Any], now: str) -> int:
        columns = [*fields, "first_opened", "last_opened"]
        cursor = self._connection.execute(
            f"INSERT INTO articles ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            (*fields.values(), now, now),
        )
        return _last_id(cursor)

    def _update_article(self, article_id: int, fields: dict[str, Any], now: str) -> bool:
        """Bring the stored article up to date; whether its text changed."""
        columns = list(fields)
        stored = self._connection.execute(
            f"SELECT {', '.join(columns)} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        differing = {
            c: v for c, v, old in zip(columns, fields.values(), stored, strict=True) if v != old
        }
        if not fields["source"]:
            differing.pop("source", None)  # keep where it came from
        differing["last_opened"] = now
        assignments = ", ".join(f"{column} = ?" for column in differing)
        self._connection.execute(
            f"UPDATE articles SET {assignments} WHERE id = ?", (*differing.values(), article_id)
        )
        return "sha256" in differing

    def _article_text(self, article_id: int) -> tuple[str, str]:
        row = self._connection.execute(
            "SELECT text, sha256 FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            raise LookupError(f"there is no article {article_id} in the library")
        return row[0], row[1]

    def _place_highlights(self, article_id: int) -> int:
        """Anchor the highlights placed in another version of the text; how many attached."""
        text, sha = self._article_text(article_id)
        rows = self._connection.execute(
            "SELECT id, exact, prefix, suffix, start_offset, end_offset FROM highlights "
            "WHERE article_id = ? AND anchored_sha256 != ?",
            (article_id, sha),
        ).fetchall()
        attached = 0
        for highlight_id, exact, prefix, suffix, start, end in rows:
            found = anchor(
                text, TextQuoteSelector(exact, prefix, suffix), TextPositionSelector(start, end)
            )
            if found is None:
                self._connection.execute(
                    "UPDATE highlights SET status = 'orphaned', anchored_sha256 = ? WHERE id = ?",
                    (sha, highlight_id),
                )
                continue
            attached += 1
            self._connection.execute(
                "UPDATE highlights SET status = 'attached', start_offset = ?, end_offset = ?, "
                "anchored_sha256 = ? WHERE id = ?",
                (found.start, found.end, sha, highlight_id),
            )
        return attached

    def _color_key(self, name: str | None) -> str:
        if name is None:
            row = self._connection.execute(
                "SELECT key FROM highlight_colors ORDER BY position LIMIT 1"
            ).fetchone()
        else:
            wanted = " ".join(name.split())
            row = self._connection.execute(
                "SELECT key FROM highlight_colors WHERE key = ? COLLATE NOCASE "
                "OR name = ? COLLATE NOCASE ORDER BY key = ? COLLATE NOCASE DESC LIMIT 1",
                (wanted, wanted, wanted),
            ).fetchone()
        if row is None:
            known = ", ".join(f"{c.name} ({c.key})" for c in self._colors())
            raise ValueError(f"there is no colour “{name}”; the colours are: {known}")
        key: str = row[0]
        return key

    def _colors(self) -> list[HighlightColor]:
        rows = self._connection.execute(
            "SELECT key, name FROM highlight_colors ORDER BY position"
        ).fetchall()
        return [HighlightColor(key, name) for key, name in rows]

    def _set_tags(self, highlight_id: int, tags: Iterable[str]) -> None:
        wanted: dict[str, str] = {}
        for tag in tags:
            clean = _clean_tag(tag)
            if clean:
                wanted.setdefault(clean.casefold(), clean)
        self._connection.execute(
            "DELETE FROM highlight_tags WHERE highlight_id = ?", (highlight_id,)
        )
        self._connection.executemany(
            "INSERT INTO highlight_tags (highlight_id, tag) VALUES (?, ?)",
            [(highlight_id, tag) for tag in wanted.values()],
        )

    def _highlight(self, highlight_id: int) -> Highlight:
        found = self._highlights("h.id = ?", (highlight_id,))
        if not found:
            raise LookupError(f"there is no highlight {highlight_id} in the library")
        return found[0]

    def _highlights(self, where: str, parameters: Sequence[Any]) -> list[Highlight]:
        rows = self._connection.execute(
            "SELECT h.id, h.article_id, h.status, h.start_offset, h.end_offset, "
            "h.exact, h.prefix, h.suffix, h.color, coalesce(c.name, h.color), h.note, "
            "(SELECT group_concat(tag, char(31)) FROM "
            " (SELECT tag FROM highlight_tags WHERE highlight_id = h.id ORDER BY rowid)), "
            "h.created, h.modified "
            "FROM highlights h JOIN articles a ON a.id = h.article_id "
            "LEFT JOIN highlight_colors c ON c.key = h.color "
            f"WHERE {where} "
            "ORDER BY a.last_opened DESC, a.id DESC, h.status = 'orphaned', h.start_offset, h.id",
            tuple(parameters),
        ).fetchall()
        # An attached highlight reads as its passage now does: each article's text is
        # read once (slicing it in SQL per row would re-read it for every highlight).
        texts = self._article_texts({row[1] for row in rows if row[2] == "attached"})
        highlights = []
        for row in rows:
            (id_, article_id, status, start, end, exact, prefix, suffix) = row[:8]
            color, color_name, note, tags, created, modified = row[8:]
            attached = status == "attached"
            quote = texts[article_id][start:end] if attached else exact
            highlights.append(
                Highlight(
                    id=id_,
                    article_id=article_id,
                    status=status,
                    start=start if attached else None,
                    end=end if attached else None,
                    quote=quote,
                    selector=TextQuoteSelector(exact, prefix, suffix),
                    color=color,
                    color_name=color_name,
                    note=note,
                    # Tags cannot hold U+001F: _clean_tag splits at it as at a space.
                    tags=tuple(tags.split(_TAG_SEPARATOR)) if tags else (),
                    created=created,
                    modified=modified,
                )
            )
        return highlights

    def _article_texts(self, article_ids: set[int]) -> dict[int, str]:
        if not article_ids:
            return {}
        marks = ",".join("?" * len(article_ids))
        return dict(
            self._connection.execute(
                f"SELECT id, text FROM articles WHERE id IN ({marks})", tuple(article_ids)
            ).fetchall()
        )

    def _snapshot(self, highlight_id: int) -> dict[str, Any]:
        cursor = self._connection.execute("SELECT * FROM highlights WHERE id = ?", (highlight_id,))
        row = cursor.fetchone()
        if row is None:
            raise LookupError(f"there is no highlight {highlight_id} in the library")
        snapshot = {column[0]: value for column, value in zip(cursor.description, row, strict=True)}
        snapshot["tags"] = [
            tag
            for (tag,) in self._connection.execute(
                "SELECT tag FROM highlight_tags WHERE highlight_id = ? ORDER BY rowid",
                (highlight_id,),
            )
        ]
        return snapshot

    def _restore(self, snapshot: dict[str, Any]) -> None:
        row = dict(snapshot)
        tags = row.pop("tags")
        exists = self._connection.execute(
            "SELECT 1 FROM articles WHERE id = ?", (row["article_id"],)
        ).fetchone()
        if exists is None:
            return  # the article itself is gone
        columns = list(row)
        # Not INSERT OR REPLACE: its implicit delete would not fire the index triggers.
        self._connection.execute("DELETE FROM highlights WHERE id = ?", (row["id"],))
        self._connection.execute(
            f"INSERT INTO highlights ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' * len(columns))})",
            tuple(row.values()),
        )
        self._set_tags(row["id"], tags)
        # The text may have changed since: place it in the text the article has now.
        self._place_highlights(row["article_id"])

    def _glossary_row(self, key: str) -> dict[str, Any] | None:
        row = self._connection.execute(
            "SELECT term, definition, created, modified FROM glossary WHERE key = ?", (key,)
        ).fetchone()
        if row is None:
            return None
        return dict(zip(("term", "definition", "created", "modified"), row, strict=True))

    def _restore_glossary(self, change: dict[str, Any]) -> None:
        before = change["before"]
        self._connection.execute("DELETE FROM glossary WHERE key = ?", (change["key"],))
        if before is not None:
            self._connection.execute(
                "INSERT INTO glossary (key, term, definition, created, modified) "
                "VALUES (?, ?, ?, ?, ?)",
                (
                    change["key"],
                    before["term"],
                    before["definition"],
                    before["created"],
                    before["modified"],
                ),
            )

    def _claim_states(
        self, article_id: int, claims: Iterable[tuple[int, int, str]]
    ) -> dict[tuple[int, int], ClaimCheck]:
        rows = self._connection.execute(
            f"SELECT {_CLAIM_COLUMNS} FROM claim_checks WHERE article_id = ?", (article_id,)
        ).fetchall()
        return match_checks(claims, [ClaimCheck(*row) for row in rows])

    def _restore_claim(self, change: dict[str, Any]) -> None:
        start, end = change["at"]
        self._connection.execute(
            "DELETE FROM claim_checks WHERE article_id = ? AND start_offset = ? AND end_offset = ?",
            (change["article_id"], start, end),
        )
        before = change["before"]
        if before is not None:
            self._connection.execute(
                "INSERT OR REPLACE INTO claim_checks (article_id, start_offset, end_offset, "
                "exact, state, note, modified) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    change["article_id"],
                    before["start"],
                    before["end"],
                    before["exact"],
                    before["state"],
                    before["note"],
                    before["modified"],
                ),
            )

    def _log_undo(self, description: str, inverse: dict[str, Any]) -> None:
        self._connection.execute(
            "INSERT INTO undo_log (at, description, inverse) VALUES (?, ?, ?)",
            (_now(), description, json.dumps(inverse, ensure_ascii=False)),
        )
        self._connection.execute(
            "DELETE FROM undo_log WHERE id <= (SELECT max(id) FROM undo_log) - ?", (UNDO_DEPTH,)
        )


_CLAIM_COLUMNS = "start_offset, end_offset, exact, state, note, modified"
_SUMMARY_COLUMNS = (
    "a.id, a.title, a.source, a.url, a.sha256, a.first_opened, a.last_opened, "
    "(SELECT count(*) FROM highlights WHERE article_id = a.id), "
    "(SELECT count(*) FROM highlights WHERE article_id = a.id AND status = 'orphaned')"
)


def _article_fields(article: Article, location: str) -> dict[str, Any]:
    return {
        "sha256": article.sha256,
        "title": article.title,
        "byline": article.byline,
        "site": article.site,
        "published": article.published,
        "url": article.url,
        "language": article.language,
        # Where it came from, as a place that does not depend on the working folder.
        "source": location if article.source else "",
        "text": article.text,
        "paragraphs": json.dumps([[p.start, p.end, p.kind] for p in article.paragraphs]),
    }


def _describe_update(
    note: str | None,
    tags: Iterable[str] | None,
    color: str | None,
    start: int | None,
    end: int | None,
) -> str:
    if start is not None or end is not None:
        return "change passage"
    if color is not None and note is None and tags is None:
        return "change colour"
    if tags is not None and note is None and color is None:
        return "change tags"
    return "edit note"


def _among(column: str, values: Sized) -> str:
    """``column IN (?, ?, ...)`` with one parameter per value."""
    return f"{column} IN ({', '.join('?' * len(values))})"


def _clean_tag(tag: str) -> str:
    return " ".join(tag.split())


def _last_id(cursor: sqlite3.Cursor) -> int:
    row_id = cursor.lastrowid
    assert row_id is not None
    return row_id


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


_QUERY_TERMS = re.compile(r'"([^"]*)"|(\S+)')
_WORD = re.compile(r"\w", re.UNICODE)


def fts_query(query: str) -> str:
    """The reader's words as an FTS5 query in which no character has a special meaning."""
    terms: list[str] = []
    for phrase, word in _QUERY_TERMS.findall(query):
        text = phrase or word
        prefix = not phrase and text.endswith("*")
        text = text.rstrip("*") if prefix else text
        if not _WORD.search(text):
            continue
        quoted = '"' + text.replace('"', '""') + '"'
        terms.append(quoted + ("*" if prefix else ""))
    return " ".join(terms)


def _snippet(marked: str) -> Snippet:
    text: list[str] = []
    marks: list[tuple[int, int]] = []
    length = 0
    opened = -1
    for char in marked:
        if char == _MARK_OPEN:
            opened = length
        elif char == _MARK_CLOSE:
            if opened >= 0:
                marks.append((opened, length))
            opened = -1
        else:
            text.append(char)
            length += 1
    return Snippet("".join(text), tuple(marks))


__all__ = [
    "ArticleHit",
    "ArticleSummary",
    "CachedSummary",
    "GlossaryEntry",
    "Highlight",
    "HighlightColor",
    "Library",
    "LookedUpTerm",
    "NoteHit",
    "RememberedArticle",
    "SearchResults",
    "Snippet",
    "UndoneChange",
    "default_path",
    "glossary_key",
    "location_of",
]
