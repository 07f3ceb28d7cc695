"""A process writing notes is killed with SIGKILL, again and again: nothing it
reported as done is lost, and the library stays sound."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.store import Library
from reader.store.library import default_path

WRITER = Path(__file__).resolve().parent / "notes_writer.py"
ROUNDS = 24
# One round in four kills the writer this long (seconds, uniformly at random) after it
# starts, while it starts up and opens the library; the others this long after it
# said it is ready, while it writes.
KILL_AFTER_START = (0.02, 0.35)
KILL_AFTER_READY = (0.0, 0.25)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_notes_whose_command_returned_survive_kill_9(tmp_path: Path) -> None:
    rng = random.Random(20240501)
    added: set[int] = set()
    edited: set[int] = set()
    rounds_writing = 0
    for round_number in range(ROUNDS):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(tmp_path / "crash-test.txt")],
            stdout=subprocess.PIPE,
            text=True,
            env=os.environ.copy(),
        )
        assert writer.stdout is not None
        if round_number % 4 == 0:
            time.sleep(rng.uniform(*KILL_AFTER_START))
            output = ""
        else:
            output = writer.stdout.readline()
            assert output == "ready\n", "the writer did not start"
            time.sleep(rng.uniform(*KILL_AFTER_READY))
        writer.send_signal(signal.SIGKILL)
        output += writer.communicate(timeout=30)[0]
        assert writer.returncode == -signal.SIGKILL, "the writer stopped by itself"
        lines = [line for line in output.splitlines(keepends=True) if line.endswith("\n")]
        done = [line.split() for line in lines if line[0] in "AE"]
        rounds_writing += bool(done)
        added |= {int(number) for kind, number in done if kind == "A"}
        edited |= {int(number) for kind, number in done if kind == "E"}
    assert rounds_writing >= ROUNDS // 2, "too few kills landed while notes were written"

    with sqlite3.connect(default_path()) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        connection.execute("INSERT INTO notes_fts (notes_fts) VALUES ('integrity-check')")
    with Library.open() as library:
        assert library.warnings == ()  # nothing was moved aside on the way
        notes = {h.id: h for h in library.all_highlights()}
    assert added <= set(notes), f"lost: {sorted(added - set(notes))}"
    assert all(notes[number].note == f"edited {number}" for number in edited)
    print(
        f"\nSIGKILL: {ROUNDS} rounds ({rounds_writing} while writing), "
        f"{len(added)} notes and {len(edited)} edits reported, none lost; integrity ok"
    )
