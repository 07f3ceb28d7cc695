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

Everything here works on one sentence or clause (a ``Span``) of a parsed doc and
reads only the parse (tags, dependencies, lemmas, entities), so it can be tested on
docs built by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Span, Token

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
OPENING_QUOTES = frozenset('“"‘«')
QUOTE_MARKS = frozenset('“”"‘’«»')
MIN_WORDS = 4


def words(span: Span) -> list[Token]:
    return [t for t in span if not (t.is_punct or t.is_space)]


def finite_verbs(span: Span) -> list[Token]:
    """The verbs and auxiliaries of the span that carry tense (VBD, VBZ, VBP, MD)."""
    return [t for t in span if t.tag_ in {"VBD", "VBZ", "VBP", "MD"}]


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, looking through the verb chain it sits in."""
    token: Token | None = verb
    for _ in range(4):
        if token is None:
            return None
        for child in token.children:
            if child.dep_ in SUBJECTS and child.dep_ != "expl":
                return child
        if token.dep_ in {"aux", "auxpass", "xcomp", "conj"} and token.head is not token:
            token = token.head
        else:
            return None
    return None


def _next_word(token: Token) -> str:
    """The lower-case text of the token after this one ("" at the end of the doc)."""
    return token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""


# --- reasons ----------------------------------------------------------------------


def has_statistic(span: Span) -> bool:
    for token in span:
        entity = token.ent_type_
        if entity in TIME_ENTITIES:
            continue
        lower = token.lower_
        if lower in QUANTITY_WORDS:
            return True
        if entity not in NUMBER_ENTITIES and not token.like_num:
            continue
        if _in_a_name(token):
            continue
        if entity in NUMBER_ENTITIES and lower not in {"one", "a"}:
            return True
        if token.like_num and (any(c.isdigit() for c in token.text) or token.dep_ == "nummod"):
            if lower == "one":
                continue
            return True
    return False


def _in_a_name(token: Token) -> bool:
    """A number that is part of a name: "Rule 39", "Article 8", "Covid 19"."""
    if token.i == 0 or not any(c.isdigit() for c in token.text):
        return False
    before = token.nbor(-1)
    return before.is_title and before.pos_ in {"PROPN", "NOUN"} and before.i > 0


def has_comparison(span: Span) -> bool:
    for token in span:
        lower = token.lower_
        if token.tag_ in {"JJR", "RBR"} and lower not in _IDLE_COMPARATIVES:
            return True
        if lower in {"more", "less", "fewer"} and any(
            t.lower_ == "than" for t in token.doc[token.i + 1 : token.i + 6]
        ):
            return True
        # A superlative compares, unless it describes something someone has ("the
        # world's most vulnerable people").
        if (
            token.tag_ in {"JJS", "RBS"}
            and lower not in _IDLE_COMPARATIVES
            and not any(c.dep_ == "poss" for c in token.head.children)
        ):
            return True
        if lower in COMPARISON_WORDS:
            return True
        # A trend verb, unless it takes a verb: "declined to comment".
        if (
            token.pos_ == "VERB"
            and token.lemma_ in TREND_LEMMAS
            and not any(c.dep_ == "xcomp" for c in token.children)
        ):
            return True
        if lower == "since" and any(t.ent_type_ == "DATE" for t in token.subtree if t is not token):
            return True
    return False


def has_cause(span: Span) -> bool:
    for token in span:
        lower = token.lower_
        if lower in CAUSE_WORDS:
            return True
        if lower in {"due", "thanks", "owing"} and _next_word(token) == "to":
            return True
        if lower in {"result", "consequence"} and token.i > 0 and token.nbor(-1).lower_ == "a":
            return True
        pos, lemma = token.pos_, token.lemma_
        if pos == "VERB" and lemma in CAUSE_VERBS:
            return True
        if pos == "VERB" and lemma == "lead" and _next_word(token) == "to":
            return True
        if lemma == "responsible" and _next_word(token) == "for":
            return True
        if pos == "NOUN" and lemma in CAUSE_NOUNS and _next_word(token) == "of":
            return True
    return False


def _future(verb: Token) -> bool:
    if verb.tag_ == "MD" and verb.lower_ in {"will", "'ll", "’ll", "wo", "shall"}:
        return True
    # "going to" + verb
    return (
        verb.lower_ == "going"
        and verb.i + 2 < len(verb.doc)
        and verb.nbor(1).lower_ == "to"
        and verb.nbor(2).pos_ in {"VERB", "AUX"}
    )


def _main_verb(aux: Token) -> Token:
    """The verb a modal or "going" belongs to."""
    if aux.lower_ == "going" and aux.i + 2 < len(aux.doc):
        return aux.nbor(2)
    return aux.head if aux.dep_ in {"aux", "auxpass"} else aux


def has_prediction(span: Span) -> bool:
    for token in span:
        if token.pos_ == "VERB" and token.lemma_ in PREDICTION_LEMMAS:
            return True
        if (
            token.lower_ == "likely"
            and token.i + 1 < len(token.doc)
            and token.nbor(1).lower_ == "to"
        ):
            return True
        if not _future(token):
            continue
        verb = _main_verb(token)
        subject = subject_of(verb)
        if subject is not None and subject.lower_ in FIRST_PERSON | SECOND_PERSON:
            continue
        if verb.lemma_ in SCHEDULE_LEMMAS:
            continue
        return True
    return False


def has_law(span: Span) -> bool:
    for token in span:
        if token.ent_type_ == "LAW":
            return True
        pos = token.pos_
        if pos == "VERB" and token.lemma_.lower() in LAW_VERBS:
            return True
        if pos in {"NOUN", "PROPN"} and token.lemma_.lower() in LAW_NOUNS:
            return True
        if token.lower_ in LAW_PREDICATES and token.dep_ in {"acomp", "ROOT", "ccomp"}:
            return True
    return False


def _reporting_verbs(span: Span) -> Iterable[Token]:
    return (t for t in span if t.pos_ == "VERB" and t.lemma_ in REPORTING_LEMMAS)


def _reports_content(verb: Token) -> bool:
    """A reporting verb with what it reports: a clause, or words in quotation marks."""
    for child in verb.children:
        if child.dep_ in {"ccomp", "xcomp"} and child.pos_ in {"VERB", "AUX"}:
            return True
        if child.dep_ == "ccomp":
            return True
    return False


def is_quotation(span: Span) -> bool:
    """The stretch is someone's words in quotation marks: it opens with a mark, holds
    a pair of them, or stands inside a quote opened earlier in its paragraph."""
    text = span.text.strip()
    if not text:
        return False
    if text[0] in OPENING_QUOTES or sum(c in QUOTE_MARKS for c in text) >= 2:
        return True
    # The doc's tokens before the span, not ``doc.text``, which joins every token's text.
    before = span.doc[: span.start].text
    curly_open = before.count("“") + before.count("«") - before.count("”") - before.count("»")
    return curly_open > 0 or before.count('"') % 2 == 1


def has_attribution(span: Span) -> bool:
    if any(_reports_content(v) for v in _reporting_verbs(span)):
        return True
    for token in span:
        if token.lower_ == "according" and _next_word(token) == "to":
            return True
    return is_quotation(span) and len(words(span)) >= MIN_WORDS


def has_record(span: Span) -> bool:
    for token in span:
        if token.pos_ not in {"VERB"}:
            continue
        past = token.tag_ == "VBD" or (
            token.tag_ == "VBN" and any(c.lemma_ == "have" for c in token.children)
        )
        if not past or token.lemma_ in REPORTING_LEMMAS | OPINION_LEMMAS | FEELING_LEMMAS:
            continue
        subject = subject_of(token)
        if subject is None:
            continue
        if (
            subject.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}
            or subject.lower_ in {"i", "we", "he", "she", "they", "you"}
            or subject.pos_ == "PROPN"
        ):
            return True
    return False


def has_state(span: Span) -> bool:
    for verb in finite_verbs(span):
        if verb.tag_ not in {"VBZ", "VBP"}:
            continue
        head = verb.head if verb.dep_ in {"aux", "auxpass"} else verb
        subject = subject_of(head)
        if subject is None:
            continue
        # "It is very clear that …": the clause it introduces is looked at on its own.
        if subject.lower_ in FIRST_PERSON | SECOND_PERSON | {"it", "this", "that"}:
            continue
        return True
    return False


REASON_RULES: dict[str, Callable[[Span], bool]] = {
    "statistic": has_statistic,
    "comparison": has_comparison,
    "cause": has_cause,
    "prediction": has_prediction,
    "law": has_law,
    "attributed": has_attribution,
    "record": has_record,
    "state": has_state,
}


def reasons_of(span: Span) -> list[str]:
    """The reasons the span is a claim, in the order of ``REASONS``."""
    return [name for name, rule in REASON_RULES.items() if rule(span)]


# --- signs against ----------------------------------------------------------------


def is_question(span: Span) -> bool:
    text = span.text.rstrip().rstrip("”\"’'»)").rstrip()
    return text.endswith("?")


def is_frame(span: Span) -> bool:
    """Only the words that introduce a quote: a reporting verb, with nothing reported."""
    text = span.text.rstrip().rstrip('“"‘«').rstrip()
    verbs = [t for t in span if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"aux", "auxpass"}]
    if not verbs or not text.endswith((":", ",")):
        return False
    reporting = [v for v in verbs if v.lemma_ in REPORTING_LEMMAS]
    return bool(reporting) and not any(
        c.dep_ in {"ccomp", "dobj"} and c.i < span.end for v in reporting for c in v.children
    )


def is_opinion(span: Span) -> bool:
    for token in span:
        lower = token.lower_
        if lower in DEONTIC and token.tag_ == "MD":
            return True
        if token.lemma_ in OPINION_LEMMAS and token.pos_ == "VERB":
            subject = subject_of(token)
            if subject is not None and subject.lower_ in FIRST_PERSON | SECOND_PERSON:
                return True
        if lower == "need" and _next_word(token) == "to":
            return True
    text = span.text.lower()
    return "in my view" in text or "in my opinion" in text


def is_feeling(span: Span) -> bool:
    for token in span:
        if token.lemma_ not in FEELING_LEMMAS:
            continue
        head = token if token.pos_ == "VERB" else token.head
        subject = subject_of(head)
        if subject is not None and subject.lower_ in FIRST_PERSON:
            return True
    return False


def is_pledge(span: Span) -> bool:
    for token in span:
        if _future(token):
            subject = subject_of(_main_verb(token))
            if subject is not None and subject.lower_ in FIRST_PERSON:
                return True
    return False


def is_instruction(span: Span) -> bool:
    roots = [t for t in span if t.dep_ == "ROOT"]
    return any(
        r.tag_ == "VB" and not any(c.dep_ in SUBJECTS | {"aux"} for c in r.children) for r in roots
    )


def is_fragment(span: Span) -> bool:
    tokens = words(span)
    if len(tokens) < MIN_WORDS:
        return True
    return not any(t.pos_ in {"VERB", "AUX"} for t in tokens) and not has_statistic(span)


AGAINST_RULES: dict[str, Callable[[Span], bool]] = {
    "question": is_question,
    "frame": is_frame,
    "opinion": is_opinion,
    "feeling": is_feeling,
    "pledge": is_pledge,
    "instruction": is_instruction,
    "fragment": is_fragment,
}


def against_of(span: Span) -> list[str]:
    """The signs that the span is not a claim, in the order of ``AGAINST``."""
    return [name for name, rule in AGAINST_RULES.items() if rule(span)]
