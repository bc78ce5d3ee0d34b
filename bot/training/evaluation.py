"""How a model scores on the held-out split, how two models compare, and whether the new one may go live.

Pure functions over (true intent, predicted intent) pairs; the numbers are the ones an admin reads
in the console: per-intent precision, recall and F1, accuracy, macro F1, the fallback rate and the
confusion pairs (true → predicted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, TypedDict

from bot.shop.policy import TrainingPolicy

FALLBACK = "nlu_fallback"


class IntentScore(TypedDict):
    """One intent's scores and how many held-out examples it has."""

    precision: float
    recall: float
    f1: float
    support: int


class Scores(TypedDict):
    """A model's scores on the held-out split."""

    examples: int
    accuracy: float
    macro_f1: float
    fallback_rate: float
    intents: dict[str, IntentScore]
    confusions: dict[str, int]  # "true -> predicted": count
    held_out: str  # a digest of the split the scores are on


class Comparison(TypedDict):
    """A new model next to the active one, and the regression gate's verdict."""

    accuracy: tuple[float, float]
    macro_f1: tuple[float, float]
    fallback_rate: tuple[float, float]
    intents: dict[str, tuple[float, float]]  # F1 active, F1 new
    confusions_gone: dict[str, int]
    confusions_new: dict[str, int]
    passed: bool
    regressions: list[str]


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 4) if denominator else 0.0


def score(truth: Sequence[str], predicted: Sequence[str], held_out: str = "") -> Scores:
    """Scores of ``predicted`` against ``truth`` (the intents of the held-out split ``held_out`` names)."""
    if len(truth) != len(predicted):
        raise ValueError("one prediction per example")
    intents: dict[str, IntentScore] = {}
    for intent in sorted(set(truth)):
        hits = sum(1 for t, p in zip(truth, predicted) if t == intent and p == intent)
        claimed = sum(1 for p in predicted if p == intent)
        support = sum(1 for t in truth if t == intent)
        precision, recall = _ratio(hits, claimed), _ratio(hits, support)
        f1 = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
        intents[intent] = IntentScore(precision=precision, recall=recall, f1=f1, support=support)
    confusions = Counter(f"{t} -> {p}" for t, p in zip(truth, predicted) if t != p)
    return Scores(
        examples=len(truth),
        accuracy=_ratio(sum(1 for t, p in zip(truth, predicted) if t == p), len(truth)),
        macro_f1=round(sum(s["f1"] for s in intents.values()) / len(intents), 4) if intents else 0.0,
        fallback_rate=_ratio(sum(1 for p in predicted if p == FALLBACK), len(predicted)),
        intents=intents,
        confusions=dict(confusions.most_common()),
        held_out=held_out,
    )


def compare(active: Scores, new: Scores, rules: TrainingPolicy) -> Comparison:
    """``new`` next to ``active``; the gate fails on any regression beyond the policy's tolerances."""
    regressions = []
    tolerance = rules.regression_tolerance
    for key in ("accuracy", "macro_f1"):
        if new[key] < active[key] - tolerance:  # type: ignore[literal-required]
            regressions.append(f"{key.replace('_', ' ')} fell from {active[key]:.3f} to {new[key]:.3f}"  # type: ignore[literal-required]
                               f" (tolerance {tolerance:.3f})")  # fmt: skip
    if new["fallback_rate"] > active["fallback_rate"] + tolerance:
        regressions.append(f"fallback rate rose from {active['fallback_rate']:.3f} to {new['fallback_rate']:.3f}"
                           f" (tolerance {tolerance:.3f})")  # fmt: skip
    intents: dict[str, tuple[float, float]] = {}
    for intent in sorted(set(active["intents"]) | set(new["intents"])):
        before = active["intents"].get(intent, {}).get("f1", 0.0)  # type: ignore[call-overload]
        after = new["intents"].get(intent, {}).get("f1", 0.0)  # type: ignore[call-overload]
        intents[intent] = (before, after)
        if after < before - rules.intent_tolerance:
            regressions.append(f"F1 of {intent} fell from {before:.2f} to {after:.2f}"
                               f" (tolerance {rules.intent_tolerance:.2f})")  # fmt: skip
    old_pairs, new_pairs = active["confusions"], new["confusions"]
    return Comparison(
        accuracy=(active["accuracy"], new["accuracy"]),
        macro_f1=(active["macro_f1"], new["macro_f1"]),
        fallback_rate=(active["fallback_rate"], new["fallback_rate"]),
        intents=intents,
        confusions_gone={k: v for k, v in old_pairs.items() if k not in new_pairs},
        confusions_new={k: v for k, v in new_pairs.items() if k not in old_pairs},
        passed=not regressions,
        regressions=regressions,
    )


def intents_changed(comparison: Comparison | dict[str, Any], at_least: float = 0.005) -> dict[str, tuple[float, float]]:
    """The intents whose F1 moved."""
    return {k: (a, b) for k, (a, b) in comparison["intents"].items() if abs(b - a) >= at_least}
