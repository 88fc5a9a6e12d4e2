"""Server-side sessions, password reset links, and "originally recorded by/at" on imported updates.

Revision ID: 0012b_sessions
Revises: 0014a_notifications
"""
import sqlalchemy as sa
from alembic import op


revision = '0012b_sessions'
down_revision = '0014a_notifications'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'user_sessions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_agent', sa.String(length=300), nullable=False),
        sa.Column('client_address', sa.String(length=64), nullable=False),
        sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('end_reason', sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions')),
        sa.UniqueConstraint('key_hash', name=op.f('uq_user_sessions_key_hash')),
    )
    op.create_index('ix_user_sessions_user_id_ended_at', 'user_sessions', ['user_id', 'ended_at'], unique=False)
    op.create_table(
        'password_reset_links',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_password_reset_links_user_id_users'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_password_reset_links_created_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset_links')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_links_token_hash')),
    )
    op.create_index(op.f('ix_password_reset_links_user_id'), 'password_reset_links', ['user_id'], unique=False)
    with op.batch_alter_table('status_updates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('original_recorded_by', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('original_recorded_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('status_updates', schema=None) as batch_op:
        batch_op.drop_column('original_recorded_at')
        batch_op.drop_column('original_recorded_by')
    op.drop_index(op.f('ix_password_reset_links_user_id'), table_name='password_reset_links')
    op.drop_table('password_reset_links')
    op.drop_index('ix_user_sessions_user_id_ended_at', table_name='user_sessions')
    op.drop_table('user_sessions')
