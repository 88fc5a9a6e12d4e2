"""Theme pair counts: recommendations per status for every (actor, theme) pair.

Revision ID: 0015b_theme_pairs
Revises: 0017_drop_data_versions

``theme_pair_counts`` (see tracker/recommendations/facet_index.py) answers "status S and
theme T, counted per addressee" or "addressee A and theme T, per status" with a few
rows of a small table instead of intersecting index ranges of hundreds of thousands of rows.
The status and delete triggers of migration 0015a are recreated so that they move a
recommendation's pair counts too; everything else goes through ``facet_index.refresh``.
"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = '0015b_theme_pairs'
down_revision = '0017_drop_data_versions'
branch_labels = None
depends_on = None

# The (addressee or maker facet, actor, theme) pairs of one recommendation ({rec}).
PAIRS = """SELECT f.facet AS facet, f.value_id AS value_id, t.value_id AS theme_id FROM recommendation_facets f
           JOIN recommendation_facets t ON t.recommendation_id = f.recommendation_id AND t.facet = 't'
           WHERE f.recommendation_id = {rec} AND f.facet IN ('a', 'm')"""
POPULATE = """INSERT INTO theme_pair_counts (facet, value_id, theme_id, status, count)
              SELECT f.facet, f.value_id, t.value_id, f.status, count(*) FROM recommendation_facets f
              JOIN recommendation_facets t ON t.recommendation_id = f.recommendation_id AND t.facet = 't'
              WHERE f.facet IN ('a', 'm')
              GROUP BY f.facet, f.value_id, t.value_id, f.status"""
KEY = "(facet, value_id, theme_id)"

SQLITE_TRIGGERS = [
    f"""CREATE TRIGGER recommendation_facets_status AFTER UPDATE OF status ON recommendations
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
           UPDATE theme_pair_counts SET count = count - 1
            WHERE status = old.status AND {KEY} IN ({PAIRS.format(rec="new.id")});
           INSERT INTO theme_pair_counts (facet, value_id, theme_id, status, count)
           SELECT pair.*, new.status, 0 FROM ({PAIRS.format(rec="new.id")}) AS pair
            WHERE NOT EXISTS (SELECT 1 FROM theme_pair_counts c
                   WHERE c.facet = pair.facet AND c.value_id = pair.value_id AND c.theme_id = pair.theme_id
                     AND c.status = new.status);
           UPDATE theme_pair_counts SET count = count + 1
            WHERE status = new.status AND {KEY} IN ({PAIRS.format(rec="new.id")});
           UPDATE recommendation_facets SET status = new.status WHERE recommendation_id = new.id;
       END""",
    f"""CREATE TRIGGER recommendation_facets_delete AFTER DELETE ON recommendations BEGIN
           UPDATE facet_counts SET count = count - 1
            WHERE status = old.status AND (facet, value_id) IN
                  (SELECT facet, value_id FROM recommendation_facets WHERE recommendation_id = old.id);
           UPDATE theme_pair_counts SET count = count - 1
            WHERE status = old.status AND {KEY} IN ({PAIRS.format(rec="old.id")});
           DELETE FROM recommendation_facets WHERE recommendation_id = old.id;
       END""",
]
POSTGRES_TRIGGERS = [
    f"""CREATE OR REPLACE FUNCTION recommendation_facets_follow() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           IF TG_OP = 'DELETE' THEN
               UPDATE facet_counts c SET count = c.count - 1 FROM recommendation_facets f
                WHERE f.recommendation_id = OLD.id AND c.facet = f.facet AND c.value_id = f.value_id
                  AND c.status = OLD.status;
               UPDATE theme_pair_counts SET count = count - 1
                WHERE status = OLD.status AND {KEY} IN ({PAIRS.format(rec="OLD.id")});
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
               UPDATE theme_pair_counts SET count = count - 1
                WHERE status = OLD.status AND {KEY} IN ({PAIRS.format(rec="NEW.id")});
               INSERT INTO theme_pair_counts (facet, value_id, theme_id, status, count)
               SELECT pair.*, NEW.status, 1 FROM ({PAIRS.format(rec="NEW.id")}) AS pair
               ON CONFLICT (facet, value_id, theme_id, status) DO UPDATE SET count = theme_pair_counts.count + 1;
               UPDATE recommendation_facets SET status = NEW.status WHERE recommendation_id = NEW.id;
           END IF;
           RETURN NEW;
       END $$""",
]


def _previous():
    """Migration 0015a, whose triggers a downgrade puts back."""
    path = Path(__file__).with_name("0015a_facet_index.py")
    spec = importlib.util.spec_from_file_location("facet_index_0015a", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _drop_sqlite_triggers() -> None:
    op.execute("DROP TRIGGER IF EXISTS recommendation_facets_status")
    op.execute("DROP TRIGGER IF EXISTS recommendation_facets_delete")


def upgrade() -> None:
    op.create_table(
        'theme_pair_counts',
        sa.Column('facet', sa.String(length=1), nullable=False),
        sa.Column('value_id', sa.Integer(), nullable=False),
        sa.Column('theme_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=32), nullable=False),
        sa.Column('count', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('facet', 'value_id', 'theme_id', 'status', name=op.f('pk_theme_pair_counts')),
        sqlite_with_rowid=False,
    )
    op.execute(POPULATE)
    op.create_index('ix_theme_pair_counts_theme', 'theme_pair_counts', ['theme_id', 'facet'], unique=False)
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRES_TRIGGERS:   # the trigger itself calls the function by name
            op.execute(statement)
    else:
        _drop_sqlite_triggers()
        for statement in SQLITE_TRIGGERS:
            op.execute(statement)
    op.execute("ANALYZE theme_pair_counts")


def downgrade() -> None:
    previous = _previous()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(previous.POSTGRES_TRIGGERS[0].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION", 1))
    else:
        _drop_sqlite_triggers()
        for statement in previous.SQLITE_TRIGGERS:
            op.execute(statement)
    op.drop_index('ix_theme_pair_counts_theme', table_name='theme_pair_counts')
    op.drop_table('theme_pair_counts')
