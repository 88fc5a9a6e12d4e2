"""status updates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 19:33:37.394871
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('status_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=32), nullable=False),
    sa.Column('to_status', sa.String(length=32), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('resulting_version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['corrects_id'], ['status_updates.id'], name=op.f('fk_status_updates_corrects_id_status_updates')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_status_updates_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_status_updates_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_status_updates'))
    )
    with op.batch_alter_table('status_updates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_status_updates_recorded_at'), ['recorded_at'], unique=False)
        batch_op.create_index('ix_status_updates_timeline', ['recommendation_id', 'effective_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_status_updates_user_id'), ['user_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('status_update_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('quotation', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['status_update_id'], ['status_updates.id'], name=op.f('fk_evidence_status_update_id_status_updates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_status_update_id'), ['status_update_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_status_update_id'))

    op.drop_table('evidence')
    with op.batch_alter_table('status_updates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_status_updates_user_id'))
        batch_op.drop_index('ix_status_updates_timeline')
        batch_op.drop_index(batch_op.f('ix_status_updates_recorded_at'))

    op.drop_table('status_updates')
