"""``marginalia export``: an article with its highlights, as Markdown or Web Annotations.

``marginalia export ARTICLE`` prints the export (or writes it with ``-o FILE``);
``marginalia export --all DIR`` writes one file per article in the library, named
after its title. ARTICLE is looked for in this order: a web address; a file (which
is imported and remembered in the library, as ``marginalia notes`` does, so its
highlights are placed in its current text); a place the library knows an article
from; a library id (``marginalia notes list --json`` shows them); the title of an
article in the library (ignoring case). The language model runs on each article,
unless ``--no-nlp`` (highlights and notes only).
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader.article import Article
from reader.cli_support import fail, open_library, remembered_article
from reader.export import (
    FORMATS,
    ExportData,
    ExportError,
    Format,
    export_to_folder,
    gather,
    render_markdown,
    web_annotations,
    write_export,
)
from reader.export.markdown import load_template
from reader.export.web_annotation import dumps
from reader.importers import ImportFailure, is_url
from reader.store import Library, StoreError

if TYPE_CHECKING:
    from reader.annotations import Annotations
    from reader.nlp.annotate import Annotator


def add_parser(commands: Any) -> None:
    """Add ``export`` to ``marginalia``'s subcommands."""
    export = commands.add_parser(
        "export",
        help="export an article with your highlights as Markdown or Web Annotations",
        description=(
            "Export ARTICLE with your highlights and notes, its quotes by speaker, "
            "claims and glossary: as Markdown with YAML front matter (for Obsidian, "
            "Pandoc, Hugo ...), or as W3C Web Annotations in JSON-LD. ARTICLE is a "
            "file or web address, or an article in your library by id or title. "
            "Exporting again over an earlier export keeps what you wrote between its "
            "%% begin notes %% and %% end notes %% lines; a file that is not an "
            "export of the same article is never overwritten."
        ),
    )
    export.add_argument(
        "article",
        nargs="?",
        metavar="ARTICLE",
        help="a file, a web address, or a library article's id or title",
    )
    export.add_argument(
        "--all",
        type=Path,
        metavar="DIR",
        help="export every article in the library into DIR, one file each, named after its "
        "title (“Title (2).md” when the name is taken by a file that is not an export of it)",
    )
    export.add_argument(
        "--format",
        type=_formats,
        action="append",
        metavar="FORMAT",
        help="md (Markdown, the default) or annotations (W3C Web Annotation JSON-LD); "
        "give both (--format md,annotations) to write the JSON-LD beside the Markdown",
    )
    export.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (the JSON-LD beside it as .jsonld) instead of printing",
    )
    export.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help="a Jinja2 template for the Markdown (copy resources/export-template.md.j2)",
    )
    export.add_argument(
        "--no-nlp",
        action="store_true",
        help="leave out what the language model finds (quotes, claims, entities): faster",
    )


def _formats(value: str) -> list[Format]:
    chosen: list[Format] = []
    for name in value.split(","):
        name = name.strip().lower()
        if name not in FORMATS:
            raise argparse.ArgumentTypeError(
                f"unknown format “{name}” (choose from {', '.join(FORMATS)})"
            )
        chosen.append(name)
    return chosen


def run(args: argparse.Namespace) -> int:
    formats: list[Format] = [f for group in args.format or [["md"]] for f in group]
    formats = list(dict.fromkeys(formats))
    if (args.article is None) == (args.all is None):
        return fail("give either ARTICLE or --all DIR.")
    if args.all is not None and args.output is not None:
        return fail("--all writes one file per article: -o cannot be used with it.")
    if args.article is not None and args.output is None and len(formats) > 1:
        return fail("to write both formats, give -o FILE (the JSON-LD goes beside it).")
    try:
        template = load_template(args.template) if args.template is not None else None
        library = open_library()
    except (ExportError, StoreError) as error:
        return fail(str(error))
    with library:
        exporter = _Exporter(library, formats, template, nlp=not args.no_nlp)
        try:
            if args.all is not None:
                return exporter.export_all(args.all)
            return exporter.export_one(args.article, args.output)
        except (StoreError, ImportFailure, ExportError, LookupError) as error:
            return fail(str(error))


class _Exporter:
    def __init__(
        self, library: Library, formats: list[Format], template: str | None, *, nlp: bool
    ) -> None:
        self.library = library
        self.formats = formats
        self.template = template
        self.nlp = nlp
        self._annotator: Annotator | None = None

    def export_one(self, reference: str, output: Path | None) -> int:
        article_id, article = self._resolve(reference)
        data = self._data(article_id, article)
        if output is not None:
            for written in write_export(data, output, self.formats, template=self.template):
                print(f"Wrote {written.path}")
            return 0
        if self.formats == ["annotations"]:
            sys.stdout.write(dumps(web_annotations(data, exported=datetime.now(UTC))))
        else:
            sys.stdout.write(render_markdown(data, template=self.template))
        return 0

    def export_all(self, folder: Path) -> int:
        status = 0
        taken: set[str] = set()
        for summary in self.library.list_articles():
            try:
                article = self.library.article(summary.id)
                data = self._data(summary.id, article)
                written = export_to_folder(
                    data, folder, self.formats, template=self.template, taken=taken
                )
            except (ExportError, StoreError, LookupError) as error:
                print(f"marginalia: {summary.title or summary.source}: {error}", file=sys.stderr)
                status = 1
                continue
            for file in written:
                print(f"Wrote {file.path}")
        return status

    def _data(self, article_id: int, article: Article) -> ExportData:
        return gather(self.library, article_id, self._annotate(article), article=article)

    def _annotate(self, article: Article) -> Annotations | None:
        if not self.nlp:
            return None
        # spaCy takes a second to import: only pay for it when annotating.
        from reader.nlp.annotate import Annotator
        from reader.nlp.pipeline import ModelMissing

        if self._annotator is None:
            self._annotator = Annotator()
        try:
            return self._annotator.annotate(article)
        except ModelMissing as error:
            raise ExportError(str(error)) from error

    def _resolve(self, reference: str) -> tuple[int, Article]:
        """The library id and text of the article ARTICLE names (see the module's doc)."""
        library = self.library
        if is_url(reference) or Path(reference).expanduser().exists():
            return remembered_article(library, reference, "Exporting")
        known = library.find_article(reference)
        if known is not None:
            return known, library.article(known)
        if reference.isdigit():
            return int(reference), library.article(int(reference))
        wanted = " ".join(reference.split()).casefold()
        matches = [a for a in library.list_articles() if a.title.casefold() == wanted]
        if len(matches) == 1:
            return matches[0].id, library.article(matches[0].id)
        if matches:
            ids = ", ".join(str(a.id) for a in matches)
            raise LookupError(f"several articles are called “{reference}” (ids {ids}): give an id.")
        raise LookupError(
            f"“{reference}” is not a file, a web address, or the id or title of an article in "
            "the library (`marginalia notes list --json` shows them)."
        )
