"""The model registry: every model trained or served, how it scored, and which one is in service.

One row per model (file, data fingerprint, who, when, status, metrics, the comparison that gated it)
and one row per activation (who put which model in service, when and why), so a rollback is
"activate the one that was active before".
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.db.models import AssistantModel, ModelActivation
from bot.errors import ActivationRefused, ModelNotFound, TrainingBusy
from bot.training.evaluation import Comparison, Scores

BUSY = ("training", "evaluating")
STALE_AFTER = dt.timedelta(hours=3)  # a run this old that never finished belonged to a process that died
# The admin's wait, button to verdict, before the registry has a run to go by (docs/benchmarks.md: 45 s fine-tuned,
# about 2.5 minutes in full, on two cores).
DEFAULT_WAIT = {"fine-tuned": 60.0, "full": 180.0}


def get(session: Session, model_id: int) -> AssistantModel:
    """The model with that number.

    Raises:
        ModelNotFound: there is none.
    """
    model: AssistantModel | None = session.get(AssistantModel, model_id)
    if model is None:
        raise ModelNotFound(f"There is no model {model_id} in the registry.")
    return model


def all_models(session: Session) -> list[AssistantModel]:
    """Every model, newest first."""
    return list(session.scalars(select(AssistantModel).order_by(AssistantModel.id.desc())).all())


def active(session: Session) -> AssistantModel | None:
    """The model in service, as far as the registry knows."""
    model: AssistantModel | None = session.scalars(
        select(AssistantModel).where(AssistantModel.active.is_(True))
    ).first()
    return model


def running(session: Session, now: dt.datetime) -> AssistantModel | None:
    """The run in progress, if any (a run that has been silent for hours is marked failed)."""
    for model in session.scalars(select(AssistantModel).where(AssistantModel.status.in_(BUSY))).all():
        if model.started_at < now - STALE_AFTER:
            model.status, model.progress = "failed", "Interrupted: the process running it stopped."
            model.finished_at = now
        else:
            return model  # type: ignore[no-any-return]
    return None


def start_training(session: Session, by: str, fingerprint: str, now: dt.datetime, full: bool = False) -> AssistantModel:
    """A new row for a training run: ``full`` trains from scratch, else the active model is fine-tuned if it can be.

    Raises:
        TrainingBusy: another run is in progress.
    """
    busy = running(session, now)
    if busy is not None:
        raise TrainingBusy(f"Model {busy.id} is still being {busy.status.replace('ing', 'ed')} "
                           f"(started by {busy.trained_by}); wait for it to finish.")  # fmt: skip
    model = AssistantModel(data_fingerprint=fingerprint, trained_by=by, started_at=now, status="training",
                           progress="Waiting to start", method="full" if full else "auto")  # fmt: skip
    session.add(model)
    session.flush()
    return model


@dataclass(frozen=True)
class Wait:
    """How long a training run is expected to take, from the button to the gate's verdict."""

    seconds: float
    judged_by: int | None  # the model whose run it is taken from; None: DEFAULT_WAIT


def expected_wait(session: Session, full: bool) -> Wait:
    """How long a run will take: as the last run trained the same way ("fine-tuned", or "full") took.

    From that run's start to its verdict, or its training seconds if that is all it recorded; ``DEFAULT_WAIT``
    while no run of that kind reached a verdict.
    """
    method = "full" if full else "fine-tuned"
    last: AssistantModel | None = session.scalars(
        select(AssistantModel).where(AssistantModel.method == method, AssistantModel.train_seconds.is_not(None),
                                     AssistantModel.status.in_(("ready", "blocked")))
        .order_by(AssistantModel.id.desc()).limit(1)
    ).first()  # fmt: skip
    if last is None:
        return Wait(DEFAULT_WAIT[method], None)
    if last.finished_at is not None and last.finished_at > last.started_at:
        return Wait((last.finished_at - last.started_at).total_seconds(), last.id)
    return Wait(float(last.train_seconds), last.id)


def set_progress(session: Session, model_id: int, progress: str, status: str | None = None) -> None:
    """What the run is doing now."""
    values: dict[str, Any] = {"progress": progress[:500]}
    if status is not None:
        values["status"] = status
    session.execute(update(AssistantModel).where(AssistantModel.id == model_id).values(**values))


def trained(session: Session, model_id: int, file: Path, method: str = "full", base_model_id: int | None = None,
            seconds: float | None = None) -> None:  # fmt: skip
    """The run produced its model file (``method``: "fine-tuned" from ``base_model_id``, or "full"); evaluation next."""
    session.execute(update(AssistantModel).where(AssistantModel.id == model_id)
                    .values(file=str(file), status="evaluating", progress="Evaluating", method=method,
                            base_model_id=base_model_id, train_seconds=seconds))  # fmt: skip


def evaluated(
    session: Session, model_id: int, scores: Scores, comparison: Comparison | None, now: dt.datetime
) -> AssistantModel:
    """The run's result: ready to activate, or blocked by the regression gate."""
    model = get(session, model_id)
    model.metrics = json.dumps(scores)
    model.comparison = json.dumps(comparison) if comparison is not None else None
    model.status = "ready" if comparison is None or comparison["passed"] else "blocked"
    model.progress = "Ready to activate" if model.status == "ready" else "Blocked by the regression gate"
    model.finished_at = now
    return model


def failed(session: Session, model_id: int, message: str, now: dt.datetime) -> None:
    """The run stopped with an error."""
    session.execute(update(AssistantModel).where(AssistantModel.id == model_id)
                    .values(status="failed", progress=message[:500], finished_at=now))  # fmt: skip


def scores_of(model: AssistantModel) -> Scores | None:
    """The model's held-out scores, if it was evaluated."""
    return json.loads(model.metrics) if model.metrics else None


def comparison_of(model: AssistantModel) -> Comparison | None:
    """The comparison that gated the model, if any."""
    return json.loads(model.comparison) if model.comparison else None


def check_activation(model: AssistantModel, override_reason: str = "") -> None:
    """Whether ``model`` may go into service.

    Raises:
        ActivationRefused: not trained and evaluated, its file is gone, or the gate blocked it and no
            reason was given to override.
    """
    if model.status not in ("ready", "blocked", "served"):
        raise ActivationRefused(f"Model {model.id} is {model.status}; only a trained and evaluated model can go live.")
    if not model.file or not Path(model.file).is_file():
        raise ActivationRefused(f"The file of model {model.id} is gone ({model.file}).")
    if model.status == "blocked" and not override_reason.strip():
        raise ActivationRefused(f"Model {model.id} was blocked by the regression gate. To activate it anyway, "
                                "give the reason for overriding the gate.")  # fmt: skip


def mark_active(session: Session, model_id: int, by: str, kind: str, reason: str, now: dt.datetime) -> None:
    """Record that ``model_id`` is now the model in service."""
    session.execute(update(AssistantModel).where(AssistantModel.active.is_(True)).values(active=False))
    model = get(session, model_id)
    model.active = True
    if kind == "override":
        model.override_reason = reason
    session.add(ModelActivation(model_id=model_id, by=by, at=now, kind=kind, reason=reason))


def previous(session: Session) -> AssistantModel | None:
    """The model that was in service before the current one (the target of a rollback)."""
    current = active(session)
    for activation in session.scalars(select(ModelActivation).order_by(ModelActivation.id.desc())).all():
        if current is None or activation.model_id != current.id:
            return get(session, activation.model_id)
    return None


def activations(session: Session, limit: int = 50) -> list[ModelActivation]:
    """The latest activations, newest first."""
    return list(session.scalars(select(ModelActivation).order_by(ModelActivation.id.desc()).limit(limit)).all())


def note_serving(session: Session, file: Path, fingerprint: str, now: dt.datetime) -> AssistantModel:
    """Register the model the Rasa server was started with, as the active one (start-up)."""
    model = session.scalars(select(AssistantModel).where(AssistantModel.file == str(file))).first()
    if model is None:
        model = AssistantModel(file=str(file), data_fingerprint=fingerprint, trained_by="start-up", started_at=now,
                               finished_at=now, status="served", progress="Served at start-up")  # fmt: skip
        session.add(model)
        session.flush()
    if not model.active:
        mark_active(session, model.id, "start-up", "startup", "the model the Rasa server was started with", now)
    return model  # type: ignore[no-any-return]


def chosen_file(session: Session) -> Path | None:
    """The active model's file when an admin chose it (activation, override, rollback) and it still exists."""
    model = active(session)
    if model is None or not model.file or not Path(model.file).is_file():
        return None
    last = session.scalars(select(ModelActivation).where(ModelActivation.model_id == model.id)
                           .order_by(ModelActivation.id.desc())).first()  # fmt: skip
    return Path(model.file) if last is not None and last.kind != "startup" else None
