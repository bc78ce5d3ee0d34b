"""Who may read the service-quality figures, and of which business units (``quality_dashboard`` of the policy)."""

from __future__ import annotations

from bot.errors import NotForYourRole
from bot.shop.criteria import CHAT, ONLINE
from bot.shop.policy import Policy
from bot.staff.accounts import ADMIN


def all_units(policy: Policy) -> tuple[str, ...]:
    """Every business unit: the branches, online, the chat."""
    return (*(b.id for b in policy.branches), ONLINE, CHAT)


def readable_units(role: str, branch: str | None, policy: Policy) -> tuple[str, ...] | None:
    """The units a member of staff of ``role`` working at ``branch`` may read; None: the whole shop.

    Raises:
        NotForYourRole: their role does not read the dashboard, or it reads one branch and theirs is not set.
    """
    access = policy.quality_dashboard
    if role == ADMIN or role in access.every_unit:
        return None
    if role in access.own_branch:
        if branch is None:
            raise NotForYourRole(
                "Your account names no branch: ask an administrator to set it (python -m bot set-branch)."
            )
        return (branch,)
    readers = [policy.role(r).title for r in (*access.every_unit, *access.own_branch)]
    raise NotForYourRole(f"The service-quality dashboard is for {' and '.join(readers) or 'administrators'} only.")


def may_read(role: str, branch: str | None, policy: Policy) -> bool:
    """Whether a member of staff of ``role`` working at ``branch`` reads the dashboard (of any unit)."""
    try:
        readable_units(role, branch, policy)
    except NotForYourRole:
        return False
    return True
