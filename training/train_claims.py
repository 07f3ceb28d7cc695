"""Train the check-worthiness model shipped as ``reader/nlp/data/claims.npz``.

Data: CheckThat! 2024 English (``checkworthy/`` in the shared corpus; see
``training/checkworthy.py``). Features: ``reader.nlp.claim_model`` on the parse of
the English pipeline, so training and the app compute them with the same code.

The model is an L2-regularised logistic regression with balanced class weights,
fitted with L-BFGS in numpy (no other dependency). Choosing its settings:

- dev and the training file come from the same debates (1960-2016), and dev-test
  from later ones (2020), with other topics and more check-worthy sentences
  (34% against 24%). Settings tuned on dev follow dev's calibration, and a
  threshold tuned there is too strict on newer text (and news is newer still).
- So the regularisation ``C``, the weight of the dense features and the threshold
  are chosen on a split by time inside the training file: the sentences of the
  latest debates in it (``Sentence_id`` >= 30000, the 2016 debates) are held out,
  and the model fitted on the earlier ones. The winner is then refitted on the whole
  training file. dev and dev-test are only reported, never used for a choice.

Usage: ``python -m training.train_claims [--data DIR] [--out FILE] [--cache FILE]``.
It takes about five minutes on two cores, most of it parsing; ``--cache`` keeps the
features of a run so that a second run skips the parsing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from reader.nlp.claim_model import (
    ClaimModel,
    dense_features,
    hashed_features,
    mean_vector,
)
from reader.nlp.version import CLAIMS_MODEL_FILE
from training.checkworthy import DEFAULT_DATA, Sentence, available, read_split

BITS = 18
# The training file's sentences of the latest debates (2016), held out to tune on.
LATEST_DEBATES = 30000
C_GRID = (1.0, 3.0)
DENSE_SCALE_GRID = (0.3,)
THRESHOLDS = np.round(np.arange(0.2, 0.81, 0.02), 2)
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "reader" / "nlp" / "data" / CLAIMS_MODEL_FILE

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass
class Features:
    """One split's features: counts per hashed bucket (sparse rows) and dense rows."""

    row: Ints  # row of each non-zero
    bucket: Ints
    count: Floats
    dense: Floats
    labels: npt.NDArray[np.bool_]
    ids: Ints

    @property
    def n(self) -> int:
        return len(self.labels)

    def subset(self, keep: npt.NDArray[np.bool_]) -> Features:
        new_row = np.cumsum(keep) - 1
        nonzero = keep[self.row]
        return Features(
            new_row[self.row[nonzero]],
            self.bucket[nonzero],
            self.count[nonzero],
            self.dense[keep],
            self.labels[keep],
            self.ids[keep],
        )


def featurize(sentences: Sequence[Sentence], nlp: object, vector_width: int) -> Features:
    rows: list[int] = []
    buckets: list[int] = []
    counts: list[int] = []
    dense: list[npt.NDArray[np.float32]] = []
    texts = (s.text for s in sentences)
    for index, doc in enumerate(nlp.pipe(texts, batch_size=256)):  # type: ignore[attr-defined]
        span = doc[:]
        hashed = hashed_features(span, BITS)
        rows.extend([index] * len(hashed))
        buckets.extend(hashed.keys())
        counts.extend(hashed.values())
        dense.append(
            np.concatenate(
                [np.asarray(dense_features(span), np.float32), mean_vector(span, vector_width)]
            )
        )
        if index % 2000 == 0:
            print(f"  parsed {index}/{len(sentences)}", file=sys.stderr, flush=True)
    return Features(
        np.array(rows, np.int64),
        np.array(buckets, np.int64),
        np.array(counts, np.float64),
        np.array(dense, np.float64),
        np.array([s.check_worthy for s in sentences]),
        np.array([s.id for s in sentences], np.int64),
    )


def idf_of(train: Features) -> Floats:
    """Smoothed inverse document frequency per bucket (as scikit-learn computes it)."""
    df = np.bincount(train.bucket, minlength=1 << BITS)  # one entry per (row, bucket)
    return np.log((1 + train.n) / (1 + df)) + 1


def tfidf_values(features: Features, idf: Floats) -> Floats:
    values = (1 + np.log(features.count)) * idf[features.bucket]
    norms = np.sqrt(np.bincount(features.row, weights=values * values, minlength=features.n))
    return values / np.maximum(norms[features.row], 1e-12)


@dataclass
class Fitted:
    sparse: Floats
    dense: Floats
    bias: float

    def scores(self, features: Features, values: Floats, dense: Floats) -> Floats:
        z = np.bincount(
            features.row, weights=values * self.sparse[features.bucket], minlength=features.n
        )
        return 1 / (1 + np.exp(-(z + dense @ self.dense + self.bias)))


def fit(features: Features, values: Floats, dense: Floats, c: float) -> Fitted:
    """L2-regularised logistic regression, classes weighted to balance, by L-BFGS."""
    y = features.labels.astype(np.float64)
    positive_weight = (y == 0).sum() / max((y == 1).sum(), 1)
    weight = np.where(y == 1, positive_weight, 1.0)
    dim = 1 << BITS
    width = dense.shape[1]

    def loss_and_gradient(theta: Floats) -> tuple[float, Floats]:
        sparse, dense_w, bias = theta[:dim], theta[dim : dim + width], theta[-1]
        z = (
            np.bincount(
                features.row, weights=values * sparse[features.bucket], minlength=features.n
            )
            + dense @ dense_w
            + bias
        )
        p = 1 / (1 + np.exp(-z))
        loss = float(np.sum(weight * (np.logaddexp(0, z) - y * z)))
        loss += 0.5 / c * float(sparse @ sparse + dense_w @ dense_w)
        residual = weight * (p - y)
        gradient = np.concatenate(
            [
                np.bincount(features.bucket, weights=values * residual[features.row], minlength=dim)
                + sparse / c,
                dense.T @ residual + dense_w / c,
                [residual.sum()],
            ]
        )
        return loss, gradient

    theta = lbfgs(loss_and_gradient, np.zeros(dim + width + 1))
    return Fitted(theta[:dim], theta[dim : dim + width], float(theta[-1]))


def lbfgs(
    function: Callable[[Floats], tuple[float, Floats]],
    x: Floats,
    iterations: int = 400,
    memory: int = 10,
    tolerance: float = 1e-7,
) -> Floats:
    """Minimise a smooth convex function: limited-memory BFGS, backtracking line search."""
    loss, gradient = function(x)
    steps: list[Floats] = []
    changes: list[Floats] = []
    for _ in range(iterations):
        direction = -gradient
        alphas = []
        for s, y in zip(reversed(steps), reversed(changes), strict=True):
            alpha = (s @ -direction) / (y @ s)
            alphas.append(alpha)
            direction = direction + alpha * y
        if steps:
            direction *= (steps[-1] @ changes[-1]) / (changes[-1] @ changes[-1])
        for (s, y), alpha in zip(zip(steps, changes, strict=True), reversed(alphas), strict=True):
            beta = (y @ -direction) / (y @ s)
            direction = direction - s * (alpha - beta)
        slope = gradient @ direction
        if slope >= 0:
            direction, slope = -gradient, -(gradient @ gradient)
        step = 1.0 if steps else 1.0 / max(float(np.linalg.norm(gradient)), 1e-12)
        while True:
            new_x = x + step * direction
            new_loss, new_gradient = function(new_x)
            if new_loss <= loss + 1e-4 * step * slope or step < 1e-12:
                break
            step /= 2
        s, y = new_x - x, new_gradient - gradient
        if s @ y > 1e-12:
            steps.append(s)
            changes.append(y)
            if len(steps) > memory:
                steps.pop(0)
                changes.pop(0)
        converged = abs(loss - new_loss) < tolerance * max(1.0, abs(loss))
        x, loss, gradient = new_x, new_loss, new_gradient
        if converged:
            break
    return x


def prf(
    predicted: npt.NDArray[np.bool_], gold: npt.NDArray[np.bool_]
) -> tuple[float, float, float]:
    true_positives = int(np.sum(predicted & gold))
    precision = true_positives / max(int(predicted.sum()), 1)
    recall = true_positives / max(int(gold.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class Standardiser:
    def __init__(self, train: Floats) -> None:
        self.mean = train.mean(axis=0)
        self.std = train.std(axis=0) + 1e-6

    def __call__(self, dense: Floats) -> Floats:
        standardised: Floats = (dense - self.mean) / self.std
        return standardised


def tune(train: Features) -> tuple[float, float, float]:
    """(C, dense scale, threshold) with the best F1 on the latest debates."""
    latest = train.ids >= LATEST_DEBATES
    fit_part, held_out = train.subset(~latest), train.subset(latest)
    idf = idf_of(fit_part)
    standardise = Standardiser(fit_part.dense)
    fit_values, held_values = tfidf_values(fit_part, idf), tfidf_values(held_out, idf)
    best = (-1.0, 0.0, 0.0, 0.5)
    print(
        f"tuning on the latest debates in the training file: fitted on {fit_part.n}, "
        f"held out {held_out.n}"
    )
    for c in C_GRID:
        for scale in DENSE_SCALE_GRID:
            fitted = fit(fit_part, fit_values, standardise(fit_part.dense) * scale, c)
            scores = fitted.scores(held_out, held_values, standardise(held_out.dense) * scale)
            f1s = [prf(scores >= t, held_out.labels)[2] for t in THRESHOLDS]
            index = int(np.argmax(f1s))
            print(
                f"  C {c:<4} dense x{scale:<4} F1 {f1s[index]:.3f} at threshold {THRESHOLDS[index]}"
            )
            if f1s[index] > best[0]:
                best = (f1s[index], c, scale, float(THRESHOLDS[index]))
    return best[1], best[2], best[3]


def train_model(
    train: Features, c: float, scale: float, threshold: float, width: int
) -> ClaimModel:
    idf = idf_of(train)
    standardise = Standardiser(train.dense)
    fitted = fit(train, tfidf_values(train, idf), standardise(train.dense) * scale, c)
    return ClaimModel(
        sparse=fitted.sparse.astype(np.float32),
        idf=idf.astype(np.float32),
        dense_mean=standardise.mean.astype(np.float32),
        dense_std=standardise.std.astype(np.float32),
        dense=(fitted.dense * scale).astype(np.float32),
        bias=fitted.bias,
        threshold=threshold,
        bits=BITS,
        vector_width=width,
    )


def save_cache(path: Path, splits: dict[str, Features]) -> None:
    arrays = {}
    for name, f in splits.items():
        for field in ("row", "bucket", "count", "dense", "labels", "ids"):
            arrays[f"{name}.{field}"] = getattr(f, field)
    np.savez_compressed(path, **arrays)


def load_cache(path: Path) -> dict[str, Features]:
    with np.load(path, allow_pickle=False) as data:
        names = {key.split(".")[0] for key in data.files}
        return {
            name: Features(
                *(
                    data[f"{name}.{field}"]
                    for field in ("row", "bucket", "count", "dense", "labels", "ids")
                )
            )
            for name in names
        }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m training.train_claims", description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--cache", type=Path, help="features of a previous run (made if absent)")
    args = parser.parse_args(argv)
    if not available(args.data):
        print(f"The CheckThat! data is not at {args.data}; nothing to train.", file=sys.stderr)
        return 1
    started = time.perf_counter()
    from reader.nlp.pipeline import load_pipeline

    nlp = load_pipeline()
    # The width of the token vectors (doc.tensor) the pipeline gives.
    width = int(nlp("Width.").tensor.shape[-1])
    if args.cache is not None and args.cache.is_file():
        splits = load_cache(args.cache)
    else:
        ours = [name for name in nlp.pipe_names if name.startswith("marginalia")]
        splits = {}
        with nlp.select_pipes(disable=ours):
            for split in ("train", "dev", "dev-test"):
                print(f"parsing {split}", file=sys.stderr, flush=True)
                splits[split] = featurize(read_split(args.data, split), nlp, width)
        if args.cache is not None:
            save_cache(args.cache, splits)
    train = splits["train"]
    c, scale, threshold = tune(train)
    print(f"chosen: C {c}, dense x{scale}, threshold {threshold}")
    model = train_model(train, c, scale, threshold, width)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    shipped = ClaimModel.load(args.out)  # scored as shipped: half-precision weights
    for split in ("dev", "dev-test"):
        f = splits[split]
        fitted = Fitted(
            shipped.sparse.astype(np.float64), shipped.dense.astype(np.float64), shipped.bias
        )
        dense = (f.dense - shipped.dense_mean) / shipped.dense_std
        scores = fitted.scores(f, tfidf_values(f, shipped.idf.astype(np.float64)), dense)
        p, r, f1 = prf(scores >= threshold, f.labels)
        print(
            f"{split:<9} (whole sentence, model alone) precision {p:.3f} recall {r:.3f} F1 {f1:.3f}"
        )
    print(f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
