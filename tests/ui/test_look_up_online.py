"""View > Look Up Online (Wikipedia): off by default and remembered; when on, an
entity's look-up asks the encyclopedia (a fake one on 127.0.0.1 here)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings

from reader.paths import config_dir
from ui.main_window import ONLINE_KEY, MainWindow

TEXT = (
    "Reykjavik prepares for the summit\n\n"
    "Delegates arrived in Reykjavik on Monday, and the mayor of Reykjavik welcomed "
    "them at the harbour.\n"
)
SUMMARY = {
    "type": "standard",
    "title": "Reykjavík",
    "description": "Capital and largest city of Iceland",
    "extract": "Reykjavík is the capital and largest city of Iceland.",
    "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Reykjav%C3%ADk"}},
}


def _look_up_reykjavik(qtbot, window: MainWindow, tmp_path: Path):
    path = tmp_path / "summit.txt"
    path.write_text(TEXT, encoding="utf-8")
    with qtbot.waitSignal(window.annotations_shown, timeout=60_000):
        assert window.open_path(path)
    assert window.annotations is not None
    entity = next(e for e in window.annotations.entities if e.name == "Reykjavik")
    with qtbot.waitSignal(window.lookup_shown, timeout=30_000) as shown:
        window.look_up(entity.name, entity=entity)
    return shown.args[0]


def _settings() -> QSettings:
    return QSettings(str(config_dir() / "settings.ini"), QSettings.Format.IniFormat)


def test_online_look_ups_show_an_encyclopedia_card(
    qtbot, make_window, encyclopedia_site, tmp_path
) -> None:
    encyclopedia_site.routes["/summary/Reykjavik"] = (
        200,
        {"Content-Type": "application/json"},
        json.dumps(SUMMARY).encode(),
    )
    window = make_window()
    action = window.look_up_online_action
    assert action.isCheckable() and not action.isChecked()
    assert action in window.menuBar().actions()[2].menu().actions()  # View
    action.trigger()
    assert _settings().value(ONLINE_KEY, type=bool) is True

    found = _look_up_reykjavik(qtbot, window, tmp_path)

    assert "/summary/Reykjavik" in encyclopedia_site.requests
    assert "encyclopedia" in [card.source for card in found.cards]
    text = window.panel.cards_text()
    assert "capital and largest city of Iceland" in text
    assert "Wikipedia" in text

    # The choice is kept for the next window.
    assert make_window().look_up_online_action.isChecked()


def test_with_online_look_ups_off_nothing_reaches_the_encyclopedia(
    qtbot, make_window, encyclopedia_site, tmp_path
) -> None:
    encyclopedia_site.routes["/summary/Reykjavik"] = (
        200,
        {"Content-Type": "application/json"},
        json.dumps(SUMMARY).encode(),
    )
    window = make_window()
    assert not window.look_up_online_action.isChecked()

    found = _look_up_reykjavik(qtbot, window, tmp_path)

    assert "encyclopedia" not in [card.source for card in found.cards]
    assert encyclopedia_site.requests == []
