"""Background jobs (app.jobs): in-process, a job runs on another thread inside an app context
while the caller goes on; a misspelt function fails at once; what escapes a job is logged;
the worker command explains itself without Redis."""

from __future__ import annotations

import threading

import pytest
from flask import Flask, current_app
from flask.testing import FlaskCliRunner

from app import jobs

SEEN: list[tuple[str, int, str]] = []
RELEASE = threading.Event()


def record(label: str, number: int) -> None:
    """A job: waits to be released, then records where it ran."""
    assert RELEASE.wait(10)
    SEEN.append((label, number, threading.current_thread().name + " " + current_app.name))


def explode() -> None:
    raise RuntimeError("the job broke")


def test_in_process_jobs_run_later_on_their_own_thread(app: Flask) -> None:
    SEEN.clear()
    RELEASE.clear()
    jobs.enqueue("tests.test_jobs:record", "first", 1)
    jobs.enqueue("tests.test_jobs:record", "second", 2)
    assert SEEN == []  # the caller did not wait
    RELEASE.set()
    assert jobs.wait_for_jobs(app, timeout=10)
    assert [(label, number) for label, number, _where in SEEN] == [("first", 1), ("second", 2)]
    assert all(where.startswith("quet-job") and where.endswith(app.name) for *_, where in SEEN)


def test_a_misspelt_job_fails_in_the_caller(app: Flask) -> None:
    with pytest.raises(AttributeError):
        jobs.enqueue("tests.test_jobs:no_such_job")
    with pytest.raises(ValueError, match=r"expected 'package\.module:function'"):
        jobs.enqueue("tests.test_jobs.record")


def test_what_escapes_a_job_is_logged(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    jobs.enqueue("tests.test_jobs:explode")
    assert jobs.wait_for_jobs(app, timeout=10)
    assert "background job tests.test_jobs:explode() failed" in caplog.text
    assert "the job broke" in caplog.text


def test_an_rq_job_needs_the_app(app: Flask) -> None:
    with app.app_context():
        RELEASE.set()
        SEEN.clear()
        jobs.run_job("tests.test_jobs:record", "rq", 3)
    assert SEEN[-1][:2] == ("rq", 3)


def test_the_worker_needs_redis(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code == 1 and "QUET_REDIS_URL is not set" in result.output
