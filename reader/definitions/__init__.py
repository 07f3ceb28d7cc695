"""Definitions: what a term is, from the reader's glossary, the article itself, an
offline dictionary and (when the reader turns it on) an encyclopedia.

``Definer`` asks the sources in order and returns a ``Lookup`` (cards, best first;
where the article mentions the term; problems, for the reader). ``lookup`` does the
same in one call for scripts and ``marginalia define``. Nothing here imports spaCy
or Qt.
"""

from reader.definitions.cards import Card, CardSource, Lookup, Passage, Sense
from reader.definitions.providers import (
    Answer,
    Definer,
    Provider,
    Query,
    lookup,
    open_dictionary,
)

__all__ = [
    "Answer",
    "Card",
    "CardSource",
    "Definer",
    "Lookup",
    "Passage",
    "Provider",
    "Query",
    "Sense",
    "lookup",
    "open_dictionary",
]
