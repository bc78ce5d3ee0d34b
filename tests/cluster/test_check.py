"""``python -m bot check`` with REDIS_URL: the Redis the gateways share answers, or the refusal says how to fix it."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from bot.rasa.stack import free_port
from bot.settings import PROJECT_ROOT, Settings
from tests.conftest import make_settings
from tests.redis_server import redis_server


def check(settings: Settings) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings.as_environment()}
    return subprocess.run([sys.executable, "-m", "bot", "check"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_check_names_a_redis_that_does_not_answer_and_passes_one_that_does(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "var")
    dead = check(dataclasses.replace(settings, redis_url=f"redis://:pw@127.0.0.1:{free_port()}/0"))
    assert dead.returncode == 2
    assert "environment: REDIS_URL: Redis at 127.0.0.1:" in dead.stderr and "Fix: start it" in dead.stderr
    assert "pw" not in dead.stderr.replace("password", "")
    with redis_server() as server:
        alive = check(dataclasses.replace(settings, redis_url=server.url))
    assert alive.returncode == 0 and f"OK: Redis at 127.0.0.1:{server.port}/0 answers" in alive.stdout
