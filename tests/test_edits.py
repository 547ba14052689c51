"""One record at a time (issue 17, dashboard/importing/edits.py): the upload's rules, a before → after diff, a
reason, an import batch of one that the history lists and undo reverses, the version check, the role check.

Runs on SQLite and, with TEST_DATABASE=postgresql, on PostgreSQL (the ``engine``/``demo_engine`` fixtures).
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Mapping

import pytest
from sqlalchemy import select, text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard import views
from dashboard.core import db
from dashboard.core.models import AuditEvent, ImportBatch, Project
from dashboard.core.permissions import Actor, PermissionDeniedError
from dashboard.importing import edits, pipeline
from dashboard.importing.edits import EditResult, EditStatus, RecordForm
from dashboard.importing.undo import UndoRefusedError, import_history, undo
from dashboard.queries import data_quality
from dashboard.queries.filters import PortfolioFilter
from dashboard.queries.indicators import indicator_assessments
from tests.conftest import DEMO_TODAY
from tests.import_helpers import dump

OFFICER = Actor.of("officer", ["staff"])
COLLEAGUE = Actor.of("colleague", ["staff"])
ADMIN = Actor.of("root", ["admin"])
NOT_STAFF: dict[str, Actor | None] = {
    "leadership": Actor.of("leader", ["leadership"]),
    "reference_group": Actor.of("member", ["reference_group"]),
    "leadership+reference_group": Actor.of("both", ["leadership", "reference_group"]),
    "no role": Actor.of("ghost", []),
    "signed out": None,
}
REASON = "signed amendment of 3 November"


def _id(engine: Engine, sql: str, **values: object) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(sql), values).scalar_one())


def _open(engine: Engine, kind: str, record_id: int, actor: Actor | None = OFFICER) -> RecordForm:
    with Session(engine) as session:
        return edits.open_record(session, kind=kind, record_id=record_id, actor=actor)


def _save(engine: Engine, form: RecordForm, values: Mapping[str, object], *, reason: str = REASON,
          actor: Actor | None = OFFICER, lang: str = "en") -> EditResult:
    with Session(engine) as session:
        return edits.save(session, kind=form.kind, record_id=form.record_id, version=form.version, values=values,
                          reason=reason, actor=actor, lang=lang)


def _add(engine: Engine, kind: str, values: Mapping[str, object], *, reason: str = REASON,
         actor: Actor | None = OFFICER) -> EditResult:
    with Session(engine) as session:
        return edits.save(session, kind=kind, values=values, reason=reason, actor=actor)


def _past_end(engine: Engine) -> list[int]:
    with Session(engine) as session:
        return list(data_quality.projects_past_end_in_implementation(session, DEMO_TODAY)["record_id"])


def _batches(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(
            select(ImportBatch.id, ImportBatch.kind, ImportBatch.origin, ImportBatch.reason, ImportBatch.user,
                   ImportBatch.created_count, ImportBatch.updated_count, ImportBatch.status).order_by(ImportBatch.id))]


# ---------------------------------------------------------------------------------------------------------
# An edit, its batch, its audit trail, its undo
# ---------------------------------------------------------------------------------------------------------


def test_a_projects_end_date_fixed_from_its_data_quality_row_leaves_the_rule_and_undo_brings_it_back(
        demo_engine: Engine) -> None:
    flagged = _past_end(demo_engine)
    project_id = flagged[0]
    form = _open(demo_engine, "projects", project_id)
    assert form.values["status"] == "implementation"
    old_end = form.values["planned_end"]
    assert isinstance(old_end, dt.date) and old_end < DEMO_TODAY

    with Session(demo_engine) as session:
        checked = edits.check(session, kind="projects", record_id=project_id, version=form.version,
                              values={"planned_end": dt.date(2027, 6, 30)}, actor=OFFICER)
    assert checked.status == EditStatus.ready
    assert [(change.column, change.before, change.after) for change in checked.changes] == [
        ("planned_end", old_end, dt.date(2027, 6, 30))]
    assert _batches(demo_engine) == []  # a check writes nothing

    saved = _save(demo_engine, form, {"planned_end": dt.date(2027, 6, 30)})
    assert saved.status == EditStatus.saved and saved.batch_id is not None
    assert _past_end(demo_engine) == flagged[1:]
    assert saved.current is not None and saved.current.values["planned_end"] == dt.date(2027, 6, 30)
    assert saved.current.version != form.version
    assert _batches(demo_engine) == [(saved.batch_id, "projects", "form", REASON, "officer", 0, 1, "committed")]
    with demo_engine.connect() as connection:
        event = connection.execute(select(AuditEvent).where(AuditEvent.batch_id == saved.batch_id)).one()
    assert (event.action, event.table_name, event.record_id, event.detail) == ("update", "project", project_id, REASON)
    assert json.loads(event.before)["row"]["planned_end"] == old_end.isoformat()
    assert json.loads(event.after)["row"]["planned_end"] == "2027-06-30"
    with Session(demo_engine) as session:
        history = import_history(session, actor=OFFICER)
    assert (history[0].id, history[0].origin, history[0].reason, history[0].can_undo) == (
        saved.batch_id, "form", REASON, True)

    with Session(demo_engine) as session:
        undone = undo(session, batch_id=saved.batch_id, actor=OFFICER)
    assert (undone.deleted, undone.restored) == (0, 1)
    assert _past_end(demo_engine) == flagged
    assert _open(demo_engine, "projects", project_id).values == form.values


def test_a_form_changes_only_what_it_says_and_an_unchanged_form_writes_nothing(demo_engine: Engine) -> None:
    project_id = _past_end(demo_engine)[0]
    before = dump(demo_engine)
    form = _open(demo_engine, "projects", project_id)
    result = _save(demo_engine, form, dict(form.values))
    assert result.status == EditStatus.unchanged and result.changes == ()
    assert dump(demo_engine) == before


def test_an_emptied_field_clears_the_stored_value_or_takes_the_kinds_default(demo_engine: Engine) -> None:
    project_id = _id(demo_engine, "select id from project where actual_start is not null order by id limit 1")
    form = _open(demo_engine, "projects", project_id)
    saved = _save(demo_engine, form, {"actual_start": None, "themes": (), "currency": ""})
    assert saved.status == EditStatus.saved
    changed = {change.column: change.after for change in saved.changes}
    assert changed["actual_start"] is None and changed["themes"] == ()
    assert "currency" not in changed  # the default, EUR, is what it already holds
    with Session(demo_engine) as session:
        project = session.get(Project, project_id)
        assert project is not None and project.actual_start is None and project.currency == "EUR"
    # A spending line's currency, emptied, is blank: its project's, read when the figures are summed, as a budget
    # line's (issue 13: both follow a later change of the project's currency together).
    line = _open(demo_engine, "spending", 1)
    assert line.values["currency"] == "EUR"
    assert _save(demo_engine, line, {"currency": "XPF"}).status == EditStatus.saved
    cleared = _save(demo_engine, _open(demo_engine, "spending", 1), {"currency": None})
    assert [(change.column, change.before, change.after) for change in cleared.changes] == [
        ("currency", "XPF", None)]


# ---------------------------------------------------------------------------------------------------------
# One validator: the form's problems are the upload's
# ---------------------------------------------------------------------------------------------------------


UPLOAD_TWINS = [
    # kind, form values, the same row as a file (header, row), the field the problem is about
    ("projects", {"planned_start": dt.date(2026, 1, 1), "planned_end": dt.date(2025, 1, 1)},
     "code,title,planned_start,planned_end", "P-NEW,New project,2026-01-01,2025-01-01", "planned_end"),
    ("budgets", {"amount": -5.0}, "project_code,amount", "REG-C1.1,-5", "amount"),
    ("budgets", {"currency": "EURO"}, "project_code,amount,currency", "REG-C1.1,10,EURO", "currency"),
    ("spending", {"kind": "gift"}, "project_code,reference,date,amount,kind", "REG-C1.1,R-1,2026-01-05,4,gift", "kind"),
    ("spending", {"funder": "Nobody At All Foundation"}, "project_code,reference,date,amount,kind,funder",
     "REG-C1.1,R-1,2026-01-05,4,expenditure,Nobody At All Foundation", "funder"),
    ("reviews", {"rating": 7}, "partner,review_date,reviewer,rating", "AFD,2026-06-30,Officer,7", "rating"),
    ("rates", {"eur_per_unit": 0.0}, "currency,date,eur_per_unit,source", "USD,2026-11-01,0,Bank", "eur_per_unit"),
]


@pytest.mark.parametrize(("kind", "values", "header", "row", "field"), UPLOAD_TWINS,
                         ids=[f"{item[0]}-{item[4]}" for item in UPLOAD_TWINS])
def test_a_form_is_refused_with_the_problem_the_same_row_uploaded_gets(
        demo_engine: Engine, kind: str, values: dict[str, object], header: str, row: str, field: str) -> None:
    record_id = _id(demo_engine, f"select min(id) from {edits.STORES[kind].table.name}")
    form = _open(demo_engine, kind, record_id)
    before = dump(demo_engine)
    result = _save(demo_engine, form, values)
    with Session(demo_engine) as session:
        uploaded = pipeline.preview(session, kind=kind, file_name="row.csv", data=f"{header}\n{row}\n".encode(),
                                    actor=OFFICER)
    assert result.status == EditStatus.invalid
    assert [(result.field_of(item), item.key) for item in result.problems] == [
        (field, item.key) for item in uploaded.problems]
    assert uploaded.problems  # the twin really is refused by the upload
    assert dump(demo_engine) == before


def test_problems_name_the_fields_in_the_readers_language(demo_engine: Engine) -> None:
    form = _open(demo_engine, "projects", _past_end(demo_engine)[0])
    result = _save(demo_engine, form, {"actual_start": dt.date(2026, 1, 1), "actual_end": dt.date(2025, 1, 1)},
                   lang="fr")
    (item,) = result.problems
    assert (item.column, result.field_of(item), item.key) == (
        "fin_reelle", "actual_end", "import.error.end_before_start")
    assert "debut_reel" in item.message("fr")


def test_a_required_field_left_empty_is_refused(demo_engine: Engine) -> None:
    form = _open(demo_engine, "projects", _past_end(demo_engine)[0])
    result = _save(demo_engine, form, {"title": "  "})
    assert [(result.field_of(item), item.key) for item in result.problems] == [("title", "import.error.required")]


def test_a_reason_is_required_and_short(demo_engine: Engine) -> None:
    form = _open(demo_engine, "projects", _past_end(demo_engine)[0])
    before = dump(demo_engine)
    for reason, key in (("", "form.error.reason_missing"), ("  x ", "form.error.reason_missing"),
                        ("y" * 301, "form.error.reason_too_long")):
        result = _save(demo_engine, form, {"planned_end": dt.date(2027, 1, 1)}, reason=reason)
        assert result.status == EditStatus.invalid
        assert [item.key for item in result.problems] == [key]
        assert result.changes  # the diff is still shown beside the missing reason
    assert dump(demo_engine) == before


# ---------------------------------------------------------------------------------------------------------
# The natural key: changed by a form, never onto another record
# ---------------------------------------------------------------------------------------------------------


def test_a_budget_lines_period_is_changed_in_place_and_may_not_take_another_lines_key(demo_engine: Engine) -> None:
    first = _id(demo_engine, "select min(id) from budget_line")
    form = _open(demo_engine, "budgets", first)
    saved = _save(demo_engine, form, {"period_start": dt.date(2013, 2, 1)})
    assert saved.status == EditStatus.saved and saved.record_id == first
    assert _id(demo_engine, "select count(*) from budget_line where id = :id and period_start = :start",
               id=first, start=dt.date(2013, 2, 1)) == 1
    # A second line of the same project, then moved onto the first one's key: refused, nothing written.
    added = _add(demo_engine, "budgets", {"project_code": form.values["project_code"], "amount": 10.0,
                                          "category": "Travel", "currency": "EUR"})
    assert added.status == EditStatus.saved and added.record_id not in (None, first)
    assert added.current is not None
    before = dump(demo_engine)
    clash = _save(demo_engine, added.current, {"category": form.values["category"], "amount": 10.0,
                                               "period_start": dt.date(2013, 2, 1),
                                               "period_end": form.values["period_end"]})
    assert [item.key for item in clash.problems] == ["import.error.key_taken"]
    assert dump(demo_engine) == before


def test_a_partner_renamed_keeps_its_id_and_may_not_become_a_near_duplicate_unless_confirmed(
        demo_engine: Engine) -> None:
    afd = _id(demo_engine, "select id from organisation where acronym = 'AFD'")
    form = _open(demo_engine, "partners", afd)
    renamed = _save(demo_engine, form, {"name": "Agence française de développement (AFD)"})
    assert renamed.status == EditStatus.saved
    assert _id(demo_engine, "select count(*) from organisation where id = :id and name_key = :key", id=afd,
               key="agence francaise de developpement afd") == 1
    other = _id(demo_engine, "select id from organisation where acronym = 'CPS'")
    cps = _open(demo_engine, "partners", other)
    close = _save(demo_engine, cps, {"name": "Agence francaise de developpement AFD."})
    assert close.status == EditStatus.invalid
    assert [item.key for item in close.problems] in (["import.error.near_duplicate_partner"],
                                                      ["import.error.key_taken"])
    exact = _save(demo_engine, cps, {"name": "agence française de développement (afd)"})
    assert [item.key for item in exact.problems] == ["import.error.key_taken"]
    near = _save(demo_engine, cps, {"name": "Agence française de developement"})
    assert [item.key for item in near.problems] == ["import.error.near_duplicate_partner"]
    confirmed = _save(demo_engine, cps, {"name": "Agence française de developement", "new_partner": True})
    assert confirmed.status == EditStatus.saved


# ---------------------------------------------------------------------------------------------------------
# Additions: the records people add one at a time
# ---------------------------------------------------------------------------------------------------------


ADDITIONS = {
    "partners": {"name": "Fondation des Lagons Bleus", "type": "foundation", "country": "PYF", "status": "active"},
    "budgets": {"project_code": "REG-C1.1", "funder": "AFD", "period_start": dt.date(2027, 1, 1),
                "period_end": dt.date(2027, 12, 31), "category": "Training", "amount": 25000.0},
    "spending": {"project_code": "REG-C1.1", "reference": "FAC-2026-0042", "date": dt.date(2026, 3, 15),
                 "amount": 12500.0, "kind": "expenditure"},
    "indicator-values": {"project_code": "REG-C1.1", "indicator_code": "PART", "period_start": dt.date(2026, 7, 1),
                         "period_end": dt.date(2026, 9, 30), "target": 20.0, "actual": 18.0},
    "reviews": {"partner": "AFD", "review_date": dt.date(2026, 11, 20), "reviewer": "Partnerships officer",
                "rating": 4, "decision": "continue"},
    "rates": {"currency": "FJD", "date": dt.date(2026, 11, 20), "eur_per_unit": 0.41, "source": "Banque de France"},
}


@pytest.mark.parametrize("kind", sorted(ADDITIONS))
def test_a_record_added_in_a_form_is_a_batch_of_one_that_undo_removes(demo_engine: Engine, kind: str) -> None:
    table = edits.STORES[kind].table.name
    count = _id(demo_engine, f"select count(*) from {table}")
    before = dump(demo_engine, data_only=True)
    with Session(demo_engine) as session:
        blank = edits.new_record(session, kind=kind, actor=OFFICER)
    assert blank.record_id is None and blank.version is None
    saved = _add(demo_engine, kind, {**{name: value for name, value in blank.values.items() if value not in (None, ())},
                                     **ADDITIONS[kind]})
    assert saved.status == EditStatus.saved, saved.problems
    assert _id(demo_engine, f"select count(*) from {table}") == count + 1
    assert saved.current is not None and saved.current.record_id == saved.record_id
    assert {change.column for change in saved.changes} >= set(ADDITIONS[kind])
    assert _batches(demo_engine)[-1][1:7] == (kind, "form", REASON, "officer", 1, 0)
    again = _add(demo_engine, kind, ADDITIONS[kind])  # the same record again: its key is taken
    assert [item.key for item in again.problems] == ["import.error.key_taken"]
    with Session(demo_engine) as session:
        undone = undo(session, batch_id=saved.batch_id, actor=OFFICER)  # type: ignore[arg-type]
    assert undone.deleted == 1
    assert dump(demo_engine, data_only=True) == before


def test_a_spending_line_added_without_currency_counts_in_its_projects_currency(demo_engine: Engine) -> None:
    """Issue 13: a transaction without a currency is blank, as a budget line without one: both are read in the
    project's currency when the figures are summed, so both follow a later change of it together."""
    code = "REG-C1.1"
    with Session(demo_engine) as session:
        blank = edits.new_record(session, kind="spending", actor=OFFICER, preset={"project_code": code})
    assert blank.values["currency"] is None and blank.values["project_code"] == code
    before = views.overview(demo_engine, PortfolioFilter(), DEMO_TODAY).variance.set_index("label")
    saved = _add(demo_engine, "spending", {**ADDITIONS["spending"], "currency": None})
    assert saved.current is not None and saved.current.values["currency"] is None
    after = views.overview(demo_engine, PortfolioFilter(), DEMO_TODAY).variance.set_index("label")
    assert after.loc[code, "consumed"] == pytest.approx(before.loc[code, "consumed"] + 12_500)


def test_a_review_added_in_a_form_moves_the_partners_review_dates_and_undo_puts_them_back(demo_engine: Engine) -> None:
    afd = _id(demo_engine, "select id from organisation where acronym = 'AFD'")
    before = _open(demo_engine, "partners", afd)
    saved = _add(demo_engine, "reviews", {**ADDITIONS["reviews"], "next_review_due": dt.date(2027, 5, 20)})
    after = _open(demo_engine, "partners", afd)
    assert (after.values["last_review_date"], after.values["next_review_date"]) == (
        dt.date(2026, 11, 20), dt.date(2027, 5, 20))
    assert after.version != before.version  # an open form of the partner is now stale
    with Session(demo_engine) as session:
        undo(session, batch_id=saved.batch_id, actor=OFFICER)  # type: ignore[arg-type]
    assert _open(demo_engine, "partners", afd).values == before.values


def test_an_indicator_value_added_for_the_period_moves_the_indicator_the_data_quality_rule_and_the_alert(
        demo_engine: Engine) -> None:
    start, end = DEMO_TODAY - dt.timedelta(days=90), DEMO_TODAY - dt.timedelta(days=1)  # a period in the window
    everything = PortfolioFilter()  # the view the rule looks at: no filter, the year to the day
    with Session(demo_engine) as session:
        flagged = data_quality.indicators_not_reporting(session, DEMO_TODAY)
    assessed = indicator_assessments(demo_engine, portfolio_filter=everything, as_of=DEMO_TODAY)
    # One rule: every indicator the Data quality page lists is "not reporting" on the pages.
    silent = assessed[assessed["indicator_id"].isin(flagged["record_id"])]
    assert not silent.empty and set(silent["status"]) == {"not_reporting"}
    indicator_id = int(silent["indicator_id"].iloc[0])
    project, code = silent["project_code"].iloc[0], silent["code"].iloc[0]

    def state() -> tuple[object, object, int, int]:
        assessed = indicator_assessments(demo_engine, portfolio_filter=everything, as_of=DEMO_TODAY)
        row = assessed[assessed["indicator_id"] == indicator_id].iloc[0]
        with Session(demo_engine) as session:
            rule = len(data_quality.indicators_not_reporting(session, DEMO_TODAY))
        shown = views.overview(demo_engine, everything, DEMO_TODAY).alerts  # what the Overview lists
        silent_alerts = shown[(shown["kind"] == "indicator_not_reporting") & (shown["value"] == str(indicator_id))]
        return row["status"], row["actual_to_date"], rule, len(silent_alerts)

    status, actual, rule, alerts_before = state()
    assert (status, alerts_before) == ("not_reporting", 1)
    with Session(demo_engine) as session:
        blank = edits.new_record(session, kind="indicator-values", actor=OFFICER,
                                 preset={"project_code": project, "indicator_code": code})
    saved = _add(demo_engine, "indicator-values", {**blank.values, "period_start": start, "period_end": end,
                                                   "actual": 999.0})
    assert saved.status == EditStatus.saved, saved.problems
    new_status, new_actual, new_rule, alerts_after = state()
    assert new_rule == rule - 1
    assert new_actual != actual and new_status != "not_reporting"
    assert alerts_after == 0  # the Overview's alert goes
    with Session(demo_engine) as session:
        undo(session, batch_id=saved.batch_id, actor=OFFICER)  # type: ignore[arg-type]
    assert state() == (status, actual, rule, alerts_before)


# ---------------------------------------------------------------------------------------------------------
# Optimistic concurrency
# ---------------------------------------------------------------------------------------------------------


def test_a_form_opened_before_someone_elses_save_is_refused_with_the_new_values(demo_engine: Engine) -> None:
    project_id = _past_end(demo_engine)[0]
    mine = _open(demo_engine, "projects", project_id)
    theirs = _open(demo_engine, "projects", project_id, COLLEAGUE)
    assert _save(demo_engine, theirs, {"title": "Renamed by a colleague"}, actor=COLLEAGUE).status == EditStatus.saved
    before = dump(demo_engine)
    with Session(demo_engine) as session:
        checked = edits.check(session, kind="projects", record_id=project_id, version=mine.version,
                              values={"planned_end": dt.date(2027, 1, 1)}, actor=OFFICER)
    refused = _save(demo_engine, mine, {"planned_end": dt.date(2027, 1, 1)})
    for result in (checked, refused):
        assert result.status == EditStatus.stale
        assert result.current is not None and result.current.values["title"] == "Renamed by a colleague"
        assert result.current.values["planned_end"] == mine.values["planned_end"]
    assert dump(demo_engine) == before
    assert _save(demo_engine, refused.current, {"planned_end": dt.date(2027, 1, 1)}).status == EditStatus.saved  # type: ignore[arg-type]


def test_a_form_opened_before_an_upload_changed_the_record_is_refused(demo_engine: Engine) -> None:
    form = _open(demo_engine, "spending", 1)
    reference = form.values["reference"]
    csv = (f"project_code,reference,date,amount,kind\n"
           f"{form.values['project_code']},{reference},2014-06-30,1,expenditure\n")
    with Session(demo_engine) as session:
        committed = pipeline.commit(session, kind="spending", file_name="fix.csv", data=csv.encode(), actor=COLLEAGUE)
    assert committed.updated == 1
    refused = _save(demo_engine, form, {"amount": 2.0})
    assert refused.status == EditStatus.stale
    assert refused.current is not None and refused.current.values["amount"] == 1.0


def test_a_form_of_a_record_undone_since_is_refused_as_gone(demo_engine: Engine) -> None:
    added = _add(demo_engine, "rates", ADDITIONS["rates"])
    assert added.current is not None
    with Session(demo_engine) as session:
        undo(session, batch_id=added.batch_id, actor=OFFICER)  # type: ignore[arg-type]
    gone = _save(demo_engine, added.current, {"eur_per_unit": 0.5})
    assert gone.status == EditStatus.gone and gone.current is None
    with pytest.raises(edits.RecordNotFoundError), Session(demo_engine) as session:
        edits.open_record(session, kind="rates", record_id=added.record_id, actor=OFFICER)  # type: ignore[arg-type]


def test_two_saves_of_the_same_form_at_the_same_moment_one_wins_the_other_sees_it(demo_engine: Engine) -> None:
    project_id = _past_end(demo_engine)[0]
    form = _open(demo_engine, "projects", project_id)
    start = threading.Barrier(2)
    results: dict[str, EditResult] = {}

    def run(name: str, actor: Actor, end: dt.date) -> None:
        start.wait()
        results[name] = _save(demo_engine, form, {"planned_end": end}, actor=actor)

    threads = [threading.Thread(target=run, args=("a", OFFICER, dt.date(2027, 1, 31))),
               threading.Thread(target=run, args=("b", COLLEAGUE, dt.date(2028, 1, 31)))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    statuses = sorted(result.status for result in results.values())
    assert statuses == [EditStatus.saved, EditStatus.stale]
    winner = next(result for result in results.values() if result.status == EditStatus.saved)
    loser = next(result for result in results.values() if result.status == EditStatus.stale)
    assert loser.current is not None and winner.current is not None
    assert loser.current.values["planned_end"] == winner.current.values["planned_end"]
    assert len(_batches(demo_engine)) == 1


def test_a_later_form_edit_blocks_the_undo_of_an_earlier_batch(demo_engine: Engine) -> None:
    project_id = _past_end(demo_engine)[0]
    first = _save(demo_engine, _open(demo_engine, "projects", project_id), {"planned_end": dt.date(2027, 1, 1)})
    _save(demo_engine, _open(demo_engine, "projects", project_id), {"planned_end": dt.date(2027, 2, 1)})
    with pytest.raises(UndoRefusedError) as refused, Session(demo_engine) as session:
        undo(session, batch_id=first.batch_id, actor=OFFICER)  # type: ignore[arg-type]
    assert refused.value.key == "import.undo.later_batch"


# ---------------------------------------------------------------------------------------------------------
# Roles, on the server
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", sorted(NOT_STAFF))
def test_leadership_and_the_reference_group_are_refused_by_the_engine_itself(demo_engine: Engine, who: str) -> None:
    actor = NOT_STAFF[who]
    project_id = _past_end(demo_engine)[0]
    form = _open(demo_engine, "projects", project_id)
    before = dump(demo_engine)
    with Session(demo_engine) as session, pytest.raises(PermissionDeniedError, match="may not edit records"):
        edits.open_record(session, kind="projects", record_id=project_id, actor=actor)
    with Session(demo_engine) as session, pytest.raises(PermissionDeniedError):
        edits.new_record(session, kind="rates", actor=actor)
    with Session(demo_engine) as session, pytest.raises(PermissionDeniedError):
        edits.check(session, kind="projects", record_id=project_id, version=form.version,
                    values={"planned_end": dt.date(2027, 1, 1)}, actor=actor)
    with pytest.raises(PermissionDeniedError):
        _save(demo_engine, form, {"planned_end": dt.date(2027, 1, 1)}, actor=actor)
    with pytest.raises(PermissionDeniedError):
        _add(demo_engine, "rates", ADDITIONS["rates"], actor=actor)
    assert dump(demo_engine) == before


@pytest.mark.parametrize("actor", [OFFICER, ADMIN], ids=["staff", "admin"])
def test_staff_and_admin_edit_and_add_and_undo_their_own_form_batches(demo_engine: Engine, actor: Actor) -> None:
    project_id = _past_end(demo_engine)[0]
    edited = _save(demo_engine, _open(demo_engine, "projects", project_id, actor), {"planned_end": dt.date(2027, 1, 1)},
                   actor=actor)
    added = _add(demo_engine, "rates", ADDITIONS["rates"], actor=actor)
    assert (edited.status, added.status) == (EditStatus.saved, EditStatus.saved)
    with Session(demo_engine) as session, pytest.raises(PermissionDeniedError):
        undo(session, batch_id=added.batch_id, actor=COLLEAGUE if actor is OFFICER else Actor.of("x", ["staff"]))  # type: ignore[arg-type]
    for batch in (added.batch_id, edited.batch_id):
        with Session(demo_engine) as session:
            undo(session, batch_id=batch, actor=actor)  # type: ignore[arg-type]
    assert [row[-1] for row in _batches(demo_engine)] == ["undone", "undone"]


def test_an_unknown_kind_or_field_is_a_programming_error_not_a_write(engine: Engine) -> None:
    with Session(engine) as session, pytest.raises(ValueError, match="unknown kind"):
        edits.check(session, kind="people", values={}, actor=OFFICER)
    with Session(engine) as session, pytest.raises(KeyError, match="not a field"):
        edits.check(session, kind="rates", values={"colour": "blue"}, actor=OFFICER)
    with db.session_scope(engine) as session:
        assert session.exec(select(ImportBatch)).all() == []  # type: ignore[call-overload]
