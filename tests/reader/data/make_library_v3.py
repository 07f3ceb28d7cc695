"""Write ``library-v3.sqlite``: a small library in schema version 3, as released.

Run from the repository root: ``.venv/bin/python tests/reader/data/make_library_v3.py``.
The file is kept in the repository and only regenerated on purpose; the tests copy it
and migrate the copy to the latest schema. It starts from ``library-v2.sqlite``
(migrated to version 3) and adds what version 3 brought: a glossary entry the reader
wrote, terms looked up in an article and a kept encyclopedia summary, plus an undo
log entry for the glossary.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from reader.store.migrations import migrate

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library-v2.sqlite"
TARGET = HERE / "library-v3.sqlite"
WRITTEN = "2025-06-01T09:30:00.000000+00:00"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    shutil.copy(SOURCE, TARGET)
    connection = sqlite3.connect(TARGET, isolation_level=None)
    migrate(connection, TARGET, target=3)
    for backup in (HERE / "backups").glob("library-v3-*"):
        backup.unlink()
    if (HERE / "backups").exists():
        (HERE / "backups").rmdir()
    connection.execute(
        "INSERT INTO glossary (key, term, definition, created, modified) VALUES "
        "('rule 39', 'Rule 39', 'The court’s interim measures: urgent orders to a state.', ?, ?)",
        (WRITTEN, WRITTEN),
    )
    connection.execute(
        "INSERT INTO undo_log (at, description, inverse) VALUES (?, 'set glossary entry', ?)",
        (WRITTEN, json.dumps({"glossary": {"key": "rule 39", "before": None}})),
    )
    for key, term, times in (("echr", "ECHR", 2), ("délégué", "délégué", 1)):
        connection.execute(
            "INSERT INTO looked_up_terms (article_id, key, term, first_looked_up, "
            "last_looked_up, times) VALUES (1, ?, ?, ?, ?, ?)",
            (key, term, WRITTEN, WRITTEN, times),
        )
    connection.execute(
        "INSERT INTO encyclopedia_summaries (key, title, description, extract, url, "
        "retrieved) VALUES ('en:strasbourg', 'Strasbourg', 'City in France', "
        "'Strasbourg is the prefecture of the Grand Est region.', "
        "'https://en.wikipedia.org/wiki/Strasbourg', ?)",
        (WRITTEN,),
    )
    connection.execute("VACUUM")
    connection.close()
    print(f"wrote {TARGET.relative_to(Path.cwd())} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
