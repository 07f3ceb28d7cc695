"""Web addresses: download the page with the standard library, then import it.

Only what the reader asked for is fetched: the page at the address, and nothing it
links to (the HTML importer never fetches). The download is bounded: each connection
and read waits at most ``timeout`` seconds and the whole download ``4 × timeout``;
the body may not exceed the same size cap as a file (``MAX_BYTES``); redirects are
followed by hand, at most ``MAX_REDIRECTS`` of them, only to http and https
addresses, and a redirect back to an address already visited is a loop. What arrives
is imported by its ``Content-Type``: HTML and XHTML as a web page, plain text as
text, Markdown as Markdown, an EPUB as a book; anything else (a picture, a PDF) is
refused before its body is read. The article remembers the address it finally came
from in ``url`` and ``source``.

Every failure is an ``ImportFailure`` whose message says what happened in the
reader's words: no such site, no connection (offline), no answer in time, no such
page (404), too big, a redirect loop, not a web page.

The system's proxy settings (``http_proxy``, ``https_proxy``, ``no_proxy``) apply,
as they do in a browser started from the same session.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

from reader import __version__
from reader.article import Article
from reader.importers import decoding
from reader.importers.errors import ImportFailure

# How long one connection attempt or one read may wait for the server, in seconds.
TIMEOUT_SECONDS = 20.0
# The whole download may take this many times the timeout.
_TOTAL_TIMEOUTS = 4
MAX_REDIRECTS = 10
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_SCHEMES = ("http", "https")
USER_AGENT = f"Marginalia/{__version__} (a desktop reader for articles)"
_ACCEPT = (
    "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,text/markdown;q=0.8,"
    "application/epub+zip;q=0.8,*/*;q=0.1"
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml"})
_MARKDOWN_TYPES = frozenset({"text/markdown", "text/x-markdown"})
_EPUB_TYPE = "application/epub+zip"
_DISPLAY_LENGTH = 80

# received bytes, total bytes (None when the server does not say). The callback may
# raise to stop the download: the exception goes to the caller unchanged.
DownloadProgress = Callable[[int, int | None], None]


def _no_progress(received: int, total: int | None) -> None:
    """Progress reports go nowhere unless a caller asks for them."""


def is_url(text: str) -> bool:
    """Whether ``text`` is a web address Marginalia downloads (http or https)."""
    return text.strip().lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Download:
    url: str  # where the body came from, after redirects
    content_type: str  # "text/html"; "" when the server did not say
    charset: str | None
    data: bytes


def import_url(
    url: str, *, timeout: float = TIMEOUT_SECONDS, progress: DownloadProgress = _no_progress
) -> Article:
    """Download the page at ``url`` and import it; raises ``ImportFailure``."""
    download = fetch(url, timeout=timeout, progress=progress)
    article = parse_download(download)
    return replace(article, url=download.url, source=download.url)


def parse_download(download: Download) -> Article:
    """The article in a downloaded body, imported by its content type."""
    name = display_url(download.url)
    kind, data = download.content_type, download.data
    if kind == "" and data.startswith(b"PK\x03\x04"):
        kind = _EPUB_TYPE
    if kind in _HTML_TYPES or kind == "":
        from reader.importers.html import parse_html

        return parse_html(data, download.url, name=name, encoding=download.charset)
    if kind == _EPUB_TYPE:
        from reader.importers.epub import parse_epub

        return parse_epub(data, download.url, name=name)
    text = _decode_text(data, name, download.charset)
    if kind in _MARKDOWN_TYPES:
        from reader.importers.markdown import parse_markdown

        return parse_markdown(text, download.url, name=name)
    from reader.importers.text import parse_text

    return parse_text(text, download.url, name=name)


def fetch(
    url: str, *, timeout: float = TIMEOUT_SECONDS, progress: DownloadProgress = _no_progress
) -> Download:
    """The body at ``url`` after redirects, within the limits the module describes."""
    url = url.strip()
    _check_scheme(url, url)
    deadline = time.monotonic() + timeout * _TOTAL_TIMEOUTS
    opener = urllib.request.build_opener(_NoRedirects)
    visited: list[str] = []
    current = url
    while True:
        if current in visited:
            raise ImportFailure(
                f"The link “{display_url(url)}” redirects in a loop (back to "
                f"“{display_url(current)}”), so it never reaches a page. The site may be "
                "misconfigured; try the link in a web browser."
            )
        if len(visited) > MAX_REDIRECTS:
            raise ImportFailure(
                f"The link “{display_url(url)}” redirects more than {MAX_REDIRECTS} times "
                "without reaching a page. The site may be misconfigured; try the link in a "
                "web browser."
            )
        visited.append(current)
        request = urllib.request.Request(
            current,
            headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": "identity"},
        )
        try:
            response = opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            with error:
                location = error.headers.get("Location") if error.headers else None
                if error.code in _REDIRECT_CODES and location:
                    target = urljoin(current, location.strip())
                    _check_scheme(target, url)
                    current = target
                    continue
                raise _http_failure(error.code, error.reason, current) from None
        except Exception as error:
            raise _connection_failure(error, current, timeout) from None
        with response:
            try:
                return _read(response, current, deadline, timeout, progress)
            except ImportFailure:
                raise
            except Exception as error:
                if _is_network_error(error):
                    raise _connection_failure(error, current, timeout) from None
                raise


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as errors, so that ``fetch`` follows them with its own limits."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _read(
    response: Any, url: str, deadline: float, timeout: float, progress: DownloadProgress
) -> Download:
    headers = response.headers
    content_type = headers.get_content_type() if headers.get("Content-Type") else ""
    _refuse_unreadable_type(content_type, url)
    total = _content_length(headers.get("Content-Length"))
    limit = decoding.MAX_BYTES
    if total is not None and total > limit:
        raise _too_big(url, total)
    chunks: list[bytes] = []
    received = 0
    progress(0, total)
    while True:
        if time.monotonic() > deadline:
            raise ImportFailure(
                f"“{display_url(url)}” is taking too long to download (more than "
                f"{timeout * _TOTAL_TIMEOUTS:g} seconds). Try again later, or check the "
                "internet connection."
            )
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
        if received > limit:
            raise _too_big(url, None)
        progress(received, total)
    data = _decompressed(b"".join(chunks), headers.get("Content-Encoding", ""), url)
    return Download(response.geturl() or url, content_type, headers.get_content_charset(), data)


def _content_length(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


def _decompressed(data: bytes, encoding: str, url: str) -> bytes:
    """The body without a compression the server applied although it was not asked to."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise ImportFailure(
            f"“{display_url(url)}” came compressed in a way Marginalia cannot read "
            f"({encoding}). Save the page from a web browser and open the file."
        )
    limit = decoding.MAX_BYTES
    window = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        decompressor = zlib.decompressobj(window)
        result = decompressor.decompress(data, limit + 1)
    except zlib.error:
        raise ImportFailure(
            f"“{display_url(url)}” arrived damaged (its compressed data cannot be read). Try again."
        ) from None
    if len(result) > limit:
        raise _too_big(url, None)
    return result


def _decode_text(data: bytes, name: str, charset: str | None) -> str:
    from reader.importers.charset import codec_for_label

    codec = codec_for_label(charset or "")
    if codec is None:
        return decoding.decode(data, name)
    decoding.refuse_empty(data, name)
    decoding.refuse_binary(data, name, "text")
    return data.decode(codec, errors="replace")


# -- messages ------------------------------------------------------------------------------


def display_url(url: str) -> str:
    """The address as messages show it: whole, or cut with an ellipsis when very long."""
    if len(url) <= _DISPLAY_LENGTH:
        return url
    return url[: _DISPLAY_LENGTH - 1] + "…"


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _check_scheme(target: str, asked: str) -> None:
    try:
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme.lower() not in _SCHEMES
        or not parts.hostname
        or any(c.isspace() for c in target)
    ):
        if target == asked:
            raise ImportFailure(
                f"“{display_url(asked)}” is not a web address Marginalia can open. "
                "Addresses start with https:// or http:// and name a site."
            )
        raise ImportFailure(
            f"The link “{display_url(asked)}” redirects to “{display_url(target)}”, which is "
            "not a web page Marginalia can open."
        )


def _refuse_unreadable_type(content_type: str, url: str) -> None:
    readable = _HTML_TYPES | _MARKDOWN_TYPES | {_EPUB_TYPE, "text/plain", ""}
    if content_type in readable:
        return
    major = content_type.partition("/")[0]
    what = {
        "image": "a picture",
        "video": "a video",
        "audio": "a sound recording",
        "font": "a font",
    }.get(major)
    if what is None:
        what = {
            "application/pdf": "a PDF document",
            "application/json": "JSON data",
            "application/zip": "a zip archive",
            "application/octet-stream": "a file to download",
        }.get(content_type, "a file that is not a web page")
    raise ImportFailure(
        f"The link “{display_url(url)}” leads to {what} ({content_type}), not an article. "
        "Marginalia opens web pages, plain text and EPUB books."
    )


def _too_big(url: str, size: int | None) -> ImportFailure:
    cap = decoding.MAX_BYTES // 1024 // 1024
    how_big = f"is {size / 1024 / 1024:.0f} MB" if size is not None else f"is over {cap} MB"
    return ImportFailure(
        f"The page at “{display_url(url)}” {how_big}, more than the {cap} MB Marginalia "
        "opens. It is not an article page."
    )


def _http_failure(code: int, reason: Any, url: str) -> ImportFailure:
    status = f"{code} {reason}".strip() if isinstance(reason, str) else str(code)
    where, host = display_url(url), _host(url)
    if code in (404, 410):
        return ImportFailure(
            f"There is no page at “{where}” (the site answered {status}). Check the link."
        )
    if code in (401, 403, 451):
        return ImportFailure(
            f"“{host}” refused to give the page at “{where}” ({status}). It may need a "
            "login, or refuse programs other than web browsers; save the page from a "
            "browser and open the file."
        )
    if code == 429:
        return ImportFailure(
            f"“{host}” is refusing requests for now ({status}). Try again in a while."
        )
    if 500 <= code < 600:
        return ImportFailure(
            f"“{host}” failed to give the page ({status}). The problem is at the site; "
            "try again later."
        )
    return ImportFailure(f"“{host}” answered {status} instead of giving the page at “{where}”.")


def _is_network_error(error: BaseException) -> bool:
    return isinstance(error, OSError | http.client.HTTPException)


def _connection_failure(error: BaseException, url: str, timeout: float) -> ImportFailure:
    """The reader's message for a failure to connect or to receive the page."""
    host = _host(url)
    reason: BaseException | str = error
    if isinstance(error, urllib.error.URLError) and not isinstance(error, urllib.error.HTTPError):
        reason = error.reason
    if isinstance(reason, socket.gaierror):
        return ImportFailure(
            f"Cannot find the site “{host}”. Check the address, and that this computer is "
            "connected to the internet."
        )
    if isinstance(reason, TimeoutError | socket.timeout) or (
        isinstance(reason, str) and "timed out" in reason
    ):
        return ImportFailure(
            f"“{host}” did not answer within {timeout:g} seconds. Try again later, or "
            "check the internet connection."
        )
    if isinstance(reason, ConnectionRefusedError):
        return ImportFailure(
            f"Cannot connect to “{host}”: the connection was refused. The site may be down, "
            "or this computer may be offline."
        )
    if isinstance(reason, ssl.SSLCertVerificationError):
        return ImportFailure(
            f"The secure connection to “{host}” could not be trusted "
            f"({reason.verify_message}). Marginalia does not open pages from a site it "
            "cannot verify."
        )
    if isinstance(reason, ssl.SSLError):
        return ImportFailure(f"The secure connection to “{host}” failed. Try again later.")
    if isinstance(reason, ValueError | http.client.InvalidURL):
        return ImportFailure(
            f"“{display_url(url)}” is not a web address Marginalia can open. "
            "Addresses start with https:// or http:// and name a site."
        )
    if isinstance(
        reason, ConnectionResetError | ConnectionAbortedError | http.client.HTTPException
    ):
        return ImportFailure(
            f"The connection to “{host}” broke off before the page arrived. Try again."
        )
    if isinstance(reason, OSError):
        detail = reason.strerror or str(reason) or type(reason).__name__
        return ImportFailure(f"Cannot connect to “{host}”: {detail}. This computer may be offline.")
    return ImportFailure(f"Cannot download “{display_url(url)}”: {reason}.")
