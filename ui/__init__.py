"""Marginalia's PySide6 window. Builds on ``reader``; ``reader`` never imports it."""
