"""import batches record where they came from (a file or a form) and a form's reason

Revision ID: 0011
Revises: 0006
Create Date: 2026-11-30 12:00:00

Issue 17: one record changed or added in a form is committed as an import batch of one, listed in the import
history and undone like any batch. ``origin`` tells the two apart ("upload", the default of every existing
batch, or "form"); ``reason`` holds the short reason the form asks for. The record's version needs no column:
the form carries a digest of the stored record (dashboard.importing.edits.record_version), which every writer
changes without knowing it, uploads, undo and other branches' writers included.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False,
                                      server_default='upload'))
        batch_op.add_column(sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('import_batch', schema=None) as batch_op:
        batch_op.drop_column('reason')
        batch_op.drop_column('origin')
