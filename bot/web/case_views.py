"""What the console shows of a case: read in one transaction, decrypted for staff of its role, as HTML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy.orm import Session

from bot.cases.settlement import UNSETTLED, case_for, handling, history
from bot.cases.transcripts import Line
from bot.db.models import Case
from bot.privacy import audit
from bot.privacy.crypto import DataVault
from bot.privacy.data_requests import CORRECTABLE, KINDS
from bot.privacy.redaction import redact
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn
from bot.web.pages import csrf, esc, remedy_options, when

HIDDEN = "hidden: only whoever handles the case sees it"


@dataclass(frozen=True)
class CaseView:
    """A case as one member of staff may see it."""

    reference: str
    status: str
    role_title: str
    conversation_id: str | None
    facts: list[tuple[str, str]]
    events: list[tuple[dt.datetime, str, str, dict[str, object]]]
    open: bool
    acknowledge_by: dt.datetime
    resolve_by: dt.datetime
    personal: bool  # whether the personal data is shown: the staff member handles the case
    known: tuple[str, ...]  # the customer's name and contact, to redact from what is shown when it is not
    data_request: bool  # a personal data request, which the data protection role answers with its own forms


def read_case(session: Session, reference: str, staff: SignedIn, policy: Policy, vault: DataVault,
              now: dt.datetime) -> CaseView:  # fmt: skip
    """The case for the console (raises ``CaseNotFound`` / ``NotYourQueue`` like ``case_for``).

    Personal data is shown, and the view audited, only to whoever handles the case; a supervisor of the
    level below sees the case with it hidden.
    """
    case: Case = case_for(session, reference, staff, policy)
    why = handling(session, case, staff)
    if why:
        audit.record(session, staff, "viewed_case", case.reference, why, policy, now)
    known = customer_known(case, vault)
    description = vault.read(case.description_encrypted)

    def shown(value: str) -> str:
        return value if why else HIDDEN

    category = next((c.label for c in policy.complaint_categories if c.id == case.category), case.category)
    place = next((b.name for b in policy.branches if b.id == case.incident_place), case.incident_place or "–")
    amount = f"HK${case.claim_amount_hkd:,}" if case.claim_amount_hkd else "–"
    settled = f"{case.settled_remedy} HK${case.settled_amount_hkd or 0:,}" if case.settled_remedy else "–"
    facts = [
        ("Customer", shown(vault.read(case.customer_name_encrypted))),
        (f"Contact ({case.contact_kind})", shown(vault.read(case.contact_encrypted))),
        ("Category", category),
        ("Product", case.product or "–"),
        ("When", case.incident_date.isoformat() if case.incident_date else "–"),
        ("Where", place),
        ("Order", case.order_number or "–"),
        ("What happened" if case.desired_outcome not in KINDS else "Request", description if why
         else redact(description, known)),
        ("Wants", case.desired_outcome.replace("_", " ") if case.desired_outcome in KINDS
         else f"{case.desired_outcome} {amount}"),
        ("Routing", case.routing_reasons),
        ("VIP", "yes" if case.vip else "no"),
        ("Settled", settled),
    ]  # fmt: skip
    return CaseView(case.reference, case.status, policy.role(case.assigned_role).title, case.conversation_id, facts,
                    history(case), case.status in UNSETTLED, case.acknowledge_by, case.resolve_by, bool(why), known,
                    case.desired_outcome in KINDS)  # fmt: skip


def customer_known(case: Case, vault: DataVault) -> tuple[str, ...]:
    """The customer's name and contact on ``case``, to redact from what is shown to whoever does not handle it."""
    return tuple(v for v in (vault.read(case.customer_name_encrypted), vault.read(case.contact_encrypted)) if v)


def shown_lines(lines: list[Line], personal: bool, known: tuple[str, ...]) -> list[Line]:
    """A transcript as a member of staff may see it: whole if they handle it, else with personal data redacted."""
    if personal:
        return lines
    return [replace(line, text=redact(line.text, known)) for line in lines]


def _detail(detail: dict[str, object]) -> str:
    return "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in detail.items() if v not in (None, "", []))


def case_panel(view: CaseView, staff: SignedIn, policy: Policy, back: str) -> str:
    """The case's facts, its history, and the forms to act on it."""
    facts = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in view.facts)
    events = "".join(
        f'<li data-kind="{esc(kind)}"><time>{esc(when(at, policy))}</time> <b>{esc(kind.replace("_", " "))}</b> '
        f"by {esc(who)}<br><small>{esc(_detail(detail))}</small></li>"
        for at, who, kind, detail in view.events
    )
    forms = ""
    base = f"/staff/cases/{esc(view.reference)}"
    back_field = f'<input type="hidden" name="back" value="{esc(back)}">'
    note = f"""<form method="post" action="{base}/note" id="note-form" class="card">{csrf(staff)}{back_field}
<h3>Record</h3><label>Kind <select name="kind"><option value="action">action taken</option>
<option value="note">internal note</option></select></label>
<label>Text <textarea name="text" required maxlength="2000"></textarea></label><button>Record</button></form>"""
    if view.open and view.data_request:
        forms = note + (data_request_forms(base, staff, back_field) if view.personal else "")
    elif view.open:
        role = policy.role(staff.role)
        forms = (
            note
            + f"""<form method="post" action="{base}/settle" id="settle-form" class="card">{csrf(staff)}{back_field}
<h3>Settle</h3>
<p><small>Your authority: {esc(", ".join(role.remedies))} up to HK${role.max_settlement_hkd:,}</small></p>
<label>Remedy <select name="remedy">{remedy_options()}</select></label>
<label>Amount HK$ <input name="amount" type="number" min="0" step="1" value="0" required></label>
<label>Solution agreed <textarea name="solution" required maxlength="2000"></textarea></label>
<button>Settle the case</button></form>
<form method="post" action="{base}/refer" id="refer-form" class="card">{csrf(staff)}{back_field}
<h3>Refer up</h3><label>Reason <textarea name="reason" required maxlength="500"></textarea></label>
<button>Refer to the next role</button></form>"""
        )
    return f"""<section id="case" class="card"><h2>Case <span id="case-reference">{esc(view.reference)}</span></h2>
<p>Status <b id="case-status">{esc(view.status)}</b> · with the <b id="case-role">{esc(view.role_title)}</b> ·
acknowledge by {esc(when(view.acknowledge_by, policy))} · resolve by {esc(when(view.resolve_by, policy))}</p>
<dl>{facts}</dl><h3>History</h3><ol id="events">{events}</ol></section>{forms}"""


def data_request_forms(base: str, staff: SignedIn, back_field: str) -> str:
    """What the data protection role does with a personal data request: export, correct, complete."""
    fields = "".join(f'<option value="{esc(k)}">{esc(v)}</option>' for k, v in CORRECTABLE.items())
    return f"""<form method="post" action="{base}/export" id="export-form" class="card">{csrf(staff)}
<h3>Data access</h3><p><small>Everything held about this customer, as a file (the export is audited).</small></p>
<button>Export the customer's data</button></form>
<form method="post" action="{base}/correct" id="correct-form" class="card">{csrf(staff)}{back_field}
<h3>Correct</h3><p><small>Changes it on every record of this customer (audited).</small></p>
<label>Field <select name="field">{fields}</select></label>
<label>Correct value <input name="value" required maxlength="200"></label><button>Correct</button></form>
<form method="post" action="{base}/complete" id="complete-form" class="card">{csrf(staff)}{back_field}
<h3>Complete the request</h3><label>What was done <textarea name="outcome" required maxlength="2000"></textarea>
</label><button>Complete</button></form>"""
