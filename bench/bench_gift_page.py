"""The weight of a gift event's public page on the wire: HTML, CSS, script, service worker,
fonts and QR images, each in bytes as served (the app does not compress; gzip is printed for a
proxy that would), their sum and its ratio to the 100 KB budget (100,000 bytes).

Run with ``python -m bench gift_page``. The page measured is the heaviest a wedding gets: both
sides with their QR, two ceremonies with venues and a long message, and the most wishes a page
lists (`app.events.public.SHOWN_WISHES`), each of the longest allowed, with diacritics. Bytes
are deterministic: tests/events/test_public_weight.py asserts the same budget.
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BUDGET = 100_000  # bytes on the wire: HTML + CSS + script + fonts + QR images
#: A wish of the longest allowed length, every letter with its diacritics.
LONG_WISH = ("Chúc hai bạn trăm năm hạnh phúc, sớm sinh quý tử, đầu bạc răng long. " * 20)[:1000]


@dataclass(frozen=True)
class Resource:
    """One file the page loads: its address, bytes as served, and bytes gzip would give."""

    url: str
    raw: int
    gzipped: int


def _fetched(client: Any, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    data = bytes(response.data)
    response.close()
    return data


def page_weight(client: Any, path: str) -> list[Resource]:
    """Every file the page at `path` loads (the page first), as served by `client`."""
    html = _fetched(client, path)
    text = html.decode()
    urls: list[str] = []
    urls += re.findall(r'<link rel="stylesheet" href="([^"]+)"', text)
    urls += re.findall(r'<script src="([^"]+)"', text)
    urls += re.findall(r'<img [^>]*src="([^"]+)"', text)
    urls += re.findall(r'data-sw="([^"]+)"', text)
    found = [Resource(path, len(html), len(gzip.compress(html, 9)))]
    for url in dict.fromkeys(urls):
        data = _fetched(client, url)
        found.append(Resource(url, len(data), len(gzip.compress(data, 9))))
        if url.endswith(".css"):  # fonts and images a stylesheet loads
            for inner in re.findall(r"url\(['\"]?([^'\")]+)", data.decode()):
                more = _fetched(client, inner)
                found.append(Resource(inner, len(more), len(gzip.compress(more, 9))))
    return found


def heaviest_wedding(host: Any, locality: Any) -> Any:
    """The heaviest public page a wedding gets (see the module's docstring); returns the event."""
    from app.events.models import Ceremony, EventHost, EventSide, GiftEvent, Wish
    from app.events.public import SHOWN_WISHES
    from app.extensions import db
    from app.matching import new_code

    event = GiftEvent(
        kind="dam_cuoi",
        title="Lễ thành hôn Nguyễn Hoàng Minh Đức & Trần Ngọc Phương Thảo",
        locality=locality,
        message=("Sự hiện diện của quý khách là niềm vinh hạnh cho gia đình chúng tôi. " * 6),
    )
    event.hosts.append(EventHost(user_id=host.id, role="owner"))
    starts = datetime(2026, 12, 20, 3, 0, tzinfo=UTC)
    for position, (name, names) in enumerate(
        (
            ("Nhà trai", "Ông Nguyễn Văn Hùng – Bà Lê Thị Thu Hương"),
            ("Nhà gái", "Ông Trần Quốc Tuấn – Bà Phạm Thị Ngọc Lan"),
        )
    ):
        side = EventSide(
            name=name,
            position=position,
            hosts_names=names,
            bank_bin="970436",
            account_number="0011004455667",
            account_name="NGUYEN HOANG MINH DUC",
            code=new_code("QH"),
        )
        side.ceremonies.append(
            Ceremony(
                name="Lễ Vu Quy" if position else "Lễ Thành Hôn",
                starts_at=starts + timedelta(days=position),
                venue="Trung tâm tiệc cưới Hoàng Gia – Sảnh Kim Cương",
                address="Số 125 đường Nguyễn Huệ, phường Bến Nghé, thành phố Hồ Chí Minh",
                map_url="https://www.openstreetmap.org/?mlat=10.7769&mlon=106.7009",
            )
        )
        event.sides.append(side)
    for n in range(SHOWN_WISHES):
        event.wishes.append(
            Wish(name=f"Bạn Nguyễn Thị Hồng Nhung {n}", message=LONG_WISH, public=True)
        )
    db.session.add(event)
    db.session.commit()
    return event


def _measure() -> list[Resource]:
    from app import create_app
    from app.accounts.models import User
    from app.extensions import db
    from app.localities.models import Locality

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SECRET_KEY": "bench-gift-page",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                "RATELIMIT_ENABLED": False,
            }
        )
        with app.app_context():
            db.create_all()
            commune = Locality(
                era="vn2025", level="commune", kind="xa", code="91001", name="Xã An Bình",
                search_name="an binh", depth=0, path="",
            )  # fmt: skip
            host = User(email="host@bench.vn", name="Bench", password_hash="!", is_active=True)
            db.session.add_all([commune, host])
            db.session.commit()
            event = heaviest_wedding(host, commune)
            found = page_weight(app.test_client(), f"/m/{event.token}")
            db.engine.dispose()
    return found


def run() -> Iterator[tuple[str, float, str]]:
    found = _measure()
    for resource in found:
        name = re.sub(r"/m/[A-Za-z0-9_-]{20,}", "/m/<token>", resource.url)
        yield f"{name} (as served)", resource.raw, "B"
        yield f"{name} (gzip)", resource.gzipped, "B"
    total = sum(resource.raw for resource in found)
    yield "page total on the wire", total, "B"
    yield "page total if gzipped", sum(resource.gzipped for resource in found), "B"
    yield "ratio to the 100 KB budget (<= 1.00)", total / BUDGET, "x"
