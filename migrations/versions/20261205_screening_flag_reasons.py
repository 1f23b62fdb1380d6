"""safeguarding flags say why they were flagged; the lead's "not a concern" decisions are kept (issue 12)

Revision ID: screening00001
Revises: 5e77e5000005
Create Date: 2026-12-05 09:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'screening00001'
down_revision = 'security0001'
branch_labels = None
depends_on = None

COLUMNS = [
    ('score', sa.Float()),
    ('sentence', sa.Text()),
    ('not_concern_reason', sa.Text()),
    ('not_concern_at', sa.DateTime(timezone=True)),
    ('not_concern_by', sa.String(length=255)),
]


def upgrade() -> None:
    with op.batch_alter_table('safeguarding_flag', schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('safeguarding_flag', schema=None) as batch_op:
        for name, _type in reversed(COLUMNS):
            batch_op.drop_column(name)
