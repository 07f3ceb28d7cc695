"""Write ``library-v2.sqlite``: a small library in schema version 2, as released.

Run from the repository root: ``.venv/bin/python tests/reader/data/make_library_v2.py``.
The file is kept in the repository and only regenerated on purpose; the tests copy it
and migrate the copy to the latest schema. It holds two articles, four highlights
with tags as rows (one orphaned), a colour the reader renamed, text outside ASCII,
the full-text indexes the triggers keep, and one entry in the undo log.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from reader.anchoring import describe
from reader.article import Article
from reader.store.migrations import migrate

HERE = Path(__file__).resolve().parent
TARGET = HERE / "library-v2.sqlite"
OPENED = "2025-02-03T10:00:00.000000+00:00"

FIRST = Article.from_blocks(
    [
        ("Sunak to press Strasbourg court on Rule 39", "heading"),
        (
            "Rishi Sunak will hold talks with the European Court of Human Rights (ECHR) "
            "on reforms to Rule 39, which stopped the first deportation flight.",
            "paragraph",
        ),
        ("“Il faut agir,” said a French délégué at the Council of Europe.", "paragraph"),
    ],
    title="Sunak to press Strasbourg court on Rule 39",
    source="/library/articles/rule-39.md",
)
SECOND = Article.from_blocks(
    [("Asylum applications rose by a fifth in the year to March.", "paragraph")],
    source="https://news.example.org/asylum-figures",
    url="https://news.example.org/asylum-figures",
)

# (article, passage, colour, note, tags)
HIGHLIGHTS = [
    (FIRST, "Rule 39", "yellow", "What exactly is Rule 39?", ["law", "to check"]),
    (FIRST, "délégué", "blue", "Which delegation?", []),
    (SECOND, "rose by a fifth", "red", "Source of the figure?", ["numbers"]),
]


def main() -> None:
    TARGET.unlink(missing_ok=True)
    connection = sqlite3.connect(TARGET, isolation_level=None)
    connection.execute("PRAGMA page_size = 1024")
    migrate(connection, TARGET, target=2)
    connection.execute("UPDATE highlight_colors SET name = 'Evidence' WHERE key = 'yellow'")
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
    for article, passage, color, note, tags in HIGHLIGHTS:
        start = article.text.index(passage)
        quote, _ = describe(article.text, start, start + len(passage))
        cursor = connection.execute(
            "INSERT INTO highlights (article_id, exact, prefix, suffix, start_offset, "
            "end_offset, anchored_sha256, status, color, note, created, modified) "
            "VALUES (:article, :exact, :prefix, :suffix, :start, :end, :sha256, 'attached', "
            ":color, :note, :opened, :opened)",
            {
                "article": 1 if article is FIRST else 2,
                "exact": quote.exact,
                "prefix": quote.prefix,
                "suffix": quote.suffix,
                "start": start,
                "end": start + len(passage),
                "sha256": article.sha256,
                "color": color,
                "note": note,
                "opened": OPENED,
            },
        )
        for tag in tags:
            connection.execute(
                "INSERT INTO highlight_tags (highlight_id, tag) VALUES (?, ?)",
                (cursor.lastrowid, tag),
            )
    # A highlight whose passage the article lost in an earlier version.
    connection.execute(
        "INSERT INTO highlights (article_id, exact, prefix, suffix, start_offset, end_offset, "
        "anchored_sha256, status, color, note, created, modified) VALUES "
        "(1, 'a passage that is gone', 'Text before ', ' and after.', 5, 27, ?, 'orphaned', "
        "'green', 'Kept although its passage is gone', ?, ?)",
        (FIRST.sha256, OPENED, OPENED),
    )
    connection.execute(
        "INSERT INTO undo_log (at, description, inverse) VALUES (?, 'rename colour', ?)",
        (OPENED, json.dumps({"rename_color": ["yellow", "Key point"]})),
    )
    connection.execute("VACUUM")
    connection.close()
    print(f"wrote {TARGET.relative_to(Path.cwd())} ({TARGET.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
