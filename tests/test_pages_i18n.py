"""Every page speaks both languages (AppTest): run through app.py as a signed-in administrator (who may open
every page), in English and in French, each page must show its heading in the chosen language, never a raw
message key, and no English-only text on the French page (or the reverse).

Data-driven from ``dashboard.web.navigation.PAGES``: a page added there is checked here with no change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from dashboard.core.i18n import LANGUAGES, catalogue
from dashboard.core.models import Organisation
from dashboard.web.navigation import PAGES, PageSpec
from tests.apptest_helpers import sign_in

ROOT = Path(__file__).resolve().parents[1]
RAW_KEY = re.compile(r"^[a-z_]+\.[a-z_.]+$")
SNAKE_CASE = re.compile(r"^[a-z]+(_[a-z]+)+$")

pytestmark = pytest.mark.slow


def _texts(at: AppTest) -> Iterator[tuple[str, str]]:
    """(element kind, text) for every text the page shows: headings, prose, notices, metric and widget
    labels, expander and tab labels, and table column headers."""
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "text", "exception"):
        for element in getattr(at, kind):
            yield kind, str(element.value if kind != "exception" else element.message)
    for metric in at.metric:
        yield "metric", str(metric.label)
    for kind in ("button", "checkbox", "toggle", "radio", "selectbox", "multiselect", "text_input", "text_area",
                 "number_input", "date_input", "slider", "select_slider", "button_group"):
        for widget in getattr(at, kind, []):
            label = getattr(widget, "label", None)
            if label:
                yield kind, str(label)
            for option in getattr(widget, "options", []) or []:
                yield f"{kind} option", str(option)
    for button in at.get("download_button"):
        yield "download", str(button.proto.label)
    for expander in at.expander:
        yield "expander", str(expander.label)
    for tab in at.tabs:
        yield "tab", str(tab.label)
    for frame in at.dataframe:
        for column in frame.value.columns:
            yield "column", str(column)


def _other_language_only(lang: str) -> set[str]:
    """Texts that exist only in the other language: seeing one means a string did not follow the choice."""
    mine = {entry[lang] for entry in catalogue().values()}
    other = next(code for code in LANGUAGES if code != lang)
    return {entry[other] for entry in catalogue().values()
            if entry[other] != entry[lang] and entry[other] not in mine and "{" not in entry[other]}


def _run(page_script: str, lang: str, params: dict[str, str] | None = None) -> AppTest:
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=180), "admin", username="polyglot")
    at.session_state["lang"] = lang
    at.query_params["lang"] = lang
    at.run()
    if page_script != PAGES[0].script or params:
        at.switch_page(page_script)
        for name, value in (params or {}).items():
            at.query_params[name] = value
        at.run()
    return at


def _check_page(at: AppTest, where: str, lang: str) -> None:
    assert not at.exception, [item.message for item in at.exception]
    texts = list(_texts(at))

    # A heading, in the chosen language: the page's title is a catalogue text of this language.
    headings = [str(element.value) for element in (*at.main.title, *at.main.header)]  # not the sidebar's
    assert headings, f"{where}: no heading shown"
    texts_in_lang = {entry[lang] for entry in catalogue().values()}
    assert headings[0] in texts_in_lang, f"{where} ({lang}): heading {headings[0]!r} is not translated"

    raw = [f"{kind}: {text}" for kind, text in texts if RAW_KEY.match(text.strip())]
    assert not raw, f"{where} ({lang}) shows raw message keys: {raw}"

    # A table header like "project_code" is a column nobody translated.
    untranslated = [text for kind, text in texts if kind == "column" and SNAKE_CASE.match(text)]
    assert not untranslated, f"{where} ({lang}) shows untranslated column headers: {untranslated}"

    foreign = _other_language_only(lang)
    wrong = [f"{kind}: {text}" for kind, text in texts if text.strip() in foreign]
    assert not wrong, f"{where} ({lang}) shows text of the other language: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", PAGES, ids=[page.url_path for page in PAGES])
def test_every_page_in_both_languages(demo_engine: Engine, page: PageSpec, lang: str) -> None:
    if not (ROOT / page.script).exists():
        pytest.skip(f"{page.script} does not exist yet")
    _check_page(_run(page.script, lang), page.url_path, lang)


def _first_partner_id(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(select(func.min(Organisation.id))).scalar_one())


# Views reached through a link (an alert, the map, a bookmark), not by opening the page.
VARIANTS = [
    ("pages/partners.py", lambda engine: {"partner": _first_partner_id(engine)}),
    ("pages/partners.py", lambda engine: {"view": "reviews"}),
    ("pages/budgets.py", lambda engine: {"project": "REG-C1.1"}),
]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("variant", range(len(VARIANTS)))
def test_linked_views_in_both_languages(demo_engine: Engine, variant: int, lang: str) -> None:
    script, params_for = VARIANTS[variant]
    if not (ROOT / script).exists():
        pytest.skip(f"{script} does not exist yet")
    params = params_for(demo_engine)
    _check_page(_run(script, lang, params), f"{script}?{params}", lang)


def test_the_scan_sees_a_raw_key_and_foreign_text() -> None:
    """The checks above can fail: a raw key matches, and an English-only label is foreign on a French page."""
    assert RAW_KEY.match("overview.total_budget")
    assert not RAW_KEY.match("REG-C1.1")
    assert not RAW_KEY.match("Total budget")
    assert SNAKE_CASE.match("project_code") and not SNAKE_CASE.match("Budget (EUR)")
    assert "Total budget" in _other_language_only("fr")
    assert "Budget total" in _other_language_only("en")
    assert "Budget" not in _other_language_only("fr")  # the same word in both languages is no sign
