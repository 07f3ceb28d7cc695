"""The library's schema: an ordered list of forward migrations.

The schema version lives in ``PRAGMA user_version``. Each migration runs in its own
transaction together with the version bump, so a crash leaves the database at one
version or the next, never in between. Before migrating a library that already
holds data, an online backup is written beside it (``backups/``). A library newer
than this code is refused, and left as it is.

Every released schema keeps a small example database in ``tests/reader/data/``
that the tests migrate to the latest version.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.store.database import APPLICATION_ID, backup, transaction
from reader.store.errors import StoreError, reader_message

# The highlight colours a new library starts with, in menu order: a key for the
# window's palette and a name the reader can change, so that colour is never the
# only carrier of meaning.
DEFAULT_COLORS = (
    ("yellow", "Key point"),
    ("red", "Disagree"),
    ("blue", "Question"),
    ("green", "Follow up"),
    ("purple", "Remember"),
)


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    apply: Callable[[sqlite3.Connection], None]


def _execute_all(connection: sqlite3.Connection, statements: tuple[str, ...]) -> None:
    # Not executescript(): it commits first, and each migration is one transaction.
    for statement in statements:
        connection.execute(statement)


_V1 = (
    f"PRAGMA application_id = {APPLICATION_ID}",
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        byline TEXT NOT NULL DEFAULT '',
        site TEXT NOT NULL DEFAULT '',
        published TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        language TEXT NOT NULL DEFAULT 'en',
        source TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        paragraphs TEXT NOT NULL DEFAULT '[]',
        first_opened TEXT NOT NULL,
        last_opened TEXT NOT NULL
    )""",
    "CREATE INDEX articles_by_sha256 ON articles (sha256)",
    "CREATE INDEX articles_by_last_opened ON articles (last_opened)",
    # Where an article was opened from: an absolute path or a URL. Several places
    # may hold the same article (a copy, a move); one place holds one article.
    """CREATE TABLE article_locations (
        location TEXT PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE
    ) WITHOUT ROWID""",
    "CREATE INDEX article_locations_by_article ON article_locations (article_id)",
    # exact/prefix/suffix: the TextQuoteSelector as the reader selected it.
    # start_offset/end_offset: where it lies in the text whose hash is anchored_sha256
    # (for an orphaned highlight, the last place it was seen).
    """CREATE TABLE highlights (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        anchored_sha256 TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'attached' CHECK (status IN ('attached', 'orphaned')),
        color TEXT NOT NULL DEFAULT 'yellow',
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    )""",
    "CREATE INDEX highlights_by_article ON highlights (article_id, start_offset)",
)


def _v1(connection: sqlite3.Connection) -> None:
    _execute_all(connection, _V1)


_FTS_TOKENIZER = "porter unicode61 remove_diacritics 2"

_V2 = (
    # Colour names the reader can change.
    """CREATE TABLE highlight_colors (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        position INTEGER NOT NULL
    ) WITHOUT ROWID""",
    # Tags as rows, so a tag can be listed and searched for.
    # (in the order the reader gave them: rowid order).
    """CREATE TABLE highlight_tags (
        highlight_id INTEGER NOT NULL REFERENCES highlights (id) ON DELETE CASCADE,
        tag TEXT NOT NULL COLLATE NOCASE,
        UNIQUE (highlight_id, tag)
    )""",
    "CREATE INDEX highlight_tags_by_tag ON highlight_tags (tag)",
    # What undoes each of the reader's recent changes, newest last.
    """CREATE TABLE undo_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        description TEXT NOT NULL,
        inverse TEXT NOT NULL
    )""",
    # Full-text search over the notes (rowid = highlights.id) and the articles.
    f"""CREATE VIRTUAL TABLE notes_fts USING fts5 (
        quote, note, tags, tokenize = '{_FTS_TOKENIZER}'
    )""",
    f"""CREATE VIRTUAL TABLE articles_fts USING fts5 (
        title, text, content = 'articles', content_rowid = 'id',
        tokenize = '{_FTS_TOKENIZER}'
    )""",
)

# The triggers keep both indexes in step with every write, whoever makes it.
_V2_TRIGGERS = (
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            VALUES ('delete', old.id, old.title, old.text);
        INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
    END""",
    """CREATE TRIGGER notes_fts_insert AFTER INSERT ON highlights BEGIN
        INSERT INTO notes_fts (rowid, quote, note, tags) VALUES (new.id, new.exact, new.note, '');
    END""",
    """CREATE TRIGGER notes_fts_delete AFTER DELETE ON highlights BEGIN
        DELETE FROM notes_fts WHERE rowid = old.id;
    END""",
    """CREATE TRIGGER notes_fts_update AFTER UPDATE OF exact, note ON highlights BEGIN
        UPDATE notes_fts SET quote = new.exact, note = new.note WHERE rowid = new.id;
    END""",
    """CREATE TRIGGER notes_fts_tag_added AFTER INSERT ON highlight_tags BEGIN
        UPDATE notes_fts SET tags = (
            SELECT group_concat(tag, ' ') FROM highlight_tags WHERE highlight_id = new.highlight_id
        ) WHERE rowid = new.highlight_id;
    END""",
    """CREATE TRIGGER notes_fts_tag_removed AFTER DELETE ON highlight_tags BEGIN
        UPDATE notes_fts SET tags = coalesce((
            SELECT group_concat(tag, ' ') FROM highlight_tags WHERE highlight_id = old.highlight_id
        ), '') WHERE rowid = old.highlight_id;
    END""",
)


def _v2(connection: sqlite3.Connection) -> None:
    _execute_all(connection, _V2)
    connection.executemany(
        "INSERT INTO highlight_colors (key, name, position) VALUES (?, ?, ?)",
        [(key, name, index) for index, (key, name) in enumerate(DEFAULT_COLORS)],
    )
    # A colour v1 stored that is not among the defaults keeps its highlights.
    for (key,) in connection.execute(
        "SELECT DISTINCT color FROM highlights "
        "WHERE color NOT IN (SELECT key FROM highlight_colors)"
    ).fetchall():
        connection.execute(
            "INSERT INTO highlight_colors (key, name, position) VALUES (?, ?, "
            "(SELECT max(position) + 1 FROM highlight_colors))",
            (key, key.capitalize()),
        )
    rows = connection.execute("SELECT id, tags FROM highlights").fetchall()
    for highlight_id, tags in rows:
        for tag in _tags_from_v1(tags):
            connection.execute(
                "INSERT OR IGNORE INTO highlight_tags (highlight_id, tag) VALUES (?, ?)",
                (highlight_id, tag),
            )
    connection.execute("ALTER TABLE highlights DROP COLUMN tags")
    connection.execute(
        """INSERT INTO notes_fts (rowid, quote, note, tags)
           SELECT h.id, h.exact, h.note, coalesce(
               (SELECT group_concat(tag, ' ') FROM highlight_tags WHERE highlight_id = h.id), '')
           FROM highlights h"""
    )
    connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    _execute_all(connection, _V2_TRIGGERS)


def _tags_from_v1(stored: str) -> list[str]:
    try:
        value = json.loads(stored)
    except json.JSONDecodeError:
        value = stored.split(",")
    if not isinstance(value, list):
        value = [value]
    return [" ".join(str(tag).split()) for tag in value if str(tag).strip()]


_V3 = (
    # The reader's own definitions, one per term, shown before any other source in
    # every article. ``key`` is the term folded for comparison (``glossary_key``).
    """CREATE TABLE glossary (
        key TEXT PRIMARY KEY,
        term TEXT NOT NULL,
        definition TEXT NOT NULL,
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    ) WITHOUT ROWID""",
    # The terms the reader looked up in each article, for the export's glossary.
    """CREATE TABLE looked_up_terms (
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        term TEXT NOT NULL,
        first_looked_up TEXT NOT NULL,
        last_looked_up TEXT NOT NULL,
        times INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (article_id, key)
    ) WITHOUT ROWID""",
    # Encyclopedia summaries downloaded when the reader turned online look-ups on,
    # with the time they were retrieved, shown as cached when offline.
    """CREATE TABLE encyclopedia_summaries (
        key TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        extract TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        retrieved TEXT NOT NULL
    ) WITHOUT ROWID""",
)


def _v3(connection: sqlite3.Connection) -> None:
    _execute_all(connection, _V3)


_V4 = (
    # The reader's verdict on each claim the article makes, for the claims checklist.
    # A claim is found again by its words (``exact``) when the text changes; its
    # offsets say where it was last seen, to choose between repeated sentences.
    """CREATE TABLE claim_checks (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        exact TEXT NOT NULL,
        state TEXT NOT NULL
            CHECK (state IN ('open', 'checked', 'true', 'false', 'unclear')),
        note TEXT NOT NULL DEFAULT '',
        modified TEXT NOT NULL,
        UNIQUE (article_id, start_offset, end_offset)
    )""",
    # What the language pipeline found in a text, so that reopening an article shows
    # its highlights without running the pipeline again. Keyed by the text's SHA-256
    # and the pipeline's version; ``data`` is compressed JSON. Not the reader's work:
    # it may be dropped at any time and is rebuilt on demand.
    """CREATE TABLE annotation_cache (
        sha256 TEXT NOT NULL,
        pipeline TEXT NOT NULL,
        data BLOB NOT NULL,
        used TEXT NOT NULL,
        PRIMARY KEY (sha256, pipeline)
    )""",
)


def _v4(connection: sqlite3.Connection) -> None:
    _execute_all(connection, _V4)


# Indexing an article's text for search takes 60 ms and more for a book, too long for
# the window's thread, which keeps the article when it is opened. A new or changed
# article now waits in ``articles_unindexed`` and is indexed off that thread
# (``Library.index_articles``), or at the latest before a search. The triggers take an
# article out of the index only if it is in it: FTS5 must not be told to delete what
# it never held.
_V5 = (
    "DROP TRIGGER articles_fts_insert",
    "DROP TRIGGER articles_fts_update",
    "DROP TRIGGER articles_fts_delete",
    "CREATE TABLE articles_unindexed (article_id INTEGER PRIMARY KEY)",
    """CREATE TRIGGER articles_unindexed_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_unindexed (article_id) VALUES (new.id);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            SELECT 'delete', old.id, old.title, old.text
            WHERE old.id NOT IN (SELECT article_id FROM articles_unindexed);
        INSERT OR IGNORE INTO articles_unindexed (article_id) VALUES (new.id);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts (articles_fts, rowid, title, text)
            SELECT 'delete', old.id, old.title, old.text
            WHERE old.id NOT IN (SELECT article_id FROM articles_unindexed);
        DELETE FROM articles_unindexed WHERE article_id = old.id;
    END""",
)


def _v5(connection: sqlite3.Connection) -> None:
    _execute_all(connection, _V5)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, where they came from, and highlights with their notes", _v1),
    Migration(2, "colour names, tags as rows, full-text search and the undo log", _v2),
    Migration(3, "the reader's glossary, looked-up terms and encyclopedia summaries", _v3),
    Migration(4, "the reader's claim checks and the annotation cache", _v4),
    Migration(5, "articles indexed for search after they are kept, not while", _v5),
)
LATEST = MIGRATIONS[-1].version


def schema_version(connection: sqlite3.Connection) -> int:
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(connection: sqlite3.Connection, path: Path, target: int | None = None) -> list[str]:
    """Bring the database up to ``target`` (the latest version); what happened, for the
    reader (may be empty)."""
    target = LATEST if target is None else target
    version = schema_version(connection)
    if version > LATEST:
        raise StoreError(reader_message("newer", path), "newer")
    if version >= target:
        return []
    messages: list[str] = []
    if version > 0:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        copy = path.parent / "backups" / f"{path.stem}-v{version}-{stamp}{path.suffix}"
        backup(connection, copy)
        messages.append(
            f"The notes library was updated from version {version} to {target}; "
            f"a copy of the old one is at {copy}."
        )
    for migration in MIGRATIONS:
        if not version < migration.version <= target:
            continue
        with transaction(connection):
            # Another program may have migrated while this one waited for the lock.
            if schema_version(connection) >= migration.version:
                continue
            migration.apply(connection)
            connection.execute(f"PRAGMA user_version = {migration.version}")
    return messages
