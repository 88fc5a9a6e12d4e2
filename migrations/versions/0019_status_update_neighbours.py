"""Each status update knows the update before it in effective order: ``prior_status`` and
``prior_effective_on``, filled here from the histories, with the index that finds every
recommendation's status on a day from a range of updates alone.

Revision ID: 0019_status_update_neighbours
Revises: 0018_facet_lists

A progress report looked up two statuses per recommendation updated after the period
began (two thirds of a 300,000-recommendation collection); with these columns the status
on a day of every recommendation updated after it is the ``prior_status`` of its first
update after that day (see docs/performance.md, "The progress report"). The write path
keeps them (``tracker.updates.operations.link_neighbours``); ``flask history rebuild``
recomputes them.
"""
import sqlalchemy as sa
from alembic import op


revision = '0019_status_update_neighbours'
down_revision = '0018_facet_lists'
branch_labels = None
depends_on = None

# The same computation as link_neighbours, for every update; first updates keep the defaults.
BACKFILL = """
UPDATE status_updates
SET prior_status = linked.prior_status, prior_effective_on = linked.prior_effective_on
FROM (
    SELECT id,
           COALESCE(LAG(to_status) OVER w, 'not_assessed') AS prior_status,
           LAG(effective_on) OVER w AS prior_effective_on
    FROM status_updates
    WINDOW w AS (PARTITION BY recommendation_id ORDER BY effective_on, id)
) AS linked
WHERE status_updates.id = linked.id AND linked.prior_effective_on IS NOT NULL
"""


def upgrade() -> None:
    op.add_column(
        'status_updates',
        sa.Column('prior_status', sa.String(length=32), server_default='not_assessed', nullable=False),
    )
    op.add_column('status_updates', sa.Column('prior_effective_on', sa.Date(), nullable=True))
    op.execute(BACKFILL)
    op.create_index(
        'ix_status_updates_prior',
        'status_updates',
        ['effective_on', 'prior_effective_on', 'recommendation_id', 'prior_status'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_status_updates_prior', table_name='status_updates')
    with op.batch_alter_table('status_updates') as batch:
        batch.drop_column('prior_effective_on')
        batch.drop_column('prior_status')
