"""Entity grouping on small hand-built Docs: no model needed, milliseconds each."""

from spacy.tokens import Doc
from spacy.vocab import Vocab

from reader.nlp.entities import RawSpan, group_entities, spans_from_doc


def make_doc(words: list[str], ents: list[str]) -> Doc:
    """A Doc with single spaces between words and BILUO-free IOB entity tags."""
    return Doc(Vocab(), words=words, ents=ents)


def spans_in(text: str, *found: tuple[str, str]) -> list[RawSpan]:
    """RawSpans for each (text, label), at every place the text occurs."""
    spans = []
    for name, label in found:
        start = text.find(name)
        while start != -1:
            spans.append(RawSpan(start, start + len(name), label, name))
            start = text.find(name, start + 1)
    return spans


def test_a_leading_the_is_dropped_and_an_honorific_taken_in() -> None:
    doc = make_doc(
        ["Mr", "Sunak", "met", "the", "Council", "of", "Europe"],
        ["O", "B-PERSON", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"],
    )
    assert [(s.text, s.label) for s in spans_from_doc(doc, offset=10)] == [
        ("Mr Sunak", "PERSON"),
        ("Council of Europe", "ORG"),
    ]
    assert spans_from_doc(doc, offset=10)[0].start == 10


def test_surname_and_honorific_join_the_full_name_and_missed_mentions_are_found() -> None:
    text = "Rishi Sunak spoke. Mr Sunak left. Later Sunak’s plan failed."
    entities = group_entities(
        text,
        spans_in(text, ("Rishi Sunak", "PERSON"), ("Mr Sunak", "PERSON")),
        [(0, 18), (19, 33), (34, len(text))],
    )
    assert len(entities) == 1
    sunak = entities[0]
    assert (sunak.id, sunak.label, sunak.name) == ("e1", "PERSON", "Rishi Sunak")
    assert [m.text for m in sunak.mentions] == ["Rishi Sunak", "Mr Sunak", "Sunak"]
    assert (sunak.mentions[2].sentence_start, sunak.mentions[2].sentence_end) == (34, len(text))


def test_a_surname_two_people_share_is_not_given_to_either() -> None:
    text = "Ed Miliband and David Miliband met. Miliband spoke."
    entities = group_entities(
        text,
        spans_in(text, ("Ed Miliband", "PERSON"), ("David Miliband", "PERSON")),
        [(0, len(text))],
    )
    assert sorted(e.name for e in entities) == ["David Miliband", "Ed Miliband"]
    assert all(len(e.mentions) == 1 for e in entities)


def test_an_acronym_joins_the_name_it_abbreviates() -> None:
    text = "The European Court of Human Rights (ECHR) ruled. The ECHR is in Strasbourg."
    entities = group_entities(
        text,
        spans_in(
            text, ("European Court of Human Rights", "ORG"), ("ECHR", "ORG"), ("Strasbourg", "GPE")
        ),
        [(0, len(text))],
    )
    court = entities[0]
    assert court.name == "European Court of Human Rights"
    assert [m.text for m in court.mentions] == ["European Court of Human Rights", "ECHR", "ECHR"]
    assert [e.name for e in entities[1:]] == ["Strasbourg"]


def test_the_same_name_under_two_labels_is_one_entity_with_the_commoner_label() -> None:
    text = "Rwanda agreed. Rwanda signed. Rwanda paid."
    spans = spans_in(text, ("Rwanda", "GPE"))
    spans[1] = RawSpan(spans[1].start, spans[1].end, "ORG", "Rwanda")
    (rwanda,) = group_entities(text, spans, [(0, len(text))])
    assert rwanda.label == "GPE"
    assert len(rwanda.mentions) == 3


def test_numbers_and_dates_are_grouped_by_value_and_not_searched_again() -> None:
    text = "Cases rose 50% last year; another 50% rise is due. 50 more."
    entities = group_entities(
        text, spans_in(text, ("50%", "PERCENT"), ("last year", "DATE")), [(0, len(text))]
    )
    assert [(e.name, len(e.mentions)) for e in entities] == [("50%", 2), ("last year", 1)]


def test_the_small_models_commonest_label_mistakes_are_mended() -> None:
    text = "Dr Raman said the SAFP agreed, at the café, with Priya Raman."
    entities = group_entities(
        text,
        spans_in(
            text,
            ("Dr Raman", "ORG"),
            ("SAFP", "PERSON"),
            ("café", "PERSON"),
            ("Priya Raman", "PERSON"),
        ),
        [(0, len(text))],
    )
    assert [(e.name, e.label, len(e.mentions)) for e in entities] == [
        ("Priya Raman", "PERSON", 2),
        ("SAFP", "ORG", 1),
    ]


def test_an_acronym_defined_in_brackets_brings_its_long_form_the_model_missed() -> None:
    text = "The Severn and Avon Flood Partnership (SAFP) met. The SAFP agreed."
    (partnership,) = group_entities(text, spans_in(text, ("SAFP", "ORG")), [(0, len(text))])
    assert partnership.name == "Severn and Avon Flood Partnership"
    assert [m.text for m in partnership.mentions] == [
        "Severn and Avon Flood Partnership",
        "SAFP",
        "SAFP",
    ]
