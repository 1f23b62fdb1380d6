"""uploaded files in the database, shared by every web node (UPLOAD_STORAGE=database)

Revision ID: prod00000001
Revises: 5e77e5000005
Create Date: 2026-12-05 10:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'prod00000001'
down_revision = 'screening00001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('stored_file',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_stored_file'))
    )


def downgrade() -> None:
    op.drop_table('stored_file')
