"""The article as a source of definitions, and where it mentions a term.

What the article defines comes from ``Annotations.definitions`` (acronyms,
appositions, titles: ``reader.nlp.acronyms`` and ``reader.nlp.appositions``). Without
annotations, ``definitions_for`` finds them for one term: the acronyms from the
text alone, the appositions by parsing only the paragraphs that mention the term,
and only when no acronym answers and a parser is given, so that ``marginalia
define`` loads no language model unless it has to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from reader.annotations import Definition
from reader.article import Article
from reader.definitions.cards import Card, Passage
from reader.nlp.acronyms import acronym_definitions

SOURCE_NAME = "This article"

_HONORIFICS = frozenset("mr mrs ms miss mx dr sir dame lord lady prof professor".split())

# Parses paragraphs and returns what they define: text and its offset -> definitions.
ParagraphParser = Callable[[Sequence[tuple[str, int]]], list[Definition]]


def name_key(name: str) -> str:
    """A name as it is compared: no "the", honorific or possessive, case folded."""
    words = name.replace("’", "'").split()
    if words and words[-1].endswith("'s"):
        words[-1] = words[-1][:-2]
    words = [w.strip(".,;:!?()[]“”\"'") for w in words]
    while len(words) > 1 and words[0].casefold() in ("the", *_HONORIFICS):
        words = words[1:]
    return " ".join(w for w in words if w).casefold()


def matching(term: str, definitions: Iterable[Definition]) -> list[tuple[Definition, bool]]:
    """The article's definitions of ``term``: (definition, whether ``term`` is what
    the definition says, the long form of an acronym or the role a name holds, rather
    than the term defined)."""
    key = name_key(term)
    if not key:
        return []
    found: list[tuple[Definition, bool]] = []
    for definition in definitions:
        defined = name_key(definition.term)
        if key == defined:
            found.append((definition, False))
        elif definition.kind == "acronym" and key == name_key(definition.definition):
            found.append((definition, True))
        elif definition.kind != "acronym" and _is_part_of_name(key, defined):
            found.append((definition, False))
        elif definition.kind != "acronym" and key == name_key(definition.definition):
            found.append((definition, True))  # "the Prime Minister": Rishi Sunak
    return found


def _is_part_of_name(key: str, defined: str) -> bool:
    """ "sunak" and "rishi sunak": one name ends the other, a whole word at a time."""
    shorter, longer = sorted((key, defined), key=len)
    return longer.endswith(" " + shorter) and shorter[:1].isalpha()


def cards(term: str, text: str, definitions: Iterable[Definition]) -> list[Card]:
    """One card per definition of ``term`` the article gives, in the article's order."""
    result = []
    seen = set()
    for definition, reverse in matching(term, definitions):
        if not reverse:
            explanation = definition.definition
        elif definition.kind == "acronym":
            explanation = f"Shortened to {definition.term} in this article"
        else:
            explanation = definition.term
        if (explanation.casefold(), reverse) in seen:
            continue  # the same definition given twice
        seen.add((explanation.casefold(), reverse))
        result.append(
            Card(
                term=term,
                headword=definition.definition if reverse else definition.term,
                definition=explanation,
                source="article",
                source_name=SOURCE_NAME,
                found_at=Passage(
                    definition.start, definition.end, text[definition.start : definition.end]
                ),
                kind=definition.kind,
            )
        )
    return result


def other_names(term: str, definitions: Iterable[Definition]) -> list[str]:
    """What else the article calls the thing: an acronym's long form, or its short form."""
    names = []
    for definition, reverse in matching(term, definitions):
        if definition.kind == "acronym":
            names.append(definition.term if reverse else definition.definition)
    return list(dict.fromkeys(names))


def mentions(text: str, names: Iterable[str], inflected: Iterable[str] = ()) -> list[Passage]:
    """Every place ``text`` mentions one of ``names`` (whole words; a name with capitals
    in its own case, a plain word in any), and the words in ``inflected`` with an
    ending ("deportation" finds "deportations")."""
    patterns = []
    for name in dict.fromkeys(n for n in names if n.strip()):
        escaped = r"\s+".join(re.escape(part) for part in name.split())
        flags = "" if name != name.lower() else "(?i)"
        patterns.append(f"{flags}(?<!\\w){escaped}(?!\\w)")
    for word in dict.fromkeys(w for w in inflected if w.strip()):
        escaped = r"\s+".join(re.escape(part) for part in word.split())
        patterns.append(f"(?i)(?<!\\w){escaped}(?:s|es|d|ed|ing)?(?!\\w)")
    spans: set[tuple[int, int]] = set()
    for pattern in patterns:
        spans.update(m.span() for m in re.finditer(pattern, text))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return [Passage(start, end, text[start:end]) for start, end in merged]


_COMMA_AFTER = re.compile(r"[’'”]?\s*[,–—]")
_COMMA_BEFORE = re.compile(r"[,–—]\s*(?:the\s+)?$")
_CAPITAL_BEFORE = re.compile(r"\b[A-Z][\w.’'-]*\s+$")


def _may_be_defined_at(text: str, mention: Passage) -> bool:
    """Whether a mention has the shape of an apposition ("Sunak, the Prime Minister",
    "the Prime Minister, Rishi Sunak") or a title ("Home Secretary Suella Braverman"),
    so that its paragraph is worth parsing."""
    before = text[max(0, mention.start - 40) : mention.start]
    return bool(
        _COMMA_AFTER.match(text, mention.end)
        or _COMMA_BEFORE.search(before)
        or _CAPITAL_BEFORE.search(before)
    )


def definitions_for(
    term: str, article: Article, parse: ParagraphParser | None = None
) -> list[Definition]:
    """What the article defines that answers ``term``: its acronyms, and when none of
    them does, ``parse`` is given and the term is a name (has a capital letter), the
    appositions and titles of the paragraphs that mention it in a shape they take."""
    found = acronym_definitions(article.text)
    if matching(term, found) or parse is None or term == term.lower():
        return found  # appositions and titles define names, which have capitals
    text = article.text
    names = [term, name_key(term)]
    places = [m.start for m in mentions(text, names) if _may_be_defined_at(text, m)]
    paragraphs = [
        (text[p.start : p.end], p.start)
        for p in article.paragraphs
        if any(p.start <= place < p.end for place in places)
    ]
    if not paragraphs:
        return found
    return sorted([*found, *parse(paragraphs)], key=lambda d: (d.start, d.end))
