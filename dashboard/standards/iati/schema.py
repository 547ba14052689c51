"""The shipped IATI 2.03 activity schema (``data/schema-2.03``), loaded without network, and its findings as
``Problem``s with line numbers and element paths.

The schema is checked one ``iati-activity`` at a time (the element is declared globally in
``iati-activities-schema.xsd``), so a 50 MB file never has to be held as one tree: the reader validates each
activity as it streams past, and the writer validates what it wrote. libxml2 reports in English; the usual
findings (a missing or unexpected element, a missing or unknown attribute, a value of the wrong type) are
said again in the person's language, others keep libxml2's sentence as their detail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from lxml import etree

from dashboard.standards.problems import Problem, Severity

SCHEMA_VERSION = "2.03"
ACTIVITIES_XSD = "iati-activities-schema.xsd"


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@cache
def activity_schema() -> etree.XMLSchema:
    """The activity schema; ``xsd:include``/``xsd:import`` resolve to the files beside it, never the network."""
    folder = resources.files("dashboard.standards.iati").joinpath("data").joinpath("schema-2.03")
    with resources.as_file(folder) as path:
        document = etree.parse(str(path / ACTIVITIES_XSD), _safe_parser())
        return etree.XMLSchema(document)


_ELEMENT = re.compile(r"^Element '(?P<element>[^']+)'(?:, attribute '(?P<attribute>[^']+)')?: (?P<rest>.*)$", re.S)
_MISSING_CHILD = re.compile(r"^Missing child element\(s\)\. Expected is (?:one of )?\( (?P<expected>.*) \)\.$")
_UNEXPECTED = re.compile(r"^This element is not expected\.(?: Expected is (?:one of )?\( (?P<expected>.*) \)\.)?$")
_MISSING_ATTRIBUTE = re.compile(r"^The attribute '(?P<name>[^']+)' is required but missing\.$")
_NOT_ALLOWED = re.compile(r"^The attribute '(?P<name>[^']+)' is not allowed\.$")
_BAD_VALUE = re.compile(r"^'(?P<value>.*)' is not a valid value of the (?:atomic|union|list) type '(?P<type>[^']+)'\.$",
                        re.S)


def describe(message: str) -> tuple[str, dict[str, object]]:
    """A libxml2 schema message as a message key of ``dashboard/messages/standards.py`` and its values."""
    message = message.strip()
    match = _ELEMENT.match(message)
    if match is None:
        return "standards.iati.schema.other", {"detail": message}
    element, attribute, rest = match["element"], match["attribute"], match["rest"].strip()
    if (found := _MISSING_CHILD.match(rest)) is not None:
        return "standards.iati.schema.missing_child", {"element": element, "expected": found["expected"]}
    if (found := _UNEXPECTED.match(rest)) is not None:
        if found["expected"]:
            return "standards.iati.schema.unexpected_element", {"element": element, "expected": found["expected"]}
        return "standards.iati.schema.unexpected_element_here", {"element": element}
    if (found := _MISSING_ATTRIBUTE.match(rest)) is not None:
        return "standards.iati.schema.missing_attribute", {"element": element, "attribute": found["name"]}
    if (found := _NOT_ALLOWED.match(rest)) is not None:
        return "standards.iati.schema.attribute_not_allowed", {"element": element, "attribute": found["name"]}
    if (found := _BAD_VALUE.match(rest)) is not None:
        kind = found["type"].split(":")[-1]
        value = found["value"] if len(found["value"]) <= 80 else found["value"][:79] + "…"
        if attribute:
            return "standards.iati.schema.bad_attribute_value", {"element": element, "attribute": attribute,
                                                                 "value": value, "type": kind}
        return "standards.iati.schema.bad_value", {"element": element, "value": value, "type": kind}
    return "standards.iati.schema.other", {"detail": message}


def _path(entry_path: str | None, prefix: str) -> str:
    """libxml2's path of the finding (``/iati-activity/location[1]/point``) under ``prefix``
    (``iati-activity[3]``), so a file of many activities says which one."""
    if not entry_path:
        return prefix
    parts = entry_path.strip("/").split("/", 1)
    return prefix + ("/" + parts[1] if len(parts) > 1 else "")


def check_activity(element: etree._Element, *, prefix: str = "iati-activity",
                   identifier: str | None = None) -> Iterator[Problem]:
    """The schema's findings on one ``iati-activity`` element, as warnings (the reader still imports what the
    standard makes meaningful). ``prefix`` names the activity in the paths."""
    schema = activity_schema()
    if schema.validate(element):
        return
    for entry in schema.error_log:
        key, values = describe(entry.message)
        yield Problem(entry.line or None, _path(entry.path, prefix), key, values, Severity.warning, identifier)


def validate_document(document: etree._ElementTree | etree._Element) -> list[Problem]:
    """Every finding of the schema on a whole ``iati-activities`` document (used on what the writer wrote)."""
    schema = activity_schema()
    if schema.validate(document):
        return []
    problems = []
    for entry in schema.error_log:
        key, values = describe(entry.message)
        problems.append(Problem(entry.line or None, (entry.path or "").strip("/"), key, values, Severity.error))
    return problems
