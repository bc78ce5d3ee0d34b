"""The benchmark's results as printed lines, ``docs/benchmarks.md`` and a chart."""

from __future__ import annotations

import datetime as dt
import platform
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from benchmarks.launched import FaultRun  # noqa: E402
from benchmarks.per_message import DEEPER, EARLY, FLAT_OUT, LATE, SUBMIT, Costs  # noqa: E402
from benchmarks.training import SideBySide  # noqa: E402
from benchmarks.understanding import Understanding  # noqa: E402

HEADER = ("| customers at once | gateway p50 / p95 / p99 | gateway msg/s | lost | Rasa REST p50 / p95 / p99 "
          "| Rasa msg/s | gateway overhead (mean) |")  # fmt: skip
# pace ("customers", "flat out") -> path ("gateway", "rasa") -> concurrency -> numbers
Latency = dict[str, dict[str, dict[int, dict[str, float]]]]


def chart(latency: Latency, path: Path) -> None:
    """p95 per concurrency at each pace, through the gateway and straight to Rasa."""
    figure, axis = plt.subplots(figsize=(7, 4))
    for pace, colour in zip(latency, ("tab:blue", "tab:red")):
        for route, style in (("gateway", "-o"), ("rasa", "--s")):
            levels = sorted(latency[pace][route])
            axis.plot(levels, [latency[pace][route][c]["p95"] for c in levels], style, color=colour,
                      label=f"{pace}, {route} p95")  # fmt: skip
    levels = sorted(next(iter(latency.values()))["gateway"])
    axis.axhline(250, color="grey", linewidth=0.8, linestyle=":", label="target p95 250 ms")
    axis.set_xlabel("concurrent customers")
    axis.set_ylabel("latency per message (ms)")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xticks(levels, [str(c) for c in levels])
    axis.grid(True, alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _table(numbers: dict[str, dict[int, dict[str, float]]]) -> str:
    rows = [HEADER, "| --- | --- | --- | --- | --- | --- | --- |"]
    for c in sorted(numbers["gateway"]):
        g, r = numbers["gateway"][c], numbers["rasa"][c]
        overhead = (g["mean"] / r["mean"] - 1) * 100 if r["mean"] else float("nan")
        rows.append(f"| {c} | {g['p50']:.0f} / {g['p95']:.0f} / {g['p99']:.0f} | {g['per_second']:.1f} | "
                    f"{int(g['lost'])} of {int(g['messages'] + g['lost'])} | {r['p50']:.0f} / {r['p95']:.0f} / "
                    f"{r['p99']:.0f} | {r['per_second']:.1f} | {overhead:+.0f}% |")  # fmt: skip
    return "\n".join(rows)


def markdown(understanding: Understanding, latency: Latency, memory: dict[str, float], cpu: dict[str, float],
             training: str, growth: dict[str, tuple[float, float]]) -> str:  # fmt: skip
    """The report, as Markdown."""
    confusions = "\n".join(f"| {t} | {p} | {n} |" for t, p, n in understanding.confusions)
    processes = "\n".join(f"| {name} | {cpu.get(name, float('nan')):.1f} ms | {mib:.0f} MiB |"
                          for name, mib in memory.items())  # fmt: skip
    rasa_cpu = cpu.get("rasa") or float("nan")
    ours = sum(ms for name, ms in cpu.items() if name != "rasa")
    growth_rows = "\n".join(f"| {how} | {early:.0f} ms | {late:.0f} ms | ×{late / early:.2f} |"
                             for how, (early, late) in growth.items())  # fmt: skip
    return f"""# Benchmarks

Run with `scripts/bench` (or `make bench`) on {dt.date.today():%d %b %Y}, {platform.processor() or platform.machine()},
{_cores()} cores. Every number below comes from that run; rerun to refresh.

## Understanding

Held-out split `tests/nlu` ({understanding.examples} examples, never trained on) and
`benchmarks/off_topic.yml` ({understanding.off_topic} off-topic messages, never trained on).

| measure | value |
| --- | --- |
| intent accuracy | {understanding.accuracy:.3f} |
| macro-F1 | {understanding.macro_f1:.3f} |
| out-of-scope recall (off-topic answered as out of scope or fallback) | {understanding.off_topic_recall:.3f} |
| in-scope false-fallback rate | {understanding.false_fallback_rate:.3f} |

Top confusions (true → predicted):

| true | predicted | count |
| --- | --- | --- |
{confusions}

## Speed under load

Simulated customers play three realistic conversations (enquiries; a full complaint intake; a
status check and enquiries) through the gateway's websocket, then the same conversations straight
to Rasa's REST channel. Latency per message in milliseconds (p50 / p95 / p99), from sending a
message to the last line of its answer.

**Customers** read each answer and type the next message, 2 to 6 seconds (drawn per message, the
same draws on both routes):

{_table(latency["customers"])}

**Flat out**: each simulated customer sends its next message the moment the last answer came, so
the service is saturated and the numbers are its capacity, not what a customer sees:

{_table(latency["flat out"])}

![p95 latency by concurrency](benchmarks.png)

## Cost growth

One conversation of 50 enquiries straight to Rasa (three conversations, median per turn). Stock
Rasa keeps one session for the whole chat and replays, featurizes and sends to the action server all
of it at every message; the tracker store rolls a session over into a fresh one (its slots carried
over) once it holds `CONCIERGE_SESSION_EVENTS` events (60).

| sessions | turn 5 | turn 50 | growth |
| --- | --- | --- | --- |
{growth_rows}

## Processes

CPU time per message (one customer through the gateway, five rounds of the three conversations)
and resident memory after the run. The gateway and the action server together cost
{ours:.1f} ms of CPU per message against Rasa's {rasa_cpu:.1f} ms ({100 * ours / rasa_cpu:.0f}%).

| process (with its children) | CPU per message | memory |
| --- | --- | --- |
{processes}

Training: {training}
"""


def _cores() -> int:
    import os

    return os.cpu_count() or 0


FAULTS_START = "<!-- fault run: python -m benchmarks --only faults rewrites from here -->"
FAULTS_END = "<!-- end of the fault run -->"


def fault_section(run: FaultRun) -> str:
    """The fault run's figures, as a section of the report between markers (so it can be refreshed alone)."""
    t = run.tally
    outages = ", ".join(f"{o.part} {o.back - o.killed:.0f} s" for o in run.outages)
    shown_locked = sum("locked" in e for e in t.errors)
    complaints = f"{t.complaints_finished} / {len(t.complaints_confirmed)} / {run.cases} / {run.duplicates}"
    return f"""{FAULTS_START}
## Surviving a crashed process

Measured on {dt.date.today():%d %b %Y} by the fault test (`tests/rasa/test_faults.py`, in the suite; refresh this
section alone with `.venv/bin/python -m benchmarks --only faults`). `python -m bot init` and
`python -m bot serve` run as a shop runs them; {run.customers} simulated customers chat through the
gateway (enquiries, complaints taken to the end, status checks; 1 to 3 s between messages; a new chat after
each), and a member of staff keeps the console open, while the action server, Rasa and the gateway are killed
with SIGKILL one after another, 15 s apart, and the launcher starts each again. Time until the part answered
again: {outages}. Each customer reconnects as the widget does and, before ending a chat, reloads it and
compares the transcript with what it typed.

| measure | value | target |
| --- | --- | --- |
| chats / messages sent | {len(t.conversations)} / {t.sent} | |
| answered | {t.answered} | all |
| apologised for, then answered | {t.apologised} | |
| lost | {t.lost} | 0 |
| missing / doubled in the transcripts | {t.missing} / {t.doubled} | 0 / 0 |
| complaints finished / given a reference / cases / duplicates | {complaints} | n / n / n / 0 |
| longest wait for an answer | {t.longest_wait:.0f} s | |
| longest wait once the part was back | {t.longest_after_return(run.outages):.0f} s | ≤ 60 s |
| reconnects (chats not resumed) | {t.reconnects} ({t.not_resumed}) | (0) |
| "database is locked" in the logs / shown to customers | {run.locked} / {shown_locked} | 0 / 0 |
| staff console pages / failed | {run.staff.pages} / {len(run.staff.failed)} | / 0 |
| launcher after SIGTERM: exit status, processes left | {run.exit_status}, {len(run.left_running)} | 0, 0 |
{FAULTS_END}
"""


TRAINING_START = "<!-- training: python -m benchmarks --only training rewrites from here -->"
TRAINING_END = "<!-- end of training -->"


def training_section(rows: list[SideBySide]) -> str:
    """Training from scratch and the admin's retrain, today's config beside the one before, as a report section."""
    lines = [
        "| config, run by | from scratch | retrain in full (warm cache) | by fine-tuning | evaluation | "
        "the admin's wait | accuracy / macro-F1 / off-topic recall / false fallbacks (from scratch) | "
        "the same, fine-tuned |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for number, row in enumerate(rows):
        scores = [f"{u.accuracy:.3f} / {u.macro_f1:.3f} / {u.off_topic_recall:.3f} / {u.false_fallback_rate:.3f}"
                  for u in (row.understanding, row.fine_tuned)]  # fmt: skip
        run_by, wait = ("Rasa as it was", "in full + evaluation") if number == 0 else ("the service", "measured")
        lines.append(f"| `{row.config}`, {run_by} | {row.scratch:.0f} s | {row.retrain_full:.0f} s | "
                     f"{row.fine_tune:.0f} s | {row.evaluation:.0f} s | {row.admin_wait:.0f} s ({wait}) | "
                     f"{scores[0]} | {scores[1]} |")  # fmt: skip
    table = "\n".join(lines)
    return f"""{TRAINING_START}
## Training

Measured on {dt.date.today():%d %b %Y} with `.venv/bin/python -m benchmarks --only training` (part of `make bench`):
the config before issue 14 with Rasa as it was (`rasa train`, Rasa's own model loading), and `config.yml` as the
service runs it (`python -m bot.rasa.train`, with `bot.rasa.diet_graph`). Each is trained from an empty cache,
then an admin's retrain after three new examples of one intent (the inbox's usual case) is timed both ways: in
full with the first training's cache (Rasa restores the unchanged dialogue policies), and by fine-tuning the first
model (`--finetune`, a tenth of the epochs). Evaluation: scoring a model on the held-out split in a process of
its own (as the retrain did before; it now scores the new model in its training process). The admin's wait is
`python -m bot model retrain` from the command to the gate's verdict (fine-tuning, scoring, the gate), measured
on a copy of the project; before issue 14 a retrain was in full, so its wait is that plus the evaluation.
Understanding is on the held-out split (`tests/nlu`).

{table}
{TRAINING_END}
"""


LANGUAGES_START = "<!-- languages: python -m benchmarks --only understanding rewrites from here -->"
LANGUAGES_END = "<!-- end of languages -->"


def languages_section(seconds: float, splits: dict[str, Understanding]) -> str:
    """Understanding by language of ``config.yml`` trained from scratch in ``seconds``, as a report section."""
    rows = "\n".join(f"| {name} | {u.examples} | {u.accuracy:.3f} | {u.macro_f1:.3f} | {u.false_fallback_rate:.3f} |"
                     for name, u in splits.items())  # fmt: skip
    return f"""{LANGUAGES_START}
## Understanding by language

Measured on {dt.date.today():%d %b %Y} with `.venv/bin/python -m benchmarks --only understanding` (part of
`make bench`): `config.yml` trained from an empty cache in **{seconds:.0f} s** (`python -m bot.rasa.train`), then
every split parsed by that model in one process. The English held-out split (`tests/nlu`) and the Chinese one
(`tests/nlu_zh`: Cantonese, formal and code-mixed, some Simplified) were written blind and are never trained on;
the dev splits (`tests/nlu_dev`, `tests/nlu_zh_dev`) are the ones errors are analysed on. `tests/nlu_real` (typos,
slang, stories, the customer's own words) and `tests/nlu_oos` (off-topic messages, a quarter of them near-misses
about gold, watches and jewellery) are held out the same way; an off-topic message counts as understood only when
it is classed `out_of_scope` (the fallback does not count).

| split | examples | intent accuracy | macro-F1 | in-scope false-fallback rate |
| --- | --- | --- | --- | --- |
{rows}
{LANGUAGES_END}
"""


PER_MESSAGE_START = "<!-- per message: python -m benchmarks --only per-message rewrites from here -->"
PER_MESSAGE_END = "<!-- end of per message -->"


def per_message_section(before: Costs, after: Costs, revision: str, rounds: int) -> str:
    """CPU per message, throughput flat out and the complaint's turns, before and after, as a report section."""
    rows = []
    for costs in (before, after):
        early, late = costs.early_late()
        cpu = " | ".join(f"{ms:.1f} ms" for ms in costs.cpu_ms().values())
        submit = costs.turn_ms()[SUBMIT]
        rows.append(f"| {costs.label} | {cpu} | {costs.per_second():.1f} | {early:.0f} ms | {late:.0f} ms "
                    f"| {costs.depth_ms():+.1f} ms | {submit:.0f} ms |")  # fmt: skip
    parts = " | ".join(f"CPU per message: {part}" for part in before.cpu)
    turns = "\n".join(f"| {costs.label}, {f'after {len(DEEPER)} enquiries' if deep else 'complaint first'} | "
                      + " | ".join(f"{ms:.0f}" for ms in costs.turn_ms(deep)) + " |"
                      for costs in (before, after) for deep in (False, True))  # fmt: skip
    numbers = " | ".join(str(n + 1) for n in range(len(after.turn_ms())))
    return f"""{PER_MESSAGE_START}
## Cost per message

Measured on {dt.date.today():%d %b %Y} with `.venv/bin/python -m benchmarks --only per-message` (part of `make bench`):
the code and model before issue 14 (`{revision[:7]}`, in a git worktree, its own `config.yml` trained) and the
working tree run side by side as a shop runs them, measured in {rounds} alternating rounds so that the machine's
drift falls on both. CPU per message (each process with its children): one customer at a time through the
gateway, the three conversations of the load test. Flat out: {FLAT_OUT} customers through the gateway, each sending
the moment the last answer came. Complaint turns: a complaint intake sent straight to Rasa, median
milliseconds per turn; early = form questions {EARLY.start + 1}–{EARLY.stop}, late = {LATE.start + 1}–{LATE.stop},
and turn {SUBMIT + 1} confirms the summary (the case is made and routed). The same complaint is also sent after
{len(DEEPER)} enquiries in the same session (about 35 events, below the session roll-over): the same form turns,
deeper into the conversation; "deeper" is the median of what each form turn costs more there.

| code | {parts} | msg/s, {FLAT_OUT} flat out | early form turn | late form turn | deeper | submitting |
|{" --- |" * (len(before.cpu) + 6)}
{chr(10).join(rows)}

Flat out, the working tree answers ×{after.per_second() / before.per_second():.2f} the messages per second.

| complaint turn | {numbers} |
| --- |{" --- |" * len(after.turn_ms())}
{turns}
{PER_MESSAGE_END}
"""


def with_section(document: str, section: str, start: str, end: str) -> str:
    """``document`` with the section between ``start`` and ``end`` replaced by ``section`` (appended if absent)."""
    if start in document and end in document:
        before, rest = document.split(start, 1)
        return before + section.rstrip("\n") + rest.split(end, 1)[1]
    return document.rstrip("\n") + "\n\n" + section
