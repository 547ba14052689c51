"""``python -m dashboard import|template|imports|undo``: exit codes and one printed line per problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from dashboard.cli.main import build_parser, main
from tests.import_helpers import CORPUS, dump


def test_import_refuses_a_bad_file_with_one_line_per_problem_and_exit_1(
    demo_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(demo_engine)
    assert main(["import", str(CORPUS / "bad_dates.csv"), "--kind", "budgets"]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "Row 2, column 'period_start', value '13/25/2024': There is no month 25: dates are read day first "
        "(DD/MM/YYYY). Write the date as DD/MM/YYYY (31/12/2026) or YYYY-MM-DD (2026-12-31).",
        "Row 3, column 'period_start', value '12/25/2024': Dates are read day first (DD/MM/YYYY); there is no month "
        "above 12. If you meant month first, write 25/12/2024 (or use YYYY-MM-DD).",
        "Row 4, column 'period_start', value '31/02/2024': This date does not exist. Check the day and the month "
        "(DD/MM/YYYY).",
    ]
    assert "bad_dates.csv refused, nothing written: problems to fix 3, rows rejected 3." in err
    assert dump(demo_engine) == before


def test_dry_run_writes_nothing_then_import_applies_and_undo_restores(
    demo_engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    before = dump(demo_engine, data_only=True)
    french = str(CORPUS / "french_budgets.csv")
    assert main(["import", french, "--kind", "budgets", "--dry-run", "--lang", "fr"]) == 0
    assert "french_budgets.csv serait appliqué : 2 créés, 0 mis à jour, 1 inchangés" in capsys.readouterr().out
    assert dump(demo_engine, data_only=True) == before
    assert main(["import", french, "--kind", "budgets"]) == 0
    assert "french_budgets.csv applied as batch #1: 2 created, 0 updated, 1 unchanged." in capsys.readouterr().out
    assert main(["import", french, "--kind", "budgets"]) == 0
    assert "nothing to change (3 rows already as in the file)" in capsys.readouterr().out
    assert main(["imports"]) == 0
    history = capsys.readouterr().out
    assert "#1" in history and "system  budgets  french_budgets.csv  created 2, updated 0, unchanged 1" in history
    assert main(["undo", "1"]) == 0
    assert "Batch #1 undone: 2 records removed, 0 restored." in capsys.readouterr().out
    assert dump(demo_engine, data_only=True) == before
    assert main(["undo", "1"]) == 1
    assert "already been undone" in capsys.readouterr().err


def test_import_as_a_user_applies_that_users_rights(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.accounts import users
    from dashboard.core import db
    from dashboard.core.models import utcnow

    with db.session_scope(demo_engine) as session:
        users.create_user(session, username="lea", roles=["leadership"], password=None, by="test", now=utcnow())
    french = str(CORPUS / "french_budgets.csv")
    assert main(["import", french, "--kind", "budgets", "--user", "lea"]) == 1
    assert "lea may not upload files" in capsys.readouterr().err
    assert main(["import", french, "--kind", "budgets", "--user", "nobody"]) == 2
    assert "no active account named nobody" in capsys.readouterr().err


def test_template_writes_csv_with_descriptions_alongside_and_xlsx(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "budgets.csv"
    assert main(["template", "budgets", "--lang", "fr", "-o", str(target)]) == 0
    assert target.read_bytes().decode("utf-8-sig").splitlines()[0] == (
        "code_projet;financeur;debut_periode;fin_periode;categorie;montant;devise;type_budget;statut")
    described = (tmp_path / "budgets.columns.csv").read_bytes().decode("utf-8-sig")
    assert "Montant (positif ou nul)." in described
    workbook = tmp_path / "budgets.xlsx"
    assert main(["template", "budgets", "--xlsx", "-o", str(workbook)]) == 0
    from openpyxl import load_workbook

    sheets = load_workbook(workbook).sheetnames
    assert sheets == ["budgets", "columns"]
    capsys.readouterr()
    assert main(["template", "rates"]) == 0
    assert capsys.readouterr().out.splitlines()[0].lstrip("\ufeff") == "currency,date,eur_per_unit,source"


def test_bench_import_commits_the_rows_and_prints_the_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench-import", "--rows", "300"]) == 0
    out = capsys.readouterr().out
    assert "rows: 300 budget lines" in out
    assert "(CPU " in out and "300 created" in out
    assert "ratio to executemany:" in out and "peak memory during validate + commit" in out


def test_bench_import_takes_the_database_url_before_or_after_the_command() -> None:
    url = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    assert build_parser().parse_args(["bench-import", "--database-url", url]).database_url == url
    assert build_parser().parse_args(["--database-url", url, "bench-import"]).database_url == url
    assert build_parser().parse_args(["bench-import"]).database_url is None
