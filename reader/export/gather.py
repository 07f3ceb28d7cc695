"""Gathering one article's export from the library: what the command line and the
window both call.

The window already has the article's annotations and passes them; the command
line runs the language model first. Highlights, the date the article came into
the library and the terms the reader looked up come
from the library; the definitions the article itself gives come from the
annotations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path

from reader.annotations import Annotations
from reader.article import Article
from reader.export.markdown import load_template
from reader.export.model import ExportData, Format, GlossaryItem, as_dict
from reader.export.writer import Written, write_export
from reader.store import ClaimState, Library

__all__ = ["export_article", "gather", "glossary_from_annotations", "looked_up_terms"]

# How the annotation contract's ``source`` of a definition reads in the glossary.
_SOURCE_WORDS = {"article": "the article", "glossary": "your glossary"}


def gather(
    library: Library,
    article_id: int,
    annotations: Annotations | None,
    *,
    article: Article | None = None,
    claim_states: Mapping[tuple[int, int], ClaimState] | None = None,
) -> ExportData:
    """Everything the export of the library's article ``article_id`` shows.

    ``article`` is the article as the caller has it (the library's copy by default);
    its highlights must have been placed in it (``Library.remember_article``).
    ``claim_states`` defaults to the reader's verdicts kept in the library.
    """
    article = article if article is not None else library.article(article_id)
    retrieved = next((a.first_opened for a in library.list_articles() if a.id == article_id), "")
    glossary = [
        *glossary_from_annotations(article, annotations),
        *looked_up_terms(library, article_id, article, annotations),
    ]
    if claim_states is None:
        claims = [as_dict(claim) for claim in annotations.claims] if annotations else []
        spans = [(int(c["start"]), int(c["end"]), str(c.get("text", ""))) for c in claims]
        checks = library.claim_states(article_id, spans)
        claim_states = {place: check.state for place, check in checks.items()}
    return ExportData(
        article=article,
        annotations=annotations,
        highlights=library.highlights_for(article_id),
        glossary=glossary,
        claim_states=dict(claim_states),
        retrieved=retrieved,
    )


def glossary_from_annotations(
    article: Article, annotations: Annotations | None
) -> list[GlossaryItem]:
    """The definitions the article gives, in text order (``Annotations.definitions``)."""
    if annotations is None:
        return []
    entries = []
    for raw in annotations.definitions:
        item = as_dict(raw)
        term, definition = str(item.get("term", "")).strip(), str(item.get("definition", ""))
        if not term or not definition.strip():
            continue
        source = str(item.get("source") or "article")
        start = item.get("start")
        paragraph = (
            article.paragraph_index(start) + 1
            if isinstance(start, int) and article.paragraphs and source == "article"
            else None
        )
        entries.append(
            GlossaryItem(
                term=term,
                definition=definition,
                source=_SOURCE_WORDS.get(source, source),
                paragraph=paragraph,
                url=str(item.get("url") or ""),
            )
        )
    entries.sort(key=lambda entry: entry.paragraph or 0)
    return entries


def looked_up_terms(
    library: Library, article_id: int, article: Article, annotations: Annotations | None
) -> list[GlossaryItem]:
    """The terms the reader looked up while reading the article, in the order first
    looked up, each with the best definition the sources give now.

    Offline and quick: an export never downloads, and uses the dictionary only when
    its index is already built (building it takes seconds).
    """
    terms = library.looked_up_terms(article_id)
    if not terms:
        return []
    # Imported here, not with the module: the window imports reader.export before it
    # first paints, and the definition sources are needed only by an export.
    from reader.definitions.dictionary import Dictionary
    from reader.definitions.providers import Definer
    from reader.definitions.wordnet_index import WordNetIndex, index_path, is_complete

    index = WordNetIndex(index_path()) if is_complete(index_path()) else None
    try:
        definer = Definer.standard(
            library=library, dictionary=Dictionary(index) if index is not None else None
        )
        definitions = annotations.definitions if annotations is not None else ()
        items = []
        for term in terms:
            found = definer.lookup(term.term, article_text=article.text, definitions=definitions)
            if found.cards:
                card = found.cards[0]
                items.append(
                    GlossaryItem(
                        term.term, card.definition, card.source_name, url=card.url, looked_up=True
                    )
                )
        return items
    finally:
        if index is not None:
            index.close()


def export_article(
    library: Library,
    article_id: int,
    annotations: Annotations | None,
    path: Path,
    formats: Sequence[Format] = ("md",),
    *,
    article: Article | None = None,
    template: Path | None = None,
    claim_states: Mapping[tuple[int, int], ClaimState] | None = None,
    now: datetime | None = None,
) -> list[Written]:
    """File > Export: write the article's export to ``path`` (the JSON-LD beside it).

    Refuses with ``ExportError`` (a message for the reader) when a file there is not
    an earlier export of this article; replacing an earlier export keeps its notes.
    """
    data = gather(library, article_id, annotations, article=article, claim_states=claim_states)
    source = load_template(template) if template is not None else None
    return write_export(data, path, formats, template=source, now=now)
