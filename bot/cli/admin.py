"""The admin console on the command line: ``python -m bot inbox …`` and ``python -m bot model …``.

The same services as the browser console, for scripted use: list, label and dismiss the inbox;
retrain, evaluate, list, activate and roll back models. Exit status 0 on success, 1 when the
action was refused (the reason is printed), 2 for bad usage.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.db.models import InboxMessage
from bot.errors import ActivationRefused, AssistantUnavailable, BadLabel, ModelNotFound, TrainingBusy
from bot.rasa.stack import rasa_token
from bot.training import inbox
from bot.training import registry as model_registry
from bot.training.activation import RasaServer, activate, rollback
from bot.training.evaluation import intents_changed
from bot.training.retrain import data_fingerprint, evaluate, retrain


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The ``inbox`` and ``model`` commands."""
    box = commands.add_parser("inbox", help="the NLU inbox: messages the assistant may have misunderstood")
    box_commands = box.add_subparsers(dest="inbox_command", required=True)
    box_commands.add_parser("list", help="the open inbox, repeated texts grouped (number = a message of the group)")
    label = box_commands.add_parser("label", help="write a group's text as an example of an intent")
    label.add_argument("number", type=int, help="a message number from 'inbox list'")
    label.add_argument("--intent", required=True)
    label.add_argument("--new", action="store_true", help="create the intent if it does not exist")
    label.add_argument("--text", help="the example as it should be trained (default: the message as redacted)")
    dismiss = box_commands.add_parser("dismiss", help="nothing to learn from a group")
    dismiss.add_argument("number", type=int)
    for parser in (label, dismiss):
        parser.add_argument("--by", default=f"{getpass.getuser()} (command line)")

    model = commands.add_parser("model", help="train, evaluate, activate and roll back the assistant's model")
    model_commands = model.add_subparsers(dest="model_command", required=True)
    model_commands.add_parser("list", help="the model registry and the activations")
    show = model_commands.add_parser("show", help="a model's scores and its comparison with the active model")
    show.add_argument("model_id", type=int)
    train = model_commands.add_parser("retrain", help="train from the data, evaluate, gate (prints progress)")
    train.add_argument("--by", default=f"{getpass.getuser()} (command line)")
    train.add_argument("--full", action="store_true", help="train from scratch (by default the active model is "
                       "fine-tuned when only examples changed)")  # fmt: skip
    run = model_commands.add_parser("run", help="(used by the console) carry out registry run N")
    run.add_argument("model_id", type=int)
    evaluate_cmd = model_commands.add_parser("evaluate", help="score a model on the held-out split again")
    evaluate_cmd.add_argument("model_id", type=int)
    for name, text in (("activate", "load a model into the running Rasa server"),
                       ("rollback", "put back the model in service before (or model N)")):  # fmt: skip
        parser = model_commands.add_parser(name, help=text)
        parser.add_argument("model_id", type=int, nargs="?" if name == "rollback" else None)
        parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
        parser.add_argument("--by", default=f"{getpass.getuser()} (command line)")
        if name == "activate":
            parser.add_argument("--override", default="", metavar="REASON",
                                help="activate a model the regression gate blocked, for this reason")  # fmt: skip


def run_inbox(context: Context, args: argparse.Namespace) -> int:
    """``python -m bot inbox …``."""
    if args.inbox_command == "list":
        with context.sessions() as session:
            groups = inbox.open_groups(session)
            handles = {g.key: _handle(session, g.key) for g in groups}
        for g in groups:
            confidence = "–" if g.confidence is None else f"{g.confidence:.2f}"
            print(f"{handles[g.key]:>6}  x{g.count:<3} {','.join(g.sources):<18} {g.predicted_intent or '-':<24} "
                  f"{confidence:>5}  {g.text}")  # fmt: skip
        print(f"{len(groups)} group(s) open.")
        return 0
    with context.sessions() as session:
        row = session.get(InboxMessage, args.number)
        key, text = (row.group_key, row.text) if row is not None else ("", "")
    if not key:
        print(f"There is no inbox message {args.number}.", file=sys.stderr)
        return 1
    settings = context.settings
    try:
        with context.sessions() as session, session.begin():
            if args.inbox_command == "dismiss":
                print(f"Dismissed {inbox.dismiss(session, key, args.by, context.now())} message(s).")
                return 0
            written = inbox.label(session, key, args.intent, args.text or text, args.by, context.now(),
                                  data_dir=settings.nlu_dir, domain_path=settings.domain_path,
                                  held_out=settings.held_out_dir, new_intent=args.new)  # fmt: skip
    except BadLabel as exc:
        print(f"Refused: {exc}", file=sys.stderr)
        return 1
    state = "added to" if written.added else "was already in"
    print(f"'{written.text}' {state} {written.intent} ({written.path}).")
    return 0


def _handle(session: Session, key: str) -> int:
    return int(session.scalar(select(InboxMessage.id).where(InboxMessage.group_key == key,
                                                            InboxMessage.status == "open").limit(1)) or 0)  # fmt: skip


def run_model(context: Context, args: argparse.Namespace) -> int:
    """``python -m bot model …``."""
    command = args.model_command
    try:
        if command == "list":
            return _list(context)
        if command == "show":
            return _show(context, args.model_id)
        if command in ("retrain", "run"):
            if command == "retrain":
                fingerprint = data_fingerprint(context.settings)
                with context.sessions() as session, session.begin():
                    model_id = model_registry.start_training(session, args.by, fingerprint, context.now(),
                                                             full=args.full).id  # fmt: skip
                print(f"Model {model_id}: training (log in {context.settings.var_dir / 'logs'})", flush=True)
            else:
                model_id = args.model_id
            retrain(context, model_id, lambda text: print(f"  {text}", flush=True))
            return _show(context, model_id) if command == "retrain" else 0
        if command == "evaluate":
            with context.sessions() as session:
                model = model_registry.get(session, args.model_id)
                file = model.file
            if not file:
                raise ModelNotFound(f"Model {args.model_id} has no file.")
            scores = evaluate(context.settings, Path(file))
            with context.sessions() as session, session.begin():
                model_registry.get(session, args.model_id).metrics = json.dumps(scores)
            print(f"accuracy {scores['accuracy']:.3f}  macro F1 {scores['macro_f1']:.3f}  "
                  f"fallback rate {scores['fallback_rate']:.3f}  ({scores['examples']} held-out examples)")  # fmt: skip
            return 0
        rasa = RasaServer(args.rasa_url, rasa_token(context.settings.var_dir))
        if command == "activate":
            activate(context, rasa, args.model_id, args.by, args.override)
            print(f"Model {args.model_id} is now answering customers.")
            return 0
        model_id = rollback(context, rasa, args.by, args.model_id)
        print(f"Rolled back: model {model_id} is answering customers again.")
        return 0
    except (TrainingBusy, ModelNotFound, ActivationRefused, AssistantUnavailable) as exc:
        print(f"Refused: {exc}", file=sys.stderr)
        return 1


def _list(context: Context) -> int:
    with context.sessions() as session:
        for model in model_registry.all_models(session):
            scores = model_registry.scores_of(model)
            numbers = f"acc {scores['accuracy']:.3f} F1 {scores['macro_f1']:.3f}" if scores else ""
            state = "ACTIVE" if model.active else model.status
            print(f"{model.id:>4}  {state:<10} {model.trained_by:<28} {model.started_at:%Y-%m-%d %H:%M}  {numbers}  "
                  f"{model.file or ''}")  # fmt: skip
        for activation in model_registry.activations(session, 10):
            print(f"  {activation.at:%Y-%m-%d %H:%M} model {activation.model_id} {activation.kind} by {activation.by}"
                  f"{': ' + activation.reason if activation.reason else ''}")  # fmt: skip
    return 0


def _show(context: Context, model_id: int) -> int:
    with context.sessions() as session:
        model = model_registry.get(session, model_id)
        scores, comparison = model_registry.scores_of(model), model_registry.comparison_of(model)
        print(f"Model {model.id}: {'active' if model.active else model.status} — {model.progress}")
    if scores:
        print(f"  held-out: accuracy {scores['accuracy']:.3f}, macro F1 {scores['macro_f1']:.3f}, "
              f"fallback rate {scores['fallback_rate']:.3f} ({scores['examples']} examples)")  # fmt: skip
    if comparison:
        print(f"  vs active: accuracy {comparison['accuracy'][0]:.3f} -> {comparison['accuracy'][1]:.3f}, "
              f"macro F1 {comparison['macro_f1'][0]:.3f} -> {comparison['macro_f1'][1]:.3f}, "
              f"fallback {comparison['fallback_rate'][0]:.3f} -> {comparison['fallback_rate'][1]:.3f}")  # fmt: skip
        for intent, (before, after) in intents_changed(comparison).items():
            print(f"    {intent:<28} F1 {before:.2f} -> {after:.2f}")
        for pair, count in comparison["confusions_gone"].items():
            print(f"    fixed: {pair} ({count})")
        for pair, count in comparison["confusions_new"].items():
            print(f"    new confusion: {pair} ({count})")
        print("  gate: passed" if comparison["passed"] else "  gate: BLOCKED — " + "; ".join(comparison["regressions"]))
    return 0 if model.status != "failed" else 1
