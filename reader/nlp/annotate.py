"""Annotating an Article: run the pipeline paragraph by paragraph, then group.

Paragraphs go through ``nlp.pipe`` one by one so that no span can reach across a
paragraph break and so that progress can be reported as the work goes. What needs
the whole article comes after: grouping entity mentions, and linking quotes across
paragraphs and resolving their speakers (``reader.nlp.attribution``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from reader.annotations import Annotations, Claim, Definition
from reader.article import Article
from reader.nlp.acronyms import acronym_definitions
from reader.nlp.appositions import definitions_from_doc
from reader.nlp.attribution import ParagraphFindings, findings_from_doc, link_quotes
from reader.nlp.claims import CLAIMS_KEY
from reader.nlp.entities import RawSpan, group_entities, spans_from_doc
from reader.nlp.pipeline import load_pipeline

# progress(fraction done in [0, 1], what is happening)
Progress = Callable[[float, str], None]
# Paragraphs parsed together. spaCy's default (1,000) holds the activations of some
# 30,000 words at once (over 800 MB peak on 100,000 words) and reports progress,
# and notices a reader who moved on, only every few seconds; 32 paragraphs peak
# under 250 MB, report every quarter of a second and are no slower.
PIPE_BATCH = 32
# Paragraphs parsed between two calls of ``annotate``'s ``between_chunks`` (a whole
# number of batches, so the batches are those of one long ``nlp.pipe``).
CHUNK = 8 * PIPE_BATCH


def _no_progress(fraction: float, message: str) -> None:
    """Progress reports go nowhere unless a caller asks for them."""


class Annotator:
    """Owns one spaCy pipeline; every call must come from the same thread."""

    def __init__(self, nlp: Language | None = None) -> None:
        self._nlp = nlp

    @property
    def nlp(self) -> Language:
        """The pipeline, loaded on first use (it takes a second or two)."""
        if self._nlp is None:
            self._nlp = load_pipeline()
        return self._nlp

    def annotate(
        self,
        article: Article,
        progress: Progress = _no_progress,
        between_chunks: Callable[[], None] | None = None,
    ) -> Annotations:
        """What the pipeline finds in ``article``. ``between_chunks`` is called after
        every ``CHUNK`` paragraphs, when no parse is in flight (the window's worker
        keeps what was found so far out of the garbage collector's full passes)."""
        if self._nlp is None:
            progress(0.0, "Loading the English language model…")
        paragraphs = article.paragraphs
        found = _Found(acronym_definitions(article.text))
        for first in range(0, len(paragraphs), CHUNK):
            self._read_chunk(article, first, found, progress)
            if between_chunks is not None:
                between_chunks()
        entities = group_entities(article.text, found.spans, found.sentences)
        quotes = link_quotes(article.text, found.findings, entities)
        progress(1.0, "Done")
        found.definitions.sort(key=lambda d: (d.start, d.end))
        return Annotations(
            entities=tuple(entities),
            quotes=quotes,
            claims=tuple(found.claims),
            definitions=tuple(found.definitions),
        )

    def _read_chunk(self, article: Article, first: int, found: _Found, progress: Progress) -> None:
        """Parse ``CHUNK`` paragraphs from ``paragraphs[first]`` on and keep what they
        give in ``found``. Each ``Doc`` is dropped once read (and the last with this
        call's locals), so memory follows the findings, not the parses."""
        paragraphs = article.paragraphs
        chunk = paragraphs[first : first + CHUNK]
        texts = (article.text[p.start : p.end] for p in chunk)
        docs = self.nlp.pipe(texts, batch_size=PIPE_BATCH)
        for done, (paragraph, doc) in enumerate(zip(chunk, docs, strict=True), start=first):
            progress(done / len(paragraphs), "Finding names, places and dates…")
            found.spans.extend(spans_from_doc(doc, paragraph.start))
            found.findings.append(findings_from_doc(doc, paragraph.start, done))
            found.definitions.extend(definitions_from_doc(doc, paragraph.start))
            # A picture's caption describes the picture; it asserts nothing to check.
            if paragraph.kind != "caption":
                found.claims.extend(_claims_of(doc, paragraph.start))
            found.sentences.extend(
                (paragraph.start + s.start_char, paragraph.start + s.end_char) for s in doc.sents
            )


@dataclass
class _Found:
    """What the paragraphs read so far gave, for what needs the whole article."""

    definitions: list[Definition]
    spans: list[RawSpan] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    findings: list[ParagraphFindings] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)


def _claims_of(doc: Doc, offset: int) -> list[Claim]:
    return [
        Claim(
            offset + span.start_char,
            offset + span.end_char,
            span.text,
            tuple(span._.claim_reasons),
            float(span._.claim_score),
        )
        for span in doc.spans.get(CLAIMS_KEY, ())
    ]
