"""Finding 3 (medium): ``var/concierge.db`` and ``var/tracker.db`` were world-readable, so anyone with read access
to the files or a backup could resume chats through the gateway and undo the encryption at rest."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.rasa.stack import Stack
from bot.settings import PROJECT_ROOT


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_init_leaves_var_and_everything_in_it_to_the_services_user_alone(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    old = var / "concierge-backup.db"
    old.write_text("made before, world-readable")
    old.chmod(0o644)
    env = {**os.environ, "CONCIERGE_VAR_DIR": str(var)}
    env.pop("DATABASE_URL", None)
    env.pop("CONCIERGE_DATA_KEY", None)
    done = subprocess.run([sys.executable, "-m", "bot", "init"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=300, preexec_fn=lambda: os.umask(0o022))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert mode(var) == 0o700
    files = [p for p in var.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"concierge.db", "data.key", "demo-staff.txt", "concierge-backup.db"}
    assert {p.name: mode(p) for p in files} == {p.name: 0o600 for p in files}


@pytest.mark.servers
def test_the_running_services_files_are_private(stack: Stack) -> None:
    var = stack.settings.var_dir
    assert mode(var) == 0o700
    for name in ("tracker.db", "concierge.db", "data.key", "rasa_token", "logs/rasa.log", "logs/actions.log"):
        assert mode(var / name) == 0o600, name
