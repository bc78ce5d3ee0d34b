"""The admin command line: the inbox and the registry from a shell, with clear refusals and exit codes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.cases.transcripts import add_line
from bot.context import build_context
from bot.db.models import TranscriptLine
from bot.settings import PROJECT_ROOT, Settings
from bot.training import inbox
from tests.conftest import make_settings


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    """Settings on a private database and a copy of the project's data."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "data", project / "data")
    for name in ("domain.yml", "config.yml"):
        shutil.copy(PROJECT_ROOT / name, project / name)
    return dataclasses.replace(make_settings(tmp_path / "var"), project_dir=project)


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **settings.as_environment()}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=PROJECT_ROOT, env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_inbox_list_label_and_dismiss_from_the_command_line(settings: Settings) -> None:
    ctx = build_context(settings)
    with ctx.sessions() as s, s.begin():
        for text, conversation in [("wen do u open tmr", "a"), ("Wen do u open tmr??", "b"), ("qwerty", "c")]:
            inbox.capture(s, inbox.Said(text, "nlu_fallback", 0.3, None), "fallback", conversation, ctx.now())
    listing = cli(settings, "inbox", "list")
    assert listing.returncode == 0 and "2 group(s) open." in listing.stdout
    lines = {line.split()[-1]: line.split()[0] for line in listing.stdout.splitlines() if line.startswith(" ")}
    conflict = cli(settings, "inbox", "label", lines["tmr??"], "--intent", "greet", "--text", "opening hours?")
    assert conflict.returncode == 1 and "already an example of 'ask_store_info'" in conflict.stderr
    unknown = cli(settings, "inbox", "label", lines["tmr??"], "--intent", "ask_opening")
    assert unknown.returncode == 1 and "There is no intent 'ask_opening'" in unknown.stderr
    labelled = cli(
        settings, "inbox", "label", lines["tmr??"], "--intent", "ask_store_info", "--text", "wen do u open tmr"
    )
    assert labelled.returncode == 0, labelled.stderr
    assert "    - wen do u open tmr\n" in (settings.nlu_dir / "stores.yml").read_text()
    assert cli(settings, "inbox", "dismiss", lines["qwerty"]).returncode == 0
    assert "0 group(s) open." in cli(settings, "inbox", "list").stdout
    gone = cli(settings, "inbox", "dismiss", "999")
    assert gone.returncode == 1 and "no inbox message 999" in gone.stderr


def test_model_commands_refuse_clearly_when_there_is_nothing_to_act_on(settings: Settings) -> None:
    assert cli(settings, "model", "list").returncode == 0
    missing = cli(settings, "model", "activate", "7", "--rasa-url", "http://127.0.0.1:9")
    assert missing.returncode == 1 and "There is no model 7" in missing.stderr
    nothing = cli(settings, "model", "rollback", "--rasa-url", "http://127.0.0.1:9")
    assert nothing.returncode == 1 and "no earlier model" in nothing.stderr


def test_purge_from_the_command_line_with_a_dry_run_first(settings: Settings) -> None:
    ctx = build_context(settings)
    with ctx.sessions() as s, s.begin():
        line = add_line(s, "web-old", "customer", "my phone is 9123 4567")
        s.execute(update(TranscriptLine).where(TranscriptLine.id == line.id)
                  .values(at=ctx.now() - dt.timedelta(days=400)))  # fmt: skip
    dry = cli(settings, "purge", "--dry-run")
    assert dry.returncode == 0 and "Would purge: 0 case(s) anonymised; deleted 1 transcript line(s)" in dry.stdout
    with ctx.sessions() as s:
        assert s.scalars(select(TranscriptLine)).all()
    done = cli(settings, "purge")
    assert done.returncode == 0 and "Purged: 0 case(s) anonymised; deleted 1 transcript line(s)" in done.stdout
    with ctx.sessions() as s:
        assert not s.scalars(select(TranscriptLine)).all()
