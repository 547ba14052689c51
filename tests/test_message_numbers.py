"""Numbers inside messages read as the reader's language writes them (``core.i18n.t``, one rule): ``1,234.5`` in
English, ``1 234,5`` in French (Babel's narrow no-break space, U+202F, between thousands), ``52%`` / ``52 %``;
positions and names that are digits (a row or line of a file, a batch, a year) keep their digits only.

Asserted as people read them: the upload preview, its notes and the command line, in both languages."""

from __future__ import annotations

import pickle
import re
import string
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.cli.main import main
from dashboard.core.i18n import DIGITS_ONLY, Amount, Percent, Phrase, catalogue, t, written
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.importing.preview import Preview
from dashboard.presenting.data_quality import describe
from dashboard.presenting.upload import ROW_NOTES_SHOWN, problems_frame, row_notes_frame, row_notes_markdown
from dashboard.standards.scdl.reader import read_grants
from tests.import_helpers import CORPUS

NNBSP = "\u202f"  # French thousands separator (Babel)
NBSP = "\u00a0"  # French space before %
CASES = CORPUS / "cases"
ADMIN = Actor.of("admin", ["admin"])


def _import(capsys: pytest.CaptureFixture[str], path: Path, kind: str, *extra: str) -> tuple[int, str]:
    code = main(["import", str(path), "--kind", kind, *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _preview(engine: Engine, kind: str, data: bytes) -> Preview:
    with Session(engine) as session:
        return pipeline.preview(session, kind=kind, file_name=f"{kind}.csv", data=data, actor=ADMIN)


@pytest.fixture
def hunt(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> Engine:
    """The demo portfolio with the cases' setup project (HUNT-1, FJI, EUR)."""
    code, printed = _import(capsys, CASES / "00_setup_project_HUNT-1.csv", "projects")
    assert code == 0, printed
    return demo_engine


# ---------------------------------------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------------------------------------


def test_numbers_in_a_message_follow_the_language_and_positions_keep_their_digits() -> None:
    assert t("import.undo.done", "en", batch=1234, deleted=1500, restored=2) == \
        "Batch #1234 undone: 1,500 records removed, 2 restored."
    assert t("import.undo.done", "fr", batch=1234, deleted=1500, restored=2) == \
        f"Lot n° 1234 annulé : 1{NNBSP}500 enregistrements supprimés, 2 rétablis."
    assert t("import.error.too_many_columns", "fr", row=12345, count=20000, limit=16384) == \
        f"La ligne 12345 a 20{NNBSP}000 cellules, plus que les 16{NNBSP}384 qu'un import lit."
    assert t("standards.label.line", "fr", line=1234) == "Ligne 1234"
    assert t("import.undo.changed_since", "fr", batch=1234, record=12345).startswith(
        "Le lot n° 1234 ne peut pas être annulé : l'enregistrement 12345 a été modifié")
    assert "« SPC » (n° 1234)" in t("partners.detail.duplicate", "fr", name="SPC", id=1234)


@pytest.mark.parametrize(("value", "english", "french"), [
    (1234.5, "1,234.5", f"1{NNBSP}234,5"),
    (1_234_567, "1,234,567", f"1{NNBSP}234{NNBSP}567"),
    (2.0, "2", "2"),  # a whole float reads whole
    (-53399, "-53,399", f"-53{NNBSP}399"),
    (-17.71234, "-17.71234", "-17,71234"),  # every decimal it carries, none invented
    (0.00838, "0.00838", "0,00838"),
    (np.int64(12345), "12,345", f"12{NNBSP}345"),
    (np.float64(0.52), "0.52", "0,52"),
    (Decimal("-1234.50"), "-1,234.5", f"-1{NNBSP}234,5"),
    (Amount(1234.5), "1,234.50", f"1{NNBSP}234,50"),  # money to the cent
    (Amount(1_234_567.891), "1,234,567.89", f"1{NNBSP}234{NNBSP}567,89"),
    (Amount(2500.0), "2,500", f"2{NNBSP}500"),
    (Percent(52.5), "52.5%", f"52,5{NBSP}%"),
    (Percent(110), "110%", f"110{NBSP}%"),
    (Phrase("Personnel, ", 100000, " EUR"), "Personnel, 100,000 EUR", f"Personnel, 100{NNBSP}000 EUR"),
    ("1.234,5", "1.234,5", "1.234,5"),  # text (a cell as typed) is shown as typed
    (True, "True", "True"),
])
def test_written(value: object, english: str, french: str) -> None:
    assert (written(value, "en"), written(value, "fr")) == (english, french)


def test_a_raw_conversion_writes_a_setting_as_python_does_and_a_phrase_survives_pickling() -> None:
    # {value!r}: a configuration value as written in the file, never regrouped
    assert t("settings.error.upload_limit", "fr", value=-5.5).endswith("pas -5.5")
    phrase = Phrase("a ", 1.5, " b")
    assert pickle.loads(pickle.dumps(phrase)) == phrase and isinstance(pickle.loads(pickle.dumps(phrase)), Phrase)


def test_the_catalogue_leaves_numbers_to_the_rule() -> None:
    """Every placeholder is plain (no ``{amount:.2f}``), no placeholder is followed by a hand-written percent
    sign (a percentage is a ``Percent``), and literal percentages follow each language's spacing."""
    problems = []
    for key, entry in catalogue().items():
        for lang, text in entry.items():
            for _literal, name, spec, _conversion in string.Formatter().parse(text):
                if name is not None and spec:
                    problems.append(f"{key} ({lang}): {{{name}:{spec}}} bypasses the rule")
            if re.search(r"\}[\s\u00a0\u202f]?%", text):
                problems.append(f"{key} ({lang}): a placeholder followed by % (pass a Percent)")
            if lang == "en" and re.search(r"\d[\s\u00a0\u202f]%", text):
                problems.append(f"{key} (en): English writes 52%, not 52 %")
            if lang == "fr" and re.search(r"\d ?%", text):
                problems.append(f"{key} (fr): French writes 52\\u00a0% (a no-break space)")
    assert not problems, "\n".join(problems)
    used = {name for entry in catalogue().values() for text in entry.values()
            for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name}
    assert DIGITS_ONLY - {"year"} <= used  # every position name is one the catalogue uses (year: kept ready)


# ---------------------------------------------------------------------------------------------------------
# As the person reads them: the upload preview, its notes and the command line
# ---------------------------------------------------------------------------------------------------------


def _spending_with_sbd_at_row_1234() -> str:
    rows = [f"HUNT-1,REF-{index},2026-05-10,10,expenditure,EUR" for index in range(2, 1234)]
    rows.append("HUNT-1,SB-1,2026-05-10,1234.5,expenditure,SBD")  # row 1234 as a spreadsheet numbers it
    return "project_code,reference,date,amount,kind,currency\n" + "\n".join(rows) + "\n"


def test_a_note_on_an_amount_without_rate_reads_in_each_language_on_the_page_and_the_command_line(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "spending.csv"
    path.write_text(_spending_with_sbd_at_row_1234(), encoding="utf-8")
    code, printed = _import(capsys, path, "spending", "--dry-run", "--lang", "fr")
    assert code == 0, printed
    assert (f"remarque, ligne 1234, currency : Aucun taux de change n'est enregistré pour SBD : 1{NNBSP}234,50 SBD "
            "seront affichés à part") in printed  # the row as the spreadsheet shows it, the amount in French
    assert f"spending.csv serait appliqué : 1{NNBSP}233 créés" in printed  # a count is a quantity
    code, printed = _import(capsys, path, "spending", "--dry-run")
    assert code == 0, printed
    assert "note, row 1234, currency: No exchange rate is stored for SBD: 1,234.50 SBD will be shown apart" in printed
    assert "spending.csv would be applied: 1,233 created" in printed

    preview = _preview(hunt, "spending", path.read_bytes())  # the Upload page's preview of the same file
    french = row_notes_frame(preview, "fr")
    [note] = french[french["Colonne"] == "currency"].to_dict("records")
    assert note["Ligne"] == 1234 and f"1{NNBSP}234,50 SBD seront affichés à part" in note["Remarque"]
    assert "**Ligne 2 · HUNT\\-1 · REF\\-2 · amount**" in row_notes_markdown(preview, "fr")  # a zero budget
    # the page's caption under the first notes, as pages/upload.py writes it
    assert t("upload.more_notes", "fr", shown=ROW_NOTES_SHOWN, count=preview.note_count).startswith(
        f"Les 20 premières des 1{NNBSP}234 remarques")
    english = row_notes_frame(preview, "en")
    assert "1,234.50 SBD will be shown apart" in english[english["Column"] == "currency"].iloc[0, 3]


def test_a_percentage_written_as_a_fraction_is_told_what_to_write_in_each_language(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, printed = _import(capsys, next(CASES.glob("18a_*.csv")), "indicators")
    assert code == 0, printed
    path = tmp_path / "values.csv"
    path.write_text("project_code,indicator_code,period_start,period_end,target,actual,note\n"
                    "HUNT-1,RATE-1,2025-07-01,2025-12-31,,45,\n"
                    "HUNT-1,RATE-1,2026-01-01,2026-06-30,,0.525,\n", encoding="utf-8")
    code, printed = _import(capsys, path, "indicator-values", "--lang", "fr")
    assert code == 1
    assert ("Ligne 3, colonne 'actual', valeur '0.525': 0,525 ressemble à une fraction ; les autres chiffres de "
            f"cet indicateur sont en pour cent (40). Écrivez 52,5 (pour 52,5{NBSP}%) : une seule échelle") in printed
    code, printed = _import(capsys, path, "indicator-values")
    assert code == 1
    assert "0.525 looks like a fraction" in printed and "Write 52.5 (for 52.5%): one scale" in printed


def test_counts_and_limits_of_refusals_read_in_french_on_the_upload_page(demo_engine: Engine) -> None:
    preview = _preview(demo_engine, "budgets", (CORPUS / "long_cell.csv").read_bytes())
    french = problems_frame(preview, "fr")
    message = french[french["Colonne"] == "category"].iloc[0]
    assert message["Problème"] == f"Le texte est trop long (5{NNBSP}000 caractères)."
    english = problems_frame(preview, "en")
    assert english[english["Column"] == "category"].iloc[0]["Problem"] == "The text is too long (5,000 characters)."


def test_a_revised_line_names_the_line_it_replaces_with_its_amount_in_the_readers_language(
        hunt: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    code, printed = _import(capsys, CASES / "04c_budgets_original_two_categories.csv", "budgets")
    assert code == 0, printed
    code, printed = _import(capsys, CASES / "04d_budgets_revised_one_category_only.csv", "budgets", "--dry-run",
                            "--lang", "fr")
    assert code == 0, printed
    assert f": Personnel, 2026-01-01 – 2026-12-31, 100{NNBSP}000 EUR." in printed


def test_a_negative_grant_and_a_share_in_percent_read_in_french() -> None:
    content = ("nomAttribuant;idAttribuant;nomBeneficiaire;idBeneficiaire;objet;montant;pourcentageSubvention;"
               "dateConvention;nature\n"
               "Département;21060004500392;Asso A;;Eau potable;-1 234,50;45,5;2024-03-15;aide en numéraire\n"
               ).encode()
    problems = {problem.key.rsplit(".", 1)[1]: problem for problem in read_grants(content, "grants.csv").problems}
    assert problems["negative_amount"].message("fr") == f"Le montant -1{NNBSP}234,5 est négatif."
    assert problems["negative_amount"].message("en") == "The amount -1,234.5 is negative."
    assert problems["share_as_percent"].message("fr").startswith("La part 45,5 est lue comme 0,455 ")


def test_data_quality_tells_a_similarity_as_a_percentage_and_a_budget_line_by_its_amount() -> None:
    frame = pd.DataFrame({"label": ["Pacific Community", Phrase("HUNT-1 · ", 12500)],
                          "detail_key": ["dq.detail.similar_name", "dq.detail.missing"],
                          "detail_values": [{"other": "Pacific Comunity", "score": 96.4}, {"fields": ["currency"]}],
                          "record_url": ["", ""], "fix_url": ["", ""]})
    english, french = describe(frame, "en"), describe(frame, "fr")
    assert english["detail"][0] == "looks like “Pacific Comunity” (similarity 96%)"
    assert french["detail"][0] == f"ressemble à « Pacific Comunity » (similarité 96{NBSP}%)"
    assert (english["label"][1], french["label"][1]) == ("HUNT-1 · 12,500", f"HUNT-1 · 12{NNBSP}500")
