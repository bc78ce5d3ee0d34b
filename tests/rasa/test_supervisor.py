"""The supervisor with real processes: one that dies is started again while the others keep running; one that
keeps dying right after it starts is given up on, named, with the end of its log."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.rasa.supervisor import GIVE_UP_AFTER, GaveUp, Supervisor


def spawner(logs: Path, name: str, code: str) -> Callable[[], subprocess.Popen[bytes]]:
    def spawn() -> subprocess.Popen[bytes]:
        with (logs / f"{name}.log").open("ab") as out:
            return subprocess.Popen([sys.executable, "-c", code], stdout=out, stderr=subprocess.STDOUT)

    return spawn


class Clock:
    """Seconds that pass when the test says so (the processes are real; only waiting is skipped)."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_process_that_dies_is_started_again_and_the_others_keep_running(tmp_path: Path) -> None:
    marker = tmp_path / "died-once"
    dies_once = f"import pathlib, sys, time\np = pathlib.Path({str(marker)!r})\nif not p.exists():\n" \
                "    p.touch(); print('out of memory'); sys.exit(137)\ntime.sleep(60)"  # fmt: skip
    clock = Clock()
    supervisor = Supervisor({"steady": spawner(tmp_path, "steady", "import time; time.sleep(60)"),
                             "flaky": spawner(tmp_path, "flaky", dies_once)}, tmp_path, tmp_path / "status.json",
                            clock=clock)  # fmt: skip
    supervisor.start()
    try:
        steady = supervisor.watched["steady"].process
        flaky = supervisor.watched["flaky"].process
        assert steady is not None and flaky is not None
        assert flaky.wait(timeout=30) == 137
        assert supervisor.check() == []  # noticed; restarted after a second of back-off
        status = json.loads((tmp_path / "status.json").read_text())["processes"]
        assert {p["name"]: p["state"] for p in status} == {"steady": "running", "flaky": "restarting"}
        clock.now += 1.5
        assert supervisor.check() == ["flaky"]
        assert supervisor.watched["steady"].process is steady and steady.poll() is None  # never touched
        again = supervisor.watched["flaky"].process
        assert again is not None and again.pid != flaky.pid and again.poll() is None
        status = json.loads((tmp_path / "status.json").read_text())["processes"]
        assert [(p["name"], p["state"], p["restarts"], p["last_exit"]) for p in status] == [
            ("steady", "running", 0, None), ("flaky", "running", 1, 137)]  # fmt: skip
    finally:
        supervisor.stop()
    assert steady.poll() is not None and not (tmp_path / "status.json").exists()


def test_a_process_that_keeps_dying_at_start_is_given_up_on_with_its_log(tmp_path: Path) -> None:
    clock = Clock()
    broken = "import sys; print('endpoints.yml: action_endpoint.url is not set'); sys.exit(1)"
    supervisor = Supervisor({"actions": spawner(tmp_path, "actions", broken),
                             "steady": spawner(tmp_path, "steady", "import time; time.sleep(60)")},
                            tmp_path, tmp_path / "status.json", clock=clock)  # fmt: skip
    supervisor.start()
    try:
        with pytest.raises(GaveUp) as gave_up:
            for _ in range(GIVE_UP_AFTER * 2):
                process = supervisor.watched["actions"].process
                if process is not None:
                    process.wait(timeout=30)
                clock.now += 31  # past the longest back-off, within the start-up window
                supervisor.check()
        message = str(gave_up.value)
        assert "the actions server stopped 5 times in a row right after starting" in message
        assert "action_endpoint.url is not set" in message  # the end of its log says why
        status = json.loads((tmp_path / "status.json").read_text())["processes"]
        assert {p["name"]: p["state"] for p in status}["actions"] == "gave up"
    finally:
        supervisor.stop()
