"""The palette: every label has a category, every colour reads on its page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from reader.entity_types import LABEL_NAMES
from ui.palette import THEMES, Palette, contrast_ratio, pen_over, theme_for

WCAG_AA = 4.5


@pytest.mark.parametrize("theme", THEMES)
def test_text_colours_read_on_the_page(palette: Palette, theme) -> None:
    page = palette.page(theme)
    background = QColor(page.background)
    assert contrast_ratio(QColor(page.text), background) >= 7
    assert contrast_ratio(QColor(page.muted), background) >= WCAG_AA
    for category in palette.categories:
        ratio = contrast_ratio(category.color(theme), background)
        assert ratio >= WCAG_AA, f"{category.key} in {theme}: {ratio:.2f}:1"


@pytest.mark.parametrize("theme", THEMES)
def test_entity_colours_read_on_the_quote_tints(palette: Palette, theme) -> None:
    page = palette.page(theme)
    background = QColor(page.background)
    for tint in ("direct", "aside"):
        shade = palette.quotes.tint(tint, theme)
        assert shade != background
        colors = [QColor(page.text), QColor(page.muted)]
        colors += [category.color(theme) for category in palette.categories]
        for color in colors:
            ratio = contrast_ratio(color, shade)
            assert ratio >= WCAG_AA, f"{color.name()} on the {tint} tint in {theme}: {ratio:.2f}:1"
    # The margin bar is a graphic that has to be seen: 3:1 (WCAG 1.4.11).
    assert contrast_ratio(palette.quotes.mark(theme), background) >= 3


def test_every_spacy_label_belongs_to_exactly_one_category(palette: Palette) -> None:
    owners: dict[str, list[str]] = {}
    for category in palette.categories:
        for label in category.labels:
            owners.setdefault(label, []).append(category.key)
    assert set(owners) == set(LABEL_NAMES)
    assert all(len(keys) == 1 for keys in owners.values()), owners


def test_the_seven_categories(palette: Palette) -> None:
    assert [c.key for c in palette.categories] == [
        "person",
        "organisation",
        "place",
        "group",
        "date",
        "number",
        "other",
    ]
    assert palette.category_for_label("GPE").key == "place"
    assert palette.category_for_label("FAC").key == "place"
    assert palette.category_for_label("MONEY").key == "number"
    assert palette.category_for_label("SOMETHING_NEW").key == "other"


def test_categories_differ_in_each_theme(palette: Palette) -> None:
    for theme in THEMES:
        colours = [c.colors[theme].lower() for c in palette.categories]
        assert len(set(colours)) == len(colours)


def test_contrast_ratio_matches_wcag() -> None:
    assert contrast_ratio(QColor("black"), QColor("white")) == pytest.approx(21)
    assert contrast_ratio(QColor("#777777"), QColor("white")) == pytest.approx(4.48, abs=0.01)


def test_theme_follows_the_window_colour() -> None:
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    dark.setColor(QPalette.ColorRole.Window, QColor("#2b2b2b"))
    assert theme_for(light) == "light"
    assert theme_for(dark) == "dark"


@pytest.mark.parametrize("theme", THEMES)
def test_the_highlighter_pens_keep_every_layer_readable(palette: Palette, theme) -> None:
    """A highlight is painted over the text (multiplied or screened): what is under
    it, paper, quote tint, body text and entity colours, has to stay readable."""
    page = palette.page(theme)
    background = QColor(page.background)
    unders = [background, *(palette.quotes.tint(t, theme) for t in ("direct", "aside"))]
    keys = palette.highlights.keys()
    assert keys == ["yellow", "red", "blue", "green", "purple"]  # the library's keys
    for key in [*keys, "unknown"]:
        pen = palette.highlights.color(key, theme)
        assert contrast_ratio(pen_over(background, pen, theme), background) >= 1.25, key
        for under in unders:
            band = pen_over(under, pen, theme)
            text = pen_over(QColor(page.text), pen, theme)
            assert contrast_ratio(text, band) >= WCAG_AA, f"text on {key} in {theme}"
            others = [QColor(page.muted), *(c.color(theme) for c in palette.categories)]
            for color in others:
                ratio = contrast_ratio(pen_over(color, pen, theme), band)
                assert ratio >= 3, f"{color.name()} on {key} in {theme}: {ratio:.2f}:1"
    pens = [palette.highlights.color(key, theme) for key in keys]
    assert len({pen_over(background, pen, theme).name() for pen in pens}) == len(keys)


@pytest.mark.parametrize("theme", THEMES)
def test_the_claims_underline_is_seen_on_the_page_and_in_quotes(palette: Palette, theme) -> None:
    """The dotted line under a claim is a mark that has to be seen (3:1, WCAG 1.4.11),
    on the page and under a quote's tint; it is not the colour of any entity."""
    ink = palette.claims.underline(theme)
    page = palette.page(theme)
    unders = [QColor(page.background)]
    unders += [palette.quotes.tint(tint, theme) for tint in ("direct", "aside")]
    for under in unders:
        ratio = contrast_ratio(ink, under)
        assert ratio >= 3, f"claims ink on {under.name()} in {theme}: {ratio:.2f}:1"
    assert ink.name() not in {c.color(theme).name() for c in palette.categories}
