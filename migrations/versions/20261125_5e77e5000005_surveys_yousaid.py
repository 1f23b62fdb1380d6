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


def _stamps():
    return [
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    ]


def upgrade() -> None:
    # You said, we did
    op.create_table('yousaid_entry',
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('title_cy', sa.String(length=200), nullable=True),
    sa.Column('you_said', sa.Text(), nullable=False),
    sa.Column('you_said_cy', sa.Text(), nullable=True),
    sa.Column('we_did', sa.Text(), nullable=False),
    sa.Column('we_did_cy', sa.Text(), nullable=True),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=80), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    *_stamps(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_yousaid_entry'))
    )
    op.create_index(op.f('ix_yousaid_entry_year'), 'yousaid_entry', ['year'], unique=False)
    op.create_table('yousaid_update',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('note_cy', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['entry_id'], ['yousaid_entry.id'], name=op.f('fk_yousaid_update_entry_id_yousaid_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_yousaid_update'))
    )
    op.create_index(op.f('ix_yousaid_update_entry_id'), 'yousaid_update', ['entry_id'], unique=False)
    op.create_table('yousaid_link',
    sa.Column('entry_id', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('ref', sa.String(length=120), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('excluded', sa.Boolean(), nullable=False),
    sa.Column('exclusion_reason', sa.String(length=20), nullable=True),
    sa.Column('exclusion_note', sa.Text(), nullable=True),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['entry_id'], ['yousaid_entry.id'], name=op.f('fk_yousaid_link_entry_id_yousaid_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_yousaid_link')),
    sa.UniqueConstraint('entry_id', 'kind', 'ref', name='uq_yousaid_link_entry_id')
    )
    op.create_index(op.f('ix_yousaid_link_entry_id'), 'yousaid_link', ['entry_id'], unique=False)
    op.create_index(op.f('ix_yousaid_link_ref'), 'yousaid_link', ['ref'], unique=False)
    # Surveys
    op.create_table('survey',
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('title_cy', sa.String(length=200), nullable=True),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('intro_cy', sa.Text(), nullable=True),
    sa.Column('opens_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.String(length=36), nullable=True),
    *_stamps(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('slug', name=op.f('uq_survey_slug'))
    )
    op.create_table('survey_question',
    sa.Column('survey_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('text_cy', sa.Text(), nullable=True),
    sa.Column('help', sa.Text(), nullable=True),
    sa.Column('help_cy', sa.Text(), nullable=True),
    sa.Column('easy_read', sa.Text(), nullable=True),
    sa.Column('easy_read_cy', sa.Text(), nullable=True),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('options', sa.JSON(), nullable=False),
    sa.Column('rows', sa.JSON(), nullable=False),
    sa.Column('routing', sa.JSON(), nullable=False),
    *_stamps(),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_question_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_question'))
    )
    op.create_index(op.f('ix_survey_question_survey_id'), 'survey_question', ['survey_id'], unique=False)
    op.create_table('survey_response',
    sa.Column('survey_id', sa.String(length=36), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('respondent_group', sa.String(length=20), nullable=True),
    sa.Column('area', sa.String(length=40), nullable=True),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('easy_read', sa.Boolean(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_response_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_response')),
    sa.UniqueConstraint('survey_id', 'user_id', name='uq_survey_response_survey_id'),
    sa.UniqueConstraint('token', name=op.f('uq_survey_response_token'))
    )
    op.create_index(op.f('ix_survey_response_survey_id'), 'survey_response', ['survey_id'], unique=False)
    op.create_index(op.f('ix_survey_response_submitted_at'), 'survey_response', ['submitted_at'], unique=False)
    op.create_table('survey_answer',
    sa.Column('response_id', sa.String(length=36), nullable=False),
    sa.Column('question_id', sa.String(length=36), nullable=False),
    sa.Column('value', sa.JSON(), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    *_stamps(),
    sa.ForeignKeyConstraint(['response_id'], ['survey_response.id'], name=op.f('fk_survey_answer_response_id_survey_response'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['survey_question.id'], name=op.f('fk_survey_answer_question_id_survey_question'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer')),
    sa.UniqueConstraint('response_id', 'question_id', name='uq_survey_answer_response_id')
    )
    op.create_index(op.f('ix_survey_answer_response_id'), 'survey_answer', ['response_id'], unique=False)
    op.create_index(op.f('ix_survey_answer_question_id'), 'survey_answer', ['question_id'], unique=False)
    op.create_table('survey_theme',
    sa.Column('survey_id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    *_stamps(),
    sa.ForeignKeyConstraint(['survey_id'], ['survey.id'], name=op.f('fk_survey_theme_survey_id_survey'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_theme')),
    sa.UniqueConstraint('survey_id', 'name', name='uq_survey_theme_survey_id')
    )
    op.create_index(op.f('ix_survey_theme_survey_id'), 'survey_theme', ['survey_id'], unique=False)
    op.create_table('survey_answer_theme',
    sa.Column('answer_id', sa.String(length=36), nullable=False),
    sa.Column('theme_id', sa.String(length=36), nullable=False),
    *_stamps(),
    sa.ForeignKeyConstraint(['answer_id'], ['survey_answer.id'], name=op.f('fk_survey_answer_theme_answer_id_survey_answer'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['survey_theme.id'], name=op.f('fk_survey_answer_theme_theme_id_survey_theme'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey_answer_theme')),
    sa.UniqueConstraint('answer_id', 'theme_id', name='uq_survey_answer_theme_answer_id')
    )
    op.create_index(op.f('ix_survey_answer_theme_answer_id'), 'survey_answer_theme', ['answer_id'], unique=False)
    op.create_index(op.f('ix_survey_answer_theme_theme_id'), 'survey_answer_theme', ['theme_id'], unique=False)


INDEXES = [
    ('ix_survey_answer_theme_theme_id', 'survey_answer_theme'), ('ix_survey_answer_theme_answer_id', 'survey_answer_theme'),
    ('ix_survey_theme_survey_id', 'survey_theme'), ('ix_survey_answer_question_id', 'survey_answer'),
    ('ix_survey_answer_response_id', 'survey_answer'), ('ix_survey_response_submitted_at', 'survey_response'),
    ('ix_survey_response_survey_id', 'survey_response'), ('ix_survey_question_survey_id', 'survey_question'),
]


def downgrade() -> None:
    for table in ('survey_answer_theme', 'survey_theme', 'survey_answer', 'survey_response', 'survey_question'):
        for index in [i for i in INDEXES if i[1] == table]:
            op.drop_index(op.f(index[0]), table_name=table)
        op.drop_table(table)
    op.drop_table('survey')
    op.drop_index(op.f('ix_yousaid_link_ref'), table_name='yousaid_link')
    op.drop_index(op.f('ix_yousaid_link_entry_id'), table_name='yousaid_link')
    op.drop_table('yousaid_link')
    op.drop_index(op.f('ix_yousaid_update_entry_id'), table_name='yousaid_update')
    op.drop_table('yousaid_update')
    op.drop_index(op.f('ix_yousaid_entry_year'), table_name='yousaid_entry')
    op.drop_table('yousaid_entry')
