"""Marginalia's core: importing, annotating, storing and exporting articles.

Nothing in this package imports Qt; ``ui/`` builds on it, never the other way round.
"""

__version__ = "0.1.0"
