"""`make bench`: provisioning, host routing, the citizen home's weight and latency, and
fleet-migration figures, and the signup wizard's submit → console time. `python -m
tests.bench home` runs only the home page and signup parts, `python -m tests.bench plesiran`
those and e-plesiran's map feed, near-me query and destination page.

Runs against a scratch database ``kota_bench`` on the configured server (DATABASE_URL, or
the embedded one), prints a table and writes .bench/results.json. Record the figures with
the machine in docs/benchmarks.md.
"""

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tests.bench.plesiran import bench_plesiran

ROOT = Path(__file__).resolve().parents[2]
FLEET_SIZE = int(os.environ.get("KOTA_BENCH_CITIES", "1000"))
KOTA_RUNS = 20
STOCK_RUNS = 5
ROUTING_REQUESTS = 500


def _prepare_environment() -> None:
    os.environ["KOTA_CACHE"] = "locmem"
    os.environ["KOTA_TASKS_EAGER"] = "1"
    os.environ["KOTA_BENCH_MIGRATIONS"] = "v1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    from kota import runtime

    url = runtime.database_url_ensure()
    import psycopg

    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("DROP DATABASE IF EXISTS kota_bench WITH (FORCE)")
        conn.execute("CREATE DATABASE kota_bench")
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/kota_bench"))


def _spec(n: int):
    from kota.tenancy.specs import CitySpec

    return CitySpec(slug=f"bench-{n:04d}", name=f"Kota Bench {n}", kind="kota", province="Banten")


def _provision_timed(n: int) -> float:
    from kota.tenancy.services import city_provision

    started = time.perf_counter()
    city_provision(spec=_spec(n))
    return time.perf_counter() - started


def _wait_for_spares(count: int, timeout: float = 10.0) -> None:
    from kota.tenancy import schemas

    deadline = time.monotonic() + timeout
    while len(schemas.spare_names()) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def bench_provisioning(results: list, *, refill: str) -> None:
    from django.conf import settings
    from django.db import transaction

    from kota.tenancy import schemas
    from kota.tenancy.models import City, CityStatus, Domain
    from kota.tenancy.services import primary_domain_for_slug

    # Kota, from a ready spare (the production path: a worker refills the pool after each
    # commit; signups arrive one at a time, so the pool is full when the next one comes).
    spares = settings.KOTA_SPARE_SCHEMAS
    schemas.spares_refill(target=spares)
    with_spare = []
    for n in range(1, KOTA_RUNS + 1):
        _wait_for_spares(spares)
        with_spare.append(_provision_timed(9000 + n))

    # Kota, cloning on demand (no spare ready, e.g. right after a migration). Let the
    # worker finish the refill the last run started, so it neither races nor competes.
    _wait_for_spares(spares)
    settings.KOTA_SPARE_SCHEMAS = 0
    schemas.spares_refill(target=0)
    for name in schemas.spare_names():
        schemas.schema_drop(name)
    on_demand = [_provision_timed(9100 + n) for n in range(1, KOTA_RUNS + 1)]
    settings.KOTA_SPARE_SCHEMAS = spares

    stock = []
    for n in range(1, STOCK_RUNS + 1):
        slug = f"stock-{n}"
        started = time.perf_counter()
        with transaction.atomic():
            city = City.objects.create(
                schema_name=f"city_stock_{n}",
                slug=slug,
                name=f"Stock {n}",
                kind="kota",
                province="Banten",
                status=CityStatus.ACTIVE,
            )
            Domain.objects.create(domain=primary_domain_for_slug(slug), tenant=city)
        # django-tenants' own path: what TenantMixin.save() runs with auto_create_schema.
        city.create_schema(check_if_exists=True, sync_schema=True, verbosity=0)
        stock.append(time.perf_counter() - started)
    schemas.spares_refill()

    def p90(values: list[float]) -> float:
        return sorted(values)[int(0.9 * len(values)) - 1]

    stock_median = statistics.median(stock)
    for label, values in (("spare", with_spare), ("clone", on_demand)):
        median = statistics.median(values)
        results += [
            {
                "name": f"provision_kota_{label}_median",
                "value": round(median, 4),
                "unit": "s",
                "refill": refill if label == "spare" else "-",
            },
            {"name": f"provision_kota_{label}_p90", "value": round(p90(values), 4), "unit": "s"},
            {
                "name": f"provision_speedup_{label}",
                "value": round(stock_median / median, 1),
                "unit": "x",
            },
        ]
    results.append({"name": "provision_stock_median", "value": round(stock_median, 4), "unit": "s"})


def bench_routing(results: list, label: str) -> None:
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kota.tenancy.models import City
    from kota.tenancy.scope import city_scope

    city = City.objects.order_by("pk").first()
    client = Client(HTTP_HOST=f"{city.slug}.localhost")
    with city_scope(city):
        user, _ = get_user_model().objects.get_or_create(email="bench@example.id")
        client.force_login(user)
    cache.clear()
    for _ in range(20):
        assert client.get("/accounts/").status_code == 200
    reset_queries()  # the query log is a bounded deque; start the capture from empty
    with CaptureQueriesContext(connection) as queries:
        client.get("/accounts/")
    started = time.perf_counter()
    for _ in range(ROUTING_REQUESTS):
        client.get("/accounts/")
    elapsed = time.perf_counter() - started
    cities = City.objects.count()
    results += [
        {
            "name": f"routing_rps_{label}",
            "value": round(ROUTING_REQUESTS / elapsed),
            "unit": "req/s",
            "cities": cities,
        },
        {
            "name": f"routing_queries_per_request_{label}",
            "value": len(queries.captured_queries),
            "unit": "queries",
            "cities": cities,
            "statements": [q["sql"][:80] for q in queries.captured_queries],
        },
        {
            "name": f"routing_lookup_queries_{label}",
            "value": sum("tenancy_" in q["sql"] for q in queries.captured_queries),
            "unit": "queries",
            "cities": cities,
        },
    ]


HOME_REQUESTS = 300


def bench_home(results: list) -> None:
    """The citizen home per theme: first-load weight (gzip, images excluded) against the
    100 KB budget, and the median time to render it, anonymous, cache warm."""
    from django.test import Client

    from kota.tenancy.models import City
    from kota.tenancy.routing import routing_forget
    from kota.theming.packs import theme_keys
    from tests.portal.page_weight import PAGE_BUDGET, first_load

    city = City.objects.order_by("pk").first()
    client = Client(HTTP_HOST=f"{city.slug}.localhost")
    for theme in sorted(theme_keys()):
        City.objects.filter(pk=city.pk).update(theme=theme)
        routing_forget()
        weight = first_load(client, "/")
        timings = []
        for _ in range(HOME_REQUESTS):
            started = time.perf_counter()
            client.get("/")
            timings.append(time.perf_counter() - started)
        results += [
            {
                "name": f"home_first_load_{theme}",
                "value": round(weight["total"] / 1024, 1),
                "unit": "KB gzip",
                "budget": PAGE_BUDGET // 1024,
            },
            {
                "name": f"home_median_{theme}",
                "value": round(statistics.median(timings) * 1000, 2),
                "unit": "ms",
            },
        ]


SIGNUP_RUNS = 10


def bench_signup(results: list) -> None:
    """The signup wizard's end: from pressing "Create" (signup_submit; the city is made by
    the task, on the Celery worker when Redis is up) to the new admin's console answering
    200 through the one-time link."""
    import uuid

    from django.test import Client

    from kota.onboarding.services import signup_login_link, signup_submit
    from kota.onboarding.specs import SignupData

    timings = []
    for n in range(SIGNUP_RUNS):
        slug = f"daftar-bench-{n}"
        data = SignupData(
            name=f"Kota Daftar {n}",
            kind="kota",
            province="Banten",
            time_zone="Asia/Jakarta",
            contact_email="kominfo@example.go.id",
            slug=slug,
            admin_name="Admin Bench",
            admin_email="admin@example.go.id",
        )
        started = time.perf_counter()
        signup = signup_submit(
            data=data,
            password="Rahasia-Bench-2026!",
            logo_png=None,
            submission_key=uuid.uuid4().hex,
            client_address=None,
            city_base_url=f"http://{slug}.localhost",
        )
        deadline = time.monotonic() + 60
        while signup.status not in ("ready", "failed") and time.monotonic() < deadline:
            time.sleep(0.02)  # what the waiting page does, by polling its status
            signup.refresh_from_db()
        assert signup.status == "ready", signup.error
        secret = signup_login_link(signup=signup)
        client = Client(HTTP_HOST=f"{slug}.localhost")
        assert client.get(f"/accounts/login/link/{secret}/").status_code == 302
        assert client.get("/console/").status_code == 200
        timings.append(time.perf_counter() - started)
        _wait_for_spares(1)
    results.append(
        {
            "name": "signup_to_console",
            "value": round(statistics.median(timings), 3),
            "unit": "s",
            "p90": round(sorted(timings)[int(len(timings) * 0.9) - 1], 3),
        }
    )


def fill_fleet() -> None:
    from kota.tenancy.models import City
    from kota.tenancy.services import city_provision

    n = City.objects.count()
    while n < FLEET_SIZE:
        n += 1
        city_provision(spec=_spec(n))


def bench_fleet(results: list) -> None:
    from django.db import connection, connections

    from kota.tenancy.models import City

    cities = City.objects.count()
    connections.close_all()

    def run(step: str) -> float:
        env = {**os.environ, "KOTA_BENCH_MIGRATIONS": step}
        started = time.perf_counter()
        command = [sys.executable, "-m", "kota", "migrate", "--jobs", str(os.cpu_count())]
        subprocess.run(command, env=env, check=True, cwd=ROOT)
        return time.perf_counter() - started

    # The decision alone, in this process: one query for every schema.
    from kota.tenancy.fleet import fleet_migrate

    started = time.perf_counter()
    report = fleet_migrate(jobs=os.cpu_count())
    elapsed = time.perf_counter() - started
    assert report.cities_migrated == [], report.cities_migrated
    results.append(
        {"name": "fleet_noop_in_process", "value": round(elapsed, 3), "unit": "s", "cities": cities}
    )
    connections.close_all()

    for name, step in (
        ("fleet_noop_run", "v1"),
        ("fleet_one_migration_run", "v2"),
        ("fleet_noop_run_after", "v2"),
    ):
        results.append({"name": name, "value": round(run(step), 2), "unit": "s", "cities": cities})

    # The one-migration run really added the column in every city and the template.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'fleetapp_visit'"
            " AND column_name = 'note' AND (table_schema LIKE 'city%%' OR table_schema = %s)",
            [schemas_template()],
        )
        migrated = cursor.fetchone()[0]
    assert migrated == cities + 1, f"{migrated} schemas have the new column, expected {cities + 1}"


def schemas_template() -> str:
    from kota.tenancy.schemas import template_schema

    return template_schema()


_worker: subprocess.Popen | None = None


def _start_refill_worker() -> str:
    """A real Celery worker refills spare schemas, as in production, when Redis is up."""
    global _worker
    from kota.testing.workers import celery_worker_start, reachable_redis_url

    url = reachable_redis_url()
    if url is None:
        return "in-process"  # no Redis: the refill runs after each commit, in this process
    from kota.config.celery import app

    queue = f"kota-bench-{os.getpid()}"
    app.conf.task_always_eager = False
    app.conf.broker_url = url
    app.conf.task_default_queue = queue
    _worker = celery_worker_start(queue=queue, redis_url=url, env={})
    return "worker"


def main() -> None:
    _prepare_environment()
    import django

    django.setup()
    from django.core.management import call_command

    from kota.tenancy.services import city_provision

    results: list[dict] = []
    refill = _start_refill_worker()
    call_command("migrate", verbosity=0)
    city_provision(spec=_spec(1))
    print("citizen home: weight and latency per theme…", flush=True)
    bench_home(results)
    print("signup: submit → console reachable…", flush=True)
    bench_signup(results)
    if sys.argv[1:] == ["home"]:
        _report(results)
        return
    print("e-plesiran: map feed, near me and page weight at 25,000 places…", flush=True)
    bench_plesiran(results)
    if sys.argv[1:] == ["plesiran"]:
        _report(results)
        return
    print("routing with 1 city…", flush=True)
    bench_routing(results, "1_city")
    print("provisioning: Kota vs stock…", flush=True)
    bench_provisioning(results, refill=refill)
    print(f"filling the fleet to {FLEET_SIZE} cities…", flush=True)
    started = time.perf_counter()
    fill_fleet()
    results.append(
        {
            "name": "fleet_fill",
            "value": round(time.perf_counter() - started, 1),
            "unit": "s",
            "cities": FLEET_SIZE,
        }
    )
    print(f"routing with {FLEET_SIZE} cities…", flush=True)
    bench_routing(results, f"{FLEET_SIZE}_cities")
    print("fleet migrate runs…", flush=True)
    bench_fleet(results)

    _report(results)


def _report(results: list) -> None:
    if _worker is not None:
        _worker.terminate()
        _worker.wait(timeout=30)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    out = ROOT / ".bench"
    out.mkdir(exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\n{'benchmark':<42} {'value':>10}  unit      ({machine})")
    for row in results:
        print(f"{row['name']:<42} {row['value']:>10}  {row['unit']}")


if __name__ == "__main__":
    try:
        main()
    finally:
        if _worker is not None and _worker.poll() is None:
            _worker.terminate()
