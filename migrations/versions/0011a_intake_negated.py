"""Intake candidates remember whether the ask is *not* to do something (issue 11).

Revision ID: 0011a_intake_negated
Revises: 0014a_notifications
"""
from alembic import op
import sqlalchemy as sa


revision = '0011a_intake_negated'
down_revision = '0014a_notifications'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('intake_candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('negated', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('intake_candidates', schema=None) as batch_op:
        batch_op.drop_column('negated')
