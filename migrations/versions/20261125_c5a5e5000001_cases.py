"""EHC needs assessment requests, cases, milestones, documents and messages (issue 5)

Revision ID: c5a5e5000001
Revises: 69ca66998b04
Create Date: 2026-11-25 12:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'c5a5e5000001'
down_revision = '69ca66998b04'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('assessment_request',
    sa.Column('reference', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('requester_kind', sa.String(length=20), nullable=True),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('last_step', sa.String(length=60), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('expiry_warned_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('submit_token', sa.String(length=64), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('child_id', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_assessment_request_child_id_child')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_assessment_request_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assessment_request')),
    sa.UniqueConstraint('reference', name=op.f('uq_assessment_request_reference')),
    sa.UniqueConstraint('submit_token', name=op.f('uq_assessment_request_submit_token'))
    )
    with op.batch_alter_table('assessment_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assessment_request_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_request_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_assessment_request_user_id'), ['user_id'], unique=False)

    op.create_table('case_notification_preference',
    sa.Column('user_id', sa.String(length=36), nullable=False),
    sa.Column('email_on_change', sa.Boolean(), nullable=False),
    sa.Column('email_before_due', sa.Boolean(), nullable=False),
    sa.Column('calendar_token', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_case_notification_preference_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_notification_preference')),
    sa.UniqueConstraint('calendar_token', name=op.f('uq_case_notification_preference_calendar_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_case_notification_preference_user_id'))
    )
    op.create_table('projection_assumptions',
    sa.Column('requests_per_month', sa.Double(), nullable=True),
    sa.Column('conversion_rate', sa.Double(), nullable=True),
    sa.Column('ceasing_per_month', sa.Double(), nullable=True),
    sa.Column('updated_by', sa.String(length=36), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['updated_by'], ['user_account.id'], name=op.f('fk_projection_assumptions_updated_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_projection_assumptions'))
    )
    op.create_table('ehc_case',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('request_id', sa.String(length=36), nullable=True),
    sa.Column('child_id', sa.String(length=36), nullable=True),
    sa.Column('child_name', sa.String(length=200), nullable=False),
    sa.Column('child_dob', sa.Date(), nullable=True),
    sa.Column('school', sa.String(length=200), nullable=True),
    sa.Column('year_group', sa.String(length=40), nullable=True),
    sa.Column('team', sa.String(length=60), nullable=True),
    sa.Column('stage', sa.String(length=30), nullable=False),
    sa.Column('requester_kind', sa.String(length=20), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('rule_set', sa.String(length=60), nullable=False),
    sa.Column('caseworker_id', sa.String(length=36), nullable=True),
    sa.Column('next_due', sa.Date(), nullable=True),
    sa.Column('assess_decision', sa.String(length=20), nullable=True),
    sa.Column('assess_decision_on', sa.Date(), nullable=True),
    sa.Column('plan_decision', sa.String(length=20), nullable=True),
    sa.Column('plan_decision_on', sa.Date(), nullable=True),
    sa.Column('draft_served_on', sa.Date(), nullable=True),
    sa.Column('plan_issued_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('closed_reason', sa.String(length=200), nullable=True),
    sa.Column('demo', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['caseworker_id'], ['user_account.id'], name=op.f('fk_ehc_case_caseworker_id_user_account')),
    sa.ForeignKeyConstraint(['child_id'], ['child.id'], name=op.f('fk_ehc_case_child_id_child')),
    sa.ForeignKeyConstraint(['request_id'], ['assessment_request.id'], name=op.f('fk_ehc_case_request_id_assessment_request')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ehc_case')),
    sa.UniqueConstraint('reference', name=op.f('uq_ehc_case_reference')),
    sa.UniqueConstraint('request_id', name=op.f('uq_ehc_case_request_id'))
    )
    with op.batch_alter_table('ehc_case', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ehc_case_caseworker_id'), ['caseworker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ehc_case_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ehc_case_next_due'), ['next_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_ehc_case_received_on'), ['received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_ehc_case_school'), ['school'], unique=False)
        batch_op.create_index(batch_op.f('ix_ehc_case_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_ehc_case_team'), ['team'], unique=False)

    op.create_table('case_document',
    sa.Column('case_id', sa.String(length=36), nullable=True),
    sa.Column('request_id', sa.String(length=36), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('storage_key', sa.String(length=100), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('scan_status', sa.String(length=20), nullable=False),
    sa.Column('uploaded_by', sa.String(length=36), nullable=True),
    sa.Column('from_family', sa.Boolean(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['ehc_case.id'], name=op.f('fk_case_document_case_id_ehc_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['request_id'], ['assessment_request.id'], name=op.f('fk_case_document_request_id_assessment_request')),
    sa.ForeignKeyConstraint(['uploaded_by'], ['user_account.id'], name=op.f('fk_case_document_uploaded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_document')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_case_document_storage_key'))
    )
    with op.batch_alter_table('case_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_document_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_document_request_id'), ['request_id'], unique=False)

    op.create_table('case_exception',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('milestone_code', sa.String(length=40), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('family_explanation', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=36), nullable=True),
    sa.Column('approved_by', sa.String(length=36), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['user_account.id'], name=op.f('fk_case_exception_approved_by_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['ehc_case.id'], name=op.f('fk_case_exception_case_id_ehc_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_case_exception_recorded_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_exception'))
    )
    with op.batch_alter_table('case_exception', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_exception_case_id'), ['case_id'], unique=False)

    op.create_table('case_message',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('from_family', sa.Boolean(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('submit_token', sa.String(length=64), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_case_message_author_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['ehc_case.id'], name=op.f('fk_case_message_case_id_ehc_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_message')),
    sa.UniqueConstraint('submit_token', name=op.f('uq_case_message_submit_token'))
    )
    with op.batch_alter_table('case_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_message_case_id'), ['case_id'], unique=False)

    op.create_table('case_milestone',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('rule', sa.String(length=300), nullable=False),
    sa.Column('statutory', sa.Boolean(), nullable=False),
    sa.Column('verify', sa.Boolean(), nullable=False),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('due', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=60), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('adviser', sa.String(length=120), nullable=True),
    sa.Column('updated_by', sa.String(length=36), nullable=True),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['ehc_case.id'], name=op.f('fk_case_milestone_case_id_ehc_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by'], ['user_account.id'], name=op.f('fk_case_milestone_updated_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_milestone')),
    sa.UniqueConstraint('case_id', 'code', 'sequence', name=op.f('uq_case_milestone_case_id'))
    )
    with op.batch_alter_table('case_milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_milestone_case_id'), ['case_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_milestone_due'), ['due'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_milestone_status'), ['status'], unique=False)

    op.create_table('draft_comment',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('author_id', sa.String(length=36), nullable=True),
    sa.Column('comments', sa.Text(), nullable=False),
    sa.Column('school_requested', sa.String(length=200), nullable=True),
    sa.Column('wants_meeting', sa.Boolean(), nullable=False),
    sa.Column('submit_token', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_draft_comment_author_id_user_account')),
    sa.ForeignKeyConstraint(['case_id'], ['ehc_case.id'], name=op.f('fk_draft_comment_case_id_ehc_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_comment')),
    sa.UniqueConstraint('submit_token', name=op.f('uq_draft_comment_submit_token'))
    )
    with op.batch_alter_table('draft_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_draft_comment_case_id'), ['case_id'], unique=False)

    op.create_table('panel_record',
    sa.Column('case_id', sa.String(length=36), nullable=False),
    sa.Column('question', sa.String(length=30), nullable=False),
    sa.Column('panel_on', sa.Date(), nullable=False),
    sa.Column('recommendation', sa.String(length=30), nullable=False),
    sa.Column('reasons', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.String(length=36), nullable=True),
    sa.Column('signed_off_by', sa.String(length=36), nullable=True),
    sa.Column('signed_off_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sign_off_decision', sa.String(length=30), nullable=True),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['case_id'], ['ehc_case.id'], name=op.f('fk_panel_record_case_id_ehc_case'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by'], ['user_account.id'], name=op.f('fk_panel_record_recorded_by_user_account')),
    sa.ForeignKeyConstraint(['signed_off_by'], ['user_account.id'], name=op.f('fk_panel_record_signed_off_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_panel_record'))
    )
    with op.batch_alter_table('panel_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_panel_record_case_id'), ['case_id'], unique=False)


def downgrade() -> None:
    op.drop_table('panel_record')
    op.drop_table('draft_comment')
    op.drop_table('case_milestone')
    op.drop_table('case_message')
    op.drop_table('case_exception')
    op.drop_table('case_document')
    op.drop_table('ehc_case')
    op.drop_table('projection_assumptions')
    op.drop_table('case_notification_preference')
    op.drop_table('assessment_request')
