"""From spaCy's named-entity spans to one entity per real-world thing.

spaCy labels each mention on its own: "Rishi Sunak", "Sunak" and "Mr Sunak" come
back as three unrelated spans, some mentions are missed, and "the ECHR" and
"European Court of Human Rights" look like two organisations. This module
(1) cleans each span (drops a leading "the", takes in a preceding "Mr"),
(2) groups spans that name the same thing (surname to full name, acronym to the
name it abbreviates, the same name under different labels), and
(3) finds the names again where spaCy missed them.
It works on plain spans with character offsets so it can be tested without a model.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from reader.annotations import Entity, Mention
from reader.entity_types import NAME_LABELS
from reader.nlp.acronyms import find_acronym_definitions, initials

HONORIFICS = frozenset(
    "Mr Mrs Ms Miss Mx Dr Sir Dame Lord Lady Prof Professor Rev Judge Justice President "
    "Senator Sen Rep Governor Gov General Gen Captain Capt".split()
)
_ARTICLES = ("the ", "The ")
_ACRONYM = re.compile(r"^[A-Z][A-Z&]{1,7}$")
_MIN_SURNAME_LENGTH = 3
_HONORIFIC_BEFORE = re.compile(rf"(?<!\w)(?:{'|'.join(sorted(HONORIFICS))})\.? $")


@dataclass(frozen=True)
class RawSpan:
    """One labelled stretch of text, in article offsets."""

    start: int
    end: int
    label: str
    text: str


def spans_from_doc(doc: Doc, offset: int) -> list[RawSpan]:
    """The cleaned entity spans of a doc whose text starts at ``offset`` in the article."""
    return [_clean(ent, offset) for ent in doc.ents if ent.text.strip()]


def _clean(ent: Span, offset: int) -> RawSpan:
    start, end = ent.start_char, ent.end_char
    text = ent.text
    if ent.label_ in NAME_LABELS and text.startswith(_ARTICLES) and len(ent) > 1:
        start += 4
        text = text[4:]
    # "Mrs Holloway": the small model often leaves the honorific out, and sometimes
    # labels the name as something else; the honorific makes it a person's.
    label = ent.label_
    if label in NAME_LABELS and ent.start > 0:
        previous = ent.doc[ent.start - 1]
        if previous.text.rstrip(".") in HONORIFICS:
            start, label = previous.idx, "PERSON"
            text = ent.doc.text[start:end]
    return RawSpan(start + offset, end + offset, label, text)


def group_entities(
    text: str, spans: Iterable[RawSpan], sentences: Sequence[tuple[int, int]]
) -> list[Entity]:
    """Group ``spans`` into entities, find missed mentions, and number them by first use.

    ``sentences`` are the (start, end) of every sentence of ``text``, in order.
    """
    spans = _with_defined_long_forms(text, _corrected(spans))
    groups = _group(sorted(spans, key=lambda s: (s.start, -s.end)))
    groups = _add_missed_mentions(text, groups)
    groups.sort(key=lambda g: g[0].start)
    sentence_starts = [start for start, _ in sentences]
    entities = []
    for number, group in enumerate(groups, start=1):
        mentions = tuple(
            Mention(s.start, s.end, s.text, *_sentence_of(s.start, sentences, sentence_starts))
            for s in group
        )
        entities.append(Entity(f"e{number}", _label_of(group), _name_of(group), mentions))
    return entities


def _corrected(spans: Iterable[RawSpan]) -> list[RawSpan]:
    """Mend the small model's commonest mistakes with rules that hold in news text.

    "Dr Raman" labelled ORG is a person; "SAFP" labelled PERSON is an organisation;
    a name with no capital letter ("café" as PERSON) is not a name at all.
    """
    corrected = []
    for span in spans:
        label = span.label
        if label in NAME_LABELS and not any(c.isupper() for c in span.text):
            continue
        if span.text.split()[0].rstrip(".") in HONORIFICS and len(span.text.split()) > 1:
            label = "PERSON"
        elif label == "PERSON" and _ACRONYM.match(span.text):
            label = "ORG"
        corrected.append(RawSpan(span.start, span.end, label, span.text))
    return corrected


def _with_defined_long_forms(text: str, spans: list[RawSpan]) -> list[RawSpan]:
    """Add the long form of every bracketed acronym the model did not label itself.

    It takes the label of the acronym's own mentions, or ORG, the usual case.
    """
    covered = bytearray(len(text))
    for span in spans:
        covered[span.start : span.end] = b"\1" * (span.end - span.start)
    added = []
    for definition in find_acronym_definitions(text):
        if any(covered[definition.long_start : definition.long_end]):
            continue
        labels = [s.label for s in spans if s.text == definition.short and s.label in NAME_LABELS]
        label = labels[0] if labels else "ORG"
        added.append(RawSpan(definition.long_start, definition.long_end, label, definition.long))
    return spans + added


def _sentence_of(
    offset: int, sentences: Sequence[tuple[int, int]], starts: list[int]
) -> tuple[int, int]:
    index = bisect.bisect_right(starts, offset) - 1
    return sentences[index] if index >= 0 else (offset, offset)


def _bare_name(span: RawSpan) -> str:
    """The name without an honorific: "Mr Sunak" -> "Sunak"."""
    words = span.text.split()
    if span.label == "PERSON" and len(words) > 1 and words[0].rstrip(".") in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def _key(span: RawSpan) -> str:
    if span.label in NAME_LABELS:
        return "name:" + _bare_name(span).casefold()
    return f"{span.label}:{span.text.casefold()}"


def _group(spans: list[RawSpan]) -> list[list[RawSpan]]:
    """Group by name, then join surnames to full names and acronyms to long names."""
    by_key: dict[str, list[RawSpan]] = {}
    for span in spans:
        by_key.setdefault(_key(span), []).append(span)

    # Every single-word person name joins the one full name ending with it; where
    # two people share the surname it stays on its own rather than guess.
    full_names: dict[str, list[str]] = {}
    for key, group in by_key.items():
        words = _bare_name(group[0]).split()
        if _label_of(group) == "PERSON" and len(words) > 1:
            full_names.setdefault(words[-1].casefold(), []).append(key)
    for key in list(by_key):
        group = by_key[key]
        bare = _bare_name(group[0])
        targets = full_names.get(bare.casefold(), [])
        if " " not in bare and len(targets) == 1 and targets[0] != key:
            by_key[targets[0]].extend(by_key.pop(key))

    # An acronym joins the multi-word name whose initials it spells, if only one does.
    long_names: dict[str, list[str]] = {}
    for key, group in by_key.items():
        name = _bare_name(group[0])
        if group[0].label in NAME_LABELS and " " in name:
            long_names.setdefault(initials(name), []).append(key)
    for key in list(by_key):
        group = by_key[key]
        name = group[0].text
        targets = long_names.get(name, [])
        if _ACRONYM.match(name) and len(targets) == 1:
            by_key[targets[0]].extend(by_key.pop(key))

    return [sorted(group, key=lambda s: s.start) for group in by_key.values()]


def _add_missed_mentions(text: str, groups: list[list[RawSpan]]) -> list[list[RawSpan]]:
    """Find each name again wherever spaCy did not label it, in one pass over the text.

    A person's surname counts (with any honorific before it) when no other person
    in the article shares it. A name two entities share is left alone.
    """
    covered = bytearray(len(text))
    for group in groups:
        for span in group:
            covered[span.start : span.end] = b"\1" * (span.end - span.start)
    # A found mention takes its group's label, which it can only confirm: worked out once.
    labels = [_label_of(group) for group in groups]
    owners: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        if labels[index] in NAME_LABELS:
            for alias in _aliases(group):
                owners.setdefault(alias, []).append(index)
    aliases = sorted((a for a, o in owners.items() if len(o) == 1), key=len, reverse=True)
    if not aliases:
        return groups
    for match in _whole_word_matches(text, aliases):
        index = owners[match.group()][0]
        group, label = groups[index], labels[index]
        start, end = match.span()
        if label == "PERSON":
            honorific = _HONORIFIC_BEFORE.search(text, max(0, start - 12), start)
            start = honorific.start() if honorific else start
        if any(covered[start:end]):
            continue
        group.append(RawSpan(start, end, label, text[start:end]))
        covered[start:end] = b"\1" * (end - start)
    for group in groups:
        group.sort(key=lambda s: s.start)
    return groups


def _whole_word_matches(text: str, names: list[str]) -> Iterator[re.Match[str]]:
    r"""The matches of ``(?<!\w)(?:name|name|…)(?!\w)`` in ``text``, left to right, as
    ``finditer`` would give them (the first of ``names`` that fits at a place wins).

    One alternation of thousands of names (a long book, a hundred articles) is tried
    name by name at every character of the text: 0.8 s on 100,000 words. Here only
    the places that start a word with a name's first character are tried, each with
    the names that start with it, in their order.
    """
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(name[0], []).append(name)
    patterns = {
        first: re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, group))})(?!\w)")
        for first, group in by_first.items()
    }
    firsts = re.compile(rf"(?<!\w)[{''.join(map(re.escape, by_first))}]")
    resume = 0
    for place in firsts.finditer(text):
        if place.start() < resume:
            continue
        match = patterns[place.group()].match(text, place.start())
        if match is not None:
            resume = match.end()
            yield match


def _aliases(group: Sequence[RawSpan]) -> set[str]:
    """The names a group goes by: its bare mentions, and a person's surname."""
    aliases = {_bare_name(s) for s in group}
    if _label_of(group) == "PERSON":
        aliases |= {a.split()[-1] for a in aliases if len(a.split()[-1]) >= _MIN_SURNAME_LENGTH}
    return aliases


def _label_of(group: Sequence[RawSpan]) -> str:
    """The label most of the group's mentions carry (the first one on a tie)."""
    counts = Counter(s.label for s in group)
    best = max(counts.values())
    return next(s.label for s in group if counts[s.label] == best)


def _name_of(group: Sequence[RawSpan]) -> str:
    """The fullest form of the name: the longest bare mention, first on a tie."""
    return max((_bare_name(s) for s in group), key=len)
