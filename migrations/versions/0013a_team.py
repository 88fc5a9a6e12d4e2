"""Team workflow: owners, follow-up dates, government responses, saved views, report review exchange.

Revision ID: 0013a_team
Revises: 0008
"""
from alembic import op
import sqlalchemy as sa


revision = '0013a_team'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('saved_views',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('shared', sa.Boolean(), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_saved_views_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_views'))
    )
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_views_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_views_shared'), ['shared'], unique=False)

    op.create_table('report_review_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('previous_content', sa.JSON(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('changes_requested', 'resubmitted', 'reviewed')", name=op.f('ck_report_review_events_kind')),
    sa.ForeignKeyConstraint(['report_id'], ['saved_reports.id'], name=op.f('fk_report_review_events_report_id_saved_reports'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_report_review_events_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_review_events'))
    )
    with op.batch_alter_table('report_review_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_review_events_report_id'), ['report_id'], unique=False)

    op.create_table('follow_ups',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('set_by_id', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_follow_ups_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['set_by_id'], ['users.id'], name=op.f('fk_follow_ups_set_by_id_users')),
    sa.PrimaryKeyConstraint('recommendation_id', name=op.f('pk_follow_ups'))
    )
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_ups_due_on'), ['due_on'], unique=False)

    op.create_table('government_responses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('response', sa.String(length=32), nullable=False),
    sa.Column('claims_implemented', sa.Boolean(), nullable=False),
    sa.Column('responded_on', sa.Date(), nullable=False),
    sa.Column('source_url', sa.String(length=2000), nullable=True),
    sa.Column('quotation', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=500), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_government_responses_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_government_responses_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_government_responses'))
    )
    with op.batch_alter_table('government_responses', schema=None) as batch_op:
        batch_op.create_index('ix_government_responses_current', ['recommendation_id', 'responded_on', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_government_responses_recorded_by_id'), ['recorded_by_id'], unique=False)

    op.create_table('recommendation_owners',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['users.id'], name=op.f('fk_recommendation_owners_assigned_by_id_users')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_owners_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recommendation_owners_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'user_id', name=op.f('pk_recommendation_owners'))
    )
    with op.batch_alter_table('recommendation_owners', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_owners_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('saved_reports', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_state', sa.String(length=20), server_default='waiting', nullable=False))
        batch_op.create_index(batch_op.f('ix_saved_reports_review_state'), ['review_state'], unique=False)
    # Reports reviewed before the exchange existed are simply reviewed.
    op.execute("UPDATE saved_reports SET review_state = 'reviewed' WHERE reviewed_at IS NOT NULL")



def downgrade() -> None:
    with op.batch_alter_table('saved_reports', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_reports_review_state'))
        batch_op.drop_column('review_state')

    with op.batch_alter_table('recommendation_owners', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_owners_user_id'))

    op.drop_table('recommendation_owners')
    with op.batch_alter_table('government_responses', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_government_responses_recorded_by_id'))
        batch_op.drop_index('ix_government_responses_current')

    op.drop_table('government_responses')
    with op.batch_alter_table('follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_ups_due_on'))

    op.drop_table('follow_ups')
    with op.batch_alter_table('report_review_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_review_events_report_id'))

    op.drop_table('report_review_events')
    with op.batch_alter_table('saved_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_views_shared'))
        batch_op.drop_index(batch_op.f('ix_saved_views_owner_id'))

    op.drop_table('saved_views')
