"""The span model shared by everything that reads or shows annotations.

Plain data with character offsets into ``Article.text``: this is what crosses from
the language layer to the store, the window and the exporters, never a spaCy
object. ``to_contract`` gives the JSON of ``marginalia annotate --json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from reader.article import Article


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    # The sentence the mention stands in, so a panel can show it in context.
    sentence_start: int
    sentence_end: int

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": {"start": self.sentence_start, "end": self.sentence_end},
        }


@dataclass(frozen=True)
class Entity:
    id: str
    label: str  # spaCy's label: PERSON, ORG, GPE, DATE ...
    name: str  # the fullest name the article uses
    mentions: tuple[Mention, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "name": self.name,
            "mentions": [m.to_json() for m in self.mentions],
        }


# direct: someone's words; scare: a word or phrase held at a distance that nobody is
# quoted as saying; title: the name of a work (a book, a film, a speech, a headline).
QuoteKind = Literal["direct", "scare", "title"]


@dataclass(frozen=True)
class Reference:
    """A stretch of the article a speaker refers back to."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to: the words the article uses for them, where.

    ``start``/``end`` locate ``text`` in the article: the speaker's own mention
    ("she", "the Prime Minister", "a Downing Street official"), or, for a quote that
    carries on from an earlier one, that earlier attribution's mention. ``entity`` is
    the id of the article's entity it refers to, or None when the article names
    nobody (an unnamed official) or does not make clear who. For a pronoun,
    ``refers_to`` is the earlier words it stands for ("they" -> "a Downing Street
    official"), whether or not they name an entity.
    """

    text: str
    start: int
    end: int
    entity: str | None = None
    refers_to: Reference | None = None

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "text": self.text,
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
        }
        if self.refers_to is not None:
            result["refers_to"] = self.refers_to.to_json()
        return result


@dataclass(frozen=True)
class Cue:
    """The words that attribute a quote: "said", "told", "warned", "according to"."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Quote:
    """A stretch of the article in quotation marks (the marks themselves left out).

    ``parts`` are the quoted pieces in order: one for a quote inside a paragraph,
    one per paragraph for a quote that runs over several (each continued paragraph
    opens with a mark, only the last one closes). ``start``/``end`` run from the
    first part to the last. ``speaker`` is None when the text does not say who
    spoke; it is always None for scare quotes and titles.
    """

    start: int
    end: int
    text: str
    kind: QuoteKind
    parts: tuple[tuple[int, int], ...]
    speaker: Speaker | None = None
    cue: Cue | None = None
    # How the speaker was found, so the reader can judge it: "parse" (the subject of
    # a speech verb the quote belongs to), "according" ("according to X"), "after" /
    # "before" (a "she said" clause next to the marks), "sentence" (a speech verb
    # earlier in the sentence), "governor" (the subject of the verb a quoted phrase
    # belongs to), "previous" (the speaker of the attribution just before); "" for
    # none.
    attribution: str = ""

    def to_json(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "cue": self.cue.to_json() if self.cue else None,
            "attribution": self.attribution,
        }
        if len(self.parts) > 1:
            result["parts"] = [{"start": start, "end": end} for start, end in self.parts]
        return result


# acronym: "European Court of Human Rights (ECHR)" or "ECHR (European Court of ...)";
# apposition: "Rishi Sunak, the Prime Minister" or "the Prime Minister, Rishi Sunak";
# role: a title before a name, "Home Secretary Suella Braverman".
DefinitionKind = Literal["acronym", "apposition", "role"]


@dataclass(frozen=True)
class Definition:
    """What the article itself says a term is.

    ``start``/``end`` cover the passage that defines it (term and definition
    together, with any brackets); ``term_start``/``term_end`` and
    ``definition_start``/``definition_end`` locate each part. ``definition`` is the
    article's words, except that a capital "The" opening a sentence is lower-cased.
    """

    term: str
    definition: str
    start: int
    end: int
    kind: DefinitionKind
    term_start: int
    term_end: int
    definition_start: int
    definition_end: int

    source: ClassVar[str] = "article"

    def to_json(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "definition": self.definition,
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "spans": {
                "term": {"start": self.term_start, "end": self.term_end},
                "definition": {"start": self.definition_start, "end": self.definition_end},
            },
        }


@dataclass(frozen=True)
class Claim:
    """A sentence or clause worth checking: its score in [0, 1] and why it is a claim."""

    start: int
    end: int
    text: str
    reasons: tuple[str, ...]
    score: float

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reasons": list(self.reasons),
            "score": self.score,
        }


@dataclass(frozen=True)
class Annotations:
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    definitions: tuple[Definition, ...] = ()


def to_contract(article: Article, annotations: Annotations | None) -> dict[str, Any]:
    """The JSON object documented in DESIGN.md; only ``article`` without annotations."""
    result: dict[str, Any] = {"article": article.to_json()}
    if annotations is not None:
        result["entities"] = [e.to_json() for e in annotations.entities]
        result["quotes"] = [q.to_json() for q in annotations.quotes]
        result["claims"] = [c.to_json() for c in annotations.claims]
        result["definitions"] = [d.to_json() for d in annotations.definitions]
    return result
