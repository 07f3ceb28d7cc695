"""Re-attaching the reader's highlights to text that moved or changed.

A highlight is remembered the way Hypothesis and the W3C Web Annotation model do it:
a ``TextQuoteSelector`` (the exact passage with up to 32 characters of text before
and after it) and a ``TextPositionSelector`` (its offsets). To place it in a text,
possibly a newer version of the article, ``anchor`` tries in turn:

1. the position: the same passage, with the same words around it, at the same offsets;
2. the exact passage anywhere in the text (the occurrence whose surroundings and
   position fit best when it occurs more than once);
3. a fuzzy match: the stretch of text within the fewest edits of the passage, near
   where pieces of the passage or of its surroundings still occur, judged by how much
   of the passage, the text before and the text after still agree (the weights of
   Hypothesis's ``match-quote``).

``None`` means the passage cannot be placed: the caller keeps the highlight as
orphaned. Pure functions on ``str``; offsets are ``str`` indices, end exclusive.

Time is bounded on long texts: the fuzzy step only looks at a few windows around the
pieces that still occur (each piece counted at most ``_MAX_SEED_HITS`` times), and
finds the fewest edits there with Myers' bit-parallel algorithm (one pass of a few
integer operations per character of a window, whatever the length of the passage).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

CONTEXT = 32

# A fuzzy match is accepted when at least this share of the passage is unchanged ...
_QUOTE_AGREEMENT = 0.75
# ... or, when both of its surroundings still agree this well, half of the passage.
_WEAK_QUOTE_AGREEMENT = 0.5
_CONTEXT_AGREEMENT = 0.8
# How much each part counts when choosing between candidates (Hypothesis's weights).
_QUOTE_WEIGHT, _PREFIX_WEIGHT, _SUFFIX_WEIGHT, _POSITION_WEIGHT = 50.0, 20.0, 20.0, 2.0

_MAX_EXACT_HITS = 1000
_SEED_LENGTH = 12
_MAX_SEEDS = 16
_MAX_SEED_HITS = 32
_MAX_WINDOWS = 8
_MAX_CANDIDATES = 16
# Characters either side of the old position that are always searched.
_NEIGHBOURHOOD = 2000

Method = Literal["position", "quote", "fuzzy"]


@dataclass(frozen=True)
class TextQuoteSelector:
    """The passage itself and the text just before and after it (W3C Web Annotation)."""

    exact: str
    prefix: str = ""
    suffix: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "TextQuoteSelector",
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


@dataclass(frozen=True)
class TextPositionSelector:
    """Where the passage was: ``str`` offsets, end exclusive (W3C Web Annotation)."""

    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"type": "TextPositionSelector", "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Anchor:
    """Where a passage lies in a text, how it was found and how many edits it differs by."""

    start: int
    end: int
    method: Method
    errors: int = 0


def describe(
    text: str, start: int, end: int, context: int = CONTEXT
) -> tuple[TextQuoteSelector, TextPositionSelector]:
    """The selectors of ``text[start:end]``, to store and anchor again later."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"no passage at {start}–{end} in a text of {len(text)} characters")
    quote = TextQuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )
    return quote, TextPositionSelector(start, end)


def anchor(
    text: str, quote: TextQuoteSelector, position: TextPositionSelector | None = None
) -> Anchor | None:
    """Place ``quote`` in ``text``: its current offsets, or ``None`` if it cannot be placed."""
    exact = quote.exact
    if not exact or not text:
        return None
    hint = position.start if position is not None else 0
    if position is not None:
        start, end = position.start, position.end
        if (
            text[start:end] == exact
            and text[max(0, start - len(quote.prefix)) : start] == quote.prefix
            and text[end : end + len(quote.suffix)] == quote.suffix
        ):
            return Anchor(start, end, "position")
    found = _exact(text, quote, hint)
    if found is not None:
        return found
    return _fuzzy(text, quote, hint)


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place ``quote`` occurs in ``text``, for a passage typed rather than selected.

    Exact occurrences when there are any; otherwise occurrences that differ only in
    case, runs of white space or the form of quotation marks, apostrophes and dashes.
    """
    exact = _occurrences(text, quote, _MAX_EXACT_HITS)
    if exact or not quote.strip():
        return [(start, start + len(quote)) for start in exact]
    folded_text, offsets = _fold(text)
    folded_quote, _ = _fold(quote.strip())
    return [
        (offsets[start], offsets[start + len(folded_quote) - 1] + 1)
        for start in _occurrences(folded_text, folded_quote, _MAX_EXACT_HITS)
    ]


# -- exact ----------------------------------------------------------------------------


def _occurrences(text: str, needle: str, limit: int) -> list[int]:
    found: list[int] = []
    index = text.find(needle)
    while index != -1 and len(found) < limit:
        found.append(index)
        index = text.find(needle, index + 1)
    return found


def _exact(text: str, quote: TextQuoteSelector, hint: int) -> Anchor | None:
    starts = _occurrences(text, quote.exact, _MAX_EXACT_HITS)
    if not starts:
        return None
    length = len(quote.exact)

    def fit(start: int) -> tuple[float, float]:
        before = text[max(0, start - len(quote.prefix)) : start]
        after = text[start + length : start + length + len(quote.suffix)]
        agreeing = _common_tail(quote.prefix, before) + _common_head(quote.suffix, after)
        context = agreeing / max(1, len(quote.prefix) + len(quote.suffix))
        return context, -abs(start - hint)

    best = max(starts, key=fit)
    return Anchor(best, best + length, "quote")


def _common_tail(a: str, b: str) -> int:
    count = 0
    for x, y in zip(reversed(a), reversed(b), strict=False):
        if x != y:
            break
        count += 1
    return count


def _common_head(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


# -- fuzzy ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    errors: int


def _fuzzy(text: str, quote: TextQuoteSelector, hint: int) -> Anchor | None:
    exact = quote.exact
    length = len(exact)
    max_errors = length // 2
    if max_errors == 0:
        return None
    candidates: dict[tuple[int, int], _Candidate] = {}
    for low, high in _windows(text, quote, max_errors, hint):
        for candidate in _matches_in(text, exact, low, high, max_errors):
            candidates.setdefault((candidate.start, candidate.end), candidate)
    best: tuple[float, _Candidate] | None = None
    for rough in sorted(candidates.values(), key=lambda c: c.errors)[:_MAX_CANDIDATES]:
        candidate = _refine(text, quote, rough)
        quote_fit = 1.0 - candidate.errors / length
        prefix_fit = _similarity(
            quote.prefix, text[max(0, candidate.start - len(quote.prefix)) : candidate.start]
        )
        suffix_fit = _similarity(
            quote.suffix, text[candidate.end : candidate.end + len(quote.suffix)]
        )
        acceptable = quote_fit >= _QUOTE_AGREEMENT or (
            quote_fit >= _WEAK_QUOTE_AGREEMENT and min(prefix_fit, suffix_fit) >= _CONTEXT_AGREEMENT
        )
        if not acceptable:
            continue
        position_fit = 1.0 - abs(candidate.start - hint) / max(1, len(text))
        score = (
            _QUOTE_WEIGHT * quote_fit
            + _PREFIX_WEIGHT * prefix_fit
            + _SUFFIX_WEIGHT * suffix_fit
            + _POSITION_WEIGHT * position_fit
        )
        if best is None or score > best[0]:
            best = (score, candidate)
    if best is None:
        return None
    found = best[1]
    return Anchor(found.start, found.end, "fuzzy", found.errors)


def _windows(
    text: str, quote: TextQuoteSelector, max_errors: int, hint: int
) -> list[tuple[int, int]]:
    """Stretches of ``text`` where the passage may now lie, the best supported first.

    Each piece of the passage (or the end of its prefix, or the start of its suffix)
    that still occurs says where the passage would start; the places most pieces
    agree on are searched, and the neighbourhood of where it was before.
    """
    exact = quote.exact
    length = len(exact)
    votes: dict[int, int] = {}
    bucket = max(1, max_errors)

    def vote(pieces: list[tuple[str, int]]) -> None:
        for piece, offset in pieces:
            hits = _occurrences(text, piece, _MAX_EXACT_HITS)
            if len(hits) > _MAX_SEED_HITS:  # a common piece: only its nearest hits count
                hits = sorted(hits, key=lambda hit: abs(hit - offset - hint))[:_MAX_SEED_HITS]
            for hit in hits:
                key = (hit - offset) // bucket
                votes[key] = votes.get(key, 0) + 1

    vote(_pieces(exact))
    tail = quote.prefix[-_SEED_LENGTH:]
    head = quote.suffix[:_SEED_LENGTH]
    context: list[tuple[str, int]] = []
    if tail:
        context.append((tail, -len(tail)))
    if head:
        context.append((head, length))
    vote(context)
    chosen = sorted(votes, key=lambda key: -votes[key])[:_MAX_WINDOWS]
    slack = 2 * max_errors
    spans = [
        (max(0, key * bucket - slack), min(len(text), (key + 1) * bucket + length + slack))
        for key in chosen
    ]
    spans.append(
        (
            max(0, hint - _NEIGHBOURHOOD - slack),
            min(len(text), hint + length + _NEIGHBOURHOOD + slack),
        )
    )
    spans.sort()
    merged: list[tuple[int, int]] = []
    for low, high in spans:
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _pieces(exact: str) -> list[tuple[str, int]]:
    """Non-overlapping pieces of the passage, spread over it, with their offsets."""
    if len(exact) <= _SEED_LENGTH:
        return [(exact, 0)]
    offsets = range(0, len(exact) - _SEED_LENGTH + 1, _SEED_LENGTH)
    step = max(1, len(offsets) // _MAX_SEEDS)
    return [(exact[offset : offset + _SEED_LENGTH], offset) for offset in offsets[::step]]


def _matches_in(text: str, exact: str, low: int, high: int, max_errors: int) -> list[_Candidate]:
    """The best approximate occurrences of ``exact`` in ``text[low:high]``."""
    scores = _edit_scores(exact, text[low:high], free_start=True)
    ends: list[int] = []
    run_best = -1
    for index, score in enumerate(scores):
        if score <= max_errors:
            if run_best < 0 or score < scores[run_best]:
                run_best = index
        elif run_best >= 0:
            ends.append(run_best)
            run_best = -1
    if run_best >= 0:
        ends.append(run_best)
    found: list[_Candidate] = []
    for index in ends:
        errors = scores[index]
        # The same minimum may be reached at the next few ends (a deletion or a
        # substitution at the end of the passage): keep the one closest in length.
        tied = [index]
        while tied[-1] + 1 < len(scores) and scores[tied[-1] + 1] == errors:
            tied.append(tied[-1] + 1)
        options = [_with_start(text, exact, low + i + 1, errors) for i in tied]
        found.append(min(options, key=lambda c: abs((c.end - c.start) - len(exact))))
    return found


def _with_start(text: str, exact: str, end: int, errors: int) -> _Candidate:
    """Where the match of ``exact`` ending at ``end`` with ``errors`` edits starts."""
    low = max(0, end - len(exact) - errors)
    backwards = text[low:end][::-1]
    scores = _edit_scores(exact[::-1], backwards, free_start=False)
    best_start, best_key = end, (len(exact), len(exact))  # the empty match
    for index, score in enumerate(scores):
        key = (score, abs(index + 1 - len(exact)))
        if key < best_key:
            best_start, best_key = end - (index + 1), key
    return _Candidate(best_start, end, best_key[0])


def _refine(text: str, quote: TextQuoteSelector, rough: _Candidate) -> _Candidate:
    """Move the ends of a fuzzy match to where the text around it agrees best.

    The fewest edits alone would rather leave out a changed word at either end of the
    passage (or take in a few letters of the next word) than include it whole. So
    each end goes where the kind of boundary is the same as it was (a sentence that
    starts after a full stop and a space, a word after a space: readers select whole
    words) and, among those places, where the edits of the passage plus those of the
    text beside it (when that text is still mostly there) are fewest; on a tie, where
    more of the passage's first (or last) characters are unchanged, then closest to
    the old length.
    """
    exact = quote.exact
    reach = max(1, min(2 * rough.errors + 2, len(exact) // 2))
    low, high = max(rough.start + 1, rough.end - reach), min(len(text), rough.end + reach)
    passage = _costs_ending_at(exact, text, low, high, reach)
    after = _evidence(_costs_starting_at(quote.suffix, text, low, high, reach), quote.suffix)
    ends = _alike(
        range(low, high + 1),
        lambda e: _end_shape(text[max(0, e - 3) : e], text[e : e + 1]),
        _end_shape(exact[-3:], quote.suffix[:1]),
    )
    end = min(
        ends,
        key=lambda e: (
            passage[e - low] + after[e - low],
            -_common_tail(exact, text[max(0, e - len(exact)) : e]),
            abs(e - rough.end),
        ),
    )
    low, high = max(0, rough.start - reach), min(end - 1, rough.start + reach)
    inside = _edit_scores(exact[::-1], text[low:end][::-1], free_start=False)
    before = _evidence(_costs_ending_at(quote.prefix, text, low, high, reach), quote.prefix)
    starts = _alike(
        range(low, high + 1),
        lambda s: _start_shape(text[max(0, s - 3) : s], text[s : s + 1]),
        _start_shape(quote.prefix[-3:], exact[:1]),
    )
    start = min(
        starts,
        key=lambda s: (
            inside[end - 1 - s] + before[s - low],
            -_common_head(exact, text[s : s + len(exact)]),
            abs(end - s - len(exact)),
        ),
    )
    return _Candidate(start, end, inside[end - 1 - start])


def _alike(
    places: range, shape_at: Callable[[int], tuple[str, str, str]], shape: tuple[str, str, str]
) -> Sequence[int]:
    """The places whose boundary is most like ``shape``: of the same kind (a sentence
    boundary counts as a word boundary too: a sentence may have been inserted just
    before), else with the same kinds of character either side, else all of them."""
    kinds = {shape[0], "sentence"} if shape[0] == "word" else {shape[0]}
    shapes = {place: shape_at(place) for place in places}
    alike = [p for p, seen in shapes.items() if seen[0] in kinds and seen[1:] == shape[1:]]
    if not alike:
        alike = [p for p, seen in shapes.items() if seen[1:] == shape[1:]]
    return alike or places


_CLOSING = "”\"’')]"
_SENTENCE_END = ".!?"


def _start_shape(before: str, first: str) -> tuple[str, str, str]:
    """How a passage starting after ``before`` with ``first`` begins: a sentence (after
    a full stop and a space, a line break or nothing), a word, inside a word, or after
    another mark; and the kinds of character either side."""
    last = before[-1:]
    if not last or last == "\n":
        kind = "sentence"
    elif last.isspace():
        word = before.rstrip()
        kind = "sentence" if word.rstrip(_CLOSING)[-1:] in _SENTENCE_END else "word"
    elif last.isalnum() and first.isalnum():
        kind = "inside"
    else:
        kind = "mark"
    return kind, _kind(last), _kind(first)


def _end_shape(last: str, after: str) -> tuple[str, str, str]:
    """How a passage ending with ``last`` before ``after`` ends: a sentence, a word,
    inside a word, or before another mark; and the kinds of character either side."""
    if not after or after.isspace():
        kind = "sentence" if last.rstrip(_CLOSING)[-1:] in _SENTENCE_END else "word"
    elif last[-1:].isalnum() and after.isalnum():
        kind = "inside"
    else:
        kind = "mark"
    return kind, _kind(last[-1:]), _kind(after)


def _kind(char: str) -> str:
    if not char or char.isspace():  # beyond either end of the text is like a space
        return "space"
    return "word" if char.isalnum() else "mark"


def _evidence(costs: list[int], context: str) -> list[int]:
    """The costs of matching the text beside a passage, or none if it was rewritten."""
    if not costs or min(costs) > len(context) // 4:
        return [0] * len(costs)
    return costs


def _costs_ending_at(pattern: str, text: str, low: int, high: int, reach: int) -> list[int]:
    """For each ``p`` in ``low..high``: the fewest edits from ``pattern`` to a stretch of
    ``text`` that ends at ``p``."""
    if not pattern:
        return [0] * (high - low + 1)
    base = max(0, low - len(pattern) - reach)
    scores = _edit_scores(pattern, text[base:high], free_start=True)
    return [scores[p - base - 1] if p > base else len(pattern) for p in range(low, high + 1)]


def _costs_starting_at(pattern: str, text: str, low: int, high: int, reach: int) -> list[int]:
    """For each ``p`` in ``low..high``: the fewest edits from ``pattern`` to a stretch of
    ``text`` that starts at ``p``."""
    if not pattern:
        return [0] * (high - low + 1)
    top = min(len(text), high + len(pattern) + reach)
    scores = _edit_scores(pattern[::-1], text[low:top][::-1], free_start=True)
    return [scores[top - 1 - p] if p < top else len(pattern) for p in range(low, high + 1)]


def _edit_scores(pattern: str, text: str, *, free_start: bool) -> list[int]:
    """Edit distance from ``pattern`` to the best substring ending at each ``text`` index.

    With ``free_start`` the substring may start anywhere (search); without it, it
    starts at the beginning of ``text``. Myers (1999) in Hyyrö's formulation, one
    Python integer as the bit vector whatever the length of the pattern.
    """
    length = len(pattern)
    full = (1 << length) - 1
    last = 1 << (length - 1)
    equal: dict[str, int] = {}
    for index, char in enumerate(pattern):
        equal[char] = equal.get(char, 0) | (1 << index)
    positive, negative, score = full, 0, length
    carry = 0 if free_start else 1
    scores = [0] * len(text)
    for index, char in enumerate(text):
        eq = equal.get(char, 0)
        xv = eq | negative
        xh = ((((eq & positive) + positive) & full) ^ positive) | eq
        ph = negative | (full ^ (xh | positive))
        mh = positive & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | carry) & full
        mh = (mh << 1) & full
        positive = mh | (full ^ (xv | ph))
        negative = ph & xv
        scores[index] = score
    return scores


def _similarity(expected: str, actual: str) -> float:
    """1 for equal strings, 0 for nothing in common (edit distance over length)."""
    if not expected:
        return 1.0
    return max(0.0, 1.0 - _levenshtein(expected, actual) / len(expected))


def _levenshtein(a: str, b: str) -> int:
    if not a or not b:
        return max(len(a), len(b))
    return min(_edit_scores(a, b, free_start=False)[-1], len(a) + len(b))


# -- typed quotes ---------------------------------------------------------------------

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
    }
)


def _fold(text: str) -> tuple[str, list[int]]:
    """``text`` lower-cased, with plain quotes and dashes and single spaces, and where
    each character of the result came from."""
    chars: list[str] = []
    offsets: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if previous_space:
                continue
            char, previous_space = " ", True
        else:
            previous_space = False
            lower = char.lower()
            char = lower if len(lower) == 1 else char
            char = char.translate(_FOLD)
        chars.append(char)
        offsets.append(index)
    return "".join(chars), offsets
