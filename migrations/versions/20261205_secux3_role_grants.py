"""role grants waiting for a second administrator (issue 14); the language of a chat answer's note (issue 15)

Revision ID: secux3_0001
Revises: perf3_0001
Create Date: 2026-12-05 21:15:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'secux3_0001'
down_revision = 'perf3_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'role_grant',
        sa.Column('user_id', sa.String(length=36), nullable=False),
        sa.Column('role', sa.String(length=40), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('requested_by', sa.String(length=36), nullable=True),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by', sa.String(length=36), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_role_grant_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant')),
    )
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_user_id'), ['user_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grant_status'), ['status'], unique=False)
    with op.batch_alter_table('chat_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_language', sa.String(length=10), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('chat_message', schema=None) as batch_op:
        batch_op.drop_column('note_language')
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grant_status'))
        batch_op.drop_index(batch_op.f('ix_role_grant_user_id'))
    op.drop_table('role_grant')
