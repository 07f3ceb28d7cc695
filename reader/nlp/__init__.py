"""The language layer: spaCy pipeline loading and the annotators built on it."""

from reader.nlp.entry_points import group_entry_points
from reader.nlp.spacy_cli import defer_spacy_cli

# Before any module of this package imports spaCy: see spacy_cli and entry_points.
defer_spacy_cli()
group_entry_points()
