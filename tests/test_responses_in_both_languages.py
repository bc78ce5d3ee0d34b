"""Every response in the domain exists in Hong Kong Chinese and in English; the slot ``language`` picks which."""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest
import yaml
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

from bot.settings import PROJECT_ROOT
from bot.shop.language import answer_language

DOMAIN_PATH = PROJECT_ROOT / "domain.yml"
ZH_CONDITION = [{"type": "slot", "name": "language", "value": "zh"}]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{(\w+)\}")

Variation = dict[str, Any]


def responses() -> dict[str, list[Variation]]:
    loaded: dict[str, list[Variation]] = yaml.safe_load(DOMAIN_PATH.read_text(encoding="utf-8"))["responses"]
    return loaded


def chinese_and_english(variations: list[Variation]) -> tuple[Variation, Variation]:
    """The one variation for ``language == zh`` and the one without a condition; nothing else."""
    zh = [v for v in variations if v.get("condition") == ZH_CONDITION]
    en = [v for v in variations if "condition" not in v]
    assert len(zh) == 1, f"{len(zh)} variations for language zh"
    assert len(en) == 1, f"{len(en)} unconditioned variations"
    assert len(variations) == 2, "a variation that is neither the Chinese nor the English one"
    return zh[0], en[0]


def payloads(variation: Variation) -> list[str]:
    return [button["payload"] for button in variation.get("buttons", [])]


RESPONSES = responses()
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", "Slot auto-fill has been removed", UserWarning)  # Rasa's own, expected
    warnings.filterwarnings("ignore", "pkg_resources is deprecated", DeprecationWarning)  # Rasa's schema check
    DOMAIN = Domain.load(str(DOMAIN_PATH))


def test_the_domain_has_responses() -> None:
    assert {"utter_greet", "utter_ask_customer_name", "utter_consent_declined", "utter_offer_human"} <= set(RESPONSES)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_a_response_has_one_chinese_and_one_english_variation_saying_the_same(name: str) -> None:
    zh, en = chinese_and_english(RESPONSES[name])
    assert RESPONSES[name].index(zh) < RESPONSES[name].index(en), "the Chinese variation comes before the default"
    assert CHINESE.search(zh["text"]), zh["text"]
    assert not CHINESE.search(en["text"]), en["text"]
    assert sorted(PLACEHOLDER.findall(zh["text"])) == sorted(PLACEHOLDER.findall(en["text"]))
    assert len(payloads(zh)) == len(payloads(en)), "as many buttons in both languages"
    for payload in payloads(zh):  # a click sends the payload as the customer's line: it must not switch to English
        assert answer_language(payload) in (None, "zh"), payload
    for button in zh.get("buttons", []):
        assert button["title"] and (CHINESE.search(button["title"]) or button["title"].isdigit()), button
    assert set(zh) == set(en) | {"condition"}, "the same kind of response (text, buttons) in both languages"


def test_the_chinese_is_written_with_full_width_punctuation() -> None:
    for name, variations in RESPONSES.items():
        zh, _ = chinese_and_english(variations)
        text = PLACEHOLDER.sub("", zh["text"])
        assert not re.search(r"[,!?;:](?!\d)|[\u4e00-\u9fff]\.", text), f"{name}: {zh['text']}"
        assert "您" not in text, f"{name} says 你, not 您"


def tracker_in(language: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("bilingual-test", [SlotSet("language", language)], slots=DOMAIN.slots)


@pytest.mark.parametrize("name", ["utter_greet", "utter_ask_customer_name", "utter_capabilities"])
async def test_rasa_says_a_response_in_the_conversations_language(name: str) -> None:
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    zh, en = chinese_and_english(RESPONSES[name])

    in_chinese = await generator.generate(name, tracker_in("zh"), "rest")
    in_english = await generator.generate(name, tracker_in("en"), "rest")

    assert in_chinese is not None and in_english is not None
    assert in_chinese["text"] == zh["text"] and CHINESE.search(in_chinese["text"])
    assert in_english["text"] == en["text"] and not CHINESE.search(in_english["text"])
    assert [b["payload"] for b in in_chinese.get("buttons") or []] == payloads(zh)


async def test_a_new_conversation_is_answered_in_english() -> None:
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    tracker = DialogueStateTracker.from_events("bilingual-test", [], slots=DOMAIN.slots)

    said = await generator.generate("utter_greet", tracker, "rest")

    assert said is not None and said["text"] == chinese_and_english(RESPONSES["utter_greet"])[1]["text"]


async def test_a_placeholder_is_filled_in_both_languages() -> None:
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)

    for language in ("zh", "en"):
        said = await generator.generate(
            "utter_consent_declined", tracker_in(language), "rest", hotline="+852 2888 1234"
        )
        assert said is not None and "+852 2888 1234" in said["text"] and "{hotline}" not in said["text"]
        assert bool(CHINESE.search(said["text"])) == (language == "zh")
