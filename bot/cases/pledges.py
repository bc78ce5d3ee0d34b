"""The SLA deadlines given to a customer, one row per deadline, so that kept and missed can be counted.

A case carries its current ``acknowledge_by`` and ``resolve_by``; each time they are set, a pledge is made
(``SlaPledge``). A pledge is closed as ``met`` when the case is acknowledged or settled, ``renewed`` when a new
deadline replaces it (the case moved to another role), ``missed`` when the SLA timer moved the case up for it.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Case, SlaPledge

ACKNOWLEDGE: Final = "acknowledge"
RESOLVE: Final = "resolve"
MET: Final = "met"
RENEWED: Final = "renewed"
MISSED: Final = "missed"


def _open(session: Session, case: Case) -> dict[str, SlaPledge]:
    session.flush()
    rows = session.scalars(
        select(SlaPledge).where(SlaPledge.case_id == case.id, SlaPledge.closed_at.is_(None)).order_by(SlaPledge.id)
    ).all()
    return {pledge.kind: pledge for pledge in rows}


def _make(session: Session, case: Case, kind: str, due: dt.datetime, now: dt.datetime) -> None:
    session.add(SlaPledge(case_id=case.id, kind=kind, role=case.assigned_role, made_at=now, due_at=due))


def _close(pledge: SlaPledge, how: str, now: dt.datetime) -> None:
    pledge.closed_at, pledge.closed_how = now, how


def make(session: Session, case: Case, now: dt.datetime) -> None:
    """The deadlines of a new case: acknowledged by ``acknowledge_by``, resolved by ``resolve_by``."""
    _make(session, case, ACKNOWLEDGE, case.acknowledge_by, now)
    _make(session, case, RESOLVE, case.resolve_by, now)


def acknowledge(session: Session, case: Case, now: dt.datetime) -> None:
    """A person answered for the case (accepted its chat, wrote a note, settled it): the first deadline is met."""
    if case.acknowledged_at is not None:
        return
    case.acknowledged_at = now
    pledge = _open(session, case).get(ACKNOWLEDGE)
    if pledge is not None:
        _close(pledge, MET, now)


def settled(session: Session, case: Case, now: dt.datetime) -> None:
    """The case was settled: its resolution deadline is met (and its acknowledgement, if still open)."""
    acknowledge(session, case, now)
    pledge = _open(session, case).get(RESOLVE)
    if pledge is not None:
        _close(pledge, MET, now)


def moved(session: Session, case: Case, now: dt.datetime, *, missed: str | None = None) -> None:
    """The case moved to another role with fresh deadlines (already set on the case).

    ``missed`` names the deadline the SLA timer moved it for, which is missed (and so is an acknowledgement still
    open: nobody answered); a person referring the case up answered for it, so its acknowledgement is met then.
    A resolution deadline that did not change stays open.
    """
    pledges = _open(session, case)
    ack = pledges.get(ACKNOWLEDGE)
    if ack is not None:
        _close(ack, MET if missed is None else MISSED, now)
    _make(session, case, ACKNOWLEDGE, case.acknowledge_by, now)
    resolve = pledges.get(RESOLVE)
    if missed == RESOLVE or resolve is None or resolve.due_at != case.resolve_by:
        if resolve is not None:
            _close(resolve, MISSED if missed == RESOLVE else RENEWED, now)
        _make(session, case, RESOLVE, case.resolve_by, now)


def reopened(session: Session, case: Case, now: dt.datetime) -> None:
    """The case was reopened with a fresh resolution deadline (the person reopening it has acknowledged it)."""
    for pledge in _open(session, case).values():
        _close(pledge, RENEWED, now)
    _make(session, case, RESOLVE, case.resolve_by, now)
