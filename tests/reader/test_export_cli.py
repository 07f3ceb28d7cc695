"""`marginalia export`, as a reader or a script runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main
from reader.export.markdown import notes_of, split_front_matter
from reader.importers import load_article
from reader.store import Library

MARGINALIA = Path(sys.executable).with_name("marginalia")

STORY = """# Flood wall: “delayed” again

By Eleanor Marsh

Work on the flood wall has been delayed for a third time.

The council said the delay was regrettable.
"""


@pytest.fixture
def story(tmp_path: Path) -> Path:
    path = tmp_path / "story.md"
    path.write_text(STORY, encoding="utf-8")
    with Library.open() as library:
        article = load_article(path)
        article_id = library.remember_article(article).id
        start = article.text.index("delayed for a third time")
        library.add_highlight(article_id, start, start + 24, None, "Third time!", ["timeline"])
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["export", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_export_prints_markdown(story: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, str(story), "--no-nlp")
    assert status == 0, err
    front, body = split_front_matter(out)
    assert front is not None and front["title"] == "Flood wall: “delayed” again"
    assert "> delayed for a third time" in body and "**Note:** Third time\\!" not in body
    assert "**Note:** Third time!" in body and "#timeline" in body


def test_export_writes_both_formats_and_keeps_notes(
    story: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "out" / "wall.md"
    status, out, err = run(
        capsys, str(story), "--no-nlp", "-o", str(output), "--format", "md,annotations"
    )
    assert status == 0, err
    assert out.splitlines() == [f"Wrote {output}", f"Wrote {output.with_suffix('.jsonld')}"]
    collection = json.loads(output.with_suffix(".jsonld").read_text(encoding="utf-8"))
    assert collection["total"] == 1

    output.write_text(
        output.read_text(encoding="utf-8").replace(
            "%% begin notes %%\n", "%% begin notes %%\nMine.\n"
        ),
        encoding="utf-8",
    )
    assert run(capsys, str(story), "--no-nlp", "-o", str(output))[0] == 0
    assert notes_of(output.read_text(encoding="utf-8")) == "Mine.\n"


def test_export_refuses_to_overwrite_a_file_that_is_not_ours(
    story: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "diary.md"
    output.write_text("Dear diary.\n", encoding="utf-8")
    status, _, err = run(capsys, str(story), "--no-nlp", "-o", str(output))
    assert status == 1
    assert "not an export of this article" in err
    assert output.read_text(encoding="utf-8") == "Dear diary.\n"


def test_export_finds_library_articles_by_id_and_title(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open() as library:
        summary = library.list_articles()[0]
    by_id = run(capsys, str(summary.id), "--no-nlp")
    by_title = run(capsys, "flood wall: “delayed” AGAIN", "--no-nlp")
    assert by_id[0] == by_title[0] == 0
    assert "> delayed for a third time" in by_id[1] and "> delayed for a third time" in by_title[1]

    status, _, err = run(capsys, "No such article", "--no-nlp")
    assert status == 1 and "is not a file, a web address, or the id or title" in err


def test_export_annotations_to_standard_output(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, str(story), "--no-nlp", "--format", "annotations")
    assert status == 0
    assert json.loads(out)["first"]["items"][0]["target"]["selector"][0]["exact"] == (
        "delayed for a third time"
    )


def test_export_all_writes_one_file_per_article(
    story: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Another story about the river.\n", encoding="utf-8")
    with Library.open() as library:
        library.remember_article(load_article(other))
    folder = tmp_path / "vault"
    folder.mkdir()
    (folder / "Flood wall “delayed” again.md").write_text("not ours\n", encoding="utf-8")

    status, out, err = run(capsys, "--all", str(folder), "--no-nlp")
    assert status == 0, err
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "Flood wall “delayed” again (2).md",
        "Flood wall “delayed” again.md",
        "other.txt.md",
    ]
    assert (folder / "Flood wall “delayed” again.md").read_text(encoding="utf-8") == "not ours\n"
    assert len(out.splitlines()) == 2

    # Again: the same files are brought up to date, no new ones.
    assert run(capsys, "--all", str(folder), "--no-nlp")[0] == 0
    assert sorted(p.name for p in folder.iterdir()) == names


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "give either ARTICLE or --all DIR"),
        (("x", "--all", "d"), "give either ARTICLE or --all DIR"),
        (("--all", "d", "-o", "f"), "-o cannot be used"),
        (("x", "--format", "md,annotations"), "give -o FILE"),
    ],
)
def test_export_usage_errors(
    args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, *args)
    assert status == 1 and message in err


def test_the_marginalia_command_exports(story: Path) -> None:
    result = subprocess.run(
        [str(MARGINALIA), "export", str(story), "--no-nlp"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("---\ntitle: ")
