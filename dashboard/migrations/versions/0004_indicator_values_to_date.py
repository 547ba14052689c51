"""indicator values to date, stored

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 02:40:00

Each indicator value keeps the indicator's figure to date after it (latest for cumulative indicators,
running sum for periodic ones), the progress it means and its half-year (``dashboard.values_to_date``), so
pages read them instead of recomputing a window over every value ever reported. Filled here for the values
already stored.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('indicator_value') as batch:
        batch.add_column(sa.Column('actual_to_date', sa.Float(), nullable=True))
        batch.add_column(sa.Column('target_to_date', sa.Float(), nullable=True))
        batch.add_column(sa.Column('progress_percent', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('half_year', sa.Integer(), nullable=True))
    op.create_index('ix_indicator_value_trend', 'indicator_value',
                    ['half_year', 'progress_percent', 'period_end', 'indicator_id'], unique=False)
    from dashboard.core.values_to_date import refresh_values_to_date  # deferred: loaded only when this migration runs

    refresh_values_to_date(op.get_bind())


def downgrade() -> None:
    op.drop_index('ix_indicator_value_trend', table_name='indicator_value')
    with op.batch_alter_table('indicator_value') as batch:
        batch.drop_column('half_year')
        batch.drop_column('progress_percent')
        batch.drop_column('target_to_date')
        batch.drop_column('actual_to_date')
