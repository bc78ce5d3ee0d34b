"""How well the assistant understands: the held-out split, off-topic messages, false fallbacks, confusions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests
from sklearn.metrics import accuracy_score, f1_score

from bot.settings import PROJECT_ROOT
from bot.training.nlu_data import examples_in

HELD_OUT = PROJECT_ROOT / "tests" / "nlu"
DEV = PROJECT_ROOT / "tests" / "nlu_dev"  # for choosing between configs; the held-out split only reports
HELD_OUT_ZH = PROJECT_ROOT / "tests" / "nlu_zh"  # Chinese, written blind, never trained on or error-analysed
DEV_ZH = PROJECT_ROOT / "tests" / "nlu_zh_dev"  # Chinese, written blind, for error analysis
REAL = PROJECT_ROOT / "tests" / "nlu_real"  # English as customers type it, written blind, never trained on
OUT_OF_SCOPE = PROJECT_ROOT / "tests" / "nlu_oos"  # 320 messages not the shop's business, written blind
OFF_TOPIC = Path(__file__).with_name("off_topic.yml")
NOT_UNDERSTOOD = ("out_of_scope", "nlu_fallback")


@dataclass
class Understanding:
    """The numbers of one model."""

    examples: int
    accuracy: float
    macro_f1: float
    off_topic: int
    off_topic_recall: float
    false_fallback_rate: float
    confusions: list[tuple[str, str, int]] = field(default_factory=list)


def parse_all(rasa_url: str, token: str, texts: list[str]) -> list[str]:
    """The intent the running Rasa server gives each text (after its fallback classifier)."""
    with requests.Session() as http:
        return [
            http.post(f"{rasa_url}/model/parse", params={"token": token}, json={"text": t}, timeout=60).json()[
                "intent"
            ]["name"]
            for t in texts
        ]


def measure(rasa_url: str, token: str, split: Path = HELD_OUT) -> Understanding:
    """Parse ``split`` (the English held-out split) and the off-topic set with the running model."""
    return measure_with(lambda texts: parse_all(rasa_url, token, texts), split)


def measure_with(parse_all: Callable[[list[str]], list[str]], split: Path = HELD_OUT) -> Understanding:
    """Parse ``split`` (the held-out split) and the off-topic set with ``parse_all`` (texts to intents)."""
    held_out = examples_in(split)
    training = {text.lower() for text, _ in examples_in(PROJECT_ROOT / "data" / "nlu")}
    off_topic = [text for text, _ in examples_in(OFF_TOPIC) if text.lower() not in training]
    truth = [intent for _, intent in held_out]
    predicted = parse_all([text for text, _ in held_out])
    off_predicted = parse_all(off_topic)
    in_scope = [(t, p) for t, p in zip(truth, predicted) if t not in NOT_UNDERSTOOD]
    confusions = Counter((t, p) for t, p in zip(truth, predicted) if t != p)
    return Understanding(
        examples=len(held_out),
        accuracy=float(accuracy_score(truth, predicted)),
        macro_f1=float(f1_score(truth, predicted, average="macro", labels=sorted(set(truth)), zero_division=0)),
        off_topic=len(off_topic),
        off_topic_recall=sum(p in NOT_UNDERSTOOD for p in off_predicted) / max(len(off_topic), 1),
        false_fallback_rate=sum(p == "nlu_fallback" for _, p in in_scope) / max(len(in_scope), 1),
        confusions=[(t, p, n) for (t, p), n in confusions.most_common(8)],
    )
