"""co-production surveys and You said, we did (issue 8)

Revision ID: 5e77e5000005
Revises: 9b1150000004
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '5e77e5000005'
down_revision = '9b1150000004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
