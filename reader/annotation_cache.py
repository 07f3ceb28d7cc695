"""What the pipeline found in an article, kept in the reader's library.

Opening an article again shows its highlights at once, without loading the language
model. An entry is found by the article's text (its SHA-256) and ``cache_key``: the
pipeline's version (``reader.nlp.version``: a new model, spaCy or component version
misses) and the kinds of the article's paragraphs (a caption is not searched for
claims, so the same text laid out otherwise can annotate differently). The entry is
``Annotations.to_json()`` as compact JSON, zlib-compressed.

The cache is not the reader's work: when the library cannot be read or written, or
an entry is damaged, that is logged and the article is annotated anew (and a
damaged entry replaced). Importing this module does not import spaCy.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import zlib

from reader.annotations import Annotations
from reader.article import Article
from reader.nlp.version import pipeline_version
from reader.store.errors import StoreError
from reader.store.library import Library

log = logging.getLogger(__name__)

# Fast compression: an entry is written once per article and pipeline version, and
# the level matters little for JSON this repetitive.
_COMPRESSION_LEVEL = 1


class DamagedEntry(ValueError):
    """A cache entry that does not decode to annotations."""


def cache_key(article: Article) -> str | None:
    """What an article's annotations depend on besides its text (None: no pipeline
    is installed, so nothing can be cached)."""
    version = pipeline_version()
    if version is None:
        return None
    kinds = ",".join(p.kind for p in article.paragraphs)
    layout = hashlib.sha256(kinds.encode("ascii")).hexdigest()[:16]
    return f"{version} paragraphs-{layout}"


def encode(annotations: Annotations) -> bytes:
    """The compact JSON of ``annotations.to_json()``, zlib-compressed. Written an item
    at a time: one ``json.dumps`` of a whole book's annotations holds the interpreter,
    and so the window, for 100 ms and more."""
    fields = []
    for name, value in annotations.to_json().items():
        if isinstance(value, list):
            items = ",".join(_compact(item) for item in value)
            fields.append(f"{_compact(name)}:[{items}]")
        else:
            fields.append(f"{_compact(name)}:{_compact(value)}")
    text = "{" + ",".join(fields) + "}"
    return zlib.compress(text.encode("utf-8"), _COMPRESSION_LEVEL)


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def decode(data: bytes) -> Annotations:
    """The annotations ``encode`` gave; ``DamagedEntry`` if ``data`` is not such."""
    try:
        return Annotations.from_json(_load_by_item(zlib.decompress(data).decode("utf-8")))
    except (zlib.error, ValueError, KeyError, TypeError, AttributeError) as error:
        raise DamagedEntry(f"{type(error).__name__}: {error}") from error


_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _load_by_item(text: str) -> dict[str, object]:
    """``json.loads`` of a JSON object, reading the items of its lists one at a time:
    one ``json.loads`` of a book's entry holds the interpreter, and so the window,
    for 70 ms and more."""
    scan = _DECODER.raw_decode

    def spaced(at: int) -> int:
        """``at``, moved past any white space."""
        space = _SPACE.match(text, at)
        assert space is not None  # the pattern matches the empty string too
        return space.end()

    def past(at: int, expected: str) -> int:
        """The position past ``expected`` at ``at`` and the white space after it."""
        if not text.startswith(expected, at):
            raise ValueError(f"expected {expected!r} at character {at}")
        return spaced(at + 1)

    def value_at(at: int) -> tuple[object, int]:
        value, at = scan(text, at)
        return value, spaced(at)

    fields: dict[str, object] = {}
    at = past(spaced(0), "{")
    while not text.startswith("}", at):
        if fields:
            at = past(at, ",")
        name, at = value_at(at)
        at = past(at, ":")
        if text.startswith("[", at):
            items: list[object] = []
            at = past(at, "[")
            while not text.startswith("]", at):
                if items:
                    at = past(at, ",")
                item, at = value_at(at)
                items.append(item)
            fields[str(name)], at = items, past(at, "]")
        else:
            fields[str(name)], at = value_at(at)
    if past(at, "}") != len(text):
        raise ValueError("extra data after the JSON object")
    return fields


class AnnotationCache:
    """The cache in one library; used from the thread that opened the library."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def get(self, article: Article) -> Annotations | None:
        """The article's annotations if they were kept for this pipeline, else None."""
        key = cache_key(article)
        if key is None:
            return None
        try:
            data = self.library.cached_annotations(article.sha256, key)
        except StoreError as error:
            log.warning("The annotation cache cannot be read: %s", error)
            return None
        if data is None:
            return None
        try:
            return decode(data)
        except DamagedEntry as error:
            log.warning("A damaged annotation cache entry is ignored: %s", error)
            return None

    def put(self, article: Article, encoded: bytes) -> None:
        """Keep the article's annotations, as ``encode`` gave them (a failure is
        logged, never raised)."""
        key = cache_key(article)
        if key is None:
            return
        try:
            self.library.cache_annotations(article.sha256, key, encoded)
        except StoreError as error:
            log.warning("The annotation cache cannot be written: %s", error)
