"""``python -m benchmarks``: start the whole service on a private database, measure, write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import shutil
import statistics
import sys
import time
from typing import Any

from sqlalchemy import create_engine, text

from benchmarks import growth, launched, load, per_message, quality, scaled, stories, understanding
from benchmarks.memory import cpu_seconds, resident_mib
from benchmarks.report import (
    FAULTS_END,
    FAULTS_START,
    LANGUAGES_END,
    LANGUAGES_START,
    PER_MESSAGE_END,
    PER_MESSAGE_START,
    TRAINING_END,
    TRAINING_START,
    Latency,
    chart,
    fault_section,
    languages_section,
    markdown,
    per_message_section,
    training_section,
    with_section,
)
from benchmarks.training import numbers, side_by_side, timed_understanding
from bot.context import build_context
from bot.db.seed import seed_demo_shop
from bot.rasa.stack import Stack, ensure_model, free_port
from bot.settings import PROJECT_ROOT

PACES = {"customers": (2.0, 6.0), "flat out": (0.0, 0.0)}  # seconds a customer reads and types between messages


def long_conversations(stack: Stack) -> tuple[float, float]:
    """Milliseconds around turn 5 and turn 50: three long conversations straight to Rasa, the median of each turn."""
    rounds = [asyncio.run(growth.turn_latencies(stack.rasa_url, f"bench-long-{attempt}-{time.time()}"))
              for attempt in range(3)]  # fmt: skip
    return growth.early_and_late([statistics.median(turn) for turn in zip(*rounds)])


def cpu_per_message(stack: Stack, rounds: int = 5) -> dict[str, float]:
    """CPU milliseconds each process spends on one message played through the gateway, one customer at a time."""
    before = {name: cpu_seconds(process.pid) for name, process in stack.processes.items()}
    messages = sum(len(asyncio.run(load.play(1, gateway_url=stack.web_url)).latencies) for _ in range(rounds))
    return {name: 1000 * (cpu_seconds(process.pid) - before[name]) / max(messages, 1)
            for name, process in stack.processes.items()}  # fmt: skip


def faults() -> str:
    """The fault run (the service killed part by part under customers), printed; its section of the report."""
    var_dir = PROJECT_ROOT / "var" / "bench-faults"
    shutil.rmtree(var_dir, ignore_errors=True)
    run = launched.fault_run(var_dir)
    print(f"faults: {run.summary()}", flush=True)
    return fault_section(run)


def training_side_by_side() -> str:
    """Training from scratch and the admin's retrain, the config before issue 14 beside config.yml; a report section."""
    rows = []
    for config, as_it_was in ((PROJECT_ROOT / "benchmarks" / "config_before.yml", True),
                              (PROJECT_ROOT / "config.yml", False)):  # fmt: skip
        row = side_by_side(config, PROJECT_ROOT / "var" / "bench-training", as_it_was)
        print(f"training {row.config}: from scratch {row.scratch:.0f} s, retrain in full {row.retrain_full:.0f} s, "
              f"by fine-tuning {row.fine_tune:.0f} s, evaluation {row.evaluation:.0f} s, the admin's wait "
              f"{row.admin_wait:.0f} s; {numbers(row.understanding)}; fine-tuned: {numbers(row.fine_tuned)}",
              flush=True)  # fmt: skip
        rows.append(row)
    return training_section(rows)


def understanding_by_language() -> str:
    """``config.yml`` trained from scratch, timed, and measured on both languages' splits; a report section."""
    splits = {
        "English held-out `tests/nlu`": understanding.HELD_OUT,
        "Chinese held-out `tests/nlu_zh`": understanding.HELD_OUT_ZH,
        "English dev `tests/nlu_dev`": understanding.DEV,
        "Chinese dev `tests/nlu_zh_dev`": understanding.DEV_ZH,
        "English real phrasing, held-out `tests/nlu_real`": understanding.REAL,
        "English out-of-scope, held-out `tests/nlu_oos` (accuracy = out-of-scope recall)": understanding.OUT_OF_SCOPE,
    }
    seconds, found = timed_understanding(PROJECT_ROOT / "config.yml", PROJECT_ROOT / "var" / "bench-languages",
                                         tuple(splits.values()))  # fmt: skip
    print(f"training config.yml from scratch: {seconds:.0f} s", flush=True)
    for name, numbers_of in zip(splits, found):
        print(
            f"{name}: accuracy {numbers_of.accuracy:.3f}, macro-F1 {numbers_of.macro_f1:.3f}, "
            f"false fallbacks {numbers_of.false_fallback_rate:.3f} ({numbers_of.examples} examples)",
            flush=True,
        )
    return languages_section(seconds, dict(zip(splits, found)))


def complaint_stories() -> str:
    """The scripted complaints from story to receipt on a fresh demo shop, printed; their section of the report."""
    var_dir = PROJECT_ROOT / "var" / "bench-stories"
    shutil.rmtree(var_dir, ignore_errors=True)
    settings = launched.private_settings(var_dir, chat_rate=(1e6, 1e6))
    ensure_model(PROJECT_ROOT / "models", var_dir / "logs" / "train.log")
    context = build_context(settings)
    with context.sessions() as session, session.begin():
        seed_demo_shop(session, context.vault, context.today())
    stack = Stack(settings, PROJECT_ROOT / "models", rasa_port=free_port(), action_port=free_port(),
                  web_port=free_port())  # fmt: skip
    stack.start()
    try:
        stack.wait_ready(timeout=600)
        runs = stories.stories_run(stack.rasa_url, stack.token, context)
    finally:
        stack.stop()
    print(f"stories: {stories.summary(runs)}", flush=True)
    return stories.section(runs)


def quality_dashboard() -> str:
    """The service-quality dashboard timed on a year of data, on SQLite then PostgreSQL; its section of the report."""
    from tests.postgres import postgres_server  # a private PostgreSQL cluster, as the tests start it

    var_dir = PROJECT_ROOT / "var" / "bench-quality"
    shutil.rmtree(var_dir, ignore_errors=True)
    settings = launched.private_settings(var_dir)
    context = build_context(settings)
    with context.sessions() as session, session.begin():
        seed_demo_shop(session, context.vault, context.today())
    written, timings = quality.dashboard_timings(context, "SQLite")
    with postgres_server() as server:
        admin = create_engine(server, future=True, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE bench_quality"))
        admin.dispose()
        on_postgres = dataclasses.replace(settings, database_url=server.rsplit("/", 1)[0] + "/bench_quality")
        context = build_context(on_postgres)
        with context.sessions() as session, session.begin():
            seed_demo_shop(session, context.vault, context.today())
        timings += quality.dashboard_timings(context, "PostgreSQL")[1]
        context.sessions.kw["bind"].dispose()
    return quality.section(written, timings, time.strftime("%d %b %Y"))


def scale() -> str:
    """Throughput on one and two Rasa servers behind the balancer, and the scaled fault run; a report section."""
    var_dir = PROJECT_ROOT / "var" / "bench-scale"
    shutil.rmtree(var_dir, ignore_errors=True)
    found = scaled.throughput(var_dir / "load")
    run = scaled.fault_run(var_dir / "faults")
    print(f"scaled faults: {run.summary()}", flush=True)
    return scaled.section(found, run, time.strftime("%d %b %Y"))


def per_message_side_by_side(rounds: int = 5) -> str:
    """CPU per message, throughput and a complaint's turns, the code before issue 14 beside this; a report section."""
    before, after = per_message.side_by_side(per_message.BEFORE, rounds)
    print(per_message.summary(before), per_message.summary(after), sep="\n", flush=True)
    return per_message_section(before, after, per_message.BEFORE, rounds)


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark; print the numbers and write the report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--levels", default="1,10,50", help="concurrent customers, comma-separated")
    parser.add_argument(
        "--only",
        choices=["faults", "training", "per-message", "understanding", "stories", "quality", "scale"],
        help="run only this benchmark; rewrite its section",
    )
    args = parser.parse_args(argv)
    levels = [int(x) for x in args.levels.split(",")]
    report = PROJECT_ROOT / "docs" / "benchmarks.md"
    if args.only == "training":
        before = report.read_text() if report.exists() else "# Benchmarks\n"
        report.write_text(with_section(before, training_side_by_side(), TRAINING_START, TRAINING_END))
        print(f"Wrote the training section of {report}")
        return 0
    if args.only == "understanding":
        before = report.read_text() if report.exists() else "# Benchmarks\n"
        report.write_text(with_section(before, understanding_by_language(), LANGUAGES_START, LANGUAGES_END))
        print(f"Wrote the understanding-by-language section of {report}")
        return 0
    if args.only == "stories":
        before = report.read_text() if report.exists() else "# Benchmarks\n"
        report.write_text(with_section(before, complaint_stories(), stories.STORIES_START, stories.STORIES_END))
        print(f"Wrote the stories section of {report}")
        return 0
    if args.only == "quality":
        before = report.read_text() if report.exists() else "# Benchmarks\n"
        report.write_text(with_section(before, quality_dashboard(), quality.QUALITY_START, quality.QUALITY_END))
        print(f"Wrote the quality section of {report}")
        return 0
    if args.only == "scale":
        ensure_model(PROJECT_ROOT / "models", PROJECT_ROOT / "var" / "logs" / "train.log")
        before = report.read_text() if report.exists() else "# Benchmarks\n"
        report.write_text(with_section(before, scale(), scaled.SCALE_START, scaled.SCALE_END))
        print(f"Wrote the scale section of {report}")
        return 0
    if args.only == "per-message":
        before = report.read_text() if report.exists() else "# Benchmarks\n"
        report.write_text(with_section(before, per_message_side_by_side(), PER_MESSAGE_START, PER_MESSAGE_END))
        print(f"Wrote the per-message section of {report}")
        return 0
    if args.only == "faults":
        ensure_model(PROJECT_ROOT / "models", PROJECT_ROOT / "var" / "logs" / "train.log")
        before = report.read_text() if report.exists() else "# Benchmarks\n"
        report.write_text(with_section(before, faults(), FAULTS_START, FAULTS_END))
        print(f"Wrote the fault run's section of {report}")
        return 0
    var_dir = PROJECT_ROOT / "var" / "bench"
    shutil.rmtree(var_dir, ignore_errors=True)
    # Simulated customers type instantly: the flood limit of one chat is lifted (chat_rate).
    settings = launched.private_settings(var_dir, chat_rate=(1e6, 1e6))

    started = time.perf_counter()
    ensure_model(PROJECT_ROOT / "models", var_dir / "logs" / "train.log")
    took = time.perf_counter() - started
    trained = "Your Rasa model is trained" in (var_dir / "logs" / "train.log").read_text(errors="replace")
    training = (f"{took / 60:.1f} min to bring the model up to date with the data "
                f"({'components trained or restored from cache' if trained else 'nothing to do'}).")  # fmt: skip
    print(f"training: {training}", flush=True)

    context = build_context(settings)
    with context.sessions() as session, session.begin():
        seed_demo_shop(session, context.vault, context.today())
    stack = Stack(settings, PROJECT_ROOT / "models", rasa_port=free_port(), action_port=free_port(),
                  web_port=free_port())  # fmt: skip
    stack.start()
    try:
        stack.wait_ready(timeout=600)
        found = understanding.measure(stack.rasa_url, stack.token)
        print(f"understanding: accuracy {found.accuracy:.3f}, macro-F1 {found.macro_f1:.3f}, "
              f"off-topic recall {found.off_topic_recall:.3f}, false fallbacks {found.false_fallback_rate:.3f}",
              flush=True)  # fmt: skip
        asyncio.run(load.play(1, rasa_url=stack.rasa_url))  # warm up
        cpu = cpu_per_message(stack)
        print("CPU per message: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in cpu.items()), flush=True)
        latency: Latency = {pace: {"gateway": {}, "rasa": {}} for pace in PACES}
        for pace, think in PACES.items():
            for concurrent in levels:
                for route in ("gateway", "rasa"):
                    urls: dict[str, Any] = ({"gateway_url": stack.web_url} if route == "gateway"
                                            else {"rasa_url": stack.rasa_url})  # fmt: skip
                    numbers = asyncio.run(load.play(concurrent, think=think, **urls)).summary()
                    latency[pace][route][concurrent] = numbers
                    print(f"{pace:9} {route:8} {concurrent:3} at once: p50 {numbers['p50']:.0f} ms, "
                          f"p95 {numbers['p95']:.0f} ms, p99 {numbers['p99']:.0f} ms, "
                          f"{numbers['per_second']:.1f} msg/s, "
                          f"{int(numbers['lost'])} lost of {int(numbers['messages'] + numbers['lost'])}",
                          flush=True)  # fmt: skip
        growth_costs = {"rolled over": long_conversations(stack)}
        stack.settings = dataclasses.replace(settings, session_events=0)  # as stock Rasa: one session forever
        stack.restart_rasa()
        growth_costs["one session"] = long_conversations(stack)
        for how, (early, late) in growth_costs.items():
            print(f"cost growth ({how}): turn 5 {early:.0f} ms, turn 50 {late:.0f} ms (x{late / early:.2f})",
                  flush=True)  # fmt: skip
        memory = {name: resident_mib(process.pid) for name, process in stack.processes.items()}
        print("memory: " + ", ".join(f"{name} {mib:.0f} MiB" for name, mib in memory.items()))
    finally:
        stack.stop()
    fault_report = faults()
    languages_report = understanding_by_language()
    training_report = training_side_by_side()
    per_message_report = per_message_side_by_side()
    stories_report = complaint_stories()
    quality_report = quality_dashboard()
    scale_report = scale()
    docs = PROJECT_ROOT / "docs"
    docs.mkdir(exist_ok=True)
    chart(latency, docs / "benchmarks.png")
    document = with_section(markdown(found, latency, memory, cpu, training, growth_costs), fault_report, FAULTS_START,
                            FAULTS_END)  # fmt: skip
    document = with_section(document, languages_report, LANGUAGES_START, LANGUAGES_END)
    document = with_section(document, training_report, TRAINING_START, TRAINING_END)
    document = with_section(document, per_message_report, PER_MESSAGE_START, PER_MESSAGE_END)
    document = with_section(document, stories_report, stories.STORIES_START, stories.STORIES_END)
    document = with_section(document, quality_report, quality.QUALITY_START, quality.QUALITY_END)
    report.write_text(with_section(document, scale_report, scaled.SCALE_START, scaled.SCALE_END))
    print(f"Wrote {docs / 'benchmarks.md'} and {docs / 'benchmarks.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
