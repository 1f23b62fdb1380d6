"""security hardening, second part: complaint links expire (issue 14)

Revision ID: security2_0001
Revises: prod00000001
Create Date: 2026-12-05 17:30:00
"""

from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa


revision = 'security2_0001'
down_revision = 'prod00000001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access_token_expires_at', sa.DateTime(timezone=True), nullable=True))
    # Links given out before links expired get the default lifetime (90 days) from today.
    until = datetime.now(UTC) + timedelta(days=90)
    complaint = sa.table('complaint', sa.column('access_token_hash', sa.String),
                         sa.column('access_token_expires_at', sa.DateTime(timezone=True)))
    op.execute(complaint.update().where(complaint.c.access_token_hash.is_not(None))
               .values(access_token_expires_at=until))


def downgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_column('access_token_expires_at')
