"""The one error the store raises for trouble it knows: the disk, not the code.

``StoreError`` stands for a condition of the machine or the file (the disk is full,
another program holds the library, the file is damaged or comes from a newer
Marginalia): ``str(error)`` is a complete sentence for the reader. Anything else
that goes wrong in SQLite (a syntax error, a broken constraint) is a bug and is
raised as it is.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

Kind = Literal["busy", "full", "readonly", "corrupt", "unavailable", "newer", "unsupported"]

# Primary SQLite result codes (the low byte of an extended code).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_NOMEM = 7
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

_KINDS: dict[int, Kind] = {
    _SQLITE_PERM: "readonly",
    _SQLITE_BUSY: "busy",
    _SQLITE_LOCKED: "busy",
    _SQLITE_NOMEM: "unavailable",
    _SQLITE_READONLY: "readonly",
    _SQLITE_IOERR: "unavailable",
    _SQLITE_CORRUPT: "corrupt",
    _SQLITE_FULL: "full",
    _SQLITE_CANTOPEN: "unavailable",
    _SQLITE_NOTADB: "corrupt",
}


class StoreError(Exception):
    """The library cannot be read or written; ``str(error)`` tells the reader why."""

    def __init__(self, message: str, kind: Kind) -> None:
        super().__init__(message)
        self.kind: Kind = kind


def known_kind(error: sqlite3.Error) -> Kind | None:
    """What kind of known trouble ``error`` reports, or ``None`` for a bug."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    return _KINDS.get(code & 0xFF)


def reader_message(kind: Kind, path: Path) -> str:
    where = f"the notes library ({path})"
    return {
        "busy": (
            f"Another program is using {where} and did not let go in time. "
            "Close other Marginalia windows or commands and try again."
        ),
        "full": f"The disk holding {where} is full. Free some space and try again.",
        "readonly": (f"Marginalia may not write to {where}. Check the permissions of its folder."),
        "corrupt": (
            f"{where[0].upper()}{where[1:]} is damaged. Start Marginalia again: it will "
            "set the damaged file aside, keep it, and start a new library."
        ),
        "unavailable": f"Marginalia cannot open {where}: the disk reported an error.",
        "newer": (
            f"{where[0].upper()}{where[1:]} was written by a newer version of Marginalia. "
            "Update Marginalia to open it; the file is left as it is."
        ),
        "unsupported": (
            "This Python's SQLite has no full-text search (FTS5), which the notes library needs."
        ),
    }[kind]


@contextmanager
def translated(path: Path) -> Iterator[None]:
    """Turn SQLite's known errors into ``StoreError``; let bugs through unchanged."""
    try:
        yield
    except sqlite3.Error as error:
        kind = known_kind(error)
        if kind is None:
            raise
        raise StoreError(reader_message(kind, path), kind) from error
