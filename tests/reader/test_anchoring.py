"""Placing a remembered passage in a text that moved or changed (reader.anchoring)."""

from __future__ import annotations

import random

import pytest

from reader.anchoring import (
    CONTEXT,
    TextPositionSelector,
    TextQuoteSelector,
    _edit_scores,
    anchor,
    describe,
    find_quote,
)

TEXT = (
    "The council met on Tuesday. Work on a long-promised flood wall to protect "
    "Tewkesbury from the River Severn has been delayed for a third time, after the "
    "estimated cost rose to £48m. Residents said they had waited long enough.\n\n"
    "The Environment Agency said the wall would be finished by 2027, and that the "
    "town would be protected in the meantime by temporary barriers."
)
PASSAGE = "has been delayed for a third time"


def selectors(text: str, passage: str) -> tuple[TextQuoteSelector, TextPositionSelector]:
    start = text.index(passage)
    return describe(text, start, start + len(passage))


def placed(text: str, quote: TextQuoteSelector, position: TextPositionSelector) -> str | None:
    found = anchor(text, quote, position)
    return None if found is None else text[found.start : found.end]


def test_describe_keeps_the_passage_and_32_characters_either_side() -> None:
    quote, position = selectors(TEXT, PASSAGE)
    assert quote.exact == PASSAGE
    assert len(quote.prefix) == len(quote.suffix) == CONTEXT
    assert TEXT[position.start - CONTEXT : position.end + CONTEXT] == (
        quote.prefix + PASSAGE + quote.suffix
    )
    assert quote.to_json()["type"] == "TextQuoteSelector"
    assert position.to_json() == {
        "type": "TextPositionSelector",
        "start": position.start,
        "end": position.end,
    }
    with pytest.raises(ValueError, match="no passage"):
        describe(TEXT, 10, 10)


def test_the_same_text_is_placed_by_position() -> None:
    quote, position = selectors(TEXT, PASSAGE)
    assert anchor(TEXT, quote, position) == anchor(TEXT, quote, position)
    found = anchor(TEXT, quote, position)
    assert found is not None
    assert (found.start, found.end, found.method) == (position.start, position.end, "position")


def test_a_passage_that_moved_is_found_by_its_quote() -> None:
    quote, position = selectors(TEXT, PASSAGE)
    moved = "A new opening sentence was added. " + TEXT
    found = anchor(moved, quote, position)
    assert found is not None and found.method == "quote"
    assert found.start == position.start + len("A new opening sentence was added. ")


def test_a_changed_word_inside_the_passage_is_found_fuzzily() -> None:
    quote, position = selectors(TEXT, PASSAGE)
    edited = ("It was agreed. " + TEXT).replace("delayed for a third", "postponed for a third")
    found = anchor(edited, quote, position)
    assert found is not None and found.method == "fuzzy"
    assert edited[found.start : found.end] == "has been postponed for a third time"
    assert found.errors > 0


def test_a_changed_last_word_keeps_the_passage_boundaries() -> None:
    passage = "the estimated cost rose to £48m"
    quote, position = selectors(TEXT, passage)
    edited = TEXT.replace("rose to £48m", "rose to £52m")
    assert placed(edited, quote, position) == "the estimated cost rose to £52m"


def test_a_deleted_passage_cannot_be_placed() -> None:
    sentence = "Residents said they had waited long enough."
    quote, position = selectors(TEXT, sentence)
    assert anchor(TEXT.replace(sentence + "\n\n", "\n\n"), quote, position) is None
    assert anchor("", quote, position) is None
    assert anchor(TEXT, TextQuoteSelector(""), None) is None


def test_a_rewritten_passage_is_not_matched_to_other_text() -> None:
    quote, position = selectors(TEXT, "would be finished by 2027")
    rewritten = TEXT.replace("would be finished by 2027", "may never be built at all")
    assert anchor(rewritten, quote, position) is None


def test_a_repeated_passage_goes_to_the_occurrence_with_the_same_surroundings() -> None:
    text = "The wall was approved. The wall was delayed. The wall was finished."
    quote, position = selectors(text, "The wall was delayed")
    quote = TextQuoteSelector("The wall", quote.prefix, text[position.start + 8 :][:CONTEXT])
    shifted = "Before anything else, the council met. " + text
    found = anchor(shifted, quote, TextPositionSelector(0, 8))
    assert found is not None
    assert shifted[found.start :].startswith("The wall was delayed")


def test_a_long_text_is_searched_in_bounded_time() -> None:
    """100,000 words: the pieces of the passage that still occur say where to look."""
    rng = random.Random(7)
    vocabulary = TEXT.split()
    words = [rng.choice(vocabulary) for _ in range(100_000)]
    middle = len(words) // 2
    words[middle : middle + 8] = "the unmistakable passage about Tewkesbury's flood wall".split()
    text = " ".join(words)
    quote, position = selectors(text, "unmistakable passage about Tewkesbury's flood")
    edited = "An inserted sentence. " + text.replace("unmistakable", "unmistakeable")
    assert placed(edited, quote, position) == "unmistakeable passage about Tewkesbury's flood"


def test_find_quote_tolerates_typed_quotation_marks_case_and_spaces() -> None:
    text = "“We have waited long enough,” said the residents’ group."
    group = text.index("residents’ group")
    assert find_quote(text, "residents’ group") == [(group, group + 16)]
    start, end = find_quote(text, '"we have  waited')[0]
    assert text[start:end] == "“We have waited"
    assert find_quote(text, "residents' GROUP") == [(group, group + 16)]
    assert find_quote(text, "not there") == []
    assert find_quote("a b a b", "a b") == [(0, 3), (4, 7)]


def _edit_distance_table(pattern: str, text: str, *, free_start: bool) -> list[int]:
    column = list(range(len(pattern) + 1))
    scores = []
    for j, char in enumerate(text):
        new = [0 if free_start else j + 1]
        for i in range(1, len(pattern) + 1):
            new.append(min(column[i] + 1, new[i - 1] + 1, column[i - 1] + (pattern[i - 1] != char)))
        column = new
        scores.append(column[-1])
    return scores


def test_the_bit_parallel_edit_distance_agrees_with_the_textbook_table() -> None:
    rng = random.Random(1)
    for _ in range(500):
        pattern = "".join(rng.choice("abc") for _ in range(rng.randint(1, 80)))
        text = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 30)))
        for free_start in (True, False):
            assert _edit_scores(pattern, text, free_start=free_start) == _edit_distance_table(
                pattern, text, free_start=free_start
            )
