"""Fixtures shared by every test: an isolated data folder, the shared corpus, EPUB
books built by hand, a web site on 127.0.0.1 and WordNet's index (built once per
session)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.definitions.encyclopedia import BASE_URL_ENV
from reader.definitions.wordnet_index import INDEX_FILE, build_index
from reader.nlp.annotate import Annotator
from reader.paths import HOME_ENV

# GUI tests run offscreen unless the caller chose a platform (QT_QPA_PLATFORM=xcb ...).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# The read-only corpus of real articles lies beside the repository.
CORPUS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite the golden files (tests/reader/golden/) from the current output",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether golden files are rewritten rather than compared (``--update-goldens``)."""
    return bool(request.config.getoption("--update-goldens"))


def pytest_configure(config: pytest.Config) -> None:
    # The offscreen platform has no window manager to pass size hints to or raise a
    # window with, and says so (for every main window, every tooltip); that is not a
    # fault in the code under test.
    with contextlib.suppress(ValueError):  # ValueError: pytest-qt is not installed
        config.addinivalue_line(
            "qt_log_ignore", r"^This plugin does not support (propagateSizeHints|raise)\(\)$"
        )


@pytest.fixture(autouse=True)
def marginalia_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; nothing touches the real home."""
    home = tmp_path / "marginalia-home"
    monkeypatch.setenv(HOME_ENV, str(home))
    return home


@pytest.fixture(autouse=True)
def no_encyclopedia(monkeypatch: pytest.MonkeyPatch) -> None:
    """Online look-ups in any test go to a port on 127.0.0.1 where nothing listens,
    unless the test points them at its own server: no test reaches the encyclopedia."""
    monkeypatch.setenv(BASE_URL_ENV, "http://127.0.0.1:9/summary/")


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"the shared corpus is not at {CORPUS_DIR} (it lives beside the repository)")
    return CORPUS_DIR


@pytest.fixture
def shared_article(corpus_dir: Path) -> Path:
    return corpus_dir / "articles" / "000_f6c939476cc06028.txt"


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    """One real English pipeline for the whole run: loading it takes a second or two."""
    return Annotator()


# -- EPUB books, built by hand ----------------------------------------------------------

CONTAINER_XML = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""

BOOK_CHAPTERS = [
    (
        "The River",
        ["The river rose through the night, and by morning the meadows were a lake.",
         "Anna Price walked down to the bridge at six to see how high it had come."],
    ),
    (
        "The Wall",
        ["The council had promised a wall for ten years. Nobody believed it any more.",
         "Engineers from York came in the spring with drawings and a budget."],
    ),
    (
        "The Flood",
        ["When the water came again the wall held, and the high street stayed dry.",
         "Anna Price stood on the bridge and watched the river go by below her."],
    ),
]  # fmt: skip


def _chapter_xhtml(title: str, paragraphs: list[str], heading: bool) -> str:
    body = f"<h1 id='top'>{title}</h1>" if heading else ""
    body += "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{title}</title></head><body><section>{body}</section></body></html>"
    )


def build_epub(
    chapters: list[tuple[str, list[str]]] | None = None,
    *,
    title: str = "A Year of Floods",
    author: str = "Jane Doe",
    toc: str = "nav",
    headings: bool = True,
    files: dict[str, bytes | str] | None = None,
) -> bytes:
    """An EPUB's bytes: one XHTML file per chapter, an EPUB 3 navigation document
    (``toc="nav"``) or an EPUB 2 NCX (``toc="ncx"``) or neither (``toc=""``)."""
    import io
    import zipfile

    chapters = BOOK_CHAPTERS if chapters is None else chapters
    names = [f"text/chapter{n}.xhtml" for n in range(1, len(chapters) + 1)]
    manifest = "".join(
        f'<item id="c{n}" href="{name}" media-type="application/xhtml+xml"/>'
        for n, name in enumerate(names, start=1)
    )
    spine = "".join(f'<itemref idref="c{n}"/>' for n in range(1, len(chapters) + 1))
    contents: dict[str, str] = {}
    if toc == "nav":
        manifest += (
            '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
        )
        links = "".join(
            f'<li><a href="{name}">{chapter_title}</a></li>'
            for name, (chapter_title, _) in zip(names, chapters, strict=True)
        )
        contents["OEBPS/nav.xhtml"] = (
            '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
            'xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head>'
            f'<body><nav epub:type="toc"><h1>Contents</h1><ol>{links}</ol></nav></body></html>'
        )
        spine = '<itemref idref="nav"/>' + spine
    elif toc == "ncx":
        manifest += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
        points = "".join(
            f'<navPoint id="p{n}" playOrder="{n}"><navLabel><text>{chapter_title}</text>'
            f'</navLabel><content src="{name}"/></navPoint>'
            for n, (name, (chapter_title, _)) in enumerate(zip(names, chapters, strict=True), 1)
        )
        contents["OEBPS/toc.ncx"] = (
            '<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" '
            f'version="2005-1"><navMap>{points}</navMap></ncx>'
        )
    spine_toc = ' toc="ncx"' if toc == "ncx" else ""
    contents["OEBPS/content.opf"] = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:identifier id="id">urn:uuid:1</dc:identifier><dc:title>{title}</dc:title>'
        f"<dc:creator>{author}</dc:creator><dc:language>en-GB</dc:language>"
        "<dc:publisher>Riverside Press</dc:publisher><dc:date>2024-03-01</dc:date>"
        f"</metadata><manifest>{manifest}</manifest><spine{spine_toc}>{spine}</spine></package>"
    )
    for name, (chapter_title, paragraphs) in zip(names, chapters, strict=True):
        contents[f"OEBPS/{name}"] = _chapter_xhtml(chapter_title, paragraphs, headings)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        files = {"META-INF/container.xml": CONTAINER_XML, **contents, **(files or {})}
        for name, data in files.items():
            archive.writestr(name, data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


@pytest.fixture
def make_epub() -> Callable[..., bytes]:
    """``build_epub`` (above): the bytes of a small EPUB book, built by hand."""
    return build_epub


# -- a web site on 127.0.0.1 -------------------------------------------------------------

Response = tuple[int, dict[str, str], bytes]


class LocalSite:
    """Pages served on 127.0.0.1 from ``routes`` (path -> status, headers, body; or a
    callable taking the request handler). ``release`` ends the waits of slow pages."""

    def __init__(self) -> None:
        import http.server
        import threading

        self.routes: dict[str, Response | Callable[[Any], None]] = {}
        self.requests: list[str] = []
        self.release = threading.Event()
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                route = site.routes.get(self.path)
                if route is None:
                    route = (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet: the tests say what matters

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}{path}"

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def local_site(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalSite]:
    """A web site on 127.0.0.1, reached without any proxy the environment names."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    site = LocalSite()
    yield site
    site.close()


@pytest.fixture
def encyclopedia_site(local_site: LocalSite, monkeypatch: pytest.MonkeyPatch) -> LocalSite:
    """A fake Wikipedia: ``local_site`` where online look-ups go (``/summary/TITLE``
    routes answer them), instead of the closed port ``no_encyclopedia`` names."""
    monkeypatch.setenv(BASE_URL_ENV, local_site.url("/summary/"))
    return local_site


@pytest.fixture
def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (connecting is refused)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def wordnet_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[float]]:
    """WordNet's index, built once for the whole run (it takes a few seconds), and the
    fractions its progress callback reported."""
    path = tmp_path_factory.mktemp("wordnet") / INDEX_FILE
    fractions: list[float] = []
    build_index(path, lambda fraction, message: fractions.append(fraction))
    return path, fractions


@pytest.fixture
def wordnet_index_file(wordnet_build: tuple[Path, list[float]]) -> Path:
    return wordnet_build[0]


@pytest.fixture
def wordnet_in_cache(wordnet_index_file: Path, marginalia_home: Path) -> Path:
    """The session's index in this test's cache folder, as if built there before."""
    cache = marginalia_home / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / INDEX_FILE
    try:
        os.link(wordnet_index_file, target)  # read-only use: one file for every test
    except OSError:
        target.write_bytes(wordnet_index_file.read_bytes())
    return target
