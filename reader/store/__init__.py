"""The reader's own layer: the library of articles, highlights and notes (SQLite).

``Library`` is what the window and ``marginalia notes`` call; ``StoreError`` is the
one error it raises for trouble with the file rather than with the code.
"""

from reader.store.claim_checks import CLAIM_STATES, ClaimCheck, ClaimState, match_checks
from reader.store.errors import StoreError
from reader.store.library import (
    ArticleHit,
    ArticleSummary,
    CachedSummary,
    GlossaryEntry,
    Highlight,
    HighlightColor,
    Library,
    LookedUpTerm,
    NoteHit,
    RememberedArticle,
    SearchResults,
    Snippet,
    UndoneChange,
    default_path,
    glossary_key,
    location_of,
)

__all__ = [
    "CLAIM_STATES",
    "ArticleHit",
    "ArticleSummary",
    "CachedSummary",
    "ClaimCheck",
    "ClaimState",
    "GlossaryEntry",
    "Highlight",
    "HighlightColor",
    "Library",
    "LookedUpTerm",
    "NoteHit",
    "RememberedArticle",
    "SearchResults",
    "Snippet",
    "StoreError",
    "UndoneChange",
    "default_path",
    "glossary_key",
    "location_of",
    "match_checks",
]
