"""Write ``library-v1.sqlite``: a small library in schema version 1, as released.

Run from the repository root: ``.venv/bin/python tests/reader/data/make_library_v1.py``.
The file is kept in the repository and only regenerated on purpose; the tests copy it
and migrate the copy to the latest schema. It holds two articles and five highlights:
tags in v1's JSON column, a colour that v2's defaults lack, an orphaned highlight,
and text outside ASCII.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reader.anchoring import describe
from reader.article import Article
from reader.store.migrations import migrate

HERE = Path(__file__).resolve().parent
TARGET = HERE / "library-v1.sqlite"
OPENED = "2024-05-01T09:30:00.000000+00:00"

FIRST = Article.from_blocks(
    [
        ("Flood wall delayed again", "heading"),
        (
            "Work on a long-promised flood wall to protect Tewkesbury from the River "
            "Severn has been delayed for a third time, after the estimated cost rose "
            "to £48m.",
            "paragraph",
        ),
        (
            "“We have waited long enough,” said Ms Ørsted, who chairs the residents’ "
            "group. The council said work could not begin before the spring of 2026.",
            "paragraph",
        ),
    ],
    title="Flood wall delayed again",
    source="/library/articles/flood-wall.md",
)
SECOND = Article.from_blocks(
    [("The minister said the plan would be reviewed in the autumn.", "paragraph")],
    source="https://news.example.org/plan-review",
    url="https://news.example.org/plan-review",
)

# (article, passage, colour, note, tags)
HIGHLIGHTS = [
    (FIRST, "delayed for a third time", "yellow", "Third delay since 2019.", ["flood", "dates"]),
    (FIRST, "£48m", "red", "Up from **£31m** in the first estimate?", ["money"]),
    (FIRST, "We have waited long enough", "orange", "Résident’s quote", []),
    (SECOND, "reviewed in the autumn", "blue", "", ["Follow-up", "plan"]),
]


def main() -> None:
    TARGET.unlink(missing_ok=True)
    connection = sqlite3.connect(TARGET, isolation_level=None)
    connection.execute("PRAGMA page_size = 1024")
    migrate(connection, TARGET, target=1)
    ids = {}
    for number, article in enumerate((FIRST, SECOND), start=1):
        paragraphs = json.dumps([[p.start, p.end, p.kind] for p in article.paragraphs])
        connection.execute(
            "INSERT INTO articles (id, sha256, title, url, source, text, paragraphs, "
            "first_opened, last_opened) VALUES (:id, :sha256, :title, :url, :source, :text, "
            ":paragraphs, :opened, :opened)",
            {
                "id": number,
                "sha256": article.sha256,
                "title": article.title,
                "url": article.url,
                "source": article.source,
                "text": article.text,
                "paragraphs": paragraphs,
                "opened": OPENED,
            },
        )
        connection.execute(
            "INSERT INTO article_locations (location, article_id) VALUES (?, ?)",
            (article.source, number),
        )
        ids[article.sha256] = number
    for article, passage, color, note, tags in HIGHLIGHTS:
        start = article.text.index(passage)
        quote, _ = describe(article.text, start, start + len(passage))
        connection.execute(
            "INSERT INTO highlights (article_id, exact, prefix, suffix, start_offset, "
            "end_offset, anchored_sha256, status, color, note, tags, created, modified) "
            "VALUES (:article, :exact, :prefix, :suffix, :start, :end, :sha256, 'attached', "
            ":color, :note, :tags, :opened, :opened)",
            {
                "article": ids[article.sha256],
                "exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
                "start": start,
                "end": start + len(passage),
                "sha256": article.sha256,
                "color": color,
                "note": note,
                "tags": json.dumps(tags),
                "opened": OPENED,
            },
        )
    # A highlight whose passage the article lost in an earlier version.
    connection.execute(
        "INSERT INTO highlights (article_id, exact, prefix, suffix, start_offset, end_offset, "
        "anchored_sha256, status, color, note, tags, created, modified) VALUES "
        "(1, 'a passage that is gone', 'Text before ', ' and after.', 5, 27, ?, 'orphaned', "
        "'green', 'Kept although its passage is gone', '[\"orphan\"]', ?, ?)",
        (FIRST.sha256, OPENED, OPENED),
    )
    connection.execute("VACUUM")
    connection.close()
    print(f"wrote {TARGET.relative_to(Path.cwd())} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
