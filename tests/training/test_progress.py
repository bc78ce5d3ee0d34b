"""Following a training run: the component, the epoch bar and the time left, read from Rasa's own output."""

from __future__ import annotations

import io
import sys
from pathlib import Path

from bot.training.progress import Step, Terminal, latest, run_training

LOG = (
    "2026-12-02 07:31:03 INFO rasa.engine.training.hooks - Starting to train component 'CountVectorsFeaturizer'.\n"
    "2026-12-02 07:31:05 INFO rasa.engine.training.hooks - Starting to train component 'DIETClassifier'.\n"
    "Epochs:   0%|          | 0/40 [00:00<?, ?it/s]"
    "\rEpochs:  42%|████▎     | 17/40 [01:30<01:38,  4.28s/it, t_loss=3.33, i_acc=0.995]"
)


def test_the_latest_step_is_the_last_component_and_its_epoch_with_the_time_left() -> None:
    step = latest(LOG)
    assert step == Step("DIETClassifier", 17, 40, 98.0)
    assert step.line() == "Training DIETClassifier: epoch 17/40 ████████░░░░░░░░░░░░ about 1 min 38 s left"
    assert latest(LOG.split("Epochs")[0]) == Step("DIETClassifier")  # started, no epoch yet
    assert latest("Epochs: 0%| | 0/40 [00:00<?, ?it/s]") is None  # before any component
    assert latest(LOG + "\n... Starting to train component 'TEDPolicy'.\n") == Step("TEDPolicy")


def test_a_ci_log_gets_a_line_per_component_and_per_tenth_of_the_epochs() -> None:
    out = io.StringIO()
    show = Terminal(out)
    show("Training CountVectorsFeaturizer…")
    for epoch in range(41):
        show(Step("DIETClassifier", epoch, 40, 40.0 - epoch).line())
    lines = out.getvalue().splitlines()
    assert lines[0] == "Training CountVectorsFeaturizer…"
    assert [line.split(" ")[3] for line in lines[1:]] == [f"{e}/40" for e in range(0, 41, 4)]


def test_a_run_keeps_the_whole_output_and_shows_each_new_step(tmp_path: Path) -> None:
    script = (
        "import sys, time\n"
        "print(\"x Starting to train component 'DIETClassifier'.\", flush=True)\n"
        "for e in range(1, 4):\n"
        "    bar = f'\\rEpochs: {e}0%|#| {e}/3 [00:0{e}<00:0{3 - e}, 1.00s/it, t_loss=0.5]'\n"
        "    sys.stdout.write(bar * 400); sys.stdout.flush()  # redrawn at every batch: more than the window kept\n"
        "    time.sleep(0.05)\n"
        "sys.exit(3)\n"
    )
    shown: list[str] = []
    log = tmp_path / "logs" / "train.log"
    code = run_training([sys.executable, "-c", script], tmp_path, {}, log, shown.append)
    assert code == 3
    assert shown[0] == "Training DIETClassifier…" or shown[0].startswith("Training DIETClassifier: epoch 1/3")
    assert shown[-1] == "Training DIETClassifier: epoch 3/3 ████████████████████ about 0 s left"
    assert "Starting to train component 'DIETClassifier'" in log.read_text()
