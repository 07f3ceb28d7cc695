"""Help > About Marginalia: the version, the project, and the licences of what the app
carries with it (the built app bundles the English pipeline, WordNet and Qt).

What the English pipeline was trained on, and under which licences, is read from the
installed pipeline's own ``meta.json``, so the box says what is actually bundled.
"""

from __future__ import annotations

import html
import importlib.util
import json
from pathlib import Path
from typing import Any

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from reader import __version__

PROJECT_URL = "https://github.com/marginalia-reader/marginalia"
WORDNET_LICENCE_URL = "https://wordnet.princeton.edu/license-and-commercial-use"
LGPL_URL = "https://www.gnu.org/licenses/lgpl-3.0.html"
SPACY_URL = "https://spacy.io"
QT_URL = "https://www.qt.io/licensing/open-source-lgpl-obligations"


class AboutDialog(QDialog):
    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About Marginalia")
        self.resize(560, 520)

        picture = QLabel()
        picture.setPixmap(icon.pixmap(64))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.heading = QLabel(
            f"<h2>Marginalia {html.escape(__version__)}</h2>"
            "<p>A reader for news and long-form articles that colour-codes who and what "
            "an article mentions, sets quotes apart with their speakers, marks the claims "
            "worth checking and keeps your notes. Entity colours are based on the "
            "Okabe–Ito palette, chosen to stay apart for colour-blind readers.</p>"
            f'<p><a href="{PROJECT_URL}">{PROJECT_URL}</a><br>'
            "Free software under the MIT licence.</p>"
        )
        self.heading.setObjectName("aboutHeading")
        self.heading.setWordWrap(True)
        self.heading.setOpenExternalLinks(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        top = QHBoxLayout()
        top.addWidget(picture)
        top.addWidget(self.heading, 1)

        self.licences = QTextBrowser()
        self.licences.setObjectName("aboutLicences")
        self.licences.setOpenExternalLinks(True)
        self.licences.setHtml(licences_html())

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel("<b>What Marginalia includes, and its licences</b>"))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)


def licences_html() -> str:
    return "".join(
        (
            _pipeline_html(model_meta()),
            _wordnet_html(),
            "<h3>Qt and PySide6</h3>"
            f"<p>Qt {html.escape(qVersion())} and PySide6 {html.escape(PySide6.__version__)} "
            f'(Qt for Python), under the <a href="{LGPL_URL}">GNU Lesser General Public '
            "License version 3</a> (LGPLv3). The Qt libraries in the app are separate "
            "files that can be replaced with other builds of the same version "
            f'(<a href="{QT_URL}">what the LGPL asks</a>).</p>',
            "<h3>Everything else</h3>"
            "<p>Python and the other libraries in the app (spaCy and thinc: MIT; lxml, "
            "Jinja2: BSD; trafilatura, readability-lxml: Apache 2.0; and more) keep "
            "their own licences.</p>",
        )
    )


def model_meta() -> dict[str, Any] | None:
    """The ``meta.json`` of the English pipeline the app loads, without loading it."""
    from reader.nlp.pipeline import MODEL_PACKAGES

    for name in MODEL_PACKAGES:
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            path = Path(location) / "meta.json"
            if path.is_file():
                meta: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
                meta["package"] = name
                return meta
    return None


def _pipeline_html(meta: dict[str, Any] | None) -> str:
    if meta is None:
        return (
            "<h3>English language model</h3><p>No English pipeline is installed, so "
            "articles are shown without highlights.</p>"
        )
    name = html.escape(f"{meta.get('package', '')} {meta.get('version', '')}".strip())
    author = html.escape(str(meta.get("author", "")))
    sources = "".join(
        f"<li>{_linked(source.get('name', ''), source.get('url', ''))}: "
        f"{html.escape(str(source.get('license', 'licence not stated')))}</li>"
        for source in meta.get("sources", [])
    )
    return (
        "<h3>English language model</h3>"
        f"<p>spaCy's English pipeline {name} by {author} "
        f"({_linked('spaCy', SPACY_URL)}), under the "
        f"{html.escape(str(meta.get('license', 'unstated')))} licence. "
        "Its sources, with the licences the pipeline states for them:</p>"
        f"<ul>{sources}</ul>"
    )


def _wordnet_html() -> str:
    """WordNet's licence asks for its notice in every copy: shown here in full."""
    from reader.definitions.wordnet_index import IndexMissing, data_dir

    try:
        notice = (data_dir() / "LICENSE").read_text(encoding="utf-8").strip()
    except (IndexMissing, OSError):
        notice = ""
    text = f"<pre>{html.escape(notice)}</pre>" if notice else ""
    return (
        "<h3>The English dictionary</h3>"
        "<p>WordNet 3.0 by Princeton University, under the "
        f"{_linked('WordNet 3.0 licence', WORDNET_LICENCE_URL)} "
        "(Princeton's WordNet licence):</p>"
        f"{text}"
    )


def _linked(text: str, url: str) -> str:
    if not url:
        return html.escape(text)
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'
