"""The facet index: recommendation_facets (actors with their ancestors, themes, status) and facet_counts.

Revision ID: 0015a_facet_index
Revises: 0016_report_summary

See tracker/recommendations/facet_index.py. Triggers on ``recommendations`` keep the
status copy and the counts equal when a status changes or a recommendation is deleted;
link and hierarchy changes go through ``facet_index.refresh``. Existing data is indexed
here, in the migration.
"""
from alembic import op
import sqlalchemy as sa


revision = '0015a_facet_index'
down_revision = '0016_report_summary'
branch_labels = None
depends_on = None

CLOSURE = """WITH RECURSIVE closure(ancestor, descendant) AS (
                 SELECT id, id FROM actors
                 UNION ALL
                 SELECT closure.ancestor, actors.id FROM closure JOIN actors ON actors.parent_id = closure.descendant)"""
POPULATE = [
    f"""INSERT INTO recommendation_facets (facet, value_id, status, recommendation_id)
        {CLOSURE}
        SELECT DISTINCT 'a', closure.ancestor, r.status, l.recommendation_id
        FROM recommendation_addressees l JOIN closure ON closure.descendant = l.actor_id
        JOIN recommendations r ON r.id = l.recommendation_id WHERE r.retired_at IS NULL""",
    f"""INSERT INTO recommendation_facets (facet, value_id, status, recommendation_id)
        {CLOSURE}
        SELECT DISTINCT 'm', closure.ancestor, r.status, l.recommendation_id
        FROM recommendation_makers l JOIN closure ON closure.descendant = l.actor_id
        JOIN recommendations r ON r.id = l.recommendation_id WHERE r.retired_at IS NULL""",
    """INSERT INTO recommendation_facets (facet, value_id, status, recommendation_id)
       SELECT 't', l.theme_id, r.status, l.recommendation_id
       FROM recommendation_themes l JOIN recommendations r ON r.id = l.recommendation_id
       WHERE r.retired_at IS NULL""",
    "INSERT INTO recommendation_facets (facet, value_id, status, recommendation_id) SELECT 's', 0, status, id FROM recommendations WHERE retired_at IS NULL",
    """INSERT INTO facet_counts (facet, value_id, status, count)
       SELECT facet, value_id, status, count(*) FROM recommendation_facets GROUP BY facet, value_id, status""",
]

# A status change moves the recommendation's facet rows and counts from the old status
# to the new one; a deleted recommendation takes its rows and counts with it.
SQLITE_TRIGGERS = [
    """CREATE TRIGGER recommendation_facets_status AFTER UPDATE OF status ON recommendations
       WHEN old.status <> new.status BEGIN
           UPDATE facet_counts SET count = count - 1
            WHERE status = old.status AND (facet, value_id) IN
                  (SELECT facet, value_id FROM recommendation_facets WHERE recommendation_id = new.id);
           INSERT INTO facet_counts (facet, value_id, status, count)
           SELECT f.facet, f.value_id, new.status, 0 FROM recommendation_facets f
            WHERE f.recommendation_id = new.id AND NOT EXISTS (
                  SELECT 1 FROM facet_counts c
                   WHERE c.facet = f.facet AND c.value_id = f.value_id AND c.status = new.status);
           UPDATE facet_counts SET count = count + 1
            WHERE status = new.status AND (facet, value_id) IN
                  (SELECT facet, value_id FROM recommendation_facets WHERE recommendation_id = new.id);
           UPDATE recommendation_facets SET status = new.status WHERE recommendation_id = new.id;
       END""",
    """CREATE TRIGGER recommendation_facets_delete AFTER DELETE ON recommendations BEGIN
           UPDATE facet_counts SET count = count - 1
            WHERE status = old.status AND (facet, value_id) IN
                  (SELECT facet, value_id FROM recommendation_facets WHERE recommendation_id = old.id);
           DELETE FROM recommendation_facets WHERE recommendation_id = old.id;
       END""",
]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION recommendation_facets_follow() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           IF TG_OP = 'DELETE' THEN
               UPDATE facet_counts c SET count = c.count - 1 FROM recommendation_facets f
                WHERE f.recommendation_id = OLD.id AND c.facet = f.facet AND c.value_id = f.value_id
                  AND c.status = OLD.status;
               DELETE FROM recommendation_facets WHERE recommendation_id = OLD.id;
               RETURN OLD;
           END IF;
           IF NEW.status IS DISTINCT FROM OLD.status THEN
               UPDATE facet_counts c SET count = c.count - 1 FROM recommendation_facets f
                WHERE f.recommendation_id = NEW.id AND c.facet = f.facet AND c.value_id = f.value_id
                  AND c.status = OLD.status;
               INSERT INTO facet_counts (facet, value_id, status, count)
               SELECT facet, value_id, NEW.status, 1 FROM recommendation_facets WHERE recommendation_id = NEW.id
               ON CONFLICT (facet, value_id, status) DO UPDATE SET count = facet_counts.count + 1;
               UPDATE recommendation_facets SET status = NEW.status WHERE recommendation_id = NEW.id;
           END IF;
           RETURN NEW;
       END $$""",
    """CREATE TRIGGER recommendation_facets_follow AFTER UPDATE OF status OR DELETE ON recommendations
       FOR EACH ROW EXECUTE FUNCTION recommendation_facets_follow()""",
]


def upgrade() -> None:
    op.create_table(
        'recommendation_facets',
        sa.Column('facet', sa.String(length=1), nullable=False),
        sa.Column('value_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('recommendation_id', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('facet', 'value_id', 'status', 'recommendation_id', name=op.f('pk_recommendation_facets')),
        sqlite_with_rowid=False,
    )
    op.create_table(
        'facet_counts',
        sa.Column('facet', sa.String(length=1), nullable=False),
        sa.Column('value_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('facet', 'value_id', 'status', name=op.f('pk_facet_counts')),
        sqlite_with_rowid=False,
    )
    for statement in POPULATE:
        op.execute(statement)
    # After the bulk insert: building the index once is faster than maintaining it.
    op.create_index('ix_recommendation_facets_recommendation', 'recommendation_facets',
                    ['recommendation_id', 'facet', 'value_id', 'status'], unique=False)
    op.create_index('ix_documents_published_on', 'documents', ['published_on', 'id'], unique=False)
    for statement in (POSTGRES_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS):
        op.execute(statement)
    op.execute("ANALYZE")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS recommendation_facets_follow ON recommendations")
        op.execute("DROP FUNCTION IF EXISTS recommendation_facets_follow()")
    else:
        op.execute("DROP TRIGGER IF EXISTS recommendation_facets_status")
        op.execute("DROP TRIGGER IF EXISTS recommendation_facets_delete")
    op.drop_index('ix_documents_published_on', table_name='documents')
    op.drop_index('ix_recommendation_facets_recommendation', table_name='recommendation_facets')
    op.drop_table('facet_counts')
    op.drop_table('recommendation_facets')
