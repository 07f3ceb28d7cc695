"""Quotes across the whole article: linking, carrying speakers forward, resolving them.

The spaCy components see one paragraph at a time (``reader.nlp.quotes``,
``reader.nlp.speakers``). What needs the whole article happens here, on plain data
with article offsets:

1. **Linking**: a quote left open at the end of its paragraph continues when the
   next paragraph opens with a mark; the pieces become one ``Quote`` with several
   ``parts``. An open quote with no such continuation ends with its paragraph.
2. **The previous speaker**: a quote with no attribution of its own that opens its
   paragraph, or reads as whole sentences, is given the speaker of the attribution
   just before it, in its own paragraph or the one before (a run of quote paragraphs
   carries the speaker along). A short phrase in quotes with no attribution is a
   scare quote: nobody is named as saying it.
3. **Resolution to an entity** (``Speaker.entity``), only on evidence in the text:

   - a speaker that contains a mention of a grouped entity at its head is that
     entity ("Mr Sunak", "Trump campaign manager Kellyanne Conway");
   - "he"/"she" is the nearest person before it: the previous speaker when that is
     a person, else the nearest named person; "they" is the nearest unnamed or
     collective source before it ("a Downing Street official … They argued");
   - a role ("the Prime Minister", "the senator") is the person the article gives
     that role to, by a title before the name ("Prime Minister Rishi Sunak") or an
     apposition ("Rishi Sunak, the Prime Minister"). With no such evidence, a
     definite office title refers to the article's protagonist: the one person
     named before it who is mentioned at least twice as often as anyone else.
     Journalists name the protagonist first and then use the role for them
     ("Rishi Sunak is set to warn … The Prime Minister will be attending …"); when
     no one dominates, the role stays unresolved;
   - an indefinite or unnamed speaker ("a Downing Street official", "sources")
     keeps its own words and no entity. Nothing is ever attributed without a
     speaker in the text: the speaker's words and offsets are always the article's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span

from reader.annotations import Cue, Entity, Quote, QuoteKind, Reference, Speaker
from reader.nlp.quotes import QUOTES_KEY
from reader.nlp.speakers import SPEAKERS_KEY

MALE_PRONOUNS = frozenset({"he", "him", "his"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
PLURAL_PRONOUNS = frozenset({"they", "them"})
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | PLURAL_PRONOUNS
_MALE_HONORIFICS = frozenset({"mr", "sir", "lord"})
_FEMALE_HONORIFICS = frozenset({"mrs", "ms", "miss", "dame", "lady"})
COLLECTIVE_LABELS = frozenset({"ORG", "NORP", "GPE"})
# Office titles that journalists use in place of the name of the person they are
# writing about ("the Prime Minister", "the senator", "the Republican nominee").
OFFICE_TITLES = frozenset(
    """
    president minister chancellor premier senator governor mayor candidate nominee
    congressman congresswoman representative secretary speaker leader chairman
    chairwoman chair commissioner ambassador king queen prince princess pope
    taoiseach monarch chief executive judge justice attorney general mogul billionaire
    frontrunner front-runner businessman businesswoman
    """.split()
)
# A phrase quoted inside a sentence this short, with no attribution, is a scare quote.
SCARE_MAX_WORDS = 6
_WORD = re.compile(r"[\w’'-]+")
_ROLE_WORD = re.compile(r"[A-Za-z][\w’'.-]*")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that"})
_ROLE_STOP = frozenset(
    """
    the a an and or but of in on at to for with by from as is was said says says
    told , . ; : who which that when while after before has had have will would
    """.split()
)


@dataclass(frozen=True)
class RawSpeaker:
    """A speaker as the parse found it, in article offsets."""

    start: int
    end: int
    text: str
    head_start: int
    head_end: int
    # The head word in lower case ("he", "minister", "official").
    head: str
    # True for a plural noun ("officials", "sources").
    plural: bool = False


@dataclass(frozen=True)
class RawQuote:
    """One paragraph's piece of a quote, with what the parse found for it."""

    start: int
    end: int
    paragraph: int
    closed: bool
    opens_paragraph: bool
    kind: QuoteKind
    speaker: RawSpeaker | None
    cue: Cue | None
    attribution: str
    # True when the piece is a sentence or more rather than a phrase within one.
    sentence_like: bool


@dataclass(frozen=True)
class ParagraphFindings:
    quotes: tuple[RawQuote, ...]
    # Every speech-verb subject in the paragraph, quoted or not.
    sources: tuple[RawSpeaker, ...]


def findings_from_doc(doc: Doc, offset: int, paragraph: int) -> ParagraphFindings:
    """The quotes and sources of one paragraph's doc, in article offsets."""
    quotes = []
    for span in doc.spans.get(QUOTES_KEY, ()):
        speaker = span._.speaker
        cue = span._.cue
        quotes.append(
            RawQuote(
                start=span.start_char + offset,
                end=span.end_char + offset,
                paragraph=paragraph,
                closed=bool(span._.quote_closed),
                opens_paragraph=bool(span._.quote_opens_paragraph),
                kind=span._.quote_kind,
                speaker=_raw_speaker(speaker, offset) if speaker is not None else None,
                cue=Cue(cue.text, cue.start_char + offset, cue.end_char + offset)
                if cue is not None
                else None,
                attribution=span._.attribution,
                sentence_like=_sentence_like(span),
            )
        )
    sources = tuple(
        sorted(
            (_raw_speaker(s, offset) for s in doc.spans.get(SPEAKERS_KEY, ())),
            key=lambda s: s.start,
        )
    )
    return ParagraphFindings(tuple(quotes), sources)


def _raw_speaker(span: Span, offset: int) -> RawSpeaker:
    head = span.root
    return RawSpeaker(
        start=span.start_char + offset,
        end=span.end_char + offset,
        text=span.text,
        head_start=head.idx + offset,
        head_end=head.idx + len(head.text) + offset,
        head=head.lower_,
        plural=head.tag_ in {"NNS", "NNPS"},
    )


def _sentence_like(span: Span) -> bool:
    """A quote that is a sentence (or more) of someone's words, not a phrase in one.

    It opens its paragraph, follows a colon, a full stop or a comma, or starts with
    a capital and holds a verb, or runs past one sentence.
    """
    words = [t for t in span if not t.is_punct]
    if not words:
        return False
    doc = span.doc
    before = doc[span.start - 2] if span.start >= 2 else None
    after_boundary = before is None or before.text in {":", ".", "!", "?", ",", "—"}
    if after_boundary and len(words) > 2:
        return True
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in words)
    runs_over = words[0].sent.end <= words[-1].i
    return (words[0].is_title and has_verb and len(words) > SCARE_MAX_WORDS) or runs_over


def link_quotes(
    text: str,
    paragraphs: Sequence[ParagraphFindings],
    entities: Sequence[Entity],
) -> tuple[Quote, ...]:
    """The article's quotes: linked across paragraphs, speakers carried and resolved."""
    resolver = _Resolver(text, entities)
    pieces = [q for p in paragraphs for q in p.quotes]
    groups = _link(pieces)
    # Sources and quotes in reading order, so each speaker is resolved with what
    # came before it (a pronoun's antecedent, the previous speaker).
    events: list[tuple[int, int, RawSpeaker | list[RawQuote]]] = []
    for index, findings in enumerate(paragraphs):
        for source in findings.sources:
            events.append((source.start, index, source))
    for group in groups:
        events.append((group[0].start, group[0].paragraph, group))
    events.sort(key=lambda e: (e[0], 0 if isinstance(e[2], RawSpeaker) else 1))

    previous: tuple[Speaker, int] | None = None  # (speaker, paragraph of its last use)
    resolved_sources: dict[tuple[int, int], Speaker] = {}
    quotes: list[Quote] = []
    for _, paragraph, item in events:
        if isinstance(item, RawSpeaker):
            key = (item.start, item.end)
            if key not in resolved_sources:
                resolved_sources[key] = resolver.resolve(item)
            previous = (resolved_sources[key], paragraph)
            continue
        group = item
        quote = _quote_of(text, group)
        raw = next((q.speaker for q in group if q.speaker is not None), None)
        if quote.kind == "direct" and raw is not None:
            key = (raw.start, raw.end)
            if key not in resolved_sources:
                resolved_sources[key] = resolver.resolve(raw)
            speaker = resolved_sources[key]
            how = next(q.attribution for q in group if q.speaker is not None)
            quote = replace(quote, speaker=speaker, attribution=how)
            previous = (speaker, group[-1].paragraph)
        elif quote.kind == "direct":
            first = group[0]
            carries = first.opens_paragraph or first.sentence_like or len(group) > 1
            if (
                carries
                and previous is not None
                and previous[1] >= first.paragraph - 1
                and (first.opens_paragraph or previous[1] == first.paragraph)
            ):
                quote = replace(quote, speaker=previous[0], attribution="previous")
                previous = (previous[0], group[-1].paragraph)
            elif not first.sentence_like and _word_count(quote.text) <= SCARE_MAX_WORDS:
                quote = replace(quote, kind="scare")
        quotes.append(quote)
    return tuple(quotes)


def _link(pieces: Sequence[RawQuote]) -> list[list[RawQuote]]:
    """Group the pieces of quotes that run over several paragraphs."""
    groups: list[list[RawQuote]] = []
    for piece in pieces:
        if groups:
            last = groups[-1][-1]
            if (
                not last.closed
                and piece.opens_paragraph
                and piece.paragraph == last.paragraph + 1
                and last.kind == "direct"
            ):
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return groups


def _quote_of(text: str, group: Sequence[RawQuote]) -> Quote:
    start, end = group[0].start, group[-1].end
    cue = next((q.cue for q in group if q.cue is not None), None)
    return Quote(
        start=start,
        end=end,
        text=text[start:end],
        kind=group[0].kind,
        parts=tuple((q.start, q.end) for q in group),
        cue=cue,
    )


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


class _Resolver:
    """Resolves speakers to the article's entities (see the module's notes)."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        self._by_id = {e.id: e for e in entities}
        self._mentions = sorted(
            ((m.start, m.end, e) for e in entities for m in e.mentions), key=lambda m: m[0]
        )
        self._starts = [m[0] for m in self._mentions]
        self._people = [e for e in entities if e.label == "PERSON"]
        self._gender = {e.id: _gender_by_honorific(e) for e in self._people}
        self._roles = _role_evidence(text, self._people)
        self._text = text
        self._history: list[Speaker] = []

    def resolve(self, raw: RawSpeaker) -> Speaker:
        if raw.head in PRONOUNS and raw.end - raw.start == len(raw.head):
            entity, refers_to = self._antecedent(raw)
            speaker = Speaker(raw.text, raw.start, raw.end, entity, refers_to)
        else:
            named = self._entity_at_head(raw)
            entity_id = named.id if named is not None else self._role_holder(raw)
            speaker = Speaker(raw.text, raw.start, raw.end, entity_id)
        self._history.append(speaker)
        return speaker

    def _entity_at_head(self, raw: RawSpeaker) -> Entity | None:
        index = bisect.bisect_left(self._starts, raw.start - 200)
        while index < len(self._mentions) and self._mentions[index][0] < raw.end:
            start, end, entity = self._mentions[index]
            if start < raw.head_end and end > raw.head_start:
                return entity
            index += 1
        return None

    def _latest_before(self, offset: int, count: int) -> list[Speaker]:
        """The last ``count`` speakers resolved so far that end by ``offset``, in the
        order they were resolved. Looked for from the latest back, so that a long
        article's pronouns do not each go through all of its speakers."""
        found: list[Speaker] = []
        for speaker in reversed(self._history):
            if speaker.end <= offset:
                found.append(speaker)
                if len(found) == count:
                    break
        found.reverse()
        return found

    def _antecedent(self, raw: RawSpeaker) -> tuple[str | None, Reference | None]:
        earlier = self._latest_before(raw.start, 3)
        if raw.head in PLURAL_PRONOUNS:
            # "They" after an unnamed or collective source stands for that source.
            for speaker in reversed(earlier):
                entity = self._by_id.get(speaker.entity or "")
                if entity is not None and entity.label == "PERSON":
                    continue
                if speaker.text.lower() in PRONOUNS:
                    return speaker.entity, speaker.refers_to
                return speaker.entity, _reference(speaker)
            return None, None
        gender = "m" if raw.head in MALE_PRONOUNS else "f"
        # The previous speaker, when that is a named person of the right gender.
        if earlier and raw.start - earlier[-1].end < 600:
            speaker = earlier[-1]
            entity = self._by_id.get(speaker.entity or "")
            if (
                entity is not None
                and entity.label == "PERSON"
                and self._gender.get(entity.id) in (None, gender)
            ):
                return entity.id, speaker.refers_to or _reference(speaker)
        # Else the nearest person named before it.
        index = bisect.bisect_left(self._starts, raw.start) - 1
        while index >= 0 and raw.start - self._mentions[index][1] < 1500:
            start, end, entity = self._mentions[index]
            if entity.label == "PERSON" and self._gender.get(entity.id) in (None, gender):
                return entity.id, Reference(self._text[start:end], start, end)
            index -= 1
        return None, None

    def _role_holder(self, raw: RawSpeaker) -> str | None:
        words = [w.lower() for w in _ROLE_WORD.findall(raw.text)]
        if len(words) < 2 or words[0] != "the" or raw.plural:
            return None
        role = words[1:]
        for size in range(len(role), 0, -1):
            holders = self._roles.get(" ".join(role[-size:]))
            if holders:
                return next(iter(holders)) if len(holders) == 1 else None
        if role[-1] in OFFICE_TITLES:
            return self._protagonist(raw.start)
        return None

    def _protagonist(self, before: int) -> str | None:
        ranked = sorted(self._people, key=lambda e: len(e.mentions), reverse=True)
        if not ranked:
            return None
        best = ranked[0]
        runner_up = len(ranked[1].mentions) if len(ranked) > 1 else 0
        if len(best.mentions) < 2 or len(best.mentions) < 2 * runner_up:
            return None
        if best.mentions[0].start >= before:
            return None
        return best.id


def _reference(speaker: Speaker) -> Reference:
    return Reference(speaker.text, speaker.start, speaker.end)


def _gender_by_honorific(entity: Entity) -> str | None:
    for mention in entity.mentions:
        first = mention.text.split()[0].rstrip(".").lower()
        if first in _MALE_HONORIFICS:
            return "m"
        if first in _FEMALE_HONORIFICS:
            return "f"
    return None


_TITLE_BEFORE = re.compile(r"((?:[A-Za-z][\w’'.-]* ){1,4})$")
_APPOSITION_AFTER = re.compile(
    r"^, (?:the |a |an )?((?:[A-Za-z][\w’'.-]* ?){1,5}?)(?:,|\.|;| who\b)"
)
_APPOSITION_BEFORE = re.compile(r"\b[Tt]he ([A-Za-z][\w’'.-]*(?: [A-Za-z][\w’'.-]*){0,3}), $")


def _role_evidence(text: str, people: Iterable[Entity]) -> dict[str, set[str]]:
    """Role words the article puts next to each person's name, and the people with them.

    "Prime Minister Rishi Sunak", "Rishi Sunak, the Prime Minister," and "the Prime
    Minister, Rishi Sunak," all give "prime minister" (and "minister") -> Sunak.
    """
    roles: dict[str, set[str]] = {}
    for entity in people:
        for mention in entity.mentions:
            phrases = []
            before = _TITLE_BEFORE.search(text, max(0, mention.start - 60), mention.start)
            if before:
                words = before.group(1).split()
                # Keep the run of role words right before the name.
                kept: list[str] = []
                for word in reversed(words):
                    if word.lower() in _ROLE_STOP or word.endswith(("’s", "'s")):
                        break
                    kept.insert(0, word)
                if kept:
                    phrases.append(kept)
            after = _APPOSITION_AFTER.search(text[mention.end : mention.end + 80])
            if after:
                phrases.append(after.group(1).split())
            apposed = _APPOSITION_BEFORE.search(text, max(0, mention.start - 60), mention.start)
            if apposed:
                phrases.append(apposed.group(1).split())
            for words in phrases:
                lowered = [w.lower().strip(".,") for w in words]
                if lowered[0] in _DETERMINERS:
                    lowered = lowered[1:]
                for size in range(1, len(lowered) + 1):
                    roles.setdefault(" ".join(lowered[-size:]), set()).add(entity.id)
    return roles
