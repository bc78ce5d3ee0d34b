"""How each model was trained: fine-tuned or full, from which model, in how long.

Revision ID: 0004_training_method
Revises: 0003_lookups_with_proof
Create Date: 2026-12-02 07:37:31.900936
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_training_method"
down_revision = "0003_lookups_with_proof"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Record how each model was trained; models trained before were all trained in full."""
    with op.batch_alter_table("assistant_models", schema=None) as batch_op:
        batch_op.add_column(sa.Column("method", sa.String(length=12), server_default="full", nullable=False))
        batch_op.add_column(sa.Column("base_model_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("train_seconds", sa.Float(), nullable=True))


def downgrade() -> None:
    """Drop the record of how models were trained."""
    with op.batch_alter_table("assistant_models", schema=None) as batch_op:
        batch_op.drop_column("train_seconds")
        batch_op.drop_column("base_model_id")
        batch_op.drop_column("method")
