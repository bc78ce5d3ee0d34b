"""Console sign-in and sign-out, going online or away, and the name a member of staff shows customers."""

from __future__ import annotations

from aiohttp import web

from bot.cases.handoff import actor, chat_name
from bot.errors import Refused
from bot.staff.accounts import CHAT_NAME_LENGTH, SignedIn, set_chat_name, set_presence, sign_in, sign_out
from bot.web import pages
from bot.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_SECONDS,
    csrf_ok,
    in_db,
    new_login_csrf,
    same_origin,
    set_cookie,
    signed_in_page,
    staff_page,
)
from bot.web.keys import CONTEXT, CONVERSATIONS
from bot.web.pages import back_to, html


async def login_form(request: web.Request) -> web.Response:
    """The sign-in page, with a fresh double-submit token."""
    token = new_login_csrf()
    response = html(pages.login_page(token, shop=request.app[CONTEXT].policy.organization.name))
    set_cookie(request, response, LOGIN_CSRF_COOKIE, token, 3600)
    return response


async def login(request: web.Request) -> web.Response:
    """Check the password; on success a session cookie and the dashboard."""
    form = await request.post()
    if not same_origin(request) or not csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE, ""), form.get("csrf")):
        raise web.HTTPForbidden(text="This sign-in form has expired. Reload the page and try again.")
    context = request.app[CONTEXT]
    token = await in_db(request, sign_in, str(form.get("username", "")), str(form.get("password", "")),
                        context.now(), request.remote or "unknown")  # fmt: skip
    if token is None:
        fresh = new_login_csrf()
        response = html(pages.login_page(fresh, "Wrong username or password, or too many failed attempts: an account "
                                                 "is locked for 15 minutes after 5.",
                                         username=str(form.get("username", ""))[:40],
                                         shop=context.policy.organization.name), status=401)  # fmt: skip
        set_cookie(request, response, LOGIN_CSRF_COOKIE, fresh, 3600)
        return response
    response = web.HTTPSeeOther("/staff")
    set_cookie(request, response, SESSION_COOKIE, token, SESSION_SECONDS)
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/staff")
    raise response


@signed_in_page
async def logout(request: web.Request, staff: SignedIn) -> web.Response:
    """End the session."""
    await in_db(request, sign_out, request.cookies.get(SESSION_COOKIE, ""))
    response = web.HTTPSeeOther("/staff/login")
    response.del_cookie(SESSION_COOKIE, path="/staff")
    raise response


@staff_page
async def presence(request: web.Request, staff: SignedIn) -> web.Response:
    """Go online or away."""
    form = await request.post()
    try:
        await in_db(request, set_presence, staff.staff_id, str(form.get("presence")), request.app[CONTEXT].now())
    except ValueError as exc:
        raise web.HTTPBadRequest(text=str(exc)) from exc
    request.app[CONVERSATIONS].changed.set()
    raise back_to(str(request.headers.get("Referer", "/staff")).split("?")[0].split(request.host, 1)[-1])


@staff_page
async def profile(request: web.Request, staff: SignedIn) -> web.Response:
    """The staff member's own settings: the name customers see when they chat."""
    policy = request.app[CONTEXT].policy
    body = f"""<section class="card" id="profile"><h2>Your name in the chat</h2>
<p>Customers see <b id="chat-name">{pages.esc(chat_name(staff, policy))}</b> when you join a chat and beside every
line you send. Case history and reports always name you as {pages.esc(actor(staff, policy))}.</p>
<form method="post" action="/staff/profile" id="chat-name-form">{pages.csrf(staff)}
<label>Name shown to customers <input name="chat_name" value="{pages.esc(staff.chat_name)}"
maxlength="{CHAT_NAME_LENGTH}" placeholder="{pages.esc(actor(staff, policy))}"></label>
<p><small>For example your first name, or your first name and team. Leave it empty for your full name and
role.</small></p>
<button>Save</button></form></section>"""
    return html(pages.page("Your profile", body, staff=staff, policy=policy, data={"page": "profile"},
                            notice=request.query.get("notice", "")))  # fmt: skip


@staff_page
async def save_profile(request: web.Request, staff: SignedIn) -> web.Response:
    """Keep the name customers see."""
    form = await request.post()
    try:
        policy = request.app[CONTEXT].policy
        others = tuple(r.title for r in policy.roles if r.id != staff.role)
        name = await in_db(request, set_chat_name, staff.staff_id, str(form.get("chat_name", "")), not_theirs=others)
    except Refused as exc:
        raise back_to("/staff/profile", f"Not saved: {exc}.") from exc
    raise back_to("/staff/profile", f"Customers now see you as {name}." if name else "Customers now see your full name "
                  "and role.")  # fmt: skip


def setup_routes(app: web.Application) -> None:
    """Sign-in routes, under ``/staff``."""
    app.router.add_get("/staff/login", login_form)
    app.router.add_post("/staff/login", login)
    app.router.add_post("/staff/logout", logout)
    app.router.add_post("/staff/presence", presence)
    app.router.add_get("/staff/profile", profile)
    app.router.add_post("/staff/profile", save_profile)
