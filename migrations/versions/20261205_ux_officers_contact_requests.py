"""ask us to contact you: the SEN team's queue, clock, outcome and reminders (issue 15)

Revision ID: uxofficers0002
Revises: uxofficers0001
Create Date: 2026-12-05 09:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'uxofficers0002'
down_revision = 'uxofficers0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('callback_request') as batch:
        batch.add_column(sa.Column('received_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('outcome', sa.String(length=30), nullable=True))
        batch.add_column(sa.Column('outcome_note', sa.Text(), nullable=True))
        batch.add_column(sa.Column('done_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('handled_by', sa.String(length=36), nullable=True))
        batch.add_column(sa.Column('reminded_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('alerted_on', sa.Date(), nullable=True))
        batch.create_index(batch.f('ix_callback_request_due_on'), ['due_on'], unique=False)
        batch.create_foreign_key(batch.f('fk_callback_request_handled_by_user_account'), 'user_account',
                                 ['handled_by'], ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('callback_request') as batch:
        batch.drop_constraint(batch.f('fk_callback_request_handled_by_user_account'), type_='foreignkey')
        batch.drop_index(batch.f('ix_callback_request_due_on'))
        for name in ('alerted_on', 'reminded_on', 'handled_by', 'done_on', 'outcome_note', 'outcome', 'due_on',
                     'received_on'):
            batch.drop_column(name)
