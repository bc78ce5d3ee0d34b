"""Conversations in figures, and customers' lines found by time.

So the service-quality figures of a period read only that period's rows.

Revision ID: 0012_lines_by_time
Revises: 0011_quality_reports
Create Date: 2026-12-04 02:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_lines_by_time"
down_revision = "0011_quality_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The conversations table, filled from the transcripts there are; an index of lines by author and time."""
    op.create_table(
        "conversations",
        sa.Column("conversation_id", sa.String(length=100), nullable=False),
        sa.Column("first_at", sa.DateTime(), nullable=False),
        sa.Column("last_at", sa.DateTime(), nullable=False),
        sa.Column("customer_lines", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_conversations")),
    )
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversations_first_at"), ["first_at"], unique=False)
    op.execute(
        "INSERT INTO conversations (conversation_id, first_at, last_at, customer_lines) "
        "SELECT conversation_id, MIN(at), MAX(at), COUNT(*) FROM transcript_lines WHERE author = 'customer' "
        "GROUP BY conversation_id"
    )
    with op.batch_alter_table("transcript_lines", schema=None) as batch_op:
        batch_op.create_index("ix_transcript_lines_author_at", ["author", "at"], unique=False)


def downgrade() -> None:
    """Drop the index and the conversations table (the transcripts stay)."""
    with op.batch_alter_table("transcript_lines", schema=None) as batch_op:
        batch_op.drop_index("ix_transcript_lines_author_at")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversations_first_at"))
    op.drop_table("conversations")
