"""Export speed: an article with 1,000 highlights, as File > Export does it.

``python -m benchmarks.export`` builds, in a temporary library, the bundled sample
article repeated until it has 1,000 sentences, annotates it once (not timed), puts
a highlight with a note and tags on each sentence, and then times:

- ``export_article``: the window's call, from the library to the files written
  (Markdown and JSON-LD, or Markdown only), over the previous export (so its notes
  are merged);
- its parts: gathering from the library, rendering the Markdown, the Web
  Annotations, and writing both files from data already gathered.

Each figure is the median and the slowest of repeated runs, with the median CPU
time of this process beside the wall time (on a machine busy with other work the
CPU time is the fairer figure); the first run, which also compiles the template, is
reported apart. The budget (DESIGN.md) is 0.2 s.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from reader.article import Article, ParagraphKind
from reader.export import (
    export_article,
    gather,
    render_markdown,
    web_annotations,
    write_export,
)
from reader.importers import load_article
from reader.paths import HOME_ENV, sample_article

HIGHLIGHTS = 1000
_SENTENCE = re.compile(r"\S[^\n]*?[.!?][”\"’']?(?=\s|$)")


def long_article() -> Article:
    """The sample article's paragraphs repeated until there are HIGHLIGHTS sentences."""
    sample = load_article(sample_article())
    paragraphs = [sample.text[p.start : p.end] for p in sample.paragraphs if p.kind == "paragraph"]
    blocks: list[tuple[str, ParagraphKind]] = []
    sentences = 0
    while sentences < HIGHLIGHTS:
        text = paragraphs[len(blocks) % len(paragraphs)]
        blocks.append((text, "paragraph"))
        sentences += len(_SENTENCE.findall(text))
    return Article.from_blocks(
        blocks,
        title=sample.title,
        url="https://example.org/news/flood-wall",
        source="https://example.org/news/flood-wall",
    )


Times = tuple[float, list[float], list[float]]


def timed(call: Callable[[], object], runs: int) -> Times:
    """The first run's wall time, then each later run's wall and CPU time."""
    start = time.perf_counter()
    call()
    first = time.perf_counter() - start
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return first, wall, cpu


def line(name: str, times: Times) -> str:
    first, wall, cpu = times
    return (
        f"  {name:<32} median {statistics.median(wall) * 1000:6.1f} ms "
        f"(CPU {statistics.median(cpu) * 1000:6.1f} ms)   slowest {max(wall) * 1000:6.1f} ms   "
        f"first {first * 1000:6.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-nlp", action="store_true", help="export without annotations")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ[HOME_ENV] = str(Path(folder) / "home")
        from reader.store import Library

        article = long_article()
        annotations = None
        if not args.no_nlp:
            from reader.nlp.annotate import Annotator

            annotations = Annotator().annotate(article)
        with Library.open() as library:
            article_id = library.remember_article(article).id
            spans = [m.span() for m in _SENTENCE.finditer(article.text)][:HIGHLIGHTS]
            for number, (start, end) in enumerate(spans):
                library.add_highlight(
                    article_id,
                    start,
                    end,
                    ("yellow", "red", "green", "blue")[number % 4],
                    f"Note {number}: check this against the council's figures.",
                    [f"topic-{number % 7}", "flood wall"],
                )
            output = Path(folder) / "export.md"
            export_article(library, article_id, annotations, output, ("md", "annotations"))
            text = output.read_text(encoding="utf-8")
            output.write_text(text.replace("%% begin notes %%\n", "%% begin notes %%\nMine.\n"))
            data = gather(library, article_id, annotations, article=article)
            print(
                f"Export of an article with {len(data.highlights)} highlights, "
                f"{len(article.text.split())} words, "
                f"{len(annotations.entities) if annotations else 0} entities, "
                f"{len(annotations.quotes) if annotations else 0} quotes "
                f"(median of {args.runs} runs; budget 200 ms):"
            )
            results = [
                (
                    "export_article (md + JSON-LD)",
                    timed(
                        lambda: export_article(
                            library, article_id, annotations, output, ("md", "annotations")
                        ),
                        args.runs,
                    ),
                ),
                (
                    "export_article (md only)",
                    timed(
                        lambda: export_article(library, article_id, annotations, output), args.runs
                    ),
                ),
                (
                    "  gather from the library",
                    timed(lambda: gather(library, article_id, annotations), args.runs),
                ),
                ("  render Markdown", timed(lambda: render_markdown(data), args.runs)),
                ("  Web Annotations", timed(lambda: web_annotations(data), args.runs)),
                (
                    "  write_export (md + JSON-LD)",
                    timed(lambda: write_export(data, output, ("md", "annotations")), args.runs),
                ),
            ]
            for name, times in results:
                print(line(name, times))
            assert "Mine." in output.read_text(encoding="utf-8")
            print(f"  Markdown: {output.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    main()
