"""Which member of staff took each step of a case, so their own figures (settlements, refusals, referrals) count it.

Steps taken before this revision keep only the name they were recorded with.

Revision ID: 0010_event_staff
Revises: 0009_staff_branch
Create Date: 2026-12-04 02:25:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_event_staff"
down_revision = "0009_staff_branch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A staff id per case event, empty for the customer's and the timers' steps."""
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("staff_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_case_events_staff_id"), ["staff_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_case_events_staff_id_staff"), "staff", ["staff_id"], ["id"])


def downgrade() -> None:
    """Forget who took each step (their names stay in the history)."""
    with op.batch_alter_table("case_events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_case_events_staff_id_staff"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_case_events_staff_id"))
        batch_op.drop_column("staff_id")
