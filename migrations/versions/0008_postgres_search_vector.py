"""PostgreSQL: a stored tsvector column for full-text search (SQLite keeps its FTS5 table).

Revision ID: 0008
Revises: 0007

The expression index of 0006 made PostgreSQL recompute to_tsvector() for every
candidate row when rechecking matches and ranking them (seconds per search at
300,000 recommendations); a generated column stores it once per write.
"""
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

VECTOR = "to_tsvector('simple'::regconfig, summary || ' ' || quote || ' ' || notes_text)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE recommendations ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED")
    op.execute("CREATE INDEX ix_recommendations_search_vector ON recommendations USING gin (search_vector)")
    op.execute("DROP INDEX IF EXISTS ix_recommendations_search")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_recommendations_search ON recommendations USING gin "
               "(to_tsvector('simple', summary || ' ' || quote || ' ' || notes_text))")
    op.execute("DROP INDEX IF EXISTS ix_recommendations_search_vector")
    op.execute("ALTER TABLE recommendations DROP COLUMN search_vector")
