"""Write notes in a loop through the real library, saying so once each call returned.

``test_store_crash.py`` runs this and kills it with SIGKILL at random moments. Each
round adds a note (prints ``A id``), then edits it (prints ``E id``); a line is only
printed after the call that made the change has returned. Run with MARGINALIA_HOME set.
"""

from __future__ import annotations

import sys

from reader.article import Article
from reader.store import Library

PARAGRAPHS = [
    "Work on a long-promised flood wall to protect Tewkesbury from the River Severn has "
    "been delayed for a third time, after the estimated cost rose to £48m.",
    "About 1,400 homes and 230 businesses sit inside the area the wall is meant to protect.",
]


def main() -> None:
    article = Article.from_blocks(
        [(text, "paragraph") for text in PARAGRAPHS], title="Crash test", source=sys.argv[1]
    )
    with Library.open() as library:
        article_id = library.remember_article(article).id
        print("ready", flush=True)
        number = 0
        while True:
            start = (number * 7) % (len(article.text) - 40)
            highlight = library.add_highlight(
                article_id, start, start + 30, note=f"note {number}", tags=[f"round {number % 5}"]
            )
            print(f"A {highlight.id}", flush=True)
            library.update_highlight(highlight.id, note=f"edited {highlight.id}")
            print(f"E {highlight.id}", flush=True)
            number += 1


if __name__ == "__main__":
    main()
