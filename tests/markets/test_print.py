"""Printing every sign of a market or street: the order (stall numbers read naturally, house
numbers), who is left out (no account, pending) and counted, the background job (in-process
here; RQ on Redis at the end), a job killed half way run again, the batch PDF rasterised and
every code decoded back in order, the CLI, the pages and the API."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from PIL import Image
from sqlalchemy import select, update

from app import jobs
from app.audit_log import acting_as
from app.database import utcnow
from app.errors import DomainError
from app.extensions import db
from app.markets import printing, services
from app.markets.models import PrintJob, Vendor
from tests.factories import bearer, sign_in
from tests.markets.conftest import BANK, World, add_vendor
from tests.render.conftest import page_count, zxing_texts

PDFTOPPM = shutil.which("pdftoppm")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(autouse=True)
def instance_folder(app: Flask, tmp_path: Path) -> Path:
    """Finished PDFs go to the test's own folder, not the worktree's instance/."""
    app.instance_path = str(tmp_path / "instance")
    return Path(app.instance_path)


def _account_number(i: int) -> str:
    return f"1133{i:08d}"


def _vendor(
    world: World, name: str, i: int, stalls: list[str] | None = None, **extra: Any
) -> Vendor:
    """A vendor with a primary account numbered `i` on the stalls numbered `stalls`."""
    ids = []
    for number in stalls or []:
        found = next((s for s in world.market.stalls if s.number == number), None)
        if found is None:
            found = services.add_stall(world.officer_a, world.market, {"number": number})
        ids.append(found.id)
    vendor = (
        add_vendor(world, name, stall_ids=ids, **extra) if ids else add_vendor(world, name, **extra)
    )
    with acting_as("tests"):
        services.add_account(world.officer_a, vendor, {"bank": BANK, "number": _account_number(i)})
    return vendor


def _roster(world: World) -> list[Vendor]:
    """Twelve printable vendors in their expected printing order, and three left out."""
    section_b = services.add_stall(
        world.officer_a, world.market, {"number": "A10", "section": "Dãy B"}
    )
    order = [
        _vendor(world, "Cô Một", 1, ["1"]),
        _vendor(world, "Chú Hai", 2, ["2", "30"]),  # the first stall counts: 2
        _vendor(world, "Bà Ba", 3, ["3"]),
        _vendor(world, "Anh Chín", 9, ["9"]),
        _vendor(world, "Chị Mười", 10, ["10"]),
        _vendor(world, "Ông Mười Một", 11, ["11"]),
        _vendor(world, "Em Hai Mươi", 20, ["20"]),
        _vendor(world, "Cô A Hai", 21, ["A2"]),
    ]
    a10 = add_vendor(world, "Cô A Mười", stall_ids=[section_b.id])
    with acting_as("tests"):
        services.add_account(world.officer_a, a10, {"bank": BANK, "number": _account_number(22)})
    order.append(a10)
    order += [
        _vendor(world, "Bác Bình", 30),  # no stall: after, by name
        _vendor(world, "Bác Đông", 31),
        _vendor(world, "Bác Đức", 32),
    ]
    add_vendor(world, "Chưa Có Tài Khoản")  # left out: no account
    pending = services.create_vendor(
        world.officer_a,
        {"name": "Cô Chờ Duyệt", "market_id": world.market.id},
        registration="pending",
    )
    with acting_as("tests"):
        services.add_account(
            world.officer_a, pending, {"bank": BANK, "number": _account_number(99)}
        )
    return order


def _finish(app: Flask) -> None:
    assert jobs.wait_for_jobs(app, timeout=120)
    db.session.expire_all()


def _job(job_id: int) -> PrintJob:
    found = db.session.get(PrintJob, job_id)
    assert found is not None
    return found


# ---- order and who is left out ------------------------------------------------------------


def test_natural_order_of_numbers() -> None:
    numbers = ["10", "2", "A10", "A2", "1", "B1", "a3", "12b", "12a"]
    assert sorted(numbers, key=printing.natural_key) == [
        "1",
        "2",
        "10",
        "12a",
        "12b",
        "A2",
        "a3",
        "A10",
        "B1",
    ]


def test_market_plan_in_stall_order_with_the_left_out_counted(world: World) -> None:
    order = _roster(world)
    planned = printing.plan(market_id=world.market.id)
    assert planned.vendor_ids == [v.id for v in order]
    assert (planned.no_account, planned.pending, planned.skipped) == (1, 1, 2)


def test_street_plan_by_house_number_then_name(world: World) -> None:
    street = services.create_street(
        world.officer_a, {"name": "Phố Hàng Cá", "locality_id": world.places.commune_a.id}
    )
    made = []
    for i, (name, house) in enumerate(
        [("Tiệm Mười", "10"), ("Tiệm Hai", "2"), ("Tiệm Không Số", ""), ("Tiệm Hai Bis", "2")]
    ):
        shop = services.create_vendor(
            world.officer_a, {"name": name, "street_id": street.id, "house_number": house}
        )
        with acting_as("tests"):
            services.add_account(
                world.officer_a, shop, {"bank": BANK, "number": _account_number(i)}
            )
        made.append(shop)
    planned = printing.plan(street_id=street.id)
    assert planned.vendor_ids == [made[1].id, made[3].id, made[0].id, made[2].id]


def test_nothing_to_print_and_who_may_print(world: World) -> None:
    add_vendor(world, "Chưa Có Tài Khoản")
    with pytest.raises(DomainError) as refused:
        printing.create_print_job(world.officer_a, market_id=world.market.id)
    assert refused.value.code == "markets.nothing_to_print" and refused.value.status == 422
    assert refused.value.field == "market_id"
    _vendor(world, "Cô Một", 1, ["1"])
    for outsider in (world.officer_b, world.viewer_a):
        with pytest.raises(DomainError) as forbidden:
            printing.create_print_job(outsider, market_id=world.market.id)
        assert forbidden.value.status == 403
    assert db.session.scalars(select(PrintJob)).all() == []


# ---- the job ------------------------------------------------------------------------------


@pytest.mark.skipif(PDFTOPPM is None or PDFTOTEXT is None, reason="poppler-utils is not installed")
def test_the_batch_pdf_decodes_back_in_stall_order(
    app: Flask, world: World, tmp_path: Path
) -> None:
    """The job runs in the background; every page rasterised at 150 dpi; every code decoded by
    zxing-cpp carries the vendor's account, in stall order, and the page prints their sign
    code."""
    order = _roster(world)
    job = printing.create_print_job(world.officer_a, market_id=world.market.id)
    job_id = job.id
    assert job.status == "queued" and job.total == 12 and job.skipped == 2
    _finish(app)
    job = _job(job_id)
    assert (job.status, job.done, job.total, job.error) == ("done", 12, 12, "")
    assert job.started_at is not None and job.finished_at is not None
    path = printing.file_of(job)
    assert path is not None and path.name == f"{job_id}.pdf"
    assert not list(path.parent.glob("*.part"))
    assert PDFTOPPM is not None and PDFTOTEXT is not None
    pages = tmp_path / "pages"
    pages.mkdir()
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "150", "-gray", str(path), str(pages / "p")], check=True
    )
    decoded = []
    for png in sorted(pages.glob("p*.png")):
        with Image.open(png) as im:
            texts = zxing_texts(im.convert("L"))
        assert len(texts) == 1, png.name
        decoded.append(texts[0])
    assert len(decoded) == 12
    for payload, vendor in zip(decoded, order, strict=True):
        account = vendor.primary_account
        assert account is not None
        assert f"{len(account.number):02d}{account.number}" in payload, (vendor.name, payload)
    text = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    printed_codes = re.findall(r"QT[0-9A-Z]+", text)
    assert [c for c in dict.fromkeys(printed_codes)] == [v.sign_code for v in order]
    assert "Cô A Mười" in text and "Chờ Duyệt" not in text


def test_a_job_killed_half_way_runs_again_cleanly(app: Flask, world: World) -> None:
    order = _roster(world)
    job_id = printing.create_print_job(world.officer_a, market_id=world.market.id).id
    _finish(app)
    final = printing.folder() / f"{job_id}.pdf"
    final.unlink()
    part = final.with_name(final.name + ".part")
    part.write_bytes(b"%PDF-1.4\n half a file, the worker was killed here")
    job = _job(job_id)
    job.status, job.done, job.file_name = "running", 5, ""
    db.session.commit()
    assert printing.file_of(_job(job_id)) is None  # nothing is served meanwhile

    printing.run_print_job(job_id)
    db.session.expire_all()
    job = _job(job_id)
    assert (job.status, job.done, job.total) == ("done", len(order), len(order))
    data = final.read_bytes()
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert page_count(data) == len(order)
    assert not part.exists()


def test_a_failing_job_says_why_and_leaves_no_file(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _vendor(world, "Cô Một", 1, ["1"])
    seen: list[int] = []

    def broken(signs: Any, out: Any, **options: Any) -> int:
        out.write(b"%PDF-1.4\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(printing, "write_signs_pdf", broken)
    job_id = printing.create_print_job(world.officer_a, market_id=world.market.id).id
    _finish(app)
    job = _job(job_id)
    assert job.status == "failed" and "No space left on device" in job.error
    assert printing.file_of(job) is None and seen == []
    assert list(printing.folder().iterdir()) == []


def test_progress_is_written_as_the_job_goes(
    app: Flask, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(5):
        _vendor(world, f"Cô {i}", i, [str(i + 1)])
    monkeypatch.setattr(printing, "PROGRESS_EVERY", 2)
    job_id = printing.create_print_job(world.officer_a, market_id=world.market.id, page="A4").id
    _finish(app)
    seen: list[tuple[int, int]] = []

    def look(done: int) -> None:
        row = db.session.execute(
            select(PrintJob.status, PrintJob.done).where(PrintJob.id == job_id)
        ).one()
        seen.append((done, row.done))

    printing.run_print_job(job_id, on_sign=look)
    # the row is written every second sign, before the sign after it is drawn
    assert seen == [(1, 0), (2, 0), (3, 2), (4, 2), (5, 4)]
    db.session.expire_all()
    assert (_job(job_id).status, _job(job_id).done) == ("done", 5)


def test_jobs_older_than_a_day_are_cleaned_with_their_files(app: Flask, world: World) -> None:
    _vendor(world, "Cô Một", 1, ["1"])
    old_id = printing.create_print_job(world.officer_a, market_id=world.market.id).id
    _finish(app)
    old_file = printing.folder() / f"{old_id}.pdf"
    assert old_file.exists()
    old = _job(old_id)
    old.created_at = utcnow() - timedelta(days=1, minutes=1)
    db.session.commit()
    new_id = printing.create_print_job(world.officer_a, market_id=world.market.id).id
    _finish(app)
    assert new_id != old_id  # ids are not reused
    assert db.session.get(PrintJob, old_id) is None and not old_file.exists()
    assert _job(new_id).status == "done"


# ---- the CLI ------------------------------------------------------------------------------


def test_cli_prints_a_market_with_a_progress_bar(
    runner: FlaskCliRunner, world: World, tmp_path: Path
) -> None:
    order = _roster(world)
    out = tmp_path / "cho.pdf"
    result = runner.invoke(
        args=["signs", "print", "--market", str(world.market.id), "--out", str(out), "--page", "A4"]
    )
    assert result.exit_code == 0, result.output
    assert f"{out}: {len(order)} signs (A4)" in result.output
    assert "1 without a primary account, 1 pending approval" in result.output
    data = out.read_bytes()
    assert page_count(data) == 3  # 12 signs, four a page
    assert not out.with_name("cho.pdf.part").exists()


def test_cli_errors(runner: FlaskCliRunner, world: World, tmp_path: Path) -> None:
    out = str(tmp_path / "x.pdf")
    unknown = runner.invoke(args=["signs", "print", "--market", "999999", "--out", out])
    assert unknown.exit_code == 1 and "there is no market 999999" in unknown.output
    street = runner.invoke(args=["signs", "print", "--street", "999999", "--out", out])
    assert street.exit_code == 1 and "there is no street 999999" in street.output
    both = runner.invoke(args=["signs", "print", "--out", out])
    assert both.exit_code == 2 and "exactly one of --market" in both.output
    add_vendor(world, "Chưa Có Tài Khoản")
    empty = runner.invoke(args=["signs", "print", "--market", str(world.market.id), "--out", out])
    assert empty.exit_code == 1 and "no sign to print (1 vendors without" in empty.output
    _vendor(world, "Cô Một", 1, ["1"])
    nowhere = str(tmp_path / "missing-folder" / "x.pdf")
    unwritable = runner.invoke(
        args=["signs", "print", "--market", str(world.market.id), "--out", nowhere]
    )
    assert unwritable.exit_code == 1 and "cannot write" in unwritable.output
    assert not Path(out).exists()


# ---- pages --------------------------------------------------------------------------------


def test_the_print_button_job_page_progress_and_download(
    app: Flask, client: FlaskClient, world: World
) -> None:
    _vendor(world, "Cô Một", 1, ["1"])
    _vendor(world, "Chú Hai", 2, ["2"])
    sign_in(client, world.officer_a)
    market_page = client.get(f"/cho/{world.market.id}").get_data(as_text=True)
    assert "In tất cả biển" in market_page and f"/cho/{world.market.id}/in-bien" in market_page
    started = client.post(f"/cho/{world.market.id}/in-bien", data={"page": "A6"})
    assert started.status_code == 302
    match = re.search(r"/in-bien/(\d+)$", started.headers["Location"])
    assert match is not None
    job_id = int(match.group(1))
    _finish(app)
    page = client.get(f"/in-bien/{job_id}").get_data(as_text=True)
    assert "<progress" in page and "2 / 2 biển" in page and "Tải tệp PDF" in page
    state = client.get(f"/in-bien/{job_id}/tien-do").get_json()
    assert state["status"] == "done" and state["done"] == state["total"] == 2
    assert state["file_url"] == f"/in-bien/{job_id}/tai-ve"
    with client.get(state["file_url"]) as download:
        assert download.status_code == 200 and download.mimetype == "application/pdf"
        assert download.data.startswith(b"%PDF-1.")
        disposition = download.headers["Content-Disposition"]
    assert disposition == "attachment; filename=bien-cho-an-binh.pdf"


def test_a_running_job_page_refreshes_without_javascript(client: FlaskClient, world: World) -> None:
    _vendor(world, "Cô Một", 1, ["1"])
    job = PrintJob(
        market_id=world.market.id,
        locality_id=world.market.locality_id,
        requested_by_label="officer-a@x.vn",
        status="running",
        total=10,
        done=4,
    )
    db.session.add(job)
    db.session.commit()
    sign_in(client, world.officer_a)
    page = client.get(f"/in-bien/{job.id}").get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert 'value="4"' in page and "Tải tệp PDF" in page  # the link is there, hidden
    assert client.get(f"/in-bien/{job.id}/tai-ve").status_code == 409
    sign_in(client, world.officer_b)
    assert client.get(f"/in-bien/{job.id}").status_code == 403


def test_nothing_to_print_from_the_street_page_says_why(client: FlaskClient, world: World) -> None:
    street = services.create_street(
        world.officer_a, {"name": "Phố Hàng Cá", "locality_id": world.places.commune_a.id}
    )
    sign_in(client, world.officer_a)
    assert "In tất cả biển" in client.get(f"/tuyen-pho/{street.id}").get_data(as_text=True)
    answer = client.post(
        f"/tuyen-pho/{street.id}/in-bien", data={"page": "A4"}, follow_redirects=True
    )
    assert "Chưa có biển nào để in" in answer.get_data(as_text=True)
    sign_in(client, world.viewer_a)
    assert "In tất cả biển" not in client.get(f"/tuyen-pho/{street.id}").get_data(as_text=True)


# ---- the API ------------------------------------------------------------------------------


def test_api_start_follow_and_fetch(app: Flask, client: FlaskClient, world: World) -> None:
    _vendor(world, "Cô Một", 1, ["1"])
    headers = bearer(world.officer_a)
    started = client.post(
        f"/api/v1/markets/{world.market.id}/sign-prints", json={"page": "A4"}, headers=headers
    )
    assert started.status_code == 202, started.get_json()
    body = started.get_json()
    assert body["status"] == "queued" and body["total"] == 1 and body["page"] == "A4"
    _finish(app)
    state = client.get(f"/api/v1/sign-prints/{body['id']}", headers=headers).get_json()
    assert state["status"] == "done" and state["done"] == 1
    assert state["file_url"] == f"/api/v1/sign-prints/{body['id']}/file"
    with client.get(state["file_url"], headers=headers) as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-1.")
    other = bearer(world.officer_b)
    assert client.get(f"/api/v1/sign-prints/{body['id']}", headers=other).status_code == 403
    assert client.get(state["file_url"], headers=other).status_code == 403
    assert client.get("/api/v1/sign-prints/999999", headers=headers).status_code == 404


def test_api_bad_input_names_the_field(client: FlaskClient, world: World) -> None:
    headers = bearer(world.officer_a)
    wrong = client.post(
        f"/api/v1/markets/{world.market.id}/sign-prints", json={"page": "A3"}, headers=headers
    )
    assert wrong.status_code == 422 and set(wrong.get_json()["errors"]) == {"page"}
    add_vendor(world, "Chưa Có Tài Khoản")
    empty = client.post(f"/api/v1/markets/{world.market.id}/sign-prints", json={}, headers=headers)
    assert empty.status_code == 422 and set(empty.get_json()["errors"]) == {"market_id"}
    street = client.post("/api/v1/streets/999999/sign-prints", json={}, headers=headers)
    assert street.status_code == 404
    assert db.session.scalars(select(PrintJob)).all() == []


# ---- RQ on Redis --------------------------------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/14"


def _redis_or_skip() -> Any:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {REDIS_URL} is unreachable ({error}): the RQ mode is not tested")
    return client


@pytest.mark.app_config(REDIS_URL=REDIS_URL)
def test_on_redis_the_job_waits_for_an_rq_worker(app: Flask, world: World) -> None:
    from rq import SimpleWorker

    _redis_or_skip()
    queue = jobs.queue(app)
    queue.empty()
    _vendor(world, "Cô Một", 1, ["1"])
    job_id = printing.create_print_job(world.officer_a, market_id=world.market.id).id
    assert queue.count == 1 and _job(job_id).status == "queued"  # nothing ran in this process
    assert SimpleWorker([queue], connection=queue.connection).work(burst=True)
    db.session.expire_all()
    job = _job(job_id)
    assert job.status == "done" and printing.file_of(job) is not None
    assert queue.count == 0


@pytest.mark.app_config(REDIS_URL="redis://127.0.0.1:1/0")
def test_a_queue_that_is_down_is_a_503_not_a_500(client: FlaskClient, world: World) -> None:
    _vendor(world, "Cô Một", 1, ["1"])
    answer = client.post(
        f"/api/v1/markets/{world.market.id}/sign-prints", json={}, headers=bearer(world.officer_a)
    )
    assert answer.status_code == 503
    assert answer.get_json()["message"].startswith("Hàng đợi in đang không hoạt động")
    job = db.session.scalars(select(PrintJob)).one()
    assert job.status == "failed" and "Connection" in job.error


def test_a_stalled_or_failed_job_can_be_run_again(
    app: Flask, client: FlaskClient, world: World
) -> None:
    _vendor(world, "Cô Một", 1, ["1"])
    job_id = printing.create_print_job(world.officer_a, market_id=world.market.id).id
    _finish(app)
    sign_in(client, world.officer_a)
    assert "Chạy lại" not in client.get(f"/in-bien/{job_id}").get_data(as_text=True)
    refused = client.post(f"/in-bien/{job_id}/chay-lai", follow_redirects=True)
    assert "không cần chạy lại" in refused.get_data(as_text=True)

    # the worker was killed while running: the row has not moved for minutes
    job = _job(job_id)
    job.status, job.done, job.file_name = "running", 3, ""
    db.session.commit()
    assert not printing.may_run_again(_job(job_id))  # not yet: it may still be working
    stalled = utcnow() - printing.STALLED_AFTER - timedelta(seconds=1)
    db.session.execute(update(PrintJob).where(PrintJob.id == job_id).values(updated_at=stalled))
    db.session.commit()
    page = client.get(f"/in-bien/{job_id}").get_data(as_text=True)
    assert "Chạy lại" in page and "máy in nền đã dừng" in page
    sign_in(client, world.officer_b)
    assert client.post(f"/in-bien/{job_id}/chay-lai").status_code == 403
    sign_in(client, world.officer_a)
    again = client.post(f"/in-bien/{job_id}/chay-lai")
    assert again.status_code == 302 and again.headers["Location"] == f"/in-bien/{job_id}"
    _finish(app)
    job = _job(job_id)
    assert (job.status, job.done) == ("done", 1) and printing.file_of(job) is not None
