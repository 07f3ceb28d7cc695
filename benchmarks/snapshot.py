"""The pipeline's findings as JSON, to check that a speed-up changed none of them.

Writes ``Annotations.to_json()`` (keys sorted) for the shared article and for the
first ~20,000 words of the benchmark's news text into a folder. Run it on the
commit before a change and on the change, then compare the folders byte for byte::

    python -m benchmarks.snapshot /tmp/before   # on the old commit
    python -m benchmarks.snapshot /tmp/after
    cmp /tmp/before/shared.json /tmp/after/shared.json
    cmp /tmp/before/slice.json /tmp/after/slice.json
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from benchmarks.bench import CORPUS, long_document
from reader.importers import load_article
from reader.nlp.annotate import Annotator

SHARED_ARTICLE = CORPUS / "articles" / "000_f6c939476cc06028.txt"
SLICE_WORDS = 20_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="where to write shared.json and slice.json")
    folder = parser.parse_args().folder
    folder.mkdir(parents=True, exist_ok=True)
    annotator = Annotator()
    with tempfile.TemporaryDirectory() as temporary:
        long = long_document(Path(temporary))
        if long is None:
            raise SystemExit(f"The shared corpus is not at {CORPUS}.")
        text = long.read_text(encoding="utf-8")
        # The first SLICE_WORDS words, up to the end of the paragraph they end in.
        cut = text.find("\n\n", len(" ".join(text.split(" ")[:SLICE_WORDS])))
        sliced = Path(temporary) / "slice.txt"
        sliced.write_text(text[:cut] + "\n", encoding="utf-8")
        articles = {"shared": load_article(SHARED_ARTICLE), "slice": load_article(sliced)}
    for name, article in articles.items():
        found = annotator.annotate(article).to_json()
        (folder / f"{name}.json").write_text(json.dumps(found, sort_keys=True), encoding="utf-8")
        print(f"{name}: {len(article.text.split()):,} words -> {folder / name}.json")


if __name__ == "__main__":
    main()
