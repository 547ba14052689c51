"""every natural key an upload writes is unique in the database

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 07:00:00

Issue 16 item 1: two uploads whose keys overlap, committed at the same moment, each found the keys absent and
both inserted them. The keys of partners (folded name), roles, indicator values and rates were already unique;
this adds the ones that were not, in the form uploads compare keys since issue 13 (text parts by
``core.text.code_key``: "hunt-1" and "HUNT-1" are one code; SQL's lower() is that key for the trimmed ASCII
codes the upload stores):

- projects and indicators: lower(code) is unique since migration 0013 (issue 13's keys), so they are not here;
- budget lines written by uploads and forms (``source = 'local'``): project, funder, period start and end,
  lower(category), budget type, with an empty part counted as one value (a blank funder is one funder);
- spending lines written by uploads and forms: project, lower(reference) (lines without a reference, from IATI
  files or generated data, are not keyed);
- partnership reviews: partner, review date, lower(reviewer).

Rule for data already stored: the upgrade first looks for rows sharing a key. If it finds any, it changes
nothing and stops with a message naming each table, how many keys are duplicated and the ids of the rows
(the first ten keys), so a person can decide which row is right (undo the batch that wrote the copy, or
delete or correct the extra rows) and run ``python -m dashboard db upgrade`` again. Nothing is ever merged or
deleted automatically: which copy is right is a decision about money.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUDGET_KEY = ("project_id", "coalesce(funder_id, 0)", "coalesce(period_start, '0001-01-01')",
              "coalesce(period_end, '0001-01-01')", "lower(coalesce(category, ''))", "budget_type")

# table, key expressions, the rows the key covers (SQL; None: every row), the unique index
KEYS = (
    ("budget_line", BUDGET_KEY, "source = 'local'", "uq_budget_line_key"),
    ("spending", ("project_id", "lower(reference)"), "source = 'local'", "uq_spending_key"),
    ("partnership_review", ("organisation_id", "review_date", "lower(reviewer)"), None, "uq_partnership_review_key"),
)
EXAMPLES = 10


class DuplicateKeysError(RuntimeError):
    """Rows already stored share a natural key: the upgrade changed nothing."""


def duplicates(connection: sa.engine.Connection) -> list[str]:
    """One line per table holding rows that share a key: the count and the ids of the first keys' rows."""
    found = []
    for table, key, condition, _index in KEYS:
        # A part that may be NULL (a spending line's reference) never clashes in a unique index: left out.
        nullable = [f"{part} IS NOT NULL" for part in key if part.startswith("lower(") and "coalesce" not in part]
        where = " AND ".join([condition or "1 = 1", *nullable])
        keys = ", ".join(key)
        groups = connection.execute(sa.text(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {where} GROUP BY {keys} HAVING count(*) > 1) d"
        )).scalar_one()
        if not groups:
            continue
        rows = connection.execute(sa.text(
            f"SELECT min(id), count(*), {', '.join(f'{part} AS k{n}' for n, part in enumerate(key))} FROM {table} "
            f"WHERE {where} GROUP BY {keys} HAVING count(*) > 1 ORDER BY min(id) LIMIT {EXAMPLES}"
        )).all()
        examples = []
        for row in rows:
            conditions = " AND ".join(f"{part} = :k{n}" for n, part in enumerate(key))
            ids = connection.execute(sa.text(f"SELECT id FROM {table} WHERE {where} AND {conditions} ORDER BY id"),
                                     {f"k{n}": value for n, value in enumerate(row[2:])}).scalars().all()
            examples.append("ids " + ", ".join(str(id_) for id_ in ids))
        found.append(f"{table}: {groups} key(s) stored more than once ({key_names(table)}); "
                     + "; ".join(examples) + ("; …" if groups > EXAMPLES else ""))
    return found


def key_names(table: str) -> str:
    return {"budget_line": "project, funder, period start and end, category, budget type",
            "spending": "project, reference",
            "partnership_review": "partner, review date, reviewer"}[table]


def upgrade() -> None:
    connection = op.get_bind()
    found = duplicates(connection)
    if found:
        raise DuplicateKeysError(
            "Migration 0014 (unique natural keys) changed nothing: some records are stored more than once.\n  "
            + "\n  ".join(found)
            + "\nDecide which copy is right: undo the import batch that wrote the copy (python -m dashboard undo "
              "BATCH_ID; the audit trail names it), or delete or correct the extra rows; then run "
              "python -m dashboard db upgrade again.")
    for table, key, condition, index in KEYS:
        columns = [sa.text(part) if "(" in part else part for part in key]
        partial = {"postgresql_where": sa.text(condition), "sqlite_where": sa.text(condition)} if condition else {}
        op.create_index(index, table, columns, unique=True, **partial)


def downgrade() -> None:
    for table, _key, _condition, index in reversed(KEYS):
        op.drop_index(index, table_name=table)
