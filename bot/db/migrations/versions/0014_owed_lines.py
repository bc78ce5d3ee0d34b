"""The lines still owed to the assistant, found without reading every line.

Revision ID: 0014_owed_lines
Revises: 0013_case_version
Create Date: 2026-12-04 05:55:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_owed_lines"
down_revision = "0013_case_version"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """A partial index: only customer lines the assistant has not had yet are in it (a handful among millions)."""
    op.create_index("ix_transcript_lines_owed", "transcript_lines", ["conversation_id"],
                    sqlite_where=sa.text("relayed = 0"), postgresql_where=sa.text("relayed = false"))  # fmt: skip


def downgrade() -> None:
    """The retry reads every line again."""
    op.drop_index("ix_transcript_lines_owed", table_name="transcript_lines")
