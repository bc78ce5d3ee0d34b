"""HTML of the staff console. Every value goes through ``esc``: what customers wrote is shown as text."""

from __future__ import annotations

import datetime as dt
from html import escape
from urllib.parse import quote

from aiohttp import web

from bot.cases.handoff import QueueEntry
from bot.cases.transcripts import Line
from bot.quality.access import may_read
from bot.shop.business_hours import format_moment
from bot.shop.policy import REMEDIES, Policy
from bot.staff.accounts import ADMIN, SignedIn, role_title


def esc(value: object) -> str:
    """Text made safe to put in HTML, attributes included."""
    return escape(str(value), quote=True)


STAFF_NAV = (
    ("queue", "/staff", "Queue"),
    ("mine", "/staff/cases?mine=yes", "My cases"),
    ("cases", "/staff/cases", "All cases"),
    ("closed", "/staff/cases?status=settled", "Closed cases"),
    ("figures", "/staff/performance", "My figures"),
)
ADMIN_NAV = (("inbox", "/staff/admin", "NLU inbox"), ("models", "/staff/admin/models", "Models"))
QUALITY_NAV = (("quality", "/staff/quality", "Service quality"),)


def navigation(staff: SignedIn, current: str, policy: Policy) -> str:
    """The console's navigation bar: the staff member's places, the one they are on marked."""
    places: tuple[tuple[str, str, str], ...] = ADMIN_NAV if staff.role == ADMIN else STAFF_NAV
    if may_read(staff.role, staff.branch, policy):
        places += QUALITY_NAV
    mark = ' aria-current="page"'
    links = "".join(
        f'<li><a href="{esc(href)}"{mark if key == current else ""}>{esc(label)}</a></li>'
        for key, href, label in places
    )
    return f'<nav aria-label="Console"><ul>{links}</ul></nav>'


def page(title: str, body: str, *, staff: SignedIn | None = None, policy: Policy | None = None,
         data: dict[str, str] | None = None, notice: str = "", script: str = "console.js") -> str:  # fmt: skip
    """A whole console page (the staff member's presence as this request read their session)."""
    header = ""
    data = dict(data or {})
    if staff is not None and policy is not None:
        presence = staff.presence
        other = "away" if presence == "online" else "online"
        toggle = (
            ""
            if staff.role == ADMIN
            else f"""<form method="post" action="/staff/presence" class="presence">
{csrf(staff)}<span id="presence" class="presence-{esc(presence)}">{esc(presence)}</span>
<button name="presence" value="{other}" id="presence-toggle">Go {other}</button></form>"""
        )
        home = "/staff/admin" if staff.role == ADMIN else "/staff"
        who = f"{esc(staff.display_name)} · {esc(role_title(staff.role, policy))}"
        if staff.role != ADMIN:
            who = f'<a href="/staff/profile" title="Your profile: the name customers see">{who}</a>'
        header = f"""<header><a class="home" href="{home}" title="Concierge">{esc(policy.organization.name)}</a>
{navigation(staff, data.get("nav", data.get("page", "")), policy)}<span class="who">{who}</span>{toggle}
<form method="post" action="/staff/logout">{csrf(staff)}<button id="logout">Sign out</button></form></header>"""
        data.setdefault("zone", policy.organization.timezone)  # the console script shows live times in it
    attributes = "".join(f' data-{esc(k)}="{esc(v)}"' for k, v in data.items())
    banner = f'<p class="notice" role="alert" id="notice">{esc(notice)}</p>' if notice else ""
    token = f'<meta name="csrf" content="{esc(staff.csrf_token)}">' if staff else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · Concierge</title>{token}<link rel="stylesheet" href="/staff/static/console.css">
<script src="/staff/static/{esc(script)}" defer></script></head>
<body{attributes}>{header}<main>{banner}<h1>{esc(title)}</h1>{body}</main></body></html>"""


def csrf(staff: SignedIn) -> str:
    """The hidden CSRF field every console form carries."""
    return f'<input type="hidden" name="csrf" value="{esc(staff.csrf_token)}">'


def login_page(token: str, error: str = "", *, username: str = "", shop: str = "") -> str:
    """The sign-in form, with the shop's name; after a wrong password it keeps the username typed."""
    problem = f'<p class="error" role="alert" id="login-error">{esc(error)}</p>' if error else ""
    brand = f'<p class="brand" id="brand">{esc(shop)}</p>' if shop else ""
    focus = "" if username else " autofocus"
    return page(
        "Staff sign-in",
        f"""{brand}{problem}<form method="post" action="/staff/login" class="card" id="login">
<input type="hidden" name="csrf" value="{esc(token)}">
<label>Username <input name="username" autocomplete="username" required maxlength="40" value="{esc(username)}"{focus}>
</label><label>Password <input name="password" type="password" autocomplete="current-password" required
maxlength="200"{" autofocus" if username else ""}></label><button type="submit">Sign in</button></form>
<p><small>Staff of {esc(shop or "the shop")} only. Forgotten your password? Ask your manager or the admin.
</small></p>""",
        data={"page": "login"},
    )


def when(moment: dt.datetime | None, policy: Policy) -> str:
    """A moment in the shop's time with its zone named ("Thu 3 Dec 2026, 14:05 HKT"), or "not set"."""
    if moment is None:
        return "not set"
    return f"{format_moment(moment, policy)} {moment.astimezone(policy.zone):%Z}"


def day(date: dt.date) -> str:
    """A date as the console writes every date: "Sat 21 Nov 2026"."""
    return f"{date:%a} {date.day} {date:%b %Y}"


def clock(moment: dt.datetime | None, policy: Policy) -> str:
    """A transcript line's time of day in the shop's zone, as 14:05."""
    return f"{moment.astimezone(policy.zone):%H:%M}" if moment else ""


LANGUAGE_NAMES = {"en": "English", "zh": "Chinese 中文"}


def language_badge(language: str) -> str:
    """The language a customer writes in, as the console marks a conversation."""
    return (f'<span class="language" data-language="{esc(language)}" lang="{"zh-HK" if language == "zh" else "en"}">'
            f"{esc(LANGUAGE_NAMES.get(language, language))}</span>")  # fmt: skip


def queue_rows(entries: list[QueueEntry], staff: SignedIn, policy: Policy) -> str:
    """Rows of the waiting queue (the console script redraws them live from the same fields)."""
    if not entries:
        return '<tr class="empty"><td colspan="5">Nobody is waiting.</td></tr>'
    rows = []
    for e in entries:
        callback = (
            f"<br><small>callback promised by {esc(when(e.callback_by, policy))}</small>" if e.callback_by else ""
        )
        referred = " (referred up)" if e.referred else ""
        rows.append(f"""<tr data-handoff="{e.handoff_id}"><td data-label="Waiting">{e.waited_minutes} min
<br>{language_badge(e.language)}</td>
<td data-label="For">{esc(e.role_title)}{referred}</td><td data-label="Case">{esc(e.case_reference or "none yet")}</td>
<td>{esc(e.case_summary)}<br><small>{esc(e.reason)}</small>{callback}</td>
<td><a href="/staff/chats/{esc(quote(e.conversation_id))}">Transcript</a>
<form method="post" action="/staff/handoffs/{e.handoff_id}/accept">{csrf(staff)}
<button class="accept">Accept</button></form></td></tr>""")
    return "".join(rows)


def transcript(lines: list[Line], policy: Policy, flag: tuple[str, SignedIn] | None = None) -> str:
    """The conversation so far, as text, each line with its time.

    With ``flag`` (the chat's address and its holder) each customer line has a small action to send it to the
    NLU inbox as misunderstood.
    """

    def flag_form(line: Line) -> str:
        if flag is None or line.author != "customer":
            return ""
        return (f'<form method="post" action="{esc(flag[0])}/lines/{line.id}/flag" class="flag">{csrf(flag[1])}'
                '<button title="The assistant misunderstood this line: send it to the NLU inbox" '
                'aria-label="Assistant misunderstood: send this line to the NLU inbox">Misunderstood?</button>'
                "</form>")  # fmt: skip

    def time(line: Line) -> str:
        if line.at is None:
            return ""
        return f'<time datetime="{esc(line.at.isoformat())}">{esc(clock(line.at, policy))}</time> '

    items = "".join(
        f'<li class="line {esc(line.author)}" data-id="{line.id}">{time(line)}<span class="author">'
        f'{esc(line.name or line.author)}</span> <span class="text">{esc(line.text)}</span>{flag_form(line)}</li>'
        for line in lines
    )
    return f'<ol id="transcript" aria-live="polite" tabindex="0" aria-label="Conversation">{items}</ol>'


def options(choices: list[tuple[str, str]], chosen: str = "") -> str:
    """``<option>``s of a select: (value, label) pairs, ``chosen`` selected."""
    return "".join(f'<option value="{esc(v)}"{" selected" if v == chosen else ""}>{esc(label)}</option>'
                   for v, label in choices)  # fmt: skip


def remedy_options(selected: str = "") -> str:
    """The remedies a settlement may take."""
    return "".join(f'<option value="{r}"{" selected" if r == selected else ""}>{r}</option>' for r in REMEDIES)


def html(body: str, status: int = 200) -> web.Response:
    """A console page, never cached (it holds personal data and a CSRF token)."""
    return web.Response(text=body, status=status, content_type="text/html", headers={"Cache-Control": "no-store"})


def back_to(target: str, notice: str = "") -> web.HTTPSeeOther:
    """Redirect to a console page (never elsewhere), with a notice to show."""
    path = target if target.startswith("/staff") and "//" not in target else "/staff"
    return web.HTTPSeeOther(f"{path}?notice={quote(notice)}" if notice else path)
