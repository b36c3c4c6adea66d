"""The one guard for every redirect target that comes from a request (`next=` and the like)."""

from __future__ import annotations

from urllib.parse import urlsplit

#: Longer `next` values are not worth following (and should not be echoed into a header).
MAX_TARGET_LENGTH = 2_000


def local_path(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site, else `default`.

    Browsers strip tabs and newlines from URLs and treat a backslash as a slash, so
    `/\\t/evil.example` or `/\\\\evil.example` would become `//evil.example`, another host: any
    control or whitespace character, any backslash, a scheme or a host refuses the target.
    """
    if not target or len(target) > MAX_TARGET_LENGTH:
        return default
    if not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return default
    try:
        parts = urlsplit(target)
    except ValueError:
        return default
    if parts.scheme or parts.netloc:
        return default
    return target
