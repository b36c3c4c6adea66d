"""The sign cache: signs per second drawn (cold) and served from the cache (warm).

Run with ``python -m bench signs``.

Each round makes a market of new signs (titles never seen before, so nothing is in any cache)
and fetches them through the real app (Flask's test client: routing, query schema, ETag, the
cache, the response): once cold (every fetch a miss: drawn, then stored), then again warm
(every fetch a hit). The in-process cache (``memory://``, the default) and Redis
(``redis://127.0.0.1:6379/15``, when reachable) are measured in the same rounds, interleaved;
medians are printed with each cache's hit and miss counts.

The last rows are why the bare code (``image.png``, the quick link's ``qr_only``) is not cached:
drawing a new one costs about what a Redis round trip does, and a miss would pay both.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask

from app import create_app
from app.codes import services
from app.codes.image_cache import REDIS_KEY_PREFIX, MemoryImageCache
from app.render import render_png

PAYLOAD = (
    "00020101021238560010A0000007270126000697041501121133666688880208QRIBFTTA5303704"
    "5405790005802VN62220818Ung Ho Quy Vac Xin63043ACF"
)
REDIS_URL = "redis://127.0.0.1:6379/15"
SIGN = "/api/v1/qr/sign.png"
MARKET = 6  # signs per round
WARM_PASSES = 10  # every sign fetched this many times again, warm
ROUNDS = 5
_stall = itertools.count(1)


def _app(cache_url: str) -> Flask:
    return create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": "sqlite://",
            "IMAGE_CACHE_URL": cache_url,
        }
    )


def _redis() -> Any:
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
        client.ping()
    except Exception as error:
        print(f"  (no Redis at {REDIS_URL}: {error}; Redis rows skipped)", flush=True)
        return None
    return client


def _empty(client: Any) -> None:
    keys = list(client.scan_iter(REDIS_KEY_PREFIX + "*"))
    if keys:
        client.delete(*keys)


def _market(run: str) -> list[dict[str, str]]:
    """Query strings of a market's new signs (never fetched before in this run)."""
    return [
        {"payload": PAYLOAD, "name": "Nguyễn Thị Hồng Đào", "title": f"Sạp {run}-{next(_stall)}"}
        for _ in range(MARKET)
    ]


def _fetch_all(app: Flask, queries: list[dict[str, str]], passes: int) -> float:
    """Seconds per sign, every query fetched `passes` times (each answer checked)."""
    client = app.test_client()
    start = time.perf_counter()
    for _ in range(passes):
        for query in queries:
            response = client.get(SIGN, query_string=query)
            if response.status_code != 200:
                raise RuntimeError(f"{SIGN} answered {response.status_code}")
    return (time.perf_counter() - start) / (passes * len(queries))


def _stats(app: Flask) -> dict[str, int]:
    with app.app_context():
        return services.image_cache().stats.as_dict()


def _per_call(fn: Callable[[], object], n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n


def run(rounds: int = ROUNDS) -> list[tuple[str, float, str]]:
    redis_client = _redis()
    run_id = f"{time.time_ns():x}"
    apps = {"memory": _app("memory://")}
    if redis_client is not None:
        _empty(redis_client)
        apps["redis"] = _app(REDIS_URL + "?ttl=600")
    for app in apps.values():  # warm up: imports, fonts, the first request
        _fetch_all(app, _market(run_id + "w"), 1)
    before = {name: _stats(app) for name, app in apps.items()}
    cold: dict[str, list[float]] = {name: [] for name in apps}
    warm: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(rounds):
        for name, app in apps.items():
            market = _market(run_id)
            cold[name].append(_fetch_all(app, market, 1))
            warm[name].append(_fetch_all(app, market, WARM_PASSES))
    rows: list[tuple[str, float, str]] = []
    for name, app in apps.items():
        after = _stats(app)
        cold_s, warm_s = statistics.median(cold[name]), statistics.median(warm[name])
        rows += [
            (f"sign png, {name} cache, cold (drawn)", 1 / cold_s, "signs/s"),
            (f"sign png, {name} cache, warm (hit)", 1 / warm_s, "signs/s"),
            (f"sign png, {name} cache, warm / cold", cold_s / warm_s, "x"),
            (f"{name} cache hits", after["hits"] - before[name]["hits"], "fetches"),
            (f"{name} cache misses", after["misses"] - before[name]["misses"], "fetches"),
            (f"{name} cache errors", after["errors"] - before[name]["errors"], ""),
        ]
    rows += _bare_code_rows(redis_client)
    if redis_client is not None:
        _empty(redis_client)
        redis_client.close()
    return rows


def _bare_code_rows(client: Any) -> list[tuple[str, float, str]]:
    """A new bare code drawn (480 px, as qr_only) against a Redis hit and a Redis miss."""
    # Distinct texts of the same length (the CRC field changes): no symbol is drawn twice.
    payloads = iter(PAYLOAD[:-4] + f"{n:04X}" for n in range(ROUNDS * 200))
    png = render_png(PAYLOAD, size=480)
    memory = MemoryImageCache()
    memory.put("bench", png)
    draw, again, local, hit, miss = [], [], [], [], []
    for _ in range(ROUNDS):
        draw.append(_per_call(lambda: render_png(next(payloads), size=480), 200))
        again.append(_per_call(lambda: render_png(PAYLOAD, size=480), 200))
        local.append(_per_call(lambda: memory.get("bench"), 2000))
        if client is not None:
            client.set(REDIS_KEY_PREFIX + "bench", png, ex=60)
            hit.append(_per_call(lambda: client.get(REDIS_KEY_PREFIX + "bench"), 200))
            miss.append(
                _per_call(
                    lambda: (
                        client.get(REDIS_KEY_PREFIX + "absent"),
                        client.set(REDIS_KEY_PREFIX + "bench", png, ex=60),
                    ),
                    200,
                )
            )
    rows = [
        ("bare code 480px, new code drawn", statistics.median(draw) * 1e6, "µs"),
        ("bare code 480px, same code drawn (symbol cache)", statistics.median(again) * 1e6, "µs"),
        ("bare code from the memory cache, hit", statistics.median(local) * 1e6, "µs"),
    ]
    if client is not None:
        rows += [
            ("bare code from Redis, hit (GET)", statistics.median(hit) * 1e6, "µs"),
            ("bare code, Redis miss overhead (GET + SET)", statistics.median(miss) * 1e6, "µs"),
        ]
    return rows


if __name__ == "__main__":
    for row_name, value, unit in run():
        print(f"{row_name:44s} {value:12.2f} {unit}")
