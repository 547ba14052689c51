"""The Partners and Data quality pages in AppTest, on the demo portfolio: what each kind of user sees and can
do, end to end (a staff review reaches the history, the next review date and the overdue list)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from dashboard.core.i18n import t
from dashboard.core.models import Organisation
from dashboard.presenting.formatting import format_date
from dashboard.queries import gaps, reviews
from tests.apptest_helpers import sign_in

ROOT = Path(__file__).resolve().parent.parent
PARTNERS_PAGE = str(ROOT / "pages" / "partners.py")
TIMEOUT = 120


def _page(*roles: str, partner: int | None = None, username: str = "tester", lang: str = "en") -> AppTest:
    at = sign_in(AppTest.from_file(PARTNERS_PAGE, default_timeout=TIMEOUT), *roles, username=username)
    at.session_state["lang"] = lang
    if partner is not None:
        at.query_params["partner"] = str(partner)
    return at.run()


def _no_errors(at: AppTest) -> None:
    assert not at.exception, [item.value for item in at.exception]
    assert not at.error, [item.value for item in at.error]


def _buttons(at: AppTest) -> list[str]:
    return [button.label for button in at.button]


def _frame_with(at: AppTest, column: str):
    """The shown table that has ``column`` (display-only tables carry no key in AppTest)."""
    return next(frame.value for frame in at.dataframe if column in frame.value.columns)


def _most_overdue(engine) -> int:
    return int(reviews.overdue_reviews(engine, today=dt.date.today()).iloc[0]["organisation_id"])


def test_choosing_a_partner_type_shrinks_the_table(demo_engine) -> None:
    at = _page("reference_group")
    _no_errors(at)
    assert at.dataframe[0].value.shape[0] == 264
    at.multiselect(key="filter_org_types").set_value(["ngo"]).run()
    _no_errors(at)
    table = at.dataframe[0].value
    assert table.shape[0] == 98
    assert set(table["Type"]) == {"NGO / association"}
    at.text_input(key="partners_search").set_value("SOLIDARITÉ").run()
    searched = at.dataframe[0].value
    assert 0 < searched.shape[0] < 98
    assert all("solidarit" in name.lower() for name in searched["Partner"])


def _review_prefix(organisation_id: int, generation: int = 0) -> str:
    """The review form's widget keys (``dashboard.web.forms.inline_add_form``)."""
    return f"_record_form_partner_review_{organisation_id}_{generation}"


def _check_review(at: AppTest, organisation_id: int, lang: str = "en") -> AppTest:
    label = t("form.check", lang)
    return at.button(key=f"FormSubmitter:{_review_prefix(organisation_id)}_form-{label}").click().run()


def test_staff_review_end_to_end(demo_engine) -> None:
    """The review form is the reviews upload's row (a batch of one): filled in for the partner, today and the
    reviewer; checked, saved with a reason; then in the history, the next review date and the overdue list."""
    today = dt.date.today()
    organisation_id = _most_overdue(demo_engine)
    overdue_before = len(reviews.overdue_reviews(demo_engine, today=today))
    at = _page("staff", partner=organisation_id, username="sam.staff")
    _no_errors(at)
    assert "Record a partnership review" in [item.value for item in at.subheader]
    prefix = _review_prefix(organisation_id)
    with Session(demo_engine) as session:
        name = session.get(Organisation, organisation_id).name
    assert at.selectbox(key=f"{prefix}_partner").value == name
    assert at.date_input(key=f"{prefix}_review_date").value == today
    assert at.text_input(key=f"{prefix}_reviewer").value == "sam.staff"
    history_before = _frame_with(at, "Reviewer").shape[0]
    for key, value in zip(reviews.PRINCIPLE_KEYS, (4, 5, 3, 4, 4, 5), strict=True):
        at.selectbox(key=f"{prefix}_rating_{key}").set_value(value)
    at.selectbox(key=f"{prefix}_decision").set_value("renew")
    at.text_area(key=f"{prefix}_notes").set_value("Co-financing confirmed for 2027.")
    at = _check_review(at, organisation_id)
    _no_errors(at)
    changes = _frame_with(at, "After")
    assert {row["Field"]: row["After"] for row in changes.to_dict("records")}["Decision"] == "Renew"
    at.text_input(key=f"{prefix}_reason").set_value("Half-yearly review meeting")
    at.button(key=f"{prefix}_save").click().run()
    _no_errors(at)

    assert any("Saved as import batch #" in item.value for item in at.success)
    due = reviews.add_months(today, 6)
    history = _frame_with(at, "Reviewer")
    assert history.shape[0] == history_before + 1  # added, the old reviews kept
    latest = history.iloc[0]
    assert latest["Date"] == today and latest["Decision"] == "Renew" and latest["Overall (1–5)"] == 4
    assert latest["Recorded by"] == "sam.staff" and latest["Next review due"] == due  # both filled in
    assert latest["Notes"] == "Co-financing confirmed for 2027."
    assert next(metric.value for metric in at.metric if metric.label == "Next review") == format_date(due, "en")
    # The form starts again, empty but for the partner, today and the reviewer.
    again = _review_prefix(organisation_id, 1)
    assert at.selectbox(key=f"{again}_decision").value is None and not at.text_area(key=f"{again}_notes").value
    assert at.text_input(key=f"{again}_reviewer").value == "sam.staff"

    at.segmented_control(key="partners_view").set_value("reviews").run()
    _no_errors(at)
    due_table = at.dataframe(key="reviews_due_table").value
    assert due_table.shape[0] == overdue_before - 1
    assert name not in set(due_table["Partner"])


def test_invalid_review_says_what_to_fix_and_stores_nothing(demo_engine) -> None:
    """In French: the upload's problems, each on its field, and nothing saved (no reason asked, no history row)."""
    organisation_id = _most_overdue(demo_engine)
    at = _page("staff", partner=organisation_id, lang="fr")
    before = _frame_with(at, "Évaluateur").shape[0]
    prefix = _review_prefix(organisation_id)
    review_date = at.date_input(key=f"{prefix}_review_date")
    assert review_date.label == "Date de la revue *" and review_date.proto.format == "DD/MM/YYYY"
    assert review_date.help.endswith("JJ/MM/AAAA (jour, mois, année).")
    at.text_input(key=f"{prefix}_reviewer").set_value("  ")
    at = _check_review(at, organisation_id, "fr")
    assert [item.value for item in at.error] == [t("form.invalid", "fr")]
    assert [(row["Champ"], row["Problème"]) for row in _frame_with(at, "Problème").to_dict("records")] == [
        ("Auteur de la revue", "Cette valeur est obligatoire.")]
    at.text_input(key=f"{prefix}_reviewer").set_value("Chargée des partenariats")
    at.date_input(key=f"{prefix}_next_review_due").set_value(dt.date.today() - dt.timedelta(days=1))
    at = _check_review(at, organisation_id, "fr")
    problems = _frame_with(at, "Problème")
    # Nothing rated yet either: the review must rate at least one principle (or give an overall rating).
    assert list(problems["Champ"]) == ["Prochaine revue prévue", "Note globale"]
    assert problems.iloc[0]["Problème"].startswith("La fin précède le début")
    assert problems.iloc[1]["Problème"] == t("import.error.review_not_rated", "fr")
    assert not [widget for widget in at.text_input if widget.key == f"{prefix}_reason"]
    assert _frame_with(at, "Évaluateur").shape[0] == before


def test_reference_group_adds_a_note_but_cannot_record_a_review(demo_engine) -> None:
    organisation_id = _most_overdue(demo_engine)
    at = _page("reference_group", partner=organisation_id, username="rita")
    _no_errors(at)
    assert t("form.check", "en") not in _buttons(at)
    assert "Record a partnership review" not in [item.value for item in at.subheader]
    at.text_area(key="review_note_text").set_value("Ask about their gender policy.")
    at.button(key=f"FormSubmitter:note_form_{organisation_id}-Add the note").click().run()
    _no_errors(at)
    notes = _frame_with(at, "Note")
    assert list(notes["Note"]) == ["Ask about their gender policy."]
    assert list(notes["By"]) == ["rita"]


def test_leadership_sees_no_form(demo_engine) -> None:
    at = _page("leadership", partner=_most_overdue(demo_engine))
    _no_errors(at)
    assert t("form.check", "en") not in _buttons(at) and "Add the note" not in _buttons(at)
    assert not at.text_area and not at.selectbox(key="partners_detail_choice").disabled
    assert any("Reviews are recorded by staff" in item.value for item in at.caption)


def test_a_link_to_an_unknown_partner_says_so(demo_engine) -> None:
    at = _page("leadership", partner=999_999)
    _no_errors(at)
    assert any("Partner 999999 does not exist" in item.value for item in at.warning)


def test_gap_view_shows_the_grid_and_its_gaps(demo_engine) -> None:
    at = _page("reference_group")
    at.segmented_control(key="partners_view").set_value("gaps").run()
    _no_errors(at)
    analysis = gaps.gap_analysis(demo_engine)
    summary = _frame_with(at, "Regions with no partner").set_index("Strategic objective")
    assert summary.loc["TERRINCLUS-2", "Active partners"] == 73
    assert summary.loc["TERRINCLUS-2", "Funding committed (EUR)"] == 8_862_510  # shown in whole euros
    assert summary.loc["OO4", "Active partners"] == 0
    gap_rows = _frame_with(at, "Gaps")
    assert gap_rows.shape[0] == len(analysis.gap_rows())
    assert len(at.get("plotly_chart")) == 1


def test_empty_database_shows_help_not_a_traceback(engine) -> None:
    at = sign_in(AppTest.from_file(PARTNERS_PAGE, default_timeout=TIMEOUT), "staff").run()
    _no_errors(at)
    assert any("The portfolio is empty" in item.value for item in at.info)
    for view in ("detail", "reviews", "gaps"):
        at.segmented_control(key="partners_view").set_value(view).run()
        _no_errors(at)


def test_data_quality_page_counts_and_lists(demo_engine) -> None:
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT), "staff").run()
    at.switch_page("pages/data_quality.py").run()
    _no_errors(at)
    counts = {metric.label: metric.value for metric in at.metric}
    assert counts["Totals not matching lines"] == "3"
    assert counts["Possible duplicate partners"] == "1"
    declared = next(
        frame.value for frame in at.dataframe
        if "Problem" in frame.value.columns and frame.value["Problem"].str.startswith("declared").any()
    )
    assert declared.shape[0] == 3
    assert "declared €67,159, lines add up to €66,159 (difference €1,000)" in set(declared["Problem"])
    with Session(demo_engine) as session:
        total = session.execute(select(func.count()).select_from(Organisation)).scalar_one()
    assert total == 264


def test_a_partner_entered_twice_points_to_its_twin(demo_engine) -> None:
    with Session(demo_engine) as session:
        first, second = (
            session.execute(select(Organisation.id).where(Organisation.name == name)).scalar_one()
            for name in ("Association Solidarité Cergy-Thiès", "Association Solidarité Thiès-Cergy")
        )
    at = _page("staff", partner=first)
    _no_errors(at)
    assert any("“Association Solidarité Thiès\\-Cergy”" in item.value for item in at.warning)  # Markdown-escaped
    at.button(key=f"open_duplicate_{second}").click().run()
    _no_errors(at)
    assert at.selectbox(key="partners_detail_choice").value == second
    assert any("“Association Solidarité Cergy\\-Thiès”" in item.value for item in at.warning)


def test_partner_text_is_shown_as_typed_never_as_markdown(engine) -> None:
    from dashboard.core import db
    from dashboard.core.text import fold

    name = "[Click me](http://example.invalid) **bold**"
    with db.session_scope(engine) as session:
        partner = Organisation(name=name, name_key=fold(name), type="ngo", country="FJI",
                               relationship_owner="_owner_")
        session.add(partner)
        session.flush()
        partner_id = partner.id
    at = _page("leadership", partner=partner_id)
    _no_errors(at)
    header = next(item.value for item in at.header if "Click" in item.value)
    assert header == r"\[Click me\]\(http\://example\.invalid\) \*\*bold\*\*"


def test_the_partner_selector_finds_a_partner_by_its_alias_in_both_languages(demo_engine) -> None:
    """Typing another name the partner goes by ("SPC", "Pacific Community") in the detail's search opens that
    partner; the choice's label says which name found it; a search finding nothing says so, in English and
    French."""
    with Session(demo_engine) as session:
        cps = session.execute(select(Organisation.id).where(Organisation.acronym == "CPS")).scalar_one()
    for lang, nothing in (("en", "No partner matches the search and filters."),
                          ("fr", "Aucun partenaire ne correspond à la recherche et aux filtres.")):
        at = sign_in(AppTest.from_file(PARTNERS_PAGE, default_timeout=TIMEOUT), "reference_group",
                     username=f"finder_{lang}")
        at.session_state["lang"] = lang
        at.query_params["lang"] = lang
        at.run()
        at.segmented_control(key="partners_view").set_value("detail").run()
        _no_errors(at)
        for search in ("SPC", "pacific comunity"):
            at.text_input(key="partners_detail_search").set_value(search).run()
            _no_errors(at)
            choice = at.selectbox(key="partners_detail_choice")
            assert choice.value == cps and choice.options == [
                "Communauté du Pacifique (CPS) · " + ("SPC" if search == "SPC" else "Pacific Community")]
            assert at.header[0].value.startswith("Communauté du Pacifique")
        at.text_input(key="partners_detail_search").set_value("zzz qqq").run()
        assert [item.value for item in at.info] == [nothing]
