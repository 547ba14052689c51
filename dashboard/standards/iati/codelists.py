"""The official IATI codelists shipped in ``data/codelists/`` (source and version in ``data/SOURCE.md``).

A codelist file is ``<codelist name=...><codelist-items><codelist-item status=...><code>..</code><name>
<narrative>English</narrative><narrative xml:lang="fr">Français</narrative></name>...``. Codes are compared as
written (IATI codes are case-sensitive strings: "10", "A1", "EUR").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# The codelists the product reads or writes; each is a file data/codelists/<name>.xml.
SHIPPED = (
    "ActivityDateType", "ActivityStatus", "BudgetStatus", "BudgetType", "Country", "Currency",
    "GeographicExactness", "IndicatorMeasure", "OrganisationRole", "OrganisationType", "Region", "ResultType",
    "TransactionType",
)


@dataclass(frozen=True)
class Codelist:
    """One codelist: its codes, their names in English (and French where the codelist gives one), and which
    codes are withdrawn (still valid in old files, not to be written in new ones)."""

    name: str
    names: dict[str, dict[str, str]]  # code -> {"en": ..., "fr": ...}
    withdrawn: frozenset[str]

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(self.names)

    def __contains__(self, code: object) -> bool:
        return code in self.names

    def label(self, code: str, lang: str | None = None) -> str:
        """The code's name in ``lang`` (English when the codelist has no French name); the code itself when
        it is not in the list."""
        entry = self.names.get(code)
        if entry is None:
            return code
        return entry.get((lang or "en")[:2].lower()) or entry["en"]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)


@cache
def codelist(name: str) -> Codelist:
    """The shipped codelist ``name`` (one of ``SHIPPED``); raises KeyError for another name."""
    if name not in SHIPPED:
        raise KeyError(name)
    source = resources.files("dashboard.standards.iati").joinpath("data").joinpath("codelists").joinpath(f"{name}.xml")
    root = etree.fromstring(source.read_bytes(), _parser())
    names: dict[str, dict[str, str]] = {}
    withdrawn = set()
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        if not code:
            continue
        entry: dict[str, str] = {}
        for narrative in item.iterfind("name/narrative"):
            lang = (narrative.get(XML_LANG) or "en").lower()[:2]
            text = " ".join((narrative.text or "").split())
            if text:
                entry.setdefault(lang, text)
        entry.setdefault("en", code)
        names[code] = entry
        if item.get("status") == "withdrawn":
            withdrawn.add(code)
    return Codelist(name, names, frozenset(withdrawn))
