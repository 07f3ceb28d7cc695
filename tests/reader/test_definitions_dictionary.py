"""The offline dictionary: WordNet's index, lemmas, and the order of senses."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest

from reader.definitions import wordnet_index
from reader.definitions.dictionary import MIN_EVIDENCE, Dictionary
from reader.definitions.wordnet_index import (
    INDEX_FILE,
    WordNetIndex,
    ensure_index,
    is_complete,
    split_gloss,
)


def test_lemmas_come_from_morphy_rules_and_exception_lists(dictionary: Dictionary) -> None:
    assert dictionary.lemmas("deportations") == [("deportation", "n")]
    assert ("man", "n") in dictionary.lemmas("men")  # noun.exc
    assert ("see", "v") in dictionary.lemmas("saw")  # verb.exc
    assert ("lend", "v") in dictionary.lemmas("lending")
    assert dictionary.lemmas("Reykjavik’s") == [("reykjavik", "n")]
    assert dictionary.lemmas("ECHR") == []


def test_senses_come_in_wordnets_order_without_evidence(dictionary: Dictionary) -> None:
    entry = dictionary.entry("bank", "He walked past it on Tuesday.")
    assert entry is not None
    nouns = [s for s in entry.senses if s.pos == "noun"]
    assert [s.number for s in nouns] == list(range(1, len(nouns) + 1))
    assert entry.senses[0].definition.startswith("sloping land")
    assert entry.senses[1].definition.startswith("a financial institution")
    assert not any(s.reason for s in entry.senses)
    # Parts of speech are merged by how often each sense is tagged in the corpus.
    assert {s.pos for s in entry.senses} == {"noun", "verb"}


def test_the_sentence_can_put_another_sense_first_and_says_why(dictionary: Dictionary) -> None:
    context = "The bank cut its lending to small firms as deposits fell."
    entry = dictionary.entry("bank", context)
    assert entry is not None
    first = entry.senses[0]
    assert first.definition.startswith("a financial institution")
    assert first.number == 2
    assert "“lending”" in first.reason and "“deposits”" in first.reason
    # Every sense is still there, the rest in WordNet's order.
    assert entry.senses[1].definition.startswith("sloping land")
    assert len(entry.senses) == len(dictionary.entry("bank").senses)  # type: ignore[union-attr]


def test_one_shared_word_is_not_clear_evidence(dictionary: Dictionary) -> None:
    assert MIN_EVIDENCE == 2
    entry = dictionary.entry("bank", "The money was in the bank.")
    assert entry is not None
    assert entry.senses[0].definition.startswith("sloping land")
    assert not entry.senses[0].reason


def test_a_capital_letter_mid_sentence_puts_the_name_first(dictionary: Dictionary) -> None:
    entry = dictionary.entry("Turkey", "Talks with Turkey went well.")
    assert entry is not None
    assert entry.senses[0].lemma == "Turkey" and "republic" in entry.senses[0].definition
    assert "capital letter" in entry.senses[0].reason
    # At the start of a sentence a capital proves nothing.
    entry = dictionary.entry("Turkey", "Turkey was served at dinner.")
    assert entry is not None
    assert "bird" in entry.senses[0].definition and not entry.senses[0].reason


def test_a_card_holds_every_sense_and_names_its_source(dictionary: Dictionary) -> None:
    card = dictionary.card("Reykjavik")
    assert card is not None
    assert card.source == "dictionary" and card.source_name == "WordNet 3.0"
    assert "Princeton" in card.licence
    assert card.headword == "Reykjavik"
    assert card.definition.startswith("the capital and chief port of Iceland")
    assert card.senses[0].synonyms == ("capital of Iceland",)
    assert card.senses[0].category == "noun.location"
    assert dictionary.card("Rule 39") is None


def test_glosses_split_into_definition_and_examples() -> None:
    assert split_gloss('move fast; run; "he ran to the store"; "run for cover"  ') == (
        "move fast; run",
        ["he ran to the store", "run for cover"],
    )


def test_the_index_answers_in_milliseconds(wordnet_index_file: Path) -> None:
    with WordNetIndex(wordnet_index_file) as index:
        dictionary = Dictionary(index)
        start = time.perf_counter()
        for _ in range(20):
            dictionary.card("asylum", "asylum seekers crossing the Channel")
        assert (time.perf_counter() - start) / 20 < 0.05  # generous: ~1 ms here


# -- building the index -------------------------------------------------------------------


def test_ensure_index_uses_a_complete_index_as_it_is(wordnet_in_cache: Path) -> None:
    before = wordnet_in_cache.stat().st_mtime_ns
    calls: list[float] = []
    assert ensure_index(lambda fraction, message: calls.append(fraction)) == wordnet_in_cache
    assert calls == [] and wordnet_in_cache.stat().st_mtime_ns == before


def test_a_partial_or_foreign_file_is_rebuilt_and_no_temporary_file_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wordnet_index_file: Path
) -> None:
    target = tmp_path / INDEX_FILE
    target.write_bytes(b"SQLite format 3\x00 but cut short")
    assert not is_complete(target)
    with closing(sqlite3.connect(tmp_path / "other.sqlite")) as other:
        other.execute("CREATE TABLE meta (key, value)")
    assert not is_complete(tmp_path / "other.sqlite")

    # A build that fails half-way leaves what was there, and no temporary file.
    def failing(connection: sqlite3.Connection, source: Path, report: object) -> None:
        connection.execute("CREATE TABLE half (x)")
        raise OSError("disk full")

    monkeypatch.setattr(wordnet_index, "_write_index", failing)
    with pytest.raises(OSError, match="disk full"):
        ensure_index(path=target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite", INDEX_FILE]
    assert not is_complete(target)

    # Rebuilding (faked by copying the session's index) replaces it in one rename.
    def copying(connection: sqlite3.Connection, source: Path, report: object) -> None:
        with closing(sqlite3.connect(wordnet_index_file)) as built:
            built.backup(connection)

    monkeypatch.setattr(wordnet_index, "_write_index", copying)
    progress: list[tuple[float, str]] = []
    assert ensure_index(lambda f, m: progress.append((f, m)), path=target) == target
    assert is_complete(target)
    assert progress[-1] == (1.0, "The dictionary is ready")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite", INDEX_FILE]


def test_threads_asking_at_once_build_the_index_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, wordnet_index_file: Path
) -> None:
    builds: list[int] = []
    started = threading.Event()

    def copying(connection: sqlite3.Connection, source: Path, report: object) -> None:
        builds.append(1)
        started.set()
        with closing(sqlite3.connect(wordnet_index_file)) as built:
            built.backup(connection)

    monkeypatch.setattr(wordnet_index, "_write_index", copying)
    target = tmp_path / INDEX_FILE
    threads = [threading.Thread(target=ensure_index, kwargs={"path": target}) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert builds == [1] and is_complete(target)


def test_the_real_build_reports_progress_and_holds_all_of_wordnet(
    wordnet_build: tuple[Path, list[float]],
) -> None:
    # The session fixture ran the real build once; this checks what it did.
    wordnet_index_file, fractions = wordnet_build
    assert fractions == sorted(fractions) and len(fractions) > 5
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    with closing(sqlite3.connect(wordnet_index_file)) as connection:
        counts = dict(
            connection.execute(
                "SELECT 'synsets', count(*) FROM synsets UNION ALL "
                "SELECT 'senses', count(*) FROM senses UNION ALL "
                "SELECT 'exceptions', count(*) FROM exceptions"
            ).fetchall()
        )
    assert counts["synsets"] == 117659  # WordNet 3.0's synsets
    assert counts["senses"] == 206941  # and word senses
    assert counts["exceptions"] > 4000
