"""Updates owed to customers on their cases, through the contact they gave.

Revision ID: 0005_customer_updates
Revises: 0004_training_method
Create Date: 2026-12-03 11:48:55.300176
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_customer_updates"
down_revision = "0004_training_method"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The outbox of updates to customers."""
    op.create_table(
        "customer_updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("contact_kind", sa.String(length=10), nullable=False),
        sa.Column("contact_encrypted", sa.Text(), nullable=False),
        sa.Column("text_encrypted", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("given_up_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_customer_updates_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customer_updates")),
    )
    with op.batch_alter_table("customer_updates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_updates_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customer_updates_next_attempt_at"), ["next_attempt_at"], unique=False)


def downgrade() -> None:
    """Drop the outbox of updates to customers."""
    with op.batch_alter_table("customer_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_updates_next_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_customer_updates_case_id"))

    op.drop_table("customer_updates")
