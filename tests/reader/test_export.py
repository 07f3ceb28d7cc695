"""The Markdown and Web Annotation exports: what they say, re-export, files, goldens."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from export_sample import ARTICLE, sample_data
from markdown_it import MarkdownIt
from markdown_it.token import Token

from reader.article import Article
from reader.export import (
    ExportData,
    ExportError,
    export_article,
    export_to_folder,
    gather,
    is_ours,
    parse_marginalia_link,
    render_markdown,
    web_annotations,
    write_export,
)
from reader.export.markdown import notes_of, split_front_matter
from reader.export.web_annotation import dumps
from reader.importers import load_article
from reader.nlp.annotate import Annotator
from reader.store import Library

GOLDEN = Path(__file__).parent / "golden"
EXPORTED = datetime(2025, 3, 6, 12, 0, tzinfo=UTC)
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def parse(document: str) -> tuple[dict[str, object], list[Token]]:
    """The front matter (by a YAML parser) and the body's tokens (by a Markdown parser)."""
    assert document.startswith("---\n")
    front, body = split_front_matter(document)
    assert front is not None, "the front matter is not a YAML mapping"
    return front, MARKDOWN.parse(body)


def plain(inline: Token) -> str:
    """What an inline token reads as: text with its escapes resolved."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)


def blockquotes(tokens: list[Token]) -> list[list[str]]:
    """Each blockquote's paragraphs, as plain text."""
    quotes: list[list[str]] = []
    depth = 0
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            if depth == 1:
                quotes.append([])
        elif token.type == "blockquote_close":
            depth -= 1
        elif token.type == "inline" and depth:
            quotes[-1].append(plain(token))
    return quotes


def links(tokens: list[Token]) -> list[str]:
    return [
        str(child.attrs["href"])
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type == "link_open"
    ]


def block_ids(document: str) -> list[str]:
    return re.findall(r"^\^(h-[\w-]+)$", document, flags=re.MULTILINE)


def fragment_pattern(href: str) -> re.Pattern[str]:
    """What a Text Fragment link asks a browser to find, as a pattern over the text."""
    directive = urlsplit(href).fragment.removeprefix(":~:text=")
    prefix = suffix = ""
    terms = directive.split(",")
    if terms[0].endswith("-"):
        prefix = unquote(terms.pop(0)[:-1])
    if terms[-1].startswith("-"):
        suffix = unquote(terms.pop()[1:])
    start, end = unquote(terms[0]), unquote(terms[1]) if len(terms) > 1 else ""

    def words(term: str) -> str:
        return r"\s+".join(re.escape(word) for word in term.split())

    pattern = words(start)
    if end:
        pattern += r"[\s\S]*?" + words(end)
    if prefix:
        pattern = words(prefix) + r"\s*" + pattern
    if suffix:
        pattern += r"\s*" + words(suffix)
    return re.compile(pattern)


# -- the shared article, through the library, as the command line does it --------------


PASSAGES = [
    ("paying the price", "Whose price? The article never says.", ["migration"]),
    ("Illegal Migration Bill", "", []),
    ("Rule 39", "Look up: interim measures.", ["law", "to check"]),
    ("the UK will be at the heart of this", "A line for the cameras.", []),
    ("scourge of illegal migration", "", ["language"]),
]


@pytest.fixture
def shared_export(
    shared_article: Path, annotator: Annotator, tmp_path: Path
) -> tuple[Article, str, Path]:
    article = dataclasses.replace(
        load_article(shared_article), url="https://news.example.org/sunak-reykjavik"
    )
    annotations = annotator.annotate(article)
    with Library.open() as library:
        article_id = library.remember_article(article).id
        for words, note, tags in PASSAGES:
            start = article.text.index(words)
            library.add_highlight(article_id, start, start + len(words), None, note, tags)
        written = export_article(
            library, article_id, annotations, tmp_path / "sunak.md", ("md", "annotations")
        )
    assert [w.path.name for w in written] == ["sunak.md", "sunak.jsonld"]
    return article, written[0].path.read_text(encoding="utf-8"), written[1].path


@pytest.mark.corpus
def test_shared_article_export_parses_and_points_back_into_the_text(
    shared_export: tuple[Article, str, Path],
) -> None:
    article, document, _ = shared_export
    front, tokens = parse(document)

    assert front["title"] == article.display_title
    assert front["source"] == article.url
    assert front["sha256"] == article.sha256
    assert front["lang"] == "en"
    assert front["tags"] == ["migration", "law", "to-check", "language"]
    assert "Rishi Sunak" in front["entities"]["people"]  # type: ignore[index]
    assert front["counts"]["highlights"] == len(PASSAGES)  # type: ignore[index]
    assert yaml.safe_load(yaml.safe_dump(front)) == front

    quotes = blockquotes(tokens)
    assert len(quotes) == len(PASSAGES)
    for paragraphs, (words, note, _) in zip(
        quotes, sorted(PASSAGES, key=lambda p: article.text.index(p[0])), strict=True
    ):
        assert paragraphs[0] == words and paragraphs[0] in article.text
        if note:
            assert f"Note: {note}" in paragraphs

    ids = block_ids(document)
    assert len(ids) == len(PASSAGES) == len(set(ids))

    hrefs = links(tokens)
    app_links = [parse_marginalia_link(h) for h in hrefs if h.startswith("marginalia://")]
    assert [article.text[link.start : link.end] for link in app_links] == [q[0] for q in quotes]
    assert {link.article_sha256 for link in app_links} == {article.sha256}
    web_links = [h for h in hrefs if ":~:text=" in h]
    assert len(web_links) == len(PASSAGES)
    for href, paragraphs in zip(web_links, quotes, strict=True):
        assert href.startswith(article.url + "#:~:text=")
        found = fragment_pattern(href).search(article.text)
        assert found is not None, href
        assert paragraphs[0] in found.group()

    assert "### Rishi Sunak (Person)" in document
    assert notes_of(document) == ""


@pytest.mark.corpus
def test_shared_article_web_annotations_keep_every_highlight(
    shared_export: tuple[Article, str, Path],
) -> None:
    article, _, annotations_path = shared_export
    collection = json.loads(annotations_path.read_text(encoding="utf-8"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(PASSAGES)
    for item, (words, note, tags) in zip(
        items, sorted(PASSAGES, key=lambda p: article.text.index(p[0])), strict=True
    ):
        quote, position = item["target"]["selector"]
        assert quote["exact"] == words
        assert article.text[position["start"] : position["end"]] == words
        bodies = {(b["purpose"], b["value"]) for b in item["body"]}
        assert {("tagging", t) for t in tags} <= bodies
        assert (("commenting", note) in bodies) == bool(note)
        assert item["motivation"] == ("commenting" if note else "highlighting")


# -- golden files (STYLE #12) ---------------------------------------------------------------


def check_golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"{path} is missing: run pytest --update-goldens and review it"
    assert text == path.read_text(encoding="utf-8"), (
        f"the export differs from {path}; if the change is meant, run pytest --update-goldens "
        "and review the diff"
    )


def test_default_markdown_matches_the_golden_file(update_goldens: bool) -> None:
    check_golden(
        "export-default.md", render_markdown(sample_data(), exported=EXPORTED), update_goldens
    )


def test_web_annotations_match_the_golden_file(update_goldens: bool) -> None:
    check_golden(
        "export-default.jsonld",
        dumps(web_annotations(sample_data(), exported=EXPORTED)),
        update_goldens,
    )


def test_the_sample_export_parses() -> None:
    document = render_markdown(sample_data(), exported=EXPORTED)
    front, tokens = parse(document)
    assert front["exported"] == "2025-03-06T12:00:00Z"
    assert front["date"] == "2025-03-04"
    assert block_ids(document) == ["h-1", "h-2", "h-3", "h-4"]  # text order, orphan last
    checklist = [plain(t) for t in tokens if t.type == "inline" and plain(t).startswith("[")]
    assert checklist[0].startswith("[x] the estimated cost") and "verdict: true" in checklist[0]
    assert checklist[1].startswith("[ ] About 1,400 homes")
    for href in links(tokens):
        if ":~:text=" in href:
            assert fragment_pattern(href).search(ARTICLE.text), href


def test_claim_states_and_an_article_without_annotations() -> None:
    data = dataclasses.replace(sample_data(), annotations=None, glossary=())
    document = render_markdown(data, exported=EXPORTED)
    front, _ = parse(document)
    assert "## Claims" not in document and "## Who said what" not in document
    assert "entities" not in front
    assert front["counts"]["quotes"] == 0  # type: ignore[index]


# -- re-export over our own file ------------------------------------------------------------


READER_NOTES = """My own thoughts, in **Markdown**.

A line that looks like a marker:
%% end notes %%
---
- [ ] ring the council"""


def test_re_export_keeps_the_notes_and_adds_highlights_once(tmp_path: Path) -> None:
    with Library.open() as library:
        article_id = library.remember_article(ARTICLE).id
        for words in ("delayed for a third time", "We are not gold-plating this scheme."):
            start = ARTICLE.text.index(words)
            library.add_highlight(article_id, start, start + len(words), None, "first")
        path = tmp_path / "wall.md"
        export_article(library, article_id, None, path, now=EXPORTED)
        first = path.read_text(encoding="utf-8")

        # The reader writes in the notes region and adds an Obsidian property.
        edited = first.replace(
            "%% begin notes %%\n\n%% end notes %%",
            f"%% begin notes %%\n{READER_NOTES}\n%% end notes %%",
        ).replace("lang: en\n", "lang: en\nstatus: reading\n")
        path.write_text(edited, encoding="utf-8")

        start = ARTICLE.text.index("About 1,400 homes")
        library.add_highlight(article_id, start, start + 17, "red", "new one")
        written = export_article(library, article_id, None, path)
        assert written[0].replaced

    second = path.read_text(encoding="utf-8")
    front, tokens = parse(second)
    assert notes_of(second) == READER_NOTES
    assert front["status"] == "reading"
    assert front["counts"]["highlights"] == 3  # type: ignore[index]
    ids = block_ids(second)
    assert len(ids) == 3 == len(set(ids))
    assert [q[0] for q in blockquotes(tokens)] == [
        "delayed for a third time",
        "We are not gold-plating this scheme.",
        "About 1,400 homes",
    ]
    assert second.count("Note: first") == 0 and second.count("**Note:** first") == 2

    # Again, unchanged: the same document but for the export time.
    export_article(library := Library.open(), article_id, None, path)
    library.close()
    third = path.read_text(encoding="utf-8")
    assert re.sub(r"exported: .*", "", third) == re.sub(r"exported: .*", "", second)


def test_a_template_without_a_notes_region_cannot_drop_the_notes(tmp_path: Path) -> None:
    path = tmp_path / "wall.md"
    data = sample_data()
    write_export(data, path, now=EXPORTED)
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "%% begin notes %%\n", "%% begin notes %%\nKeep me.\n"
        ),
        encoding="utf-8",
    )
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ExportError, match="notes region"):
        write_export(
            data, path, template="---\n{{ front_matter | yaml }}---\n# {{ article.title }}\n"
        )
    assert path.read_text(encoding="utf-8") == before


# -- files that are not ours ------------------------------------------------------------------


def test_a_file_that_is_not_ours_is_never_overwritten(tmp_path: Path) -> None:
    data = sample_data()
    theirs = tmp_path / "theirs.md"
    theirs.write_text("---\ntitle: My diary\n---\nDear diary.\n", encoding="utf-8")
    with pytest.raises(ExportError, match="not an export of this article"):
        write_export(data, theirs)
    assert theirs.read_text(encoding="utf-8") == "---\ntitle: My diary\n---\nDear diary.\n"

    other = dataclasses.replace(
        data, article=dataclasses.replace(ARTICLE, url="https://x.example/")
    )
    write_export(other, tmp_path / "other.md")
    with pytest.raises(ExportError):
        write_export(data, tmp_path / "other.md")  # an export, but of another article


def test_export_to_folder_names_files_after_the_title_and_steps_around_others(
    tmp_path: Path,
) -> None:
    data = sample_data()
    (tmp_path / "Tewkesbury flood wall delayed again.md").write_text("mine\n", encoding="utf-8")
    first = export_to_folder(data, tmp_path, ("md", "annotations"))
    assert [w.path.name for w in first] == [
        "Tewkesbury flood wall delayed again (2).md",
        "Tewkesbury flood wall delayed again (2).jsonld",
    ]
    again = export_to_folder(data, tmp_path, ("md", "annotations"))
    assert [w.path for w in again] == [w.path for w in first]
    assert all(w.replaced for w in again)
    assert (tmp_path / "Tewkesbury flood wall delayed again.md").read_text() == "mine\n"

    # Two articles whose titles differ only in case never share a name in one run.
    taken: set[str] = set()
    shouting = dataclasses.replace(
        data,
        article=dataclasses.replace(
            ARTICLE, title=ARTICLE.title.upper(), url="https://news.example.org/other"
        ),
    )
    names = [
        export_to_folder(d, tmp_path / "all", taken=taken)[0].path.name for d in (data, shouting)
    ]
    assert names == [
        "Tewkesbury flood wall delayed again.md",
        "TEWKESBURY FLOOD WALL DELAYED AGAIN (2).md",
    ]


def test_gather_reads_highlights_and_retrieval_from_the_library() -> None:
    with Library.open() as library:
        article_id = library.remember_article(ARTICLE).id
        start = ARTICLE.text.index("flood wall")
        library.add_highlight(article_id, start, start + 10, None, "n", ["t"])
        data = gather(library, article_id, None)
    assert isinstance(data, ExportData)
    assert [h.quote for h in data.highlights] == ["flood wall"]
    assert data.retrieved
    assert data.article.text == ARTICLE.text


def test_an_earlier_json_ld_export_is_recognised_however_it_is_laid_out(tmp_path: Path) -> None:
    data = sample_data()
    path = tmp_path / "wall.jsonld"
    write_export(data, path, ("annotations",))
    assert is_ours(path, data.export_id)
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")
    assert is_ours(path, data.export_id)  # reformatted by another tool: read whole
    assert not is_ours(path, "0" * 16)
    path.write_text('{"id": "something else"}', encoding="utf-8")
    assert not is_ours(path, data.export_id)


def test_terms_the_reader_looked_up_join_the_glossary_with_their_source() -> None:
    with Library.open() as library:
        article_id = library.remember_article(ARTICLE).id
        library.set_glossary("Tewkesbury", "A market town where the Severn meets the Avon.")
        library.remember_lookup(article_id, "Tewkesbury")
        library.remember_lookup(article_id, "zzqx")  # nothing defines it: left out
        data = gather(library, article_id, None)
    looked_up = [item for item in data.glossary if item.looked_up]
    assert [(i.term, i.definition, i.source) for i in looked_up] == [
        ("Tewkesbury", "A market town where the Severn meets the Avon.", "Your glossary")
    ]
