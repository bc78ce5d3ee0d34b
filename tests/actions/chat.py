"""A chat for action tests: the demo shop's context on a fresh database, and trackers as Rasa sends them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker

from bot import context as context_module
from bot import settings as settings_module
from bot.context import Context, get_context
from bot.db.seed import seed_demo_shop
from bot.settings import PROJECT_ROOT

DOMAIN: dict[str, Any] = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
# What may stay Latin in a Chinese answer: references, emails, web addresses, amounts, the odd brand.
_CODES = re.compile(r"[\w.+-]+@[\w.-]+|https?://\S+|CS-[0-9A-Z]{4}-[0-9A-Z]{4}|HK\$[\d,]+")


def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Context]:
    """The service context the actions get, on a fresh SQLite database with the demo shop seeded."""
    monkeypatch.setenv("CONCIERGE_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    settings_module.get_settings.cache_clear()
    context_module.get_context.cache_clear()
    context = get_context()
    with context.sessions() as s, s.begin():
        seed_demo_shop(s, context.vault, context.today())
    yield context
    settings_module.get_settings.cache_clear()
    context_module.get_context.cache_clear()


def tracker(text: str, intent: str, slots: dict[str, Any], *, requested: str | None = None,
            loop: str | None = None, sender: str = "conv-1", language: str = "zh") -> Tracker:  # fmt: skip
    """A tracker in ``language`` whose latest message is ``text``; the requested slot's candidate comes last."""
    parse = {"text": text, "intent": {"name": intent, "confidence": 0.95}, "entities": []}
    events: list[dict[str, Any]] = [{"event": "user", "text": text, "parse_data": parse}]
    if requested:
        events.append({"event": "slot", "name": requested, "value": text})
    return Tracker.from_dict({
        "sender_id": sender, "slots": {**slots, "requested_slot": requested, "language": language},
        "latest_message": parse, "events": events, "paused": False, "followup_action": None,
        "active_loop": {"name": loop} if loop else {}, "latest_action_name": "action_listen",
    })  # fmt: skip


def english_in(text: str) -> list[str]:
    """The English words of a Chinese answer (none, when nothing leaked), references and addresses aside."""
    return re.findall(r"[A-Za-z]{2,}", _CODES.sub(" ", text))


def is_chinese(text: str) -> bool:
    """Whether ``text`` is a Chinese answer with no English sentence in it."""
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not english_in(text)
