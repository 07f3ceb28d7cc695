"""The span model shared by everything that reads or shows annotations.

Plain data with character offsets into ``Article.text``: this is what crosses from
the language layer to the store, the window and the exporters, never a spaCy
object. ``to_contract`` gives the JSON of ``marginalia annotate --json``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True)
class Annotations:
    entities: tuple[Entity, ...] = ()
    # Filled by later layers; kept as JSON-ready dicts until each has its model.
    quotes: tuple[dict[str, Any], ...] = field(default=())
    claims: tuple[dict[str, Any], ...] = field(default=())
    definitions: tuple[dict[str, Any], ...] = field(default=())


def to_contract(article: Article, annotations: Annotations | None) -> dict[str, Any]:
    """The JSON object documented in DESIGN.md; only ``article`` without annotations."""
    result: dict[str, Any] = {"article": article.to_json()}
    if annotations is not None:
        result["entities"] = [e.to_json() for e in annotations.entities]
        result["quotes"] = list(annotations.quotes)
        result["claims"] = list(annotations.claims)
        result["definitions"] = list(annotations.definitions)
    return result
