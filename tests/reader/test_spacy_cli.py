"""What ``reader.nlp`` does before spaCy is imported, to load the pipeline sooner:
spaCy's command line (and typer, weasel, requests) stays unimported, and spaCy's own
commands still work when something asks for them; the registries' entry points are
grouped once, and the same ones are found."""

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


def test_the_registries_find_the_same_entry_points_grouped() -> None:
    printed = run_fresh(
        """
        import importlib.metadata
        import reader.nlp
        import catalogue
        import spacy
        grouped = catalogue.AVAILABLE_ENTRY_POINTS
        declared = importlib.metadata.entry_points()
        print(isinstance(grouped, dict), set(grouped) == set(declared.groups))
        print(all(list(declared.select(group=g)) == found for g, found in grouped.items()))
        # spaCy's own look-ups through them still work.
        print(spacy.blank("en").lang, "ner" in spacy.registry.factories.get_all())
        """
    )
    assert printed.splitlines() == ["True True", "True", "en True"]
