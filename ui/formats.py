"""The one place that turns kinds into text formats.

The article view asks here how a paragraph of each kind looks (typography), how
a mention of each entity category is marked (colour from the palette plus a heavier
weight, so that colour is never the only cue) and how a quote of each kind is marked
(a soft background tint) and how a claim is marked (a dotted underline). Nothing else
builds a ``QTextCharFormat`` for article text.

The layers share the text without sharing properties: entities own the foreground,
the weight and the tooltip, quotes own the background, claims own the underline.
Each mark is merged over what is there, and taking a layer away merges its
``..._cleared`` format, which puts back only that layer's properties, so an entity
inside a quote keeps its colour when quotes are hidden, and the other way round.

The reader's own highlights own no character property at all: the view paints them
over the laid-out text like a highlighter pen, in the colour given here and with
the blend given here (``highlight_blend``: multiplied on a light page, screened on a
dark one), so what the machine found stays visible under what the reader marked.
"""

from __future__ import annotations

from typing import Literal

from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextFormat,
    QTextListFormat,
)

from reader.annotations import Claim, QuoteKind
from reader.article import ParagraphKind
from ui.palette import Palette, Theme, pen_over

HeaderKind = Literal["title", "byline", "meta"]

SERIF_FAMILIES = ["Georgia", "Charter", "Source Serif 4", "Noto Serif", "DejaVu Serif", "serif"]
SANS_FAMILIES = ["Source Sans 3", "Noto Sans", "DejaVu Sans", "sans-serif"]

BODY_POINT_SIZE = 12.5
LINE_HEIGHT_PERCENT = 155
# The width of the text column, in average characters of the body font.
MEASURE_CHARACTERS = 68

# Marks a mention in the document, so a format can be recognised as an entity's.
ENTITY_PROPERTY = QTextFormat.Property.UserProperty + 1
# Marks a quote's words with the quote's kind, so a format can be recognised as the
# quote layer's.
QUOTE_PROPERTY = QTextFormat.Property.UserProperty + 2
# Marks a claim's words (True), so a format can be recognised as the claim layer's.
CLAIM_PROPERTY = QTextFormat.Property.UserProperty + 3

# The page underlines the claims the model scores at least this high; the claims
# panel lists every claim. On CheckThat! 2024 dev-test, 96% of the sentences scoring
# 0.8 or more are check-worthy (85% at the model's own threshold, 0.34), and a news
# article keeps about half its claims underlined instead of nearly every sentence.
CLAIM_UNDERLINE_SCORE = 0.8


def is_underlined(claim: Claim) -> bool:
    """Whether the page underlines a claim (it is worth checking first)."""
    return claim.score >= CLAIM_UNDERLINE_SCORE


_PROPORTIONAL = QTextBlockFormat.LineHeightTypes.ProportionalHeight.value


def _font(families: list[str], point_size: float, hint: QFont.StyleHint) -> QFont:
    font = QFont()
    font.setFamilies(families)
    font.setStyleHint(hint)
    font.setPointSizeF(point_size)
    return font


class Formats:
    """Typography and entity marks for one palette and theme."""

    def __init__(self, palette: Palette, theme: Theme, point_size: float = BODY_POINT_SIZE):
        self.palette = palette
        self.theme = theme
        self.point_size = point_size
        self.page = palette.page(theme)

    # -- the page ----------------------------------------------------------------

    def body_font(self) -> QFont:
        return _font(SERIF_FAMILIES, self.point_size, QFont.StyleHint.Serif)

    def measure(self) -> float:
        """The width of the text column in pixels: a comfortable line length."""
        return QFontMetricsF(self.body_font()).averageCharWidth() * MEASURE_CHARACTERS

    def background(self) -> QColor:
        return QColor(self.page.background)

    def text_color(self) -> QColor:
        return QColor(self.page.text)

    def muted_color(self) -> QColor:
        return QColor(self.page.muted)

    # -- headers above the article ---------------------------------------------

    def header_block_format(self, kind: HeaderKind) -> QTextBlockFormat:
        block = QTextBlockFormat()
        size = self.point_size
        if kind == "title":
            block.setLineHeight(118, _PROPORTIONAL)
            block.setBottomMargin(size * 0.9)
        else:
            block.setLineHeight(140, _PROPORTIONAL)
            block.setBottomMargin(size * 0.2)
        return block

    def header_char_format(self, kind: HeaderKind) -> QTextCharFormat:
        char = QTextCharFormat()
        if kind == "title":
            char.setFont(_font(SERIF_FAMILIES, self.point_size * 1.9, QFont.StyleHint.Serif))
            char.setFontWeight(QFont.Weight.Bold)
        else:
            char.setFont(_font(SANS_FAMILIES, self.point_size * 0.8, QFont.StyleHint.SansSerif))
            char.setForeground(self.muted_color())
            if kind == "byline":
                char.setFontWeight(QFont.Weight.DemiBold)
        return char

    def header_gap(self) -> float:
        """Space between the header and the first paragraph."""
        return self.point_size * 1.6

    # -- the article's paragraphs ----------------------------------------------

    def block_format(self, kind: ParagraphKind) -> QTextBlockFormat:
        block = QTextBlockFormat()
        size = self.point_size
        block.setLineHeight(LINE_HEIGHT_PERCENT, _PROPORTIONAL)
        block.setBottomMargin(size * 0.85)
        if kind == "heading":
            block.setLineHeight(125, _PROPORTIONAL)
            block.setTopMargin(size * 0.9)
            block.setBottomMargin(size * 0.5)
        elif kind == "quote":
            block.setLeftMargin(size * 2)
            block.setRightMargin(size)
        elif kind == "caption":  # an image caption kept from a web page
            block.setLineHeight(135, _PROPORTIONAL)
        return block

    def char_format(self, kind: ParagraphKind) -> QTextCharFormat:
        """The plain look of a paragraph kind; also what a removed highlight goes back to."""
        char = QTextCharFormat()
        if kind == "heading":
            char.setFontPointSize(self.point_size * 1.3)
            char.setFontWeight(QFont.Weight.Bold)
        elif kind == "quote":
            char.setFontItalic(True)
        elif kind == "caption":
            char.setFontPointSize(self.point_size * 0.85)
            char.setForeground(self.muted_color())
        return char

    def list_format(self) -> QTextListFormat:
        fmt = QTextListFormat()
        fmt.setStyle(QTextListFormat.Style.ListDisc)
        fmt.setIndent(1)
        return fmt

    # -- entities ----------------------------------------------------------------

    def entity_color(self, category_key: str) -> QColor:
        return self.palette.category(category_key).color(self.theme)

    def mention_format(
        self, category_key: str, kind: ParagraphKind, tooltip: str, entity_id: str = ""
    ) -> QTextCharFormat:
        """What to merge over a mention: the category colour and a heavier weight."""
        char = QTextCharFormat()
        char.setForeground(self.entity_color(category_key))
        char.setFontWeight(QFont.Weight.Bold if kind == "heading" else QFont.Weight.DemiBold)
        char.setToolTip(tooltip)
        char.setProperty(ENTITY_PROPERTY, entity_id)
        return char

    def mention_cleared(self, kind: ParagraphKind) -> QTextCharFormat:
        """What to merge over a mention to take its mark away and leave other layers be:
        the paragraph's own colour and weight back, no tooltip, no entity."""
        plain = self.char_format(kind)
        char = QTextCharFormat()
        char.setForeground(plain.foreground())  # no brush: the page's text colour
        char.setFontWeight(plain.fontWeight())
        char.setToolTip("")
        char.setProperty(ENTITY_PROPERTY, "")
        return char

    def entity_tint(self, category_key: str) -> QColor:
        """A soft background for every mention of the entity the reader picked."""
        color = QColor(self.entity_color(category_key))
        color.setAlphaF(0.16 if self.theme == "light" else 0.22)
        return color

    # -- quotes ------------------------------------------------------------------

    def quote_tint(self, kind: QuoteKind) -> QColor:
        """Someone's words get the quote tint; scare quotes and titles, nobody's words,
        a fainter one."""
        return self.palette.quotes.tint("direct" if kind == "direct" else "aside", self.theme)

    def quote_mark_color(self) -> QColor:
        """The bar in the margin beside the lines of a direct quote."""
        return self.palette.quotes.mark(self.theme)

    def quote_format(self, kind: QuoteKind) -> QTextCharFormat:
        """What to merge over a quote's words: the tint behind them (never an underline,
        which is the claims' mark)."""
        char = QTextCharFormat()
        char.setBackground(self.quote_tint(kind))
        char.setProperty(QUOTE_PROPERTY, kind)
        return char

    def quote_cleared(self) -> QTextCharFormat:
        """What to merge over a quote's words to take the tint away, and only the tint."""
        char = QTextCharFormat()
        char.setBackground(QBrush())
        char.setProperty(QUOTE_PROPERTY, "")
        return char

    # -- claims ------------------------------------------------------------------

    def claim_color(self) -> QColor:
        """The ink of the dotted line under a claim."""
        return self.palette.claims.underline(self.theme)

    def claim_format(self) -> QTextCharFormat:
        """What to merge over a claim's words: a dotted underline in the claims' ink
        (dotted: a solid line reads as a link, a wavy one as a spelling mistake)."""
        char = QTextCharFormat()
        char.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        char.setUnderlineColor(self.claim_color())
        char.setProperty(CLAIM_PROPERTY, True)
        return char

    def claim_cleared(self) -> QTextCharFormat:
        """What to merge over a claim's words to take the underline away, and only it."""
        char = QTextCharFormat()
        char.setUnderlineStyle(QTextCharFormat.UnderlineStyle.NoUnderline)
        char.setUnderlineColor(QColor())
        char.setProperty(CLAIM_PROPERTY, False)
        return char

    # -- the reader's highlights ---------------------------------------------------

    def highlight_color(self, key: str) -> QColor:
        """The pen colour of a highlight colour key ("yellow"); an unknown key gets a
        neutral pen."""
        return self.palette.highlights.color(key, self.theme)

    def highlight_blend(self) -> QPainter.CompositionMode:
        """How the pen meets the page: multiplied on a light page (the paper takes the
        colour, the ink stays dark), screened on a dark one (the reverse)."""
        if self.theme == "light":
            return QPainter.CompositionMode.CompositionMode_Multiply
        return QPainter.CompositionMode.CompositionMode_Screen

    def highlight_swatch(self, key: str) -> QColor:
        """What the pen looks like on the page: for swatches in menus and panels."""
        return pen_over(self.background(), self.highlight_color(key), self.theme)

    def highlight_outline(self, key: str) -> QColor:
        """A deeper shade of the pen, to outline the highlight the reader is on."""
        color = self.highlight_swatch(key)
        return color.darker(170) if self.theme == "light" else color.lighter(190)
