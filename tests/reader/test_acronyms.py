"""Abbreviations defined in brackets: the Schwartz–Hearst finder, on cases written here."""

from reader.nlp.acronyms import (
    acronym_definitions,
    align,
    find_abbreviations,
    find_acronym_definitions,
)


def test_long_form_before_the_bracket_is_found_skipping_function_words() -> None:
    text = "He will hold talks with the European Court of Human Rights (ECHR) on Rule 39."
    (definition,) = find_acronym_definitions(text)
    assert (definition.short, definition.long) == ("ECHR", "European Court of Human Rights")
    assert text[definition.long_start : definition.long_end] == definition.long


def test_brackets_that_do_not_define_an_acronym_are_ignored() -> None:
    text = "A report (WHO) said. Mr Smith (MP) spoke; the fee (GBP) rose. Some words (SW) here."
    assert find_acronym_definitions(text) == []


# -- the full Schwartz–Hearst finder (reader.nlp.acronyms.find_abbreviations) ------------


def pairs(text: str) -> list[tuple[str, str]]:
    return [(d.short, d.long) for d in find_abbreviations(text)]


def test_the_long_form_may_follow_the_short_form_in_brackets() -> None:
    text = "Mr Sunak will meet the ECHR (European Court of Human Rights) in May."
    (found,) = find_abbreviations(text)
    assert (found.short, found.long, found.reverse) == (
        "ECHR",
        "European Court of Human Rights",
        True,
    )
    assert text[found.short_start : found.short_end] == "ECHR"
    assert text[found.long_start : found.long_end] == "European Court of Human Rights"
    assert text[found.start : found.end] == "ECHR (European Court of Human Rights)"


def test_both_orders_give_the_same_pair() -> None:
    before = "The North Atlantic Treaty Organization (Nato) met."
    after = "Nato (North Atlantic Treaty Organization) met."
    assert pairs(before) == pairs(after) == [("Nato", "North Atlantic Treaty Organization")]


def test_lower_case_letters_in_the_short_form_are_matched_too() -> None:
    text = (
        "The Ministry of Defence (MoD) and the Department for Education (DfE) wrote to "
        "the Office for Standards in Education (Ofsted) about messenger RNA (mRNA)."
    )
    assert pairs(text) == [
        ("MoD", "Ministry of Defence"),
        ("DfE", "Department for Education"),
        ("Ofsted", "Office for Standards in Education"),
        ("mRNA", "messenger RNA"),
    ]


def test_hyphenated_words_and_words_giving_several_letters() -> None:
    text = (
        "The Organisation for Economic Co-operation and Development (OECD) and "
        "HM Revenue and Customs (HMRC) agreed; patients with post-traumatic stress "
        "disorder (PTSD) were seen."
    )
    assert pairs(text) == [
        ("OECD", "Organisation for Economic Co-operation and Development"),
        ("HMRC", "HM Revenue and Customs"),
        ("PTSD", "post-traumatic stress disorder"),
    ]


def test_brackets_that_are_not_definitions() -> None:
    text = (
        "Rishi Sunak (pictured) spoke. Mr Sunak (left) and Ms Ørsted (right) met. "
        "He will hold talks on Rule 39 (Image: PA). Mr Sunak speaking in Parliament (PA). "
        "A press conference on Monday (AFP). The figures (2023) rose (by 50%). "
        "(ECHR) stood alone."
    )
    assert find_abbreviations(text) == []


def test_a_credit_is_an_abbreviation_only_when_each_letter_starts_a_word() -> None:
    assert pairs("The Press Association (PA) reported it.") == [("PA", "Press Association")]
    assert pairs("Photographed in a public area (PA).") == []


def test_the_long_form_stays_in_its_sentence_and_paragraph() -> None:
    assert pairs("It rained in Europe.\n\nCourts of Human Rights (ECHR) met.") == []
    assert pairs("Everyone Came. Home Rights (ECHR) met.") == []


def test_long_forms_that_name_nothing_are_left_to_the_definitions() -> None:
    text = "Post-traumatic stress disorder (PTSD) and the World Health Organization (WHO)."
    assert [d.short for d in find_acronym_definitions(text)] == ["WHO"]
    assert [d.short for d in find_abbreviations(text)] == ["PTSD", "WHO"]
    text = "They treat post-traumatic stress disorder (PTSD)."
    assert find_acronym_definitions(text) == []
    assert [d.term for d in acronym_definitions(text)] == ["PTSD"]


def test_the_alignment_prefers_letters_that_start_words() -> None:
    # Right to left and nearest first, "Nato" would take "ato" from "Organization".
    long = "North Atlantic Treaty Organization"
    assert [long[i] for i in align("Nato", long) or []] == ["N", "A", "T", "O"]
    assert align("XYZ", long) is None


def test_acronym_definitions_follow_the_contract() -> None:
    text = "Talks with the European Court of Human Rights (ECHR) began."
    (definition,) = acronym_definitions(text)
    assert definition.to_json() == {
        "term": "ECHR",
        "definition": "European Court of Human Rights",
        "source": "article",
        "start": 15,
        "end": 52,
        "kind": "acronym",
        "spans": {"term": {"start": 47, "end": 51}, "definition": {"start": 15, "end": 45}},
    }
    assert text[15:52] == "European Court of Human Rights (ECHR)"
