"""Printing the signs of a whole market or cashless street into one PDF, in the background.

The signs come in the order people walk the place: a market's vendors by their first stall's
number read naturally ("2" before "10", "A2" before "A10"), then its section, then their
name, vendors without a stall after; a street's by house number read naturally, then name.
Only approved vendors with a primary account are printed; the others (no account yet, or a
self-registration still pending) are left out and counted.

A `PrintJob` records who asked and how far the work has got. `run_print_job` does the work
(in a background job, `app.jobs`): it loads the job by id, so it can always be run again; it
writes the PDF to a temporary file beside the final one and renames it when complete, so a
job killed half way and run again starts over cleanly and a half file is never served.
Jobs older than a day are deleted, with their files, whenever a new one is made.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

from flask import current_app
from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from app import jobs
from app.accounts.models import User
from app.audit_log import current_actor
from app.database import utcnow
from app.errors import DomainError, get_row
from app.extensions import db
from app.markets import services, signs
from app.markets.models import (
    PRINT_PAGES,
    CashlessStreet,
    Market,
    PrintJob,
    Stall,
    Vendor,
    VendorAccount,
)
from app.render import Sign
from app.render.batch import write_signs_pdf
from app.transaction import transaction
from app.vietqr.text import fold

#: Vendors loaded from the database at a time while their signs are drawn.
LOAD_BATCH: Final = 50
#: The job's progress is written every this many signs (each in its own short transaction).
PROGRESS_EVERY: Final = 25
#: A queued or running job whose row has not moved for this long has lost its worker (a
#: running job writes its progress every few seconds at most): it may be run again.
STALLED_AFTER: Final = timedelta(minutes=3)
#: Jobs (and their files) older than this are deleted when a new job is made.
KEEP_JOBS: Final = timedelta(days=1)
FOLDER: Final = "signs"
RUN_FUNCTION: Final = "app.markets.printing:run_print_job"

_RUNS = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple[tuple[int, int, str], ...]:
    """Digits compared as numbers, the rest as folded text: "2" < "10", "A2" < "A10" < "B1"."""
    parts = _RUNS.split(text.strip())
    return tuple(
        (0, int(part), "") if index % 2 else (1, 0, fold(part))
        for index, part in enumerate(parts)
        if part
    )


@dataclass(frozen=True)
class PrintPlan:
    """The vendors whose signs are printed, in order, and how many were left out and why."""

    vendor_ids: list[int]
    no_account: int
    pending: int

    @property
    def skipped(self) -> int:
        return self.no_account + self.pending


def _has_primary() -> Any:
    return (
        select(VendorAccount.id)
        .where(VendorAccount.vendor_id == Vendor.id, VendorAccount.is_primary)
        .exists()
    )


def plan(*, market_id: int | None = None, street_id: int | None = None) -> PrintPlan:
    """The printable vendors of a market or street in printing order (one light query; the
    ordering is natural, which SQL cannot do on both databases)."""
    place = (
        Vendor.market_id == market_id if market_id is not None else Vendor.street_id == street_id
    )
    rows = db.session.execute(
        select(
            Vendor.id, Vendor.sort_key, Vendor.registration, Vendor.house_number, _has_primary()
        ).where(place)
    ).all()
    stalls: dict[int, list[tuple[str, str]]] = {}
    if market_id is not None:
        for vendor_id, number, section in db.session.execute(
            select(Stall.vendor_id, Stall.number, Stall.section).where(
                Stall.market_id == market_id, Stall.vendor_id.is_not(None)
            )
        ):
            stalls.setdefault(vendor_id, []).append((number or "", section))
    keys: list[tuple[Any, ...]] = []
    no_account = pending = 0
    for vendor_id, sort_key, registration, house_number, primary in rows:
        if not primary:
            no_account += 1
            continue
        if registration != "approved":
            pending += 1
            continue
        if market_id is not None:
            numbered = sorted(
                (natural_key(number), natural_key(section))
                for number, section in stalls.get(vendor_id, [])
                if number
            )
            first = numbered[0] if numbered else None
            keys.append((first is None, first or (), sort_key, vendor_id))
        else:
            keys.append((not house_number, natural_key(house_number), sort_key, vendor_id))
    keys.sort()
    return PrintPlan([key[-1] for key in keys], no_account, pending)


def signs_in_order(vendor_ids: Sequence[int], batch: int = LOAD_BATCH) -> Iterator[Sign]:
    """The vendors' signs in the given order, loading `batch` vendors at a time (a vendor
    whose primary account went meanwhile is passed over)."""
    for start in range(0, len(vendor_ids), batch):
        ids = vendor_ids[start : start + batch]
        loaded = {
            vendor.id: vendor
            for vendor in db.session.scalars(
                select(Vendor)
                .where(Vendor.id.in_(ids))
                .options(
                    selectinload(Vendor.accounts),
                    selectinload(Vendor.stalls),
                    selectinload(Vendor.market),
                    selectinload(Vendor.street),
                )
            )
        }
        made = [signs.sign_of(loaded[i]) for i in ids if i in loaded]
        yield from (sign for sign in made if sign is not None)


# ---- jobs ---------------------------------------------------------------------------------


def folder() -> Path:
    """Where finished PDFs are kept: the instance folder's signs/."""
    path = Path(current_app.instance_path) / FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def file_of(job: PrintJob) -> Path | None:
    """The finished PDF of a job, or None while there is none."""
    if job.status != "done" or not job.file_name:
        return None
    path = folder() / job.file_name
    return path if path.is_file() else None


def download_name(job: PrintJob) -> str:
    """ "bien-cho-an-binh.pdf": the place's name in ASCII."""
    place = job.market.name if job.market is not None else job.street.name if job.street else ""
    slug = "-".join(fold(place).split()) or str(job.id)
    return f"bien-{slug}.pdf"


def _clean_old_jobs() -> None:
    """Delete jobs older than KEEP_JOBS and their files (files first: a row without its
    file is harmless, a file without its row would stay forever)."""
    cutoff = utcnow() - KEEP_JOBS
    old = db.session.execute(
        select(PrintJob.id, PrintJob.file_name).where(PrintJob.created_at < cutoff)
    ).all()
    if not old:
        return
    for job_id, file_name in old:
        _remove_files(job_id, file_name)
    db.session.execute(delete(PrintJob).where(PrintJob.id.in_([row[0] for row in old])))


def _remove_files(job_id: int, file_name: str) -> None:
    base = folder()
    for name in {file_name, f"{job_id}.pdf", f"{job_id}.pdf.part"}:
        if name:
            (base / name).unlink(missing_ok=True)


def create_print_job(
    user: User | Any,
    *,
    market_id: int | None = None,
    street_id: int | None = None,
    page: str = "A6",
) -> PrintJob:
    """Queue the printing of a market's or street's signs, for an officer who manages it
    (or an admin). Refused when there is nothing to print."""
    place: Market | CashlessStreet
    if market_id is not None:
        place = services.get_market(market_id)
    elif street_id is not None:
        place = services.get_street(street_id)
    else:
        raise ValueError("print job: a market or a street is needed")
    services.require_manage(user, place.locality)
    if page not in PRINT_PAGES:
        raise DomainError("markets.sign_page", "page", pages=", ".join(PRINT_PAGES))
    planned = plan(market_id=market_id, street_id=street_id)
    if not planned.vendor_ids:
        raise DomainError(
            "markets.nothing_to_print",
            "market_id" if market_id is not None else "street_id",
            no_account=planned.no_account,
            pending=planned.pending,
        )
    actor = current_actor()
    with transaction():
        _clean_old_jobs()
        job = PrintJob(
            market_id=market_id,
            street_id=street_id,
            locality_id=place.locality_id,
            page=page,
            requested_by_id=actor.user_id,
            requested_by_label=actor.label,
            status="queued",
            total=len(planned.vendor_ids),
            done=0,
            skipped=planned.skipped,
        )
        db.session.add(job)
    try:
        jobs.enqueue(RUN_FUNCTION, job.id)
    except Exception as error:  # the queue (Redis) is down: say so, never a 500
        current_app.logger.exception("print job %s could not be queued", job.id)
        _set(job.id, status="failed", error=_describe(error)[:1000], finished_at=utcnow())
        raise DomainError("markets.print_queue_down", status=503) from error
    return job


def may_run_again(job: PrintJob) -> bool:
    """Whether a job may be run again: it failed, or its worker was lost (killed, restarted)
    and its row has not moved for STALLED_AFTER."""
    if job.status == "failed":
        return True
    return job.status in ("queued", "running") and job.updated_at < utcnow() - STALLED_AFTER


def run_again(user: User | Any, job: PrintJob) -> PrintJob:
    """Queue a failed or stalled job again (it starts over: see `run_print_job`)."""
    services.require_manage(user, job.locality)
    if not may_run_again(job):
        raise DomainError("markets.print_job_busy", status=409)
    _set(job.id, status="queued", done=0, error="", file_name="", finished_at=None)
    try:
        jobs.enqueue(RUN_FUNCTION, job.id)
    except Exception as error:
        current_app.logger.exception("print job %s could not be queued", job.id)
        _set(job.id, status="failed", error=_describe(error)[:1000], finished_at=utcnow())
        raise DomainError("markets.print_queue_down", status=503) from error
    db.session.refresh(job)
    return job


def _set(job_id: int, **values: Any) -> None:
    """Write a job's progress or state in its own short transaction."""
    with transaction():
        db.session.execute(
            update(PrintJob).where(PrintJob.id == job_id).values(updated_at=utcnow(), **values)
        )


def run_print_job(job_id: int, *, on_sign: Callable[[int], None] | None = None) -> None:
    """Draw a job's signs into its PDF (the background job). Starts over every time it is
    run: the plan is made again, the temporary file rewritten from its first byte, and the
    finished file replaced in one rename. A failure is recorded on the job."""
    job = db.session.get(PrintJob, job_id)
    if job is None:  # deleted meanwhile (cleaned up): nothing to do
        return
    market_id, street_id, page = job.market_id, job.street_id, job.page
    final = folder() / f"{job_id}.pdf"
    part = final.with_name(final.name + ".part")
    _set(job_id, status="running", done=0, error="", file_name="", started_at=utcnow())
    try:
        planned = plan(market_id=market_id, street_id=street_id)
        total = len(planned.vendor_ids)
        _set(job_id, total=total, skipped=planned.skipped)

        def progress(done: int) -> None:
            if on_sign is not None:
                on_sign(done)
            if done % PROGRESS_EVERY == 0 and done < total:
                _set(job_id, done=done)

        with part.open("wb") as out:
            written = write_signs_pdf(
                signs_in_order(planned.vendor_ids), out, page=page, progress=progress
            )
            out.flush()
            os.fsync(out.fileno())
        os.replace(part, final)
        _set(
            job_id,
            status="done",
            done=written,
            total=written,
            file_name=final.name,
            finished_at=utcnow(),
        )
    except Exception as error:
        db.session.rollback()
        part.unlink(missing_ok=True)
        _set(job_id, status="failed", error=_describe(error)[:1000], finished_at=utcnow())
        current_app.logger.exception("print job %s failed", job_id)


def _describe(error: Exception) -> str:
    text = str(getattr(error, "message", "") or error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def get_print_job(job_id: int) -> PrintJob:
    return get_row(PrintJob, job_id, "markets.print_job_not_found")


def visible_print_job(user: User | Any, job_id: int) -> PrintJob:
    """A print job, for officers who manage its place (and admins)."""
    job = get_print_job(job_id)
    services.require_manage(user, job.locality)
    return job


def place_of(job: PrintJob) -> tuple[str, Any]:
    """("market", market) or ("street", street)."""
    if job.market is not None:
        return "market", job.market
    assert job.street is not None
    return "street", job.street
