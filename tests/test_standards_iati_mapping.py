"""The IATI <-> portfolio mapping tables and functions (dashboard.standards.iati.mapping), on the real files.

Per-project figures (budget with revised replacing original, consumed = disbursements + expenditures,
balance, execution rate) are computed here with XPath from the XML, independently of reader and mapping.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from dashboard.core import models
from dashboard.standards.iati import mapping
from dashboard.standards.iati.codelists import codelist
from dashboard.standards.iati.reader import read_all
from dashboard.standards.iati.writer import write_activities

CORPUS = Path(__file__).parent / "corpus" / "iati"
FILES = ("canada-activity.xml", "3fi-activity.xml", "activity-standard-example-annotated-2.03.xml")


def images(name: str) -> list[mapping.ProjectImage]:
    return [mapping.activity_to_project(item) for item in read_all((CORPUS / name).read_bytes())[1]]


def test_every_code_of_the_codelists_has_a_home() -> None:
    assert set(mapping.ORGANISATION_TYPES) == codelist("OrganisationType").codes
    assert set(mapping.ROLES) == codelist("OrganisationRole").codes
    assert set(mapping.STATUSES) == codelist("ActivityStatus").codes
    assert set(mapping.BUDGET_TYPES) == codelist("BudgetType").codes
    assert set(mapping.BUDGET_STATUSES) == codelist("BudgetStatus").codes
    assert set(mapping.TRANSACTION_KINDS) == codelist("TransactionType").codes
    assert set(mapping.MEASURES) == codelist("IndicatorMeasure").codes
    assert set(mapping.RESULT_LEVELS) == codelist("ResultType").codes
    assert mapping.organisation_type(None) == mapping.UNKNOWN_TYPE
    assert mapping.organisation_type("99") == mapping.UNKNOWN_TYPE


def test_every_product_organisation_type_can_be_written() -> None:
    product_types = {member.value for member in models.OrganisationType}
    assert product_types <= set(mapping.ORGANISATION_TYPE_CODES)
    assert set(mapping.ORGANISATION_TYPES.values()) <= set(mapping.ORGANISATION_TYPE_CODES)
    for code in mapping.ORGANISATION_TYPE_CODES.values():
        assert code is None or code in codelist("OrganisationType")


def test_only_disbursements_and_expenditure_are_consumption() -> None:
    from dashboard.core import metrics

    consumed = {kind for kind in mapping.TRANSACTION_KINDS.values()
                if mapping.SpendingImage(kind, None, Decimal(0), "EUR", None).is_consumption}  # type: ignore[arg-type]
    assert consumed == set(metrics.CONSUMED_KINDS)
    assert mapping.TRANSACTION_KINDS["1"] in mapping.MONEY_RECEIVED_KINDS
    assert mapping.TRANSACTION_KINDS["11"] in mapping.MONEY_RECEIVED_KINDS
    assert mapping.TRANSACTION_KINDS["2"] in metrics.COMMITMENT_KINDS


def xpath_figures(name: str) -> dict[str, tuple[Decimal, Decimal]]:
    """Per activity: (budget, consumed) from the XML. A revised budget replaces the original budgets of the
    same period; consumed adds disbursements (3) and expenditure (4)."""
    figures = {}
    for activity in etree.parse(str(CORPUS / name)).xpath("//iati-activity"):
        by_period: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for budget in activity.xpath("budget"):
            period = (budget.xpath("string(period-start/@iso-date)"), budget.xpath("string(period-end/@iso-date)"))
            by_period[period][budget.get("type", "1")] += Decimal(budget.xpath("string(value)").strip())
        budget_total = sum((amounts.get("2", amounts.get("1", Decimal(0))) for amounts in by_period.values()),
                           Decimal(0))
        consumed = sum((Decimal(text.strip()) for text in activity.xpath(
            "transaction[transaction-type/@code='3' or transaction-type/@code='4']/value/text()")), Decimal(0))
        figures[activity.findtext("iati-identifier").strip()] = (budget_total, consumed)
    return figures


@pytest.mark.parametrize("name", FILES)
def test_project_figures_equal_what_the_file_says(name: str) -> None:
    """The product's own rules (dashboard.metrics) applied to the mapped records give the file's figures."""
    import pandas as pd

    from dashboard.core import metrics

    expected = xpath_figures(name)
    for image in images(name):
        budget_xml, consumed_xml = expected[image.code]
        lines = pd.DataFrame([(1, line.period_start, line.period_end, line.budget_type, float(line.amount))
                              for line in image.budgets],
                             columns=["project_id", "period_start", "period_end", "budget_type", "amount"])
        budget = metrics.effective_budget(lines)
        consumed = metrics.consumed((item.kind, float(item.amount)) for item in image.spending)
        assert budget == pytest.approx(float(budget_xml), abs=0.005)
        assert consumed == pytest.approx(float(consumed_xml), abs=0.005)
        assert metrics.balance(budget, consumed) == pytest.approx(float(budget_xml - consumed_xml), abs=0.005)
        if budget_xml:
            assert metrics.execution_rate(consumed, budget) == pytest.approx(float(consumed_xml / budget_xml))


def test_figures_of_the_two_publishers() -> None:
    (canada,) = images("canada-activity.xml")
    budget = sum(line.amount for line in canada.budgets)
    consumed = sum(item.amount for item in canada.spending if item.is_consumption)
    assert (budget, consumed, budget - consumed) == (Decimal(19582333), Decimal(18788937), Decimal(793396))
    assert round(consumed / budget * 100, 1) == Decimal("95.9")
    assert [item.amount for item in canada.spending if item.kind == "commitment"] == [Decimal(19570705)]
    (danish,) = images("3fi-activity.xml")
    consumed = sum(item.amount for item in danish.spending if item.is_consumption)
    received = sum(item.amount for item in danish.spending if item.is_money_received)
    assert (danish.budgets[0].amount, consumed, received) == (Decimal(25653580), Decimal("7064252.79"),
                                                              Decimal(25653580))
    assert danish.currency == "DKK" and canada.currency == "CAD"


@pytest.mark.parametrize("name", FILES)
def test_export_of_an_image_imports_back_to_the_same_image_and_file(name: str) -> None:
    for image in images(name):
        written = write_activities([mapping.project_to_activity(image)])
        again = mapping.activity_to_project(read_all(written)[1][0])
        assert again == image
        assert again.unmapped == ()  # what the export writes has a place
        assert write_activities([mapping.project_to_activity(again)]) == written


def test_bilingual_texts_and_what_has_no_place() -> None:
    (canada,) = images("canada-activity.xml")
    assert canada.title == "Partnerships for Municipal Innovation in Local Economic Development"
    assert canada.title_fr.startswith("Partenariats pour l’innovation municipale")
    assert canada.description.startswith("The project supports") and canada.description_fr.startswith("Le projet")
    (example,) = images("activity-standard-example-annotated-2.03.xml")
    unmapped = dict(example.unmapped)
    assert (example.title, example.title_fr) == ("Activity title", "Titre de l'activité")
    assert unmapped["title/narrative[@xml:lang=es]"] == 1  # a third language has no place: counted
    assert unmapped["description[@type=2]"] == 1 and unmapped["description[@type=3]"] == 1
    assert unmapped["policy-marker"] == 3


def test_partners_are_identified_by_their_iati_identifier() -> None:
    (danish,) = images("3fi-activity.xml")
    partners = {partner.key: partner for partner in danish.partners}
    # The receiver written "DKCVR31378028" and "DK-CVR-31378028" is the reporting organisation itself.
    assert mapping.ref_key("DKCVR31378028") == mapping.ref_key("DK-CVR-31378028")
    assert len([key for key in partners if key == "ref:DKCVR31378028"]) == 1
    assert partners["ref:DKCVR31378028"].name == "3F"
    assert {partner.type for partner in danish.partners} == {"ngo", "national_government"}
    (canada,) = images("canada-activity.xml")
    roles = {(role.partner.iati_ref, role.role) for role in canada.roles}
    assert roles == {("CA", "funding"), ("CA-CRA_ACR-2118913938", "implementing"), ("CA-3", "extending")}
    assert canada.reporting_org.iati_type == "10" and canada.reporting_org.type == "national_government"


def test_places_sectors_and_results() -> None:
    (canada,) = images("canada-activity.xml")
    assert [item.code for item in canada.countries] == ["BFA", "BOL", "CIV", "KHM", "MLI", "NIC", "VNM"]
    assert sum(item.share for item in canada.countries) == Decimal(100)
    assert [item.name for item in canada.locations][:2] == ["G1 1562822", "G1 1831722"]
    first_sector = canada.sectors[0]
    assert (first_sector.vocabulary, first_sector.code, first_sector.share) == ("1", "15112", Decimal("48.48"))
    assert [(item.code, item.measure, item.result_level) for item in canada.indicators] == [
        ("R1.1", "qualitative", "outcome"), ("R2.1", "qualitative", "outcome")]
    assert canada.indicators[0].result_title_fr == "Résultats atteints"
    assert canada.indicators[0].description_fr.startswith("Parmi les résultats obtenus")
    (example,) = images("activity-standard-example-annotated-2.03.xml")
    (indicator,) = example.indicators
    assert (indicator.baseline_value, indicator.baseline_note, indicator.direction) == (
        Decimal(10), "Baseline comment text", "higher_is_better")
    (value,) = indicator.values
    assert (value.target, value.actual, value.note) == (Decimal(10), Decimal(11), "Actual comment text")
    assert dict(example.unmapped)["result/indicator/period/target/comment"] == 1  # one note per period


def test_text_values_are_kept_as_qualitative() -> None:
    document = (CORPUS / "activity-standard-example-annotated-2.03.xml").read_bytes()
    document = document.replace(b'<actual value="11">', b'<actual value="As at appraisal">', 1).replace(
        b'<baseline year="2012" iso-date="2012-01-01" value="10">', b'<baseline year="2012" value="Low">', 1)
    (image,) = [mapping.activity_to_project(item) for item in read_all(document)[1]]
    (indicator,) = image.indicators
    assert (indicator.baseline_value, indicator.baseline_text, indicator.baseline_date) == (None, "Low", None)
    assert dict(image.unmapped)["result/indicator/baseline/@year"] == 1  # a year alone has no place
    assert (indicator.values[0].actual, indicator.values[0].actual_text) == (None, "As at appraisal")
    # Written back with the year of its first period (the standard requires a year), read back the same.
    again = mapping.activity_to_project(read_all(write_activities([mapping.project_to_activity(image)]))[1][0])
    assert again == image
