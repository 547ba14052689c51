"""The IATI export (SQLite and PostgreSQL): it validates against the official 2.03 schema, round-trips byte for
byte through an empty database, and importing it over the database it came from changes nothing; the money it
writes is the money the Budgets page counts."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.cli.main import main
from dashboard.core import db
from dashboard.core.permissions import Actor
from dashboard.exporting.iati import SKIP_NO_DATE, export_iati
from dashboard.importing import pipeline
from dashboard.queries.filters import PortfolioFilter
from dashboard.standards.iati.schema import validate_document
from tests.conftest import DatabaseFactory
from tests.import_helpers import dump

STAFF = Actor.of("officer", ["staff"])
CORPUS = Path(__file__).parent / "corpus" / "iati"
FILES = ("canada-activity.xml", "3fi-activity.xml", "activity-standard-example-annotated-2.03.xml")


def load(engine: Engine, name: str, data: bytes, *, commit: bool = True):
    with Session(engine) as session:
        call = pipeline.commit if commit else pipeline.preview
        return call(session, kind="iati", file_name=name, data=data, actor=STAFF)


@pytest.fixture
def second_engine(database_factory: DatabaseFactory) -> Engine:
    """Another empty database, for the round trip."""
    return db.get_engine(database_factory.new("empty"))


def round_trip(source: Engine, target: Engine) -> bytes:
    first = export_iati(source).data
    assert validate_document(etree.fromstring(first)) == []
    assert load(target, "export.xml", first).committed
    second = export_iati(target).data
    assert second == first
    over = load(source, "export.xml", first, commit=False)
    assert (over.created, over.updated, over.deleted, over.problem_count) == (0, 0, 0, 0)
    return first


def test_the_real_files_round_trip(engine: Engine, second_engine: Engine) -> None:
    for name in FILES:
        assert load(engine, name, (CORPUS / name).read_bytes()).committed
    before = dump(engine, data_only=True)
    document = etree.fromstring(round_trip(engine, second_engine))
    assert dump(engine, data_only=True) == before
    assert len(document.xpath("//iati-activity")) == 3
    # The figures of the files, as written back.
    canada = document.xpath("//iati-activity[iati-identifier='CA-3-D002451001']")[0]
    assert sum(Decimal(value) for value in canada.xpath("budget/value/text()")) == Decimal(19582333)
    assert sum(Decimal(value) for value in canada.xpath(
        "transaction[transaction-type/@code='3']/value/text()")) == Decimal(18788937)
    assert canada.xpath("title/narrative[@xml:lang='fr']/text()")[0].startswith("Partenariats")
    danish = document.xpath("//iati-activity[iati-identifier='DK-CVR-31378028-SPA-2020']")[0]
    assert [Decimal(value) for value in danish.xpath("transaction[transaction-type/@code='1']/value/text()")] == [
        Decimal(12826790), Decimal(12826790)]


def test_the_demo_portfolio_round_trips_with_the_money_the_budgets_page_counts(demo_engine: Engine,
                                                                               second_engine: Engine) -> None:
    result = export_iati(demo_engine)
    # Projects without any date cannot be described by the standard: named, left out.
    assert result.skipped and all(reason == SKIP_NO_DATE for _code, reason in result.skipped)
    document = etree.fromstring(round_trip(demo_engine, second_engine))
    assert len(document.xpath("//iati-activity")) == result.exported
    # The INTEGRE regional workshops sheet (README): budget 443 008 €, consumed 496 407 €.
    sheet = document.xpath("//iati-activity[iati-identifier='REG-C1.1']")[0]
    assert sum(Decimal(value) for value in sheet.xpath("budget/value/text()")) == Decimal(443008)
    consumed = sheet.xpath("transaction[transaction-type/@code='3' or transaction-type/@code='4']/value/text()")
    assert sum(Decimal(value) for value in consumed) == Decimal(496407)
    # The product's extension says which money the activity carries (the uploads'), for the way back.
    assert sheet.get("{urn:partnership-dashboard:iati}budget-source") == "local"


def test_the_export_follows_the_filter(demo_engine: Engine) -> None:
    everything = etree.fromstring(export_iati(demo_engine).data).xpath("//iati-activity/iati-identifier/text()")
    kept = PortfolioFilter(statuses=("closed",))
    chosen = etree.fromstring(export_iati(demo_engine, portfolio_filter=kept).data)
    codes = chosen.xpath("//iati-activity/iati-identifier/text()")
    assert codes and set(codes) < set(everything)
    assert set(chosen.xpath("//activity-status/@code")) == {"4"}  # ActivityStatus 4: closed


def test_export_command_writes_the_file(engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    load(engine, "3fi.xml", (CORPUS / "3fi-activity.xml").read_bytes())
    target = tmp_path / "portfolio.xml"
    assert main(["--database-url", str(engine.url.render_as_string(hide_password=False)), "export", "iati",
                 "-o", str(target), "--lang", "fr"]) == 0
    assert "1 activités, IATI 2.03" in capsys.readouterr().out
    document = etree.parse(str(target))
    assert validate_document(document) == []
    assert document.xpath("//iati-identifier/text()") == ["DK-CVR-31378028-SPA-2020"]


def test_the_reporting_organisation_comes_from_the_settings(demo_engine: Engine) -> None:
    from dataclasses import replace

    from dashboard.core import settings

    current = settings.get_settings()
    settings.use(replace(current, iati_reporting_org_ref="FR-RNA-W751234567", iati_reporting_org_name="Région",
                         iati_reporting_org_type="11"))
    try:
        document = etree.fromstring(export_iati(demo_engine).data)
    finally:
        settings.use(current)
    refs = set(document.xpath("//reporting-org/@ref"))
    assert "FR-RNA-W751234567" in refs
    assert document.xpath("//reporting-org[@ref='FR-RNA-W751234567']/@type")[0] == "11"
    with pytest.raises(settings.SettingsError):
        settings.load_settings({"IATI_REPORTING_ORG_TYPE": "government"})
