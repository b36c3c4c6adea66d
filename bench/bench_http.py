"""Requests per second of the PNG quick link against a bare Flask app, under gunicorn.

The yardstick is `bench.bare_app`: Flask with one route answering a PNG-sized body, no
extension and no hook, so everything Quét adds to a request (hooks, extensions, ETag, drawing)
shows in the ratios. Both apps run under the same gunicorn settings (2 sync workers, one per
core) at the same time and are loaded by wrk from the same machine, interleaved round by round,
so the ratios come from one run; the medians of the rounds are printed. Quét runs with its
production defaults (rate limiter on, in-memory storage).

Targets: a revalidation answered 304 from the ETag >= 0.85x bare Flask; a new code on every
request >= 0.50x.
"""

from __future__ import annotations

import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICK_LINK = "/qr/970415-113366668888-qr_only.png?amount=79000&addInfo=Ung%20Ho%20Quy%20Vac%20Xin"
BARE = "/img.png"
QUET_APP = "app:create_app({'SECRET_KEY': 'bench', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})"
BARE_APP = "bench.bare_app:create()"
DURATION = "4s"
ROUNDS = 5

# Every request asks for a different amount, so every response is a new code: nothing is
# served from the symbol cache (what a shop printing new codes costs).
FRESH_CODES_LUA = """
request = function()
  local amount = math.random(1000, 999999999)
  return wrk.format("GET", "/qr/970415-113366668888-qr_only.png?amount=" .. amount)
end
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wrk(url: str, header: str | None = None, script: str | None = None) -> float:
    command = ["wrk", "-t2", "-c16", f"-d{DURATION}", "--latency"]
    if header:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if found is None or non_2xx:
        raise RuntimeError(f"wrk run failed for {url}:\n{output}")
    return float(found.group(1))


def _serve(target: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start gunicorn (2 sync workers) on `target`; return the process and its base URL."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            target,
        ],
        cwd=ROOT,
    )
    return server, f"http://127.0.0.1:{port}"


def _wait(url: str) -> None:
    for _ in range(200):
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


def run() -> list[tuple[str, float, str]]:
    if shutil.which("wrk") is None:
        print("  wrk is not installed (apt-get install wrk): HTTP benchmark skipped")
        return []
    servers = []
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(FRESH_CODES_LUA)
    try:
        bare_server, bare = _serve(BARE_APP)
        servers.append(bare_server)
        quet_server, quet = _serve(QUET_APP)
        servers.append(quet_server)
        _wait(bare + BARE)
        _wait(quet + QUICK_LINK)
        with urllib.request.urlopen(quet + QUICK_LINK) as response:
            etag = response.headers["ETag"]
        flask, fresh, revalidated = [], [], []
        for _ in range(ROUNDS):  # interleaved, so drift affects all alike
            flask.append(_wrk(bare + BARE))
            fresh.append(_wrk(quet, script=lua.name))
            revalidated.append(_wrk(quet + QUICK_LINK, f"If-None-Match: {etag}"))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        Path(lua.name).unlink(missing_ok=True)
    b, f, r = (statistics.median(x) for x in (flask, fresh, revalidated))
    f_ratio = statistics.median(x / y for x, y in zip(fresh, flask, strict=True))
    r_ratio = statistics.median(x / y for x, y in zip(revalidated, flask, strict=True))
    return [
        (f"bare Flask, one route (gunicorn, 2 workers, median of {ROUNDS})", b, "req/s"),
        ("PNG quick link qr_only 480 px, a new code every request", f, "req/s"),
        ("PNG quick link revalidated (304 from ETag)", r, "req/s"),
        ("ratio new code / bare Flask (target >= 0.50)", f_ratio, "x"),
        ("ratio 304 / bare Flask (target >= 0.85)", r_ratio, "x"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:<58} {value:>12,.2f} {unit}")
