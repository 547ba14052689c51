"""Reading IATI activity XML (versions 2.01, 2.02, 2.03) as a stream, safely.

``ActivityReader(data)`` checks the file's head at once and raises ``FileRefusedError`` (nothing read) when
the file is not XML, declares a DOCTYPE or entities (entity-expansion bombs, external entities: XXE), is not an
``iati-activities`` document, sits in an XML namespace, or is of IATI version 1.x or an unknown version.
Iterating it yields one ``Activity`` at a time; each activity's element is freed once read, so memory stays
bounded whatever the file's size. Parsing uses lxml with entity resolution, DTD loading and network access
off, and no ``huge_tree`` (libxml2's own limits on depth and text size stay on).

While iterating, ``problems`` fills with what is wrong: *warnings* (the shipped 2.03 schema's findings, codes
outside their codelist, defaults the standard supplies) and *errors* (an item the standard makes meaningless:
an activity without identifier, an amount that is not a number, a budget without its period). Errors mean the
upload must be refused; warnings are listed. ``unmapped`` counts, by path, what the product has no place for.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from lxml import etree

from dashboard.core.coordinates import CoordinateProblem, point_problem
from dashboard.standards.iati import model as m
from dashboard.standards.iati.codelists import XML_LANG, codelist
from dashboard.standards.iati.schema import check_activity
from dashboard.standards.problems import FileRefusedError, Problem, Severity

ACCEPTED_VERSIONS = ("2.01", "2.02", "2.03")
ROOT = "iati-activities"
ACTIVITY = "iati-activity"
PROBLEM_LIMIT = 5000  # problems kept for display; all are counted
HEAD_CHUNK = 65536
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_TRUE, _FALSE = frozenset({"1", "true"}), frozenset({"0", "false"})
SAFE_PARSING: dict[str, object] = {
    "resolve_entities": False,  # never expand an entity: no bomb, no external file
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,  # keep libxml2's limits on depth and text size
    "remove_comments": True,
    "remove_pis": True,
}


@dataclass(frozen=True)
class FileHeader:
    """What the ``iati-activities`` element says: version and generation time as written."""

    version: str
    generated_datetime: str | None
    linked_data_default: str | None


class ActivityReader:
    """The activities of one IATI file, read one at a time (see the module's docstring)."""

    def __init__(self, data: bytes, *, validate: bool = True) -> None:
        if not data.strip():
            raise FileRefusedError("standards.iati.error.empty")
        self._validate = validate
        self._data = data
        self.problems: list[Problem] = []
        self.problem_count = 0
        self.error_count = 0
        self.unmapped: Counter[str] = Counter()
        self.activity_count = 0
        self._started = False
        self.header = self._read_head()

    # -- the head -------------------------------------------------------------------------------------------

    def _next(self) -> tuple[str, etree._Element]:
        try:
            return next(self._events)
        except etree.XMLSyntaxError as error:
            raise _syntax_refusal(error) from None

    def _root_element(self) -> etree._Element:
        """The root element as soon as its start tag is parsed (a pull parser fed the file piece by piece):
        the file's head is judged before anything else of it is read."""
        parser = etree.XMLPullParser(events=("start",), **SAFE_PARSING)
        view = memoryview(self._data)
        try:
            for start in range(0, len(self._data), HEAD_CHUNK):
                parser.feed(bytes(view[start : start + HEAD_CHUNK]))
                for _event, element in parser.read_events():
                    return element
            parser.close()
        except etree.XMLSyntaxError as error:
            raise _syntax_refusal(error) from None
        raise FileRefusedError("standards.iati.error.not_xml", line=1, detail="")

    def _read_head(self) -> FileHeader:
        root = self._root_element()
        self._root_line = root.sourceline
        info = root.getroottree().docinfo
        # The DOCTYPE (and its entity declarations) is parsed before the root element starts: refuse it here,
        # before any entity could be referenced. IATI files never declare one.
        if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
            raise FileRefusedError("standards.iati.error.doctype", line=1)
        qname = etree.QName(root)
        if qname.namespace is not None:
            raise FileRefusedError("standards.iati.error.namespace", line=root.sourceline,
                                   namespace=qname.namespace, root=qname.localname)
        if qname.localname == "iati-organisations":
            raise FileRefusedError("standards.iati.error.organisation_file", line=root.sourceline)
        if qname.localname != ROOT:
            raise FileRefusedError("standards.iati.error.not_iati", line=root.sourceline, root=qname.localname)
        version = (root.get("version") or "").strip()
        if not version:
            raise FileRefusedError("standards.iati.error.no_version", line=root.sourceline)
        if version.startswith("1."):
            raise FileRefusedError("standards.iati.error.version_1", line=root.sourceline, version=version)
        if version not in ACCEPTED_VERSIONS:
            raise FileRefusedError("standards.iati.error.version_unknown", line=root.sourceline, version=version,
                                   versions=", ".join(ACCEPTED_VERSIONS))
        for name in root.attrib:
            if name not in ("version", "generated-datetime", "linked-data-default"):
                self.unmapped[f"{ROOT}/@{_name(root, name)}"] += 1
        self._default_lang = _lang(root.get(XML_LANG))
        # The activities are read by a second parser that reports only their ends: no Python work for each of
        # the file's other elements (a 50 MB file holds about a million).
        self._events = etree.iterparse(io.BytesIO(self._data), events=("end",), tag=ACTIVITY, **SAFE_PARSING)
        return FileHeader(version, root.get("generated-datetime"), root.get("linked-data-default"))

    # -- the activities -------------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[m.Activity]:
        if self._started:
            raise RuntimeError("an ActivityReader is read once")
        self._started = True
        root = None
        while True:
            try:
                _event, element = self._next()
            except StopIteration:
                break
            parent = element.getparent()
            if parent is None or parent.getparent() is not None:
                continue  # an activity inside another element: not one of the file's (the schema says so)
            root = parent
            self._root = root
            self._count_other_children(root, element)
            self.activity_count += 1
            activity = self._activity(element, self.activity_count)
            if activity is not None:
                yield activity
            # Free what is read: the activity, and the siblings before it.
            element.clear()
            del root[0]
        if root is not None:
            self._count_other_children(root, None)
        if self.activity_count == 0:
            self._add(Problem(self._root_line, ROOT, "standards.iati.error.no_activities"))

    def _count_other_children(self, root: etree._Element, upto: etree._Element | None) -> None:
        """Count (as unmapped) and free the root's children before ``upto`` (all of them when None): other
        namespaces' elements a publisher put between its activities."""
        while len(root) and root[0] is not upto:
            child = root[0]
            if isinstance(child.tag, str) and child.tag != ACTIVITY:
                self.unmapped[f"{ROOT}/{_name(child, child.tag)}"] += 1
            del root[0]

    def _add(self, problem: Problem) -> None:
        self.problem_count += 1
        if problem.is_error:
            self.error_count += 1
        if len(self.problems) < PROBLEM_LIMIT:
            self.problems.append(problem)

    def _activity(self, element: etree._Element, index: int) -> m.Activity | None:
        prefix = f"{ACTIVITY}[{index}]"
        identifier = " ".join((element.findtext("iati-identifier") or "").split()) or None
        if self._validate:
            for problem in check_activity(element, prefix=prefix, identifier=identifier):
                self._add(problem)
        walker = _ActivityWalker(element, prefix, identifier, self._default_lang, self._add)
        activity = walker.read()
        self.unmapped.update(dict(activity.unmapped) if activity is not None else walker.unmapped)
        return activity


def read_all(data: bytes, *, validate: bool = True) -> tuple[FileHeader, list[m.Activity], ActivityReader]:
    """Every activity of a (small) file at once, with the reader (problems, unmapped counts)."""
    reader = ActivityReader(data, validate=validate)
    activities = list(reader)
    return reader.header, activities, reader


def _syntax_refusal(error: etree.XMLSyntaxError) -> FileRefusedError:
    line = error.lineno or None
    detail = str(error.msg or error).strip()
    if "Start tag expected" in detail or "Document is empty" in detail:
        return FileRefusedError("standards.iati.error.not_xml", line=line, detail=detail)
    if "Detected an entity reference loop" in detail or ("entity" in detail.lower() and "amplification" in detail):
        return FileRefusedError("standards.iati.error.doctype", line=line)
    return FileRefusedError("standards.iati.error.malformed", line=line, detail=detail)


def _name(element: etree._Element, qname: str) -> str:
    """An element or attribute name as the file writes it: ``prefix:local`` for a namespaced one."""
    if not qname.startswith("{"):
        return qname
    namespace, local = qname[1:].split("}", 1)
    if namespace == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{local}"
    prefix = next((key for key, value in (element.nsmap or {}).items() if value == namespace and key), None)
    return f"{prefix}:{local}" if prefix else f"{{{namespace}}}{local}"


def _lang(value: str | None) -> str | None:
    """An ``xml:lang`` as the ISO 639-1 code the product uses: "EN", "en-GB" → "en"."""
    if not value or not value.strip():
        return None
    return value.strip().split("-")[0].split("_")[0].lower()


def _date(text: str | None) -> dt.date | None:
    """An ``xsd:date`` (``2016-01-20``, also with a time zone or a time after it, which the schema check
    reports), or None."""
    if not text:
        return None
    match = _DATE.match(text.strip())
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _datetime(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _bool(text: str | None) -> bool | None:
    """An ``xsd:boolean`` ("1", "0", "true", "false"), or None when absent or not one."""
    if text is None:
        return None
    value = text.strip().lower()
    return True if value in _TRUE else False if value in _FALSE else None


class _ActivityWalker:
    """Reads one activity element into an ``Activity``, counting what has no place and noting problems.

    Each ``_read_*`` method reads the attributes and children it knows and hands the element to ``_rest``,
    which counts every other attribute and child by path (``transaction/flow-type``).
    """

    def __init__(self, element: etree._Element, prefix: str, identifier: str | None, file_lang: str | None,
                 add: Callable[[Problem], None]) -> None:
        self.element = element
        self.prefix = prefix
        self.identifier = identifier
        self.add = add
        self.unmapped: Counter[str] = Counter()
        self.lang = _lang(element.get(XML_LANG)) or file_lang
        currency = (element.get("default-currency") or "").strip().upper() or None
        self.default_currency = currency

    # -- helpers --------------------------------------------------------------------------------------------

    def problem(self, element: etree._Element | None, where: str, key: str, severity: Severity = Severity.error,
                **values: object) -> None:
        line = element.sourceline if element is not None else self.element.sourceline
        self.add(Problem(line, f"{self.prefix}/{where}" if where else self.prefix, key, values, severity,
                         self.identifier))

    def warn(self, element: etree._Element | None, where: str, key: str, **values: object) -> None:
        self.problem(element, where, key, Severity.warning, **values)

    def _rest(self, element: etree._Element, path: str, attributes: tuple[str, ...] = (),
              children: tuple[str, ...] = ()) -> None:
        """Count the attributes and children of ``element`` (at ``path``) that are not in the lists."""
        base = f"{path}/" if path else ""
        for name in element.attrib:
            if name not in attributes:
                self.unmapped[f"{base}@{_name(element, name)}"] += 1
        for child in element:
            if not isinstance(child.tag, str):
                continue
            if child.tag not in children:
                self.unmapped[f"{base}{_name(child, child.tag)}"] += 1

    def code(self, element: etree._Element, where: str, attribute: str, list_name: str | None,
             required: bool = True) -> str | None:
        """A code attribute, checked against its codelist (a code outside it is kept and reported)."""
        value = (element.get(attribute) or "").strip() or None
        if value is None:
            if required:
                self.warn(element, f"{where}/@{attribute}", "standards.iati.warning.missing_code", attribute=attribute)
            return None
        if list_name is not None and value not in codelist(list_name):
            self.warn(element, f"{where}/@{attribute}", "standards.iati.warning.unknown_code", code=value,
                      codelist=list_name)
        return value

    def text(self, element: etree._Element | None, path: str) -> m.Text:
        """The narratives of a text element (title, description, name...), languages resolved."""
        if element is None:
            return ()
        narratives = []
        for child in element:
            if child.tag != "narrative":
                continue
            text = " ".join("".join(child.itertext()).split()) if len(child) else " ".join((child.text or "").split())
            if len(child):
                self.unmapped[f"{path}/narrative/*"] += len(child)
            for name in child.attrib:
                if name != XML_LANG:
                    self.unmapped[f"{path}/narrative/@{_name(child, name)}"] += 1
            if text:
                narratives.append(m.Narrative(text, _lang(child.get(XML_LANG)) or self.lang))
        # IATI 1.x wrote the text straight in the element; a 2.x file doing so is read, and told.
        loose = " ".join((element.text or "").split())
        if loose and not narratives:
            self.warn(element, path, "standards.iati.warning.text_outside_narrative")
            narratives.append(m.Narrative(loose, self.lang))
        return tuple(narratives)

    def money(self, element: etree._Element | None, where: str, path: str) -> m.Money | None:
        """A ``value`` element (at ``path``); None, with an error, when the amount or its currency cannot be
        known: a figure the product would otherwise get wrong."""
        if element is None:
            self.problem(None, where, "standards.iati.error.no_value")
            return None
        self._rest(element, path, ("currency", "value-date"))
        amount = m.parse_decimal(element.text)
        if amount is None:
            self.problem(element, where, "standards.iati.error.not_a_number", value=(element.text or "").strip()[:80])
            return None
        currency = (element.get("currency") or "").strip().upper() or self.default_currency
        if currency is None:
            self.problem(element, where, "standards.iati.error.no_currency")
            return None
        if currency not in codelist("Currency"):
            self.problem(element, where, "standards.iati.error.unknown_currency", currency=currency)
            return None
        value_date = _date(element.get("value-date"))
        if value_date is None:
            self.warn(element, where, "standards.iati.warning.no_value_date")
        return m.Money(amount, currency, value_date)

    def org(self, element: etree._Element | None, path: str, activity_attribute: str | None) -> m.OrgRef | None:
        if element is None:
            return None
        known = ("ref", "type") + ((activity_attribute,) if activity_attribute else ())
        self._rest(element, path, known, ("narrative",))
        org_type = self.code(element, path, "type", "OrganisationType", required=False)
        ref = " ".join((element.get("ref") or "").split()) or None
        activity_id = None
        if activity_attribute is not None:
            activity_id = " ".join((element.get(activity_attribute) or "").split()) or None
        return m.OrgRef(ref, org_type, self.text(element, path), activity_id)

    def percentage(self, element: etree._Element, where: str) -> Decimal | None:
        text = element.get("percentage")
        if text is None:
            return None
        value = m.parse_decimal(text)
        if value is None or not 0 <= value <= 100:
            self.warn(element, f"{where}/@percentage", "standards.iati.warning.bad_percentage", value=text.strip())
            return None
        return value

    # -- the activity ---------------------------------------------------------------------------------------

    def read(self) -> m.Activity | None:
        element = self.element
        if not self.identifier:
            self.problem(element.find("iati-identifier"), "iati-identifier", "standards.iati.error.no_identifier")
            return None
        extension = tuple((name, (element.get(f"{{{m.EXTENSION_NAMESPACE}}}{name}") or "").strip())
                          for name in m.MONEY_SOURCE_ATTRIBUTES
                          if (element.get(f"{{{m.EXTENSION_NAMESPACE}}}{name}") or "").strip())
        known_attributes = ("default-currency", XML_LANG, "humanitarian", "hierarchy", "last-updated-datetime",
                            *(f"{{{m.EXTENSION_NAMESPACE}}}{name}" for name in m.MONEY_SOURCE_ATTRIBUTES))
        self._rest(element, "", known_attributes, KNOWN_ACTIVITY_CHILDREN)
        if element.find("iati-identifier") is not None:
            self._rest(element.find("iati-identifier"), "iati-identifier")
        titles = element.findall("title")
        title = self.text(titles[0], "title") if titles else ()
        if titles:
            self._rest(titles[0], "title", (), ("narrative",))
        # The schema allows one title (a second one is also in its findings): the others have no place.
        self.unmapped.update({"title": len(titles) - 1} if len(titles) > 1 else {})
        counts: Counter[str] = Counter()

        def where(tag: str) -> str:
            counts[tag] += 1
            return f"{tag}[{counts[tag]}]"

        reporting = element.find("reporting-org")
        reporting_org = None
        if reporting is not None:
            self._rest(reporting, "reporting-org", ("ref", "type", "secondary-reporter"), ("narrative",))
            reporting_org = m.ReportingOrg(
                " ".join((reporting.get("ref") or "").split()) or None,
                self.code(reporting, "reporting-org", "type", "OrganisationType", required=False),
                self.text(reporting, "reporting-org"), None, _bool(reporting.get("secondary-reporter")))
        descriptions = []
        for child in element.iterfind("description"):
            self._rest(child, "description", ("type",), ("narrative",))
            text = self.text(child, "description")
            if text:  # an empty description (the schema requires one) says nothing
                descriptions.append(m.Description((child.get("type") or m.DESCRIPTION_GENERAL).strip(), text))
        status_element = element.find("activity-status")
        status = None
        if status_element is not None:
            self._rest(status_element, "activity-status", ("code",))
            status = self.code(status_element, "activity-status", "code", "ActivityStatus")
        dates = []
        for child in element.iterfind("activity-date"):
            place = where("activity-date")
            self._rest(child, "activity-date", ("type", "iso-date"), ("narrative",))
            date_type = self.code(child, place, "type", "ActivityDateType")
            value = _date(child.get("iso-date"))
            if date_type is None or value is None:
                self.warn(child, place, "standards.iati.warning.date_skipped")
                continue
            dates.append(m.ActivityDate(date_type, value, self.text(child, "activity-date")))
        participating = []
        for child in element.iterfind("participating-org"):
            place = where("participating-org")
            self._rest(child, "participating-org", ("ref", "type", "role", "activity-id"), ("narrative",))
            role = self.code(child, place, "role", "OrganisationRole")
            ref = " ".join((child.get("ref") or "").split()) or None
            name = self.text(child, "participating-org")
            if role is None or (ref is None and not name):
                self.warn(child, place, "standards.iati.warning.organisation_skipped")
                self.unmapped["participating-org"] += 1
                continue
            participating.append(m.ParticipatingOrg(
                ref, self.code(child, place, "type", "OrganisationType", required=False), name,
                " ".join((child.get("activity-id") or "").split()) or None, role))
        countries = tuple(self._country(child, where("recipient-country"), "recipient-country")
                          for child in element.iterfind("recipient-country"))
        regions = tuple(self._region(child, where("recipient-region"), "recipient-region")
                        for child in element.iterfind("recipient-region"))
        sectors = tuple(self._sector(child, where("sector"), "sector") for child in element.iterfind("sector"))
        locations = tuple(self._location(child, where("location")) for child in element.iterfind("location"))
        budgets = tuple(budget for child in element.iterfind("budget")
                        if (budget := self._budget(child, where("budget"))) is not None)
        planned = tuple(disbursement for child in element.iterfind("planned-disbursement")
                        if (disbursement := self._planned(child, where("planned-disbursement"))) is not None)
        transactions = tuple(transaction for child in element.iterfind("transaction")
                             if (transaction := self._transaction(child, where("transaction"))) is not None)
        results = tuple(result for child in element.iterfind("result")
                        if (result := self._result(child, where("result"))) is not None)
        hierarchy_text = (element.get("hierarchy") or "").strip()
        return m.Activity(
            identifier=self.identifier,
            reporting_org=reporting_org,
            title=title,
            descriptions=tuple(descriptions),
            status=status,
            dates=tuple(dates),
            participating_orgs=tuple(participating),
            recipient_countries=tuple(item for item in countries if item is not None),
            recipient_regions=tuple(item for item in regions if item is not None),
            locations=locations,
            sectors=tuple(item for item in sectors if item is not None),
            budgets=budgets,
            planned_disbursements=planned,
            transactions=transactions,
            results=results,
            default_currency=self.default_currency,
            default_lang=_lang(element.get(XML_LANG)),
            humanitarian=_bool(element.get("humanitarian")),
            hierarchy=int(hierarchy_text) if hierarchy_text.isdigit() else None,
            last_updated=_datetime(element.get("last-updated-datetime")),
            money_sources=extension,
            unmapped=tuple(sorted(self.unmapped.items())),
            line=element.sourceline,
        )

    # -- places and sectors ---------------------------------------------------------------------------------

    # Percentages are the activity's split between countries, regions or sectors; a transaction's country,
    # region or sector has none in the schema (so a percentage there is counted as unmapped).

    def _country(self, element: etree._Element, place: str, path: str, *, shares: bool = True
                 ) -> m.RecipientCountry | None:
        self._rest(element, path, ("code", "percentage") if shares else ("code",), ("narrative",))
        code = self.code(element, place, "code", "Country")
        if code is None:
            self.unmapped[path] += 1
            return None
        return m.RecipientCountry(code.upper(), self.percentage(element, place) if shares else None,
                                  self.text(element, path))

    def _region(self, element: etree._Element, place: str, path: str, *, shares: bool = True
                ) -> m.RecipientRegion | None:
        known = ("code", "vocabulary", "vocabulary-uri", "percentage")
        self._rest(element, path, known if shares else known[:3], ("narrative",))
        vocabulary = (element.get("vocabulary") or m.DEFAULT_REGION_VOCABULARY).strip()
        code = self.code(element, place, "code", "Region" if vocabulary == m.DEFAULT_REGION_VOCABULARY else None)
        if code is None:
            self.unmapped[path] += 1
            return None
        return m.RecipientRegion(code, vocabulary, element.get("vocabulary-uri"),
                                 self.percentage(element, place) if shares else None, self.text(element, path))

    def _sector(self, element: etree._Element, place: str, path: str, *, shares: bool = True) -> m.Sector | None:
        known = ("code", "vocabulary", "vocabulary-uri", "percentage")
        self._rest(element, path, known if shares else known[:3], ("narrative",))
        code = self.code(element, place, "code", None)
        if code is None:
            self.unmapped[path] += 1
            return None
        vocabulary = (element.get("vocabulary") or m.DEFAULT_SECTOR_VOCABULARY).strip()
        return m.Sector(code, vocabulary, element.get("vocabulary-uri"),
                        self.percentage(element, place) if shares else None, self.text(element, path))

    def _location(self, element: etree._Element, place: str) -> m.Location:
        path = "location"
        self._rest(element, path, ("ref",), ("name", "description", "location-id", "point", "exactness"))
        ids = []
        for child in element.iterfind("location-id"):
            self._rest(child, f"{path}/location-id", ("vocabulary", "code"))
            vocabulary, code = (child.get("vocabulary") or "").strip(), (child.get("code") or "").strip()
            if vocabulary and code:
                ids.append((vocabulary, code))
        latitude = longitude = None
        point = element.find("point")
        if point is not None:
            self._rest(point, f"{path}/point", ("srsName",), ("pos",))
            pos = point.findtext("pos")
            if pos is not None and pos.strip():
                numbers = [m.parse_decimal(part) for part in pos.split()]
                found = point_problem(float(numbers[0]), float(numbers[1])) if len(numbers) == 2 \
                    and numbers[0] is not None and numbers[1] is not None else CoordinateProblem.not_a_number
                if found is None:
                    latitude, longitude = numbers
                elif found is CoordinateProblem.null_island:  # the map's rule (core.coordinates)
                    self.warn(point, f"{place}/point/pos", "standards.iati.warning.null_island")
                else:
                    self.warn(point, f"{place}/point/pos", "standards.iati.warning.bad_pos", value=pos.strip()[:80])
            if latitude is None:
                self.unmapped[f"{path}/point"] += 1  # a point without usable coordinates has nothing to keep
        exactness_element = element.find("exactness")
        exactness = None
        if exactness_element is not None:
            self._rest(exactness_element, f"{path}/exactness", ("code",))
            exactness = self.code(exactness_element, f"{place}/exactness", "code", "GeographicExactness")
        for tag in ("name", "description"):
            child = element.find(tag)
            if child is not None:
                self._rest(child, f"{path}/{tag}", (), ("narrative",))
        return m.Location(
            ref=" ".join((element.get("ref") or "").split()) or None,
            name=self.text(element.find("name"), f"{path}/name"),
            description=self.text(element.find("description"), f"{path}/description"),
            location_ids=tuple(ids), latitude=latitude, longitude=longitude, exactness=exactness)

    # -- money ----------------------------------------------------------------------------------------------

    def _period(self, element: etree._Element, place: str, path: str, *, end_required: bool = True
                ) -> tuple[dt.date | None, dt.date | None]:
        dates: list[dt.date | None] = []
        for tag in ("period-start", "period-end"):
            child = element.find(tag)
            if child is None:
                dates.append(None)
                continue
            self._rest(child, f"{path}/{tag}", ("iso-date",))
            value = _date(child.get("iso-date"))
            if value is None:
                self.problem(child, f"{place}/{tag}", "standards.iati.error.bad_date",
                             value=(child.get("iso-date") or "").strip()[:40])
            dates.append(value)
        start, end = dates
        if start is None or (end is None and end_required):
            if element.find("period-start") is None or (end_required and element.find("period-end") is None):
                self.problem(element, place, "standards.iati.error.no_period")
            return None, None
        if end is not None and end < start:
            self.problem(element, place, "standards.iati.error.period_reversed", start=start.isoformat(),
                         end=end.isoformat())
            return None, None
        return start, end

    def _budget(self, element: etree._Element, place: str) -> m.Budget | None:
        path = "budget"
        extension_names = tuple(f"{{{m.EXTENSION_NAMESPACE}}}{name}" for name in m.BUDGET_ATTRIBUTES)
        self._rest(element, path, ("type", "status", *extension_names), ("period-start", "period-end", "value"))
        extension = tuple((name, said) for name, attribute in zip(m.BUDGET_ATTRIBUTES, extension_names, strict=True)
                          if (said := " ".join((element.get(attribute) or "").split())))
        budget_type = self.code(element, place, "type", "BudgetType", required=False) or m.BUDGET_ORIGINAL
        status = self.code(element, place, "status", "BudgetStatus", required=False) or m.BUDGET_INDICATIVE
        start, end = self._period(element, place, path)
        value = self.money(element.find("value"), f"{place}/value", f"{path}/value")
        if start is None or end is None or value is None:
            return None
        return m.Budget(budget_type, status, start, end, value, element.sourceline, extension)

    def _planned(self, element: etree._Element, place: str) -> m.PlannedDisbursement | None:
        path = "planned-disbursement"
        self._rest(element, path, ("type",), ("period-start", "period-end", "value", "provider-org", "receiver-org"))
        planned_type = self.code(element, place, "type", "BudgetType", required=False)
        start, end = self._period(element, place, path, end_required=False)
        value = self.money(element.find("value"), f"{place}/value", f"{path}/value")
        if start is None or value is None:
            return None
        return m.PlannedDisbursement(
            planned_type, start, end, value,
            self.org(element.find("provider-org"), f"{path}/provider-org", "provider-activity-id"),
            self.org(element.find("receiver-org"), f"{path}/receiver-org", "receiver-activity-id"),
            element.sourceline)

    def _transaction(self, element: etree._Element, place: str) -> m.Transaction | None:
        path = "transaction"
        self._rest(element, path, ("ref", "humanitarian"),
                   ("transaction-type", "transaction-date", "value", "description", "provider-org", "receiver-org",
                    "sector", "recipient-country", "recipient-region"))
        type_element = element.find("transaction-type")
        transaction_type = None
        if type_element is not None:
            self._rest(type_element, f"{path}/transaction-type", ("code",))
            transaction_type = (type_element.get("code") or "").strip() or None
        if transaction_type is None or transaction_type not in codelist("TransactionType"):
            # Without a known type the money has no meaning (received? spent? promised?): listed, not guessed.
            self.warn(element, place, "standards.iati.warning.transaction_type_skipped",
                      code=transaction_type or "")
            self.unmapped[f"{path}[type={transaction_type or ''}]"] += 1
            return None
        value = self.money(element.find("value"), f"{place}/value", f"{path}/value")
        date_element = element.find("transaction-date")
        date = None
        if date_element is not None:
            self._rest(date_element, f"{path}/transaction-date", ("iso-date",))
            date = _date(date_element.get("iso-date"))
        if date is None and value is not None and value.value_date is not None:
            # The standard requires the date; its value date is the publisher's next best statement of when.
            self.warn(element, place, "standards.iati.warning.transaction_date_from_value_date")
            date = value.value_date
        if date is None:
            self.problem(element, place, "standards.iati.error.no_transaction_date")
            return None
        if value is None:
            return None
        description_element = element.find("description")
        if description_element is not None:
            self._rest(description_element, f"{path}/description", (), ("narrative",))
        country_element = element.find("recipient-country")
        region_element = element.find("recipient-region")
        return m.Transaction(
            type=transaction_type,
            date=date,
            value=value,
            ref=(element.get("ref") or "").strip() or None,
            description=self.text(description_element, f"{path}/description"),
            provider=self.org(element.find("provider-org"), f"{path}/provider-org", "provider-activity-id"),
            receiver=self.org(element.find("receiver-org"), f"{path}/receiver-org", "receiver-activity-id"),
            humanitarian=_bool(element.get("humanitarian")),
            sectors=tuple(item for child in element.iterfind("sector")
                          if (item := self._sector(child, f"{place}/sector", f"{path}/sector", shares=False))
                          is not None),
            recipient_country=self._country(country_element, f"{place}/recipient-country",
                                            f"{path}/recipient-country", shares=False)
            if country_element is not None else None,
            recipient_region=self._region(region_element, f"{place}/recipient-region",
                                          f"{path}/recipient-region", shares=False)
            if region_element is not None else None,
            line=element.sourceline,
        )

    # -- results --------------------------------------------------------------------------------------------

    def _result(self, element: etree._Element, place: str) -> m.Result | None:
        path = "result"
        self._rest(element, path, ("type", "aggregation-status"), ("title", "description", "indicator"))
        result_type = self.code(element, place, "type", "ResultType")
        if result_type is None:
            self.unmapped[path] += 1
            return None
        for tag in ("title", "description"):
            child = element.find(tag)
            if child is not None:
                self._rest(child, f"{path}/{tag}", (), ("narrative",))
        indicators = []
        for number, child in enumerate(element.iterfind("indicator"), start=1):
            indicators.append(self._indicator(child, f"{place}/indicator[{number}]"))
        return m.Result(result_type, self.text(element.find("title"), f"{path}/title"),
                        self.text(element.find("description"), f"{path}/description"),
                        _bool(element.get("aggregation-status")), tuple(indicators))

    def _indicator(self, element: etree._Element, place: str) -> m.ResultIndicator:
        path = "result/indicator"
        self._rest(element, path, ("measure", "ascending", "aggregation-status"),
                   ("title", "description", "baseline", "period", "reference"))
        reference_code = None
        for child in element.iterfind("reference"):
            vocabulary, code = (child.get("vocabulary") or "").strip(), (child.get("code") or "").strip()
            if vocabulary == m.REPORTING_ORGANISATION_VOCABULARY and code and reference_code is None:
                reference_code = code
                self._rest(child, f"{path}/reference", ("vocabulary", "code"))
            else:
                self.unmapped[f"{path}/reference"] += 1
        measure = self.code(element, place, "measure", "IndicatorMeasure") or ""
        for tag in ("title", "description"):
            child = element.find(tag)
            if child is not None:
                self._rest(child, f"{path}/{tag}", (), ("narrative",))
        baselines = []
        for child in element.iterfind("baseline"):
            self._rest(child, f"{path}/baseline", ("year", "iso-date", "value"), ("comment",))
            year_text = (child.get("year") or "").strip()
            baselines.append(m.Baseline(int(year_text) if year_text.isdigit() else None, _date(child.get("iso-date")),
                                        _value(child.get("value")), self._comment(child, f"{path}/baseline")))
        periods = []
        for number, child in enumerate(element.iterfind("period"), start=1):
            period = self._result_period(child, f"{place}/period[{number}]")
            if period is not None:
                periods.append(period)
        return m.ResultIndicator(measure, self.text(element.find("title"), f"{path}/title"),
                                 self.text(element.find("description"), f"{path}/description"),
                                 _bool(element.get("ascending")), _bool(element.get("aggregation-status")),
                                 tuple(baselines), tuple(periods), reference_code)

    def _comment(self, element: etree._Element, path: str) -> m.Text:
        comment = element.find("comment")
        if comment is None:
            return ()
        self._rest(comment, f"{path}/comment", (), ("narrative",))
        return self.text(comment, f"{path}/comment")

    def _result_period(self, element: etree._Element, place: str) -> m.ResultPeriod | None:
        path = "result/indicator/period"
        self._rest(element, path, (), ("period-start", "period-end", "target", "actual"))
        dates = []
        for tag in ("period-start", "period-end"):
            child = element.find(tag)
            if child is not None:
                self._rest(child, f"{path}/{tag}", ("iso-date",))
            dates.append(_date(child.get("iso-date")) if child is not None else None)
        start, end = dates
        if start is None or end is None or end < start:
            # Results are not money: a period the standard makes meaningless is left out and told.
            self.warn(element, place, "standards.iati.warning.result_period_skipped")
            self.unmapped[path] += 1
            return None
        values: dict[str, list[m.PeriodValue]] = {"target": [], "actual": []}
        for tag, items in values.items():
            for child in element.iterfind(tag):
                self._rest(child, f"{path}/{tag}", ("value",), ("comment",))
                items.append(m.PeriodValue(_value(child.get("value")), self._comment(child, f"{path}/{tag}")))
        return m.ResultPeriod(start, end, tuple(values["target"]), tuple(values["actual"]))


def _value(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())
    return cleaned or None


# Children of iati-activity the walker reads; every other child is counted in ``unmapped``.
KNOWN_ACTIVITY_CHILDREN = (
    "iati-identifier", "reporting-org", "title", "description", "participating-org", "activity-status",
    "activity-date", "recipient-country", "recipient-region", "location", "sector", "budget",
    "planned-disbursement", "transaction", "result",
)
