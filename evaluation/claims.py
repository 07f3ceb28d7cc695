"""How well the core finds check-worthy claims, on CheckThat! 2024 English.

Each labelled sentence (``checkworthy/`` in the shared corpus; see
``training/checkworthy.py``) goes through the English pipeline with the claim finder
(``reader.nlp.claims``) as one paragraph; it counts as check-worthy when a claim
overlaps it. Precision, recall and F1 of the "Yes" class are printed for dev and
dev-test, beside the rule "the sentence has a digit".

dev comes from the same debates as the training data; dev-test from later ones, so
it is the fairer picture of new text. Neither is used to train or tune the model
(``training/train_claims.py`` tunes on the latest debates of the training file).

Usage: ``python -m evaluation.claims [--data DIR] [--errors N]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from training.checkworthy import DEFAULT_DATA, Sentence, available, read_split

SPLITS = ("dev", "dev-test")


class Score:
    def __init__(self) -> None:
        self.true_positives = self.found = self.gold = 0

    def add(self, found: bool, gold: bool) -> None:
        self.found += found
        self.gold += gold
        self.true_positives += found and gold

    def line(self, label: str) -> str:
        precision = self.true_positives / max(self.found, 1)
        recall = self.true_positives / max(self.gold, 1)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return f"  {label:<22} precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}"


def has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.claims", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors per split")
    args = parser.parse_args(argv)
    if not available(args.data):
        print(f"CheckThat! data is not at {args.data}; nothing to evaluate.", file=sys.stderr)
        return 0

    from reader.nlp.claim_model import ClaimModel
    from reader.nlp.claims import CLAIMS_FACTORY, CLAIMS_KEY, ClaimFinder
    from reader.nlp.pipeline import load_pipeline
    from reader.nlp.version import claims_model_path

    path = claims_model_path()
    started = time.perf_counter()
    model = ClaimModel.load(path)
    load_seconds = time.perf_counter() - started
    print(
        f"model {path.name}: {path.stat().st_size / 1024:.0f} KiB, loaded in "
        f"{load_seconds * 1000:.0f} ms, threshold {model.threshold}"
    )
    nlp = load_pipeline()
    # The finder runs here unless the pipeline already has it.
    finder = None if CLAIMS_FACTORY in nlp.pipe_names else ClaimFinder(nlp, model=model)
    for split in SPLITS:
        sentences: list[Sentence] = read_split(args.data, split)
        ours, digit = Score(), Score()
        errors: list[str] = []
        started = time.perf_counter()
        for sentence, doc in zip(
            sentences, nlp.pipe((s.text for s in sentences), batch_size=128), strict=True
        ):
            if finder is not None:
                doc = finder(doc)
            claims = list(doc.spans[CLAIMS_KEY])
            found = bool(claims)
            ours.add(found, sentence.check_worthy)
            digit.add(has_digit(sentence.text), sentence.check_worthy)
            if found != sentence.check_worthy and len(errors) < args.errors:
                detail = (
                    f"{claims[0]._.claim_score:.2f} {list(claims[0]._.claim_reasons)}"
                    if claims
                    else "no claim"
                )
                label = "missed" if sentence.check_worthy else "extra "
                errors.append(f"    {label} {detail}: {sentence.text}")
        seconds = time.perf_counter() - started
        positives = sum(s.check_worthy for s in sentences)
        print(f"{split}: {len(sentences)} sentences, {positives} check-worthy, {seconds:.0f} s")
        print(ours.line("Marginalia"))
        print(digit.line("baseline: has a digit"))
        for error in errors:
            print(error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
