"""Finding the stretches of a paragraph that stand in quotation marks.

Quotation marks as journalists use them:

- curly (“…”) and straight ("…") double marks, and the guillemets («…»);
- single marks (‘…’, '…') only inside double ones, where they are part of the
  quote (a quote within a quote) and need no pairing of their own;
- a quote that runs over several paragraphs opens each continued paragraph with a
  mark and closes only in the last one: here each paragraph's piece is found on its
  own, as a stretch that is not closed (``closed``) and one that opens its
  paragraph (``opens_paragraph``); the article-level pass in
  ``reader.nlp.attribution`` links them;
- an unbalanced mark ends, at the latest, with its paragraph, so it never
  swallows the rest of the article; a second opening mark before a close gives up
  on the first one.

``QuoteFinder`` is the spaCy component that writes the stretches to
``doc.spans["quotes"]``; the scanning is a plain function so that it can be used
and tested on text alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

QUOTES_KEY = "quotes"
OPENING_MARKS = frozenset("“«")
CLOSING_MARKS = frozenset("”»")
STRAIGHT_MARK = '"'
ALL_DOUBLE_MARKS = OPENING_MARKS | CLOSING_MARKS | {STRAIGHT_MARK}
# Characters after which a straight mark opens a quote rather than closing one.
_BEFORE_OPENING = frozenset(" \t\n([{—–-/:")


@dataclass(frozen=True)
class QuotedStretch:
    """The text between a quote's marks, as offsets into the scanned string."""

    start: int
    end: int
    # False when no closing mark came before the end of the paragraph.
    closed: bool
    # True when the opening mark is the paragraph's first character.
    opens_paragraph: bool


def find_quoted_stretches(text: str) -> list[QuotedStretch]:
    """The quoted stretches of one paragraph, in order, marks left out."""
    stretches: list[QuotedStretch] = []
    opened = -1  # index of the open mark, or -1
    first = len(text) - len(text.lstrip())
    for index, char in enumerate(text):
        if char not in ALL_DOUBLE_MARKS:
            continue
        if char == STRAIGHT_MARK:
            opening = _straight_mark_opens(text, index, is_open=opened >= 0)
        else:
            opening = char in OPENING_MARKS
        if opening:
            # A second opening mark before a close: the first one was never closed
            # (a typo, or a quote left open); give up on it rather than guess.
            opened = index
        elif opened >= 0:
            _add(stretches, text, opened, index, closed=True, first=first)
            opened = -1
        # A closing mark with nothing open (an inch mark, a stray) is left alone.
    if opened >= 0:
        _add(stretches, text, opened, len(text), closed=False, first=first)
    return stretches


def _straight_mark_opens(text: str, index: int, *, is_open: bool) -> bool:
    """Whether a straight mark opens: by the characters around it, else by pairing."""
    before = text[index - 1] if index > 0 else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    space_before = before in _BEFORE_OPENING or before in OPENING_MARKS
    space_after = after.isspace() or after in ".,;:!?)]}—–" or after in CLOSING_MARKS
    if space_before and not space_after:
        return True
    if space_after and not space_before:
        return False
    return not is_open


def _add(
    stretches: list[QuotedStretch], text: str, mark: int, end: int, *, closed: bool, first: int
) -> None:
    start = mark + 1
    # The quoted words, without the white space inside the marks.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        stretches.append(QuotedStretch(start, end, closed, opens_paragraph=mark == first))


class QuoteFinder:
    """spaCy component: each quoted stretch of the doc becomes a span in
    ``doc.spans["quotes"]``, with ``span._.quote_closed`` and
    ``span._.quote_opens_paragraph`` (see ``QuotedStretch``).

    The pipeline runs one paragraph per doc, so a doc is taken to be one paragraph.
    """

    def __init__(self, nlp: Language, name: str = "marginalia_quotes") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for stretch in find_quoted_stretches(doc.text):
            span = doc.char_span(stretch.start, stretch.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            span._.quote_closed = stretch.closed
            span._.quote_opens_paragraph = stretch.opens_paragraph
            spans.append(span)
        doc.spans[QUOTES_KEY] = spans
        return doc


def quote_stretch(span: Span) -> QuotedStretch:
    """The stretch a quote span stands for (its offsets within its doc)."""
    return QuotedStretch(
        span.start_char,
        span.end_char,
        bool(span._.quote_closed),
        bool(span._.quote_opens_paragraph),
    )
