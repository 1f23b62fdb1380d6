"""voice of the child and the safeguarding queue (issue 6)

Revision ID: 5afe90000003
Revises: fb0c0a000002
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '5afe90000003'
down_revision = 'fb0c0a000002'
branch_labels = None
depends_on = None

FLAG_COLUMNS = (
    ('due_by', sa.DateTime(timezone=True)),
    ('escalated_at', sa.DateTime(timezone=True)),
    ('escalated_admin_at', sa.DateTime(timezone=True)),
    ('action_taken', sa.Text()),
    ('referral', sa.String(length=30)),
    ('referral_reason', sa.Text()),
    ('actioned_at', sa.DateTime(timezone=True)),
    ('actioned_by', sa.String(length=255)),
    ('closed_at', sa.DateTime(timezone=True)),
)


def upgrade() -> None:
    op.create_table('voice_submission',
    sa.Column('topic', sa.String(length=30), nullable=False),
    sa.Column('feeling', sa.Integer(), nullable=True),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_voice_submission_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_voice_submission')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_voice_submission_idempotency_key'))
    )
    with op.batch_alter_table('voice_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_voice_submission_user_id'), ['user_id'], unique=False)

    op.create_table('all_about_me',
    sa.Column('owner_id', sa.String(length=36), nullable=True),
    sa.Column('child_id', sa.String(length=36), nullable=True),
    sa.Column('subject_key', sa.String(length=36), nullable=False),
    sa.Column('likes', sa.Text(), nullable=True),
    sa.Column('good_at', sa.Text(), nullable=True),
    sa.Column('helps_me', sa.Text(), nullable=True),
    sa.Column('find_hard', sa.Text(), nullable=True),
    sa.Column('want_known', sa.Text(), nullable=True),
    sa.Column('hopes', sa.Text(), nullable=True),
    sa.Column('language', sa.String(length=10), nullable=False),
    sa.Column('idempotency_key', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['user_account.id'], name=op.f('fk_all_about_me_owner_id_user_account'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_all_about_me_child_id_child'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_all_about_me')),
    sa.UniqueConstraint('owner_id', 'subject_key', name=op.f('uq_all_about_me_owner_id')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_all_about_me_idempotency_key'))
    )
    with op.batch_alter_table('all_about_me', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_all_about_me_owner_id'), ['owner_id'], unique=False)

    with op.batch_alter_table('safeguarding_flag', schema=None) as batch_op:
        for name, type_ in FLAG_COLUMNS:
            batch_op.add_column(sa.Column(name, type_, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('safeguarding_flag', schema=None) as batch_op:
        for name, _type in reversed(FLAG_COLUMNS):
            batch_op.drop_column(name)
    with op.batch_alter_table('all_about_me', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_all_about_me_owner_id'))
    op.drop_table('all_about_me')
    with op.batch_alter_table('voice_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_voice_submission_user_id'))
    op.drop_table('voice_submission')
