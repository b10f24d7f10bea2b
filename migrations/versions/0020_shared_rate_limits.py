"""Shared rate limits: sliding-window events in the store, counted by every replica

Revision ID: 0020
Revises: 0019
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0020'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rate_limit_hit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_rate_limit_hit_bucket_at', 'rate_limit_hit', ['bucket', 'at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_rate_limit_hit_bucket_at', table_name='rate_limit_hit')
    op.drop_table('rate_limit_hit')
