"""The action package loads in rasa_sdk's executor exactly as the action server loads it."""

from __future__ import annotations

import yaml
from rasa_sdk.executor import ActionExecutor

from bot.settings import PROJECT_ROOT


def test_the_executor_registers_every_domain_action_and_no_base_class() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    wanted = {a for a in domain["actions"] if not a.startswith("utter_")}
    assert set(executor.actions) == wanted
