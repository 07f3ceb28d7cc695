"""Encyclopedia summaries: Wikipedia's REST summary of a named thing, off by default.

Only when the reader turns online look-ups on does Marginalia ask the network, and
then only for names (a term with a capital letter, or the long form the article
gives an acronym). A request has a short time limit (``TIMEOUT`` seconds, for the
whole answer, not only for each read) and a size limit. Every summary fetched is
kept in the library with the time it was retrieved; when the network fails, or
online look-ups are off, the kept copy is shown and marked as cached. An answer
that is not a summary (an error page, JSON of another shape) is reported, never
shown.

Wikipedia's text is under CC BY-SA 4.0; each card names the licence and links the
page. ``MARGINALIA_ENCYCLOPEDIA_URL`` points the look-ups at another server with
the same interface (the tests use one on 127.0.0.1).
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from reader import __version__
from reader.definitions.cards import Card
from reader.store.library import CachedSummary

BASE_URL = "https://en.wikipedia.org/api/rest_v1/page/summary/"
BASE_URL_ENV = "MARGINALIA_ENCYCLOPEDIA_URL"
SOURCE_NAME = "Wikipedia"
LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
# Seconds for the whole answer.
TIMEOUT = 3.0
MAX_BYTES = 512 * 1024
# A kept summary younger than this is shown without asking the network again.
FRESH_FOR = timedelta(days=30)
MAX_EXTRACT = 2000
_USER_AGENT = f"Marginalia/{__version__} (desktop article reader)"


class SummaryCache(Protocol):
    """Where summaries are kept (``reader.store.Library`` is one)."""

    def cached_summary(self, key: str) -> CachedSummary | None: ...

    def cache_summary(self, summary: CachedSummary) -> None: ...


class MemoryCache:
    """A cache that lasts as long as the program: for scripts and tests."""

    def __init__(self) -> None:
        self._summaries: dict[str, CachedSummary] = {}

    def cached_summary(self, key: str) -> CachedSummary | None:
        return self._summaries.get(key)

    def cache_summary(self, summary: CachedSummary) -> None:
        self._summaries[summary.key] = summary


class Unavailable(Exception):
    """The encyclopedia could not answer; ``str(error)`` is a sentence for the reader."""


@dataclass(frozen=True)
class Answer:
    card: Card | None
    problem: str = ""  # for the reader, when the encyclopedia could not answer


class Encyclopedia:
    """Summaries from Wikipedia's REST interface, kept in ``cache``."""

    def __init__(
        self,
        cache: SummaryCache | None = None,
        base_url: str | None = None,
        timeout: float = TIMEOUT,
        language: str = "en",
    ) -> None:
        self.cache: SummaryCache = cache if cache is not None else MemoryCache()
        self.base_url = base_url or os.environ.get(BASE_URL_ENV) or BASE_URL
        if not self.base_url.endswith("/"):
            self.base_url += "/"
        self.timeout = timeout
        self.language = language

    def answer(self, term: str, title: str, *, online: bool) -> Answer:
        """The card for ``title`` (what to look up) shown for ``term`` (as clicked)."""
        title = " ".join(title.split())
        if not title:
            return Answer(None)
        key = f"{self.language}:{title.casefold()}"
        kept = self.cache.cached_summary(key)
        if not online:
            return Answer(_card(term, kept, cached=True) if kept else None)
        if kept is not None and _age(kept) < FRESH_FOR:
            return Answer(_card(term, kept, cached=True))
        try:
            summary = self.fetch(title, key)
        except Unavailable as error:
            if kept is not None:
                return Answer(_card(term, kept, cached=True), f"{error} Showing the copy kept.")
            return Answer(None, str(error))
        if summary is None:
            return Answer(None)
        self.cache.cache_summary(summary)
        return Answer(_card(term, summary, cached=False))

    def fetch(self, title: str, key: str) -> CachedSummary | None:
        """Download the summary of the page called ``title``; None if there is none
        (no such page, or a page that lists several meanings)."""
        url = self.base_url + urllib.parse.quote(title.replace(" ", "_"), safe="")
        request = urllib.request.Request(
            url, headers={"User-Agent": _USER_AGENT, "Accept": "application/json"}
        )
        deadline = time.monotonic() + self.timeout
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = _read(response, deadline)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            raise Unavailable(f"{SOURCE_NAME} answered with an error ({error.code}).") from error
        except TimeoutError as error:
            raise self._timed_out() from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise self._timed_out() from error
            raise Unavailable(f"{SOURCE_NAME} could not be reached ({error.reason}).") from error
        except (OSError, ValueError) as error:  # connection reset, a malformed answer
            raise Unavailable(f"{SOURCE_NAME} could not be reached ({error}).") from error
        return _summary(body, key, title)

    def _timed_out(self) -> Unavailable:
        return Unavailable(f"{SOURCE_NAME} did not answer within {self.timeout:g} seconds.")


def _read(response: Any, deadline: float) -> bytes:
    """The body, within the time and size limits."""
    chunks: list[bytes] = []
    size = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError("the answer took too long")
        chunk = response.read1(16384)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > MAX_BYTES:
            raise ValueError("the answer is too large")
        chunks.append(chunk)


def _summary(body: bytes, key: str, title: str) -> CachedSummary | None:
    nonsense = Unavailable(f"{SOURCE_NAME} answered with something that is not a summary.")
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise nonsense from error
    if not isinstance(data, dict):
        raise nonsense
    kind = data.get("type", "standard")
    if kind in ("disambiguation", "no-extract"):
        return None
    extract = data.get("extract")
    page_title = data.get("title", title)
    description = data.get("description", "")
    if not isinstance(extract, str) or not extract.strip() or not isinstance(page_title, str):
        raise nonsense
    if not isinstance(description, str):
        description = ""
    extract = " ".join(extract.split())
    if len(extract) > MAX_EXTRACT:
        extract = extract[:MAX_EXTRACT].rsplit(" ", 1)[0] + "…"
    return CachedSummary(
        key=key,
        title=page_title,
        description=description.strip(),
        extract=extract,
        url=_page_url(data),
        retrieved=datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _page_url(data: dict[str, Any]) -> str:
    urls = data.get("content_urls")
    desktop = urls.get("desktop") if isinstance(urls, dict) else None
    page = desktop.get("page") if isinstance(desktop, dict) else None
    if isinstance(page, str) and page.startswith(("https://", "http://")):
        return page
    return ""


def _age(summary: CachedSummary) -> timedelta:
    try:
        retrieved = datetime.fromisoformat(summary.retrieved)
    except ValueError:
        return timedelta.max
    if retrieved.tzinfo is None:
        retrieved = retrieved.replace(tzinfo=UTC)
    return datetime.now(UTC) - retrieved


def _card(term: str, summary: CachedSummary, *, cached: bool) -> Card:
    return Card(
        term=term,
        headword=summary.title,
        definition=summary.extract,
        source="encyclopedia",
        source_name=SOURCE_NAME,
        licence=LICENCE,
        url=summary.url or LICENCE_URL,
        description=summary.description,
        retrieved=summary.retrieved,
        cached=cached,
    )
