"""Facet value lists: one row per recommendation with its addressee, maker and theme values.

Revision ID: 0018_facet_lists
Revises: 0015c_covering_indexes

``recommendation_facet_lists`` (see tracker/recommendations/facet_index.py) holds the
addressee, maker and theme rows of the facet index once more, as one short text row per
recommendation ("a12 a3 m7 t2"), so that the facets of a search are counted from one row
per match instead of a dozen index entries grouped in a temporary B-tree. It is filled
here from the facet index and kept by ``facet_index.refresh``; a deleted recommendation
takes its row with it (ON DELETE CASCADE).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018_facet_lists"
down_revision = "0015c_covering_indexes"
branch_labels = None
depends_on = None

AGGREGATE = {"sqlite": "group_concat({token}, ' ')", "postgresql": "string_agg({token}, ' ')"}
POPULATE = """INSERT INTO recommendation_facet_lists (recommendation_id, facet_values)
              SELECT recommendation_id, {aggregate} FROM recommendation_facets
              WHERE facet IN ('a', 'm', 't') GROUP BY recommendation_id"""


def upgrade() -> None:
    op.create_table(
        "recommendation_facet_lists",
        sa.Column("recommendation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("facet_values", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recommendation_id"],
            ["recommendations.id"],
            name=op.f("fk_recommendation_facet_lists_recommendation_id_recommendations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("recommendation_id", name=op.f("pk_recommendation_facet_lists")),
    )
    token = "facet || CAST(value_id AS VARCHAR)"
    aggregate = AGGREGATE[op.get_bind().dialect.name].format(token=token)
    op.execute(POPULATE.format(aggregate=aggregate))


def downgrade() -> None:
    op.drop_table("recommendation_facet_lists")
