"""`marginalia annotate`, run as a reader or a script would run it."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

MARGINALIA = Path(sys.executable).with_name("marginalia")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(MARGINALIA), *args], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "short.md"
    path.write_text("# Short\n\nAngela Merkel visited Paris on Monday.\n", encoding="utf-8")
    return path


def test_annotate_json_prints_the_contract(shared_article: Path) -> None:
    result = run("annotate", str(shared_article), "--json")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert set(output) == {"article", "entities", "quotes", "claims", "definitions"}
    article = output["article"]
    assert {"title", "byline", "site", "published", "url", "language", "text", "sha256"} <= set(
        article
    )
    sunak = next(e for e in output["entities"] if e["name"] == "Rishi Sunak")
    assert sunak["label"] == "PERSON"
    for mention in sunak["mentions"]:
        assert article["text"][mention["start"] : mention["end"]] == mention["text"]
    assert {"Reykjavik", "Rwanda", "Iceland", "Council of Europe"} <= {
        e["name"] for e in output["entities"]
    }
    quotes = output["quotes"]
    assert quotes
    for quote in quotes:
        assert {"start", "end", "text", "kind", "speaker"} <= set(quote)
        assert article["text"][quote["start"] : quote["end"]] == quote["text"]
    long_quote = next(q for q in quotes if len(q.get("parts", ())) == 4)
    assert long_quote["speaker"]["entity"] == sunak["id"]


def test_several_paths_give_json_lines_in_order(shared_article: Path, sample: Path) -> None:
    result = run("annotate", str(sample), str(shared_article), "--json")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["article"]["title"] == "Short"
    assert [e["name"] for e in first["entities"]] == ["Angela Merkel", "Paris", "Monday"]
    assert second["article"]["text"].startswith("Rishi Sunak")


def test_no_nlp_prints_only_the_article(sample: Path) -> None:
    result = run("annotate", "--no-nlp", "--json", str(sample))
    assert result.returncode == 0, result.stderr
    assert list(json.loads(result.stdout)) == ["article"]


def test_a_binary_file_fails_with_a_message_and_no_traceback(tmp_path: Path, sample: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    result = run("annotate", "--no-nlp", "--json", str(binary), str(sample))
    assert result.returncode == 1
    assert "photo.txt” is a binary file" in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["article"]["title"] == "Short"
