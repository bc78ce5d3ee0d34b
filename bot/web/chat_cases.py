"""Opening a case from a live chat that has none: the form beside the chat, prefilled, and the collection statement.

The rules are ``bot.cases.staff_intake``'s; this module only shows the form and answers its posts.
"""

from __future__ import annotations

import datetime as dt
import secrets
from functools import partial
from urllib.parse import quote

from aiohttp import web
from sqlalchemy.orm import Session

from bot.cases import handoff, transcripts
from bot.cases.service import CaseReceipt
from bot.cases.staff_intake import open_from_chat, opened_news, prefill
from bot.cases.transcripts import Line
from bot.shop.policy import REMEDIES, Policy
from bot.staff.accounts import SignedIn
from bot.web import pages
from bot.web.auth import in_db, staff_page
from bot.web.errors import return_to
from bot.web.hub import staff_reply
from bot.web.keys import CONTEXT, CONVERSATIONS
from bot.web.pages import back_to, esc


def open_case_form(conversation_id: str, lines: list[Line], staff: SignedIn, policy: Policy, today: dt.date) -> str:
    """The form to open the chat's case, prefilled from what the customer said; with the collection statement."""
    known = prefill(lines, policy)
    here = f"/staff/chats/{esc(quote(conversation_id))}"
    categories = [("", "Choose…"), *((c.id, c.label) for c in policy.complaint_categories)]
    places = [("", "Choose…"), *((b.id, b.name) for b in policy.branches), ("online", "Online")]
    outcomes = [("", "Choose…"), *((r, r) for r in REMEDIES)]
    statement = policy.privacy.collection_statement.text
    return f"""<section class="card" id="open-case"><h2>Open a case</h2>
<p><small>This chat has no case yet. First send the customer the collection statement and ask them to agree.</small></p>
<details><summary>The collection statement</summary><p><small>{esc(statement)}</small></p></details>
<form method="post" action="{here}/statement" id="statement-form">{pages.csrf(staff)}
<button>Send the collection statement</button></form>
<form method="post" action="{here}/case" id="open-case-form">{pages.csrf(staff)}
<input type="hidden" name="intake" value="{secrets.token_urlsafe(12)}">
<label><input type="checkbox" name="consent" value="yes" required> The customer agreed to the collection statement
</label>
<label>Customer's name <input name="name" required maxlength="80" autocomplete="off"></label>
<label>Phone or email <input name="contact" required maxlength="200" value="{esc(known.contact)}"></label>
<label>Category <select name="category" required>{pages.options(categories)}</select></label>
<label>Product <input name="product" required maxlength="200" placeholder="none if no product"></label>
<label>When it happened <input name="when" type="date" required max="{today.isoformat()}"></label>
<label>Where <select name="place" required>{pages.options(places, known.place)}</select></label>
<label>Order number <input name="order" maxlength="10" value="{esc(known.order)}" placeholder="if it was online">
</label><label>What happened <textarea name="description" required maxlength="2000">{esc(known.description)}
</textarea></label>
<label>What would put it right <select name="outcome" required>{pages.options(outcomes)}</select></label>
<label>Amount asked, HK$ <input name="amount" type="number" min="1" step="1" placeholder="refund or compensation">
</label><button>Open the case</button></form></section>"""


def pass_on_form(conversation_id: str, reference: str, title: str, staff: SignedIn) -> str:
    """For a chat whose case needs a higher authority than the holder's: pass the chat to that role."""
    here = f"/staff/chats/{esc(quote(conversation_id))}"
    return f"""<section class="card" id="pass-on"><h2>Case {esc(reference)}</h2>
<p>The shop's rules give this case to the <b>{esc(title)}</b>: only they may settle it. Tell the customer, then pass
the chat on; it goes to their queue with the case.</p>
<form method="post" action="{here}/pass" id="pass-on-form">{pages.csrf(staff)}
<button>Pass the chat to the {esc(title)}</button></form></section>"""


@staff_page
async def pass_on(request: web.Request, staff: SignedIn) -> web.Response:
    """Pass the chat to the role its case was routed to; the customer is told who comes next."""
    context = request.app[CONTEXT]
    conversation_id = request.match_info["conversation_id"]
    return_to(request, f"/staff/chats/{quote(conversation_id)}")
    role = await in_db(request, handoff.pass_to_case_role, conversation_id, staff, policy=context.policy,
                       now=context.now())  # fmt: skip
    conversations = request.app[CONVERSATIONS]
    await conversations.assistant_says(conversation_id, partial(handoff.passed_on_news, staff, role.id, context.policy))
    conversations.changed.set()
    raise back_to("/staff", f"Passed on to the {role.title}.")


@staff_page
async def send_statement(request: web.Request, staff: SignedIn) -> web.Response:
    """Say the collection statement in the chat, as the staff member holding it."""
    context = request.app[CONTEXT]
    conversation_id = request.match_info["conversation_id"]
    here = f"/staff/chats/{quote(conversation_id)}"
    return_to(request, here)
    language = await in_db(request, transcripts.language, conversation_id)
    statement = context.policy.in_(language).privacy.collection_statement.text  # it ends by asking for agreement
    await staff_reply(request.app, staff, conversation_id, statement)
    raise back_to(here, "Collection statement sent: tick the box once the customer agrees.")


@staff_page
async def open_case(request: web.Request, staff: SignedIn) -> web.Response:
    """Open the chat's case from the form; it joins the chat, and the customer gets the reference."""
    context = request.app[CONTEXT]
    conversation_id = request.match_info["conversation_id"]
    here = f"/staff/chats/{quote(conversation_id)}"
    return_to(request, here)
    form = {k: str(v) for k, v in (await request.post()).items()}

    def run(session: Session) -> CaseReceipt:
        return open_from_chat(session, conversation_id, staff, form, policy=context.policy, vault=context.vault,
                              now=context.now(), today=context.today())  # fmt: skip

    receipt = await in_db(request, run)
    conversations = request.app[CONVERSATIONS]
    if receipt.created:  # a form sent twice opens one case and tells the customer once
        news = partial(opened_news, receipt.reference, handoff.chat_name(staff, context.policy))
        await conversations.assistant_says(conversation_id, news)
    conversations.changed.set()
    raise back_to(here, f"Case {receipt.reference} opened, with the {receipt.role_title}.")


def setup_routes(app: web.Application) -> None:
    """The routes of opening a case from a chat."""
    app.router.add_post("/staff/chats/{conversation_id}/statement", send_statement)
    app.router.add_post("/staff/chats/{conversation_id}/case", open_case)
    app.router.add_post("/staff/chats/{conversation_id}/pass", pass_on)
