"""The window's slice runner: long jobs take turns, a few milliseconds each per turn
of the event loop, so a panel's rows and the page's marks come along together."""

from __future__ import annotations

from PySide6.QtCore import QObject

from ui.slices import runner


def test_jobs_take_turns_until_each_is_done(qtbot) -> None:
    owner = QObject()
    order: list[str] = []
    steps = {"page": 12, "rows": 9, "panel": 6}

    def job(name: str):
        def run(seconds: float) -> bool:
            assert seconds > 0
            order.append(name)
            return order.count(name) < steps[name]

        return run

    jobs = [job(name) for name in steps]
    for each in jobs:
        runner().start(each, owner)
    qtbot.waitUntil(lambda: not any(runner().running(each) for each in jobs), timeout=5000)
    assert {name: order.count(name) for name in steps} == steps
    # While all three have work, none has a second step before the others had theirs.
    assert order[:18] == ["page", "rows", "panel"] * 6


def test_a_job_whose_owner_is_deleted_runs_no_more(qtbot) -> None:
    owner = QObject()
    calls: list[float] = []

    def job(seconds: float) -> bool:
        calls.append(seconds)
        return True

    runner().start(job, owner)
    qtbot.waitUntil(lambda: bool(calls))
    owner.deleteLater()
    qtbot.waitUntil(lambda: not runner().running(job))
    count = len(calls)
    qtbot.wait(30)
    assert len(calls) == count


def test_a_job_started_alone_has_each_of_its_turns_to_itself(qtbot) -> None:
    owner = QObject()
    turns = [0]

    def count_turn() -> None:
        turns[0] += 1

    # Counts the runner's turns: connected after its own slot, so it runs after each.
    runner()._timer.timeout.connect(count_turn)
    steps: list[tuple[str, int]] = []

    def job(name: str, count: int):
        def run(seconds: float) -> bool:
            steps.append((name, turns[0]))
            return sum(1 for step, _ in steps if step == name) < count

        return run

    rows, panel, page = job("rows", 8), job("panel", 3), job("page", 8)
    runner().start(rows, owner)
    runner().start(panel, owner, alone=True)
    runner().start(page, owner)
    try:
        qtbot.waitUntil(
            lambda: not any(runner().running(j) for j in (rows, panel, page)), timeout=5000
        )
    finally:
        runner()._timer.timeout.disconnect(count_turn)
    assert [name for name, _ in steps].count("panel") == 3
    for name, turn in steps:
        if name == "panel":
            assert [other for other, t in steps if t == turn] == ["panel"]
    # The other jobs still share their turns.
    assert any({"rows", "page"} <= {other for other, t in steps if t == turn} for _, turn in steps)
