"""The language each line of a website conversation was in, so the web side answers and shows it.

Revision ID: 0007_line_language
Revises: 0006_chat_name
Create Date: 2026-12-03 14:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_line_language"
down_revision = "0006_chat_name"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The conversation's language at each line ("en" or "zh"); lines from before it read as English."""
    with op.batch_alter_table("transcript_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=2), nullable=True))


def downgrade() -> None:
    """Forget the lines' languages."""
    with op.batch_alter_table("transcript_lines", schema=None) as batch_op:
        batch_op.drop_column("language")
