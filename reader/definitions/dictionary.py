"""The offline English dictionary: WordNet 3.0, every sense, the likeliest first.

A word's senses come in WordNet's order: by how often each was found in its
sense-tagged corpus (SemCor), the parts of speech merged by those counts. The
sentence the word stands in may move one sense to the front, and the card says why:

- a capital letter where the sentence does not demand one ("Turkey" in the middle
  of a sentence) puts first the senses that are names;
- the sentence's own words found in a sense's definition, examples, synonyms or
  neighbours (what it is a kind of, part of, similar to) put that sense first when
  the evidence is clear: at least ``MIN_EVIDENCE`` words, and more than any other
  sense has.

Lemmas come from WordNet's own morphy: its lists of irregular forms ("men" ->
"man") and its suffix rules ("deportations" -> "deportation"), no language model.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from reader.definitions.cards import Card, Sense
from reader.definitions.wordnet_index import (
    LICENCE,
    LICENCE_URL,
    POS,
    POS_NAMES,
    SOURCE_NAME,
    SenseRow,
    SynsetRow,
    WordNetIndex,
)

# Words the sentence must share with a sense for that sense to go first.
MIN_EVIDENCE = 2

# WordNet's morphy: the suffix rules for each part of speech.
_SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "n": (
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ),
    "v": (
        ("s", ""),
        ("ies", "y"),
        ("es", "e"),
        ("es", ""),
        ("ed", "e"),
        ("ed", ""),
        ("ing", "e"),
        ("ing", ""),
    ),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say says mr mrs ms dr one two new also may might must shall
    us year years last first""".split()
)


@dataclass(frozen=True)
class Entry:
    """A dictionary entry for a term: the words it was found under and every sense."""

    lemmas: tuple[str, ...]
    senses: tuple[Sense, ...]


class Dictionary:
    """Look-ups in a WordNet index; use from one thread at a time."""

    def __init__(self, index: WordNetIndex) -> None:
        self.index = index

    def lemmas(self, word: str) -> list[tuple[str, str]]:
        """The (lemma, part of speech) pairs ``word`` may be a form of, WordNet's morphy."""
        form = clean_term(word).casefold()
        if not form:
            return []
        found: list[tuple[str, str]] = []
        for pos in POS:
            candidates = [form, *self.index.exceptions(form, pos)]
            head, _, last = form.rpartition(" ")
            prefix = head + " " if head else ""
            for suffix, ending in _SUFFIX_RULES[pos]:
                if last.endswith(suffix) and len(last) > len(suffix):
                    candidates.append(prefix + last[: len(last) - len(suffix)] + ending)
            for candidate in dict.fromkeys(candidates):
                if (candidate, pos) not in found and self.index.has_lemma(candidate, pos):
                    found.append((candidate, pos))
        return found

    def entry(self, term: str, context: str = "") -> Entry | None:
        """Every sense of ``term``, the likeliest first (see the module), or None."""
        lemmas = self.lemmas(term)
        if not lemmas:
            return None
        rows: list[SenseRow] = []
        for lemma in dict.fromkeys(lemma for lemma, _ in lemmas):
            wanted = {pos for found, pos in lemmas if found == lemma}
            rows.extend(row for row in self.index.senses(lemma) if row.pos in wanted)
        rows = _by_frequency(rows)
        # One sense per synset: "saw" as a noun and as a form of "see" can share none,
        # but a word and its lemma can.
        unique: dict[int, SenseRow] = {}
        for row in rows:
            unique.setdefault(row.synset, row)
        rows = list(unique.values())
        synsets = self.index.synsets([row.synset for row in rows])
        senses = [_sense(row, synsets[row.synset]) for row in rows]
        senses = self._ordered(term, context, rows, synsets, senses)
        return Entry(tuple(dict.fromkeys(lemma for lemma, _ in lemmas)), tuple(senses))

    def card(self, term: str, context: str = "") -> Card | None:
        entry = self.entry(term, context)
        if entry is None or not entry.senses:
            return None
        first = entry.senses[0]
        return Card(
            term=term,
            headword=first.lemma,
            definition=first.definition,
            source="dictionary",
            source_name=SOURCE_NAME,
            licence=LICENCE,
            url=LICENCE_URL,
            senses=entry.senses,
        )

    def _ordered(
        self,
        term: str,
        context: str,
        rows: list[SenseRow],
        synsets: dict[int, SynsetRow],
        senses: list[Sense],
    ) -> list[Sense]:
        """Move the sense the sentence speaks for to the front, saying why."""
        if len(senses) < 2:
            return senses
        names = _name_senses(term, context, rows, synsets)
        if names and names[0] != 0 and len(names) < len(senses):
            reason = (
                f"First because “{clean_term(term)}” is written with a capital letter here, "
                "as a name."
            )
            order = names + [i for i in range(len(senses)) if i not in names]
            moved = [senses[i] for i in order]
            return [_with_reason(moved[0], reason), *moved[1:]]
        words = _content_words(context, exclude=clean_term(term).casefold().split())
        if not words:
            return senses
        neighbours = self.index.synsets(
            sorted({n for row in rows for n in synsets[row.synset].neighbours})
        )
        scores = []
        for row in rows:
            synset = synsets[row.synset]
            own = _stems([*synset.words, synset.definition, *synset.examples])
            near = _stems(
                [w for n in synset.neighbours if n in neighbours for w in neighbours[n].words]
            )
            shared = [w for w in words if w in own or w in near]
            scores.append(shared)
        best = max(range(len(scores)), key=lambda i: (len(scores[i]), -i))
        runner_up = max((len(s) for i, s in enumerate(scores) if i != best), default=0)
        if best == 0 or len(scores[best]) < MIN_EVIDENCE or len(scores[best]) <= runner_up:
            return senses
        quoted = ", ".join(f"“{words[w]}”" for w in scores[best])
        reason = (
            f"First because the sentence’s words {quoted} appear in this sense’s "
            "definition, examples or related words."
        )
        return [_with_reason(senses[best], reason), *senses[:best], *senses[best + 1 :]]


def _by_frequency(rows: list[SenseRow]) -> list[SenseRow]:
    """Merge each part of speech's senses (already in WordNet's order) by tag count."""
    queues: dict[str, list[SenseRow]] = {}
    for row in rows:
        queues.setdefault(row.pos, []).append(row)
    merged: list[SenseRow] = []
    while any(queues.values()):
        pos = max(
            (p for p in POS if queues.get(p)),
            key=lambda p: (queues[p][0].tag_count, -POS.index(p)),
        )
        merged.append(queues[pos].pop(0))
    return merged


def _sense(row: SenseRow, synset: SynsetRow) -> Sense:
    return Sense(
        definition=synset.definition,
        pos=POS_NAMES[row.pos],
        lemma=_display_lemma(row.lemma, synset.words),
        number=row.rank,
        examples=synset.examples,
        synonyms=tuple(w for w in synset.words if w.casefold() != row.lemma),
        category=synset.lexname,
    )


def _display_lemma(lemma: str, words: Iterable[str]) -> str:
    """The lemma as the synset writes it ("Reykjavik", not "reykjavik")."""
    for word in words:
        if word.casefold() == lemma:
            return word
    return lemma


def _with_reason(sense: Sense, reason: str) -> Sense:
    return Sense(
        definition=sense.definition,
        pos=sense.pos,
        lemma=sense.lemma,
        number=sense.number,
        examples=sense.examples,
        synonyms=sense.synonyms,
        category=sense.category,
        reason=reason,
    )


def _name_senses(
    term: str, context: str, rows: list[SenseRow], synsets: dict[int, SynsetRow]
) -> list[int]:
    """The senses that are names, when the term is capitalised where a plain word
    would not be (not at the start of the sentence); else []."""
    word = clean_term(term)
    if not word or word == word.lower() or not context:
        return []
    position = context.find(word)
    if position < 0 or not context[:position].strip(" “\"'‘("):
        return []  # not in the sentence, or first in it: a capital proves nothing
    return [
        i
        for i, row in enumerate(rows)
        if any(
            w == word or (w[:1].isupper() and w.casefold() == word.casefold())
            for w in synsets[row.synset].words
        )
    ]


def clean_term(term: str) -> str:
    """The term without surrounding punctuation or a possessive "’s"."""
    term = " ".join(term.split()).strip(" .,;:!?()[]{}“”\"‘'")
    for ending in ("’s", "'s"):
        if term.endswith(ending):
            term = term[: -len(ending)]
    return term.strip("’'")


def _stem(word: str) -> str:
    """A crude stem, the same on both sides of a comparison ("lending" ~ "lend")."""
    word = word.casefold().replace("’", "'").strip("'-")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, ending in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            return word[: len(word) - len(suffix)] + ending
    return word


def _stems(texts: Iterable[str]) -> set[str]:
    return {
        _stem(w) for text in texts for w in _WORD.findall(text) if w.casefold() not in _STOPWORDS
    }


def _content_words(sentence: str, exclude: Iterable[str]) -> dict[str, str]:
    """The sentence's content words: stem -> the word as written, in order."""
    excluded = {_stem(w) for w in exclude}
    words: dict[str, str] = {}
    for word in _WORD.findall(sentence):
        if word.casefold() in _STOPWORDS or len(word) < 3:
            continue
        stem = _stem(word)
        if stem not in excluded:
            words.setdefault(stem, word)
    return words
