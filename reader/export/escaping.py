"""Making what the reader or the article wrote safe to put in a Markdown document.

Nothing that comes from outside the template may change the document's structure:
a note that says ``---`` or ``%% end notes %%``, a title with ``# `` or ``[[``, a
quote that contains ``|`` or ``]]`` are all shown as the words they are. The text
is treated as plain text (a note written in Markdown shows its marks literally),
which is the one reading under which every input is safe.

Escaping is by backslash, which CommonMark, Pandoc, Obsidian and Hugo's Goldmark
all honour before any ASCII punctuation. Escaped: the marks of CommonMark inline
syntax (`` ` * _ [ ] < > & \\ ``), of the extensions the target tools add
(``~`` strikethrough and subscripts, ``^`` superscripts and Obsidian block ids,
``=`` Obsidian's ``==highlights==``, ``%`` its ``%%comments%%``, ``$`` maths, ``#``
tags, ``|`` tables, ``{ }`` Hugo shortcodes, ``@`` Pandoc citations at the start of
a word), and whatever would open a block at the start of a line (``-``, ``+``,
``:``, and ``1.`` or ``1)`` before a space). Line breaks are kept as hard breaks
inside a block; blank lines separate paragraphs inside the same block; leading
spaces (which would make a code block) and control characters are dropped.

``Markdown`` marks a string that is already safe: the template environment
(``reader.export.markdown``) escapes every other value it prints, so a template
cannot forget to.
"""

from __future__ import annotations

import functools
import re
import unicodedata

__all__ = ["Markdown", "blockquote", "inline", "lines", "tag"]


class Markdown(str):
    """Text that is already Markdown, safe to put in the document as it is."""

    __slots__ = ()


# One backslash before each of these, wherever they stand ...
_SPECIAL = re.compile(r"[\\`*_\[\]<>&~^=%$#|{}]")
# ... and before an @ that starts a word (a Pandoc citation; not an e-mail address).
_CITATION = re.compile(r"(?<!\w)@")
# Marks that open a block only at the start of a line.
_LINE_START = re.compile(r"^(?:([-+:])|(\d{1,9})([.)])(?=\s|$))")
# Characters that are no text: controls (other than tab and newline, handled first),
# format characters (bidi overrides, zero-width joiners' misuse), surrogates, unassigned.
_NOT_TEXT = {"Cc", "Cf", "Cs", "Co", "Cn"}
_KEEP = {"\u200d", "\u200c"}  # zero-width joiners: part of emoji and of some scripts


def _clean(text: str) -> str:
    if text.isprintable():  # the usual case, decided in C: nothing to drop
        return text
    return "".join(_clean_char(char) for char in text)


def _clean_char(char: str) -> str:
    if char == "\0":
        return "\ufffd"  # as CommonMark reads it
    if char in "\t\n" or char in _KEEP or unicodedata.category(char) not in _NOT_TEXT:
        return char
    return ""


def _escape_line(line: str) -> str:
    """One line of plain text as Markdown that reads as the same words."""
    line = " ".join(line.split())
    if not line.isprintable():
        line = " ".join(_clean(line).split())
    if not line:
        return ""
    # (A search first: most lines have nothing to escape, and str.translate with a
    # table this size is ten times slower than the regular expression.)
    escaped = _SPECIAL.sub(_escape_char, line) if _SPECIAL.search(line) else line
    if "@" in escaped:
        escaped = _CITATION.sub("\\\\@", escaped)
    if not escaped[0].isalpha():
        escaped = _LINE_START.sub(_escape_start, escaped, count=1)
    return escaped


def _escape_char(match: re.Match[str]) -> str:
    return "\\" + match[0]


def _escape_start(match: re.Match[str]) -> str:
    return f"\\{match[1]}" if match[1] else f"{match[2]}\\{match[3]}"


def inline(text: str) -> Markdown:
    """``text`` on one line (all whitespace, line breaks included, made one space)."""
    return Markdown(_escape_line(str(text)))


def _paragraphs(text: str) -> list[list[str]]:
    """The text's paragraphs (split at blank lines), each a list of escaped lines."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in str(text).splitlines():
        line = _escape_line(raw)
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def lines(text: str, prefix: str = "") -> Markdown:
    """Several lines of plain text as Markdown, each line behind ``prefix``.

    A line break stays a line break (a backslash hard break); a blank line starts
    a new paragraph. With ``prefix="> "`` the text is one blockquote however many
    paragraphs it has.
    """
    blank = prefix.rstrip()
    rendered = [
        "\n".join(f"{prefix}{line}" for line in _hard_breaks(paragraph))
        for paragraph in _paragraphs(text)
    ]
    return Markdown(f"\n{blank}\n".join(rendered))


def _hard_breaks(paragraph: list[str]) -> list[str]:
    return [line + "\\" for line in paragraph[:-1]] + paragraph[-1:]


def blockquote(text: str) -> Markdown:
    """The text as the lines of a blockquote (``> ``), paragraphs kept apart."""
    return lines(text, "> ")


# Obsidian's tags: letters, digits, _, - and /, with at least one non-digit. An _
# is made a - as well: at the edge of a word it would start emphasis elsewhere.
_TAG_OTHER = re.compile(r"[^\w/-]+|_+")


@functools.lru_cache(maxsize=4096)  # a reader uses a few tags many times
def tag(name: str) -> str:
    """A tag as the ``#tag`` word Obsidian and others recognise, or "" if nothing is left.

    Runs of other characters (spaces, punctuation, underscores) become one ``-``;
    a tag of digits only gets a leading ``_`` (``#2024`` is not a tag in Obsidian,
    ``#_2024`` is). The exact tags are in the Web Annotation export.
    """
    word = _TAG_OTHER.sub("-", _clean(name)).strip("-/")
    word = re.sub(r"/{2,}", "/", word)
    word = re.sub(r"-{2,}", "-", word)
    if not word:
        return ""
    if word.replace("/", "").replace("-", "").isdigit():
        word = "_" + word
    return word
