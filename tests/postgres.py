"""A real PostgreSQL server for the tests: a private cluster in a temporary folder, on loopback."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.cluster.deployment import as_owner, binary
from bot.rasa.stack import free_port


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a throw-away cluster; yields a URL to its ``postgres`` database."""
    base = Path(tempfile.mkdtemp(prefix="concierge-pg-"))  # not under pytest's root-only folder
    data = base / "pgdata"
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    subprocess.run(
        as_owner([binary("initdb", "postgresql"), "-D", str(data), "-A", "trust", "-U", "concierge", "-E", "UTF8"]),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c fsync=off"
    subprocess.run(
        as_owner(
            [binary("pg_ctl", "postgresql"), "-D", str(data), "-o", options, "-l", str(data / "log"), "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://concierge@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            as_owner([binary("pg_ctl", "postgresql"), "-D", str(data), "-m", "fast", "-w", "stop"]), capture_output=True
        )
        shutil.rmtree(base, ignore_errors=True)
