"""The browser benchmark runs end to end on the demo portfolio: one parsable line per page and visit, every
page of the navigation visited twice, and the server's peak memory. Figures are not asserted (a benchmark,
not a timed test): only that each is there and is a number, and that what was counted is plausible."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard.web.navigation import PAGES
from tests.browser.conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NUMBER = r"[0-9]+(?:\.[0-9]+)?"
VISIT_LINE = re.compile(
    rf"page=(?P<page>[a-z-]+) visit=(?P<visit>[12]) drawn_s=(?P<drawn>{NUMBER}) "
    rf"started_s=(?P<started>{NUMBER}) finished_s=(?P<finished>{NUMBER}) bytes=(?P<bytes>\d+) "
    rf"ws_bytes=(?P<ws>\d+) http_bytes=(?P<http>\d+) server_s=(?P<server>{NUMBER}) server_cpu_s={NUMBER} "
    rf"browser_cpu_s=(?P<browser_cpu>{NUMBER}) runs=(?P<runs>\d+) charts=(?P<charts>\d+) "
    rf"via=(?P<via>sign_in|sidebar|filter|filtered)$"
)


def test_browser_bench_prints_every_page_twice(database_factory) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    from dashboard.bench import browser

    url = database_factory.new("empty")  # the benchmark builds the demo portfolio into it
    lines: list[str] = []
    visits = browser.run(url, "small", out=lines.append)

    assert lines[0].startswith("database=") and "size=small" in lines[0], lines
    assert any(re.match(rf"build size=small rows=\d+ seconds={NUMBER} backend=\w+$", line) for line in lines), lines
    matched = [VISIT_LINE.match(line) for line in lines if line.startswith("page=")]
    assert all(matched), [line for line in lines if line.startswith("page=")]
    seen = [(match["page"], int(match["visit"])) for match in matched if match and "filter" not in match["via"]]
    assert sorted(seen) == sorted((spec.url_path, number) for spec in PAGES for number in (1, 2)), seen
    # Then the region chosen on the Overview, and the money and indicator pages visited with it.
    narrowed = [(match["page"], match["via"]) for match in matched if match and "filter" in match["via"]]
    assert narrowed == [("overview", "filter"), ("budgets", "filtered"), ("indicators", "filtered"),
                        ("map", "filtered")], narrowed
    # The first visit is the sign-in landing on the default page; every other one a click in the sidebar.
    assert matched[0] and matched[0]["via"] == "sign_in" and matched[0]["page"] == PAGES[0].url_path
    for match in matched:
        assert match is not None
        assert float(match["drawn"]) > 0 and int(match["runs"]) >= 1, match.string
        assert int(match["ws"]) > 0 and int(match["bytes"]) == int(match["ws"]) + int(match["http"]), match.string
        assert float(match["server"]) <= float(match["drawn"]), match.string
        # The run starts after the click, and the page is drawn once the run has finished.
        assert 0 < float(match["started"]) <= float(match["finished"]) <= float(match["drawn"]), match.string
        assert float(match["browser_cpu"]) > 0, match.string  # Chromium drew something, and it was counted
    # Pages with charts were waited for until each chart was drawn.
    charts = {(visit.page, visit.visit): visit.charts for visit in visits}
    assert charts[("budgets", 2)] >= 2 and charts[("overview", 2)] >= 1, charts
    assert sum(1 for line in lines if re.match(rf"load_average={NUMBER} cores=\d+$", line)) == 2, lines
    assert re.match(rf"server_peak_rss_mb={NUMBER}$", lines[-1]) and float(lines[-1].split("=")[1]) > 0, lines
