"""Web pages: metadata, block kinds, encodings, hostile input (with EPUB books in the
fuzz test), and the shared corpus."""

from __future__ import annotations

import codecs
import io
import json
import random
import socket
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pytest

from evaluation.import_html import evaluate, summarise
from reader.article import Article
from reader.importers import ImportFailure, load_article
from reader.importers.blocks import HTML, blocks_of

# A hang is a failure; normal pages take a fraction of a second.
SECONDS_PER_PAGE = 10.0

HEADLINE = "Flood walls approved for the Ouse"
PARAGRAPHS = [
    "The council voted on Tuesday night to spend four million pounds on new flood walls "
    "along the river, after two winters in which the water reached the high street.",
    "Engineers had warned for years that the old embankment would not survive another "
    "storm like the one in 2020, when three hundred homes were evacuated overnight.",
    "The work will start in the spring and should take eighteen months, the council said, "
    "with the towpath closed in sections while the foundations are poured.",
    "Residents who spoke at the meeting welcomed the decision but asked why it had taken "
    "so long, and whether the walls would be high enough for the floods still to come.",
    "The Environment Agency, which will pay for half of the scheme, said the design allowed "
    "for the walls to be raised later if the river keeps rising as the forecasts suggest.",
]

ARTICLE_BODY = f"""
<article>
  <h1>Flood walls approved for the Ouse</h1>
  <p>{PARAGRAPHS[0]}</p>
  <p>{PARAGRAPHS[1]}</p>
  <figure><img src="walls.jpg" alt="">
    <figcaption>The embankment at high water last winter.</figcaption></figure>
  <h2>What happens next</h2>
  <p>{PARAGRAPHS[2]}</p>
  <blockquote><p>“We are ready to start as soon as the ground is dry,” the chief engineer
    told the meeting.</p></blockquote>
  <p>{PARAGRAPHS[3]}</p>
  <p>The scheme has three parts, each built in turn over the eighteen months:</p>
  <ul><li>a new wall from the bridge to the mill, built first;</li>
      <li>raised banks along the meadows, where the water spreads;</li>
      <li>pumps at the two outfalls, so that drains can empty at high tide.</li></ul>
  <p>{PARAGRAPHS[4]}</p>
</article>
"""

METADATA_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Flood walls approved for the Ouse | The Riverside Gazette</title>
  <link rel="canonical" href="https://gazette.example/news/flood-walls">
  <meta property="og:title" content="Open Graph title, used only without JSON-LD">
  <meta property="og:site_name" content="Riverside Gazette">
  <meta name="author" content="Meta Author">
  <meta property="article:published_time" content="2024-03-01T09:00:00Z">
  <script type="application/ld+json">
  {
    json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "The Riverside Gazette"},
                {
                    "@type": "NewsArticle",
                    "headline": "Flood walls approved for the Ouse",
                    "author": [
                        {"@type": "Person", "name": "Jane Doe"},
                        {"@type": "Person", "name": "Sam Roe"},
                    ],
                    "publisher": {"@type": "Organization", "name": "The Riverside Gazette"},
                    "datePublished": "2024-03-02T10:30:00+00:00",
                },
            ],
        }
    )
}
  </script>
</head>
<body>
  <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
  {ARTICLE_BODY}
  <footer>© The Riverside Gazette. All rights reserved. Contact us.</footer>
  <script>document.write("never run")</script>
</body>
</html>
"""


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def paragraphs(article: Article) -> list[tuple[str, str]]:
    return [(article.text[p.start : p.end], p.kind) for p in article.paragraphs]


def load_quickly(path: Path) -> Article:
    started = time.perf_counter()
    try:
        return load_article(path)
    finally:
        assert time.perf_counter() - started < SECONDS_PER_PAGE


# -- metadata ----------------------------------------------------------------------------


def test_json_ld_comes_first_then_open_graph_and_meta_tags(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "walls.html", METADATA_PAGE))
    assert article.title == "Flood walls approved for the Ouse"
    assert article.byline == "Jane Doe, Sam Roe"
    assert article.site == "The Riverside Gazette"
    assert article.published == "2024-03-02T10:30:00+00:00"
    assert article.url == "https://gazette.example/news/flood-walls"
    assert article.language == "en"
    assert article.source.endswith("walls.html")


def test_without_json_ld_open_graph_and_meta_tags_are_used(tmp_path: Path) -> None:
    head = """
      <title>Ignored when Open Graph has a title | Site</title>
      <meta property="og:title" content="Flood walls approved">
      <meta property="og:site_name" content="Riverside Gazette">
      <meta property="og:url" content="https://gazette.example/walls">
      <meta name="author" content="Jane Doe">
      <meta property="article:published_time" content="2024-03-01">
      <meta http-equiv="content-language" content="de-DE">"""
    article = load_article(write(tmp_path, "og.html", page(ARTICLE_BODY, head)))
    assert (article.title, article.site, article.byline) == (
        "Flood walls approved",
        "Riverside Gazette",
        "Jane Doe",
    )
    assert (article.published, article.url, article.language) == (
        "2024-03-01",
        "https://gazette.example/walls",
        "de",
    )


@pytest.mark.parametrize(
    ("title_element", "expected"),
    [
        ("Flood walls approved for the Ouse | Riverside Gazette", HEADLINE),
        ("Flood walls approved for the Ouse - Riverside Gazette", HEADLINE),
        # Too few words would be left: the whole <title> is the title.
        ("Mozilla - Wikipedia", "Mozilla - Wikipedia"),
    ],
)
def test_the_site_name_is_cut_from_the_title_element(
    tmp_path: Path, title_element: str, expected: str
) -> None:
    article = load_article(
        write(tmp_path, "t.html", page(ARTICLE_BODY, f"<title>{title_element}</title>"))
    )
    assert article.title == expected


def test_a_byline_in_the_page_is_found_and_not_repeated_in_the_text(tmp_path: Path) -> None:
    body = ARTICLE_BODY.replace(
        "</h1>", '</h1><p class="byline">By <a rel="author" href="/jane">Jane Doe</a></p>'
    )
    article = load_article(write(tmp_path, "b.html", page(body, "<title>Flood walls</title>")))
    assert article.byline == "Jane Doe"
    assert "By Jane Doe" not in article.text


def test_bad_json_ld_and_absurd_values_are_ignored(tmp_path: Path) -> None:
    head = (
        '<script type="application/ld+json">{not json</script>'
        '<script type="application/ld+json">' + "[" * 50_000 + "]" * 50_000 + "</script>"
        f'<meta property="og:title" content="{"x" * 5000}">'
        '<link rel="canonical" href="javascript:alert(1)">'
        "<title>Flood walls approved for the Ouse</title>"
    )
    article = load_article(write(tmp_path, "j.html", page(ARTICLE_BODY, head)))
    assert article.title == "Flood walls approved for the Ouse"
    assert article.url == ""


# -- the body and its block kinds ------------------------------------------------------


def test_the_article_keeps_its_block_kinds_and_loses_the_page_around_it(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "walls.html", METADATA_PAGE))
    blocks = paragraphs(article)
    kinds = dict(blocks)
    # The title is shown above the text, so its heading is not repeated in it.
    assert "Flood walls approved for the Ouse" not in kinds
    assert blocks[0] == (PARAGRAPHS[0], "paragraph")
    assert kinds["What happens next"] == "heading"
    assert kinds["The embankment at high water last winter."] == "caption"
    quote = "“We are ready to start as soon as the ground is dry,” the chief engineer told"
    assert kinds[f"{quote} the meeting."] == "quote"
    assert kinds["a new wall from the bridge to the mill, built first;"] == "list-item"
    assert [text for text, kind in blocks if kind == "list-item"][2].startswith("pumps")
    for text in PARAGRAPHS:
        assert kinds[text] == "paragraph"
    for chrome in ("Home", "Sport", "All rights reserved", "never run"):
        assert chrome not in article.text


def fragment_blocks(markup: str) -> list[tuple[str, str]]:
    return blocks_of(lxml.html.fragment_fromstring(markup, create_parent="div"), HTML)


def test_inline_elements_run_together_and_blocks_stay_apart() -> None:
    assert fragment_blocks("<p>Flood<b>walls</b> <i>rise</i></p><div>Next\n  block</div>") == [
        ("Floodwalls rise", "paragraph"),
        ("Next block", "paragraph"),
    ]


def test_one_line_break_is_a_space_and_two_end_a_paragraph() -> None:
    assert fragment_blocks("<p>one<br>line<br/> <br>new paragraph</p>") == [
        ("one line", "paragraph"),
        ("new paragraph", "paragraph"),
    ]


def test_nested_kinds_and_table_rows() -> None:
    markup = (
        "<blockquote><ul><li>quoted item</li></ul></blockquote>"
        "<ul><li>item <h3>heading in item</h3></li></ul>"
        "<figure><blockquote>pull quote</blockquote><figcaption>Credit</figcaption></figure>"
        "<table><tr><th>Year</th><th></th><th>Cost</th></tr><tr><td>2024</td><td>£4m</td></tr>"
        "</table>"
    )
    assert fragment_blocks(markup) == [
        ("quoted item", "quote"),
        ("item", "list-item"),
        ("heading in item", "heading"),
        ("pull quote", "caption"),
        ("Credit", "caption"),
        ("Year | Cost", "paragraph"),
        ("2024 | £4m", "paragraph"),
    ]


def test_a_page_that_is_not_an_article_shows_all_its_text(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "links.html", page("<p>Just one short line.</p>")))
    assert article.text == "Just one short line."


def test_xhtml_and_htm_are_web_pages_too(tmp_path: Path) -> None:
    xhtml = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head>'
        "<title>Les digues du fleuve sont enfin approuvées</title></head>"
        f"<body>{ARTICLE_BODY}</body></html>"
    )
    article = load_article(write(tmp_path, "a.xhtml", xhtml))
    assert article.language == "fr"
    assert PARAGRAPHS[0] in article.text
    assert PARAGRAPHS[0] in load_article(write(tmp_path, "a.HTM", page(ARTICLE_BODY))).text


# -- encodings ---------------------------------------------------------------------------


def test_a_declared_windows_1252_page_is_decoded_as_such(tmp_path: Path) -> None:
    text = "Café owners say the “new” walls — at last — are a relief."
    declaration = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'
    html = page(f"<p>{text}</p>", declaration)
    assert load_article(write(tmp_path, "w.html", html.encode("cp1252"))).text == text


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_a_byte_order_mark_wins_over_a_declaration(
    tmp_path: Path, bom: bytes, encoding: str
) -> None:
    html = page("<p>Zoë’s café in Łódź</p>", '<meta charset="iso-8859-2">')
    article = load_article(write(tmp_path, "bom.html", bom + html.encode(encoding)))
    assert article.text == "Zoë’s café in Łódź"


def test_valid_utf8_wins_over_a_stale_declaration(tmp_path: Path) -> None:
    text = "人工智能迈上新台阶"
    html = page(f"<p>{text}</p>", '<meta charset="gb2312">')
    assert load_article(write(tmp_path, "u.html", html.encode("utf-8"))).text == text


def test_an_undeclared_legacy_page_is_detected(tmp_path: Path) -> None:
    text = "Les digues du fleuve seront élevées cet été, a déclaré la mairie à la réunion. " * 5
    html = page(f"<p>{text.strip()}</p>")
    article = load_article(write(tmp_path, "l.html", html.encode("cp1252")))
    assert "élevées cet été" in article.text


@pytest.mark.parametrize(
    "data",
    [
        b"<p>Valid \xc3\xa9 then invalid \xff\xfe\xfd bytes.</p>",
        b"<meta charset='utf-8'><p>Declared UTF-8, but \xe9t\xe9 is Latin-1.</p>",
        b"<meta charset='zlib'><p>caf\xe9 with a codec that is not a character set</p>",
        b"<p>" + bytes(range(128, 256)) * 3 + b"</p>",
        b"<meta charset='undefined'><p>caf\xe9</p>",
        b"<meta charset='no-such-charset'><p>caf\xe9</p>",
        b"<p>cut in the middle of a character: caf\xc3",
    ],
)
def test_undecodable_bytes_never_stop_a_page_opening(tmp_path: Path, data: bytes) -> None:
    article = load_article(write(tmp_path, "bad.html", data))
    assert article.text


# -- bad and hostile input ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.html", b"", "is empty"),
        ("blank.htm", b"  \n\t\n", "is empty"),
        ("comment.html", b"<!-- nothing here -->", "is empty"),
        ("picture.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file"),
        ("random.html", random.Random(7).randbytes(4096), "binary file"),
        ("scripts.html", page("<script>alert(1)</script><style>p{}</style>").encode(), "no text"),
        (
            "deep.html",
            b"<p>before</p>" + b"<div>" * 100_000 + b"deep" + b"</div>" * 100_000,
            "nested more than 255 deep",
        ),
        ("node.html", b"<p>" + b"word " * 2_200_000 + b"</p>", "larger than 10 MB"),
        ("tags.html", b"<b>a</b>" * 250_000, "tags"),
    ],
)
def test_bad_pages_are_refused_quickly_with_a_sentence_the_reader_understands(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ImportFailure, match=message) as caught:
        load_quickly(write(tmp_path, name, data))
    assert name in str(caught.value)
    assert "Traceback" not in str(caught.value)


def test_a_page_over_the_size_cap_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(ImportFailure, match="50 MB"):
        load_quickly(path)


def test_a_page_too_big_to_extract_from_keeps_all_its_text(tmp_path: Path) -> None:
    data = page("<nav>Home</nav>" + "<div><p>word</p></div>" * 30_000).encode()
    article = load_quickly(write(tmp_path, "many.html", data))
    assert article.text.startswith("Home\n\nword\n\nword")
    assert len(article.paragraphs) == 30_001


def test_a_truncated_page_imports_what_is_there(tmp_path: Path) -> None:
    cut = METADATA_PAGE[: METADATA_PAGE.index(PARAGRAPHS[3]) + 40]
    article = load_quickly(write(tmp_path, "cut.html", cut))
    assert article.title == "Flood walls approved for the Ouse"
    assert PARAGRAPHS[2] in article.text


def test_a_ten_megabyte_attribute_is_dropped_and_the_text_kept(tmp_path: Path) -> None:
    body = ARTICLE_BODY.replace("<article>", f'<article data-blob="{"a" * 10_000_000}">')
    body = body.replace('src="walls.jpg"', f'src="data:image/png;base64,{"QUJD" * 1_000_000}"')
    article = load_quickly(write(tmp_path, "blob.html", page(body)))
    assert PARAGRAPHS[0] in article.text


def test_importing_never_touches_the_network(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the importer tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    head = (
        '<!DOCTYPE html SYSTEM "http://example.invalid/evil.dtd">'
        '<base href="http://example.invalid/">'
        '<link rel="stylesheet" href="http://example.invalid/s.css">'
        '<script src="http://example.invalid/s.js"></script>'
        "<title>Flood walls approved for the Ouse</title>"
    )
    body = ARTICLE_BODY + (
        '<iframe src="http://example.invalid/frame"></iframe>'
        '<img src="http://example.invalid/i.png" onerror="fetch(1)">'
        '<object data="http://example.invalid/o.swf"></object>'
    )
    article = load_article(write(tmp_path, "remote.html", page(body, head)))
    assert PARAGRAPHS[0] in article.text


def _mutated(rng: random.Random, data: bytes, pieces: list[bytes], kind: int) -> bytes:
    """``data`` with markup fragments inserted (kind 1), bytes flipped (2), or stretches
    cut or repeated (3); one time in five cut short as well."""
    mutated = bytearray(data)
    for _ in range(rng.randrange(1, 30)):
        at = rng.randrange(len(mutated) + 1)
        if kind == 1:  # insert markup fragments
            mutated[at:at] = rng.choice(pieces) * rng.randrange(1, 4)
        elif kind == 2 and mutated:  # flip bytes
            mutated[min(at, len(mutated) - 1)] = rng.randrange(256)
        else:  # cut or duplicate a stretch
            end = min(len(mutated), at + rng.randrange(1, 400))
            mutated[at:end] = mutated[at:end] * rng.randrange(0, 3)
    if rng.random() < 0.2:
        mutated = mutated[: rng.randrange(len(mutated) + 1)]
    return bytes(mutated)


def _rezipped(rng: random.Random, book: bytes, pieces: list[bytes]) -> bytes:
    """The book with one of its files (a chapter, the package, the contents) damaged."""
    source = zipfile.ZipFile(io.BytesIO(book))
    victim = rng.choice([name for name in source.namelist() if name != "mimetype"])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == victim:
                data = _mutated(rng, data, pieces, rng.randrange(1, 4))
            target.writestr(name, data)
    return buffer.getvalue()


def test_fuzzed_pages_and_books_raise_nothing_but_import_failure(
    tmp_path: Path, make_epub: Callable[..., bytes]
) -> None:
    """1,200 malformed pages and 400 malformed EPUB books, the same each run: random
    bytes, damaged HTML, damaged zip archives, and books with a damaged file inside."""
    rng = random.Random(20240611)
    seeds = [METADATA_PAGE.encode("utf-8"), page(ARTICLE_BODY).encode("cp1252", "replace")]
    pieces = [
        b"<div>", b"</div>", b"<p>", b"<table><tr><td>", b"<br>", b"<!--", b"-->", b"<![CDATA[",
        b"<script>", b"</script>", b"&amp;", b"&#x0;", b"&#99999999;", b"\x00", b"\xff\xfe",
        b"\xef\xbb\xbf", b'<meta charset="utf-16">', b'<meta charset="x">', b"<svg><math>",
        b'<script type="application/ld+json">{"@type":"NewsArticle","headline":[',
        b"<?xml version='1.0' encoding='ebcdic'?>", b"<" * 50, b">" * 50, b'"' * 30,
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', b"&a;&a;&a;", b'<itemref idref="c1"/>',
        b'<a href="../../../etc/passwd#x">', b'id="top"', b"PK\x03\x04",
    ]  # fmt: skip
    books = [make_epub(), make_epub(toc="ncx", headings=False), make_epub(toc="")]
    cases: list[tuple[str, bytes]] = []
    for number in range(1200):
        kind = number % 4
        if kind == 0:
            data = rng.randbytes(rng.randrange(0, 3000))
        else:
            data = _mutated(rng, rng.choice(seeds), pieces, kind)
        cases.append((f"fuzz{number % 8}.html", data))
    for number in range(400):
        book = rng.choice(books)
        if number % 2:
            data = _rezipped(rng, book, pieces)
        else:
            data = _mutated(rng, book, pieces, rng.randrange(1, 4))
        cases.append((f"fuzz{number % 8}.epub", data))

    slowest = 0.0
    started = time.perf_counter()
    for name, data in cases:
        path = write(tmp_path, name, data)
        one = time.perf_counter()
        try:
            article = load_article(path)
        except ImportFailure as failure:
            assert str(failure)
        else:
            assert article.text
            assert all("\n" not in text for text, _ in paragraphs(article))
            assert all(0 <= entry.offset < len(article.text) for entry in article.contents)
        slowest = max(slowest, time.perf_counter() - one)
    assert slowest < 2.0
    assert time.perf_counter() - started < 60.0


# -- the shared corpus ---------------------------------------------------------------------


def test_reader_view_test_pages_meet_the_bar(corpus_dir: Path) -> None:
    """Body word-overlap F1 and exact titles against Firefox Reader View's output."""
    results = evaluate(corpus_dir / "html")
    summary = summarise(results)
    assert summary.pages == 31
    assert summary.mean_f1 >= 0.97
    assert summary.titles_exact >= 0.9 * summary.pages
    assert summary.below_half == ()
