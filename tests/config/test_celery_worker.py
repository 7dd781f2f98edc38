"""A task sent from a city's schema runs in that schema on a real worker over Redis."""

import pytest
from celery.backends.redis import RedisBackend
from celery.result import AsyncResult

from kota.accounts.roles import all_roles
from kota.config.celery import app
from kota.tenancy.scope import city_scope
from tests.celery_worker import real_worker
from tests.config.celery_probe import where_am_i


@pytest.fixture
def worker_queue(session_cities):
    with real_worker(include=("tests.config.celery_probe",)) as (queue, broker, url):
        yield queue, broker, RedisBackend(app=app, url=url)


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
