"""Fixtures for the core's tests: the dictionary over the index built once per
session (``wordnet_build`` in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.definitions.dictionary import Dictionary
from reader.definitions.wordnet_index import WordNetIndex


@pytest.fixture
def dictionary(wordnet_index_file: Path) -> Iterator[Dictionary]:
    with WordNetIndex(wordnet_index_file) as index:
        yield Dictionary(index)
