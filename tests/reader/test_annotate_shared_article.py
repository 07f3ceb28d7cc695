"""The real English pipeline on a real article (the shared corpus)."""

from pathlib import Path

import pytest

from reader.annotations import Annotations, Entity
from reader.article import Article
from reader.importers import load_article
from reader.nlp.annotate import Annotator

PLACE_LABELS = {"GPE", "LOC"}


@pytest.fixture
def annotated(shared_article: Path, annotator: Annotator) -> tuple[Article, Annotations]:
    article = load_article(shared_article)
    return article, annotator.annotate(article)


def entity_named(annotations: Annotations, name: str) -> Entity:
    matches = [e for e in annotations.entities if e.name == name]
    assert len(matches) == 1, [e.name for e in annotations.entities]
    return matches[0]


def test_rishi_sunak_is_one_person_mentioned_every_time(
    annotated: tuple[Article, Annotations],
) -> None:
    article, annotations = annotated
    sunak = entity_named(annotations, "Rishi Sunak")
    assert sunak.label == "PERSON"
    texts = {m.text for m in sunak.mentions}
    assert {"Rishi Sunak", "Mr Sunak"} <= texts
    # Every "Sunak" in the article is his mention, the one in the picture's caption too
    # (the caption's duplicated copy is gone: reader.importers.captions).
    occurrences = [i for i in range(len(article.text)) if article.text.startswith("Sunak", i)]
    assert len(occurrences) == 6
    for offset in occurrences:
        assert any(m.start <= offset < m.end for m in sunak.mentions), article.text[
            offset - 20 : offset + 10
        ]
    assert not [
        e
        for e in annotations.entities
        if e.label == "PERSON" and "Sunak" in e.name and e is not sunak
    ]


def test_places_and_organisations(annotated: tuple[Article, Annotations]) -> None:
    article, annotations = annotated
    for place in ("Reykjavik", "Rwanda", "Iceland"):
        assert entity_named(annotations, place).label in PLACE_LABELS
    assert entity_named(annotations, "Council of Europe").label == "ORG"
    court = entity_named(annotations, "European Court of Human Rights")
    assert court.label == "ORG"
    assert [m.text for m in court.mentions].count("ECHR") == article.text.count("ECHR") == 2


def test_the_caption_is_set_apart_and_its_label_is_no_person(
    annotated: tuple[Article, Annotations],
) -> None:
    article, annotations = annotated
    captions = [article.text[p.start : p.end] for p in article.paragraphs if p.kind == "caption"]
    assert captions == ["Mr Sunak will hold talks with the ECHR on reforms to Rule 39 (Image: PA)"]
    assert "Gazette" not in article.text
    assert not [e for e in annotations.entities if e.label == "PERSON" and e.name != "Rishi Sunak"]


def test_no_entity_glues_two_sentences_or_paragraphs(
    annotated: tuple[Article, Annotations],
) -> None:
    article, annotations = annotated
    for entity in annotations.entities:
        for mention in entity.mentions:
            assert mention.text == article.text[mention.start : mention.end]
            assert "\n" not in mention.text
            assert "39Mr" not in mention.text
            sentence = article.text[mention.sentence_start : mention.sentence_end]
            assert mention.text in sentence


def test_progress_is_reported_from_start_to_done(
    shared_article: Path, annotator: Annotator
) -> None:
    reports: list[float] = []
    annotator.annotate(
        load_article(shared_article), lambda fraction, _message: reports.append(fraction)
    )
    assert reports == sorted(reports)
    assert reports[-1] == 1.0
    assert len(reports) > 10
