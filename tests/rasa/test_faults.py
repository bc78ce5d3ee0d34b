"""The fault test: customers chat through the launcher's service while the action server, Rasa and the gateway
are killed in turn (as an out-of-memory kill would) and the launcher starts each again.

``benchmarks.launched.fault_run`` runs ``python -m bot init`` and ``python -m bot serve`` as a shop would, on a
private var directory, with 21 simulated customers (enquiries, complaints taken to the end, status checks)
and a member of staff on the console throughout. Nothing typed may be lost or doubled, no complaint may make
two cases, every customer must be answered within 60 s of the part coming back, and nobody may be shown
"database is locked". The figures are printed (``-s``); ``python -m benchmarks`` records them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.launched import fault_run

pytestmark = pytest.mark.servers


def test_customers_lose_nothing_while_each_process_is_killed_in_turn(tmp_path: Path, trained_models: Path) -> None:
    run = fault_run(tmp_path / "var")
    tally, figures = run.tally, run.summary()
    print(f"\nfault test: {figures}")

    assert [o.part for o in run.outages] == ["actions", "rasa", "web"]
    assert len(tally.conversations) >= 21 and tally.sent >= 200, figures
    assert tally.apologised > 0, "no customer was caught by an outage: the run measured nothing"
    assert tally.lost == 0 and tally.missing == 0 and tally.doubled == 0, figures
    assert tally.unanswered_in_transcript == 0 and tally.not_resumed == 0, figures
    assert len(tally.complaints_confirmed) >= 7 and run.duplicates == 0, figures
    assert len(tally.complaints_confirmed) == tally.complaints_finished, figures  # no form lost its place
    assert run.cases == len(tally.complaints_confirmed), figures  # every confirmed complaint made its one case
    assert tally.longest_after_return(run.outages) <= 60, figures
    assert run.locked == 0 and not any("locked" in error for error in tally.errors), figures
    assert not run.staff.failed and run.staff.pages > 20, run.staff.failed
    assert run.exit_status == 0 and not run.left_running, figures  # SIGTERM stopped everything it ran
