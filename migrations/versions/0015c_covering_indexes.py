"""Covering indexes for the matches of a filtered list: (updated_at, id) and (id, document_id);
the retired_at index holds retired rows only.

Revision ID: 0015c_covering_indexes
Revises: 0015b_theme_pairs

The list's default order walks ``(updated_at, id)`` backwards and tests each id against
the matches; the document facet reads each match's document. With ``id`` (and
``document_id``) in the index, PostgreSQL answers both with index-only scans instead of
thousands of visits to the wide ``recommendations`` rows (see docs/performance.md).
An index over every ``retired_at`` made ``retired_at IS NULL`` (true for nearly every
row) look selective to SQLite without statistics: the unfiltered list sorted every row
and the home page's recent changes read every status update. It now holds only the
retired rows.
"""
import sqlalchemy as sa
from alembic import op

RETIRED = sa.text("retired_at IS NOT NULL")


revision = '0015c_covering_indexes'
down_revision = '0015b_theme_pairs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index('ix_recommendations_updated_at', table_name='recommendations')
    op.create_index('ix_recommendations_updated_at', 'recommendations', ['updated_at', 'id'], unique=False)
    op.create_index('ix_recommendations_id_document', 'recommendations', ['id', 'document_id'], unique=False)
    op.drop_index('ix_recommendations_retired_at', table_name='recommendations')
    op.create_index('ix_recommendations_retired_at', 'recommendations', ['retired_at'], unique=False,
                    sqlite_where=RETIRED, postgresql_where=RETIRED)


def downgrade() -> None:
    op.drop_index('ix_recommendations_retired_at', table_name='recommendations')
    op.create_index('ix_recommendations_retired_at', 'recommendations', ['retired_at'], unique=False)
    op.drop_index('ix_recommendations_id_document', table_name='recommendations')
    op.drop_index('ix_recommendations_updated_at', table_name='recommendations')
    op.create_index('ix_recommendations_updated_at', 'recommendations', ['updated_at'], unique=False)
