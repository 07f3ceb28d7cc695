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

The page is untrusted input. lxml parses it without network access; scripts, styles,
frames and embedded objects are removed before anything reads it; nothing is run or
fetched. Work is bounded: a file over the size cap is refused unread, one with an
absurd number of tags unparsed; libxml2's limits (nesting 256 deep, a 10 MB text
node) end parsing with a clear message; and a page bigger or more deeply nested than
any article keeps its whole text, unextracted, since extraction time grows with size.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any

import lxml.etree
import lxml.html
import trafilatura
from readability import Document

from reader.article import Article
from reader.importers.blocks import HTML, TRAFILATURA, Block, blocks_of, words
from reader.importers.charset import decode_html
from reader.importers.decoding import read_bytes
from reader.importers.errors import ImportFailure
from reader.importers.metadata import PageMetadata, byline_text, read_metadata, similarity

# The extractors log what they find odd about a page; that is not the reader's concern.
for _name in ("readability", "trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# More opening tags than this and the file is not an article page but generated
# markup, whose tree would take hundreds of megabytes. Real pages have a few thousand.
MAX_TAGS = 200_000
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
# Attribute values longer than this (inline images, bloated class lists) carry nothing
# an extractor needs and slow down the regular expressions run over them.
_MAX_ATTRIBUTE = 2_000
# Quoted attribute values this long are emptied before parsing: libxml2 refuses a
# value over 10 MB, and a page saved with its pictures inlined can hold one.
_HUGE_ATTRIBUTE = re.compile(r"""=\s*(?:"[^"]{100000,}"|'[^']{100000,}')""")
# Characters an element tree cannot hold (lxml refuses them when text is moved about):
# C0 controls other than tab, line feed and carriage return; form feed is a space.
_NOT_XML: dict[int, str | None] = {
    code: None for code in [*range(0x20), 0xFFFE, 0xFFFF] if code not in (9, 10, 13)
}
_NOT_XML[0x0C] = " "
_REMOVED_TAGS = (
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "canvas", "audio", "video", "source", "track", "map",
    "input", "button", "select", "textarea", "option", "datalist", "link", "base",
    # Tangential by definition (HTML: sidebars, pull quotes, "read this too" boxes);
    # Reader View drops them too.
    "aside",
)  # fmt: skip
_HIDDEN = "marginalia-hidden"  # hidden elements are renamed to this, then removed
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def import_html(path: Path) -> Article:
    return parse_html(read_bytes(path), source=str(path))


def parse_html(data: bytes, source: str = "") -> Article:
    """The article in a web page's bytes; raises ``ImportFailure`` for what is not one."""
    name = Path(source).name or "page.html"
    root = _parse(decode_html(data, name), name)
    metadata = read_metadata(root)
    _clean(root)
    blocks = _all_text(root) if _too_big_to_extract(root) else _main_content(root)
    blocks = _without_header(blocks, metadata)
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


def _parse(text: str, name: str) -> Any:
    """The page's element tree, refusing what libxml2 cannot parse within its limits."""
    if text.count("<") - text.count("</") > MAX_TAGS:
        raise ImportFailure(
            f"“{name}” has more than {MAX_TAGS:,} tags: it is not an article page. "
            "Copy the article's text into a .txt file and open that."
        )
    text = _HUGE_ATTRIBUTE.sub('=""', text).translate(_NOT_XML)
    # Bytes with a stated encoding: lxml refuses a str that declares one itself.
    parser = lxml.html.HTMLParser(
        encoding="utf-8", no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except lxml.etree.ParserError:
        raise ImportFailure(f"“{name}” is empty: there is no text to read.") from None
    limits = [e.message for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"]
    if limits:
        problem = (
            "its elements are nested more than 255 deep"
            if "depth" in limits[0].lower()
            else "one of its parts is larger than 10 MB"
        )
        raise ImportFailure(
            f"“{name}” cannot be read safely: {problem}. The page may be damaged or made "
            "to crash programs that read it."
        )
    return root


def _clean(root: Any) -> None:
    """Remove what is never article text and what could make extraction slow."""
    # XPath finds the few elements concerned without visiting the rest from Python.
    for element in root.xpath("//*[@hidden or @aria-hidden = 'true' or @style]"):
        if element.getparent() is not None and _is_hidden(element):
            element.tag = _HIDDEN
    for value in root.xpath(f"//@*[string-length(.) > {_MAX_ATTRIBUTE}]"):
        del value.getparent().attrib[value.attrname]
    # In one pass in C: dropping elements one by one copies the text around them each time.
    lxml.etree.strip_elements(root, *_REMOVED_TAGS, _HIDDEN, with_tail=False)


def _is_hidden(element: Any) -> bool:
    return (
        element.get("hidden") is not None
        or element.get("aria-hidden") == "true"
        or bool(_HIDDEN_STYLE.search(element.get("style") or ""))
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
