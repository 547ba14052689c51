"""The ``iati`` upload kind on a real database (SQLite and PostgreSQL): the real files import with the figures
they state, re-upload changes nothing, undo restores exactly, bad XML is refused with nothing written.

Expected figures are computed from the XML with XPath, independently of the reader, the mapping and the
importer; the figures checked are the ones the Budgets page shows (``views.budgets``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from dashboard import views
from dashboard.core import db
from dashboard.core.models import (
    BudgetLine,
    ExchangeRate,
    ImportBatch,
    Indicator,
    IndicatorValue,
    Organisation,
    PlannedDisbursement,
    Project,
    ProjectCountry,
    ProjectLocation,
    ProjectRole,
    ProjectSector,
    Spending,
)
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.importing.undo import UndoRefusedError, undo
from dashboard.presenting.formatting import MISSING
from dashboard.presenting.upload import changes_frame
from dashboard.queries.filters import PortfolioFilter
from tests.import_helpers import dump

STAFF = Actor.of("officer", ["staff"])
CORPUS = Path(__file__).parent / "corpus" / "iati"
FILES = ("canada-activity.xml", "3fi-activity.xml", "activity-standard-example-annotated-2.03.xml")
AS_OF = dt.date(2030, 1, 1)


def read(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def run(engine: Engine, name: str, data: bytes, *, commit: bool = True, **options: object):
    with Session(engine) as session:
        if commit:
            return pipeline.commit(session, kind="iati", file_name=name, data=data, actor=STAFF, options=options)
        return pipeline.preview(session, kind="iati", file_name=name, data=data, actor=STAFF, options=options)


def expected_figures(data: bytes) -> dict[str, dict[str, Decimal]]:
    """Per activity, from the XML alone: budget (revised replacing original per period), consumed
    (disbursements 3 + expenditure 4), committed (outgoing commitments 2)."""
    figures = {}
    for activity in etree.fromstring(data).xpath("//iati-activity"):
        periods: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for budget in activity.xpath("budget"):
            period = (budget.xpath("string(period-start/@iso-date)"), budget.xpath("string(period-end/@iso-date)"))
            periods[period][budget.get("type", "1")] += Decimal(budget.xpath("string(value)").strip())
        budget_total = sum((amounts.get("2", amounts.get("1", Decimal(0))) for amounts in periods.values()),
                           Decimal(0))

        def total(codes: tuple[str, ...], activity: etree._Element = activity) -> Decimal:
            condition = " or ".join(f"transaction-type/@code='{code}'" for code in codes)
            return sum((Decimal(text.strip()) for text in activity.xpath(f"transaction[{condition}]/value/text()")),
                       Decimal(0))

        currencies = activity.xpath("budget/value/@currency | transaction/value/@currency")
        figures[activity.findtext("iati-identifier").strip()] = {
            "budget": budget_total, "consumed": total(("3", "4")), "committed": total(("2",)),
            "currency": currencies[0] if currencies else activity.get("default-currency")}
    return figures


@pytest.mark.parametrize("name", FILES)
def test_each_real_file_imports_with_the_figures_it_states(engine: Engine, name: str) -> None:
    data = read(name)
    done = run(engine, name, data)
    assert done.committed and not done.refused
    with db.session_scope(engine) as session:
        # The standard's example is in USD by default but gives every amount in EUR: the page's burn chart
        # converts the project's currency, so the USD rate must be known (any value: no USD amount).
        session.add(ExchangeRate(currency="USD", rate_date=dt.date(2000, 1, 1), eur_per_unit=0.9, source="test"))
    expected = expected_figures(data)
    for identifier, figures in expected.items():
        with Session(engine) as session:
            project = session.exec(select(Project).where(Project.iati_identifier == identifier)).one()
            frame = views.budgets(session, PortfolioFilter(), AS_OF, currency=str(figures["currency"])).variance
        row = frame.set_index("key").loc[project.id]
        assert row["budget"] == pytest.approx(float(figures["budget"]), abs=0.005)
        assert row["consumed"] == pytest.approx(float(figures["consumed"]), abs=0.005)
        assert row["committed"] == pytest.approx(float(figures["committed"]), abs=0.005)
        assert row["balance"] == pytest.approx(float(figures["budget"] - figures["consumed"]), abs=0.005)
        if figures["budget"]:
            assert row["execution_rate"] == pytest.approx(float(figures["consumed"] / figures["budget"]))
        assert project.budget_source == project.spending_source == project.commitment_source == "iati"


def test_canada_project_as_stored(engine: Engine) -> None:
    run(engine, "canada.xml", read("canada-activity.xml"))
    with Session(engine) as session:
        project = session.exec(select(Project)).one()
        assert (project.code, project.iati_identifier, project.currency) == ("CA-3-D002451001", "CA-3-D002451001",
                                                                              "CAD")
        assert project.title == "Partnerships for Municipal Innovation in Local Economic Development"
        assert project.title_fr.startswith("Partenariats pour l’innovation municipale")
        assert project.description_fr.startswith("Le projet appuie")
        assert (project.status, project.actual_start, project.planned_end) == (
            "implementation", dt.date(2016, 1, 20), dt.date(2021, 9, 30))
        reporting = session.get(Organisation, project.reporting_org_id)
        assert (reporting.iati_ref, reporting.iati_type, reporting.type) == ("CA-3", "10", "national_government")
        roles = {(session.get(Organisation, role.organisation_id).iati_ref, role.role)
                 for role in session.exec(select(ProjectRole))}
        assert roles == {("CA", "funding"), ("CA-CRA_ACR-2118913938", "implementing"), ("CA-3", "extending")}
        countries = session.exec(select(ProjectCountry.country, ProjectCountry.share)).all()
        assert sorted(countries)[0] == ("BFA", 14.29) and len(countries) == 7
        sectors = session.exec(select(ProjectSector.code, ProjectSector.percentage)).all()
        assert ("15112", 48.48) in sectors
        (planned,) = session.exec(select(PlannedDisbursement)).all()
        assert (planned.amount, planned.currency, planned.period_start) == (1995877.0, "CAD", dt.date(2021, 4, 1))
        disbursements = session.exec(select(Spending).where(Spending.kind == "disbursement")).all()
        assert len(disbursements) == 12 and all(item.source == "iati" for item in disbursements)
        assert disbursements[0].receiver_id is not None
        locations = session.exec(select(ProjectLocation)).all()
        first = locations[0]
        assert (first.name, first.gazetteer, first.latitude, len(locations)) == ("G1 1562822", "G1 1562822", None, 7)
        indicators = session.exec(select(Indicator).order_by(Indicator.code)).all()
        assert [(item.code, item.measure, item.result_level) for item in indicators] == [
            ("R1.1", "qualitative", "outcome"), ("R2.1", "qualitative", "outcome")]
        assert indicators[0].result_title_fr == "Résultats atteints"
        assert indicators[0].description_fr.startswith("Parmi les résultats obtenus")


def test_incoming_funds_are_money_received_not_consumed(engine: Engine) -> None:
    run(engine, "3fi.xml", read("3fi-activity.xml"))
    with Session(engine) as session:
        incoming = session.exec(select(Spending.amount).where(Spending.kind == "incoming_funds")).all()
        assert incoming == [12826790.0, 12826790.0]
        frame = views.budgets(session, PortfolioFilter(), AS_OF, currency="DKK").variance
    assert frame.iloc[0]["consumed"] == pytest.approx(7064252.79)
    # The receiver written with and without the dashes of its identifier is one partner, the reporting NGO.
    with Session(engine) as session:
        ngo = session.exec(select(Organisation).where(Organisation.iati_ref_key == "DKCVR31378028")).one()
        assert ngo.name == "3F"
        receivers = set(session.exec(select(Spending.receiver_id).where(Spending.kind == "incoming_funds")).all())
        assert receivers == {ngo.id}


@pytest.mark.parametrize("name", FILES)
def test_reupload_changes_nothing_and_undo_restores_exactly(engine: Engine, name: str) -> None:
    before = dump(engine, data_only=True)
    data = read(name)
    done = run(engine, name, data)
    assert done.committed
    after = dump(engine, data_only=True)
    again = run(engine, name, data, commit=False)
    assert (again.created, again.updated, again.deleted, again.problem_count) == (0, 0, 0, 0)
    assert again.unchanged > 0 and again.previous_batch == done.batch_id
    assert not run(engine, name, data).committed
    assert dump(engine, data_only=True) == after
    with Session(engine) as session:
        undone = undo(session, batch_id=done.batch_id, actor=STAFF)
    assert undone.deleted == done.created
    assert dump(engine, data_only=True) == before
    with Session(engine) as session:
        assert session.get(ImportBatch, done.batch_id).status == "undone"


def test_a_changed_file_shows_field_by_field_changes_and_undo_puts_them_back(engine: Engine) -> None:
    data = read("3fi-activity.xml")
    run(engine, "3fi.xml", data)
    imported = dump(engine, data_only=True)
    changed = (data.replace(b">25653580</value>", b">26000000</value>", 1)
               .replace(b"<title>\n      <narrative>SPA 2022-2025</narrative>",
                        b'<title>\n      <narrative>SPA 2022-2025</narrative><narrative xml:lang="fr">APS</narrative>',
                        1))
    # The last transaction (Kenya) is gone from the new file.
    start = changed.rindex(b"<transaction>")
    changed = changed[:start] + changed[changed.index(b"</transaction>", start) + len(b"</transaction>"):]
    preview = run(engine, "3fi-v2.xml", changed, commit=False)
    assert (preview.created, preview.updated, preview.deleted) == (0, 2, 1)
    frame = changes_frame(preview, "en")
    amounts = frame[frame["Column"] == "amount"]
    assert list(zip(amounts["Action"], amounts["Before"], amounts["After"], strict=True)) == [
        ("update", "25,653,580", "26,000,000"), ("delete", "94,028.73", MISSING)]
    assert ("title_fr", MISSING, "APS") in set(zip(frame["Column"], frame["Before"], frame["After"], strict=True))
    done = run(engine, "3fi-v2.xml", changed)
    assert done.committed
    with Session(engine) as session:
        assert session.exec(select(BudgetLine.amount)).all() == [26000000.0]
        assert session.exec(select(Project.title_fr)).one() == "APS"
        assert len(session.exec(select(Spending)).all()) == 12
        undo(session, batch_id=done.batch_id, actor=STAFF)
    assert dump(engine, data_only=True) == imported


def test_preview_says_how_records_matched_and_what_has_no_place(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        session.add(Organisation(name="Federation of Canadian Municipalities", name_key="federation of canadian "
                                 "municipalities", type="local_authority"))
    preview = run(engine, "canada.xml", read("canada-activity.xml"), commit=False)
    matches = {(item.record, item.key): item.how for item in preview.matches}
    assert matches[("projects", "CA-3-D002451001")] == "new"
    assert matches[("partners", "CA-CRA_ACR-2118913938")] == "name"
    assert matches[("partners", "CA-3")] == "new"
    assert preview.unmapped["policy-marker"] == 6 and preview.unmapped["transaction/flow-type"] == 13
    assert preview.unmapped["location/point"] == 7
    # The schema's findings are listed with their line, as notes: the upload is not refused for them.
    assert preview.note_count == 7 and not preview.refused
    assert {(note.line, note.key) for note in preview.notes} == {(2, "standards.iati.schema.missing_child")}
    run(engine, "canada.xml", read("canada-activity.xml"))
    with Session(engine) as session:
        federation = session.exec(select(Organisation).where(Organisation.name_key.startswith("federation"))).one()
        assert (federation.iati_ref, federation.type) == ("CA-CRA_ACR-2118913938", "local_authority")


def test_a_local_project_keeps_its_money_unless_the_file_is_chosen(engine: Engine) -> None:
    with db.session_scope(engine) as session:
        project = Project(code="DK-CVR-31378028-SPA-2020", title="SPA (local)", currency="DKK")
        session.add(project)
        session.flush()
        session.add(BudgetLine(project_id=project.id, amount=1000.0, currency="DKK"))
    preview = run(engine, "3fi.xml", read("3fi-activity.xml"), commit=False)
    assert {(item.key, item.how) for item in preview.matches if item.record == "projects"} == {
        ("DK-CVR-31378028-SPA-2020", "code")}
    assert preview.options["matched_projects"][0]["budget_source"] == "local"
    run(engine, "3fi.xml", read("3fi-activity.xml"))

    def figures() -> tuple[float, float]:
        with Session(engine) as session:
            frame = views.budgets(session, PortfolioFilter(), AS_OF, currency="DKK").variance
        return float(frame.iloc[0]["budget"]), float(frame.iloc[0]["consumed"])

    # The IATI money is kept beside the local line, not added in.
    assert figures() == (1000.0, 0.0)
    with Session(engine) as session:
        assert sorted(session.exec(select(BudgetLine.source)).all()) == ["iati", "local"]
    run(engine, "3fi.xml", read("3fi-activity.xml"), matched_money_source="iati")
    budget, consumed = figures()
    assert budget == 25653580.0 and consumed == pytest.approx(7064252.79)


BOMB = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<iati-activities version="2.03"><iati-activity><iati-identifier>&b;</iati-identifier></iati-activity>'
        b"</iati-activities>")


@pytest.mark.parametrize(("data", "key"), [
    (BOMB, "standards.iati.error.doctype"),
    (read("3fi-activity.xml").replace(b'version="2.03"', b'version="1.05"', 1), "standards.iati.error.version_1"),
    (read("3fi-activity.xml").replace(b"<iati-activities ", b'<iati-activities xmlns="urn:other" ', 1),
     "standards.iati.error.namespace"),
    (read("3fi-activity.xml")[:-200], "standards.iati.error.malformed"),
    (read("3fi-activity.xml").replace(b">815132.15<", b">815,132.15<", 1), "standards.iati.error.not_a_number"),
    (b"project_code;amount\nX;1\n", "standards.iati.error.not_xml"),
], ids=["entity-bomb", "version-1", "namespace", "malformed", "bad-amount", "csv"])
def test_bad_files_are_refused_with_nothing_written(engine: Engine, data: bytes, key: str) -> None:
    before = dump(engine)
    done = run(engine, "bad.xml", data)
    assert done.refused and not done.committed
    assert done.problems[0].key == key
    assert done.problems[0].message("fr") and done.problems[0].fix("fr")
    assert dump(engine) == before


def test_undo_is_refused_when_a_later_import_changed_the_records(engine: Engine) -> None:
    data = read("3fi-activity.xml")
    first = run(engine, "3fi.xml", data)
    second = run(engine, "3fi-v2.xml", data.replace(b">25653580</value>", b">1</value>", 1))
    assert second.committed
    with Session(engine) as session, pytest.raises(UndoRefusedError) as caught:
        undo(session, batch_id=first.batch_id, actor=STAFF)
    assert f"#{second.batch_id}" in caught.value.message("en")


def test_indicator_values_and_their_figures_to_date(engine: Engine) -> None:
    run(engine, "example.xml", read("activity-standard-example-annotated-2.03.xml"))
    with Session(engine) as session:
        (indicator,) = session.exec(select(Indicator)).all()
        (value,) = session.exec(select(IndicatorValue)).all()
    # The indicator's own code is its reference in the publisher's vocabulary (IndicatorVocabulary 99).
    assert (indicator.code, indicator.measure, indicator.baseline_value, indicator.baseline_note) == (
        "B1", "number", 10.0, "Baseline comment text")
    assert (value.target, value.actual, value.note, value.actual_to_date) == (10.0, 11.0, "Actual comment text", 11.0)
