"""Definitions end to end: ``marginalia define`` and ``marginalia glossary`` on the
shared article and on articles written here, the glossary and looked-up terms in the
library, and the library's migration to the schema that keeps them."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from reader.annotations import Definition
from reader.cli import main
from reader.definitions import Definer, lookup
from reader.definitions.encyclopedia import BASE_URL_ENV
from reader.definitions.glossary import glossary_mentions
from reader.importers import load_source
from reader.store import Library, migrations

DATA = Path(__file__).resolve().parent / "data"
MARGINALIA = Path(sys.executable).with_name("marginalia")
RULE_39 = (
    "An interim measure of the European Court of Human Rights: it can stop a removal "
    "while it looks at the case."
)
SECOND_ARTICLE = """# Court blocks removal flight

Judges in Strasbourg used Rule 39 again on Tuesday to halt a removal flight.

Ministers said rule 39 orders should not bind the government.
"""


def define(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main(["define", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def second_article(tmp_path: Path) -> Path:
    path = tmp_path / "rule-39.md"
    path.write_text(SECOND_ARTICLE, encoding="utf-8")
    return path


# -- the cases, on the shared article -------------------------------------------


@pytest.mark.corpus
def test_echr_is_defined_by_the_article(
    capsys: pytest.CaptureFixture[str], shared_article: Path, wordnet_in_cache: Path
) -> None:
    result = define(capsys, "ECHR", "--article", str(shared_article))
    card = result["cards"][0]
    assert card["source"] == "article" and card["source_name"] == "This article"
    assert card["definition"] == "European Court of Human Rights"
    assert card["kind"] == "acronym"
    assert card["found_at"]["text"] == "European Court of Human Rights (ECHR)"
    text = load_source(str(shared_article)).text
    found = card["found_at"]
    assert text[found["start"] : found["end"]] == found["text"]
    assert [m["text"] for m in result["mentions"]] == [
        "European Court of Human Rights",
        "ECHR",
        "ECHR",
    ]


@pytest.mark.corpus
def test_reykjavik_has_wordnets_gloss(
    capsys: pytest.CaptureFixture[str], shared_article: Path, wordnet_in_cache: Path
) -> None:
    result = define(capsys, "Reykjavik", "--article", str(shared_article))
    (card,) = result["cards"]
    assert card["source"] == "dictionary" and card["source_name"] == "WordNet 3.0"
    assert card["definition"] == (
        "the capital and chief port of Iceland on the southwestern coast of Iceland; "
        "buildings are heated by natural hot water"
    )
    assert card["senses"][0]["category"] == "noun.location"
    assert len(result["mentions"]) == 1


@pytest.mark.corpus
def test_asylum_has_a_dictionary_card(
    capsys: pytest.CaptureFixture[str], shared_article: Path, wordnet_in_cache: Path
) -> None:
    result = define(capsys, "asylum", "--article", str(shared_article))
    (card,) = result["cards"]
    assert card["source"] == "dictionary"
    assert [s["definition"] for s in card["senses"]] == [
        "a shelter from danger or hardship",
        "a hospital for mentally incompetent or unbalanced person",
    ]
    assert [m["text"] for m in result["mentions"]] == ["asylum"] * 3


@pytest.mark.corpus
def test_a_glossary_entry_shows_in_every_article_that_mentions_the_term(
    capsys: pytest.CaptureFixture[str],
    shared_article: Path,
    second_article: Path,
    wordnet_in_cache: Path,
) -> None:
    assert main(["glossary", "set", "Rule 39", RULE_39, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["term"] == "Rule 39"
    for article in (shared_article, second_article):
        result = define(capsys, "Rule 39", "--article", str(article))
        card = result["cards"][0]
        assert (card["source"], card["source_name"]) == ("glossary", "Your glossary")
        assert card["definition"] == RULE_39 and card["headword"] == "Rule 39"
        assert result["mentions"]
    # Case and spacing do not matter, and the window can find every mention to mark.
    assert define(capsys, "rule  39")["cards"][0]["source"] == "glossary"
    with Library.open() as library:
        text = load_source(str(second_article)).text
        marked = glossary_mentions(text, library.glossary())
    assert [passage.text for _, passage in marked] == ["Rule 39", "rule 39"]


@pytest.mark.corpus
def test_looked_up_terms_are_remembered_per_article(
    capsys: pytest.CaptureFixture[str],
    shared_article: Path,
    second_article: Path,
    wordnet_in_cache: Path,
) -> None:
    for term, article in [
        ("ECHR", shared_article),
        ("asylum", shared_article),
        ("echr", shared_article),
        ("Rule 39", second_article),
    ]:
        define(capsys, term, "--article", str(article))
    with Library.open() as library:
        first = library.find_article(str(shared_article))
        second = library.find_article(str(second_article))
        assert first is not None and second is not None
        terms = library.looked_up_terms(first)
        assert [(t.term, t.times) for t in terms] == [("echr", 2), ("asylum", 1)]
        assert [t.term for t in library.looked_up_terms(second)] == ["Rule 39"]


# -- more of define -----------------------------------------------------------------------


def test_the_glossary_wins_and_is_found_under_the_words_lemma(
    capsys: pytest.CaptureFixture[str], wordnet_in_cache: Path
) -> None:
    assert main(["glossary", "set", "deportation", "Sending someone out of a country."]) == 0
    capsys.readouterr()
    result = define(capsys, "deportations")
    assert [c["source"] for c in result["cards"]] == ["glossary", "dictionary"]
    assert result["cards"][0]["headword"] == "deportation"
    assert result["cards"][1]["headword"] == "deportation"
    assert result["cards"][1]["term"] == "deportations"


def test_the_context_sentence_orders_the_senses(
    capsys: pytest.CaptureFixture[str], wordnet_in_cache: Path
) -> None:
    plain = define(capsys, "bank")["cards"][0]
    assert plain["senses"][0]["definition"].startswith("sloping land")
    assert plain["senses"][0]["reason"] == ""
    context = "The bank cut its lending to small firms as deposits fell."
    moved = define(capsys, "bank", "--context", context)["cards"][0]
    assert moved["definition"].startswith("a financial institution")
    assert moved["senses"][0]["definition"] == moved["definition"]
    assert "“lending”, “deposits”" in moved["senses"][0]["reason"]
    assert len(moved["senses"]) == len(plain["senses"])


def test_the_article_gives_the_sentence_when_no_context_is_given(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, wordnet_in_cache: Path
) -> None:
    path = tmp_path / "bank.md"
    path.write_text("Rates rose. The bank cut its lending as deposits fell.\n", encoding="utf-8")
    card = define(capsys, "bank", "--article", str(path))["cards"][0]
    assert card["definition"].startswith("a financial institution")


def test_an_apposition_is_found_by_parsing_only_when_needed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, wordnet_in_cache: Path
) -> None:
    path = tmp_path / "sunak.md"
    path.write_text(
        "Rishi Sunak, the Prime Minister, flew to Iceland.\n\nMr Sunak spoke on Monday.\n",
        encoding="utf-8",
    )
    result = define(capsys, "Sunak", "--article", str(path))
    card = result["cards"][0]
    assert (card["source"], card["kind"], card["headword"]) == (
        "article",
        "apposition",
        "Rishi Sunak",
    )
    assert card["definition"] == "the Prime Minister"
    assert card["found_at"]["text"] == "Rishi Sunak, the Prime Minister"


def test_a_term_nobody_defines(capsys: pytest.CaptureFixture[str], wordnet_in_cache: Path) -> None:
    assert define(capsys, "Xyzzyqux") == {
        "term": "Xyzzyqux",
        "cards": [],
        "mentions": [],
        "problems": [],
    }
    assert main(["define", "Xyzzyqux"]) == 0
    assert "No definition of “Xyzzyqux” was found." in capsys.readouterr().out


def test_online_define_asks_the_encyclopedia(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    local_site: Any,
    wordnet_in_cache: Path,
) -> None:
    local_site.routes["/summary/Reykjavik"] = (
        200,
        {"Content-Type": "application/json"},
        json.dumps({"title": "Reykjavík", "extract": "The capital of Iceland."}).encode(),
    )
    monkeypatch.setenv(BASE_URL_ENV, local_site.url("/summary/"))
    offline = define(capsys, "Reykjavik")
    assert [c["source"] for c in offline["cards"]] == ["dictionary"]
    assert local_site.requests == []
    online = define(capsys, "Reykjavik", "--online")
    assert [c["source"] for c in online["cards"]] == ["dictionary", "encyclopedia"]
    assert online["cards"][1]["cached"] is False and online["cards"][1]["retrieved"]
    # Later, offline, the summary kept in the library is shown as cached.
    cached = define(capsys, "Reykjavik")["cards"][1]
    assert cached["cached"] is True and cached["definition"] == "The capital of Iceland."


def test_an_encyclopedia_that_cannot_be_reached_is_a_problem_not_a_failure(
    capsys: pytest.CaptureFixture[str], wordnet_in_cache: Path
) -> None:
    # The tests' fixture points online look-ups at a port where nothing listens.
    result = define(capsys, "Reykjavik", "--online")
    assert [c["source"] for c in result["cards"]] == ["dictionary"]
    (problem,) = result["problems"]
    assert problem.startswith("Wikipedia could not be reached")


def test_define_loads_no_language_model_when_the_article_needs_none(
    tmp_path: Path, marginalia_home: Path, wordnet_in_cache: Path
) -> None:
    path = tmp_path / "court.md"
    path.write_text(
        "Talks with the European Court of Human Rights (ECHR) on asylum.\n", encoding="utf-8"
    )
    script = (
        "import sys; from reader.cli import main; "
        f"codes = [main(['define', term, '--article', {str(path)!r}]) for term in "
        "('ECHR', 'asylum')]; print(codes, 'spacy' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        cwd=Path(__file__).parents[2],
    )
    assert result.stdout.strip().splitlines()[-1] == "[0, 0] False"


def test_the_command_itself(second_article: Path, wordnet_in_cache: Path) -> None:
    result = subprocess.run(
        [str(MARGINALIA), "define", "rule 39", "--article", str(second_article)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout
        == "No definition of “rule 39” was found.\nMentioned 2 times in the article.\n"
    )


def test_the_lookup_function_for_scripts(wordnet_in_cache: Path) -> None:
    article = load_source_text("Talks with the ECHR (European Court of Human Rights) began.")
    result = lookup("ECHR", article=article)
    assert [(c.source, c.definition) for c in result.cards] == [
        ("article", "European Court of Human Rights")
    ]
    assert Definer.standard().lookup("  ").cards == ()


def load_source_text(text: str) -> Any:
    from reader.article import Article

    return Article.from_blocks([(text, "paragraph")])


# -- glossary command ---------------------------------------------------------------------


def test_glossary_set_list_delete(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["glossary", "set", "Rule 39", "First version."]) == 0
    assert main(["glossary", "set", "rule 39", RULE_39]) == 0  # the same term: changed
    assert main(["glossary", "set", "Ofsted", "The schools inspectorate."]) == 0
    capsys.readouterr()
    assert main(["glossary", "list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [(e["term"], e["definition"]) for e in entries] == [
        ("Ofsted", "The schools inspectorate."),
        ("rule 39", RULE_39),
    ]
    assert main(["glossary", "delete", "OFSTED"]) == 0
    assert main(["glossary", "delete", "Ofsted"]) == 1
    assert "There is no glossary entry for “Ofsted”." in capsys.readouterr().err
    assert main(["glossary", "set", "Nato", "  "]) == 1
    assert "needs a definition" in capsys.readouterr().err


# -- the library ------------------------------------------------------------------------


@pytest.fixture
def library(marginalia_home: Path) -> Any:
    with Library.open() as opened:
        yield opened


def test_glossary_changes_can_be_undone(library: Library) -> None:
    first = library.set_glossary("Rule 39", "First version.")
    library.set_glossary("rule 39", "Second version.")
    assert library.last_change() == "edit glossary entry"
    library.undo_last()
    entry = library.glossary_entry("RULE 39")
    assert entry is not None and entry.definition == "First version."
    assert entry.created == first.created
    assert library.delete_glossary("Rule 39")
    assert library.glossary_entry("Rule 39") is None
    library.undo_last()
    assert library.glossary_entry("Rule 39") == first
    library.undo_last()
    assert library.glossary() == []


def test_looked_up_terms_need_an_article(library: Library) -> None:
    with pytest.raises(LookupError):
        library.remember_lookup(42, "ECHR")


def test_a_v2_library_migrates_and_keeps_every_row(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite"
    shutil.copy(DATA / "library-v2.sqlite", path)
    with closing(sqlite3.connect(path)) as old:
        tables = {
            name: old.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall()
            for name in ("articles", "highlights", "highlight_tags", "highlight_colors")
        }
    with Library.open(path) as library:
        assert f"updated from version 2 to {migrations.LATEST}" in library.warnings[0]
        with closing(sqlite3.connect(path)) as new:
            assert new.execute("PRAGMA user_version").fetchone()[0] == migrations.LATEST
            for name, rows in tables.items():
                assert new.execute(f"SELECT * FROM {name} ORDER BY 1, 2").fetchall() == rows
        assert library.colors()[0].name == "Evidence"
        assert [hit.highlight.id for hit in library.search("délégué").notes] == [2]
        assert library.last_change() == "rename colour"
        # The new tables work on the migrated library.
        library.set_glossary("Rule 39", RULE_39)
        library.remember_lookup(1, "Rule 39")
        assert [t.term for t in library.looked_up_terms(1)] == ["Rule 39"]
        assert library.cached_summary("en:rule 39") is None
    backups = list((tmp_path / "backups").iterdir())
    assert len(backups) == 1 and backups[0].name.startswith("library-v2-")


def test_the_article_answers_for_a_surname_and_for_a_role(wordnet_in_cache: Path) -> None:
    from reader.nlp.acronyms import acronym_definitions

    article = load_source_text(
        "Rishi Sunak, the Prime Minister, met the European Court of Human Rights (ECHR)."
    )
    apposition = Definition(
        term="Rishi Sunak",
        definition="the Prime Minister",
        start=0,
        end=31,
        kind="apposition",
        term_start=0,
        term_end=11,
        definition_start=13,
        definition_end=31,
    )
    definitions = [apposition, *acronym_definitions(article.text)]
    definer = Definer.standard()

    def article_cards(term: str) -> list[tuple[str, str]]:
        result = definer.lookup(term, article_text=article.text, definitions=definitions)
        return [(c.headword, c.definition) for c in result.cards if c.source == "article"]

    assert article_cards("Sunak") == [("Rishi Sunak", "the Prime Minister")]
    assert article_cards("Mr Sunak’s") == [("Rishi Sunak", "the Prime Minister")]
    assert article_cards("Prime Minister") == [("the Prime Minister", "Rishi Sunak")]
    assert article_cards("European Court of Human Rights") == [
        ("European Court of Human Rights", "Shortened to ECHR in this article")
    ]
    assert article_cards("Minister") == []
