"""Measurements of the core against the shared corpus; run each module with ``python -m``."""
