from reader.normalise import normalise_inline, split_paragraphs


def test_unusual_spaces_and_invisible_characters_become_plain() -> None:
    assert (
        normalise_inline("Rishi\u00a0Sunak\u200b is  set\u202fto\u00adday")
        == "Rishi Sunak is set today"
    )


def test_line_endings_of_every_platform_separate_paragraphs() -> None:
    assert split_paragraphs("One.\r\n\r\nTwo.\r\rThree.\n \nFour.") == [
        "One.",
        "Two.",
        "Three.",
        "Four.",
    ]


def test_hard_wrapped_lines_join_into_one_paragraph() -> None:
    text = "A line wrapped by hand at a short\nwidth continues here\nand ends.\n\nNext."
    assert split_paragraphs(text) == [
        "A line wrapped by hand at a short width continues here and ends.",
        "Next.",
    ]


def test_long_lines_copied_from_a_web_page_are_paragraphs_of_their_own() -> None:
    first = "The first paragraph of a web page is a long line that nobody wrapped by hand. " * 2
    second = "The second one follows on the next line, without a blank line between them."
    assert split_paragraphs(f"{first}\n{second}") == [first.strip(), second]


def test_nfc_composes_accents_so_offsets_count_what_the_reader_sees() -> None:
    assert normalise_inline("Reykjavi\u0301k") == "Reykjavík"
