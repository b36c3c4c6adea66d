"""Background jobs: work that takes longer than a request should (a whole market's signs).

`enqueue("package.module:function", *args)` runs `function(*args)` inside an app context,
away from the request, which returns at once:

- with ``REDIS_URL`` configured (``QUET_REDIS_URL``, production): on an RQ queue named
  ``quet`` in that Redis, run by ``flask jobs worker`` (an RQ worker inside the app's
  context; as many as wanted, on any machine that reaches the database and Redis);
- without it (the embedded default, so that ``make run`` needs no Redis): on a thread of this
  process (one worker, so jobs run one after another), inside an app context.

Arguments must be plain values (ids, strings): a job loads what it works on itself, so that
a job run again (after a worker was killed half way) starts over from the database. A job
records its own failure where people will see it; `enqueue` only logs what escapes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, Final

import click
from flask import Flask, current_app, has_app_context
from flask.cli import AppGroup

from app.feature import Feature

QUEUE_NAME: Final = "quet"
#: Longest an RQ job may run before the worker stops it (a 10,000-sign market takes ~2 min).
JOB_TIMEOUT_SECONDS: Final = 1800
_EXECUTOR_KEY: Final = "quet.jobs.executor"
_FUTURES_KEY: Final = "quet.jobs.futures"


def resolve(function: str) -> Callable[..., Any]:
    """The function named "package.module:function"."""
    module_name, _, name = function.partition(":")
    if not module_name or not name:
        raise ValueError(f"job function: got {function!r}, expected 'package.module:function'")
    found = getattr(importlib.import_module(module_name), name)
    if not callable(found):
        raise ValueError(f"job function: {function!r} is not callable")
    return found  # type: ignore[no-any-return]


def uses_redis(app: Flask) -> bool:
    return bool(app.config.get("REDIS_URL"))


def queue(app: Flask) -> Any:
    """The app's RQ queue on its Redis."""
    import redis
    from rq import Queue

    return Queue(QUEUE_NAME, connection=redis.Redis.from_url(app.config["REDIS_URL"]))


def enqueue(function: str, *args: Any) -> None:
    """Run `function(*args)` in the background (see the module's docstring)."""
    resolve(function)  # a misspelt name fails here, in the request, not later in a worker
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if uses_redis(app):
        queue(app).enqueue(run_job, function, *args, job_timeout=JOB_TIMEOUT_SECONDS)
        return
    executor = app.extensions.get(_EXECUTOR_KEY)
    if executor is None:
        executor = app.extensions[_EXECUTOR_KEY] = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="quet-job"
        )
        app.extensions[_FUTURES_KEY] = set()
    futures: set[Future[None]] = app.extensions[_FUTURES_KEY]
    future = executor.submit(_run_in_thread, app, function, args)
    futures.add(future)
    future.add_done_callback(futures.discard)


def _run_in_thread(app: Flask, function: str, args: tuple[Any, ...]) -> None:
    with app.app_context():
        try:
            resolve(function)(*args)
        except Exception:
            app.logger.exception("background job %s%r failed", function, args)


def run_job(function: str, *args: Any) -> Any:
    """What an RQ worker runs: `function(*args)` inside the worker's app context (`flask jobs
    worker` builds the app; its forked work horses inherit the context)."""
    if not has_app_context():
        raise RuntimeError("Quét's jobs need the app: start the worker with `flask jobs worker`")
    return resolve(function)(*args)


def wait_for_jobs(app: Flask, timeout: float | None = None) -> bool:
    """Wait until this process's background jobs have finished (tests, shutting down).
    True when none is left."""
    futures: set[Future[None]] = app.extensions.get(_FUTURES_KEY, set())
    _done, pending = wait(list(futures), timeout=timeout)
    return not pending


jobs_cli = AppGroup("jobs", help="Background jobs (RQ on Redis when QUET_REDIS_URL is set).")


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
def worker_command(burst: bool) -> None:
    """Work the app's queue: run the jobs that web requests put on Redis."""
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    if not uses_redis(app):
        raise click.ClickException(
            "QUET_REDIS_URL is not set: jobs run inside the web process, no worker is needed"
        )
    from rq import Worker

    found = queue(app)
    click.echo(f"Working queue {QUEUE_NAME!r} on {app.config['REDIS_URL']}")
    Worker([found], connection=found.connection).work(burst=burst)


#: The kernel's contribution to the registration list: the worker command.
FEATURE = Feature("jobs", commands=(jobs_cli,))
