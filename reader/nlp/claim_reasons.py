"""Why a sentence is, or is not, a claim: rules on spaCy's parse.

A claim is a statement of fact that could be true or false and matters if it is
wrong. The reasons are the kinds of claim fact-checkers sort statements into
(Full Fact's claim types, and the ClaimBuster and CheckThat! guidelines):

==============  ====================================================================
reason          what fires it
==============  ====================================================================
statistic       a number, percentage, sum of money or quantity ("rose by 50%",
                "$750", "seven million people"); a date alone is not one
comparison      a comparative or superlative ("fewer", "the slowest … since 1929"),
                a trend verb ("risen", "doubled", "cut"), "than", "since" a date
cause           cause and effect: "because", "due to", "as a result", "led to",
                "caused", "prevented", "blamed", "responsible for"
prediction      what will happen, said by someone of someone else: "will", "going
                to", "expected to", "forecast"; a first-person "we will" is a
                pledge, and a diary date ("will attend a meeting") is scene-setting
law             a law, bill, rule, court, ban, mandate or treaty, or what is legal
                or illegal: how things officially work
attributed      an assertion someone is reported as making: a reporting verb with
                a content clause ("officials said the system is failing"),
                "according to", or words in quotation marks
record          what someone did, on the record: a past-tense action with a person
                or an organisation (or "I"/"we"/"he") as its subject ("He has
                never offered a plan", "We took away the individual mandate")
state           how things are: a present-tense statement about a thing or a group
                (not about the speaker or the listener); also the fallback reason
                of a sentence the model scores as a claim when no rule above fires
==============  ====================================================================

Signs that a stretch is not a claim, used as evidence against it:

==============  ====================================================================
question        it ends with a question mark
frame           it only introduces someone's words: "Speaking ahead of his trip, the
                Prime Minister said:" (a reporting verb and nothing it reports)
opinion         "I think", "in my view", "we should", "we need to", "must"
feeling         the speaker's feelings: "I am proud", "we hope", "I love"
pledge          a first-person promise: "we will protect people"
instruction     an imperative: "Take a look at …"
fragment        fewer than four words, or no verb and no number
==============  ====================================================================

Everything here works on one sentence or clause of a parsed doc (a ``Stretch``: the
doc's tokens read once, ``reader.nlp.parsed``) and reads only the parse (tags,
dependencies, lemmas, entities), so it can be tested on docs built by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Span

from reader.nlp.parsed import ParsedDoc, Stretch

# Reason -> how the reader is told it (a tooltip, the side panel).
REASONS: dict[str, str] = {
    "statistic": "a quantity or statistic",
    "comparison": "a comparison or trend",
    "cause": "cause and effect",
    "prediction": "a prediction",
    "law": "a law or rule",
    "attributed": "an assertion attributed to someone",
    "record": "a record of what someone did",
    "state": "a statement of how things are",
}
# Sign -> how the reader is told it.
AGAINST: dict[str, str] = {
    "question": "a question",
    "frame": "introduces someone's words",
    "opinion": "an opinion",
    "feeling": "a feeling",
    "pledge": "a promise",
    "instruction": "an instruction",
    "fragment": "too short to assert anything",
}
# The signs that rule a stretch out whatever the model's score.
DISQUALIFYING = frozenset({"question", "frame", "fragment"})

NUMBER_ENTITIES = frozenset({"PERCENT", "MONEY", "QUANTITY", "CARDINAL"})
TIME_ENTITIES = frozenset({"DATE", "TIME", "ORDINAL"})
QUANTITY_WORDS = frozenset(
    """
    percent per cent % million billion trillion thousand hundred dozen dozens
    hundreds thousands millions billions half third quarter twice thrice
    majority minority average rate ratio proportion share
    """.split()
)
TREND_LEMMAS = frozenset(
    """
    rise fall increase decrease grow decline drop double triple quadruple halve soar
    plunge plummet surge climb shrink reduce lower raise boost jump slump tumble
    fall cut slash hike spike dip gain lose balloon skyrocket rocket shrink expand
    contract worsen improve outpace overtake exceed surpass
    """.split()
)
COMPARISON_WORDS = frozenset({"than", "compared", "versus", "vs", "record"})
# Comparative and superlative words that rarely compare anything.
_IDLE_COMPARATIVES = frozenset({"more", "most", "least", "less", "further", "rather", "else"})
CAUSE_VERBS = frozenset(
    """
    cause result contribute trigger prevent fuel blame force spark create destroy
    kill save drive provoke produce generate enable stop affect damage harm hurt
    boost undermine threaten increase reduce
    """.split()
)
CAUSE_WORDS = frozenset({"because", "therefore", "consequently", "thus", "hence"})
CAUSE_NOUNS = frozenset({"cause", "consequence", "effect", "impact", "result", "reason"})
# Nouns of the law and its rules.
LAW_NOUNS = frozenset(
    """
    law constitution rule regulation bill act statute court ruling ban mandate
    legislation treaty convention amendment veto permit licence license tax tariff
    sanction order directive
    """.split()
)
# Adjectives that state what the law allows, when they are what is asserted ("it
# is illegal to …"), not a label for a topic ("illegal migration").
LAW_PREDICATES = frozenset(
    "legal illegal unlawful lawful unconstitutional constitutional mandatory".split()
)
LAW_VERBS = frozenset(
    """
    ban outlaw legislate veto prohibit regulate deport prosecute sanction legalize legalise
    """.split()
)
# Verbs that report someone's words or findings.
REPORTING_LEMMAS = frozenset(
    """
    say tell claim argue warn report state insist suggest admit announce note add
    accuse deny estimate show find reveal confirm allege predict cite testify write
    explain acknowledge conclude point assert maintain contend disclose indicate
    calculate project forecast
    """.split()
)
PREDICTION_LEMMAS = frozenset({"predict", "forecast", "expect", "project", "anticipate"})
# A future with one of these as its verb is a diary date, not a prediction.
SCHEDULE_LEMMAS = frozenset(
    """
    attend visit meet hold travel speak say warn tell address host join announce
    unveil deliver give make set lay chair open launch tour go arrive fly return
    """.split()
)
FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})
SECOND_PERSON = frozenset({"you", "your"})
OPINION_LEMMAS = frozenset({"think", "believe", "feel", "guess", "suppose", "reckon"})
FEELING_LEMMAS = frozenset(
    """
    proud happy glad sad sorry honored honoured delighted thrilled excited worried
    afraid grateful thankful pleased disappointed love hope wish want like hate
    enjoy appreciate look
    """.split()
)
DEONTIC = frozenset({"should", "ought", "must"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl"})
# Unions the rules test words against, made once rather than at each test.
_PERSONAL = FIRST_PERSON | SECOND_PERSON
_NOT_A_RECORD = REPORTING_LEMMAS | OPINION_LEMMAS | FEELING_LEMMAS
_STATE_SUBJECTS = _PERSONAL | {"it", "this", "that"}
_SUBJECTS_OR_AUX = SUBJECTS | {"aux"}
OPENING_QUOTES = frozenset('“"‘«')
QUOTE_MARKS = frozenset('“”"‘’«»')
MIN_WORDS = 4


def finite_verbs(stretch: Stretch) -> list[int]:
    """The verbs and auxiliaries of the stretch that carry tense (VBD, VBZ, VBP, MD)."""
    tag = stretch.parsed.tag
    return [i for i in stretch.indices if tag[i] in {"VBD", "VBZ", "VBP", "MD"}]


def subject_of(parsed: ParsedDoc, verb: int) -> int | None:
    """The subject of a verb, looking through the verb chain it sits in."""
    token = verb
    for _ in range(4):
        for child in parsed.children[token]:
            if parsed.dep[child] in SUBJECTS and parsed.dep[child] != "expl":
                return child
        head = parsed.head[token]
        if parsed.dep[token] in {"aux", "auxpass", "xcomp", "conj"} and head != token:
            token = head
        else:
            return None
    return None


def _next_word(parsed: ParsedDoc, token: int) -> str:
    """The lower-case text of the token after this one ("" at the end of the doc)."""
    return parsed.lower[token + 1] if token + 1 < len(parsed) else ""


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


# --- reasons ----------------------------------------------------------------------


def has_statistic(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        entity = parsed.ent_type[i]
        if entity in TIME_ENTITIES:
            continue
        lower = parsed.lower[i]
        if lower in QUANTITY_WORDS:
            return True
        like_num = parsed.like_num[i]
        if entity not in NUMBER_ENTITIES and not like_num:
            continue
        if _in_a_name(parsed, i):
            continue
        if entity in NUMBER_ENTITIES and lower not in {"one", "a"}:
            return True
        if like_num and (_has_digit(parsed.text[i]) or parsed.dep[i] == "nummod"):
            if lower == "one":
                continue
            return True
    return False


def _in_a_name(parsed: ParsedDoc, token: int) -> bool:
    """A number that is part of a name: "Rule 39", "Article 8", "Covid 19"."""
    if token == 0 or not _has_digit(parsed.text[token]):
        return False
    before = token - 1
    return parsed.is_title[before] and parsed.pos[before] in {"PROPN", "NOUN"} and before > 0


def has_comparison(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        lower, tag = parsed.lower[i], parsed.tag[i]
        if tag in {"JJR", "RBR"} and lower not in _IDLE_COMPARATIVES:
            return True
        if lower in {"more", "less", "fewer"} and "than" in parsed.lower[i + 1 : i + 6]:
            return True
        # A superlative compares, unless it describes something someone has ("the
        # world's most vulnerable people").
        if (
            tag in {"JJS", "RBS"}
            and lower not in _IDLE_COMPARATIVES
            and not any(parsed.dep[c] == "poss" for c in parsed.children[parsed.head[i]])
        ):
            return True
        if lower in COMPARISON_WORDS:
            return True
        # A trend verb, unless it takes a verb: "declined to comment".
        if (
            parsed.pos[i] == "VERB"
            and parsed.lemma[i] in TREND_LEMMAS
            and not any(parsed.dep[c] == "xcomp" for c in parsed.children[i])
        ):
            return True
        if lower == "since" and any(
            t.ent_type_ == "DATE" for t in parsed.doc[i].subtree if t.i != i
        ):
            return True
    return False


def has_cause(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        lower = parsed.lower[i]
        if lower in CAUSE_WORDS:
            return True
        if lower in {"due", "thanks", "owing"} and _next_word(parsed, i) == "to":
            return True
        if lower in {"result", "consequence"} and i > 0 and parsed.lower[i - 1] == "a":
            return True
        pos, lemma = parsed.pos[i], parsed.lemma[i]
        if pos == "VERB" and lemma in CAUSE_VERBS:
            return True
        if pos == "VERB" and lemma == "lead" and _next_word(parsed, i) == "to":
            return True
        if lemma == "responsible" and _next_word(parsed, i) == "for":
            return True
        if pos == "NOUN" and lemma in CAUSE_NOUNS and _next_word(parsed, i) == "of":
            return True
    return False


def _future(parsed: ParsedDoc, verb: int) -> bool:
    lower = parsed.lower[verb]
    if parsed.tag[verb] == "MD" and lower in {"will", "'ll", "’ll", "wo", "shall"}:
        return True
    # "going to" + verb
    return (
        lower == "going"
        and verb + 2 < len(parsed)
        and parsed.lower[verb + 1] == "to"
        and parsed.pos[verb + 2] in {"VERB", "AUX"}
    )


def _main_verb(parsed: ParsedDoc, aux: int) -> int:
    """The verb a modal or "going" belongs to."""
    if parsed.lower[aux] == "going" and aux + 2 < len(parsed):
        return aux + 2
    return parsed.head[aux] if parsed.dep[aux] in {"aux", "auxpass"} else aux


def has_prediction(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        if parsed.pos[i] == "VERB" and parsed.lemma[i] in PREDICTION_LEMMAS:
            return True
        if parsed.lower[i] == "likely" and _next_word(parsed, i) == "to":
            return True
        if not _future(parsed, i):
            continue
        verb = _main_verb(parsed, i)
        subject = subject_of(parsed, verb)
        if subject is not None and parsed.lower[subject] in _PERSONAL:
            continue
        if parsed.lemma[verb] in SCHEDULE_LEMMAS:
            continue
        return True
    return False


def has_law(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        if parsed.ent_type[i] == "LAW":
            return True
        pos = parsed.pos[i]
        if pos == "VERB" and parsed.lemma[i].lower() in LAW_VERBS:
            return True
        if pos in {"NOUN", "PROPN"} and parsed.lemma[i].lower() in LAW_NOUNS:
            return True
        if parsed.lower[i] in LAW_PREDICATES and parsed.dep[i] in {"acomp", "ROOT", "ccomp"}:
            return True
    return False


def _reporting_verbs(stretch: Stretch) -> Iterable[int]:
    parsed = stretch.parsed
    return (
        i
        for i in stretch.indices
        if parsed.pos[i] == "VERB" and parsed.lemma[i] in REPORTING_LEMMAS
    )


def _reports_content(parsed: ParsedDoc, verb: int) -> bool:
    """A reporting verb with what it reports: a clause, or words in quotation marks."""
    for child in parsed.children[verb]:
        dep = parsed.dep[child]
        if dep in {"ccomp", "xcomp"} and parsed.pos[child] in {"VERB", "AUX"}:
            return True
        if dep == "ccomp":
            return True
    return False


def is_quotation(stretch: Stretch) -> bool:
    """The stretch is someone's words in quotation marks: it opens with a mark, holds
    a pair of them, or stands inside a quote opened earlier in its paragraph."""
    text = stretch.text.strip()
    if not text:
        return False
    if text[0] in OPENING_QUOTES or sum(text.count(mark) for mark in QUOTE_MARKS) >= 2:
        return True
    # The doc's text before the stretch (its spaces do not count).
    parsed = stretch.parsed
    before = parsed.doc_text[: parsed.doc[stretch.start].idx]
    curly_open = before.count("“") + before.count("«") - before.count("”") - before.count("»")
    return curly_open > 0 or before.count('"') % 2 == 1


def has_attribution(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    if any(_reports_content(parsed, v) for v in _reporting_verbs(stretch)):
        return True
    for i in stretch.indices:
        if parsed.lower[i] == "according" and _next_word(parsed, i) == "to":
            return True
    return is_quotation(stretch) and len(stretch.words) >= MIN_WORDS


def has_record(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        if parsed.pos[i] != "VERB":
            continue
        tag = parsed.tag[i]
        past = tag == "VBD" or (
            tag == "VBN" and any(parsed.lemma[c] == "have" for c in parsed.children[i])
        )
        if not past or parsed.lemma[i] in _NOT_A_RECORD:
            continue
        subject = subject_of(parsed, i)
        if subject is None:
            continue
        if (
            parsed.ent_type[subject] in {"PERSON", "ORG", "GPE", "NORP"}
            or parsed.lower[subject] in {"i", "we", "he", "she", "they", "you"}
            or parsed.pos[subject] == "PROPN"
        ):
            return True
    return False


def has_state(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for verb in finite_verbs(stretch):
        if parsed.tag[verb] not in {"VBZ", "VBP"}:
            continue
        head = parsed.head[verb] if parsed.dep[verb] in {"aux", "auxpass"} else verb
        subject = subject_of(parsed, head)
        if subject is None:
            continue
        # "It is very clear that …": the clause it introduces is looked at on its own.
        if parsed.lower[subject] in _STATE_SUBJECTS:
            continue
        return True
    return False


REASON_RULES: dict[str, Callable[[Stretch], bool]] = {
    "statistic": has_statistic,
    "comparison": has_comparison,
    "cause": has_cause,
    "prediction": has_prediction,
    "law": has_law,
    "attributed": has_attribution,
    "record": has_record,
    "state": has_state,
}


def reasons_of(span: Span | Stretch) -> list[str]:
    """The reasons the span is a claim, in the order of ``REASONS``."""
    stretch = Stretch.of(span)
    return [name for name, rule in REASON_RULES.items() if rule(stretch)]


# --- signs against ----------------------------------------------------------------


def is_question(stretch: Stretch) -> bool:
    text = stretch.text.rstrip().rstrip("”\"’'»)").rstrip()
    return text.endswith("?")


def is_frame(stretch: Stretch) -> bool:
    """Only the words that introduce a quote: a reporting verb, with nothing reported."""
    parsed = stretch.parsed
    text = stretch.text.rstrip().rstrip('“"‘«').rstrip()
    verbs = [
        i
        for i in stretch.indices
        if parsed.pos[i] in {"VERB", "AUX"} and parsed.dep[i] not in {"aux", "auxpass"}
    ]
    if not verbs or not text.endswith((":", ",")):
        return False
    reporting = [v for v in verbs if parsed.lemma[v] in REPORTING_LEMMAS]
    return bool(reporting) and not any(
        parsed.dep[c] in {"ccomp", "dobj"} and c < stretch.end
        for v in reporting
        for c in parsed.children[v]
    )


def is_opinion(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        lower = parsed.lower[i]
        if lower in DEONTIC and parsed.tag[i] == "MD":
            return True
        if parsed.lemma[i] in OPINION_LEMMAS and parsed.pos[i] == "VERB":
            subject = subject_of(parsed, i)
            if subject is not None and parsed.lower[subject] in _PERSONAL:
                return True
        if lower == "need" and _next_word(parsed, i) == "to":
            return True
    text = stretch.text.lower()
    return "in my view" in text or "in my opinion" in text


def is_feeling(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        if parsed.lemma[i] not in FEELING_LEMMAS:
            continue
        head = i if parsed.pos[i] == "VERB" else parsed.head[i]
        subject = subject_of(parsed, head)
        if subject is not None and parsed.lower[subject] in FIRST_PERSON:
            return True
    return False


def is_pledge(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    for i in stretch.indices:
        if _future(parsed, i):
            subject = subject_of(parsed, _main_verb(parsed, i))
            if subject is not None and parsed.lower[subject] in FIRST_PERSON:
                return True
    return False


def is_instruction(stretch: Stretch) -> bool:
    parsed = stretch.parsed
    roots = [i for i in stretch.indices if parsed.dep[i] == "ROOT"]
    return any(
        parsed.tag[r] == "VB"
        and not any(parsed.dep[c] in _SUBJECTS_OR_AUX for c in parsed.children[r])
        for r in roots
    )


def is_fragment(stretch: Stretch) -> bool:
    tokens = stretch.words
    if len(tokens) < MIN_WORDS:
        return True
    pos = stretch.parsed.pos
    return not any(pos[i] in {"VERB", "AUX"} for i in tokens) and not has_statistic(stretch)


AGAINST_RULES: dict[str, Callable[[Stretch], bool]] = {
    "question": is_question,
    "frame": is_frame,
    "opinion": is_opinion,
    "feeling": is_feeling,
    "pledge": is_pledge,
    "instruction": is_instruction,
    "fragment": is_fragment,
}


def against_of(span: Span | Stretch) -> list[str]:
    """The signs that the span is not a claim, in the order of ``AGAINST``."""
    stretch = Stretch.of(span)
    return [name for name, rule in AGAINST_RULES.items() if rule(stretch)]
