"""What the console shows of a case: read in one transaction, decrypted for staff of its role, as HTML."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot.cases.lifecycle import RESOLVED, SETTLED, STATUSES, is_open, words
from bot.cases.settlement import case_for, history
from bot.db.models import Case
from bot.privacy.access import Access, case_access
from bot.privacy.crypto import DataVault
from bot.privacy.data_requests import CORRECTABLE, KINDS
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn
from bot.web.pages import csrf, day, esc, remedy_options, when


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
    access: Access  # whether the personal data is shown whole (the staff member handles the case), and what to redact
    data_request: bool  # a personal data request, which the data protection role answers with its own forms

    @property
    def personal(self) -> bool:
        """Whether the personal data is shown whole."""
        return self.access.personal


def read_case(session: Session, reference: str, staff: SignedIn, policy: Policy, vault: DataVault,
              now: dt.datetime) -> CaseView:  # fmt: skip
    """The case for the console (raises ``CaseNotFound`` / ``NotYourQueue`` like ``case_for``).

    What is shown of personal data, and the audit entry, follow ``bot.privacy.access``.
    """
    case: Case = case_for(session, reference, staff, policy)
    access = case_access(session, case, staff, policy, vault, now)
    category = policy.category_label(case.category)
    place = next((b.name for b in policy.branches if b.id == case.incident_place), case.incident_place or "not given")
    amount = f" HK${case.claim_amount_hkd:,}" if case.claim_amount_hkd else ""  # an apology has no amount
    settled = case.settled_remedy or "not yet"
    if case.settled_remedy and case.settled_amount_hkd:  # an apology is settled without an amount
        settled += f" HK${case.settled_amount_hkd:,}"
    facts = [
        ("Customer", access.value(vault.read(case.customer_name_encrypted))),
        (f"Contact ({case.contact_kind})", access.value(vault.read(case.contact_encrypted))),
        ("Category", category),
        ("Product", case.product or "not given"),
        ("When", day(case.incident_date) if case.incident_date else "not given"),
        ("Where", place),
        ("Order", case.order_number or "none given"),
        ("What happened" if case.desired_outcome not in KINDS else "Request",
         access.text(vault.read_legacy(case.description_encrypted))),
        ("Wants", case.desired_outcome.replace("_", " ") if case.desired_outcome in KINDS
         else f"{case.desired_outcome}{amount}"),
        ("Routing", case.routing_reasons),
        ("VIP", "yes" if case.vip else "no"),
        ("Settled", settled),
    ]  # fmt: skip
    return CaseView(case.reference, case.status, policy.role(case.assigned_role).title, case.conversation_id, facts,
                    history(case), is_open(case.status), case.acknowledge_by, case.resolve_by, access,
                    case.desired_outcome in KINDS)  # fmt: skip


def _detail(detail: dict[str, object]) -> str:
    """An event's detail in words: lists as sentences, statuses as staff read them."""

    def value(v: object) -> str:
        if isinstance(v, list | tuple):
            return "; ".join(map(value, v))
        return words(v) if isinstance(v, str) and v in STATUSES else str(v)

    return "; ".join(f"{k.replace('_', ' ')}: {value(v)}" for k, v in detail.items() if v not in (None, "", []))


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
    if view.status == RESOLVED:
        forms = (
            note
            + f"""<form method="post" action="{base}/close" id="close-form" class="card">{csrf(staff)}{back_field}
<h3>Close</h3><p><small>When the remedy has been given. The customer is told, in the chat and through the contact
they gave where the shop sends updates.</small></p><button>Close the case</button></form>"""
        )
    if view.status in SETTLED and not view.data_request:
        forms += f"""<form method="post" action="{base}/reopen" id="reopen-form" class="card">{csrf(staff)}{back_field}
<h3>Reopen</h3><p><small>When the customer comes back because the settlement did not put things right: the case
gets a new resolution deadline and counts as reopened in the service-quality figures.</small></p>
<label>Reason <textarea name="reason" required maxlength="500"></textarea></label><button>Reopen the case</button>
</form>"""
    return f"""<section id="case" class="card"><h2>Case <span id="case-reference">{esc(view.reference)}</span></h2>
<p>Status <b id="case-status">{esc(words(view.status))}</b> · with the <b id="case-role">{esc(view.role_title)}</b> ·
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
