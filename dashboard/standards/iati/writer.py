"""Writing IATI 2.03 activity XML from ``Activity`` values, checked against the shipped 2.03 schema.

The output is deterministic (same activities, same bytes): elements in the schema's sequence order, attributes
in a fixed order, amounts and percentages as plain decimals (``decimal_text``), one narrative per language with
its ``xml:lang``. Reading the output back with ``reader.ActivityReader`` gives the same activities, which the
round-trip tests check. Activities are written one at a time into the output (``lxml.etree.xmlfile``), each
checked against the schema first, so a large portfolio is never held as one tree.

Where the schema requires an element the activity has nothing for (a ``description``, a result's ``title``),
an empty ``<narrative/>`` is written: valid, and read back as no text, so the round trip stays exact. What the
schema requires and cannot be left empty (an activity date, a participating organisation, a result's
indicator, a baseline's year) must be in the activity: ``IatiWriteError`` says which activity lacks what.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from decimal import Decimal

from lxml import etree

from dashboard.standards.iati import model as m
from dashboard.standards.iati.codelists import XML_LANG
from dashboard.standards.iati.schema import SCHEMA_VERSION, check_activity
from dashboard.standards.problems import Problem


class IatiWriteError(ValueError):
    """An activity that would not be valid IATI 2.03; ``problems`` are the schema's findings (English and
    French through ``Problem.message``)."""

    def __init__(self, identifier: str, problems: list[Problem]) -> None:
        super().__init__(f"{identifier}: " + "; ".join(problem.message("en") for problem in problems[:5]))
        self.identifier = identifier
        self.problems = problems


def _attributes(**values: object) -> dict[str, str]:
    """Attributes in the order given, without the absent ones, written the way IATI writes each type."""
    written: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        key = XML_LANG if name == "xml_lang" else name.replace("_", "-")
        if isinstance(value, bool):
            written[key] = "1" if value else "0"
        elif isinstance(value, Decimal):
            written[key] = m.decimal_text(value)
        elif isinstance(value, dt.date):  # dates and date-times
            written[key] = value.isoformat()
        else:
            written[key] = str(value)
    return written


def _sub(parent: etree._Element, tag: str, **values: object) -> etree._Element:
    return etree.SubElement(parent, tag, _attributes(**values))


def _narratives(parent: etree._Element, text: m.Text, *, required: bool) -> None:
    for narrative in text:
        if narrative.text:
            child = _sub(parent, "narrative", xml_lang=narrative.lang)
            child.text = narrative.text
    if required and not len(parent):
        _sub(parent, "narrative")  # the schema needs one; empty is read back as no text


def _text_element(parent: etree._Element, tag: str, text: m.Text, *, required: bool = False,
                  **values: object) -> None:
    """``tag`` holding ``text``'s narratives; left out when there is no text and it is not required."""
    if not required and not any(narrative.text for narrative in text):
        return
    _narratives(_sub(parent, tag, **values), text, required=True)


def _org(parent: etree._Element, tag: str, org: m.OrgRef | None, activity_attribute: str) -> None:
    if org is None:
        return
    element = _sub(parent, tag, **{activity_attribute: org.activity_id, "ref": org.ref, "type": org.type})
    _narratives(element, org.name, required=False)


def _value(parent: etree._Element, money: m.Money) -> None:
    element = _sub(parent, "value", currency=money.currency, value_date=money.value_date)
    element.text = m.decimal_text(money.amount)


def _period(parent: etree._Element, start: dt.date, end: dt.date | None) -> None:
    _sub(parent, "period-start", iso_date=start)
    if end is not None:
        _sub(parent, "period-end", iso_date=end)


def _sector(parent: etree._Element, sector: m.Sector, *, percentage: bool = True) -> None:
    vocabulary = None if sector.vocabulary == m.DEFAULT_SECTOR_VOCABULARY else sector.vocabulary
    element = _sub(parent, "sector", code=sector.code, vocabulary=vocabulary, vocabulary_uri=sector.vocabulary_uri,
                   percentage=sector.percentage if percentage else None)
    _narratives(element, sector.name, required=False)


def _region(parent: etree._Element, region: m.RecipientRegion, *, percentage: bool = True) -> None:
    element = _sub(parent, "recipient-region", code=region.code, vocabulary=region.vocabulary,
                   vocabulary_uri=region.vocabulary_uri, percentage=region.percentage if percentage else None)
    _narratives(element, region.name, required=False)


def _country(parent: etree._Element, country: m.RecipientCountry, *, percentage: bool = True) -> None:
    element = _sub(parent, "recipient-country", code=country.code,
                   percentage=country.percentage if percentage else None)
    _narratives(element, country.name, required=False)


def _location(parent: etree._Element, location: m.Location) -> None:
    element = _sub(parent, "location", ref=location.ref)
    for vocabulary, code in location.location_ids:
        _sub(element, "location-id", vocabulary=vocabulary, code=code)
    _text_element(element, "name", location.name)
    _text_element(element, "description", location.description)
    if location.latitude is not None and location.longitude is not None:
        point = _sub(element, "point", srsName="http://www.opengis.net/def/crs/EPSG/0/4326")
        pos = _sub(point, "pos")
        pos.text = f"{m.decimal_text(location.latitude)} {m.decimal_text(location.longitude)}"
    if location.exactness is not None:
        _sub(element, "exactness", code=location.exactness)


def _transaction(parent: etree._Element, transaction: m.Transaction) -> None:
    element = _sub(parent, "transaction", ref=transaction.ref, humanitarian=transaction.humanitarian)
    _sub(element, "transaction-type", code=transaction.type)
    _sub(element, "transaction-date", iso_date=transaction.date)
    _value(element, transaction.value)
    _text_element(element, "description", transaction.description)
    _org(element, "provider-org", transaction.provider, "provider_activity_id")
    _org(element, "receiver-org", transaction.receiver, "receiver_activity_id")
    for sector in transaction.sectors:
        _sector(element, sector, percentage=False)  # a transaction's sector carries no percentage
    if transaction.recipient_country is not None:
        _country(element, transaction.recipient_country, percentage=False)
    if transaction.recipient_region is not None:
        _region(element, transaction.recipient_region, percentage=False)


def _comment(parent: etree._Element, comment: m.Text) -> None:
    _text_element(parent, "comment", comment)


def _result(parent: etree._Element, result: m.Result) -> None:
    element = _sub(parent, "result", type=result.type, aggregation_status=result.aggregation_status)
    _text_element(element, "title", result.title, required=True)
    _text_element(element, "description", result.description)
    for indicator in result.indicators:
        child = _sub(element, "indicator", measure=indicator.measure, ascending=indicator.ascending,
                     aggregation_status=indicator.aggregation_status)
        _text_element(child, "title", indicator.title, required=True)
        _text_element(child, "description", indicator.description)
        if indicator.reference_code:
            _sub(child, "reference", vocabulary=m.REPORTING_ORGANISATION_VOCABULARY, code=indicator.reference_code)
        for baseline in indicator.baselines:
            year = baseline.year if baseline.year is not None else (
                baseline.iso_date.year if baseline.iso_date is not None else None)
            base = _sub(child, "baseline", iso_date=baseline.iso_date, year=year, value=baseline.value)
            _comment(base, baseline.comment)
        for period in indicator.periods:
            period_element = _sub(child, "period")
            _period(period_element, period.period_start, period.period_end)
            for tag, values in (("target", period.targets), ("actual", period.actuals)):
                for item in values:
                    _comment(_sub(period_element, tag, value=item.value), item.comment)


def activity_element(activity: m.Activity) -> etree._Element:
    """The ``iati-activity`` element of ``activity``, children in the 2.03 schema's order."""
    element = etree.Element("iati-activity", _attributes(
        last_updated_datetime=activity.last_updated, xml_lang=activity.default_lang,
        default_currency=activity.default_currency, humanitarian=activity.humanitarian,
        hierarchy=activity.hierarchy), nsmap={m.EXTENSION_PREFIX: m.EXTENSION_NAMESPACE}
        if activity.money_sources or any(budget.extension for budget in activity.budgets) else None)
    for name, source in activity.money_sources:
        element.set(f"{{{m.EXTENSION_NAMESPACE}}}{name}", source)
    _sub(element, "iati-identifier").text = activity.identifier
    reporting = activity.reporting_org
    if reporting is not None:
        reporting_element = _sub(element, "reporting-org", ref=reporting.ref, type=reporting.type,
                                 secondary_reporter=reporting.secondary_reporter)
        _narratives(reporting_element, reporting.name, required=True)
    _text_element(element, "title", activity.title, required=True)
    # The schema needs one description; one without text is written empty (read back as none).
    descriptions = tuple(item for item in activity.descriptions if item.text) or (
        m.Description(m.DESCRIPTION_GENERAL, ()),)
    for description in descriptions:
        _text_element(element, "description", description.text, required=True, type=description.type)
    for org in activity.participating_orgs:
        child = _sub(element, "participating-org", ref=org.ref, type=org.type, role=org.role,
                     activity_id=org.activity_id)
        _narratives(child, org.name, required=False)
    if activity.status is not None:
        _sub(element, "activity-status", code=activity.status)
    for date in activity.dates:
        child = _sub(element, "activity-date", iso_date=date.iso_date, type=date.type)
        _narratives(child, date.narrative, required=False)
    for country in activity.recipient_countries:
        _country(element, country)
    for region in activity.recipient_regions:
        _region(element, region)
    for location in activity.locations:
        _location(element, location)
    for sector in activity.sectors:
        _sector(element, sector)
    for budget in activity.budgets:
        child = _sub(element, "budget", type=budget.type, status=budget.status)
        for name, value in budget.extension:
            child.set(f"{{{m.EXTENSION_NAMESPACE}}}{name}", value)
        _period(child, budget.period_start, budget.period_end)
        _value(child, budget.value)
    for planned in activity.planned_disbursements:
        child = _sub(element, "planned-disbursement", type=planned.type)
        _period(child, planned.period_start, planned.period_end)
        _value(child, planned.value)
        _org(child, "provider-org", planned.provider, "provider_activity_id")
        _org(child, "receiver-org", planned.receiver, "receiver_activity_id")
    for transaction in activity.transactions:
        _transaction(element, transaction)
    for result in activity.results:
        _result(element, result)
    return element


def write_activities(activities: Iterable[m.Activity], *, generated_datetime: dt.datetime | None = None,
                     linked_data_default: str | None = None) -> bytes:
    """An ``iati-activities`` document of version 2.03 holding ``activities``, as UTF-8 bytes.

    Raises ``IatiWriteError`` for the first activity the 2.03 schema refuses (nothing is returned then).
    ``generated_datetime`` is written only when given, so two exports of the same data are the same bytes.
    """
    buffer = io.BytesIO()
    with etree.xmlfile(buffer, encoding="utf-8") as document:
        document.write_declaration()
        root = _attributes(version=SCHEMA_VERSION, generated_datetime=generated_datetime,
                           linked_data_default=linked_data_default)
        with document.element("iati-activities", root):
            document.write("\n")
            for activity in activities:
                element = activity_element(activity)
                problems = list(check_activity(element, identifier=activity.identifier))
                if problems:
                    raise IatiWriteError(activity.identifier, problems)
                etree.indent(element, space=" ", level=1)
                document.write(" ", element, "\n", pretty_print=False)
    return buffer.getvalue() + b"\n"
