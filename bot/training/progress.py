"""Following ``rasa train`` as it runs: the component it is training, an epoch bar and the time left.

Rasa logs "Starting to train component 'X'" and, for the components that learn in epochs, draws a tqdm
bar ("Epochs:  30%|███   | 12/40 [00:41<01:37, ...]"). ``run_training`` keeps the whole output in a log
and tells ``show`` a one-line summary whenever it changes; ````Terminal`` is a ``show`` for a person at a
terminal (one line redrawn) or for a CI log (a line per tenth of the epochs).
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

Show = Callable[[str], None]
_COMPONENT = re.compile(r"Starting to train component '(\w+)'")
_EPOCHS = re.compile(r"Epochs:\s+\d+%\|[^|]*\|\s*(\d+)/(\d+) \[[\d:]+<(\?|\d+(?::\d+)+)[,\]]")  # whole bars only
_DONE = re.compile(r"Your Rasa model is trained|Nothing changed")


@dataclass(frozen=True)
class Step:
    """Where a training run is: the component, its epoch, and the seconds tqdm expects it still needs."""

    component: str
    epoch: int = 0
    epochs: int = 0
    left: float | None = None

    def line(self, width: int = 20) -> str:
        """The step as one line: ``Training DIETClassifier: epoch 12/40 ██████░░░░ about 1 min 37 s left``."""
        if not self.epochs:
            return f"Training {self.component}…"
        filled = round(width * self.epoch / self.epochs)
        left = f" about {duration(self.left)} left" if self.left is not None else ""
        return (
            f"Training {self.component}: epoch {self.epoch}/{self.epochs} {'█' * filled}{'░' * (width - filled)}{left}"
        )


def duration(seconds: float) -> str:
    """``1 min 37 s``, ``45 s``."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _seconds(clock: str) -> float | None:
    if "?" in clock:
        return None
    total = 0.0
    for part in clock.split(":"):
        total = total * 60 + int(part)
    return total


def latest(text: str) -> Step | None:
    """The step the end of a training log shows (None before any component starts)."""
    started = list(_COMPONENT.finditer(text))
    if not started:
        return None
    last = started[-1]
    bars = list(_EPOCHS.finditer(text, last.end()))
    if not bars:
        return Step(last.group(1))
    epoch, epochs, left = bars[-1].groups()
    return Step(last.group(1), int(epoch), int(epochs), _seconds(left))


def _since_last_component(text: str, keep: int = 16384) -> str:
    """The output from the last component's start on, its middle dropped once long (the bars redraw often)."""
    starts = list(_COMPONENT.finditer(text))
    if starts:
        text = text[starts[-1].start() :]
    if len(text) <= keep:
        return text
    head = text[: text.find("\n") + 1] if starts else ""
    return head + text[-keep // 2 :]


def run_training(command: Sequence[str], cwd: Path, env: Mapping[str, str], log: Path, show: Show | None) -> int:
    """Run ``command`` (a ``rasa train``), its output kept in ``log``, telling ``show`` each new step; its exit."""
    log.parent.mkdir(parents=True, exist_ok=True)
    shown = ""
    with log.open("ab") as out, subprocess.Popen(list(command), cwd=cwd, env=dict(env), stdout=subprocess.PIPE,
                                                 stderr=subprocess.STDOUT) as process:  # fmt: skip
        assert process.stdout is not None
        recent = ""
        while chunk := process.stdout.read1(4096):  # type: ignore[attr-defined]
            out.write(chunk)
            out.flush()
            recent = _since_last_component(recent + chunk.decode("utf-8", "replace"))
            step = latest(recent)
            if show is not None and step is not None and step.line() != shown:
                shown = step.line()
                show(shown)
        return process.wait()


class Terminal:
    """A ``show`` for people.

    On a terminal, one line redrawn (at most every ``every`` seconds); in a log (CI), a line for each
    component and each tenth of its epochs.
    """

    def __init__(self, stream: TextIO | None = None, every: float = 0.5) -> None:
        self.out = stream or sys.stdout
        self.live = self.out.isatty()
        self.every = every
        self._drawn_at = 0.0
        self._printed: tuple[str, int] = ("", -1)

    def __call__(self, line: str) -> None:
        """Show ``line`` (a ``Step.line``) if it says something new."""
        if self.live:
            now = time.monotonic()
            if now - self._drawn_at >= self.every or "epoch" not in line:
                self.out.write("\r\033[K" + line)
                self.out.flush()
                self._drawn_at = now
            return
        match = re.match(r"Training (\w+)(?:: epoch (\d+)/(\d+))?", line)
        tenth = 10 * int(match.group(2)) // int(match.group(3)) if match and match.group(2) else -1
        key = (match.group(1) if match else line, tenth)
        if key != self._printed:
            self.out.write(line + "\n")
            self.out.flush()
            self._printed = key

    def close(self) -> None:
        """End the redrawn line."""
        if self.live:
            self.out.write("\n")
            self.out.flush()
