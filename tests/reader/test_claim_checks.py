"""The claims checklist and the annotation cache in the library (schema version 4)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from export_sample import ARTICLE, annotations

from reader.article import Article
from reader.export import export_article
from reader.store import Library, migrations
from reader.store.library import ANNOTATION_CACHE_ENTRIES

DATA = Path(__file__).resolve().parent / "data"
COST = "the estimated cost rose to £48m"


@pytest.fixture
def library(marginalia_home: Path) -> Iterator[Library]:
    with Library.open() as opened:
        yield opened


def place(article: Article, words: str) -> tuple[int, int, str]:
    start = article.text.index(words)
    return start, start + len(words), words


def test_a_verdict_and_its_note_are_kept_and_undone(library: Library) -> None:
    article_id = library.remember_article(ARTICLE).id
    start, end, words = place(ARTICLE, COST)
    library.check_claim(article_id, start, end, "checked")
    library.check_claim(article_id, start, end, "false", "The council's own report says £52m.")
    library.check_claim(article_id, start, end, "unclear")  # the note stays
    (check,) = library.claim_checks(article_id)
    assert (check.exact, check.state) == (words, "unclear")
    assert check.note == "The council's own report says £52m."
    assert library.last_change() == "judge claim"
    library.undo_last()
    assert library.claim_checks(article_id)[0].state == "false"
    library.undo_last()
    library.undo_last()
    assert library.claim_checks(article_id) == []


def test_a_verdict_follows_its_claim_when_the_text_changes(library: Library) -> None:
    article_id = library.remember_article(ARTICLE).id
    start, end, _ = place(ARTICLE, COST)
    library.check_claim(article_id, start, end, "true", "Budget papers, p. 4")
    changed = Article.from_blocks(
        [("A new first paragraph, added later.", "paragraph"), *_blocks(ARTICLE)],
        title=ARTICLE.title,
        source=ARTICLE.source,
    )
    library.remember_article(changed)
    moved = place(changed, COST)
    assert moved[0] > start
    states = library.claim_states(article_id, [moved, place(changed, "About 1,400 homes")])
    assert list(states) == [moved[:2]]
    assert states[moved[:2]].state == "true"
    # Judging it again at its new place replaces the old row rather than adding one.
    library.check_claim(article_id, moved[0], moved[1], "checked")
    (check,) = library.claim_checks(article_id)
    assert (check.start, check.state, check.note) == (moved[0], "checked", "Budget papers, p. 4")


def test_a_wrong_verdict_or_place_is_refused(library: Library) -> None:
    article_id = library.remember_article(ARTICLE).id
    with pytest.raises(ValueError, match="open, checked, true, false, unclear"):
        library.check_claim(article_id, 0, 5, "maybe")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        library.check_claim(article_id, 5, 5, "true")
    with pytest.raises(LookupError):
        library.check_claim(article_id + 1, 0, 5, "true")


def test_the_export_ticks_what_the_reader_judged(library: Library, tmp_path: Path) -> None:
    article_id = library.remember_article(ARTICLE).id
    start, end, _ = place(ARTICLE, COST)
    library.check_claim(article_id, start, end, "false")
    path = tmp_path / "wall.md"
    export_article(library, article_id, annotations(), path)
    document = path.read_text(encoding="utf-8")
    assert "- [x] the estimated cost rose to £48m" in document
    assert "verdict: false" in document
    assert "- [ ] About 1,400 homes" in document


def test_the_annotation_cache_keeps_the_most_recent(library: Library) -> None:
    assert library.cached_annotations("abc", "v1") is None
    library.cache_annotations("abc", "v1", b"first")
    library.cache_annotations("abc", "v1", b"second")
    assert library.cached_annotations("abc", "v1") == b"second"
    assert library.cached_annotations("abc", "v2") is None  # another pipeline version
    for number in range(ANNOTATION_CACHE_ENTRIES):
        library.cache_annotations(f"text-{number}", "v1", b"x")
    assert library.cached_annotations("abc", "v1") is None
    assert library.cached_annotations(f"text-{ANNOTATION_CACHE_ENTRIES - 1}", "v1") == b"x"


def test_a_v3_library_migrates_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copy(DATA / "library-v3.sqlite", path)
    tables = ("articles", "highlights", "glossary", "looked_up_terms", "encyclopedia_summaries")
    with closing(sqlite3.connect(path)) as old:
        rows = {
            name: old.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() for name in tables
        }
    with Library.open(path) as library:
        assert f"updated from version 3 to {migrations.LATEST}" in library.warnings[0]
        with closing(sqlite3.connect(path)) as new:
            for name in tables:
                assert new.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() == rows[name]
        assert library.glossary_entry("rule 39") is not None
        assert sorted(t.term for t in library.looked_up_terms(1)) == ["ECHR", "délégué"]
        # The new tables work on the migrated library.
        article = library.article(1)
        start, end, _ = place(article, "Rishi Sunak")
        library.check_claim(1, start, end, "checked")
        assert library.claim_checks(1)[0].exact == "Rishi Sunak"
        library.cache_annotations(article.sha256, "v1", b"{}")
        assert library.last_change() == "judge claim"
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("library-v3-")


def _blocks(article: Article) -> list[tuple[str, str]]:
    return [(article.text[p.start : p.end], p.kind) for p in article.paragraphs]
