"""A task sent from a city's schema runs in that schema on a real worker over Redis."""

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult
from django.conf import settings

from kota.accounts.roles import all_roles
from kota.config.celery import app
from kota.tenancy.scope import city_scope
from kota.testing.workers import celery_worker_start, reachable_redis_url
from tests.config.celery_probe import where_am_i


def _test_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + settings.DATABASES["default"]["NAME"]))


@pytest.fixture
def worker_queue(session_cities):
    url = reachable_redis_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test background work against a real Redis, and none is reachable.")
        pytest.skip("No Redis reachable (REDIS_URL or 127.0.0.1:6379); start one to run this test.")
    queue = f"kota-test-{uuid.uuid4().hex[:8]}"
    worker = celery_worker_start(
        queue=queue,
        redis_url=url,
        env={"DATABASE_URL": _test_database_url()},
        include=("tests.config.celery_probe",),
    )
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write(url) as broker:
            yield queue, broker, RedisBackend(app=app, url=url)
    finally:
        app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)


@pytest.mark.slow
def test_task_runs_in_the_senders_city_schema(session_cities, worker_queue):
    city_a, city_b = session_cities["a"], session_cities["b"]
    queue, broker, results = worker_queue

    with city_scope(city_a):
        from_a = where_am_i.apply_async(queue=queue, connection=broker)
    with city_scope(city_b):
        from_b = where_am_i.apply_async(queue=queue, connection=broker)
    from_platform = where_am_i.apply_async(queue=queue, connection=broker)

    def result(sent) -> dict:
        return AsyncResult(sent.id, backend=results).get(timeout=60)

    assert result(from_a) == {"schema": "city_alfa", "city": "alfa", "groups": sorted(all_roles())}
    assert result(from_b) == {"schema": "city_beta", "city": "beta", "groups": sorted(all_roles())}
    assert result(from_platform)["schema"] == "public"
