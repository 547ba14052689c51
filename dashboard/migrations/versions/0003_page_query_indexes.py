"""indexes for the page queries at the large portfolio size

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 00:55:00

- budget_line: a partial index on the revised lines only, probed once per budget line by the "revised
  replaces original" rule (queries.effective_budget_condition); revised lines are few, so each probe reads
  only them instead of every line of the project.
- indicator_value (indicator_id, period_end): the latest value of each indicator and the running totals
  ordered by period end.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REVISED_ONLY = sa.text("budget_type = 'revised'")


def upgrade() -> None:
    op.create_index('ix_budget_line_revised_period', 'budget_line', ['project_id', 'period_start', 'period_end'],
                    unique=False, postgresql_where=REVISED_ONLY, sqlite_where=REVISED_ONLY)
    op.create_index('ix_indicator_value_indicator_period_end', 'indicator_value', ['indicator_id', 'period_end'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_indicator_value_indicator_period_end', table_name='indicator_value')
    op.drop_index('ix_budget_line_revised_period', table_name='budget_line')
