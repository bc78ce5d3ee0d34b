"""The weekly service-quality reports as they were prepared.

Revision ID: 0011_quality_reports
Revises: 0010_event_staff
Create Date: 2026-12-04 02:35:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011_quality_reports"
down_revision = "0010_event_staff"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """One row per week reported, made once (two gateways preparing it at once keep one)."""
    op.create_table(
        "quality_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("criteria_met", sa.Integer(), nullable=False),
        sa.Column("criteria_missed", sa.Integer(), nullable=False),
        sa.Column("csv", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quality_reports")),
        sa.UniqueConstraint("first_day", "last_day", name=op.f("uq_quality_reports_first_day")),
    )


def downgrade() -> None:
    """Forget the reports (the figures can be measured again)."""
    op.drop_table("quality_reports")
