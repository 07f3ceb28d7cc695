"""What the article says a name is, read from the parse (reader.nlp.appositions).

Small parsed Docs built by hand run in milliseconds; one test runs the real
pipeline through ``Annotator.annotate`` and the contract's ``definitions``.
"""

from __future__ import annotations

from spacy.lang.en import English
from spacy.tokens import Doc

from reader.annotations import to_contract
from reader.article import Article
from reader.nlp.annotate import Annotator
from reader.nlp.appositions import definitions_from_doc

# (word, part of speech, index of the head, dependency, entity tag)
Token = tuple[str, str, int, str, str]
# English's lexical attributes (punctuation, title case, numbers), no model.
VOCAB = English().vocab


def parsed(tokens: list[Token]) -> Doc:
    words = [t[0] for t in tokens]
    spaces = [i + 1 < len(words) and words[i + 1] not in {",", "."} for i in range(len(words))]
    return Doc(
        VOCAB,
        words=words,
        spaces=spaces,
        pos=[t[1] for t in tokens],
        heads=[t[2] for t in tokens],
        deps=[t[3] for t in tokens],
        ents=[t[4] for t in tokens],
    )


def found(doc: Doc, offset: int = 0) -> list[tuple[str, str, str, str]]:
    text = " " * offset + doc.text
    return [
        (d.kind, d.term, d.definition, text[d.start : d.end])
        for d in definitions_from_doc(doc, offset)
    ]


def test_a_name_then_the_phrase_that_says_what_it_is() -> None:
    doc = parsed(
        [
            ("Rishi", "PROPN", 1, "compound", "B-PERSON"),
            ("Sunak", "PROPN", 8, "nsubj", "I-PERSON"),
            (",", "PUNCT", 1, "punct", "O"),
            ("the", "DET", 5, "det", "O"),
            ("Prime", "PROPN", 5, "compound", "O"),
            ("Minister", "PROPN", 1, "appos", "O"),
            (",", "PUNCT", 1, "punct", "O"),
            ("will", "AUX", 8, "aux", "O"),
            ("attend", "VERB", 8, "ROOT", "O"),
            (".", "PUNCT", 8, "punct", "O"),
        ]
    )
    assert found(doc, offset=7) == [
        ("apposition", "Rishi Sunak", "the Prime Minister", "Rishi Sunak, the Prime Minister")
    ]
    (definition,) = definitions_from_doc(doc, 7)
    assert (definition.term_start, definition.term_end) == (7, 18)
    assert (definition.definition_start, definition.definition_end) == (20, 38)


def test_the_phrase_first_then_the_name() -> None:
    doc = parsed(
        [
            ("The", "DET", 2, "det", "O"),
            ("Prime", "PROPN", 2, "compound", "O"),
            ("Minister", "PROPN", 7, "nsubj", "O"),
            (",", "PUNCT", 2, "punct", "O"),
            ("Rishi", "PROPN", 5, "compound", "B-PERSON"),
            ("Sunak", "PROPN", 2, "appos", "I-PERSON"),
            (",", "PUNCT", 2, "punct", "O"),
            ("said", "VERB", 7, "ROOT", "O"),
            (".", "PUNCT", 7, "punct", "O"),
        ]
    )
    # A capital "The" opening the sentence is not part of the definition's meaning.
    assert found(doc) == [
        ("apposition", "Rishi Sunak", "the Prime Minister", "The Prime Minister, Rishi Sunak")
    ]


def test_a_place_and_a_common_noun_phrase() -> None:
    doc = parsed(
        [
            ("in", "ADP", 1, "prep", "O"),
            ("Reykjavik", "PROPN", 0, "pobj", "B-GPE"),
            (",", "PUNCT", 1, "punct", "O"),
            ("the", "DET", 5, "det", "O"),
            ("Icelandic", "ADJ", 5, "amod", "B-NORP"),
            ("capital", "NOUN", 1, "appos", "O"),
            (".", "PUNCT", 0, "punct", "O"),
        ]
    )
    assert found(doc) == [
        ("apposition", "Reykjavik", "the Icelandic capital", "Reykjavik, the Icelandic capital")
    ]


def test_two_names_side_by_side_or_an_age_define_nothing() -> None:
    places = parsed(
        [
            ("Paris", "PROPN", 4, "nsubj", "B-GPE"),
            (",", "PUNCT", 0, "punct", "O"),
            ("France", "PROPN", 0, "appos", "B-GPE"),
            (",", "PUNCT", 0, "punct", "O"),
            ("is", "AUX", 4, "ROOT", "O"),
            ("big", "ADJ", 4, "acomp", "O"),
        ]
    )
    age = parsed(
        [
            ("Mr", "PROPN", 1, "compound", "O"),
            ("Sunak", "PROPN", 5, "nsubj", "B-PERSON"),
            (",", "PUNCT", 1, "punct", "O"),
            ("43", "NUM", 1, "appos", "B-CARDINAL"),
            (",", "PUNCT", 1, "punct", "O"),
            ("said", "VERB", 5, "ROOT", "O"),
        ]
    )
    assert found(places) == [] and found(age) == []


def test_a_title_written_before_a_name() -> None:
    doc = parsed(
        [
            ("Home", "PROPN", 1, "compound", "O"),
            ("Secretary", "PROPN", 3, "compound", "O"),
            ("Suella", "PROPN", 3, "compound", "B-PERSON"),
            ("Braverman", "PROPN", 4, "nsubj", "I-PERSON"),
            ("said", "VERB", 4, "ROOT", "O"),
            (".", "PUNCT", 4, "punct", "O"),
        ]
    )
    assert found(doc) == [
        ("role", "Suella Braverman", "Home Secretary", "Home Secretary Suella Braverman")
    ]


def test_an_honorific_is_not_a_title() -> None:
    doc = parsed(
        [
            ("Mr", "PROPN", 2, "compound", "O"),
            ("Rishi", "PROPN", 2, "compound", "B-PERSON"),
            ("Sunak", "PROPN", 3, "nsubj", "I-PERSON"),
            ("said", "VERB", 3, "ROOT", "O"),
        ]
    )
    assert found(doc) == []


def test_annotate_lists_what_the_article_defines(annotator: Annotator) -> None:
    article = Article.from_blocks(
        [
            (
                "Rishi Sunak, the Prime Minister, flew to Reykjavik, the Icelandic capital, "
                "for talks with the European Court of Human Rights (ECHR).",
                "paragraph",
            ),
            ("Home Secretary Suella Braverman stayed in London.", "paragraph"),
        ]
    )
    result = to_contract(article, annotator.annotate(article))
    assert [(d["kind"], d["term"], d["definition"]) for d in result["definitions"]] == [
        ("apposition", "Rishi Sunak", "the Prime Minister"),
        ("apposition", "Reykjavik", "the Icelandic capital"),
        ("acronym", "ECHR", "European Court of Human Rights"),
        ("role", "Suella Braverman", "Home Secretary"),
    ]
    for definition in result["definitions"]:
        spans = definition["spans"]
        assert article.text[spans["term"]["start"] : spans["term"]["end"]] == definition["term"]
        assert definition["source"] == "article"
