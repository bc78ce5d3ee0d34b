"""The model registry's expectations: how long the next retraining will take."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bot.context import Context
from bot.training import registry

START = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.timezone.utc)


def run(context: Context, full: bool, method: str, train: float, took: float | None, passed: bool = True) -> int:
    """A run of the registry that trained ``method`` in ``train`` seconds and reached its verdict ``took`` after."""
    with context.sessions() as s, s.begin():
        model = registry.start_training(s, "Ada", "f" * 64, START, full=full)
        registry.trained(s, model.id, Path("/models/x.tar.gz"), method, None, train)
        if took is not None:
            done = registry.evaluated(s, model.id, {"intents": {}}, {"passed": passed}, START)  # type: ignore[typeddict-item]
            done.finished_at = START + dt.timedelta(seconds=took)
        return int(model.id)


def test_the_expected_wait_is_the_last_run_of_the_same_kind_from_the_button_to_the_verdict(context: Context) -> None:
    with context.sessions() as s:
        assert registry.expected_wait(s, False) == registry.Wait(registry.DEFAULT_WAIT["fine-tuned"], None)
        assert registry.expected_wait(s, True) == registry.Wait(registry.DEFAULT_WAIT["full"], None)
    fine = run(context, False, "fine-tuned", 41.0, 52.0)
    fell_back = run(context, False, "full", 130.0, 170.0, passed=False)  # asked to fine-tune, trained in full
    run(context, True, "full", 125.0, None)  # still evaluating: no verdict to go by
    with context.sessions() as s:
        assert registry.expected_wait(s, False) == registry.Wait(52.0, fine)
        assert registry.expected_wait(s, True) == registry.Wait(170.0, fell_back)
