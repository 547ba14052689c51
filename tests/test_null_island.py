"""A point at latitude 0, longitude 0 (in the Gulf of Guinea: two blank cells read as zero) is refused where it
comes in — an upload's preview, ``python -m dashboard import``, the one-record partner form — with what to fix,
in English and French; an IATI place at "0 0" is read without its point, said in a note. One rule decides, the
map's own (``core.coordinates.point_problem``, used by ``maps.geo.check_coordinates``). SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.cli.main import main
from dashboard.core.coordinates import CoordinateProblem, is_null_island, point_problem
from dashboard.core.permissions import Actor
from dashboard.importing import edits, pipeline
from dashboard.importing.edits import EditStatus
from dashboard.maps import geo
from dashboard.queries import data_quality
from dashboard.standards.iati.reader import read_all
from tests.import_helpers import dump

STAFF = Actor.of("officer", ["staff"])


def test_the_map_and_the_upload_share_one_rule() -> None:
    assert point_problem(0, 0) is CoordinateProblem.null_island
    assert point_problem(0.0, 10.5) is None and point_problem(-0.18, 0.0) is None  # the equator, Greenwich
    assert is_null_island(0.0, 0.0) and not is_null_island(0.0, None) and not is_null_island("0", "0")
    assert geo.check_coordinates(0.0, 0.0).problem is point_problem(0.0, 0.0)
    assert geo.CoordinateProblem is CoordinateProblem  # the map's list to fix names the same problems


def _preview(engine: Engine, data: bytes, file_name: str = "partners.csv") -> pipeline.Preview:
    with Session(engine) as session:
        return pipeline.preview(session, kind="partners", file_name=file_name, data=data, actor=STAFF)


def test_an_upload_refuses_a_partner_at_0_0_and_says_what_to_fix(demo_engine: Engine) -> None:
    before = dump(demo_engine)
    data = (b"name,type,country,latitude,longitude\n"
            b"Suva Reef Society,ngo,FJI,-18.1416,178.4419\n"
            b"Lagoon Keepers,ngo,FJI,0,0\n"
            b"Equator Fishers,ngo,KIR,0,-157.36\n")  # on the equator: a real place
    result = _preview(demo_engine, data)
    [problem] = result.problems
    assert (problem.row, problem.column, problem.value) == (3, "latitude", "0, 0")
    assert problem.message("en") == ("Latitude 0 and longitude 0 is a point in the Gulf of Guinea: usually two "
                                     "blank cells read as zero.")
    assert problem.fix("en") == ("Write the place's real latitude and longitude in decimal degrees (Suva: −18.1416, "
                                 "178.4419), or leave both blank when they are unknown: the partner is then placed "
                                 "by its country.")
    assert "golfe de Guinée" in problem.message("fr") and "laissez les deux vides" in problem.fix("fr")
    assert result.rejected == 1 and result.refused
    with Session(demo_engine) as session:
        committed = pipeline.commit(session, kind="partners", file_name="partners.csv", data=data, actor=STAFF)
    assert not committed.committed and dump(demo_engine) == before


def test_a_french_file_names_its_own_columns_and_blanks_are_fine(demo_engine: Engine) -> None:
    result = _preview(demo_engine, "nom;type;pays;latitude;longitude\n"
                                   "Gardiens du lagon;ngo;PYF;0,0;0,00\n"
                                   "Amis du récif;ngo;PYF;;\n".encode(), "partenaires.csv")
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "latitude")
    assert "Écrivez la latitude et la longitude réelles" in problem.fix("fr")
    assert result.created == 1  # both blank: placed by its country


def test_the_command_line_refuses_it_with_the_row_and_the_fix(
        demo_engine: Engine, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "partners.csv"
    path.write_bytes(b"name,type,country,latitude,longitude\nLagoon Keepers,ngo,FJI,0,0\n")
    assert main(["import", str(path), "--kind", "partners"]) == 1
    out, _err = capsys.readouterr()
    assert out.splitlines() == [
        "Row 2, column 'latitude', value '0, 0': Latitude 0 and longitude 0 is a point in the Gulf of Guinea: "
        "usually two blank cells read as zero. Write the place's real latitude and longitude in decimal degrees "
        "(Suva: −18.1416, 178.4419), or leave both blank when they are unknown: the partner is then placed by its "
        "country."]


def test_the_partner_form_refuses_0_0_on_its_latitude_field(demo_engine: Engine) -> None:
    with demo_engine.connect() as connection:
        afd = int(connection.execute(text("select id from organisation where acronym = 'AFD'")).scalar_one())
    before = dump(demo_engine)
    with Session(demo_engine) as session:
        form = edits.open_record(session, kind="partners", record_id=afd, actor=STAFF)
    with Session(demo_engine) as session:
        result = edits.save(session, kind="partners", record_id=afd, version=form.version, actor=STAFF,
                            values={"latitude": 0.0, "longitude": 0.0}, reason="office moved", lang="fr")
    assert result.status == EditStatus.invalid
    [problem] = result.problems
    assert problem.key == "import.error.null_island" and result.field_of(problem) == "latitude"
    assert "golfe de Guinée" in problem.message("fr")
    assert dump(demo_engine) == before
    with Session(demo_engine) as session:  # blank both: accepted
        cleared = edits.check(session, kind="partners", record_id=afd, version=form.version, actor=STAFF,
                              values={"latitude": None, "longitude": None})
    assert cleared.status in (EditStatus.ready, EditStatus.unchanged)


def test_a_stored_partner_at_0_0_is_still_listed_on_data_quality(demo_engine: Engine) -> None:
    """What came in before the rule (or through SQL) stays on the Data quality page, by the same rule."""
    with demo_engine.begin() as connection:
        connection.execute(text("update organisation set latitude = 0, longitude = 0 where acronym = 'AFD'"))
    with Session(demo_engine) as session:
        frame = data_quality.partners_without_place(session, data_quality.dt.date.today())
    listed = frame[frame["label"].str.contains("Agence")]
    assert [values["fields"] for values in listed["detail_values"]] == [["coordinates"]]


def test_an_iati_place_at_0_0_is_read_without_its_point_and_said() -> None:
    document = b"""<iati-activities version="2.03"><iati-activity><iati-identifier>XM-1</iati-identifier>
    <title><narrative>T</narrative></title>
    <location ref="A"><name><narrative>Nowhere</narrative></name><point srsName="x"><pos>0 0</pos></point></location>
    <location ref="B"><name><narrative>Suva</narrative></name><point srsName="x"><pos>-18.14 178.44</pos></point>
    </location></iati-activity></iati-activities>"""
    _header, (activity,), reader = read_all(document, validate=False)
    nowhere, suva = activity.locations
    assert (nowhere.latitude, nowhere.longitude) == (None, None)
    assert (float(suva.latitude), float(suva.longitude)) == (-18.14, 178.44)
    [note] = [item for item in reader.problems if item.key == "standards.iati.warning.null_island"]
    assert not note.is_error and "Gulf of Guinea" in note.message("en") and "golfe de Guinée" in note.message("fr")
