"""Curation: revisions, data-version counters, priority, Spanish summaries, retirement,
merges, date precision, actor redirects, and optimistic locking of documents, actors, themes.

Revision ID: 0010a
Revises: 0013a_team
"""
import sqlalchemy as sa
from alembic import op


revision = '0010a'
down_revision = '0013a_team'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'revisions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('target_type', sa.String(length=32), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('changes', sa.JSON(), nullable=False),
        sa.Column('restores_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_revisions_user_id_users'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_revisions')),
    )
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.create_index('ix_revisions_target', ['target_type', 'target_id', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revisions_user_id'), ['user_id'], unique=False)

    data_versions = op.create_table(
        'data_versions',
        sa.Column('name', sa.String(length=16), nullable=False),
        sa.Column('value', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('name', name=op.f('pk_data_versions')),
    )
    op.bulk_insert(data_versions, [{'name': 'data', 'value': 1}, {'name': 'links', 'value': 1}])

    op.create_table(
        'actor_redirects',
        sa.Column('old_slug', sa.String(length=80), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['actor_id'], ['actors.id'], name=op.f('fk_actor_redirects_actor_id_actors'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('old_slug', name=op.f('pk_actor_redirects')),
    )
    with op.batch_alter_table('actor_redirects', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actor_redirects_actor_id'), ['actor_id'], unique=False)

    # Plain ADD COLUMN (no batch copy) keeps SQLite's full-text triggers on the table.
    op.add_column('recommendations', sa.Column('summary_es', sa.String(length=300), nullable=True))
    op.add_column('recommendations', sa.Column('priority', sa.String(length=16), server_default='normal',
                                               nullable=False))
    op.add_column('recommendations', sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('recommendations', sa.Column('retired_reason', sa.String(length=32), nullable=True))
    op.add_column('recommendations', sa.Column('retired_note', sa.Text(), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':
        op.add_column('recommendations', sa.Column('merged_into_id', sa.Integer(),
                                                   sa.ForeignKey('recommendations.id'), nullable=True),
                      inline_references=True)
    else:
        op.add_column('recommendations', sa.Column('merged_into_id', sa.Integer(), nullable=True))
        op.create_foreign_key(op.f('fk_recommendations_merged_into_id_recommendations'), 'recommendations',
                              'recommendations', ['merged_into_id'], ['id'])
    op.create_index(op.f('ix_recommendations_retired_at'), 'recommendations', ['retired_at'], unique=False)
    op.create_index(op.f('ix_recommendations_merged_into_id'), 'recommendations', ['merged_into_id'],
                    unique=False)

    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('published_precision', sa.String(length=8), server_default='day',
                                      nullable=False))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('retired_note', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('themes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_es', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('description_es', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('themes', schema=None) as batch_op:
        for column in ('version', 'retired_at', 'description_es', 'name_es'):
            batch_op.drop_column(column)
    with op.batch_alter_table('actors', schema=None) as batch_op:
        batch_op.drop_column('version')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        for column in ('version', 'retired_note', 'retired_at', 'updated_at', 'published_precision'):
            batch_op.drop_column(column)
    if op.get_bind().dialect.name != 'sqlite':
        op.drop_constraint(op.f('fk_recommendations_merged_into_id_recommendations'), 'recommendations',
                           type_='foreignkey')
    op.drop_index(op.f('ix_recommendations_merged_into_id'), table_name='recommendations')
    op.drop_index(op.f('ix_recommendations_retired_at'), table_name='recommendations')
    # SQLite drops columns in place (3.35+), keeping the full-text triggers.
    for column in ('merged_into_id', 'retired_note', 'retired_reason', 'retired_at', 'priority', 'summary_es'):
        op.drop_column('recommendations', column)
    op.drop_table('actor_redirects')
    op.drop_table('data_versions')
    op.drop_table('revisions')
