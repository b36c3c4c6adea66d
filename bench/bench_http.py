"""Requests per second of the PNG quick link against a trivial route, under gunicorn.

Both run in the same gunicorn (2 sync workers, one per core) and are loaded by wrk from the
same machine, interleaved, so the ratios come from one run. Targets: uncached PNG >= 0.40 of
the trivial route, a revalidation answered 304 from the ETag >= 0.80.
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
DURATION = "4s"
ROUNDS = 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# Every request asks for a different amount, so every response is a new code: nothing is
# served from the symbol cache (what a shop printing new codes costs).
FRESH_CODES_LUA = """
request = function()
  local amount = math.random(1000, 999999999)
  return wrk.format("GET", "/qr/970415-113366668888-qr_only.png?amount=" .. amount)
end
"""


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


def run() -> list[tuple[str, float, str]]:
    if shutil.which("wrk") is None:
        print("  wrk is not installed (apt-get install wrk): HTTP benchmark skipped")
        return []
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
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
            "bench.http_app:create()",
        ],
        cwd=ROOT,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/trivial", timeout=1).read()
                break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(base + QUICK_LINK) as response:
            etag = response.headers["ETag"]
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(FRESH_CODES_LUA)
        trivial, png, fresh, revalidated = [], [], [], []
        for _ in range(ROUNDS):  # interleaved, so drift affects all alike
            trivial.append(_wrk(base + "/bench/trivial"))
            png.append(_wrk(base + QUICK_LINK))
            fresh.append(_wrk(base, script=lua.name))
            revalidated.append(_wrk(base + QUICK_LINK, f"If-None-Match: {etag}"))
    finally:
        server.terminate()
        server.wait(timeout=10)
        Path(lua.name).unlink(missing_ok=True)
    t, p, f, r = (statistics.median(x) for x in (trivial, png, fresh, revalidated))
    return [
        ("trivial Flask route (gunicorn, 2 workers)", t, "req/s"),
        ("PNG quick link qr_only 480 px, same code, drawn each time", p, "req/s"),
        ("PNG quick link, a new code every request", f, "req/s"),
        ("PNG quick link revalidated (304 from ETag)", r, "req/s"),
        ("ratio PNG same code / trivial (target >= 0.40)", p / t, "x"),
        ("ratio PNG new code / trivial (target >= 0.40)", f / t, "x"),
        ("ratio 304 / trivial (target >= 0.80)", r / t, "x"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:<58} {value:>12,.2f} {unit}")
