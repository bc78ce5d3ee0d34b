"""The case service on a real SQLite database: intake exactly once, personal data encrypted,
status only for the right reference and verification."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import func, select, text

from bot.cases.intake import Contact
from bot.cases.service import (
    Complaint,
    case_status,
    open_case,
    record_consent,
)
from bot.context import Context
from bot.db.models import Case, CaseEvent
from bot.errors import CaseNotFound, NoConsent, TooManyLookups
from bot.privacy.lookups import Asker

NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.timezone.utc)  # Monday 10:00 in Hong Kong


def complaint(**changes: object) -> Complaint:
    values: dict[str, object] = dict(
        customer_name="Chan Tai Man",
        contact=Contact("phone", "91234567"),
        category="product",
        product="18K gold bracelet",
        incident_date=dt.date(2026, 11, 21),
        incident_place="mong_kok",
        order_number=None,
        description="The clasp broke the day after I bought it.",
        desired_outcome="refund",
        claim_amount_hkd=2500,
    )
    values.update(changes)
    return Complaint(**values)  # type: ignore[arg-type]


def consent(ctx: Context, conversation: str = "c1", accepted: bool = True) -> None:
    with ctx.sessions() as s, s.begin():
        record_consent(s, conversation, ctx.policy.privacy.collection_statement.version, accepted)


def intake(ctx: Context, key: str = "k1", conversation: str = "c1", **changes: object):  # type: ignore[no-untyped-def]
    with ctx.sessions() as s, s.begin():
        return open_case(
            s,
            complaint(**changes),
            intake_key=key,
            conversation_id=conversation,
            policy=ctx.policy,
            vault=ctx.vault,
            now=NOW,
        )


def test_a_complaint_becomes_one_case_with_every_field_and_a_first_event(context: Context) -> None:
    consent(context)
    receipt = intake(context)
    assert receipt.created and receipt.role_title == "Customer Service Supervisor" and receipt.role == "supervisor"
    assert receipt.acknowledge_by == dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.timezone.utc)  # 4 business hours
    with context.sessions() as s:
        case = s.scalars(select(Case)).one()
        assert (case.reference, case.status, case.category, case.product) == (
            receipt.reference,
            "new",
            "product",
            "18K gold bracelet",
        )
        assert (case.incident_date, case.incident_place, case.desired_outcome, case.claim_amount_hkd) == (
            dt.date(2026, 11, 21),
            "mong_kok",
            "refund",
            2500,
        )
        assert context.vault.decrypt(case.customer_name_encrypted) == "Chan Tai Man"
        assert context.vault.decrypt(case.contact_encrypted) == "91234567"
        assert case.consent.statement_version == context.policy.privacy.collection_statement.version
        assert [e.kind for e in case.events] == ["created"]
        assert "supervisor" in case.events[0].detail


def test_personal_data_is_not_stored_in_the_clear(context: Context) -> None:
    consent(context)
    intake(context)
    with context.sessions() as s:
        dump = "\n".join(str(row) for row in s.execute(text("SELECT * FROM cases")).all())
    assert "Chan Tai Man" not in dump and "91234567" not in dump
    if context.settings.database_url.startswith("sqlite"):  # and not in the file's bytes either
        raw = b"".join(path.read_bytes() for path in context.settings.var_dir.glob("concierge.db*"))
        assert raw
        assert b"Chan Tai Man" not in raw and b"91234567" not in raw


def test_a_repeated_submission_returns_the_same_case(context: Context) -> None:
    consent(context)
    first, second = intake(context), intake(context)
    assert (first.created, second.created) == (True, False)
    assert first.reference == second.reference
    with context.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1


def test_simultaneous_submissions_of_one_intake_make_one_case(context: Context) -> None:
    consent(context)
    barrier, receipts, errors = threading.Barrier(4), [], []

    def submit() -> None:
        barrier.wait()
        try:
            receipts.append(intake(context))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors
    assert len({r.reference for r in receipts}) == 1
    with context.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 1
        assert s.scalar(select(func.count()).select_from(CaseEvent)) == 1


def test_no_case_without_an_accepted_collection_statement(context: Context) -> None:
    with pytest.raises(NoConsent, match="collection statement"):
        intake(context)
    consent(context, accepted=False)
    with pytest.raises(NoConsent, match="collection statement"):
        intake(context)


def test_repeat_complainants_and_severity_are_routed_up(context: Context) -> None:
    for n in range(3):
        consent(context, f"c{n}")
    assert (
        intake(context, "k1", "c0", desired_outcome="apology", claim_amount_hkd=None).role_title
        == "Customer Service Officer"
    )
    assert (
        intake(context, "k2", "c1", desired_outcome="apology", claim_amount_hkd=None).role_title
        == "Customer Service Officer"
    )
    third = intake(context, "k3", "c2", desired_outcome="apology", claim_amount_hkd=None)
    assert third.role_title == "Customer Service Supervisor"
    consent(context, "c9")
    legal = intake(
        context,
        "k9",
        "c9",
        contact=Contact("email", "x@y.hk"),
        desired_outcome="apology",
        claim_amount_hkd=None,
        description="I will sue you in the small claims tribunal",
    )
    assert legal.role_title == "Customer Service Manager"


def test_a_platinum_member_is_a_vip(context: Context) -> None:
    consent(context)
    receipt = intake(context, contact=Contact("phone", "61234567"), desired_outcome="apology", claim_amount_hkd=None)
    assert receipt.role_title == "Store Manager"


def look_up(ctx: Context, reference: str, verification: str, conversation: str = "c2",  # type: ignore[no-untyped-def]
            address: str | None = None):  # fmt: skip
    """As the chat does it; a miss raises CaseNotFound here, to be asserted."""
    with ctx.sessions() as s, s.begin():
        status = case_status(s, reference, verification, asker=Asker(conversation, address), policy=ctx.policy,
                             vault=ctx.vault, now=NOW)  # fmt: skip
    if status is None:
        raise CaseNotFound(reference)
    return status


def test_status_needs_the_reference_and_the_phone_digits(context: Context) -> None:
    consent(context)
    reference = intake(context).reference
    status = look_up(context, reference, "4567")
    assert (status.status, status.last_step, status.role_title) == ("new", "created", "Customer Service Supervisor")
    assert look_up(context, reference, "my number is 9123 4567").reference == reference
    for wrong_reference, verification in [
        (reference, "0000"),
        (reference, ""),
        (reference, "567"),
        ("CS-0000-0000", "4567"),
    ]:
        with pytest.raises(CaseNotFound) as raised:
            look_up(context, wrong_reference, verification, "c3")
        assert str(raised.value) == wrong_reference  # the same answer whichever half was wrong


def test_an_email_contact_is_verified_by_the_address_in_the_message(context: Context) -> None:
    consent(context)
    reference = intake(context, contact=Contact("email", "amy.lee@example.com")).reference
    assert look_up(context, reference, "my email is Amy.Lee@example.com.").reference == reference
    with pytest.raises(CaseNotFound):
        look_up(context, reference, "amy@example.com")


def test_guessing_is_throttled_per_conversation(context: Context) -> None:
    consent(context)
    reference = intake(context).reference
    for _ in range(5):
        with pytest.raises(CaseNotFound):
            look_up(context, "CS-AAAA-AAAA", "1234", "guesser")
    with pytest.raises(TooManyLookups):
        look_up(context, reference, "4567", "guesser")
    assert look_up(context, reference, "4567", "someone-else").reference == reference


def test_guessing_from_one_address_is_throttled_whatever_the_conversation(context: Context) -> None:
    consent(context)
    reference = intake(context).reference
    for n in range(20):
        with pytest.raises(CaseNotFound):
            look_up(context, "CS-AAAA-AAAA", "1234", f"guesser-{n}", address="the-guessers-address")
    with pytest.raises(TooManyLookups):
        look_up(context, reference, "4567", "guesser-new", address="the-guessers-address")
    assert look_up(context, reference, "4567", "elsewhere", address="another-address").reference == reference


def test_guessing_one_reference_never_locks_its_owner_out(context: Context) -> None:
    consent(context)
    reference = intake(context).reference
    for n in range(10):
        with pytest.raises(CaseNotFound):
            look_up(context, reference, f"{n:04d}", f"guesser-{n}", address=f"address-{n}")
    with pytest.raises(CaseNotFound):  # guessed at often: the last 4 digits no longer prove it ...
        look_up(context, reference, "4567", "the-real-customer", address="home")
    assert look_up(context, reference, "9123 4567", "the-real-customer", address="home").reference == reference


def test_a_failed_intake_leaves_neither_case_nor_event(context: Context) -> None:
    consent(context)
    with pytest.raises(RuntimeError, match="after the case"), context.sessions() as s, s.begin():
        open_case(
            s, complaint(), intake_key="k", conversation_id="c1", policy=context.policy, vault=context.vault, now=NOW
        )
        raise RuntimeError("something failed after the case was added")
    with context.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case)) == 0
        assert s.scalar(select(func.count()).select_from(CaseEvent)) == 0
