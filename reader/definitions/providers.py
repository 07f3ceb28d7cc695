"""Definition providers behind one interface, asked in order: the one door for look-ups.

1. the reader's glossary (wins over every other source, in every article);
2. the article itself (its acronyms, appositions and titles);
3. the offline dictionary (WordNet 3.0);
4. the encyclopedia (Wikipedia summaries), only when the reader turns online
   look-ups on, or from the copies kept when they were on.

``Definer.lookup`` asks each in turn and returns a ``Lookup``: the cards, best
first, where else the article mentions the term, and any problem a source had,
in a sentence for the reader. The window keeps one ``Definer`` in a worker thread
(it reads the library and may wait on the network); ``lookup`` below is the same
for scripts and ``marginalia define``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from reader.annotations import Definition
from reader.article import Article
from reader.definitions import article_terms, glossary
from reader.definitions.cards import Card, CardSource, Lookup, Passage
from reader.definitions.dictionary import Dictionary, clean_term
from reader.definitions.encyclopedia import Encyclopedia, MemoryCache
from reader.definitions.glossary import GlossaryStore
from reader.definitions.wordnet_index import IndexMissing, Progress, WordNetIndex
from reader.store.library import Library


@dataclass(frozen=True)
class Query:
    """One look-up, as every provider sees it."""

    term: str  # as the reader clicked or typed it, without surrounding punctuation
    context: str  # the sentence it stands in ("" if unknown)
    # The term, its dictionary lemmas and the other names the article gives it.
    forms: tuple[str, ...]
    article_text: str = ""
    definitions: tuple[Definition, ...] = ()
    online: bool = False


@dataclass(frozen=True)
class Answer:
    cards: tuple[Card, ...] = ()
    problems: tuple[str, ...] = ()  # sentences for the reader


class Provider(Protocol):
    """A source of definitions."""

    source: CardSource

    def answer(self, query: Query) -> Answer: ...


class GlossaryProvider:
    source: CardSource = "glossary"

    def __init__(self, store: GlossaryStore) -> None:
        self.store = store

    def answer(self, query: Query) -> Answer:
        found = glossary.card(query.term, query.forms, self.store)
        return Answer((found,) if found else ())


class ArticleProvider:
    source: CardSource = "article"

    def answer(self, query: Query) -> Answer:
        if not query.article_text:
            return Answer()
        return Answer(tuple(article_terms.cards(query.term, query.article_text, query.definitions)))


class DictionaryProvider:
    source: CardSource = "dictionary"

    def __init__(self, dictionary: Dictionary | None, unavailable: str = "") -> None:
        self.dictionary = dictionary
        self.unavailable = unavailable

    def answer(self, query: Query) -> Answer:
        if self.dictionary is None:
            return Answer(problems=(self.unavailable,) if self.unavailable else ())
        for form in dict.fromkeys((query.term, *query.forms)):
            found = self.dictionary.card(form, query.context)
            if found is not None:
                return Answer((_for_term(found, query.term),))
        return Answer()


class EncyclopediaProvider:
    source: CardSource = "encyclopedia"

    def __init__(self, encyclopedia: Encyclopedia) -> None:
        self.encyclopedia = encyclopedia

    def answer(self, query: Query) -> Answer:
        title = _encyclopedia_title(query)
        if not title:
            return Answer()
        found = self.encyclopedia.answer(query.term, title, online=query.online)
        return Answer(
            (found.card,) if found.card else (), (found.problem,) if found.problem else ()
        )


class Definer:
    """Asks the providers in order. Use from one thread (the library's rule)."""

    def __init__(self, providers: Sequence[Provider], dictionary: Dictionary | None = None):
        self.providers = tuple(providers)
        # For the lemmas the glossary and the mentions are looked for under.
        self.dictionary = dictionary

    @classmethod
    def standard(
        cls,
        *,
        library: Library | None = None,
        dictionary: Dictionary | None = None,
        encyclopedia: Encyclopedia | None = None,
        dictionary_unavailable: str = "",
    ) -> Definer:
        """The four sources in order; the glossary and the encyclopedia's copies in
        ``library`` when given (without it, no glossary and a cache in memory)."""
        providers: list[Provider] = []
        if library is not None:
            providers.append(GlossaryProvider(library))
        providers.append(ArticleProvider())
        providers.append(DictionaryProvider(dictionary, dictionary_unavailable))
        if encyclopedia is None:
            encyclopedia = Encyclopedia(library if library is not None else MemoryCache())
        providers.append(EncyclopediaProvider(encyclopedia))
        return cls(providers, dictionary)

    def lookup(
        self,
        term: str,
        context: str = "",
        *,
        article_text: str = "",
        definitions: Sequence[Definition] = (),
        aliases: Sequence[str] = (),
        online: bool = False,
    ) -> Lookup:
        """The cards for ``term``, best first, and where ``article_text`` mentions it.

        ``definitions`` are what the article defines (``Annotations.definitions``);
        ``aliases`` other names the window knows for the same thing (the mentions of
        the entity the term belongs to).
        """
        cleaned = clean_term(term)
        if not cleaned:
            return Lookup(term=term, cards=())
        lemmas = [lemma for lemma, _ in self.dictionary.lemmas(cleaned)] if self.dictionary else []
        others = article_terms.other_names(cleaned, definitions)
        forms = tuple(dict.fromkeys([cleaned, *lemmas, *others]))
        query = Query(
            term=cleaned,
            context=" ".join(context.split()),
            forms=forms,
            article_text=article_text,
            definitions=tuple(definitions),
            online=online,
        )
        cards: list[Card] = []
        problems: list[str] = []
        for provider in self.providers:
            answer = provider.answer(query)
            cards.extend(answer.cards)
            problems.extend(answer.problems)
        mentions: tuple[Passage, ...] = ()
        if article_text:
            plain = [f for f in (cleaned, *lemmas) if f == f.lower()]
            names = [cleaned, *others, *aliases]
            mentions = tuple(article_terms.mentions(article_text, names, inflected=plain))
        return Lookup(term=cleaned, cards=tuple(cards), mentions=mentions, problems=tuple(problems))


def _for_term(card: Card, term: str) -> Card:
    """A card found under another form, shown for the term as looked up."""
    if card.term == term:
        return card
    return Card(
        term=term,
        headword=card.headword,
        definition=card.definition,
        source=card.source,
        source_name=card.source_name,
        licence=card.licence,
        url=card.url,
        senses=card.senses,
    )


def _encyclopedia_title(query: Query) -> str:
    """What to look up: the long form the article gives an acronym, or a name."""
    for form in query.forms[1:]:
        if form[:1].isupper() and " " in form:
            return form
    term = query.term
    if term.casefold().startswith("the "):
        term = term[4:]
    return term if any(c.isupper() for c in term) else ""


def open_dictionary(progress: Progress | None = None) -> tuple[Dictionary | None, str]:
    """The dictionary, building its index first if needed (seconds: call from a worker),
    or None and a sentence for the reader saying why not."""
    try:
        return Dictionary(WordNetIndex.open(progress)), ""
    except IndexMissing as missing:
        return None, str(missing)


def lookup(
    term: str,
    context: str = "",
    article: Article | None = None,
    *,
    definitions: Sequence[Definition] | None = None,
    online: bool = False,
    library: Library | None = None,
    progress: Progress | None = None,
) -> Lookup:
    """Look ``term`` up in every source, for a script: opens (and, the first time,
    builds) the dictionary each call. Without ``definitions``, the article's
    acronyms are found from its text (appositions need the parse: pass
    ``Annotations.definitions``)."""
    dictionary, unavailable = open_dictionary(progress)
    try:
        definer = Definer.standard(
            library=library, dictionary=dictionary, dictionary_unavailable=unavailable
        )
        if article is not None and definitions is None:
            definitions = article_terms.definitions_for(term, article)
        return definer.lookup(
            term,
            context,
            article_text=article.text if article is not None else "",
            definitions=definitions or (),
            online=online,
        )
    finally:
        if dictionary is not None:
            dictionary.index.close()
