"""Which parts of the service are up: what the supervisor recorded, checked against each part's own answer."""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PartHealth:
    """One process of the service as ``python -m bot status`` and the admin console show it."""

    name: str
    state: str  # answering, not answering, restarting, gave up
    pid: int | None
    restarts: int
    since: float  # epoch seconds of its last start
    last_exit: int | None
    log: str


def answers(url: str, timeout: float = 2.0) -> bool:
    """Whether ``url`` answers with a success (``tcp://host:port``: accepts a connection, as PostgreSQL and Redis)."""
    if url.startswith("tcp://"):
        host, _, port = url[len("tcp://") :].rpartition(":")
        try:
            with socket.create_connection((host, int(port)), timeout=timeout):
                return True
        except (OSError, ValueError):
            return False
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - our own loopback ports
            return bool(200 <= response.status < 300)
    except (urllib.error.URLError, OSError, ValueError):
        return False


def supervisor_running(var_dir: Path) -> bool:
    """Whether a supervisor wrote ``status.json`` and is still alive."""
    try:
        pid = int(json.loads((var_dir / "status.json").read_text())["supervisor"])
        os.kill(pid, 0)
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def report(var_dir: Path) -> list[PartHealth]:
    """Each supervised process, with whether it answers now; empty when the service is not running."""
    try:
        recorded = json.loads((var_dir / "status.json").read_text())["processes"]
    except (OSError, ValueError, KeyError):
        return []
    parts = []
    for item in recorded:
        state = item["state"]
        if state == "running":
            state = "answering" if item.get("health_url") and answers(item["health_url"]) else "not answering"
        parts.append(PartHealth(item["name"], state, item.get("pid"), int(item.get("restarts", 0)),
                                float(item.get("since", 0)), item.get("last_exit"), item.get("log", "")))  # fmt: skip
    return parts
