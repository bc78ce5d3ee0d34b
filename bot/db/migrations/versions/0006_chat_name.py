"""The name each member of staff chose to be shown to customers in the chat.

Revision ID: 0006_chat_name
Revises: 0005_customer_updates
Create Date: 2026-12-03 12:00:40.097635
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_chat_name"
down_revision = "0005_customer_updates"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A name to show customers, chosen by each member of staff (none yet: shown as before)."""
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chat_name", sa.String(length=40), nullable=True))


def downgrade() -> None:
    """Forget the names staff chose."""
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_column("chat_name")
