"""`make bench`: the window's and the pipeline's speed figures, in one run.

Everything is measured in the same run, so that the machine's load weighs on all
figures alike; each is the median of repeated runs with their range. Budgets are in
DESIGN.md ("Budgets").

- A 1,000-word article (the bundled sample, repeated to length): a cold start of the
  window (a fresh process and an empty library each time) to the text painted and to
  the highlights painted; the same article opened again in that window (from the
  annotation cache); a cold start with the article already in the cache.
- 100,000 words of real news (the PolNeAR articles of the shared corpus, in file
  order, until 100,000 words; their text is read, never copied): Marginalia's whole
  annotation (``Annotator.annotate``) against bare spaCy (``spacy.load`` of the same
  model, its default components, ``nlp.pipe`` over the same paragraphs), run in
  turns; then the window opening that document with the model loaded: the longest
  the UI thread did not answer (a timer ticking every few milliseconds) in each
  phase, and the peak resident memory.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.importers import load_article
from reader.paths import HOME_ENV, sample_article

SMALL_WORDS = 1000
LONG_WORDS = 100_000
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
LONG_SOURCE = CORPUS / "polnear" / "train" / "text"

# What the machine allows (measured on a quiet two-core machine, offscreen), to read
# the figures against.
PHYSICS = {
    "text": "a bare PySide6 window paints in ~0.4 s",
    "highlights": "import spaCy ~1 s + load the model ~0.5 s + annotate ~0.12 s",
    "words": "spaCy's small English pipeline ~5,700 words/s (NER alone ~10,000)",
}


def thousand_word_article(folder: Path) -> Path:
    """The sample article's text repeated until it has SMALL_WORDS words, as Markdown."""
    sample = load_article(sample_article())
    paragraphs = [sample.text[p.start : p.end] for p in sample.paragraphs]
    body: list[str] = []
    while sum(len(p.split()) for p in body) < SMALL_WORDS:
        body.append(paragraphs[len(body) % len(paragraphs)])
    path = folder / "thousand-words.md"
    path.write_text("# A thousand words\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return path


def long_document(folder: Path) -> Path | None:
    """LONG_WORDS words of real news from the shared corpus as one plain-text file
    (None when the corpus is absent)."""
    if not LONG_SOURCE.is_dir():
        return None
    texts: list[str] = []
    words = 0
    for path in sorted(LONG_SOURCE.glob("*.txt")):
        text = path.read_text(encoding="utf-8").strip()
        texts.append(text)
        words += len(text.split())
        if words >= LONG_WORDS:
            break
    path = folder / "hundred-thousand-words.txt"
    path.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    return path


def probe(*args: str, home: Path) -> dict[str, Any]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", HOME_ENV: str(home)}
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.window_probe", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise RuntimeError(f"window_probe {args[0]} failed:\n{result.stderr}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def window_start(path: Path, home: Path) -> dict[str, Any]:
    return probe("start", repr(time.time()), str(path), home=home)


@dataclass
class Timings:
    """Wall-clock and processor seconds of repeated runs."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def time(self, work: Callable[[], object]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        self.cpu.append(time.process_time() - cpu)
        self.wall.append(time.perf_counter() - wall)


def annotate_turns(path: Path, turns: int) -> tuple[Timings, Timings, int]:
    """Seconds for Marginalia's annotation and for bare spaCy, taken in turns; which of
    the two goes first alternates, so that a change in the machine's load between
    the two halves of a turn weighs on both alike."""
    import spacy

    from reader.nlp.annotate import Annotator
    from reader.nlp.version import installed_model

    article = load_article(path)
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    model = installed_model()
    assert model is not None, "no English pipeline is installed"
    bare = spacy.load(model)
    annotator = Annotator()
    annotator.annotate(load_article(sample_article()))  # both loaded and warm
    list(bare.pipe(paragraphs[:50]))
    ours, theirs = Timings(), Timings()

    def run_ours() -> None:
        annotator.annotate(article)

    def run_bare() -> None:
        for _doc in bare.pipe(paragraphs):
            pass

    for turn in range(turns):
        runs = [(theirs, run_bare), (ours, run_ours)]
        for timings, work in runs if turn % 2 == 0 else reversed(runs):
            timings.time(work)
    return ours, theirs, len(article.text.split())


def spread(values: list[float], unit: str = "s", scale: float = 1.0, digits: int = 3) -> str:
    median = statistics.median(values) * scale
    low, high = min(values) * scale, max(values) * scale
    return (
        f"{median:8.{digits}f} {unit:<3} (range {low:.{digits}f}–{high:.{digits}f}, "
        f"n={len(values)})"
    )


def line(name: str, figure: str, budget: str = "", note: str = "") -> None:
    text = f"  {name:<46} {figure}"
    if budget:
        text += f"   budget {budget}"
    if note:
        text += f"   [{note}]"
    print(text, flush=True)


def load_now() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}, {os.cpu_count()} CPUs"


def compile_sources() -> None:
    """Compile Marginalia's modules to bytecode, as installing it does. Run from the
    source tree with PYTHONDONTWRITEBYTECODE set (as here), every start would compile
    them all again: some 0.2 s that no installed copy spends."""
    root = Path(__file__).resolve().parents[1]
    for package in ("reader", "ui", "benchmarks"):
        compileall.compile_dir(root / package, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="window starts to time (5)")
    parser.add_argument("--turns", type=int, default=4, help="100,000-word turns (4)")
    parser.add_argument("--stall-runs", type=int, default=2, help="long-document windows (2)")
    parser.add_argument(
        "--only", choices=("window", "long"), help="only the 1,000-word window or 100,000 words"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    compile_sources()
    print(f"Marginalia speed figures; at the start: {load_now()}")
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if args.only != "long":
            report_window(folder, args.runs)
        if args.only != "window":
            long = long_document(folder)
            if long is None:
                print(f"\nThe shared corpus is not at {CORPUS}: no 100,000-word figures.")
            else:
                report_long(long, folder, args.turns, args.stall_runs)
    print(f"\nAt the end: {load_now()}; the benchmark took {time.perf_counter() - started:.0f} s")


def report_window(folder: Path, runs: int) -> None:
    small = thousand_word_article(folder)
    words = len(load_article(small).text.split())

    print(f"\nA {words}-word article, window offscreen:")
    cold = [window_start(small, folder / f"home-{run}") for run in range(runs)]
    line(
        "cold start to text painted",
        spread([c["text"] for c in cold]),
        "0.8 s",
        PHYSICS["text"],
    )
    line(
        "cold start to highlights painted",
        spread([c["highlights"] for c in cold]),
        "3 s",
        PHYSICS["highlights"],
    )
    line(
        "opened again: from the cache to highlights",
        spread([c["reopen"] for c in cold]),
        "0.3 s",
        "model used: " + ("yes" if any(c["reopen_used_model"] for c in cold) else "no"),
    )
    cached = [window_start(small, folder / "home-0") for _ in range(runs)]
    line("cold start, in the cache: text painted", spread([c["text"] for c in cached]))
    line(
        "cold start, in the cache: highlights painted",
        spread([c["highlights"] for c in cached]),
        "",
        "spaCy imported by then: "
        + ("yes" if any(c["spacy_imported_at_highlights"] for c in cached) else "no"),
    )


def report_long(path: Path, folder: Path, turns: int, stall_runs: int) -> None:
    ours, bare, words = annotate_turns(path, turns)
    print(f"\n{words:,} words of news (PolNeAR, shared corpus), annotation in turns:")
    line("bare spaCy (nlp.pipe, default components)", spread(bare.wall), "", PHYSICS["words"])
    line("Marginalia (Annotator.annotate)", spread(ours.wall))
    line("  words per second, bare spaCy", spread([words / t for t in bare.wall], "w/s", 1, 0))
    line("  words per second, Marginalia", spread([words / t for t in ours.wall], "w/s", 1, 0))
    ratios = [o / b for o, b in zip(ours.wall, bare.wall, strict=True)]
    line("Marginalia / bare spaCy (each turn)", spread(ratios, "x"), "1.25")
    # Processor time does not count the time the other programs on the machine took.
    cpu_ratios = [o / b for o, b in zip(ours.cpu, bare.cpu, strict=True)]
    line("  the same in processor time", spread(cpu_ratios, "x"))

    print(f"\nThe window opening those {words:,} words (model loaded, empty cache):")
    runs = [probe("stalls", str(path), home=folder / f"long-{run}") for run in range(stall_runs)]
    longest = [r["longest_whole"] for r in runs]
    line("longest UI stall, whole window", spread(longest, "ms", 1000, 0), "50 ms")
    for phase in runs[0]["longest"]:
        stalls = [r["longest"][phase] for r in runs]
        took = statistics.median(r["seconds"][phase] for r in runs)
        line(f"  {phase} (took {took:.1f} s)", spread(stalls, "ms", 1000, 0))
    line("peak resident memory", spread([r["peak_rss_mb"] for r in runs], "MB", 1, 0), "600 MB")


if __name__ == "__main__":
    main()
