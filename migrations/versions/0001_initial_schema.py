"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 19:15:01.846341
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('actors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('acronym', sa.String(length=40), nullable=True),
    sa.Column('aliases', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['actors.id'], name=op.f('fk_actors_parent_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actors')),
    sa.UniqueConstraint('slug', name=op.f('uq_actors_slug'))
    )
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actors_parent_id'), ['parent_id'], unique=False)

    op.create_table('themes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_themes')),
    sa.UniqueConstraint('slug', name=op.f('uq_themes_slug'))
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('publisher_id', sa.Integer(), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('date_note', sa.String(length=300), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source_file', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['publisher_id'], ['actors.id'], name=op.f('fk_documents_publisher_id_actors')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('slug', name=op.f('uq_documents_slug'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_publisher_id'), ['publisher_id'], unique=False)

    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=120), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.String(length=300), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('quote_start', sa.Integer(), nullable=False),
    sa.Column('quote_end', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_recommendations_document_id_documents')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations')),
    sa.UniqueConstraint('key', name=op.f('uq_recommendations_key'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendations_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendations_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_recommendations_updated_at'), ['updated_at'], unique=False)

    op.create_table('recommendation_addressees',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_recommendation_addressees_actor_id_actors')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_addressees_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'actor_id', name=op.f('pk_recommendation_addressees'))
    )
    with op.batch_alter_table('recommendation_addressees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_addressees_actor_id'), ['actor_id'], unique=False)

    op.create_table('recommendation_makers',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_recommendation_makers_actor_id_actors')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_makers_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('recommendation_id', 'actor_id', name=op.f('pk_recommendation_makers'))
    )
    with op.batch_alter_table('recommendation_makers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_makers_actor_id'), ['actor_id'], unique=False)

    op.create_table('recommendation_themes',
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('theme_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_themes_recommendation_id_recommendations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['theme_id'], ['themes.id'], name=op.f('fk_recommendation_themes_theme_id_themes')),
    sa.PrimaryKeyConstraint('recommendation_id', 'theme_id', name=op.f('pk_recommendation_themes'))
    )
    with op.batch_alter_table('recommendation_themes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_themes_theme_id'), ['theme_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('recommendation_themes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_themes_theme_id'))

    op.drop_table('recommendation_themes')
    with op.batch_alter_table('recommendation_makers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_makers_actor_id'))

    op.drop_table('recommendation_makers')
    with op.batch_alter_table('recommendation_addressees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_addressees_actor_id'))

    op.drop_table('recommendation_addressees')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendations_updated_at'))
        batch_op.drop_index(batch_op.f('ix_recommendations_status'))
        batch_op.drop_index(batch_op.f('ix_recommendations_document_id'))

    op.drop_table('recommendations')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_publisher_id'))

    op.drop_table('documents')
    op.drop_table('themes')
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actors_parent_id'))

    op.drop_table('actors')
