"""Issue 13, items 6–8: indicator figures people can trust, on SQLite and PostgreSQL.

Cases 17a–b and 18a–b of the shared cases (copied under ``tests/corpus/cases``) go through the command line
(``import`` then ``figures --json``) and the upload pipeline; each kind of fault has its own refusals.
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
from dashboard.core.models import Indicator, IndicatorValue
from dashboard.core.permissions import Actor
from dashboard.importing import edits, pipeline
from dashboard.importing.edits import EditStatus
from dashboard.importing.preview import Preview
from dashboard.presenting.tables import assessment_table
from dashboard.queries.filters import PortfolioFilter
from tests.conftest import DEMO_TODAY
from tests.import_helpers import CORPUS, dump

CASES = CORPUS / "cases"
ADMIN = Actor.of("admin", ["admin"])
INDICATORS_HEADER = ("project_code,code,name,result_level,unit,measure,direction,cumulative,baseline_value,"
                     "baseline_date,target_value,target_date")
VALUES_HEADER = "project_code,indicator_code,period_start,period_end,target,actual,note"


def _case(name: str) -> Path:
    return next(CASES.glob(f"{name}_*.csv"))


def _import(kind: str, path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["import", str(path), "--kind", kind])
    return code, capsys.readouterr().out


def _figures(capsys: pytest.CaptureFixture[str]) -> dict[tuple[str, str], dict]:
    assert main(["figures", "--as-of", DEMO_TODAY.isoformat(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    return {(item["project_code"], item["code"]): item for item in printed["indicators"]}


def _upload(engine: Engine, kind: str, text: str, *, write: bool = True) -> Preview:
    with Session(engine) as session:
        run = pipeline.commit if write else pipeline.preview
        return run(session, kind=kind, file_name=f"{kind}.csv", data=text.encode(), actor=ADMIN)


def _hunt(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert _import("projects", CASES / "00_setup_project_HUNT-1.csv", capsys)[0] == 0


def test_cases_17_and_18_through_the_command_line(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    for name, kind in (("17a", "indicators"), ("17b", "indicator-values"), ("18a", "indicators"),
                       ("18b", "indicator-values")):
        code, out = _import(kind, _case(name), capsys)
        assert code == 0, out
    shown = _figures(capsys)
    # 17: stunting, baseline 40 → target 20, direction blank, reported 38 then 45 (worse than the baseline).
    assert shown[("HUNT-1", "DEC-1")] == {"project_code": "HUNT-1", "code": "DEC-1", "value_to_date": 45.0,
                                          "progress": -0.25, "status": "off_track"}
    # 18: safe water, 52 % then 61 % (baseline 40, target 80 by end 2026): the latest, never 113.
    assert shown[("HUNT-1", "RATE-1")] == {"project_code": "HUNT-1", "code": "RATE-1", "value_to_date": 61.0,
                                           "progress": 0.525, "status": "at_risk"}
    with Session(demo_engine) as session:
        stored = {row.code: row for row in session.execute(
            select(Indicator).where(Indicator.code.in_(["DEC-1", "RATE-1"]))).scalars()}
        assert stored["DEC-1"].direction == "lower_is_better"
        assert (stored["RATE-1"].measure, stored["RATE-1"].cumulative) == ("percentage", False)
        to_date = session.execute(
            select(IndicatorValue.actual, IndicatorValue.actual_to_date, IndicatorValue.progress_percent)
            .where(IndicatorValue.indicator_id == stored["RATE-1"].id).order_by(IndicatorValue.period_end)).all()
    # The trend's stored figures: the latest value each time, and its progress in whole per cent (52.5 %
    # rounds to 53 on SQLite, to the even 52 on PostgreSQL's double precision).
    assert [tuple(row[:2]) for row in to_date] == [(52.0, 52.0), (61.0, 61.0)]
    assert to_date[0][2] == 30 and to_date[1][2] in (52, 53)
    # The Indicators page and its download say the same, and how the value to date is made.
    page = views.indicators(demo_engine, PortfolioFilter(), DEMO_TODAY).assessments
    rate = page[page["code"] == "RATE-1"].iloc[0]
    assert (rate["actual_to_date"], rate["status"], bool(rate["adds_up"])) == (61.0, "at_risk", False)
    table = assessment_table(page[page["project_code"] == "HUNT-1"], "fr")
    assert set(table["Règle"]) == {"Niveau (dernière valeur)"}


def test_the_preview_shows_the_direction_the_target_implies(demo_engine: Engine,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    preview = _upload(demo_engine, "indicators", _case("17a").read_text(), write=False)
    assert not preview.refused
    fields = {change.column: change.after for change in preview.changes[0].fields}
    assert fields["direction"] == "lower_is_better"


def test_a_count_still_adds_up_and_a_unit_in_percent_is_a_percentage(demo_engine: Engine,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    result = _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                     "HUNT-1,CNT-1,People trained,output,people,,,no,0,2025-01-01,100,2026-12-31\n"
                     "HUNT-1,PCT-1,Share trained,output,%,,,no,10,2025-01-01,50,2026-12-31\n")
    assert result.committed, [problem.line() for problem in result.problems]
    result = _upload(demo_engine, "indicator-values", VALUES_HEADER + "\n"
                     "HUNT-1,CNT-1,2025-07-01,2025-12-31,,20,\nHUNT-1,CNT-1,2026-01-01,2026-06-30,,30,\n"
                     "HUNT-1,PCT-1,2025-07-01,2025-12-31,,20,\nHUNT-1,PCT-1,2026-01-01,2026-06-30,,30,\n")
    assert result.committed, [problem.line() for problem in result.problems]
    shown = _figures(capsys)
    assert shown[("HUNT-1", "CNT-1")]["value_to_date"] == 50.0
    assert shown[("HUNT-1", "PCT-1")]["value_to_date"] == 30.0
    assert shown[("HUNT-1", "PCT-1")]["progress"] == 0.5


def _refused(preview: Preview, column: str) -> list[str]:
    assert preview.refused and not preview.committed
    return [problem.line() for problem in preview.problems if problem.column == column]


def test_summing_a_percentage_is_refused_with_a_fix(demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    before = dump(demo_engine, data_only=True)
    preview = _upload(demo_engine, "indicators", INDICATORS_HEADER + ",aggregation\n"
                      "HUNT-1,RATE-2,Households with safe water,outcome,%,percentage,,no,40,2025-01-01,80,"
                      "2026-12-31,sum\n")
    [line] = _refused(preview, "aggregation")
    assert "never added up" in line and "write latest" in line
    # A ratio or an index is told about its own measure, in words that fit it ("An indicator of measure index").
    preview = _upload(demo_engine, "indicators", INDICATORS_HEADER + ",aggregation\n"
                      "HUNT-1,IDX-2,Resilience index,outcome,index,index,,no,1.5,2025-01-01,2.5,2026-12-31,sum\n")
    [problem] = [item for item in preview.problems if item.column == "aggregation"]
    assert problem.message("en").startswith("An indicator of measure index is never added up across periods")
    assert "a ratio of 1.5 then 2 is not 3.5" in problem.message("en")
    assert problem.message("fr").startswith("Un indicateur de mesure « index » ne s'additionne jamais")
    preview = _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                      "HUNT-1,RATE-3,Households with safe water,outcome,%,number,,no,40,2025-01-01,80,2026-12-31\n")
    [line] = _refused(preview, "measure")
    assert "Write percentage in the measure column" in line
    assert dump(demo_engine, data_only=True) == before


def test_a_direction_contradicted_by_the_target_is_refused(demo_engine: Engine,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    preview = _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                      "HUNT-1,DEC-2,Children under 5 stunted,outcome,%,percentage,higher_is_better,no,40,"
                      "2025-01-01,20,2027-12-31\n")
    [line] = _refused(preview, "direction")
    assert "Write lower_is_better in the direction column" in line


def test_a_percentage_written_as_a_fraction_next_to_points_is_refused(
        demo_engine: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _hunt(demo_engine, capsys)
    assert _import("indicators", _case("18a"), capsys)[0] == 0
    before = dump(demo_engine, data_only=True)
    code, out = _import("indicator-values", _write_values(tmp_path,
        "HUNT-1,RATE-1,2025-07-01,2025-12-31,,45,\nHUNT-1,RATE-1,2026-01-01,2026-06-30,,0.52,\n"), capsys)
    assert code == 1
    assert "Row 3, column 'actual', value '0.52': 0.52 looks like a fraction; this indicator's other figures are " \
        "in percent (40). Write 52 (for 52%): one scale per indicator." in out
    assert dump(demo_engine, data_only=True) == before
    # Its baseline and target in fractions next to each other in points: refused on the indicator too.
    preview = _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                      "HUNT-1,RATE-4,Safe water,outcome,%,percentage,,no,0.4,2025-01-01,80,2026-12-31\n")
    assert _refused(preview, "baseline_value")
    # The same check in the one-record form.
    with Session(demo_engine) as session:
        checked = edits.check(session, kind="indicator-values", actor=ADMIN, values={
            "project_code": "HUNT-1", "indicator_code": "RATE-1", "period_start": dt.date(2026, 1, 1),
            "period_end": dt.date(2026, 6, 30), "actual": 0.61})
    assert checked.status == EditStatus.invalid
    assert checked.problems[0].key == "import.error.percent_fraction"


def test_a_percentage_kept_in_fractions_throughout_keeps_one_scale(demo_engine: Engine,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    assert _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                   "HUNT-1,RATE-5,Safe water,outcome,,percentage,,no,0.4,2025-01-01,0.8,2026-12-31\n").committed
    assert _upload(demo_engine, "indicator-values", VALUES_HEADER + "\n"
                   "HUNT-1,RATE-5,2025-07-01,2025-12-31,,0.52,\nHUNT-1,RATE-5,2026-01-01,2026-06-30,,0.61,\n"
                   ).committed
    shown = _figures(capsys)[("HUNT-1", "RATE-5")]
    assert (shown["value_to_date"], shown["progress"], shown["status"]) == (0.61, 0.525, "at_risk")
    # A value in points for that indicator names the indicator to fix first.
    preview = _upload(demo_engine, "indicator-values", VALUES_HEADER + "\nHUNT-1,RATE-5,2026-07-01,2026-09-30,,65,\n")
    assert preview.refused and preview.problems[0].key == "import.error.percent_scale_indicator"


def test_changing_an_indicator_to_a_percentage_recomputes_its_values_to_date(
        demo_engine: Engine, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _hunt(demo_engine, capsys)
    assert _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                   "HUNT-1,RATE-6,Safe water,outcome,households,number,,no,40,2025-01-01,80,2026-12-31\n").committed
    assert _import("indicator-values", _write_values(tmp_path,
        "HUNT-1,RATE-6,2025-07-01,2025-12-31,,52,\nHUNT-1,RATE-6,2026-01-01,2026-06-30,,61,\n"), capsys)[0] == 0
    assert _figures(capsys)[("HUNT-1", "RATE-6")]["value_to_date"] == 113.0  # a count: summed
    assert _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                   "HUNT-1,RATE-6,Safe water,outcome,%,percentage,,no,,,,\n").committed
    assert _figures(capsys)[("HUNT-1", "RATE-6")]["value_to_date"] == 61.0


def _write_values(folder: Path, rows: str) -> Path:
    path = folder / "values.csv"
    path.write_text(VALUES_HEADER + "\n" + rows, encoding="utf-8")
    return path


def test_ratios_and_indices_are_levels_and_words_for_the_direction_are_read(
        demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    result = _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                     "HUNT-1,RAT-1,Pupils per teacher,outcome,ratio,,decreasing,no,40,2025-01-01,25,2027-12-31\n"
                     "HUNT-1,IDX-1,Governance index,outcome,,indice,,,50,2025-01-01,70,2027-12-31\n")
    assert result.committed, [problem.line() for problem in result.problems]
    assert _upload(demo_engine, "indicator-values", VALUES_HEADER + "\n"
                   "HUNT-1,RAT-1,2025-07-01,2025-12-31,,38,\nHUNT-1,RAT-1,2026-01-01,2026-06-30,,34,\n"
                   "HUNT-1,IDX-1,2025-07-01,2025-12-31,,55,\nHUNT-1,IDX-1,2026-01-01,2026-06-30,,45,\n").committed
    shown = _figures(capsys)
    assert shown[("HUNT-1", "RAT-1")]["value_to_date"] == 34.0  # the latest ratio, never 72
    assert shown[("HUNT-1", "RAT-1")]["progress"] == 0.4
    # The index fell below its baseline: off track, whatever the calendar expects.
    assert (shown[("HUNT-1", "IDX-1")]["value_to_date"], shown[("HUNT-1", "IDX-1")]["status"]) == (45.0, "off_track")
    preview = _upload(demo_engine, "indicators", INDICATORS_HEADER + "\n"
                      "HUNT-1,RAT-2,Pupils per teacher,outcome,ratio,number,,no,40,2025-01-01,25,2027-12-31\n")
    [line] = _refused(preview, "measure")
    assert "The unit “ratio” is not a count" in line and "Write ratio in the measure column" in line


def test_a_figure_that_is_not_a_number_is_told_to_write_a_figure(demo_engine: Engine,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    assert _import("indicators", _case("18a"), capsys)[0] == 0
    preview = _upload(demo_engine, "indicator-values", VALUES_HEADER + "\nHUNT-1,RATE-1,2026-01-01,2026-06-30,,n/a,\n",
                      write=False)
    [problem] = preview.problems
    assert problem.key == "import.error.not_a_figure" and "leave the cell blank" in problem.fix("en")
    assert "443" not in problem.fix("en")


def test_a_new_indicator_s_form_reads_the_direction_from_its_target(demo_engine: Engine,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _hunt(demo_engine, capsys)
    with Session(demo_engine) as session:
        blank = edits.new_record(session, kind="indicators", actor=ADMIN, preset={"project_code": "HUNT-1"})
        assert blank.values["direction"] is None
        checked = edits.check(session, kind="indicators", actor=ADMIN, values={
            **blank.values, "code": "DEC-9", "name": "Stunting", "measure": "percentage", "unit": "%",
            "baseline_value": 40.0, "target_value": 20.0})
    assert checked.status == EditStatus.ready, checked.problems
    assert {change.column: change.after for change in checked.changes}["direction"] == "lower_is_better"


def test_the_overview_alerts_and_the_briefing_judge_the_cases_by_the_same_rule(
        demo_engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.presenting.briefing import briefing_html

    _hunt(demo_engine, capsys)
    for name, kind in (("17a", "indicators"), ("17b", "indicator-values"), ("18a", "indicators"),
                       ("18b", "indicator-values")):
        assert _import(kind, _case(name), capsys)[0] == 0
    with Session(demo_engine) as session:
        ids = {code: id_ for code, id_ in session.execute(
            select(Indicator.code, Indicator.id).where(Indicator.code.in_(["DEC-1", "RATE-1"])))}
    alerts = views.overview(demo_engine, PortfolioFilter(), DEMO_TODAY).alerts
    listed = {(kind, value) for kind, value in zip(alerts["kind"], alerts["value"], strict=True)}
    assert ("indicator_off_track", str(ids["DEC-1"])) in listed
    assert not {("indicator_not_reporting", str(ids[code])) for code in ids} & listed
    html = briefing_html(demo_engine, portfolio_filter=PortfolioFilter(), lang="fr", as_of=DEMO_TODAY,
                         generated_at=dt.datetime(2026, 11, 22, 9, 0))
    assert "HUNT-1 · DEC-1" in html
