"""security hardening, second part: complaint links expire, young people's drafts leave the cookie (issue 14)

Revision ID: security2_0001
Revises: prod00000001
Create Date: 2026-12-05 17:30:00
"""

from datetime import UTC, datetime, timedelta

from alembic import op
import sqlalchemy as sa


revision = 'security2_0001'
down_revision = 'prod00000001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.add_column(sa.Column('access_token_expires_at', sa.DateTime(timezone=True), nullable=True))
    # Links given out before links expired get the default lifetime (90 days) from today.
    until = datetime.now(UTC) + timedelta(days=90)
    complaint = sa.table('complaint', sa.column('access_token_hash', sa.String),
                         sa.column('access_token_expires_at', sa.DateTime(timezone=True)))
    op.execute(complaint.update().where(complaint.c.access_token_hash.is_not(None))
               .values(access_token_expires_at=until))
    op.create_table('young_person_draft',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.String(length=36), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_young_person_draft_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_young_person_draft')),
    sa.UniqueConstraint('key_hash', name=op.f('uq_young_person_draft_key_hash'))
    )
    with op.batch_alter_table('young_person_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_young_person_draft_expires_at'), ['expires_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_young_person_draft_user_id'), ['user_id'], unique=False)


def downgrade() -> None:
    op.drop_table('young_person_draft')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_column('access_token_expires_at')
