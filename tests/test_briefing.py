"""The leadership briefing: one self-contained HTML file that shows the Overview page's figures, opens with no
network in headless Chromium, prints to PDF, and escapes every text that comes from the data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard.core import db
from dashboard.core.i18n import t
from dashboard.core.models import Organisation, Project
from dashboard.presenting import briefing
from dashboard.presenting.formatting import format_money, format_number, format_rate
from dashboard.queries.filters import PortfolioFilter
from tests import page_figures
from tests.apptest_helpers import sign_in
from tests.conftest import DEMO_TODAY

ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
GENERATED_AT = dt.datetime(2026, 11, 22, 18, 30, tzinfo=dt.UTC)
HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>'


def _html(engine: Engine, lang: str, *, as_of: dt.date = DEMO_TODAY,
          portfolio_filter: PortfolioFilter | None = None) -> str:
    return briefing.briefing_html(engine, portfolio_filter=portfolio_filter or PortfolioFilter(), lang=lang,
                                  as_of=as_of, generated_at=GENERATED_AT)


def _figures(document: str) -> dict:
    match = re.search(r'<script type="application/json" id="briefing-figures">(.*?)</script>', document, re.S)
    assert match, "the briefing carries its raw figures"
    return json.loads(match.group(1))


# ---------------------------------------------------------------------------------------------------------
# Content, without a browser
# ---------------------------------------------------------------------------------------------------------


def test_the_briefing_holds_the_overview_queries_figures_in_both_languages(demo_engine: Engine) -> None:
    headline = page_figures.headline(demo_engine, portfolio_filter=PortfolioFilter(), as_of=DEMO_TODAY)
    now = headline.current
    for lang in ("en", "fr"):
        document = _html(demo_engine, lang)
        assert f'<html lang="{lang}">' in document
        for shown in (format_money(now.budget, "EUR", lang), format_money(now.consumed, "EUR", lang),
                      format_money(now.balance, "EUR", lang), format_rate(now.execution_rate, lang),
                      format_number(now.projects, lang)):
            assert f'<div class="value">{shown}</div>' in document, (lang, shown)
        assert t("briefing.title", lang) in document
        assert t("budgets.variance", lang) in document
        assert t("overview.alerts", lang).replace("'", "&#x27;") in document
        assert t("notice.illustrative", lang).replace("'", "&#x27;") in document  # demo rows are illustrative
        figures = _figures(document)
        assert figures["budget"] == pytest.approx(now.budget)
        assert figures["execution_rate"] == pytest.approx(now.execution_rate)
    # REG-C1.1, the over-spent project of the source documents, is listed with its figures
    english = _html(demo_engine, "en")
    assert "REG-C1.1" in english
    assert "€443,008" in english and "-€53,399" in english and "112%" in english


def test_the_briefing_is_self_contained(demo_engine: Engine) -> None:
    document = _html(demo_engine, "en")
    # plotly.js is inline, once; nothing is loaded from anywhere
    assert document.count("Plotly.newPlot") >= 1
    assert len(re.findall(r"<script[^>]*>\s*window\.PlotlyConfig", document)) == 1
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", document)
    # outside plotly.js itself (whose source names its CDN for geo maps, unused here), no address at all
    outside = re.sub(r"<script type=\"text/javascript\">window\.PlotlyConfig.*?</script>", "", document, flags=re.S)
    assert len(outside) < len(document) / 4
    assert not re.search(r"https?://", outside)
    assert "@import" not in outside
    assert "@page" in document and "break-inside: avoid" in document


def test_the_briefing_states_its_filters_and_date(demo_engine: Engine) -> None:
    chosen = PortfolioFilter(org_types=("ngo",), regions=("POLYNESIA",), period_start=dt.date(2026, 1, 1))
    french = _html(demo_engine, "fr", portfolio_filter=chosen)
    assert "Filtres appliqués" in french
    assert "ONG / association" in french and "Polynésie" in french
    assert "à partir du 01/01/2026" in french  # an open end reads as such
    assert "22/11/2026 18:30" in french  # when it was produced
    english = _html(demo_engine, "en")
    assert "None: the whole portfolio." in english
    assert "Figures to 22 Nov 2026" in english and "22 Nov 2026, 18:30" in english


def test_filtered_figures_follow_the_filter(demo_engine: Engine) -> None:
    chosen = PortfolioFilter(org_types=("ngo",))
    headline = page_figures.headline(demo_engine, portfolio_filter=chosen, as_of=DEMO_TODAY)
    figures = _figures(_html(demo_engine, "en", portfolio_filter=chosen))
    assert figures["budget"] == pytest.approx(headline.current.budget)
    assert figures["projects"] == headline.current.projects
    assert figures["projects"] < 40


def test_text_from_the_data_is_escaped(demo_engine: Engine) -> None:
    with db.session_scope(demo_engine) as session:
        session.execute(update(Project).where(Project.code == "REG-C1.1").values(title=HOSTILE))
        session.execute(update(Organisation).values(relationship_owner=HOSTILE))
    document = _html(demo_engine, "en", portfolio_filter=PortfolioFilter(search=HOSTILE, themes=(HOSTILE,)))
    assert "<img src=x" not in document
    assert "<script>document.title" not in document
    assert "&lt;img src=x onerror=" in document


def test_an_empty_selection_still_gives_a_readable_briefing(engine: Engine) -> None:
    document = _html(engine, "fr")
    assert t("overview.no_alerts", "fr").replace("'", "&#x27;") in document
    assert t("indicators.none", "fr").replace("'", "&#x27;") in document
    assert _figures(document)["budget"] == 0


# ---------------------------------------------------------------------------------------------------------
# In a browser: no network, same figures as the Overview page, prints to PDF
# ---------------------------------------------------------------------------------------------------------


def _overview_metrics(lang: str) -> dict[str, str]:
    # Through app.py (its navigation), as people open it: Overview is the first page.
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), "leadership")
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return {metric.label: metric.value for metric in at.metric}


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_briefing_opens_offline_and_shows_the_overview_figures(demo_engine: Engine, tmp_path: Path,
                                                                  lang: str) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not (ROOT / "pages" / "overview.py").exists():
        pytest.skip("the Overview page is not there yet")
    as_of = dt.date.today()  # what the Overview page uses
    page_metrics = _overview_metrics(lang)
    path = tmp_path / briefing.file_name(as_of, lang)
    path.write_text(_html(demo_engine, lang, as_of=as_of), encoding="utf-8")

    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        try:
            page = browser.new_page(viewport={"width": 820, "height": 1100})
            requests: list[str] = []
            dialogs: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length > 0")
            tiles = {
                tile.query_selector(".label").inner_text(): tile.query_selector(".value").inner_text()
                for tile in page.query_selector_all(".tile")
            }
            charts = page.eval_on_selector_all(".js-plotly-plot", "plots => plots.length")
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"briefing-{lang}.png"), full_page=True)
            pdf = page.pdf(format="A4", print_background=True)
        finally:
            browser.close()

    elsewhere = [url for url in requests if not url.startswith(("file://", "data:", "blob:"))]
    assert elsewhere == [], f"the briefing asked the network for {elsewhere}"
    assert dialogs == []
    assert charts >= 1
    # Every headline figure the Overview page shows appears the same in the briefing (same label, same text).
    compared = [t(key, lang) for key in ("overview.total_budget", "metric.consumed", "metric.balance",
                                          "metric.execution_rate", "metric.committed", "overview.projects",
                                          "overview.active_partners", "metric.on_track_share")]
    for label in compared:
        assert label in page_metrics, f"the Overview page shows no {label!r} metric"
        assert tiles[label] == page_metrics[label], (label, tiles[label], page_metrics[label])
    assert pdf.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert pages > 0
    (SCREENSHOTS / f"briefing-{lang}.pdf").write_bytes(pdf)


def test_the_command_line_writes_the_same_briefing(demo_engine: Engine, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.cli.main import main

    code = main(["briefing", "--lang", "fr", "--filter", "type=ngo&region=POLYNESIA", "--as-of", "2026-11-22",
                 "-o", str(tmp_path)])
    assert code == 0
    written = tmp_path / "note-de-synthese-2026-11-22.html"
    assert capsys.readouterr().out.strip() == str(written)
    document = written.read_text(encoding="utf-8")
    assert "ONG / association" in document and "Polynésie" in document
    chosen = PortfolioFilter(org_types=("ngo",), regions=("POLYNESIA",))
    headline = page_figures.headline(demo_engine, portfolio_filter=chosen, as_of=DEMO_TODAY)
    assert _figures(document)["budget"] == pytest.approx(headline.current.budget)
    with pytest.raises(SystemExit):
        main(["briefing", "--as-of", "22/11/2026"])
    assert "YYYY-MM-DD" in capsys.readouterr().err
