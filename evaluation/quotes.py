"""How well the core finds quotations and their speakers, on PolNeAR.

PolNeAR (``polnear/`` in the shared corpus; its README explains it) annotates every
attribution in US political news: the source, the cue and the content, in brat
standoff files (``T`` lines with character offsets, ``;`` between the pieces of a
discontinuous span, ``E`` lines tying a source, cue and content together). Some
texts were annotated twice; the first ``.ann`` file (by name) is used.

Gold quotes: the quotations of the text (double marks paired in each line by a
plain rule of its own, independent of the core's: a quote still open at the end of
its line ends there, as each paragraph of a quote over several paragraphs does)
that lie inside the content of an attribution that has a source: at least half of
the quotation's characters inside one such content. Its speaker is that source.

Scoring is by paragraph piece: a quote of ours that runs over several paragraphs
counts as one piece per paragraph, as the gold does.

- A found piece matches a gold one when they overlap by at least half their union
  (one to one, best overlap first).
- Precision is over the found pieces that name a speaker, recall over the gold
  ones, both counting only matches by a piece with a speaker; "found" recall also
  counts pieces without one.
- Speaker accuracy is over the matched pieces: the speaker is right when its words,
  the words a pronoun stands for, or any mention of the entity it resolves to
  overlap the gold source.

The baseline pairs the same marks with a regular expression in each paragraph and
names the nearest person the entity recogniser found in that paragraph.

Usage: ``python -m evaluation.quotes [--split dev|train] [--corpus DIR] [--errors N]``.
Tune on train; report dev. Figures when the quote layer was written (en_core_web_sm
3.8.0):

=========  =========  ======  =====  ====  ================
split      system     P       R      F1    speaker accuracy
=========  =========  ======  =====  ====  ================
dev        core       0.961   0.937  0.949 0.895
dev        baseline   0.926   0.660  0.770 0.638
train      core       0.955   0.927  0.941 0.920
train      baseline   0.909   0.713  0.799 0.597
=========  =========  ======  =====  ====  ================

About a fifth of the gold quotes are three words or fewer ("rigged", "a total
stiff"): phrases quoted inside a reported sentence, which is why a short quote
is only called a scare quote when nothing attributes it.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.annotations import Annotations, Entity, Speaker
from reader.article import Article, Paragraph

DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "polnear"
_T_LINE = re.compile(r"^(T\d+)\t(\S+) ([\d ;]+)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.+)$")
_LINE = re.compile(r"[^\n]+")
_BASELINE_QUOTE = re.compile(r"[“\"]([^“”\"\n]+)[”\"]")
Span = tuple[int, int]


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    source: tuple[Span, ...]


@dataclass(frozen=True)
class FoundQuote:
    start: int
    end: int
    # Stretches that count as naming the speaker (its words, a pronoun's antecedent,
    # the mentions of its entity); empty when the quote has no speaker.
    speaker_spans: tuple[Span, ...]
    speaker: str = ""
    attribution: str = ""
    kind: str = "direct"


@dataclass
class Document:
    name: str
    text: str
    gold: list[GoldQuote]


@dataclass
class Score:
    gold: int = 0
    found: int = 0  # found pieces that name a speaker
    found_any: int = 0
    matched: int = 0
    matched_any: int = 0
    speaker_right: int = 0
    # attribution method -> [found with a speaker, matched, speaker right]
    by_method: dict[str, list[int]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0

    def line(self, label: str) -> str:
        return (
            f"{label:<10} precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"F1 {self.f1:.3f}  speaker accuracy {self.speaker_accuracy:.3f}  "
            f"(gold {self.gold}, found with a speaker {self.found}, matched {self.matched}; "
            f"found recall {self.matched_any / max(self.gold, 1):.3f})"
        )


# --- the corpus -------------------------------------------------------------------


def load_split(corpus: Path, split: str) -> list[Document]:
    documents = []
    for text_path in sorted((corpus / split / "text").glob("*.txt")):
        annotations = sorted((corpus / split / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        gold = gold_quotes(text, annotations[0].read_text(encoding="utf-8"))
        documents.append(Document(text_path.stem, text, gold))
    return documents


def gold_quotes(text: str, standoff: str) -> list[GoldQuote]:
    """The quotations of the text that lie inside the contents of attributions that
    have a source: at least half of each quotation's characters in one content."""
    spans: dict[str, list[Span]] = {}
    for line in standoff.splitlines():
        match = _T_LINE.match(line)
        if match:
            pieces = [tuple(map(int, p.split())) for p in match.group(3).split(";")]
            spans[match.group(1)] = [(a, b) for a, b in pieces]
    attributed: list[tuple[list[Span], list[Span]]] = []  # (content, source)
    for line in standoff.splitlines():
        match = _E_LINE.match(line)
        if not match:
            continue
        roles = dict(part.split(":", 1) for part in match.group(2).split())
        source, content = spans.get(roles.get("Source", "")), spans.get(roles.get("Content", ""))
        if source and content:
            attributed.append((content, source))
    gold = []
    for start, end in paired_marks(text):
        best = max(
            attributed,
            key=lambda a: sum(_overlap((start, end), piece) for piece in a[0]),
            default=None,
        )
        if best is None:
            continue
        inside = sum(_overlap((start, end), piece) for piece in best[0])
        if inside * 2 >= end - start:
            gold.append(GoldQuote(start, end, tuple(best[1])))
    return gold


def paired_marks(text: str) -> Iterable[Span]:
    """The stretches in double marks, one line at a time; a quote still open at the
    end of its line (one that continues in the next paragraph) ends with the line."""
    for line in _LINE.finditer(text):
        opened = -1
        for index in range(line.start(), line.end()):
            char = text[index]
            if char == "“" or (char == '"' and opened < 0):
                opened = index
            elif char in '”"' and opened >= 0:
                yield from _trimmed(text, opened + 1, index)
                opened = -1
        if opened >= 0:
            yield from _trimmed(text, opened + 1, line.end())


def _trimmed(text: str, start: int, end: int) -> Iterable[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end


def article_of(text: str) -> Article:
    """The text as an Article: each non-blank line a paragraph, offsets unchanged."""
    paragraphs = []
    for line in _LINE.finditer(text):
        start, end = line.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            paragraphs.append(Paragraph(start, end))
    return Article(text=text, paragraphs=tuple(paragraphs))


# --- what the core finds ----------------------------------------------------------


def found_quotes(annotations: Annotations) -> list[FoundQuote]:
    entities = {e.id: e for e in annotations.entities}
    found = []
    for quote in annotations.quotes:
        spans = _speaker_spans(quote.speaker, entities) if quote.kind == "direct" else ()
        name = quote.speaker.text if quote.speaker and quote.kind == "direct" else ""
        found.extend(
            FoundQuote(start, end, spans, name, quote.attribution, quote.kind)
            for start, end in quote.parts
        )
    return found


def _speaker_spans(speaker: Speaker | None, entities: dict[str, Entity]) -> tuple[Span, ...]:
    if speaker is None:
        return ()
    spans = [(speaker.start, speaker.end)]
    if speaker.refers_to is not None:
        spans.append((speaker.refers_to.start, speaker.refers_to.end))
    if speaker.entity in entities:
        spans.extend((m.start, m.end) for m in entities[speaker.entity].mentions)
    return tuple(spans)


def baseline_quotes(article: Article, entities: Sequence[Entity]) -> list[FoundQuote]:
    """Marks paired by a regular expression; the nearest person in the paragraph."""
    people = [(m.start, m.end) for e in entities if e.label == "PERSON" for m in e.mentions]
    found = []
    for paragraph in article.paragraphs:
        for match in _BASELINE_QUOTE.finditer(article.text, paragraph.start, paragraph.end):
            start, end = match.span(1)
            near = [
                p
                for p in people
                if paragraph.start <= p[0] < paragraph.end and (p[1] <= start or p[0] >= end)
            ]
            nearest = min(near, key=lambda p: min(abs(p[0] - end), abs(start - p[1])), default=None)
            found.append(FoundQuote(start, end, (nearest,) if nearest else ()))
    return found


# --- scoring ----------------------------------------------------------------------


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_document(
    document: Document, found: Sequence[FoundQuote], score: Score, errors: int = 0
) -> None:
    text = document.text
    score.gold += len(document.gold)
    score.found += sum(1 for f in found if f.speaker_spans)
    for quote in found:
        if quote.speaker_spans:
            score.by_method.setdefault(quote.attribution, [0, 0, 0])[0] += 1
    score.found_any += len(found)
    for with_speaker_only in (False, True):
        candidates = [f for f in found if f.speaker_spans or not with_speaker_only]
        pairs = []
        for gi, gold in enumerate(document.gold):
            for fi, quote in enumerate(candidates):
                shared = _overlap((gold.start, gold.end), (quote.start, quote.end))
                if not shared:
                    continue
                union = max(gold.end, quote.end) - min(gold.start, quote.start)
                if shared * 2 >= union:
                    pairs.append((shared / union, gi, fi))
        pairs.sort(reverse=True)
        used_gold: set[int] = set()
        used_found: set[int] = set()
        for _, gi, fi in pairs:
            if gi in used_gold or fi in used_found:
                continue
            used_gold.add(gi)
            used_found.add(fi)
            if not with_speaker_only:
                score.matched_any += 1
                continue
            score.matched += 1
            gold, quote = document.gold[gi], candidates[fi]
            counts = score.by_method[quote.attribution]
            counts[1] += 1
            if any(_overlap(s, g) for s in quote.speaker_spans for g in gold.source):
                score.speaker_right += 1
                counts[2] += 1
            elif len(score.errors) < errors:
                sources = " / ".join(text[a:b] for a, b in gold.source)
                score.errors.append(
                    f"{document.name}: speaker {quote.speaker!r} ({quote.attribution}), "
                    f"gold {sources!r}: “{text[quote.start : quote.end][:80]}”"
                )
        if with_speaker_only and len(score.errors) < errors:
            for gi, gold in enumerate(document.gold):
                if gi not in used_gold and len(score.errors) < errors:
                    sources = " / ".join(text[a:b] for a, b in gold.source)
                    kinds = [
                        f.kind for f in found if _overlap((f.start, f.end), (gold.start, gold.end))
                    ]
                    score.errors.append(
                        f"{document.name}: missed ({'/'.join(kinds)}), gold {sources!r}: "
                        f"“{text[gold.start : gold.end][:80]}”"
                    )
            for fi, quote in enumerate(candidates):
                if fi not in used_found and len(score.errors) < errors:
                    score.errors.append(
                        f"{document.name}: extra, speaker {quote.speaker!r} ({quote.attribution}): "
                        f"“{text[quote.start : quote.end][:80]}”"
                    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.quotes", description=__doc__)
    parser.add_argument("--split", choices=("dev", "train"), default="dev")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--errors", type=int, default=0, help="print up to N errors")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args(argv)
    if not (args.corpus / args.split / "text").is_dir():
        print(
            f"PolNeAR is not at {args.corpus} (expected {args.split}/text and "
            f"{args.split}/attributions there); nothing to evaluate.",
            file=sys.stderr,
        )
        return 0

    from reader.nlp.annotate import Annotator

    documents = load_split(args.corpus, args.split)
    if args.limit:
        documents = documents[: args.limit]
    annotator = Annotator()
    ours, baseline = Score(), Score()
    started = time.perf_counter()
    for document in documents:
        article = article_of(document.text)
        annotations = annotator.annotate(article)
        score_document(document, found_quotes(annotations), ours, args.errors)
        score_document(document, baseline_quotes(article, annotations.entities), baseline)
    seconds = time.perf_counter() - started
    lengths = [len(d.text[q.start : q.end].split()) for d in documents for q in d.gold]
    short = sum(1 for n in lengths if n <= 3) / max(len(lengths), 1)
    print(
        f"PolNeAR {args.split}: {len(documents)} articles, {seconds:.0f} s; "
        f"{short:.0%} of gold quotes are 3 words or fewer"
    )
    print(ours.line("Marginalia"))
    print(baseline.line("baseline"))
    print("by how the speaker was found: found with a speaker / matched / speaker right")
    for method, (found, matched, right) in sorted(ours.by_method.items()):
        print(f"  {method or '(none)':<10} {found:5} {matched:5} {right:5}")
    for error in ours.errors:
        print(error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
