"""A table holding a token encrypted with the data key, checked at every start-up.

Revision ID: 0002_data_key_check
Revises: 0001_baseline
Create Date: 2026-12-02 04:36:41.970500
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_data_key_check"
down_revision = "0001_baseline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The table, empty: the first start-up writes its row (bot.db.key_check)."""
    op.create_table(
        "data_key_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_key_check")),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("data_key_check")
