"""A doc's tokens read once into plain Python tuples, for rules that read them often.

Each read of a spaCy token's attribute goes through a ``Token`` object and, for a
string, the vocabulary. The claim rules and the claim model's features read the
same few attributes of every token of a sentence again and again (over a dozen
rules, then the features): read once per doc here, each is an index into a tuple.

``ParsedDoc`` holds one tuple per attribute, indexed like the doc's tokens;
``Stretch`` is a span of it (a sentence, a clause) with the ``Span`` it stands for.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class ParsedDoc:
    """The strings and the parse of each token of ``doc``, by token index."""

    doc: Doc
    text: tuple[str, ...]
    lower: tuple[str, ...]
    lemma: tuple[str, ...]
    tag: tuple[str, ...]
    pos: tuple[str, ...]
    dep: tuple[str, ...]
    ent_type: tuple[str, ...]
    like_num: tuple[bool, ...]
    is_punct: tuple[bool, ...]
    is_space: tuple[bool, ...]
    is_title: tuple[bool, ...]
    # The index of each token's head (its own for a root), and of its children in
    # text order, as ``Token.children`` gives them.
    head: tuple[int, ...]
    children: tuple[list[int], ...]
    # (start, end, label) of each entity of the doc, in order.
    entities: tuple[tuple[int, int, str], ...]

    @classmethod
    def of(cls, doc: Doc) -> ParsedDoc:
        # One row per token, then one column per attribute.
        rows = [
            (
                t.text,
                t.lower_,
                t.lemma_,
                t.tag_,
                t.pos_,
                t.dep_,
                t.ent_type_,
                t.like_num,
                t.is_punct,
                t.is_space,
                t.is_title,
                t.head.i,
            )
            for t in doc
        ]
        columns = list(zip(*rows, strict=True)) or [()] * 12
        text, lower, lemma, tag, pos, dep, ent_type, like_num, punct, space, title, head = columns
        children: tuple[list[int], ...] = tuple([] for _ in head)
        for index, parent in enumerate(head):
            if parent != index:
                children[parent].append(index)
        entities = tuple((e.start, e.end, e.label_) for e in doc.ents)
        return cls(
            doc,
            text,
            lower,
            lemma,
            tag,
            pos,
            dep,
            ent_type,
            like_num,
            punct,
            space,
            title,
            head,
            children,
            entities,
        )

    def __len__(self) -> int:
        return len(self.text)

    @cached_property
    def doc_text(self) -> str:
        """The doc's text, read once: ``Doc.text`` joins every token's text each time."""
        return str(self.doc.text)


@dataclass(frozen=True)
class Stretch:
    """A span of a ``ParsedDoc``: tokens ``start`` to ``end`` (exclusive) of its doc."""

    parsed: ParsedDoc
    span: Span
    start: int
    end: int

    @classmethod
    def within(cls, parsed: ParsedDoc, span: Span) -> Stretch:
        """The stretch of ``span``, a span of ``parsed.doc``."""
        return cls(parsed, span, span.start, span.end)

    @classmethod
    def of(cls, span: Span | Stretch) -> Stretch:
        """The stretch of a span (reading its whole doc), or the stretch itself."""
        if isinstance(span, Stretch):
            return span
        return cls.within(ParsedDoc.of(span.doc), span)

    @cached_property
    def text(self) -> str:
        return self.span.text

    @property
    def indices(self) -> range:
        return range(self.start, self.end)

    @cached_property
    def words(self) -> list[int]:
        """The indices of its tokens that are neither punctuation nor white space."""
        punct, space = self.parsed.is_punct, self.parsed.is_space
        return [i for i in self.indices if not (punct[i] or space[i])]

    @cached_property
    def non_space(self) -> list[int]:
        """The indices of its tokens that are not white space."""
        space = self.parsed.is_space
        return [i for i in self.indices if not space[i]]

    @property
    def entity_labels(self) -> set[str]:
        """The labels of the doc's entities that lie wholly within the stretch, as
        ``Span.ents`` finds them (which stops at the first one that runs past its end)."""
        labels: set[str] = set()
        for start, end, label in self.parsed.entities:
            if start >= self.start:
                if end > self.end:
                    break
                labels.add(label)
        return labels
