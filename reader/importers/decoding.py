"""Reading a file's bytes and turning them into text, with clear refusals.

Every importer reads through here, so the size cap, the binary check and the
encoding rules are the same for every kind of file.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from reader.importers.errors import ImportFailure

MAX_BYTES = 20 * 1024 * 1024
# Bytes that never occur in text: NUL and the C0 controls other than tab, line feed,
# form feed and carriage return (and ESC, which some terminals' logs contain).
_CONTROL_BYTES = frozenset(range(0, 32)) - {9, 10, 12, 13, 27}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The file's bytes, refusing what is missing, unreadable or larger than ``limit``."""
    name = path.name
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFailure(
            f"“{name}” does not exist. It may have been moved or deleted."
        ) from None
    except OSError as error:
        raise ImportFailure(f"“{name}” cannot be read: {error.strerror}.") from error
    if path.is_dir():
        raise ImportFailure(f"“{name}” is a folder. Choose an article file inside it.")
    if size > limit:
        raise ImportFailure(
            f"“{name}” is {size / 1024 / 1024:.0f} MB, more than the "
            f"{limit // 1024 // 1024} MB Marginalia opens. Split it into smaller files."
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise ImportFailure(f"“{name}” cannot be read: {error.strerror}.") from error


def decode(data: bytes, name: str) -> str:
    """Decode a text file: a byte order mark if there is one, else UTF-8."""
    refuse_empty(data, name)
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise _undecodable(name, encoding, error) from error
    refuse_binary(data, name, "text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _undecodable(name, "UTF-8", error) from error


def refuse_empty(data: bytes, name: str) -> None:
    if not data.strip():
        raise ImportFailure(f"“{name}” is empty: there is no text to read.")


def refuse_binary(data: bytes, name: str, what: str) -> None:
    """Refuse bytes that are not text at all (a picture, an archive, a program)."""
    sample = data[:8192]
    if b"\0" in sample or sum(byte in _CONTROL_BYTES for byte in sample) > len(sample) // 100:
        raise ImportFailure(
            f"“{name}” is a binary file, not {what}. Marginalia opens articles saved as "
            "plain text (.txt), Markdown (.md) or web pages (.html), and EPUB books (.epub)."
        )


def _undecodable(name: str, encoding: str, error: UnicodeDecodeError) -> ImportFailure:
    return ImportFailure(
        f"“{name}” is not valid {encoding} text (an unreadable byte at position "
        f"{error.start}). Save it as UTF-8 in a text editor and open it again."
    )


def read_text(path: Path) -> str:
    return decode(read_bytes(path), path.name)
