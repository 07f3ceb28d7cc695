"""The reader's own glossary as a source of definitions: it wins over every other.

The entries live in the library (``Library.set_glossary``, ``glossary_entry``); a
card is made for the first of the term's forms (as written, its dictionary lemmas,
the other name the article gives it) that has an entry. ``glossary_mentions``
finds the glossary's terms in any article, so the window can mark them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

from reader.definitions.cards import Card, Passage
from reader.store.library import GlossaryEntry, glossary_key

SOURCE_NAME = "Your glossary"


class GlossaryStore(Protocol):
    """What the glossary needs of the library (``reader.store.Library`` has it)."""

    def glossary_entry(self, term: str) -> GlossaryEntry | None: ...


def card(term: str, forms: Iterable[str], store: GlossaryStore) -> Card | None:
    """The reader's definition of the first of ``forms`` that has one."""
    for form in dict.fromkeys(forms):
        entry = store.glossary_entry(form)
        if entry is not None:
            return Card(
                term=term,
                headword=entry.term,
                definition=entry.definition,
                source="glossary",
                source_name=SOURCE_NAME,
                modified=entry.modified,
            )
    return None


def glossary_mentions(
    text: str, entries: Iterable[GlossaryEntry]
) -> list[tuple[GlossaryEntry, Passage]]:
    """Where ``text`` mentions each glossary term (whole words, any case), in text
    order; where two terms overlap, the longer one."""
    by_key = {glossary_key(e.term): e for e in entries}
    if not by_key:
        return []
    alternatives = sorted(by_key, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(?:" + "|".join(_pattern(key) for key in alternatives) + r")(?!\w)",
        re.IGNORECASE,
    )
    found = []
    for match in pattern.finditer(text):
        entry = by_key.get(glossary_key(match.group()))
        if entry is not None:
            found.append((entry, Passage(match.start(), match.end(), match.group())))
    return found


def _pattern(key: str) -> str:
    """A glossary key as a pattern: any spacing between words, either apostrophe."""
    words = (re.escape(word).replace("'", "['’]") for word in key.split())
    return r"\s+".join(words)
