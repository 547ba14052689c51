"""The portfolio filter shows in the sidebar only on the pages that read it (AppTest, through app.py as an
administrator, who may open every page): the Users, Upload and Data quality pages show none, since filters that
change nothing there would mislead; a filter chosen on a portfolio page is still set when the reader comes back
from one of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.i18n import t
from dashboard.web.navigation import PAGES, PageSpec, page_spec
from tests.apptest_helpers import sign_in

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 180
READS_FILTER = re.compile(r"\bctx\.filter\b")


def _open(page: PageSpec, lang: str = "en") -> AppTest:
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT), "admin", username="sidebar")
    at.session_state["lang"] = lang
    at.query_params["lang"] = lang
    at.run()
    if page.script != PAGES[0].script:
        at.switch_page(page.script).run()
    return at


def _sidebar_headers(at: AppTest) -> list[str]:
    return [str(header.value) for header in at.sidebar.header]


def test_the_pages_that_show_the_filter_are_the_pages_that_read_it() -> None:
    """The declaration (``PageSpec.uses_filter``) matches each page's script: it reads ``ctx.filter`` or not."""
    for page in PAGES:
        source = (ROOT / page.script).read_text(encoding="utf-8")
        assert bool(READS_FILTER.search(source)) == page.uses_filter, page.script
    assert {page.url_path for page in PAGES if not page.uses_filter} == {"data-quality", "upload", "users"}


@pytest.mark.parametrize("page", PAGES, ids=[page.url_path for page in PAGES])
def test_the_sidebar_shows_filters_only_where_they_apply(engine, page: PageSpec) -> None:
    at = _open(page)
    assert not at.exception, [item.message for item in at.exception]
    filters = t("shell.filters", "en")
    if page.uses_filter:
        assert filters in _sidebar_headers(at)
        assert at.sidebar.multiselect and len(at.sidebar.date_input) == 2
    else:
        assert filters not in _sidebar_headers(at)
        assert not at.sidebar.multiselect and not at.sidebar.date_input
        assert not [button for button in at.sidebar.button if button.key == "filter_clear"]


def test_the_users_page_in_french_shows_no_filter(engine) -> None:
    users = page_spec("users")
    assert users is not None
    at = _open(users, "fr")
    assert t("shell.filters", "fr") not in _sidebar_headers(at)
    assert not at.sidebar.multiselect and not at.sidebar.date_input


def test_a_filter_chosen_before_a_page_without_filters_is_kept(demo_engine) -> None:
    at = _open(PAGES[0])
    at.multiselect(key="filter_org_types").set_value(["ngo"]).run()
    at.switch_page("pages/users.py").run()
    assert not at.exception
    assert not at.sidebar.multiselect
    at.switch_page("pages/budgets.py").run()
    assert not at.exception
    assert at.multiselect(key="filter_org_types").value == ["ngo"]


# --- dates: one picker, in the reader's convention ---------------------------------------------------------

DATE_INPUT_CALL = re.compile(r"\.date_input\(")


def test_every_date_picker_goes_through_the_one_helper() -> None:
    """``st.date_input`` is called in ``web/widgets.py`` only: every page and form takes ``widgets.date_input``,
    so no date picker shows Streamlit's year-first default."""
    sources = [*ROOT.joinpath("pages").glob("*.py"), *ROOT.joinpath("dashboard", "web").glob("*.py"), ROOT / "app.py"]
    calls = [path.relative_to(ROOT).as_posix() for path in sources
             if DATE_INPUT_CALL.search(path.read_text(encoding="utf-8"))]
    assert calls == ["dashboard/web/widgets.py"]


@pytest.mark.parametrize(("lang", "hint"), [("en", "DD/MM/YYYY"), ("fr", "JJ/MM/AAAA")])
def test_the_periods_dates_read_day_first_and_say_so_in_the_readers_words(engine, lang: str, hint: str) -> None:
    at = _open(PAGES[0], lang)
    pickers = at.sidebar.date_input
    assert [picker.label for picker in pickers] == [t("shell.filter.period_from", lang),
                                                    t("shell.filter.period_to", lang)]
    for picker in pickers:
        assert picker.proto.format == "DD/MM/YYYY"
        assert picker.help.endswith(t("shell.date_hint", lang)) and hint in picker.help
