"""The real service under its supervisor: the action server killed (as an out-of-memory kill would) is started
again while the gateway and Rasa keep serving, and ``python -m bot status`` tells it; the same for the gateway."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import requests
from sqlalchemy import select

from bot.cases.transcripts import text_of
from bot.context import build_context
from bot.db.models import TranscriptLine
from bot.db.seed import seed_demo_shop
from bot.rasa.stack import Stack, free_port
from bot.rasa.supervisor import Supervisor
from bot.settings import PROJECT_ROOT
from bot.staff.accounts import add_staff
from tests.conftest import make_settings
from tests.conversations.chat import Chat
from tests.staffing import PASSWORD
from tests.waiting import wait_until
from tests.web.console import next_frame

pytestmark = pytest.mark.servers
PAUSED = threading.Event()  # set: the supervisor leaves a dead process dead (a test keeps it down on purpose)


@pytest.fixture(scope="module")
def supervised(tmp_path_factory: pytest.TempPathFactory, trained_models: Path) -> Iterator[tuple[Stack, Supervisor]]:
    settings = make_settings(tmp_path_factory.mktemp("supervised") / "var")
    context = build_context(settings)
    with context.sessions() as session, session.begin():
        seed_demo_shop(session, context.vault, context.today())
    stack = Stack(settings, trained_models, rasa_port=free_port(), action_port=free_port(), web_port=free_port())
    supervisor = Supervisor(stack.spawners(), stack.logs, settings.var_dir / "status.json", stack.health_urls())
    supervisor.start()
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.2):
            if not PAUSED.is_set():
                supervisor.check()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        wait_until(lambda: stack.actions_ready() and stack.rasa_ready() and stack.web_ready(), 600, "the service")
        yield stack, supervisor
    finally:
        stop.set()
        watcher.join(timeout=10)
        supervisor.stop()


def status(stack: Stack) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CONCIERGE_VAR_DIR": str(stack.settings.var_dir)}
    return subprocess.run([sys.executable, "-m", "bot", "status"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=60)  # fmt: skip


@pytest.mark.parametrize("name", ["actions", "web"])
def test_a_killed_process_is_started_again_while_the_others_keep_serving(
    supervised: tuple[Stack, Supervisor], name: str
) -> None:
    stack, supervisor = supervised
    before = supervisor.watched[name].restarts
    killed = stack.processes[name]
    others = {n: p.pid for n, p in stack.processes.items() if n != name}
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    ready = {"actions": stack.actions_ready, "web": stack.web_ready}[name]
    wait_until(lambda: supervisor.watched[name].restarts == before + 1 and ready(), 120, f"the {name} server back")
    assert {n: p.pid for n, p in stack.processes.items() if n != name} == others  # the others never stopped
    assert stack.rasa_ready()
    assert "HK$180" in Chat(stack).say("how much to change a Seiko battery?")  # the action server answers
    told = status(stack)
    assert told.returncode == 0, told.stdout + told.stderr
    line = next(line for line in told.stdout.splitlines() if line.startswith(name))
    assert "answering" in line and f"restarts {before + 1}" in line and "last exit -9" in line


def test_the_admin_console_shows_which_parts_are_up(supervised: tuple[Stack, Supervisor]) -> None:
    stack, _ = supervised
    context = build_context(stack.settings)
    with context.sessions() as session, session.begin():
        add_staff(session, "ada", "Ada Admin", "admin", PASSWORD, context.policy)
    browser = requests.Session()
    form = browser.get(f"{stack.web_url}/staff/login", timeout=30).text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    browser.post(f"{stack.web_url}/staff/login", data={"csrf": token.group(1), "username": "ada", "password": PASSWORD},
                 timeout=30)  # fmt: skip
    page = browser.get(f"{stack.web_url}/staff/admin", timeout=30).text
    states = dict(re.findall(r'data-part="(\w+)" data-state="([\w ]+)"', page))
    assert states == {"actions": "answering", "rasa": "answering", "web": "answering"}
    assert "Action server" in page and "Web gateway" in page


@pytest.mark.parametrize("name", ["actions", "rasa"])
async def test_a_line_sent_while_a_part_is_down_is_kept_and_answered_in_the_form_it_was_in(
    supervised: tuple[Stack, Supervisor], name: str
) -> None:
    stack, supervisor = supervised
    async with aiohttp.ClientSession() as session, session.ws_connect(f"{stack.web_url}/chat") as customer:
        await customer.send_json({"type": "hello", "conversation_id": None})
        conversation = (await next_frame(customer, "welcome"))["conversation_id"]
        assert "do you agree?" in (await says(customer, "I want to make a complaint")).lower()
        assert "name" in (await says(customer, "yes, I agree")).lower()
        PAUSED.set()
        try:
            down = stack.processes[name]
            down.send_signal(signal.SIGKILL)
            down.wait(timeout=30)
            apology = await says(customer, "Chan Tai Man")
            assert apology.startswith("Sorry, I can't answer right now. Your message is kept")
        finally:
            PAUSED.clear()  # the supervisor starts the part again; the gateway relays the kept line
        answer = await next_frame(customer, "line", timeout=240)
        while answer["author"] != "assistant":
            answer = await next_frame(customer, "line", timeout=240)
        assert "phone" in answer["text"].lower() or "contact" in answer["text"].lower()  # the next question
    context = build_context(stack.settings)
    with context.sessions() as s:
        lines = [
            (r.author, text_of(s, r), r.relayed)
            for r in s.scalars(
                select(TranscriptLine).where(TranscriptLine.conversation_id == conversation).order_by(TranscriptLine.id)
            )
        ]
    assert ("customer", "Chan Tai Man", True) in lines  # kept, and relayed once the part was back
    assert [text for author, text, _ in lines if author == "customer"].count("Chan Tai Man") == 1


async def says(socket: Any, text: str) -> str:
    """Send ``text``; the assistant's lines until "typing off"."""
    await socket.send_json({"type": "message", "text": text})
    said = []
    while True:
        frame = await socket.receive_json(timeout=120)
        if frame["type"] == "line" and frame["author"] == "assistant":
            said.append(frame["text"])
        elif frame["type"] == "typing" and not frame["on"] and said:
            return "\n".join(said)
