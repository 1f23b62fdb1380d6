"""page feedback and complaints (issue 6)

Revision ID: fb0c0a000002
Revises: c5a5e5000006
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'fb0c0a000002'
down_revision = 'c5a5e5000006'
branch_labels = None
depends_on = None


def _id_and_times() -> list[sa.Column]:
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('page_feedback',
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('useful', sa.Boolean(), nullable=True),
    sa.Column('theme', sa.String(length=20), nullable=True),
    sa.Column('doing', sa.Text(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('actioned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('actioned_by', sa.String(length=36), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=True),
    *_id_and_times(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_page_feedback')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_page_feedback_idempotency_key'))
    )
    op.create_index(op.f('ix_page_feedback_path'), 'page_feedback', ['path'], unique=False)
    op.create_index(op.f('ix_page_feedback_theme'), 'page_feedback', ['theme'], unique=False)
    op.create_index(op.f('ix_page_feedback_status'), 'page_feedback', ['status'], unique=False)
    op.create_table('complaint',
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('access_token_hash', sa.String(length=64), nullable=True),
    sa.Column('idempotency_key', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('about', sa.String(length=30), nullable=False),
    sa.Column('what_happened', sa.Text(), nullable=False),
    sa.Column('outcome_wanted', sa.Text(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('contact_by', sa.String(length=10), nullable=False),
    sa.Column('address', sa.Text(), nullable=True),
    sa.Column('adjustments', sa.Text(), nullable=True),
    sa.Column('case_reference', sa.String(length=60), nullable=True),
    sa.Column('attachment', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=True),
    sa.Column('team', sa.String(length=60), nullable=True),
    sa.Column('procedure', sa.String(length=20), nullable=True),
    sa.Column('assigned_to', sa.String(length=36), nullable=True),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('stage_started_on', sa.Date(), nullable=False),
    sa.Column('acknowledged_on', sa.Date(), nullable=True),
    sa.Column('extension_days', sa.Integer(), nullable=False),
    sa.Column('extension_reason', sa.Text(), nullable=True),
    sa.Column('responded_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=20), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    *_id_and_times(),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_complaint_user_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['assigned_to'], ['user_account.id'], name=op.f('fk_complaint_assigned_to_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint')),
    sa.UniqueConstraint('reference', name=op.f('uq_complaint_reference')),
    sa.UniqueConstraint('access_token_hash', name=op.f('uq_complaint_access_token_hash')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_complaint_idempotency_key'))
    )
    op.create_index(op.f('ix_complaint_user_id'), 'complaint', ['user_id'], unique=False)
    op.create_index(op.f('ix_complaint_status'), 'complaint', ['status'], unique=False)
    op.create_table('complaint_event',
    sa.Column('complaint_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('actor_id', sa.String(length=36), nullable=True),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('on_time', sa.Boolean(), nullable=True),
    *_id_and_times(),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_event_complaint_id_complaint'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_event'))
    )
    op.create_index(op.f('ix_complaint_event_complaint_id'), 'complaint_event', ['complaint_id'], unique=False)
    op.create_table('complaint_draft',
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    *_id_and_times(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_draft'))
    )
    op.create_table('complaint_reminder',
    sa.Column('key', sa.String(length=160), nullable=False),
    sa.Column('complaint_id', sa.String(length=36), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    *_id_and_times(),
    sa.ForeignKeyConstraint(['complaint_id'], ['complaint.id'], name=op.f('fk_complaint_reminder_complaint_id_complaint'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint_reminder')),
    sa.UniqueConstraint('key', name=op.f('uq_complaint_reminder_key'))
    )
    op.create_index(op.f('ix_complaint_reminder_complaint_id'), 'complaint_reminder', ['complaint_id'], unique=False)


def downgrade() -> None:
    op.drop_table('complaint_reminder')
    op.drop_table('complaint_draft')
    op.drop_table('complaint_event')
    op.drop_table('complaint')
    op.drop_table('page_feedback')
