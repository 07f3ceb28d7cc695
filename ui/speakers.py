"""Who said a quote, in words: the tooltip over a quote and the "Who said what" panel.

Both say the same thing the same way, so the quote layer's tint is never the only
cue. A speaker the article links to an entity is named by the entity ("Rishi Sunak"),
with the article's own words when they differ ("the Prime Minister"); an unnamed one
by the article's words ("a Downing Street official"), and a pronoun by the words it
stands for. A quote without a speaker says so, as do scare quotes and titles, which
are nobody's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from reader.annotations import Entity, Quote, Speaker

UNSTATED = "Speaker not stated"
SCARE_QUOTES = "Scare quotes"
TITLES = "Titles"


def speaker_words(speaker: Speaker) -> str:
    """The article's words for the speaker; for a pronoun, the words it stands for."""
    return speaker.refers_to.text if speaker.refers_to is not None else speaker.text


def speaker_entity(quote: Quote, entities: Mapping[str, Entity]) -> Entity | None:
    """The entity a quote's speaker is, when the article makes it clear."""
    speaker = quote.speaker
    if quote.kind != "direct" or speaker is None or speaker.entity is None:
        return None
    return entities.get(speaker.entity)


@dataclass(frozen=True)
class SpeakerGroup:
    """One heading of the "Who said what" panel."""

    key: str  # "entity:e1", "words:a downing street official", "unstated", "scare", "title"
    label: str
    entity: Entity | None = None

    @property
    def is_speaker(self) -> bool:
        """A named or described speaker (not "not stated", scare quotes or titles)."""
        return self.key.startswith(("entity:", "words:"))


def group_of(quote: Quote, entities: Mapping[str, Entity]) -> SpeakerGroup:
    """The heading a quote goes under: its speaker's entity, else the speaker's words."""
    if quote.kind == "scare":
        return SpeakerGroup("scare", SCARE_QUOTES)
    if quote.kind == "title":
        return SpeakerGroup("title", TITLES)
    entity = speaker_entity(quote, entities)
    if entity is not None:
        return SpeakerGroup(f"entity:{entity.id}", entity.name, entity)
    if quote.speaker is None:
        return SpeakerGroup("unstated", UNSTATED)
    words = " ".join(speaker_words(quote.speaker).split())
    return SpeakerGroup(f"words:{words.casefold()}", words)


def said_by(quote: Quote, entities: Mapping[str, Entity]) -> str:
    """ "Rishi Sunak (“the Prime Minister”)", "a Downing Street official", or ""."""
    speaker = quote.speaker
    if quote.kind != "direct" or speaker is None:
        return ""
    words = " ".join(speaker_words(speaker).split())
    entity = speaker_entity(quote, entities)
    if entity is None:
        return words
    if entity.name.casefold() in words.casefold():
        return entity.name  # "Dr Priya Raman" says no more than "Priya Raman"
    return f"{entity.name} (“{words}”)"


def describe(quote: Quote, entities: Mapping[str, Entity]) -> str:
    """One line for a tooltip: what kind of quote it is and who said it."""
    if quote.kind == "scare":
        return "Scare quote · a phrase held at a distance, nobody's words"
    if quote.kind == "title":
        return "Title · the name of a work"
    speaker = said_by(quote, entities)
    return f"Quote · said by {speaker}" if speaker else "Quote · speaker not stated"
