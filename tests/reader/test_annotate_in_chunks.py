"""A long article is parsed in chunks; between them no parse is in flight, so the
window's worker can freeze what was found without freezing a parse with it."""

from __future__ import annotations

import gc

from spacy.tokens import Doc

from reader.article import Article
from reader.nlp.annotate import CHUNK, Annotator


def test_between_chunks_no_parse_is_alive_and_nothing_found_is_lost(
    annotator: Annotator,
) -> None:
    paragraphs = [
        (
            f"Report {n}: the council in Leeds said costs rose by {n}% in {1990 + n % 30}.",
            "paragraph",
        )
        for n in range(CHUNK + 40)
    ]
    article = Article.from_blocks(paragraphs)
    docs_alive: list[int] = []

    def between_chunks() -> None:
        gc.collect()
        docs_alive.append(sum(isinstance(o, Doc) for o in gc.get_objects()))

    annotations = annotator.annotate(article, between_chunks=between_chunks)
    assert docs_alive == [0, 0]  # after the first CHUNK paragraphs, and after the rest
    leeds = [e for e in annotations.entities if e.name == "Leeds"]
    assert len(leeds) == 1 and len(leeds[0].mentions) == len(paragraphs)
    assert len(annotations.claims) == len(paragraphs)
