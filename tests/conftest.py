"""Fixtures shared by every test: an isolated data folder and the shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.nlp.annotate import Annotator
from reader.paths import HOME_ENV

# The read-only corpus of real articles lies beside the repository.
CORPUS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


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
