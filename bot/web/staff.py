"""The staff console: the queues, live chats taken over, and acting on cases (sign-in is ``signin``)."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.orm import Session

from bot.cases import handoff, transcripts
from bot.cases.lifecycle import words
from bot.cases.settlement import open_cases
from bot.cases.transcripts import text_of
from bot.db.models import TranscriptLine
from bot.errors import (
    AssistantUnavailable,
    NotYourQueue,
)
from bot.privacy.access import chat_transcript
from bot.staff.accounts import SignedIn
from bot.training import inbox
from bot.web import case_pages, chat_cases, pages
from bot.web.assistant import rasa_servers
from bot.web.auth import (
    in_db,
    staff_page,
)
from bot.web.case_views import case_panel, read_case
from bot.web.errors import return_to
from bot.web.frames import MAX_TEXT
from bot.web.hub import staff_reply, staff_socket
from bot.web.keys import ASSISTANT, CONTEXT, CONVERSATIONS
from bot.web.pages import back_to, html

STATIC = Path(__file__).with_name("static")


@staff_page
async def dashboard(request: web.Request, staff: SignedIn) -> web.Response:
    """The queues of the staff member's role and the roles below, their chats and the open cases."""
    context = request.app[CONTEXT]
    policy, now = context.policy, context.now()

    def read(session: Session) -> tuple[str, str, str]:
        waiting = pages.queue_rows(handoff.queue(session, staff, policy, now), staff, policy)
        mine = "".join(f'<li><a href="/staff/chats/{pages.esc(quote(h.conversation_id))}">'
                       f'{pages.esc(h.case.reference if h.case else "chat without a case")}</a></li>'
                       for h in handoff.my_conversations(session, staff)) or "<li>None.</li>"  # fmt: skip
        cases = (
            "".join(
                f'<tr><td data-label="Case"><a href="/staff/cases/{pages.esc(c.reference)}">'
                f"{pages.esc(c.reference)}</a></td>"
                f'<td data-label="With">{pages.esc(policy.role(c.assigned_role).title)}</td>'
                f'<td data-label="Status">{pages.esc(words(c.status))}</td>'
                f'<td data-label="Category">{pages.esc(policy.category_label(c.category))}</td>'
                f'<td data-label="Acknowledge by">{pages.esc(pages.when(c.acknowledge_by, policy))}</td>'
                f'<td data-label="Resolve by">{pages.esc(pages.when(c.resolve_by, policy))}</td></tr>'
                for c in open_cases(session, staff, policy)
            )
            or '<tr><td colspan="6">No open cases.</td></tr>'
        )
        return waiting, mine, cases

    waiting, mine, cases = await in_db(request, read)
    body = f"""<section class="card"><h2>Customers waiting for a person</h2>
<table><thead><tr><th>Waiting</th><th>For</th><th>Case</th><th>Summary</th><th></th></tr></thead>
<tbody id="queue-rows">{waiting}</tbody></table></section>
<section class="card"><h2>Your conversations</h2><ul id="mine">{mine}</ul></section>
<section class="card"><h2>Open cases</h2><table><thead><tr><th>Case</th><th>With</th><th>Status</th>
<th>Category</th><th>Acknowledge by</th><th>Resolve by</th></tr></thead><tbody id="cases">{cases}</tbody></table>
</section>"""
    return html(pages.page("Queue", body, staff=staff, policy=policy, data={"page": "queue"},
                            notice=request.query.get("notice", "")))  # fmt: skip


@staff_page
async def accept(request: web.Request, staff: SignedIn) -> web.Response:
    """Take a waiting conversation; the first to accept wins, the others are told who did."""
    context = request.app[CONTEXT]
    return_to(request, "/staff")
    conversation_id = await in_db(request, handoff.accept, int(request.match_info["handoff_id"]), staff,
                                  policy=context.policy, now=context.now())  # fmt: skip
    await request.app[CONVERSATIONS].person_joined(conversation_id, handoff.chat_name(staff, context.policy))
    raise web.HTTPSeeOther(f"/staff/chats/{quote(conversation_id)}")


@staff_page
async def chat_page(request: web.Request, staff: SignedIn) -> web.Response:
    """A conversation: live if the staff member holds it, read-only if it waits in their queue."""
    context = request.app[CONTEXT]
    policy, conversation_id = context.policy, request.match_info["conversation_id"]

    def read(session: Session) -> tuple[str, bool, str, str, str]:
        seen, said = chat_transcript(session, conversation_id, staff, policy, context.vault, context.now())
        language = transcripts.language(session, conversation_id)
        open_one, holding = seen.handoff, seen.holding
        case_html = ""
        if open_one.case is not None and open_one.case.assigned_role in policy.roles_seen_by(staff.role):
            view = read_case(session, open_one.case.reference, staff, policy, context.vault, context.now())
            case_html = case_panel(view, staff, policy, f"/staff/chats/{conversation_id}")
        elif open_one.case is None and holding:
            case_html = chat_cases.open_case_form(conversation_id, said, staff, policy, context.today())
        elif open_one.case is not None and holding:  # routed above the holder: only its role may settle it
            case_html = chat_cases.pass_on_form(conversation_id, open_one.case.reference,
                                                policy.role(open_one.case.assigned_role).title, staff)  # fmt: skip
        accept_form = ""
        if not holding and open_one.status == "waiting":
            accept_form = (f'<form method="post" action="/staff/handoffs/{open_one.id}/accept">'
                           f'{pages.csrf(staff)}<button class="accept">Accept</button></form>')  # fmt: skip
        flag = (f"/staff/chats/{quote(conversation_id)}", staff) if holding else None
        return pages.transcript(said, policy, flag), holding, case_html, accept_form, language

    lines, holding, case_html, accept_form, language = await in_db(request, read)
    here = f"/staff/chats/{pages.esc(quote(conversation_id))}"
    talk = ""
    if holding:
        talk = f"""<form method="post" action="{here}/reply" id="reply-form">{pages.csrf(staff)}
<label>Reply to the customer <textarea name="text" id="reply-text" required maxlength="{MAX_TEXT}"></textarea></label>
<button id="reply-send">Send</button></form>
<form method="post" action="{here}/handback" id="handback-form">{pages.csrf(staff)}
<button id="handback">Hand back to the assistant</button></form>"""
    writes = (f'<p class="chat-language" id="chat-language">The customer writes in {pages.language_badge(language)}; '
              "your replies go as you type them, in either language.</p>")  # fmt: skip
    body = f"""<div class="chat"><section class="card"><h2>Transcript</h2>{writes}{lines}{talk}{accept_form}</section>
<div class="side">{case_html}</div></div>"""
    return html(pages.page("Live chat" if holding else "Conversation", body, staff=staff, policy=policy,
                            data={"page": "chat", "conversation": conversation_id,
                                               "holding": "yes" if holding else "no"},
                            notice=request.query.get("notice", "")))  # fmt: skip


@staff_page
async def reply(request: web.Request, staff: SignedIn) -> web.Response:
    """A reply sent without the console script (the script sends replies over the websocket)."""
    form = await request.post()
    conversation_id = request.match_info["conversation_id"]
    await staff_reply(request.app, staff, conversation_id, str(form.get("text", "")))
    raise web.HTTPSeeOther(f"/staff/chats/{quote(conversation_id)}")


@staff_page
async def flag(request: web.Request, staff: SignedIn) -> web.Response:
    """The holder of a chat marks a customer line as misunderstood: it goes to the NLU inbox with Rasa's reading."""
    context = request.app[CONTEXT]
    conversation_id, line_id = request.match_info["conversation_id"], int(request.match_info["line_id"])
    here = f"/staff/chats/{quote(conversation_id)}"
    try:
        events = await asyncio.to_thread(rasa_servers(context, request.app[ASSISTANT]).events, conversation_id)
    except AssistantUnavailable:
        events = []  # the flag is kept without the prediction

    def run(session: Session) -> None:
        open_one = handoff.open_handoff(session, conversation_id)
        if open_one is None or open_one.status != "taken" or open_one.taken_by != staff.staff_id:
            raise NotYourQueue(conversation_id)
        line = session.get(TranscriptLine, line_id)
        said = [s for s in inbox.customer_messages(events) if line is not None and s.text == text_of(session, line)]
        inbox.flag_line(session, line_id, conversation_id, said[-1] if said else None, context.now())

    return_to(request, here)
    await in_db(request, run)
    raise back_to(here, "Sent to the NLU inbox: an admin will teach the assistant this one.")


@staff_page
async def hand_back(request: web.Request, staff: SignedIn) -> web.Response:
    """Give the chat back to the assistant, which asks the customer for a rating."""
    context = request.app[CONTEXT]
    conversation_id = request.match_info["conversation_id"]
    await in_db(request, handoff.hand_back, conversation_id, staff, policy=context.policy, now=context.now())
    await request.app[CONVERSATIONS].handed_back(conversation_id, handoff.chat_name(staff, context.policy))
    raise back_to("/staff", "Handed back to the assistant; it is asking the customer to rate the service.")


async def console_asset(request: web.Request) -> web.FileResponse:
    """The console's script and style sheet."""
    name = request.match_info["name"]
    if name not in ("console.js", "console.css", "admin.js"):
        raise web.HTTPNotFound()
    kind = "application/javascript" if name.endswith(".js") else "text/css"
    return web.FileResponse(STATIC / name, headers={"Content-Type": f"{kind}; charset=utf-8"})


def setup_routes(app: web.Application) -> None:
    """The console's routes, all under ``/staff``."""
    app.router.add_get("/staff", dashboard)
    app.router.add_get("/staff/live", staff_socket)
    app.router.add_get("/staff/static/{name}", console_asset)
    app.router.add_post("/staff/handoffs/{handoff_id:\\d+}/accept", accept)
    app.router.add_get("/staff/chats/{conversation_id}", chat_page)
    app.router.add_post("/staff/chats/{conversation_id}/reply", reply)
    app.router.add_post("/staff/chats/{conversation_id}/handback", hand_back)
    app.router.add_post("/staff/chats/{conversation_id}/lines/{line_id:\\d+}/flag", flag)
    case_pages.setup_routes(app)
    chat_cases.setup_routes(app)
