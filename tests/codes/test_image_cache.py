"""Drawn signs and template images are kept by their ETag: fetched twice, drawn once."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
import zxingcpp
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from app.codes import services
from app.codes.image_cache import (
    REDIS_KEY_PREFIX,
    ImageCache,
    MemoryImageCache,
    RedisImageCache,
    open_image_cache,
)
from tests.conftest import make_app

SAMPLE = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)
SIGN = "/api/v1/qr/sign.png"
SIGN_QUERY = {"payload": SAMPLE, "name": "Nguyễn Thị Hồng Đào", "title": "Sạp cá cô Đào"}
QUICK_QUERY = {"amount": "79000", "addInfo": "Ung Ho Quy Vac Xin", "accountName": "NGUYEN VAN A"}
TEST_REDIS = "redis://127.0.0.1:6379/15"


def decode(data: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(data)))
    assert len(results) == 1
    return str(results[0].text)


def count_calls(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Wrap the renderer `app.codes.services.<name>` so that every drawing is counted."""
    real: Callable[..., Any] = getattr(services, name)
    calls: list[int] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, name, counted)
    return calls


def cache_of(app: Flask) -> ImageCache:
    with app.app_context():
        return services.image_cache()


# ---- the in-process cache (the default) -----------------------------------------------------


def test_a_sign_fetched_twice_is_drawn_once(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = count_calls(monkeypatch, "render_sign_png")
    first = client.get(SIGN, query_string=SIGN_QUERY)
    second = client.get(SIGN, query_string=SIGN_QUERY)
    assert first.status_code == second.status_code == 200
    assert len(draws) == 1
    assert second.data == first.data and second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Cache-Control"] == first.headers["Cache-Control"]
    assert decode(second.data) == SAMPLE
    cache = cache_of(app)
    assert cache.kind == "memory"
    assert (cache.stats.hits, cache.stats.misses, cache.stats.stores) == (1, 1, 1)


def test_a_markets_signs_fetched_twice_are_drawn_once_each(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = count_calls(monkeypatch, "render_sign_png")
    titles = [f"Sạp {n}" for n in range(1, 4)]
    for _ in range(2):
        for title in titles:
            assert client.get(SIGN, query_string={**SIGN_QUERY, "title": title}).status_code == 200
    assert len(draws) == len(titles)


def test_the_pdf_sign_is_cached_per_page(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = count_calls(monkeypatch, "render_sign_pdf")
    for page in ("A6", "A4", "A6", "A4"):
        response = client.get("/api/v1/qr/sign.pdf", query_string={**SIGN_QUERY, "page": page})
        assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert len(draws) == 2


@pytest.mark.parametrize("template", ["compact", "compact2", "print"])
def test_a_quick_link_template_fetched_twice_is_drawn_once(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch, template: str
) -> None:
    draws = count_calls(monkeypatch, "render_template_image")
    url = f"/qr/ICB-113366668888-{template}.png"
    first = client.get(url, query_string=QUICK_QUERY)
    second = client.get(url, query_string=QUICK_QUERY)
    assert first.status_code == second.status_code == 200
    assert len(draws) == 1 and second.data == first.data
    assert decode(second.data) == SAMPLE


def test_a_new_sign_design_is_never_served_from_an_old_etag(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Signs and templates are cached by ETag for a year (immutable): when their design changes
    (`app.render.DESIGN_VERSION`), every such ETag changes, and the bare code's does not."""
    quick = "/qr/ICB-113366668888-print.png"
    code = "/api/v1/qr/image.png"
    urls = [(SIGN, SIGN_QUERY), ("/api/v1/qr/sign.pdf", SIGN_QUERY), (quick, QUICK_QUERY)]
    before = [client.get(url, query_string=q).headers["ETag"] for url, q in urls]
    code_before = client.get(code, query_string={"payload": SAMPLE}).headers["ETag"]
    monkeypatch.setattr(services, "DESIGN_VERSION", services.DESIGN_VERSION + "-next")
    after = [client.get(url, query_string=q).headers["ETag"] for url, q in urls]
    assert all(a != b for a, b in zip(after, before, strict=True))
    assert client.get(code, query_string={"payload": SAMPLE}).headers["ETag"] == code_before
    old = client.get(SIGN, query_string=SIGN_QUERY, headers={"If-None-Match": before[0]})
    assert old.status_code == 200 and decode(old.data) == SAMPLE


def test_the_bare_code_is_drawn_every_time(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """~0.5 ms to draw: cheaper than a Redis round trip, so it never goes through the cache."""
    templates = count_calls(monkeypatch, "render_template_image")
    codes = count_calls(monkeypatch, "render_png")
    for _ in range(2):
        assert client.get("/qr/ICB-113366668888-qr_only.png", query_string=QUICK_QUERY).data
        assert client.get("/api/v1/qr/image.png", query_string={"payload": SAMPLE}).data
    assert len(templates) == 2 and len(codes) == 2
    stats = cache_of(app).stats
    assert stats.hits == stats.misses == 0


def test_revalidation_is_still_a_304_without_drawing_or_asking_the_cache(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    etag = client.get(SIGN, query_string=SIGN_QUERY).headers["ETag"]
    draws = count_calls(monkeypatch, "render_sign_png")
    before = cache_of(app).stats.as_dict()
    response = client.get(SIGN, query_string=SIGN_QUERY, headers={"If-None-Match": etag})
    assert response.status_code == 304 and response.headers["ETag"] == etag
    assert not draws and cache_of(app).stats.as_dict() == before


def test_a_refusal_is_not_cached(app: Flask, client: FlaskClient) -> None:
    for _ in range(2):
        response = client.get("/qr/ICB-113366668888-compact.png", query_string={"amount": "0"})
        assert response.status_code == 422
    cache = cache_of(app)
    assert isinstance(cache, MemoryImageCache) and len(cache) == 0


@pytest.mark.app_config(IMAGE_CACHE_URL="none")
def test_the_cache_can_be_turned_off(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = count_calls(monkeypatch, "render_sign_png")
    for _ in range(2):
        assert client.get(SIGN, query_string=SIGN_QUERY).status_code == 200
    assert len(draws) == 2 and cache_of(app).kind == "none"


def test_the_memory_cache_stays_within_its_byte_bound() -> None:
    cache = MemoryImageCache(max_bytes=10_000)
    for n in range(50):
        cache.put(f"etag{n}", bytes(1_500))
        assert cache.size <= 10_000
    assert len(cache) == 6 and cache.size == 9_000
    assert cache.get("etag0") is None  # the oldest went first
    cache.get("etag44")  # used: kept, while etag45 becomes the oldest
    cache.put("new", bytes(1_500))
    assert cache.get("etag44") is not None and cache.get("etag45") is None
    cache.put("huge", bytes(10_001))  # larger than the whole cache: not kept, nothing evicted
    assert cache.get("huge") is None and len(cache) == 6
    cache.put("new", bytes(100))  # replaced: its size counted once
    assert cache.size == 7_600


def test_cache_urls() -> None:
    assert open_image_cache(None).kind == open_image_cache("none").kind == "none"
    memory = open_image_cache("memory://")
    assert isinstance(memory, MemoryImageCache) and memory.max_bytes == 64 * 1024 * 1024
    small = open_image_cache("memory://?max_mb=0.5")
    assert isinstance(small, MemoryImageCache) and small.max_bytes == 512 * 1024
    shared = open_image_cache("redis://127.0.0.1:6379/15?ttl=60")
    assert isinstance(shared, RedisImageCache) and shared.ttl == 60
    options = shared.client.connection_pool.connection_kwargs
    assert options["db"] == 15 and options["socket_timeout"] == 0.25
    with pytest.raises(ValueError, match="IMAGE_CACHE_URL"):
        open_image_cache("memcached://127.0.0.1")


@pytest.mark.parametrize("address", ["memcached://127.0.0.1", "memory://?max_mb=lots"])
def test_a_wrong_cache_address_stops_the_app_at_start(address: str) -> None:
    """Not a 500 on the first sign: the app refuses to be built."""
    from app import create_app

    with pytest.raises(ValueError, match="IMAGE_CACHE_URL"):
        create_app({"TESTING": True, "IMAGE_CACHE_URL": address})


# ---- Redis ----------------------------------------------------------------------------------


@pytest.fixture
def test_redis() -> Iterator[redis.Redis]:
    """Redis database 15, emptied of Quét's images before and after; skips when unreachable."""
    client = redis.Redis.from_url(TEST_REDIS, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {TEST_REDIS} ({error}); `apt-get install redis-server`")

    def empty() -> None:
        keys = list(client.scan_iter(REDIS_KEY_PREFIX + "*"))
        if keys:
            client.delete(*keys)

    empty()
    yield client
    empty()
    client.close()


@pytest.mark.app_config(IMAGE_CACHE_URL=TEST_REDIS + "?ttl=120")
def test_redis_keeps_a_sign_for_every_worker(
    app: Flask,
    client: FlaskClient,
    test_redis: redis.Redis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draws = count_calls(monkeypatch, "render_sign_png")
    first = client.get(SIGN, query_string=SIGN_QUERY)
    second = client.get(SIGN, query_string=SIGN_QUERY)
    assert first.status_code == second.status_code == 200
    assert len(draws) == 1 and second.data == first.data
    assert decode(second.data) == SAMPLE
    cache = cache_of(app)
    assert cache.kind == "redis"
    assert (cache.stats.hits, cache.stats.misses, cache.stats.errors) == (1, 1, 0)
    key = REDIS_KEY_PREFIX + first.headers["ETag"].strip('"')
    assert test_redis.get(key) == first.data
    assert 0 < test_redis.ttl(key) <= 120
    # Another worker (another app on the same Redis) finds it without drawing.
    worker = make_app(app.config["SQLALCHEMY_DATABASE_URI"], IMAGE_CACHE_URL=TEST_REDIS)
    third = worker.test_client().get(SIGN, query_string=SIGN_QUERY)
    assert third.status_code == 200 and third.data == first.data
    assert len(draws) == 1


@pytest.mark.app_config(IMAGE_CACHE_URL="redis://127.0.0.1:1/15")
def test_redis_down_still_answers_200_by_drawing(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    draws = count_calls(monkeypatch, "render_sign_png")
    for _ in range(3):
        response = client.get(SIGN, query_string=SIGN_QUERY)
        assert response.status_code == 200
        assert decode(response.data) == SAMPLE
    assert len(draws) == 3
    stats = cache_of(app).stats
    # The first failure rests Redis for a few seconds: the next requests do not wait on it.
    assert stats.errors == 1 and stats.misses == 3 and stats.hits == 0


class _FailingRedis:
    """A Redis that went away after the app started: every command fails."""

    def get(self, key: str) -> bytes:
        raise redis.ConnectionError("Connection reset by peer")

    def set(self, key: str, value: bytes, ex: int) -> None:
        raise redis.TimeoutError("Timeout reading from socket")


def test_redis_failing_mid_run_still_answers_200(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = RedisImageCache(_FailingRedis())
    app.extensions["quet.image_cache"] = cache
    draws = count_calls(monkeypatch, "render_sign_png")
    assert client.get(SIGN, query_string=SIGN_QUERY).status_code == 200
    assert len(draws) == 1 and cache.stats.errors == 1
    monkeypatch.setattr("app.codes.image_cache.REDIS_RETRY_SECONDS", 0.0)
    cache._resting_until = 0.0
    assert client.get(SIGN, query_string=SIGN_QUERY).status_code == 200
    assert len(draws) == 2 and cache.stats.errors == 3  # get and set both failed, both survived
