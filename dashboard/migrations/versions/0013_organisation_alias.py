"""partners' other names (aliases)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 07:00:00

Issue 13, item 14: the same partner under another name. ``organisation_alias`` holds the other names a partner
goes by (another language's name, a former name, another acronym), each folded into ``alias_key`` as partner
names are (``core.text.fold``) and unique across partners, so one alias names one partner. Uploads match
partners by name, acronym and alias; a partners file's ``aliases`` column sets them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'organisation_alias',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('alias', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column('alias_key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('alias_key', name='uq_organisation_alias_alias_key'),
    )
    with op.batch_alter_table('organisation_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_alias_organisation_id'), ['organisation_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('organisation_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_alias_organisation_id'))
    op.drop_table('organisation_alias')
