"""Annotating an Article: run the pipeline paragraph by paragraph, then group.

Paragraphs go through ``nlp.pipe`` one by one so that no span can reach across a
paragraph break and so that progress can be reported as the work goes. What needs
the whole article comes after: grouping entity mentions, and linking quotes across
paragraphs and resolving their speakers (``reader.nlp.attribution``).
"""

from __future__ import annotations

from collections.abc import Callable

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

    def annotate(self, article: Article, progress: Progress = _no_progress) -> Annotations:
        if self._nlp is None:
            progress(0.0, "Loading the English language model…")
        nlp = self.nlp
        paragraphs = article.paragraphs
        spans: list[RawSpan] = []
        sentences: list[tuple[int, int]] = []
        findings: list[ParagraphFindings] = []
        definitions: list[Definition] = acronym_definitions(article.text)
        claims: list[Claim] = []
        texts = (article.text[p.start : p.end] for p in paragraphs)
        for done, (paragraph, doc) in enumerate(
            zip(paragraphs, nlp.pipe(texts, batch_size=PIPE_BATCH), strict=True)
        ):
            progress(done / max(len(paragraphs), 1), "Finding names, places and dates…")
            spans.extend(spans_from_doc(doc, paragraph.start))
            findings.append(findings_from_doc(doc, paragraph.start, done))
            definitions.extend(definitions_from_doc(doc, paragraph.start))
            # A picture's caption describes the picture; it asserts nothing to check.
            if paragraph.kind != "caption":
                claims.extend(_claims_of(doc, paragraph.start))
            sentences.extend(
                (paragraph.start + s.start_char, paragraph.start + s.end_char) for s in doc.sents
            )
        entities = group_entities(article.text, spans, sentences)
        quotes = link_quotes(article.text, findings, entities)
        progress(1.0, "Done")
        definitions.sort(key=lambda d: (d.start, d.end))
        return Annotations(
            entities=tuple(entities),
            quotes=quotes,
            claims=tuple(claims),
            definitions=tuple(definitions),
        )


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
