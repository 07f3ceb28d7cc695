"""spaCy's registries, with the installed packages' entry points grouped once.

spaCy looks its factories, languages, architectures and the like up in ``catalogue``
registries, and each look-up also asks for the entry points other packages declare in
its group. ``catalogue`` keeps every installed entry point in one flat collection and
filters all of it on each of those look-ups: some 250 of them while the pipeline
loads, 0.2 s of the time before the first highlights on a small laptop.

``group_entry_points`` gives ``catalogue`` the same entry points as a dict by group,
the other form it reads, so each look-up is one dict access. It must run before spaCy
is imported.
"""

from __future__ import annotations

import itertools
from importlib.metadata import EntryPoint


def group_entry_points() -> None:
    import catalogue

    found = catalogue.AVAILABLE_ENTRY_POINTS
    # Python 3.11 gives them by group already, behind a deprecated view; 3.12, flat.
    flat = itertools.chain.from_iterable(dict.values(found)) if isinstance(found, dict) else found
    grouped: dict[str, list[EntryPoint]] = {}
    for entry_point in flat:
        grouped.setdefault(entry_point.group, []).append(entry_point)
    catalogue.AVAILABLE_ENTRY_POINTS = grouped
