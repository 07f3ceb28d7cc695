"""How well the HTML importer finds an article's body and title.

Runs ``load_article`` on each page of Mozilla Readability's test pages in the shared
corpus (``html/NAME/source.html``) and compares with what Firefox's Reader View keeps
(``expected.html``, ``expected-metadata.json``):

- body: word-overlap F1 between ``article.text`` and the text of ``expected.html``
  (words are runs of letters and digits, case-folded, counted with repetition);
- title: exact match with the expected title (both normalised as the importer
  normalises text, so a no-break space is a space).

Pages marked ``"readerable": false`` are not articles: they are listed but left out
of the summary. Usage: ``python -m evaluation.import_html [--corpus DIR]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from reader.importers import ImportFailure, load_article
from reader.importers.blocks import HTML, blocks_of
from reader.normalise import normalise_inline

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "html"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PageResult:
    name: str
    readerable: bool
    f1: float
    title_exact: bool
    title: str
    expected_title: str
    expected_empty: bool
    seconds: float
    error: str = ""


@dataclass(frozen=True)
class Summary:
    pages: int
    mean_f1: float
    titles_exact: int
    below_half: tuple[str, ...]


def word_f1(found: str, expected: str) -> float:
    """Token F1 between two texts (1.0 when both are empty)."""
    ours, theirs = _words(found), _words(expected)
    if not ours and not theirs:
        return 1.0
    shared = sum((ours & theirs).values())
    if not shared:
        return 0.0
    precision = shared / sum(ours.values())
    recall = shared / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.casefold()))


def expected_text(path: Path) -> str:
    """The text of ``expected.html`` as a browser lays it out: blocks apart, inline
    elements run together (so "《<a>科学</a>》" stays one word, as on screen)."""
    markup = path.read_text(encoding="utf-8")
    if not markup.strip():
        return ""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    return "\n".join(text for text, _kind in blocks_of(root, HTML))


def evaluate_page(folder: Path) -> PageResult:
    expected = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
    body = expected_text(folder / "expected.html")
    expected_title = normalise_inline(expected.get("title") or "")
    started = time.perf_counter()
    try:
        article = load_article(folder / "source.html")
        text, title, error = article.text, article.title, ""
    except ImportFailure as failure:
        text, title, error = "", "", str(failure)
    return PageResult(
        name=folder.name,
        readerable=bool(expected.get("readerable", True)),
        f1=word_f1(text, body),
        title_exact=title == expected_title,
        title=title,
        expected_title=expected_title,
        expected_empty=not body.strip(),
        seconds=time.perf_counter() - started,
        error=error,
    )


def evaluate(corpus: Path) -> list[PageResult]:
    folders = sorted(p for p in corpus.iterdir() if (p / "source.html").is_file())
    return [evaluate_page(folder) for folder in folders]


def summarise(results: Sequence[PageResult]) -> Summary:
    articles = [r for r in results if r.readerable]
    return Summary(
        pages=len(articles),
        mean_f1=sum(r.f1 for r in articles) / max(len(articles), 1),
        titles_exact=sum(r.title_exact for r in articles),
        below_half=tuple(r.name for r in articles if r.f1 < 0.5 and not r.expected_empty),
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="html/ folder")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"skipped: no HTML corpus at {args.corpus}", file=sys.stderr)
        return 0
    started = time.perf_counter()
    results = evaluate(args.corpus)
    print(f"{'page':34} {'article':7} {'F1':>6} {'title':5} {'s':>5}")
    for r in results:
        mark = "yes" if r.title_exact else "no"
        print(
            f"{r.name[:34]:34} {'yes' if r.readerable else 'no':7} {r.f1:6.3f} "
            f"{mark:5} {r.seconds:5.2f}"
        )
        if not r.title_exact and r.readerable:
            print(f"{'':36}title {r.title!r}\n{'':36}  not {r.expected_title!r}")
        if r.error:
            print(f"{'':36}{r.error}")
    summary = summarise(results)
    print(
        f"\n{summary.pages} articles: mean body F1 {summary.mean_f1:.3f}, "
        f"titles exact {summary.titles_exact}/{summary.pages}, "
        f"below 0.5: {', '.join(summary.below_half) or 'none'} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
