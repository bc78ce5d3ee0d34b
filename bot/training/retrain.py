"""Retraining: train a model from the project's data, evaluate it next to the active one, gate it.

``retrain`` is the whole run for one registry row. It runs ``rasa train`` as a child process: unless a
full retrain was asked for, it fine-tunes the active model on the data (Rasa allows that when only
examples changed, and refuses for a new intent, entity, slot or config; then the model is trained in
full). It reports what it is doing (the component, an epoch bar, the time left) in the registry, so the
console and the CLI show progress live; then it scores the new model and the active one on the held-out
split (each in a child process, so TensorFlow never loads into the gateway) and applies the policy's
regression gate, whichever way the model was trained.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.context import Context
from bot.rasa.stack import RASA_TRAIN, rasa_environment
from bot.settings import PROJECT_ROOT, Settings
from bot.training.evaluation import Comparison, Scores, compare, score
from bot.training.fingerprint import fingerprint
from bot.training.nlu_data import examples_in
from bot.training.progress import run_training
from bot.training.registry import active, evaluated, failed, get, scores_of, set_progress, trained

Progress = Callable[[str], None]
FINE_TUNE_FRACTION = 0.1  # of the config's epochs (4 of 40): 41 s against 124 s in full, docs/benchmarks.md


def data_fingerprint(settings: Settings) -> str:
    """A digest of everything training reads: the config, the domain and every data file."""
    return fingerprint(settings.project_dir, settings.config_path, settings.domain_path)


def _environment() -> dict[str, str]:
    return {**rasa_environment(), "PYTHONPATH": str(PROJECT_ROOT)}


def _run(settings: Settings, command: list[str], log: Path, progress: Progress) -> int:
    last_report = 0.0

    def show(line: str) -> None:  # the registry row is written at most twice a second
        nonlocal last_report
        if time.monotonic() - last_report >= 0.5 or "epoch" not in line:
            progress(line)
            last_report = time.monotonic()

    return run_training(command, settings.project_dir, _environment(), log, show)


def why_not_fine_tuned(log: Path) -> str:
    """Rasa's reason for refusing to fine-tune, from its log (new intents, entities, slots, another config)."""
    text = log.read_text(encoding="utf-8", errors="replace")
    reasons = [line.strip() for line in text.splitlines() if "finetun" in line.lower() or "fine-tun" in line.lower()]
    return reasons[-1][-300:] if reasons else "see " + str(log)


def train(settings: Settings, model_id: int, progress: Progress, base: Path | None = None,
          score: tuple[Path, Path] | None = None) -> tuple[Path, str]:  # fmt: skip
    """Run ``rasa train`` for registry row ``model_id``; the model file and how it was trained.

    With ``base`` (the active model's file), Rasa fine-tunes it for ``FINE_TUNE_FRACTION`` of the epochs: it
    refuses when more than examples changed (a new intent, entity or slot, another config), and then the model
    is trained in full. Returns "fine-tuned" or "full". With ``score`` (texts, predictions), the training
    process then predicts the texts' intents with the new model into the predictions file.

    Raises:
        RuntimeError: training failed (the log file is named).
    """
    name = f"concierge-{model_id}-{dt.datetime.now(dt.timezone.utc):%Y%m%d-%H%M%S}"
    log = settings.var_dir / "logs" / f"training-{model_id}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [*RASA_TRAIN, "--config", str(settings.config_path), "--domain", str(settings.domain_path),
               "--data", str(settings.project_dir / "data"), "--out", str(settings.models_dir),
               "--fixed-model-name", name, *(["--score", str(score[0]), str(score[1])] if score else [])]  # fmt: skip
    model = settings.models_dir / f"{name}.tar.gz"
    if base is not None and base.is_file():
        progress(f"Fine-tuning the active model ({base.name}) on the data")
        fine_tune = ["--finetune", str(base.resolve()), "--epoch-fraction", str(FINE_TUNE_FRACTION)]
        _run(settings, [*command, *fine_tune], log, progress)
        if model.is_file():  # written once training succeeded (should the scoring fail, evaluate scores it again)
            return model, "fine-tuned"
        progress(f"Cannot fine-tune ({why_not_fine_tuned(log)}); training in full")
    else:
        progress("Training: reading the data")
    code = _run(settings, command, log, progress)
    if not model.is_file():
        raise RuntimeError(f"rasa train failed (exit {code}); see {log}")
    return model, "full"


def predict(model: Path, texts: list[str]) -> list[str]:
    """The intent ``model`` gives each text (in a child process)."""
    with tempfile.TemporaryDirectory() as folder:
        given, answers = Path(folder) / "texts.json", Path(folder) / "predictions.json"
        given.write_text(json.dumps(texts), encoding="utf-8")
        completed = subprocess.run([sys.executable, "-m", "bot.training.predict", str(model), str(given), str(answers)],
                                   env=_environment(), capture_output=True, text=True)  # fmt: skip
        if completed.returncode != 0 or not answers.exists():
            raise RuntimeError(f"could not load {model.name}: {completed.stderr.strip()[-500:]}")
        return [str(name) for name, _ in json.loads(answers.read_text(encoding="utf-8"))]


def held_out_of(settings: Settings) -> list[tuple[str, str]]:
    """The held-out split: (text, intent) for each example.

    Raises:
        RuntimeError: the split is empty.
    """
    held_out = examples_in(settings.held_out_dir)
    if not held_out:
        raise RuntimeError(f"no held-out examples in {settings.held_out_dir}")
    return held_out


def evaluate(settings: Settings, model: Path, predicted: Path | None = None) -> Scores:
    """``model``'s scores on the held-out split, from ``predicted`` if its training process scored it."""
    held_out = held_out_of(settings)
    digest = hashlib.sha256(json.dumps(held_out).encode()).hexdigest()[:16]
    texts = [text for text, _ in held_out]
    answers = json.loads(predicted.read_text(encoding="utf-8")) if predicted and predicted.is_file() else []
    intents = [str(name) for name, _ in answers] if len(answers) == len(texts) else predict(model, texts)
    return score([intent for _, intent in held_out], intents, digest)


def retrain(ctx: Context, model_id: int, on_progress: Progress | None = None) -> None:
    """Train, evaluate and gate registry row ``model_id`` (made by ``model_registry.start_training``).

    Never raises for a failed run: the row says what went wrong.
    """
    settings = ctx.settings

    def progress(text: str, status: str | None = None) -> None:
        with ctx.sessions() as session, session.begin():
            set_progress(session, model_id, text, status)
        if on_progress is not None:
            on_progress(text)

    try:
        with ctx.sessions() as session:
            requested, current = get(session, model_id).method, active(session)
            base = (current.id, Path(current.file)) if current is not None and current.file else None
        with tempfile.TemporaryDirectory() as folder:  # the training process scores the held-out split too
            texts, predicted = Path(folder) / "held-out.json", Path(folder) / "predicted.json"
            texts.write_text(json.dumps([text for text, _ in held_out_of(settings)]), encoding="utf-8")
            started = time.time()
            model, method = train(settings, model_id, progress, base[1] if base and requested == "auto" else None,
                                  (texts, predicted))  # fmt: skip
            took = model.stat().st_mtime - started  # until the model was written; the scoring comes after
            with ctx.sessions() as session, session.begin():
                trained(session, model_id, model, method, base[0] if base and method == "fine-tuned" else None, took)
            progress("Evaluating the new model on the held-out split", "evaluating")
            new = evaluate(settings, model, predicted)
        comparison = _against_active(ctx, model_id, new, progress)
        with ctx.sessions() as session, session.begin():
            row = evaluated(session, model_id, new, comparison, ctx.now())
            outcome = row.progress
        if on_progress is not None:
            on_progress(outcome)
    except Exception as exc:  # the registry row must say what went wrong, whatever it was
        with ctx.sessions() as session, session.begin():
            failed(session, model_id, f"Failed: {exc}", ctx.now())
        if on_progress is not None:
            on_progress(f"Failed: {exc}")


def _against_active(ctx: Context, model_id: int, new: Scores, progress: Progress) -> Comparison | None:
    """The comparison with the active model (scored again unless its scores on this split are stored)."""
    with ctx.sessions() as session:
        current = active(session)
        if current is None or current.id == model_id or not current.file:
            return None
        current_id, current_file, stored = current.id, Path(current.file), scores_of(current)
    if stored is None or stored.get("held_out") != new["held_out"]:
        if not current_file.is_file():
            return None
        progress(f"Evaluating the active model ({current_id}) on the held-out split")
        stored = evaluate(ctx.settings, current_file)
        with ctx.sessions() as session, session.begin():
            get(session, current_id).metrics = json.dumps(stored)
    return compare(stored, new, ctx.policy.training)
