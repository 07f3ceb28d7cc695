"""The notes library's figures: re-attaching notes to edited articles, and speed.

``python -m benchmarks.notes`` prints:

- re-attaching: on real articles (the bundled sample, and the shared corpus's
  articles when it is beside the repository), a note on each of several sentences;
  each passage is then (a) moved by a sentence inserted before it and changed by one
  word inside it, or (b) deleted. Counted: notes placed on exactly the right passage,
  placed elsewhere (wrong), or orphaned (right only for deleted passages);
- a library of 10,000 notes on 100 articles: search time for several kinds of query
  (median and slowest of repeated runs; the budget is 50 ms), listing times, opening
  (with its integrity check), and ``marginalia notes list/search`` end to end.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from reader.anchoring import Anchor, anchor, describe
from reader.article import Article
from reader.importers import load_article
from reader.paths import HOME_ENV, sample_article
from reader.store import Library
from reader.store.library import fts_query

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
NOTES = 10_000
ARTICLES = 100
INSERTED = "This sentence was added in a later version of the article. "
# A sentence: from a non-space to a full stop (or ! or ?) that a space or the end follows.
_SENTENCE = re.compile(r"\S[^\n]*?[.!?][”\"’']?(?=\s|$)")
_WORD = re.compile(r"\b[A-Za-z]{4,}\b")
REPLACEMENTS = ["several", "important", "recently", "possibly", "notably", "officials"]


def real_articles() -> list[Article]:
    paths = [sample_article()]
    paths += sorted((CORPUS / "articles").glob("*.txt"))
    paths += sorted((CORPUS / "polnear" / "dev" / "text").glob("*.txt"))
    articles = []
    for path in paths:
        try:
            articles.append(load_article(path))
        except Exception as error:  # a corpus file the importer refuses is skipped
            print(f"  (skipped {path.name}: {error})")
    return articles


def sentences(text: str) -> Iterator[tuple[int, int]]:
    for match in _SENTENCE.finditer(text):
        if 30 <= match.end() - match.start() <= 300:
            yield match.start(), match.end()


def change_a_word(passage: str, rng: random.Random) -> str | None:
    words = list(_WORD.finditer(passage))
    if not words:
        return None
    word = rng.choice(words)
    replacement = rng.choice([r for r in REPLACEMENTS if r != word.group()])
    return passage[: word.start()] + replacement + passage[word.end() :]


def verdict(found: Anchor | None, expected: tuple[int, int]) -> str:
    if found is None:
        return "orphaned"
    return "right" if (found.start, found.end) == expected else "wrong"


def reattaching(articles: list[Article], per_article: int, seed: int) -> None:
    rng = random.Random(seed)
    alone: Counter[str] = Counter()
    together: Counter[str] = Counter()
    deleted: Counter[str] = Counter()
    for article in articles:
        text = article.text
        chosen = list(sentences(text))
        rng.shuffle(chosen)
        edits = []
        for start, end in sorted(chosen[:per_article]):
            quote, position = describe(text, start, end)
            changed = change_a_word(quote.exact, rng)
            if changed is not None:
                edits.append((start, end, quote, position, changed))
        # (a) one version per note: a sentence inserted just before it, a word changed in it
        for start, end, quote, position, changed in edits:
            new_text = text[:start] + INSERTED + changed + text[end:]
            expected = (start + len(INSERTED), start + len(INSERTED) + len(changed))
            alone[verdict(anchor(new_text, quote, position), expected)] += 1
            # (b) the passage deleted
            found = anchor(text[:start] + text[end:].lstrip(" "), quote, position)
            deleted["orphaned" if found is None else "wrong"] += 1
        # (c) one version with all of those edits at once
        pieces, places, done = [], [], 0
        for start, end, _, _, changed in edits:
            pieces += [text[done:start], INSERTED]
            at = sum(map(len, pieces))
            places.append((at, at + len(changed)))
            pieces.append(changed)
            done = end
        new_text = "".join([*pieces, text[done:]])
        for (_, _, quote, position, _), expected in zip(edits, places, strict=True):
            together[verdict(anchor(new_text, quote, position), expected)] += 1
    print(
        f"re-attaching on {len(articles)} real articles; each note's passage moved by a "
        "sentence inserted just before it and one word inside it changed:"
    )
    for name, counts in (("one edit per version", alone), ("all edits in one version", together)):
        total = sum(counts.values())
        print(
            f"  {name:<26} on the right passage {counts['right']}/{total}, "
            f"on a wrong one {counts['wrong']}, orphaned {counts['orphaned']}"
        )
    total = sum(deleted.values())
    print(
        f"  {'passage deleted instead':<26} orphaned {deleted['orphaned']}/{total}, "
        f"attached elsewhere {deleted['wrong']}"
    )


def build_library(home: Path, articles: list[Article], seed: int) -> list[Path]:
    """ARTICLES article files and NOTES notes, written through the library's own API."""
    rng = random.Random(seed)
    # Notes in the articles' own words: sentences cut at random.
    phrases = [a.text[s:e].split() for a in articles for s, e in sentences(a.text)]
    tags = ["follow up", "check", "quote", "numbers", "later", "source", "bias", "context"]
    files = []
    with Library.open() as library:
        # Building only: skip the fsync of every commit (the library itself never does).
        library._connection.execute("PRAGMA synchronous = OFF")
        for number in range(ARTICLES):
            base = articles[number % len(articles)]
            title = base.title or "An article"
            text = f"{title} ({number})\n\nCopy {number}.\n\n{base.text}"
            path = home / "articles" / f"article-{number:03}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            files.append(path)
            article = load_article(path)
            article_id = library.remember_article(article).id
            spans = list(sentences(article.text)) or [(0, min(50, len(article.text)))]
            for _ in range(NOTES // ARTICLES):
                start, end = rng.choice(spans)
                words = rng.choice(phrases)
                cut = rng.randrange(len(words))
                note = " ".join(words[cut : cut + rng.randint(3, 30)])
                library.add_highlight(
                    article_id,
                    start,
                    end,
                    color=rng.choice(["yellow", "red", "blue", "green", "purple"]),
                    note=note,
                    tags=rng.sample(tags, rng.randint(0, 2)),
                )
    return files


def timed(call: Callable[[], object], runs: int) -> list[float]:
    call()  # warm the page cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return times


def describe_times(name: str, times: list[float], budget: str = "") -> str:
    median, worst = statistics.median(times) * 1000, max(times) * 1000
    line = f"  {name:<46} median {median:7.1f} ms   slowest {worst:7.1f} ms   (n={len(times)})"
    return line + (f"   budget {budget}" if budget else "")


def speed(home: Path, articles: list[Article], runs: int, seed: int) -> None:
    started = time.perf_counter()
    files = build_library(home, articles, seed)
    with Library.open() as library:
        count = len(library.all_highlights())
        size = library.path.stat().st_size / 1e6
        print(
            f"library: {count} notes on {len(library.list_articles())} articles, "
            f"{size:.1f} MB (built in {time.perf_counter() - started:.0f} s)"
        )
        queries = {
            "the": "the",
            "said": "said",
            "clinton trump": "clinton trump",
            "tewkesbury": "tewkesbury",
            "elect*": "elect*",
            '"the campaign"': '"the campaign"',
            "numbers (a tag)": "numbers",
            "xylophonist (no match)": "xylophonist",
        }
        print("search (notes and article text: the best 50 notes and 20 articles):")
        for name, query in queries.items():
            matching = library._connection.execute(
                "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?", (fts_query(query),)
            ).fetchone()[0]
            label = f"{name}: {matching} notes match"
            print(describe_times(label, timed(lambda q=query: library.search(q), runs), "50 ms"))
        article_id = library.list_articles()[0].id
        print("listing:")
        print(describe_times("library view (100 articles)", timed(library.list_articles, runs)))
        print(
            describe_times(
                "one article's notes (100)",
                timed(lambda: library.highlights_for(article_id), runs),
            )
        )
    print("opening (with PRAGMA integrity_check):")
    print(describe_times("Library.open + close", timed(lambda: Library.open().close(), 10)))
    marginalia = Path(sys.executable).with_name("marginalia")
    env = {**os.environ, HOME_ENV: str(home)}

    def command(*args: str) -> Callable[[], object]:
        return lambda: subprocess.run(
            [str(marginalia), "notes", *args], env=env, capture_output=True, check=True
        )

    print("commands, end to end (a fresh process each run):")
    print(
        describe_times(
            "marginalia notes list PATH --json",
            timed(command("list", str(files[0]), "--json"), 5),
            "500 ms",
        )
    )
    print(
        describe_times(
            "marginalia notes search QUERY --json",
            timed(command("search", "flood", "--json"), 5),
            "500 ms",
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each query")
    parser.add_argument("--per-article", type=int, default=8, help="notes per real article")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    articles = real_articles()
    load = os.getloadavg()[0]
    print(f"load average {load:.2f}; {os.cpu_count()} CPUs")
    reattaching(articles, args.per_article, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        os.environ[HOME_ENV] = str(home)
        speed(home, articles, args.runs, args.seed)


if __name__ == "__main__":
    main()
