"""Nothing the reader or the article wrote can change an export's structure."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.anchoring import describe
from reader.annotations import Annotations, Entity, Mention, Quote, Speaker
from reader.article import Article
from reader.export import ExportData, GlossaryItem, parse_marginalia_link, render_markdown
from reader.export.escaping import _clean, blockquote, inline, tag
from reader.export.filenames import MAX_STEM_BYTES, safe_stem
from reader.export.links import marginalia_link
from reader.export.markdown import NOTES_BEGIN, NOTES_END, notes_of, split_front_matter
from reader.store import Highlight

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE = [
    "---",
    "a note\n---\nwith a rule",
    "...",
    "title: with a colon",
    "\"double\" and 'single' quotes",
    "# not a heading",
    "#hashtag and #another",
    "]] and [[wiki link]] and a | pipe",
    "[[Note|alias]]",
    "[link](javascript:alert(1))",
    "![image](x.png)",
    "<script>alert(1)</script>",
    "<!-- comment -->",
    "%% end notes %%",
    "%% begin notes %%",
    "before\n%% end notes %%\nafter",
    "==highlight==",
    "ends with a block id ^h-1",
    "^h-1",
    "$x^2$ and $$y$$",
    "{{< shortcode >}} and {{% other %}}",
    "{{ 7 * 7 }} {% raw %}",
    "* star item",
    "1. numbered",
    "2) numbered",
    "> quoted",
    "    indented code",
    "```\nfenced",
    "~~~",
    "| a | b |\n| --- | --- |\n| 1 | 2 |",
    "back\\slash and trailing\\",
    "line\u2028separator\u2029paragraph",
    "nul\x00char and bell\x07",
    "\u202eright-to-left override\u202c",
    "@citekey and me@example.org",
    "&amp; &lt; &#35;",
    "=====",
    "***",
    "- - -",
    "\t\ttabs",
    "null",
    "yes",
    "2024-01-01",
    "+ plus",
    ": definition",
    "term\n: definition",
    "windows\r\nlines\r\n",
    "`code` and ``more``",
    "_under_ and __strong__ and *em*",
    "~~strike~~ and ~sub~ and ^sup^",
    "trailing spaces   \nnext line",
    "paragraphs\n\n\n\nfar apart",
    "[^1] footnote",
    "<https://autolink.example>",
    "emoji 👩‍👩‍👧 and accents é",
]


def benign(text: str) -> str:
    """The same shape of text (lines, blank lines) with harmless words."""
    return re.sub(r"\S+", "word", text)


def export_of(text: str) -> str:
    """An export with ``text`` in every place the reader or the article writes."""
    flat = " ".join(text.split()) or "x"
    article = Article.from_blocks(
        [
            ("Opening words of the article.", "paragraph"),
            (f"She said “{flat}” today.", "paragraph"),
            ("Closing words.", "paragraph"),
        ],
        title=text,
        byline=text,
        site=text,
        published=text,
        url="https://news.example.org/story",
        source="https://news.example.org/story",
    )
    start = article.text.index(flat)
    end = start + len(flat)
    speaker_start = article.text.index("She")
    selector, _ = describe(article.text, start, end)
    highlight = Highlight(
        id=1,
        article_id=1,
        status="attached",
        start=start,
        end=end,
        quote=flat,
        selector=selector,
        color="yellow",
        color_name=text,
        note=text,
        tags=("fixed", text),
        created="2025-01-01T00:00:00+00:00",
        modified="2025-01-01T00:00:00+00:00",
    )
    entity = Entity("e1", "PERSON", text, (Mention(start, end, flat, start, end),))
    annotations = Annotations(
        entities=(entity,),
        quotes=(
            Quote(start, end, flat, "direct", ((start, end),), Speaker(text, 0, 3, "e1")),
            Quote(start, end, flat, "direct", ((start, end),), Speaker(text, speaker_start, 3)),
        ),
        claims=({"start": start, "end": end, "text": text, "reasons": [text], "score": 0.5},),
    )
    data = ExportData(
        article=article,
        annotations=annotations,
        highlights=[highlight],
        glossary=[GlossaryItem(text, text, text, paragraph=2)],
        retrieved="2025-01-02T00:00:00+00:00",
    )
    return render_markdown(data, exported=datetime(2025, 1, 3, tzinfo=UTC))


def structure(tokens: list[Token]) -> list[object]:
    """The document's shape: every block and every inline element but the words."""
    shape: list[object] = []
    for token in tokens:
        if token.type == "inline":
            shape.append(tuple(c.type for c in token.children or [] if c.type != "text"))
        else:
            shape.append((token.type, token.tag, token.markup))
    return shape


# Syntax that Obsidian, Pandoc or Hugo read but CommonMark does not; tag lines aside.
_EXTENSIONS = re.compile(
    r"(?<!\\)(\[\[|\]\]|%%|==|\$|\{\{|\{%|\^\[)|(?<![\w\\])#(?=\w)|^\^[\w-]+$", re.MULTILINE
)
_TAG_LINE = re.compile(r"^> #[\w/-]+(?: #[\w/-]+)*$", re.MULTILINE)


def extension_marks(body: str) -> list[str]:
    region = body.index(NOTES_BEGIN)
    return [m.group() for m in _EXTENSIONS.finditer(_TAG_LINE.sub("", body[:region]))]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_does_not_change_the_document(text: str) -> None:
    document, expected = export_of(text), export_of(benign(text))
    front, body = split_front_matter(document)
    _, expected_body = split_front_matter(expected)

    assert front is not None
    assert front["title"] == text and front["author"] == text and front["site"] == text
    assert front["published"] == text
    assert front["entities"] == {"people": [text]}

    assert structure(MARKDOWN.parse(body)) == structure(MARKDOWN.parse(expected_body))
    assert extension_marks(body) == extension_marks(expected_body)
    assert re.findall(r"^\^h-\S*$", document, flags=re.MULTILINE) == ["^h-1"]
    lines = document.split("\n")
    assert lines.count(NOTES_BEGIN) == 1 and lines.count(NOTES_END) == 1
    assert notes_of(document) == ""
    if "{{ 7 * 7 }}" in text:  # data is never run as a template
        assert body.count(r"\{\{ 7 \* 7 \}\}") == body.count("7 \\*")

    html = MARKDOWN.render(body)
    assert "<script" not in html and "javascript:" not in html.replace("javascript:alert", "")
    assert 'href="javascript' not in html


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_reads_back_as_the_same_words(text: str) -> None:
    words = " ".join(_clean(text).split())
    for context, expected in (
        ("{}", "{}"),
        ("- {}", "{}"),
        ("a {} b", "a {} b"),
        ("> {}", "{}"),
        ("# {}", "{}"),
    ):
        tokens = MARKDOWN.parse(context.format(inline(text)))
        inline_tokens = [t for t in tokens if t.type == "inline"]
        assert len(inline_tokens) == 1, context
        children = inline_tokens[0].children or []
        assert all(c.type == "text" for c in children), (context, inline(text))
        read = "".join(c.content for c in children)
        assert read == expected.format(words).strip(), context


@pytest.mark.parametrize("text", HOSTILE)
def test_a_blockquote_stays_one_blockquote(text: str) -> None:
    quoted = blockquote(text)
    tokens = MARKDOWN.parse(f"{quoted}\n\nafter")
    opened = [t.type for t in tokens if t.type.startswith("blockquote")]
    assert opened in ([], ["blockquote_open", "blockquote_close"])
    assert tokens[-2].type == "inline" and tokens[-2].content == "after"


@pytest.mark.parametrize("text", HOSTILE)
def test_tags_are_single_words_obsidian_accepts(text: str) -> None:
    word = tag(text)
    assert re.fullmatch(r"[\w/-]*", word)
    assert not word or not word.replace("/", "").replace("-", "").isdigit()


@pytest.mark.parametrize(
    ("title", "stem"),
    [
        ("Flood wall: delayed again?", "Flood wall delayed again"),
        ('a/b\\c<d>e"f|g?h*i', "a b c d e f g h i"),
        ("[[Note]] #tag ^id", "Note tag id"),
        ("..hidden. ", "hidden"),
        ("CON", "CON_"),
        ("com1.txt", "com1.txt_"),
        ("lpt9", "lpt9_"),
        ("", "Untitled"),
        ("???", "Untitled"),
        ("tab\tand\nnewline\u202e", "tab and newline"),
        ("e\u0301te\u0301", "été"),  # NFC
    ],
)
def test_safe_file_names(title: str, stem: str) -> None:
    assert safe_stem(title) == stem


def test_long_titles_are_cut_at_a_word_within_the_byte_limit() -> None:
    title = "Ünïcödé wörds " * 40
    stem = safe_stem(title)
    assert len(stem.encode("utf-8")) <= MAX_STEM_BYTES
    assert title.startswith(stem + " ")


def test_marginalia_links_round_trip_and_reject_others() -> None:
    sha = "ab" * 32
    link = parse_marginalia_link(marginalia_link(sha, 10, 20, 7))
    assert (link.article_sha256, link.start, link.end, link.highlight) == (sha, 10, 20, 7)
    assert parse_marginalia_link(marginalia_link(sha, 0, 5, None)).highlight is None
    for bad in (
        "https://example.org/open?article=x",
        f"marginalia://open?article={sha}&start=9&end=3",
        "marginalia://open?article=xyz&start=1&end=2",
        f"marginalia://open?article={sha}&start=a&end=2",
        f"marginalia://other?article={sha}&start=1&end=2",
    ):
        with pytest.raises(ValueError):
            parse_marginalia_link(bad)
