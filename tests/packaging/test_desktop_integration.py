"""The Linux desktop files (packaging/linux/, the icons in resources/icons/): they
validate, name the app by one id everywhere, and install and uninstall for a user."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from configparser import ConfigParser
from pathlib import Path

import pytest

from reader import __version__
from ui.about_dialog import PROJECT_URL
from ui.app import DESKTOP_FILE_NAME

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
HICOLOR = ROOT / "resources" / "icons" / "hicolor"
APP_ID = "org.marginalia.Marginalia"
DESKTOP_FILE = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 32, 48, 64, 128, 256)
MIME_TYPES = {
    "text/plain",
    "text/markdown",
    "text/html",
    "application/xhtml+xml",
    "application/epub+zip",
    "x-scheme-handler/marginalia",
}


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian/Ubuntu: the package that has it)")
    return path


def _desktop_entry(path: Path = DESKTOP_FILE) -> dict[str, str]:
    parser = ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys keep their case
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def _metainfo() -> ET.Element:
    return ET.parse(METAINFO).getroot()


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def test_desktop_file_validates() -> None:
    result = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP_FILE)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""  # no warnings or hints either


def test_metainfo_validates() -> None:
    result = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "E: " not in result.stdout and "W: " not in result.stdout, result.stdout


def test_one_app_id_everywhere() -> None:
    assert DESKTOP_FILE_NAME == APP_ID  # QApplication.setDesktopFileName
    assert _desktop_entry()["Icon"] == APP_ID
    root = _metainfo()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable[@type='desktop-id']") == f"{APP_ID}.desktop"
    assert root.findtext("icon[@type='stock']") == APP_ID
    icons = sorted(path.name for path in HICOLOR.glob("*/apps/*"))
    assert icons == sorted([f"{APP_ID}.svg"] + [f"{APP_ID}.png"] * len(ICON_SIZES))
    for text_file in (
        ROOT / "packaging" / "marginalia.spec",
        LINUX / "install-linux.sh",
        LINUX / "uninstall-linux.sh",
        ROOT / "packaging" / "smoke_test.py",
    ):
        assert re.search(rf"\bAPP_ID\s*=\s*\"?{re.escape(APP_ID)}\"?$", text_file.read_text(), re.M)


def test_desktop_file_opens_what_the_app_opens() -> None:
    entry = _desktop_entry()
    assert set(filter(None, entry["MimeType"].split(";"))) == MIME_TYPES
    assert entry["Exec"] == "marginalia %u"  # one file, URL or marginalia:// link
    provided = {element.text for element in _metainfo().iter("mediatype")}
    assert provided == MIME_TYPES - {"x-scheme-handler/marginalia"}


def test_metainfo_matches_the_project() -> None:
    root = _metainfo()
    project = _project()
    assert root.findtext("project_license") == project["license"] == "MIT"
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("url[@type='homepage']") == PROJECT_URL
    assert project["urls"]["Homepage"] == PROJECT_URL
    assert root.find("releases/release").get("version") == project["version"] == __version__
    assert root.find("content_rating") is not None
    screenshot = root.findtext("screenshots/screenshot/image")
    raw = PROJECT_URL.replace("github.com", "raw.githubusercontent.com")
    assert screenshot.startswith(f"{raw}/main/")
    assert (ROOT / screenshot.removeprefix(f"{raw}/main/")).is_file()  # the picture is committed


def test_icons_are_rendered_in_every_size() -> None:
    for size in ICON_SIZES:
        png = (HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (size, size)


def test_install_and_uninstall_for_a_user(tmp_path: Path) -> None:
    """install-linux.sh and uninstall-linux.sh, run from a stand-in for the built folder
    laid out as packaging/marginalia.spec lays it out."""
    bundle = tmp_path / "dist" / "marginalia"
    program = bundle / "marginalia"
    program.parent.mkdir(parents=True)
    program.write_text("#!/bin/sh\necho marginalia 0.1.0\n", encoding="utf-8")
    program.chmod(0o755)
    shutil.copytree(HICOLOR, bundle / "share" / "icons" / "hicolor")
    for source, folder in ((DESKTOP_FILE, "applications"), (METAINFO, "metainfo")):
        (bundle / "share" / folder).mkdir(parents=True)
        shutil.copy(source, bundle / "share" / folder)
    for script in ("install-linux.sh", "uninstall-linux.sh"):
        shutil.copy(LINUX / script, bundle / script)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env["HOME"] = str(home)

    subprocess.run(["sh", str(bundle / "install-linux.sh")], env=env, check=True)
    share = home / ".local" / "share"
    installed = home / ".local" / "lib" / "marginalia" / "marginalia"
    command = home / ".local" / "bin" / "marginalia"
    assert subprocess.run([command], capture_output=True, text=True).stdout == "marginalia 0.1.0\n"
    entry = share / "applications" / f"{APP_ID}.desktop"
    assert _desktop_entry(entry)["Exec"] == f'"{installed}" %u'
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(entry)], check=True)

    subprocess.run(["sh", str(bundle / "uninstall-linux.sh")], env=env, check=True)
    assert not command.exists() and not command.is_symlink()
    assert not installed.parent.exists()
    assert list(home.rglob(f"*{APP_ID}*")) == []
