"""Quotes and speakers in the shared article, through the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.annotations import Annotations, Entity, Quote
from reader.article import Article
from reader.importers import load_article
from reader.nlp.annotate import Annotator


@pytest.fixture
def annotated(shared_article: Path, annotator: Annotator) -> tuple[Article, Annotations]:
    article = load_article(shared_article)
    return article, annotator.annotate(article)


def sunak(annotations: Annotations) -> Entity:
    [entity] = [e for e in annotations.entities if e.name == "Rishi Sunak"]
    return entity


def quote_with(annotations: Annotations, words: str) -> Quote:
    [quote] = [q for q in annotations.quotes if words in q.text]
    return quote


def test_the_four_paragraph_quote_is_one_quote_by_the_prime_minister(
    annotated: tuple[Article, Annotations],
) -> None:
    article, annotations = annotated
    quote = quote_with(annotations, "Every single point on each route")
    assert len(quote.parts) == 4
    first, *_, last = (article.text[s:e] for s, e in quote.parts)
    assert first.startswith("Every single point")
    assert last.endswith("the UK will be at the heart of this.")
    assert quote.kind == "direct"
    assert quote.speaker is not None
    assert quote.speaker.text == "the Prime Minister"
    assert quote.speaker.entity == sunak(annotations).id
    assert quote.cue is not None and quote.cue.text == "said"


@pytest.mark.parametrize("words", ["paying the price", "not working"])
def test_short_quotes_in_the_opening_paragraphs_are_sunaks(
    annotated: tuple[Article, Annotations], words: str
) -> None:
    _, annotations = annotated
    [quote] = [q for q in annotations.quotes if q.text == words]
    assert quote.kind == "direct"
    assert quote.speaker is not None
    assert quote.speaker.entity == sunak(annotations).id


def test_the_scourge_belongs_to_the_unnamed_official(
    annotated: tuple[Article, Annotations],
) -> None:
    _, annotations = annotated
    quote = quote_with(annotations, "scourge of illegal migration")
    assert quote.kind == "direct"
    assert quote.speaker is not None
    assert quote.speaker.text == "They"
    assert quote.speaker.refers_to is not None
    assert quote.speaker.refers_to.text == "a Downing Street official"
    assert quote.speaker.entity is None


def test_every_quote_points_into_the_text(annotated: tuple[Article, Annotations]) -> None:
    article, annotations = annotated
    assert len(annotations.quotes) == 5
    for quote in annotations.quotes:
        assert quote.text == article.text[quote.start : quote.end]
        for start, end in quote.parts:
            assert article.text[start - 1] == "“"
            assert article.text[start:end] in quote.text
        if quote.speaker is not None:
            speaker = quote.speaker
            assert speaker.text == article.text[speaker.start : speaker.end]
