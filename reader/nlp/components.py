"""Marginalia's own spaCy components, registered in one place.

``register_components`` must run before a pipeline that uses them is built or
loaded; it is called explicitly (not through package entry points, which frozen
builds can lose) and is safe to call more than once.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Span

from reader.nlp.claims import CLAIM_EXTENSIONS, CLAIMS_FACTORY, make_claim_finder
from reader.nlp.quotes import QuoteFinder
from reader.nlp.speakers import SpeakerFinder

QUOTES_FACTORY = "marginalia_quotes"
SPEAKERS_FACTORY = "marginalia_speakers"

# name -> default of each Span extension the components write.
SPAN_EXTENSIONS: dict[str, object] = {
    "quote_closed": True,
    "quote_opens_paragraph": False,
    "quote_kind": "direct",
    "speaker": None,
    "cue": None,
    "attribution": "",
    **CLAIM_EXTENSIONS,
}


def register_components() -> None:
    for name, default in SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Language.has_factory(QUOTES_FACTORY):
        Language.factory(QUOTES_FACTORY, func=QuoteFinder)
    if not Language.has_factory(SPEAKERS_FACTORY):
        Language.factory(SPEAKERS_FACTORY, func=SpeakerFinder)
    if not Language.has_factory(CLAIMS_FACTORY):
        Language.factory(CLAIMS_FACTORY, func=make_claim_finder)


def add_quote_components(nlp: Language) -> None:
    """Add the quote finder and the speaker finder at the end of ``nlp``."""
    register_components()
    if QUOTES_FACTORY not in nlp.pipe_names:
        nlp.add_pipe(QUOTES_FACTORY)
    if SPEAKERS_FACTORY not in nlp.pipe_names:
        nlp.add_pipe(SPEAKERS_FACTORY)


def add_claim_component(nlp: Language) -> None:
    """Add the claim finder at the end of ``nlp`` (it needs the tagger, parser and NER)."""
    register_components()
    if CLAIMS_FACTORY not in nlp.pipe_names:
        nlp.add_pipe(CLAIMS_FACTORY)
