"""Where Marginalia keeps its files: the one module that knows.

Everything that writes to disk asks here. ``MARGINALIA_HOME`` overrides the
platform's user directories (tests always set it to a temporary folder).
"""

from __future__ import annotations

import os
from collections.abc import Callable
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


def _user_dir(name: str, platform_dir: Callable[..., str]) -> Path:
    """``MARGINALIA_HOME/name`` when set, else the platform's folder; created if missing."""
    home = _home_override()
    path = home / name if home else Path(platform_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir() -> Path:
    """The reader's own data (library database)."""
    return _user_dir("data", platformdirs.user_data_dir)


def config_dir() -> Path:
    """Settings such as recent files and window geometry."""
    return _user_dir("config", platformdirs.user_config_dir)


def cache_dir() -> Path:
    """Things that can be rebuilt (indexes, downloaded summaries)."""
    return _user_dir("cache", platformdirs.user_cache_dir)


def resources_dir() -> Path:
    """The bundled resources (palette, sample article, style sheets)."""
    return Path(__file__).resolve().parent.parent / "resources"


def sample_article() -> Path:
    return resources_dir() / "sample-article.md"
