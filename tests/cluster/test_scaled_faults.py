"""The scaled fault test: 50 customers chat through the balancer while a gateway, a Rasa server, an action server,
Redis and PostgreSQL are killed in turn (SIGKILL, as an out-of-memory kill would) and the supervisor starts each again.

``benchmarks.scaled.fault_run`` runs ``python -m bot serve --scale`` as a shop would, on a private var directory
(its own PostgreSQL and Redis), with 50 simulated customers (enquiries, complaints taken to the end, status checks)
behaving as the widget does and a manager on the console throughout. Nothing typed may be lost or doubled, no
complaint may make two cases, and every customer must be answered once the part is back. The figures are printed
(``-s``); ``python -m benchmarks --only scale`` records them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.scaled import PARTS, fault_run

pytestmark = pytest.mark.servers


def test_fifty_customers_lose_nothing_while_each_part_of_the_scaled_service_is_killed(
    tmp_path: Path, trained_models: Path
) -> None:
    run = fault_run(tmp_path / "var", customers=50)
    tally, figures = run.tally, run.summary()
    print(f"\nscaled fault test: {figures}")

    assert [o.part for o in run.outages] == list(PARTS)
    assert len(tally.conversations) >= 50 and tally.sent >= 500, figures
    assert tally.apologised > 0, "no customer was caught by an outage: the run measured nothing"
    assert tally.lost == 0 and tally.missing == 0 and tally.doubled == 0, figures
    assert tally.unanswered_in_transcript == 0 and tally.not_resumed == 0, figures
    assert len(tally.complaints_confirmed) >= 15 and run.duplicates == 0, figures
    assert len(tally.complaints_confirmed) == tally.complaints_finished, figures  # no form lost its place
    assert run.cases == len(tally.complaints_confirmed), figures  # every confirmed complaint made its one case
    assert tally.longest_after_return(run.outages) <= 60, figures
    assert not run.staff.failed and run.staff.pages > 20, run.staff.failed
    assert run.exit_status == 0 and not run.left_running, figures  # SIGTERM stopped everything it ran
