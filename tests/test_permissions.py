import pytest

from dashboard.core.permissions import (
    Actor,
    Capability,
    PermissionDeniedError,
    can,
    can_open_page,
    can_undo_batch,
    require,
)
from dashboard.web.navigation import PAGES

LEADER = Actor.of("leader", ["leadership"])
MEMBER = Actor.of("member", ["reference_group"])
STAFF = Actor.of("officer", ["staff"])
ADMIN = Actor.of("admin", ["admin"])


def test_every_page_has_a_rule() -> None:
    for page in PAGES:
        assert can_open_page(ADMIN, page.url_path), page.url_path


@pytest.mark.parametrize(
    ("actor", "allowed"),
    [
        (LEADER, {"overview", "partners", "map", "budgets", "indicators", "data-quality"}),
        (MEMBER, {"overview", "partners", "map", "budgets", "indicators"}),
        (STAFF, {page.url_path for page in PAGES} - {"users"}),
        (ADMIN, {page.url_path for page in PAGES}),
        (None, set()),
    ],
)
def test_pages_by_role(actor, allowed) -> None:
    assert {page.url_path for page in PAGES if can_open_page(actor, page.url_path)} == allowed


def test_reference_group_cannot_upload_or_undo() -> None:
    assert not can(MEMBER, Capability.upload)
    with pytest.raises(PermissionDeniedError, match="member may not upload"):
        require(MEMBER, Capability.upload)
    assert not can_undo_batch(MEMBER, "member")


def test_undo_own_batch_for_staff_any_batch_for_admin() -> None:
    assert can_undo_batch(STAFF, "officer")
    assert not can_undo_batch(STAFF, "someone-else")
    assert can_undo_batch(ADMIN, "someone-else")


def test_roles_add_up() -> None:
    both = Actor.of("both", ["reference_group", "leadership"])
    assert can(both, Capability.read_data_quality) and can(both, Capability.add_review_note)
    assert not can(both, Capability.upload)
    assert not can(Actor.of("ghost", ["no-such-role"]), Capability.read_portfolio)
