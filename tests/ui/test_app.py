"""``marginalia``: commands without Qt, the window's arguments, --screenshot, --smoke-test."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from reader import cli
from reader.paths import sample_article
from ui import app


def test_commands_are_plain_words() -> None:
    # app.main only imports reader.cli for an argument that could be a command.
    assert all(app._COMMAND_NAME.match(command) for command in cli.COMMANDS)


def test_a_command_runs_without_qt(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("A short article.", encoding="utf-8")
    code = (
        "import sys, json\n"
        "from ui.app import main\n"
        f"status = main(['annotate', '--no-nlp', '--json', {str(article)!r}])\n"
        "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NO-QT')\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert '"text": "A short article."' in lines[0]
    assert lines[-1] == "NO-QT"


def test_help_names_the_other_commands(capsys) -> None:
    assert app.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--screenshot OUT.png" in out
    assert "marginalia annotate --help" in out


def test_version(capsys) -> None:
    assert app.main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == "marginalia 0.1.0"


@pytest.fixture
def app_state(qapp):
    """app.main styles and names the shared QApplication; put it back afterwards."""
    yield qapp
    qapp.setStyleSheet("")


@pytest.mark.corpus
def test_screenshot(app_state, corpus_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "window.png"
    article = corpus_dir / "articles" / "000_f6c939476cc06028.txt"
    assert app.main(["--screenshot", str(out), str(article)]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == app.SCREENSHOT_SIZE
    assert app_state.applicationName() == "Marginalia"
    assert app_state.desktopFileName() == "org.marginalia.Marginalia"


def test_screenshot_of_a_file_that_cannot_be_opened(app_state, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    out = tmp_path / "never.png"
    assert app.main(["--screenshot", str(out), str(empty)]) == 1
    assert "“empty.txt” is empty" in capsys.readouterr().err
    assert not out.exists()


def test_help_says_what_opens(capsys) -> None:
    assert app.main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for kind in (".txt", ".md", ".html", ".epub", "https://"):
        assert kind in out
    with pytest.raises(SystemExit):
        cli.main(["annotate", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert ".epub" in out and "https://" in out


def test_screenshot_of_a_link_that_redirects_forever(
    app_state, local_site, tmp_path: Path, capsys
) -> None:
    local_site.routes["/loop"] = (301, {"Location": "/loop"}, b"")
    out = tmp_path / "never.png"
    assert app.main(["--screenshot", str(out), local_site.url("/loop")]) == 1
    assert "redirects in a loop" in capsys.readouterr().err
    assert not out.exists()


def test_screenshot_of_a_book_shows_its_contents(
    app_state, make_epub, tmp_path: Path, monkeypatch
) -> None:
    book = tmp_path / "book.epub"
    book.write_bytes(make_epub())
    out = tmp_path / "book.png"
    shown: list[bool] = []
    original = app._screenshot

    def spy(service, settings, source, target, *rest):
        from ui.main_window import MainWindow

        grab = MainWindow.grab
        monkeypatch.setattr(
            MainWindow,
            "grab",
            lambda self: shown.append(self.contents_panel.isVisible()) or grab(self),
        )
        return original(service, settings, source, target, *rest)

    monkeypatch.setattr(app, "_screenshot", spy)
    assert app.main(["--screenshot", str(out), str(book)]) == 0
    assert shown == [True]
    assert QImage(str(out)).width() == app.SCREENSHOT_SIZE[0]


def test_smoke_test_waits_for_the_highlights_and_exports(app_state, tmp_path: Path, capsys) -> None:
    out = tmp_path / "exported.md"
    # As a desktop passes a file (the .desktop file's %u): a file:// URL.
    assert app.main(["--smoke-test", str(out), sample_article().as_uri()]) == 0
    said = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"highlights shown: [1-9]\d* entities, \d+ quotes, \d+ claims", said[0])
    assert said[1] == f"exported: {out}"
    assert said[2] == "about:"
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in "\n".join(said[3:])
    assert "title: Tewkesbury flood wall" in out.read_text(encoding="utf-8")


def test_smoke_test_of_a_file_that_cannot_be_opened(app_state, tmp_path: Path, capsys) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    assert app.main(["--smoke-test", str(tmp_path / "never.md"), str(empty)]) == 1
    assert "“empty.txt” is empty" in capsys.readouterr().err
    assert app.main(["--smoke-test", str(tmp_path / "never.md")]) == 2
    assert "--smoke-test needs the PATH" in capsys.readouterr().err


def test_file_urls_open_as_paths() -> None:
    assert app._local_file("file:///home/ann/Flood%20wall.md") == "/home/ann/Flood wall.md"
    for other in ("notes.md", "https://example.org/a", "marginalia://open?article=ab&start=1"):
        assert app._local_file(other) == other
