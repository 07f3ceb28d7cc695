"""Scripts that build the models shipped in the package; run each with ``python -m``."""
