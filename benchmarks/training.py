"""Training time and what it buys: a Rasa config trained from scratch, timed, and measured.

Trained with an empty cache (nothing restored), then measured on the held-out split and the off-topic set with
the model loaded in this process.

``python -m benchmarks.training [--nlu] CONFIG.yml ...`` prints, for each config, the seconds ``rasa train`` took
(``--nlu``: ``rasa train nlu``, for comparing NLU pipelines), DIET's seconds per epoch and the four numbers of
``benchmarks.understanding``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from benchmarks.launched import private_settings
from benchmarks.understanding import DEV, HELD_OUT, OFF_TOPIC, Understanding, measure_with
from bot.context import build_context
from bot.db.models import AssistantModel
from bot.rasa.stack import RASA, RASA_TRAIN, rasa_environment
from bot.settings import PROJECT_ROOT
from bot.training.labelled_data import add_example
from bot.training.nlu_data import examples_in
from bot.training.registry import note_serving
from bot.training.retrain import data_fingerprint, evaluate, predict

RASA_AS_IT_WAS = [RASA, "train"]  # without bot.rasa.diet_graph

EPOCH_RATE = re.compile(r"Epochs: 100%\|[^|]*\| (\d+)/\d+ \[(\d+):(\d+)<")


@dataclass(frozen=True)
class Trained:
    """One config trained from scratch: its seconds, its slowest component's epochs, and what the model understands."""

    config: str
    seconds: float
    epochs: list[tuple[int, float]]  # (epochs, seconds) of each component that trains in epochs, in order
    understanding: Understanding  # on the held-out split
    dev: Understanding  # on the dev split, which configs are chosen by


def timed_train(config: Path, out: Path, log: Path, cache: Path, *extra: str, data: Path | None = None,
                train: Sequence[str] = RASA_TRAIN) -> float:  # fmt: skip
    """Seconds ``rasa train`` takes for ``config`` (and ``data``) with the cache in ``cache``.

    The model goes to ``out/model.tar.gz``; ``extra`` arguments go to ``rasa train``; ``train`` is the command
    (as the service runs it, or ``RASA_AS_IT_WAS``).
    """
    with log.open("wb") as output:
        env = {**rasa_environment(), "RASA_CACHE_DIRECTORY": str(cache)}
        data_flag = "--nlu" if extra[:1] == ("nlu",) else "--data"  # ``rasa train nlu`` names its data --nlu
        command = [*train, *extra, "--config", str(config), data_flag, str(data or PROJECT_ROOT / "data"),
                   "--out", str(out), "--fixed-model-name", "model"]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, check=True)
        return time.perf_counter() - started


def train_from_scratch(config: Path, out: Path, log: Path, nlu_only: bool = False) -> float:
    """Seconds ``rasa train`` takes for ``config`` with an empty cache (nothing restored); the model in ``out``."""
    with tempfile.TemporaryDirectory() as cache:
        if nlu_only:
            return timed_train(config, out, log, Path(cache), "nlu")
        return timed_train(config, out, log, Path(cache))


def epochs_in(log: Path) -> list[tuple[int, float]]:
    """(epochs, seconds) of each finished progress bar of epochs in a training log."""
    bars = [(int(m.group(1)), 60.0 * int(m.group(2)) + int(m.group(3)))
            for m in EPOCH_RATE.finditer(log.read_text(errors="replace"))]  # fmt: skip
    return list(dict.fromkeys(bars))  # a bar's last state is written several times


def understanding_of(model: Path, splits: tuple[Path, ...] = (HELD_OUT,)) -> list[Understanding]:
    """The numbers on each split of the model at ``model``: every text predicted in one child process."""
    texts = sorted({text for place in (*splits, OFF_TOPIC) for text, _ in examples_in(place)})
    intents = dict(zip(texts, predict(model, texts)))
    return [measure_with(lambda batch: [intents[text] for text in batch], split) for split in splits]


def trained(config: Path, workdir: Path, nlu_only: bool = False) -> Trained:
    """Train ``config`` from scratch in ``workdir`` and measure it on the dev and held-out splits."""
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / f"{config.stem}.log"
    seconds = train_from_scratch(config, workdir / config.stem, log, nlu_only)
    dev, held_out = understanding_of(workdir / config.stem / "model.tar.gz", (DEV, HELD_OUT))
    return Trained(config.name, seconds, epochs_in(log), held_out, dev)


def timed_understanding(config: Path, workdir: Path, splits: tuple[Path, ...]) -> tuple[float, list[Understanding]]:
    """Seconds to train ``config`` from scratch (as the service trains), and its numbers on each of ``splits``."""
    workdir.mkdir(parents=True, exist_ok=True)
    seconds = train_from_scratch(config, workdir / config.stem, workdir / f"{config.stem}.log")
    return seconds, understanding_of(workdir / config.stem / "model.tar.gz", splits)


NEW_EXAMPLES = (
    "wot o'clock do the doors unlock",
    "r u guys open on the public holiday",
    "till when is TST open tonite",
)


def with_new_examples(data: Path) -> Path:
    """A copy of the project's data in ``data`` with three examples an admin labelled from the inbox."""
    shutil.copytree(PROJECT_ROOT / "data", data)
    for text in NEW_EXAMPLES:
        add_example(data / "nlu", PROJECT_ROOT / "domain.yml", "ask_store_info", text)
    return data


@dataclass(frozen=True)
class SideBySide:
    """One config: trained from scratch, then the admin's retrain after three new examples, both ways."""

    config: str
    scratch: float  # seconds, empty cache
    retrain_full: float  # seconds, the data changed, the cache of the first training warm (what a retrain was)
    fine_tune: float  # seconds, ``--finetune`` of the first model for the share of epochs retraining uses
    evaluation: float  # seconds, scoring a model on the held-out split in a process of its own
    admin_wait: float  # seconds from ``bot model retrain`` to the gate's verdict (as it was: in full + evaluation)
    understanding: Understanding  # of the model from scratch, on the held-out split
    fine_tuned: Understanding  # of the fine-tuned model


def evaluation_seconds(model: Path, as_it_was: bool) -> float:
    """Seconds the held-out split takes to score in a child process (Rasa's own model loading if ``as_it_was``)."""
    module = "benchmarks.as_it_was" if as_it_was else "bot.training.predict"
    with tempfile.TemporaryDirectory() as folder:
        texts, out = Path(folder) / "texts.json", Path(folder) / "out.json"
        texts.write_text(json.dumps([text for text, _ in examples_in(HELD_OUT)]), encoding="utf-8")
        env = {**rasa_environment(), "PYTHONPATH": str(PROJECT_ROOT)}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", module, str(model), str(texts), str(out)], env=env, check=True,
                       capture_output=True)  # fmt: skip
        return time.perf_counter() - started


def admin_retrain(folder: Path, config: Path, data: Path, active_model: Path) -> float:
    """Seconds ``python -m bot model retrain`` takes on a copy of the project with ``data``, ``active_model`` serving.

    The whole of the admin's wait: fine-tuning (or training in full if Rasa refuses), scoring the new model on
    the held-out split and the regression gate against the model in service, whose scores are stored (as they
    are after its own retrain). Raises if the retrain did not fine-tune or was not evaluated.
    """
    project = folder / "project"
    shutil.copytree(data, project / "data")
    shutil.copytree(HELD_OUT, project / "tests" / "nlu")
    shutil.copy(PROJECT_ROOT / "domain.yml", project / "domain.yml")
    shutil.copy(config, project / "config.yml")
    settings = dataclasses.replace(private_settings(folder / "var"), project_dir=project)
    context, active_model = build_context(settings), active_model.resolve()
    scores = evaluate(settings, active_model)
    with context.sessions() as session, session.begin():
        row = note_serving(session, active_model, data_fingerprint(settings), context.now())
        row.metrics = json.dumps(scores)  # note_serving put it in service
    env = {**os.environ, **settings.as_environment()}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "bot", "model", "retrain"], cwd=PROJECT_ROOT, env=env,
                          capture_output=True, text=True)  # fmt: skip
    seconds = time.perf_counter() - started
    with context.sessions() as session:
        new = session.scalars(select(AssistantModel).order_by(AssistantModel.id.desc())).first()
        if done.returncode not in (0, 1) or new is None or new.method != "fine-tuned" or not new.metrics:
            raise RuntimeError(f"the admin's retrain did not fine-tune and evaluate: {done.stdout[-2000:]}")
    return seconds


def side_by_side(config: Path, workdir: Path, as_it_was: bool = False) -> SideBySide:
    """Train ``config`` from scratch, then retrain it after three new examples in full and by fine-tuning.

    ``as_it_was``: Rasa's own ``rasa train`` and model loading, and the admin's wait as it was before fine-tuning
    existed (a retrain in full, then the evaluation); otherwise the service's, and the admin's wait measured.
    """
    from bot.training.retrain import FINE_TUNE_FRACTION

    folder = workdir / config.stem
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cache, data = folder / "cache", with_new_examples(folder / "data")
    train = RASA_AS_IT_WAS if as_it_was else RASA_TRAIN
    scratch = timed_train(config, folder / "scratch", folder / "scratch.log", cache, train=train)
    first = folder / "scratch" / "model.tar.gz"
    retrain_full = timed_train(config, folder / "full", folder / "full.log", cache, data=data, train=train)
    fine_tune = timed_train(config, folder / "fine", folder / "fine.log", cache, "--finetune", str(first),
                            "--epoch-fraction", str(FINE_TUNE_FRACTION), data=data, train=train)  # fmt: skip
    evaluation = evaluation_seconds(first, as_it_was)
    wait = retrain_full + evaluation if as_it_was else admin_retrain(folder / "admin", config, data, first)
    (scratch_understanding,) = understanding_of(first)
    (tuned,) = understanding_of(folder / "fine" / "model.tar.gz")
    return SideBySide(config.name, scratch, retrain_full, fine_tune, evaluation, wait, scratch_understanding, tuned)


def numbers(u: Understanding) -> str:
    """The four numbers, as a line."""
    return (f"accuracy {u.accuracy:.3f}, macro-F1 {u.macro_f1:.3f}, off-topic recall {u.off_topic_recall:.3f}, "
            f"false fallbacks {u.false_fallback_rate:.3f}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Train and measure each config given."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.training")
    parser.add_argument("configs", nargs="+", type=Path)
    parser.add_argument("--nlu", action="store_true", help="train the NLU pipeline only")
    parser.add_argument("--evaluate", action="store_true", help="the paths are trained models: only measure them")
    parser.add_argument("--workdir", type=Path, default=PROJECT_ROOT / "var" / "bench-training")
    args = parser.parse_args(argv)
    if args.evaluate:
        for model in args.configs:
            dev, held_out = understanding_of(model, (DEV, HELD_OUT))
            print(f"{model}: dev: {numbers(dev)}; held-out: {numbers(held_out)}", flush=True)
        return 0
    for config in args.configs:
        result = trained(config.resolve(), args.workdir, args.nlu)
        epochs = ", ".join(f"{n} epochs in {s:.0f} s" for n, s in result.epochs)
        print(f"{config}: {result.seconds:.0f} s ({epochs}); dev: {numbers(result.dev)}; "
              f"held-out: {numbers(result.understanding)}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
