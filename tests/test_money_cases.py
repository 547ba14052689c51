"""Issue 13, money (items 1–5): the real-world cases of ``tests/corpus/cases`` (copied from ../shared/cases), each
imported through the command line as a person would, then read back through ``figures --json``, the pages' view
models, the exports and the briefing; plus the kinds they stand for, on files written here. On SQLite, and on
PostgreSQL with ``TEST_DATABASE=postgresql``.

The demo portfolio is loaded as of 2026-11-22; every figure here is read as of 2026-11-30.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard import views
from dashboard.cli.main import main
from dashboard.core.models import Spending
from dashboard.core.permissions import Actor
from dashboard.importing import pipeline
from dashboard.presenting import briefing, tables
from dashboard.presenting.data_quality import describe
from dashboard.presenting.upload import row_notes_markdown
from dashboard.queries import data_quality
from dashboard.queries.filters import PortfolioFilter, from_query_params

CASES = Path(__file__).resolve().parent / "corpus" / "cases"
AS_OF = dt.date(2026, 11, 30)


def _import(capsys: pytest.CaptureFixture[str], path: Path, kind: str, *extra: str) -> tuple[int, str]:
    code = main(["import", str(path), "--kind", kind, *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _case(capsys: pytest.CaptureFixture[str], name: str, kind: str, *extra: str) -> str:
    code, printed = _import(capsys, CASES / name, kind, *extra)
    assert code == 0, printed
    return printed


def _figures(capsys: pytest.CaptureFixture[str], query: str = "", *extra: str) -> dict:
    code = main(["figures", "--as-of", AS_OF.isoformat(), "--filter", query, *extra, "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def _project(printed: dict, code: str) -> dict:
    return next(project for project in printed["projects"] if project["code"] == code)


def _filter(query: str) -> PortfolioFilter:
    from urllib.parse import parse_qs
    return from_query_params(parse_qs(query))


def _exported(engine: Engine, query: str, code: str, group_by: str = "project") -> dict[str, float]:
    """The Budgets page's variance download (raw numbers under English headers) for one row."""
    view = views.budgets(engine, _filter(query), AS_OF, group_by=group_by)
    table = tables.variance_table(view.variance, group_by, "en", "EUR", export=True)
    row = table[table.iloc[:, 0] == code].iloc[0]
    return {"budget": row["Budget (EUR)"], "consumed": row["Consumed (EUR)"]}


def _briefing_figures(engine: Engine, query: str) -> dict:
    html = briefing.briefing_html(engine, portfolio_filter=_filter(query), lang="en", as_of=AS_OF,
                                  generated_at=dt.datetime(2026, 11, 30, 8, 0))
    start = html.index('<script type="application/json" id="briefing-figures">') + len(
        '<script type="application/json" id="briefing-figures">')
    return json.loads(html[start:html.index("</script>", start)].replace("<\\/", "</"))


@pytest.fixture
def hunt(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> Engine:
    """The demo portfolio with the cases' setup project (HUNT-1, FJI, EUR)."""
    _case(capsys, "00_setup_project_HUNT-1.csv", "projects")
    return demo_engine


# ---------------------------------------------------------------------------------------------------------
# 1. Multi-country projects (cases 03a–c)
# ---------------------------------------------------------------------------------------------------------


def test_case_03_a_two_country_project_counts_each_country_s_share_everywhere(
        hunt: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    _case(capsys, "03a_projects_two_countries_50_50.csv", "projects")
    _case(capsys, "03b_budgets_two_country_project_100k.csv", "budgets")
    _case(capsys, "03c_spending_two_country_project_40k.csv", "spending")
    whole = _project(_figures(capsys), "HUNT-MC")
    assert (whole["budget"], whole["consumed"], whole["execution_rate"]) == (100_000.0, 40_000.0, 0.4)
    for query in ("country=FJI", "country=WSM", "region=POLYNESIA", "region=MELANESIA"):
        printed = _figures(capsys, query)
        shown = _project(printed, "HUNT-MC")
        assert (shown["budget"], shown["consumed"], shown["balance"], shown["execution_rate"]) == (
            50_000.0, 20_000.0, 30_000.0, 0.4), query
        assert _exported(hunt, query, "HUNT-MC") == {"budget": 50_000.0, "consumed": 20_000.0}, query
        overview = views.overview(hunt, _filter(query), AS_OF)
        for group_by in ("year", "category", "funder"):  # every grouping adds up to the same split total
            grouped = views.budgets(hunt, _filter(query), AS_OF, group_by=group_by).variance
            assert grouped["budget"].sum() == pytest.approx(overview.variance["budget"].sum()), (query, group_by)
        headline = overview.headline.current
        assert printed["headline"]["budget"] == pytest.approx(headline.budget, abs=0.01)
        assert _briefing_figures(hunt, query)["budget"] == pytest.approx(headline.budget)
    # Samoa holds no other project: the headline is the project's Samoan half alone, in every figure.
    samoa = _figures(capsys, "country=WSM")
    assert samoa["headline"] | {"on_track_share": None} == {
        "budget": 50_000.0, "consumed": 20_000.0, "committed": 0.0, "balance": 30_000.0, "execution_rate": 0.4,
        "projects": 1, "on_track_share": None, "not_converted": {}}
    theme_total = views.overview(hunt, _filter("country=WSM"), AS_OF).by_theme["budget"].sum()
    assert theme_total == pytest.approx(50_000)
    funders = views.overview(hunt, _filter("country=WSM"), AS_OF).by_funder
    assert funders["budget"].sum() == pytest.approx(50_000) and funders["consumed"].sum() == pytest.approx(20_000)
    # Both countries chosen: the whole project, once.
    both = _project(_figures(capsys, "country=FJI&country=WSM"), "HUNT-MC")
    assert (both["budget"], both["consumed"]) == (100_000.0, 40_000.0)
    # The map draws the chosen country's place with the chosen country's part.
    shown = views.map_view(hunt, _filter("country=WSM"), AS_OF).points
    points = shown[shown["code"] == "HUNT-MC"]
    assert list(points["country"]) == ["WSM"]
    assert (points["budget_total"] * points["budget_share"]).sum() == pytest.approx(50_000)


@pytest.mark.parametrize(("cell", "fix"), [
    ("FJI:0.5; WSM:0.5", "0.5 looks like a fraction: write 50"),
    ("FJI:30; WSM:30", "The shares add up to 60%, not 100%"),
])
def test_country_shares_that_do_not_add_up_to_100_are_refused_with_the_fix(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path, cell: str, fix: str) -> None:
    path = tmp_path / "projects.csv"
    path.write_text("code,title,currency,countries\nHUNT-SHARES,Shares,EUR,\"" + cell + "\"\n", encoding="utf-8")
    code, printed = _import(capsys, path, "projects")
    assert code == 1 and fix in printed
    assert all(project["code"] != "HUNT-SHARES" for project in _figures(capsys)["projects"])


# ---------------------------------------------------------------------------------------------------------
# 2. Budget lines across years, pro rata by days
# ---------------------------------------------------------------------------------------------------------


def test_a_three_year_budget_line_counts_its_days_inside_the_period_and_the_comparison_period(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "budgets.csv"
    # 2025-01-01 to 2027-12-31: 1 095 days, 100 EUR a day.
    path.write_text("project_code,period_start,period_end,category,amount,currency\n"
                    "HUNT-1,2025-01-01,2027-12-31,Personnel,109500,EUR\n", encoding="utf-8")
    _case_path(capsys, path, "budgets")
    year = _figures(capsys, "country=FJI&from=2026-01-01&to=2026-12-31")
    assert _project(year, "HUNT-1")["budget"] == 36_500.0
    half = _figures(capsys, "from=2026-01-01&to=2026-06-30")
    assert _project(half, "HUNT-1")["budget"] == 18_100.0  # 181 days
    to_date = _figures(capsys)
    assert _project(to_date, "HUNT-1")["budget"] == 109_500.0  # no period chosen: the plan, whole
    # The Overview's headline compares with 2025, whose part is also 36 500; Budgets by year and the export agree.
    only = "country=FJI&from=2026-01-01&to=2026-12-31"
    headline = views.overview(hunt, _filter(only), AS_OF).headline
    fiji_2026 = _figures(capsys, only)["headline"]["budget"]
    assert headline.current.budget == pytest.approx(fiji_2026)
    fiji_2025 = _figures(capsys, "country=FJI&from=2025-01-01&to=2025-12-31")["headline"]["budget"]
    assert headline.previous.budget == pytest.approx(fiji_2025)
    assert _project(_figures(capsys, "country=FJI&from=2025-01-01&to=2025-12-31"), "HUNT-1")["budget"] == 36_500.0
    by_year = views.budgets(hunt, _filter("country=FJI"), AS_OF, group_by="year").variance.set_index("label")
    in_window = views.budgets(hunt, _filter(only), AS_OF, group_by="year").variance.set_index("label")
    assert list(in_window.index) == ["2026"]
    assert in_window.loc["2026", "budget"] == pytest.approx(by_year.loc["2026", "budget"])
    assert _exported(hunt, only, "HUNT-1")["budget"] == pytest.approx(36_500)
    assert _briefing_figures(hunt, only)["budget"] == pytest.approx(fiji_2026)


def _case_path(capsys: pytest.CaptureFixture[str], path: Path, kind: str, *extra: str) -> str:
    code, printed = _import(capsys, path, kind, *extra)
    assert code == 0, printed
    return printed


# ---------------------------------------------------------------------------------------------------------
# 3. Revised budget lines (cases 04c–d)
# ---------------------------------------------------------------------------------------------------------


def test_case_04_a_revised_line_replaces_only_the_line_it_revises(
        hunt: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    _case(capsys, "04c_budgets_original_two_categories.csv", "budgets")
    code, printed = _import(capsys, CASES / "04d_budgets_revised_one_category_only.csv", "budgets", "--dry-run")
    assert code == 0
    assert ("row 2, budget_type: This revised line replaces the original line it revises (same project, funder "
            "and category, overlapping period): Personnel, 2026-01-01 – 2026-12-31, 100,000 EUR.") in printed
    assert "Travel" not in printed
    _case(capsys, "04d_budgets_revised_one_category_only.csv", "budgets")
    assert _project(_figures(capsys), "HUNT-1")["budget"] == 170_000.0  # not 120 000, not 270 000
    categories = views.budgets(hunt, _filter("country=FJI"), AS_OF, group_by="category").variance.set_index("label")
    assert categories.loc["Travel", "budget"] >= 50_000  # Travel still shown
    assert _exported(hunt, "country=FJI", "HUNT-1")["budget"] == 170_000.0
    assert _briefing_figures(hunt, "country=FJI")["budget"] == pytest.approx(
        _figures(capsys, "country=FJI")["headline"]["budget"])


def test_a_revision_that_extends_the_period_replaces_the_original_instead_of_adding(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "budgets.csv"
    path.write_text("project_code,period_start,period_end,category,amount,budget_type\n"
                    "HUNT-1,2026-01-01,2026-12-31,Personnel,100000,original\n"
                    "HUNT-1,2026-01-01,2027-06-30,personnel ,150000,revised\n", encoding="utf-8")
    printed = _case_path(capsys, path, "budgets")
    assert "row 3, budget_type: This revised line replaces" in printed and "100,000 EUR" in printed
    assert _project(_figures(capsys), "HUNT-1")["budget"] == 150_000.0  # never 250 000
    in_2026 = _project(_figures(capsys, "from=2026-01-01&to=2026-12-31"), "HUNT-1")["budget"]
    assert in_2026 == pytest.approx(150_000 * 365 / 546, abs=0.01)  # the revision's days in 2026


# ---------------------------------------------------------------------------------------------------------
# 4. Currencies (cases 10a–d and 16)
# ---------------------------------------------------------------------------------------------------------


def test_case_10_budget_and_spending_left_without_currency_follow_their_project_together(
        hunt: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    for name, kind in (("10a_projects_currency_left_blank.csv", "projects"),
                       ("10b_budgets_no_currency_column_xpf_amounts.csv", "budgets"),
                       ("10c_spending_no_currency_column_xpf_amounts.csv", "spending")):
        _case(capsys, name, kind)
    assert _project(_figures(capsys), "HUNT-XPF")["execution_rate"] == 0.5  # both in the project's EUR, for now
    printed = _case(capsys, "10d_projects_fix_currency_to_xpf.csv", "projects")
    assert ("row 2, currency: The project's currency changes from EUR to XPF: its 1 budget lines and 1 "
            "transactions without a currency of their own are read in XPF from now on, together.") in printed
    printed = _figures(capsys, "country=NCL")
    xpf = _project(printed, "HUNT-XPF")
    assert xpf["execution_rate"] == 0.5  # not 59.67 (5 967 %)
    assert (xpf["budget"], xpf["consumed"]) == (pytest.approx(10_000_000 * 0.00838), pytest.approx(5_000_000 * 0.00838))
    in_xpf = _project(_figures(capsys, "country=NCL", "--currency", "XPF"), "HUNT-XPF")
    assert (in_xpf["budget"], in_xpf["consumed"]) == (pytest.approx(10_000_000), pytest.approx(5_000_000))
    with Session(hunt) as session:
        stored = session.scalars(select(Spending).where(Spending.reference == "NC-001")).one()
        assert stored.currency is None  # blank: the project's, read when the figures are summed


def test_a_project_moved_to_a_currency_without_rate_needs_the_same_confirmation(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_text("code,title,currency\nHUNT-1,Hunt test project,SBD\n", encoding="utf-8")
    code, printed = _import(capsys, path, "projects")
    assert code == 1 and "No exchange rate is stored for SBD: the project's budget lines" in printed
    _case_path(capsys, path, "projects", "--accept-missing-rates")
    assert _figures(capsys, "country=FJI")["headline"]["projects"] >= 1  # no crash: shown apart


def test_case_16_a_currency_without_rate_is_caught_then_shown_apart_and_nothing_crashes(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = CASES / "16_spending_one_row_in_currency_without_rate.csv"
    code, printed = _import(capsys, case, "spending", "--dry-run")
    assert code == 0 and "No exchange rate is stored for SBD: 2,500 SBD will be shown apart" in printed
    # A large amount is written whole, to the cent, in the person's language: never 1.23457e+06.
    large = tmp_path / "large.csv"
    large.write_text("project_code,reference,date,amount,kind,currency\n"
                     "HUNT-1,SB-9,2026-05-10,1234567.89,expenditure,SBD\n", encoding="utf-8")
    code, printed = _import(capsys, large, "spending", "--dry-run")
    assert code == 0 and "No exchange rate is stored for SBD: 1,234,567.89 SBD will be shown apart" in printed
    code, printed = _import(capsys, large, "spending", "--dry-run", "--lang", "fr")
    assert code == 0 and "pour SBD : 1\u202f234\u202f567,89 SBD seront affichés à part" in printed
    code, printed = _import(capsys, case, "spending")
    assert code == 1 and "--accept-missing-rates" in printed and "nothing written" in printed
    assert _figures(capsys)["headline"]["not_converted"] == {}
    before = _figures(capsys, "country=FJI")
    _case(capsys, case.name, "spending", "--accept-missing-rates")
    after = _figures(capsys, "country=FJI")
    assert after["headline"]["not_converted"] == {"SBD": 2500.0}
    assert after["headline"]["consumed"] == before["headline"]["consumed"]  # left out, never added as euros
    assert _figures(capsys)["headline"]["not_converted"] == {"SBD": 2500.0}
    # Every page's view, the export, the briefing and the map: no crash, the note says what is left out.
    overview = views.overview(hunt, PortfolioFilter(), AS_OF)
    assert dict(overview.not_converted) == {"SBD": 2500.0}
    budgets = views.budgets(hunt, PortfolioFilter(), AS_OF)
    assert dict(budgets.not_converted) == {"SBD": 2500.0}
    for group_by in ("project", "funder", "year", "category"):
        views.budgets(hunt, PortfolioFilter(), AS_OF, group_by=group_by)
    note = tables.not_converted_note(budgets.not_converted, "EUR", "en")
    assert note is not None and note.startswith("Totals are partial: 2,500 SBD cannot be converted to EUR")
    assert str(tables.not_converted_note(budgets.not_converted, "EUR", "fr")).startswith(
        "Totaux partiels : 2\u202f500 SBD ne peuvent pas être convertis en EUR")
    html = briefing.briefing_html(hunt, portfolio_filter=PortfolioFilter(), lang="en", as_of=AS_OF,
                                  generated_at=dt.datetime(2026, 11, 30, 8, 0))
    assert "Totals are partial" in html
    assert _briefing_figures(hunt, "")["not_converted"] == {"SBD": 2500.0}
    assert views.map_view(hunt, PortfolioFilter(), AS_OF).missing_rate is None  # a transaction: not on the map
    assert not tables.variance_table(budgets.variance, "project", "en", "EUR", export=True).empty
    assert main(["briefing", "--as-of", AS_OF.isoformat(), "-o", str(tmp_path)]) == 0
    written = next(tmp_path.glob("*.html")).read_text(encoding="utf-8")
    assert "Totals are partial: 2,500 SBD" in written


# ---------------------------------------------------------------------------------------------------------
# 5. Implausible dates and spending against a zero budget
# ---------------------------------------------------------------------------------------------------------


def test_implausible_dates_and_a_zero_budget_are_flagged_in_the_preview_and_on_data_quality(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    budgets = tmp_path / "budgets.csv"
    budgets.write_text("project_code,period_start,period_end,category,amount\n"
                       "HUNT-1,2026-01-01,2026-12-31,Personnel,0\n", encoding="utf-8")
    _case_path(capsys, budgets, "budgets")
    spending = tmp_path / "spending.csv"
    spending.write_text("project_code,reference,date,amount,kind\n"
                        "HUNT-1,TYPO-1,2062-05-10,1000,expenditure\n"
                        "HUNT-1,LATE-1,2030-02-01,1000,expenditure\n"
                        "HUNT-1,OK-1,2026-05-10,1000,expenditure\n", encoding="utf-8")
    printed = _case_path(capsys, spending, "spending")
    assert "row 2, date: Dated 2062-05-10, more than 5 years after today" in printed
    assert "row 3, date: Dated 2030-02-01, more than a year outside the project's planned dates" in printed
    assert "row 4, date" not in printed
    assert "row 4, amount: Spending against HUNT-1, whose budget is zero" in printed
    report = data_quality.run_checks(hunt, today=AS_OF)
    flagged = report.issues["implausible_spending_date"]
    assert sorted(flagged["label"]) == ["HUNT-1 · LATE-1", "HUNT-1 · TYPO-1"]
    assert "HUNT-1 — Hunt test project" in set(report.issues["spending_without_budget"]["label"])


def test_a_budget_line_whose_period_is_dated_implausibly_is_flagged_like_a_transaction(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The kind "implausible dates" covers budget periods too: 2206 typed for 2026, or a line ending 2062 on a
    2025-2027 project, is a note of the preview and a line of the Data quality page; a plausible line is not."""
    budgets = tmp_path / "budgets.csv"
    budgets.write_text("project_code,period_start,period_end,category,amount\n"
                       "HUNT-1,2026-01-01,2062-12-31,Personnel,1000\n"
                       "HUNT-1,2206-01-01,2206-12-31,Travel,10\n"
                       "HUNT-1,2029-06-01,2029-12-31,Audit,10\n"
                       "HUNT-1,2026-01-01,2027-12-31,Equipment,500\n", encoding="utf-8")
    printed = _case_path(capsys, budgets, "budgets")
    assert "row 2, period_end: Dated 2062-12-31, more than 5 years after today" in printed
    assert "row 3, period_start: Dated 2206-01-01, more than 5 years after today" in printed
    assert "row 4, period_start: Dated 2029-06-01, more than a year outside the project's planned dates" in printed
    assert "row 5" not in printed
    report = data_quality.run_checks(hunt, today=AS_OF)
    flagged = report.issues["implausible_spending_date"]
    lines = flagged[flagged["table"] == "budget_line"]
    assert sorted(lines["label"]) == ["HUNT-1 · Audit", "HUNT-1 · Personnel", "HUNT-1 · Travel"]
    assert set(lines["fix_url"]) == {data_quality.upload_url("budgets")}
    shown = describe(lines[lines["label"] == "HUNT-1 · Personnel"], "en")["detail"].iloc[0]
    assert shown == "period 1 Jan 2026 – 31 Dec 2062: 31 Dec 2062 is more than 5 years ahead"


def test_a_declared_total_is_checked_against_the_same_country_share(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The TOTAL of a funding table is the whole project's: under FJI it is checked against FJI's half of the
    lines with FJI's half of the total, so a project whose lines match its total raises no mismatch there."""
    projects = tmp_path / "projects.csv"
    projects.write_text("code,title,currency,countries,declared_total\n"
                        "HUNT-DT,Declared,EUR,\"FJI:50; WSM:50\",100000\n", encoding="utf-8")
    _case_path(capsys, projects, "projects")
    budgets = tmp_path / "budgets.csv"
    budgets.write_text("project_code,period_start,period_end,category,amount\n"
                       "HUNT-DT,2026-01-01,2026-12-31,Personnel,100000\n", encoding="utf-8")
    _case_path(capsys, budgets, "budgets")
    for query in ("", "country=FJI", "country=WSM"):
        view = views.budgets(hunt, _filter(query), AS_OF)
        row = view.funding[view.funding["code"] == "HUNT-DT"].iloc[0]
        assert not row["declared_mismatch"], query
        assert row["lines_total"] == pytest.approx(100_000 if not query else 50_000), query
        alerts = views.overview(hunt, _filter(query), AS_OF).alerts
        assert "HUNT-DT" not in set(alerts.loc[alerts["kind"] == "declared_total_mismatch", "item"]), query


def test_a_workbook_bringing_its_own_rate_needs_no_confirmation(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """The rates sheet of a workbook is read after its spending sheet: its rate still counts, so the spending
    in SBD is converted and nothing is left apart."""
    from openpyxl import Workbook

    book = Workbook()
    spending = book.active
    spending.title = "spending"
    spending.append(["project_code", "reference", "date", "amount", "kind", "currency"])
    spending.append(["HUNT-1", "SB-0001", "2026-05-10", 2500, "expenditure", "SBD"])
    rates = book.create_sheet("rates")
    rates.append(["currency", "date", "eur_per_unit", "source"])
    rates.append(["SBD", "2026-10-30", 0.11, "Central Bank of Solomon Islands"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    printed = _case_path(capsys, path, "workbook")
    assert "No exchange rate" not in printed
    shown = _figures(capsys, "country=FJI")
    assert shown["headline"]["not_converted"] == {}
    assert _project(shown, "HUNT-1")["consumed"] == pytest.approx(275.0)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_overview_and_budgets_pages_say_their_totals_are_partial(
        hunt: Engine, capsys: pytest.CaptureFixture[str], lang: str) -> None:
    """Case 16 on the pages themselves (through app.py): both pages draw, with the note of what is left out."""
    from tests.test_pages_portfolio import open_page

    _case(capsys, "16_spending_one_row_in_currency_without_rate.csv", "spending", "--accept-missing-rates")
    expected = tables.not_converted_note({"SBD": 2500.0}, "EUR", lang)
    for script in ("pages/overview.py", "pages/budgets.py"):
        at = open_page(script, lang=lang, query_params={"country": "FJI"})
        assert [item.value for item in at.warning if item.value == expected] == [expected], script
        assert not at.error, [item.value for item in at.error]


def test_an_indicator_value_dated_implausibly_is_flagged_like_a_budget_line(
        hunt: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A value for 2062 typed for 2026, or a period far outside its 2025–2027 project, is a note of the preview
    (naming its row and column, in both languages; the upload still goes through) and a line of the Data quality
    page, by one rule (``metrics.implausible_period``); a plausible value is neither."""
    _case(capsys, "18a_indicators_percentage_periodic.csv", "indicators")
    values = tmp_path / "values.csv"
    values.write_text("project_code,indicator_code,period_start,period_end,actual\n"
                      "HUNT-1,RATE-1,2062-01-01,2062-06-30,52\n"
                      "HUNT-1,RATE-1,2026-01-01,2026-06-30,61\n"
                      "HUNT-1,RATE-1,2021-01-01,2021-06-30,45\n", encoding="utf-8")
    code, printed = _import(capsys, values, "indicator-values", "--dry-run")
    assert code == 0, printed
    assert "note, row 2, period_start: Dated 2062-01-01, more than 5 years after today" in printed
    assert ("note, row 4, period_start: Dated 2021-01-01, more than a year outside the project's planned dates "
            "(2025-01-01 – 2027-12-31)") in printed
    assert "row 3" not in printed
    with Session(hunt) as session:  # the Upload page's preview, as it writes the notes
        preview = pipeline.preview(session, kind="indicator-values", file_name="values.csv",
                                   data=values.read_bytes(), actor=Actor.of("officer", ["staff"]))
    assert not preview.refused and preview.created == 3 and preview.note_count == 2
    shown = row_notes_markdown(preview, "fr").splitlines()
    assert shown[0].startswith("- **Ligne 2 · HUNT\\-1 · RATE\\-1")
    assert "Datée du 2062\\-01\\-01, plus de 5 ans après aujourd'hui" in shown[0]
    _case_path(capsys, values, "indicator-values")
    report = data_quality.run_checks(hunt, today=AS_OF)
    flagged = report.issues["implausible_indicator_date"]
    assert list(flagged["label"]) == ["HUNT-1 · RATE-1 — Households with safe water"] * 2
    assert set(flagged["fix_url"]) == {data_quality.upload_url("indicator-values")}
    assert list(describe(flagged, "en")["detail"]) == [
        "period 1 Jan 2021 – 30 Jun 2021: 1 Jan 2021 is more than a year outside the project's dates "
        "(1 Jan 2025 – 31 Dec 2027)",
        "period 1 Jan 2062 – 30 Jun 2062: 1 Jan 2062 is more than 5 years ahead"]
    assert describe(flagged, "fr")["detail"].iloc[1] == (
        "période du 01/01/2062 au 30/06/2062 : le 01/01/2062 est à plus de 5 ans")
    assert report.issues["implausible_spending_date"].empty  # not a transaction nor a budget line
