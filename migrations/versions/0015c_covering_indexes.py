"""Covering indexes for the matches of a filtered list: (updated_at, id) and (id, document_id).

Revision ID: 0015c_covering_indexes
Revises: 0015b_theme_pairs

The list's default order walks ``(updated_at, id)`` backwards and tests each id against
the matches; the document facet reads each match's document. With ``id`` (and
``document_id``) in the index, PostgreSQL answers both with index-only scans instead of
thousands of visits to the wide ``recommendations`` rows (see docs/performance.md).
"""
from alembic import op


revision = '0015c_covering_indexes'
down_revision = '0015b_theme_pairs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_recommendations_updated_at', table_name='recommendations')
    op.create_index('ix_recommendations_updated_at', 'recommendations', ['updated_at', 'id'], unique=False)
    op.create_index('ix_recommendations_id_document', 'recommendations', ['id', 'document_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_recommendations_id_document', table_name='recommendations')
    op.drop_index('ix_recommendations_updated_at', table_name='recommendations')
    op.create_index('ix_recommendations_updated_at', 'recommendations', ['updated_at'], unique=False)
