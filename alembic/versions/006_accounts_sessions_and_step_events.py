"""Migration 006: accounts, server-side sessions, sign-in throttling, onboarding step events

Extension beyond the seed's plan (001-005): local e-mail/password accounts keep their
Argon2 hash in user_credentials; sessions store only a keyed hash of the browser's token;
sign_in_attempts slows down password guessing; onboarding_step_events records when each
step was shown, answered or rejected, for the funnel analytics.

Revision ID: 006
Revises: 005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '006'
down_revision: str | None = '005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sign_in_attempts',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('email', sa.String(length=255), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('attempted_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('idx_sign_in_attempts_email_time', 'sign_in_attempts', ['email', sa.literal_column('attempted_at DESC')], unique=False)
    op.create_table('auth_sessions',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('device_type', sa.String(length=50), nullable=True),
    sa.Column('user_agent', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='auth_sessions_user_id_fkey', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('token_hash', name='auth_sessions_token_hash_key')
    )
    op.create_index('idx_auth_sessions_user_id', 'auth_sessions', ['user_id'], unique=False)
    op.create_table('onboarding_step_events',
    sa.Column('id', sa.UUID(), server_default=sa.text('gen_random_uuid()'), nullable=False),
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('step', sa.Integer(), nullable=False),
    sa.Column('event', sa.String(length=20), nullable=False),
    sa.Column('flow_version', sa.String(length=10), server_default=sa.text("'1.0'"), nullable=False),
    sa.Column('session_id', sa.String(length=255), nullable=True),
    sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('occurred_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.CheckConstraint("event IN ('shown', 'answered', 'rejected', 'hidden')", name='valid_step_event'),
    sa.CheckConstraint('step >= 0 AND step <= 11', name='valid_event_step'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='onboarding_step_events_user_id_fkey', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('idx_step_events_step_event_time', 'onboarding_step_events', ['step', 'event', 'occurred_at'], unique=False)
    op.create_index('idx_step_events_user_time', 'onboarding_step_events', ['user_id', 'occurred_at'], unique=False)
    op.create_table('user_credentials',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('password_hash', sa.Text(), nullable=False),
    sa.Column('password_updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name='user_credentials_user_id_fkey', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('user_credentials')
    op.drop_index('idx_step_events_user_time', table_name='onboarding_step_events')
    op.drop_index('idx_step_events_step_event_time', table_name='onboarding_step_events')
    op.drop_table('onboarding_step_events')
    op.drop_index('idx_auth_sessions_user_id', table_name='auth_sessions')
    op.drop_table('auth_sessions')
    op.drop_index('idx_sign_in_attempts_email_time', table_name='sign_in_attempts')
    op.drop_table('sign_in_attempts')
