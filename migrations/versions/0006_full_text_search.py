"""Full-text search: notes_text on recommendations, FTS5 on SQLite, a GIN index on PostgreSQL.

Revision ID: 0006
Revises: 0005
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Must stay identical to tracker.recommendations.search.postgres_vector().
POSTGRES_VECTOR = "to_tsvector('simple', summary || ' ' || quote || ' ' || notes_text)"

SQLITE_UP = [
    """CREATE VIRTUAL TABLE recommendation_fts USING fts5(
           summary, quote, notes_text,
           content='recommendations', content_rowid='id',
           tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER recommendation_fts_after_insert AFTER INSERT ON recommendations BEGIN
           INSERT INTO recommendation_fts(rowid, summary, quote, notes_text)
           VALUES (new.id, new.summary, new.quote, new.notes_text);
       END""",
    """CREATE TRIGGER recommendation_fts_after_delete AFTER DELETE ON recommendations BEGIN
           INSERT INTO recommendation_fts(recommendation_fts, rowid, summary, quote, notes_text)
           VALUES ('delete', old.id, old.summary, old.quote, old.notes_text);
       END""",
    """CREATE TRIGGER recommendation_fts_after_update AFTER UPDATE OF summary, quote, notes_text ON recommendations BEGIN
           INSERT INTO recommendation_fts(recommendation_fts, rowid, summary, quote, notes_text)
           VALUES ('delete', old.id, old.summary, old.quote, old.notes_text);
           INSERT INTO recommendation_fts(rowid, summary, quote, notes_text)
           VALUES (new.id, new.summary, new.quote, new.notes_text);
       END""",
    "INSERT INTO recommendation_fts(recommendation_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notes_text', sa.Text(), server_default='', nullable=False))
    # Existing notes become searchable at once.
    op.execute("""UPDATE recommendations SET notes_text = COALESCE((
                      SELECT string_agg(note, ' ') FROM status_updates
                      WHERE status_updates.recommendation_id = recommendations.id), '')"""
               if op.get_bind().dialect.name == "postgresql" else
               """UPDATE recommendations SET notes_text = COALESCE((
                      SELECT group_concat(note, ' ') FROM status_updates
                      WHERE status_updates.recommendation_id = recommendations.id), '')""")
    if op.get_bind().dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
    else:
        op.execute(f"CREATE INDEX ix_recommendations_search ON recommendations USING gin ({POSTGRES_VECTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("after_insert", "after_delete", "after_update"):
            op.execute(f"DROP TRIGGER IF EXISTS recommendation_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS recommendation_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_recommendations_search")
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_column('notes_text')
