"""Drop the data-version counters: nothing reads them since the counts cache went (the
facet index answers counts from the data itself).

Revision ID: 0017_drop_data_versions
Revises: 0012b_sessions
"""
import sqlalchemy as sa
from alembic import op


revision = '0017_drop_data_versions'
down_revision = '0012b_sessions'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('data_versions')


def downgrade() -> None:
    data_versions = op.create_table(
        'data_versions',
        sa.Column('name', sa.String(length=16), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions')),
    )
    op.bulk_insert(data_versions, [{'name': 'data', 'value': 1}, {'name': 'links', 'value': 1}])
