"""portal sign-in links; notices by e-mail

Revision ID: 0016
Revises: 0005
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0016'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('sign_in_link',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('expires_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('used_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['contact_id'], ['clientcontact.id'], ),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_sign_in_link_contact_id'), 'sign_in_link', ['contact_id'], unique=False)
    op.create_index(op.f('ix_sign_in_link_person_id'), 'sign_in_link', ['person_id'], unique=False)
    op.create_index(op.f('ix_sign_in_link_token_hash'), 'sign_in_link', ['token_hash'], unique=True)
    with op.batch_alter_table('notification_preference') as batch:
        batch.add_column(sa.Column('prefers_email', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('notification_preference') as batch:
        batch.drop_column('prefers_email')
    op.drop_index(op.f('ix_sign_in_link_token_hash'), table_name='sign_in_link')
    op.drop_index(op.f('ix_sign_in_link_person_id'), table_name='sign_in_link')
    op.drop_index(op.f('ix_sign_in_link_contact_id'), table_name='sign_in_link')
    op.drop_table('sign_in_link')
