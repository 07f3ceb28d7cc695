"""How a claim is put into words, the same way when hovering it on the page, in the
claims panel and in the status bar."""

from __future__ import annotations

from reader.annotations import Claim
from reader.store import CLAIM_STATES, ClaimState

# What the reader made of a claim, as the checklist offers it, in the store's order.
VERDICTS: dict[ClaimState, str] = {state: state.capitalize() for state in CLAIM_STATES}
# What each verdict means, for tooltips and screen readers.
VERDICT_HINTS: dict[ClaimState, str] = {
    "open": "not looked at yet",
    "checked": "looked at, no verdict",
    "true": "it holds",
    "false": "it does not hold",
    "unclear": "could not be settled",
}


def reasons(claim: Claim) -> str:
    """Why it is a claim, in the pipeline's words: "statistic, comparison"."""
    return ", ".join(claim.reasons)


def score(claim: Claim) -> str:
    return f"check-worthiness {claim.score:.2f}"


def describe(claim: Claim, state: ClaimState = "open") -> str:
    """ "Claim · statistic, comparison · check-worthiness 0.91 · your verdict: false"."""
    parts = ["Claim", reasons(claim), score(claim)]
    if state != "open":
        parts.append(f"your verdict: {VERDICTS[state].lower()}")
    return " · ".join(part for part in parts if part)
