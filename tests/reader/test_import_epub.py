"""EPUB books: chapters in reading order, metadata, the table of contents, bad books.

Every book is built by hand (``build_epub`` in tests/conftest.py).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from reader import cli
from reader.article import Article
from reader.importers import ImportFailure, load_article
from reader.importers.epub import parse_epub


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def paragraphs(article: Article) -> list[tuple[str, str]]:
    return [(article.text[p.start : p.end], p.kind) for p in article.paragraphs]


def contents(article: Article) -> list[tuple[str, str, int]]:
    """Each entry's title, the paragraph it points at, and its level."""
    return [
        (entry.title, article.text[entry.offset :].split("\n\n")[0], entry.level)
        for entry in article.contents
    ]


@pytest.mark.parametrize("toc", ["nav", "ncx"])
def test_chapters_become_headings_and_paragraphs_with_contents(tmp_path, make_epub, toc) -> None:
    article = load_article(write(tmp_path, "floods.epub", make_epub(toc=toc)))
    assert (article.title, article.byline, article.language) == (
        "A Year of Floods",
        "Jane Doe",
        "en",
    )
    assert (article.site, article.published) == ("Riverside Press", "2024-03-01")
    assert paragraphs(article)[:3] == [
        ("The River", "heading"),
        ("The river rose through the night, and by morning the meadows were a lake.", "paragraph"),
        ("Anna Price walked down to the bridge at six to see how high it had come.", "paragraph"),
    ]
    assert len(article.paragraphs) == 9
    assert contents(article) == [
        ("The River", "The River", 0),
        ("The Wall", "The Wall", 0),
        ("The Flood", "The Flood", 0),
    ]
    # The navigation document is not part of the text: the window shows the contents.
    assert "Contents" not in article.text


def test_a_chapter_without_a_heading_gets_its_title_from_the_contents(tmp_path, make_epub) -> None:
    article = load_article(write(tmp_path, "plain.epub", make_epub(headings=False)))
    assert [text for text, kind in paragraphs(article) if kind == "heading"] == [
        "The River",
        "The Wall",
        "The Flood",
    ]
    assert [title for title, _, _ in contents(article)] == ["The River", "The Wall", "The Flood"]
    assert all(title == start for title, start, _ in contents(article))


def test_without_contents_the_chapters_headings_are_the_contents(tmp_path, make_epub) -> None:
    article = load_article(write(tmp_path, "bare.epub", make_epub(toc="")))
    assert [title for title, _, _ in contents(article)] == ["The River", "The Wall", "The Flood"]


def test_contents_can_point_inside_a_chapter_and_nest(make_epub) -> None:
    chapter = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Part One</h1>'
        "<p>The opening of the part, before its sections begin.</p>"
        '<h2 id="s1">The Morning</h2><p>Morning came grey over the river.</p>'
        '<p>Then <a id="noon"/>at noon the rain began.</p>'
        "<p>It rained on &amp; on&nbsp;&mdash; all day.</p></body></html>"
    )
    nav = (
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        '<body><nav epub:type="toc"><ol><li><a href="text/part%201.xhtml">Part One</a><ol>'
        '<li><a href="text/part%201.xhtml#s1">The Morning</a></li>'
        '<li><a href="text/part%201.xhtml#noon">Noon</a></li>'
        '<li><a href="text/part%201.xhtml#nowhere">Lost</a></li></ol></li>'
        '<li><a href="missing.xhtml">Missing</a></li></ol></nav></body></html>'
    )
    opf = (
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Parts</dc:title></metadata>'
        '<manifest><item id="p1" href="text/part%201.xhtml" media-type="application/xhtml+xml"/>'
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        '<item id="cover" href="cover.jpg" media-type="image/jpeg"/></manifest>'
        '<spine><itemref idref="cover"/><itemref idref="p1"/></spine></package>'
    )
    data = make_epub(
        [], toc="", files={"OEBPS/content.opf": opf, "OEBPS/nav.xhtml": nav,
                           "OEBPS/text/part 1.xhtml": chapter}
    )  # fmt: skip
    article = parse_epub(data, "parts.epub")
    assert contents(article) == [
        ("Part One", "Part One", 0),
        ("The Morning", "The Morning", 1),
        ("Noon", "at noon the rain began.", 1),
        ("Lost", "Part One", 1),  # an id that is not there: the chapter's start
    ]
    assert "Then" in article.text and "It rained on & on — all day." in article.text
    assert all("\n" not in text for text, _ in paragraphs(article))


def test_the_contents_are_in_the_json_contract(tmp_path, make_epub, capsys) -> None:
    path = write(tmp_path, "floods.epub", make_epub())
    assert cli.main(["annotate", "--no-nlp", "--json", str(path)]) == 0
    article = json.loads(capsys.readouterr().out)["article"]
    assert [entry["title"] for entry in article["contents"]] == [
        "The River",
        "The Wall",
        "The Flood",
    ]
    for entry in article["contents"]:
        assert article["text"][entry["offset"] :].startswith(entry["title"])


def test_a_zip_archive_without_an_epub_extension_is_tried_as_a_book(tmp_path, make_epub) -> None:
    assert load_article(write(tmp_path, "floods.zip", make_epub())).title == "A Year of Floods"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _drm_book(make_epub) -> bytes:
    encryption = (
        '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
        'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
        '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
        '<enc:CipherData><enc:CipherReference URI="OEBPS/text/chapter1.xhtml"/>'
        "</enc:CipherData></enc:EncryptedData></encryption>"
    )
    return make_epub(files={"META-INF/encryption.xml": encryption})


@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("empty.epub", lambda _: b"", "is empty"),
        ("text.epub", lambda _: b"Just some text.", "not an EPUB book: an EPUB is a zip"),
        ("photos.epub", lambda _: _zip({"a.jpg": b"\xff\xd8" * 50}), "not an EPUB book"),
        ("photos.zip", lambda _: _zip({"a.jpg": b"\xff\xd8" * 50}), "not an EPUB book"),
        ("cut.epub", lambda make: make()[:-300], "damaged or incomplete"),
        ("half.epub", lambda make: make()[: len(make()) // 2], "damaged or incomplete"),
        (
            "no-opf.epub",
            lambda make: make(files={"OEBPS/content.opf": b"<package"}),
            "package document",
        ),
        ("empty-book.epub", lambda make: make([("One", [])], headings=False), "no text to read"),
        ("drm.epub", _drm_book, "protected by DRM"),
    ],
)
def test_bad_books_are_refused_with_a_sentence_the_reader_understands(
    tmp_path, make_epub, name, build, message
) -> None:
    with pytest.raises(ImportFailure, match=message) as caught:
        load_article(write(tmp_path, name, build(make_epub)))
    assert name in str(caught.value)


def test_a_chapter_damaged_inside_the_archive_is_reported(tmp_path, make_epub) -> None:
    data = bytearray(make_epub())
    at = data.index(b"text/chapter2.xhtml") + len(b"text/chapter2.xhtml") + 10
    data[at : at + 20] = bytes(20)  # inside the chapter's compressed bytes
    with pytest.raises(ImportFailure, match=r"chapter2\.xhtml” inside it cannot be unpacked"):
        load_article(write(tmp_path, "flipped.epub", bytes(data)))


def test_a_chapter_that_unpacks_to_more_than_it_may_is_not_unpacked(
    tmp_path, make_epub, monkeypatch
) -> None:
    from reader.importers import decoding

    monkeypatch.setattr(decoding, "MAX_BYTES", 50_000)
    huge = "<html><body>" + "<p>word</p>" * 10_000 + "</body></html>"  # 110 kB, zips small
    data = make_epub(files={"OEBPS/text/chapter2.xhtml": huge})
    assert len(data) < 10_000
    with pytest.raises(ImportFailure, match="unpacks to more than"):
        load_article(write(tmp_path, "bomb.epub", data))
