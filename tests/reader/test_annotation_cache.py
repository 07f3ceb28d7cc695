"""The annotation cache: annotations survive the trip through JSON exactly, entries
are found only for the same text, layout and pipeline, and trouble never escapes."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import annotation_cache
from reader.annotation_cache import AnnotationCache, DamagedEntry, cache_key, decode, encode
from reader.annotations import Annotations, to_contract
from reader.article import Article
from reader.importers import load_article
from reader.nlp.annotate import Annotator
from reader.store.errors import StoreError
from reader.store.library import Library


@pytest.fixture
def shared(shared_article: Path, annotator: Annotator) -> tuple[Article, Annotations]:
    article = load_article(shared_article)
    return article, annotator.annotate(article)


@pytest.fixture
def library() -> Iterator[Library]:
    with Library.open() as opened:
        yield opened


def test_the_shared_article_round_trips_exactly(shared: tuple[Article, Annotations]) -> None:
    article, annotations = shared
    assert annotations.entities and annotations.quotes and annotations.claims
    assert annotations.definitions
    assert any(len(q.parts) > 1 for q in annotations.quotes)
    assert any(q.speaker and q.speaker.refers_to for q in annotations.quotes)
    again = Annotations.from_json(to_contract(article, annotations))
    assert again == annotations
    assert decode(encode(annotations)) == annotations


def test_a_damaged_entry_is_refused() -> None:
    data = encode(Annotations())
    for damaged in (data[:-3], b"not zlib", data[:2] + bytes([data[2] ^ 0xFF]) + data[3:]):
        with pytest.raises(DamagedEntry):
            decode(damaged)
    with pytest.raises(DamagedEntry):
        decode(zlib.compress(b'{"entities": [{"id": 1}]}'))


def test_an_entry_reads_as_json_does_and_broken_json_is_refused(
    shared: tuple[Article, Annotations],
) -> None:
    # Entries are read an item at a time; what they hold is what json.loads reads.
    _, annotations = shared
    spaced = json.dumps(annotations.to_json(), indent=2).encode("utf-8")
    assert decode(zlib.compress(spaced)) == annotations
    for broken in (
        b'{"entities": [] "quotes": []}',
        b'{"entities": [1 2]}',
        b'{"entities": [1,]}',
        b'{"entities": []',
        b'{"entities": []} and more',
        b"[]",
    ):
        with pytest.raises(DamagedEntry):
            decode(zlib.compress(broken))


def test_an_entry_is_found_for_the_same_text_layout_and_pipeline(
    library: Library, shared: tuple[Article, Annotations], monkeypatch: pytest.MonkeyPatch
) -> None:
    article, annotations = shared
    cache = AnnotationCache(library)
    assert cache.get(article) is None
    cache.put(article, encode(annotations))
    assert cache.get(article) == annotations
    # The same text with its paragraphs of other kinds is another entry.
    relaid = Article.from_blocks(
        [(article.text[p.start : p.end], "paragraph") for p in article.paragraphs]
    )
    assert relaid.sha256 == article.sha256
    assert cache_key(relaid) != cache_key(article)
    assert cache.get(relaid) is None
    # Another pipeline version misses.
    monkeypatch.setattr(annotation_cache, "pipeline_version", lambda: "another pipeline")
    assert cache.get(article) is None


def test_a_damaged_entry_or_a_failing_library_is_a_miss(
    library: Library, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    article = Article.from_blocks([("Marie Curie worked in Paris.", "paragraph")])
    key = cache_key(article)
    assert key is not None
    library.cache_annotations(article.sha256, key, b"damaged")
    cache = AnnotationCache(library)
    assert cache.get(article) is None
    assert "damaged" in caplog.text

    def fail(*args: object) -> None:
        raise StoreError("The disk is full.", "full")

    monkeypatch.setattr(library, "cached_annotations", fail)
    monkeypatch.setattr(library, "cache_annotations", fail)
    assert cache.get(article) is None
    cache.put(article, encode(Annotations()))  # logged, not raised
    assert "cannot be written" in caplog.text


def test_the_cache_needs_no_spacy() -> None:
    code = (
        "import sys, reader.annotation_cache as c; "
        "from reader.article import Article; "
        "c.cache_key(Article.from_blocks([('Text.', 'paragraph')])); "
        "print('spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
