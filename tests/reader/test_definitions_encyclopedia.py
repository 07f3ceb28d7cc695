"""Encyclopedia summaries against a fake Wikipedia on 127.0.0.1: good, slow, failing
and nonsense answers, the copies kept in the library, and online look-ups off."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reader.definitions import Definer
from reader.definitions.encyclopedia import Encyclopedia, MemoryCache
from reader.store import CachedSummary, Library

TIMEOUT = 0.5

SUMMARY = {
    "type": "standard",
    "title": "Reykjavík",
    "description": "Capital and largest city of Iceland",
    "extract": "Reykjavík is the capital and largest city of Iceland.",
    "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Reykjav%C3%ADk"}},
}


def json_route(data: Any, status: int = 200) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json"}, json.dumps(data).encode()


@pytest.fixture
def library(marginalia_home: Path) -> Iterator[Library]:
    with Library.open() as opened:
        yield opened


def encyclopedia(site: Any, cache: Any) -> Encyclopedia:
    return Encyclopedia(cache, base_url=site.url("/summary/"), timeout=TIMEOUT)


def test_a_summary_becomes_a_card_and_is_kept_with_its_date(
    local_site: Any, library: Library
) -> None:
    local_site.routes["/summary/Reykjavik"] = json_route(SUMMARY)
    answer = encyclopedia(local_site, library).answer("Reykjavik", "Reykjavik", online=True)
    card = answer.card
    assert card is not None and not answer.problem
    assert (card.source, card.source_name, card.licence) == (
        "encyclopedia",
        "Wikipedia",
        "CC BY-SA 4.0",
    )
    assert card.headword == "Reykjavík" and card.definition == SUMMARY["extract"]
    assert card.description == "Capital and largest city of Iceland"
    assert card.url == "https://en.wikipedia.org/wiki/Reykjav%C3%ADk"
    assert not card.cached
    kept = library.cached_summary("en:reykjavik")
    assert kept is not None and kept.extract == SUMMARY["extract"]
    assert datetime.now(UTC) - datetime.fromisoformat(kept.retrieved) < timedelta(minutes=1)
    assert card.retrieved == kept.retrieved
    # Asked again soon, the kept copy answers without the network, marked as cached.
    again = encyclopedia(local_site, library).answer("Reykjavik", "Reykjavik", online=True)
    assert again.card is not None and again.card.cached
    assert local_site.requests == ["/summary/Reykjavik"]


def test_titles_are_quoted_for_the_address(local_site: Any) -> None:
    local_site.routes["/summary/European_Court_of_Human_Rights"] = json_route(SUMMARY)
    local_site.routes["/summary/AT%26T%2FUS"] = json_route(SUMMARY)
    site = encyclopedia(local_site, MemoryCache())
    assert site.answer("ECHR", "European Court of Human Rights", online=True).card is not None
    assert site.answer("AT&T/US", "AT&T/US", online=True).card is not None


def test_with_online_look_ups_off_nothing_is_asked(local_site: Any, library: Library) -> None:
    local_site.routes["/summary/Reykjavik"] = json_route(SUMMARY)
    site = encyclopedia(local_site, library)
    assert site.answer("Reykjavik", "Reykjavik", online=False).card is None
    assert local_site.requests == []
    # A copy kept earlier is shown, marked as cached, still without asking.
    site.answer("Reykjavik", "Reykjavik", online=True)
    offline = site.answer("Reykjavik", "Reykjavik", online=False)
    assert offline.card is not None and offline.card.cached
    assert len(local_site.requests) == 1


def slow(site: Any) -> Any:
    def handler(request: Any) -> None:
        site.release.wait(10)  # ended by the fixture's close()

    return handler


def test_a_slow_server_is_given_up_on_quickly(local_site: Any) -> None:
    local_site.routes["/summary/Reykjavik"] = slow(local_site)
    started = time.monotonic()
    answer = encyclopedia(local_site, MemoryCache()).answer("Reykjavik", "Reykjavik", online=True)
    assert time.monotonic() - started < TIMEOUT + 1.5
    assert answer.card is None
    assert answer.problem == "Wikipedia did not answer within 0.5 seconds."


def test_an_answer_that_trickles_in_is_bounded_in_total_time(local_site: Any) -> None:
    def trickle(request: Any) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", "100000")
        request.end_headers()
        for _ in range(100):  # ten seconds at most, far past the limit
            if local_site.release.wait(0.1):
                return
            try:
                request.wfile.write(b" " * 20)
                request.wfile.flush()
            except OSError:
                return

    local_site.routes["/summary/Reykjavik"] = trickle
    started = time.monotonic()
    answer = encyclopedia(local_site, MemoryCache()).answer("Reykjavik", "Reykjavik", online=True)
    assert time.monotonic() - started < TIMEOUT + 1.0
    assert answer.card is None and "did not answer within" in answer.problem


def test_when_the_server_fails_the_kept_copy_is_shown_as_cached(
    local_site: Any, library: Library
) -> None:
    old = (datetime.now(UTC) - timedelta(days=90)).isoformat(timespec="seconds")
    library.cache_summary(
        CachedSummary("en:reykjavik", "Reykjavík", "", "An older summary.", "", old)
    )
    local_site.routes["/summary/Reykjavik"] = json_route({"detail": "Internal error"}, 500)
    answer = encyclopedia(local_site, library).answer("Reykjavik", "Reykjavik", online=True)
    assert answer.card is not None and answer.card.cached
    assert answer.card.definition == "An older summary." and answer.card.retrieved == old
    assert answer.problem == "Wikipedia answered with an error (500). Showing the copy kept."
    assert local_site.requests == ["/summary/Reykjavik"]  # too old to trust: asked again


def test_a_failing_server_without_a_copy_gives_a_problem_not_a_card(
    local_site: Any,
) -> None:
    local_site.routes["/summary/Reykjavik"] = json_route({}, 503)
    answer = encyclopedia(local_site, MemoryCache()).answer("Reykjavik", "Reykjavik", online=True)
    assert answer.card is None and answer.problem == "Wikipedia answered with an error (503)."


def test_a_refused_connection_is_a_problem(closed_port: int) -> None:
    site = Encyclopedia(MemoryCache(), base_url=f"http://127.0.0.1:{closed_port}/", timeout=1)
    answer = site.answer("Reykjavik", "Reykjavik", online=True)
    assert answer.card is None and answer.problem.startswith("Wikipedia could not be reached")


@pytest.mark.parametrize(
    "body",
    [
        b"<html><body>Service unavailable</body></html>",
        b"\xff\xfe not even text",
        json.dumps(["Reykjavik", "a list"]).encode(),
        json.dumps({"title": "Reykjavik"}).encode(),
        json.dumps({"title": "Reykjavik", "extract": 42}).encode(),
        json.dumps({"title": ["Reykjavik"], "extract": "Text."}).encode(),
        json.dumps({"title": "Reykjavik", "extract": "   "}).encode(),
    ],
)
def test_nonsense_is_reported_never_shown_nor_kept(
    local_site: Any, library: Library, body: bytes
) -> None:
    local_site.routes["/summary/Reykjavik"] = (200, {"Content-Type": "application/json"}, body)
    answer = encyclopedia(local_site, library).answer("Reykjavik", "Reykjavik", online=True)
    assert answer.card is None
    assert answer.problem == "Wikipedia answered with something that is not a summary."
    assert library.cached_summary("en:reykjavik") is None


def test_odd_but_usable_fields_are_tidied(local_site: Any) -> None:
    local_site.routes["/summary/Reykjavik"] = json_route(
        {
            "title": "Reykjavík",
            "extract": "Reykjavík   is\\nthe capital. " + "More. " * 1000,
            "description": 7,
            "content_urls": {"desktop": {"page": "javascript:alert(1)"}},
        }
    )
    card = encyclopedia(local_site, MemoryCache()).answer("R", "Reykjavik", online=True).card
    assert card is not None
    assert card.definition.startswith("Reykjavík is\\nthe capital.")
    assert len(card.definition) <= 2001 and card.definition.endswith("…")
    assert card.description == ""
    assert card.url == "https://creativecommons.org/licenses/by-sa/4.0/"


def test_no_page_and_a_disambiguation_page_give_no_card(local_site: Any) -> None:
    local_site.routes["/summary/Mercury"] = json_route(
        {"type": "disambiguation", "title": "Mercury", "extract": "Mercury may refer to:"}
    )
    site = encyclopedia(local_site, MemoryCache())
    assert site.answer("Mercury", "Mercury", online=True).card is None
    nothing = site.answer("Xyzzy", "Xyzzy", online=True)  # the site's 404
    assert nothing.card is None and nothing.problem == ""


def test_the_definer_asks_only_for_names_and_uses_the_articles_long_form(
    local_site: Any, library: Library
) -> None:
    local_site.routes["/summary/European_Court_of_Human_Rights"] = json_route(
        {**SUMMARY, "title": "European Court of Human Rights", "extract": "A court in Strasbourg."}
    )
    from reader.nlp.acronyms import acronym_definitions

    text = "Talks with the European Court of Human Rights (ECHR) on asylum."
    definer = Definer.standard(library=library, encyclopedia=encyclopedia(local_site, library))
    result = definer.lookup(
        "ECHR", article_text=text, definitions=acronym_definitions(text), online=True
    )
    assert [c.source for c in result.cards] == ["article", "encyclopedia"]
    assert result.cards[1].definition == "A court in Strasbourg."
    definer.lookup("asylum", article_text=text, online=True)
    assert local_site.requests == ["/summary/European_Court_of_Human_Rights"]
    # Offline, the copy kept is still shown, and marked as cached.
    offline = definer.lookup(
        "ECHR", article_text=text, definitions=acronym_definitions(text), online=False
    )
    assert offline.cards[1].cached and offline.problems == ()
