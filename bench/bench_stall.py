"""Stalls: hostile bodies against the real app under gunicorn, /healthz polled meanwhile.

The app runs under gunicorn (2 sync workers, SQLite in a temporary directory, one province, one
commune and an officer with an API token). Each bad body is sent once while a second client
polls `/healthz` in a loop; per body we report its response time and status and the worst
/healthz latency while it ran (target: under 100 ms; a body that holds a worker for long, or
eats the machine's memory or CPU, shows up there). CSRF is off in this app (the bodies come
with a bearer token; what is measured is the work a body causes, not the CSRF check).
Loopback only; every loop is bounded and the server is stopped at the end.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask

from bench.bench_http import ROOT, _free_port

WORKERS = 2
POLL_PAUSE = 0.005  # seconds between two /healthz polls
REQUEST_TIMEOUT = 60.0  # seconds; gunicorn kills a worker after 30
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def create() -> Flask:
    """The app gunicorn serves: Quét on BENCH_DATABASE_URL, rate limits and CSRF off."""
    from app import create_app

    return create_app(
        {
            "SECRET_KEY": "bench-stall",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": os.environ["BENCH_DATABASE_URL"],
        }
    )


def _prepare_database(url: str) -> tuple[int, str]:
    """Tables, a province with one commune, an officer of it; returns (commune id, token)."""
    from app.accounts import services as accounts
    from app.accounts.models import RoleAssignment, User
    from app.extensions import db
    from app.localities.models import Locality

    os.environ["BENCH_DATABASE_URL"] = url
    app = create()
    with app.app_context():
        db.create_all()
        province = Locality(
            era="vn2025", level="province", kind="tinh", code="86", name="Tỉnh Vĩnh Long",
            search_name="vinh long", depth=0, path="",
        )  # fmt: skip
        db.session.add(province)
        db.session.flush()
        province.path = f"/{province.id}/"
        commune = Locality(
            era="vn2025", level="commune", kind="phuong", code="28777", name="Phường An Hội",
            search_name="an hoi", parent=province, depth=1, path="",
        )  # fmt: skip
        db.session.add(commune)
        db.session.flush()
        commune.path = f"{province.path}{commune.id}/"
        user = User(email="officer@bench.vn", name="Bench", password_hash="!", is_active=True)
        user.roles.append(RoleAssignment(role="officer", locality=commune))
        db.session.add(user)
        db.session.commit()
        _token, secret = accounts.create_token(user, "bench")
        commune_id = commune.id
        db.engine.dispose()
    return commune_id, secret


# ---- the bodies -----------------------------------------------------------------------------


Chunks = Iterator[bytes]


def _xlsx(sheet: Chunks, shared: Chunks | None = None) -> bytes:
    """A workbook whose sheet and shared strings are written chunk by chunk (a gigabyte of XML
    is never held in memory here; it packs to about a megabyte)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {NS} xmlns:r="{RELS}"><sheets><sheet name="a" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        for name, chunks in (
            ("xl/worksheets/sheet1.xml", sheet),
            ("xl/sharedStrings.xml", shared or iter([f"<sst {NS}/>".encode()])),
        ):
            with archive.open(name, "w", force_zip64=True) as part:
                for chunk in chunks:
                    part.write(chunk)
    return buffer.getvalue()


def _sheet(rows: Chunks, dimension: str = "") -> Chunks:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    yield f"<worksheet {NS}>{dim}<sheetData>".encode()
    yield from rows
    yield b"</sheetData></worksheet>"


HEADER = (
    b'<row r="1"><c r="A1" t="inlineStr"><is><t>ten</t></is></c>'
    b'<c r="B1" t="inlineStr"><is><t>loai</t></is></c></row>'
)


def dimension_bomb() -> bytes:
    return _xlsx(_sheet(iter([HEADER]), "A1:XFD250000"))


def shared_strings_bomb() -> bytes:
    """800 MB of shared strings (25 million of them)."""

    def strings() -> Chunks:
        yield f"<sst {NS}>".encode()
        block = b"<si><t>aaaaaaaaaaaaaaaaaaaaaaa</t></si>" * 25_000  # 800 kB
        for _ in range(1000):
            yield block
        yield b"</sst>"

    return _xlsx(_sheet(iter([HEADER])), strings())


def huge_cell() -> bytes:
    """One cell of 1 GB."""

    def rows() -> Chunks:
        yield HEADER + b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        block = b"A" * 1_000_000
        for _ in range(1000):
            yield block
        yield b"</t></is></c></row>"

    return _xlsx(_sheet(rows()))


def rgba_png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGBA", (6324, 6324), (255, 255, 255, 255)).save(buffer, "PNG")
    return buffer.getvalue()


def _multipart(field: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "benchstallboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    ).encode()
    return (
        head + data + f"\r\n--{boundary}--\r\n".encode(),
        f"multipart/form-data; boundary={boundary}",
    )


Body = tuple[str, str, str, Callable[[], tuple[bytes, str]]]


def bodies(commune_id: int) -> list[Body]:
    """(name, method, path, build → (body, content type)) for every hostile body."""
    imports = f"/api/v1/localities/{commune_id}/hamlets/import?dry_run=1"
    confirm_rows = [
        {"line": n, "name": f"Ấp {n}", "kind": "ấp", "code": ""} for n in range(2, 12_002)
    ]
    return [
        ("XLSX declaring A1:XFD250000", "POST", imports,
         lambda: _multipart("file", "a.xlsx", dimension_bomb())),
        ("XLSX shared-strings bomb (800 MB unpacked)", "POST", imports,
         lambda: _multipart("file", "a.xlsx", shared_strings_bomb())),
        ("XLSX with one 1 GB cell", "POST", imports,
         lambda: _multipart("file", "a.xlsx", huge_cell())),
        ("photo: PNG 6,324 x 6,324 RGBA", "POST", "/api/v1/qr/decode",
         lambda: _multipart("image", "a.png", rgba_png())),
        ("JSON with a 9 MB string field", "POST", "/api/v1/qr",
         lambda: (json.dumps({"bank": "9" * 9_000_000, "account": "1"}).encode(),
                  "application/json")),
        ("JSON nested 50,000 deep", "POST", "/api/v1/qr",
         lambda: (b"[" * 50_000 + b"]" * 50_000, "application/json")),
        ("hamlet import confirmation with 12,000 rows", "POST",
         f"/dia-ban/{commune_id}/nhap-thon/xac-nhan",
         lambda: (urlencode({"rows": json.dumps(confirm_rows)}).encode(),
                  "application/x-www-form-urlencoded")),
    ]  # fmt: skip


# ---- the measurement ------------------------------------------------------------------------


class HealthPoller(threading.Thread):
    """Polls /healthz until stopped; `worst()` is the slowest answer since the last reset."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.failures = 0

    def run(self) -> None:
        deadline = time.monotonic() + 900  # bounded whatever happens
        while not self.stop.is_set() and time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                connection.request("GET", "/healthz")
                ok = connection.getresponse().status == 200
                connection.close()
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies.append(elapsed)
                self.failures += not ok
            time.sleep(POLL_PAUSE)

    def reset(self) -> None:
        with self.lock:
            self.latencies, self.failures = [], 0

    def worst(self) -> tuple[float, int, int]:
        with self.lock:
            return max(self.latencies, default=0.0), len(self.latencies), self.failures


def _send(port: int, method: str, path: str, body: bytes, kind: str, token: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(
            method,
            path,
            body=body,
            headers={"Content-Type": kind, "Authorization": f"Bearer {token}"},
        )
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0  # the worker was killed or the connection dropped
    finally:
        connection.close()


def _wait_ready(port: int) -> None:
    for _ in range(200):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def _warm_up(port: int, commune_id: int, token: str) -> None:
    """Small valid requests, a few times, so that both workers have imported what they use:
    a first request's imports are not what this benchmark measures."""
    csv_file, csv_kind = _multipart("file", "a.csv", "tên,loại\nẤp 1,ấp\n".encode())
    code = json.dumps({"bank": "970415", "account": "113366668888"}).encode()
    for _ in range(4 * WORKERS):
        path = f"/api/v1/localities/{commune_id}/hamlets/import?dry_run=1"
        _send(port, "POST", path, csv_file, csv_kind, token)
        _send(port, "POST", "/api/v1/qr", code, "application/json", token)
        _send(port, "GET", "/healthz", b"", "text/plain", token)


def run() -> Iterator[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory(prefix="quet-stall-") as directory:
        url = "sqlite:///" + str(Path(directory) / "stall.db")
        commune_id, token = _prepare_database(url)
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "-w", str(WORKERS),
                "-b", f"127.0.0.1:{port}", "--timeout", "30", "--log-level", "error",
                "bench.bench_stall:create()",
            ],
            cwd=ROOT,
            env={**os.environ, "BENCH_DATABASE_URL": url},
        )  # fmt: skip
        poller = HealthPoller(port)
        try:
            _wait_ready(port)
            _warm_up(port, commune_id, token)
            poller.start()
            time.sleep(0.3)
            baseline, polls, _failures = poller.worst()
            yield (f"/healthz alone, worst of {polls} polls", baseline * 1000, "ms")
            for name, method, path, build in bodies(commune_id):
                body, kind = build()
                poller.reset()
                started = time.perf_counter()
                status = _send(port, method, path, body, kind, token)
                elapsed = time.perf_counter() - started
                time.sleep(0.05)  # let a poll that started during the body finish
                worst, polls, failures = poller.worst()
                label = f"{name} ({len(body):,} bytes sent) -> {status}"
                yield (label, elapsed * 1000, "ms to answer")
                note = f", {failures} failed" if failures else ""
                yield (f"  worst /healthz meanwhile ({polls} polls{note})", worst * 1000, "ms")
        finally:
            poller.stop.set()
            poller.join(timeout=35)
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    for row_name, value, unit in run():
        print(f"{row_name:<70} {value:>10,.1f} {unit}")
