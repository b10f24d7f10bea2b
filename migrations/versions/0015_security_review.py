"""security review: audit subjects and keys (crypto-shredding), comment visibility

Revision ID: 0015
Revises: 0005
Create Date: 2026-12-03 12:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0015'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_key',
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('secret', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('subject')
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
    with op.batch_alter_table('document_comment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('visibility', sqlmodel.sql.sqltypes.AutoString(length=16),
                                      nullable=False, server_default='staff'))


def downgrade() -> None:
    with op.batch_alter_table('document_comment', schema=None) as batch_op:
        batch_op.drop_column('visibility')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('subject')
    op.drop_table('audit_key')
