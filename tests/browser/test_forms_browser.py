"""The record forms in a real browser (issue 17), signed in as staff through the real sign-in form:

- a project's end date fixed from its Data quality row: the rule's count drops by one; the batch, undone from
  the Upload page's history, brings the count back;
- an indicator value added from the Indicators page, in French: the indicator's chart gains the value;
- every chart's title and legend apart, and every button label whole, at 1400 px and 1000 px in both languages.

Screenshots of the forms (English and French) go to tests/artifacts/screenshots/ to be looked at.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest

from dashboard.accounts import users
from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import utcnow
from dashboard.web.navigation import PAGES
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    SCREENSHOTS,
    Server,
    sign_in_through_the_form,
    wait_for_script,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RULE = "past_end_in_implementation"
STAFF = ("browser-officer", "a-long-password-for-the-officer")


@pytest.fixture(scope="module")
def staff_server(dashboard_server: Server) -> Server:
    """The served demo portfolio with a staff account (edits records, undoes its own batches)."""
    engine = db.get_engine(dashboard_server.database_url)
    with db.session_scope(engine) as session:
        users.create_user(session, username=STAFF[0], roles=["staff"], password=STAFF[1], by="test", now=utcnow())
    return Server(dashboard_server.base_url, dashboard_server.database_url, *STAFF)


@pytest.fixture
def page(staff_server: Server) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(staff_server.base_url, wait_until="domcontentloaded")
            sign_in_through_the_form(page, staff_server)
            page.locator("[data-testid='stSidebarNav']").wait_for(timeout=60_000)  # signed in: the pages are listed
            wait_for_script(page)
            yield page
        finally:
            browser.close()


def _language(page, lang: str) -> None:
    page.locator("[data-testid='stSidebar'] button", has_text="Français" if lang == "fr" else "English").first.click()
    wait_for_script(page)


def _go(page, url_path: str, lang: str) -> None:
    spec = next(item for item in PAGES if item.url_path == url_path)
    page.locator("[data-testid='stSidebarNav']").get_by_role("link", name=t(spec.title_key, lang), exact=True).click()
    page.wait_for_timeout(500)
    wait_for_script(page)


def _rule_count(page, lang: str) -> int:
    metric = page.locator("[data-testid='stMetric']").filter(has_text=t(f"dq.rule.{RULE}.short", lang))
    return int(re.sub(r"\D", "", metric.locator("[data-testid='stMetricValue']").inner_text()))


def _fill_date(dialog, label: str, value: dt.date) -> None:
    """Type a date in a Streamlit date field: its day, month and year parts one by one (the field is a row of
    spin buttons named "day, <label>", …)."""
    for part, number in (("day", f"{value.day:02d}"), ("month", f"{value.month:02d}"), ("year", str(value.year))):
        segment = dialog.get_by_role("spinbutton", name=f"{part}, {label}")
        segment.click()
        segment.press_sequentially(number)
    dialog.get_by_role("group", name=label).press("Tab")


def _dialog(page):
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=30_000)
    return dialog


def _check_and_save(page, dialog, lang: str, reason: str, screenshot: str) -> None:
    dialog.get_by_role("button", name=t("form.check", lang)).click()
    field = dialog.get_by_role("textbox", name=t("form.reason", lang))
    field.wait_for(timeout=30_000)
    field.fill(reason)
    field.press("Enter")
    page.wait_for_timeout(800)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / screenshot))
    dialog.get_by_role("button", name=t("form.save", lang), exact=True).click()
    page.get_by_text(t("form.saved", lang, batch="#").split("#")[0]).first.wait_for(timeout=60_000)
    wait_for_script(page)


def test_a_projects_end_date_fixed_from_its_data_quality_row_then_undone(page) -> None:
    lang = "en"
    _language(page, lang)
    _go(page, "data-quality", lang)
    before = _rule_count(page, lang)
    assert before > 0
    # Select the first row of the rule's list (the grid draws on a canvas: click its row marker).
    expander = page.locator("[data-testid='stExpander']").filter(has_text=t(f"dq.rule.{RULE}.title", lang))
    grid = expander.locator("[data-testid='stDataFrame']")
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    wait_for_script(page)
    expander.get_by_role("button", name=t("form.fix", lang)).click()
    dialog = _dialog(page)
    page.wait_for_timeout(800)
    page.screenshot(path=str(SCREENSHOTS / "form-project-en.png"))
    _fill_date(dialog, t("field.planned_end", lang), dt.date(2031, 12, 31))
    _check_and_save(page, dialog, lang, "Amendment signed: end moved to 2031", "form-project-check-en.png")
    assert page.get_by_role("dialog").count() == 0
    assert _rule_count(page, lang) == before - 1

    _go(page, "upload", lang)
    history = page.get_by_text(re.compile(r"· form · .*Amendment signed"))
    assert history.count() == 1
    page.get_by_role("button", name=t("upload.undo", lang)).first.click()
    wait_for_script(page)
    assert page.get_by_text(re.compile(r"undone: 0 records removed, 1 restored")).count() == 1
    _go(page, "data-quality", lang)
    assert _rule_count(page, lang) == before


def _points(chart) -> int:
    return chart.locator(".scatterlayer .point, .barlayer .point").count()


def test_an_indicator_value_added_in_french_moves_the_indicators_page(page) -> None:
    lang = "fr"
    _language(page, lang)
    _go(page, "indicators", lang)
    chart = page.locator("[data-testid='stPlotlyChart']").filter(has_text="PART").first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    before = _points(chart)
    assert before > 0
    page.get_by_role("button", name=t("form.add", lang, kind=t("form.kind.indicator-values", lang))).nth(1).click()
    dialog = _dialog(page)
    pickers = dialog.locator("[data-testid='stSelectbox']")  # the form opens on the indicator's project and code
    assert [pickers.nth(index).locator("input").input_value() for index in (0, 1)] == ["REG-C1.1", "PART"]
    _fill_date(dialog, t("field.period_start", lang), dt.date(2019, 1, 1))
    _fill_date(dialog, t("field.period_end", lang), dt.date(2019, 6, 30))
    dialog.get_by_role("textbox", name=t("field.actual", lang)).fill("40,5")
    page.wait_for_timeout(500)
    page.screenshot(path=str(SCREENSHOTS / "form-indicator-value-fr.png"))
    _check_and_save(page, dialog, lang, "Rapport semestriel reçu", "form-indicator-value-check-fr.png")
    chart = page.locator("[data-testid='stPlotlyChart']").filter(has_text="PART").first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    assert _points(chart) == before + 2  # the period's bar and its point on the line to date


# Every chart: its title and its legend do not meet, and the title is not clipped by the chart's edge.
CHART_OVERLAPS = """() => Array.from(document.querySelectorAll('.js-plotly-plot')).flatMap((plot, index) => {
    const box = (element) => element ? element.getBoundingClientRect() : null;
    const frame = box(plot);
    const title = box(plot.querySelector('.gtitle'));
    const legend = box(plot.querySelector('.legend'));
    const found = [];
    if (title && legend && !(title.right <= legend.left || legend.right <= title.left
                             || title.bottom <= legend.top || legend.bottom <= title.top)) {
        found.push(`chart ${index}: legend over title "${plot.querySelector('.gtitle').textContent}"`);
    }
    if (title && title.right > frame.right + 1) {
        found.push(`chart ${index}: title clipped "${plot.querySelector('.gtitle').textContent}"`);
    }
    return found;
})"""
# Every button of the page: no part of its label cut (an ellipsis hides what overflows).
CUT_LABELS = """() => Array.from(document.querySelectorAll("[data-testid='stMain'] button")).filter((button) =>
    Array.from(button.querySelectorAll('*')).some((element) => getComputedStyle(element).overflow !== 'visible'
        && element.scrollWidth > element.clientWidth + 1))
    .map((button) => button.textContent.trim())"""


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_chart_titles_and_legends_apart_and_button_labels_whole_at_1400_and_1000_px(page, lang: str) -> None:
    _language(page, lang)
    problems: dict[str, list[str]] = {}
    charts = 0
    for width in (1400, 1000):
        page.set_viewport_size({"width": width, "height": 1000})
        for url_path in ("overview", "budgets", "indicators", "partners", "data-quality", "upload"):
            _go(page, url_path, lang)
            page.wait_for_timeout(1500)  # charts draw after the script
            charts += page.locator(".js-plotly-plot .gtitle").count()
            found = page.evaluate(CHART_OVERLAPS) + [f"button label cut: {text}" for text in page.evaluate(CUT_LABELS)]
            if found:
                problems[f"{url_path} {lang} {width}px"] = found
    assert charts >= 2 * 6  # Overview 2, Budgets 2, Indicators 2 and more, at each width: they were all looked at
    assert not problems, problems
