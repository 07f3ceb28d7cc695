"""Abbreviations the article defines in brackets, found with the Schwartz–Hearst rule.

Schwartz and Hearst (2003), "A simple algorithm for identifying abbreviation
definitions in biomedical text": a short form in brackets after its long form
("European Court of Human Rights (ECHR)"), or the other way round ("ECHR
(European Court of Human Rights)"); the long form is found by matching the short
form's letters from the last to the first, right to left through the words before
the bracket, the first letter at the start of a word, within min(|A| + 5, 2|A|)
words. Lower-case letters in the short form take part like the others ("Ministry
of Defence (MoD)", "Office for Standards in Education (Ofsted)").

News text brackets many things that are not short forms, so a few rules are added
to the paper's:
- a short form has a capital letter and no colon: "(pictured)", "(left)" and
  "(Image: PA)" are not definitions;
- every word of the long form except the short function words gives the short
  form at least one letter (so "meeting in Parliament (PA)" does not define PA as
  "Parliament"), and a short form in capitals needs a long form of two words or more;
- a picture agency's name ("(PA)", "(AFP)", "(Reuters)") is a credit unless it is
  spelled out as a name, each letter starting a word ("the Press Association (PA)").

No spaCy here: plain text in, offsets out, so ``marginalia define`` can use it
without loading a model. Entity grouping takes the definitions whose long form is
a name (``find_acronym_definitions``).

There are implementations on the package index; none fits: ``abbreviations`` (last
released 2019) configures the root logger on import and reads only one order;
scispacy's ``AbbreviationDetector`` pins numpy below 2 and brings nmslib and
scikit-learn, and it and its stand-alone copy need a parsed spaCy ``Doc``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.annotations import Definition

# Short words that an acronym skips: "European Court of Human Rights" is "ECHR".
SKIPPED_WORDS = frozenset(
    {"of", "the", "and", "for", "on", "in", "to", "at", "by", "a", "an", "de", "du", "des", "&"}
)
# Credits after a picture or a story, which look like short forms.
CREDITS = frozenset(
    "PA AP AFP EPA Reuters Getty Alamy Shutterstock Rex Bloomberg ANP DPA UPI".casefold().split()
)
_MAX_SHORT_LENGTH = 10
_MAX_WINDOW_CHARS = 300
_BRACKETED = re.compile(r"\(([^()\n]{1,120})\)")
_WORD = re.compile(r"[\w’'&]+(?:[-–][\w’'&]+)*")
_WORD_PART = re.compile(r"[\w’'&]+")
# Where a long form before a bracket cannot reach back past.
_BOUNDARY = re.compile(r"[.!?;:()\[\]\n“”\"]\s*")
_SHORT_BEFORE = re.compile(r"([\w&.’'-]{2,12})\s*$")


@dataclass(frozen=True)
class AcronymDefinition:
    short: str
    long: str
    long_start: int
    long_end: int
    short_start: int = 0
    short_end: int = 0
    # True for "ECHR (European Court of Human Rights)": the long form in the brackets.
    reverse: bool = False

    @property
    def start(self) -> int:
        """Where the defining passage starts (short and long form together)."""
        return min(self.short_start, self.long_start)

    @property
    def end(self) -> int:
        """Where it ends: the closing bracket included."""
        return max(self.short_end, self.long_end) + 1

    @property
    def names_something(self) -> bool:
        """Whether the long form is a name: each of its main words starts with a capital."""
        words = [w for w in _WORD.findall(self.long) if w.casefold() not in SKIPPED_WORDS]
        return bool(words) and all(w[0].isupper() or w[0].isdigit() for w in words)


def initials(name: str) -> str:
    """The capital initials of a name's words, skipping function words."""
    return "".join(
        word[0] for word in name.split() if word not in SKIPPED_WORDS and word[0].isupper()
    )


def acronym_definitions(text: str) -> list[Definition]:
    """The article's abbreviations as ``definitions`` of the contract."""
    return [
        Definition(
            term=found.short,
            definition=found.long,
            start=found.start,
            end=found.end,
            kind="acronym",
            term_start=found.short_start,
            term_end=found.short_end,
            definition_start=found.long_start,
            definition_end=found.long_end,
        )
        for found in find_abbreviations(text)
    ]


def find_acronym_definitions(text: str) -> list[AcronymDefinition]:
    """The abbreviations whose long form is a name ("European Court of Human Rights")."""
    return [d for d in find_abbreviations(text) if d.names_something]


def find_abbreviations(text: str) -> list[AcronymDefinition]:
    """Every short form the text defines in brackets, in either order, in text order."""
    found = []
    for match in _BRACKETED.finditer(text):
        inside = match.group(1)
        start = match.start(1)
        stripped = inside.strip()
        start += len(inside) - len(inside.lstrip())
        definition = _long_before(text, stripped, start, match.start())
        if definition is None:
            definition = _long_inside(text, stripped, start, match.start())
        if definition is not None:
            found.append(definition)
    return found


def is_short_form(candidate: str) -> bool:
    """The paper's conditions on a short form, and news text's: see the module."""
    if not 2 <= len(candidate) <= _MAX_SHORT_LENGTH or len(candidate.split()) > 2:
        return False
    if not candidate[0].isalnum() or ":" in candidate:
        return False
    return any(c.isupper() for c in candidate) and any(c.isalpha() for c in candidate)


def _long_before(text: str, short: str, short_start: int, bracket: int) -> AcronymDefinition | None:
    """ "European Court of Human Rights (ECHR)": the long form before the bracket."""
    if not is_short_form(short):
        return None
    window_start = max(0, bracket - _MAX_WINDOW_CHARS)
    boundaries = list(_BOUNDARY.finditer(text, window_start, bracket))
    if boundaries and boundaries[-1].end() >= bracket:
        return None  # "...meeting. (ECHR)": nothing before it in the sentence
    if boundaries:
        window_start = boundaries[-1].end()
    words = list(_WORD.finditer(text, window_start, bracket))
    letters = sum(c.isalnum() for c in short)
    words = words[-min(letters + 5, letters * 2) :]
    if not words:
        return None
    long_start, long_end = _match(short, text, words)
    if long_start is None:
        return None
    return _checked(text, short, short_start, long_start, long_end, reverse=False)


def _long_inside(
    text: str, inside: str, inside_start: int, bracket: int
) -> AcronymDefinition | None:
    """ "ECHR (European Court of Human Rights)": the short form just before the bracket."""
    before = _SHORT_BEFORE.search(text, max(0, bracket - 14), bracket)
    if before is None:
        return None
    short = before.group(1).strip(".’'-")
    short_start = before.start(1) + before.group(1).find(short)
    if not is_short_form(short) or len(inside.split()) < 2:
        return None
    words = list(_WORD.finditer(text, inside_start, inside_start + len(inside)))
    if words and words[0].group().casefold() == "the":
        words = words[1:]
    letters = sum(c.isalnum() for c in short)
    if not words or len(words) > min(letters + 5, letters * 2):
        return None
    # The whole bracket is the long form, not only its last words.
    long_start, long_end = _match(short, text, words, whole=True)
    if long_start is None:
        return None
    return _checked(text, short, short_start, long_start, long_end, reverse=True)


def _match(
    short: str, text: str, words: list[re.Match[str]], *, whole: bool = False
) -> tuple[int | None, int]:
    """Where the long form that spells ``short`` starts among ``words`` (the last of
    which ends the long form), or (None, 0) when no long form there spells it.
    ``whole``: the long form must be all of ``words``."""
    start, end = words[0].start(), words[-1].end()
    alignment = align(short, text[start:end], whole=whole)
    if alignment is None:
        return None, 0
    first = start + alignment[0]
    for word in words:
        if word.start() <= first < word.end():
            return word.start(), end
    return None, 0


def align(short: str, long: str, *, whole: bool = False) -> list[int] | None:
    """Where each letter of ``short`` is found in ``long``, or None if nowhere fits.

    As in Schwartz–Hearst, the letters come in order, the first begins a word and
    the long form runs from that word to the end of ``long``; the shortest such long
    form is taken (the paper matches right to left, nearest first). Among the ways to
    spell it from that word, the one with the most letters at the start of words
    wins, and no word other than a short function word may give nothing: the
    paper's nearest-first match would spell "Nato" with "North" and the end of
    "Organization" and leave "Atlantic Treaty" out.
    """
    letters = [c.casefold() for c in short if c.isalnum()]
    lowered = long.casefold()
    # Words ("Co-operation") for the rule that each gives a letter; their parts
    # ("Co", "operation") for where a letter starts a word.
    words = [(m.start(), m.end()) for m in _WORD.finditer(long)]
    part_starts = {m.start() for m in _WORD_PART.finditer(long)}
    if not letters or not words:
        return None
    word_at = [-1] * len(long)
    for number, (word_start, word_end) in enumerate(words):
        for index in range(word_start, word_end):
            if long[index].isalnum():
                word_at[index] = number
    main = [long[a:b].casefold() not in SKIPPED_WORDS for a, b in words]
    firsts = sorted(p for p in part_starts if lowered[p] == letters[0])
    if whole:
        firsts = firsts[:1] if firsts and firsts[0] == words[0][0] else []
    for first in reversed(firsts):  # the nearest (shortest) long form first
        found = _spell(letters, lowered, word_at, part_starts, main, first)
        if found is not None:
            return found
    return None


def _spell(
    letters: list[str],
    long: str,
    word_at: list[int],
    part_starts: set[int],
    main: list[bool],
    first: int,
) -> list[int] | None:
    """The best way to spell ``letters`` from position ``first`` (see ``align``)."""
    memo: dict[tuple[int, int], tuple[int, list[int]] | None] = {}
    end_word = len(main)

    def skipped(after: int, before: int) -> bool:
        """Whether a main word lies wholly between the words ``after`` and ``before``."""
        return any(main[w] for w in range(after + 1, before))

    def best(index: int, position: int) -> tuple[int, list[int]] | None:
        # letters[index] is at ``position``; spell the rest after it.
        key = (index, position)
        if key in memo:
            return memo[key]
        word = word_at[position]
        initial = int(position in part_starts)
        result: tuple[int, list[int]] | None = None
        if index == len(letters) - 1:
            if not skipped(word, end_word):
                result = (initial, [position])
        else:
            for following in range(position + 1, len(long)):
                if long[following] != letters[index + 1] or word_at[following] < 0:
                    continue
                if skipped(word, word_at[following]):
                    break
                rest = best(index + 1, following)
                if rest is not None and (result is None or rest[0] + initial > result[0]):
                    result = (rest[0] + initial, [position, *rest[1]])
        memo[key] = result
        return result

    found = best(0, first)
    return found[1] if found is not None else None


def _checked(
    text: str, short: str, short_start: int, long_start: int, long_end: int, *, reverse: bool
) -> AcronymDefinition | None:
    long = text[long_start:long_end]
    words = _WORD.findall(long)
    if len(long) <= len(short) or short in long.split():
        return None
    letters = sum(c.isalnum() for c in short)
    if len(words) > min(letters + 5, letters * 2):
        return None
    main_words = [i for i, w in enumerate(words) if w.casefold() not in SKIPPED_WORDS]
    if short.isupper() and len(main_words) < 2:
        return None  # "in Parliament (PA)"
    short_end = short_start + len(short)
    found = AcronymDefinition(short, long, long_start, long_end, short_start, short_end, reverse)
    if short.casefold() in CREDITS:
        # A picture credit, unless it is spelled out as a name: "the Press Association (PA)".
        initial_letters = [words[i][0].casefold() for i in main_words]
        if [c.casefold() for c in short if c.isalnum()] != initial_letters:
            return None
        if not found.names_something:
            return None
    return found
