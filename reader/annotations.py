"""The span model shared by everything that reads or shows annotations.

Plain data with character offsets into ``Article.text``: this is what crosses from
the language layer to the store, the window and the exporters, never a spaCy
object. ``to_contract`` gives the JSON of ``marginalia annotate --json``;
``Annotations.from_json`` reads its annotations back, exactly (the annotation cache
keeps them so).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self

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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mention:
        sentence = data["sentence"]
        return cls(data["start"], data["end"], data["text"], sentence["start"], sentence["end"])


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entity:
        mentions = tuple(Mention.from_json(m) for m in data["mentions"])
        return cls(data["id"], data["label"], data["name"], mentions)


# direct: someone's words; scare: a word or phrase held at a distance that nobody is
# quoted as saying; title: the name of a work (a book, a film, a speech, a headline).
QuoteKind = Literal["direct", "scare", "title"]


@dataclass(frozen=True)
class _Words:
    """Some of the article's words and where they are; JSON ``text``, ``start``, ``end``."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Self:
        return cls(data["text"], data["start"], data["end"])


@dataclass(frozen=True)
class Reference(_Words):
    """A stretch of the article a speaker refers back to."""


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Speaker:
        refers_to = data.get("refers_to")
        return cls(
            data["text"],
            data["start"],
            data["end"],
            data["entity"],
            Reference.from_json(refers_to) if refers_to is not None else None,
        )


@dataclass(frozen=True)
class Cue(_Words):
    """The words that attribute a quote: "said", "told", "warned", "according to"."""


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Quote:
        # One part (the quote itself) is left out of the JSON.
        parts = data.get("parts") or [{"start": data["start"], "end": data["end"]}]
        speaker, cue = data["speaker"], data["cue"]
        return cls(
            data["start"],
            data["end"],
            data["text"],
            data["kind"],
            tuple((part["start"], part["end"]) for part in parts),
            Speaker.from_json(speaker) if speaker is not None else None,
            Cue.from_json(cue) if cue is not None else None,
            data["attribution"],
        )


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Definition:
        spans = data["spans"]
        return cls(
            data["term"],
            data["definition"],
            data["start"],
            data["end"],
            data["kind"],
            spans["term"]["start"],
            spans["term"]["end"],
            spans["definition"]["start"],
            spans["definition"]["end"],
        )


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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Claim:
        return cls(data["start"], data["end"], data["text"], tuple(data["reasons"]), data["score"])


@dataclass(frozen=True)
class Annotations:
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    definitions: tuple[Definition, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The contract's ``entities``, ``quotes``, ``claims`` and ``definitions``."""
        return {
            "entities": [e.to_json() for e in self.entities],
            "quotes": [q.to_json() for q in self.quotes],
            "claims": [c.to_json() for c in self.claims],
            "definitions": [d.to_json() for d in self.definitions],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Annotations:
        """The annotations ``to_json`` (or ``to_contract``) gave, exactly; a key or a
        value missing or of the wrong shape raises KeyError, TypeError or ValueError."""
        return cls(
            entities=tuple(Entity.from_json(e) for e in data["entities"]),
            quotes=tuple(Quote.from_json(q) for q in data["quotes"]),
            claims=tuple(Claim.from_json(c) for c in data["claims"]),
            definitions=tuple(Definition.from_json(d) for d in data["definitions"]),
        )


def to_contract(article: Article, annotations: Annotations | None) -> dict[str, Any]:
    """The JSON object documented in DESIGN.md; only ``article`` without annotations."""
    result: dict[str, Any] = {"article": article.to_json()}
    if annotations is not None:
        result.update(annotations.to_json())
    return result
