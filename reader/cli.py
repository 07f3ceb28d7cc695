"""``marginalia`` subcommands that need no window.

``ui.app.main`` hands any of ``COMMANDS`` to ``main`` here before Qt is loaded, so
these run on machines without a screen and in scripts.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from reader import __version__
from reader.annotations import Annotations, to_contract
from reader.definitions_cli import add_parsers as add_definitions_parsers
from reader.definitions_cli import run_define, run_glossary
from reader.entity_types import label_name
from reader.export_cli import add_parser as add_export_parser
from reader.export_cli import run as run_export
from reader.importers import ImportFailure, load_source
from reader.notes_cli import add_parser as add_notes_parser
from reader.notes_cli import run as run_notes

COMMANDS = ("annotate", "notes", "define", "glossary", "export")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="marginalia",
        description="Marginalia's command-line tools (run `marginalia PATH` for the window).",
    )
    parser.add_argument("--version", action="version", version=f"marginalia {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    annotate = commands.add_parser(
        "annotate",
        help="import articles and print what Marginalia finds in them",
        description=(
            "Import each article and print its entities (and, as they arrive, quotes, "
            "claims and definitions). With --json the output follows the contract in "
            "DESIGN.md; several paths give one JSON object per line, in order. A PATH "
            "that starts with https:// or http:// is downloaded first. An article that "
            "cannot be opened is reported on standard error, the others are printed, "
            "and the exit status is 1."
        ),
    )
    annotate.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="an article: plain text (.txt), Markdown (.md), a web page (.html, .htm, "
        ".xhtml), an EPUB book (.epub), or the https:// address of a web page",
    )
    annotate.add_argument(
        "--json", action="store_true", help="print JSON (JSON Lines for several paths)"
    )
    annotate.add_argument(
        "--no-nlp", action="store_true", help="import only: print the article without annotations"
    )
    add_notes_parser(commands)
    add_export_parser(commands)
    add_definitions_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "annotate":
        return _annotate(args.paths, as_json=args.json, nlp=not args.no_nlp)
    if args.command == "notes":
        return run_notes(args)
    if args.command == "export":
        return run_export(args)
    if args.command == "define":
        return run_define(args)
    if args.command == "glossary":
        return run_glossary(args)
    return 2  # unreachable: argparse requires a command


def _annotate(paths: Sequence[str], *, as_json: bool, nlp: bool) -> int:
    """Print each article in order; an unreadable one is reported and the rest go on."""
    # spaCy takes a second to import: only pay for it when annotating.
    from reader.nlp.annotate import Annotator
    from reader.nlp.pipeline import ModelMissing

    annotator = Annotator()
    status = 0
    for path in paths:
        try:
            article = load_source(path)
            annotations = annotator.annotate(article) if nlp else None
        except ImportFailure as error:
            print(f"marginalia: {error}", file=sys.stderr)
            status = 1
            continue
        except ModelMissing as error:
            print(f"marginalia: {error}", file=sys.stderr)
            return 1
        result = to_contract(article, annotations)
        if as_json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            _print_summary(result, annotations, sys.stdout)
    return status


def _print_summary(result: dict[str, Any], annotations: Annotations | None, out: TextIO) -> None:
    article = result["article"]
    print(
        f"{article['title'] or article['source']}  ({len(article['text'].split())} words)", file=out
    )
    if annotations is None:
        return
    for entity in annotations.entities:
        print(f"  {entity.name}  [{label_name(entity.label)}]  x{len(entity.mentions)}", file=out)
