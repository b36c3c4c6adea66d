"""Diacritics-blind search and the subtree helpers."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.localities import services, tree
from app.localities.models import Locality
from app.localities.names import fold, search_key, split_query
from tests.localities.conftest import unit


def test_fold() -> None:
    assert fold("Đặc khu Phú Quốc") == "dac khu phu quoc"
    assert fold("Bà Rịa - Vũng Tàu") == "ba ria vung tau"
    assert fold("Thanh Hoá") == fold("Thanh Hóa") == "thanh hoa"
    assert search_key("Thành phố Hồ Chí Minh", "thanh_pho") == "ho chi minh"
    assert split_query("tp HCM") == ("tp hcm", "hcm", ("thanh_pho", "thanh_pho_thuoc_tinh"))


def names(query: str, **filters: str) -> list[tuple[str, str]]:
    return [(loc.era, loc.name) for loc in services.search(query, **filters).items]


def test_ben_tre_with_and_without_diacritics(legacy_loaded: None) -> None:
    expected = [
        ("legacy", "Tỉnh Bến Tre"),
        ("legacy", "Thành phố Bến Tre"),
        ("vn2025", "Phường Bến Tre"),
    ]
    assert names("ben tre") == expected
    assert names("Bến Tre") == expected
    assert names("BEN TRE", era="vn2025") == [("vn2025", "Phường Bến Tre")]


def test_type_word_in_query(legacy_loaded: None) -> None:
    hits = names("phuong an hoi")
    assert hits[0] == ("vn2025", "Phường An Hội")  # 2025 before legacy, exact before prefix
    assert ("legacy", "Phường An Hội") in hits
    assert names("Phường An Hội", era="vn2025")[:1] == [("vn2025", "Phường An Hội")]
    assert names("tp ho chi minh", level="province") == [
        ("vn2025", "Thành phố Hồ Chí Minh"),
        ("legacy", "Thành phố Hồ Chí Minh"),
    ]


def test_word_prefix_but_not_inside_words(loaded: None) -> None:
    hits = names("an hoi", era="vn2025")
    assert ("vn2025", "Phường An Hội") in hits
    assert all("an hoi" in fold(name).split(" ", 1)[-1] for _era, name in hits)
    assert not any(fold(name).endswith("tan hoi") for _era, name in hits)
    assert services.search("", era=None).total == 0


def test_hamlets_are_found(an_hoi: Locality) -> None:
    services.add_hamlet(an_hoi, "Ấp Phú Lợi", "ap")
    assert names("ap phu loi") == [("vn2025", "Ấp Phú Lợi")]
    assert names("phu loi", level="hamlet") == [("vn2025", "Ấp Phú Lợi")]


def test_subtree_selects(an_hoi: Locality, vinh_long: Locality) -> None:
    hamlet = services.add_hamlet(an_hoi, "Ấp 1", "ap")
    subtree = db.session.scalars(tree.subtree_select(vinh_long)).all()
    assert len(subtree) == 1 + 124 + 1
    assert {loc.level for loc in subtree} == {"province", "commune", "hamlet"}
    ids = set(db.session.scalars(tree.subtree_ids_select(an_hoi)))
    assert ids == {an_hoi.id, hamlet.id}
    other = unit("vn2025", "province", "01")
    in_other = select(func.count()).where(Locality.id.in_(tree.subtree_ids_select(other)))
    assert db.session.scalar(in_other.where(Locality.id == hamlet.id)) == 0
    assert tree.get_locality(hamlet.id) is hamlet
    assert tree.get_locality(10**9) is None


def test_a_pre_2025_name_says_what_it_became(client: FlaskClient, legacy_loaded: None) -> None:
    first = services.search("tỉnh Bến Tre").items[0]
    assert (first.name, first.era) == ("Tỉnh Bến Tre", "legacy")
    assert first.now_part_of is not None and first.now_part_of.province.name == "Tỉnh Vĩnh Long"
    assert first.now_part_of.communes == []

    districts = services.search("huyện Châu Thành").items
    assert districts and all(d.level == "district" and d.era == "legacy" for d in districts)
    became = {d.ancestors[0].name: d.now_part_of.province.name for d in districts}
    assert became["Tỉnh Bến Tre"] == "Tỉnh Vĩnh Long"
    assert became["Tỉnh Tiền Giang"] == "Tỉnh Đồng Tháp"

    (commune,) = [u for u in services.search("Phường An Hội").items if u.era == "legacy"]
    assert commune.now_part_of.province.name == "Tỉnh Vĩnh Long"
    assert [c.locality.name for c in commune.now_part_of.communes] == ["Phường An Hội"]
    assert services.search("Phường An Hội", era="vn2025").items[0].now_part_of is None

    body = client.get("/api/v1/localities?q=ben+tre").get_json()
    assert body["items"][0]["now_part_of"]["province"]["name"] == "Tỉnh Vĩnh Long"
    assert body["items"][-1]["now_part_of"] is None  # a 2025 unit
    page = client.get("/dia-ban?q=huy%E1%BB%87n+Ch%C3%A2u+Th%C3%A0nh").get_data(as_text=True)
    assert page.count('class="now-part-of"') == len(districts)
    assert "Nay thuộc" in page and "Tỉnh Vĩnh Long" in page
