"""Changing hamlets: rename, move to another commune of the province, retire and restore; by
service, page and API, audited, and only by those who manage the hamlet (and the target)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.audit_log import AuditEntry
from app.errors import DomainError
from app.extensions import db
from app.localities import services, tree
from app.localities.collation import vietnamese_sort_key
from app.localities.models import Locality
from tests.factories import bearer, make_user, sign_in
from tests.localities.conftest import hamlet_count, unit


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


@pytest.fixture
def hamlet(an_hoi: Locality) -> Locality:
    return services.add_hamlet(an_hoi, "Ấp Phú Lợi", "ap", "PL")


@pytest.fixture
def ben_tre(vinh_long: Locality) -> Locality:
    """Another commune of Tỉnh Vĩnh Long: Phường Bến Tre."""
    found = unit("vn2025", "commune", "28789")
    assert found.parent_id == vinh_long.id
    return found


# ---- services -------------------------------------------------------------------------------


def test_rename_is_checked_as_adding_is_and_audited(an_hoi: Locality, hamlet: Locality) -> None:
    services.add_hamlet(an_hoi, "Ấp Tân Quới", "ap", "TQ")
    services.update_hamlet(hamlet, name="Phú Lợi Đông")
    assert (hamlet.name, hamlet.search_name, hamlet.code) == (
        "Ấp Phú Lợi Đông",
        "phu loi dong",
        "PL",
    )
    assert hamlet.sort_key == vietnamese_sort_key("Phú Lợi Đông")
    (entry,) = _entries("update")
    assert entry.before["name"] == "Ấp Phú Lợi" and entry.after["name"] == "Ấp Phú Lợi Đông"
    assert entry.entity_id == str(hamlet.id) and entry.locality_id == hamlet.id

    services.update_hamlet(hamlet, name="Ấp Phú Lợi Đông", code="PL")  # nothing changes
    assert len(_entries("update")) == 1
    services.update_hamlet(hamlet, code="pl")  # its own code, other case: free for it
    with pytest.raises(DomainError) as caught:
        services.update_hamlet(hamlet, name="tan quoi")
    assert caught.value.field == "name" and "đã có trong Phường An Hội" in caught.value.message
    with pytest.raises(DomainError) as caught:
        services.update_hamlet(hamlet, code="TQ")
    assert caught.value.field == "code"
    with pytest.raises(DomainError) as caught:
        services.update_hamlet(hamlet, name="")
    assert caught.value.field == "name"
    services.update_hamlet(hamlet, kind="Khu phố", code="")
    assert (hamlet.kind, hamlet.code) == ("khu_pho", None)
    assert len(_entries("update")) == 3
    db.session.expire_all()
    assert db.session.get(Locality, hamlet.id).name == "Ấp Phú Lợi Đông"


def test_only_hamlets_change(an_hoi: Locality, vinh_long: Locality) -> None:
    for change in (
        lambda: services.update_hamlet(an_hoi, name="An Hội Mới"),
        lambda: services.move_hamlet(an_hoi, vinh_long),
        lambda: services.retire_hamlet(an_hoi),
        lambda: services.restore_hamlet(an_hoi),
    ):
        with pytest.raises(DomainError) as caught:
            change()
        assert caught.value.code == "localities.only_hamlets_change"
    assert an_hoi.name == "Phường An Hội" and an_hoi.retired_at is None


def test_move_within_the_province(
    an_hoi: Locality, ben_tre: Locality, vinh_long: Locality, hamlet: Locality
) -> None:
    assert ben_tre in services.move_targets(hamlet) and an_hoi not in services.move_targets(hamlet)
    assert services.move_hamlet(hamlet, an_hoi) is hamlet and _entries("move") == []  # no-op
    moved = services.move_hamlet(hamlet, ben_tre)
    assert moved.parent_id == ben_tre.id and moved.path == f"{ben_tre.path}{moved.id}/"
    assert moved.depth == 2
    assert [c.name for c in tree.children(ben_tre)] == ["Ấp Phú Lợi"]
    assert tree.children(an_hoi) == []
    (entry,) = _entries("move")
    assert (entry.before["parent_id"], entry.after["parent_id"]) == (an_hoi.id, ben_tre.id)

    # Not to a province, not to another province, not onto a name taken there.
    for target, field in (
        (vinh_long, "commune_id"),
        (unit("vn2025", "commune", "00004"), "commune_id"),
    ):
        with pytest.raises(DomainError) as caught:
            services.move_hamlet(moved, target)
        assert caught.value.field == field
    with pytest.raises(DomainError) as caught:
        services.move_hamlet(moved, None)
    assert caught.value.status == 404 and caught.value.field == "commune_id"
    assert "Tỉnh Vĩnh Long" in str(_other_province_message(moved))
    services.add_hamlet(an_hoi, "Ấp Phú Lợi", "ap")
    with pytest.raises(DomainError) as caught:
        services.move_hamlet(moved, an_hoi)
    assert caught.value.field == "name"
    assert db.session.get(Locality, moved.id).parent_id == ben_tre.id


def _other_province_message(hamlet: Locality) -> str:
    with pytest.raises(DomainError) as caught:
        services.move_hamlet(hamlet, unit("vn2025", "commune", "00004"))
    return caught.value.message


def test_retire_and_restore(an_hoi: Locality, hamlet: Locality) -> None:
    other = services.add_hamlet(an_hoi, "Ấp Tân Quới", "ap")
    services.retire_hamlet(hamlet)
    assert hamlet.retired and hamlet.retired_at is not None
    # Out of the lists, the counts and the search; its page and row stay.
    assert tree.children(an_hoi) == [other]
    assert tree.children(an_hoi, retired=True) == [hamlet]
    assert tree.child_counts([an_hoi]) == {an_hoi.id: 1}
    assert services.search("phu loi", level="hamlet").total == 0
    assert hamlet_count(an_hoi) == 2
    # Its name stays reserved: adding it again says to restore it instead.
    with pytest.raises(DomainError) as caught:
        services.add_hamlet(an_hoi, "Ấp Phú Lợi", "ap")
    assert caught.value.code == "localities.hamlet_duplicate_retired"
    assert "khôi phục" in caught.value.message
    # A retired hamlet is not changed until restored.
    with pytest.raises(DomainError) as caught:
        services.update_hamlet(hamlet, name="Phú Lợi 2")
    assert caught.value.status == 409
    services.retire_hamlet(hamlet)  # again: nothing changes
    (entry,) = _entries("retire")
    assert entry.before["retired_at"] is None and entry.after["retired_at"] is not None

    services.restore_hamlet(hamlet)
    services.restore_hamlet(hamlet)  # again: nothing changes
    assert hamlet.retired_at is None and len(_entries("restore")) == 1
    assert services.search("phu loi", level="hamlet").total == 1
    assert [c.name for c in tree.children(an_hoi)] == ["Ấp Phú Lợi", "Ấp Tân Quới"]


# ---- pages ----------------------------------------------------------------------------------


def test_officer_renames_moves_retires_and_restores_by_page(
    client: FlaskClient, an_hoi: Locality, ben_tre: Locality, vinh_long: Locality, hamlet: Locality
) -> None:
    officer = make_user("o@example.vn", ("officer", an_hoi))
    sign_in(client, officer)
    page = client.get(f"/dia-ban/{hamlet.id}").get_data(as_text=True)
    assert 'value="Ấp Phú Lợi"' in page and "Ngừng dùng Ấp Phú Lợi" in page
    assert 'id="f-commune"' not in page  # a commune's officer reaches no other commune
    assert "cán bộ cấp tỉnh" in page

    bad = client.post(f"/dia-ban/{hamlet.id}/sua", data={"name": "", "kind": "ap"})
    assert bad.status_code == 422 and 'id="e-f-name"' in bad.get_data(as_text=True)
    services.add_hamlet(an_hoi, "Ấp Tân Quới", "ap")
    taken = client.post(f"/dia-ban/{hamlet.id}/sua", data={"name": "Tân Quới", "kind": "ap"})
    assert taken.status_code == 409 or taken.status_code == 422
    assert "đã có trong" in taken.get_data(as_text=True)
    assert 'value="Tân Quới"' in taken.get_data(as_text=True)  # what was typed is kept
    done = client.post(
        f"/dia-ban/{hamlet.id}/sua",
        data={"name": "Phú Lợi Đông", "kind": "ap", "code": "PLD"},
        follow_redirects=True,
    )
    assert "Đã lưu Ấp Phú Lợi Đông." in done.get_data(as_text=True)
    assert (hamlet.name, hamlet.code) == ("Ấp Phú Lợi Đông", "PLD")

    # Moving needs both communes: the commune's officer is refused another commune.
    assert (
        client.post(f"/dia-ban/{hamlet.id}/chuyen", data={"commune": ben_tre.id}).status_code == 403
    )
    sign_in(client, make_user("tinh@example.vn", ("officer", vinh_long)))
    page = client.get(f"/dia-ban/{hamlet.id}").get_data(as_text=True)
    assert 'id="f-commune"' in page and "Phường Bến Tre" in page
    missing = client.post(f"/dia-ban/{hamlet.id}/chuyen", data={"commune": ""})
    assert missing.status_code == 422 and 'id="e-f-commune"' in missing.get_data(as_text=True)
    moved = client.post(
        f"/dia-ban/{hamlet.id}/chuyen", data={"commune": ben_tre.id}, follow_redirects=True
    )
    assert "sang Phường Bến Tre" in moved.get_data(as_text=True)
    assert hamlet.parent_id == ben_tre.id

    retired = client.post(f"/dia-ban/{hamlet.id}/ngung-dung", follow_redirects=True)
    text = retired.get_data(as_text=True)
    assert "Đã ngừng dùng Ấp Phú Lợi Đông" in text and "Khôi phục" in text
    commune_page = client.get(f"/dia-ban/{ben_tre.id}").get_data(as_text=True)
    assert 'id="ngung-dung"' in commune_page  # the retired list, with its restore button
    assert "children-list" not in commune_page  # and no longer among the hamlets
    public = client.application.test_client().get(f"/dia-ban/{hamlet.id}").get_data(as_text=True)
    assert "Đã ngừng dùng" in public and "Khôi phục" not in public  # still shown, read-only
    restored = client.post(f"/dia-ban/{hamlet.id}/khoi-phuc", follow_redirects=True)
    assert "Đã khôi phục Ấp Phú Lợi Đông." in restored.get_data(as_text=True)
    assert [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))][
        -4:
    ] == [
        "update",
        "move",
        "retire",
        "restore",
    ]


def test_outsiders_cannot_change_a_hamlet(
    client: FlaskClient, hamlet: Locality, ben_tre: Locality
) -> None:
    assert client.post(f"/dia-ban/{hamlet.id}/ngung-dung").status_code == 302  # to the login page
    sign_in(client, make_user("b@example.vn", ("officer", ben_tre)))
    assert "f-name" not in client.get(f"/dia-ban/{hamlet.id}").get_data(as_text=True)
    for action in ("sua", "chuyen", "ngung-dung", "khoi-phuc"):
        assert (
            client.post(
                f"/dia-ban/{hamlet.id}/{action}",
                data={"name": "X", "kind": "ap", "commune": ben_tre.id},
            ).status_code
            == 403
        )
    assert hamlet.name == "Ấp Phú Lợi" and hamlet.retired_at is None


# ---- API ------------------------------------------------------------------------------------


def test_api_changes(
    client: FlaskClient, an_hoi: Locality, ben_tre: Locality, vinh_long: Locality, hamlet: Locality
) -> None:
    officer = bearer(make_user("o@example.vn", ("officer", an_hoi)))
    url = f"/api/v1/hamlets/{hamlet.id}"
    assert client.patch(url, json={"name": "Phú Lợi 2"}).status_code == 401
    renamed = client.patch(url, json={"name": "Phú Lợi 2"}, headers=officer)
    assert renamed.status_code == 200
    assert renamed.get_json()["name"] == "Ấp Phú Lợi 2" and renamed.get_json()["code"] == "PL"
    cleared = client.patch(url, json={"code": None}, headers=officer).get_json()
    assert cleared["code"] is None and cleared["retired_at"] is None
    bad = client.patch(url, json={"kind": "lang_xa"}, headers=officer)
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"kind"}
    too_long = client.patch(url, json={"name": "x" * 201}, headers=officer)
    assert too_long.status_code == 422 and set(too_long.get_json()["errors"]) == {"name"}
    official = client.patch(f"/api/v1/hamlets/{an_hoi.id}", json={"name": "X"}, headers=officer)
    assert official.status_code == 422 and "Chỉ sửa được thôn/ấp" in official.get_json()["message"]
    assert client.patch("/api/v1/hamlets/99999999", json={}, headers=officer).status_code == 404

    move = f"{url}/move"
    assert client.post(move, json={"commune_id": ben_tre.id}, headers=officer).status_code == 403
    province = bearer(make_user("p@example.vn", ("officer", vinh_long)))
    nowhere = client.post(move, json={"commune_id": 99999999}, headers=province)
    assert nowhere.status_code == 404 and set(nowhere.get_json()["errors"]) == {"commune_id"}
    elsewhere = client.post(move, json={"commune_id": vinh_long.id}, headers=province)
    assert elsewhere.status_code == 422 and set(elsewhere.get_json()["errors"]) == {"commune_id"}
    moved = client.post(move, json={"commune_id": ben_tre.id}, headers=province)
    assert moved.status_code == 200 and moved.get_json()["parent_id"] == ben_tre.id
    assert client.post(move, json={"commune_id": "x"}, headers=province).status_code == 422

    retired = client.post(f"{url}/retire", headers=province)
    assert retired.status_code == 200 and retired.get_json()["retired_at"]
    listed = client.get(f"/api/v1/localities/{ben_tre.id}/children").get_json()
    assert listed["children"] == [] and listed["total"] == 0
    kept = client.get(f"/api/v1/localities/{ben_tre.id}/children?retired=true").get_json()
    assert [c["name"] for c in kept["children"]] == ["Ấp Phú Lợi 2"]
    assert client.get("/api/v1/localities?q=phu+loi+2&level=hamlet").get_json()["total"] == 0
    again = client.patch(url, json={"name": "Y"}, headers=province)
    assert again.status_code == 409 and "đã ngừng dùng" in again.get_json()["message"]
    restored = client.post(f"{url}/restore", headers=province)
    assert restored.status_code == 200 and restored.get_json()["retired_at"] is None
    assert client.get("/api/v1/localities?q=phu+loi+2&level=hamlet").get_json()["total"] == 1
