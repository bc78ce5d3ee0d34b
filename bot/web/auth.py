"""Console sign-in state: the session cookie, the signed-in member of staff, and CSRF checks.

The cookie is HttpOnly and SameSite=Strict (and Secure when the public address is https). Every
form carries the session's CSRF token and every POST must present it; the sign-in form, before
there is a session, uses a double-submit cookie instead.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web

from bot.staff.accounts import ADMIN, SESSION_HOURS, SignedIn, signed_in
from bot.web.db import run_in_db
from bot.web.keys import CONTEXT

SESSION_COOKIE = "concierge_staff"
LOGIN_CSRF_COOKIE = "concierge_login_csrf"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
StaffHandler = Callable[[web.Request, SignedIn], Awaitable[web.StreamResponse]]


async def in_db(request: web.Request, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """``run_in_db`` with the request's application context."""
    return await run_in_db(request.app[CONTEXT], work, *args, **kwargs)


def set_cookie(request: web.Request, response: web.StreamResponse, name: str, value: str, max_age: int) -> None:
    """A console cookie: HttpOnly, SameSite=Strict, Secure when served over https."""
    response.set_cookie(name, value, max_age=max_age, path="/staff", httponly=True, samesite="Strict",
                        secure=request.app[CONTEXT].settings.secure_cookies)  # fmt: skip


def own_origins(request: web.Request) -> set[str]:
    """The origins of this gateway's own pages: the public address, and the address this request came to."""
    public = urlsplit(request.app[CONTEXT].settings.public_url)
    return {f"{public.scheme}://{public.netloc}", f"{request.scheme}://{request.host}"}


def same_origin(request: web.Request) -> bool:
    """Whether the request came from a page of this gateway (browsers send Origin on POST and websockets).

    Scheme, host and port must all match: ``http://shop`` is not ``https://shop``.
    """
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser, or a same-origin GET; the CSRF token still guards every form
    return origin in own_origins(request)


async def current_staff(request: web.Request) -> SignedIn | None:
    """The member of staff signed in on this request's cookie, if any."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    context = request.app[CONTEXT]
    staff: SignedIn | None = await in_db(request, signed_in, token, context.now())
    return staff


def csrf_ok(expected: str, given: object) -> bool:
    """Constant-time comparison of the form's token with the session's."""
    return isinstance(given, str) and bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def _console_page(handler: StaffHandler, who: str) -> Handler:
    """A console view for ``who`` ("staff", "admin" or "anyone" signed in).

    Sign-in required; a POST must be same-origin and carry the session's CSRF token. Admins see no
    cases or chats (they are sent to the admin console); staff do not reach the admin console.
    """

    async def view(request: web.Request) -> web.StreamResponse:
        staff = await current_staff(request)
        if staff is None:
            if request.method == "GET":
                raise web.HTTPSeeOther("/staff/login")
            raise web.HTTPForbidden(text="Your session has ended. Please sign in again.")
        is_admin = staff.role == ADMIN
        if who == "staff" and is_admin:
            if request.method == "GET":
                raise web.HTTPSeeOther("/staff/admin")
            raise web.HTTPForbidden(text="Administrators do not handle cases or chats.")
        if who == "admin" and not is_admin:
            raise web.HTTPForbidden(text="Only administrators may use the admin console.")
        if request.method == "POST":
            form = await request.post()
            if not same_origin(request) or not csrf_ok(staff.csrf_token, form.get("csrf")):
                raise web.HTTPForbidden(text="This form has expired or did not come from the console. "
                                             "Reload the page and try again.")  # fmt: skip
        return await handler(request, staff)

    return view


def staff_page(handler: StaffHandler) -> Handler:
    """A staff console view (queues, chats, cases)."""
    return _console_page(handler, "staff")


def admin_page(handler: StaffHandler) -> Handler:
    """An admin console view (inbox, models)."""
    return _console_page(handler, "admin")


def signed_in_page(handler: StaffHandler) -> Handler:
    """A view for anyone signed in (sign out)."""
    return _console_page(handler, "anyone")


def new_login_csrf() -> str:
    """A token for the sign-in form, also set as a cookie (double submit)."""
    return secrets.token_urlsafe(24)


SESSION_SECONDS = SESSION_HOURS * 3600
