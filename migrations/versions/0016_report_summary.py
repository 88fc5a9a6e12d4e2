"""Saved reports: an executive summary written by staff, printed on the PDF's cover.

Revision ID: 0016_report_summary
Revises: 0010a
"""
import sqlalchemy as sa
from alembic import op


revision = '0016_report_summary'
down_revision = '0010a'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("saved_reports") as batch:
        batch.add_column(sa.Column("executive_summary", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("saved_reports") as batch:
        batch.drop_column("executive_summary")
