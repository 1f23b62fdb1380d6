"""postcode geography a council loads (ONSPD or Code-Point Open), and its areas (issue 17 item 6)

Revision ID: arch_0001
Revises: prod00000001
Create Date: 2026-12-05 18:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'arch_0001'
down_revision = 'security2_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'postcode',
        sa.Column('postcode', sa.String(length=8), nullable=False),
        sa.Column('outward', sa.String(length=4), nullable=False),
        sa.Column('latitude', sa.Float(), nullable=False),
        sa.Column('longitude', sa.Float(), nullable=False),
        sa.Column('area_code', sa.String(length=12), nullable=True),
        sa.PrimaryKeyConstraint('postcode', name=op.f('pk_postcode')),
    )
    op.create_index(op.f('ix_postcode_outward'), 'postcode', ['outward'], unique=False)
    op.create_index(op.f('ix_postcode_area_code'), 'postcode', ['area_code'], unique=False)
    op.create_table(
        'area',
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_area')),
    )


def downgrade() -> None:
    op.drop_table('area')
    op.drop_index(op.f('ix_postcode_area_code'), table_name='postcode')
    op.drop_index(op.f('ix_postcode_outward'), table_name='postcode')
    op.drop_table('postcode')
