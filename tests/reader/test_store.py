"""The library (reader.store): real SQLite files in each test's own folder."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.article import Article
from reader.importers import load_article
from reader.store import Library, StoreError, migrations
from reader.store import database as database_module
from reader.store.library import default_path, fts_query

DATA = Path(__file__).resolve().parent / "data"

ARTICLE = """# Flood wall delayed again

Work on a long-promised flood wall to protect Tewkesbury from the River Severn has been \
delayed for a third time, after the estimated cost rose to £48m.

About 1,400 homes and 230 businesses sit inside the area the wall is meant to protect. \
Many were flooded in November 2024, when the river rose faster than forecast.

“We have waited long enough,” said the chair of the residents’ group. The council said \
work could not begin before the spring of 2026.

The Environment Agency said the town would be protected in the meantime by temporary \
barriers, which take two days to put up.
"""

# Each passage a note is written on, and how the next version of the article says it:
# a sentence is inserted before each one and one word inside it is changed.
EDITS = {
    "has been delayed for a third time": "has been postponed for a third time",
    "About 1,400 homes and 230 businesses": "About 1,450 homes and 230 businesses",
    "the river rose faster than forecast": "the river rose quicker than forecast",
    "could not begin before the spring of 2026": "could not start before the spring of 2026",
    "which take two days to put up": "which take three days to put up",
}
INSERTED = {
    "has been delayed": "Officials apologised on Monday. ",
    "About 1,400 homes": "The town has a long history of floods. ",
    "the river rose faster": "that winter, ",
    "work could not begin": "It added that ",
    "which take two days": "many of them stored nearby, ",
}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def edited(text: str) -> str:
    for before, insertion in INSERTED.items():
        text = text.replace(before, insertion + before)
    for before, after in EDITS.items():
        text = text.replace(before, after)
    return text


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    return write(tmp_path / "flood-wall.md", ARTICLE)


@pytest.fixture
def library(marginalia_home: Path) -> Iterator[Library]:
    with Library.open() as opened:
        yield opened


def add_note(library: Library, article: Article, passage: str, **fields: Any) -> int:
    article_id = library.remember_article(article).id
    start = article.text.index(passage)
    return library.add_highlight(article_id, start, start + len(passage), **fields).id


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def test_the_library_lives_in_marginalia_home(marginalia_home: Path) -> None:
    with Library.open() as library:
        assert library.path == default_path() == marginalia_home / "data" / "library.sqlite"
        assert library.warnings == ()
    with sqlite3.connect(default_path()) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST


def test_notes_survive_closing_and_reopening(article_file: Path) -> None:
    article = load_article(article_file)
    with Library.open() as library:
        first = add_note(library, article, "flood wall", color="Question", note="How *high*?")
        second = add_note(library, article, "£48m", color="red", note="", tags=["money", "cost"])
        before = library.highlights_for(library.remember_article(article).id)
    with Library.open() as library:
        article_id = library.remember_article(load_article(article_file)).id
        after = library.highlights_for(article_id)
        assert after == before
        assert [h.id for h in after] == [first, second]
        assert after[0].color == "blue" and after[0].color_name == "Question"
        assert after[0].note == "How *high*?"
        assert after[1].tags == ("money", "cost")
        assert after[1].quote == "£48m" and after[1].status == "attached"
        stored = library.article(article_id)
        assert stored.text == article.text and stored.paragraphs == article.paragraphs
        assert stored.title == "Flood wall delayed again"


def test_the_same_content_elsewhere_is_the_same_article(
    library: Library, article_file: Path, tmp_path: Path
) -> None:
    add_note(library, load_article(article_file), "flood wall", note="first")
    copy = write(tmp_path / "copy.txt", article_file.read_text(encoding="utf-8"))
    copied = load_article(article_file)
    moved = Article(copied.text, copied.paragraphs, title=copied.title, source=str(copy))
    remembered = library.remember_article(moved)
    assert not remembered.new and not remembered.changed
    assert [h.note for h in library.highlights_for(remembered.id)] == ["first"]
    assert library.find_article(str(copy)) == library.find_article(str(article_file))


def test_a_changed_article_keeps_its_notes_on_the_right_passages(
    library: Library, article_file: Path
) -> None:
    article = load_article(article_file)
    ids = {passage: add_note(library, article, passage, note=passage) for passage in EDITS}
    write(article_file, edited(ARTICLE))
    changed = load_article(article_file)
    assert changed.sha256 != article.sha256
    remembered = library.remember_article(changed)
    assert remembered.changed and not remembered.new
    assert (remembered.reattached, remembered.orphaned) == (len(EDITS), 0)
    by_id = {h.id: h for h in library.highlights_for(remembered.id)}
    for passage, now in EDITS.items():
        highlight = by_id[ids[passage]]
        assert highlight.status == "attached"
        assert (highlight.start, highlight.end) == (
            changed.text.index(now),
            changed.text.index(now) + len(now),
        )
        assert highlight.quote == now
        assert highlight.selector.exact == passage  # what the reader selected is kept
    print(f"\nre-attached to the right passage: {len(EDITS)}/{len(EDITS)}")


def test_a_note_whose_passage_was_deleted_is_orphaned_and_kept(
    library: Library, article_file: Path
) -> None:
    article = load_article(article_file)
    sentence = "Many were flooded in November 2024, when the river rose faster than forecast."
    gone = add_note(library, article, sentence, note="Check the date", tags=["dates"])
    kept = add_note(library, article, "temporary barriers", note="How many?")
    write(article_file, ARTICLE.replace(" " + sentence, ""))
    remembered = library.remember_article(load_article(article_file))
    assert remembered.orphaned == 1
    orphan, attached = (library.highlight(gone), library.highlight(kept))
    assert orphan.status == "orphaned" and (orphan.start, orphan.end) == (None, None)
    assert orphan.quote == sentence and orphan.note == "Check the date"
    assert attached.status == "attached"
    assert library.list_articles()[0].orphaned_count == 1
    assert [h.id for h in library.highlights_for(remembered.id)] == [kept, gone]
    assert [hit.highlight.id for hit in library.search("November").notes] == [gone]
    # When the passage comes back, so does the note.
    write(article_file, ARTICLE)
    assert library.remember_article(load_article(article_file)).orphaned == 0
    assert library.highlight(gone).status == "attached"


def test_a_v1_library_migrates_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copy(DATA / "library-v1.sqlite", path)
    with sqlite3.connect(path) as old:
        articles = old.execute("SELECT * FROM articles ORDER BY id").fetchall()
        columns = "id, article_id, exact, prefix, suffix, start_offset, end_offset, color, note"
        highlights = old.execute(f"SELECT {columns} FROM highlights ORDER BY id").fetchall()
    assert len(highlights) == 5
    with Library.open(path) as library:
        assert len(library.warnings) == 1
        assert f"updated from version 1 to {migrations.LATEST}" in library.warnings[0]
        with sqlite3.connect(path) as new:
            assert new.execute("SELECT * FROM articles ORDER BY id").fetchall() == articles
            assert new.execute(f"SELECT {columns} FROM highlights ORDER BY id").fetchall() == (
                highlights
            )
        notes = {h.id: h for h in library.all_highlights()}
        assert notes[1].tags == ("flood", "dates")
        assert notes[4].tags == ("Follow-up", "plan")
        assert notes[3].color == "orange" and notes[3].color_name == "Orange"
        assert notes[5].status == "orphaned" and notes[5].note.startswith("Kept")
        assert [h.id for h in library.all_highlights(tag="follow-up")] == [4]
        assert [hit.highlight.id for hit in library.search("Résident").notes] == [3]
        assert [hit.article.id for hit in library.search("minister").articles] == [2]
        assert {a.id: a.note_count for a in library.list_articles()} == {1: 4, 2: 1}
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("library-v1-")
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert copy.execute("SELECT count(*) FROM highlights").fetchone()[0] == 5
    assert integrity(path) == "ok"


def test_a_v4_library_migrates_and_its_articles_stay_searchable(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copy(DATA / "library-v4.sqlite", path)
    tables = ("articles", "highlights", "claim_checks", "annotation_cache")
    with sqlite3.connect(path) as old:
        rows = {name: old.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall() for name in tables}
    with Library.open(path) as library:
        assert f"updated from version 4 to {migrations.LATEST}" in library.warnings[0]
        with sqlite3.connect(path) as new:
            for name in tables:
                assert new.execute(f"SELECT * FROM {name} ORDER BY 1").fetchall() == rows[name]
        # Indexed when version 4 kept them: found, with nothing left to index.
        assert library.index_articles() == 0
        assert [hit.article.id for hit in library.search("Strasbourg").articles] == [1]
        assert [check.state for check in library.claim_checks(1)] == ["false"]
        # An article kept now is indexed the new way.
        lisbon = Article.from_blocks([("Ferries to Lisbon harbour resume in May.", "paragraph")])
        kept = library.remember_article(lisbon).id
        assert library.index_articles() == 1
        assert [hit.article.id for hit in library.search("harbour").articles] == [kept]
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("library-v4-")
    assert integrity(path) == "ok"


def test_a_failed_migration_leaves_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copy(DATA / "library-v1.sqlite", path)

    released = migrations.LATEST
    broken_version = released + 1

    def broken(connection: sqlite3.Connection) -> None:
        connection.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("a bug in the next migration")

    monkeypatch.setattr(
        migrations,
        "MIGRATIONS",
        (*migrations.MIGRATIONS, migrations.Migration(broken_version, "", broken)),
    )
    monkeypatch.setattr(migrations, "LATEST", broken_version)
    with pytest.raises(RuntimeError, match="a bug in the next migration"):
        Library.open(path)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == released
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "half_done" not in tables and "notes_fts" in tables


def test_a_library_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    Library.open(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {migrations.LATEST + 1}")
    size = path.stat().st_size
    with pytest.raises(StoreError, match="newer version of Marginalia") as refused:
        Library.open(path)
    assert refused.value.kind == "newer"
    assert path.stat().st_size == size
    assert not list(tmp_path.glob("*.damaged-*"))


def test_a_truncated_library_is_moved_aside_with_a_message(
    tmp_path: Path, article_file: Path
) -> None:
    path = tmp_path / "library.sqlite"
    with Library.open(path) as library:
        for number in range(40):
            add_note(library, load_article(article_file), "flood wall", note=f"note {number} " * 50)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with Library.open(path) as library:
        assert len(library.warnings) == 1
        warning = library.warnings[0]
        assert "could not be read" in warning and "new, empty library" in warning
        assert library.list_articles() == []
        add_note(library, load_article(article_file), "flood wall", note="a fresh start")
    moved = list(tmp_path.glob("library.damaged-*.sqlite"))
    assert len(moved) == 1 and str(moved[0]) in warning
    assert moved[0].read_bytes() == data[: len(data) // 2]


@pytest.mark.parametrize(
    "content",
    [b"", b"SQLite format 3\x00" + b"\xff" * 200, b"Not a database at all\n" * 100],
    ids=["empty", "broken header", "text"],
)
def test_a_file_that_is_not_a_library_is_moved_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "library.sqlite"
    path.write_bytes(content)
    with Library.open(path) as library:
        assert library.colors()  # a working library
        if content:
            assert "could not be read" in library.warnings[0]
        else:
            assert library.warnings == ()  # an empty file is an empty database


def test_another_programs_sqlite_file_is_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    with sqlite3.connect(path) as other:
        other.execute("CREATE TABLE photos (name TEXT)")
    with Library.open(path) as library:
        assert "not a Marginalia library" in library.warnings[0]


def test_a_busy_library_is_a_store_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, article_file: Path
) -> None:
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT", 0.05)
    path = tmp_path / "library.sqlite"
    with Library.open(path) as library:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="Another program is using") as busy:
                library.remember_article(load_article(article_file))
            assert busy.value.kind == "busy"
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert library.remember_article(load_article(article_file)).new


def test_a_full_disk_is_a_store_error_and_loses_nothing_else(
    library: Library, article_file: Path
) -> None:
    article = load_article(article_file)
    kept = add_note(library, article, "flood wall", note="kept")
    pages = library._connection.execute("PRAGMA page_count").fetchone()[0]
    library._connection.execute(f"PRAGMA max_page_count = {pages + 1}")  # a full disk
    with pytest.raises(StoreError, match="is full") as full:
        add_note(library, article, "£48m", note="a long note " * 5000)
    assert full.value.kind == "full"
    assert [h.id for h in library.highlights_for(library.find_article(str(article_file)) or 0)] == [
        kept
    ]
    assert library.last_change() == "add highlight"  # the failed action left no trace


def test_edit_recolour_delete_and_undo(library: Library, article_file: Path) -> None:
    article = load_article(article_file)
    first = add_note(library, article, "flood wall", note="original", tags=["a"])
    library.update_highlight(first, note="edited", tags=["b", "B", " c  d "])
    assert library.highlight(first).tags == ("b", "c d")
    library.recolor(first, "Follow up")
    assert library.highlight(first).color == "green"
    library.delete_highlight(first)
    with pytest.raises(LookupError):
        library.highlight(first)

    assert library.last_change() == "delete highlight"
    undone = library.undo_last()
    assert undone is not None and undone.highlight_id == first
    assert library.highlight(first).note == "edited"
    assert [hit.highlight.id for hit in library.search("edited").notes] == [first]
    assert library.undo_last() is not None  # the colour
    assert library.highlight(first).color == "yellow"
    assert library.undo_last() is not None  # the note and tags
    restored = library.highlight(first)
    assert (restored.note, restored.tags) == ("original", ("a",))
    assert library.search("edited").notes == ()
    assert library.undo_last() is not None  # the highlight itself
    assert library.highlights_for(library.remember_article(article).id) == []
    assert library.undo_last() is None


def test_changing_the_passage_of_a_highlight(library: Library, article_file: Path) -> None:
    article = load_article(article_file)
    highlight = add_note(library, article, "flood wall")
    start = article.text.index("long-promised flood wall")
    changed = library.update_highlight(highlight, start=start)
    assert changed.quote == changed.selector.exact == "long-promised flood wall"
    library.undo_last()
    assert library.highlight(highlight).quote == "flood wall"


def test_colours_have_names_the_reader_can_change(library: Library, article_file: Path) -> None:
    names = [c.name for c in library.colors()]
    assert names[:4] == ["Key point", "Disagree", "Question", "Follow up"]
    library.rename_color("yellow", "Evidence")
    assert library.color_key("evidence") == "yellow"
    assert add_note(library, load_article(article_file), "£48m", color="Evidence")
    with pytest.raises(ValueError, match="already called"):
        library.rename_color("red", "evidence")
    with pytest.raises(ValueError, match="no colour “Key point”"):
        library.color_key("Key point")
    library.undo_last()  # the highlight
    library.undo_last()  # the name
    assert library.colors()[0].name == "Key point"


def test_search_covers_notes_tags_and_article_text(library: Library, article_file: Path) -> None:
    article = load_article(article_file)
    note = add_note(library, article, "£48m", note="Compare with the barrage", tags=["money"])
    assert [hit.highlight.id for hit in library.search("barrage").notes] == [note]
    assert [hit.highlight.id for hit in library.search("MONEY").notes] == [note]
    assert [hit.highlight.id for hit in library.search("barr*").notes] == [note]
    hit = library.search("residents").articles[0]
    assert hit.article.title == "Flood wall delayed again" and hit.article.note_count == 1
    marked = [hit.snippet.text[start:end] for start, end in hit.snippet.marks]
    assert marked == ["residents"]
    assert library.search('"temporary barriers"').articles
    assert not library.search('"barriers temporary"').articles
    for awkward in ["AND OR NOT", '"unclosed', "col:umn", "(", "*", "NEAR(a b)", ""]:
        library.search(awkward)  # never an FTS5 syntax error
    assert fts_query('flood "wall to" sev* -x') == '"flood" "wall to" "sev"* "-x"'


def test_an_article_kept_is_indexed_for_search_afterwards(
    library: Library, article_file: Path
) -> None:
    # Keeping an article (on the window's thread) leaves its text for the index later.
    library.remember_article(load_article(article_file))
    assert library.index_articles() == 1  # (the window's background thread does this)
    assert library.index_articles() == 0
    assert library.search("residents").articles
    # A changed text replaces the old words; a search indexes what still waits first.
    write(article_file, ARTICLE.replace("residents", "householders"))
    library.remember_article(load_article(article_file))
    assert [hit.article.title for hit in library.search("householders").articles] == [
        "Flood wall delayed again"
    ]
    assert not library.search("residents").articles
    with sqlite3.connect(library.path) as connection:
        connection.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_articles_are_listed_most_recent_first_with_their_note_counts(
    library: Library, tmp_path: Path
) -> None:
    older = load_article(write(tmp_path / "older.txt", "Older\n\nAn older article."))
    newer = load_article(write(tmp_path / "newer.txt", "Newer\n\nA newer article."))
    add_note(library, older, "older article")
    add_note(library, older, "An older")
    library.remember_article(newer)
    listed = library.list_articles()
    assert [(a.title, a.note_count) for a in listed] == [("Newer", 0), ("Older", 2)]
    library.remember_article(older)
    assert [a.title for a in library.list_articles()] == ["Older", "Newer"]


def test_wrong_arguments_are_told_apart_from_storage_trouble(
    library: Library, article_file: Path
) -> None:
    article_id = library.remember_article(load_article(article_file)).id
    with pytest.raises(ValueError, match="no passage"):
        library.add_highlight(article_id, 5, 100_000)
    with pytest.raises(ValueError, match="no colour"):
        library.add_highlight(article_id, 0, 5, color="chartreuse")
    with pytest.raises(LookupError):
        library.add_highlight(article_id + 1, 0, 5)
    with pytest.raises(LookupError):
        library.update_highlight(99, note="x")
    assert library.highlights_for(article_id) == []
    assert library.last_change() is None
    highlight = library.add_highlight(article_id, 0, 5)
    assert library.update_highlight(highlight.id) == highlight  # nothing to change
    assert library.last_change() == "add highlight"
