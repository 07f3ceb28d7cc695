"""Fixtures for the core's tests: the dictionary's index, built once per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.definitions.dictionary import Dictionary
from reader.definitions.wordnet_index import INDEX_FILE, WordNetIndex, build_index


@pytest.fixture(scope="session")
def wordnet_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[float]]:
    """WordNet's index, built once for the whole run (it takes a few seconds), and the
    fractions its progress callback reported."""
    path = tmp_path_factory.mktemp("wordnet") / INDEX_FILE
    fractions: list[float] = []
    build_index(path, lambda fraction, message: fractions.append(fraction))
    return path, fractions


@pytest.fixture
def wordnet_index_file(wordnet_build: tuple[Path, list[float]]) -> Path:
    return wordnet_build[0]


@pytest.fixture
def wordnet_in_cache(wordnet_index_file: Path, marginalia_home: Path) -> Path:
    """The session's index in this test's cache folder, as if built there before."""
    cache = marginalia_home / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / INDEX_FILE
    try:
        os.link(wordnet_index_file, target)  # read-only use: one file for every test
    except OSError:
        target.write_bytes(wordnet_index_file.read_bytes())
    return target


@pytest.fixture
def dictionary(wordnet_index_file: Path) -> Iterator[Dictionary]:
    with WordNetIndex(wordnet_index_file) as index:
        yield Dictionary(index)
