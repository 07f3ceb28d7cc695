"""Claims: the reason rules on docs built by hand (milliseconds), the model file, and
the claim finder on the shared article through the real English pipeline."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.lang.en import English
from spacy.tokens import Doc, Span

from reader.importers import load_article
from reader.nlp import claim_reasons as rules
from reader.nlp.annotate import Annotator
from reader.nlp.claim_model import ClaimModel, load_shipped_model
from reader.nlp.claims import CLAIMS_KEY, ClaimFinder, claim_units
from reader.nlp.parsed import ParsedDoc, Stretch
from reader.nlp.version import claims_model_path

VOCAB = English().vocab

# --- docs built by hand -----------------------------------------------------------


def parsed(
    text: str,
    tags: str,
    pos: str,
    deps: str,
    heads: list[int],
    lemmas: str = "",
    ents: list[str] | None = None,
) -> Span:
    """A doc from words split on spaces, with the parse given per word."""
    words = text.split()
    doc = Doc(
        VOCAB,
        words=words,
        spaces=[
            not (i + 1 < len(words) and words[i + 1] in {".", ",", ":", "?", "%"})
            for i in range(len(words))
        ],
        tags=tags.split(),
        pos=pos.split(),
        deps=deps.split(),
        heads=heads,
        lemmas=lemmas.split() if lemmas else [w.lower() for w in words],
        ents=ents,
        sent_starts=[True] + [False] * (len(words) - 1),
    )
    return doc[:]


def statistic_sentence() -> Span:
    # Cases had risen by 50 % in the past year .
    return parsed(
        "Cases had risen by 50 % in the past year .",
        "NNS VBD VBN IN CD NN IN DT JJ NN .",
        "NOUN AUX VERB ADP NUM NOUN ADP DET ADJ NOUN PUNCT",
        "nsubj aux ROOT prep nummod pobj prep det amod pobj punct",
        [2, 2, 2, 2, 5, 3, 2, 9, 9, 6, 2],
        "case have rise by 50 % in the past year .",
        ["O", "O", "O", "O", "B-PERCENT", "I-PERCENT", "O", "B-DATE", "I-DATE", "I-DATE", "O"],
    )


def test_a_percentage_that_rose_is_a_statistic_and_a_trend() -> None:
    span = statistic_sentence()
    assert rules.has_statistic(Stretch.of(span))
    assert rules.has_comparison(Stretch.of(span))
    assert rules.reasons_of(span)[:2] == ["statistic", "comparison"]
    assert rules.against_of(span) == []


def test_a_date_alone_is_not_a_statistic() -> None:
    span = parsed(
        "He met her in 2016 .",
        "PRP VBD PRP IN CD .",
        "PRON VERB PRON ADP NUM PUNCT",
        "nsubj ROOT dobj prep pobj punct",
        [1, 1, 1, 1, 3, 1],
        "he meet she in 2016 .",
        ["O", "O", "O", "O", "B-DATE", "O"],
    )
    assert not rules.has_statistic(Stretch.of(span))
    assert rules.has_record(Stretch.of(span))  # what someone did


def test_fewer_is_a_comparison() -> None:
    span = parsed(
        "Far fewer people are dying .",
        "RB JJR NNS VBP VBG .",
        "ADV ADJ NOUN AUX VERB PUNCT",
        "advmod amod nsubj aux ROOT punct",
        [1, 2, 4, 4, 4, 4],
        "far few people be die .",
    )
    assert rules.has_comparison(Stretch.of(span))
    assert rules.has_state(Stretch.of(span))


def test_because_is_cause_and_effect() -> None:
    span = parsed(
        "Prices rose because wages fell .",
        "NNS VBD IN NNS VBD .",
        "NOUN VERB SCONJ NOUN VERB PUNCT",
        "nsubj ROOT mark nsubj advcl punct",
        [1, 1, 4, 4, 1, 1],
        "price rise because wage fall .",
    )
    assert rules.has_cause(Stretch.of(span))


def test_will_of_others_is_a_prediction_of_ourselves_a_pledge() -> None:
    # Companies will leave .
    prediction = parsed(
        "Companies will leave .",
        "NNS MD VB .",
        "NOUN AUX VERB PUNCT",
        "nsubj aux ROOT punct",
        [2, 2, 2, 2],
        "company will leave .",
    )
    assert rules.has_prediction(Stretch.of(prediction))
    assert not rules.is_pledge(Stretch.of(prediction))
    pledge = parsed(
        "We will protect people .",
        "PRP MD VB NNS .",
        "PRON AUX VERB NOUN PUNCT",
        "nsubj aux ROOT dobj punct",
        [2, 2, 2, 2, 2],
        "we will protect people .",
    )
    assert not rules.has_prediction(Stretch.of(pledge))
    assert rules.is_pledge(Stretch.of(pledge))


def test_a_diary_date_is_not_a_prediction() -> None:
    span = parsed(
        "Sunak will attend a meeting .",
        "NNP MD VB DT NN .",
        "PROPN AUX VERB DET NOUN PUNCT",
        "nsubj aux ROOT det dobj punct",
        [2, 2, 2, 4, 2, 2],
        "Sunak will attend a meeting .",
        ["B-PERSON", "O", "O", "O", "O", "O"],
    )
    assert not rules.has_prediction(Stretch.of(span))


def test_a_bill_is_a_law_or_rule() -> None:
    span = parsed(
        "The bill bans boats .",
        "DT NN VBZ NNS .",
        "DET NOUN VERB NOUN PUNCT",
        "det nsubj ROOT dobj punct",
        [1, 2, 2, 2, 2],
        "the bill ban boat .",
    )
    assert rules.has_law(Stretch.of(span))


def officials_said() -> Span:
    # Officials said the system is failing .
    return parsed(
        "Officials said the system is failing .",
        "NNS VBD DT NN VBZ VBG .",
        "NOUN VERB DET NOUN AUX VERB PUNCT",
        "nsubj ROOT det nsubj aux ccomp punct",
        [1, 1, 3, 5, 5, 1, 1],
        "official say the system be fail .",
    )


def test_a_reported_assertion_is_attributed() -> None:
    span = officials_said()
    assert rules.has_attribution(Stretch.of(span))
    assert "attributed" in rules.reasons_of(span)
    assert not rules.is_frame(Stretch.of(span))


def test_the_words_that_introduce_a_quote_are_a_frame() -> None:
    span = parsed(
        "Speaking ahead , the minister said :",
        "VBG RB , DT NN VBD :",
        "VERB ADV PUNCT DET NOUN VERB PUNCT",
        "advcl advmod punct det nsubj ROOT punct",
        [5, 0, 5, 4, 5, 5, 5],
        "speak ahead , the minister say :",
    )
    assert rules.is_frame(Stretch.of(span))
    assert not rules.has_attribution(Stretch.of(span))
    assert "frame" in rules.against_of(span)


def test_questions_opinions_and_fragments_are_signs_against() -> None:
    question = parsed(
        "Why is it on the ballot ?",
        "WRB VBZ PRP IN DT NN .",
        "ADV AUX PRON ADP DET NOUN PUNCT",
        "advmod ROOT nsubj prep det pobj punct",
        [1, 1, 1, 1, 5, 3, 1],
    )
    assert rules.against_of(question)[0] == "question"
    opinion = parsed(
        "We should provide gear .",
        "PRP MD VB NN .",
        "PRON AUX VERB NOUN PUNCT",
        "nsubj aux ROOT dobj punct",
        [2, 2, 2, 2, 2],
    )
    assert rules.is_opinion(Stretch.of(opinion))
    fragment = parsed(
        "The wrong guy .", "DT JJ NN .", "DET ADJ NOUN PUNCT", "det amod ROOT punct", [2, 2, 2, 2]
    )
    assert rules.is_fragment(Stretch.of(fragment))


def test_the_frame_before_a_colon_is_judged_apart_from_the_quote() -> None:
    words = "The minister said : “ Cases have risen by half . ”".split()
    doc = Doc(
        VOCAB,
        words=words,
        tags="DT NN VBD : `` NNS VBP VBN IN NN . ''".split(),
        pos="DET NOUN VERB PUNCT PUNCT NOUN AUX VERB ADP NOUN PUNCT PUNCT".split(),
        deps="det nsubj ROOT punct punct nsubj aux ccomp prep pobj punct punct".split(),
        heads=[1, 2, 2, 2, 7, 7, 7, 2, 7, 8, 2, 2],
        lemmas="the minister say : “ case have rise by half . ”".split(),
        sent_starts=[True] + [False] * (len(words) - 1),
    )
    units = [u.text for u in claim_units(ParsedDoc.of(doc))]
    assert units == ["The minister said :", "Cases have risen by half . ”"]


# --- the tokens read once ------------------------------------------------------------


def test_the_parsed_doc_reads_what_the_tokens_say() -> None:
    doc = statistic_sentence().doc
    parsed = ParsedDoc.of(doc)
    for token in doc:
        i = token.i
        assert (parsed.lower[i], parsed.lemma[i], parsed.tag[i]) == (
            token.lower_,
            token.lemma_,
            token.tag_,
        )
        assert (parsed.pos[i], parsed.dep[i], parsed.ent_type[i]) == (
            token.pos_,
            token.dep_,
            token.ent_type_,
        )
        assert parsed.head[i] == token.head.i
        assert parsed.children[i] == [c.i for c in token.children]


def test_a_stretch_has_the_entities_span_ents_finds() -> None:
    doc = statistic_sentence().doc
    parsed = ParsedDoc.of(doc)
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            span = doc[start:end]
            assert Stretch.within(parsed, span).entity_labels == {e.label_ for e in span.ents}


# --- the model file -----------------------------------------------------------------


def test_the_model_ships_and_round_trips(tmp_path: Path) -> None:
    path = claims_model_path()
    assert path.is_file()
    assert path.stat().st_size < 3 * 1024 * 1024
    model = load_shipped_model()
    assert model.sparse.shape == model.idf.shape == (1 << model.bits,)
    assert model.dense.shape == model.dense_mean.shape == model.dense_std.shape
    assert 0 < model.threshold < 1
    copy = tmp_path / "claims.npz"
    model.save(copy)
    again = ClaimModel.load(copy)
    assert np.array_equal(again.sparse, model.sparse)
    assert again.threshold == model.threshold
    score = model.score(statistic_sentence())
    assert 0.0 <= score <= 1.0


def test_the_finder_writes_scored_claims_with_reasons() -> None:
    doc = statistic_sentence().doc
    finder = ClaimFinder(English(), threshold=0.0)
    [claim] = finder(doc).spans[CLAIMS_KEY]
    assert claim.text == "Cases had risen by 50% in the past year."
    assert 0.0 <= claim._.claim_score <= 1.0
    assert claim._.claim_reasons[:2] == ("statistic", "comparison")


def test_a_question_is_never_a_claim() -> None:
    doc = parsed(
        "Why is it on the ballot ?",
        "WRB VBZ PRP IN DT NN .",
        "ADV AUX PRON ADP DET NOUN PUNCT",
        "advmod ROOT nsubj prep det pobj punct",
        [1, 1, 1, 1, 5, 3, 1],
    ).doc
    assert list(ClaimFinder(English(), threshold=0.0)(doc).spans[CLAIMS_KEY]) == []


# --- the real pipeline on the shared article ----------------------------------------


Found = list[tuple[str, float, tuple[str, ...]]]


@pytest.fixture
def article_claims(shared_article: Path, annotator: Annotator) -> Found:
    """(text, score, reasons) of each claim in the shared article, paragraph by paragraph
    as the annotator runs the pipeline."""
    article = load_article(shared_article)
    nlp = annotator.nlp
    finder = ClaimFinder(nlp)
    paragraphs = (article.text[p.start : p.end] for p in article.paragraphs)
    claims = []
    for doc in nlp.pipe(paragraphs):
        spans = doc.spans[CLAIMS_KEY] if CLAIMS_KEY in doc.spans else finder(doc).spans[CLAIMS_KEY]
        claims.extend((s.text, s._.claim_score, s._.claim_reasons) for s in spans)
    return claims


@pytest.mark.corpus
def test_the_rise_in_cases_is_a_statistic(
    article_claims: Found,
) -> None:
    [claim] = [c for c in article_claims if "cases had risen by 50% in the past year" in c[0]]
    assert {"statistic", "comparison"} <= set(claim[2])


@pytest.mark.corpus
def test_the_system_not_working_is_an_attributed_claim(
    article_claims: Found,
) -> None:
    found = [c for c in article_claims if "system" in c[0] and "not working" in c[0]]
    assert found
    assert all("attributed" in c[2] for c in found)


@pytest.mark.corpus
def test_the_words_before_the_prime_ministers_quote_are_not_a_claim(
    article_claims: Found,
) -> None:
    frame = "Speaking ahead of his trip, the Prime Minister said:"
    assert not [c for c in article_claims if "Speaking ahead" in c[0] or frame in c[0]]
