"""Finding who a quote is attributed to, on one paragraph's dependency parse.

For each span in ``doc.spans["quotes"]`` the component looks for the cue, the
words that attribute it ("said", "told", "warned", "according to", a colon after
"the Prime Minister said"), and the cue's subject, the speaker:

1. on the parse: the nearest head above the quote that is a speech or thought
   verb, or such a verb hanging off the quote ("…,” she said); the speaker is the
   verb's subject, looked for through "is set to warn", "…, and will say",
   "…, saying" and "who said" to the noun they belong to;
2. "according to X" next to the quote;
3. around the marks, when the parser split the sentence at the quote: a clause of
   a few words right after the closing mark ("she said.") or right before the
   opening one ("the minister said:" / "she said, “…");
4. a speech verb earlier in the quote's sentence that the parse did not tie to it;
5. failing a speech verb, the subject of the verb the quoted phrase belongs to,
   for a phrase quoted inside a sentence ("he turned to “little” Marco Rubio"),
   when that subject can speak (a person, a group, a pronoun for one) and the
   phrase is not a title-case name ("Saturday Night Live").

A quote with none of these gets no speaker here; the article-level pass may give
it the previous speaker (a quote paragraph that continues someone's words) or call
it a scare quote. Every speech-verb subject in the paragraph, quoted or not, also
goes to ``doc.spans["speakers"]``: "a Downing Street official said …" is what a
later "They argued that the “scourge …”" refers back to.

Results, on each quote span: ``span._.speaker`` and ``span._.cue`` (Spans or None),
``span._.attribution`` (how it was found: "parse", "according", "after",
"before", "sentence", "governor" or ""), and ``span._.quote_kind`` ("direct" or
"title": a quote right after "titled", "a book", "the film" … in title case).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from reader.nlp.quotes import QUOTES_KEY

SPEAKERS_KEY = "speakers"

# Lemmas of verbs that report speech, writing or thought (lemmas as spaCy's English
# lemmatizer gives them).
CUE_LEMMAS = frozenset(
    """
    say tell add write tweet post call ask continue note report describe state
    respond reply explain declare conclude argue read pledge insist promise accuse
    chant warn admit suggest recall claim cite shout vow blame announce acknowledge
    remark assure urge joke answer praise mock lament question put emphasize
    emphasise boast assert concede predict complain credit quote yell dub bark
    charge refer label brand deride decry dismiss criticize criticise slam blast
    thank tout hail welcome proclaim affirm maintain contend counter retort quip
    observe comment mention recount testify confirm deny reveal disclose caution
    stress insist repeat reiterate plead beg demand order instruct advise announce
    wonder think believe feel fear hope worry know agree disagree acknowledge
    whisper mutter murmur scream cry exclaim sing gush rave rant fume grumble
    concede allege threaten inform recommend propose vow swear characterize
    characterise summarize summarise ridicule scoff sneer taunt tease lecture
    preach muse speculate point title nickname term style issue
    """.split()
)
# Of those, the ones that name a work rather than report words ("a book titled …").
TITLE_LEMMAS = frozenset("title entitle headline".split())
TITLE_NOUNS = frozenset(
    """
    book novel memoir film movie documentary show series episode song album single
    poem play musical article essay column op-ed editorial headline report speech
    painting anthem slogan hashtag program programme podcast
    """.split()
)
SPEAKING_PRONOUNS = frozenset({"he", "she", "they", "i", "we", "who"})
# Common nouns for people and groups that are quoted (lemmas).
SOURCE_NOUNS = frozenset(
    """
    official spokesman spokeswoman spokesperson aide adviser advisor source supporter
    critic opponent campaign candidate voter protester protestor activist analyst
    expert lawmaker legislator senator governor president leader chairman chairwoman
    chair director member delegate democrat republican conservative liberal reporter
    journalist columnist writer author editor host anchor man woman people person
    crowd audience group committee administration party strategist pollster
    economist lawyer attorney judge prosecutor officer minister secretary mayor
    nominee rival challenger manager staffer operative insider observer commentator
    pundit blogger resident worker student parent friend chief executive founder
    representative congressman congresswoman ambassador diplomat king queen
    """.split()
)
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Dependencies through which a verb shares its subject with its head:
# "is set to warn" (xcomp), "…, and will say" (conj), "…, saying" (advcl).
# "was quick to add" (xcomp of an adjective complement).
_SUBJECT_SHARING = frozenset({"xcomp", "conj", "advcl", "pcomp", "acomp"})
_RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})
# Right-hand dependents that belong in a speaker's name: "Secretary of State".
_NAME_RIGHT_DEPS = frozenset({"compound", "flat", "nummod", "prep", "pobj", "amod"})
# How far around the marks a "she said" clause may lie, in tokens.
_AFTER_WINDOW = 8
_BEFORE_WINDOW = 10
_QUOTE_MARKS = frozenset("“”«»„\"‘’'")


# (speaker, cue) as found for one quote.
Found = tuple[Span, Span]


class SpeakerFinder:
    """spaCy component: the cue and speaker of each quote in ``doc.spans["quotes"]``."""

    def __init__(self, nlp: Language, name: str = "marginalia_speakers") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        quotes = list(doc.spans[QUOTES_KEY]) if QUOTES_KEY in doc.spans else []
        inside = bytearray(len(doc))
        for quote in quotes:
            inside[quote.start : quote.end] = b"\1" * len(quote)
        for quote in quotes:
            _attribute(quote, inside)
        doc.spans[SPEAKERS_KEY] = list(_speech_subjects(doc, inside))
        return doc


def _attribute(quote: Span, inside: bytearray) -> None:
    found = _title(quote)
    if found:
        quote._.quote_kind = "title"
        quote._.cue = found
        return
    quote._.quote_kind = "direct"
    for method, finder in (
        ("parse", _by_parse),
        ("according", _by_according_to),
        ("after", _by_clause_after),
        ("before", _by_clause_before),
        ("sentence", _by_earlier_cue),
        ("governor", _by_governing_verb),
    ):
        result = finder(quote, inside)
        if result is not None:
            speaker, cue = result
            quote._.speaker = speaker
            quote._.cue = cue
            quote._.attribution = method
            return


def _title(quote: Span) -> Span | None:
    """The word that makes a quote the name of a work: "a book titled “…”"."""
    doc = quote.doc
    words = [t for t in quote if t.is_alpha]
    if not words or not words[0].is_title:
        return None
    before = [t for t in doc[max(0, quote.start - 3) : quote.start] if not t.is_punct]
    for token in reversed(before):
        if token.lemma_.lower() in TITLE_LEMMAS or token.lower_ in TITLE_NOUNS:
            return doc[token.i : token.i + 1]
        if token.lower_ in {"called", "named"} and any(
            t.lower_ in TITLE_NOUNS for t in doc[max(0, token.i - 3) : token.i]
        ):
            return doc[token.i : token.i + 1]
    return None


# Present-tense cue forms the tagger can take for plural nouns ("…,” Viguerie notes.).
CUE_FORMS = frozenset("says adds notes writes tweets explains recalls argues continues".split())


def _is_cue(token: Token) -> bool:
    if token.pos_ in {"VERB", "AUX"}:
        return token.lemma_.lower() in CUE_LEMMAS
    return token.lower_ in CUE_FORMS and token.dep_ in {"ROOT", "conj", "parataxis", "ccomp"}


def _attachments(quote: Span) -> Iterator[Token]:
    """The tokens outside the quote that words of the quote hang from."""
    for token in quote:
        head = token.head
        if head.i < quote.start or head.i >= quote.end:
            yield head


def _by_parse(quote: Span, inside: bytearray) -> Found | None:
    # A speech verb above the quote: "She said “…”", "“…,” she said", "warn … “…”".
    for head in _attachments(quote):
        for token in _up_from(head):
            if inside[token.i]:
                break
            if _is_cue(token):
                found = _speaker_of(token, quote, inside)
                if found:
                    return found
                break
    # A speech verb hanging off the quote's own words, just outside the marks
    # ("“…,” she said" parsed with "said" under the quoted verb).
    for token in quote:
        for child in token.children:
            if inside[child.i] or not _is_cue(child):
                continue
            if quote.end <= child.i <= quote.end + _AFTER_WINDOW or (
                quote.start - _BEFORE_WINDOW <= child.i < quote.start
            ):
                found = _speaker_of(child, quote, inside)
                if found:
                    return found
    return None


def _up_from(token: Token) -> Iterator[Token]:
    """The token and its heads, up to the root of its sentence."""
    for _ in range(12):
        yield token
        if token.head.i == token.i:
            return
        token = token.head


def _by_according_to(quote: Span, inside: bytearray) -> Found | None:
    doc = quote.doc
    sentence = quote.sent
    low = max(sentence.start, quote.start - _BEFORE_WINDOW)
    high = min(max(sentence.end, quote.end + 1), quote.end + _AFTER_WINDOW, len(doc))
    for token in doc[low:high]:
        if inside[token.i] or token.lower_ != "according":
            continue
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is None or following.lower_ != "to":
            continue
        objects = [c for c in following.children if c.dep_ == "pobj" and not inside[c.i]]
        if objects:
            return _noun_phrase(objects[0]), doc[token.i : token.i + 2]
    return None


def _by_clause_after(quote: Span, inside: bytearray) -> Found | None:
    """“…,” she said. / “…,” said Ms Holloway, … : a short clause after the close."""
    doc = quote.doc
    start = quote.end
    while start < len(doc) and (doc[start].text in _QUOTE_MARKS or doc[start].is_punct):
        if doc[start].text in ".!?" and start > quote.end:
            return None
        start += 1
    stop = start
    while stop < min(len(doc), start + _AFTER_WINDOW) and not inside[stop]:
        if doc[stop].text in _QUOTE_MARKS or doc[stop].text in ".!?;":
            break
        stop += 1
    for token in doc[start:stop]:
        if _is_cue(token):
            found = _speaker_of(token, quote, inside, within=(start, stop + 12))
            if found:
                return found
    return None


def _by_clause_before(quote: Span, inside: bytearray) -> Found | None:
    """The Prime Minister said: “…” / she said, “…” : a clause ending at the mark."""
    doc = quote.doc
    end = quote.start
    while end > 0 and doc[end - 1].text in _QUOTE_MARKS:
        end -= 1
    if end == 0 or doc[end - 1].text not in {":", ",", "—", "-", "–"}:
        return None
    start = end - 1
    while start > max(0, end - 1 - _BEFORE_WINDOW) and not inside[start - 1]:
        if doc[start - 1].text in _QUOTE_MARKS or doc[start - 1].text in ".!?;":
            break
        start -= 1
    for token in reversed(doc[start:end]):
        if _is_cue(token):
            found = _speaker_of(token, quote, inside, within=(start, end))
            if found:
                return found
    return None


def _by_earlier_cue(quote: Span, inside: bytearray) -> Found | None:
    """A speech verb earlier in the quote's sentence, when the parse did not tie them."""
    doc = quote.doc
    sentence = doc[quote.start].sent
    for token in reversed(doc[sentence.start : quote.start]):
        if inside[token.i] or not _is_cue(token):
            continue
        found = _speaker_of(token, quote, inside)
        if found:
            return found
        break
    return None


def _by_governing_verb(quote: Span, inside: bytearray) -> Found | None:
    """A phrase quoted inside a sentence: the subject of the verb it belongs to,
    when that subject can be a source (a person, a group, a pronoun for one)."""
    if looks_like_a_name(quote):
        return None
    for head in _attachments(quote):
        for token in _up_from(head):
            if token.pos_ in {"VERB", "AUX"}:
                subject = _subject(token)
                if (
                    subject is not None
                    and not inside[subject.i]
                    and not _contains(subject, quote)
                    and _can_speak(subject)
                ):
                    return _noun_phrase(subject), token.doc[token.i : token.i + 1]
                if token.dep_ not in _SUBJECT_SHARING:
                    break
        break
    return None


def looks_like_a_name(quote: Span) -> bool:
    """A quoted phrase in title case with no verb: "Saturday Night Live", "Gang of
    Eight": more likely the name of a show, a group or a slogan than someone's words."""
    words = [t for t in quote if t.is_alpha]
    if not words or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return False
    return all(t.is_title or t.is_upper or t.is_stop for t in words) and words[0].is_title


def _can_speak(token: Token) -> bool:
    """Whether a subject can be a source: a person, a group, or a pronoun for one."""
    if token.pos_ == "PRON":
        return token.lower_ in SPEAKING_PRONOUNS
    if token.pos_ == "PROPN" or token.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return True
    return token.lemma_.lower() in SOURCE_NOUNS


def _contains(subject: Token, quote: Span) -> bool:
    """Whether the quote is part of the subject's phrase ("the “alt-right” movement")."""
    return any(t.i in range(quote.start, quote.end) for t in subject.subtree)


def _speaker_of(
    cue: Token, quote: Span, inside: bytearray, within: tuple[int, int] | None = None
) -> Found | None:
    subject = _subject(cue)
    if subject is None or inside[subject.i] or _contains(subject, quote):
        return None
    if within is not None and not within[0] <= subject.i < within[1]:
        return None
    if subject.lower_ == "it" and any(c.dep_ == "auxpass" for c in cue.children):
        return None  # "it was said": no one is named
    doc = cue.doc
    return _noun_phrase(subject), doc[cue.i : cue.i + 1]


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it shares one with; through "who"."""
    token = verb
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            subject = subjects[0]
            if subject.lower_ in _RELATIVE_PRONOUNS and token.dep_ == "relcl":
                return token.head
            return subject
        if token.dep_ in _SUBJECT_SHARING and token.head.i != token.i:
            token = token.head
            continue
        if token.dep_ == "relcl" and token.head.i != token.i:
            return token.head
        return None
    return None


def _noun_phrase(head: Token) -> Span:
    """The speaker's words: the head with its determiners, names and modifiers,
    without an apposition or a relative clause ("John Smith, a spokesman, who …")."""
    doc = head.doc
    start = head.i
    for child in head.lefts:
        if child.dep_ in {"punct", "cc", "conj", "appos"} or child.text in _QUOTE_MARKS:
            continue
        start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ not in _NAME_RIGHT_DEPS or child.i != end:
            break
        end = child.right_edge.i + 1
    while start < head.i and (doc[start].is_punct or doc[start].text in _QUOTE_MARKS):
        start += 1
    return doc[start:end]


def _speech_subjects(doc: Doc, inside: bytearray) -> Iterable[Span]:
    """The subjects of every speech verb outside the quotes: the paragraph's sources."""
    seen: set[int] = set()
    for token in doc:
        if inside[token.i] or not _is_cue(token):
            continue
        subject = _subject(token)
        if subject is None or inside[subject.i] or subject.i in seen:
            continue
        if subject.pos_ == "PRON" and subject.lower_ in {"it", "you", "i", "we"}:
            continue
        seen.add(subject.i)
        yield _noun_phrase(subject)
