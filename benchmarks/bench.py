"""`make bench`: Marginalia's speed figures, each the median of repeated runs.

Prints, for a 1,000-word article (the bundled sample, repeated to length):
cold start to text painted and to highlights painted (a fresh process per run),
highlights when the same article is opened again with the model loaded, and the
core's annotation time with a warm pipeline. Budgets are in DESIGN.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from reader.importers import load_article
from reader.nlp.annotate import Annotator
from reader.paths import HOME_ENV, sample_article

WORDS = 1000


def thousand_word_article(folder: Path) -> Path:
    """The sample article's text repeated until it has WORDS words, as Markdown."""
    paragraphs = [
        load_article(sample_article()).text[p.start : p.end]
        for p in load_article(sample_article()).paragraphs
    ]
    body: list[str] = []
    while sum(len(p.split()) for p in body) < WORDS:
        body.append(paragraphs[len(body) % len(paragraphs)])
    path = folder / "thousand-words.md"
    path.write_text("# A thousand words\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return path


def window_cold_start(path: Path, home: Path) -> dict[str, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", HOME_ENV: str(home)}
    launched = time.time()
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.window_probe", repr(launched), str(path)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=180,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def annotate_warm(path: Path, runs: int) -> list[float]:
    annotator = Annotator()
    article = load_article(path)
    annotator.annotate(article)  # loads the pipeline
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        annotator.annotate(article)
        times.append(time.perf_counter() - start)
    return times


def describe(name: str, values: list[float], budget: str) -> str:
    median = statistics.median(values)
    spread = f"{min(values):.3f}–{max(values):.3f}"
    return f"{name:<44} {median:7.3f} s   (range {spread}, n={len(values)})   budget {budget}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cold starts to time (default 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        path = thousand_word_article(Path(folder))
        words = len(load_article(path).text.split())
        load = os.getloadavg()[0]
        print(f"Article: {words} words; load average {load:.2f}; {os.cpu_count()} CPUs")
        cold = [window_cold_start(path, home) for _ in range(args.runs)]
        print(describe("cold start to text painted", [c["text"] for c in cold], "1 s"))
        print(describe("cold start to highlights painted", [c["highlights"] for c in cold], "2 s"))
        print(
            describe(
                "open again, to highlights painted (warm)",
                [c["reopen_highlights"] for c in cold],
                "0.2 s",
            )
        )
        print(describe("annotate, warm pipeline (core only)", annotate_warm(path, 10), "-"))


if __name__ == "__main__":
    main()
