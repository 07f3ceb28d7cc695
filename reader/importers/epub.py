"""EPUB books (.epub): the chapters' text in reading order, with a table of contents.

An EPUB is a zip archive. ``META-INF/container.xml`` names the package document (the
OPF), whose metadata gives the title, authors (the byline), language, publisher (the
site) and date, whose manifest lists the files and whose spine puts the chapters in
reading order. Every chapter in the spine (XHTML, or HTML) is parsed and cleaned as a
web page is (``reader.importers.tree``), but all its text is kept: a chapter is the
book's own text, so the main-content extractors that web pages need would only lose
some. Its blocks (``reader.importers.blocks``) follow each other in one Article. The
navigation document that EPUB 3 books put in the spine is left out, since the
window shows the contents itself; footnotes (``<aside epub:type="footnote">``) stay
where they stand.

The table of contents comes from the EPUB 3 navigation document (``<nav
epub:type="toc">``), else from the EPUB 2 NCX, else from each chapter's first
heading. Each entry points at a chapter file, or an element inside one, and becomes
a ``ContentsEntry`` with the offset of the first paragraph at that place (the
chapter's first when the element is not there), in the book's order. A chapter
that begins without a heading gets its entry's title as one, so that the text shows
where chapters start.

The file is untrusted input. Only the files the book names are read, each within
the size cap for a file and all of them within ``MAX_TEXT_BYTES``; the zip's own
size checks stop a file from unpacking to more than it declares. The XML is parsed
without entities, DTDs or network access. A zip that is not an EPUB, a damaged or
cut-off archive, a book locked by DRM and one without text are refused with a
sentence that says so.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html

from reader.article import Article, ContentsEntry
from reader.importers import decoding
from reader.importers.blocks import HTML, Block, blocks_of
from reader.importers.charset import decode_html
from reader.importers.errors import ImportFailure
from reader.importers.metadata import similarity
from reader.importers.tree import clean_tree, parse_tree
from reader.normalise import normalise_inline

# Books carry pictures and fonts, which are never read: the file may be bigger than
# an article's, the text in it may not.
MAX_EPUB_BYTES = 100 * 1024 * 1024
MAX_TEXT_BYTES = 50 * 1024 * 1024
# A book has hundreds of files; an archive listing more is not a book.
MAX_ENTRIES = 20_000
_CONTAINER = "META-INF/container.xml"
_ENCRYPTION = "META-INF/encryption.xml"
_CHAPTER_TYPES = frozenset({"application/xhtml+xml", "text/html", "application/xml", "text/xml"})
_NCX_TYPE = "application/x-dtbncx+xml"
# Font obfuscation (IDPF and Adobe) "encrypts" fonts only; anything else is DRM.
_FONT_OBFUSCATION = frozenset(
    {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
)
_NOTES = ("footnote", "endnote", "rearnote", "note")
# Stands for a place the contents point at while a chapter's blocks are gathered: its
# own block, or removed from the block it ended up in (private-use characters).
_MARKER = re.compile("\ue000(\\d+)\ue001")
_SAME_TITLE = 0.8


@dataclass(frozen=True)
class _Target:
    title: str
    path: str  # the file inside the archive
    fragment: str  # an element id inside it, or ""
    level: int


@dataclass(frozen=True)
class _Package:
    metadata: dict[str, str]
    manifest: dict[str, tuple[str, str, str]]  # id -> (path, media type, properties)
    spine: list[str]  # paths in reading order
    nav: str  # path of the EPUB 3 navigation document, or ""
    ncx: str  # path of the EPUB 2 NCX, or ""


def import_epub(path: Path) -> Article:
    return parse_epub(decoding.read_bytes(path, MAX_EPUB_BYTES), source=str(path))


def parse_epub(data: bytes, source: str = "", *, name: str = "") -> Article:
    """The book in an EPUB's bytes; raises ``ImportFailure`` for what is not one."""
    name = name or Path(source).name or "book.epub"
    decoding.refuse_empty(data, name)
    if not data.startswith(b"PK"):
        raise ImportFailure(
            f"“{name}” is not an EPUB book: an EPUB is a zip archive, and this file is not "
            "one. It may be another kind of file with the wrong name."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise _damaged(name) from None
    with archive:
        return _Book(archive, name, source).article()


class _Book:
    def __init__(self, archive: zipfile.ZipFile, name: str, source: str):
        self.archive = archive
        self.name = name
        self.source = source
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ImportFailure(
                f"“{name}” holds more than {MAX_ENTRIES:,} files: it is not a book."
            )
        self.members = {info.filename: info for info in infos}
        self.folded = {filename.casefold(): filename for filename in self.members}
        self.text_budget = MAX_TEXT_BYTES

    # -- reading the archive -------------------------------------------------------

    def find(self, path: str) -> str | None:
        """The archive's name for ``path`` (matched without regard to case if need be)."""
        if path in self.members:
            return path
        return self.folded.get(path.casefold())

    def read(self, path: str, *, text: bool = False) -> bytes:
        member = self.find(path)
        if member is None:
            raise KeyError(path)
        info = self.members[member]
        if info.file_size > decoding.MAX_BYTES:
            raise ImportFailure(
                f"“{self.name}” has a part (“{member}”) that unpacks to more than "
                f"{decoding.MAX_BYTES // 1024 // 1024} MB: it is not a book Marginalia can "
                "open."
            )
        if text:
            self.text_budget -= info.file_size
            if self.text_budget < 0:
                raise ImportFailure(
                    f"“{self.name}” holds more than {MAX_TEXT_BYTES // 1024 // 1024} MB of "
                    "text, more than Marginalia opens."
                )
        try:
            return self.archive.read(info)
        except RuntimeError:  # zipfile's word for a password-protected member
            raise ImportFailure(
                f"“{self.name}” is locked with a password, so its text cannot be read."
            ) from None
        # NotImplementedError: a compression method zipfile does not know.
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError, NotImplementedError):
            raise _damaged(self.name, member) from None

    def xml(self, path: str) -> Any:
        """A small XML file of the package (container, OPF, NCX), or None if unreadable."""
        try:
            data = self.read(path)
        except KeyError:
            return None
        # A parser per file: lxml parsers must not be shared between threads, and
        # books are opened on the UI thread and downloaded on others.
        parser = lxml.etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=False
        )
        try:
            root = lxml.etree.fromstring(data, parser=parser)
        except (lxml.etree.XMLSyntaxError, ValueError):
            return None
        return root

    # -- the package ---------------------------------------------------------------

    def article(self) -> Article:
        package = self.package()
        self.refuse_drm(package)
        targets = self.contents(package)
        blocks, places, starts = self.chapters(package, targets)
        if not blocks:
            raise ImportFailure(
                f"“{self.name}” has no text to read: its chapters are empty or hold only pictures."
            )
        metadata = package.metadata
        article = Article.from_blocks(
            blocks,
            title=metadata.get("title", ""),
            byline=metadata.get("byline", ""),
            site=metadata.get("site", ""),
            published=metadata.get("published", ""),
            language=metadata.get("language", "") or "en",
            source=self.source,
        )
        entries: list[ContentsEntry] = []
        if targets:
            for number, target in enumerate(targets):
                index = places.get(number)
                if index is not None and index < len(article.paragraphs):
                    entries.append(
                        ContentsEntry(target.title, article.paragraphs[index].start, target.level)
                    )
        else:  # no contents in the book: each chapter's first heading
            for index in starts:
                paragraph = article.paragraphs[index]
                if paragraph.kind == "heading":
                    entries.append(
                        ContentsEntry(
                            article.text[paragraph.start : paragraph.end], paragraph.start
                        )
                    )
        return replace(article, contents=tuple(entries))

    def package(self) -> _Package:
        container = self.xml(_CONTAINER)
        if container is None:
            raise ImportFailure(
                f"“{self.name}” is a zip archive but not an EPUB book: it lacks the file "
                f"every EPUB has ({_CONTAINER}), or that file is damaged."
            )
        opf_path = ""
        for rootfile in container.iter("{*}rootfile"):
            media_type = rootfile.get("media-type") or "application/oebps-package+xml"
            if rootfile.get("full-path") and media_type == "application/oebps-package+xml":
                opf_path = _resolve("", rootfile.get("full-path"))
                break
        opf = self.xml(opf_path) if opf_path else None
        if opf is None or next(opf.iter("{*}spine"), None) is None:
            raise ImportFailure(
                f"“{self.name}” is not a complete EPUB book: the list of its contents (the "
                "package document) is missing or damaged."
            )
        directory = posixpath.dirname(opf_path)
        manifest: dict[str, tuple[str, str, str]] = {}
        for item in opf.iter("{*}item"):
            item_id, href = item.get("id"), item.get("href")
            if item_id and href:
                manifest[item_id] = (
                    _resolve(directory, href),
                    (item.get("media-type") or "").strip().lower(),
                    item.get("properties") or "",
                )
        nav = next((path for path, _, props in manifest.values() if "nav" in props.split()), "")
        spine_element = next(opf.iter("{*}spine"), None)
        spine: list[str] = []
        ncx = ""
        if spine_element is not None:
            for itemref in spine_element.iter("{*}itemref"):
                entry = manifest.get(itemref.get("idref") or "")
                if entry is not None and entry[1] in _CHAPTER_TYPES and entry[0] not in spine:
                    spine.append(entry[0])
            toc = manifest.get(spine_element.get("toc") or "")
            ncx = toc[0] if toc else ""
        if not ncx:
            ncx = next((p for p, kind, _ in manifest.values() if kind == _NCX_TYPE), "")
        return _Package(_metadata(opf), manifest, spine, nav, ncx)

    def refuse_drm(self, package: _Package) -> None:
        encryption = self.xml(_ENCRYPTION)
        if encryption is None:
            return
        chapters = {path.casefold() for path in package.spine}
        for data in encryption.iter("{*}EncryptedData"):
            method = next(data.iter("{*}EncryptionMethod"), None)
            algorithm = method.get("Algorithm") if method is not None else ""
            if algorithm in _FONT_OBFUSCATION:
                continue
            for reference in data.iter("{*}CipherReference"):
                uri = _resolve("", reference.get("URI") or "")
                if uri.casefold() in chapters:
                    raise ImportFailure(
                        f"“{self.name}” is protected by DRM (its chapters are encrypted), so "
                        "Marginalia cannot read it. Open a copy without DRM."
                    )

    # -- the table of contents -------------------------------------------------------

    def contents(self, package: _Package) -> list[_Target]:
        targets = self.nav_contents(package.nav) if package.nav else []
        if not targets and package.ncx:
            targets = self.ncx_contents(package.ncx)
        chapters = {path.casefold() for path in package.spine}
        return [t for t in targets if t.title and t.path.casefold() in chapters]

    def nav_contents(self, path: str) -> list[_Target]:
        try:
            root = self.html(path)
        except ImportFailure:
            return []
        if root is None:
            return []
        navs = [nav for nav in root.iter("nav") if "toc" in (nav.get("epub:type") or "").split()]
        navs = navs or list(root.iter("nav"))
        if not navs:
            return []
        directory = posixpath.dirname(path)
        targets: list[_Target] = []

        def walk(element: Any, level: int) -> None:
            for child in element:
                if not isinstance(child.tag, str):
                    continue
                if child.tag == "li":
                    link = next((a for a in child if getattr(a, "tag", "") in ("a", "span")), None)
                    next_level = level
                    if link is not None and link.tag == "a" and link.get("href"):
                        title = normalise_inline(link.text_content())
                        targets.append(_target(title, directory, link.get("href"), level))
                        next_level = level + 1
                    walk(child, next_level)
                elif child.tag in ("ol", "ul"):
                    walk(child, level)

        for list_element in navs[0].iter("ol", "ul"):
            walk(list_element, 0)
            break
        return targets

    def ncx_contents(self, path: str) -> list[_Target]:
        root = self.xml(path)
        nav_map = next(root.iter("{*}navMap"), None) if root is not None else None
        if nav_map is None:
            return []
        directory = posixpath.dirname(path)
        targets: list[_Target] = []

        def walk(element: Any, level: int) -> None:
            for point in element:
                if not isinstance(point.tag, str) or not point.tag.endswith("navPoint"):
                    continue
                label = next(point.iter("{*}text"), None)
                content = next((c for c in point if str(c.tag).endswith("content")), None)
                title = normalise_inline("".join(label.itertext())) if label is not None else ""
                if content is not None and content.get("src"):
                    targets.append(_target(title, directory, content.get("src"), level))
                walk(point, level + 1)

        walk(nav_map, 0)
        return targets

    # -- the chapters --------------------------------------------------------------

    def html(self, path: str) -> Any:
        """A chapter's cleaned element tree; None when the file is missing or has no text."""
        try:
            data = self.read(path, text=True)
        except KeyError:
            return None
        try:
            text = decode_html(data, path)
        except ImportFailure:  # empty, or not text at all
            return None
        root = parse_tree(text, self.name)
        for note in root.iter("aside"):
            if any(kind in (note.get("epub:type") or "") for kind in _NOTES):
                note.tag = "div"
        clean_tree(root)
        return root

    def chapters(
        self, package: _Package, targets: list[_Target]
    ) -> tuple[list[Block], dict[int, int], list[int]]:
        """Every chapter's blocks; the block each contents target points at (by target
        number); and the index of each chapter's first block."""
        by_path: dict[str, list[int]] = {}
        for number, target in enumerate(targets):
            by_path.setdefault(target.path.casefold(), []).append(number)
        blocks: list[Block] = []
        places: dict[int, int] = {}
        starts: list[int] = []
        for path in package.spine:
            if path == package.nav:
                continue
            numbers = by_path.get(path.casefold(), [])
            chapter, inside = self.chapter_blocks(self.html(path), numbers, targets)
            start = len(blocks)
            at_start = [n for n in numbers if inside.get(n, 0) == 0]
            if chapter and at_start and _with_heading(chapter, targets[at_start[0]].title):
                inside = {n: index + 1 for n, index in inside.items() if index > 0}
            for number in numbers:
                places[number] = start + inside.get(number, 0)
            if chapter:
                starts.append(start)
                blocks.extend(chapter)
        return blocks, places, starts

    def chapter_blocks(
        self, root: Any, numbers: list[int], targets: list[_Target]
    ) -> tuple[list[Block], dict[int, int]]:
        """A chapter's blocks, and the block (counted from the chapter's first) of each
        contents target that points at an element inside it."""
        if root is None:
            return [], {}
        body = root.find("body")
        body = body if body is not None else root
        for number in numbers:
            fragment = targets[number].fragment
            if not fragment:
                continue
            found = root.xpath("//*[@id = $name or @name = $name]", name=fragment)
            if not found or found[0] is body or found[0].getparent() is None:
                continue
            marker = lxml.html.Element("div")
            marker.text = f"\ue000{number}\ue001"
            found[0].addprevious(marker)
        result: list[Block] = []
        inside: dict[int, int] = {}
        for text, kind in blocks_of(body, HTML):
            here = [int(n) for n in _MARKER.findall(text)]
            if here:
                text = normalise_inline(_MARKER.sub("", text))
                for number in here:
                    inside[number] = len(result)
            if text:
                result.append((text, kind))
        # A target after the chapter's last block points at its last block.
        return result, {n: min(i, max(len(result) - 1, 0)) for n, i in inside.items()}


def _with_heading(chapter: list[Block], title: str) -> bool:
    """Make sure the chapter starts with a heading: its first block if that is the
    title (a styled paragraph), else the title put in front. True if put in front."""
    text, kind = chapter[0]
    if kind == "heading":
        return False
    if similarity(text, title) >= _SAME_TITLE and similarity(title, text) >= _SAME_TITLE:
        chapter[0] = (text, "heading")
        return False
    chapter.insert(0, (title, "heading"))
    return True


def _target(title: str, directory: str, href: str, level: int) -> _Target:
    path, _, fragment = href.partition("#")
    return _Target(title, _resolve(directory, path), unquote(fragment), level)


def _resolve(directory: str, href: str) -> str:
    """A path inside the archive from an href relative to ``directory``."""
    try:
        path = unquote(urlsplit(href.strip()).path)
    except ValueError:
        return ""
    if not path:
        return ""
    joined = posixpath.normpath(posixpath.join(directory, path)) if directory else path
    return posixpath.normpath(joined).lstrip("/")


def _metadata(opf: Any) -> dict[str, str]:
    """Title, byline, language, site and date from the OPF's Dublin Core metadata."""
    metadata = next(opf.iter("{*}metadata"), None)
    if metadata is None:
        return {}

    def values(name: str) -> list[str]:
        found = []
        for element in metadata.iter(f"{{*}}{name}"):
            text = normalise_inline("".join(element.itertext()))[:2000]
            if text:
                found.append(text)
        return found

    language = next(iter(values("language")), "")
    language = (
        re.split("[-_]", language)[0].lower()
        if re.fullmatch(r"[A-Za-z]{2,3}([-_]\w+)*", language)
        else ""
    )
    return {
        "title": next(iter(values("title")), ""),
        "byline": ", ".join(dict.fromkeys(values("creator"))),
        "site": next(iter(values("publisher")), ""),
        "published": next(iter(values("date")), ""),
        "language": language,
    }


def _damaged(name: str, part: str = "") -> ImportFailure:
    where = f" (“{part}” inside it cannot be unpacked)" if part else ""
    return ImportFailure(
        f"“{name}” is damaged or incomplete{where}: it may not have finished downloading. "
        "Get the book again and open the new copy."
    )
