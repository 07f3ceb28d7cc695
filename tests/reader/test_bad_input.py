"""Every kind of bad input, on the command line: a message each, exit status 1, the
good articles among them still printed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

MARGINALIA = Path(sys.executable).with_name("marginalia")


def bad_inputs(tmp_path: Path, make_epub, local_site) -> dict[str, str]:
    """Path or address -> the words its message must contain."""

    def write(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    local_site.routes["/loop"] = (302, {"Location": "/loop"}, b"")
    return {
        write("empty.txt", b""): "“empty.txt” is empty",
        write("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 4): "binary file",
        write("cut.epub", make_epub()[:-200]): "“cut.epub” is damaged or incomplete",
        str(big): "“big.txt” is 50 MB, more than the 20 MB",
        write("bomb.html", b"<div>" * 100_000 + b"x"): "nested more than 255 deep",
        write("photos.epub", b"PK\x03\x04" + bytes(100)): "“photos.epub” is damaged",
        write("book.zip", make_epub(files={"META-INF/container.xml": b""})): "not an EPUB book",
        local_site.url("/loop"): "redirects in a loop",
        local_site.url("/nothing-here"): "There is no page at",
    }


def test_each_bad_input_gets_its_message_and_the_exit_status_says_so(
    tmp_path: Path, make_epub, local_site
) -> None:
    cases = bad_inputs(tmp_path, make_epub, local_site)
    good = tmp_path / "good.md"
    good.write_text("# Good\n\nA short article.", encoding="utf-8")
    result = subprocess.run(
        [str(MARGINALIA), "annotate", "--no-nlp", "--json", *cases, str(good)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == len(cases), result.stderr
    for line, words in zip(lines, cases.values(), strict=True):
        assert line.startswith("marginalia: ")
        assert words in line
    assert "Traceback" not in result.stderr
    assert json.loads(result.stdout)["article"]["title"] == "Good"
