"""`marginalia notes`, run as a reader or a script would run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reader.importers import load_article
from reader.store.library import default_path

MARGINALIA = Path(sys.executable).with_name("marginalia")

ARTICLE = """# Flood wall delayed again

Work on a long-promised flood wall to protect Tewkesbury from the River Severn has been \
delayed for a third time, after the estimated cost rose to £48m.

Many homes were flooded in November 2024, when the river rose faster than forecast.
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MARGINALIA), "notes", *args], capture_output=True, text=True, timeout=60, check=False
    )


def run_json(*args: str) -> Any:
    result = run(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "flood-wall.md"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_add_list_and_search(article: Path) -> None:
    added = run_json(
        "add", str(article), "--quote", "delayed for a third time", "--note", "Third **delay**",
        "--color", "question", "--tag", "delays", "--tag", "flood",
    )  # fmt: skip
    assert added["quote"] == "delayed for a third time" and added["status"] == "attached"
    listed = run_json("list", str(article))
    assert listed["article"]["title"] == "Flood wall delayed again"
    (note,) = listed["notes"]
    assert {k: note[k] for k in ("quote", "note", "color", "color_name", "tags", "status")} == {
        "quote": "delayed for a third time",
        "note": "Third **delay**",
        "color": "blue",
        "color_name": "Question",
        "tags": ["delays", "flood"],
        "status": "attached",
    }
    text = load_article(article).text
    assert note["start"] == text.index("delayed for a third")
    assert note["end"] == note["start"] + len("delayed for a third time")
    found = run_json("search", "delay")
    assert [hit["id"] for hit in found["notes"]] == [note["id"]]
    assert found["notes"][0]["snippet"]["marks"]
    assert [hit["title"] for hit in found["articles"]] == ["Flood wall delayed again"]
    assert run_json("list")["notes"][0]["id"] == note["id"]
    assert run_json("list", "--tag", "FLOOD")["notes"][0]["id"] == note["id"]
    assert run_json("list", "--tag", "other")["notes"] == []


def test_listing_a_changed_file_re_anchors_its_notes(article: Path) -> None:
    run_json("add", str(article), "--quote", "the estimated cost rose to £48m", "--note", "cost")
    run_json("add", str(article), "--quote", "when the river rose faster than forecast")
    changed = ARTICLE.replace("Work on", "Officials apologised. Work on").replace("£48m", "£52m")
    changed = changed.replace(", when the river rose faster than forecast", "")
    article.write_text(changed, encoding="utf-8")
    notes = run_json("list", str(article))["notes"]
    assert [(n["quote"], n["status"]) for n in notes] == [
        ("the estimated cost rose to £52m", "attached"),
        ("when the river rose faster than forecast", "orphaned"),
    ]
    assert notes[1]["start"] is None and notes[1]["end"] is None


def test_a_missing_file_is_listed_from_the_library(article: Path) -> None:
    run_json("add", str(article), "--quote", "flood wall", "--note", "kept")
    article.unlink()
    result = run("list", str(article), "--json")
    assert result.returncode == 0, result.stderr
    assert "library's copy" in result.stderr
    assert json.loads(result.stdout)["notes"][0]["note"] == "kept"


def test_mistakes_are_explained_without_a_traceback(article: Path) -> None:
    missing = run("add", str(article), "--quote", "not in the article", "--note", "x")
    assert missing.returncode == 1 and "is not in" in missing.stderr
    colour = run("add", str(article), "--quote", "flood wall", "--color", "chartreuse")
    assert colour.returncode == 1 and "Key point (yellow)" in colour.stderr
    nothing = run("list", str(article.with_name("never-there.md")))
    assert nothing.returncode == 1
    for result in (missing, colour, nothing):
        assert "Traceback" not in result.stderr


def test_a_damaged_library_is_moved_aside_and_the_command_still_works(article: Path) -> None:
    path = default_path()
    path.write_bytes(b"this is not a database\n" * 200)
    result = run("add", str(article), "--quote", "flood wall", "--json")
    assert result.returncode == 0, result.stderr
    assert "could not be read" in result.stderr and "new, empty library" in result.stderr
    assert json.loads(result.stdout)["status"] == "attached"
