"""Definitions: what a term is, from the reader's glossary, the article itself, an
offline dictionary and (when the reader turns it on) an encyclopedia.

``Definer`` asks the sources in order and returns a ``Lookup`` (cards, best first;
where the article mentions the term; problems, for the reader). ``lookup`` does the
same in one call for scripts and ``marginalia define``. Nothing here imports spaCy
or Qt.
"""

from typing import TYPE_CHECKING, Any

from reader.definitions.cards import Card, CardSource, Lookup, Passage, Sense

if TYPE_CHECKING:
    from reader.definitions.providers import (
        Answer,
        Definer,
        Provider,
        Query,
        lookup,
        open_dictionary,
    )

# The window imports the cards (``Lookup``) before it first paints; the providers, with
# the dictionary, the encyclopedia's HTTP client and the glossary, are imported on
# first use, off that path.
_PROVIDERS = frozenset({"Answer", "Definer", "Provider", "Query", "lookup", "open_dictionary"})


def __getattr__(name: str) -> Any:
    if name in _PROVIDERS:
        from reader.definitions import providers

        return getattr(providers, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
