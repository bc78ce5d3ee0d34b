"""The benchmark's results as printed lines, ``docs/benchmarks.md`` and a chart."""

from __future__ import annotations

import datetime as dt
import platform
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from benchmarks.understanding import Understanding  # noqa: E402

HEADER = ("| customers at once | gateway p50 / p95 / p99 | gateway msg/s | lost | Rasa REST p50 / p95 / p99 "
          "| Rasa msg/s | gateway overhead (mean) |")  # fmt: skip
Latency = dict[str, dict[int, dict[str, float]]]  # path ("gateway", "rasa") -> concurrency -> numbers


def chart(latency: Latency, path: Path) -> None:
    """p50 and p95 per concurrency, through the gateway and straight to Rasa."""
    figure, axis = plt.subplots(figsize=(7, 4))
    for route, style in (("gateway", "-o"), ("rasa", "--s")):
        levels = sorted(latency[route])
        for stat in ("p50", "p95"):
            axis.plot(levels, [latency[route][c][stat] for c in levels], style, label=f"{route} {stat}")
    axis.set_xlabel("concurrent customers")
    axis.set_ylabel("latency per message (ms)")
    axis.set_xscale("log")
    axis.set_xticks(sorted(latency["gateway"]), [str(c) for c in sorted(latency["gateway"])])
    axis.grid(True, alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def markdown(understanding: Understanding, latency: Latency, memory: dict[str, float], training: str,
             growth: tuple[float, float]) -> str:  # fmt: skip
    """The report, as Markdown."""
    rows = []
    for c in sorted(latency["gateway"]):
        g, r = latency["gateway"][c], latency["rasa"][c]
        overhead = (g["mean"] / r["mean"] - 1) * 100 if r["mean"] else float("nan")
        rows.append(f"| {c} | {g['p50']:.0f} / {g['p95']:.0f} / {g['p99']:.0f} | {g['per_second']:.1f} | "
                    f"{int(g['lost'])} of {int(g['messages'] + g['lost'])} | {r['p50']:.0f} / {r['p95']:.0f} / "
                    f"{r['p99']:.0f} | {r['per_second']:.1f} | {overhead:+.0f}% |")  # fmt: skip
    confusions = "\n".join(f"| {t} | {p} | {n} |" for t, p, n in understanding.confusions)
    processes = "\n".join(f"| {name} | {mib:.0f} MiB |" for name, mib in memory.items())
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
to Rasa's REST channel. Latency per message in milliseconds (p50 / p95 / p99).

{HEADER}
| --- | --- | --- | --- | --- | --- | --- |
{chr(10).join(rows)}

![latency by concurrency](benchmarks.png)

## Cost growth

One conversation of 50 enquiries straight to Rasa (three conversations, median per turn):
turn 5 costs {growth[0]:.0f} ms, turn 50 costs {growth[1]:.0f} ms (×{growth[1] / growth[0]:.2f}).

Resident memory after the run:

| process (with its children) | memory |
| --- | --- |
{processes}

Training: {training}
"""


def _cores() -> int:
    import os

    return os.cpu_count() or 0
