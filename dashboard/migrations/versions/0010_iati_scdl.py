"""IATI and SCDL: partner identifiers, bilingual texts, money sources, planned disbursements, sectors, regions

Revision ID: 0010
Revises: 0006
Create Date: 2026-11-30 12:00:00

Issue 14. Partners gain their IATI organisation identifier (as written, and the folded key they are matched
on, unique), the OrganisationType code they came with and their SIRET (unique). Projects gain their IATI
identifier (unique), French title and description, reporting organisation and, per kind of money (budgets,
commitments, disbursements and expenditure), the source that counts ("local" uploads or the "iati" file: the
other is kept, never added in). Money rows gain their value date (the date of the exchange rate) and source;
transactions a receiver and the publisher's own reference, whole (IATI types it xsd:string). Locations,
indicators and indicator values gain what IATI carries (description, gazetteer id, exactness, French texts,
result titles, text values). New tables: planned disbursements, project sectors and regions with their
vocabularies and shares, and the per-publisher row choice of grant files.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = '0010'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

String = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('iati_ref', String(length=200), nullable=True))
        batch_op.add_column(sa.Column('iati_ref_key', String(length=200), nullable=True))
        batch_op.add_column(sa.Column('iati_type', String(length=4), nullable=True))
        batch_op.add_column(sa.Column('siret', String(length=14), nullable=True))
        batch_op.create_unique_constraint('uq_organisation_iati_ref_key', ['iati_ref_key'])
        batch_op.create_unique_constraint('uq_organisation_siret', ['siret'])

    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('iati_identifier', String(length=200), nullable=True))
        batch_op.add_column(sa.Column('title_fr', String(length=300), nullable=True))
        batch_op.add_column(sa.Column('description_fr', String(length=8000), nullable=True))
        batch_op.add_column(sa.Column('reporting_org_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('budget_source', String(length=10), nullable=False, server_default='local'))
        batch_op.add_column(sa.Column('commitment_source', String(length=10), nullable=False,
                                      server_default='local'))
        batch_op.add_column(sa.Column('spending_source', String(length=10), nullable=False,
                                      server_default='local'))
        batch_op.create_unique_constraint('uq_project_iati_identifier', ['iati_identifier'])
        batch_op.create_foreign_key('fk_project_reporting_org_id_organisation', 'organisation',
                                    ['reporting_org_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('source', String(length=10), nullable=False, server_default='local'))

    with op.batch_alter_table('spending', schema=None) as batch_op:
        batch_op.add_column(sa.Column('value_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('source', String(length=10), nullable=False, server_default='local'))
        batch_op.add_column(sa.Column('receiver_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('iati_ref', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_spending_receiver_id'), ['receiver_id'], unique=False)
        # The pages' money pass filters on the source too: still read from the index alone.
        batch_op.drop_index('ix_spending_project_kind_date')
        batch_op.create_index('ix_spending_project_kind_date', ['project_id', 'kind', 'date', 'currency', 'amount',
                                                                'is_illustrative', 'source'], unique=False)
        batch_op.create_foreign_key('fk_spending_receiver_id_organisation', 'organisation', ['receiver_id'], ['id'],
                                    ondelete='SET NULL')

    with op.batch_alter_table('project_location', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', String(length=2000), nullable=True))
        batch_op.add_column(sa.Column('iati_ref', String(length=200), nullable=True))
        batch_op.add_column(sa.Column('gazetteer', String(length=300), nullable=True))
        batch_op.add_column(sa.Column('exactness', String(length=4), nullable=True))

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_fr', String(length=300), nullable=True))
        batch_op.add_column(sa.Column('description', String(length=8000), nullable=True))
        batch_op.add_column(sa.Column('description_fr', String(length=8000), nullable=True))
        batch_op.add_column(sa.Column('result_title', String(length=300), nullable=True))
        batch_op.add_column(sa.Column('result_title_fr', String(length=300), nullable=True))
        batch_op.add_column(sa.Column('result_description', String(length=4000), nullable=True))
        batch_op.add_column(sa.Column('result_description_fr', String(length=4000), nullable=True))
        batch_op.add_column(sa.Column('baseline_text', String(length=300), nullable=True))
        batch_op.add_column(sa.Column('baseline_note', String(length=2000), nullable=True))

    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_text', String(length=300), nullable=True))
        batch_op.add_column(sa.Column('actual_text', String(length=300), nullable=True))

    op.create_table(
        'planned_disbursement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=True),
        sa.Column('amount', sa.Float(), nullable=False),
        sa.Column('currency', String(length=3), nullable=False),
        sa.Column('value_date', sa.Date(), nullable=True),
        sa.Column('budget_type', String(length=20), nullable=True),
        sa.Column('provider_id', sa.Integer(), nullable=True),
        sa.Column('receiver_id', sa.Integer(), nullable=True),
        sa.Column('source', String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['provider_id'], ['organisation.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['receiver_id'], ['organisation.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('planned_disbursement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planned_disbursement_project_id'), ['project_id'], unique=False)

    for table, code_length in (('project_sector', 100), ('project_region', 20)):
        op.create_table(
            table,
            sa.Column('project_id', sa.Integer(), nullable=False),
            sa.Column('vocabulary', String(length=10), nullable=False),
            sa.Column('code', String(length=code_length), nullable=False),
            sa.Column('percentage', sa.Float(), nullable=True),
            sa.Column('vocabulary_uri', String(length=300), nullable=True),
            sa.Column('name', String(length=300), nullable=True),
            sa.ForeignKeyConstraint(['project_id'], ['project.id'], ondelete='CASCADE'),
            sa.PrimaryKeyConstraint('project_id', 'vocabulary', 'code'),
        )

    op.create_table(
        'import_preference',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', String(length=40), nullable=False),
        sa.Column('publisher_key', String(length=300), nullable=False),
        sa.Column('settings', sa.Text(), nullable=False),
        sa.Column('updated_by', String(length=120), nullable=True),
        sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('kind', 'publisher_key'),
    )


def downgrade() -> None:
    op.drop_table('import_preference')
    op.drop_table('project_region')
    op.drop_table('project_sector')
    with op.batch_alter_table('planned_disbursement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planned_disbursement_project_id'))
    op.drop_table('planned_disbursement')

    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.drop_column('actual_text')
        batch_op.drop_column('target_text')

    with op.batch_alter_table('indicator', schema=None) as batch_op:
        for name in ('baseline_note', 'baseline_text', 'result_description_fr', 'result_description',
                     'result_title_fr', 'result_title', 'description_fr', 'description', 'name_fr'):
            batch_op.drop_column(name)

    with op.batch_alter_table('project_location', schema=None) as batch_op:
        for name in ('exactness', 'gazetteer', 'iati_ref', 'description'):
            batch_op.drop_column(name)

    with op.batch_alter_table('spending', schema=None) as batch_op:
        batch_op.drop_constraint('fk_spending_receiver_id_organisation', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_spending_receiver_id'))
        batch_op.drop_index('ix_spending_project_kind_date')
        batch_op.create_index('ix_spending_project_kind_date', ['project_id', 'kind', 'date', 'currency', 'amount',
                                                                'is_illustrative'], unique=False)
        for name in ('iati_ref', 'receiver_id', 'source', 'value_date'):
            batch_op.drop_column(name)

    with op.batch_alter_table('budget_line', schema=None) as batch_op:
        batch_op.drop_column('source')
        batch_op.drop_column('value_date')

    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_constraint('fk_project_reporting_org_id_organisation', type_='foreignkey')
        batch_op.drop_constraint('uq_project_iati_identifier', type_='unique')
        for name in ('spending_source', 'commitment_source', 'budget_source', 'reporting_org_id', 'description_fr',
                     'title_fr', 'iati_identifier'):
            batch_op.drop_column(name)

    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_constraint('uq_organisation_siret', type_='unique')
        batch_op.drop_constraint('uq_organisation_iati_ref_key', type_='unique')
        for name in ('siret', 'iati_type', 'iati_ref_key', 'iati_ref'):
            batch_op.drop_column(name)
