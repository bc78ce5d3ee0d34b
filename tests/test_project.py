"""The project's own checks: Rasa's data validation, and every action in the domain is served."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import requests
import yaml

from bot.rasa.stack import RASA, Stack, rasa_environment
from bot.settings import PROJECT_ROOT

UNUSED = re.compile(r"UserWarning: The utterance '(\w+)' is not used in any story or rule")


def test_rasa_data_validates_and_every_response_is_used() -> None:
    completed = subprocess.run(
        [RASA, "data", "validate"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-3000:]
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    asked = {f"utter_ask_{slot}" for form in domain["forms"].values() for slot in form["required_slots"]}
    action_code = "".join(p.read_text() for p in (PROJECT_ROOT / "actions").glob("*.py"))
    for response in UNUSED.findall(output):
        assert response in asked or f'"{response}"' in action_code, f"{response} is used nowhere"
    # EXTERNAL_ intents are sent by the gateway, never typed, so they have no training examples.
    warnings = [line for line in output.splitlines()
                if "UserWarning" in line and not UNUSED.search(line) and "intent 'EXTERNAL_" not in line]  # fmt: skip
    assert not warnings, warnings


def test_the_dialogue_test_stories_pass(trained_models: Path, tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            RASA,
            "test",
            "core",
            "--model",
            str(trained_models),
            "--stories",
            "tests/stories",
            "--out",
            str(tmp_path),
            "--fail-on-prediction-errors",
        ],
        cwd=PROJECT_ROOT,
        env=rasa_environment(),
        capture_output=True,
        text=True,
        timeout=900,
    )
    failed = tmp_path / "failed_test_stories.yml"
    assert completed.returncode == 0, (failed.read_text() if failed.exists() else "") + completed.stdout[-3000:]


@pytest.mark.servers
def test_every_custom_action_in_the_domain_is_served(stack: Stack) -> None:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    served = {a["name"] for a in requests.get(f"{stack.action_url}/actions", timeout=30).json()}
    wanted = {a for a in domain["actions"] if not a.startswith("utter_")}
    assert wanted <= served, wanted - served


CODE = ["bot", "actions", "tests", "benchmarks"]


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "bot", "actions", "tests", "benchmarks"],
        ["ruff", "format", "--check", "bot", "actions", "tests", "benchmarks"],
        ["mypy"],
    ],
    ids=["ruff", "ruff-format", "mypy-strict"],
)
def test_code_passes_the_linters(command: list[str]) -> None:
    tool = str(Path(RASA).with_name(command[0]))
    completed = subprocess.run([tool, *command[1:]], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
