"""who asked for a call-back when signed in, so it is in their "Your data" download (issue 14)

Revision ID: sec14_0001
Revises: secux3_0001
Create Date: 2026-12-07 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'sec14_0001'
down_revision = 'secux3_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('callback_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.String(length=36), nullable=True))
        batch_op.create_index(batch_op.f('ix_callback_request_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_callback_request_user_id_user_account'), 'user_account',
                                    ['user_id'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('callback_request', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_callback_request_user_id_user_account'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_callback_request_user_id'))
        batch_op.drop_column('user_id')
