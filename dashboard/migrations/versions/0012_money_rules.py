"""a transaction's currency may be left blank: it is then its project's, read when the figures are summed

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 07:00:00

Issue 13: a budget line without a currency was read in its project's currency whenever the figures were
computed, while a transaction without one was stored in the project's currency of the day of the upload, so
changing a project's currency later left one table in euros and the other in francs (execution 5 967 % instead
of 50 %). Both now inherit the same way at the same moment: ``spending.currency`` may be NULL, meaning "the
project's currency", as ``budget_line.currency`` already could. Stored currencies are kept as they are (they may
have been given on purpose). Downgrading writes the project's currency into the blank ones.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('spending', schema=None) as batch_op:
        batch_op.alter_column('currency', existing_type=sqlmodel.sql.sqltypes.AutoString(length=3), nullable=True)


def downgrade() -> None:
    op.execute(sa.text("UPDATE spending SET currency = (SELECT project.currency FROM project "
                       "WHERE project.id = spending.project_id) WHERE currency IS NULL"))
    with op.batch_alter_table('spending', schema=None) as batch_op:
        batch_op.alter_column('currency', existing_type=sqlmodel.sql.sqltypes.AutoString(length=3), nullable=False)
