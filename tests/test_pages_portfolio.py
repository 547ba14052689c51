"""AppTests of the Overview, Budgets and Indicators pages, run through app.py (navigation, sign-in gate,
sidebar filters) and asserting what a reader sees."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from dashboard.core import db, metrics
from dashboard.core.currency import convert
from dashboard.core.i18n import t
from dashboard.core.models import Organisation, Project, Spending
from dashboard.presenting.formatting import format_money, format_number, format_rate
from dashboard.queries.filters import PortfolioFilter, from_query_params
from dashboard.queries.indicators import indicator_assessments
from dashboard.queries.rates import latest_rates
from tests import page_figures
from tests.apptest_helpers import sign_in

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120


def open_page(script: str, *, roles: tuple[str, ...] = ("leadership",), lang: str = "en",
              query_params: dict[str, str] | None = None) -> AppTest:
    """Run app.py signed in, then switch to ``script`` (with ``query_params`` in the URL)."""
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT), *roles)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    for name, value in (query_params or {}).items():
        at.query_params[name] = value
    at.switch_page(script).run()
    assert not at.exception, at.exception
    return at


def table(at: AppTest, position: int = 0) -> pd.DataFrame:
    return at.dataframe[position].value


def metric_value(at: AppTest, label: str) -> str:
    return next(item.value for item in at.metric if item.label == label)


def rendered_markdown(text: str) -> str:
    """The text Markdown shows for ``text`` without other formatting: a backslash before ASCII punctuation is an
    escape (CommonMark), dropped on display."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def today() -> dt.date:
    return dt.date.today()


# ---------------------------------------------------------------------------------------------------------
# Budgets
# ---------------------------------------------------------------------------------------------------------


def test_budgets_show_reg_c11_over_spent(demo_engine: Engine) -> None:
    at = open_page("pages/budgets.py")
    variance = table(at)
    reg = variance[variance["Project"] == "REG-C1.1"].iloc[0]
    assert reg["Execution rate"] == "112%"
    assert reg["Balance"] == "-€53,399"
    assert reg["Budget"] == "€443,008"
    assert reg["Consumed"] == "€496,407"
    assert reg["Over-spent"] == "Yes"
    labels = [button.label for button in at.get("download_button")]
    assert "Download CSV" in labels and "Download Excel" in labels


def test_budgets_in_french(demo_engine: Engine) -> None:
    at = open_page("pages/budgets.py", lang="fr")
    variance = table(at)
    reg = variance[variance["Projet"] == "REG-C1.1"].iloc[0]
    assert reg["Taux d'exécution"] == format_rate(496_407 / 443_008, "fr") == "112\xa0%"
    assert reg["Solde"] == format_money(-53_399, "EUR", "fr")


def test_budgets_link_selects_one_project(demo_engine: Engine) -> None:
    at = open_page("pages/budgets.py", query_params={"project": "REG-C1.1"})
    assert list(table(at)["Project"]) == ["REG-C1.1"]
    assert any("REG-C1.1" in info.value for info in at.info)


def test_a_committed_change_shows_on_the_next_rerun(demo_engine: Engine) -> None:
    """The page cache is keyed on the data revision stored in the database, so a write made by any process
    (here: another engine, as another server process would) shows on the next rerun."""
    at = open_page("pages/budgets.py")
    before = table(at)
    assert before[before["Project"] == "REG-C1.1"].iloc[0]["Balance"] == "-€53,399"
    other_process = create_engine(demo_engine.url.render_as_string(hide_password=False))
    with db.session_scope(other_process) as session:
        project = session.exec(select(Project).where(Project.code == "REG-C1.1")).one()
        session.add(Spending(project_id=project.id, date=dt.date(2018, 6, 30), amount=10_000.0, currency="EUR",
                             kind="expenditure"))
        db.bump_revision(session)
    other_process.dispose()
    at.run()
    after = table(at)
    assert after[after["Project"] == "REG-C1.1"].iloc[0]["Balance"] == "-€63,399"


@pytest.mark.parametrize("group_by", ["funder", "year", "category"])
def test_budgets_grouping_choice(demo_engine: Engine, group_by: str) -> None:
    at = open_page("pages/budgets.py")
    at.segmented_control(key="budgets_group_by").set_value(group_by).run()
    assert not at.exception, at.exception
    expected = page_figures.variance(demo_engine, portfolio_filter=PortfolioFilter(), group_by=group_by,
                                       as_of=today())
    shown = table(at)
    assert shown.columns[0] == t(f"col.{group_by}", "en")
    assert len(shown) == len(expected)
    assert list(shown["Budget"]) == [format_money(value, "EUR", "en") for value in expected["budget"]]


def test_budgets_reporting_currency_and_rates(demo_engine: Engine) -> None:
    at = open_page("pages/budgets.py")
    at.selectbox(key="budgets_currency").set_value("XPF").run()
    assert not at.exception, at.exception
    rates = latest_rates(demo_engine, as_of=today())
    reg = table(at)
    reg = reg[reg["Project"] == "REG-C1.1"].iloc[0]
    assert reg["Balance"] == format_money(convert(-53_399.0, "EUR", "XPF", rates.eur_per_unit), "XPF", "en")
    assert reg["Execution rate"] == "112%"
    shown_rates = next(frame.value for frame in at.dataframe if "Rate date" in frame.value.columns)
    xpf = shown_rates[shown_rates["Currency"] == "XPF"].iloc[0]
    assert xpf["Rate date"] == "30 Oct 2026"
    assert "parity" in xpf["Source"]


# ---------------------------------------------------------------------------------------------------------
# Overview
# ---------------------------------------------------------------------------------------------------------


def test_overview_headline_and_partner_type_filter(demo_engine: Engine) -> None:
    at = open_page("pages/overview.py")
    everything = page_figures.headline(demo_engine, portfolio_filter=PortfolioFilter(), as_of=today()).current
    assert metric_value(at, "Projects") == format_number(everything.projects, "en")
    assert metric_value(at, "Total budget") == format_money(everything.budget, "EUR", "en")
    assert metric_value(at, "Active partners") == format_number(everything.active_partners, "en")

    at.sidebar.multiselect(key="filter_org_types").select("academic").run()
    assert not at.exception, at.exception
    academic = page_figures.headline(demo_engine, portfolio_filter=PortfolioFilter(org_types=("academic",)),
                                        as_of=today()).current
    assert academic.projects < everything.projects
    assert metric_value(at, "Projects") == format_number(academic.projects, "en")
    assert metric_value(at, "Active partners") == format_number(academic.active_partners, "en")
    # The filtered view can be bookmarked: the URL holds the filter.
    assert from_query_params(at.query_params).org_types == ("academic",)


def test_overview_alerts_lead_to_their_items(demo_engine: Engine) -> None:
    at = open_page("pages/overview.py")
    links = at.get("page_link")
    targets = {(link.proto.page, link.proto.query_string) for link in links}
    assert ("budgets", "project=REG-C1.1") in targets
    reg = next(link for link in links if link.proto.query_string == "project=REG-C1.1")
    # The label is Markdown with the item's user text escaped (web.widgets.item_link); it reads as written.
    assert rendered_markdown(reg.proto.label) == "REG-C1.1 — 112% of budget, balance -€53,399"
    assert any(page == "indicators" and query.startswith("indicator=") for page, query in targets)
    assert any(page == "partners" and query.startswith("partner=") for page, query in targets)
    expanders = [expander.label for expander in at.expander]
    assert any(label.startswith("Over-spent projects (") for label in expanders)


def test_filters_follow_the_reader_to_another_page(demo_engine: Engine) -> None:
    at = open_page("pages/overview.py")
    at.sidebar.multiselect(key="filter_org_types").select("academic").run()
    at.switch_page("pages/budgets.py").run()
    assert not at.exception, at.exception
    expected = page_figures.variance(demo_engine, portfolio_filter=PortfolioFilter(org_types=("academic",)),
                                       group_by="project", as_of=today())
    everything = page_figures.variance(demo_engine, portfolio_filter=PortfolioFilter(), group_by="project",
                                         as_of=today())
    assert len(expected) < len(everything)
    assert sorted(table(at)["Project"]) == sorted(expected["label"])
    assert at.sidebar.multiselect(key="filter_org_types").value == ["academic"]
    at.sidebar.button(key="filter_clear").click().run()
    assert len(table(at)) == len(everything)
    assert "type" not in at.query_params


def test_a_chosen_value_that_leaves_the_data_is_dropped(demo_engine: Engine) -> None:
    at = open_page("pages/overview.py")
    at.sidebar.multiselect(key="filter_org_types").select("academic").run()
    with db.session_scope(demo_engine) as session:
        for organisation in session.exec(select(Organisation).where(Organisation.type == "academic")).all():
            organisation.type = "ngo"
            session.add(organisation)
        db.bump_revision(session)
    at.run()
    assert not at.exception, at.exception
    assert at.sidebar.multiselect(key="filter_org_types").value == []
    assert "academic" not in at.sidebar.multiselect(key="filter_org_types").options


def test_bookmarked_filter_opens_filtered(demo_engine: Engine) -> None:
    at = open_page("pages/overview.py", query_params={"type": "academic"})
    academic = page_figures.headline(demo_engine, portfolio_filter=PortfolioFilter(org_types=("academic",)),
                                        as_of=today()).current
    assert metric_value(at, "Projects") == format_number(academic.projects, "en")
    assert at.sidebar.multiselect(key="filter_org_types").value == ["academic"]


def test_no_match_shows_a_message(demo_engine: Engine) -> None:
    for script in ("pages/overview.py", "pages/budgets.py", "pages/indicators.py"):
        at = open_page(script, query_params={"country": "ISL"})
        messages = [info.value for info in at.info]
        # Iceland holds no project: either the country is not offered (filter ignored) or nothing matches.
        if at.sidebar.multiselect(key="filter_countries").value:
            assert any(t("notice.no_match", "en") in message for message in messages), script


def test_filter_with_no_match(demo_engine: Engine) -> None:
    # The only Pacific project of the demo (REG-C1.1) is closed: Melanesia + implementation matches nothing.
    at = open_page("pages/overview.py")
    at.sidebar.multiselect(key="filter_regions").select("MELANESIA").run()
    at.sidebar.multiselect(key="filter_statuses").select("implementation").run()
    assert not at.exception, at.exception
    assert any(t("notice.no_match", "en") in info.value for info in at.info)
    assert not at.metric and not at.get("plotly_chart")


# ---------------------------------------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------------------------------------


def test_indicators_status_table_and_legend(demo_engine: Engine) -> None:
    at = open_page("pages/indicators.py")
    expected = indicator_assessments(demo_engine, portfolio_filter=PortfolioFilter(), as_of=today())
    shown = table(at)
    assert len(shown) == len(expected)
    assert list(shown["Status"]) == [t(f"indicator_status.{value}", "en") for value in expected["status"]]
    atl = shown[(shown["Project"] == "REG-C1.1") & (shown["Code"] == "ATL")].iloc[0]
    assert atl["Rule"] == "Cumulative (latest value)"
    assert atl["Value to date"] == "6"  # latest of the running total, not the sum of 1+2+3+6
    legend = " ".join(markdown.value for markdown in at.markdown)
    for status in metrics.IndicatorStatus:
        assert t(f"indicator_status.{status.value}", "en") in legend


def test_indicator_link_opens_its_project(demo_engine: Engine) -> None:
    expected = indicator_assessments(demo_engine, portfolio_filter=PortfolioFilter(), as_of=today())
    terr = expected[expected["project_code"] == "TERR-02"].iloc[0]
    at = open_page("pages/indicators.py", query_params={"indicator": str(terr["indicator_id"])})
    assert at.selectbox(key="indicators_project").value == "TERR-02"
    charts = at.get("plotly_chart")
    assert len(charts) >= 3  # status, portfolio trend and at least one trend of the project


# ---------------------------------------------------------------------------------------------------------
# Empty database, access
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("script", ["pages/overview.py", "pages/budgets.py", "pages/indicators.py"])
def test_empty_database_shows_the_empty_message(engine: Engine, script: str) -> None:
    at = open_page(script)
    assert any(t("notice.empty_database", "en") in info.value for info in at.info)
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("script", ["overview", "budgets", "indicators"])
def test_pages_refuse_an_actor_without_the_right(engine: Engine, script: str) -> None:
    at = sign_in(AppTest.from_file(str(ROOT / "pages" / f"{script}.py"), default_timeout=TIMEOUT),
                 username="visitor")  # signed in, but with no role
    at.run()
    assert not at.exception
    # A session whose person has no role ends when it is read (web sessions, issue 16): the page refuses.
    assert [message.value for message in [*at.error, *at.warning]] == [t("shell.refused.signed_out", "en")]
    assert not at.get("plotly_chart") and not at.dataframe
