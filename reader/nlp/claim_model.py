"""The check-worthiness model: features of a parsed sentence, and its score.

A logistic regression over two kinds of features, scored with a few lines of numpy:

- sparse features, hashed into ``2**bits`` buckets (CRC-32 of the feature string)
  and weighted by TF-IDF with L2 normalisation: word 1-2-grams, character 2-5-grams
  within words, word 1-3-grams with names, dates and numbers masked by their entity
  label ("<PERSON> said", "<PERCENT> of"), part-of-speech tag 1-3-grams, and the
  lemmas at the heads of the parse (the root, its subject, its object);
- dense features, standardised: the reason rules and the signs against a claim of
  ``reader.nlp.claim_reasons``, the share of each part of speech, tense and
  modality, the entity labels present, and the mean of the pipeline's token vectors
  (``doc.tensor``) over the sentence.

Each function takes the sentence as a spaCy ``Span``, or as the ``Stretch`` the claim
finder reads its doc's tokens into once (``reader.nlp.parsed``).

Masked names, tags and rules carry what makes a sentence check-worthy across
years and topics; the words alone learn the topics of the debates they were
trained on.

The model is a single compressed ``.npz`` of plain arrays (no pickled objects):
``sparse`` (weights per bucket, float16), ``idf`` (float16), ``dense_mean``,
``dense_std``, ``dense`` (float32), and ``scalars`` (bias, threshold, bits, tensor
width). ``training/train_claims.py`` writes it from the CheckThat! data; the app only
loads it.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path
from typing import AnyStr

import numpy as np
import numpy.typing as npt
from spacy.tokens import Span

from reader.nlp import claim_reasons
from reader.nlp.parsed import ParsedDoc, Stretch
from reader.nlp.version import claims_model_path

FloatArray = npt.NDArray[np.float32]

_WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?|[%$£€?!]")
_CHUNK = re.compile(r"\S+")
CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = (1, 2)
# Entity labels whose words are masked by the label in the "m:" features.
MASKED_ENTITIES = frozenset(
    """
    PERSON GPE ORG NORP DATE CARDINAL MONEY PERCENT QUANTITY LOC FAC EVENT LAW TIME
    ORDINAL
    """.split()
)
HEAD_DEPS = frozenset({"ROOT", "nsubj", "nsubjpass", "ccomp", "dobj", "aux", "neg", "mark"})

POS_TAGS = tuple(
    "ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X".split()
)
FINE_TAGS = tuple("VBD VBZ VBP VBN VBG VB MD JJR JJS RBR RBS CD PRP PRP$ WP WRB".split())
ENTITY_LABELS = tuple(
    """
    PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE DATE TIME PERCENT
    MONEY QUANTITY ORDINAL CARDINAL
    """.split()
)
DEP_LABELS = tuple(
    """
    nsubj nsubjpass ccomp xcomp advcl neg aux dobj pobj amod nummod compound poss mark relcl
    conj
    """.split()
)
# Rules, signs, length, parts of speech, tags, entities, dependencies.
DENSE_WIDTH = (
    len(claim_reasons.REASON_RULES)
    + len(claim_reasons.AGAINST_RULES)
    + 1
    + len(POS_TAGS)
    + len(FINE_TAGS)
    + len(ENTITY_LABELS)
    + len(DEP_LABELS)
)


def _masked(parsed: ParsedDoc, tokens: list[int]) -> list[str]:
    masked: list[str] = []
    for token in tokens:
        entity = parsed.ent_type[token]
        if entity in MASKED_ENTITIES:
            word = f"<{entity}>"
        elif parsed.like_num[token]:
            word = "<NUM>"
        else:
            word = parsed.lower[token]
        if word.startswith("<") and masked and masked[-1] == word:
            continue
        masked.append(word)
    return masked


def _ngrams(items: list[str], low: int, high: int) -> list[str]:
    return [
        " ".join(items[i : i + n]) for n in range(low, high + 1) for i in range(len(items) - n + 1)
    ]


def hashed_features(span: Span | Stretch, bits: int) -> dict[int, int]:
    """Bucket -> count of the sentence's sparse features (a word, a tag trigram …),
    each hashed into ``2**bits`` buckets (CRC-32 of the feature's string).

    Buckets are listed in the order their features first appear, so the sums over
    them (and the scores) come out the same on every run.
    """
    stretch = Stretch.of(span)
    parsed = stretch.parsed
    text = stretch.text.lower()
    tokens = stretch.non_space
    # Counter.update counts in C, adding keys in the order they come (as a loop would).
    counts: Counter[int] = Counter()
    _count(counts, "w:", _ngrams(_WORD.findall(text), *WORD_NGRAMS), bits)
    counts.update(chain.from_iterable(_chunk_buckets(c, bits) for c in _CHUNK.findall(text)))
    masked = _masked(parsed, tokens)
    _count(counts, "m:", (g for g in _ngrams(masked, 1, 3) if " " in g or g.startswith("<")), bits)
    tags = [parsed.tag[i] for i in tokens]
    _count(counts, "t:", _ngrams(tags, 1, 3), bits)
    _count(counts, "", _head_features(parsed, stretch.indices), bits)
    return counts


def _head_features(parsed: ParsedDoc, tokens: Iterable[int]) -> Iterator[str]:
    for token in tokens:
        dep = parsed.dep[token]
        if dep in HEAD_DEPS:
            pos = parsed.pos[token]
            lemma = pos if pos in {"PROPN", "NUM"} else parsed.lemma[token].lower()
            yield f"d:{dep}:{lemma}"
            yield f"h:{dep}:{parsed.lemma[parsed.head[token]].lower()}:{lemma}"


# The CRC-32 of the prefix of the character n-gram features ("c:"), carried on
# through each n-gram's (``zlib.crc32(gram, seed)`` is the CRC of "c:" + gram).
_CHAR_SEED = zlib.crc32(b"c:")


# Most of a sentence's features are its words' character n-grams, and news text
# uses the same words again and again: each word's buckets are worked out once.
@lru_cache(maxsize=1 << 14)
def _chunk_buckets(chunk: str, bits: int) -> tuple[int, ...]:
    padded = f" {chunk} "
    # The n-grams are of characters. Where each character is one byte (most words
    # of English news) they are slices of the encoded word, which costs less than
    # encoding each slice.
    if padded.isascii():
        grams = _char_ngrams(padded.encode())
    else:
        grams = [gram.encode() for gram in _char_ngrams(padded)]
    mask = (1 << bits) - 1
    return tuple([zlib.crc32(gram, _CHAR_SEED) & mask for gram in grams])


def _char_ngrams(padded: AnyStr) -> list[AnyStr]:
    low, high = CHAR_NGRAMS
    return [padded[i : i + n] for n in range(low, high + 1) for i in range(len(padded) - n + 1)]


def _count(counts: Counter[int], prefix: str, features: Iterable[str], bits: int) -> None:
    """Count the bucket of each of ``features`` written after ``prefix``: the CRC of
    the prefix is carried on through the feature's, instead of a string made anew
    for each feature."""
    mask = (1 << bits) - 1
    seed = zlib.crc32(prefix.encode())
    counts.update(zlib.crc32(feature.encode(), seed) & mask for feature in features)


def dense_features(
    span: Span | Stretch,
    reasons: Collection[str] | None = None,
    against: Collection[str] | None = None,
) -> list[float]:
    """The rules, signs and parse counts of a sentence (``DENSE_WIDTH`` numbers).

    ``reasons`` and ``against`` are the rules' findings (``claim_reasons.reasons_of``,
    ``against_of``) when the caller has them already; else they are worked out here.
    """
    stretch = Stretch.of(span)
    if reasons is None:
        reasons = claim_reasons.reasons_of(stretch)
    if against is None:
        against = claim_reasons.against_of(stretch)
    parsed = stretch.parsed
    tokens = stretch.non_space
    n = max(len(tokens), 1)
    values = [1.0 if name in reasons else 0.0 for name in claim_reasons.REASON_RULES]
    values += [1.0 if name in against else 0.0 for name in claim_reasons.AGAINST_RULES]
    values.append(float(np.log1p(n)) / 4)
    pos = [parsed.pos[i] for i in tokens]
    tags = [parsed.tag[i] for i in tokens]
    deps = [parsed.dep[i] for i in tokens]
    values += [pos.count(p) / n for p in POS_TAGS]
    values += [min(tags.count(t), 3) / 3 for t in FINE_TAGS]
    labels = stretch.entity_labels
    values += [1.0 if label in labels else 0.0 for label in ENTITY_LABELS]
    values += [min(deps.count(d), 3) / 3 for d in DEP_LABELS]
    return values


def mean_vector(span: Span, width: int) -> FloatArray:
    """The mean of the pipeline's token vectors over the span (zeros without them)."""
    tensor = span.doc.tensor
    if (
        width == 0
        or tensor is None
        or len(span) == 0
        or getattr(tensor, "shape", (0, 0))[-1] != width
    ):
        return np.zeros(width, dtype=np.float32)
    rows = np.asarray(tensor[span.start : span.end], dtype=np.float32)
    return rows.mean(axis=0) if len(rows) else np.zeros(width, dtype=np.float32)


def tfidf(counts: dict[int, int], idf: FloatArray) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Sublinear TF-IDF with L2 normalisation: (buckets, values)."""
    buckets = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
    tf = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
    values = (1.0 + np.log(tf)) * idf[buckets]
    norm = float(np.sqrt(np.dot(values, values)))
    return buckets, (values / norm if norm > 0 else values).astype(np.float32)


@dataclass(frozen=True)
class ClaimModel:
    sparse: FloatArray  # weight per hashed bucket
    idf: FloatArray  # inverse document frequency per bucket
    dense_mean: FloatArray
    dense_std: FloatArray
    dense: FloatArray  # weights of the standardised dense features (rules, then vector)
    bias: float
    # A sentence scoring at least this is a claim.
    threshold: float
    bits: int
    # Width of the token vectors the model was trained with (0: none).
    vector_width: int

    def features(
        self,
        span: Span | Stretch,
        reasons: Collection[str] | None = None,
        against: Collection[str] | None = None,
    ) -> tuple[npt.NDArray[np.int64], FloatArray, FloatArray]:
        """(buckets, TF-IDF values, standardised dense features) of a sentence;
        ``reasons`` and ``against`` as for ``dense_features``."""
        stretch = Stretch.of(span)
        buckets, values = tfidf(hashed_features(stretch, self.bits), self.idf)
        dense = np.concatenate(
            [
                np.asarray(dense_features(stretch, reasons, against), dtype=np.float32),
                mean_vector(stretch.span, self.vector_width),
            ]
        )
        return buckets, values, ((dense - self.dense_mean) / self.dense_std).astype(np.float32)

    def score(
        self,
        span: Span | Stretch,
        reasons: Collection[str] | None = None,
        against: Collection[str] | None = None,
    ) -> float:
        """The probability that the sentence is check-worthy, in [0, 1]; ``reasons``
        and ``against`` as for ``dense_features``."""
        buckets, values, dense = self.features(span, reasons, against)
        z = (
            float(np.dot(self.sparse[buckets], values))
            + float(np.dot(self.dense, dense))
            + self.bias
        )
        return float(1.0 / (1.0 + np.exp(-z)))

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            sparse=self.sparse.astype(np.float16),
            idf=self.idf.astype(np.float16),
            dense_mean=self.dense_mean.astype(np.float32),
            dense_std=self.dense_std.astype(np.float32),
            dense=self.dense.astype(np.float32),
            scalars=np.array(
                [self.bias, self.threshold, self.bits, self.vector_width], dtype=np.float64
            ),
        )

    @classmethod
    def load(cls, path: Path) -> ClaimModel:
        with np.load(path, allow_pickle=False) as data:
            bias, threshold, bits, width = (float(x) for x in data["scalars"])
            return cls(
                sparse=data["sparse"].astype(np.float32),
                idf=data["idf"].astype(np.float32),
                dense_mean=data["dense_mean"].astype(np.float32),
                dense_std=data["dense_std"].astype(np.float32),
                dense=data["dense"].astype(np.float32),
                bias=bias,
                threshold=threshold,
                bits=int(bits),
                vector_width=int(width),
            )


@lru_cache(maxsize=1)
def load_shipped_model() -> ClaimModel:
    """The model that ships with Marginalia, loaded once."""
    path = claims_model_path()
    if not path.is_file():
        raise FileNotFoundError(
            f"The claims model {path} is missing; rebuild it with `make train-claims`."
        )
    return ClaimModel.load(path)
