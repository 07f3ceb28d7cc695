"""The language layer: spaCy pipeline loading and the annotators built on it."""

from reader.nlp.spacy_cli import defer_spacy_cli

# Before any module of this package imports spaCy: see spacy_cli for why.
defer_spacy_cli()
