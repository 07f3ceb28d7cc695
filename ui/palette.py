"""The palette: entity categories, the quote layer's colours, the claims' underline,
the reader's highlight colours and the page colours per theme.

Everything comes from ``resources/palette.json``; this module only reads it and
answers questions about it (which category a spaCy label belongs to, which theme
the system asks for, how much two colours contrast).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtGui import QColor, QPalette

from reader.paths import resources_dir

Theme = Literal["light", "dark"]
THEMES: tuple[Theme, ...] = ("light", "dark")
FALLBACK_CATEGORY = "other"


@dataclass(frozen=True)
class Category:
    key: str
    name: str  # what the legend says
    description: str
    labels: tuple[str, ...]  # the spaCy labels it covers
    colors: dict[str, str]  # theme -> "#RRGGBB"

    def color(self, theme: Theme) -> QColor:
        return QColor(self.colors[theme])


@dataclass(frozen=True)
class PageColors:
    background: str
    text: str
    muted: str


@dataclass(frozen=True)
class QuoteColors:
    """The quote layer: a tint behind the words and a bar in the margin."""

    name: str  # what the legend says
    description: str
    tints: dict[str, dict[str, str]]  # "direct" | "aside" -> theme -> "#RRGGBB"
    marks: dict[str, str]  # theme -> "#RRGGBB"

    def tint(self, tint: str, theme: Theme) -> QColor:
        return QColor(self.tints[tint][theme])

    def mark(self, theme: Theme) -> QColor:
        return QColor(self.marks[theme])


@dataclass(frozen=True)
class ClaimColors:
    """The claims layer: an underline under the words of the claims worth checking."""

    name: str  # what the legend says
    description: str
    underlines: dict[str, str]  # theme -> "#RRGGBB"

    def underline(self, theme: Theme) -> QColor:
        return QColor(self.underlines[theme])


@dataclass(frozen=True)
class HighlightColors:
    """The reader's highlights: a pen colour per key the library knows ("yellow").

    The reader's names for them ("Key point") live in the library, not here.
    """

    name: str  # what the legend says
    description: str
    colors: dict[str, dict[str, str]]  # key -> theme -> "#RRGGBB", in menu order
    fallback: dict[str, str]  # theme -> "#RRGGBB", for a key the palette does not know

    def color(self, key: str, theme: Theme) -> QColor:
        return QColor(self.colors.get(key, self.fallback)[theme])

    def keys(self) -> list[str]:
        return list(self.colors)


@dataclass(frozen=True)
class Palette:
    categories: tuple[Category, ...]
    pages: dict[str, PageColors]  # theme -> page colours
    quotes: QuoteColors
    highlights: HighlightColors
    claims: ClaimColors

    def category(self, key: str) -> Category:
        for category in self.categories:
            if category.key == key:
                return category
        raise KeyError(key)

    def category_for_label(self, label: str) -> Category:
        """The category a spaCy label belongs to; unknown labels count as "other"."""
        for category in self.categories:
            if label in category.labels:
                return category
        return self.category(FALLBACK_CATEGORY)

    def page(self, theme: Theme) -> PageColors:
        return self.pages[theme]


def palette_path() -> Path:
    return resources_dir() / "palette.json"


def load_palette(path: Path | None = None) -> Palette:
    data = json.loads((path or palette_path()).read_text(encoding="utf-8"))
    categories = tuple(
        Category(
            key=entry["key"],
            name=entry["name"],
            description=entry.get("description", ""),
            labels=tuple(entry["labels"]),
            colors=dict(entry["colors"]),
        )
        for entry in data["categories"]
    )
    pages = {
        theme: PageColors(colors["background"], colors["text"], colors["muted"])
        for theme, colors in data["themes"].items()
    }
    quotes = data["quotes"]
    quote_colors = QuoteColors(
        name=quotes["name"],
        description=quotes.get("description", ""),
        tints={key: dict(colors) for key, colors in quotes["tints"].items()},
        marks=dict(quotes["mark"]),
    )
    marks = data["highlights"]
    highlight_colors = HighlightColors(
        name=marks["name"],
        description=marks.get("description", ""),
        colors={entry["key"]: dict(entry["colors"]) for entry in marks["colors"]},
        fallback=dict(marks["fallback"]),
    )
    claims = data["claims"]
    claim_colors = ClaimColors(
        name=claims["name"],
        description=claims.get("description", ""),
        underlines=dict(claims["underline"]),
    )
    return Palette(categories, pages, quote_colors, highlight_colors, claim_colors)


def theme_for(system: QPalette) -> Theme:
    """Dark when the system's window colour is dark."""
    return "dark" if system.color(QPalette.ColorRole.Window).lightnessF() < 0.5 else "light"


def pen_over(under: QColor, pen: QColor, theme: Theme) -> QColor:
    """What the highlighter pen makes of a colour under it: multiplied on the light page
    (QPainter's Multiply), screened on the dark page (Screen)."""
    channels = zip(
        (under.redF(), under.greenF(), under.blueF()),
        (pen.redF(), pen.greenF(), pen.blueF()),
        strict=True,
    )
    if theme == "light":
        red, green, blue = (a * b for a, b in channels)
    else:
        red, green, blue = (1 - (1 - a) * (1 - b) for a, b in channels)
    return QColor.fromRgbF(red, green, blue)


def relative_luminance(color: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
