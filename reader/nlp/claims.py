"""Finding the claims of a paragraph: statements of fact worth checking.

``ClaimFinder`` is the spaCy component. It cuts each sentence of the doc into the
stretches that assert something on their own (see ``claim_units``), scores each with
the shipped check-worthiness model (``reader.nlp.claim_model``) and keeps those that
score at least the model's threshold and are not ruled out by a sign against them
(a question, the words that introduce a quote, a fragment;
``reader.nlp.claim_reasons.DISQUALIFYING``). Each claim is a span in
``doc.spans["claims"]`` with:

- ``span._.claim_score``: the model's probability that it is check-worthy, in [0, 1];
- ``span._.claim_reasons``: why it is a claim, in fact-checkers' terms
  (``reader.nlp.claim_reasons.REASONS``); never empty.

A stretch scored as a claim that no rule gives a reason for is a "state": a
statement of how things are.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from reader.nlp.claim_model import ClaimModel, load_shipped_model
from reader.nlp.claim_reasons import (
    DISQUALIFYING,
    MIN_WORDS,
    OPENING_QUOTES,
    against_of,
    is_frame,
    reasons_of,
)
from reader.nlp.parsed import ParsedDoc, Stretch

CLAIMS_KEY = "claims"
CLAIMS_FACTORY = "marginalia_claims"
# name -> default of each Span extension the component writes.
CLAIM_EXTENSIONS: dict[str, object] = {"claim_score": 0.0, "claim_reasons": ()}
FALLBACK_REASON = "state"
# At most this many words before a colon make a label ("Gazette:", "Update:").
_LABEL_WORDS = 3


def register_claim_extensions() -> None:
    for name, default in CLAIM_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


class ClaimFinder:
    """spaCy component: the check-worthy claims of the doc in ``doc.spans["claims"]``.

    Needs the tagger, parser and entity recogniser before it; the pipeline runs one
    paragraph per doc. ``threshold`` defaults to the one the model was trained with.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = CLAIMS_FACTORY,
        model: ClaimModel | None = None,
        threshold: float | None = None,
    ) -> None:
        register_claim_extensions()
        self.name = name
        self.model = model if model is not None else load_shipped_model()
        self.threshold = self.model.threshold if threshold is None else threshold

    def __call__(self, doc: Doc) -> Doc:
        claims = []
        for unit in claim_units(ParsedDoc.of(doc)):
            against = against_of(unit)
            if DISQUALIFYING.intersection(against):
                continue
            # The rules are run once: the model scores their findings too.
            reasons = reasons_of(unit)
            score = self.model.score(unit, reasons, against)
            if score < self.threshold:
                continue
            span = unit.span
            span._.claim_score = round(score, 3)
            span._.claim_reasons = tuple(reasons) or (FALLBACK_REASON,)
            claims.append(span)
        doc.spans[CLAIMS_KEY] = claims
        return doc


def claim_units(parsed: ParsedDoc) -> Iterator[Stretch]:
    """The stretches of the doc that are judged one by one: its sentences, with the
    words that introduce a quote ("the Prime Minister said:") or a label
    ("Gazette:") cut off before a colon as stretches of their own. Each is trimmed
    of white space and opening quotation marks."""
    doc = parsed.doc
    for sentence in doc.sents:
        start = sentence.start
        for colon in range(sentence.start, sentence.end):
            if parsed.text[colon] != ":" or colon <= start:
                continue
            before = Stretch.within(parsed, doc[start : colon + 1])
            after = Stretch.within(parsed, doc[colon + 1 : sentence.end])
            if len(after.words) < MIN_WORDS:
                continue
            if is_frame(before) or len(before.words) <= _LABEL_WORDS:
                yield from _trimmed(parsed, start, colon + 1)
                start = colon + 1
        yield from _trimmed(parsed, start, sentence.end)


def _trimmed(parsed: ParsedDoc, start: int, end: int) -> Iterator[Stretch]:
    """The stretch of tokens ``start`` to ``end``, if any is left once trimmed."""
    while start < end and (parsed.is_space[start] or parsed.text[start] in OPENING_QUOTES):
        start += 1
    while end > start and parsed.is_space[end - 1]:
        end -= 1
    if end > start:
        yield Stretch.within(parsed, parsed.doc[start:end])


def make_claim_finder(nlp: Language, name: str) -> ClaimFinder:
    """The factory registered as ``marginalia_claims``: the shipped model, its threshold."""
    return ClaimFinder(nlp, name)
