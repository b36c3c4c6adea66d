"""Printing a whole market: 1,000 signs into one PDF through the real service.

Run with ``python -m bench print``.

A market of 1,000 vendors (each with a stall, a primary account and a Vietnamese name) is
written into a fresh SQLite database; then the print job (`app.markets.printing.
run_print_job`: the plan in stall order, vendors loaded 50 at a time, the streaming batch
writer, progress written every 25 signs, the temporary file renamed) is run in this process,
once timed and once under tracemalloc. The target: 1,000 signs in at most 30 seconds, with
memory that does not grow with the number of signs.

The yardstick, in the same run: the same 1,000 signs drawn by `render_sign_pdf`, which builds
the whole document in memory (one fpdf2 document) and returns its bytes. Its time says what
the chunking and the database cost; its memory says what streaming saves.
"""

from __future__ import annotations

import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SIGNS = 1000
SMALL = 250  # a smaller market: the peak should be about the same
TARGET_SECONDS = 30.0
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi")
GIVEN = ("Thị Đào", "Văn Ba", "Thị Hoa", "Thị Lan", "Văn Tư", "Thị Mai", "Minh Tâm", "Thị Cúc")
SECTIONS = ("Dãy A", "Dãy B", "Dãy C", "Dãy D")


def _market(app: Any, signs: int = SIGNS, code: str = "99999") -> int:
    """A market of `signs` vendors with stalls and primary accounts; returns its id."""
    from app.extensions import db
    from app.localities.models import Locality
    from app.localities.names import search_key
    from app.markets.models import Market, Stall, Vendor, VendorAccount

    with app.app_context():
        db.create_all()
        commune = Locality(
            era="vn2025",
            level="commune",
            kind="xa",
            code=code,
            name="Xã An Hội",
            search_name=search_key("Xã An Hội", "xa"),
            depth=0,
            path="",
        )
        db.session.add(commune)
        db.session.flush()
        commune.path = f"/{commune.id}/"
        market = Market(name="Chợ An Hội", locality_id=commune.id, kind="hang_2")
        db.session.add(market)
        db.session.flush()
        for i in range(signs):
            name = f"{FAMILY[i % len(FAMILY)]} {GIVEN[(i // len(FAMILY)) % len(GIVEN)]} {i + 1}"
            vendor = Vendor(
                name=name,
                locality_id=commune.id,
                market_id=market.id,
                sign_code=f"Q{code[-1]}{i:06d}X",
                registration="approved",
            )
            vendor.stalls.append(
                Stall(market_id=market.id, number=str(i + 1), section=SECTIONS[i % 4])
            )
            vendor.accounts.append(
                VendorAccount(
                    bank_bin="970415",
                    number=f"1{code[-1]}33{i:08d}",
                    holder_name=f"NGUYEN VAN {i + 1}",
                    is_primary=True,
                )
            )
            db.session.add(vendor)
        db.session.commit()
        return market.id


def _new_job(app: Any, market_id: int) -> int:
    from app.extensions import db
    from app.markets.models import Market, PrintJob

    with app.app_context():
        market = db.session.get(Market, market_id)
        assert market is not None
        job = PrintJob(
            market_id=market_id,
            locality_id=market.locality_id,
            requested_by_label="bench",
            status="queued",
            total=SIGNS,
        )
        db.session.add(job)
        db.session.commit()
        return job.id


def _print(app: Any, market_id: int) -> tuple[float, int, int]:
    """Seconds, signs printed and file size of one print job."""
    from app.extensions import db
    from app.markets import printing
    from app.markets.models import PrintJob

    job_id = _new_job(app, market_id)
    with app.app_context():
        started = time.perf_counter()
        printing.run_print_job(job_id)
        seconds = time.perf_counter() - started
        job = db.session.get(PrintJob, job_id)
        assert job is not None
        if job.status != "done":
            raise RuntimeError(f"the print job failed: {job.error}")
        path = printing.file_of(job)
        assert path is not None
        return seconds, job.done, path.stat().st_size


def _traced(action: Callable[[], Any]) -> float:
    """Peak traced memory of `action`, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _yardstick_signs(app: Any, market_id: int) -> list[Any]:
    from sqlalchemy import select

    from app.extensions import db
    from app.markets import printing
    from app.markets.models import Vendor

    with app.app_context():
        ids = list(db.session.scalars(select(Vendor.id).where(Vendor.market_id == market_id)))
        return list(printing.signs_in_order(ids))


def run() -> list[tuple[str, float, str]]:
    from app import create_app
    from app.render import render_sign_pdf

    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": "sqlite:///" + str(Path(folder) / "print.db"),
                "TESTING": True,
                "SECRET_KEY": "bench",
            }
        )
        app.instance_path = folder
        market_id = _market(app)
        _print(app, market_id)  # warm up: imports, fonts, the first queries
        rss_before = _max_rss_mb()
        seconds, printed, size = _print(app, market_id)
        rss_delta = _max_rss_mb() - rss_before
        peak = _traced(lambda: _print(app, market_id))
        small_market = _market(app, SMALL, code="99998")
        small_peak = _traced(lambda: _print(app, small_market))

        signs = _yardstick_signs(app, market_id)
        started = time.perf_counter()
        whole = render_sign_pdf(signs, page="A6")
        yard_seconds = time.perf_counter() - started
        del whole
        rss_before = _max_rss_mb()
        yard_peak = _traced(lambda: render_sign_pdf(signs, page="A6"))
        yard_rss_delta = _max_rss_mb() - rss_before
    return [
        (f"print job, {printed} signs, A6: signs per second", printed / seconds, "signs/s"),
        (f"print job, {printed} signs: total", seconds, "s"),
        (
            f"print job: seconds used of the {TARGET_SECONDS:.0f} s target",
            seconds / TARGET_SECONDS,
            "x",
        ),
        ("print job: file size", size / 1e6, "MB"),
        ("print job: tracemalloc peak", peak, "MB"),
        (f"print job of {SMALL} signs: tracemalloc peak", small_peak, "MB"),
        ("print job: ru_maxrss growth (timed run, after a warm-up)", rss_delta, "MB"),
        ("yardstick render_sign_pdf, whole document in memory", SIGNS / yard_seconds, "signs/s"),
        ("yardstick: tracemalloc peak", yard_peak, "MB"),
        ("yardstick: ru_maxrss growth", yard_rss_delta, "MB"),
        ("print job time / yardstick time", seconds / yard_seconds, "x"),
        ("yardstick peak / print job peak (memory saved by streaming)", yard_peak / peak, "x"),
    ]


if __name__ == "__main__":
    for row_name, value, unit in run():
        print(f"  {row_name:<58} {value:>12,.2f} {unit}")
