"""Finding a web page's character encoding and decoding it without ever failing.

The order: a byte order mark; UTF-8 when the bytes are valid UTF-8 and not all ASCII;
the charset the web server sent with a downloaded page (its ``Content-Type``); the
charset the page declares (``<meta charset>``, ``<meta http-equiv="Content-Type">``
or an XML declaration) in its first bytes; what charset-normalizer detects when there
are enough bytes outside ASCII to go on; else Windows-1252, the web's default for
unlabelled pages. Valid UTF-8 comes before the declaration because tools that save
pages often re-encode them as UTF-8 and leave the old declaration in (one of the test
pages says gb2312 but is UTF-8), while text in another encoding is almost never valid
UTF-8 by accident. Bytes the chosen encoding cannot decode become U+FFFD, so a damaged
page still opens.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from reader.importers.decoding import BOMS, refuse_binary, refuse_empty

# Browsers look for a declaration in the first 1,024 bytes; saved pages sometimes put
# a long comment or script first, so look a little further.
_PRESCAN_BYTES = 4096
_DETECT_BYTES = 64 * 1024
_DECLARATION = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
_TAG = re.compile(rb"<[^<>]*>")
_ASCII = bytes(range(128))
_MIN_EVIDENCE = 16  # bytes outside ASCII
# WHATWG Encoding Standard: these labels mean Windows-1252 on the web, and a page
# that says UTF-16 but has no byte order mark is read as UTF-8.
_WEB_ALIASES = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}

# Python codecs a page could name that are not character sets: transforms, escapes,
# and UTF-7, which browsers refuse because it hides markup.
_NOT_CHARACTER_SETS = frozenset(
    {"undefined", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"}
)


def decode_html(data: bytes, name: str, sent: str | None = None) -> str:
    """The page as text; refuses only what is empty or not text at all.

    ``sent`` is the charset a web server named for the page, if any.
    """
    refuse_empty(data, name)
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    refuse_binary(data, name, "a web page")
    if _is_utf8(data) and not data.isascii():
        encoding = "utf-8"
    else:
        encoding = (
            codec_for_label(sent or "") or declared_encoding(data) or _detected_encoding(data)
        )
    try:
        return data.decode(encoding, errors="replace")
    except (LookupError, UnicodeError):  # a codec that cannot decode at all
        return data.decode("cp1252", errors="replace")


def declared_encoding(data: bytes) -> str | None:
    """The Python codec for the charset the page declares, if it names a real one."""
    for match in _DECLARATION.finditer(data[:_PRESCAN_BYTES]):
        label = (match.group(1) or match.group(2)).decode("ascii", errors="ignore")
        codec = codec_for_label(label)
        if codec:
            return codec
    return None


def codec_for_label(label: str) -> str | None:
    """The Python codec for a charset label, if it names a real character set."""
    try:
        codec = codecs.lookup(label.strip().strip("\"'"))
    except LookupError:
        return None
    if codec.name in _NOT_CHARACTER_SETS or not codec._is_text_encoding:
        return None
    return _WEB_ALIASES.get(codec.name, codec.name)


def _is_utf8(data: bytes) -> bool:
    try:
        # Not final: a page cut off in the middle of a character is still UTF-8.
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _detected_encoding(data: bytes) -> str:
    if data.isascii():
        return "utf-8"
    # Markup is ASCII and only blurs the statistics the detector relies on.
    sample = _TAG.sub(b" ", data[:_DETECT_BYTES])
    if len(sample.translate(None, _ASCII)) < _MIN_EVIDENCE:
        return "cp1252"  # too few letters outside ASCII to tell encodings apart
    best = from_bytes(sample).best()
    if best is None:
        return "cp1252"
    return _WEB_ALIASES.get(best.encoding, best.encoding)
