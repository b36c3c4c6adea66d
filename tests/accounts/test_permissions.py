"""Roles scoped by a locality's subtree."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import User
from app.accounts.permissions import (
    Scope,
    can_manage,
    can_view,
    is_admin,
    managed_localities,
    viewable_localities,
)
from app.extensions import db
from app.localities.models import Locality
from tests.factories import Places, make_user


def _ids_in(scope: Scope) -> set[int]:
    return set(db.session.scalars(select(Locality.id).where(scope.where(Locality.id))))


def test_officer_manages_own_subtree_only(places: Places) -> None:
    officer = make_user("a@x.vn", ("officer", places.commune_a))
    assert can_manage(officer, places.commune_a)
    assert can_manage(officer, places.hamlet)
    assert not can_manage(officer, places.commune_b)
    assert not can_manage(officer, places.province)
    assert can_view(officer, places.hamlet)
    assert not can_view(officer, places.commune_b)
    assert not is_admin(officer)


def test_province_officer_manages_every_commune_of_the_province(places: Places) -> None:
    officer = make_user("p@x.vn", ("officer", places.province))
    for locality in (places.province, places.commune_a, places.commune_b, places.hamlet):
        assert can_manage(officer, locality)
    assert not can_manage(officer, places.commune_c)


def test_viewer_reads_but_does_not_manage(places: Places) -> None:
    viewer = make_user("v@x.vn", ("viewer", places.commune_a))
    assert can_view(viewer, places.commune_a) and can_view(viewer, places.hamlet)
    assert not can_manage(viewer, places.commune_a)
    assert not can_view(viewer, places.commune_b)
    assert managed_localities(viewer).is_empty


def test_admin_everything_and_plain_users_nothing(places: Places) -> None:
    admin = make_user("admin@x.vn", "admin")
    plain = make_user("plain@x.vn")
    vendor = make_user("vendor@x.vn", "vendor")
    assert is_admin(admin)
    assert can_manage(admin, places.commune_c) and can_view(admin, places.hamlet)
    for user in (plain, vendor):
        assert not can_manage(user, places.commune_a)
        assert not can_view(user, places.commune_a)
        assert viewable_localities(user).is_empty
    assert not can_manage(admin, None)


def test_anonymous_has_no_scope(places: Places) -> None:
    from flask_login import AnonymousUserMixin

    anonymous = AnonymousUserMixin()
    assert not can_view(anonymous, places.commune_a)
    assert not is_admin(anonymous)
    assert managed_localities(anonymous).is_empty


def test_several_roles_add_up_and_nested_roots_collapse(places: Places) -> None:
    user = make_user(
        "many@x.vn",
        ("officer", places.commune_a),
        ("officer", places.province),
        ("viewer", places.commune_c),
        "host",
    )
    assert [loc.id for loc in managed_localities(user).roots] == [places.province.id]
    assert {loc.id for loc in viewable_localities(user).roots} == {
        places.province.id,
        places.commune_c.id,
    }
    assert user.has_role("host")


def test_scope_as_sql(places: Places) -> None:
    officer = make_user("a@x.vn", ("officer", places.commune_a), ("viewer", places.commune_b))
    assert _ids_in(managed_localities(officer)) == {places.commune_a.id, places.hamlet.id}
    assert _ids_in(viewable_localities(officer)) == {
        places.commune_a.id,
        places.hamlet.id,
        places.commune_b.id,
    }
    admin = make_user("admin@x.vn", "admin")
    assert len(_ids_in(managed_localities(admin))) == db.session.scalar(
        select(db.func.count()).select_from(Locality)
    )
    assert _ids_in(managed_localities(make_user("plain@x.vn"))) == set()


def test_email_is_stored_lowercase_and_roles_load() -> None:
    user = make_user("MiXeD@X.VN", "vendor")
    db.session.expire_all()
    loaded = db.session.scalar(select(User).where(User.email == "mixed@x.vn"))
    assert loaded is not None and loaded.id == user.id
    assert [a.role for a in loaded.roles] == ["vendor"]
