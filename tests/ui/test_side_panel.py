"""The side panel's lists are proper Qt models; the panel shows one entity's mentions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.article import Article
from ui.side_panel import (
    ENTITY_ROLE,
    HTML_ROLE,
    MENTION_ROLE,
    SECTION_ROLE,
    EntityListModel,
    MentionListModel,
    SidePanel,
)


@pytest.fixture
def article() -> Article:
    return Article.from_blocks(
        [
            ("Ada Lovelace met Charles Babbage in London. They wrote for years.", "paragraph"),
            ("Later, Lovelace <b>published</b> her notes in London in 1843.", "paragraph"),
        ]
    )


@pytest.fixture
def annotations(article, by_hand):
    return by_hand(
        article,
        ("GPE", "London", ["London", "London"]),
        ("PERSON", "Charles Babbage", ["Charles Babbage"]),
        ("PERSON", "Ada Lovelace", ["Ada Lovelace", "Lovelace"]),
        ("DATE", "1843", ["1843"]),
    )


def test_entity_model(qtmodeltester, formats, annotations) -> None:
    model = EntityListModel(formats)
    qtmodeltester.check(model)
    model.set_annotations(annotations)
    qtmodeltester.check(model)
    rows = [model.index(r).data(Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    # Legend order (people, places, dates), most mentioned first within a category.
    assert rows == ["Ada Lovelace", "Charles Babbage", "London", "1843"]
    sections = [model.index(r).data(SECTION_ROLE) for r in range(model.rowCount())]
    assert sections == ["Person", "", "Place", "Date"]
    assert model.index(0).data(Qt.ItemDataRole.DecorationRole) == formats.entity_color("person")
    assert model.index(2).data(Qt.ItemDataRole.ToolTipRole) == "Country, city or state, 2 mentions"
    assert model.index(0).data(ENTITY_ROLE).name == "Ada Lovelace"
    model.set_annotations(None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_mention_model(qtmodeltester, article, annotations) -> None:
    model = MentionListModel()
    qtmodeltester.check(model)
    ada = annotations.entities[2]
    model.set_entity(article, ada)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    first, second = (model.index(r) for r in range(2))
    assert first.data(Qt.ItemDataRole.DisplayRole) == article.text[: article.paragraphs[0].end]
    assert first.data(HTML_ROLE).startswith("<b>Ada Lovelace</b> met")
    # The sentence is escaped; only the mention is bold.
    assert "<b>Lovelace</b> &lt;b&gt;published&lt;/b&gt;" in second.data(HTML_ROLE)
    assert second.data(MENTION_ROLE) == ada.mentions[1]
    model.set_entity(article, None)
    assert model.rowCount() == 0


def test_panel_lists_entities_then_one_entitys_mentions(
    qtbot, formats, article, annotations
) -> None:
    panel = SidePanel(formats)
    qtbot.addWidget(panel)
    panel.set_article(article)
    panel.set_annotations(annotations)
    panel.show()  # built on first show
    qtbot.waitExposed(panel)
    assert panel.entities.rowCount() == 4

    ada = annotations.entities[2]
    with qtbot.waitSignal(panel.entity_selected) as selected:
        panel.show_entity(ada)
    assert selected.args == [ada]
    assert "Ada Lovelace" in panel._name.text()
    assert "Person · 2 mentions" in panel._kind.text()
    assert panel.mentions.rowCount() == 2

    view = panel._mention_view
    index = panel.mentions.index(1)
    view.scrollTo(index)
    with qtbot.waitSignal(panel.mention_activated) as activated:
        qtbot.mouseClick(
            view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
        )
    assert activated.args == [ada.mentions[1]]

    with qtbot.waitSignal(panel.entity_selected) as selected:
        qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert selected.args == [None]
