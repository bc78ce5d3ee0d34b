"""The one edge where errors become responses: domain exceptions as 403/404/409/422 pages, JSON or a notice.

Handlers let the services' exceptions (``bot.errors``) through; ``error_edge`` answers them. A form posted
from the console that is refused for a reason the user can act on (above their authority, taken by someone
else, a bad amount) goes back to the page it came from with the reason as a notice; anything else gets a
page (or JSON, for a client that asks for it) with the status. An unexpected exception is logged with its
trace and answered with a plain 500 that shows none of it.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from aiohttp import web
from sqlalchemy.orm.exc import StaleDataError

from bot.errors import (
    ActivationRefused,
    AlreadyTaken,
    AssistantUnavailable,
    BadLabel,
    CannotReferUp,
    CaseNotFound,
    InvalidAnswer,
    InvalidTransition,
    ModelNotFound,
    NotForYourRole,
    NotYourQueue,
    OutsideAuthority,
    Refused,
    TooManyLookups,
    TrainingBusy,
)
from bot.web.frames import BadFrame

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

STATUS: dict[type[Exception], int] = {
    NotYourQueue: 403,
    NotForYourRole: 403,
    CaseNotFound: 404,
    ModelNotFound: 404,
    AlreadyTaken: 409,
    InvalidTransition: 409,
    OutsideAuthority: 409,
    CannotReferUp: 409,
    TrainingBusy: 409,
    ActivationRefused: 409,
    BadLabel: 422,
    InvalidAnswer: 422,
    BadFrame: 400,
    Refused: 422,
    TooManyLookups: 429,
    AssistantUnavailable: 503,
    StaleDataError: 409,  # another process changed the case between this request's read and its write
}
GENERIC = {
    403: "That is not in your queues.",
    404: "There is nothing here by that name.",
    500: "Something went wrong on our side. Please try again; if it happens again, tell your administrator.",
}
TITLES = {400: "Not understood", 403: "Not allowed", 404: "Not found", 409: "Not done", 422: "Not done",
          429: "Too many attempts", 500: "Something went wrong", 503: "Not available"}  # fmt: skip
RETURN_TO = "concierge.return_to"  # request key: where a refused console form goes back to


def status_of(exc: Exception) -> int:
    """The HTTP status that answers ``exc``."""
    return next((status for kind, status in STATUS.items() if isinstance(exc, kind)), 500)


def refusal_text(exc: Exception) -> str:
    """What the user is told: the reason for a refusal they can act on, a plain sentence otherwise."""
    status = status_of(exc)
    if isinstance(exc, AlreadyTaken):
        return f"Too late: {exc.taken_by} has already taken that conversation."
    if isinstance(exc, OutsideAuthority):
        return f"Refused: {exc}"
    if isinstance(exc, InvalidAnswer):
        return f"Not done: {exc.hint}"
    if isinstance(exc, NotForYourRole):
        return str(exc)
    if isinstance(exc, StaleDataError):
        return (
            "Not done: the case changed at the same moment (another member of staff or the SLA timer). "
            "Look at it again."
        )
    if status in GENERIC:
        return GENERIC[status]
    if isinstance(exc, BadFrame):
        return str(exc)
    return f"Not done: {exc}"


def return_to(request: web.Request, path: str) -> None:
    """Where a form of this request goes back to when refused (else its ``back`` field, else the referrer)."""
    request[RETURN_TO] = path


async def _target(request: web.Request) -> str:
    form = await request.post()  # aiohttp keeps the form the handler read
    referer = urlsplit(request.headers.get("Referer", ""))
    candidates = (str(form.get("back", "")), str(request.get(RETURN_TO, "")),
                  referer.path if referer.netloc == request.host else "")  # fmt: skip
    for candidate in candidates:
        if candidate.startswith("/staff") and "//" not in candidate:
            return candidate.split("?")[0]
    return "/staff"


def _wants_json(request: web.Request) -> bool:
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_page(status: int, text: str) -> str:
    """A plain page for an error, in the console's style."""
    title = TITLES.get(status, "Error")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            '<link rel="stylesheet" href="/staff/static/console.css"></head><body><main class="card">'
            f'<h1>{title}</h1><p id="error">{html.escape(text)}</p><p><a href="/staff">Back to the console</a></p>'
            "</main></body></html>")  # fmt: skip


async def answer(request: web.Request, exc: Exception) -> web.StreamResponse:
    """The response to ``exc`` raised by a handler of ``request``."""
    status, text = status_of(exc), refusal_text(exc)
    if status == 500:
        log.error("%s %s failed", request.method, request.path, exc_info=exc)
    if _wants_json(request):
        return web.json_response({"error": text}, status=status)
    if request.method == "POST" and status in (400, 409, 422, 429, 503) and request.path.startswith("/staff"):
        return web.Response(status=303, headers={"Location": f"{await _target(request)}?notice={quote(text)}"})
    return web.Response(text=error_page(status, text), status=status, content_type="text/html",
                        headers={"Cache-Control": "no-store"})  # fmt: skip


@web.middleware
async def error_edge(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer every exception a handler lets through; aiohttp's own HTTP answers pass as they are."""
    try:
        return await handler(request)
    except web.HTTPException:
        raise
    except Exception as exc:  # noqa: BLE001 - the edge: domain errors answered, anything else logged, never shown
        return await answer(request, exc)
