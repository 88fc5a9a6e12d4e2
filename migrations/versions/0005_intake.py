"""Document intake, candidate review queue and related recommendations (issue 7).

Revision ID: 0005
Revises: 0004
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('intake_submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('source_kind', sa.String(length=16), nullable=False),
    sa.Column('original_filename', sa.String(length=255), nullable=True),
    sa.Column('stored_name', sa.String(length=80), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_intake_submissions_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['users.id'], name=op.f('fk_intake_submissions_submitted_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_submissions')),
    sa.UniqueConstraint('document_id', name=op.f('uq_intake_submissions_document_id'))
    )
    with op.batch_alter_table('intake_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_submissions_submitted_by_id'), ['submitted_by_id'], unique=False)

    op.create_table('intake_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('quote_start', sa.Integer(), nullable=False),
    sa.Column('quote_end', sa.Integer(), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('makers', sa.JSON(), nullable=False),
    sa.Column('addressees', sa.JSON(), nullable=False),
    sa.Column('themes', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_intake_candidates_decided_by_id_users')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_intake_candidates_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_intake_candidates_recommendation_id_recommendations'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intake_candidates')),
    sa.UniqueConstraint('document_id', 'quote_start', 'quote_end', name='uq_intake_candidates_span')
    )
    with op.batch_alter_table('intake_candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_intake_candidates_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intake_candidates_recommendation_id'), ['recommendation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_intake_candidates_status'), ['status'], unique=False)

    op.create_table('related_recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_id', sa.Integer(), nullable=False),
    sa.Column('second_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('first_id < second_id', name=op.f('ck_related_recommendations_ordered_pair')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_related_recommendations_decided_by_id_users')),
    sa.ForeignKeyConstraint(['first_id'], ['recommendations.id'], name=op.f('fk_related_recommendations_first_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['second_id'], ['recommendations.id'], name=op.f('fk_related_recommendations_second_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_related_recommendations')),
    sa.UniqueConstraint('first_id', 'second_id', name='uq_related_recommendations_pair')
    )
    with op.batch_alter_table('related_recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_related_recommendations_first_id'), ['first_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_related_recommendations_second_id'), ['second_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('related_recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_related_recommendations_second_id'))
        batch_op.drop_index(batch_op.f('ix_related_recommendations_first_id'))

    op.drop_table('related_recommendations')
    with op.batch_alter_table('intake_candidates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_candidates_status'))
        batch_op.drop_index(batch_op.f('ix_intake_candidates_recommendation_id'))
        batch_op.drop_index(batch_op.f('ix_intake_candidates_document_id'))

    op.drop_table('intake_candidates')
    with op.batch_alter_table('intake_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_intake_submissions_submitted_by_id'))

    op.drop_table('intake_submissions')
