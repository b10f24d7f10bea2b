"""partner organisations: partner table, partner people's organisation and rate

Revision ID: 0019
Revises: 0018
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0019'
down_revision: str | None = '0018'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('currency', sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_partner_name'), 'partner', ['name'], unique=True)
    with op.batch_alter_table('person') as batch:
        batch.add_column(sa.Column('partner_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('partner_rate', sa.Float(), nullable=True))
        batch.create_index(batch.f('ix_person_partner_id'), ['partner_id'], unique=False)
        batch.create_foreign_key('fk_person_partner_id', 'partner', ['partner_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('person') as batch:
        batch.drop_constraint('fk_person_partner_id', type_='foreignkey')
        batch.drop_index(batch.f('ix_person_partner_id'))
        batch.drop_column('partner_rate')
        batch.drop_column('partner_id')
    op.drop_index(op.f('ix_partner_name'), table_name='partner')
    op.drop_table('partner')
