"""complaints: statutory stage 3 review panel and report dates (issue 15)

Revision ID: uxofficers0001
Revises: 5e77e5000005
Create Date: 2026-12-05 09:40:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'uxofficers0001'
down_revision = '5e77e5000005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaint') as batch:
        batch.add_column(sa.Column('panel_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('panel_report_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('complaint') as batch:
        batch.drop_column('panel_report_on')
        batch.drop_column('panel_on')
