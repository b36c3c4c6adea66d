"""The public page's weight on the wire stays within its 100 KB budget (bytes are
deterministic: the same page gives the same bytes), measured as `make bench` measures it."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.events.public import SHOWN_WISHES
from bench.bench_gift_page import BUDGET, heaviest_wedding, page_weight
from tests.factories import Places, make_guest, make_user


def test_the_heaviest_wedding_page_weighs_under_100_kb(client: FlaskClient) -> None:
    event = heaviest_wedding(make_user("host@x.vn", "host"), Places().commune_a)
    guest = make_guest(event, "Nguyễn Thị Hồng Nhung")
    for path in (f"/m/{event.token}", f"/m/k/{guest.token}"):
        found = page_weight(client, path)
        urls = [resource.url for resource in found]
        assert urls[0] == path
        assert "/static/css/public.css" in urls and "/m/sw.js" in urls
        assert any(url.endswith("/qr.png") for url in urls)
        assert not any(url.endswith((".ttf", ".woff", ".woff2")) for url in urls)
        total = sum(resource.raw for resource in found)
        assert total <= BUDGET, [(resource.url, resource.raw) for resource in found]
    # The page measured holds the most wishes a page lists, each of the longest allowed.
    assert client.get(f"/m/{event.token}").get_data(as_text=True).count('class="wish-text"') == (
        SHOWN_WISHES
    )
