"""Web pages (.html, .htm, .xhtml): the article's text, without the page around it.

The body comes from two well-kept extractors, combined. readability-lxml (the
algorithm of Firefox's Reader View) keeps what a reader expects: standfirst, figure
captions, an author's note; but now and then it settles on one fragment of a long
article. trafilatura rarely misses the body but drops captions and standfirsts. So
readability-lxml's blocks are used unless they hold less than half of trafilatura's
words, or are a strict part of them (99 % of their words in it) that leaves out more
than 3 %; then trafilatura's are used. ``<aside>`` and "related" boxes are left out,
and so are an early heading that repeats the title and a line that is only the
byline, since the reader shows both above the text.

Measured with ``python -m evaluation.import_html`` on the 31 article pages among
Mozilla Readability's test pages (body: word-overlap F1 with what Reader View keeps;
titles: exact). The libraries alone, on the raw page: trafilatura 0.966 F1 and 17
titles, readability-lxml 0.952 and 23 (``short_title``). Through this importer:
trafilatura only 0.967, readability-lxml only 0.958, combined 0.977; titles (from
``reader.importers.metadata``) 31 of 31; worst page 0.518, a front page, not an article.

The page is untrusted input, parsed and cleaned by ``reader.importers.tree`` (no
network, nothing run or fetched, libxml2's limits). Work is bounded: a file over the
size cap is refused unread, one with an absurd number of tags unparsed; and a page
bigger or more deeply nested than any article keeps its whole text, unextracted,
since extraction time grows with size.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura
from readability import Document

from reader.article import Article
from reader.importers.blocks import HTML, TRAFILATURA, Block, blocks_of, words
from reader.importers.charset import decode_html
from reader.importers.decoding import read_bytes
from reader.importers.errors import ImportFailure
from reader.importers.metadata import PageMetadata, byline_text, read_metadata, similarity
from reader.importers.tree import MAX_TAGS, clean_tree, parse_tree

# The extractors log what they find odd about a page; that is not the reader's concern.
for _name in ("readability", "trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

__all__ = ["MAX_TAGS", "import_html", "parse_html"]

# Extraction time grows with the number of elements, how deeply they nest and the
# amount of text. Past any of these it would take more than a few seconds, and the page
# is a book, a dump or made to be slow rather than an article inside a web page: its
# whole text is kept instead. A long article has a few thousand elements, each a dozen
# deep, and 50,000 characters.
EXTRACT_MAX_ELEMENTS = 25_000
EXTRACT_MAX_NESTING = 1_000_000  # the sum of every element's depth
EXTRACT_MAX_TEXT = 1_000_000  # characters
# Above this many elements trafilatura skips its second opinion (jusText), whose time
# grows with the square of the number of paragraphs.
_THOROUGH_ELEMENTS = 5_000


def import_html(path: Path) -> Article:
    return parse_html(read_bytes(path), source=str(path))


def parse_html(
    data: bytes, source: str = "", *, name: str = "", encoding: str | None = None
) -> Article:
    """The article in a web page's bytes; raises ``ImportFailure`` for what is not one.

    ``name`` is what messages call the page (the file name of ``source`` unless
    given); ``encoding`` is the charset the server sent with it, if any.
    """
    name = name or Path(source).name or "page.html"
    root = parse_tree(decode_html(data, name, encoding), name)
    metadata = read_metadata(root)
    clean_tree(root)
    blocks = _all_text(root) if _too_big_to_extract(root) else _main_content(root)
    blocks = _without_header(blocks, metadata)
    blocks = [block for block in blocks if not _is_media_label(block)]
    if not blocks:
        raise ImportFailure(
            f"“{name}” has no text to read: the page is empty or holds only scripts, "
            "styles and pictures."
        )
    return Article.from_blocks(
        blocks,
        title=metadata.title,
        byline=metadata.byline,
        site=metadata.site,
        published=metadata.published,
        url=metadata.url,
        language=metadata.language or "en",
        source=source,
    )


def _too_big_to_extract(root: Any) -> bool:
    """Whether extraction would take more than a few seconds (see the limits above)."""
    if root.xpath("count(//*)") > EXTRACT_MAX_ELEMENTS:
        return True
    if root.xpath("string-length(string(.))") > EXTRACT_MAX_TEXT:
        return True
    nesting = 0
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        nesting += depth
        stack.extend((child, depth + 1) for child in element)
    return nesting > EXTRACT_MAX_NESTING


def _all_text(root: Any) -> list[Block]:
    body = root.find("body")
    return blocks_of(body if body is not None else root, HTML)


def _main_content(root: Any) -> list[Block]:
    """The article's blocks from both extractors, combined as the docstring says."""
    readable = _readability(root)
    extracted = _trafilatura(root, thorough=root.xpath("count(//*)") <= _THOROUGH_ELEMENTS)
    if choose_trafilatura(readable, extracted):
        return extracted
    # Neither found an article (a page of links, a form): show all the page's text.
    return readable or _all_text(root)


def choose_trafilatura(readable: list[Block], extracted: list[Block]) -> bool:
    """Whether trafilatura's extraction is the better one (see the module docstring)."""
    if not extracted:
        return False
    if not readable:
        return True
    ours, theirs = Counter(words(readable)), Counter(words(extracted))
    shared = sum((ours & theirs).values())
    kept_of_theirs = shared / max(sum(theirs.values()), 1)
    ours_in_theirs = shared / max(sum(ours.values()), 1)
    return kept_of_theirs < 0.5 or (ours_in_theirs >= 0.99 and kept_of_theirs < 0.97)


def _readability(root: Any) -> list[Block]:
    markup = lxml.html.tostring(root, encoding="unicode")
    try:
        # "Related posts" boxes sit inside the article's own container.
        summary = Document(markup, negative_keywords=["related"]).summary(html_partial=True)
        fragment = lxml.html.fragment_fromstring(summary, create_parent="div")
    except Exception:  # any failure on hostile input means "no result" from this one
        return []
    return blocks_of(fragment, HTML)


def _trafilatura(root: Any, *, thorough: bool) -> list[Block]:
    try:
        document = trafilatura.bare_extraction(
            root,  # trafilatura works on a copy
            fast=not thorough,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            with_metadata=False,
        )
    except Exception:  # any failure on hostile input means "no result" from this one
        return []
    body = getattr(document, "body", None)
    return blocks_of(body, TRAFILATURA) if body is not None else []


# What some pages put in a figure for screen readers only ("Photo", "Video"); on its
# own it tells the reader nothing (Reader View keeps it; it costs one word of F1).
_MEDIA_LABELS = frozenset({"photo", "image", "picture", "video", "graphic", "audio"})


def _is_media_label(block: Block) -> bool:
    text, kind = block
    return kind == "caption" and text.casefold().strip(" :") in _MEDIA_LABELS


def _without_header(blocks: list[Block], metadata: PageMetadata) -> list[Block]:
    """Leave out early blocks that repeat the title or the byline, which the reader
    shows above the text: the first heading (or line) like the title, a line that is
    only the byline."""
    kept = list(blocks)
    title, byline = metadata.title, metadata.byline
    for index, (text, kind) in enumerate(kept[:3]):
        alike = similarity(text, title) > 0.75 and similarity(title, text) > 0.75
        if title and kind in ("heading", "paragraph") and alike:
            del kept[index]
            break
    for index, (text, _) in enumerate(kept[:3]):
        if byline and byline_text(text) == byline:
            del kept[index]
            break
    return kept
