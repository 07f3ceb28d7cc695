"""Fixtures shared by every test: an isolated data folder and the shared corpus."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from reader.nlp.annotate import Annotator
from reader.paths import HOME_ENV

# GUI tests run offscreen unless the caller chose a platform (QT_QPA_PLATFORM=xcb ...).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The read-only corpus of real articles lies beside the repository.
CORPUS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def pytest_configure(config: pytest.Config) -> None:
    # The offscreen platform has no window manager to pass size hints to or raise a
    # window with, and says so (for every main window, every tooltip); that is not a
    # fault in the code under test.
    with contextlib.suppress(ValueError):  # ValueError: pytest-qt is not installed
        config.addinivalue_line(
            "qt_log_ignore", r"^This plugin does not support (propagateSizeHints|raise)\(\)$"
        )


@pytest.fixture(autouse=True)
def marginalia_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; nothing touches the real home."""
    home = tmp_path / "marginalia-home"
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS_DIR} (it lives beside the repository)")
    return CORPUS_DIR


@pytest.fixture
def shared_article(corpus_dir: Path) -> Path:
    return corpus_dir / "articles" / "000_f6c939476cc06028.txt"


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    """One real English pipeline for the whole run: loading it takes a second or two."""
    return Annotator()
