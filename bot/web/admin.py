"""The admin console under ``/staff/admin``: the NLU inbox, labelling, retraining, activation and rollback.

Training runs as a child process (``python -m bot model run N``), so the gateway stays light and
keeps serving customers; the pages follow its progress in the registry. Activation asks the running
Rasa server to load the model through its HTTP API: no restart, no downtime.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from pathlib import Path
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.orm import Session

from bot.context import Context
from bot.errors import AssistantUnavailable
from bot.privacy.access import admin_transcript
from bot.rasa.health import report
from bot.rasa.tracker_table import personal_values
from bot.settings import PROJECT_ROOT
from bot.staff.accounts import SignedIn
from bot.training import inbox
from bot.training import registry as model_registry
from bot.training.activation import RasaServer, RasaServers, activate, rollback
from bot.training.labelled_data import intent_files
from bot.training.retrain import data_fingerprint
from bot.web import admin_pages, pages
from bot.web.assistant import rasa_servers
from bot.web.auth import admin_page, in_db
from bot.web.db import run_in_db
from bot.web.errors import return_to
from bot.web.keys import ASSISTANT, CONTEXT, TRAINING_RUNS
from bot.web.pages import html

HOME = "/staff/admin"


def back(target: str, notice: str) -> web.HTTPSeeOther:
    """Back to an admin page with a notice."""
    return web.HTTPSeeOther(f"{target}?notice={quote(notice)}")


def _page(request: web.Request, staff: SignedIn, title: str, body: str) -> web.Response:
    return html(pages.page(title, body, staff=staff, policy=request.app[CONTEXT].policy, script="admin.js",
                           data={"page": "admin"}, notice=request.query.get("notice", "")))  # fmt: skip


def _rasa(request: web.Request) -> RasaServers:
    return rasa_servers(request.app[CONTEXT], request.app[ASSISTANT])


@admin_page
async def inbox_page(request: web.Request, staff: SignedIn) -> web.Response:
    """The open inbox, repeated texts grouped."""
    context = request.app[CONTEXT]
    groups = await in_db(request, inbox.open_groups)
    intents = sorted(await asyncio.to_thread(intent_files, context.settings.nlu_dir))
    parts = await asyncio.to_thread(report, context.settings.var_dir)
    body = admin_pages.health(parts, context.policy) + admin_pages.inbox(groups, intents, staff, context.policy)
    return _page(request, staff, f"NLU inbox ({sum(g.count for g in groups)})", body)


@admin_page
async def label(request: web.Request, staff: SignedIn) -> web.Response:
    """Write the example into the training data and close the group; a refusal says why."""
    context = request.app[CONTEXT]
    form = await request.post()
    intent = str(form.get("intent", ""))
    new = intent == admin_pages.NEW_INTENT
    if new:
        intent = str(form.get("new_intent", "")).strip()
    if not intent:
        raise back(HOME, "Not labelled: choose an intent, or a new intent and its name.")
    settings = context.settings
    return_to(request, HOME)
    written = await in_db(
        request, inbox.label, str(form.get("key", "")), intent, str(form.get("text", "")), staff.display_name,
        context.now(), data_dir=settings.nlu_dir, domain_path=settings.domain_path,
        held_out=settings.held_out_dir, new_intent=new,
    )  # fmt: skip
    where = f"{written.path.parent.name}/{written.path.name}"
    if not written.added:
        raise back(HOME, f"'{written.text}' was already an example of {written.intent}; the messages are closed.")
    extra = " It is a new intent: give it a rule or story so the assistant can answer it." if written.new_intent else ""
    raise back(HOME, f"Added '{written.text}' to {written.intent} in {where}. Retrain to teach the assistant.{extra}")


@admin_page
async def dismiss(request: web.Request, staff: SignedIn) -> web.Response:
    """Nothing to learn from these messages."""
    form = await request.post()
    return_to(request, HOME)
    count = await in_db(request, inbox.dismiss, str(form.get("key", "")), staff.display_name,
                        request.app[CONTEXT].now())  # fmt: skip
    raise back(HOME, f"Dismissed {count} message{'s' if count != 1 else ''}.")


@admin_page
async def conversation_page(request: web.Request, staff: SignedIn) -> web.Response:
    """A conversation the inbox links to, redacted (admins see no personal data)."""
    conversation_id = request.match_info["conversation_id"]
    context = request.app[CONTEXT]
    told = await asyncio.to_thread(personal_values, context.settings.tracker_url, conversation_id, context.vault)

    lines = await in_db(request, admin_transcript, conversation_id, context.vault, told, context.policy)
    return _page(request, staff, "Conversation", admin_pages.conversation(lines, request.app[CONTEXT].policy))


@admin_page
async def models_page(request: web.Request, staff: SignedIn) -> web.Response:
    """The registry, the retrain button, the activations."""
    context = request.app[CONTEXT]

    def read(session: Session) -> str:
        rows = [(m, model_registry.scores_of(m)) for m in model_registry.all_models(session)]
        busy = model_registry.running(session, context.now())
        before = model_registry.previous(session)
        waits = (model_registry.expected_wait(session, False), model_registry.expected_wait(session, True))
        return admin_pages.models(rows, model_registry.activations(session), staff, context.policy, busy, before,
                                  waits)  # fmt: skip

    return _page(request, staff, "Models", await in_db(request, read))


@admin_page
async def model_page(request: web.Request, staff: SignedIn) -> web.Response:
    """One model's progress, scores and comparison, and its activate form."""
    model_id = int(request.match_info["model_id"])

    def read(session: Session) -> str:
        model = model_registry.get(session, model_id)
        return admin_pages.model_report(model, model_registry.scores_of(model), model_registry.comparison_of(model),
                                        staff)  # fmt: skip

    body = await in_db(request, read)
    return _page(request, staff, f"Model {model_id}", body)


@admin_page
async def progress(request: web.Request, staff: SignedIn) -> web.Response:
    """What a run is doing now, for the page's live display."""
    model_id = int(request.match_info["model_id"])

    def read(session: Session) -> dict[str, object]:
        model = model_registry.get(session, model_id)
        return {"status": "active" if model.active else model.status, "progress": model.progress}

    return web.json_response(await in_db(request, read), headers={"Cache-Control": "no-store"})


@admin_page
async def confirm_retrain(request: web.Request, staff: SignedIn) -> web.Response:
    """The step before a training run: what it does and how long it takes, and the button that starts it."""
    context = request.app[CONTEXT]
    full = request.query.get("full") == "yes"

    def read(session: Session) -> str | int:
        busy = model_registry.running(session, context.now())
        if busy is not None:
            return int(busy.id)
        fine_tune, whole = model_registry.expected_wait(session, False), model_registry.expected_wait(session, True)
        return admin_pages.retrain_confirmation(full, fine_tune, whole, model_registry.active(session), staff)

    body = await in_db(request, read)
    if isinstance(body, int):  # a run is on: its page, not a second run
        raise web.HTTPSeeOther(f"{HOME}/models/{body}")
    return _page(request, staff, "Retrain the assistant?", body)


@admin_page
async def retrain(request: web.Request, staff: SignedIn) -> web.Response:
    """Start a training run in the background and show its page (once the admin confirmed it)."""
    context = request.app[CONTEXT]
    form = await request.post()
    full = form.get("full") == "yes"
    if form.get("confirm") != "yes":
        raise web.HTTPSeeOther(f"{HOME}/models/retrain{'?full=yes' if full else ''}")
    fingerprint = await asyncio.to_thread(data_fingerprint, context.settings)
    return_to(request, f"{HOME}/models")
    model = await in_db(request, lambda s: model_registry.start_training(s, staff.display_name, fingerprint,
                                                                        context.now(), full=full).id)  # fmt: skip
    log = context.settings.var_dir / "logs" / f"training-run-{model}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **context.settings.as_environment(), "PYTHONPATH": str(PROJECT_ROOT)}
    with log.open("ab") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "model", "run", str(model), cwd=PROJECT_ROOT, env=env, stdout=out,
            stderr=out, start_new_session=True,
        )  # fmt: skip
    task = asyncio.create_task(process.wait())
    request.app[TRAINING_RUNS].add(task)
    task.add_done_callback(request.app[TRAINING_RUNS].discard)
    raise web.HTTPSeeOther(f"{HOME}/models/{model}")


@admin_page
async def activate_model(request: web.Request, staff: SignedIn) -> web.Response:
    """Load the model into the running Rasa server and record it as active."""
    model_id = int(request.match_info["model_id"])
    form = await request.post()
    reason = str(form.get("reason", "")).strip()[:500]
    return_to(request, f"{HOME}/models/{model_id}")
    await asyncio.to_thread(activate, request.app[CONTEXT], _rasa(request), model_id, staff.display_name, reason)
    raise back(f"{HOME}/models", f"Model {model_id} is now answering customers.")


@admin_page
async def rollback_model(request: web.Request, staff: SignedIn) -> web.Response:
    """Put back the previous model, or the one chosen."""
    form = await request.post()
    chosen = str(form.get("model", "")).strip()
    return_to(request, f"{HOME}/models")
    model_id = await asyncio.to_thread(rollback, request.app[CONTEXT], _rasa(request), staff.display_name,
                                       int(chosen) if chosen.isdigit() else None)  # fmt: skip
    raise back(f"{HOME}/models", f"Rolled back: model {model_id} is answering customers again.")


async def register_serving_model(context: Context, rasa: RasaServer | RasaServers, every: float = 2.0) -> None:
    """Once the Rasa server answers, make sure the registry knows the model it runs (trained at start-up)."""
    log = logging.getLogger(__name__)
    while True:
        try:
            file = await asyncio.to_thread(rasa.model_file)
        except AssistantUnavailable:
            await asyncio.sleep(every)
            continue
        if file:
            path = Path(file) if Path(file).is_absolute() else context.settings.models_dir / Path(file).name
            fingerprint = await asyncio.to_thread(data_fingerprint, context.settings)
            await run_in_db(context, model_registry.note_serving, path, fingerprint, context.now())
            log.info("the Rasa server runs %s", file)
            return
        await asyncio.sleep(every)


def setup_routes(app: web.Application) -> None:
    """Admin routes, under ``/staff/admin`` (the console cookie's path)."""
    app[TRAINING_RUNS] = set()
    app.router.add_get(HOME, inbox_page)
    app.router.add_post(f"{HOME}/inbox/label", label)
    app.router.add_post(f"{HOME}/inbox/dismiss", dismiss)
    app.router.add_get(f"{HOME}/conversations/{{conversation_id}}", conversation_page)
    app.router.add_get(f"{HOME}/models", models_page)
    app.router.add_get(f"{HOME}/models/retrain", confirm_retrain)
    app.router.add_post(f"{HOME}/models/retrain", retrain)
    app.router.add_post(f"{HOME}/models/rollback", rollback_model)
    app.router.add_get(f"{HOME}/models/{{model_id:\\d+}}", model_page)
    app.router.add_get(f"{HOME}/models/{{model_id:\\d+}}/progress", progress)
    app.router.add_post(f"{HOME}/models/{{model_id:\\d+}}/activate", activate_model)
