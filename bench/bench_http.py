"""Requests per second of the PNG quick link against a bare Flask app, under gunicorn.

The yardstick is `bench.bare_app`: Flask with one route answering a PNG-sized body, no
extension and no hook, so everything Quét adds to a request (hooks, extensions, ETag, drawing)
shows in the ratios. Both apps run under the same gunicorn settings (2 sync workers, one per
core) at the same time and are loaded by wrk from the same machine, interleaved round by round,
so the ratios come from one run; the medians of the rounds are printed, with the workers' CPU
per request (from /proc), which wrk's own share of the cores does not blur. Quét runs with its
production defaults (rate limiter on, in-memory storage).

Targets: a revalidation answered 304 from the ETag >= 0.85x bare Flask; a new code on every
request >= 0.50x.
"""

from __future__ import annotations

import os
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


def _worker_cpu(server: subprocess.Popen[bytes]) -> float:
    """CPU seconds used so far by the gunicorn workers of `server` (Linux /proc; 0 elsewhere)."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    if not children.exists():
        return 0.0
    total = 0
    for pid in children.read_text().split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def _wrk(url: str, header: str | None = None, script: str | None = None) -> tuple[float, int]:
    """(requests per second, requests done)."""
    command = ["wrk", "-t2", "-c16", f"-d{DURATION}", "--latency"]
    if header:
        command += ["-H", header]
    if script:
        command += ["-s", script]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    done = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if found is None or done is None or non_2xx:
        raise RuntimeError(f"wrk run failed for {url}:\n{output}")
    return float(found.group(1)), int(done.group(1))


def _load(server: subprocess.Popen[bytes], url: str, **wrk: str) -> tuple[float, float]:
    """(requests per second, worker CPU µs per request) of one wrk run."""
    before = _worker_cpu(server)
    rate, done = _wrk(url, **wrk)
    return rate, (_worker_cpu(server) - before) / done * 1e6


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
        runs: list[tuple[tuple[float, float], ...]] = []
        for _ in range(ROUNDS):  # interleaved, so drift affects all alike
            runs.append(
                (
                    _load(bare_server, bare + BARE),
                    _load(quet_server, quet, script=lua.name),
                    _load(quet_server, quet + QUICK_LINK, header=f"If-None-Match: {etag}"),
                )
            )
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
        Path(lua.name).unlink(missing_ok=True)
    b, f, r = (statistics.median(run[i][0] for run in runs) for i in range(3))
    b_cpu, f_cpu, r_cpu = (statistics.median(run[i][1] for run in runs) for i in range(3))
    f_ratios = [run[1][0] / run[0][0] for run in runs]
    r_ratios = [run[2][0] / run[0][0] for run in runs]
    return [
        (f"bare Flask, one route (gunicorn, 2 workers, median of {ROUNDS})", b, "req/s"),
        ("PNG quick link qr_only 480 px, a new code every request", f, "req/s"),
        ("PNG quick link revalidated (304 from ETag)", r, "req/s"),
        ("ratio new code / bare Flask (target >= 0.50)", statistics.median(f_ratios), "x"),
        ("  lowest and highest round", min(f_ratios), f"x .. {max(f_ratios):.2f} x"),
        ("ratio 304 / bare Flask (target >= 0.85)", statistics.median(r_ratios), "x"),
        ("  lowest and highest round", min(r_ratios), f"x .. {max(r_ratios):.2f} x"),
        ("ratio of worker CPU per request, bare / new code", b_cpu / f_cpu, "x"),
        ("ratio of worker CPU per request, bare / 304", b_cpu / r_cpu, "x"),
        ("worker CPU per request: bare Flask", b_cpu, "µs"),
        ("worker CPU per request: quick link, new code", f_cpu, "µs"),
        ("worker CPU per request: quick link, 304", r_cpu, "µs"),
    ]


if __name__ == "__main__":
    for name, value, unit in run():
        print(f"{name:<58} {value:>12,.2f} {unit}")
