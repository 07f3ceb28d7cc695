"""Definitions' speed: the dictionary's first use (building its index) and later look-ups.

``python -m benchmarks.definitions`` prints, each as the median and range of
repeated runs:

- building WordNet's index from the packaged data files (what the first look-up
  on a fresh machine waits for; the window does it in a worker);
- ``marginalia define asylum --json`` on a fresh machine (a new, empty
  ``MARGINALIA_HOME``): start-up, index build and look-up;
- the same command once the index exists, and with ``--article`` on the shared
  article (acronym found from the text, no language model);
- one look-up in a running program (``Definer.lookup``, as the window's worker
  does it) for several kinds of term, in milliseconds.

No network: online look-ups are off throughout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reader.article import Article
from reader.definitions import Definer
from reader.definitions.dictionary import Dictionary
from reader.definitions.wordnet_index import INDEX_FILE, WordNetIndex, build_index
from reader.importers import load_source
from reader.nlp.acronyms import acronym_definitions
from reader.paths import HOME_ENV, sample_article
from reader.store import Library

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
SHARED_ARTICLE = CORPUS / "articles" / "000_f6c939476cc06028.txt"
MARGINALIA = Path(sys.executable).with_name("marginalia")

# (term, context sentence, whether to pass the article)
LOOKUPS = [
    ("asylum", "measures designed to stop asylum seekers crossing the English Channel", False),
    ("deportations", "", False),
    ("Reykjavik", "a Council of Europe meeting in Reykjavik", True),
    ("ECHR", "Mr Sunak will hold talks with the ECHR on reforms to Rule 39", True),
    ("bank", "The bank cut its lending to small firms as deposits fell.", False),
    ("run", "He will run for office again.", False),
    ("Rule 39", "reforms made to how Rule 39 works", True),
]


def timed(action: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def line(name: str, values: list[float], unit: str = "s") -> str:
    scale = 1000.0 if unit == "ms" else 1.0
    median = statistics.median(values) * scale
    spread = f"{min(values) * scale:.3f}–{max(values) * scale:.3f}"
    return f"{name:<58} {median:8.3f} {unit}   (range {spread}, n={len(values)})"


def command(home: Path, *args: str) -> None:
    environment = {**os.environ, HOME_ENV: str(home)}
    subprocess.run(
        [str(MARGINALIA), "define", *args, "--json"],
        env=environment,
        check=True,
        capture_output=True,
        timeout=300,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--builds", type=int, default=3, help="index builds to time")
    parser.add_argument("--commands", type=int, default=5, help="runs of each command")
    parser.add_argument("--lookups", type=int, default=200, help="runs of each look-up")
    args = parser.parse_args()
    article_path = SHARED_ARTICLE if SHARED_ARTICLE.is_file() else sample_article()
    print(f"Definitions (article: {article_path.name})")

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        index = root / "index" / INDEX_FILE
        builds = []
        for _ in range(args.builds):
            index.unlink(missing_ok=True)
            builds += timed(lambda: build_index(index), 1)
        print(line("building the WordNet index", builds))
        print(f"{'  index size':<58} {index.stat().st_size / 1e6:8.1f} MB")

        fresh = []
        for run in range(max(1, args.builds - 1)):
            home = root / f"fresh-{run}"
            fresh += timed(lambda home=home: command(home, "asylum"), 1)
        print(line("first `define asylum` on a fresh machine (with the build)", fresh))

        warm = root / "warm"
        (warm / "cache").mkdir(parents=True)
        os.link(index, warm / "cache" / INDEX_FILE)
        command(warm, "asylum")  # the library's first opening is not a look-up
        print(line("later `define asylum`", timed(lambda: command(warm, "asylum"), args.commands)))
        print(
            line(
                "later `define ECHR --article` (no language model)",
                timed(lambda: command(warm, "ECHR", "--article", str(article_path)), args.commands),
            )
        )

        os.environ[HOME_ENV] = str(warm)
        article = load_source(str(article_path))
        with WordNetIndex(index) as opened, Library.open() as library:
            definer = Definer.standard(library=library, dictionary=Dictionary(opened))
            library.set_glossary("Rule 39", "An interim measure of the ECHR.")
            for term, context, with_article in LOOKUPS:
                lookup = _lookup(definer, term, context, article if with_article else None)
                times = timed(lookup, args.lookups)
                print(line(f"look-up in a running program: {term}", times, unit="ms"))


def _lookup(
    definer: Definer, term: str, context: str, article: Article | None
) -> Callable[[], object]:
    text = article.text if article is not None else ""
    definitions = acronym_definitions(text) if text else []

    def run() -> object:
        return definer.lookup(term, context, article_text=text, definitions=definitions)

    return run


if __name__ == "__main__":
    main()
