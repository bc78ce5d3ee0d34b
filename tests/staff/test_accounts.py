"""Staff accounts: hashed passwords, sign-in with lock-out, sessions, presence."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.cases.handoff import actor, chat_name
from bot.context import Context
from bot.db.models import StaffMember, StaffSession
from bot.errors import Refused, UnknownRole
from bot.staff.accounts import (
    MAX_FAILURES_PER_ADDRESS,
    add_staff,
    hash_password,
    online_count,
    password_matches,
    seed_demo_staff,
    set_chat_name,
    sign_in,
    sign_out,
    signed_in,
)
from tests.staffing import NOW, PASSWORD, staff


def test_passwords_are_salted_hashes_that_only_the_password_matches() -> None:
    first, second = hash_password("pearl river 88"), hash_password("pearl river 88")
    assert first != second and "pearl" not in first
    assert password_matches("pearl river 88", first) and password_matches("pearl river 88", second)
    assert not password_matches("pearl river 89", first)
    assert not password_matches("pearl river 88", "md5$abc$def") and not password_matches("x", "garbage")


def test_sign_in_gives_a_session_whose_token_is_not_stored(context: Context) -> None:
    with context.sessions() as s, s.begin():
        add_staff(s, "Mei", "Mei Chan", "supervisor", PASSWORD, context.policy)
        token = sign_in(s, "  MEI ", PASSWORD, NOW)
    with context.sessions() as s:
        who = signed_in(s, token, NOW)
        assert who is not None and (who.username, who.role) == ("mei", "supervisor") and len(who.csrf_token) >= 32
        assert token not in [row.token_digest for row in s.scalars(select(StaffSession))]
        assert signed_in(s, token, NOW + dt.timedelta(hours=13)) is None  # expired
        assert signed_in(s, "forged", NOW) is None
    with context.sessions() as s, s.begin():
        sign_out(s, token)
    with context.sessions() as s:
        assert signed_in(s, token, NOW) is None


def test_five_wrong_passwords_lock_the_account_for_a_while(context: Context) -> None:
    with context.sessions() as s, s.begin():
        add_staff(s, "ken", "Ken Lau", "store_manager", PASSWORD, context.policy)
    for _ in range(5):
        with context.sessions() as s, s.begin():
            assert sign_in(s, "ken", "wrong password", NOW) is None
    with context.sessions() as s, s.begin():
        assert sign_in(s, "ken", PASSWORD, NOW + dt.timedelta(minutes=10)) is None  # right password, still locked
    with context.sessions() as s, s.begin():
        assert sign_in(s, "ken", PASSWORD, NOW + dt.timedelta(minutes=16))
        assert sign_in(s, "nobody", PASSWORD, NOW) is None


def test_an_address_guessing_across_accounts_is_refused_for_a_while(context: Context) -> None:
    with context.sessions() as s, s.begin():
        add_staff(s, "ken", "Ken Lau", "store_manager", PASSWORD, context.policy)
    for attempt in range(MAX_FAILURES_PER_ADDRESS):  # a different account each time: no account lock helps
        with context.sessions() as s, s.begin():
            assert sign_in(s, f"user{attempt}", "guess", NOW, address="203.0.113.9") is None
    with context.sessions() as s, s.begin():
        assert sign_in(s, "ken", PASSWORD, NOW, address="203.0.113.9") is None  # right password, address refused
        assert sign_in(s, "ken", PASSWORD, NOW, address="198.51.100.7")  # another address is not
    with context.sessions() as s, s.begin():
        assert sign_in(s, "ken", PASSWORD, NOW + dt.timedelta(minutes=16), address="203.0.113.9")


def test_staff_need_a_policy_role_and_a_real_password(context: Context) -> None:
    with pytest.raises(UnknownRole), context.sessions() as s, s.begin():
        add_staff(s, "x", "X", "janitor", PASSWORD, context.policy)
    with pytest.raises(ValueError, match="10 characters"), context.sessions() as s, s.begin():
        add_staff(s, "x", "X", "supervisor", "short", context.policy)


def test_online_means_said_so_and_console_open_recently(context: Context) -> None:
    staff(context, "mei", "supervisor", online=True)
    staff(context, "amy", "customer_service_officer", online=False)
    with context.sessions() as s:
        assert online_count(s, ("supervisor",), NOW) == 1
        assert online_count(s, ("customer_service_officer",), NOW) == 0
        assert online_count(s, ("supervisor",), NOW + dt.timedelta(minutes=5)) == 0  # console closed since


def test_demo_staff_one_per_role_and_an_admin_with_passwords_kept_private(context: Context) -> None:
    with context.sessions() as s, s.begin():
        logins = seed_demo_staff(s, context.policy, context.settings.var_dir)
    assert len(logins) == len(context.policy.roles) + 1 and logins[-1][::2] == ("admin", "Administrator")
    path = context.settings.var_dir / "demo-staff.txt"
    assert path.stat().st_mode & 0o077 == 0
    with context.sessions() as s, s.begin():
        assert seed_demo_staff(s, context.policy, context.settings.var_dir) == logins  # made once
        username, password, _ = logins[1]
        assert sign_in(s, username, password, NOW)
        assert {m.role for m in s.scalars(select(StaffMember))} == {r.id for r in context.policy.roles} | {"admin"}


def test_a_member_of_staff_chooses_the_name_customers_see(context: Context) -> None:
    mei = staff(context, "mei", "supervisor")
    assert chat_name(mei, context.policy) == "Mei (Customer Service Supervisor)"  # until they choose
    with context.sessions() as s, s.begin():
        assert set_chat_name(s, mei.staff_id, "  Mei\n from\tthe Central team ") == "Mei from the Central team"
        with pytest.raises(Refused, match="at most 40 characters"):
            set_chat_name(s, mei.staff_id, "M" * 41)
        with pytest.raises(Refused, match="'assistant' for someone you are not"):
            set_chat_name(s, mei.staff_id, "The Assistant")
        with pytest.raises(Refused, match="'Store Manager' for someone you are not"):
            set_chat_name(s, mei.staff_id, "Mei, store manager", not_theirs=("Store Manager",))
    with context.sessions() as s, s.begin():
        token = sign_in(s, "mei", PASSWORD, NOW)
    with context.sessions() as s:
        again = signed_in(s, token or "", NOW)
        assert again is not None and chat_name(again, context.policy) == "Mei from the Central team"
        assert actor(again, context.policy) == "Mei (Customer Service Supervisor)"  # case history keeps the real name
    with context.sessions() as s, s.begin():
        set_chat_name(s, mei.staff_id, "   ")
    with context.sessions() as s:
        assert chat_name(signed_in(s, token or "", NOW) or mei, context.policy) == "Mei (Customer Service Supervisor)"
