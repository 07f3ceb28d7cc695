"""Help > About Marginalia: the version, the project, and the bundled data's licences."""

from __future__ import annotations

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QIcon

from reader import __version__
from ui.about_dialog import PROJECT_URL, AboutDialog
from ui.app import application_icon


def test_about_says_the_version_and_the_licences(qtbot) -> None:
    dialog = AboutDialog(QIcon())
    qtbot.addWidget(dialog)
    dialog.show()
    heading = dialog.heading.text()
    assert f"Marginalia {__version__}" in heading
    assert PROJECT_URL in heading
    assert "MIT licence" in heading
    licences = dialog.licences.toPlainText()
    # The English pipeline, as its own meta.json describes it.
    assert "en_core_web_sm" in licences
    assert "under the MIT licence" in licences
    assert "OntoNotes 5: commercial (licensed by Explosion)" in licences
    # WordNet's notice, which its licence asks every copy to carry.
    assert "WordNet 3.0 Copyright 2006 by Princeton University" in licences
    assert "WordNet 3.0 licence" in licences
    assert f"Qt {qVersion()} and PySide6 {PySide6.__version__}" in licences
    assert "LGPLv3" in licences


def test_help_menu_opens_about_and_about_qt(make_window, qtbot) -> None:
    window = make_window()
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert help_menu.actions() == [window.about_action, window.about_qt_action]
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog, "aboutDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.close()


def test_the_app_has_its_icon(qapp) -> None:
    sizes = {size.width() for size in application_icon().availableSizes()}
    assert sizes == {16, 32, 48, 64, 128, 256}
