"""Writing exports to files without ever clobbering one that is not ours.

A file is *ours* for an article when it is an earlier export of that article: a
Markdown file whose front matter has the article's ``marginalia_id``, or a JSON-LD
file whose collection ``id`` is the article's. Ours is replaced (keeping the
reader's notes region and front matter keys, see ``reader.export.markdown``);
anything else is left alone:

- ``write_export`` writes to the path the reader chose and refuses (``ExportError``)
  when a file there is not ours;
- ``export_to_folder`` names the files after the title and, when a name is taken by
  a file that is not ours, tries ``Title (2).md``, ``Title (3).md`` ... until one
  is free or ours. The Markdown and JSON-LD files of one article share a name.

Each file is written to a temporary file beside it and moved into place, so a
crash or a full disk never leaves half an export over a good one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.export.filenames import numbered, safe_stem
from reader.export.markdown import ID_KEY, render_markdown, split_front_matter
from reader.export.model import ExportData, ExportError, Format
from reader.export.web_annotation import collection_id, dumps, web_annotations

__all__ = ["Written", "export_to_folder", "is_ours", "paths_for", "write_export"]

SUFFIXES: dict[Format, str] = {"md": ".md", "annotations": ".jsonld"}
# An export's front matter is near its start; a file is not read further to judge it.
_READ_LIMIT = 1 << 20
# How far into a JSON-LD file the collection's id is looked for before reading it all.
_JSON_HEAD = 4096
# How many numbered names are tried in a folder before giving up.
_MAX_NUMBER = 1000


@dataclass(frozen=True)
class Written:
    path: Path
    format: Format
    replaced: bool  # an earlier export of the article was there and was updated


def is_ours(path: Path, export_id: str) -> bool:
    """Whether ``path`` is an earlier export of the article known as ``export_id``."""
    is_json = path.suffix.lower() == SUFFIXES["annotations"]
    try:
        with path.open("r", encoding="utf-8") as file:
            head = file.read(_READ_LIMIT)
            if is_json:
                # Where ``dumps`` puts the collection's id (an annotation's id goes on
                # after the article's, ``...:h-1"``, so it does not match) ...
                line = f'  "id": {json.dumps(collection_id(export_id))},'
                if line in head[:_JSON_HEAD].splitlines():
                    return True
                head += file.read()  # ... else the document is judged whole.
    except (OSError, UnicodeDecodeError):
        return False
    if is_json:
        try:
            data = json.loads(head)
        except ValueError:
            return False
        return isinstance(data, dict) and data.get("id") == collection_id(export_id)
    front, _ = split_front_matter(head)
    return front is not None and str(front.get(ID_KEY, "")) == export_id


def paths_for(path: Path, formats: Sequence[Format]) -> dict[Format, Path]:
    """Where each format goes when the reader chose ``path``: Markdown there, the
    JSON-LD beside it with the same name (or there, when it is the only format)."""
    if len(formats) == 1:
        return {formats[0]: path}
    return {f: path if f == "md" else path.with_suffix(SUFFIXES[f]) for f in formats}


def write_export(
    data: ExportData,
    path: Path,
    formats: Sequence[Format] = ("md",),
    *,
    template: str | None = None,
    now: datetime | None = None,
) -> list[Written]:
    """Write the export to ``path`` (and the JSON-LD beside it); ``ExportError`` if a
    file there is not an earlier export of this article."""
    targets = paths_for(path, _unique(formats))
    for target in targets.values():
        if target.exists() and not is_ours(target, data.export_id):
            raise ExportError(
                f"{target} already exists and is not an export of this article; "
                "it was left as it is (choose another file name)."
            )
    return _write_all(data, targets, template, now)


def export_to_folder(
    data: ExportData,
    folder: Path,
    formats: Sequence[Format] = ("md",),
    *,
    template: str | None = None,
    now: datetime | None = None,
    taken: set[str] | None = None,
) -> list[Written]:
    """Write the export into ``folder`` under a name made from the title.

    ``taken`` collects the names (case-folded) already used in this run, so that two
    articles whose titles differ only in case do not meet on a system that ignores
    case; pass the same set for every article of one run.
    """
    formats = _unique(formats)
    stem = safe_stem(data.article.display_title)
    taken = taken if taken is not None else set()
    for number in range(1, _MAX_NUMBER + 1):
        name = numbered(stem, number)
        targets = {f: folder / f"{name}{SUFFIXES[f]}" for f in formats}
        if name.casefold() in taken:
            continue
        if all(not t.exists() or is_ours(t, data.export_id) for t in targets.values()):
            taken.add(name.casefold())
            return _write_all(data, targets, template, now)
    raise ExportError(f"{folder} has no free name for “{stem}”.")


def _unique(formats: Sequence[Format]) -> list[Format]:
    unique = list(dict.fromkeys(formats))
    if not unique:
        raise ExportError("No export format was given.")
    return unique


def _write_all(
    data: ExportData,
    targets: dict[Format, Path],
    template: str | None,
    now: datetime | None,
) -> list[Written]:
    moment = now if now is not None else datetime.now(UTC)
    # Everything is rendered before anything is written: a broken template writes nothing.
    contents: list[tuple[Format, Path, str, bool]] = []
    for format, target in targets.items():
        replaced = target.exists()
        if format == "md":
            previous = _read(target) if replaced else None
            text = render_markdown(data, exported=moment, template=template, previous=previous)
        else:
            text = dumps(web_annotations(data, exported=moment))
        contents.append((format, target, text, replaced))
    written = []
    for format, target, text, replaced in contents:
        _write_atomically(target, text)
        written.append(Written(target, format, replaced))
    return written


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ExportError(f"{path} could not be read again to keep its notes: {error}") from error


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()  # left by an earlier run that was stopped
        with temporary.open("x", encoding="utf-8", newline="\n") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        if path.exists():
            with contextlib.suppress(OSError):
                shutil.copymode(path, temporary)
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise ExportError(f"{path} could not be written: {error.strerror or error}.") from error
