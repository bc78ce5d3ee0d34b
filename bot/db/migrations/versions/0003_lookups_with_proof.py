"""Look-ups need proof: contacts on orders, repairs and refunds; attempts by address; resume secrets.

Revision ID: 0003_lookups_with_proof
Revises: 0002_data_key_check
Create Date: 2026-12-02 04:56:19.478444
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_lookups_with_proof"
down_revision = "0002_data_key_check"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add what look-ups with proof and resumable chats need.

    Resume secrets (digests only), look-up attempts by address and their successes, and the contact on each
    order, repair job and refund that a customer must prove before hearing about it (empty on older rows).
    """
    op.create_table(
        "chat_resumes",
        sa.Column("conversation_id", sa.String(length=100), nullable=False),
        sa.Column("secret_digest", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", name=op.f("pk_chat_resumes")),
        sa.UniqueConstraint("secret_digest", name=op.f("uq_chat_resumes_secret_digest")),
    )
    with op.batch_alter_table("chat_resumes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_chat_resumes_expires_at"), ["expires_at"], unique=False)

    with op.batch_alter_table("lookup_attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("address", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("succeeded", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(batch_op.f("ix_lookup_attempts_address"), ["address"], unique=False)

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_encrypted", sa.Text(), nullable=True))

    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_encrypted", sa.Text(), nullable=True))

    with op.batch_alter_table("repair_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_encrypted", sa.Text(), nullable=True))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("repair_jobs", schema=None) as batch_op:
        batch_op.drop_column("contact_encrypted")

    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_column("contact_encrypted")

    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("contact_encrypted")

    with op.batch_alter_table("lookup_attempts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_lookup_attempts_address"))
        batch_op.drop_column("succeeded")
        batch_op.drop_column("address")

    with op.batch_alter_table("chat_resumes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chat_resumes_expires_at"))

    op.drop_table("chat_resumes")
