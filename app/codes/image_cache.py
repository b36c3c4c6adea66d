"""Drawn images kept by their ETag, so that a sign fetched twice is drawn once.

An image's strong ETag is computed from everything that determines its bytes (see
`app.codes.services.image_etag`), so it is a safe key: equal ETags, equal bytes. One cache per
app, chosen by `IMAGE_CACHE_URL`:

- ``memory://`` (the default): a least-recently-used map in this process, bounded by the total
  size of the images it holds (``memory://?max_mb=64``, the default size). Each gunicorn worker
  has its own.
- ``redis://host:6379/1?ttl=604800`` (also ``rediss://``, ``unix://``): shared by every worker
  and every server; each image expires after ``ttl`` seconds (default a week). Redis being slow
  or down never fails a request: the image is drawn, and Redis is left alone for a few seconds
  before it is asked again.
- ``none``: nothing is kept (every request draws).

Hits, misses and Redis errors are counted (`ImageCache.stats`), for the benchmark.

This lives in the codes feature rather than the kernel because only codes draws images: other
features (a market's signs) get theirs through `app.codes.services`, and so through this cache.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_MAX_MB = 64
DEFAULT_TTL_SECONDS = 7 * 24 * 3600
#: After a Redis error, Redis is not asked again for this long (every request draws meanwhile).
REDIS_RETRY_SECONDS = 5.0
#: A Redis that does not answer within this is treated as down (a drawing costs ~50 ms).
REDIS_TIMEOUT_SECONDS = 0.25
REDIS_KEY_PREFIX = "quet:image:"


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    stores: int = 0
    errors: int = 0  # Redis errors (each one also counted as a miss)

    def as_dict(self) -> dict[str, int]:
        return {
            "hits": self.hits,
            "misses": self.misses,
            "stores": self.stores,
            "errors": self.errors,
        }


class ImageCache:
    """No cache at all: every image is drawn. The backends below override get and put."""

    kind = "none"

    def __init__(self) -> None:
        self.stats = CacheStats()

    def get(self, etag: str) -> bytes | None:
        self.stats.misses += 1
        return None

    def put(self, etag: str, data: bytes) -> None:
        return None

    def fetch(self, etag: str, draw: Callable[[], bytes]) -> bytes:
        """The image with this ETag: from the cache, or drawn now and kept."""
        data = self.get(etag)
        if data is None:
            data = draw()
            self.put(etag, data)
        return data


class MemoryImageCache(ImageCache):
    """Least recently used images in this process, at most `max_bytes` of them in all."""

    kind = "memory"

    def __init__(self, max_bytes: int = DEFAULT_MAX_MB * 1024 * 1024) -> None:
        super().__init__()
        self.max_bytes = max_bytes
        self.size = 0  # bytes held
        self._images: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()  # the development server answers in threads

    def __len__(self) -> int:
        return len(self._images)

    def get(self, etag: str) -> bytes | None:
        with self._lock:
            data = self._images.get(etag)
            if data is None:
                self.stats.misses += 1
                return None
            self._images.move_to_end(etag)
            self.stats.hits += 1
            return data

    def put(self, etag: str, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return  # would push out everything else
        with self._lock:
            old = self._images.pop(etag, None)
            if old is not None:
                self.size -= len(old)
            self._images[etag] = data
            self.size += len(data)
            self.stats.stores += 1
            while self.size > self.max_bytes:
                _, dropped = self._images.popitem(last=False)
                self.size -= len(dropped)


class RedisImageCache(ImageCache):
    """Images in Redis under ``quet:image:<etag>``, each expiring after `ttl` seconds."""

    kind = "redis"

    def __init__(self, client: Any, ttl: int = DEFAULT_TTL_SECONDS) -> None:
        super().__init__()
        self.client = client
        self.ttl = ttl
        self._resting_until = 0.0

    def _available(self) -> bool:
        return time.monotonic() >= self._resting_until

    def _failed(self) -> None:
        self.stats.errors += 1
        self._resting_until = time.monotonic() + REDIS_RETRY_SECONDS

    def get(self, etag: str) -> bytes | None:
        data = None
        if self._available():
            try:
                data = self.client.get(REDIS_KEY_PREFIX + etag)
            except Exception:  # any Redis failure: draw instead (never a 500 for a cache)
                self._failed()
        if data is None:
            self.stats.misses += 1
            return None
        self.stats.hits += 1
        return bytes(data)

    def put(self, etag: str, data: bytes) -> None:
        if not self._available():
            return
        try:
            self.client.set(REDIS_KEY_PREFIX + etag, data, ex=self.ttl)
        except Exception:
            self._failed()
            return
        self.stats.stores += 1


def open_image_cache(url: str | None) -> ImageCache:
    """The cache that `url` names (see the module's documentation); ValueError if unknown."""
    url = (url or "").strip()
    if url.lower() in ("", "none", "none://"):
        return ImageCache()
    try:
        return _open(url)
    except ValueError as error:
        raise ValueError(
            f"IMAGE_CACHE_URL={url!r} ({error}): use memory://[?max_mb=64], "
            "redis://host:port/db[?ttl=seconds] or none"
        ) from error


def _open(url: str) -> ImageCache:
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    scheme = parts.scheme.lower()
    if scheme == "memory":
        return MemoryImageCache(int(float(options.get("max_mb", DEFAULT_MAX_MB)) * 1024 * 1024))
    if scheme in ("redis", "rediss", "unix"):
        import redis

        ttl = int(options.pop("ttl", DEFAULT_TTL_SECONDS))
        options.setdefault("socket_timeout", str(REDIS_TIMEOUT_SECONDS))
        options.setdefault("socket_connect_timeout", str(REDIS_TIMEOUT_SECONDS))
        client = redis.Redis.from_url(urlunsplit(parts._replace(query=urlencode(options))))
        return RedisImageCache(client, ttl=ttl)
    raise ValueError(f"unknown scheme {scheme!r}")
