"""Audit history by row: an index on audit_event (entity, entity_id)

A row's history (undo's check for later writes, the burndown) reads the events of given
rows; without the index every such read scanned the whole chain, which only grows.

Revision ID: 0021
Revises: 0020
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index('ix_audit_event_entity', 'audit_event', ['entity', 'entity_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_audit_event_entity', table_name='audit_event')
