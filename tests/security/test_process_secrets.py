"""Finding 4 (low): the Rasa API token was on Rasa's command line, readable by every local user with ``ps``."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from bot.rasa.stack import Stack


@pytest.mark.servers
def test_no_process_of_the_service_shows_the_rasa_token_on_its_command_line(stack: Stack) -> None:
    assert stack.token and stack.processes  # the real servers run, with a token
    for name, process in stack.processes.items():
        command_line = Path(f"/proc/{process.pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        assert stack.token not in command_line, name
    assert requests.get(f"{stack.rasa_url}/status", timeout=10).status_code == 401  # the token is still required
    status = requests.get(f"{stack.rasa_url}/status", params={"token": stack.token}, timeout=10)
    assert status.status_code == 200 and status.json()["model_file"]
