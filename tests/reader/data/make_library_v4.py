"""Write ``library-v4.sqlite``: a small library in schema version 4, as released.

Run from the repository root: ``.venv/bin/python tests/reader/data/make_library_v4.py``.
The file is kept in the repository and only regenerated on purpose; the tests copy it
and migrate the copy to the latest schema. It starts from ``library-v3.sqlite``
(migrated to version 4) and adds what version 4 brought: the reader's verdict on a
claim and an annotation cache entry.
"""

from __future__ import annotations

import shutil
import sqlite3
import zlib
from pathlib import Path

from reader.store.migrations import migrate

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "library-v3.sqlite"
TARGET = HERE / "library-v4.sqlite"
WRITTEN = "2025-09-01T08:15:00.000000+00:00"


def main() -> None:
    TARGET.unlink(missing_ok=True)
    shutil.copy(SOURCE, TARGET)
    connection = sqlite3.connect(TARGET, isolation_level=None)
    migrate(connection, TARGET, target=4)
    for backup in (HERE / "backups").glob("library-v4-*"):
        backup.unlink()
    if (HERE / "backups").exists():
        (HERE / "backups").rmdir()
    text, sha256 = connection.execute("SELECT text, sha256 FROM articles WHERE id = 1").fetchone()
    exact = "Rishi Sunak"
    start = text.index(exact)
    connection.execute(
        "INSERT INTO claim_checks (article_id, start_offset, end_offset, exact, state, note, "
        "modified) VALUES (1, ?, ?, ?, 'false', 'Not what the minutes say.', ?)",
        (start, start + len(exact), exact, WRITTEN),
    )
    connection.execute(
        "INSERT INTO annotation_cache (sha256, pipeline, data, used) VALUES (?, 'v0', ?, ?)",
        (sha256, zlib.compress(b'{"entities":[]}'), WRITTEN),
    )
    connection.execute("VACUUM")
    connection.close()
    print(f"wrote {TARGET.relative_to(Path.cwd())} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
