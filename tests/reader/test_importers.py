import codecs
from pathlib import Path

import pytest

from reader.importers import ImportFailure, load_article

MARKDOWN = """# Flood walls *open* on the Ouse

By Jane Doe, Environment Correspondent

The **council** said the [walls](https://example.org) cost £4m.
It added a line.

## What happens next

> “We are ready,” she said.

- first point
- second point
"""


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_markdown_renders_to_the_text_a_reader_sees(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "a.md", MARKDOWN))
    assert article.title == "Flood walls open on the Ouse"
    assert article.byline == "By Jane Doe, Environment Correspondent"
    paragraphs = [(article.text[p.start : p.end], p.kind) for p in article.paragraphs]
    assert paragraphs == [
        ("The council said the walls cost £4m. It added a line.", "paragraph"),
        ("What happens next", "heading"),
        ("“We are ready,” she said.", "quote"),
        ("first point", "list-item"),
        ("second point", "list-item"),
    ]
    assert "\n" not in article.text.replace("\n\n", "")


def test_plain_text_keeps_paragraphs_and_takes_a_headline_as_title(tmp_path: Path) -> None:
    article = load_article(
        write(tmp_path, "a.txt", "Storm closes bridge\n\nThe bridge shut.\n\nIt reopens Monday.")
    )
    assert article.title == "Storm closes bridge"
    assert article.text == "The bridge shut.\n\nIt reopens Monday."
    assert article.paragraphs[1].start == article.text.index("It reopens")


def test_plain_text_without_a_headline_keeps_its_first_sentence(tmp_path: Path) -> None:
    article = load_article(write(tmp_path, "a.txt", "The bridge shut.\n\nIt reopens Monday."))
    assert article.title == ""
    assert article.display_title == "a.txt"
    assert article.text.startswith("The bridge shut.")


def test_same_text_gives_same_hash_and_a_change_changes_it(tmp_path: Path) -> None:
    one = load_article(write(tmp_path, "one.txt", "Same words.\r\n"))
    two = load_article(write(tmp_path, "two.txt", "Same\u00a0words.\n"))
    three = load_article(write(tmp_path, "three.txt", "Other words.\n"))
    assert one.sha256 == two.sha256 != three.sha256


def test_a_byte_order_mark_picks_the_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.txt", codecs.BOM_UTF16_LE + "Ça va, Zoë.".encode("utf-16-le"))
    assert load_article(path).text == "Ça va, Zoë."


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\n \t\n", "is empty"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "binary file"),
        ("latin1.txt", "Café crème".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_files_are_refused_with_a_sentence_the_reader_understands(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(ImportFailure, match=message) as caught:
        load_article(write(tmp_path, name, data))
    assert name in str(caught.value)


def test_a_missing_file_or_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="does not exist"):
        load_article(tmp_path / "gone.txt")
    with pytest.raises(ImportFailure, match="is a folder"):
        load_article(tmp_path)


def test_shared_article_loses_its_no_break_space_but_keeps_its_paragraphs(
    shared_article: Path,
) -> None:
    article = load_article(shared_article)
    assert "\u00a0" not in article.text
    assert article.text.startswith("Rishi Sunak is set to warn European leaders")
    assert len(article.paragraphs) == 14
    for paragraph in article.paragraphs:
        assert "\n" not in article.text[paragraph.start : paragraph.end]


# -- captions in text copied from a web page --------------------------------------------


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Picture: Getty", "Picture: Getty"),
        ("Photo: Reuters", "Photo: Reuters"),
        ("(Image: PA)", "(Image: PA)"),
        (
            "Flood water in York (Picture: Getty Images)",
            "Flood water in York (Picture: Getty Images)",
        ),
        (
            "The bridge at dawn. Photograph: Leon Neal/Getty Images",
            "The bridge at dawn. Photograph: Leon Neal/Getty Images",
        ),
        # Two copies run together, a site's label before them: one copy stays.
        (
            "Gazette: The bridge at dawn on TuesdayThe bridge at dawn on Tuesday (Image: PA)",
            "The bridge at dawn on Tuesday (Image: PA)",
        ),
        (
            "The bridge at dawn on Tuesday The bridge at dawn on Tuesday Photo: Reuters",
            "The bridge at dawn on Tuesday Photo: Reuters",
        ),
        # A short repetition is a name, not two copies.
        ("Bora Bora (Image: PA)", "Bora Bora (Image: PA)"),
        # Something other than a label before the copies: not understood, left alone.
        (
            "Seen here: the bridge at dawn and the bridge at dawn and (Image: PA)",
            "Seen here: the bridge at dawn and the bridge at dawn and (Image: PA)",
        ),
    ],
)
def test_captions_and_credits_are_set_apart(tmp_path: Path, line: str, caption: str) -> None:
    text = f"Flood walls open\n\nThe council voted on Tuesday.\n\n{line}\n\nWork starts in spring."
    article = load_article(write(tmp_path, "copied.txt", text))
    assert [(article.text[p.start : p.end], p.kind) for p in article.paragraphs] == [
        ("The council voted on Tuesday.", "paragraph"),
        (caption, "caption"),
        ("Work starts in spring.", "paragraph"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "The photo was taken in 2020, the council said.",
        "The report (Image: a map of the river) shows where the walls go.",
        "He called the exhibition Picture: Perfect and it opened on Monday.",
        "Credit: it was his idea, she said.",
    ],
)
def test_body_text_that_mentions_pictures_stays_body_text(tmp_path: Path, line: str) -> None:
    article = load_article(write(tmp_path, "body.txt", f"The council voted.\n\n{line}"))
    assert [p.kind for p in article.paragraphs] == ["paragraph", "paragraph"]


def test_a_caption_is_never_taken_for_the_title(tmp_path: Path) -> None:
    article = load_article(
        write(tmp_path, "c.txt", "Floods in York (Image: PA)\n\nThe river rose.")
    )
    assert article.title == ""
    assert article.paragraphs[0].kind == "caption"


def test_the_shared_articles_glued_caption_is_one_caption(shared_article: Path) -> None:
    article = load_article(shared_article)
    captions = [article.text[p.start : p.end] for p in article.paragraphs if p.kind == "caption"]
    assert captions == ["Mr Sunak will hold talks with the ECHR on reforms to Rule 39 (Image: PA)"]
    assert "Gazette" not in article.text
    assert "39Mr" not in article.text
