"""Intent accuracy on the held-out splits, never trained on: tests/nlu (English), tests/nlu_zh (Chinese), tests/nlu_real
(English as customers type it), and how much of tests/nlu_oos (not the shop's business) is not answered as ours.

tests/nlu_dev is the earlier held-out split, used for error analysis while improving the data; the
test splits were written afterwards without sight of the training data, so they measure honestly.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from bot.rasa.stack import Stack
from bot.settings import PROJECT_ROOT
from bot.shop.language import normalise
from bot.training.nlu_data import examples_in

TEST_SPLIT = PROJECT_ROOT / "tests" / "nlu"
DEV_SPLIT = PROJECT_ROOT / "tests" / "nlu_dev"
CHINESE_SPLIT = PROJECT_ROOT / "tests" / "nlu_zh"
REAL_SPLIT = PROJECT_ROOT / "tests" / "nlu_real"  # English as customers type it: typos, slang, stories
OUT_OF_SCOPE_SET = PROJECT_ROOT / "tests" / "nlu_oos"  # 320 messages that are not the shop's business
NOT_OURS = ("out_of_scope", "nlu_fallback")
OUT_OF_SCOPE_RECALL = 0.92


def holdout_examples(folder: Path = TEST_SPLIT) -> list[tuple[str, str]]:
    return examples_in(folder)


def training_texts() -> set[str]:
    return {normalise(text).lower() for text, _ in examples_in(PROJECT_ROOT / "data" / "nlu")}


@pytest.mark.parametrize("folder", [TEST_SPLIT, DEV_SPLIT, CHINESE_SPLIT, REAL_SPLIT, OUT_OF_SCOPE_SET],
                         ids=["test", "dev", "chinese", "real", "out-of-scope"])  # fmt: skip
def test_the_held_out_splits_are_never_trained_on(folder: Path) -> None:
    held_out = {normalise(text).lower() for text, _ in holdout_examples(folder)}
    assert len(held_out) >= 300
    trained_on = len(held_out & training_texts())  # as the model reads them: Simplified and full-width normalised
    assert trained_on == 0, f"{trained_on} held-out lines are in data/nlu (the count only: the lines stay unseen)"


def parse(stack: Stack, texts: list[str]) -> list[str]:
    """The intent the running model gives each of ``texts``."""
    with requests.Session() as http:
        return [
            http.post(f"{stack.rasa_url}/model/parse", params={"token": stack.token}, json={"text": text},
                      timeout=60).json()["intent"]["name"]
            for text in texts
        ]  # fmt: skip


# Each failure shows only the number: the confusions would be an error analysis, which spends the split. The targets
# are issue 17's; measured with this data: 0.934, 0.924, 0.916 (docs/benchmarks.md).
@pytest.mark.servers
@pytest.mark.parametrize(
    ("folder", "target"),
    [(TEST_SPLIT, 0.93), (CHINESE_SPLIT, 0.90), (REAL_SPLIT, 0.90)],
    ids=["english-0.93", "chinese-0.90", "real-phrasing-0.90"],
)
def test_intent_accuracy_on_each_held_out_split(stack: Stack, folder: Path, target: float) -> None:
    examples = holdout_examples(folder)
    predicted = parse(stack, [text for text, _ in examples])
    accuracy = sum(p == intent for p, (_, intent) in zip(predicted, examples)) / len(examples)
    print(f"{folder.name}: intent accuracy {accuracy:.3f} on {len(examples)} examples")
    assert accuracy >= target, f"{accuracy:.3f}"


@pytest.mark.servers
def test_what_is_not_ours_is_not_answered_as_ours(stack: Stack) -> None:
    # Out of scope or the fallback: both answers say briefly what the assistant can do, in the customer's language.
    # The fallback's cost is counted too: in-scope messages of both English splits it leaves unanswered. Measured with
    # this data: 0.944 (0.928 as out_of_scope alone), false fallbacks 0.012.
    off_topic = [text for text, intent in holdout_examples(OUT_OF_SCOPE_SET) if intent == "out_of_scope"]
    recall = sum(p in NOT_OURS for p in parse(stack, off_topic)) / len(off_topic)
    in_scope = [text for folder in (TEST_SPLIT, REAL_SPLIT) for text, intent in holdout_examples(folder)
                if intent != "out_of_scope"]  # fmt: skip
    false_fallbacks = sum(p == "nlu_fallback" for p in parse(stack, in_scope)) / len(in_scope)
    print(f"out-of-scope recall {recall:.3f} on {len(off_topic)}; in-scope false fallbacks {false_fallbacks:.3f}")
    assert recall >= OUT_OF_SCOPE_RECALL and false_fallbacks <= 0.03, f"{recall:.3f}, {false_fallbacks:.3f}"
