"""Regions for filtering and gap analysis, after the UN M49 geoscheme, with the Pacific split into its three
subregions since that is how a Pacific regional programme reads its portfolio.

Written out here because neither pycountry nor Babel carries the M49 grouping.
"""

from __future__ import annotations

from collections.abc import Iterable

import pycountry
from babel import Locale

from dashboard.core.i18n import locale_for

_REGION_MEMBERS: dict[str, str] = {
    "MELANESIA": "FJI NCL PNG SLB VUT",
    "MICRONESIA": "FSM GUM KIR MHL MNP NRU PLW UMI",
    "POLYNESIA": "ASM COK NIU PCN PYF TKL TON TUV WLF WSM",
    "AUSTRALIA_NZ": "AUS NZL NFK CXR CCK HMD",
    "EUROPE": (
        "ALA ALB AND AUT BEL BGR BIH BLR CHE CYP CZE DEU DNK ESP EST FIN FRA FRO GBR GGY GIB GRC HRV HUN IMN "
        "IRL ISL ITA JEY LIE LTU LUX LVA MCO MDA MKD MLT MNE NLD NOR POL PRT ROU RUS SJM SMR SRB SVK SVN SWE "
        "UKR VAT XKX"
    ),
    "AFRICA": (
        "AGO BDI BEN BFA BWA CAF CIV CMR COD COG COM CPV DJI DZA EGY ERI ESH ETH GAB GHA GIN GMB GNB GNQ KEN "
        "LBR LBY LSO MAR MDG MLI MOZ MRT MUS MWI MYT NAM NER NGA REU RWA SDN SEN SHN SLE SOM SSD STP SWZ SYC "
        "TCD TGO TUN TZA UGA ZAF ZMB ZWE ATF IOT"
    ),
    "AMERICAS": (
        "ABW AIA ARG ATG BES BHS BLM BLZ BMU BOL BRA BRB CAN CHL COL CRI CUB CUW CYM DMA DOM ECU FLK GLP GRD "
        "GRL GTM GUF GUY HND HTI JAM KNA LCA MAF MEX MSR MTQ NIC PAN PER PRI PRY SGS SLV SPM SUR SXM TCA TTO "
        "URY USA VCT VEN VGB VIR BVT"
    ),
    "ASIA": (
        "AFG ARE ARM AZE BGD BHR BRN BTN CHN GEO HKG IDN IND IRN IRQ ISR JOR JPN KAZ KGZ KHM KOR KWT LAO LBN "
        "LKA MAC MDV MMR MNG MYS NPL OMN PAK PHL PRK PSE QAT SAU SGP SYR THA TJK TKM TLS TUR TWN UZB VNM YEM"
    ),
    "ANTARCTICA": "ATA",
}

REGIONS: dict[str, frozenset[str]] = {code: frozenset(members.split()) for code, members in _REGION_MEMBERS.items()}
PACIFIC_SUBREGIONS = ("MELANESIA", "MICRONESIA", "POLYNESIA")
# "PACIFIC" groups the Pacific island states and territories (the three subregions).
REGIONS["PACIFIC"] = frozenset().union(*(REGIONS[code] for code in PACIFIC_SUBREGIONS))

REGION_NAMES: dict[str, dict[str, str]] = {
    "PACIFIC": {"en": "Pacific islands", "fr": "Îles du Pacifique"},
    "MELANESIA": {"en": "Melanesia", "fr": "Mélanésie"},
    "MICRONESIA": {"en": "Micronesia", "fr": "Micronésie"},
    "POLYNESIA": {"en": "Polynesia", "fr": "Polynésie"},
    "AUSTRALIA_NZ": {"en": "Australia and New Zealand", "fr": "Australie et Nouvelle-Zélande"},
    "EUROPE": {"en": "Europe", "fr": "Europe"},
    "AFRICA": {"en": "Africa", "fr": "Afrique"},
    "AMERICAS": {"en": "Americas", "fr": "Amériques"},
    "ASIA": {"en": "Asia and Middle East", "fr": "Asie et Moyen-Orient"},
    "ANTARCTICA": {"en": "Antarctica", "fr": "Antarctique"},
}


def region_of(country: str | None) -> str | None:
    """The region of an ISO alpha-3 code (a Pacific subregion for the Pacific islands), or None."""
    if not country:
        return None
    for code, members in REGIONS.items():
        if code != "PACIFIC" and country in members:
            return code
    return None


def countries_in_regions(regions: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({country for region in regions for country in REGIONS.get(region, ())}))


def country_name(code: str | None, lang: str = "en") -> str:
    """Country name in the reader's language (Babel's territory names, keyed by alpha-2)."""
    if not isinstance(code, str) or not code:  # a missing country read by pandas arrives as NaN, not None
        return ""
    record = pycountry.countries.get(alpha_3=code)
    if record is None:
        return code
    return Locale.parse(locale_for(lang)).territories.get(record.alpha_2, record.name)


def is_valid_country(code: str | None) -> bool:
    return bool(code) and pycountry.countries.get(alpha_3=code) is not None
