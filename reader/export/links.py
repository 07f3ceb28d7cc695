"""Links from an exported highlight back to its place: in Marginalia, and on the web.

``marginalia_link`` is the ``marginalia://`` address the window opens (the format is
in DESIGN.md, "Export"); ``parse_marginalia_link`` reads one back. ``text_fragment``
gives a URL Text Fragment (``#:~:text=prefix-,start,end,-suffix``, WICG's
scroll-to-text specification, which Chromium, Safari and Firefox follow) that
scrolls a browser to the same words on the article's web page. ``link_target``
makes any address safe as a Markdown link destination.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit, urlunsplit

from reader.article import Article

SCHEME = "marginalia"

# A highlight longer than this many words is given as its first and last words.
_WHOLE_WORDS = 10
_END_WORDS = 5
# Words of context either side, to tell apart passages that occur more than once.
_CONTEXT_WORDS = 3


@dataclass(frozen=True)
class MarginaliaLink:
    """What a ``marginalia://open`` link points at."""

    article_sha256: str  # SHA-256 of the article's text when the link was made
    start: int
    end: int
    highlight: int | None = None  # the highlight's id in the library that exported it


def marginalia_link(article_sha256: str, start: int, end: int, highlight: int | None) -> str:
    """``marginalia://open?article=SHA256&start=S&end=E[&highlight=ID]``."""
    # Hex digits and integers only: nothing to encode.
    link = f"{SCHEME}://open?article={article_sha256}&start={int(start)}&end={int(end)}"
    return link if highlight is None else f"{link}&highlight={int(highlight)}"


def parse_marginalia_link(link: str) -> MarginaliaLink:
    """The parts of a ``marginalia://open`` link; ``ValueError`` if it is not one."""
    parts = urlsplit(link)
    if parts.scheme != SCHEME or parts.netloc != "open":
        raise ValueError(f"not a {SCHEME}://open link: {link}")
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    try:
        sha = query["article"].lower()
        start, end = int(query["start"]), int(query["end"])
        highlight = int(query["highlight"]) if "highlight" in query else None
    except (KeyError, ValueError) as error:
        raise ValueError(f"an incomplete {SCHEME}:// link: {link}") from error
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha) or not 0 <= start <= end:
        raise ValueError(f"a damaged {SCHEME}:// link: {link}")
    return MarginaliaLink(sha, start, end, highlight)


# Each byte of a term as the directive has it: letters, digits and _ . ~ as they are,
# everything else percent-encoded, including its own marks - , and & (and spaces).
_PERCENT = [
    chr(byte)
    if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "_.~")
    else f"%{byte:02X}"
    for byte in range(256)
]


def _term(words: list[str]) -> str:
    """Words as one term of the directive (one table look-up per byte: this runs for
    every highlight, and ``urllib.parse.quote`` takes several times longer)."""
    return "".join(map(_PERCENT.__getitem__, " ".join(words).encode("utf-8")))


def _is_word(char: str) -> bool:
    return char.isalnum()


def text_fragment(article: Article, start: int, end: int, paragraph: int | None = None) -> str:
    """The ``:~:text=`` directive (without ``#``) for ``article.text[start:end]``.

    The passage is widened to whole words (a browser only matches at word
    boundaries). Up to three words before and after it in the same paragraph
    make it unique; a long or multi-paragraph passage is given by its first and
    last words. ``paragraph`` is the index of the paragraph ``start`` is in, when
    the caller knows it. Empty when the passage has no words.
    """
    text = article.text
    while 0 < start < len(text) and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while 0 < end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    pieces = [piece.split() for piece in text[start:end].split("\n") if piece.strip()]
    if not pieces:
        return ""
    if len(pieces) == 1 and len(pieces[0]) <= _WHOLE_WORDS:
        directive = _term(pieces[0])
    else:
        first_words, last_words = pieces[0][:_END_WORDS], pieces[-1][-_END_WORDS:]
        directive = f"{_term(first_words)},{_term(last_words)}"
    paragraphs = article.paragraphs
    if paragraphs:
        first = paragraphs[paragraph if paragraph is not None else article.paragraph_index(start)]
        if first.start <= start:
            before = text[max(first.start, start - 200) : start].split()[-_CONTEXT_WORDS:]
            if before:
                directive = f"{_term(before)}-,{directive}"
        last = first if end <= first.end else paragraphs[article.paragraph_index(end - 1)]
        if end <= last.end:
            after = text[end : min(last.end, end + 200)].split()[:_CONTEXT_WORDS]
            if after:
                directive = f"{directive},-{_term(after)}"
    return f":~:text={directive}"


def web_page(url: str) -> str:
    """The article's web address ready for a Text Fragment: without its own fragment,
    made safe as a link destination; "" when it is not a web address."""
    if not url.startswith(("https://", "http://")):
        return ""
    return link_target(url.split("#", 1)[0])


def web_link(
    page: str, article: Article, start: int, end: int, paragraph: int | None = None
) -> str:
    """``page`` (from ``web_page``) with a Text Fragment for the passage; "" if none."""
    fragment = text_fragment(article, start, end, paragraph) if page else ""
    return f"{page}#{fragment}" if fragment else ""


# Left as they are in a link destination: RFC 3986's reserved and unreserved
# characters and %, except ( ) [ ] (which Markdown and Obsidian read as syntax).
_SAFE_IN_URL = "/:?#@!$&'*+,;=%-._~"


def link_target(url: str) -> str:
    """``url`` percent-encoded where Markdown would read it as syntax or a space."""
    parts = urlsplit(url)
    return urlunsplit(
        (
            parts.scheme,
            quote(parts.netloc, safe=_SAFE_IN_URL + "[]"),  # [::1] in a host stays
            quote(parts.path, safe=_SAFE_IN_URL),
            quote(parts.query, safe=_SAFE_IN_URL),
            quote(parts.fragment, safe=_SAFE_IN_URL),
        )
    )
