"""Staff accounts, sign-in and console sessions, and who is online.

Passwords are kept as salted scrypt hashes; a session cookie carries a random token of which
the database keeps only the digest, so a copy of the database signs nobody in.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bot.db.models import SignInFailure, StaffMember, StaffSession
from bot.errors import Refused
from bot.shop.policy import Policy

SCRYPT = {"n": 2**14, "r": 8, "p": 1}
SESSION_HOURS = 12
MAX_FAILED_SIGN_INS = 5
LOCK_MINUTES = 15
MAX_FAILURES_PER_ADDRESS = 20  # within LOCK_MINUTES, across every account: then that address must wait
ONLINE_WITHIN = dt.timedelta(seconds=90)  # the console's heartbeat is every 30 s


@dataclass(frozen=True)
class SignedIn:
    """Who a console session belongs to, and its CSRF token."""

    staff_id: int
    username: str
    display_name: str
    role: str
    csrf_token: str
    presence: str = "away"  # as the session was read: "online" or "away"
    chat_name: str = ""  # the name they chose to be shown to customers, if any
    branch: str | None = None  # the branch they work at (a store manager's dashboard shows it only)


def hash_password(password: str) -> str:
    """A salted scrypt hash of ``password``, self-describing."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def password_matches(password: str, stored: str) -> bool:
    """Whether ``password`` hashes to ``stored``."""
    try:
        scheme, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    given = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), **SCRYPT)
    return hmac.compare_digest(given, base64.b64decode(digest))


_DUMMY_HASH = hash_password(secrets.token_urlsafe(12))


ADMIN = "admin"  # not on the authority ladder: reviews the NLU inbox and retrains; sees no cases


def role_title(role: str, policy: Policy) -> str:
    """How a role is called in the console."""
    return "Administrator" if role == ADMIN else policy.role(role).title


def add_staff(session: Session, username: str, display_name: str, role: str, password: str, policy: Policy,
              branch: str | None = None) -> int:  # fmt: skip
    """Create a staff account; ``role`` must be a role of the policy, or ``admin``; ``branch`` the one they work at.

    Raises:
        UnknownRole: ``role`` is not in the policy.
        UnknownBranch: ``branch`` is not a branch of the policy.
        ValueError: the password is shorter than 10 characters.
    """
    if role != ADMIN:
        policy.role(role)
    if branch is not None:
        policy.branch(branch)
    if len(password) < 10:
        raise ValueError("a staff password needs at least 10 characters")
    member = StaffMember(username=username.strip().lower(), display_name=display_name, role=role, branch=branch,
                         password_hash=hash_password(password))  # fmt: skip
    session.add(member)
    session.flush()
    return int(member.id)


def set_branch(session: Session, username: str, branch: str | None, policy: Policy) -> str:
    """Set the branch a member of staff works at (None: none); returns their display name.

    Raises:
        UnknownBranch: ``branch`` is not a branch of the policy.
        Refused: there is no such login.
    """
    if branch is not None:
        policy.branch(branch)
    member = session.scalars(select(StaffMember).where(StaffMember.username == username.strip().lower())).first()
    if member is None:
        raise Refused(f"there is no staff login '{username}'")
    member.branch = branch
    return str(member.display_name)


def staff_list(session: Session) -> list[tuple[int, str, str]]:
    """Every member of staff who handles customers (admins left out): (id, display name, role), by name."""
    rows = session.execute(
        select(StaffMember.id, StaffMember.display_name, StaffMember.role)
        .where(StaffMember.role != ADMIN)
        .order_by(StaffMember.display_name)
    )
    return [(int(i), str(name), str(role)) for i, name, role in rows]


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(session: Session, username: str, password: str, now: dt.datetime, address: str = "") -> str | None:
    """Check the password and open a console session; returns the cookie token.

    Returns None for an unknown user, a wrong password, a locked account or an address that failed too
    often (the caller cannot tell which); the failure is counted in the caller's transaction, which must
    commit it. After ``MAX_FAILED_SIGN_INS`` wrong passwords the account is locked for ``LOCK_MINUTES``;
    after ``MAX_FAILURES_PER_ADDRESS`` failures from one address within that time, the address is refused.
    """
    window = now - dt.timedelta(minutes=LOCK_MINUTES)
    if address:
        session.execute(delete(SignInFailure).where(SignInFailure.at < window))
        recent = session.scalar(
            select(func.count()).where(SignInFailure.address == address, SignInFailure.at >= window)
        )
        if (recent or 0) >= MAX_FAILURES_PER_ADDRESS:
            password_matches(password, _DUMMY_HASH)
            return None
    member = session.scalars(select(StaffMember).where(StaffMember.username == username.strip().lower())).first()
    if member is None or (member.locked_until is not None and member.locked_until > now):
        password_matches(password, _DUMMY_HASH)  # the same work, so timing tells nothing
        _failed_from(session, address, now)
        return None
    if not password_matches(password, member.password_hash):
        _failed_from(session, address, now)
        member.failed_logins += 1
        if member.failed_logins >= MAX_FAILED_SIGN_INS:
            member.locked_until = now + dt.timedelta(minutes=LOCK_MINUTES)
            member.failed_logins = 0
        return None
    member.failed_logins = 0
    member.locked_until = None
    token = secrets.token_urlsafe(32)
    session.add(StaffSession(token_digest=_token_digest(token), staff_id=member.id,
                             csrf_token=secrets.token_urlsafe(32), created_at=now,
                             expires_at=now + dt.timedelta(hours=SESSION_HOURS)))  # fmt: skip
    return token


def _failed_from(session: Session, address: str, now: dt.datetime) -> None:
    if address:
        session.add(SignInFailure(address=address[:64], at=now))


def signed_in(session: Session, token: str, now: dt.datetime) -> SignedIn | None:
    """The staff member behind a session cookie, or None if it is unknown or expired."""
    row = session.get(StaffSession, _token_digest(token)) if token else None
    if row is None or row.expires_at <= now:
        return None
    member = row.staff
    return SignedIn(member.id, member.username, member.display_name, member.role, row.csrf_token,
                    str(member.presence or "away"), member.chat_name or "", member.branch)  # fmt: skip


def sign_out(session: Session, token: str) -> None:
    """End a console session."""
    session.execute(delete(StaffSession).where(StaffSession.token_digest == _token_digest(token)))


def set_presence(session: Session, staff_id: int, presence: str, now: dt.datetime) -> None:
    """Go ``online`` or ``away``."""
    if presence not in ("online", "away"):
        raise ValueError(f"presence must be online or away, not {presence!r}")
    member = session.get(StaffMember, staff_id)
    if member is not None:
        member.presence = presence
        member.last_seen = now


CHAT_NAME_LENGTH = 40


NOT_A_PERSON = ("assistant", "concierge", "bot", "system")


def set_chat_name(session: Session, staff_id: int, name: str, *, not_theirs: tuple[str, ...] = ()) -> str:
    """Choose the name customers see in the chat (blank: the display name and role); returns it as kept.

    ``not_theirs`` are titles the member of staff does not hold (other roles'): a name may not claim them.

    Raises:
        Refused: longer than ``CHAT_NAME_LENGTH`` characters, or passing for the assistant or another role.
    """
    name = " ".join("".join(c if c.isprintable() else " " for c in name).split())  # one line, no control characters
    if len(name) > CHAT_NAME_LENGTH:
        raise Refused(f"a name shown to customers has at most {CHAT_NAME_LENGTH} characters")
    words = name.casefold().replace("(", " ").replace(")", " ").split()
    claimed = [w for w in NOT_A_PERSON if w in words] + [t for t in not_theirs if t.casefold() in name.casefold()]
    if claimed:
        raise Refused(f"customers would take '{claimed[0]}' for someone you are not; use your own name")
    member = session.get(StaffMember, staff_id)
    if member is not None:
        member.chat_name = name or None
    return name


def heartbeat(session: Session, staff_id: int, now: dt.datetime) -> None:
    """The console is open: the staff member counts as online if they said so."""
    member = session.get(StaffMember, staff_id)
    if member is not None:
        member.last_seen = now


def online_count(session: Session, roles: tuple[str, ...], now: dt.datetime) -> int:
    """How many staff of ``roles`` are online with their console open."""
    count = session.scalar(
        select(func.count()).select_from(StaffMember).where(
            StaffMember.role.in_(roles), StaffMember.presence == "online", StaffMember.last_seen >= now - ONLINE_WITHIN
        )
    )  # fmt: skip
    return int(count or 0)


def roles_that_can_take(role: str, policy: Policy) -> tuple[str, ...]:
    """The roles whose queues include ``role``'s: the role itself and, on the ladder, every role above."""
    return tuple(r.id for r in policy.roles if role in policy.roles_seen_by(r.id))


def seed_demo_staff(session: Session, policy: Policy, var_dir: Path) -> list[tuple[str, str, str]]:
    """One demo login per role of the policy and an admin, made once; passwords go to ``var/demo-staff.txt`` (0600).

    Returns (username, password, role title) for each demo login.
    """
    path = var_dir / "demo-staff.txt"
    if session.scalar(select(func.count()).select_from(StaffMember)):
        if not path.exists():
            return []
        return [tuple(line.split("\t")) for line in path.read_text().splitlines() if line.count("\t") == 2]  # type: ignore[misc]
    roles = [(role.id, role.title) for role in policy.roles] + [(ADMIN, "Administrator")]
    logins = [(role_id.replace("_", "-"), secrets.token_urlsafe(9), title) for role_id, title in roles]
    for (username, password, title), (role_id, _) in zip(logins, roles):
        branch = policy.branches[0].id if role_id in policy.quality_dashboard.own_branch else None
        add_staff(session, username, f"Demo {title}", role_id, password, policy, branch)
    var_dir.mkdir(parents=True, exist_ok=True)
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
        handle.write("".join(f"{u}\t{p}\t{t}\n" for u, p, t in logins))
    return logins
