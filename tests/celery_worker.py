"""A real Celery worker over Redis for the tests that exercise background work the way
production runs it: it serves the test database on a queue of its own."""

import os
import uuid
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from kota.config.celery import app
from kota.testing.workers import celery_worker_start, reachable_redis_url


def _test_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + settings.DATABASES["default"]["NAME"]))


@contextmanager
def real_worker(*, env: dict[str, str] | None = None, include: tuple[str, ...] = ()):
    """Yields (queue, broker connection, Redis URL); tasks sent with ``queue=`` and
    ``connection=`` run on the worker. Skips without Redis, except on CI, where it fails."""
    url = reachable_redis_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test background work against a real Redis, and none is reachable.")
        pytest.skip("No Redis reachable (REDIS_URL or 127.0.0.1:6379); start one to run this test.")
    queue = f"kota-test-{uuid.uuid4().hex[:8]}"
    worker = celery_worker_start(
        queue=queue,
        redis_url=url,
        env={"DATABASE_URL": _test_database_url(), **(env or {})},
        include=include,
    )
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write(url) as broker:
            yield queue, broker, url
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)
