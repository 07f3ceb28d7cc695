"""Smoke test of the built app (``make package-test``): does the folder work on its own?

Runs the bundled program, never the source tree's code, with a fresh data folder
(``MARGINALIA_HOME``) and web access pointed at a closed port, so that anything the
app tried to fetch at run time would fail here:

1. ``marginalia --version`` says the version in pyproject.toml;
2. the window (offscreen unless ``QT_QPA_PLATFORM`` says otherwise) opens the sample
   article, waits for the highlights, exports it as Markdown, prints Help > About's
   licences and quits (``marginalia --smoke-test OUT.md``); the time from launch to
   the first highlight is reported, and the licences must name the bundled pipeline's
   and carry WordNet's notice;
3. ``marginalia define`` finds a word in the bundled dictionary (WordNet);
4. ``marginalia annotate --no-nlp`` imports a saved web page (the HTML extractors);
5. the folder's install-linux.sh installs it into a temporary home folder, where the
   installed command runs and the menu entry names it, and uninstall-linux.sh removes
   it again.

Exit status 0 when all pass, 1 with the reason otherwise. Standard library only, so
it runs with any Python 3.11.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample-article.md"
# Each run of the program gets this long before it is killed (seconds). The first
# look-up builds the dictionary's index, which takes the longest.
TIMEOUT = 300
CLOSED_PORT_PROXY = "http://127.0.0.1:9"
APP_ID = "org.marginalia.Marginalia"

WEB_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Bridge reopens after repairs</title>
<meta property="og:site_name" content="The Riverside Gazette"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Bridge reopens after repairs</h1>
<p>The old stone bridge over the River Avon reopened on Monday after eight months of
repairs that cost the county council £3.2 million.</p>
<p>Engineers found that the floods of 2023 had washed away much of the mortar
between the stones of the central arch, the council said in a statement.</p>
<p>"We are glad to have it back," said Maria Lopez, who runs the bakery beside it.</p>
</article><footer>Copyright The Riverside Gazette</footer></body></html>
"""


class Failed(Exception):
    """A check failed; the message says which and why."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "bundle", type=Path, nargs="?", default=ROOT / "dist" / "marginalia",
        help="the built app's folder (default: dist/marginalia)",
    )  # fmt: skip
    options = parser.parse_args(argv)
    program = options.bundle / "marginalia"
    if not program.is_file():
        print(f"smoke test: no built app at {program}; run `make package` first", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="marginalia-smoke-") as folder:
        home = Path(folder)
        env = _environment(home)
        try:
            check_version(program, env)
            first_highlight = check_window(program, env, home)
            check_dictionary(program, env)
            check_web_page(program, env, home)
            check_install(options.bundle, env, home / "home")
        except Failed as failure:
            print(f"smoke test FAILED: {failure}", file=sys.stderr)
            return 1
    print("smoke test passed")
    print(f"time to first highlight: {first_highlight:.2f} s (from launch, fresh data folder)")
    return 0


def _environment(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["MARGINALIA_HOME"] = str(home / "marginalia-home")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        env[name] = CLOSED_PORT_PROXY
    for name in ("no_proxy", "NO_PROXY"):
        env.pop(name, None)
    return env


def check_version(program: Path, env: dict[str, str]) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    out = _run(program, ["--version"], env).stdout.strip()
    expected = f"{project['name']} {project['version']}"
    if out != expected:
        raise Failed(f"--version said {out!r}, expected {expected!r}")
    _passed("version", out)


def check_window(program: Path, env: dict[str, str], home: Path) -> float:
    """Seconds from launch to the first highlight on the page."""
    out = home / "exported.md"
    errors = home / "window-stderr.txt"
    started = time.monotonic()
    with errors.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [str(program), "--smoke-test", str(out), str(SAMPLE)],
            stdout=subprocess.PIPE, stderr=stderr, env=env, text=True, encoding="utf-8",
        )  # fmt: skip
        watchdog = threading.Timer(TIMEOUT, process.kill)
        watchdog.start()
        first_highlight = None
        shown = ""
        said: list[str] = []
        try:
            assert process.stdout is not None
            for line in process.stdout:
                if line.startswith("highlights shown:") and first_highlight is None:
                    first_highlight = time.monotonic() - started
                    shown = line.strip()
                said.append(line)
            status = process.wait()
        finally:
            watchdog.cancel()
    complaints = errors.read_text(encoding="utf-8")
    if status != 0:
        raise Failed(f"the window exited with status {status}:\n{complaints}")
    if "Traceback" in complaints:
        raise Failed(f"the window reported an error:\n{complaints}")
    if first_highlight is None:
        raise Failed("the window never said the highlights were shown")
    entities = re.match(r"highlights shown: (\d+) entities", shown)
    if entities is None or int(entities[1]) == 0:
        raise Failed(f"no entities were highlighted ({shown})")
    _check_export(out)
    _passed("window", f"{shown}; exported {out.stat().st_size:,} bytes of Markdown")
    _check_licences("".join(said).partition("about:\n")[2])
    return first_highlight


def _check_export(path: Path) -> None:
    if not path.is_file():
        raise Failed(f"the export {path.name} was not written")
    text = path.read_text(encoding="utf-8")
    for expected in ("---\n", "title: Tewkesbury flood wall", "marginalia_id:", "entities:"):
        if expected not in text:
            raise Failed(f"the export lacks {expected!r}:\n{text[:1000]}")


def _check_licences(about: str) -> None:
    """Help > About names the bundled pipeline's licence and sources (read from its
    meta.json in the bundle) and carries WordNet's notice (read from its LICENSE)."""
    for expected in (
        "en_core_web_sm",
        "OntoNotes 5",
        "WordNet 3.0 Copyright 2006 by Princeton University",
        "LGPLv3",
    ):
        if expected not in about:
            raise Failed(f"Help > About lacks {expected!r}:\n{about}")
    _passed("about", "the pipeline's licence and sources, WordNet's notice, Qt's LGPLv3")


def check_dictionary(program: Path, env: dict[str, str]) -> None:
    started = time.monotonic()
    result = _run(program, ["define", "flood", "--json"], env)
    found = json.loads(result.stdout)
    sources = [card["source"] for card in found["cards"]]
    if "dictionary" not in sources:
        raise Failed(f"`define flood` found no dictionary card: {result.stdout[:500]}")
    seconds = time.monotonic() - started
    _passed("dictionary", f"WordNet defines “flood” ({seconds:.1f} s, index built on first use)")


def check_web_page(program: Path, env: dict[str, str], home: Path) -> None:
    page = home / "bridge.html"
    page.write_text(WEB_PAGE, encoding="utf-8")
    result = _run(program, ["annotate", "--no-nlp", str(page), "--json"], env)
    article = json.loads(result.stdout)["article"]
    if article["title"] != "Bridge reopens after repairs" or "Maria Lopez" not in article["text"]:
        raise Failed(f"the web page was not imported as expected: {result.stdout[:500]}")
    if "Copyright" in article["text"]:
        raise Failed("the web page's footer was kept as if it were the article")
    _passed("web page", f"imported “{article['title']}”, {len(article['text'])} characters")


def check_install(bundle: Path, env: dict[str, str], user_home: Path) -> None:
    env = {name: value for name, value in env.items() if not name.startswith("XDG_")}
    env["HOME"] = str(user_home)
    _run(bundle / "install-linux.sh", [], env)
    command = user_home / ".local" / "bin" / "marginalia"
    entry = user_home / ".local" / "share" / "applications" / f"{APP_ID}.desktop"
    icon = user_home / ".local" / "share" / "icons" / "hicolor" / "48x48" / "apps"
    for installed in (command, entry, icon / f"{APP_ID}.png"):
        if not installed.exists():
            raise Failed(f"install-linux.sh did not install {installed.relative_to(user_home)}")
    _run(command, ["--version"], env)
    target = user_home / ".local" / "lib" / "marginalia" / "marginalia"
    if f'Exec="{target}" %u' not in entry.read_text(encoding="utf-8"):
        raise Failed(f"the installed menu entry does not run {target}")
    _run(bundle / "uninstall-linux.sh", [], env)
    left = [str(path.relative_to(user_home)) for path in user_home.rglob(f"*{APP_ID}*")]
    if left or command.exists() or target.exists():
        raise Failed(f"uninstall-linux.sh left {left or [command, target]}")
    _passed("install", "install-linux.sh and uninstall-linux.sh in a temporary home folder")


def _run(program: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        result = subprocess.run(
            [str(program), *args], capture_output=True, text=True, encoding="utf-8",
            env=env, timeout=TIMEOUT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as error:
        raise Failed(f"marginalia {' '.join(args)} took longer than {TIMEOUT} s") from error
    if result.returncode != 0 or "Traceback" in result.stderr:
        raise Failed(
            f"marginalia {' '.join(args)} exited with status {result.returncode}:\n{result.stderr}"
        )
    return result


def _passed(check: str, detail: str) -> None:
    print(f"ok  {check}: {detail}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
