"""Parsing untrusted HTML into an lxml tree, within limits, and cleaning it.

Shared by web pages (``reader.importers.html``) and the chapters of EPUB books
(``reader.importers.epub``). lxml parses without network access; scripts, styles,
frames and embedded objects are removed before anything reads the tree; nothing is
run or fetched. A file with an absurd number of tags is refused unparsed, and
libxml2's limits (nesting 256 deep, a 10 MB text node) end parsing with a clear
message.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.etree
import lxml.html

from reader.importers.errors import ImportFailure

# More opening tags than this and the file is not an article page but generated
# markup, whose tree would take hundreds of megabytes. Real pages have a few thousand.
MAX_TAGS = 200_000
# Attribute values longer than this (inline images, bloated class lists) carry nothing
# a reader needs and slow down the regular expressions run over them.
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


def parse_tree(text: str, name: str) -> Any:
    """The document's element tree, refusing what libxml2 cannot parse within its limits."""
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
            f"“{name}” cannot be read safely: {problem}. The file may be damaged or made "
            "to crash programs that read it."
        )
    return root


def clean_tree(root: Any) -> None:
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
