"""The branch a member of staff works at, so a store manager's dashboard shows their own branch.

Revision ID: 0009_staff_branch
Revises: 0008_sla_pledges
Create Date: 2026-12-04 02:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_staff_branch"
down_revision = "0008_sla_pledges"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A branch id per member of staff, empty where it does not matter."""
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("branch", sa.String(length=40), nullable=True))


def downgrade() -> None:
    """Forget where staff work."""
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("branch")
