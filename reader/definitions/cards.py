"""What the side panel shows for a term: cards, best first, each naming its source.

Plain data that crosses to the window, the CLI and the exporters (``to_json``
gives what ``marginalia define --json`` prints). A card says what the term is
(``definition``), where that came from (``source``, ``source_name``, ``licence``,
``url``) and what else its source holds: the dictionary's senses, the passage of
the article that defines the term, when an encyclopedia summary was retrieved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# The sources, in the order they are asked and their cards shown.
CardSource = Literal["glossary", "article", "dictionary", "encyclopedia"]
SOURCE_ORDER: tuple[CardSource, ...] = ("glossary", "article", "dictionary", "encyclopedia")


@dataclass(frozen=True)
class Sense:
    """One meaning of a dictionary word."""

    definition: str
    pos: str  # "noun", "verb", "adjective", "adverb"
    lemma: str  # the dictionary's word it belongs to ("deportation" for "deportations")
    number: int  # the dictionary's sense number for that word and part of speech
    examples: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()  # other words with this meaning
    category: str = ""  # WordNet's lexicographer file: "noun.location", "verb.motion"
    # Why this sense comes first although the dictionary lists another first; "" if not.
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "definition": self.definition,
            "pos": self.pos,
            "lemma": self.lemma,
            "number": self.number,
            "examples": list(self.examples),
            "synonyms": list(self.synonyms),
            "category": self.category,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Passage:
    """A stretch of the article: where it defines a term, or mentions it."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class Card:
    term: str  # the term as the reader looked it up
    headword: str  # what the source explains: "deportation", "Reykjavik", "ECHR"
    definition: str  # the best explanation, plain text
    source: CardSource
    source_name: str  # for the reader: "Your glossary", "This article", "WordNet 3.0"
    licence: str = ""  # the source's licence, where it has one
    url: str = ""  # where to read more (the encyclopedia's page), or the licence's page
    senses: tuple[Sense, ...] = ()  # dictionary: every sense, the best first
    found_at: Passage | None = None  # article: the words that define the term
    kind: str = ""  # article: "acronym", "apposition" or "role"
    description: str = ""  # encyclopedia: its one-line description ("Capital of Iceland")
    retrieved: str = ""  # encyclopedia: when the summary was downloaded (ISO 8601, UTC)
    cached: bool = False  # encyclopedia: shown from the local copy, not fetched just now
    modified: str = ""  # glossary: when the reader last changed the entry

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "term": self.term,
            "headword": self.headword,
            "definition": self.definition,
            "source": self.source,
            "source_name": self.source_name,
            "licence": self.licence,
            "url": self.url,
        }
        if self.source == "dictionary":
            result["senses"] = [sense.to_json() for sense in self.senses]
        if self.source == "article":
            result["kind"] = self.kind
            result["found_at"] = self.found_at.to_json() if self.found_at else None
        if self.source == "encyclopedia":
            result["description"] = self.description
            result["retrieved"] = self.retrieved
            result["cached"] = self.cached
        if self.source == "glossary":
            result["modified"] = self.modified
        return result


@dataclass(frozen=True)
class Lookup:
    """Everything the side panel shows for one term."""

    term: str
    cards: tuple[Card, ...]  # best first: glossary, article, dictionary, encyclopedia
    # Where else the article mentions the term (and the names it defines it by).
    mentions: tuple[Passage, ...] = ()
    # Sentences for the reader about a source that could not answer ("The
    # encyclopedia did not answer within 3 seconds."); not errors of the program.
    problems: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "cards": [card.to_json() for card in self.cards],
            "mentions": [mention.to_json() for mention in self.mentions],
            "problems": list(self.problems),
        }
