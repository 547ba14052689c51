"""partners' other names (aliases); one project or indicator code in any case

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 07:00:00

Issue 13, item 14: the same partner under another name. ``organisation_alias`` holds the other names a partner
goes by (another language's name, a former name, another acronym), each folded into ``alias_key`` as partner
names are (``core.text.fold``) and unique across partners, so one alias names one partner. Uploads match
partners by name, acronym and alias; a partners file's ``aliases`` column sets them.

Item 13: codes compare in any case (``core.text.code_key``), so the database holds one project per code and one
indicator per code of a project whatever their case: unique indexes on ``lower(code)``. Codes already stored
twice in two cases stop the upgrade, which changes nothing and names them, so a person can decide which
record is right (nothing is merged automatically).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


CODE_KEYS = (("project", "uq_project_code_key", ("lower(code)",)),
             ("indicator", "uq_indicator_code_key", ("project_id", "lower(code)")))


class DuplicateCodesError(RuntimeError):
    """Codes already stored in two cases: the upgrade changed nothing."""


def upgrade() -> None:
    connection = op.get_bind()
    found = []
    for table, _name, key in CODE_KEYS:
        rows = connection.execute(sa.text(
            f"SELECT {', '.join(key)}, count(*) FROM {table} GROUP BY {', '.join(key)} HAVING count(*) > 1 LIMIT 10"
        )).all()
        found += [f"{table} {row[-2]!r} ({row[-1]} records)" for row in rows]
    if found:
        raise DuplicateCodesError("codes stored in several cases (keep one record of each, then upgrade again): "
                                  + "; ".join(found))
    for table, name, key in CODE_KEYS:
        op.create_index(name, table, [sa.text(part) if "(" in part else part for part in key], unique=True)
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
    for table, name, _key in CODE_KEYS:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table('organisation_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_alias_organisation_id'))
    op.drop_table('organisation_alias')
