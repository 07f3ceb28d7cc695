"""Where Marginalia keeps its files: the one module that knows.

Everything that writes to disk asks here. ``MARGINALIA_HOME`` overrides the
platform's user directories (tests always set it to a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "marginalia"
HOME_ENV = "MARGINALIA_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    if value:
        return Path(value)
    if "PYTEST_CURRENT_TEST" in os.environ:
        # A test that reaches the reader's real files is a bug in the test.
        raise RuntimeError(f"tests must set {HOME_ENV}; refusing to use the real home folder")
    return None


def data_dir() -> Path:
    """The reader's own data (library database, settings)."""
    home = _home_override()
    path = home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Settings such as recent files and window geometry."""
    home = _home_override()
    path = (
        home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir() -> Path:
    """Things that can be rebuilt (indexes, downloaded summaries)."""
    home = _home_override()
    path = home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The bundled resources (palette, sample article, style sheets)."""
    return Path(__file__).resolve().parent.parent / "resources"


def sample_article() -> Path:
    return resources_dir() / "sample-article.md"
