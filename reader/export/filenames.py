"""File names made from titles, safe on every system a vault may be synced to.

The rules are the union of Windows', macOS's and Linux's, and of what Obsidian can
link to: no ``< > : " / \\ | ? *`` (Windows), no ``# ^ [ ] |`` (Obsidian's link
syntax), no control or invisible format characters, no leading dot (hidden on
Unix) or trailing dot or space (Windows drops them), none of Windows' reserved
device names (``CON``, ``NUL``, ``COM1`` ...), Unicode in NFC (the form every
system agrees on), and at most ``MAX_STEM_BYTES`` bytes of UTF-8 so that
`` (12).annotations`` and an extension still fit within the 255 bytes every file
system allows.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAX_STEM_BYTES", "numbered", "safe_stem"]

MAX_STEM_BYTES = 150
UNTITLED = "Untitled"

# Replaced by a space: Windows' forbidden characters and Obsidian's link marks.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*#^\[\]]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)


def _visible(char: str) -> bool:
    return not unicodedata.category(char).startswith("C") or char in "\u200c\u200d"


def safe_stem(title: str) -> str:
    """A file name without extension for ``title``: readable, and valid everywhere."""
    name = unicodedata.normalize("NFC", title)
    name = "".join(char if _visible(char) else " " for char in name)
    name = _FORBIDDEN.sub(" ", name)
    name = " ".join(name.split())
    name = name.strip(" .")
    name = _truncate(name, MAX_STEM_BYTES).rstrip(" .")
    if not name:
        return UNTITLED
    if _RESERVED.match(name):
        name = f"{name}_"
    return name


def _truncate(name: str, limit: int) -> str:
    """``name`` cut to at most ``limit`` bytes of UTF-8, at a word break when one is near."""
    if len(name.encode("utf-8")) <= limit:
        return name
    cut = name.encode("utf-8")[:limit].decode("utf-8", errors="ignore")
    # Keep a combining mark with its letter: drop a trailing base letter whose marks were cut.
    while cut and unicodedata.combining(name[len(cut)] if len(cut) < len(name) else ""):
        cut = cut[:-1]
    space = cut.rfind(" ")
    return cut[:space] if space > len(cut) * 2 // 3 else cut


def numbered(stem: str, number: int) -> str:
    """The ``number``-th choice of name: ``stem``, then ``stem (2)``, ``stem (3)`` ..."""
    return stem if number <= 1 else f"{stem} ({number})"
