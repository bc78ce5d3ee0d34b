"""Retraining: train a model from the project's data, evaluate it next to the active one, gate it.

``retrain`` is the whole run for one registry row. It runs ``rasa train`` as a child process and
reports what it is doing (the component, the epoch) in the registry, so the console and the CLI
show progress live; then it scores the new model and the active one on the held-out split (each in
a child process, so TensorFlow never loads into the gateway) and applies the policy's regression gate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.context import Context
from bot.rasa.stack import RASA, rasa_environment
from bot.settings import PROJECT_ROOT, Settings
from bot.training.evaluation import Comparison, Scores, compare, score
from bot.training.nlu_data import examples_in
from bot.training.registry import active, evaluated, failed, get, scores_of, set_progress, trained

_COMPONENT = re.compile(r"Starting to train component '(\w+)'")
_EPOCH = re.compile(r"Epochs:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+)")
Progress = Callable[[str], None]


def data_fingerprint(settings: Settings) -> str:
    """A digest of everything training reads: the config, the domain and every data file."""
    digest = hashlib.sha256()
    project = settings.project_dir
    files = [settings.config_path, settings.domain_path, *sorted((project / "data").rglob("*.yml"))]
    for path in files:
        digest.update(str(path.relative_to(project) if path.is_relative_to(project) else path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _environment() -> dict[str, str]:
    return {**rasa_environment(), "PYTHONPATH": str(PROJECT_ROOT)}


def train(settings: Settings, model_id: int, progress: Progress) -> Path:
    """Run ``rasa train`` for registry row ``model_id``; returns the model file.

    Raises:
        RuntimeError: training failed (the log file is named).
    """
    name = f"concierge-{model_id}-{dt.datetime.now(dt.timezone.utc):%Y%m%d-%H%M%S}"
    log = settings.var_dir / "logs" / f"training-{model_id}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    command = [RASA, "train", "--config", str(settings.config_path), "--domain", str(settings.domain_path),
               "--data", str(settings.project_dir / "data"), "--out", str(settings.models_dir),
               "--fixed-model-name", name]  # fmt: skip
    component, last_report = "the data", 0.0
    progress("Training: reading the data")
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=settings.project_dir, env=_environment(), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)  # fmt: skip
        assert process.stdout is not None
        buffer = b""
        while chunk := process.stdout.read1(4096):  # type: ignore[attr-defined]
            out.write(chunk)
            buffer = (buffer + chunk)[-8192:]
            text = buffer.decode("utf-8", "replace")
            found = _COMPONENT.findall(text)
            if found:
                component = found[-1]
            epochs = _EPOCH.findall(text.rsplit("Starting to train component", 1)[-1])
            now = time.monotonic()
            if now - last_report >= 0.5:
                step = f", epoch {epochs[-1][0]} of {epochs[-1][1]}" if epochs else ""
                progress(f"Training: {component}{step}")
                last_report = now
        code = process.wait()
    model = settings.models_dir / f"{name}.tar.gz"
    if code != 0 or not model.is_file():
        raise RuntimeError(f"rasa train failed (exit {code}); see {log}")
    return model


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


def evaluate(settings: Settings, model: Path) -> Scores:
    """``model``'s scores on the held-out split."""
    held_out = examples_in(settings.held_out_dir)
    if not held_out:
        raise RuntimeError(f"no held-out examples in {settings.held_out_dir}")
    digest = hashlib.sha256(json.dumps(held_out).encode()).hexdigest()[:16]
    return score([intent for _, intent in held_out], predict(model, [text for text, _ in held_out]), digest)


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
        model = train(settings, model_id, progress)
        with ctx.sessions() as session, session.begin():
            trained(session, model_id, model)
        progress("Evaluating the new model on the held-out split", "evaluating")
        new = evaluate(settings, model)
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
