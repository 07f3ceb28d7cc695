"""Quotes and their speakers: quotation marks as journalists use them.

The mark scanning and the speaker finder are tested on text and on Docs built by
hand (milliseconds); the article-level behaviour (quotes over several paragraphs,
the previous speaker, resolving speakers to entities) runs the real pipeline on a
few short texts.
"""

from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from reader.annotations import Annotations, Quote
from reader.article import Article
from reader.nlp.annotate import Annotator
from reader.nlp.components import register_components
from reader.nlp.quotes import QuotedStretch, QuoteFinder, find_quoted_stretches
from reader.nlp.speakers import SpeakerFinder

# --- quotation marks, on text -----------------------------------------------------


def quoted(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quoted_stretches(text)]


def test_curly_and_straight_double_marks() -> None:
    assert quoted("He called it “a disgrace” and left.") == ["a disgrace"]
    assert quoted('He called it "a disgrace" and left.') == ["a disgrace"]
    assert quoted("«Non», a-t-il dit.") == ["Non"]


def test_single_marks_inside_double_ones_stay_in_the_quote() -> None:
    text = "“She told me ‘never again’ and meant it,” he said. \"It's 'over',\" she said."
    assert quoted(text) == ["She told me ‘never again’ and meant it,", "It's 'over',"]


def test_an_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "He said “this never closes. Nor does this."
    [stretch] = find_quoted_stretches(text)
    assert stretch.closed is False
    assert stretch.opens_paragraph is False
    assert text[stretch.start : stretch.end] == "this never closes. Nor does this."


def test_a_second_opening_mark_gives_up_on_the_first() -> None:
    text = "The “first was never closed. Then she said “this one is,” and went."
    assert quoted(text) == ["this one is,"]


def test_a_stray_closing_mark_is_left_alone() -> None:
    assert quoted('He is 6\'2" tall and said "hello" twice.') == ["hello"]
    assert quoted("A stray” mark, then “a quote”.") == ["a quote"]


def test_a_paragraph_that_opens_with_a_mark_and_does_not_close() -> None:
    text = "“We need to do more to cooperate across borders."
    assert find_quoted_stretches(text) == [QuotedStretch(1, len(text), False, True)]


# --- the components on Docs built by hand ----------------------------------------

# An English vocabulary, for the lexical attributes (lower case, punctuation).
VOCAB = English().vocab


def parsed(
    words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]
) -> Doc:
    register_components()
    spaces = [
        not (i + 1 < len(words) and words[i + 1] in {",", ".", ":", "”"}) and w not in {"“"}
        for i, w in enumerate(words)
    ]
    doc = Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
    )
    nlp = None
    doc = QuoteFinder(nlp, "quotes")(doc)  # type: ignore[arg-type]
    return SpeakerFinder(nlp, "speakers")(doc)  # type: ignore[arg-type]


def test_a_quote_split_by_its_attribution_has_the_speaker_on_both_sides() -> None:
    # “We need to act,” she said, “and now.”
    doc = parsed(
        words=["“", "We", "need", "to", "act", ",", "”", "she", "said", ",", "“", "and", "now",
               ".", "”"],
        heads=[8, 2, 8, 4, 2, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8],
        deps=["punct", "nsubj", "ccomp", "aux", "xcomp", "punct", "punct", "nsubj", "ROOT",
              "punct", "punct", "cc", "advmod", "punct", "punct"],
        pos=["PUNCT", "PRON", "VERB", "PART", "VERB", "PUNCT", "PUNCT", "PRON", "VERB",
             "PUNCT", "PUNCT", "CCONJ", "ADV", "PUNCT", "PUNCT"],
        lemmas=["“", "we", "need", "to", "act", ",", "”", "she", "say", ",", "“", "and", "now",
                ".", "”"],
    )  # fmt: skip
    quotes = list(doc.spans["quotes"])
    assert [q.text for q in quotes] == ["We need to act,", "and now."]
    for quote in quotes:
        assert quote._.speaker.text == "she"
        assert quote._.cue.text == "said"
    assert [s.text for s in doc.spans["speakers"]] == ["she"]


def test_a_colon_introduction_names_the_speaker() -> None:
    # the Prime Minister said: “Act now.”
    doc = parsed(
        words=["the", "Prime", "Minister", "said", ":", "“", "Act", "now", ".", "”"],
        heads=[2, 2, 3, 3, 3, 3, 3, 6, 3, 3],
        deps=["det", "compound", "nsubj", "ROOT", "punct", "punct", "parataxis", "advmod",
              "punct", "punct"],
        pos=["DET", "PROPN", "PROPN", "VERB", "PUNCT", "PUNCT", "VERB", "ADV", "PUNCT", "PUNCT"],
        lemmas=["the", "Prime", "Minister", "say", ":", "“", "act", "now", ".", "”"],
    )  # fmt: skip
    [quote] = doc.spans["quotes"]
    assert quote._.speaker.text == "the Prime Minister"
    assert quote._.attribution == "parse"


def test_according_to_names_the_speaker() -> None:
    # According to Smith, the plan was “dead”.
    doc = parsed(
        words=["According", "to", "Smith", ",", "the", "plan", "was", "“", "dead", "”", "."],
        heads=[6, 0, 1, 6, 5, 6, 6, 8, 6, 8, 6],
        deps=["prep", "prep", "pobj", "punct", "det", "nsubj", "ROOT", "punct", "acomp", "punct",
              "punct"],
        pos=["VERB", "ADP", "PROPN", "PUNCT", "DET", "NOUN", "AUX", "PUNCT", "ADJ", "PUNCT",
             "PUNCT"],
        lemmas=["accord", "to", "Smith", ",", "the", "plan", "be", "“", "dead", "”", "."],
    )  # fmt: skip
    [quote] = doc.spans["quotes"]
    assert quote._.speaker.text == "Smith"
    assert quote._.cue.text == "According to"


# --- whole articles through the real pipeline ------------------------------------


def annotate(annotator: Annotator, *paragraphs: str) -> tuple[Article, Annotations]:
    article = Article.from_blocks([(p, "paragraph") for p in paragraphs])
    return article, annotator.annotate(article)


def entity_id(annotations: Annotations, name: str) -> str:
    return next(e.id for e in annotations.entities if e.name == name)


def quote_with(annotations: Annotations, words: str) -> Quote:
    return next(q for q in annotations.quotes if words in q.text)


def test_a_quote_over_three_paragraphs_is_one_quote_in_three_parts(annotator: Annotator) -> None:
    article, annotations = annotate(
        annotator,
        "Angela Merkel spoke in Berlin on Monday.",
        "Merkel said: “The first paragraph of what she said.",
        "“The second paragraph of it.",
        "“And the last one, which closes.”",
        "The meeting ended at noon.",
    )
    [quote] = annotations.quotes
    assert len(quote.parts) == 3
    assert [article.text[s:e] for s, e in quote.parts] == [
        "The first paragraph of what she said.",
        "The second paragraph of it.",
        "And the last one, which closes.",
    ]
    assert quote.speaker is not None
    assert quote.speaker.entity == entity_id(annotations, "Angela Merkel")
    assert quote.to_json()["parts"] == [{"start": s, "end": e} for s, e in quote.parts]


def test_an_unbalanced_mark_does_not_swallow_the_rest_of_the_article(
    annotator: Annotator,
) -> None:
    article, annotations = annotate(
        annotator,
        "The mayor said the “plan was finished and never came back.",
        "Critics disagreed with her.",
        "“It is a disaster,” said John Smith.",
    )
    first, second = annotations.quotes
    assert first.end <= article.paragraphs[0].end
    assert len(first.parts) == 1
    assert second.text == "It is a disaster,"
    assert second.speaker is not None and second.speaker.text == "John Smith"


def test_split_quote_pronoun_resolves_to_the_nearest_person(annotator: Annotator) -> None:
    _, annotations = annotate(
        annotator,
        "Jacinda Ardern arrived in Wellington on Tuesday.",
        "“We need to act,” she said, “and now.”",
    )
    ardern = entity_id(annotations, "Jacinda Ardern")
    first, second = annotations.quotes
    for quote in (first, second):
        assert quote.kind == "direct"
        assert quote.speaker is not None
        assert quote.speaker.text == "she"
        assert quote.speaker.entity == ardern


def test_a_quote_paragraph_without_attribution_takes_the_previous_speaker(
    annotator: Annotator,
) -> None:
    _, annotations = annotate(
        annotator,
        "“The budget is balanced,” said Senator Maria Lopez on Friday.",
        "“We will not raise taxes this year.”",
    )
    first, second = annotations.quotes
    assert first.speaker is not None and second.speaker == first.speaker
    assert second.attribution == "previous"
    assert first.speaker.entity == entity_id(annotations, "Maria Lopez")


def test_a_colon_in_the_paragraph_before(annotator: Annotator) -> None:
    _, annotations = annotate(
        annotator,
        "Speaking in Rome, the foreign minister, Paolo Bianchi, said:",
        "“We are ready to talk to anyone.”",
    )
    [quote] = annotations.quotes
    assert quote.speaker is not None
    assert quote.speaker.entity == entity_id(annotations, "Paolo Bianchi")


def test_a_role_resolves_to_the_person_named_with_it(annotator: Annotator) -> None:
    _, annotations = annotate(
        annotator,
        "Prime Minister Jane Harker met Tom Ellis, the party chairman, in Leeds.",
        "“This is a good day,” the Prime Minister said.",
        "“We agree,” the chairman said.",
    )
    harker, ellis = annotations.quotes
    assert harker.speaker is not None and harker.speaker.text == "the Prime Minister"
    assert harker.speaker.entity == entity_id(annotations, "Jane Harker")
    assert ellis.speaker is not None and ellis.speaker.entity == entity_id(annotations, "Tom Ellis")


def test_an_unnamed_speaker_keeps_its_words_and_no_entity(annotator: Annotator) -> None:
    _, annotations = annotate(
        annotator,
        "Boris Petrov and Anna Petrova visited the port of Odesa.",
        "A government official said the visit was “long overdue”.",
    )
    [quote] = annotations.quotes
    assert quote.speaker is not None
    assert quote.speaker.text == "A government official"
    assert quote.speaker.entity is None


def test_scare_quotes_and_titles_name_no_speaker(annotator: Annotator) -> None:
    _, annotations = annotate(
        annotator,
        "The so-called “experts” were nowhere to be seen at the harbour.",
        "She has written a book titled “The Long Road Home” about it.",
    )
    scare, title = annotations.quotes
    assert (scare.kind, scare.speaker) == ("scare", None)
    assert (title.kind, title.speaker) == ("title", None)


def test_never_invent_a_speaker(annotator: Annotator) -> None:
    _, annotations = annotate(
        annotator,
        "The storm closed the port of Dover for three days last week.",
        "“Nobody saw this coming. The sea wall simply gave way.”",
    )
    [quote] = annotations.quotes
    assert quote.kind == "direct"
    assert quote.speaker is None
    assert quote.to_json()["speaker"] is None


@pytest.mark.parametrize("straight", [False, True])
def test_quote_json_follows_the_contract(annotator: Annotator, straight: bool) -> None:
    text = "“It works,” said Ada Lovelace."
    if straight:
        text = text.replace("“", '"').replace("”", '"')
    article, annotations = annotate(annotator, text)
    [quote] = annotations.quotes
    data = quote.to_json()
    assert {"start", "end", "text", "kind", "speaker", "cue"} <= set(data)
    assert data["text"] == article.text[data["start"] : data["end"]] == "It works,"
    speaker = data["speaker"]
    assert speaker["text"] == article.text[speaker["start"] : speaker["end"]] == "Ada Lovelace"
    assert speaker["entity"] == entity_id(annotations, "Ada Lovelace")
    assert data["cue"]["text"] == "said"
