"""Printing every sign of a market in a phone-sized chromium: the button on the market page, the
job's page showing its progress as the background job goes (the job is held half way until
the page has shown it), then the download link, and the downloaded file is a PDF."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from app import jobs
from app.markets import printing
from app.render import Sign
from tests.conftest import fits, screenshot, sign_in_page
from tests.factories import PASSWORD
from tests.markets.conftest import World
from tests.markets.test_print import _vendor

SIGNS = 10
HELD_AT = 5


@pytest.mark.browser
def test_print_every_sign_with_progress_then_download(
    app: Flask, page: Any, world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app.instance_path = str(tmp_path / "instance")
    for i in range(SIGNS):
        _vendor(world, f"Tiểu thương số {i + 1}", i, [str(i + 1)])
    halfway = threading.Event()
    real = printing.signs_in_order

    def held(vendor_ids: Sequence[int], batch: int = printing.LOAD_BATCH) -> Iterator[Sign]:
        for i, sign in enumerate(real(vendor_ids, batch)):
            if i == HELD_AT:
                assert halfway.wait(30), "the page never showed the job half way"
            yield sign

    monkeypatch.setattr(printing, "signs_in_order", held)
    monkeypatch.setattr(printing, "PROGRESS_EVERY", 1)
    try:
        sign_in_page(page, "officer-a@x.vn", PASSWORD)
        page.goto(f"/cho/{world.market.id}")
        fits(page)
        page.select_option("#f-print-page", "A4")
        screenshot(page, "print-market-button")
        page.click("text=In tất cả biển")
        page.wait_for_url("**/in-bien/*")
        page.locator("#print-count", has_text=f"{HELD_AT} / {SIGNS} biển").wait_for()
        assert page.get_attribute("#print-progress", "value") == str(HELD_AT)
        assert "Đang in" in page.inner_text("#print-label")
        assert page.locator("#print-file").is_hidden()
        fits(page)
        screenshot(page, "print-job-running")
        halfway.set()

        page.locator("#print-file").wait_for(state="visible", timeout=30_000)
        assert page.inner_text("#print-count") == f"{SIGNS} / {SIGNS} biển"
        assert "Đã in xong" in page.inner_text("#print-label")
        fits(page)
        screenshot(page, "print-job-done")
        with page.expect_download() as waiting:
            page.click("#print-file")
        download = waiting.value
        assert download.suggested_filename == "bien-cho-an-binh.pdf"
        data = Path(download.path()).read_bytes()
        assert data.startswith(b"%PDF-1.") and b"/Count 3" in data  # ten signs, four a page
    finally:
        halfway.set()
        assert jobs.wait_for_jobs(app, timeout=60)
