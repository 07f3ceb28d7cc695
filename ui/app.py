"""``marginalia``: the window, or one of the window-less commands.

Commands listed in ``reader.cli.COMMANDS`` (``marginalia annotate ...``) are handed
to ``reader.cli`` before Qt is imported, so they run on machines without a screen.
Everything else opens the window: ``marginalia [PATH] [--screenshot OUT.png]``,
where PATH is a file (or its ``file://`` URL, as a desktop passes it), the address of a
web page or a ``marginalia://`` link from an export. ``--smoke-test OUT.md`` checks a
built app (packaging/smoke_test.py).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader import __version__

APPLICATION_NAME = "Marginalia"
ORGANIZATION_NAME = "Marginalia"
ORGANIZATION_DOMAIN = "marginalia.org"
DESKTOP_FILE_NAME = "org.marginalia.Marginalia"
SETTINGS_FILE = "settings.ini"
# How long (seconds) another thread may keep the interpreter while the window's
# thread waits for it (Python's default is 5 ms; see make_application).
WINDOW_SWITCH_INTERVAL = 0.001
SCREENSHOT_SIZE = (1280, 800)
# Give up waiting for highlights in --screenshot after this long (milliseconds).
SCREENSHOT_TIMEOUT_MS = 120_000
# ... and for the picked entity's definition cards.
SCREENSHOT_LOOKUP_TIMEOUT_MS = 60_000

# Commands are plain lower-case words. Anything else (a path such as "article.txt",
# an option) cannot be one, so the window starts without importing reader.cli,
# which loads spaCy.
_COMMAND_NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and _COMMAND_NAME.match(args[0]):
        from reader import cli

        if args[0] in cli.COMMANDS:
            return cli.main(args)
    try:
        options = build_parser(with_commands="-h" in args or "--help" in args).parse_args(args)
    except SystemExit as stop:  # --help, --version or a usage error
        return stop.code if isinstance(stop.code, int) else 1
    return run_window(options)


def build_parser(with_commands: bool = False) -> argparse.ArgumentParser:
    epilog = None
    if with_commands:
        from reader.cli import COMMANDS

        epilog = "Other commands: " + ", ".join(f"marginalia {c} --help" for c in COMMANDS)
    parser = argparse.ArgumentParser(
        prog="marginalia",
        description=(
            "Read an article with the people, organisations, places and dates it "
            "mentions colour-coded."
        ),
        epilog=epilog,
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="the article to open: plain text (.txt), Markdown (.md), a web page (.html, "
        ".htm, .xhtml), an EPUB book (.epub), the https:// address of a web page, or a "
        "marginalia:// link from exported notes (opens the passage in the library)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="OUT.png",
        help="open PATH in an offscreen window, wait for the highlights, save a picture "
        "of the window to OUT.png and exit",
    )
    parser.add_argument(
        "--smoke-test",
        metavar="OUT.md",
        help="check that the app works (a built app, say): open PATH in an offscreen window, "
        "wait for the highlights, say so on standard output, export the article as Markdown "
        "to OUT.md as File > Export does, print Help > About's licences, and exit; status 1 "
        "on any failure",
    )
    parser.add_argument("--version", action="version", version=f"marginalia {__version__}")
    return parser


def run_window(options: argparse.Namespace) -> int:
    offscreen = (
        "--screenshot" if options.screenshot else "--smoke-test" if options.smoke_test else ""
    )
    if offscreen:
        if not options.path:
            print(f"marginalia: {offscreen} needs the PATH of an article", file=sys.stderr)
            return 2
        if "QT_QPA_PLATFORM" not in os.environ:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"

    app, settings = make_application()
    source = _local_file(options.path) if options.path else None
    notes = open_notes()
    service = annotation_service(notes)
    try:
        if options.screenshot:
            return _screenshot(service, settings, source, Path(options.screenshot), notes)
        if options.smoke_test:
            return _smoke_test(service, settings, source, Path(options.smoke_test), notes)
        window = show_window(service, settings, notes)
        if source:
            window.open_source(source)
        return app.exec()
    finally:
        service.shutdown()
        notes.close()


def annotation_service(notes: Any) -> Any:
    """The annotation workers, keeping their results in the reader's library (when
    it could be opened) so that an article opened again is highlighted at once."""
    from ui.workers import AnnotationService

    return AnnotationService(cache_path=notes.library.path if notes.available else None)


def show_window(service: Any, settings: Any, notes: Any, remember_layout: bool = True) -> Any:
    """The main window, shown where the reader left it. The language model starts
    loading only once the window has painted, so the text comes first."""
    from ui.main_window import MainWindow

    window = MainWindow(service, settings, notes=notes, remember_layout=remember_layout)
    window.resize(1180, 780)
    if remember_layout:
        window.restore_layout()
    service.hold_model_until_painted(window)
    window.show()
    return window


def open_notes() -> Any:
    """The reader's library as a ``NotesService``. When the file cannot be opened at all
    (another program holds it, it comes from a newer Marginalia, the disk fails) the
    window still starts, without notes, and says why; a damaged file is set aside by
    the library itself, which says so in its warnings."""
    from reader.store.errors import StoreError
    from reader.store.library import Library
    from ui.notes_service import NotesService

    try:
        return NotesService(Library.open())
    except StoreError as error:
        return NotesService(None, f"{error} Highlights and notes are unavailable until then.")


def make_application() -> tuple[Any, Any]:
    """The QApplication, named and styled, and the settings kept in the config folder."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from reader.paths import config_dir

    if QApplication.instance() is None:
        _drop_platform_noise()
    app = QApplication.instance() or QApplication(sys.argv[:1] or ["marginalia"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationDisplayName(APPLICATION_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(ORGANIZATION_NAME)
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(application_icon())
    _apply_style_sheet(app)
    # The annotation worker runs Python for seconds on end; the window's thread gets
    # the interpreter back from it within 1 ms instead of Python's default 5 ms
    # (measured: the longest wait on it fell from ~30 ms to ~20, the work no slower).
    sys.setswitchinterval(WINDOW_SWITCH_INTERVAL)
    settings = QSettings(str(config_dir() / SETTINGS_FILE), QSettings.Format.IniFormat)
    return app, settings


# What Qt's offscreen platform (used by --screenshot) says about every main window.
_PLATFORM_NOISE = frozenset(
    {
        "This plugin does not support propagateSizeHints()",
        "This plugin does not support raise()",
    }
)


def _drop_platform_noise() -> None:
    """Print Qt's messages as Qt does, minus the offscreen platform's harmless notices."""
    from PySide6.QtCore import qInstallMessageHandler

    def handler(mode: Any, context: Any, message: str) -> None:
        if message in _PLATFORM_NOISE:
            return
        category = context.category if context is not None else None
        prefix = f"{category}: " if category and category != "default" else ""
        sys.stderr.write(f"{prefix}{message}\n")

    qInstallMessageHandler(handler)


def application_icon() -> Any:
    """The app's icon in every size drawn for it (resources/icons/hicolor, the same
    files the desktop's icon theme gets), for the windows and the About box."""
    from PySide6.QtGui import QIcon

    from reader.paths import resources_dir

    icon = QIcon()
    for path in sorted((resources_dir() / "icons" / "hicolor").glob("*/apps/*.png")):
        if path.stem == DESKTOP_FILE_NAME:
            icon.addFile(str(path))
    return icon


def _local_file(source: str) -> str:
    """A ``file://`` URL as the path it names: desktops open a file that way (the .desktop
    file's ``%u``, which also brings ``marginalia://`` links). Anything else as it is."""
    from PySide6.QtCore import QUrl

    url = QUrl(source)
    return url.toLocalFile() if url.isLocalFile() else source


def _apply_style_sheet(app: Any) -> None:
    from reader.paths import resources_dir

    path = resources_dir() / "style.qss"
    if path.exists():
        app.setStyleSheet(path.read_text(encoding="utf-8"))


def _screenshot(service: Any, settings: Any, source: str, out: Path, notes: Any = None) -> int:
    """Render the window once the highlights are in, with an entity picked; save it.

    A web page is downloaded here, before the window shows: nothing else is on screen.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    from ui.main_window import MainWindow

    article = _load_or_say_why(source)
    if article is None:
        return 1
    window = MainWindow(service, settings, remember_layout=False, notes=notes)
    window.resize(*SCREENSHOT_SIZE)
    try:
        failure = _show_and_wait_for_highlights(window, article)
        loop = QEventLoop()
        entity = window.entity_for_showcase()
        if entity is not None:
            window.select_entity(entity)
            # Wait for its definition cards too (the first look-up builds the
            # dictionary's index: seconds); without them the picture still shows the rest.
            if window.look_up(entity.name, entity=entity, mention=entity.mentions[0]):
                window.lookup_shown.connect(loop.quit)
                window.lookup_failed.connect(loop.quit)
                QTimer.singleShot(SCREENSHOT_LOOKUP_TIMEOUT_MS, loop.quit)
                loop.exec()
        # One more turn of the event loop so the panel's lists lay themselves out.
        QTimer.singleShot(0, loop.quit)
        loop.exec()
        if not window.grab().save(str(out), "PNG"):
            print(f"marginalia: cannot write the screenshot to {out}", file=sys.stderr)
            return 1
    finally:
        window.close()
        window.deleteLater()
    if failure:
        print(f"marginalia: {failure}", file=sys.stderr)
        return 1
    return 0


def _smoke_test(service: Any, settings: Any, source: str, out: Path, notes: Any) -> int:
    """Open the article, wait for the highlights, export it as File > Export does, and
    print Help > About's licences (a built app must carry what they name).

    Each step is announced on standard output as it is done, so that a caller can time
    them (packaging/smoke_test.py reports the time to the first highlight).
    """
    from PySide6.QtWidgets import QMessageBox

    from ui.main_window import MainWindow

    article = _load_or_say_why(source)
    if article is None:
        return 1
    window = MainWindow(service, settings, remember_layout=False, notes=notes)
    window.resize(*SCREENSHOT_SIZE)
    try:
        failure = _show_and_wait_for_highlights(window, article)
        if failure:
            print(f"marginalia: {failure}", file=sys.stderr)
            return 1
        found = window.annotations
        print(
            f"highlights shown: {len(found.entities)} entities, {len(found.quotes)} quotes, "
            f"{len(found.claims)} claims",
            flush=True,
        )
        if not window.export_to(out):
            message = window.findChild(QMessageBox, "errorMessage")
            reason = message.text() if message else "the library is not available"
            print(f"marginalia: cannot export the article: {reason}", file=sys.stderr)
            return 1
        print(f"exported: {out}", flush=True)
        about = window.show_about()
        print(f"about:\n{about.licences.toPlainText()}", flush=True)
        about.close()
        return 0
    finally:
        window.close()
        window.deleteLater()


def _load_or_say_why(source: str) -> Any:
    """The article at ``source``, or None after saying on standard error why not."""
    from reader.importers import ImportFailure, load_source

    try:
        return load_source(source)
    except ImportFailure as error:
        print(f"marginalia: {error}", file=sys.stderr)
        return None


def _show_and_wait_for_highlights(window: Any, article: Any) -> str:
    """Show ``article`` in ``window`` and wait until its highlights are in: "" when they
    are, else why not (annotation failed, or timed out)."""
    from PySide6.QtCore import QEventLoop, QTimer

    failure: list[str] = []
    loop = QEventLoop()
    window.annotations_shown.connect(loop.quit)
    window.annotation_failed.connect(failure.append)
    window.annotation_failed.connect(loop.quit)
    timeout = QTimer(singleShot=True, interval=SCREENSHOT_TIMEOUT_MS)
    timeout.timeout.connect(lambda: failure.append("Timed out waiting for the highlights."))
    timeout.timeout.connect(loop.quit)
    window.show()
    window.show_article(article)
    timeout.start()
    if window.annotations is None and not failure:
        loop.exec()
    timeout.stop()
    return failure[0] if failure else ""


if __name__ == "__main__":
    sys.exit(main())
