"""SCDL "subventions" grant files: the shipped schema, SIRET checks, the reader on real files.

Expected figures are computed here with the ``csv`` module, independently of
``dashboard.standards.scdl.reader``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from dashboard.standards.problems import FileRefusedError, Severity
from dashboard.standards.scdl.reader import (
    NATURE_CASH,
    NATURE_IN_KIND,
    match_columns,
    read_grants,
    schema,
    select_rows,
)
from dashboard.standards.scdl.siret import is_valid_rna, is_valid_siret, siret_digits

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus" / "scdl"
DATA = ROOT / "dashboard" / "standards" / "scdl" / "data"


def data(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def rows(name: str, separator: str) -> list[dict[str, str]]:
    with open(CORPUS / name, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=separator))


def test_shipped_schema_is_version_2_1_1_and_its_source_is_named() -> None:
    source = (DATA / "SOURCE.md").read_text(encoding="utf-8")
    assert "cf19e1fc78409e878adfcb892b2c9cc04714065b" in source and "2.1.1" in source
    document = json.loads((DATA / "schema.json").read_text(encoding="utf-8"))
    assert schema().version == document["version"] == "2.1.1"
    assert [item.name for item in schema().fields] == [item["name"] for item in document["fields"]]
    assert schema().siret_columns == ("idAttribuant", "idBeneficiaire")
    assert schema().field("nature").enum == tuple(document["fields"][21]["constraints"]["enum"])
    assert hashlib.sha256((DATA / "schema.json").read_bytes()).hexdigest() == (
        "03f6887ff58cf5a72762a1f10327e2c519b4a9678524581af4852d7577db1fab")


@pytest.mark.parametrize(("siret", "valid"), [
    ("21060004500392", True),  # Antibes, the schema's example
    ("21310458100011", True),  # Roques
    ("21060004500393", False),  # one digit off
    ("2106000450039", False),  # 13 digits
    ("35600000000010", True),  # La Poste: digit sum a multiple of 5 (15), not Luhn
    ("35600000000011", False),
])
def test_siret_check(siret: str, valid: bool) -> None:
    assert is_valid_siret(siret) is valid


def test_siret_as_written_in_cells() -> None:
    assert siret_digits("210 600 045 00392") == ("21060004500392", False)
    assert siret_digits("21860194600013.0") == ("21860194600013", True)
    assert siret_digits("2.1860194600013E+13") == ("21860194600013", True)
    assert siret_digits(21860194600013.0) == ("21860194600013", True)
    assert siret_digits("") == (None, False)
    assert is_valid_rna("W380475558") and not is_valid_rna("380475558")


def test_columns_match_by_name_title_or_legacy_name() -> None:
    columns, unknown = match_columns(["NOMATTRIBUANT", "Nom du bénéficiaire", "SUB_MONTANT", "ATTRIB_SIRET",
                                      "COLL_TYPE", "objet"])
    assert columns == {0: "nomAttribuant", 1: "nomBeneficiaire", 2: "montant", 3: "idBeneficiaire", 5: "objet"}
    assert unknown == ["COLL_TYPE"]


def test_schema_example_reads_every_grant_with_its_share() -> None:
    expected = rows("exemple_valide.csv", ",")
    grants = read_grants(data("exemple_valide.csv"), "exemple_valide.csv")
    assert len(grants.grants) == len(expected) == 29
    assert [grant.amount for grant in grants.grants] == [Decimal(row["montant"]) for row in expected]
    assert [grant.share for grant in grants.grants] == [Decimal(row["pourcentageSubvention"]) for row in expected]
    total = sum((Decimal(row["montant"]) * Decimal(row["pourcentageSubvention"])).quantize(Decimal("0.01"))
                for row in expected)
    assert sum(grant.beneficiary_amount for grant in grants.grants) == total
    first = grants.grants[0]
    assert first.authority.name == "ANTIBES" and first.authority.siret == "21060004500392"
    assert (first.beneficiary.siret, first.beneficiary.rna) == ("52499120500013", "W333216789")
    assert first.convention_date == dt.date(2015, 7, 7)
    assert first.decision_reference == "CONV N° 2074-15 2015-06-19"
    assert (first.payment_conditions, first.payment_start, first.payment_end) == (
        "échelonné", dt.date(2017, 3, 30), dt.date(2017, 5, 24))
    assert first.nature == (NATURE_CASH,) and first.eu_notified is False
    assert grants.grants[20].nature == (NATURE_CASH, NATURE_IN_KIND)
    # The example bends its own schema in a few rows: told, not refused.
    assert not [problem for problem in grants.problems if problem.is_error]
    reversed_rows = [row for row, item in enumerate(expected, start=2)
                     if "/" in item["datesPeriodeVersement"]
                     and item["datesPeriodeVersement"].split("/")[1] < item["datesPeriodeVersement"].split("/")[0]]
    warned = [problem.line for problem in grants.problems if problem.key.endswith("period_reversed")]
    assert warned == [row for row in reversed_rows if row != 27]  # row 27: 2017-30-05 is no date at all
    assert [problem.line for problem in grants.problems if problem.key.endswith("bad_period")] == [27]
    assert dict(grants.unmapped) == {"dispositifAide": 0}


def test_haute_garonne_file_two_authorities_and_the_format_bent() -> None:
    expected = rows("haute-garonne-subventions.csv", ";")
    grants = read_grants(data("haute-garonne-subventions.csv"), "haute-garonne-subventions.csv")
    assert len(grants.grants) == len(expected) == 69
    by_authority: Counter[str] = Counter()
    for row in expected:
        by_authority[row["idAttribuant"]] += Decimal(row["montant"]) * Decimal(row["pourcentageSubvention"])
    read: Counter[str] = Counter()
    for grant in grants.grants:
        read[grant.authority.siret] += grant.beneficiary_amount
    assert read == by_authority
    assert {party.siret for party in grants.publishers} == {"21310458100011", "24310063300011"}
    # "Aide en numéraire" / "Unique" / "Echelonné" read as the schema writes them, and told.
    assert {grant.nature for grant in grants.grants} == {(NATURE_CASH,) if row["nature"] else () for row in expected}
    assert {grant.payment_conditions for grant in grants.grants} == {"unique", "échelonné", None}
    spelling = [problem for problem in grants.problems if problem.key.endswith("choice_spelling")]
    assert len(spelling) == sum(row["nature"] not in ("", NATURE_CASH) for row in expected) + sum(
        row["conditionsVersement"] not in ("", "unique", "échelonné", "autre") for row in expected)
    # 2017-01-01_2017-12-31 is read as a period, and told.
    roques = grants.grants[0]
    assert (roques.payment_start, roques.payment_end) == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
    # One row has no beneficiary at all: an error on that row only.
    errors = [problem for problem in grants.problems if problem.is_error]
    blank = [number for number, row in enumerate(expected, start=2) if not row["nomBeneficiaire"]]
    assert [(problem.line, problem.key) for problem in errors] == [
        (blank[0], "standards.scdl.error.no_beneficiary")]
    assert grants.errors_in([2, 3]) == [] and grants.errors_in(blank) == errors


def test_poitiers_file_in_the_older_layout_with_rounded_sirets() -> None:
    expected = rows("poitiers-2017-subventions.csv", ";")
    grants = read_grants(data("poitiers-2017-subventions.csv"), "poitiers-2017-subventions.csv")
    assert len(grants.grants) == len(expected) == 562  # 945 lines: some objects run over several lines
    assert sum(grant.amount for grant in grants.grants) == sum(Decimal(row["SUB_MONTANT"]) for row in expected)
    first = grants.grants[0]
    assert (first.authority.name, first.beneficiary.name) == ("Ville de Poitiers", "TROUVER SONNETTE A SON PIED")
    assert (first.decision_date, first.decision_reference, first.fiscal_year) == (dt.date(2016, 12, 5),
                                                                                  "2016-0391", 2017)
    assert first.date == dt.date(2016, 12, 5)  # no agreement date in this layout: the decision's
    # The SIRETs went through a spreadsheet as numbers and lost their last digits: none is trusted.
    assert all(grant.authority.siret is None and grant.beneficiary.siret is None for grant in grants.grants)
    damaged = [problem for problem in grants.problems if problem.key.endswith("damaged_siret_column")]
    assert {problem.where for problem in damaged} == {"COLL_SIRET", "ATTRIB_SIRET"}
    assert "arrondis" in damaged[0].message("fr")
    assert grants.unmapped["COLL_TYPE"] == 562
    assert not [problem for problem in grants.problems if problem.is_error]


def test_rows_are_chosen_by_words_of_the_object_or_by_beneficiary() -> None:
    grants = read_grants(data("poitiers-2017-subventions.csv"), "poitiers-2017-subventions.csv").grants
    expected = [row for row in rows("poitiers-2017-subventions.csv", ";")
                if "senegal" in row["SUB_OBJ"].lower().replace("é", "e")
                or "maroc" in row["SUB_OBJ"].lower()]
    chosen = select_rows(grants, words=["Sénégal", "maroc"])
    assert [grant.amount for grant in chosen] == [Decimal(row["SUB_MONTANT"]) for row in expected]
    assert len(chosen) == 3  # Morocco once, Senegal twice
    by_name = select_rows(grants, beneficiaries=["so coopération"])
    assert [grant.beneficiary.name for grant in by_name] == ["SO COOPERATION"]
    prefix = select_rows(grants, words=["coopérat*"])
    assert "SO COOPERATION" in {grant.beneficiary.name for grant in prefix}
    assert len(select_rows(grants)) == len(grants)
    haute_garonne = read_grants(data("haute-garonne-subventions.csv"), "h.csv").grants
    assert [grant.beneficiary.name for grant in select_rows(haute_garonne, beneficiaries=["78874435700013"])] == [
        "OCCITANIE COOPERATION"]


def test_xlsx_files_read_like_csv() -> None:
    source = rows("exemple_valide.csv", ",")
    workbook = Workbook()
    sheet = workbook.active
    header = list(source[0])
    sheet.append(header)
    for row in source:
        cells: list[object] = [row[name] for name in header]
        cells[header.index("montant")] = float(row["montant"])  # numbers as Excel stores them
        cells[header.index("dateConvention")] = dt.datetime.fromisoformat(row["dateConvention"])
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    from_xlsx = read_grants(buffer.getvalue(), "subventions.xlsx")
    from_csv = read_grants(data("exemple_valide.csv"), "exemple_valide.csv")
    assert from_xlsx.file_format == "xlsx"
    assert [grant.amount for grant in from_xlsx.grants] == [grant.amount for grant in from_csv.grants]
    assert [grant.convention_date for grant in from_xlsx.grants] == [grant.convention_date
                                                                     for grant in from_csv.grants]
    assert [grant.beneficiary for grant in from_xlsx.grants] == [grant.beneficiary for grant in from_csv.grants]


def test_a_file_without_the_essential_columns_is_refused() -> None:
    with pytest.raises(FileRefusedError) as caught:
        read_grants(b"project_code;amount\nREG-1;100\n", "budgets.csv")
    assert caught.value.key == "standards.scdl.error.missing_columns"
    assert "nomBeneficiaire" in caught.value.message("fr") and "montant" in caught.value.message("en")
    with pytest.raises(FileRefusedError) as caught:
        read_grants(b"", "empty.csv")
    assert caught.value.key == "import.error.empty_file"


def test_row_problems_errors_and_warnings() -> None:
    content = (
        "nomAttribuant;idAttribuant;nomBeneficiaire;idBeneficiaire;objet;montant;pourcentageSubvention;"
        "dateConvention;nature\n"
        "Département;21060004500392;Asso A;21060004500393;Eau potable au Sénégal;12 500,50;100;15/03/2024;"
        "aide en nature\n"
        "Département;21060004500392;Asso B;;Puits;abc;1;2024-03-15;don\n"
        "Département;21060004500392;;;Forage;100;1;2024-03-15;aide en nature\n"
    ).encode()
    grants = read_grants(content, "departement.csv")
    first, second, third = grants.grants
    assert first.amount == Decimal("12500.5") and first.share == 1  # "100" read as 100 %, told
    assert first.beneficiary.siret is None  # check digit wrong: not kept
    assert first.convention_date == dt.date(2024, 3, 15)
    by_row: dict[int, set[tuple[str, Severity]]] = {}
    for problem in grants.problems:
        by_row.setdefault(problem.line, set()).add((problem.key.rsplit(".", 1)[1], problem.severity))
    assert by_row[2] == {("share_as_percent", Severity.warning), ("bad_siret", Severity.warning),
                         ("date_format", Severity.warning)}
    assert ("not_a_number", Severity.error) in by_row[3] and ("not_allowed", Severity.warning) in by_row[3]
    assert second.amount is None and second.nature == ()
    assert by_row[4] == {("no_beneficiary", Severity.error)}
    assert third.beneficiary.name is None


def test_each_usable_grant_maps_to_a_project_with_a_stable_code() -> None:
    from dashboard.standards.scdl.mapping import grant_code, grant_to_project, grants_to_projects, publisher_key

    expected = rows("haute-garonne-subventions.csv", ";")
    grants = read_grants(data("haute-garonne-subventions.csv"), "h.csv").grants
    usable = [grant for grant in grants if grant.amount is not None and grant.beneficiary.name]
    images = [grant_to_project(grant) for grant in usable]
    assert len(images) == 68
    assert sum(image.amount for image in images) == sum(
        Decimal(row["montant"]) * Decimal(row["pourcentageSubvention"]) for row in expected if row["nomBeneficiaire"])
    codes = [image.code for image in images]
    assert all(code.startswith("SCDL-") and len(code) <= 60 for code in codes)
    again = [grant_code(grant) for grant in read_grants(data("haute-garonne-subventions.csv"), "h.csv").grants
             if grant.amount is not None and grant.beneficiary.name]
    assert again == codes  # the same rows give the same codes
    assert len(set(codes)) == len(codes)
    twice = grants_to_projects([usable[0], usable[1], usable[0]])
    assert [image.code for image in twice] == [codes[0], codes[1], codes[0] + "-2"]
    roques = images[0]
    assert (roques.authority.siret, roques.beneficiary.siret) == ("21310458100011", "44137080600016")
    assert (roques.period_start, roques.period_end, roques.commitment_date) == (
        dt.date(2017, 1, 1), dt.date(2017, 12, 31), dt.date(2017, 4, 13))
    assert (roques.category, roques.reference, roques.title) == (NATURE_CASH, "DELIB 06FIN du 13-04-2017",
                                                                  "SUBVENTION 2017")
    assert publisher_key(roques.authority) == "siret:21310458100011"
    poitiers = grants_to_projects(read_grants(data("poitiers-2017-subventions.csv"), "p.csv").grants)
    long_object = next(image for image in poitiers if image.description)
    assert long_object.title.endswith("…") and len(long_object.title) == 300 and len(long_object.description) > 300
    assert long_object.description.startswith(long_object.title[:-1])
    with pytest.raises(ValueError):
        grant_to_project(next(grant for grant in grants if grant.beneficiary.name is None))
