"""``marginalia notes``: the reader's highlights and notes, without a window.

``add`` highlights a passage of an article and writes a note on it; ``list`` shows
an article's notes (placing them again if the file changed) or every note;
``search`` looks through all notes and articles. With ``--json`` each prints one
JSON object. No language model is loaded.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from reader.anchoring import find_quote
from reader.article import Article
from reader.cli_support import fail, open_library, remembered_article
from reader.importers import ImportFailure, load_source
from reader.store import Highlight, Library, StoreError


def add_parser(commands: Any) -> None:
    """Add ``notes`` and its subcommands to ``marginalia``'s subcommands."""
    notes = commands.add_parser(
        "notes",
        help="add, list and search your highlights and notes",
        description=(
            "Your highlights and notes, kept in Marginalia's library "
            "(the folder MARGINALIA_HOME points to, if set)."
        ),
    )
    actions = notes.add_subparsers(dest="notes_command", required=True, metavar="ACTION")

    add = actions.add_parser(
        "add",
        help="highlight a passage of an article and write a note on it",
        description=(
            "Find TEXT in the article at PATH and highlight it. When TEXT occurs more "
            "than once, the first occurrence is highlighted (give a longer quote to "
            "pick another)."
        ),
    )
    add.add_argument(
        "path", metavar="PATH", help="the article: a file or the https:// address of a web page"
    )
    add.add_argument("--quote", required=True, metavar="TEXT", help="the passage to highlight")
    add.add_argument("--note", default="", metavar="TEXT", help="the note (plain text or Markdown)")
    add.add_argument(
        "--color", metavar="NAME", help="colour, by key or name (default: the first colour)"
    )
    add.add_argument(
        "--tag", action="append", default=[], metavar="T", help="a tag (repeat for several)"
    )
    add.add_argument("--json", action="store_true", help="print the new note as JSON")

    listing = actions.add_parser(
        "list",
        help="list the notes of an article, or of every article",
        description=(
            "List the notes on the article at PATH (re-attaching them if the file "
            "changed since), or every note in the library. Each note gives its quote, "
            "note, colour, tags, status (attached or orphaned) and, when attached, its "
            "start and end in the article's current text."
        ),
    )
    listing.add_argument("path", nargs="?", metavar="PATH", help="the article (default: all)")
    listing.add_argument("--tag", metavar="T", help="only notes with this tag")
    listing.add_argument("--json", action="store_true", help="print JSON")

    search = actions.add_parser(
        "search",
        help="search all notes and articles",
        description=(
            "Search the notes (quote, note and tags) and the articles' text for every "
            'word of QUERY. A word ending in * matches as a prefix; "quoted words" '
            "match as a phrase."
        ),
    )
    search.add_argument("query", metavar="QUERY")
    search.add_argument("--limit", type=int, default=20, help="results of each kind (default 20)")
    search.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace) -> int:
    try:
        library = open_library()
    except StoreError as error:
        return fail(str(error))
    with library:
        try:
            if args.notes_command == "add":
                return _add(library, args)
            if args.notes_command == "list":
                return _list(library, args)
            return _search(library, args)
        except (StoreError, ImportFailure, ValueError, LookupError) as error:
            return fail(str(error))


def _add(library: Library, args: argparse.Namespace) -> int:
    article = load_source(args.path)
    places = find_quote(article.text, args.quote)
    if not places:
        return fail(f"“{args.quote}” is not in {args.path}.")
    if len(places) > 1:
        print(
            f"marginalia: “{args.quote}” occurs {len(places)} times; the first is highlighted.",
            file=sys.stderr,
        )
    article_id = library.remember_article(article).id
    start, end = places[0]
    highlight = library.add_highlight(article_id, start, end, args.color, args.note, args.tag)
    if args.json:
        print(json.dumps(highlight.to_json(), ensure_ascii=False))
    else:
        print(f"Added note {highlight.id} on {start}–{end} of {article.display_title}.")
    return 0


def _list(library: Library, args: argparse.Namespace) -> int:
    article_json: dict[str, Any] | None = None
    if args.path is None:
        highlights = library.all_highlights(tag=args.tag)
    else:
        article_id, article = _open(library, args.path)
        highlights = [
            h
            for h in library.highlights_for(article_id)
            if args.tag is None or args.tag.casefold() in (t.casefold() for t in h.tags)
        ]
        article_json = {
            "id": article_id,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "sha256": article.sha256,
        }
    if args.json:
        output = {"article": article_json, "notes": [h.to_json() for h in highlights]}
        print(json.dumps(output, ensure_ascii=False))
        return 0
    for highlight in highlights:
        _print_highlight(highlight)
    return 0


def _open(library: Library, path: str) -> tuple[int, Article]:
    """The article at ``path``, remembered; the library's copy when it cannot be opened."""
    return remembered_article(library, path, "Listing")


def _search(library: Library, args: argparse.Namespace) -> int:
    results = library.search(args.query, limit=args.limit, article_limit=args.limit)
    if args.json:
        print(json.dumps(results.to_json(), ensure_ascii=False))
        return 0
    for hit in results.notes:
        print(f"{hit.article_title}:")
        _print_highlight(hit.highlight)
    for article_hit in results.articles:
        print(
            f"{article_hit.article.title or article_hit.article.source}: {article_hit.snippet.text}"
        )
    return 0


def _print_highlight(highlight: Highlight) -> None:
    where = f"{highlight.start}–{highlight.end}" if highlight.attached else "orphaned"
    tags = f"  [{', '.join(highlight.tags)}]" if highlight.tags else ""
    print(f"  {highlight.id}  {where}  {highlight.color_name}{tags}")
    print(f"      “{highlight.quote}”")
    if highlight.note:
        print(f"      {highlight.note}")
