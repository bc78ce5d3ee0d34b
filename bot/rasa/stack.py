"""Starting and stopping the processes of the service: the action server and the Rasa server.

Used by ``python -m bot serve`` and by the tests, so both run the stack the same way.
Everything listens on loopback only.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bot.context import build_context
from bot.settings import PROJECT_ROOT, Settings
from bot.training.fingerprint import fingerprint
from bot.training.progress import Show, run_training
from bot.training.registry import chosen_file

RASA = str(Path(sys.executable).with_name("rasa"))
RASA_TRAIN = [sys.executable, "-m", "bot.rasa.train"]  # ``rasa train`` with DIET's graph traced once


def free_port() -> int:
    """A TCP port on loopback that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rasa_environment() -> dict[str, str]:
    """The environment for Rasa processes: no telemetry or crash reports leave the shop's machine."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def newest_model(models_dir: Path) -> Path | None:
    """The model Rasa serves from ``models_dir``: the newest file (None when there is none)."""
    models = list(models_dir.glob("*.tar.gz"))
    return max(models, key=lambda path: path.stat().st_mtime) if models else None


def ensure_model(models_dir: Path, log: Path, show: Show | None = None) -> bool:
    """Train a model unless the newest one in ``models_dir`` matches the data; True if it trained.

    A model this function trained is recorded in ``models_dir/trained-from.json`` with the digest of the
    config, domain and data (and Rasa's version) it came from: while that is still the newest model and the
    digest still matches, nothing runs (``rasa train`` itself takes half a minute to find it has nothing to
    do). Otherwise ``rasa train`` decides by its own fingerprint, restoring what it can from its cache;
    ``show`` is told each step (component, epoch bar, time left).
    """
    data = fingerprint(PROJECT_ROOT, PROJECT_ROOT / "config.yml", PROJECT_ROOT / "domain.yml")
    digest = f"rasa {version('rasa')}: {data}"
    record = models_dir / "trained-from.json"
    newest = newest_model(models_dir)
    try:
        recorded = json.loads(record.read_text())
    except (OSError, ValueError):
        recorded = {}
    if newest is not None and recorded == {"digest": digest, "model": newest.name}:
        return False
    code = run_training([*RASA_TRAIN, "--out", str(models_dir)], PROJECT_ROOT, rasa_environment(), log, show)
    if code != 0:
        raise RuntimeError(f"training failed; see {log}")
    newest = newest_model(models_dir)
    assert newest is not None, "rasa train succeeded without writing a model"
    record.write_text(json.dumps({"digest": digest, "model": newest.name}))
    return True


def rasa_token(var_dir: Path) -> str:
    """The Rasa server's API token, generated once into ``var/rasa_token``."""
    path = var_dir / "rasa_token"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as handle:
            handle.write(secrets.token_urlsafe(24))
    return path.read_text().strip()


def lock_store_environment(redis_url: str | None) -> dict[str, str]:
    """The variables ``endpoints.yml``'s lock store reads: Redis when ``redis_url`` is given, else in memory."""
    if not redis_url:
        return {"CONCIERGE_LOCK_STORE": "in_memory", "CONCIERGE_REDIS_HOST": "", "CONCIERGE_REDIS_PORT": "0",
                "CONCIERGE_REDIS_DB": "0", "CONCIERGE_REDIS_PASSWORD": ""}  # fmt: skip
    parts = urlsplit(redis_url)
    return {
        "CONCIERGE_LOCK_STORE": "redis",
        "CONCIERGE_REDIS_HOST": parts.hostname or "127.0.0.1",
        "CONCIERGE_REDIS_PORT": str(parts.port or 6379),
        "CONCIERGE_REDIS_DB": "15",  # Rasa's locks apart from the gateways' keys
        "CONCIERGE_REDIS_PASSWORD": unquote(parts.password or ""),
    }


def _get_json(url: str) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            data: dict[str, object] = json.loads(response.read())
            return data
    except (urllib.error.URLError, OSError, ValueError):
        return None


@dataclass
class Stack:
    """The running action server and Rasa server of one var directory."""

    settings: Settings
    models_dir: Path
    rasa_port: int = 5005
    action_port: int = 5055
    web_port: int | None = None
    token: str = ""
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    suffix: str = ""  # after each process's name ("rasa-2"), when several stacks make one deployment

    @property
    def rasa_url(self) -> str:
        """Base URL of the Rasa server."""
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        """Base URL of the action server."""
        return f"http://127.0.0.1:{self.action_port}"

    @property
    def web_url(self) -> str:
        """Base URL of the web gateway."""
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def logs(self) -> Path:
        """Where the processes' output goes."""
        return self.settings.var_dir / "logs"

    @property
    def tracker_url(self) -> str:
        """Where Rasa keeps conversations: beside the application's data."""
        return self.settings.tracker_url

    def environment(self) -> dict[str, str]:
        """The environment every process of the stack runs with."""
        env = {**rasa_environment(), **self.settings.as_environment()}
        env.update(
            {
                "CONCIERGE_ACTION_URL": f"{self.action_url}/webhook",
                "CONCIERGE_TRACKER_URL": self.tracker_url,
                "PYTHONPATH": str(PROJECT_ROOT),  # Rasa imports the tracker store of bot/ from any project
                "CONCIERGE_RASA_TOKEN_FILE": str(self.settings.var_dir / "rasa_token"),
                "SANIC_HOST": "127.0.0.1",
            }
        )
        env.update(lock_store_environment(self.settings.redis_url))
        if self.web_port is not None and "CONCIERGE_PUBLIC_URL" not in os.environ:
            env["CONCIERGE_PUBLIC_URL"] = self.web_url
        return env

    def spawn(self, name: str, args: list[str], env: dict[str, str] | None = None,
              user: str | None = None) -> subprocess.Popen[bytes]:  # fmt: skip
        """Start ``args`` as the process ``name`` (and this stack's suffix), its output in ``logs/NAME.log``.

        ``user``: run it as that user (PostgreSQL will not run as root); the process itself, not a wrapper, so
        that the supervisor watches and stops the server.
        """
        name += self.suffix
        self.logs.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(self.logs / f"{name}.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab") as out:
            self.processes[name] = subprocess.Popen(
                args,
                cwd=self.settings.project_dir,
                env={**self.environment(), **(env or {})},
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                user=user,
                umask=0o077,  # the databases and logs it writes are the service user's alone
            )
        return self.processes[name]

    def start_actions(self) -> subprocess.Popen[bytes]:
        """Start the action server."""
        return self.spawn("actions", [RASA, "run", "actions", "--actions", "actions", "-p", str(self.action_port)])

    def model_to_serve(self) -> Path:
        """The model an admin put in service (the registry's choice) if its file exists, else the newest one."""
        context = build_context(self.settings)
        try:
            with context.sessions() as session:
                return chosen_file(session) or self.models_dir
        finally:
            context.sessions.kw["bind"].dispose()

    def start_rasa(self) -> subprocess.Popen[bytes]:
        """Start the Rasa server with the model an admin chose, or else the newest model."""
        self.token = self.token or rasa_token(self.settings.var_dir)
        return self.spawn(
            "rasa",
            [
                sys.executable,
                "-m",
                "bot.rasa.server",  # rasa, with the token from its file: not on a command line ps shows
                "run",
                "--enable-api",
                "-i",
                "127.0.0.1",
                "-p",
                str(self.rasa_port),
                "--model",
                str(self.model_to_serve()),
                "--endpoints",
                "endpoints.yml",
                "--credentials",
                "credentials.yml",
            ],
        )

    def start_web(self) -> subprocess.Popen[bytes]:
        """Start the web gateway (the stack must have a web port)."""
        assert self.web_port is not None, "a stack without a web port has no gateway"
        return self.spawn("web", [sys.executable, "-m", "bot", "web", "--port", str(self.web_port),
                                   "--rasa-url", self.rasa_url])  # fmt: skip

    def spawners(self) -> dict[str, Callable[[], subprocess.Popen[bytes]]]:
        """How to start each process of this stack, for ``Supervisor``."""
        spawners = {f"actions{self.suffix}": self.start_actions, f"rasa{self.suffix}": self.start_rasa}
        if self.web_port is not None:
            spawners[f"web{self.suffix}"] = self.start_web
        return spawners

    def health_urls(self) -> dict[str, str]:
        """Where each process answers when it is up (no token needed)."""
        urls = {f"actions{self.suffix}": f"{self.action_url}/health", f"rasa{self.suffix}": f"{self.rasa_url}/"}
        if self.web_port is not None:
            urls[f"web{self.suffix}"] = f"{self.web_url}/health"
        return urls

    def start(self) -> None:
        """Start the servers."""
        for spawn in self.spawners().values():
            spawn()

    def restart_rasa(self, timeout: float = 300) -> None:
        """Stop the Rasa server and start it again (the action server keeps running)."""
        process = self.processes["rasa" + self.suffix]
        process.terminate()
        process.wait(timeout=30)
        self.start_rasa()  # replaces the entry, so stop() still finds the new process
        self.wait_ready(timeout)

    def actions_ready(self) -> bool:
        """Whether the action server answers its health check."""
        return (_get_json(f"{self.action_url}/health") or {}).get("status") == "ok"

    @staticmethod
    def answers(url: str) -> bool:
        """Whether a health check at ``url`` says ok."""
        return (_get_json(url) or {}).get("status") == "ok"

    def web_ready(self) -> bool:
        """Whether the gateway answers (or is not part of this stack)."""
        return self.web_port is None or (_get_json(f"{self.web_url}/health") or {}).get("status") == "ok"

    def rasa_ready(self) -> bool:
        """Whether the Rasa server answers with a model loaded."""
        return bool((_get_json(f"{self.rasa_url}/status?token={self.token}") or {}).get("model_file"))

    def wait_ready(self, timeout: float = 300) -> None:
        """Block until every server answers, or raise with the log to read."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(
                        f"the {name} server exited with {process.returncode}; see {self.logs}/{name}.log"
                    )
            if self.actions_ready() and self.rasa_ready() and self.web_ready():
                return
            time.sleep(0.5)
        raise TimeoutError(f"servers not ready after {timeout:.0f}s; see {self.logs}")

    def stop(self) -> None:
        """Stop every process this stack started."""
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()
