"""page versions, review workflow, listing proposals and freshness (issue 7)

Revision ID: 9b1150000004
Revises: 5afe90000003
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '9b1150000004'
down_revision = '5afe90000003'
branch_labels = None
depends_on = None


def _stamps():
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        'page_version',
        sa.Column('slug', sa.String(length=120), nullable=False),
        sa.Column('locale', sa.String(length=8), nullable=False),
        sa.Column('variant', sa.String(length=16), nullable=False),
        sa.Column('number', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('body_md', sa.Text(), nullable=False),
        sa.Column('section', sa.String(length=40), nullable=False),
        sa.Column('audience', sa.JSON(), nullable=False),
        sa.Column('age_min', sa.Integer(), nullable=False),
        sa.Column('age_max', sa.Integer(), nullable=False),
        sa.Column('needs', sa.JSON(), nullable=False),
        sa.Column('tags', sa.JSON(), nullable=False),
        sa.Column('questions', sa.JSON(), nullable=False),
        sa.Column('related', sa.JSON(), nullable=False),
        sa.Column('owner_team', sa.String(length=200), nullable=False),
        sa.Column('owner_email', sa.String(length=255), nullable=True),
        sa.Column('next_review_due', sa.Date(), nullable=True),
        sa.Column('author_id', sa.String(length=36), nullable=True),
        sa.Column('reviewer_id', sa.String(length=36), nullable=True),
        sa.Column('review_comment', sa.Text(), nullable=True),
        sa.Column('note', sa.String(length=300), nullable=False),
        sa.Column('based_on', sa.Integer(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('publish_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_page_version_author_id_user_account')),
        sa.ForeignKeyConstraint(['reviewer_id'], ['user_account.id'], name=op.f('fk_page_version_reviewer_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_page_version')),
        sa.UniqueConstraint('slug', 'locale', 'variant', 'number', name='uq_page_version_number'),
    )
    op.create_index(op.f('ix_page_version_slug'), 'page_version', ['slug'], unique=False)
    op.create_index(op.f('ix_page_version_status'), 'page_version', ['status'], unique=False)

    op.create_table(
        'listing_proposal',
        sa.Column('service_id', sa.String(length=36), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('base', sa.JSON(), nullable=False),
        sa.Column('proposer_name', sa.String(length=200), nullable=False),
        sa.Column('proposer_email', sa.String(length=255), nullable=False),
        sa.Column('proposer_id', sa.String(length=36), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('decided_by_id', sa.String(length=36), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('reason', sa.Text(), nullable=True),
        sa.Column('idempotency_key', sa.String(length=64), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_listing_proposal_service_id_service'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['proposer_id'], ['user_account.id'], name=op.f('fk_listing_proposal_proposer_id_user_account')),
        sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_listing_proposal_decided_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_proposal')),
        sa.UniqueConstraint('idempotency_key', name=op.f('uq_listing_proposal_idempotency_key')),
    )
    op.create_index(op.f('ix_listing_proposal_service_id'), 'listing_proposal', ['service_id'], unique=False)
    op.create_index(op.f('ix_listing_proposal_status'), 'listing_proposal', ['status'], unique=False)

    op.create_table(
        'link_problem',
        sa.Column('source_type', sa.String(length=20), nullable=False),
        sa.Column('source_key', sa.String(length=200), nullable=False),
        sa.Column('source_label', sa.String(length=255), nullable=False),
        sa.Column('url', sa.String(length=1000), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('external', sa.Boolean(), nullable=False),
        sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_link_problem')),
    )
    op.create_index(op.f('ix_link_problem_source_key'), 'link_problem', ['source_key'], unique=False)

    op.create_table(
        'review_reminder',
        sa.Column('object_type', sa.String(length=20), nullable=False),
        sa.Column('object_key', sa.String(length=200), nullable=False),
        sa.Column('due', sa.Date(), nullable=False),
        sa.Column('sent_to', sa.String(length=255), nullable=False),
        *_stamps(),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_reminder')),
        sa.UniqueConstraint('object_type', 'object_key', 'due', name='uq_review_reminder_key'),
    )

    op.create_table(
        'coverage_override',
        sa.Column('code', sa.String(length=8), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('set_by_id', sa.String(length=36), nullable=True),
        *_stamps(),
        sa.ForeignKeyConstraint(['set_by_id'], ['user_account.id'], name=op.f('fk_coverage_override_set_by_id_user_account')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_coverage_override')),
        sa.UniqueConstraint('code', name=op.f('uq_coverage_override_code')),
    )

    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_email', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('source_hash', sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('page', schema=None) as batch_op:
        batch_op.drop_column('source_hash')
        batch_op.drop_column('owner_email')
    op.drop_table('coverage_override')
    op.drop_table('review_reminder')
    op.drop_index(op.f('ix_link_problem_source_key'), table_name='link_problem')
    op.drop_table('link_problem')
    op.drop_index(op.f('ix_listing_proposal_status'), table_name='listing_proposal')
    op.drop_index(op.f('ix_listing_proposal_service_id'), table_name='listing_proposal')
    op.drop_table('listing_proposal')
    op.drop_index(op.f('ix_page_version_status'), table_name='page_version')
    op.drop_index(op.f('ix_page_version_slug'), table_name='page_version')
    op.drop_table('page_version')
