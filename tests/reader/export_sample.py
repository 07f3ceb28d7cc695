"""A small article with hand-made annotations and highlights, for the export tests.

Everything is fixed (ids, dates, offsets) so that the export is the same on every
run and can be compared with the golden files in ``tests/reader/golden/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.anchoring import describe
from reader.annotations import Annotations, Cue, Entity, Mention, Quote, Speaker
from reader.article import Article, ParagraphKind
from reader.export import ExportData, GlossaryItem
from reader.store import Highlight

PARAGRAPHS: list[tuple[str, ParagraphKind]] = [
    ("Tewkesbury flood wall delayed again", "heading"),
    (
        "Work on a long-promised flood wall to protect Tewkesbury from the River Severn "
        "has been delayed for a third time, after the estimated cost rose to £48m.",
        "paragraph",
    ),
    (
        "Dr Priya Raman, the chief engineer of the Severn and Avon Flood Partnership (SAFP), "
        "said: “We are not gold-plating this scheme.”",
        "paragraph",
    ),
    (
        "A council spokesperson said the delay was “regrettable but unavoidable”, while "
        "residents called the plans a “fantasy”.",
        "paragraph",
    ),
    ("“Every winter we watch the gauge at the bridge,” one resident wrote.", "paragraph"),
    (
        "About 1,400 homes and 230 businesses sit inside the area the wall is meant to protect.",
        "paragraph",
    ),
]

ARTICLE = Article.from_blocks(
    PARAGRAPHS,
    title="Tewkesbury flood wall delayed again",
    byline="Eleanor Marsh",
    site="Severn Valley News",
    published="2025-03-04",
    url="https://news.example.org/2025/03/tewkesbury-flood-wall",
    source="https://news.example.org/2025/03/tewkesbury-flood-wall",
)
TEXT = ARTICLE.text


def span(words: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = TEXT.index(words, start + 1)
    return start, start + len(words)


def mention(words: str) -> Mention:
    start, end = span(words)
    return Mention(start, end, words, start, end)


def quote(words: str, speaker: Speaker | None = None, kind: str = "direct") -> Quote:
    start, end = span(words)
    return Quote(start, end, words, kind, ((start, end),), speaker)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ClaimObject:
    """A claim as a later claims layer may give it: an object with ``to_json``."""

    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "reasons": ["number"],
            "score": 0.75,
        }


def annotations() -> Annotations:
    raman = Entity("e1", "PERSON", "Priya Raman", (mention("Priya Raman"),))
    safp = Entity(
        "e2",
        "ORG",
        "Severn and Avon Flood Partnership",
        (mention("Severn and Avon Flood Partnership"),),
    )
    town = Entity("e3", "GPE", "Tewkesbury", (mention("Tewkesbury"),))
    cost = Entity("e4", "MONEY", "£48m", (mention("£48m"),))
    raman_start, raman_end = span("Dr Priya Raman")
    council_start, council_end = span("A council spokesperson")
    said_start, said_end = span("said", 1)
    cost_claim = span("the estimated cost rose to £48m")
    homes_claim = span("About 1,400 homes and 230 businesses sit inside the area")
    return Annotations(
        entities=(raman, safp, town, cost),
        quotes=(
            Quote(
                *span("We are not gold-plating this scheme."),
                "We are not gold-plating this scheme.",
                "direct",
                (span("We are not gold-plating this scheme."),),
                Speaker("Dr Priya Raman", raman_start, raman_end, "e1"),
                Cue("said", said_start, said_end),
                "before",
            ),
            quote(
                "regrettable but unavoidable",
                Speaker("A council spokesperson", council_start, council_end),
            ),
            quote("fantasy", kind="scare"),
            quote("Every winter we watch the gauge at the bridge,"),
        ),
        claims=(
            {
                "start": cost_claim[0],
                "end": cost_claim[1],
                "text": TEXT[cost_claim[0] : cost_claim[1]],
                "reasons": ["statistic", "comparison"],
                "score": 0.9,
            },
            ClaimObject(homes_claim[0], homes_claim[1], TEXT[homes_claim[0] : homes_claim[1]]),
        ),
    )


def highlight(
    number: int,
    words: str,
    note: str = "",
    tags: tuple[str, ...] = (),
    color: tuple[str, str] = ("yellow", "Key point"),
) -> Highlight:
    start, end = span(words)
    selector, _ = describe(TEXT, start, end)
    return Highlight(
        id=number,
        article_id=1,
        status="attached",
        start=start,
        end=end,
        quote=words,
        selector=selector,
        color=color[0],
        color_name=color[1],
        note=note,
        tags=tags,
        created="2025-03-05T09:00:00+00:00",
        modified="2025-03-05T09:30:00+00:00",
    )


def highlights() -> list[Highlight]:
    orphan_selector, _ = describe("The wall will open in 2026, the council said.", 4, 27)
    return [
        highlight(
            3,
            "About 1,400 homes and 230 businesses",
            "Check the 2024 flood figures.\nThe council's own report says 1,200.",
            ("numbers", "to check"),
            ("red", "Disagree"),
        ),
        highlight(1, "delayed for a third time", "Third delay since 2019.", ("timeline",)),
        highlight(2, "We are not gold-plating this scheme."),
        Highlight(
            id=4,
            article_id=1,
            status="orphaned",
            start=None,
            end=None,
            quote="wall will open in 2026",
            selector=orphan_selector,
            color="green",
            color_name="Evidence",
            note="Gone from the new version.",
            tags=(),
            created="2025-03-01T08:00:00+00:00",
            modified="2025-03-01T08:00:00+00:00",
        ),
    ]


def glossary() -> list[GlossaryItem]:
    return [
        GlossaryItem("SAFP", "Severn and Avon Flood Partnership", "the article", paragraph=3),
        GlossaryItem(
            "flood wall",
            "A barrier built to keep a river within its banks.",
            "Wiktionary",
            url="https://en.wiktionary.org/wiki/flood_wall",
            looked_up=True,
        ),
    ]


def sample_data() -> ExportData:
    cost = span("the estimated cost rose to £48m")
    return ExportData(
        article=ARTICLE,
        annotations=annotations(),
        highlights=highlights(),
        glossary=glossary(),
        claim_states={cost: "true"},
        retrieved="2025-03-05T08:59:00+00:00",
    )
