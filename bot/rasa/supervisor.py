"""Keeping the service's processes running: a process that dies is started again, the others keep serving.

A process that dies is restarted after a back-off (1 s, doubling to 30 s) while the others go on. One that
keeps dying right after it starts (``GIVE_UP_AFTER`` times in a row, each within ``STARTUP_SECONDS``) is a
configuration or code fault a restart cannot mend: the supervisor gives up on it, says which and why (the last
lines of its log) and stops. What each process is doing is written to ``var/status.json`` for
``python -m bot status`` and the admin console.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

STARTUP_SECONDS = 120.0  # Rasa takes a minute to load a model on two cores
GIVE_UP_AFTER = 5
MAX_BACKOFF = 30.0


@dataclass
class Watched:
    """One supervised process and its record."""

    name: str
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    quick_deaths: int = 0  # deaths in a row, each soon after its start
    restart_at: float | None = None  # when the next start is due, while it is down
    last_exit: int | None = None


@dataclass(frozen=True)
class ProcessStatus:
    """A process as ``status.json`` tells it."""

    name: str
    pid: int | None
    state: str  # running, restarting, gave up
    restarts: int
    since: float  # epoch seconds of the last start
    last_exit: int | None
    log: str
    health_url: str  # answers when the process is up


class GaveUp(RuntimeError):
    """A process keeps dying at start-up; the message names it and quotes its log."""


def log_tail(path: Path, lines: int = 15) -> str:
    """The last lines of a log (empty when there is none)."""
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


@dataclass
class Supervisor:
    """Starts the named processes, restarts the ones that die, and records their state.

    ``spawners`` start one process each and return it; ``logs`` holds ``NAME.log`` for each.
    """

    spawners: Mapping[str, Callable[[], subprocess.Popen[bytes]]]
    logs: Path
    status_path: Path
    health_urls: Mapping[str, str] = field(default_factory=dict)
    clock: Callable[[], float] = time.monotonic
    watched: dict[str, Watched] = field(default_factory=dict)

    def start(self) -> None:
        """Start every process."""
        for name in self.spawners:
            self.watched[name] = Watched(name)
            self._start(self.watched[name])
        self.write_status()

    def add(self, spawners: Mapping[str, Callable[[], subprocess.Popen[bytes]]],
            health_urls: Mapping[str, str] | None = None) -> None:  # fmt: skip
        """Start more processes and watch them too (a deployment starts its databases before the rest)."""
        self.spawners = {**self.spawners, **spawners}
        self.health_urls = {**self.health_urls, **(health_urls or {})}
        for name in spawners:
            self.watched[name] = Watched(name)
            self._start(self.watched[name])
        self.write_status()

    def _start(self, item: Watched) -> None:
        item.process = self.spawners[item.name]()
        item.started_at, item.restart_at = self.clock(), None

    def check(self) -> list[str]:
        """Restart what died and is due; the names restarted now.

        Raises:
            GaveUp: a process died right after starting ``GIVE_UP_AFTER`` times in a row.
        """
        now, restarted = self.clock(), []
        for item in self.watched.values():
            if item.process is not None and item.process.poll() is not None:
                item.last_exit = item.process.returncode
                quick = now - item.started_at < STARTUP_SECONDS
                item.quick_deaths = item.quick_deaths + 1 if quick else 1
                item.process = None
                if item.quick_deaths >= GIVE_UP_AFTER:
                    self.write_status(gave_up=item.name)
                    raise GaveUp(
                        f"the {item.name} server stopped {item.quick_deaths} times in a row right after starting "
                        f"(last exit status {item.last_exit}); its log ({self.logs / (item.name + '.log')}) ends:\n"
                        + log_tail(self.logs / f"{item.name}.log")
                    )
                item.restart_at = now + min(MAX_BACKOFF, 2.0 ** (item.quick_deaths - 1))
            if item.process is None and item.restart_at is not None and now >= item.restart_at:
                item.restarts += 1
                self._start(item)
                restarted.append(item.name)
        if restarted or any(item.process is None for item in self.watched.values()):
            self.write_status()
        return restarted

    def statuses(self, gave_up: str | None = None) -> list[ProcessStatus]:
        """Each process as it is now."""
        wall = time.time() - self.clock()
        return [
            ProcessStatus(
                item.name,
                item.process.pid if item.process else None,
                "gave up" if item.name == gave_up else "running" if item.process else "restarting",
                item.restarts,
                wall + item.started_at,
                item.last_exit,
                str(self.logs / f"{item.name}.log"),
                self.health_urls.get(item.name, ""),
            )
            for item in self.watched.values()
        ]

    def write_status(self, gave_up: str | None = None) -> None:
        """``status.json``, replaced whole (a reader never sees half of it)."""
        partial = self.status_path.with_suffix(".partial")
        partial.write_text(json.dumps({"supervisor": os.getpid(), "processes": [asdict(s) for s in
                                                                                self.statuses(gave_up)]}))  # fmt: skip
        partial.replace(self.status_path)

    def stop(self) -> None:
        """Stop every process (SIGTERM, then SIGKILL after 20 s) and say so in ``status.json``."""
        running = [item.process for item in self.watched.values() if item.process and item.process.poll() is None]
        for process in running:
            process.terminate()
        for process in running:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.status_path.unlink(missing_ok=True)
