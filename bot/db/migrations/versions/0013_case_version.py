"""Every change of a case is conditional on the version it was read at.

Revision ID: 0013_case_version
Revises: 0012_lines_by_time
Create Date: 2026-12-04 05:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_case_version"
down_revision = "0012_lines_by_time"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A counter each update of a case raises; an update made from an older read changes nothing and is refused."""
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    """Cases without versions (two processes may then overwrite each other's change)."""
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("version")
