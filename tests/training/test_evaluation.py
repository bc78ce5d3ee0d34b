"""Scores on the held-out split and the regression gate."""

from __future__ import annotations

from bot.shop.policy import TrainingPolicy
from bot.training.evaluation import compare, score

RULES = TrainingPolicy(inbox_below=0.6, regression_tolerance=0.02, intent_tolerance=0.10)
TRUTH = ["greet"] * 4 + ["ask_store_info"] * 4 + ["complain"] * 2


def test_scores_per_intent_and_overall() -> None:
    predicted = ["greet"] * 4 + ["ask_store_info"] * 3 + ["nlu_fallback"] + ["complain", "greet"]
    scores = score(TRUTH, predicted)
    assert scores["accuracy"] == 0.8
    assert scores["fallback_rate"] == 0.1
    assert scores["intents"]["greet"] == {"precision": 0.8, "recall": 1.0, "f1": 0.8889, "support": 4}
    assert scores["intents"]["complain"]["recall"] == 0.5
    assert scores["confusions"] == {"ask_store_info -> nlu_fallback": 1, "complain -> greet": 1}


def test_the_gate_passes_an_equal_or_better_model_and_lists_what_changed() -> None:
    active = score(TRUTH, ["greet"] * 4 + ["ask_store_info"] * 3 + ["greet"] + ["complain"] * 2)
    new = score(TRUTH, TRUTH)
    comparison = compare(active, new, RULES)
    assert comparison["passed"] and not comparison["regressions"]
    assert comparison["confusions_gone"] == {"ask_store_info -> greet": 1}
    assert comparison["intents"]["ask_store_info"] == (0.8571, 1.0)


def test_the_gate_blocks_a_regression_beyond_the_tolerance() -> None:
    active = score(TRUTH, TRUTH)
    broken = score(TRUTH, ["greet"] * 4 + ["ask_store_info"] * 4 + ["greet", "greet"])
    comparison = compare(active, broken, RULES)
    assert not comparison["passed"]
    assert any("accuracy fell from 1.000 to 0.800" in r for r in comparison["regressions"])
    assert any(r.startswith("F1 of complain fell") for r in comparison["regressions"])
    assert comparison["confusions_new"] == {"complain -> greet": 2}


def test_a_drop_within_the_tolerance_passes() -> None:
    truth = ["greet"] * 100
    active = score(truth, truth)
    slightly_worse = score(truth, ["greet"] * 99 + ["nlu_fallback"])
    assert compare(active, slightly_worse, RULES)["passed"]
