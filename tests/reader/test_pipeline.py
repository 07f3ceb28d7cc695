"""The pipeline's tokenizer: made from the language's defaults (not read from the
model, which takes longer), it must be the model's own plus the glued-sentence split."""

from __future__ import annotations

import spacy
from spacy import util

from reader.nlp.annotate import Annotator
from reader.nlp.version import installed_model


def test_the_tokenizer_is_the_models_own_plus_the_glued_sentence_split(
    annotator: Annotator,
) -> None:
    ours = annotator.nlp.tokenizer
    model = installed_model()
    assert model is not None
    theirs = spacy.load(model).tokenizer
    # Everything but the infixes (ours is a function, not a pattern) is the same.
    assert ours.to_bytes(exclude=["vocab", "infix_finditer"]) == theirs.to_bytes(
        exclude=["vocab", "infix_finditer"]
    )
    defaults = annotator.nlp.Defaults
    assert (
        theirs.infix_finditer.__self__.pattern == util.compile_infix_regex(defaults.infixes).pattern
    )

    glued = "Mr Sunak will hold talks on reforms to Rule 39Mr Sunak will meet the court."
    split = [token.text for token in ours(glued)]
    rule = split.index("Rule")
    assert split[rule : rule + 4] == ["Rule", "39", "Mr", "Sunak"]
    assert "39Mr" in [token.text for token in theirs(glued)]
    # Elsewhere, the same tokens as the model's own tokenizer.
    text = (
        "Dr. O'Neil's 3.5km (2.2mi) run—at 6:30am—cost $4.50, e.g. in the U.S.; see http://x.org!"
    )
    assert [t.text for t in ours(text)] == [t.text for t in theirs(text)]
