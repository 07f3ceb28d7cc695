"""What the article says a name is, read from the parse: appositions and titles.

- "Rishi Sunak, the Prime Minister, said ...": the name, a comma, then a noun
  phrase the parser attaches to it as an apposition (``appos``);
- "The Prime Minister, Rishi Sunak, said ...": the same the other way round;
- "Home Secretary Suella Braverman said ...": a title written as part of a
  person's name (``compound`` words before the name).

A name is a named entity (or a run of proper nouns); the phrase that defines it is
a common noun phrase, or one that opens with a determiner or possessive ("the
Icelandic capital", "a spokeswoman for the council", "its chief executive"). Two
names side by side ("Paris, France") and ages ("Mr Sunak, 43") define nothing.

``definitions_from_doc`` works on one parsed paragraph and returns plain data in
article offsets, like ``reader.nlp.entities.spans_from_doc``.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from reader.annotations import Definition, DefinitionKind
from reader.entity_types import NAME_LABELS
from reader.nlp.entities import HONORIFICS

_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that"})
_SEPARATORS = frozenset({",", "–", "—", "-"})
_MAX_PHRASE_TOKENS = 14
_NAME_POS = frozenset({"PROPN"})
_PHRASE_POS = frozenset({"NOUN", "PROPN"})


def definitions_from_doc(doc: Doc, offset: int) -> list[Definition]:
    """The appositions and titles in a doc whose text starts at ``offset``."""
    found: list[Definition] = []
    for token in doc:
        if token.dep_ == "appos":
            definition = _apposition(doc, token, offset)
            if definition is not None:
                found.append(definition)
    for entity in doc.ents:
        if entity.label_ == "PERSON":
            definition = _title(doc, entity, offset)
            if definition is not None:
                found.append(definition)
    return sorted(set(found), key=lambda d: (d.start, d.end))


def _apposition(doc: Doc, appos: Token, offset: int) -> Definition | None:
    head = appos.head
    if head.i >= appos.i:
        return None
    name = _name_span(doc, head)
    if name is not None and not _is_name(doc, appos):
        # "Rishi Sunak, the Prime Minister": the phrase is the apposition's subtree.
        phrase = _trimmed(doc, appos.left_edge.i, appos.right_edge.i + 1)
        if phrase is None or not _between_is_separator(doc, name.end, phrase.start):
            return None
        if not _defines(phrase, appos):
            return None
        return _definition(name, phrase, offset, "apposition")
    name = _name_span(doc, appos)
    if name is not None and not _is_name(doc, head) and head.pos_ in _PHRASE_POS:
        # "The Prime Minister, Rishi Sunak": the phrase runs from the head's left
        # edge to the separator before the name.
        phrase = _trimmed(doc, head.left_edge.i, name.start)
        if phrase is None or not _between_is_separator(doc, phrase.end, name.start):
            return None
        if not _defines(phrase, head):
            return None
        return _definition(name, phrase, offset, "apposition")
    return None


def _title(doc: Doc, entity: Span, offset: int) -> Definition | None:
    """ "Home Secretary Suella Braverman": the words before the name that the parser
    joins to it (compounds and their modifiers)."""
    inside = set(range(entity.start, entity.end))
    start = entity.start
    while start > 0:
        previous = doc[start - 1]
        attached = previous.head.i in inside or previous.head.i in range(start, entity.start)
        if not attached or previous.dep_ not in ("compound", "amod", "nmod"):
            break
        if previous.ent_type_ == "PERSON" or previous.text.rstrip(".") in HONORIFICS:
            break
        start -= 1
    if start == entity.start:
        return None
    words = doc[start : entity.start]
    if not any(t.pos_ in _PHRASE_POS for t in words) or not any(t.is_title for t in words):
        return None
    if any(t.ent_type_ in NAME_LABELS and t.ent_type_ != "NORP" for t in words) and all(
        t.ent_type_ for t in words
    ):
        return None  # another name, not a title ("Labour" alone)
    return _definition(entity, words, offset, "role")


def _name_span(doc: Doc, token: Token) -> Span | None:
    """The named entity ``token`` belongs to, or its run of proper nouns."""
    if token.ent_type_ in NAME_LABELS and token.ent_type_ not in ("NORP", "LANGUAGE"):
        for entity in doc.ents:
            if entity.start <= token.i < entity.end:
                return _without_article(doc, entity)
    if token.pos_ not in _NAME_POS:
        return None
    start = token.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == token.i:
        start -= 1
    return doc[start : token.i + 1]


def _without_article(doc: Doc, span: Span) -> Span:
    if len(span) > 1 and span[0].lower_ == "the":
        return doc[span.start + 1 : span.end]
    return span


def _is_name(doc: Doc, token: Token) -> bool:
    """Whether the phrase headed by ``token`` is itself a name (or a number)."""
    if token.pos_ == "NUM" or token.like_num:
        return True
    return token.ent_type_ in NAME_LABELS and token.ent_type_ != "NORP" and token.pos_ == "PROPN"


def _trimmed(doc: Doc, start: int, end: int) -> Span | None:
    """``doc[start:end]`` without punctuation at either end; None if empty or long."""
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end or end - start > _MAX_PHRASE_TOKENS:
        return None
    return doc[start:end]


def _between_is_separator(doc: Doc, end: int, start: int) -> bool:
    """Whether only a comma or a dash lies between ``doc[:end]`` and ``doc[start:]``."""
    between = doc[end:start]
    return len(between) == 1 and between[0].text in _SEPARATORS


def _defines(phrase: Span, head: Token) -> bool:
    """A phrase that says what something is: a common noun, or a determiner first."""
    if head.pos_ not in _PHRASE_POS:
        return False
    return head.pos_ == "NOUN" or phrase[0].lower_ in _DETERMINERS or phrase[0].tag_ == "PRP$"


def _definition(name: Span, phrase: Span, offset: int, kind: DefinitionKind) -> Definition:
    text = phrase.text
    if phrase[0].is_sent_start and phrase[0].text in ("The", "A", "An"):
        text = phrase[0].lower_ + text[len(phrase[0].text) :]
    start = min(name.start_char, phrase.start_char) + offset
    end = max(name.end_char, phrase.end_char) + offset
    return Definition(
        term=name.text,
        definition=text,
        start=start,
        end=end,
        kind=kind,
        term_start=name.start_char + offset,
        term_end=name.end_char + offset,
        definition_start=phrase.start_char + offset,
        definition_end=phrase.end_char + offset,
    )
