"""``marginalia define`` and ``marginalia glossary``: definitions without a window.

``define TERM`` prints the cards the side panel would show, best first: the
reader's glossary, the article (with ``--article``), the dictionary, and with
``--online`` the encyclopedia. The first run builds the dictionary's index (a few
seconds, said on standard error); later runs answer in well under a second. No
language model is loaded unless ``--article`` is given and no acronym of the
article answers the term: then only the paragraphs that mention it are parsed.

``glossary set|list|delete`` writes and reads the reader's own definitions.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from reader.annotations import Definition
from reader.article import Article
from reader.cli_support import fail, open_library
from reader.definitions import Lookup, open_dictionary
from reader.definitions.article_terms import ParagraphParser, definitions_for, mentions
from reader.definitions.providers import Definer
from reader.importers import ImportFailure, load_source
from reader.store import GlossaryEntry, StoreError

if TYPE_CHECKING:
    from spacy.language import Language


def add_parsers(commands: Any) -> None:
    """Add ``define`` and ``glossary`` to ``marginalia``'s subcommands."""
    define = commands.add_parser(
        "define",
        help="explain a term: the cards the side panel shows",
        description=(
            "Print what Marginalia knows about TERM, best first: your glossary, the "
            "article (--article), the English dictionary (WordNet 3.0) and, with "
            "--online, Wikipedia. The sentence the term stands in (--context, or its "
            "first mention in the article) decides which dictionary sense comes first."
        ),
    )
    define.add_argument("term", metavar="TERM")
    define.add_argument("--context", default="", metavar="SENTENCE", help="the term's sentence")
    define.add_argument(
        "--article",
        metavar="PATH",
        help="the article the term is in (a file or the https:// address of a web page); "
        "the look-up is remembered for it",
    )
    define.add_argument(
        "--online",
        action="store_true",
        help="also ask Wikipedia (the only look-up that uses the network)",
    )
    define.add_argument("--json", action="store_true", help="print JSON")

    glossary = commands.add_parser(
        "glossary",
        help="write, list and delete your own definitions",
        description=(
            "Your glossary: definitions you write, shown before every other source "
            "in every article."
        ),
    )
    actions = glossary.add_subparsers(dest="glossary_command", required=True, metavar="ACTION")
    set_entry = actions.add_parser("set", help="write or change the definition of a term")
    set_entry.add_argument("term", metavar="TERM")
    set_entry.add_argument("definition", metavar="DEFINITION")
    set_entry.add_argument("--json", action="store_true", help="print the entry as JSON")
    listing = actions.add_parser("list", help="list every entry")
    listing.add_argument("--json", action="store_true", help="print JSON")
    delete = actions.add_parser("delete", help="delete the definition of a term")
    delete.add_argument("term", metavar="TERM")


def run_define(args: argparse.Namespace) -> int:
    try:
        library = open_library()
    except StoreError as error:
        return fail(str(error))
    with library:
        try:
            article = load_source(args.article) if args.article else None
        except ImportFailure as error:
            return fail(str(error))
        dictionary, unavailable = open_dictionary(_BuildNotice())
        try:
            definitions: list[Definition] = []
            context = args.context
            if article is not None:
                definitions = definitions_for(args.term, article, _paragraph_parser())
                context = context or _first_sentence(article, args.term)
            definer = Definer.standard(
                library=library, dictionary=dictionary, dictionary_unavailable=unavailable
            )
            result = definer.lookup(
                args.term,
                context,
                article_text=article.text if article is not None else "",
                definitions=definitions,
                online=args.online,
            )
            if article is not None:
                library.remember_lookup(library.remember_article(article).id, result.term)
        except (StoreError, ValueError) as error:
            return fail(str(error))
        finally:
            if dictionary is not None:
                dictionary.index.close()
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
    else:
        _print_lookup(result)
    return 0


def run_glossary(args: argparse.Namespace) -> int:
    try:
        library = open_library()
    except StoreError as error:
        return fail(str(error))
    with library:
        try:
            if args.glossary_command == "set":
                entry = library.set_glossary(args.term, args.definition)
                if args.json:
                    print(json.dumps(entry.to_json(), ensure_ascii=False))
                else:
                    print(f"{entry.term}: {entry.definition}")
                return 0
            if args.glossary_command == "list":
                entries = library.glossary()
                if args.json:
                    print(json.dumps([e.to_json() for e in entries], ensure_ascii=False))
                else:
                    _print_entries(entries)
                return 0
            if not library.delete_glossary(args.term):
                return fail(f"There is no glossary entry for “{args.term}”.")
            return 0
        except (StoreError, ValueError) as error:
            return fail(str(error))


class _BuildNotice:
    """Says once, on standard error, that the dictionary is being prepared."""

    def __init__(self) -> None:
        self.said = False

    def __call__(self, fraction: float, message: str) -> None:
        if not self.said:
            print("marginalia: preparing the English dictionary (first use only)…", file=sys.stderr)
            self.said = True


def _paragraph_parser() -> ParagraphParser:
    """Parses paragraphs with the English pipeline, loaded on the first call."""

    def parse(paragraphs: Sequence[tuple[str, int]]) -> list[Definition]:
        from reader.nlp.appositions import definitions_from_doc
        from reader.nlp.pipeline import ModelMissing, load_pipeline

        try:
            nlp = _pipeline(load_pipeline)
        except ModelMissing as error:
            print(f"marginalia: {error}", file=sys.stderr)
            return []
        texts = [text for text, _ in paragraphs]
        found: list[Definition] = []
        for (_, offset), doc in zip(paragraphs, nlp.pipe(texts), strict=True):
            found.extend(definitions_from_doc(doc, offset))
        return found

    return parse


_pipelines: list[Language] = []


def _pipeline(load: Callable[[], Language]) -> Language:
    """The English pipeline, loaded once per process."""
    if not _pipelines:
        _pipelines.append(load())
    return _pipelines[0]


_SENTENCE_END = re.compile(r"[.!?][”\"’)]*\s+")


def _first_sentence(article: Article, term: str) -> str:
    """The sentence of the article's first mention of ``term`` ("" if none)."""
    found = mentions(article.text, [term, term.casefold()])
    if not found:
        return ""
    place = found[0].start
    paragraph = article.paragraphs[article.paragraph_index(place)]
    start, end = paragraph.start, paragraph.end
    for match in _SENTENCE_END.finditer(article.text, paragraph.start, paragraph.end):
        if match.end() <= place:
            start = match.end()
        elif match.start() >= place:
            end = match.start() + 1
            break
    return article.text[start:end]


def _print_lookup(result: Lookup) -> None:
    if not result.cards:
        print(f"No definition of “{result.term}” was found.")
    for card in result.cards:
        print(f"{card.headword} — {card.source_name}")
        print(f"  {card.definition}")
        if card.found_at is not None:
            print(f"  (the article: “{card.found_at.text}”)")
        for sense in card.senses[1:]:
            print(f"  {sense.number}. ({sense.pos}) {sense.definition}")
        if card.senses and card.senses[0].reason:
            print(f"  {card.senses[0].reason}")
        if card.source == "encyclopedia":
            state = "cached" if card.cached else "retrieved"
            print(f"  {card.url} ({state} {card.retrieved[:10]}; {card.licence})")
        elif card.licence:
            print(f"  {card.licence}")
    if result.mentions:
        count = len(result.mentions)
        print(f"Mentioned {count} time{'s' if count > 1 else ''} in the article.")
    for problem in result.problems:
        print(f"marginalia: {problem}", file=sys.stderr)


def _print_entries(entries: list[GlossaryEntry]) -> None:
    for entry in entries:
        print(f"{entry.term}: {entry.definition}")
