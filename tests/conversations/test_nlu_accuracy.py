"""Intent accuracy on the held-out test splits in tests/nlu (English) and tests/nlu_zh (Chinese), never trained on.

tests/nlu_dev is the earlier held-out split, used for error analysis while improving the data; the
test splits were written afterwards without sight of the training data, so they measure honestly.
"""

from __future__ import annotations

from collections import Counter
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


@pytest.mark.servers
def test_intent_accuracy_on_the_test_split_is_at_least_090(stack: Stack) -> None:
    examples = holdout_examples()
    errors: Counter[tuple[str, str]] = Counter()
    with requests.Session() as http:
        for text, intent in examples:
            parsed = http.post(
                f"{stack.rasa_url}/model/parse", params={"token": stack.token}, json={"text": text}, timeout=60
            ).json()
            if parsed["intent"]["name"] != intent:
                errors[(intent, parsed["intent"]["name"])] += 1
    accuracy = 1 - sum(errors.values()) / len(examples)
    report = ", ".join(f"{a}->{b}: {n}" for (a, b), n in errors.most_common(10))
    print(f"holdout intent accuracy {accuracy:.3f} on {len(examples)} examples; top confusions: {report}")
    assert accuracy >= 0.90, report


@pytest.mark.servers
def test_intent_accuracy_on_the_chinese_split_is_at_least_090(stack: Stack) -> None:
    # 0.917 is measured with this data and config (0.32 before any Chinese data, 0.81 with the first). The failure
    # shows only the number: the confusions would be an error analysis, which spends the split.
    examples = holdout_examples(CHINESE_SPLIT)
    with requests.Session() as http:
        right = sum(
            http.post(f"{stack.rasa_url}/model/parse", params={"token": stack.token}, json={"text": text},
                      timeout=60).json()["intent"]["name"] == intent
            for text, intent in examples
        )  # fmt: skip
    accuracy = right / len(examples)
    print(f"Chinese held-out intent accuracy {accuracy:.3f} on {len(examples)} examples")
    assert accuracy >= 0.90
