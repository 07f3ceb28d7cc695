from reader.nlp.acronyms import find_acronym_definitions


def test_long_form_before_the_bracket_is_found_skipping_function_words() -> None:
    text = "He will hold talks with the European Court of Human Rights (ECHR) on Rule 39."
    (definition,) = find_acronym_definitions(text)
    assert (definition.short, definition.long) == ("ECHR", "European Court of Human Rights")
    assert text[definition.long_start : definition.long_end] == definition.long


def test_brackets_that_do_not_define_an_acronym_are_ignored() -> None:
    text = "A report (WHO) said. Mr Smith (MP) spoke; the fee (GBP) rose. Some words (SW) here."
    assert find_acronym_definitions(text) == []
