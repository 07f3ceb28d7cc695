"""Acronyms the article defines in brackets: "European Court of Human Rights (ECHR)".

A small form of the Schwartz–Hearst rule: the long form is the run of words just
before the bracket whose initials spell the acronym, skipping short function
words ("of", "and", "the").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Short words that an acronym skips: "European Court of Human Rights" is "ECHR".
SKIPPED_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "de", "du", "des", "&"})
_BRACKETED_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
_WORD = re.compile(r"[\w’'&-]+")


@dataclass(frozen=True)
class AcronymDefinition:
    short: str
    long: str
    long_start: int
    long_end: int


def initials(name: str) -> str:
    """The capital initials of a name's words, skipping function words."""
    return "".join(
        word[0] for word in name.split() if word not in SKIPPED_WORDS and word[0].isupper()
    )


def find_acronym_definitions(text: str) -> list[AcronymDefinition]:
    definitions = []
    for match in _BRACKETED_ACRONYM.finditer(text):
        short = match.group(1)
        letters = [c for c in short if c.isupper()]
        before = list(_WORD.finditer(text, max(0, match.start() - 200), match.start()))
        # Walk back over the words before the bracket until the initials are spelled.
        needed = len(letters)
        start_index = len(before)
        while start_index > 0 and needed > 0:
            start_index -= 1
            word = before[start_index].group()
            if word in SKIPPED_WORDS:
                continue
            if not word[0].isupper():
                break
            needed -= 1
        if needed or start_index == len(before):
            continue
        long_start, long_end = before[start_index].start(), before[-1].end()
        long = text[long_start:long_end]
        if initials(long) == "".join(letters) and "\n" not in long:
            definitions.append(AcronymDefinition(short, long, long_start, long_end))
    return definitions
