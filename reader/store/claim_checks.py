"""The reader's verdicts on an article's claims (the claims checklist).

A verdict is stored with the claim's words and the offsets where it was last seen.
The pipeline finds claims afresh each time, and the article's text may change, so a
verdict is matched to today's claims by its words: at the same place first, else the
nearest claim with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

# What the reader made of a claim: not looked at yet, checked (no verdict), or a verdict.
ClaimState = Literal["open", "checked", "true", "false", "unclear"]
# In the order the checklist offers them.
CLAIM_STATES: tuple[ClaimState, ...] = ("open", "checked", "true", "false", "unclear")


@dataclass(frozen=True)
class ClaimCheck:
    start: int
    end: int
    exact: str  # the claim's words when the reader judged it
    state: ClaimState
    note: str
    modified: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def match_checks(
    claims: Iterable[tuple[int, int, str]], checks: Sequence[ClaimCheck]
) -> dict[tuple[int, int], ClaimCheck]:
    """Each claim's (start, end, text) that has a verdict, mapped to it; a verdict
    serves at most one claim."""
    claims = list(claims)
    matched: dict[tuple[int, int], ClaimCheck] = {}
    unused = list(checks)
    exact = {(c.start, c.end, c.exact): c for c in unused}
    for start, end, text in claims:
        check = exact.get((start, end, text))
        if check is not None:
            matched[(start, end)] = check
            unused.remove(check)
    for start, end, text in claims:
        if (start, end) in matched:
            continue
        same_words = [c for c in unused if c.exact == text]
        if same_words:
            check = min(same_words, key=lambda c: abs(c.start - start))
            matched[(start, end)] = check
            unused.remove(check)
    return matched
