"""spaCy without its command line at import time.

``import spacy`` runs ``from .cli.info import info``, and ``spacy.cli`` imports every
spaCy command and with them typer, weasel, requests, httpx and rich: about 0.4 s of
the 1.1 s that importing spaCy takes on a small laptop, for code Marginalia never
runs, and all of it between the window showing the text and the highlights.

``defer_spacy_cli`` puts stand-ins for ``spacy.cli`` and ``spacy.cli.info`` in
``sys.modules`` before spaCy is imported. The first real use of either (``spacy.info()``,
``from spacy.cli import download``) swaps the real package in, so nothing is lost.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

CLI = "spacy.cli"
INFO = "spacy.cli.info"


class _StandIn(ModuleType):
    """A module that becomes the real one on first use of any of its names."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str) -> ModuleType:
    for stand_in in (CLI, INFO):
        if isinstance(sys.modules.get(stand_in), _StandIn):
            del sys.modules[stand_in]
    return importlib.import_module(name)


def _info(*args: Any, **kwargs: Any) -> Any:
    return _real(INFO).info(*args, **kwargs)


class _InfoStandIn(_StandIn):
    @property
    def info(self) -> Any:
        # Read once, by ``spacy/__init__.py`` while it runs: the moment to make
        # ``spacy.cli`` an attribute of spaCy, as the real import would have.
        spacy = sys.modules.get("spacy")
        if spacy is not None and not hasattr(spacy, "cli"):
            setattr(spacy, "cli", sys.modules[CLI])  # noqa: B010  # a module mypy types
        return _info


def defer_spacy_cli() -> None:
    """Install the stand-ins, unless spaCy is already imported or not installed."""
    if "spacy" in sys.modules or CLI in sys.modules:
        return
    spec = importlib.util.find_spec("spacy")
    if spec is None or not spec.submodule_search_locations:
        return
    cli = _StandIn(CLI)
    # Submodules (``spacy.cli.download``) still load from the real folder.
    cli.__path__ = [str(Path(location) / "cli") for location in spec.submodule_search_locations]
    sys.modules[CLI] = cli
    sys.modules[INFO] = _InfoStandIn(INFO)
