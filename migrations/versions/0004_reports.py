"""Reports and saved report snapshots (issue 4).

Revision ID: 0004
Revises: 0003
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('saved_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.CheckConstraint('period_start <= period_end', name=op.f('ck_saved_reports_period_order')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_saved_reports_created_by_id_users')),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_saved_reports_reviewed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_reports'))
    )
    with op.batch_alter_table('saved_reports', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_reports_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_reports_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_reports_period_end'), ['period_end'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_reports_reviewed_by_id'), ['reviewed_by_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('saved_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_reports_reviewed_by_id'))
        batch_op.drop_index(batch_op.f('ix_saved_reports_period_end'))
        batch_op.drop_index(batch_op.f('ix_saved_reports_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_saved_reports_created_at'))

    op.drop_table('saved_reports')
