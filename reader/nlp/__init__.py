"""The language layer: spaCy pipeline loading and the annotators built on it."""
