"""Web addresses: downloading within limits and importing by content type.

Every page comes from a server on 127.0.0.1 (``local_site``); nothing here needs the
network.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from typing import Any

import pytest

from reader.importers import ImportFailure, decoding, is_url, load_source
from reader.importers.url import MAX_REDIRECTS, import_url

# Each download here ends well within this (the slow page waits five seconds).
SECONDS = 3.0
TINY_TIMEOUT = 0.3

PAGE = b"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Flood walls approved for the Ouse | Riverside Gazette</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>Flood walls approved for the Ouse</h1>
<p>The council voted on Tuesday night to spend four million pounds on new flood walls
along the river, after two winters in which the water reached the high street.</p>
<p>Engineers had warned for years that the old embankment would not survive another
storm like the one in 2020, when three hundred homes were evacuated overnight.</p>
</article></body></html>"""


def html(body: bytes = PAGE, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, body


def redirect(location: str, status: int = 302) -> tuple[int, dict[str, str], bytes]:
    return status, {"Location": location}, b""


@pytest.fixture
def site(local_site: Any) -> Iterator[Any]:
    yield local_site


def load_quickly(url: str, **options: Any) -> Any:
    started = time.perf_counter()
    try:
        return import_url(url, **options)
    finally:
        assert time.perf_counter() - started < SECONDS


def test_a_page_is_downloaded_and_imported_with_its_final_address(site) -> None:
    site.routes["/news/flood-walls"] = html()
    site.routes["/old-link"] = redirect("/news/flood-walls", 301)
    received: list[tuple[int, int | None]] = []
    article = load_quickly(
        site.url("/old-link"), progress=lambda got, total: received.append((got, total))
    )
    assert article.title == "Flood walls approved for the Ouse"
    assert article.text.startswith("The council voted on Tuesday night")
    assert "Engineers had warned" in article.text
    assert "Home" not in article.text
    assert article.url == article.source == site.url("/news/flood-walls")
    assert received[-1] == (len(PAGE), len(PAGE))
    assert site.requests == ["/old-link", "/news/flood-walls"]


def test_load_source_tells_addresses_from_files(site, tmp_path) -> None:
    site.routes["/a"] = html()
    assert is_url(site.url("/a")) and is_url("HTTPS://example.org")
    assert not is_url("news/article.html") and not is_url("ftp://example.org/a")
    assert load_source(site.url("/a")).title == "Flood walls approved for the Ouse"
    path = tmp_path / "https:"  # a file that merely looks like the start of an address
    path.write_text("A file, not a page.", encoding="utf-8")
    assert load_source(path).text == "A file, not a page."


def test_the_charset_the_server_sends_decodes_the_page(site) -> None:
    body = PAGE.replace(b'<meta charset="utf-8">', b"").replace(
        b"four million", "café crème".encode("cp1252")
    )
    site.routes["/legacy"] = html(body, **{"Content-Type": "text/html; charset=windows-1252"})
    assert "café crème" in load_quickly(site.url("/legacy")).text


def test_plain_text_is_imported_as_text_and_markdown_as_markdown(site) -> None:
    site.routes["/notes.txt"] = (
        200,
        {"Content-Type": "text/plain; charset=utf-8"},
        b"Flood walls\n\nThe council voted for new walls.\n\nPicture: Getty",
    )
    site.routes["/notes.md"] = (
        200,
        {"Content-Type": "text/markdown"},
        b"# Walls\n\nThe *council* voted.",
    )
    text = load_quickly(site.url("/notes.txt"))
    assert text.title == "Flood walls"
    assert [p.kind for p in text.paragraphs] == ["paragraph", "caption"]
    markdown = load_quickly(site.url("/notes.md"))
    assert (markdown.title, markdown.text) == ("Walls", "The council voted.")


def test_a_compressed_page_is_unpacked(site) -> None:
    site.routes["/gzip"] = html(gzip.compress(PAGE), **{"Content-Encoding": "gzip"})
    assert load_quickly(site.url("/gzip")).title == "Flood walls approved for the Ouse"


@pytest.mark.parametrize(
    ("content_type", "what"),
    [
        ("image/png", "a picture (image/png)"),
        ("application/pdf", "a PDF document"),
        ("video/mp4", "a video"),
    ],
)
def test_what_is_not_an_article_is_refused_before_it_is_read(site, content_type, what) -> None:
    site.routes["/file"] = (200, {"Content-Type": content_type}, b"\x89PNG\r\n\x1a\n" * 100)
    with pytest.raises(ImportFailure, match="not an article") as caught:
        load_quickly(site.url("/file"))
    assert what in str(caught.value)


def test_a_missing_page_is_reported_as_such(site) -> None:
    with pytest.raises(ImportFailure, match=r"There is no page at .*404 Not Found"):
        load_quickly(site.url("/gone"))


def test_a_server_error_is_the_sites_problem(site) -> None:
    site.routes["/broken"] = (503, {"Content-Type": "text/html"}, b"busy")
    with pytest.raises(ImportFailure, match=r"503 Service Unavailable.*try again later"):
        load_quickly(site.url("/broken"))


def test_a_page_that_never_answers_times_out(site) -> None:
    def never(handler: Any) -> None:
        site.release.wait(5)

    site.routes["/slow"] = never
    with pytest.raises(ImportFailure, match=f"did not answer within {TINY_TIMEOUT:g} seconds"):
        load_quickly(site.url("/slow"), timeout=TINY_TIMEOUT)


def test_a_page_that_trickles_in_too_slowly_is_given_up(site) -> None:
    def trickle(handler: Any) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(100):
                if site.release.wait(0.05):
                    return
                handler.wfile.write(b"<p>word</p>")
                handler.wfile.flush()
        except OSError:
            pass  # the client hung up, as it should

    site.routes["/trickle"] = trickle
    with pytest.raises(ImportFailure, match="taking too long"):
        load_quickly(site.url("/trickle"), timeout=TINY_TIMEOUT)


def test_a_page_over_the_size_cap_is_refused(site, monkeypatch) -> None:
    monkeypatch.setattr(decoding, "MAX_BYTES", 100_000)
    site.routes["/declared"] = html(b"", **{"Content-Length": str(200 * 1024 * 1024)})

    def endless(handler: Any) -> None:  # no Content-Length: the body just keeps coming
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(100):
                handler.wfile.write(b"<p>word</p>" * 1000)
        except OSError:
            pass  # the client hung up, as it should

    site.routes["/endless"] = endless
    with pytest.raises(ImportFailure, match="is 200 MB, more than the 0 MB"):
        load_quickly(site.url("/declared"))
    with pytest.raises(ImportFailure, match="is over 0 MB"):
        load_quickly(site.url("/endless"))


def test_a_gzip_bomb_is_refused(site, monkeypatch) -> None:
    monkeypatch.setattr(decoding, "MAX_BYTES", 100_000)
    bomb = gzip.compress(b"<p>" + b" " * 5_000_000 + b"</p>")
    site.routes["/bomb"] = html(bomb, **{"Content-Encoding": "gzip"})
    with pytest.raises(ImportFailure, match=r"more than the 0 MB|is over 0 MB"):
        load_quickly(site.url("/bomb"))


def test_a_redirect_loop_is_reported(site) -> None:
    site.routes["/a"] = redirect("/b")
    site.routes["/b"] = redirect(site.url("/a"), 307)
    with pytest.raises(ImportFailure, match="redirects in a loop"):
        load_quickly(site.url("/a"))
    assert site.requests == ["/a", "/b"]


def test_endless_redirects_stop_after_the_limit(site) -> None:
    for number in range(50):
        site.routes[f"/hop/{number}"] = redirect(f"/hop/{number + 1}")
    with pytest.raises(ImportFailure, match=f"redirects more than {MAX_REDIRECTS} times"):
        load_quickly(site.url("/hop/0"))
    assert len(site.requests) == MAX_REDIRECTS + 1


def test_a_redirect_away_from_the_web_is_refused(site) -> None:
    site.routes["/local"] = redirect("file:///etc/passwd")
    with pytest.raises(ImportFailure, match="redirects to “file:///etc/passwd”"):
        load_quickly(site.url("/local"))


def test_a_refused_connection_reads_as_being_offline(closed_port: int) -> None:
    with pytest.raises(ImportFailure, match=r"connection was refused.*offline"):
        load_quickly(f"http://127.0.0.1:{closed_port}/article")


def test_a_name_that_does_not_resolve_is_reported(monkeypatch) -> None:
    import socket

    def no_such_name(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)
    with pytest.raises(ImportFailure, match=r"Cannot find the site “news\.invalid”"):
        load_quickly("https://news.invalid/article")


@pytest.mark.parametrize("address", ["http://", "https:///path", "http://exa mple.org:x/"])
def test_what_is_not_a_web_address_is_refused(address: str) -> None:
    with pytest.raises(ImportFailure, match="not a web address"):
        load_quickly(address)
