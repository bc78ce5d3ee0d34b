"""Every SLA deadline given to a customer, kept, renewed or missed, so the service-quality figures count them.

Revision ID: 0008_sla_pledges
Revises: 0007_line_language
Create Date: 2026-12-04 02:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_sla_pledges"
down_revision = "0007_line_language"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The pledges table, filled from the cases there are: their current deadlines, met when the case says so."""
    op.create_table(
        "sla_pledges",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("role", sa.String(length=40), nullable=False),
        sa.Column("made_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_how", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_sla_pledges_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sla_pledges")),
    )
    with op.batch_alter_table("sla_pledges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sla_pledges_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sla_pledges_due_at"), ["due_at"], unique=False)
    op.execute(
        "INSERT INTO sla_pledges (case_id, kind, role, made_at, due_at, closed_at, closed_how) "
        "SELECT id, 'acknowledge', assigned_role, created_at, acknowledge_by, acknowledged_at, "
        "CASE WHEN acknowledged_at IS NULL THEN NULL ELSE 'met' END FROM cases"
    )
    op.execute(
        "INSERT INTO sla_pledges (case_id, kind, role, made_at, due_at, closed_at, closed_how) "
        "SELECT c.id, 'resolve', c.assigned_role, c.created_at, c.resolve_by, "
        "(SELECT MAX(e.at) FROM case_events e WHERE e.case_id = c.id AND e.kind = 'settled'), "
        "CASE WHEN c.status IN ('resolved', 'closed') THEN 'met' ELSE NULL END FROM cases c"
    )


def downgrade() -> None:
    """Forget the pledges (the cases keep their current deadlines)."""
    with op.batch_alter_table("sla_pledges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sla_pledges_due_at"))
        batch_op.drop_index(batch_op.f("ix_sla_pledges_case_id"))
    op.drop_table("sla_pledges")
