"""Opening the library's SQLite file safely.

- WAL journal with ``synchronous=FULL``: a commit that has returned survives a crash
  of the program or a ``kill -9`` (and a power cut, as far as the disk keeps its
  promises); readers never block the writer.
- One transaction per user action (``transaction``), started ``IMMEDIATE`` so two
  programs writing at once wait for each other instead of failing half-way.
- ``PRAGMA integrity_check`` on every start. A file SQLite cannot read, or one that
  fails the check, is moved aside (with its ``-wal`` and ``-shm`` files, so nothing
  is lost) and a new, empty library is started: the program still starts, and says so.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from reader.store.errors import StoreError, known_kind, reader_message, translated

# "MRGN" in PRAGMA application_id: tells a Marginalia library from other SQLite files.
APPLICATION_ID = 0x4D52474E
# Seconds to wait for another program's write to finish before giving up.
BUSY_TIMEOUT = 5.0
_SIDE_FILES = ("-wal", "-shm", "-journal")


class _Damaged(Exception):
    """The file is not a readable SQLite database (the reason is the message)."""


def open_database(path: Path) -> tuple[sqlite3.Connection, list[str]]:
    """A checked connection to the database at ``path`` and any warnings for the reader.

    A damaged file is moved aside and replaced by an empty database (the warning says
    where the old file went); any other known trouble raises ``StoreError``.
    """
    _require_fts5()
    with translated(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    try:
        connection = _connect_checked(path)
    except _Damaged as damage:
        moved = move_aside(path)
        warnings.append(
            f"The notes library ({path}) could not be read ({damage}). It was moved "
            f"to {moved} and a new, empty library was started."
        )
        try:
            connection = _connect_checked(path)
        except _Damaged as again:
            raise StoreError(reader_message("corrupt", path), "corrupt") from again
    return connection, warnings


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the library's settings (no checks: see ``open_database``)."""
    connection = sqlite3.connect(path, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode != "wal":
            raise StoreError(reader_message("unavailable", path), "unavailable")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        connection.close()
        raise
    return connection


def _connect_checked(path: Path) -> sqlite3.Connection:
    try:
        with translated(path):
            connection = connect(path)
    except StoreError as error:
        if error.kind == "corrupt":
            raise _Damaged(_reason(error)) from error
        raise
    try:
        rows = connection.execute("PRAGMA integrity_check").fetchall()
        if rows == [("ok",)] and _is_foreign(connection):
            rows = [("it is not a Marginalia library",)]
    except sqlite3.DatabaseError as error:
        connection.close()
        if known_kind(error) == "corrupt":
            raise _Damaged(str(error)) from error
        with translated(path):
            raise
    if rows != [("ok",)]:
        connection.close()
        raise _Damaged("; ".join(str(row[0]) for row in rows[:3]))
    return connection


def _is_foreign(connection: sqlite3.Connection) -> bool:
    """Whether the database holds something other than a Marginalia library."""
    application_id, version = (
        connection.execute("PRAGMA application_id").fetchone()[0],
        connection.execute("PRAGMA user_version").fetchone()[0],
    )
    if application_id == APPLICATION_ID:
        return False
    if application_id != 0 or version != 0:
        return True
    return bool(connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])


def _reason(error: StoreError) -> str:
    cause = error.__cause__
    return str(cause) if cause is not None else str(error)


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its side files) so a new one can take its place."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.stem}.damaged-{stamp}-{counter}{path.suffix}")
    try:
        path.replace(target)
        for side in _SIDE_FILES:
            extra = path.with_name(path.name + side)
            if extra.exists():
                extra.replace(target.with_name(target.name + side))
    except OSError as error:
        raise StoreError(
            f"The notes library ({path}) is damaged and could not be moved aside "
            f"({error.strerror}). Move or delete it, then start Marginalia again.",
            "unavailable",
        ) from error
    return target


def backup(connection: sqlite3.Connection, target: Path) -> None:
    """Copy the open database to ``target`` with SQLite's online backup."""
    target.parent.mkdir(parents=True, exist_ok=True)
    copy = sqlite3.connect(target)
    try:
        connection.backup(copy)
    finally:
        copy.close()


@contextmanager
def transaction(connection: sqlite3.Connection, *, write: bool = True) -> Iterator[None]:
    """One transaction: everything inside is kept, or (on any exception) none of it."""
    connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
    try:
        yield
    except BaseException:
        with suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise
    try:
        connection.execute("COMMIT")
    except BaseException:
        with suppress(sqlite3.Error):
            connection.execute("ROLLBACK")
        raise


_fts5_checked = False


def _require_fts5() -> None:
    global _fts5_checked
    if _fts5_checked:
        return
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.OperationalError as error:
        raise StoreError(reader_message("unsupported", Path()), "unsupported") from error
    finally:
        probe.close()
    _fts5_checked = True
