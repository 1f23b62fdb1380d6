"""a conversation counts its messages, so adding one never reads the whole conversation (issue 16)

Revision ID: perf3_0001
Revises: arch_0001
Create Date: 2026-12-06 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = 'perf3_0001'
down_revision = 'arch_0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('chat_conversation') as batch_op:
        batch_op.add_column(sa.Column('message_count', sa.Integer(), server_default='0', nullable=False))
    # Conversations already stored continue after their last message.
    op.execute(
        "UPDATE chat_conversation SET message_count = "
        "(SELECT COALESCE(MAX(chat_message.position) + 1, 0) FROM chat_message "
        "WHERE chat_message.conversation_id = chat_conversation.id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('chat_conversation') as batch_op:
        batch_op.drop_column('message_count')
