"""IATI activity files: the shipped official files, the safe streaming reader, the mapping, the 2.03 writer.

Expected figures are computed here from the XML with XPath (``lxml.etree.parse`` + ``xpath``), independently of
``dashboard.standards.iati.reader``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections import Counter
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from lxml import etree

from dashboard.standards.iati import model as m
from dashboard.standards.iati.codelists import SHIPPED, codelist
from dashboard.standards.iati.reader import ActivityReader, read_all
from dashboard.standards.iati.schema import validate_document
from dashboard.standards.iati.writer import IatiWriteError, write_activities
from dashboard.standards.problems import FileRefusedError, Severity

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus" / "iati"
FILES = ("canada-activity.xml", "3fi-activity.xml", "activity-standard-example-annotated-2.03.xml")
DATA = ROOT / "dashboard" / "standards" / "iati" / "data"


def data(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def xml(name: str) -> etree._ElementTree:
    return etree.parse(str(CORPUS / name))


def total(activity: etree._Element, path: str) -> Decimal:
    return sum((Decimal(text.strip()) for text in activity.xpath(path)), Decimal(0))


# ---------------------------------------------------------------------------------------------------------
# The shipped files
# ---------------------------------------------------------------------------------------------------------


def test_shipped_schemas_are_the_ones_source_md_names() -> None:
    source = (DATA / "SOURCE.md").read_text(encoding="utf-8")
    assert "4c9ba1e84815f57a4ffab03fdbd551ae4c71d08c" in source and "version 2.03" in source.lower()
    listed = dict(reversed(line.split()) for line in re.findall(r"^[0-9a-f]{64}  \S+$", source, re.M))
    assert set(listed) == {f"schema-2.03/{name}" for name in ("iati-activities-schema.xsd", "iati-common.xsd",
                                                               "xml.xsd")}
    for path, digest in listed.items():
        assert hashlib.sha256((DATA / path).read_bytes()).hexdigest() == digest, path
    assert "IATI-Guidance" in (DATA / "schema-2.03" / "LICENSE").read_text()
    for name in SHIPPED:
        assert name in source, name
        assert (DATA / "codelists" / f"{name}.xml").is_file(), name


def test_shipped_files_are_package_data() -> None:
    """Every file under data/ matches a package-data pattern of pyproject.toml, so an installed copy has it."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for package in ("dashboard.standards.iati", "dashboard.standards.scdl"):
        patterns = config["tool"]["setuptools"]["package-data"][package]
        folder = ROOT / Path(*package.split("."))
        files = [path.relative_to(folder) for path in (folder / "data").rglob("*") if path.is_file()]
        assert files
        for path in files:
            assert any(path.match(pattern) for pattern in patterns), (package, path)
    # And the package finds them through importlib.resources, as the reader does.
    assert resources.files("dashboard.standards.iati").joinpath("data").joinpath("codelists").is_dir()


def test_codelists_give_codes_and_bilingual_names() -> None:
    types = codelist("OrganisationType")
    assert {"10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80",
            "90"} <= types.codes
    assert types.label("10", "fr") == "Gouvernement" and types.label("10", "en") == "Government"
    assert types.label("11", "fr") == "Local Government"  # no French name in the codelist: English
    assert codelist("TransactionType").label("1", "fr") == "Fonds entrants"
    assert "EUR" in codelist("Currency") and "XPF" in codelist("Currency")
    assert codelist("IndicatorMeasure").codes == {"1", "2", "3", "4", "5"}
    with pytest.raises(KeyError):
        codelist("SectorVocabularyNotShipped")


# ---------------------------------------------------------------------------------------------------------
# The real files, figures computed from the XML
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_money_of_each_real_file_is_read_exactly(name: str) -> None:
    header, activities, reader = read_all(data(name))
    assert header.version == "2.03"
    assert reader.error_count == 0
    elements = xml(name).xpath("//iati-activity")
    assert len(activities) == len(elements)
    for activity, element in zip(activities, elements, strict=True):
        assert activity.identifier == element.findtext("iati-identifier").strip()
        budgets = sum((item.value.amount for item in activity.budgets), Decimal(0))
        assert budgets == total(element, "budget/value/text()")
        for code in [str(number) for number in range(1, 14)]:
            read = sum((item.value.amount for item in activity.transactions if item.type == code), Decimal(0))
            assert read == total(element, f"transaction[transaction-type/@code='{code}']/value/text()"), code
        assert sum((item.value.amount for item in activity.planned_disbursements), Decimal(0)) == total(
            element, "planned-disbursement/value/text()")
        consumed = sum((item.value.amount for item in activity.transactions if item.is_consumption), Decimal(0))
        assert consumed == total(element, "transaction[transaction-type/@code='3' or "
                                          "transaction-type/@code='4']/value/text()")
        received = sum((item.value.amount for item in activity.transactions if item.is_money_received), Decimal(0))
        assert received == total(element, "transaction[transaction-type/@code='1' or "
                                          "transaction-type/@code='11']/value/text()")
        default = element.get("default-currency")
        expected = [value.get("currency") or default for value in element.xpath("budget/value | transaction/value")]
        assert [item.value.currency for item in (*activity.budgets, *activity.transactions)] == expected


def test_canada_file_figures_and_bilingual_texts() -> None:
    (activity,) = read_all(data("canada-activity.xml"))[1]
    element = xml("canada-activity.xml").xpath("//iati-activity")[0]
    # Figures the file states, as a person checking the publisher's page would add them up.
    assert sum(item.value.amount for item in activity.budgets) == Decimal(19582333)
    assert sum(item.value.amount for item in activity.transactions if item.is_consumption) == Decimal(18788937)
    assert [item.value.amount for item in activity.transactions if item.type == "2"] == [Decimal(19570705)]
    assert all(item.value.currency == "CAD" for item in activity.budgets)
    assert all(item.type == m.BUDGET_ORIGINAL and item.status == m.BUDGET_COMMITTED for item in activity.budgets)
    assert m.text_in(activity.title, "en") == element.xpath("title/narrative[@xml:lang='EN']/text()")[0]
    assert m.text_in(activity.title, "fr") == element.xpath("title/narrative[@xml:lang='FR']/text()")[0]
    assert m.text_in(activity.description(), "fr").startswith("Le projet appuie le renforcement")
    assert activity.status == "2"
    assert activity.date(m.DATE_ACTUAL_START) == dt.date(2016, 1, 20)
    assert activity.date(m.DATE_PLANNED_END) == dt.date(2021, 9, 30)
    assert activity.date(m.DATE_PLANNED_START) is None
    orgs = {(org.ref, org.role, org.type) for org in activity.participating_orgs}
    assert orgs == {(org.get("ref"), org.get("role"), org.get("type"))
                    for org in element.iterfind("participating-org")}
    assert activity.reporting_org.ref == "CA-3" and activity.reporting_org.type == "10"
    assert m.text_in(activity.reporting_org.name, "fr").startswith("Affaires étrangères")
    countries = {item.code: item.percentage for item in activity.recipient_countries}
    assert countries == {item.get("code"): Decimal(item.get("percentage"))
                         for item in element.iterfind("recipient-country")}
    assert [(item.code, item.vocabulary, item.percentage) for item in activity.sectors] == [
        (item.get("code"), item.get("vocabulary"), Decimal(item.get("percentage")))
        for item in element.iterfind("sector")]
    # Seven places named only by their GeoNames id, without coordinates (point without pos).
    assert [item.location_ids for item in activity.locations] == [
        (("G1", item.get("code")),) for item in element.xpath("location/location-id")]
    assert all(item.latitude is None for item in activity.locations)
    # Results: qualitative indicators (measure 5) whose text is their description.
    assert [indicator.measure for result in activity.results for indicator in result.indicators] == ["5", "5"]
    assert [m.text_in(result.title, "fr") for result in activity.results] == ["Résultats atteints",
                                                                             "Résultats escomptés"]


def test_danish_ngo_file_keeps_incoming_funds_apart() -> None:
    (activity,) = read_all(data("3fi-activity.xml"))[1]
    incoming = [item for item in activity.transactions if item.type == m.TRANSACTION_INCOMING_FUNDS]
    assert [item.value.amount for item in incoming] == [Decimal(12826790), Decimal(12826790)]
    assert all(item.is_money_received and not item.is_consumption for item in incoming)
    assert sum(item.value.amount for item in activity.transactions if item.is_consumption) == Decimal("7064252.79")
    # The same organisation written with and without the dashes of its identifier is kept as written.
    assert {item.receiver.ref for item in incoming} == {"DKCVR31378028", "DK-CVR-31378028"}
    assert incoming[0].provider.type == "21"
    assert activity.default_lang == "en" and m.text_in(activity.title, "en") == "SPA 2022-2025"
    assert [(item.code, item.vocabulary, item.percentage) for item in activity.sectors] == [("8.8", "8", None)]
    assert [item.recipient_country.code for item in activity.transactions][:3] == ["BD", "LB", "ZM"]


def test_annotated_example_reads_every_mapped_item() -> None:
    (activity,) = read_all(data("activity-standard-example-annotated-2.03.xml"))[1]
    assert [narrative.lang for narrative in activity.title] == ["en", "fr", "es"]  # default language applied
    assert [item.type for item in activity.descriptions] == ["1", "2", "3"]
    assert [item.type for item in activity.dates] == ["1", "2", "3"]
    assert m.text_in(activity.dates[0].narrative, "fr") == "Date prévue de début de l'activité"
    assert activity.humanitarian is True and activity.hierarchy == 1
    assert activity.last_updated == dt.datetime(2014, 9, 10, 7, 15, 37, tzinfo=dt.UTC)
    regions = [(item.code, item.vocabulary, item.vocabulary_uri, item.percentage)
               for item in activity.recipient_regions]
    assert regions == [("489", "1", None, Decimal(25)), ("A1", "99", "http://example.com/vocab.html", Decimal(25))]
    (first, second) = activity.locations
    assert (first.ref, first.latitude, first.longitude, first.exactness) == (
        "AF-KAN", Decimal("31.616944"), Decimal("65.716944"), "1")
    assert m.text_in(second.name, "en") == "Location #2 name"
    assert [item.vocabulary for item in activity.sectors] == ["2", "2", "99"]
    assert [item.percentage for item in activity.sectors] == [Decimal(50), Decimal(50), Decimal(100)]
    (planned, single) = activity.planned_disbursements
    assert planned.provider.ref == "BB-BBB-123456789" and planned.receiver.activity_id == "AA-AAA-123456789-1234"
    assert single.provider is None and single.value == m.Money(Decimal(3000), "EUR", dt.date(2014, 1, 1))
    (transaction,) = activity.transactions
    assert transaction.ref == "1234" and transaction.humanitarian is True
    assert transaction.recipient_country.code == "TM" and transaction.recipient_region.code == "616"
    assert [item.code for item in transaction.sectors] == ["111"]
    (result,) = activity.results
    (indicator,) = result.indicators
    assert (result.type, indicator.measure, indicator.ascending) == ("1", "1", True)
    (baseline,) = indicator.baselines
    assert (baseline.year, baseline.iso_date, baseline.number) == (2012, dt.date(2012, 1, 1), Decimal(10))
    assert m.text_in(baseline.comment, "en") == "Baseline comment text"
    (period,) = indicator.periods
    assert (period.period_start, period.period_end) == (dt.date(2013, 1, 1), dt.date(2013, 3, 31))
    assert [item.number for item in period.targets] == [Decimal(10)]
    assert [item.number for item in period.actuals] == [Decimal(11)]


# Where the mapping puts each element of the annotated example (the list): element path -> how many
# of them the reader kept. Every other element path of the file must be counted in ``unmapped``.
MAPPED_PATHS = {
    "iati-identifier": lambda a: 1,
    "reporting-org": lambda a: 1, "reporting-org/narrative": lambda a: len(a.reporting_org.name),
    "title": lambda a: 1, "title/narrative": lambda a: len(a.title),
    "description": lambda a: len(a.descriptions),
    "description/narrative": lambda a: sum(len(item.text) for item in a.descriptions),
    "participating-org": lambda a: len(a.participating_orgs),
    "participating-org/narrative": lambda a: sum(len(item.name) for item in a.participating_orgs),
    "activity-status": lambda a: 1,
    "activity-date": lambda a: len(a.dates),
    "activity-date/narrative": lambda a: sum(len(item.narrative) for item in a.dates),
    "recipient-country": lambda a: len(a.recipient_countries),
    "recipient-region": lambda a: len(a.recipient_regions),
    "location": lambda a: len(a.locations),
    "location/location-id": lambda a: sum(len(item.location_ids) for item in a.locations),
    "location/name": lambda a: sum(1 for item in a.locations if item.name),
    "location/name/narrative": lambda a: sum(len(item.name) for item in a.locations),
    "location/description": lambda a: sum(1 for item in a.locations if item.description),
    "location/description/narrative": lambda a: sum(len(item.description) for item in a.locations),
    "location/point": lambda a: sum(1 for item in a.locations if item.latitude is not None),
    "location/point/pos": lambda a: sum(1 for item in a.locations if item.latitude is not None),
    "location/exactness": lambda a: sum(1 for item in a.locations if item.exactness),
    "sector": lambda a: len(a.sectors),
    "sector/narrative": lambda a: sum(len(item.name) for item in a.sectors),
    "budget": lambda a: len(a.budgets),
    "budget/period-start": lambda a: len(a.budgets), "budget/period-end": lambda a: len(a.budgets),
    "budget/value": lambda a: len(a.budgets),
    "planned-disbursement": lambda a: len(a.planned_disbursements),
    "planned-disbursement/period-start": lambda a: len(a.planned_disbursements),
    "planned-disbursement/period-end": lambda a: sum(1 for item in a.planned_disbursements if item.period_end),
    "planned-disbursement/value": lambda a: len(a.planned_disbursements),
    "planned-disbursement/provider-org": lambda a: sum(1 for item in a.planned_disbursements if item.provider),
    "planned-disbursement/provider-org/narrative": lambda a: sum(
        len(item.provider.name) for item in a.planned_disbursements if item.provider),
    "planned-disbursement/receiver-org": lambda a: sum(1 for item in a.planned_disbursements if item.receiver),
    "planned-disbursement/receiver-org/narrative": lambda a: sum(
        len(item.receiver.name) for item in a.planned_disbursements if item.receiver),
    "transaction": lambda a: len(a.transactions),
    "transaction/transaction-type": lambda a: len(a.transactions),
    "transaction/transaction-date": lambda a: len(a.transactions),
    "transaction/value": lambda a: len(a.transactions),
    "transaction/description": lambda a: sum(1 for item in a.transactions if item.description),
    "transaction/description/narrative": lambda a: sum(len(item.description) for item in a.transactions),
    "transaction/provider-org": lambda a: sum(1 for item in a.transactions if item.provider),
    "transaction/provider-org/narrative": lambda a: sum(len(item.provider.name) for item in a.transactions
                                                        if item.provider),
    "transaction/receiver-org": lambda a: sum(1 for item in a.transactions if item.receiver),
    "transaction/receiver-org/narrative": lambda a: sum(len(item.receiver.name) for item in a.transactions
                                                        if item.receiver),
    "transaction/sector": lambda a: sum(len(item.sectors) for item in a.transactions),
    "transaction/recipient-country": lambda a: sum(1 for item in a.transactions if item.recipient_country),
    "transaction/recipient-region": lambda a: sum(1 for item in a.transactions if item.recipient_region),
    "result": lambda a: len(a.results),
    "result/title": lambda a: len(a.results),
    "result/title/narrative": lambda a: sum(len(item.title) for item in a.results),
    "result/description": lambda a: sum(1 for item in a.results if item.description),
    "result/description/narrative": lambda a: sum(len(item.description) for item in a.results),
    "result/indicator": lambda a: sum(len(item.indicators) for item in a.results),
    "result/indicator/title": lambda a: sum(len(item.indicators) for item in a.results),
    "result/indicator/title/narrative": lambda a: sum(len(i.title) for r in a.results for i in r.indicators),
    "result/indicator/description": lambda a: sum(1 for r in a.results for i in r.indicators if i.description),
    "result/indicator/description/narrative": lambda a: sum(len(i.description) for r in a.results
                                                            for i in r.indicators),
    "result/indicator/reference": lambda a: sum(1 for r in a.results for i in r.indicators if i.reference_code),
    "result/indicator/baseline": lambda a: sum(len(i.baselines) for r in a.results for i in r.indicators),
    "result/indicator/baseline/comment": lambda a: sum(1 for r in a.results for i in r.indicators
                                                       for b in i.baselines if b.comment),
    "result/indicator/baseline/comment/narrative": lambda a: sum(len(b.comment) for r in a.results
                                                                 for i in r.indicators for b in i.baselines),
    "result/indicator/period": lambda a: sum(len(i.periods) for r in a.results for i in r.indicators),
    "result/indicator/period/period-start": lambda a: sum(len(i.periods) for r in a.results for i in r.indicators),
    "result/indicator/period/period-end": lambda a: sum(len(i.periods) for r in a.results for i in r.indicators),
    "result/indicator/period/target": lambda a: sum(len(p.targets) for r in a.results for i in r.indicators
                                                    for p in i.periods),
    "result/indicator/period/actual": lambda a: sum(len(p.actuals) for r in a.results for i in r.indicators
                                                    for p in i.periods),
    "result/indicator/period/target/comment": lambda a: sum(1 for r in a.results for i in r.indicators
                                                            for p in i.periods for v in p.targets if v.comment),
    "result/indicator/period/target/comment/narrative": lambda a: sum(
        len(v.comment) for r in a.results for i in r.indicators for p in i.periods for v in p.targets),
    "result/indicator/period/actual/comment": lambda a: sum(1 for r in a.results for i in r.indicators
                                                            for p in i.periods for v in p.actuals if v.comment),
    "result/indicator/period/actual/comment/narrative": lambda a: sum(
        len(v.comment) for r in a.results for i in r.indicators for p in i.periods for v in p.actuals),
}


def _element_paths(activity: etree._Element) -> Counter[str]:
    paths: Counter[str] = Counter()

    def walk(element: etree._Element, prefix: str) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            path = f"{prefix}{child.tag}"
            paths[path] += 1
            walk(child, path + "/")

    walk(activity, "")
    return paths


@pytest.mark.parametrize("name", FILES)
def test_nothing_is_dropped_unseen(name: str) -> None:
    """Every element of the file is either kept (as many as the file has) or counted as unmapped, at its own
    path or at an ancestor's path (which covers it and everything inside it)."""
    activities = read_all(data(name))[1]
    for activity, element in zip(activities, xml(name).xpath("//iati-activity"), strict=True):
        unmapped = dict(activity.unmapped)
        for path, count in _element_paths(element).items():
            ancestors = [path.rsplit("/", depth)[0] for depth in range(1, path.count("/") + 1)]
            if any(ancestor in unmapped and ancestor not in MAPPED_PATHS for ancestor in ancestors):
                continue  # inside an element counted as a whole
            if path in MAPPED_PATHS:
                kept = MAPPED_PATHS[path](activity)
                assert kept + unmapped.get(path, 0) == count, (path, kept, unmapped.get(path), count)
            else:
                assert unmapped.get(path) == count, (path, unmapped.get(path), count)


def test_unmapped_attributes_are_counted_too() -> None:
    canada = read_all(data("canada-activity.xml"))[1][0]
    unmapped = dict(canada.unmapped)
    # participating-org/@crs-channel-code once, the publisher's d-portal attributes on the activity.
    assert unmapped["participating-org/@crs-channel-code"] == 1
    assert unmapped["@dstore:dataset"] == 1
    assert unmapped["transaction/flow-type"] == 13 and unmapped["policy-marker"] == 6
    example = read_all(data("activity-standard-example-annotated-2.03.xml"))[2]
    assert example.unmapped["@budget-not-provided"] == 1 and example.unmapped["@linked-data-uri"] == 1


# ---------------------------------------------------------------------------------------------------------
# Refusals: nothing read
# ---------------------------------------------------------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&lol9;</iati-identifier></iati-activity>
</iati-activities>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<iati-activities version="2.03"><iati-activity><iati-identifier>&secret;</iati-identifier></iati-activity>
</iati-activities>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE iati-activities SYSTEM "http://127.0.0.1:9/evil.dtd">
<iati-activities version="2.03"><iati-activity><iati-identifier>A</iati-identifier></iati-activity>
</iati-activities>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<iati-activities version="2.03"><iati-activity><iati-identifier>A</iati-identifier></iati-activity>
</iati-activities>"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, XXE, EXTERNAL_DTD, PARAMETER_ENTITY],
                         ids=["entity-bomb", "xxe", "external-dtd", "parameter-entity"])
def test_doctype_and_entities_are_refused_unread(document: bytes) -> None:
    with pytest.raises(FileRefusedError) as caught:
        list(ActivityReader(document))
    assert caught.value.key == "standards.iati.error.doctype"
    assert "DOCTYPE" in caught.value.message("en") and "DOCTYPE" in caught.value.message("fr")


def _minimal(version: str = "2.03", root: str = "iati-activities", extra: str = "") -> bytes:
    return (f'<{root} version="{version}" {extra}><iati-activity default-currency="EUR">'
            f'<iati-identifier>XX-1</iati-identifier><title><narrative>T</narrative></title>'
            f'</iati-activity></{root}>').encode()


@pytest.mark.parametrize(("document", "key", "line"), [
    (_minimal("1.05"), "standards.iati.error.version_1", 1),
    (_minimal("1.03"), "standards.iati.error.version_1", 1),
    (_minimal("3.0"), "standards.iati.error.version_unknown", 1),
    (b'<iati-activities><iati-activity/></iati-activities>', "standards.iati.error.no_version", 1),
    (_minimal(extra='xmlns="http://example.org/other"'), "standards.iati.error.namespace", 1),
    (_minimal(root="iati-organisations"), "standards.iati.error.organisation_file", 1),
    (b"<html><body>not iati</body></html>", "standards.iati.error.not_iati", 1),
    (b"iati-identifier;title\nXX-1;T\n", "standards.iati.error.not_xml", 1),
    (b"   \n", "standards.iati.error.empty", None),
])
def test_files_that_are_not_iati_2x_activities_are_refused(document: bytes, key: str, line: int | None) -> None:
    with pytest.raises(FileRefusedError) as caught:
        list(ActivityReader(document))
    assert caught.value.key == key
    assert caught.value.line == line
    for lang in ("en", "fr"):
        assert caught.value.message(lang)


def test_version_1_message_says_what_to_do_in_both_languages() -> None:
    with pytest.raises(FileRefusedError) as caught:
        ActivityReader(_minimal("1.05"))
    assert "1.05" in caught.value.message("en") and "2.01" in caught.value.message("en")
    assert "1.05" in caught.value.message("fr") and "2.01" in caught.value.message("fr")


def test_malformed_xml_is_refused_with_its_line() -> None:
    document = data("3fi-activity.xml")
    cut = document[: document.index(b"<transaction>", 3000)] + b"<transaction><value>12</transaction>"
    line = cut.count(b"\n") + 1
    with pytest.raises(FileRefusedError) as caught:  # when the head is read, or further down the stream
        list(ActivityReader(cut))
    assert caught.value.key == "standards.iati.error.malformed"
    assert caught.value.line == line
    assert f"Line {line}" in caught.value.message("en") and f"Ligne {line}" in caught.value.message("fr")


@pytest.mark.parametrize("version", ["2.01", "2.02", "2.03"])
def test_versions_2_01_to_2_03_are_read(version: str) -> None:
    document = data("3fi-activity.xml").replace(b'version="2.03"', f'version="{version}"'.encode(), 1)
    header, activities, reader = read_all(document)
    assert header.version == version
    assert [item.identifier for item in activities] == ["DK-CVR-31378028-SPA-2020"]
    assert reader.error_count == 0


# ---------------------------------------------------------------------------------------------------------
# Problems: schema findings with their lines, errors for what has no meaning
# ---------------------------------------------------------------------------------------------------------


def test_schema_findings_name_their_line_and_the_rest_is_still_read() -> None:
    source = data("3fi-activity.xml")
    # The activity-status moved after the activity-date (the schema's order is status, then dates).
    moved = source.replace(b'<activity-status code="2"/>\n', b"", 1).replace(
        b'<activity-date type="2" iso-date="2022-01-01"/>',
        b'<activity-date type="2" iso-date="2022-01-01"/>\n    <activity-status code="2"/>', 1)
    lines = moved.decode().splitlines()
    # The schema names the first element out of its order: the activity-date, where the status was expected.
    date_line = next(number for number, text in enumerate(lines, 1) if "activity-date" in text)
    _header, (activity,), reader = read_all(moved)
    assert [(problem.line, problem.key) for problem in reader.problems] == [
        (date_line, "standards.iati.schema.unexpected_element")]
    (problem,) = reader.problems
    assert problem.severity == Severity.warning and reader.error_count == 0
    assert problem.where == "iati-activity[1]/activity-date"
    assert "activity-date" in problem.message("en") and "activity-status" in problem.message("en")
    assert "Schéma 2.03" in problem.message("fr")
    assert activity.status == "2"  # what the standard makes meaningful is read all the same
    # A date with a time, which is no xsd:date: reported at its line, the date still read.
    timed = source.replace(b'<period-end iso-date="2022-12-31"/>', b'<period-end iso-date="2022-12-31T00:00:00"/>', 1)
    end_line = next(number for number, text in enumerate(timed.decode().splitlines(), 1) if "T00:00:00" in text)
    _header, (activity,), reader = read_all(timed)
    assert [(problem.line, problem.key) for problem in reader.problems] == [
        (end_line, "standards.iati.schema.bad_attribute_value")]
    assert reader.problems[0].values["value"] == "2022-12-31T00:00:00"
    assert activity.budgets[0].period_end == dt.date(2022, 12, 31)


def test_money_that_cannot_be_read_is_an_error_with_its_line() -> None:
    document = data("3fi-activity.xml").replace(b">25653580</value>", b">25,653,580</value>", 1)
    line = next(number for number, text in enumerate(document.decode().splitlines(), 1) if "25,653,580" in text)
    _header, (activity,), reader = read_all(document, validate=False)
    (problem,) = [problem for problem in reader.problems if problem.is_error]
    assert (problem.line, problem.key, problem.where) == (line, "standards.iati.error.not_a_number",
                                                          "iati-activity[1]/budget[1]/value")
    assert problem.activity == "DK-CVR-31378028-SPA-2020"
    assert activity.budgets == ()  # the budget is not guessed


def test_defaults_of_the_standard_are_applied() -> None:
    document = b"""<iati-activities version="2.03"><iati-activity xml:lang="fr" default-currency="XPF">
    <iati-identifier>FR-1</iati-identifier><title><narrative>Titre</narrative><narrative xml:lang="EN">Title
    </narrative></title>
    <budget><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
    <value value-date="2024-01-01">1000.50</value></budget>
    <budget type="2"><period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
    <value currency="EUR">900</value></budget>
    <transaction><transaction-type code="99"/><transaction-date iso-date="2024-02-01"/>
    <value value-date="2024-02-01">5</value></transaction>
    <transaction ref="R"><transaction-type code="4"/><value value-date="2024-03-01">7</value></transaction>
    </iati-activity></iati-activities>"""
    _header, (activity,), reader = read_all(document, validate=False)
    assert activity.title == (m.Narrative("Titre", "fr"), m.Narrative("Title", "en"))
    original, revised = activity.budgets
    assert (original.type, original.status, original.value.currency) == ("1", "1", "XPF")  # type 1, indicative
    assert (revised.type, revised.value.currency, revised.value.value_date) == ("2", "EUR", None)
    assert "standards.iati.warning.no_value_date" in {problem.key for problem in reader.problems}
    # An unknown transaction type is left out and told; a transaction without date takes its value date.
    (transaction,) = activity.transactions
    assert (transaction.ref, transaction.date) == ("R", dt.date(2024, 3, 1))
    keys = Counter(problem.key for problem in reader.problems)
    assert keys["standards.iati.warning.transaction_type_skipped"] == 1
    assert keys["standards.iati.warning.transaction_date_from_value_date"] == 1
    assert dict(activity.unmapped)["transaction[type=99]"] == 1


def test_an_activity_without_identifier_is_an_error() -> None:
    document = b'<iati-activities version="2.03"><iati-activity><title><narrative>T</narrative></title>' \
               b'</iati-activity></iati-activities>'
    _header, activities, reader = read_all(document)
    assert activities == []
    assert "standards.iati.error.no_identifier" in {problem.key for problem in reader.problems if problem.is_error}


def test_transaction_references_are_kept_whole() -> None:
    reference = "REF-" + "x" * 400
    document = data("3fi-activity.xml").replace(b"<transaction>", f'<transaction ref="{reference}">'.encode(), 1)
    activity = read_all(document)[1][0]
    assert activity.transactions[0].ref == reference


def test_the_stream_frees_each_activity_once_read() -> None:
    """A many-activity file never stands whole in memory: the root holds at most the activity being read."""
    one = data("3fi-activity.xml")
    body = one[one.index(b"<iati-activity "): one.index(b"</iati-activities>")]
    copies = [body.replace(b"DK-CVR-31378028-SPA-2020", f"DK-CVR-31378028-SPA-{index}".encode(), 1)
              for index in range(300)]
    document = b'<iati-activities version="2.03">' + b"".join(copies) + b"</iati-activities>"
    reader = ActivityReader(document)
    seen = 0
    for activity in reader:
        seen += 1
        # The activity being read, and those the parser has begun while filling its read buffer.
        assert len(reader._root) <= 10
        assert activity.identifier == f"DK-CVR-31378028-SPA-{seen - 1}"
    assert seen == reader.activity_count == 300


# ---------------------------------------------------------------------------------------------------------
# The writer
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_written_file_validates_and_reads_back_the_same(name: str) -> None:
    activities = read_all(data(name))[1]
    written = write_activities(activities)
    document = etree.fromstring(written)
    assert document.get("version") == "2.03"
    assert validate_document(document) == []
    again = read_all(written)
    assert again[1] == activities
    assert not again[1][0].unmapped  # everything written has its place
    # No new problem: at most the codes outside their codelist the source already had (kept as written).
    source_problems = {problem.key for problem in read_all(data(name))[2].problems}
    assert {problem.key for problem in again[2].problems} <= source_problems - {
        key for key in source_problems if key.startswith("standards.iati.schema.")}
    assert write_activities(again[1]) == written  # deterministic: the same bytes


def test_written_amounts_and_languages() -> None:
    activities = read_all(data("canada-activity.xml"))[1]
    document = etree.fromstring(write_activities(activities))
    assert document.xpath("sum(//budget/value)") == 19582333
    assert document.xpath("//title/narrative[@xml:lang='fr']/text()")[0].startswith("Partenariats")
    assert document.xpath("//activity/@generated-datetime") == []
    stamp = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
    document = etree.fromstring(write_activities(activities, generated_datetime=stamp))
    assert document.get("generated-datetime") == "2026-11-30T12:00:00+00:00"


def test_writer_refuses_what_the_schema_refuses() -> None:
    activity = read_all(data("3fi-activity.xml"))[1][0]
    from dataclasses import replace

    with pytest.raises(IatiWriteError) as caught:
        write_activities([replace(activity, dates=())])
    assert caught.value.identifier == activity.identifier
    # The schema expected an activity-date where the next element (a sector) stands.
    assert [(problem.key, problem.values["expected"]) for problem in caught.value.problems] == [
        ("standards.iati.schema.unexpected_element", "activity-date")]


def test_writer_fills_required_texts_with_empty_narratives_read_back_as_none() -> None:
    from dataclasses import replace

    activity = replace(read_all(data("3fi-activity.xml"))[1][0], descriptions=())
    written = write_activities([activity])
    assert validate_document(etree.fromstring(written)) == []
    assert read_all(written)[1] == [activity]


def test_generated_benchmark_file_is_valid_iati_and_reads_back() -> None:
    from dashboard.standards.iati.sample import activities, generate

    document = generate(12)
    header, read, reader = read_all(document)
    assert header.version == "2.03" and reader.problem_count == 0
    assert read == list(activities(12))
    assert generate(12) == document  # deterministic
    assert {item.default_currency for item in read} >= {"EUR", "USD", "XPF"}
    assert any(budget.type == m.BUDGET_REVISED for item in read for budget in item.budgets)


def test_problems_are_grouped_by_kind_for_the_preview() -> None:
    from dashboard.standards.problems import grouped

    reader = read_all(data("canada-activity.xml"))[2]
    (group,) = grouped(reader.problems)
    assert (group.key, group.count, group.lines) == ("standards.iati.schema.missing_child", 7, (2,))
    assert "pos" in group.message("fr")


def test_xml_broken_far_down_the_stream_is_refused_with_its_line() -> None:
    from dashboard.standards.iati.sample import generate

    document = generate(30)
    cut = document[: document.rindex(b"<transaction ")] + b"<transaction><value>12</transaction>"
    line = cut.count(b"\n") + 1
    reader = ActivityReader(cut)  # the head is fine
    with pytest.raises(FileRefusedError) as caught:
        list(reader)
    assert (caught.value.key, caught.value.line) == ("standards.iati.error.malformed", line)
