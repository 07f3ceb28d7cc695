"""Loading the pipeline leaves spaCy's command line (and typer, weasel, requests)
unimported, and spaCy's own commands still work when something asks for them."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def run_fresh(code: str) -> str:
    """Run ``code`` in a new interpreter, where nothing has imported spaCy yet."""
    finished = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return finished.stdout.strip()


def test_loading_the_pipeline_does_not_import_spacys_command_line() -> None:
    printed = run_fresh(
        """
        import sys
        from reader.nlp.pipeline import load_pipeline
        nlp = load_pipeline()
        doc = nlp("Margaret Holloway said the flood cost $3 million in Tewkesbury.")
        print([e.text for e in doc.ents if e.label_ == "MONEY"])
        print(sorted(m for m in ("typer", "weasel", "requests", "httpx") if m in sys.modules))
        """
    )
    assert printed.splitlines() == ["['$3 million']", "[]"]


def test_spacys_commands_still_work_after_the_deferral() -> None:
    printed = run_fresh(
        """
        import reader.nlp
        import spacy
        print(spacy.info()["spacy_version"] == spacy.__version__)
        from spacy.cli import download
        print(callable(download), spacy.cli.download is download)
        """
    )
    assert printed.splitlines() == ["True", "True True"]
