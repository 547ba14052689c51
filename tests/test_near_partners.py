"""Issue 16 item 2: the partner near-duplicate check of an upload is no longer quadratic. A file's new names are
compared with every name only while that is cheap; beyond, inside blocks, for the whole file at once
(``importing.references.near_in_file``). Either way a row is refused when its name is very close to a stored
partner or to an earlier accepted row. Timings are printed by ``python -m dashboard.bench.integrity``."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from dashboard.bench.integrity import partner_names
from dashboard.core import db
from dashboard.core.models import Organisation
from dashboard.core.permissions import Actor
from dashboard.core.text import fold
from dashboard.importing import pipeline, references

STAFF = Actor.of("staff-member", ["staff"])


def _file(names: list[str]) -> bytes:
    return ("name;type\r\n" + "".join(f"{name};ngo\r\n" for name in names)).encode()


@pytest.fixture(params=["every pair", "blocks"])
def method(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "blocks":
        monkeypatch.setattr(references, "EXACT_COMPARISONS", 0)
    return str(request.param)


def test_a_near_name_is_refused_against_stored_partners_and_earlier_rows(engine: Engine, method: str) -> None:
    with db.session_scope(engine) as session:
        stored = "Agence française de développement"
        session.add(Organisation(name=stored, name_key=fold(stored), type="bilateral_agency"))
    names = [f"Organisation {hashlib.sha1(str(index).encode()).hexdigest()[:14]}" for index in range(300)]
    names.insert(120, "Agence francaise du developement")  # a typo of the stored partner
    names.insert(200, names[50] + "e")  # a typo of an earlier row of the file
    with Session(engine) as session:
        result = pipeline.preview(session, kind="partners", file_name="partners.csv", data=_file(names), actor=STAFF)
    refused = {item.row: item for item in result.problems}
    assert set(refused) == {122, 202}, [item.line() for item in result.problems]
    assert "Agence française de développement" in refused[122].message("en")
    assert names[50] in refused[202].message("en")
    assert result.created == len(names) - 2


def test_blocks_find_what_every_pair_finds_on_a_large_list() -> None:
    names = [fold(name) for name in partner_names(20_000, seed=5)]
    names += [names[700][:-1] + "q", " ".join(reversed(names[9_000].split()))]
    stored = {name: name for name in names[:5_000]}
    found = references.near_in_file(names[5_000:], stored)
    assert names[700] in found[len(names) - 5_000 - 2]  # one letter changed, against a stored name
    assert names[9_000] in found[len(names) - 5_000 - 1]  # words in another order, against an earlier row
